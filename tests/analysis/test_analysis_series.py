"""Series, tension index and alert arithmetic on hand-computed cases."""

from __future__ import annotations

import datetime as dt

import pytest

from dyadwatch.analysis import (
    MAX_POINTS,
    Alert,
    count_periods,
    detect_alerts,
    dyad_series,
    latest_tension,
    mark_alerts,
    period_start,
    periods_between,
    series_freq,
    sparkline,
    tension_index,
)
from dyadwatch.errors import ConfigError, InputError


@pytest.mark.parametrize(("day", "freq", "expected"), [
    ("2025-11-19", "day", "2025-11-19"),
    ("2025-11-19", "week", "2025-11-17"),  # a Wednesday; weeks start on Monday
    ("2025-11-17", "week", "2025-11-17"),
    ("2025-11-23", "week", "2025-11-17"),
    ("2025-11-19", "month", "2025-11-01"),
    ("2025-11-19", "year", "2025-01-01"),
])
def test_analysis_period_start(day, freq, expected):
    assert period_start(dt.date.fromisoformat(day), freq).isoformat() == expected


@pytest.mark.parametrize(("conflict", "cooperation", "expected"), [
    (0.0, 0.0, 0.0),
    (10.0, 0.0, 50.0),  # 100 * 10 / (10 + 10)
    (0.0, 30.0, -75.0),  # 100 * -30 / 40
    (20.0, 20.0, 0.0),
    (990.0, 0.0, 99.0),  # bounded below 100
])
def test_analysis_tension_index(conflict, cooperation, expected):
    assert tension_index(conflict, cooperation) == pytest.approx(expected)


DAYS = [
    # week of 2025-11-03: one CONSULT (+2.5) → cooperation 3.5
    {"day": "2025-11-04", "events": 1, "q1": 1, "intensity_sum": 2.5, "coop_abs": 2.5},
    # week of 2025-11-17: ACCUSE (-2) and SANCTION (-6) on two days, one AID (+10)
    {"day": "2025-11-18", "events": 2, "q3": 1, "q2": 1, "intensity_sum": 8.0, "conflict_abs": 2.0,
     "coop_abs": 10.0},
    {"day": "2025-11-20", "events": 1, "q3": 1, "intensity_sum": -6.0, "conflict_abs": 6.0},
]


def test_analysis_weekly_series_hand_computed():
    points = dyad_series(DAYS, "CHN", "JPN", freq="week")
    assert [p.period for p in points] == ["2025-11-03", "2025-11-10", "2025-11-17"]
    first, empty, last = points
    assert (first.events, first.quad1, first.cooperation, first.conflict) == (1, 1, 3.5, 0.0)
    assert first.tension == pytest.approx(100 * -3.5 / 13.5, abs=0.01)
    assert (empty.events, empty.tension, empty.intensity_mean) == (0, None, 0.0)  # a gap, not "balanced"
    assert (last.events, last.quad2, last.quad3) == (3, 1, 2)
    assert last.intensity_sum == 2.0 and last.intensity_mean == pytest.approx(0.667, abs=0.001)
    # conflict = (2+1) + (6+1) = 10; cooperation = 10+1 = 11; tension = 100 * -1 / 31
    assert (last.conflict, last.cooperation) == (10.0, 11.0)
    assert last.tension == pytest.approx(-3.23, abs=0.01)


def test_analysis_series_range_and_monthly():
    points = dyad_series(DAYS, "CHN", "JPN", freq="day", start="2025-11-17", end="2025-11-21")
    assert [p.events for p in points] == [0, 2, 0, 1, 0]
    monthly = dyad_series(DAYS, "CHN", "JPN", freq="month")
    assert [(p.period, p.events) for p in monthly] == [("2025-11-01", 4)]
    assert dyad_series([], "CHN", "JPN") == []
    with pytest.raises(ConfigError):
        dyad_series(DAYS, "CHN", "JPN", freq="fortnight")


def _weekly(conflicts: list[tuple[int, float]]) -> list:
    """Weekly points from (conflict events, conflict_abs) per week, starting 2025-09-01."""
    start = dt.date(2025, 9, 1)
    days = [{"day": (start + dt.timedelta(weeks=i)).isoformat(), "events": n, "q3": n, "conflict_abs": w}
            for i, (n, w) in enumerate(conflicts) if n]
    return dyad_series(days, "CHN", "JPN", freq="week", start=start, end=start + dt.timedelta(weeks=len(conflicts) - 1))


def test_analysis_alert_hand_computed():
    # conflict weights C = conflict_abs + events: 3, 5, 4, 4, 0(empty), 43
    points = _weekly([(1, 2.0), (1, 4.0), (1, 3.0), (1, 3.0), (0, 0.0), (5, 38.0)])
    alerts = detect_alerts(points)
    assert len(alerts) == 1
    alert = alerts[0]
    # window 3,5,4,4,0 → median 4; |dev| 1,1,0,0,4 → MAD 1 → 1.4826 < MIN_SCALE 5 → scale 5
    assert (alert.period, alert.observed, alert.baseline, alert.scale) == ("2025-10-06", 43.0, 4.0, 5.0)
    assert alert.score == pytest.approx((43 - 4) / 5)
    assert alert.conflict_events == 5 and alert.dyad == ("CHN", "JPN")
    marked = mark_alerts(points, alerts)
    assert [p.alert for p in marked] == [False] * 5 + [True]


