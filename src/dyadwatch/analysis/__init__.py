"""Pure analytics over stored, asserted events: dyad series, tension index, escalation alerts.

Only events with status ``asserted`` count (the store's daily dyad table holds no
others); see ``docs/analysis.md``.
"""

from __future__ import annotations

from dyadwatch.analysis.alerts import (
    BASELINE_PERIODS,
    MAD_TO_SD,
    MIN_EVENTS,
    MIN_HISTORY,
    MIN_SCALE,
    THRESHOLD,
    Alert,
    detect_alerts,
    mark_alerts,
)
from dyadwatch.analysis.series import (
    DEFAULT_FREQ,
    EVENT_BASE_WEIGHT,
    FREQS,
    MAX_POINTS,
    TENSION_PRIOR,
    check_freq,
    conflict_weight,
    cooperation_weight,
    count_periods,
    dyad_series,
    latest_tension,
    next_period,
    period_start,
    periods_between,
    series_freq,
    tension_index,
)
from dyadwatch.analysis.sparkline import sparkline

__all__ = [
    "BASELINE_PERIODS", "DEFAULT_FREQ", "EVENT_BASE_WEIGHT", "FREQS", "MAD_TO_SD", "MAX_POINTS", "MIN_EVENTS",
    "MIN_HISTORY", "MIN_SCALE", "TENSION_PRIOR", "THRESHOLD", "Alert", "check_freq", "conflict_weight",
    "cooperation_weight", "count_periods", "detect_alerts", "dyad_series", "latest_tension", "mark_alerts",
    "next_period", "period_start", "periods_between", "series_freq", "sparkline", "tension_index",
]
