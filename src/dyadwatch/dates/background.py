"""Whether a dated event is background (status ``historical``) rather than news of the report.

The rule (docs/coding.md, "Historical means background"):

* a date known only to the **year** ("in 1972", "since 1949", "two decades ago", "last
  year") is background when that year is before the publication year: the text names an
  earlier period explicitly;
* a date known to the **month** or the **day** is background only when the whole period it
  names ends at least :data:`BACKGROUND_DAYS` days before publication: a recent weekday,
  "last week", "last month" or "Dec 30" in a 2 January report is news, whatever the
  calendar year;
* an unknown date, a missing or unreadable publication date, or a date after publication is
  never background.

The decision depends only on the two dates, never on the day the program runs.
"""

from __future__ import annotations

import calendar
from datetime import date

#: A day- or month-precise event is background when its period ends this many days or more
#: before publication (about a year: the old calendar-year rule on average, without its edge).
BACKGROUND_DAYS = 365


def _period_end(date_: str, precision: str) -> date | None:
    """The last day of the period a resolved date names, or None when it cannot be read."""
    try:
        if precision == "day":
            return date.fromisoformat(date_[:10])
        if precision == "month":
            year, month = int(date_[:4]), int(date_[5:7])
            return date(year, month, calendar.monthrange(year, month)[1])
        if precision == "year":
            return date(int(date_[:4]), 12, 31)
    except (ValueError, IndexError):
        return None
    return None


def is_background(date_: str | None, precision: str, published: str | None) -> bool:
    """True when an event dated ``date_`` (at ``precision``) is background to a report of ``published``.

    Args:
        date_: the event's resolved date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``).
        precision: ``year``, ``month``, ``day`` or ``unknown``.
        published: the publication date ``YYYY-MM-DD``.

    Example:
        >>> is_background("1972", "year", "2025-11-18")
        True
        >>> is_background("2025-12-30", "day", "2026-01-02")
        False
    """
    if not date_ or not published or precision not in ("day", "month", "year"):
        return False
    end = _period_end(date_, precision)
    try:
        pub = date.fromisoformat(published.strip()[:10])
    except ValueError:
        return False
    if end is None:
        return False
    if precision == "year":
        return end.year < pub.year
    return (pub - end).days >= BACKGROUND_DAYS
