"""Typed records that the pipeline stages hand to each other.

All records are frozen, slotted dataclasses. ``Event.to_row()`` gives the
JSON-lines record documented in ``docs/record.md`` and ``Event.from_row()``
reads it back, so the store, the Ray engine and exports share one format.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import Any

STATUSES = ("asserted", "negated", "hypothetical", "future", "historical")
PRECISIONS = ("day", "month", "year", "unknown")


def content_hash(text: str, length: int = 16) -> str:
    """Stable short hash of a text (article ids, event ids)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as read from any input."""

    id: str
    text: str
    date: str | None = None  # publication date, YYYY-MM-DD
    title: str | None = None
    url: str | None = None
    source: str | None = None
    place: str | None = None  # dateline place ("Beijing/Tokyo")
    origin: str | None = None  # where it was read from: "path" or "path:line"

    @property
    def content_hash(self) -> str:
        return content_hash(self.text, 32)

    def to_row(self) -> dict[str, Any]:
        return {
            "id": self.id, "text": self.text, "date": self.date, "title": self.title,
            "url": self.url, "source": self.source, "place": self.place, "origin": self.origin,
        }

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Article:
        return cls(**{k: row.get(k) for k in ("id", "text", "date", "title", "url", "source", "place", "origin")})


@dataclass(frozen=True, slots=True)
class InputProblem:
    """An input that could not be read; reported, then the batch goes on."""

    origin: str
    message: str
    line: int | None = None
    code: str = "DW201"

    def __str__(self) -> str:
        where = f"{self.origin}:{self.line}" if self.line is not None else self.origin
        return f"[{self.code}] {where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Entity:
    """An actor or recipient: country (ISO alpha-3 or IGO/UNO/EUR/...) and sector. ``code`` is
    None for a group or person that no dictionary resolves ('students', 'state police'): the
    event is kept with its words, as GDELT keeps blank actor codes, and counts in no dyad."""

    code: str | None
    sector: str | None = None
    text: str = ""  # the words in the article
    name: str | None = None  # canonical name ("Mao Ning", "Chinese Foreign Ministry")
    start: int | None = None  # character offsets in the article text
    end: int | None = None
    source: str | None = None  # how it resolved: dictionary entry id or in-article rule

    def to_row(self) -> dict[str, Any]:
        return {"code": self.code, "sector": self.sector, "text": self.text, "name": self.name,
                "start": self.start, "end": self.end}

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Entity:
        return cls(code=row["code"], sector=row.get("sector"), text=row.get("text") or "",
                   name=row.get("name"), start=row.get("start"), end=row.get("end"))


@dataclass(frozen=True, slots=True)
class Location:
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None

    def to_row(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "lat": self.lat, "lon": self.lon}

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Location:
        return cls(name=row["name"], country=row.get("country"), lat=row.get("lat"), lon=row.get("lon"))


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who reports or claims an event."""

    text: str
    code: str | None = None
    sector: str | None = None

    def to_row(self) -> dict[str, Any]:
        return {"text": self.text, "code": self.code, "sector": self.sector}

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Attribution:
        return cls(text=row["text"], code=row.get("code"), sector=row.get("sector"))


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where in the article an event was read: the sentence and the event words."""

    sentence: int  # sentence index in the article
    start: int  # character span of the sentence in the article text
    end: int
    text: str  # the sentence
    trigger_start: int | None = None  # character span of the event words
    trigger_end: int | None = None

    def to_row(self) -> dict[str, Any]:
        return {"sentence": self.sentence, "start": self.start, "end": self.end, "text": self.text,
                "trigger_start": self.trigger_start, "trigger_end": self.trigger_end}

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Evidence:
        return cls(sentence=row["sentence"], start=row["start"], end=row["end"], text=row["text"],
                   trigger_start=row.get("trigger_start"), trigger_end=row.get("trigger_end"))


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event (the JSON-lines record of ``dyadwatch code``)."""

    id: str
    article_id: str
    event: str  # PLOVER category
    cameo: str
    quad_class: int
    intensity: float
    actor: tuple[Entity, ...]
    recipient: tuple[Entity, ...] = ()
    mode: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    date: str | None = None
    date_precision: str = "unknown"
    status: str = "asserted"
    location: Location | None = None
    attribution: Attribution | None = None
    evidence: tuple[Evidence, ...] = ()
    mentions: int = 1
    published: str | None = None  # publication date of the article
    pattern_id: str | None = None
    data_version: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def actor_codes(self) -> tuple[str, ...]:
        """Country codes of the actors (those with none are left out: no dyad counts them)."""
        return tuple(dict.fromkeys(e.code for e in self.actor if e.code))

    @property
    def recipient_codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.code for e in self.recipient if e.code))

    def with_(self, **changes: Any) -> Event:
        return replace(self, **changes)

    def to_row(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article_id": self.article_id,
            "date": self.date,
            "date_precision": self.date_precision,
            "status": self.status,
            "event": self.event,
            "mode": list(self.mode),
            "context": list(self.context),
            "cameo": self.cameo,
            "quad_class": self.quad_class,
            "intensity": self.intensity,
            "actor": [e.to_row() for e in self.actor],
            "recipient": [e.to_row() for e in self.recipient],
            "location": self.location.to_row() if self.location else None,
            "attribution": self.attribution.to_row() if self.attribution else None,
            "evidence": [e.to_row() for e in self.evidence],
            "mentions": self.mentions,
            "published": self.published,
            "pattern_id": self.pattern_id,
            "data_version": self.data_version,
        }

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Event:
        return cls(
            id=row["id"],
            article_id=row["article_id"],
            event=row["event"],
            cameo=row.get("cameo") or "",
            quad_class=int(row.get("quad_class") or 0),
            intensity=float(row.get("intensity") or 0.0),
            actor=tuple(Entity.from_row(e) for e in row.get("actor") or ()),
            recipient=tuple(Entity.from_row(e) for e in row.get("recipient") or ()),
            mode=tuple(row.get("mode") or ()),
            context=tuple(row.get("context") or ()),
            date=row.get("date"),
            date_precision=row.get("date_precision") or "unknown",
            status=row.get("status") or "asserted",
            location=Location.from_row(row["location"]) if row.get("location") else None,
            attribution=Attribution.from_row(row["attribution"]) if row.get("attribution") else None,
            evidence=tuple(Evidence.from_row(e) for e in row.get("evidence") or ()),
            mentions=int(row.get("mentions") or 1),
            published=row.get("published"),
            pattern_id=row.get("pattern_id"),
            data_version=row.get("data_version"),
        )


@dataclass(frozen=True, slots=True)
class CodedArticle:
    """An article with the events coded from it (the unit the store commits atomically)."""

    article: Article
    events: tuple[Event, ...]
    sentences: int = 0


@dataclass(frozen=True, slots=True)
class DyadPoint:
    """One period of a dyad series."""

    period: str  # period start, YYYY-MM-DD
    actor: str
    recipient: str
    events: int
    quad1: int
    quad2: int
    quad3: int
    quad4: int
    intensity_sum: float
    intensity_mean: float
    tension: float | None  # None for a period without events (a gap, not "balanced")
    alert: bool = False
    conflict: float = 0.0  # conflict weight: sum of (|intensity| + 1) over quad 3-4 events
    cooperation: float = 0.0  # cooperation weight: the same over quad 1-2 events
