"""Service analytics over a real store: series with alerts marked, alerts linked to their events."""

from __future__ import annotations

import datetime as dt

import pytest

from dyadwatch.service import DyadService

START = dt.date(2025, 9, 1)  # a Monday


@pytest.fixture
def escalation(store, factory):
    """CHN–JPN: one ACCUSE (-2) a week for 5 weeks, then a week with 4 conflict events."""
    ev, art = factory
    n = 0
    for week in range(5):
        day = (START + dt.timedelta(weeks=week, days=1)).isoformat()
        n += 1
        store.add_coded_article(art(f"w{week}", [ev(f"r{n}", f"w{week}", date=day)], date=day))
    day = (START + dt.timedelta(weeks=5, days=2)).isoformat()
    burst = [ev("b1", "x", event="MOBILIZE", quad=4, intensity=-6.5, date=day),
             ev("b2", "x", event="SANCTION", quad=4, intensity=-6.0, actors=("JPN",), recipients=("CHN",), date=day),
             ev("b3", "x", event="THREATEN", quad=3, intensity=-3.5, date=day),
             ev("b4", "x", event="ASSAULT", quad=4, intensity=-9.0, date=day),
             ev("b5", "x", event="ASSAULT", quad=4, intensity=-9.0, date=day, status="negated")]
    store.add_coded_article(art("burst", burst, date=day))
    return DyadService(store=store)


def test_service_series_marks_alert(escalation):
    points = escalation.series("CHN", "JPN", freq="week")
    assert [p.events for p in points] == [1, 1, 1, 1, 1, 4]
    assert [p.alert for p in points] == [False] * 5 + [True]
    # conflict: 7.5 + 7 + 4.5 + 10 = 29 (the negated ASSAULT does not count)
    assert points[-1].conflict == 29.0 and points[-1].quad4 == 3
    directed = escalation.series("JPN", "CHN", freq="week", directed=True)
    assert [p.events for p in directed] == [1]
    shown = escalation.series("CHN", "JPN", freq="week", start="2025-09-22")
    assert [p.period for p in shown] == ["2025-09-22", "2025-09-29", "2025-10-06"] and shown[-1].alert


def test_service_alerts_link_events(escalation):
    alerts = escalation.alerts(freq="week")
    assert len(alerts) == 1
    alert = alerts[0]
    assert alert.dyad == ("CHN", "JPN") and alert.period == "2025-10-06"
    # window: five weeks of C = 3 → median 3, MAD 0 → scale 5; score (29 - 3) / 5
    assert alert.score == pytest.approx(5.2)
    reports = [escalation.event(i)["report_id"] for i in alert.event_ids]
    assert reports == ["b4", "b1", "b2", "b3"]  # strongest first; the negated one is not there
    assert escalation.alerts(freq="week", start="2025-10-13") == []
    assert escalation.alerts(freq="week", dyad=("JPN", "CHN"))[0].period == "2025-10-06"
    assert escalation.alerts(freq="week", threshold=6.0) == []


def test_service_series_empty(store):
    service = DyadService(store=store)
    assert service.series("CHN", "JPN") == []
    points = service.series("CHN", "JPN", freq="day", start="2025-01-01", end="2025-01-03")
    assert [p.events for p in points] == [0, 0, 0]
