"""Pydantic schemas of the API's request and response bodies (they also feed /openapi.json).

Requests are strict (``extra="forbid"``, bounded sizes). Responses mirror the
event record of ``docs/record.md`` and allow extra fields, so a field the store
adds (``sources``, ``articles`` ...) reaches clients without an API change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from dyadwatch.service import ID_PATTERN

MAX_TEXT_CHARS = 200_000
MAX_ARTICLES_PER_REQUEST = 500

Freq = Literal["day", "week", "month", "year"]


class _Out(BaseModel):
    model_config = ConfigDict(extra="allow")


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


# -- event record ------------------------------------------------------------
class EntityOut(_Out):
    code: str | None = Field(description="ISO 3166-1 alpha-3 country, or IGO/UNO/EUR/NGO ...; null for a group or "
                                         "person no dictionary resolves (its words are in text)")
    sector: str | None = Field(None, description="PLOVER sector code (GOV, MIL, ...)")
    text: str = Field("", description="the words in the article")
    name: str | None = None
    start: int | None = Field(None, description="character offset in the article text")
    end: int | None = None


class EvidenceOut(_Out):
    sentence: int = Field(description="sentence index in the article")
    start: int = Field(description="character span of the sentence in the article text")
    end: int
    text: str = Field(description="the sentence")
    trigger_start: int | None = Field(None, description="character span of the event words")
    trigger_end: int | None = None


class LocationOut(_Out):
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


class AttributionOut(_Out):
    text: str
    code: str | None = None
    sector: str | None = None


class EventOut(_Out):
    id: str
    article_id: str
    date: str | None = None
    date_precision: str = "unknown"
    status: str = "asserted"
    event: str = Field(description="PLOVER category")
    mode: list[str] = []
    context: list[str] = []
    cameo: str = ""
    quad_class: int = Field(description="1 verbal cooperation, 2 material cooperation, "
                                        "3 verbal conflict, 4 material conflict")
    intensity: float
    actor: list[EntityOut] = []
    recipient: list[EntityOut] = []
    location: LocationOut | None = None
    attribution: AttributionOut | None = None
    evidence: list[EvidenceOut] = []
    mentions: int = 1
    published: str | None = None
    pattern_id: str | None = None
    data_version: str | None = None


# -- requests ------------------------------------------------------------------
class CodeRequest(_In):
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS, description="the article text")
    date: dt.date | None = Field(None, description="publication date (resolves relative dates)")
    title: str | None = Field(None, max_length=1000)
    article_id: str | None = Field(None, pattern=ID_PATTERN,
                                   description="1-200 letters, digits and _ . : ~ -")


class ArticleIn(_In):
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    id: str | None = Field(None, pattern=ID_PATTERN, description="stable id of 1-200 letters, digits and "
                           "_ . : ~ - (the same rule as the read routes); a content hash when absent")
    date: dt.date | None = Field(None, description="publication date")
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=200)


class IngestRequest(_In):
    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_ARTICLES_PER_REQUEST)


# -- responses -------------------------------------------------------------------
class CodeResponse(BaseModel):
    ok: Literal[True] = True
    article_id: str | None = None
    text: str = Field(description="the text the offsets refer to")
    count: int
    events: list[EventOut]
    published: str | None = Field(None, description="publication date used to resolve relative dates")
    published_from: Literal["request", "dateline"] | None = Field(
        None, description="where it came from; null: no date, events have no day")
    language: dict[str, Any] = Field(default_factory=dict,
                                     description="{english, language, reason}: only English is coded")
    note: str | None = Field(None, description="why nothing was coded (a text not in English)")


class IngestResponse(BaseModel):
    ok: Literal[True] = True
    report: dict[str, Any] = Field(description="articles stored / skipped / failed, events stored")


class EventPage(BaseModel):
    ok: Literal[True] = True
    items: list[EventOut]
    total: int | None = Field(None, description="events matching the filters")
    next: str | None = Field(None, description="opaque cursor of the next page; null on the last")


class EventResponse(BaseModel):
    ok: Literal[True] = True
    event: EventOut


class ArticleOut(_Out):
    id: str
    text: str
    date: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    events: list[EventOut] = []


class ArticleResponse(BaseModel):
    ok: Literal[True] = True
    article: ArticleOut


class DyadPointOut(_Out):
    period: str = Field(description="period start, YYYY-MM-DD")
    actor: str
    recipient: str
    events: int
    quad1: int
    quad2: int
    quad3: int
    quad4: int
    intensity_sum: float
    intensity_mean: float
    tension: float | None = Field(description="null for a period without events (a gap)")
    alert: bool = False


class SeriesResponse(BaseModel):
    ok: Literal[True] = True
    actor: str
    recipient: str
    freq: Freq = Field(description="the period used: the requested one, or a coarser one when the range "
                                    "holds more than max_points periods")
    requested_freq: Freq
    max_points: int = Field(description="the most points a series returns")
    note: str | None = Field(None, description="why the period differs from the requested one")
    start: str | None = None
    end: str | None = None
    latest_tension: float | None = Field(None, description="tension of the last period with events")
    points: list[DyadPointOut]


class DyadsResponse(BaseModel):
    ok: Literal[True] = True
    items: list[dict[str, Any]]


class AlertsResponse(BaseModel):
    ok: Literal[True] = True
    items: list[dict[str, Any]]


class HealthResponse(BaseModel):
    ok: Literal[True] = True
    status: Literal["ok"] = "ok"
    version: str
    store: str | None = Field(None, description="store kind, or null when none is open")
    reads: Literal["open", "closed"]
    ingest: Literal["enabled", "disabled"]


# -- conversion --------------------------------------------------------------------
def to_plain(obj: Any) -> Any:
    """Records, dataclasses, dates and containers to JSON-ready values."""
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    for method in ("to_row", "to_dict"):
        convert = getattr(obj, method, None)
        if callable(convert):
            return to_plain(convert())
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): to_plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [to_plain(v) for v in obj]
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    if isinstance(obj, BaseModel):
        return obj.model_dump()
    return str(obj)