def test_analysis_alert_uses_mad_when_baseline_is_noisy():
    # C: 11, 31, 11, 31, 11, 31, 11, 31, then 81 with 4 events
    points = _weekly([(1, 10.0), (1, 30.0)] * 4 + [(4, 77.0)])
    alert = detect_alerts(points)[0]
    # window median 21, MAD 10 → scale 14.826; score (81-21)/14.826 = 4.05
    assert alert.baseline == 21.0 and alert.scale == pytest.approx(14.826)
    assert alert.score == pytest.approx(4.05, abs=0.01)
    assert detect_alerts(points, threshold=4.1) == []


@pytest.mark.parametrize(("weeks", "kwargs"), [
    ([(1, 2.0), (1, 2.0), (2, 60.0)], {}),  # only 2 conflict events (MIN_EVENTS = 3)
    ([(3, 60.0)], {}),  # no history before the first period
    ([(1, 2.0), (3, 60.0)], {}),  # one period of history < MIN_HISTORY
    ([(1, 2.0), (1, 2.0), (3, 12.0)], {}),  # (15 - 3) / 5 = 2.4 < 3
])
def test_analysis_no_alert(weeks, kwargs):
    assert detect_alerts(_weekly(weeks), **kwargs) == []


def test_analysis_alert_record():
    alert = Alert(dyad=("CHN", "JPN"), period="2025-11-17", freq="week", observed=43.0, baseline=4.0,
                  scale=5.0, score=7.8, conflict_events=5).with_events(["e1", "e2"])
    assert alert.to_dict()["event_ids"] == ["e1", "e2"]


def test_analysis_sparkline():
    assert sparkline([-100, 0, 100], low=-100, high=100) == "▁▅█"
    assert sparkline([3, 3]) == "▁▁"
    assert sparkline([]) == ""


@pytest.mark.issue(13)
def test_analysis_empty_periods_are_gaps_and_latest_tension_skips_them():
    points = dyad_series(DAYS, "CHN", "JPN", freq="day", start="2025-11-17", end="2025-11-23")
    assert [p.tension is None for p in points] == [True, False, True, False, True, True, True]
    assert latest_tension(points) == points[3].tension != 0.0
    assert latest_tension(dyad_series([], "CHN", "JPN", start="2025-11-17", end="2025-11-18")) is None
    assert sparkline([p.tension for p in points], low=-100, high=100)[0] == " "


@pytest.mark.issue(13)
@pytest.mark.parametrize(("first", "last", "freq"), [
    ("2025-11-17", "2025-11-23", "day"), ("2025-01-01", "2025-12-31", "week"), ("1990-02-10", "2025-11-05", "month"),
    ("2025-11-17", "2025-11-16", "day"), ("1826-03-01", "2025-02-01", "year"),
])
def test_analysis_count_periods_matches_periods_between(first, last, freq):
    a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    assert count_periods(a, b, freq) == (len(periods_between(a, b, freq)) if a <= b else 0)


@pytest.mark.issue(13)
@pytest.mark.parametrize(("first", "last", "freq", "expected"), [
    ("2025-01-01", "2025-12-31", "day", "day"),
    ("2010-01-01", "2025-12-31", "day", "week"),  # 5,844 days → 836 weeks
    ("1960-01-01", "2025-12-31", "week", "month"),  # 792 months
    ("1826-01-01", "2025-12-31", "day", "year"),  # 200 years → 200 points
    ("1826-01-01", "2025-12-31", "year", "year"),
])
def test_analysis_series_freq_coarsens_to_fit(first, last, freq, expected):
    assert series_freq(dt.date.fromisoformat(first), dt.date.fromisoformat(last), freq) == expected


@pytest.mark.issue(13)
def test_analysis_series_freq_refuses_more_months_than_points():
    with pytest.raises(InputError, match=r"DW608.*2,025 years.*at most 1,000 years"):
        series_freq(dt.date(1, 1, 1), dt.date(2025, 12, 31), "day")
    assert series_freq(dt.date(1026, 1, 1), dt.date(2025, 12, 31), "day") == "year"
    assert MAX_POINTS == 1000


@pytest.mark.issue(13)
def test_analysis_periods_at_the_end_of_the_calendar():
    assert periods_between(dt.date(9999, 11, 1), dt.date(9999, 12, 31), "month")[-1] == dt.date(9999, 12, 1)
    assert periods_between(dt.date(9999, 12, 20), dt.date(9999, 12, 31), "week")[-1] == dt.date(9999, 12, 27)
    assert periods_between(dt.date(9990, 5, 1), dt.date(9999, 12, 31), "year")[-1] == dt.date(9999, 1, 1)
