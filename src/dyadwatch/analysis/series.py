"""Dyad series: daily aggregate rows → one :class:`DyadPoint` per period, with the tension index.

The input rows are what the store's ``dyad_daily`` table holds per day (asserted
events only): ``events``, ``q1``..``q4``, ``intensity_sum``, ``conflict_abs`` (sum of
|intensity| over quad 3-4 events) and ``coop_abs`` (the same over quad 1-2).

Tension index (see ``docs/analysis.md``)::

    C = Σ over conflict events (|intensity| + 1)       # conflict weight
    P = Σ over cooperation events (|intensity| + 1)    # cooperation weight
    tension = 100 · (C − P) / (C + P + K)              # K = TENSION_PRIOR

It runs from −100 (all cooperation) to +100 (all conflict), 0 when balanced. A period
without events has no tension (``None``): it is a gap in the series, not a balanced period.
Being a share it compares dyads of very different news volume; the prior K pulls
periods with little news towards 0, so one accusation does not read as a crisis.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from dyadwatch.errors import ConfigError, InputError
from dyadwatch.records import DyadPoint

FREQS = ("day", "week", "month", "year")
DEFAULT_FREQ = "week"
#: Added to |intensity| for each event, so events scored 0 (REQUEST) still count.
EVENT_BASE_WEIGHT = 1.0
#: K in the tension formula, in weight units (about two moderate events).
TENSION_PRIOR = 10.0

#: Most points one series may hold (``series_freq`` picks a coarser period above it): about
#: 2.7 years by day, 19 by week, 83 by month, 1,000 by year.
MAX_POINTS = 1000

_SUMS = ("events", "q1", "q2", "q3", "q4", "intensity_sum", "conflict_abs", "coop_abs")


def check_freq(freq: str) -> str:
    """Validate a period name (``day``, ``week``, ``month``)."""
    if freq not in FREQS:
        raise ConfigError(f"unknown period {freq!r}; use one of {', '.join(FREQS)}")
    return freq


def period_start(day: dt.date, freq: str) -> dt.date:
    """First day of the period holding ``day`` (weeks start on Monday)."""
    if freq == "day":
        return day
    if freq == "week":
        return day - dt.timedelta(days=day.weekday())
    if freq == "month":
        return day.replace(day=1)
    if freq == "year":
        return day.replace(month=1, day=1)
    raise ConfigError(f"unknown period {freq!r}; use one of {', '.join(FREQS)}")


def next_period(start: dt.date, freq: str) -> dt.date:
    """First day of the following period (``date.max`` past the end of the calendar)."""
    try:
        if freq == "day":
            return start + dt.timedelta(days=1)
        if freq == "week":
            return start + dt.timedelta(days=7)
        if freq == "year":
            return start.replace(year=start.year + 1, month=1, day=1)
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    except (OverflowError, ValueError):  # past 9999-12-31
        return dt.date.max


def count_periods(first: dt.date, last: dt.date, freq: str) -> int:
    """How many periods ``periods_between(first, last, freq)`` holds, without building them."""
    if last < first:
        return 0
    a, b = period_start(first, freq), period_start(last, freq)
    if freq == "day":
        return (b - a).days + 1
    if freq == "week":
        return (b - a).days // 7 + 1
    if freq == "year":
        return b.year - a.year + 1
    return (b.year - a.year) * 12 + b.month - a.month + 1


def series_freq(first: dt.date, last: dt.date, freq: str, *, max_points: int = MAX_POINTS) -> str:
    """``freq``, or the finest coarser period that keeps first..last within ``max_points``.

    Raises:
        InputError: [DW608] when even years give more than ``max_points`` points.
    """
    check_freq(freq)
    for candidate in FREQS[FREQS.index(freq):]:
        if count_periods(first, last, candidate) <= max_points:
            return candidate
    years = count_periods(first, last, "year")
    since = dt.date(max(1, last.year - max_points + 1), 1, 1)
    raise InputError(f"{first} to {last} spans {years:,} years, more than the {max_points:,} points a series "
                     f"may hold even by year; ask for at most {max_points:,} years (for example "
                     f"start={since}&end={last})", code="DW608")


def periods_between(first: dt.date, last: dt.date, freq: str) -> list[dt.date]:
    """Every period start from the period of ``first`` to that of ``last``."""
    out = []
    current = period_start(first, freq)
    stop = period_start(last, freq)
    while current <= stop:
        out.append(current)
        following = next_period(current, freq)
        if following <= current:  # the end of the calendar
            break
        current = following
    return out


def conflict_weight(row: Mapping[str, Any]) -> float:
    """C of one day or period: Σ (|intensity| + EVENT_BASE_WEIGHT) over quad 3-4 events."""
    return float(row.get("conflict_abs", 0.0)) + EVENT_BASE_WEIGHT * (int(row.get("q3", 0)) + int(row.get("q4", 0)))


def cooperation_weight(row: Mapping[str, Any]) -> float:
    """P of one day or period: Σ (|intensity| + EVENT_BASE_WEIGHT) over quad 1-2 events."""
    return float(row.get("coop_abs", 0.0)) + EVENT_BASE_WEIGHT * (int(row.get("q1", 0)) + int(row.get("q2", 0)))


def tension_index(conflict: float, cooperation: float, *, prior: float = TENSION_PRIOR) -> float:
    """100 · (C − P) / (C + P + K), in [−100, 100]; 0 when both weights are 0."""
    denominator = conflict + cooperation + prior
    if denominator <= 0:
        return 0.0
    return round(100.0 * (conflict - cooperation) / denominator, 2)


def latest_tension(points: Iterable[DyadPoint]) -> float | None:
    """The tension of the last period with events (None when no period has any)."""
    found = None
    for point in points:
        if point.events:
            found = point.tension
    return found


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def dyad_series(days: Iterable[Mapping[str, Any]], actor: str, recipient: str, *, freq: str = DEFAULT_FREQ,
                start: str | dt.date | None = None, end: str | dt.date | None = None,
                prior: float = TENSION_PRIOR) -> list[DyadPoint]:
    """Bucket daily rows into periods; periods without events are included as gaps
    (zero counts and ``tension`` None: no events is not a balanced period).

    Args:
        days: daily rows (``day`` plus the sums listed in the module docstring).
        actor, recipient: the dyad, copied into each point.
        freq: ``day``, ``week`` or ``month``.
        start, end: the periods to cover; default from the first to the last day with events.

    Example:
        >>> pts = dyad_series([{"day": "2025-11-18", "events": 1, "q3": 1, "conflict_abs": 2.0}],
        ...                   "CHN", "JPN", freq="week")
        >>> pts[0].period, pts[0].conflict, pts[0].tension
        ('2025-11-17', 3.0, 23.08)
    """
    check_freq(freq)
    buckets: dict[dt.date, dict[str, float]] = {}
    for row in days:
        key = period_start(_as_date(row["day"]), freq)
        acc = buckets.setdefault(key, dict.fromkeys(_SUMS, 0.0))
        for name in _SUMS:
            acc[name] += float(row.get(name) or 0)
    first = _as_date(start) if start else (min(buckets) if buckets else None)
    last = _as_date(end) if end else (max(buckets) if buckets else None)
    if first is None or last is None or first > last:
        return []
    points = []
    for period in periods_between(first, last, freq):
        acc = buckets.get(period)
        if acc is None:  # a gap: no arithmetic to do (long empty ranges are the common case)
            points.append(DyadPoint(period=period.isoformat(), actor=actor, recipient=recipient, events=0,
                                    quad1=0, quad2=0, quad3=0, quad4=0, intensity_sum=0.0, intensity_mean=0.0,
                                    tension=None))
            continue
        events = int(acc["events"])
        c, p = conflict_weight(acc), cooperation_weight(acc)
        points.append(DyadPoint(
            period=period.isoformat(), actor=actor, recipient=recipient, events=events,
            quad1=int(acc["q1"]), quad2=int(acc["q2"]), quad3=int(acc["q3"]), quad4=int(acc["q4"]),
            intensity_sum=round(acc["intensity_sum"], 3),
            intensity_mean=round(acc["intensity_sum"] / events, 3) if events else 0.0,
            tension=tension_index(c, p, prior=prior) if events else None,
            conflict=round(c, 3), cooperation=round(p, 3)))
    return points
