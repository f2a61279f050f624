"""The store's side of ``dyadwatch watch`` (schema 4): per-source fetch state, the items
seen per source, the alerts watchlists raised and each alert's delivery to each sink.

Exactly once: an article and the "seen" marks of the items it came from are written in
one transaction (:meth:`WatchTables.add_watched_articles`), so a watcher killed at any
moment either stored both or neither; an alert and one pending delivery row per sink
are written together too, and a delivery is marked done only after the sink took it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from dyadwatch.records import CodedArticle
from dyadwatch.store.base import StoredCounts

SOURCE_STATE_COLUMNS = ("name", "last_fetch", "last_new", "next_fetch", "items_coded", "failures", "etag",
                        "last_modified", "last_error")
SEEN_COLUMNS = ("source", "item_key", "article_id", "outcome", "seen_at")


def utcnow() -> dt.datetime:
    """Now in UTC, naive, to the second (how the store keeps timestamps)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


class WatchTables:
    """Methods on ``SqlStore`` for the watch tables (both backends, same SQL)."""

    if TYPE_CHECKING:  # provided by SqlStore
        def _execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...
        def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...
        def _insert_rows(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None: ...
        def _begin(self) -> None: ...
        def _commit(self) -> None: ...
        def _rollback(self) -> None: ...
        def _existing(self, table: str, column: str, values: Sequence[str]) -> set[str]: ...
        def _add_batch(self, batch: Sequence[CodedArticle], hashes: list[str]) -> StoredCounts: ...

    def _in_transaction(self, work: Any) -> Any:
        self._begin()
        try:
            result = work()
            self._commit()
        except BaseException:
            self._rollback()
            raise
        return result

    # -- per-source state --------------------------------------------------------------
    def watch_source_states(self) -> dict[str, dict[str, Any]]:
        """Fetch state of every source the watcher has seen, by name."""
        rows = self._fetchall(f"SELECT {', '.join(SOURCE_STATE_COLUMNS)} FROM watch_sources ORDER BY name")
        return {r[0]: {c: _iso(v) for c, v in zip(SOURCE_STATE_COLUMNS, r, strict=True)} for r in rows}

    def save_watch_source(self, name: str, **values: Any) -> None:
        """Create or update one source's state (only the given columns change)."""
        unknown = set(values) - set(SOURCE_STATE_COLUMNS[1:])
        if unknown:
            raise ValueError(f"unknown watch_sources columns: {sorted(unknown)}")
        columns = ["name", *values]
        marks = ", ".join("?" for _ in columns)
        sets = ", ".join(f"{c} = excluded.{c}" for c in values) or "name = excluded.name"
        self._execute(f"INSERT INTO watch_sources ({', '.join(columns)}) VALUES ({marks}) "
                      f"ON CONFLICT (name) DO UPDATE SET {sets}", [name, *values.values()])

    # -- seen items --------------------------------------------------------------------
    def watch_seen(self, source: str, keys: Sequence[str]) -> set[str]:
        """Which of ``keys`` were already seen for ``source``."""
        found: set[str] = set()
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 500):
            part = unique[start:start + 500]
            marks = ", ".join("?" for _ in part)
            found.update(r[0] for r in self._fetchall(
                f"SELECT item_key FROM watch_seen WHERE source = ? AND item_key IN ({marks})", [source, *part]))
        return found

    def _insert_seen(self, seen: Sequence[tuple[str, str, str | None, str]]) -> None:
        now = utcnow()
        rows: dict[tuple[str, str], tuple[Any, ...]] = {}
        for source, key, article_id, outcome in seen:
            rows.setdefault((source, key), (source, key, article_id, outcome, now))
        by_source: dict[str, list[str]] = {}
        for source, key in rows:
            by_source.setdefault(source, []).append(key)
        for source, keys in by_source.items():  # a mark already there stays as it was
            for key in self.watch_seen(source, keys):
                rows.pop((source, key), None)
        self._insert_rows("watch_seen", SEEN_COLUMNS, list(rows.values()))

    def mark_watch_seen(self, seen: Sequence[tuple[str, str, str | None, str]]) -> None:
        """Record items as seen: ``(source, item_key, article_id or None, outcome)``."""
        if seen:
            self._in_transaction(lambda: self._insert_seen(seen))

    def add_watched_articles(self, batch: Sequence[CodedArticle], seen: Sequence[tuple[str, str, str | None, str]],
                             *, dirty: Callable[[list[bool]], dict[tuple[str, str, str], dt.date]] | None = None
                             ) -> StoredCounts:
        """Store coded articles, mark the items they came from as seen and (``dirty``: from the
        per-article stored flags, the ``(a, b, category) -> earliest day`` of the new events)
        mark dyads for alert re-evaluation, all in one transaction."""
        hashes = [getattr(c, "content_hash", None) or c.article.content_hash for c in batch]

        def work() -> StoredCounts:
            counts = self._add_batch(batch, hashes) if batch else StoredCounts()
            self._insert_seen(seen)
            rows = list(dirty(list(counts.stored)).items()) if dirty is not None else []
            for start in range(0, len(rows), 200):  # one statement per 200 rows (a row at a time is slow in DuckDB)
                part = rows[start:start + 200]
                marks = ", ".join("(?, ?, ?, ?)" for _ in part)
                self._execute(f"INSERT INTO watch_dirty (a, b, category, day) VALUES {marks} "
                              "ON CONFLICT (a, b, category) DO UPDATE SET day = least(watch_dirty.day, excluded.day)",
                              [v for (a, b, category), day in part for v in (a, b, category, day)])
            return counts

        result: StoredCounts = self._in_transaction(work)
        return result

    def watch_dirty(self) -> dict[tuple[str, str], tuple[set[str], str]]:
        """Dyads that received events since their alerts were last evaluated: the categories
        and the earliest day, by sorted pair."""
        out: dict[tuple[str, str], tuple[set[str], str]] = {}
        for a, b, category, day in self._fetchall("SELECT a, b, category, day FROM watch_dirty ORDER BY a, b"):
            categories, first = out.get((a, b), (set(), _iso(day)))
            categories.add(category)
            out[(a, b)] = (categories, min(first, _iso(day)))
        return out

    def clear_watch_dirty(self, pairs: Sequence[tuple[str, str]]) -> None:
        """These dyads' alerts are evaluated and recorded."""
        for start in range(0, len(pairs), 200):
            part = pairs[start:start + 200]
            where = " OR ".join("(a = ? AND b = ?)" for _ in part)
            self._execute(f"DELETE FROM watch_dirty WHERE {where}", [v for pair in part for v in pair])

    def stored_hashes(self, hashes: Sequence[str]) -> set[str]:
        """Which of these content hashes are stored (one query per 500)."""
        return self._existing("articles", "content_hash", hashes)

    def watch_seen_count(self, source: str | None = None) -> int:
        where, params = (" WHERE source = ?", [source]) if source else ("", [])
        return int(self._fetchall(f"SELECT count(*) FROM watch_seen{where}", params)[0][0])

    # -- alerts and deliveries ---------------------------------------------------------
    def add_watch_alert(self, alert_id: str, *, watchlist: str, dyad: tuple[str, str], period: str, freq: str,
                        score: float, payload: str, sinks: Sequence[str]) -> bool:
        """Record a new alert with one pending delivery per sink; False when it was known."""

        def work() -> bool:
            if self._fetchall("SELECT 1 FROM watch_alerts WHERE id = ?", (alert_id,)):
                return False
            now = utcnow()
            self._execute("INSERT INTO watch_alerts (id, watchlist, a, b, period, freq, score, payload, created_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          (alert_id, watchlist, dyad[0], dyad[1], period, freq, float(score), payload, now))
            for sink in sinks:
                self._execute("INSERT INTO watch_deliveries (alert_id, sink, status, attempts, next_attempt) "
                              "VALUES (?, ?, 'pending', 0, ?)", (alert_id, sink, now))
            return True

        result: bool = self._in_transaction(work)
        return result

    def pending_deliveries(self, *, due: dt.datetime | None = None) -> list[dict[str, Any]]:
        """Deliveries not yet done (oldest alert first), only those due by ``due`` when given."""
        clause, params = ("", []) if due is None else (" AND (d.next_attempt IS NULL OR d.next_attempt <= ?)", [due])
        rows = self._fetchall(
            "SELECT d.alert_id, d.sink, d.attempts, a.payload FROM watch_deliveries d "
            f"JOIN watch_alerts a ON a.id = d.alert_id WHERE d.status = 'pending'{clause} "
            "ORDER BY a.created_at, a.id, d.sink", params)
        return [{"alert_id": r[0], "sink": r[1], "attempts": int(r[2]), "payload": r[3]} for r in rows]

    def record_delivery(self, alert_id: str, sink: str, *, ok: bool, error: str | None = None,
                        next_attempt: dt.datetime | None = None) -> None:
        """A delivery attempt's outcome: done, or still pending with the error and the next try."""
        if ok:
            self._execute("UPDATE watch_deliveries SET status = 'delivered', attempts = attempts + 1, "
                          "delivered_at = ?, last_error = NULL WHERE alert_id = ? AND sink = ?",
                          (utcnow(), alert_id, sink))
        else:
            self._execute("UPDATE watch_deliveries SET attempts = attempts + 1, last_error = ?, next_attempt = ? "
                          "WHERE alert_id = ? AND sink = ?", (error, next_attempt, alert_id, sink))

    def watch_alerts(self, *, limit: int = 100) -> list[dict[str, Any]]:
        """Alerts raised by watchlists (newest first) with their deliveries."""
        rows = self._fetchall("SELECT id, watchlist, a, b, period, freq, score, payload, created_at FROM watch_alerts "
                              "ORDER BY created_at DESC, id LIMIT ?", (int(limit),))
        deliveries: dict[str, list[dict[str, Any]]] = {}
        if rows:
            marks = ", ".join("?" for _ in rows)
            for aid, sink, status, attempts, delivered, error in self._fetchall(
                    "SELECT alert_id, sink, status, attempts, delivered_at, last_error FROM watch_deliveries "
                    f"WHERE alert_id IN ({marks}) ORDER BY sink", [r[0] for r in rows]):
                deliveries.setdefault(aid, []).append({"sink": sink, "status": status, "attempts": int(attempts),
                                                       "delivered_at": _iso(delivered), "error": error})
        return [{"id": r[0], "watchlist": r[1], "dyad": [r[2], r[3]], "period": r[4], "freq": r[5],
                 "score": r[6], "payload": r[7], "created_at": _iso(r[8]), "deliveries": deliveries.get(r[0], [])}
                for r in rows]
