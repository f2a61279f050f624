"""The ``Store`` protocol and the query records every backend shares.

A store keeps articles, the events coded from them (deduplicated across
articles), each article's own report of an event with its evidence, and a
pre-aggregated daily dyad table for the analytics. ``DuckDBStore`` and
``PostgresStore`` implement the protocol with the same SQL (see
``docs/store.md``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from dyadwatch.records import CodedArticle

#: Event statuses counted by default in queries and always in analytics.
DEFAULT_STATUS = "asserted"


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Filters for :meth:`Store.events`; every field is optional and they combine with AND.

    Attributes:
        actor: country code that must be among the event's actors.
        recipient: country code that must be among the event's recipients.
        dyad: a pair of country codes on opposite sides of the event, in either direction
            (or both among the actors of a symmetric event that has no recipient).
        event: PLOVER category (``ACCUSE``).
        quad_class: 1-4.
        status: event status; ``"asserted"`` by default, ``None`` or ``"any"`` for every status.
        start, end: inclusive range of the event day (``YYYY-MM-DD``).
        text: case-insensitive substring of an evidence sentence.
        article_id: events reported by this article.
        dated: True for events with a day only, False for events without one (their article
            had no publication date), None for both.
    """

    actor: str | None = None
    recipient: str | None = None
    dyad: tuple[str, str] | None = None
    event: str | None = None
    quad_class: int | None = None
    status: str | None = DEFAULT_STATUS
    start: str | None = None
    end: str | None = None
    text: str | None = None
    article_id: str | None = None
    dated: bool | None = None


@dataclass(frozen=True, slots=True)
class EventPage:
    """One page of stored events.

    Attributes:
        items: stored-event dicts: the ``Event.to_row()`` record of the first report plus
            ``day``, ``mentions``, ``sources``, ``articles`` and ``article_ids``.
        next: opaque cursor for the next page, or None on the last page.
        total: number of events matching the query.
    """

    items: list[dict[str, Any]]
    next: str | None
    total: int


@dataclass(frozen=True, slots=True)
class StoredCounts:
    """What one :meth:`Store.add_coded_articles` call did."""

    stored: list[bool] = field(default_factory=list)  # per article: False = duplicate content
    events_new: int = 0  # events stored as new events
    events_merged: int = 0  # reports linked to an event already stored


@runtime_checkable
class Store(Protocol):
    """What the service needs from a database backend."""

    url: str

    def add_coded_article(self, coded: CodedArticle, *, content_hash: str | None = None) -> bool:
        """Store one article with its events in one transaction.

        Returns False (and stores nothing) when an article with the same content hash
        is already stored.
        """
        ...

    def add_coded_articles(self, batch: Sequence[CodedArticle], *,
                           content_hashes: Sequence[str | None] | None = None) -> StoredCounts:
        """Store several articles in one transaction (all or none); duplicates are skipped."""
        ...

    def has_content(self, content_hash: str) -> bool:
        """Whether an article with this content hash is stored."""
        ...

    def events(self, query: EventQuery, *, limit: int = 100, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        """Matching stored events (newest day first) and the total count."""
        ...

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One stored event with every article's report and evidence, or None."""
        ...

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article with its text, metadata and its reports of events, or None."""
        ...

    def dyads(self, *, start: str | None = None, end: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
        """Most active undirected dyads (asserted events) in a day range."""
        ...

    def dyad_days(self, a: str, b: str, *, start: str | None = None, end: str | None = None,
                  directed: bool = False, freq: str = "day") -> list[dict[str, Any]]:
        """Aggregate rows of one dyad (asserted events) per day, or per week/month
        (``day`` is then the period start), oldest first."""
        ...

    def all_dyad_days(self, *, start: str | None = None,
                      end: str | None = None) -> dict[tuple[str, str], list[dict[str, Any]]]:
        """Daily aggregate rows of every undirected dyad, keyed by the sorted pair."""
        ...

    def dyad_event_ids(self, a: str, b: str, *, start: str, end: str, conflict_only: bool = True,
                       limit: int = 20) -> list[str]:
        """Ids of a dyad's asserted events in a day range, strongest first."""
        ...

    def iter_events(self) -> Iterator[dict[str, Any]]:
        """Every stored event with its reports (for exports), oldest day first."""
        ...

    def stats(self) -> dict[str, int]:
        """Row counts: articles, events, reports."""
        ...

    def close(self) -> None:
        """Close the connection."""
        ...


def chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Split an iterable into lists of at most ``size`` items."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
