"""The store logic both backends share; they differ only in connections, bulk
inserts and a few SQL fragments (``DuckDBStore``, ``PostgresStore``).

Deduplication across articles (see ``docs/store.md``): every coded event is a
*report*; reports with the same :func:`event_key` are one stored *event* whose
``mentions`` (sentences), ``sources`` (distinct outlets) and ``articles``
(distinct articles) count the reports, while each article keeps its own report
and evidence in ``event_reports``.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urlparse

import orjson

from dyadwatch.errors import ConfigError, StoreError
from dyadwatch.records import Article, CodedArticle, Event, content_hash
from dyadwatch.store.base import EventQuery, StoredCounts
from dyadwatch.store.schema import MIGRATIONS, SCHEMA_VERSION
from dyadwatch.store.watch import WatchTables

log = logging.getLogger(__name__)

CONFLICT_QUADS = (3, 4)
COOPERATION_QUADS = (1, 2)

ARTICLE_COLUMNS = ("id", "content_hash", "text", "date", "title", "url", "source", "place", "origin",
                   "sentences", "events", "ingested_at")
EVENT_COLUMNS = ("id", "event", "mode", "context", "cameo", "quad_class", "intensity", "actor_codes",
                 "recipient_codes", "day", "date", "date_precision", "status", "mentions", "sources",
                 "articles", "first_article_id", "first_seen", "row_json")
#: Plain key columns of ``events`` (schema 3), derived from the code arrays by :func:`event_keys`.
KEY_COLUMNS = ("actor_key", "recipient_key", "dyad_key")
#: Key value of an event with several countries on a side (filters then check the arrays).
MULTI = "*"
REPORT_COLUMNS = ("event_id", "article_id", "report_id", "source_key", "mentions", "evidence_text", "row_json")
DAILY_COLUMNS = ("a", "b", "sym", "day", "events", "q1", "q2", "q3", "q4", "intensity_sum",
                 "conflict_abs", "coop_abs")
DAILY_SUMS = DAILY_COLUMNS[4:]
#: Decimal places the float sums of ``dyad_daily`` are kept to (intensities have one).
DAILY_DECIMALS = 6

# Periods the database groups by (weeks start on Monday in both backends).
_TRUNC = ("day", "week", "month", "year")

# What the events listing selects (row_json is the first report's Event.to_row()).
_LIST_COLUMNS = "id, day, mentions, sources, articles, first_article_id, row_json"


# -- keys and derived values (pure) -------------------------------------------------
def parse_day(value: Any) -> dt.date | None:
    """A ``YYYY-MM-DD`` string (or date) as a date; None when missing or not a full day."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def query_day(value: str | None, name: str) -> dt.date | None:
    """A user-given day bound; ConfigError when it is not ``YYYY-MM-DD``."""
    if value is None or value == "":
        return None
    day = parse_day(value)
    if day is None or len(str(value)) != 10:
        raise ConfigError(f"{name} must be a date YYYY-MM-DD, got {value!r}")
    return day


def event_day(event: Event, article: Article) -> dt.date | None:
    """The day an event counts on: its own date when known to the day, else the
    article's publication date, else None (then it is stored but not in any series)."""
    if event.date_precision == "day":
        day = parse_day(event.date)
        if day is not None:
            return day
    return parse_day(event.published) or parse_day(article.date)


def event_key(event: Event, article_id: str) -> str:
    """Stored-event id: same actor countries, category, recipient countries, status and
    event day → same id. Events whose date is not known to the day are never merged
    across articles (the key then includes the article and report id)."""
    day = parse_day(event.date) if event.date_precision == "day" else None
    when = day.isoformat() if day else f"article:{article_id}:{event.id}"
    parts = (_side_key(event.actor_codes, event.actor), event.event,
             _side_key(event.recipient_codes, event.recipient), when, event.status)
    return content_hash("|".join(parts), 16)


def _report_row(event: Event, article: Article) -> dict[str, Any]:
    """The ``row_json`` record of one report: the event's row, publication date filled from the article."""
    row = event.to_row()
    if row.get("published") is None and article.date:
        row["published"] = article.date
    return row


def report_rank(row: dict[str, Any], article_id: str) -> tuple[str, str, str]:
    """Order of an event's reports; the first is the stored event's main record.

    Earliest publication first, then article id, then report id: a function of the report
    alone, so the main record does not depend on the order articles arrive in.
    """
    return (str(row.get("published") or "~")[:10], str(article_id), str(row.get("id") or ""))


def _side_key(codes: Sequence[str], entities: Sequence[Any]) -> str:
    """The codes of one side; an actor no dictionary resolved counts by its words ('students'
    and 'farmers' on the same day are two events), never in a dyad."""
    uncoded = sorted({f"?{e.text.lower()}" for e in entities if not e.code})
    return ",".join(sorted(set(codes)) + uncoded)


