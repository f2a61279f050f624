"""resolve_date, is_past_year and is_future against fixed publication dates."""

from __future__ import annotations

import pytest

from dyadwatch.dates import is_future, is_past_year, resolve_date

PUB = "2025-11-18"  # a Tuesday


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        # weekdays
        ("Tuesday", ("2025-11-18", "day")),  # same weekday as publication = that day
        ("on Tuesday", ("2025-11-18", "day")),
        ("Monday", ("2025-11-17", "day")),
        ("on Monday", ("2025-11-17", "day")),
        ("Wednesday", ("2025-11-12", "day")),
        ("Sunday", ("2025-11-16", "day")),
        ("Monday night", ("2025-11-17", "day")),
        ("Tues.", ("2025-11-18", "day")),
        ("last Tuesday", ("2025-11-11", "day")),
        ("last Friday", ("2025-11-14", "day")),
        ("this Friday", ("2025-11-21", "day")),
        ("next Monday", ("2025-11-24", "day")),
        ("next Tuesday", ("2025-11-25", "day")),
        ("from Saturday", ("2025-11-22", "day")),
        ("Saturday", ("2025-11-15", "day")),
        # today / yesterday / tomorrow
        ("today", ("2025-11-18", "day")),
        ("Today", ("2025-11-18", "day")),
        ("yesterday", ("2025-11-17", "day")),
        ("tomorrow", ("2025-11-19", "day")),
        ("a day earlier", ("2025-11-17", "day")),
        ("last night", ("2025-11-17", "day")),
        ("two days ago", ("2025-11-16", "day")),
        ("3 days ago", ("2025-11-15", "day")),
        # month-day
        ("Nov 7", ("2025-11-07", "day")),
        ("Nov. 7", ("2025-11-07", "day")),
        ("November 7", ("2025-11-07", "day")),
        ("on November 7th", ("2025-11-07", "day")),
        ("7 November", ("2025-11-07", "day")),
        ("the 7th of November", ("2025-11-07", "day")),
        ("November 7, 2024", ("2024-11-07", "day")),
        ("7 November 2024", ("2024-11-07", "day")),
        ("Thursday, Nov. 13", ("2025-11-13", "day")),
        ("Dec 28", ("2025-12-28", "day")),  # 40 days ahead: still this year
        ("Feb. 3", ("2025-02-03", "day")),
        ("Feb 30", (None, "unknown")),
        # weeks, months, years relative to publication
        ("last week", ("2025-11", "month")),
        ("this week", ("2025-11", "month")),
        ("later this week", ("2025-11", "month")),
        ("next week", ("2025-11", "month")),
        ("three weeks ago", ("2025-10", "month")),
        ("last month", ("2025-10", "month")),
        ("earlier this month", ("2025-11", "month")),
        ("next month", ("2025-12", "month")),
        ("this year", ("2025", "year")),
        ("earlier this year", ("2025", "year")),
        ("last year", ("2024", "year")),
        ("next year", ("2026", "year")),
        ("two years ago", ("2023", "year")),
        # absolute years, decades, months
        ("in 1972", ("1972", "year")),
        ("1949", ("1949", "year")),
        ("since 2014", ("2014", "year")),
        ("the 1990s", ("1990", "year")),
        ("in the 1980s", ("1980", "year")),
        ("2023-05-04", ("2023-05-04", "day")),
        ("2023-05", ("2023-05", "month")),
        ("March 2024", ("2024-03", "month")),
        ("in March", ("2025-03", "month")),
        ("mid-March", ("2025-03", "month")),
        ("December", ("2025-12", "month")),  # Dec 1 is 13 days after publication
        # not dates
        ("two-day", (None, "unknown")),
        ("for three years", (None, "unknown")),
        ("24 hours", (None, "unknown")),
        ("10 a.m.", (None, "unknown")),
        ("", (None, "unknown")),
        ("decades", (None, "unknown")),
    ],
)
def test_resolve_date_relative_to_publication(expression: str, expected: tuple[str | None, str]) -> None:
    assert resolve_date(expression, PUB) == expected


