"""``DyadService.series(start=...)`` reads only the lookback window before ``start`` when the
dyad's history is longer; its points and alerts must equal those of the whole history."""

from __future__ import annotations

import datetime as dt

import pytest

from dyadwatch.analysis import period_start
from dyadwatch.service import DyadService


@pytest.fixture
def history(backend, factory):
    ev, art = factory
    store = backend.open(backend.url("window"))
    day0 = dt.date(2025, 1, 6)
    batch = []
    for i in range(0, 200, 2):
        day = (day0 + dt.timedelta(days=i)).isoformat()
        burst = 6 if i in (60, 62, 130, 170, 172) else 1
        events = [ev(f"r{i}-{k}", f"w{i}", date=day, event="PROTEST" if k % 2 else "ACCUSE",
                     quad=4 if k % 2 else 3, intensity=-5.0 - k, actors=("CHN",) if k % 3 else ("JPN",),
                     recipients=("JPN",) if k % 3 else ("CHN",)) for k in range(burst)]
        if i % 10 == 0:
            events.append(ev(f"c{i}", f"w{i}", date=day, event="CONSULT", quad=1, intensity=1.0,
                             actors=("CHN", "JPN"), recipients=()))
        batch.append(art(f"w{i}", events, date=day))
    store.add_coded_articles(batch)
    return DyadService(store=store)


@pytest.mark.parametrize("freq,start", [("day", "2025-05-01"), ("week", "2025-04-14"), ("week", "2025-04-16"),
                                        ("month", "2025-05-20"), ("day", "2025-01-08"), ("week", "2024-12-01")])
@pytest.mark.parametrize("params", [{}, {"baseline_periods": 3, "threshold": 2.0}, {"min_history": 12}])
def test_series_from_start_equals_whole_history(history, freq, start, params):
    service = history
    whole = service.series("CHN", "JPN", freq=freq, **params)
    begin = period_start(dt.date.fromisoformat(start), freq).isoformat()
    expected = [p for p in whole if p.period >= begin]
    if start < whole[0].period:  # asked from before the first event: zero periods lead
        expected = service.series("CHN", "JPN", freq=freq, start=start, **params)
    got = service.series("CHN", "JPN", freq=freq, start=start, **params)
    assert got == expected
    assert any(p.alert for p in whole) or (freq, params) == ("month", {"min_history": 12})  # alerts to compare


def test_series_window_with_end_and_direction(history):
    service = history
    for directed in (False, True):
        whole = service.series("JPN", "CHN", freq="week", end="2025-06-30", directed=directed)
        got = service.series("JPN", "CHN", freq="week", start="2025-05-05", end="2025-06-30", directed=directed)
        assert got == [p for p in whole if p.period >= "2025-05-05"]
        assert got[-1].period == "2025-06-30"
    assert service.series("JPN", "CHN", freq="day", start="2026-03-01", end="2026-03-03")[0].events == 0
