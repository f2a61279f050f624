"""Event dates from the date expressions news uses, relative to the publication date.

Fast regular-expression rules run first; :mod:`dateparser` is the fallback for
what they do not cover. Results are memoised per ``(expression, published)``.
Every result is ``(date, precision)`` with precision ``day`` (``YYYY-MM-DD``),
``month`` (``YYYY-MM``), ``year`` (``YYYY``) or ``unknown`` (date ``None``).
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

logger = logging.getLogger(__name__)

DateResult = tuple[str | None, str]
UNKNOWN: DateResult = (None, "unknown")

#: A month-day without a year lies at most this many days after publication;
#: later than that, it is read as the previous year ("Dec 28" in a January article).
FUTURE_SLACK_DAYS = 62
MIN_YEAR = 1000
MAX_YEAR = 2199
CACHE_SIZE = 65536

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}
_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "several": None, "few": None, "a few": None,
}

_MONTH_RE = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
             r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR_RE = r"(?P<year>[12]\d{3})"
_WEEKDAY_RE = (r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
               r"mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?")
_TIME_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night|overnight|midday|noon))?"

_ISO_DAY = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
# "November 7", "Nov. 7, 2024", "Nov 7th 2024"
_MONTH_DAY = re.compile(rf"\b{_MONTH_RE}\s+{_DAY_RE}\b(?:,?\s+{_YEAR_RE}\b)?")
# "7 November", "7th of November 2024"
_DAY_MONTH = re.compile(rf"\b{_DAY_RE}(?:\s+of)?\s+{_MONTH_RE}(?![a-z])(?:,?\s+{_YEAR_RE}\b)?")
# "March 2024", "in March", "early March", "mid-March"
_MONTH_YEAR = re.compile(rf"^(?:(?:in|since|during|by|until|early|late|mid|the end of|"
                         rf"the beginning of|the start of|the middle of)[\s-]+)*{_MONTH_RE}"
                         rf"(?:,?\s+(?:of\s+)?{_YEAR_RE})?$")
_WEEKDAY = re.compile(rf"^(?:(?P<mod>on|last|this|next|this past|past|coming|this coming|"
                      rf"from|since|until|till|by|starting|before|after|early|late|earlier)\s+)?"
                      rf"{_WEEKDAY_RE}{_TIME_OF_DAY}$")
# "2024", "mid-2024", "the fall of 1990", "the first half of 2023": the year
_YEAR = re.compile(rf"^(?:(?:in|since|during|by|until|from|the year|early|late|mid|"
                   rf"the end of|the start of|the beginning of|the middle of|(?:the\s+)?(?:spring|summer|"
                   rf"fall|autumn|winter|first half|second half|(?:first|second|third|fourth) quarter)"
                   rf"\s+of)[\s-]+)*{_YEAR_RE}$")
_DECADE = re.compile(r"^(?:(?:in|since|during|by|until|from|early|late|mid)[\s-]+)*(?:the\s+)?"
                     r"(?:(?:early|late|mid)[\s-]+)?(?P<decade>[12]\d{2}0)'?s$")
_AGO = re.compile(r"^(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                  r"twelve)\s+(?P<unit>day|week|month|year)s?\s+(?:ago|earlier|before|previously)$")
_LATER = re.compile(r"^(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                    r"twelve)\s+(?P<unit>day|week|month|year)s?\s+(?:later|from now|hence)$")
# Durations and lengths: "two-day", "for three years", "24 hours", "three weeks"
_DURATION = re.compile(r"^(?:(?:for|over|within|in|during|about|nearly|almost|more than|"
                       r"less than|at least|up to|some|the|past|last|next|first|previous|"
                       r"another|a further)\s+)*(?:\d+|a|an|one|two|three|four|five|six|seven|"
                       r"eight|nine|ten|eleven|twelve|several|a few|few|many|\w+-?\w*)"
                       r"[\s-]+(?:second|minute|hour|day|night|week|month|year|decade|"
                       r"century|centuries)s?(?:[\s-]+(?:long|old))?$")
_TIME_ONLY = re.compile(r"^(?:at\s+)?(?:\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)|noon|midnight|"
                        r"\d{1,2}:\d{2})(?:\s+\w+)?$")
# What the dateparser fallback can place on a calendar needs a month, a weekday, a year or a
# word relative to the day of writing; frequencies, durations and counts ("daily", "a fifth
# straight day", "years") have none and are not dates (and the slow import is saved).
_ANCHOR = re.compile(rf"\b(?:{_MONTH_RE}(?![a-z])|{_WEEKDAY_RE}(?![a-z])|[12]\d{{3}}|\d{{1,2}}[/.]\d{{1,2}}|"
                     r"yesterday|today|tonight|tomorrow|ago|last|next|previous|past|earlier|later|"
                     r"this|weekend|fortnight)")
# ... and words that can be part of a date at all: an expression with any other word ("the
# beginning of November Predator", a named-entity span that ran on) is not given to dateparser
_DATE_WORDS = frozenset(("the of a an on in at by from since until till during before after this that last next "
                         "past previous coming following early earlier late later mid middle end beginning start "
                         "first second third fourth half quarter day days week weeks weekend month months year "
                         "years decade decades century ago yesterday today tonight tomorrow morning afternoon "
                         "evening night now hence fortnight spring summer fall autumn winter and or around about "
                         "one two three four five six seven eight nine ten eleven twelve few several").split())
_DATE_WORD = re.compile(rf"^(?:{_MONTH_RE}|{_WEEKDAY_RE}|\d+(?:st|nd|rd|th|s)?|\d+[/.:-]\d+(?:[/.-]\d+)?)$")
# "2015-16", "2019/20": a season or fiscal year spanning two years, not a day
_YEAR_SPAN = re.compile(r"^[12]\d{3}\s*[-/\u2013]\s*(?:1[3-9]|[2-9]\d|[12]\d{3})$")
_LEADING = re.compile(r"^(?:on|in|from|since|by|until|till|during|as of|at|around|about|"
                      r"as early as|as late as)\s+")

# Phrase -> function(published) -> DateResult
_SAME_DAY = ("today", "tonight", "this morning", "this afternoon", "this evening",
             "earlier today", "later today", "earlier in the day", "later in the day",
             "on the same day", "the same day", "that day", "now", "at present", "currently")
_PREV_DAY = ("yesterday", "a day earlier", "one day earlier", "the day before", "the previous day",
             "last night", "overnight", "yesterday morning", "yesterday afternoon",
             "yesterday evening", "the previous night", "a day before", "the night before")
_NEXT_DAY = ("tomorrow", "a day later", "the next day", "the following day", "one day later",
             "tomorrow morning", "tomorrow afternoon", "tomorrow evening", "tomorrow night",
             "a day after", "the day after")


def _parse_published(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        logger.debug("unreadable publication date %r", published)
        return None


def _day(d: date) -> DateResult:
    return d.isoformat(), "day"


def _month(year: int, month: int) -> DateResult:
    return f"{year:04d}-{month:02d}", "month"


def _year(year: int) -> DateResult:
    if MIN_YEAR <= year <= MAX_YEAR:
        return f"{year:04d}", "year"
    return UNKNOWN


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBERS.get(word)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _infer_year(month: int, day: int | None, pub: date) -> int:
    """The publication year, unless that puts the date > FUTURE_SLACK_DAYS after publication."""
    candidate = _safe_date(pub.year, month, day or 1)
    if candidate is None:  # Feb 29 in a non-leap year
        candidate = date(pub.year, month, 28)
    if (candidate - pub).days > FUTURE_SLACK_DAYS:
        return pub.year - 1
    return pub.year


def _weekday(match: re.Match[str], pub: date) -> DateResult:
    target = _WEEKDAYS[match.group("weekday")]
    mod = match.group("mod") or ""
    today = pub.weekday()
    back = (today - target) % 7  # days since the most recent such weekday (0 = today)
    ahead = (target - today) % 7  # days until the next such weekday (0 = today)
    if mod == "next":
        return _day(pub + timedelta(days=ahead or 7))
    if mod in ("this", "coming", "this coming", "from", "starting", "until", "till", "by"):
        return _day(pub + timedelta(days=ahead))
    if mod in ("last", "this past", "past") and back == 0:
        return _day(pub - timedelta(days=7))
    return _day(pub - timedelta(days=back))


def _relative_phrase(text: str, pub: date) -> DateResult | None:
    if text in _SAME_DAY:
        return _day(pub)
    if text in _PREV_DAY:
        return _day(pub - timedelta(days=1))
    if text in _NEXT_DAY:
        return _day(pub + timedelta(days=1))
    if text in ("two days ago", "the day before yesterday"):
        return _day(pub - timedelta(days=2))
    if text == "the day after tomorrow":
        return _day(pub + timedelta(days=2))
    words = text.split()
    if not words:
        return None
    # "this week", "last month", "earlier this year", "later this week", "next year" ...
    unit = words[-1]
    head = " ".join(words[:-1])
    if unit in ("week", "weekend"):
        if head in ("this", "earlier this", "later this", "the", "this past", "over the",
                    "during the", "the past", "past", "over the past"):
            if unit == "weekend":
                return _day_to_month(pub - timedelta(days=(pub.weekday() - 5) % 7))
            return _day_to_month(pub)
        if head in ("last", "the previous", "the prior", "late last", "early last"):
            return _day_to_month(pub - timedelta(days=7))
        if head in ("next", "the following", "the coming", "early next", "late next"):
            return _day_to_month(pub + timedelta(days=7))
        return None
    if unit == "month":
        if head in ("this", "earlier this", "later this", "the", "early this", "late this",
                    "the current"):
            return _month(pub.year, pub.month)
        if head in ("last", "the previous", "the prior", "earlier last", "late last",
                    "early last", "a month ago"):
            return _month(*_add_months(pub.year, pub.month, -1))
        if head in ("next", "the following", "the coming", "early next", "late next"):
            return _month(*_add_months(pub.year, pub.month, 1))
        return None
    if unit == "year":
        if head in ("this", "earlier this", "later this", "the", "early this", "late this",
                    "the current", "so far this", "this past"):
            return _year(pub.year)
        if head in ("last", "the previous", "the prior", "earlier last", "late last",
                    "early last", "a year ago"):
            return _year(pub.year - 1)
        if head in ("next", "the following", "the coming", "early next", "late next"):
            return _year(pub.year + 1)
        return None
    return None


def _day_to_month(d: date) -> DateResult:
    return _month(d.year, d.month)


def _ago(match: re.Match[str], pub: date, sign: int) -> DateResult | None:
    n = _number(match.group("n"))
    if n is None:
        return None
    unit = match.group("unit")
    if unit == "day":
        return _day(pub + timedelta(days=sign * n))
    if unit == "week":
        return _day_to_month(pub + timedelta(days=sign * 7 * n))
    if unit == "month":
        return _month(*_add_months(pub.year, pub.month, sign * n))
    return _year(pub.year + sign * n)


def _rules(text: str, pub: date | None) -> DateResult | None:
    """The fast rules; ``None`` means 'not recognised' (dateparser may still try)."""
    m = _ISO_DAY.search(text)
    if m:
        d = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return _day(d) if d else UNKNOWN
    m = _ISO_MONTH.match(text)
    if m and 1 <= int(m.group(2)) <= 12:
        return _month(int(m.group(1)), int(m.group(2)))
    m = _MONTH_DAY.search(text) or _DAY_MONTH.search(text)
    if m:
        month = _MONTHS[m.group("month")]
        day = int(m.group("day"))
        if m.group("year"):
            year = int(m.group("year"))
        elif pub is not None:
            year = _infer_year(month, day, pub)
        else:
            return UNKNOWN
        d = _safe_date(year, month, day)
        return _day(d) if d else UNKNOWN
    m = _MONTH_YEAR.match(text)
    if m:
        month = _MONTHS[m.group("month")]
        if m.group("year"):
            return _month(int(m.group("year")), month)
        if pub is None:
            return UNKNOWN
        return _month(_infer_year(month, None, pub), month)
    m = _YEAR.match(text)
    if m:
        return _year(int(m.group("year")))
    m = _DECADE.match(text)
    if m:
        return _year(int(m.group("decade")))
    if _TIME_ONLY.match(text):
        return UNKNOWN
    m = _WEEKDAY.match(text)
    if m:
        return _weekday(m, pub) if pub is not None else UNKNOWN
    m = _AGO.match(text)
    if m:
        return (_ago(m, pub, -1) or UNKNOWN) if pub is not None else UNKNOWN
    m = _LATER.match(text)
    if m:
        return (_ago(m, pub, 1) or UNKNOWN) if pub is not None else UNKNOWN
    if pub is not None:
        found = _relative_phrase(text, pub)
        if found is not None:
            return found
        stripped = _LEADING.sub("", text)
        if stripped != text:
            found = _relative_phrase(stripped, pub)
            if found is not None:
                return found
    if _DURATION.match(text):
        return UNKNOWN
    return None


@lru_cache(maxsize=64)
def _parser_for(pub: date) -> Any:
    """A dateparser parser whose RELATIVE_BASE is the publication date (one per date)."""
    from dateparser.date import DateDataParser  # slow import: only when needed

    return DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": datetime(pub.year, pub.month, pub.day),
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": False,
    })


def _dateparser(text: str, pub: date) -> DateResult:
    """Fallback: dateparser with RELATIVE_BASE=published, PREFER_DATES_FROM=past."""
    try:
        data = _parser_for(pub).get_date_data(text)
    except (ValueError, OverflowError, TypeError) as exc:
        logger.debug("dateparser failed on %r: %s", text, exc)
        return UNKNOWN
    found = data.date_obj
    if found is None:
        return UNKNOWN
    period = data.period or "day"
    if period in ("day", "time"):
        return _day(found.date())
    if period in ("week", "month"):
        return _month(found.year, found.month)
    return _year(found.year)


def _date_words_only(text: str) -> bool:
    return all(w in _DATE_WORDS or _DATE_WORD.match(w) for w in re.split(r"[\s,'-]+", text) if w)


def _normalise(expression: str) -> str:
    text = expression.strip().lower().replace("\u2019", "'")
    text = re.sub(r"\s+", " ", text)
    return text.strip(" ,.;:()")


@lru_cache(maxsize=CACHE_SIZE)
def resolve_date(expression: str, published: str | None) -> DateResult:
    """Resolve a date expression against the article's publication date.

    Args:
        expression: The words of a date mention ("Tuesday", "Nov. 7", "last week", "1972").
        published: Publication date ``YYYY-MM-DD`` or ``None``; without it only absolute
            expressions resolve.

    Returns:
        ``(date, precision)``: ``("2025-11-18", "day")``, ``("2025-11", "month")``,
        ``("1972", "year")`` or ``(None, "unknown")``.
    """
    if not expression:
        return UNKNOWN
    text = _normalise(expression)
    if not text:
        return UNKNOWN
    pub = _parse_published(published)
    try:
        found = _rules(text, pub)
        if found is not None:
            return found
        if pub is None or not _ANCHOR.search(text) or _YEAR_SPAN.match(text) or not _date_words_only(text):
            return UNKNOWN
        return _dateparser(text, pub)
    except OverflowError:  # "tomorrow" of 9999-12-31, "a year ago" of 0001-01-01: no such day
        logger.debug("date %r relative to %r is out of range", expression, published)
        return UNKNOWN


def is_past_year(date_: str | None, published: str | None) -> bool:
    """True when a resolved date lies in an earlier calendar year than publication."""
    if not date_ or not published or len(date_) < 4 or len(published) < 4:
        return False
    try:
        return int(date_[:4]) < int(published[:4])
    except ValueError:
        return False


def is_future(date_: str | None, published: str | None) -> bool:
    """True when a resolved date lies after publication, compared at the date's precision."""
    if not date_ or not published:
        return False
    return date_ > published.strip()[: len(date_)]
