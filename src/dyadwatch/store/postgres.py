"""PostgreSQL backend (psycopg 3; the extra ``dyadwatch[postgres]``).

The URL may carry ``?schema=NAME``: the store then lives in that schema (created if
missing), which is how the tests keep each session apart.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from dyadwatch.errors import ConfigError, StoreError
from dyadwatch.store.schema import SCHEMA_VERSION
from dyadwatch.store.sql import SqlStore

log = logging.getLogger(__name__)

_SCHEMA_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_MIGRATION_LOCK = 7_246_917  # pg_advisory_xact_lock key
_WRITE_LOCK = 7_246_918  # pg_advisory_xact_lock(key, schema hash) of write batches


def _pg(sql: str) -> str:
    """``?`` placeholders to psycopg's ``%s`` (literal ``%`` doubled first)."""
    return sql.replace("%", "%%").replace("?", "%s")


def split_schema(url: str) -> tuple[str, str | None]:
    """Take ``schema=`` out of a PostgreSQL URL's query string."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schema = next((v for k, v in query if k == "schema"), None)
    rest = [(k, v) for k, v in query if k != "schema"]
    return urlunsplit(parts._replace(query=urlencode(rest))), schema


class PostgresStore(SqlStore):
    """A store in a PostgreSQL database (many readers and writers; one transaction per batch).

    Args:
        url: ``postgresql://USER@HOST:PORT/DB`` (optionally ``?schema=NAME``).
        schema_version: migrate only up to this version (tests of migrations).
    """

    dialect = "postgres"

    def __init__(self, url: str, *, schema_version: int = SCHEMA_VERSION) -> None:
        import psycopg

        self._psycopg = psycopg
        self.url = url
        conninfo, self.schema = split_schema(url)
        if self.schema is not None and not _SCHEMA_RE.match(self.schema):
            raise ConfigError(f"invalid schema name {self.schema!r} in the store URL (use lower-case letters, "
                              "digits and _)")
        try:
            self.con = psycopg.connect(conninfo, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to PostgreSQL at {self._safe_url()}: {exc}") from exc
        try:
            if self.schema:
                self._execute(f"CREATE SCHEMA IF NOT EXISTS {self.schema}")
                self._execute(f"SET search_path TO {self.schema}")
            self._migrate(schema_version)
        except BaseException:
            self.close()
            raise

    def _schema_filter(self) -> str:
        return " AND table_schema = current_schema()"

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        try:
            self.con.execute(_pg(sql), list(params))  # type: ignore[arg-type]
        except self._psycopg.Error as exc:
            raise StoreError(f"PostgreSQL {self._safe_url()}: {exc} (in: {sql[:120]})") from exc

    def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self.con.execute(_pg(sql), list(params)).fetchall()  # type: ignore[arg-type]
        except self._psycopg.Error as exc:
            raise StoreError(f"PostgreSQL {self._safe_url()}: {exc} (in: {sql[:120]})") from exc

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        try:
            with self.con.cursor() as cur:
                cur.executemany(_pg(sql), [list(r) for r in rows])  # type: ignore[arg-type]
        except self._psycopg.Error as exc:
            raise StoreError(f"PostgreSQL {self._safe_url()}: {exc} (in: {sql[:120]})") from exc

    def _insert_rows(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        try:
            with self.con.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        except self._psycopg.Error as exc:
            raise StoreError(f"PostgreSQL {self._safe_url()}: insert into {table} failed: {exc}") from exc

    def _rollback(self) -> None:
        try:
            self.con.execute("ROLLBACK")
        except self._psycopg.Error as exc:  # the connection may be gone
            log.debug("rollback failed: %s", exc)

    def _lock_schema(self) -> None:
        self._execute(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")

    def _lock_writes(self) -> None:
        # Per schema: stores in other schemas of one database do not wait for each other.
        self._execute(f"SELECT pg_advisory_xact_lock({_WRITE_LOCK}, hashtext(current_schema()))")

    def _distinct_sorted(self, column: str) -> str:
        return f"ARRAY(SELECT DISTINCT x COLLATE \"C\" FROM unnest({column}) x WHERE x IS NOT NULL ORDER BY 1)"

    def _cardinality(self, expr: str) -> str:
        return f"coalesce(cardinality({expr}), 0)"

    def _pair_sql(self, a: str, b: str) -> str:
        return f"CASE WHEN {a} COLLATE \"C\" < {b} COLLATE \"C\" THEN {a} || ':' || {b} ELSE {b} || ':' || {a} END"

    def _round(self, expr: str) -> str:
        # PostgreSQL rounds only numeric to a number of places
        from dyadwatch.store.sql import DAILY_DECIMALS

        return f"CAST(round(CAST({expr} AS numeric), {DAILY_DECIMALS}) AS double precision)"

    def _after_keys_backfill(self) -> None:
        from dyadwatch.store.schema import V3_POSTGRES_INDEXES, statements

        for statement in statements(V3_POSTGRES_INDEXES):
            self._execute(statement)
        self._execute("ANALYZE events")
        self._execute("ANALYZE dyad_daily")

    def optimize(self) -> None:
        """Cluster ``dyad_daily`` on (dyad, day) and refresh the planner statistics."""
        self._execute("CLUSTER dyad_daily USING dyad_daily_key_idx")
        self._execute("ANALYZE events")
        self._execute("ANALYZE dyad_daily")

    def _contains(self, column: str) -> str:
        return f"{column} @> ARRAY[?]::text[]"

    def _is_empty(self, column: str) -> str:
        return f"cardinality({column}) = 0"

    def drop_schema(self) -> None:
        """Drop this store's schema and everything in it (tests)."""
        if not self.schema:
            raise ConfigError("drop_schema needs a store opened with ?schema=NAME")
        self._execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")

    def close(self) -> None:
        """Close the connection."""
        try:
            self.con.close()
        except self._psycopg.Error as exc:  # pragma: no cover
            log.debug("closing: %s", exc)
