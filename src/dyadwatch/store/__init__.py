"""Event store: DuckDB by default, PostgreSQL for servers, one interface (``Store``).

Example:
    >>> from dyadwatch.store import open_store
    >>> store = open_store(":memory:")
    >>> store.stats()["events"]
    0
"""

from __future__ import annotations

from dyadwatch.errors import ConfigError
from dyadwatch.settings import resolve_db_url
from dyadwatch.store.base import DEFAULT_STATUS, EventPage, EventQuery, Store, StoredCounts

POSTGRES_PREFIXES = ("postgresql://", "postgres://")


def open_store(url: str | None = None, *, read_only: bool = False) -> Store:
    """Open (and create or migrate) a store.

    Args:
        url: ``None`` → ``$DYADWATCH_DB`` or ``./dyadwatch.duckdb``; ``":memory:"`` → an
            in-memory DuckDB; ``"postgresql://..."`` → PostgreSQL (needs the extra
            ``dyadwatch[postgres]``); anything else is a DuckDB file path
            (``duckdb:///path`` also works).
        read_only: open a DuckDB file read-only (never created or migrated; works on a
            read-only filesystem). PostgreSQL stores open as usual.

    Raises:
        ConfigError: the PostgreSQL driver is missing or the URL is unusable.
        StoreError: the database cannot be opened or its schema is newer than this dyadwatch.
    """
    resolved = resolve_db_url(url)
    if resolved.startswith(POSTGRES_PREFIXES):
        try:
            import psycopg  # noqa: F401
        except ImportError as exc:
            raise ConfigError(
                f"PostgreSQL URL {resolved.split('@')[-1]!r} needs psycopg: "
                "pip install 'dyadwatch[postgres]'", code="DW002") from exc
        from dyadwatch.store.postgres import PostgresStore

        return PostgresStore(resolved)
    if "://" in resolved and not resolved.startswith("duckdb://"):
        raise ConfigError(f"unknown store URL {resolved!r}: use a DuckDB file path, ':memory:' "
                          "or postgresql://USER@HOST:PORT/DB")
    from dyadwatch.store.duckdb import DuckDBStore

    return DuckDBStore(resolved.removeprefix("duckdb://"), read_only=read_only)


__all__ = ["DEFAULT_STATUS", "EventPage", "EventQuery", "Store", "StoredCounts", "open_store"]