def dyad_pairs(actors: Sequence[str], recipients: Sequence[str]) -> list[tuple[str, str, bool]]:
    """Dyads of an event as ``(a, b, symmetric)``: actor → recipient country pairs; for an
    event without recipient (talks, two-sided fighting) every pair of actor countries, once,
    sorted and marked symmetric. Pairs of a country with itself are left out."""
    actors = list(dict.fromkeys(actors))
    recipients = list(dict.fromkeys(recipients))
    if recipients:
        return [(a, r, False) for a in actors for r in recipients if a != r]
    ordered = sorted(actors)
    return [(a, b, True) for i, a in enumerate(ordered) for b in ordered[i + 1:]]


def event_keys(actors: Sequence[str | None],
               recipients: Sequence[str | None]) -> tuple[str | None, str | None, str | None]:
    """The plain filter keys of an event: ``(actor_key, recipient_key, dyad_key)``.

    ``actor_key`` is the event's one actor country, :data:`MULTI` (``*``) when it has
    several and None when it has none; ``recipient_key`` likewise. ``dyad_key`` is the
    sorted pair ``A:B`` when the event's only dyad is A–B (one actor and one recipient
    country, or exactly two actor countries and no recipient), None when no dyad query
    can match it (no actor, or one actor and no recipient), else ``*``. Filters compare
    these plain columns (cheap, zone-map and index friendly) and check the arrays only
    for ``*`` rows, so results are exactly those of the array predicates.
    """
    acts = sorted({c for c in actors if c is not None})
    recs = sorted({c for c in recipients if c is not None})
    actor_key = None if not acts else acts[0] if len(acts) == 1 else MULTI
    recipient_key = None if not recs else recs[0] if len(recs) == 1 else MULTI
    if not acts:
        dyad_key = None
    elif recs:
        dyad_key = ":".join(sorted((acts[0], recs[0]))) if len(acts) == 1 and len(recs) == 1 else MULTI
    else:
        dyad_key = f"{acts[0]}:{acts[1]}" if len(acts) == 2 else None if len(acts) == 1 else MULTI
    return actor_key, recipient_key, dyad_key


def dyad_key(a: str, b: str) -> str:
    """``dyad_daily.dyad_key`` and ``events.dyad_key`` of the undirected dyad a–b."""
    return ":".join(sorted((a, b)))


def source_key(article: Article) -> str:
    """What counts as one source: the article's source name, else its URL's host, else the article."""
    if article.source:
        return article.source.strip().lower()
    if article.url:
        host = urlparse(article.url).netloc.lower().removeprefix("www.")
        if host:
            return host
    return f"article:{article.id}"


