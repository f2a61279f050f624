"""Versioned schema: each migration is SQL (shared, plus per-backend extras) and an
optional Python backfill. ``SqlStore`` applies the missing ones on open, each in its
own transaction, and records the version in ``dw_meta``.

Version history:
    1  articles, events (deduplicated across articles), event_reports (each article's
       own report of an event, with its evidence)
    2  dyad_daily: asserted events pre-aggregated per dyad and day (series, dyads and
       alerts read only this table); backfilled from the events table
    3  plain key columns for fast filters: events.actor_key, recipient_key, dyad_key and
       dyad_daily.dyad_key (see ``dyadwatch.store.sql.event_keys``), backfilled in SQL;
       PostgreSQL indexes on them; DuckDB's dyad_daily rewritten in (dyad_key, day) order
    4  watch state (``dyadwatch watch``): watch_sources (per-source fetch state),
       watch_seen (items seen per source), watch_dirty (dyads whose alerts are due for
       re-evaluation), watch_alerts (alerts raised by watchlists), watch_deliveries
       (each alert's delivery to each sink); see ``store/watch.py``
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


V3_COMMON = """
ALTER TABLE events ADD COLUMN actor_key TEXT;
ALTER TABLE events ADD COLUMN recipient_key TEXT;
ALTER TABLE events ADD COLUMN dyad_key TEXT;
ALTER TABLE dyad_daily ADD COLUMN dyad_key TEXT;
"""

# Created by the backfill, after the keys are filled (faster than maintaining them row by row).
V3_POSTGRES_INDEXES = """
CREATE INDEX events_actor_key_idx ON events (actor_key, event, day);
CREATE INDEX events_recipient_key_idx ON events (recipient_key, day);
CREATE INDEX events_dyad_key_idx ON events (dyad_key, day);
CREATE INDEX events_day_id_idx ON events (day DESC NULLS LAST, id);
CREATE INDEX dyad_daily_key_idx ON dyad_daily (dyad_key, day);
CREATE INDEX dyad_daily_day_idx ON dyad_daily (day);
"""


V4_COMMON = """
CREATE TABLE watch_sources (
    name TEXT PRIMARY KEY,
    last_fetch TIMESTAMP,
    last_new TIMESTAMP,
    next_fetch TIMESTAMP,
    items_coded INTEGER NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0,
    etag TEXT,
    last_modified TEXT,
    last_error TEXT
);
CREATE TABLE watch_seen (
    source TEXT NOT NULL,
    item_key TEXT NOT NULL,
    article_id TEXT,
    outcome TEXT NOT NULL,
    seen_at TIMESTAMP NOT NULL,
    PRIMARY KEY (source, item_key)
);
CREATE TABLE watch_alerts (
    id TEXT PRIMARY KEY,
    watchlist TEXT NOT NULL,
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    period TEXT NOT NULL,
    freq TEXT NOT NULL,
    score DOUBLE PRECISION,
    payload TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE TABLE watch_dirty (
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    category TEXT NOT NULL,
    day DATE NOT NULL,
    PRIMARY KEY (a, b, category)
);
CREATE TABLE watch_deliveries (
    alert_id TEXT NOT NULL,
    sink TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt TIMESTAMP,
    delivered_at TIMESTAMP,
    last_error TEXT,
    PRIMARY KEY (alert_id, sink)
);
"""


def statements(text: str) -> list[str]:
    """``;``-separated SQL as a list of statements."""
    return [s.strip() for s in text.split(";") if s.strip()]


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step."""

    version: int
    title: str
    sql: dict[str, str]  # "common", "duckdb", "postgres"
    backfill: Callable[[Any], None] | None = field(default=None)

    def statements(self, dialect: str) -> list[str]:
        return statements(self.sql.get("common", "") + "\n" + self.sql.get(dialect, ""))


def _backfill_dyad_daily(store: Any) -> None:
    store._rebuild_dyad_daily()


def _backfill_keys(store: Any) -> None:
    store._backfill_keys()


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, events, event reports", {"common": V1_COMMON, "postgres": V1_POSTGRES}),
    Migration(2, "daily dyad aggregate", {"common": V2_COMMON}, _backfill_dyad_daily),
    Migration(3, "key columns for fast filters", {"common": V3_COMMON}, _backfill_keys),
    Migration(4, "watch state: sources, seen items, alerts, deliveries", {"common": V4_COMMON}),
)

SCHEMA_VERSION = MIGRATIONS[-1].version
