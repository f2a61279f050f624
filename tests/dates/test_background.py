"""Historical means background (issue 12, item 15): an explicit earlier period or a date well
before the report, never a recent day across a year, month or week boundary."""

from __future__ import annotations

import pytest

from dyadwatch.dates import BACKGROUND_DAYS, is_background, resolve_date


@pytest.mark.issue(12)
@pytest.mark.parametrize(("expression", "published", "background"), [
    # year boundary: recent days and weeks stay news
    ("Dec 30", "2026-01-02", False),
    ("on Wednesday", "2026-01-01", False),  # 2025-12-31
    ("last week", "2026-01-03", False),  # December
    ("last month", "2026-01-15", False),
    ("two days ago", "2026-01-01", False),
    # month and week boundaries
    ("on Friday", "2025-12-01", False),
    ("last week", "2025-03-02", False),
    ("Nov 29", "2025-12-01", False),
    # explicit earlier periods
    ("in 1972", "2025-11-18", True),
    ("since 1949", "2025-11-18", True),
    ("two decades ago", "2025-11-18", True),
    ("last year", "2026-01-02", True),
    ("in March 2019", "2025-11-18", True),
    ("Nov. 7, 2021", "2025-11-18", True),
    # earlier in the same year, or less than a year back: news, dated on its day
    ("in March", "2025-11-18", False),
    ("Dec. 7, 2024", "2025-11-18", False),
])
def test_is_background_on_real_expressions(expression: str, published: str, background: bool) -> None:
    date, precision = resolve_date(expression, published)
    assert date is not None, expression
    assert is_background(date, precision, published) is background


@pytest.mark.issue(12)
@pytest.mark.parametrize(("date", "precision", "published", "background"), [
    ("2025-01-02", "day", "2026-01-02", True),  # exactly BACKGROUND_DAYS + 0 (365 days)
    ("2025-01-03", "day", "2026-01-02", False),
    ("2024-12", "month", "2025-12-31", True),  # ends 2024-12-31: 365 days
    ("2025-01", "month", "2025-12-31", False),
    ("2025", "year", "2026-01-01", True),
    ("2026", "year", "2026-01-01", False),
    (None, "unknown", "2026-01-01", False),
    ("1999-05-04", "day", None, False),
    ("2030-01-01", "day", "2026-01-01", False),  # after publication: never background
    ("2025-13", "month", "2026-06-01", False),  # unreadable: not background
])
def test_is_background_edges(date: str | None, precision: str, published: str | None, background: bool) -> None:
    assert BACKGROUND_DAYS == 365
    assert is_background(date, precision, published) is background


@pytest.mark.model
@pytest.mark.issue(12)
@pytest.mark.parametrize(("text", "published", "status"), [
    ("China accused Japan of provocations on Wednesday.", "2026-01-01", "asserted"),
    ("Japan protested to China on Dec 30 over the coast guard ships.", "2026-01-02", "asserted"),
    ("In 1972, Japan recognised the People's Republic of China.", "2026-01-02", "historical"),
])
def test_coder_marks_only_background_historical(pipeline, text: str, published: str, status: str) -> None:
    events = pipeline.code_text(text, date=published)
    assert events, text
    assert {e.status for e in events} == {status}


@pytest.mark.model
@pytest.mark.parametrize(("text", "date", "status"), [
    # published on Tuesday 2025-11-18
    ("Beijing will summon the Japanese ambassador on Friday, the ministry said.", "2025-11-21", "future"),
    ("Beijing summoned the Japanese ambassador on Friday, the ministry said.", "2025-11-14", "asserted"),
    ("Beijing will summon the Japanese ambassador on Tuesday.", "2025-11-18", "future"),
])
def test_a_weekday_of_what_is_still_to_come_lies_ahead(pipeline, text: str, date: str, status: str) -> None:
    """A bare weekday is the last such day for what was done and the coming one for what will
    be done; the tense is read as the status reads it."""
    events = [e for e in pipeline.code_text(text, date="2025-11-18") if e.event == "ACCUSE"]
    assert [(e.date, e.status) for e in events] == [(date, status)]