def daily_values(quad: int, intensity: float) -> tuple[int, int, int, int, int, float, float, float]:
    """The ``dyad_daily`` sums one event adds (events, q1-q4, intensity, conflict, cooperation)."""
    quads = [1 if quad == q else 0 for q in (1, 2, 3, 4)]
    mag = abs(float(intensity))
    return (1, *quads, float(intensity), mag if quad in CONFLICT_QUADS else 0.0,
            mag if quad in COOPERATION_QUADS else 0.0)  # type: ignore[return-value]


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        pad = "=" * (-len(cursor) % 4)
        offset = int(json.loads(base64.urlsafe_b64decode(cursor + pad))["o"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"invalid page cursor {cursor!r}; use the 'next' value of the previous page") from exc
    if offset < 0:
        raise ConfigError(f"invalid page cursor {cursor!r}")
    return offset


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


class SqlStore(WatchTables):
    """Shared implementation; subclasses provide the connection and dialect hooks (the
    watch tables' methods come from :class:`~dyadwatch.store.watch.WatchTables`)."""

    dialect = "sql"
    url: str

    # -- dialect hooks ----------------------------------------------------------------
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        raise NotImplementedError

    def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    def _insert_rows(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        raise NotImplementedError

    def _begin(self) -> None:
        self._execute("BEGIN")

    def _commit(self) -> None:
        self._execute("COMMIT")

    def _rollback(self) -> None:
        self._execute("ROLLBACK")

    def _contains(self, column: str) -> str:
        """SQL that is true when array ``column`` contains the next parameter."""
        raise NotImplementedError

    def _is_empty(self, column: str) -> str:
        raise NotImplementedError

    def _lock_schema(self) -> None:
        """Serialise migrations between processes (PostgreSQL advisory lock)."""

    def _lock_writes(self) -> None:
        """Serialise write transactions between processes (PostgreSQL advisory lock): a batch
        reads the events it merges into and their main records, so two writers must not
        interleave (the store stays a function of its inputs; issue 12). DuckDB has one
        writer process anyway."""

    def _distinct_sorted(self, column: str) -> str:
        """SQL: the distinct non-null elements of array ``column``, sorted by code point."""
        raise NotImplementedError

    def _cardinality(self, expr: str) -> str:
        raise NotImplementedError

    def _after_keys_backfill(self) -> None:
        """Backend work once schema 3's keys are filled (indexes, clustering)."""

    def optimize(self) -> None:
        """Re-cluster the tables for the read paths (see docs/store.md); safe at any time."""

    def close(self) -> None:
        raise NotImplementedError

    # -- schema -----------------------------------------------------------------------
    def schema_version(self) -> int:
        """The schema version stored in the database (0 for an empty database)."""
        try:
            rows = self._fetchall("SELECT value FROM dw_meta WHERE key = 'schema_version'")
        except StoreError as exc:
            if exc.code != "DW301":  # a damaged file is not an empty database
                raise
            return 0
        return int(rows[0][0]) if rows else 0

    #: Schema version this connection writes and reads (set by ``_migrate``).
    _version: int = SCHEMA_VERSION

    @property
    def _has_daily(self) -> bool:
        return self._version >= 2

    @property
    def _has_keys(self) -> bool:
        return self._version >= 3

    def _migrate(self, target: int = SCHEMA_VERSION) -> None:
        self._begin()
        try:
            self._lock_schema()
            current = self.schema_version() if self._has_table("dw_meta") else 0
            self._version = current
            if current > SCHEMA_VERSION:
                raise StoreError(
                    f"database {self._safe_url()} has schema version {current}, newer than this "
                    f"dyadwatch ({SCHEMA_VERSION}); upgrade dyadwatch", code="DW302")
            for migration in MIGRATIONS:
                if current < migration.version <= target:
                    log.info("migrating %s to schema %d (%s)", self._safe_url(), migration.version, migration.title)
                    for statement in migration.statements(self.dialect):
                        self._execute(statement)
                    self._version = migration.version
                    if migration.backfill is not None:
                        migration.backfill(self)
                    self._execute("DELETE FROM dw_meta WHERE key = 'schema_version'")
                    self._execute("INSERT INTO dw_meta (key, value) VALUES ('schema_version', ?)",
                                  (str(migration.version),))
            self._commit()
        except BaseException:
            self._rollback()
            raise

    def _has_table(self, name: str) -> bool:
        rows = self._fetchall("SELECT count(*) FROM information_schema.tables WHERE table_name = ?"
                              + self._schema_filter(), (name,))
        return bool(rows[0][0])

    def _schema_filter(self) -> str:
        return ""

    def _safe_url(self) -> str:
        return self.url.split("@")[-1]

    def _rebuild_dyad_daily(self) -> None:
        """Recompute ``dyad_daily`` from the events table (migration backfill, repairs)."""
        self._execute("DELETE FROM dyad_daily")
        rows = self._fetchall("SELECT actor_codes, recipient_codes, day, quad_class, intensity FROM events "
                              "WHERE status = 'asserted' AND day IS NOT NULL")
        sums: dict[tuple[Any, ...], list[float]] = {}
        for actors, recipients, day, quad, intensity in rows:
            for a, b, sym in dyad_pairs(actors or [], recipients or []):
                _add_daily(sums, (a, b, sym, parse_day(day)), daily_values(int(quad or 0), intensity or 0.0))
        self._upsert_daily(sums)

    def _backfill_keys(self) -> None:
        """Fill schema 3's key columns from the arrays, in SQL (the same rules as :func:`event_keys`)."""
        sa, sr = self._distinct_sorted("actor_codes"), self._distinct_sorted("recipient_codes")
        na, nr = self._cardinality("sa"), self._cardinality("sr")
        pair = self._pair_sql("sa[1]", "sr[1]")
        self._execute(
            "UPDATE events SET actor_key = k.ak, recipient_key = k.rk, dyad_key = k.dk FROM ("
            f"SELECT id, CASE WHEN {na} = 0 THEN NULL WHEN {na} = 1 THEN sa[1] ELSE '{MULTI}' END AS ak, "
            f"CASE WHEN {nr} = 0 THEN NULL WHEN {nr} = 1 THEN sr[1] ELSE '{MULTI}' END AS rk, "
            f"CASE WHEN {na} = 0 THEN NULL "
            f"WHEN {nr} > 0 THEN CASE WHEN {na} = 1 AND {nr} = 1 THEN {pair} ELSE '{MULTI}' END "
            f"WHEN {na} = 2 THEN sa[1] || ':' || sa[2] WHEN {na} = 1 THEN NULL ELSE '{MULTI}' END AS dk "
            f"FROM (SELECT id, {sa} AS sa, {sr} AS sr FROM events) s) k WHERE events.id = k.id")
        self._execute(f"UPDATE dyad_daily SET dyad_key = {self._pair_sql('a', 'b')}")
        self._after_keys_backfill()

    def _pair_sql(self, a: str, b: str) -> str:
        """SQL of the sorted pair ``A:B`` of two text columns."""
        return f"CASE WHEN {a} < {b} THEN {a} || ':' || {b} ELSE {b} || ':' || {a} END"

    # -- writing ----------------------------------------------------------------------
    def has_content(self, content_hash: str) -> bool:
        return bool(self._fetchall("SELECT 1 FROM articles WHERE content_hash = ?", (content_hash,)))

    def add_coded_article(self, coded: CodedArticle, *, content_hash: str | None = None) -> bool:
        return self.add_coded_articles([coded], content_hashes=[content_hash]).stored[0]

    def add_coded_articles(self, batch: Sequence[CodedArticle], *,
                           content_hashes: Sequence[str | None] | None = None) -> StoredCounts:
        if not batch:
            return StoredCounts()
        # An explicit hash wins; restored articles (imports) carry the original one.
        hashes = [h or getattr(c, "content_hash", None) or c.article.content_hash
                  for c, h in zip(batch, content_hashes or [None] * len(batch), strict=False)]
        self._begin()
        try:
            self._lock_writes()
            counts = self._add_batch(batch, hashes)
            self._commit()
        except BaseException:
            self._rollback()  # never raises: the first error is the one to report
            raise
        return counts

    def _add_batch(self, batch: Sequence[CodedArticle], hashes: list[str]) -> StoredCounts:
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        known_hashes = self._existing("articles", "content_hash", hashes)
        known_ids = self._existing("articles", "id", [c.article.id for c in batch])
        stored: list[bool] = []
        article_rows: list[tuple[Any, ...]] = []
        reports: list[tuple[str, Event, Article, str]] = []  # (event id, event, article, source key)
        for coded, chash in zip(batch, hashes, strict=False):
            if chash in known_hashes:
                stored.append(False)
                continue
            known_hashes.add(chash)
            coded = self._unique_article_id(coded, chash, known_ids)
            article = coded.article
            known_ids.add(article.id)
            stored.append(True)
            article_rows.append((article.id, chash, article.text, parse_day(article.date), article.title,
                                 article.url, article.source, article.place, article.origin,
                                 coded.sentences, len(coded.events), now))
            skey = source_key(article)
            for event in coded.events:
                reports.append((event_key(event, article.id), event, article, skey))
        if article_rows:
            self._insert_rows("articles", ARTICLE_COLUMNS, article_rows)
        new_events, merged = self._write_reports(reports, now)
        return StoredCounts(stored=stored, events_new=new_events, events_merged=merged)

    def _unique_article_id(self, coded: CodedArticle, chash: str, known_ids: set[str]) -> CodedArticle:
        """Another text under an id already stored gets the id ``ID~HASH8`` (logged)."""
        if coded.article.id not in known_ids:
            return coded
        new_id = f"{coded.article.id}~{chash[:8]}"
        log.warning("article id %r is already stored with other text; storing this one as %r",
                    coded.article.id, new_id)
        from dataclasses import replace

        article = replace(coded.article, id=new_id)
        events = tuple(e.with_(article_id=new_id) for e in coded.events)
        return replace(coded, article=article, events=events)

    def _existing(self, table: str, column: str, values: Sequence[str]) -> set[str]:
        found: set[str] = set()
        unique = list(dict.fromkeys(values))
        for start in range(0, len(unique), 500):
            part = unique[start:start + 500]
            marks = ", ".join("?" for _ in part)
            found.update(r[0] for r in self._fetchall(
                f"SELECT {column} FROM {table} WHERE {column} IN ({marks})", part))
        return found

    def _write_reports(self, reports: list[tuple[str, Event, Article, str]], now: dt.datetime) -> tuple[int, int]:
        """Store reports; each stored event's main record is its :func:`report_rank`-first report.

        The main record (the ``events`` row's category, mode, cameo, intensity, actors and
        ``row_json``) and so ``dyad_daily`` are a function of the set of reports, whatever
        order they arrive in: a report that ranks before the current main one replaces it and
        moves the event's ``dyad_daily`` contribution with it.
        """
        if not reports:
            return 0, 0
        rows_of = {id(event): _report_row(event, article) for _, event, article, _ in reports}
        reports = sorted(reports, key=lambda r: (r[0], report_rank(rows_of[id(r[1])], r[2].id)))
        ids = [r[0] for r in reports]
        existing = self._existing("events", "id", ids)
        # Reports already linked to existing events (for the distinct articles/sources counts).
        seen_articles: dict[str, set[str]] = defaultdict(set)
        seen_sources: dict[str, set[str]] = defaultdict(set)
        mains: dict[str, tuple[tuple[str, str, str], int, float, list[str], list[str], Any]] = {}
        if existing:
            ex = sorted(existing)
            for start in range(0, len(ex), 500):
                part = ex[start:start + 500]
                marks = ", ".join("?" for _ in part)
                for eid, aid, skey in self._fetchall(
                        "SELECT event_id, article_id, source_key FROM event_reports "
                        f"WHERE event_id IN ({marks})", part):
                    seen_articles[eid].add(aid)
                    seen_sources[eid].add(skey)
                for eid, first_aid, rj, quad, intensity, actors, recipients, day, status in self._fetchall(
                        "SELECT id, first_article_id, row_json, quad_class, intensity, actor_codes, recipient_codes, "
                        f"day, status FROM events WHERE id IN ({marks})", part):
                    mains[eid] = (report_rank(orjson.loads(rj), first_aid), int(quad or 0), float(intensity or 0.0),
                                  list(actors or []), list(recipients or []), day if status == "asserted" else None)
        new_rows: dict[str, list[Any]] = {}
        replaced: dict[str, list[Any]] = {}
        mention_add: dict[str, int] = defaultdict(int)
        report_rows: list[tuple[Any, ...]] = []
        report_keys: set[tuple[str, str, str]] = set()
        daily: dict[tuple[Any, ...], list[float]] = {}
        for eid, event, article, skey in reports:
            rkey = (eid, article.id, event.id)
            if rkey in report_keys:  # the same report twice in one article: count the mentions
                mention_add[eid] += event.mentions
                continue
            report_keys.add(rkey)
            row = rows_of[id(event)]
            row_json = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
            evidence_text = "\n".join(e.text for e in event.evidence)
            report_rows.append((eid, article.id, event.id, skey, event.mentions, evidence_text, row_json))
            seen_articles[eid].add(article.id)
            seen_sources[eid].add(skey)
            if eid in new_rows or eid in replaced:  # reports are sorted: the main one came first
                mention_add[eid] += event.mentions
                continue
            day = event_day(event, article)
            actors = list(event.actor_codes)
            recipients = list(event.recipient_codes)
            values = [eid, event.event, list(event.mode), list(event.context), event.cameo,
                      event.quad_class, float(event.intensity), actors, recipients, day,
                      event.date, event.date_precision, event.status, event.mentions, 1, 1,
                      article.id, now, row_json]
            counted = event.status == "asserted" and day is not None
            if eid in existing:
                mention_add[eid] += event.mentions
                old = mains.get(eid)
                if old is None or report_rank(row, article.id) >= old[0]:
                    continue
                replaced[eid] = values
                if old[5] is not None:  # move the event's dyad_daily sums from the old main record
                    for a, b, sym in dyad_pairs(old[3], old[4]):
                        _add_daily(daily, (a, b, sym, parse_day(old[5])),
                                   [-v for v in daily_values(old[1], old[2])])
                    counted = day is not None
            else:
                new_rows[eid] = values
            if counted:
                for a, b, sym in dyad_pairs(actors, recipients):
                    _add_daily(daily, (a, b, sym, day), daily_values(event.quad_class, event.intensity))
        for eid, row in new_rows.items():
            row[13] += mention_add.pop(eid, 0)
            row[14] = len(seen_sources[eid])
            row[15] = len(seen_articles[eid])
        if new_rows:
            columns = EVENT_COLUMNS
            if self._has_keys:
                columns = EVENT_COLUMNS + KEY_COLUMNS
                for row in new_rows.values():
                    row.extend(event_keys(row[7], row[8]))
            self._insert_rows("events", columns, [tuple(r) for r in new_rows.values()])
        if replaced:
            self._replace_main(list(replaced.values()))
        updates = [(mention_add.get(eid, 0), len(seen_sources[eid]), len(seen_articles[eid]), eid)
                   for eid in existing if eid in seen_articles]
        if updates:
            self._update_counts(updates)
        self._insert_rows("event_reports", REPORT_COLUMNS, report_rows)
        self._upsert_daily(daily)
        return len(new_rows), len(report_rows) - len(new_rows)

    def _replace_main(self, rows: list[list[Any]]) -> None:
        """Set the main record of stored events (``EVENT_COLUMNS`` rows; counts and first_seen are kept)."""
        self._executemany(
            "UPDATE events SET mode = ?, context = ?, cameo = ?, quad_class = ?, intensity = ?, actor_codes = ?, "
            "recipient_codes = ?, date = ?, date_precision = ?, first_article_id = ?, row_json = ? WHERE id = ?",
            [(r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[10], r[11], r[16], r[18], r[0]) for r in rows])

    def _upsert_daily(self, sums: dict[tuple[Any, ...], list[float]]) -> None:
        if not sums or not getattr(self, "_has_daily", True):  # a store kept at schema 1 (tests)
            return
        # Float sums are rounded to DAILY_DECIMALS after every addition, so that the stored
        # value does not depend on the order the events were added in (issue 12).
        sets = ", ".join(f"{c} = dyad_daily.{c} + excluded.{c}" if i < 5 else
                         f"{c} = {self._round(f'dyad_daily.{c} + excluded.{c}')}"
                         for i, c in enumerate(DAILY_SUMS))
        columns = DAILY_COLUMNS + (("dyad_key",) if self._has_keys else ())
        marks = ", ".join("?" for _ in columns)
        extra = self._has_keys
        rows = [(*key, *(int(v) if i < 5 else round(float(v), DAILY_DECIMALS) for i, v in enumerate(vals)),
                 *((dyad_key(key[0], key[1]),) if extra else ())) for key, vals in sums.items()]
        self._upsert(f"INSERT INTO dyad_daily ({', '.join(columns)}) VALUES ({marks}) "
                     f"ON CONFLICT (a, b, sym, day) DO UPDATE SET {sets}", rows)

    def _round(self, expr: str) -> str:
        """SQL rounding a double expression to DAILY_DECIMALS places."""
        return f"round({expr}, {DAILY_DECIMALS})"

    def _upsert(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        """Run an ``INSERT ... VALUES (?...) ON CONFLICT ...`` for many rows."""
        self._executemany(sql, rows)

    def _update_counts(self, updates: list[tuple[int, int, int, str]]) -> None:
        """Add mentions and set sources/articles of events already stored."""
        self._executemany("UPDATE events SET mentions = mentions + ?, sources = ?, articles = ? WHERE id = ?",
                          updates)

    # -- reading ----------------------------------------------------------------------
    def _where(self, query: EventQuery) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if query.status and query.status != "any":
            clauses.append("status = ?")
            params.append(query.status)
        # With schema 3 the plain key columns do the filtering; the arrays are checked only
        # for events with several countries on a side (key '*'), so results are the same.
        keyed = self._has_keys
        for value, key, array in ((query.actor, "actor_key", "actor_codes"),
                                  (query.recipient, "recipient_key", "recipient_codes")):
            if value:
                code = value.upper()
                if keyed:
                    clauses.append(f"{key} IN (?, '{MULTI}') AND ({key} <> '{MULTI}' OR {self._contains(array)})")
                    params.extend([code, code])
                else:
                    clauses.append(self._contains(array))
                    params.append(code)
        if query.dyad:
            a, b = (c.upper() for c in query.dyad)
            ca, cr = self._contains("actor_codes"), self._contains("recipient_codes")
            arrays = (f"(({ca} AND {cr}) OR ({ca} AND {cr}) OR "
                      f"({self._is_empty('recipient_codes')} AND {ca} AND {ca}))")
            if keyed and a != b:
                clauses.append(f"dyad_key IN (?, '{MULTI}') AND (dyad_key <> '{MULTI}' OR {arrays})")
                params.append(dyad_key(a, b))
            else:
                clauses.append(arrays)
            params.extend([a, b, b, a, a, b])
        if query.event:
            clauses.append("event = ?")
            params.append(query.event.upper())
        if query.quad_class is not None:
            clauses.append("quad_class = ?")
            params.append(int(query.quad_class))
        start, end = query_day(query.start, "start"), query_day(query.end, "end")
        if start:
            clauses.append("day >= ?")
            params.append(start)
        if end:
            clauses.append("day <= ?")
            params.append(end)
        if query.text:
            # Literal: strpos, not LIKE, so '%' and '_' are characters like any other.
            clauses.append("id IN (SELECT event_id FROM event_reports WHERE strpos(lower(evidence_text), ?) > 0)")
            params.append(query.text.lower())
        if query.dated is not None:
            clauses.append("day IS NOT NULL" if query.dated else "day IS NULL")
        if query.article_id:
            clauses.append("id IN (SELECT event_id FROM event_reports WHERE article_id = ?)")
            params.append(query.article_id)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def events(self, query: EventQuery, *, limit: int = 100, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        where, params = self._where(query)
        rows = self._fetchall(f"SELECT {_LIST_COLUMNS} FROM events{where} "
                              f"ORDER BY day DESC NULLS LAST, id LIMIT ? OFFSET ?", [*params, int(limit), int(offset)])
        if 0 < len(rows) < limit or (offset == 0 and not rows):
            total = offset + len(rows)  # the last page: the total is known without counting
        else:
            total = int(self._fetchall(f"SELECT count(*) FROM events{where}", params)[0][0])
        return [self._event_item(r) for r in rows], total

    @staticmethod
    def _event_item(row: Sequence[Any]) -> dict[str, Any]:
        eid, day, mentions, sources, articles, first_article, row_json = row
        item = orjson.loads(row_json)
        item["report_id"] = item.get("id")
        item.update(id=eid, article_id=first_article, day=_iso(day), mentions=int(mentions),
                    sources=int(sources), articles=int(articles))
        return item

    def event(self, event_id: str) -> dict[str, Any] | None:
        rows = self._fetchall(f"SELECT {_LIST_COLUMNS} FROM events WHERE id = ?", (event_id,))
        if not rows:
            return None
        item = self._event_item(rows[0])
        reports = self._fetchall(
            "SELECT r.article_id, r.report_id, r.source_key, r.mentions, r.row_json, a.title, a.date, a.url, a.source "
            "FROM event_reports r LEFT JOIN articles a ON a.id = r.article_id WHERE r.event_id = ? "
            "ORDER BY a.date NULLS LAST, r.article_id, r.report_id", (event_id,))
        item["reports"] = [{
            "article_id": aid, "report_id": rid, "source_key": skey, "mentions": int(m),
            "evidence": json.loads(rj).get("evidence", []),
            "article": {"id": aid, "title": title, "date": _iso(date), "url": url, "source": source},
        } for aid, rid, skey, m, rj, title, date, url, source in reports]
        item["article_ids"] = list(dict.fromkeys(r["article_id"] for r in item["reports"]))
        return item

    def article(self, article_id: str) -> dict[str, Any] | None:
        rows = self._fetchall("SELECT id, content_hash, text, date, title, url, source, place, origin, sentences, "
                              "events, ingested_at FROM articles WHERE id = ?", (article_id,))
        if not rows:
            return None
        item = {k: _iso(v) for k, v in zip(ARTICLE_COLUMNS, rows[0], strict=False)}
        reports = self._fetchall(
            "SELECT r.event_id, r.report_id, r.mentions, r.row_json, e.mentions, e.sources, e.articles, e.day "
            "FROM event_reports r JOIN events e ON e.id = r.event_id WHERE r.article_id = ? "
            "ORDER BY r.report_id", (article_id,))
        events = []
        for eid, rid, m, rj, em, es, ea, day in reports:
            row = json.loads(rj)
            row.update(report_id=rid, id=eid, report_mentions=int(m), mentions=int(em), sources=int(es),
                       articles=int(ea), day=_iso(day))
            events.append(row)
        item["events"] = events
        item["evidence"] = sorted({(e["start"], e["end"], e["text"]) for ev in events for e in ev.get("evidence", [])})
        item["evidence"] = [{"start": s, "end": e, "text": t} for s, e, t in item["evidence"]]
        return item

    # -- analytics reads (asserted events only, via dyad_daily) -----------------------
    def _day_range(self, start: str | None, end: str | None) -> tuple[str, list[Any]]:
        clauses, params = [], []
        s, e = query_day(start, "start"), query_day(end, "end")
        if s:
            clauses.append("day >= ?")
            params.append(s)
        if e:
            clauses.append("day <= ?")
            params.append(e)
        return "".join(f" AND {c}" for c in clauses), params

    def dyads(self, *, start: str | None = None, end: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
        rng, params = self._day_range(start, end)
        sums = ", ".join(f"sum({c})" for c in DAILY_SUMS)
        if self._has_keys:  # one plain grouping key instead of two expressions per row
            sql = (f"SELECT split_part(dyad_key, ':', 1) AS x, split_part(dyad_key, ':', 2) AS y, s.* FROM ("
                   f"SELECT dyad_key, {sums}, min(day), max(day) FROM dyad_daily WHERE TRUE{rng} "
                   f"GROUP BY dyad_key) s ORDER BY 4 DESC, 1, 2 LIMIT ?")
            rows = [(r[0], r[1], *r[3:]) for r in self._fetchall(sql, [*params, int(limit)])]
        else:
            rows = self._fetchall(
                f"SELECT least(a, b) AS x, greatest(a, b) AS y, {sums}, min(day), max(day) FROM dyad_daily "
                f"WHERE TRUE{rng} GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT ?", [*params, int(limit)])
        out = []
        for row in rows:
            d = {"a": row[0], "b": row[1]}
            sums = zip(DAILY_SUMS, row[2:10], strict=False)
            d.update({c: (float(v) if i >= 5 else int(v)) for i, (c, v) in enumerate(sums)})
            d.update(first_day=_iso(row[10]), last_day=_iso(row[11]))
            out.append(d)
        return out

    def dyad_days(self, a: str, b: str, *, start: str | None = None, end: str | None = None,
                  directed: bool = False, freq: str = "day") -> list[dict[str, Any]]:
        rng, params = self._day_range(start, end)
        pair, pparams = self._pair_where(a, b, directed)
        sums = ", ".join(f"sum({c})" for c in DAILY_SUMS)
        if freq not in _TRUNC:
            raise ConfigError(f"unknown period {freq!r}; use one of {', '.join(_TRUNC)}")
        period = "day" if freq == "day" else f"CAST(date_trunc('{freq}', day) AS DATE)"
        rows = self._fetchall(f"SELECT {period} AS p, {sums} FROM dyad_daily WHERE {pair}{rng} GROUP BY p ORDER BY p",
                              [*pparams, *params])
        return [_daily_dict(r[0], r[1:]) for r in rows]

    def dyad_first_day(self, a: str, b: str, *, end: str | None = None, directed: bool = False) -> str | None:
        """The first day (``YYYY-MM-DD``) on which the dyad has asserted events, up to ``end``."""
        rng, params = self._day_range(None, end)
        pair, pparams = self._pair_where(a, b, directed)
        rows = self._fetchall(f"SELECT min(day) FROM dyad_daily WHERE {pair}{rng}", [*pparams, *params])
        return _iso(rows[0][0]) if rows and rows[0][0] is not None else None

    def dyad_bounds(self, a: str, b: str, *, directed: bool = False) -> tuple[str, str] | None:
        """The first and last day (``YYYY-MM-DD``) with asserted events of the dyad, or None."""
        pair, pparams = self._pair_where(a, b, directed)
        rows = self._fetchall(f"SELECT min(day), max(day) FROM dyad_daily WHERE {pair}", pparams)
        if not rows or rows[0][0] is None:
            return None
        return _iso(rows[0][0]), _iso(rows[0][1])

    def has_actor_code(self, code: str) -> bool:
        """Whether any stored event has ``code`` among its actors or recipients."""
        rows = self._fetchall("SELECT 1 FROM dyad_daily WHERE a = ? OR b = ? LIMIT 1", (code, code))
        return bool(rows)

    def _pair_where(self, a: str, b: str, directed: bool) -> tuple[str, list[Any]]:
        """WHERE clause of ``dyad_daily`` rows of a dyad (both directions unless ``directed``,
        plus its symmetric rows)."""
        a, b = a.upper(), b.upper()
        lo, hi = sorted((a, b))
        if self._has_keys and a != b:
            # The key's rows are exactly a→b, b→a and the symmetric a–b rows (no self-pairs).
            if directed:
                return "dyad_key = ? AND (sym OR a = ?)", [dyad_key(a, b), a]
            return "dyad_key = ?", [dyad_key(a, b)]
        if directed:
            pair = "((a = ? AND b = ? AND NOT sym) OR (a = ? AND b = ? AND sym))"
            pparams: list[Any] = [a, b, lo, hi]
        else:
            pair = "((a = ? AND b = ? AND NOT sym) OR (a = ? AND b = ? AND NOT sym) OR (a = ? AND b = ? AND sym))"
            pparams = [a, b, b, a, lo, hi]
        return pair, pparams

    def all_dyad_days(self, *, start: str | None = None,
                      end: str | None = None) -> dict[tuple[str, str], list[dict[str, Any]]]:
        rng, params = self._day_range(start, end)
        sums = ", ".join(f"sum({c})" for c in DAILY_SUMS)
        rows = self._fetchall(f"SELECT least(a, b), greatest(a, b), day, {sums} FROM dyad_daily WHERE TRUE{rng} "
                              f"GROUP BY 1, 2, 3 ORDER BY 1, 2, 3", params)
        out: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            out[(row[0], row[1])].append(_daily_dict(row[2], row[3:]))
        return dict(out)

    def dyad_event_ids(self, a: str, b: str, *, start: str, end: str, conflict_only: bool = True,
                       limit: int = 20) -> list[str]:
        where, params = self._where(EventQuery(dyad=(a, b), start=start, end=end))
        if conflict_only:
            where += " AND quad_class IN (3, 4)"
        rows = self._fetchall(f"SELECT id FROM events{where} ORDER BY abs(intensity) DESC, day, id LIMIT ?",
                              [*params, int(limit)])
        return [r[0] for r in rows]

    # -- bulk reads -------------------------------------------------------------------
    def iter_events(self, batch_size: int = 2000) -> Iterator[dict[str, Any]]:
        ids = [r[0] for r in self._fetchall("SELECT id FROM events ORDER BY day NULLS LAST, id")]
        for start in range(0, len(ids), batch_size):
            part = ids[start:start + batch_size]
            marks = ", ".join("?" for _ in part)
            rows = {r[0]: r for r in self._fetchall(f"SELECT {_LIST_COLUMNS} FROM events WHERE id IN ({marks})", part)}
            reps: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for eid, rj, aid, chash, title, date, url, source, place in self._fetchall(
                    "SELECT r.event_id, r.row_json, a.id, a.content_hash, a.title, a.date, a.url, a.source, a.place "
                    f"FROM event_reports r LEFT JOIN articles a ON a.id = r.article_id WHERE r.event_id IN ({marks}) "
                    "ORDER BY r.article_id, r.report_id", part):
                reps[eid].append({"event": json.loads(rj), "article": {
                    "id": aid, "content_hash": chash, "title": title, "date": _iso(date), "url": url,
                    "source": source, "place": place}})
            for eid in part:
                item = self._event_item(rows[eid])
                item["reports"] = reps.get(eid, [])
                yield item

    def stats(self) -> dict[str, int]:
        out = {}
        for name, table in (("articles", "articles"), ("events", "events"), ("reports", "event_reports")):
            out[name] = int(self._fetchall(f"SELECT count(*) FROM {table}")[0][0])
        return out


def _add_daily(sums: dict[tuple[Any, ...], list[float]], key: tuple[Any, ...], values: Sequence[float]) -> None:
    acc = sums.get(key)
    if acc is None:
        sums[key] = list(values)
    else:
        for i, v in enumerate(values):
            acc[i] += v


def _daily_dict(day: Any, sums: Sequence[Any]) -> dict[str, Any]:
    d: dict[str, Any] = {"day": _iso(day)}
    for i, (c, v) in enumerate(zip(DAILY_SUMS, sums, strict=False)):
        d[c] = float(v or 0) if i >= 5 else int(v or 0)
    return d
