"""Escalation alerts: a period whose conflict weight breaks from the dyad's own baseline.

For each period t of a dyad series (periods without events count as 0)::

    window   = conflict weights C of the BASELINE_PERIODS periods before t
    baseline = median(window)
    scale    = max(MAD_TO_SD · median(|window − baseline|), MIN_SCALE)
    score    = (C_t − baseline) / scale

t is an alert when score ≥ THRESHOLD, the period has at least MIN_EVENTS conflict
(quad 3-4) events, and at least MIN_HISTORY periods of the dyad precede it. Median and
MAD resist earlier spikes; MIN_SCALE stops a flat, quiet baseline (MAD 0) from turning
any small change into an alert. See ``docs/analysis.md``.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from dyadwatch.records import DyadPoint

#: Periods before t that form the baseline.
BASELINE_PERIODS = 8
#: Robust z-score at or above which a period is an alert.
THRESHOLD = 3.0
#: Conflict events the period must hold.
MIN_EVENTS = 3
#: Floor of the baseline spread, in conflict-weight units (one moderate conflict event ≈ 5).
MIN_SCALE = 5.0
#: Periods of the dyad's history needed before t.
MIN_HISTORY = 2
#: Turns a median absolute deviation into a standard-deviation equivalent (normal data).
MAD_TO_SD = 1.4826


@dataclass(frozen=True, slots=True)
class Alert:
    """One escalation alert of one dyad in one period.

    Attributes:
        dyad: the two country codes (as asked, or sorted for all-dyad scans).
        period: period start ``YYYY-MM-DD``; ``freq`` its length.
        observed: conflict weight of the period; ``baseline`` the median of the window;
            ``scale`` the spread used; ``score`` (observed − baseline) / scale.
        conflict_events: quad 3-4 events in the period.
        event_ids: the stored events that drove it (strongest first).
    """

    dyad: tuple[str, str]
    period: str
    freq: str
    observed: float
    baseline: float
    scale: float
    score: float
    conflict_events: int
    tension: float = 0.0
    event_ids: tuple[str, ...] = field(default_factory=tuple)

    def with_events(self, event_ids: Sequence[str]) -> Alert:
        return replace(self, event_ids=tuple(event_ids))

    def to_dict(self) -> dict[str, Any]:
        return {"dyad": list(self.dyad), "period": self.period, "freq": self.freq, "observed": self.observed,
                "baseline": self.baseline, "scale": self.scale, "score": self.score,
                "conflict_events": self.conflict_events, "tension": self.tension, "event_ids": list(self.event_ids)}


def detect_alerts(points: Sequence[DyadPoint], *, freq: str = "week", baseline_periods: int = BASELINE_PERIODS,
                  threshold: float = THRESHOLD, min_events: int = MIN_EVENTS, min_scale: float = MIN_SCALE,
                  min_history: int = MIN_HISTORY) -> list[Alert]:
    """Alerts of one dyad series (consecutive periods, oldest first, as ``dyad_series`` gives).

    The series should start at the dyad's first period with events, so that "history"
    means the dyad's own history.
    """
    alerts = []
    weights = [p.conflict for p in points]
    for t, point in enumerate(points):
        if t < min_history:
            continue
        conflict_events = point.quad3 + point.quad4
        if conflict_events < min_events:
            continue
        window = weights[max(0, t - baseline_periods):t]
        base = statistics.median(window)
        mad = statistics.median(abs(w - base) for w in window)
        scale = max(MAD_TO_SD * mad, min_scale)
        score = (point.conflict - base) / scale
        if score >= threshold:
            alerts.append(Alert(dyad=(point.actor, point.recipient), period=point.period, freq=freq,
                                observed=round(point.conflict, 3), baseline=round(base, 3), scale=round(scale, 3),
                                score=round(score, 2), conflict_events=conflict_events, tension=point.tension or 0.0))
    return alerts


def mark_alerts(points: Sequence[DyadPoint], alerts: Sequence[Alert]) -> list[DyadPoint]:
    """The points with ``alert=True`` where an alert fell."""
    flagged = {a.period for a in alerts}
    return [replace(p, alert=True) if p.period in flagged else p for p in points]
