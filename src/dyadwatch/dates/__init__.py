"""Event dates from expressions, relative to the publication date."""

from __future__ import annotations

from dyadwatch.dates.background import BACKGROUND_DAYS, is_background
from dyadwatch.dates.resolve import is_future, is_past_year, resolve_date

__all__ = ["BACKGROUND_DAYS", "is_background", "is_future", "is_past_year", "resolve_date"]
