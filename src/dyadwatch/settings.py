"""Settings read from the environment (the one place that looks at ``DYADWATCH_*``).

``DYADWATCH_DB``      store URL: a DuckDB file path, ``:memory:`` or ``postgresql://...``
                      (default ``./dyadwatch.duckdb``)
"""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_DB = "dyadwatch.duckdb"
DB_ENV = "DYADWATCH_DB"


def resolve_db_url(url: str | None = None) -> str:
    """The store URL to use: ``url`` if given, else ``$DYADWATCH_DB``, else ``./dyadwatch.duckdb``."""
    if url:
        return url
    return os.environ.get(DB_ENV) or DEFAULT_DB


@dataclass(frozen=True, slots=True)
class Settings:
    """Run-time settings of a service."""

    db_url: str = DEFAULT_DB

    @classmethod
    def from_env(cls, *, db_url: str | None = None) -> Settings:
        """Settings from the environment, with explicit values taking precedence."""
        return cls(db_url=resolve_db_url(db_url))
