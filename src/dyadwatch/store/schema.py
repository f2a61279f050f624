"""Versioned schema: each migration is SQL (shared, plus per-backend extras) and an
optional Python backfill. ``SqlStore`` applies the missing ones on open, each in its
own transaction, and records the version in ``dw_meta``.

Version history:
    1  articles, events (deduplicated across articles), event_reports (each article's
       own report of an event, with its evidence)
    2  dyad_daily: asserted events pre-aggregated per dyad and day (series, dyads and
       alerts read only this table); backfilled from the events table
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

V1_COMMON = """
CREATE TABLE IF NOT EXISTS dw_meta (
    key TEXT PRIMARY KEY,
    value TEXT
);
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    text TEXT,
    date DATE,
    title TEXT,
    url TEXT,
    source TEXT,
    place TEXT,
    origin TEXT,
    sentences INTEGER,
    events INTEGER,
    ingested_at TIMESTAMP
);
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    event TEXT NOT NULL,
    mode TEXT[],
    context TEXT[],
    cameo TEXT,
    quad_class SMALLINT,
    intensity DOUBLE PRECISION,
    actor_codes TEXT[],
    recipient_codes TEXT[],
    day DATE,
    date TEXT,
    date_precision TEXT,
    status TEXT,
    mentions INTEGER,
    sources INTEGER,
    articles INTEGER,
    first_article_id TEXT,
    first_seen TIMESTAMP,
    row_json TEXT
);
CREATE TABLE event_reports (
    event_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    report_id TEXT NOT NULL,
    source_key TEXT,
    mentions INTEGER,
    evidence_text TEXT,
    row_json TEXT
);
"""

V1_POSTGRES = """
ALTER TABLE event_reports ADD PRIMARY KEY (event_id, article_id, report_id);
CREATE INDEX events_day_idx ON events (day);
CREATE INDEX events_event_day_idx ON events (event, day);
CREATE INDEX events_actor_idx ON events USING GIN (actor_codes);
CREATE INDEX events_recipient_idx ON events USING GIN (recipient_codes);
CREATE INDEX event_reports_article_idx ON event_reports (article_id);
"""

V2_COMMON = """
CREATE TABLE dyad_daily (
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    sym BOOLEAN NOT NULL,
    day DATE NOT NULL,
    events INTEGER NOT NULL,
    q1 INTEGER NOT NULL,
    q2 INTEGER NOT NULL,
    q3 INTEGER NOT NULL,
    q4 INTEGER NOT NULL,
    intensity_sum DOUBLE PRECISION NOT NULL,
    conflict_abs DOUBLE PRECISION NOT NULL,
    coop_abs DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (a, b, sym, day)
);
"""


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step."""

    version: int
    title: str
    sql: dict[str, str]  # "common", "duckdb", "postgres"
    backfill: Callable[[Any], None] | None = field(default=None)

    def statements(self, dialect: str) -> list[str]:
        text = self.sql.get("common", "") + "\n" + self.sql.get(dialect, "")
        return [s.strip() for s in text.split(";") if s.strip()]


def _backfill_dyad_daily(store: Any) -> None:
    store._rebuild_dyad_daily()


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, events, event reports", {"common": V1_COMMON, "postgres": V1_POSTGRES}),
    Migration(2, "daily dyad aggregate", {"common": V2_COMMON}, _backfill_dyad_daily),
)

SCHEMA_VERSION = MIGRATIONS[-1].version