@pytest.mark.parametrize(
    ("expression", "published", "expected"),
    [
        ("Dec 28", "2025-01-03", ("2024-12-28", "day")),  # would be > 2 months ahead
        ("December", "2025-01-03", ("2024-12", "month")),
        ("Jan. 5", "2025-01-10", ("2025-01-05", "day")),
        ("Friday", "2025-03-01", ("2025-02-28", "day")),  # crosses a month boundary
        ("last week", "2025-12-02", ("2025-11", "month")),
        ("last month", "2025-01-15", ("2024-12", "month")),
        ("yesterday", "2024-03-01", ("2024-02-29", "day")),  # leap year
        ("Tuesday", "2025-11-18T09:30:00Z", ("2025-11-18", "day")),  # timestamp accepted
    ],
)
def test_resolve_date_boundaries(expression: str, published: str, expected: tuple[str | None, str]) -> None:
    assert resolve_date(expression, published) == expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("Tuesday", (None, "unknown")),
        ("yesterday", (None, "unknown")),
        ("last week", (None, "unknown")),
        ("Nov 7", (None, "unknown")),  # no year and nothing to take it from
        ("November 7, 2024", ("2024-11-07", "day")),
        ("in 1972", ("1972", "year")),
        ("March 2024", ("2024-03", "month")),
        ("2023-05-04", ("2023-05-04", "day")),
    ],
)
def test_resolve_date_without_publication(expression: str, expected: tuple[str | None, str]) -> None:
    assert resolve_date(expression, None) == expected
    assert resolve_date(expression, "not a date") == expected


@pytest.mark.parametrize(
    ("expression", "precision"),
    [("the end of October", "month"), ("early 2024", "year"), ("two weeks from now", "month")],
)
def test_resolve_date_fallback_precisions(expression: str, precision: str) -> None:
    date, got = resolve_date(expression, PUB)
    assert got == precision
    assert date is not None and len(date) == {"day": 10, "month": 7, "year": 4}[precision]


@pytest.mark.parametrize(
    ("expression", "future", "past_year"),
    [
        ("from Saturday", True, False),
        ("next Monday", True, False),
        ("tomorrow", True, False),
        ("next month", True, False),
        ("Tuesday", False, False),
        ("Monday", False, False),
        ("this year", False, False),
        ("in 1972", False, True),
        ("last year", False, True),
        ("November 7, 2024", False, True),
        ("two-day", False, False),
    ],
)
def test_future_and_past_year(expression: str, future: bool, past_year: bool) -> None:
    date, _ = resolve_date(expression, PUB)
    assert is_future(date, PUB) is future
    assert is_past_year(date, PUB) is past_year


@pytest.mark.parametrize(
    ("date", "published", "future", "past_year"),
    [
        (None, PUB, False, False),
        ("2025-11", PUB, False, False),  # same month is not future
        ("2025-12", PUB, True, False),
        ("2026", PUB, True, False),
        ("2024-12-31", "2025-01-01", False, True),
        ("2025-11-19", None, False, False),
    ],
)
def test_future_and_past_year_at_precision(date: str | None, published: str | None, future: bool,
                                            past_year: bool) -> None:
    assert is_future(date, published) is future
    assert is_past_year(date, published) is past_year


def test_resolve_date_is_memoised() -> None:
    resolve_date.cache_clear()
    resolve_date("last Tuesday", PUB)
    resolve_date("last Tuesday", PUB)
    info = resolve_date.cache_info()
    assert info.hits == 1 and info.misses == 1


@pytest.mark.parametrize("expression", [
    "daily", "annually", "every week", "a third straight day", "years", "just over a month",
    "2021-22", "2019/20",
])
def test_frequencies_durations_and_year_spans_are_not_dates(expression: str) -> None:
    """Words with no month, weekday, year or anchor to the day of writing are not dates; a
    season or fiscal year over two years ('2021-22') is not the 22nd of some month."""
    assert resolve_date(expression, PUB) == (None, "unknown")


@pytest.mark.parametrize(("expression", "expected"), [
    ("the fall of 1990", ("1990", "year")),
    ("in the first half of 2023", ("2023", "year")),
    ("the winter of 2021", ("2021", "year")),
])
def test_part_of_a_year_is_that_year(expression: str, expected: tuple[str, str]) -> None:
    assert resolve_date(expression, PUB) == expected
