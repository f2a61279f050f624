"""Event dates from expressions, relative to the publication date."""

from __future__ import annotations

from dyadwatch.dates.resolve import is_future, is_past_year, resolve_date

__all__ = ["is_future", "is_past_year", "resolve_date"]
