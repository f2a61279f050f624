"""DuckDB backend: an embedded file (default ``./dyadwatch.duckdb``) or ``:memory:``."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from dyadwatch.errors import StoreError
from dyadwatch.store.schema import SCHEMA_VERSION
from dyadwatch.store.sql import SqlStore

log = logging.getLogger(__name__)


#: Words of DuckDB errors that mean the file itself is damaged (truncated, overwritten).
_DAMAGE_SIGNS = ("could not read enough bytes", "corrupt", "checksum", "invalid block", "not a valid duckdb",
                 "the file is not a valid", "failed to read", "serialization error", "invalid unicode in segment",
                 "database file has been damaged")


def open_error(path: str, exc: BaseException) -> StoreError:
    """A clear error for a DuckDB file that cannot be opened: locked, read-only, full, damaged."""
    text = str(exc)
    low = text.lower()
    detail = text.splitlines()[0] if text else type(exc).__name__
    if "lock" in low and ("conflicting" in low or "could not set" in low):
        return StoreError(f"cannot open DuckDB database {path!r}: it is locked ({detail}). Is another dyadwatch "
                          "process writing to it? Wait for it to finish, or read with a command that only reads",
                          code="DW306")
    if "read-only file system" in low or "permission denied" in low or "readonly" in low:
        return StoreError(f"cannot open DuckDB database {path!r} for writing: {detail}. The file or its folder "
                          "is read-only; reading commands (events, dyads, export) still work", code="DW304")
    if "no space left" in low:
        return StoreError(f"cannot open DuckDB database {path!r}: the disk is full ({detail})", code="DW303")
    return StoreError(f"cannot open DuckDB database {path!r}: the file is damaged or not a dyadwatch store "
                      f"({detail}). Restore it from a backup or an export ('dyadwatch import'), or use another "
                      "--db", code="DW305")


class DuckDBStore(SqlStore):
    """A store in one DuckDB database file (one writer process at a time).

    Args:
        path: database file, or ``":memory:"``.
        schema_version: migrate only up to this version (tests of migrations).
        read_only: open the file read-only (read commands: works on a read-only
            filesystem and beside a writer of another process; never creates or migrates).
    """

    dialect = "duckdb"

    def __init__(self, path: str | Path = ":memory:", *, schema_version: int = SCHEMA_VERSION,
                 read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only and self.path != ":memory:"
        self.url = self.path
        self._types: dict[str, dict[str, Any]] = {}
        self._owner = threading.get_ident()
        self._tx_thread: int | None = None
        self._local = threading.local()
        self._cursors: list[Any] = []
        self._cursors_lock = threading.Lock()
        if self.read_only and not Path(self.path).is_file():
            raise StoreError(f"no store at {self.path!r}: the file does not exist; create it with "
                             "'dyadwatch ingest' or give --db", code="DW307")
        try:
            if self.path != ":memory:" and not self.read_only:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.con = duckdb.connect(self.path, read_only=self.read_only)
        except (duckdb.Error, OSError) as exc:
            raise open_error(self.path, exc) from exc
        try:
            if self.read_only:
                self._check_readable()
            else:
                self._migrate(schema_version)
        except StoreError as exc:
            self.close()
            if exc.code == "DW301":  # a file DuckDB opens but cannot read as a store
                raise open_error(self.path, exc) from exc
            raise
        except BaseException:
            self.close()
            raise

    def _error(self, exc: BaseException, sql: str) -> StoreError:
        """A DuckDB error as a StoreError: a damaged file, a full disk or a read-only file named as such."""
        text = str(exc)
        low = text.lower()
        if any(sign in low for sign in _DAMAGE_SIGNS):
            return StoreError(f"DuckDB {self.path}: the store file is damaged ({text.splitlines()[0]}). Restore it "
                              "from a backup or an export ('dyadwatch import'), or use another --db", code="DW305")
        if "no space left" in low:
            return StoreError(f"DuckDB {self.path}: {text} (in: {sql[:120]})", code="DW303")
        return StoreError(f"DuckDB {self.path}: {text} (in: {sql[:120]})")

    def _check_readable(self) -> None:
        """A store opened read-only: check what it is without changing it."""
        if not self._has_table("dw_meta"):
            raise StoreError(f"{self.path!r} is a DuckDB file but not a dyadwatch store (no dw_meta table)",
                             code="DW305")
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(f"database {self.path} has schema version {current}, newer than this dyadwatch "
                             f"({SCHEMA_VERSION}); upgrade dyadwatch", code="DW302")
        self._version = current  # an older schema is read as it is (migrated by the next write)

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        try:
            self.con.execute(sql, list(params))
        except duckdb.Error as exc:
            raise self._error(exc, sql) from exc

    #: Reads from other threads run on their own cursors, concurrently (see ``_reader``).
    concurrent_reads = True

    def _reader(self) -> Any:
        """The connection a read of this thread uses: the store's own connection in the
        thread that opened it or that holds a transaction (so a transaction reads its own
        writes), else a cursor of this thread (DuckDB runs queries of different cursors in
        parallel, each on the last committed data)."""
        ident = threading.get_ident()
        if ident == self._owner or ident == self._tx_thread:
            return self.con
        cursor = getattr(self._local, "cursor", None)
        if cursor is None:
            with self._cursors_lock:
                cursor = self._local.cursor = self.con.cursor()
                self._cursors.append(cursor)
        return cursor

    def _begin(self) -> None:
        self._execute("BEGIN")
        self._tx_thread = threading.get_ident()

    def _commit(self) -> None:
        try:
            self._execute("COMMIT")
        finally:
            self._tx_thread = None

    def _rollback(self) -> None:
        try:
            self.con.execute("ROLLBACK")
        except duckdb.Error as exc:  # a failed COMMIT has already ended the transaction
            log.debug("rollback of %s: %s", self.path, exc)
        finally:
            self._tx_thread = None

    def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._reader().execute(sql, list(params)).fetchall()
        except duckdb.Error as exc:
            raise self._error(exc, sql) from exc

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        try:
            self.con.executemany(sql, [list(r) for r in rows])
        except duckdb.Error as exc:
            raise self._error(exc, sql) from exc

    # DuckDB runs executemany one row at a time (milliseconds each), so every multi-row
    # write goes through an Arrow table registered as a view.
    def _stage(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> Any:
        import pyarrow as pa

        types = self._column_types(table)
        arrays = [pa.array([r[i] for r in rows], type=types.get(c)) for i, c in enumerate(columns)]
        return pa.Table.from_arrays(arrays, names=list(columns))

    def _run_staged(self, sql: str, staged: Any) -> None:
        try:
            self.con.register("_dw_staged", staged)
            self.con.execute(sql)
        except duckdb.Error as exc:
            raise self._error(exc, sql) from exc
        finally:
            self.con.unregister("_dw_staged")

    def _insert_rows(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        cols = ", ".join(columns)
        self._run_staged(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _dw_staged",
                         self._stage(table, columns, rows))

    def _upsert(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        head, _, tail = sql.partition(" VALUES ")
        table = head.split()[2]
        columns = [c.strip() for c in head[head.index("(") + 1:head.rindex(")")].split(",")]
        conflict = tail[tail.index(" ON CONFLICT"):]
        self._run_staged(f"{head} SELECT {', '.join(columns)} FROM _dw_staged{conflict}",
                         self._stage(table, columns, rows))

    def _update_counts(self, updates: list[tuple[int, int, int, str]]) -> None:
        import pyarrow as pa

        staged = pa.table({"add_mentions": [u[0] for u in updates], "sources": [u[1] for u in updates],
                           "articles": [u[2] for u in updates], "id": [u[3] for u in updates]})
        self._run_staged("UPDATE events SET mentions = events.mentions + s.add_mentions, sources = s.sources, "
                         "articles = s.articles FROM _dw_staged s WHERE events.id = s.id", staged)

    def _column_types(self, table: str) -> dict[str, Any]:
        cached = self._types.get(table)
        if cached is None:
            import pyarrow as pa

            mapping = {"VARCHAR": pa.string(), "VARCHAR[]": pa.list_(pa.string()), "DATE": pa.date32(),
                       "INTEGER": pa.int32(), "SMALLINT": pa.int16(), "DOUBLE": pa.float64(),
                       "TIMESTAMP": pa.timestamp("us"), "BOOLEAN": pa.bool_()}
            rows = self._fetchall("SELECT column_name, data_type FROM information_schema.columns "
                                  "WHERE table_name = ?", (table,))
            cached = self._types[table] = {name: mapping.get(kind) for name, kind in rows}
        return cached

    def _distinct_sorted(self, column: str) -> str:
        return f"list_sort(list_distinct({column}))"

    def _cardinality(self, expr: str) -> str:
        return f"coalesce(len({expr}), 0)"

    def _after_keys_backfill(self) -> None:
        self._rewrite_sorted("dyad_daily", "dyad_key, day")

    def _rewrite_sorted(self, table: str, order: str) -> None:
        """Rewrite ``table`` in ``order`` (inside the caller's transaction), so that DuckDB's
        per-row-group min/max statistics (zone maps) let filters on those columns skip most
        of the table."""
        rows = self._fetchall("SELECT sql FROM duckdb_tables() WHERE table_name = ? AND schema_name = 'main'",
                              (table,))
        ddl, n = re.subn(rf"^CREATE TABLE {table}\(", f"CREATE TABLE _dw_sorted_{table}(", rows[0][0] if rows else "")
        if n != 1:
            raise StoreError(f"DuckDB {self.path}: cannot re-sort table {table!r} (unexpected definition)")
        # A new table filled in order and renamed: much faster than DELETE and INSERT,
        # which would update the primary-key index row by row.
        self._execute(ddl)
        self._execute(f"INSERT INTO _dw_sorted_{table} SELECT * FROM {table} ORDER BY {order}")
        self._execute(f"DROP TABLE {table}")
        self._execute(f"ALTER TABLE _dw_sorted_{table} RENAME TO {table}")
        self._types.pop(table, None)

    def optimize(self) -> None:
        """Rewrite ``events`` in day order and ``dyad_daily`` in (dyad, day) order, one
        transaction each, then checkpoint. Ingest in publication order keeps ``events``
        close to day order anyway; after a bulk load of shuffled data or a long time of
        ingest, this restores the layout the zone maps need (minutes for 10 million events)."""
        for table, order in (("events", "day, id"), ("dyad_daily", "dyad_key, day")):
            self._begin()
            try:
                self._rewrite_sorted(table, order)
                self._commit()
            except BaseException:
                self._rollback()
                raise
        self._execute("CHECKPOINT")

    def _contains(self, column: str) -> str:
        return f"list_contains({column}, ?)"

    def _is_empty(self, column: str) -> str:
        return f"len({column}) = 0"

    def close(self) -> None:
        """Close the connection and the read cursors (checkpointing the file)."""
        try:
            for cursor in self._cursors:
                cursor.close()
            self._cursors.clear()
            self.con.close()
        except duckdb.Error as exc:  # pragma: no cover - closing twice is harmless
            log.debug("closing %s: %s", self.path, exc)
