"""DuckDB backend: an embedded file (default ``./dyadwatch.duckdb``) or ``:memory:``."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from dyadwatch.errors import StoreError
from dyadwatch.store.schema import SCHEMA_VERSION
from dyadwatch.store.sql import SqlStore

log = logging.getLogger(__name__)

#: Above this many rows an insert goes through an Arrow table instead of executemany.
BULK_ROWS = 64


class DuckDBStore(SqlStore):
    """A store in one DuckDB database file (one writer process at a time).

    Args:
        path: database file, or ``":memory:"``.
        schema_version: migrate only up to this version (tests of migrations).
    """

    dialect = "duckdb"

    def __init__(self, path: str | Path = ":memory:", *, schema_version: int = SCHEMA_VERSION) -> None:
        self.path = str(path)
        self.url = self.path
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.con = duckdb.connect(self.path)
        except (duckdb.Error, OSError) as exc:
            raise StoreError(f"cannot open DuckDB database {self.path!r}: {exc}. Is another dyadwatch "
                             "process writing to it?") from exc
        try:
            self._migrate(schema_version)
        except BaseException:
            self.close()
            raise

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        try:
            self.con.execute(sql, list(params))
        except duckdb.Error as exc:
            raise StoreError(f"DuckDB {self.path}: {exc} (in: {sql[:120]})") from exc

    def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self.con.execute(sql, list(params)).fetchall()
        except duckdb.Error as exc:
            raise StoreError(f"DuckDB {self.path}: {exc} (in: {sql[:120]})") from exc

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        try:
            self.con.executemany(sql, [list(r) for r in rows])
        except duckdb.Error as exc:
            raise StoreError(f"DuckDB {self.path}: {exc} (in: {sql[:120]})") from exc

    def _insert_rows(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        cols = ", ".join(columns)
        if len(rows) < BULK_ROWS:
            marks = ", ".join("?" for _ in columns)
            self._executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)
            return
        import pyarrow as pa

        types = {c: t for c, t in self._column_types(table).items()}
        arrays = [pa.array([r[i] for r in rows], type=types.get(c)) for i, c in enumerate(columns)]
        staged = pa.Table.from_arrays(arrays, names=list(columns))
        try:
            self.con.register("_dw_staged", staged)
            self.con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _dw_staged")
        except duckdb.Error as exc:
            raise StoreError(f"DuckDB {self.path}: bulk insert into {table} failed: {exc}") from exc
        finally:
            self.con.unregister("_dw_staged")

    def _column_types(self, table: str) -> dict[str, Any]:
        import pyarrow as pa

        mapping = {"VARCHAR": pa.string(), "VARCHAR[]": pa.list_(pa.string()), "DATE": pa.date32(),
                   "INTEGER": pa.int32(), "SMALLINT": pa.int16(), "DOUBLE": pa.float64(),
                   "TIMESTAMP": pa.timestamp("us"), "BOOLEAN": pa.bool_()}
        rows = self._fetchall("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?",
                              (table,))
        return {name: mapping.get(kind) for name, kind in rows}

    def _contains(self, column: str) -> str:
        return f"list_contains({column}, ?)"

    def _is_empty(self, column: str) -> str:
        return f"len({column}) = 0"

    def close(self) -> None:
        """Close the connection (checkpointing the file)."""
        try:
            self.con.close()
        except duckdb.Error as exc:  # pragma: no cover - closing twice is harmless
            log.debug("closing %s: %s", self.path, exc)
