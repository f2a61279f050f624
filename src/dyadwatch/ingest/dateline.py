"""Datelines: recognise ``BEIJING, Nov 18 (Reuters) -`` and friends at the start of a text.

A dateline is removed from the article text (only the body is stored) and gives
the publication date, the dateline place and the news agency.

Year rule: a dateline without a year ("BEIJING, Nov 18 (Reuters) -") takes its
year from ``default_year`` (:func:`parse_dateline`).  :func:`article_from_text`
passes a reference date when it has one (the ``date`` argument, e.g. a JSON
``date`` field or a date in the file name) and then picks, of the reference
year and the years before and after it, the one that puts the dateline closest
to the reference date (so "Dec 31" read with reference 2026-01-02 is
2025-12-31).  Without any reference date the current year is used.
"""

from __future__ import annotations

import datetime as _dt
import logging
import re
from functools import lru_cache

from dyadwatch.errors import InputError
from dyadwatch.records import Article, content_hash

log = logging.getLogger(__name__)

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_YEAR = r"(?:,?\s+(?P<{name}>\d{{4}}))?"
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}{_YEAR.format(name='y1')}"
    rf"|\d{{1,2}}\s+{_MONTH}{_YEAR.format(name='y2')}"
    r"|(?P<y3>\d{4})-\d{2}-\d{2})"
)
_WORD = r"[A-Z][A-Za-z.'\-]*"
_PLACE = rf"{_WORD}(?:[ /]{_WORD}){{0,3}}"
_AGENCY = (
    r"(?:\((?P<agency>[A-Za-z][A-Za-z0-9 .&'\-]{0,30})\)"
    r"|/(?P<agency2>[A-Za-z][A-Za-z0-9 .&'\-]{0,30})/)"
)
_DASH = r"(?:--|-|\u2014|\u2013)"

# "BEIJING, Nov 18 (Reuters) - ", "TOKYO (AP) — ", "Kyiv, 3 March 2025 (AFP) - ",
# "WASHINGTON, Nov. 18, 2025 /PRNewswire/ -- ", "KYIV, Ukraine (AP) — ", "GENEVA — ".
_WIRE = re.compile(
    rf"\s*(?P<place>{_PLACE})"
    rf"(?:,\s*(?P<region>(?!{_MONTH}\s)[A-Z][A-Za-z.'\-]*(?:\s+[A-Z][A-Za-z.'\-]*){{0,2}}))?"
    rf"(?:,\s*(?P<date>{_DATE}))?"
    rf"\s*{_AGENCY}?"
    rf"\s*{_DASH}\s+"
)
# "date 2025-11-18 Beijing/Tokyo: "
_KEYED = re.compile(
    r"\s*(?i:date)\s+(?P<date>(?P<y3>\d{4})-\d{2}-\d{2})(?:\s+(?P<place>[^:\n]{1,60}?))?\s*:\s+"
)
# All-caps words that start wire texts but are not places ("EXCLUSIVE - ...").
_NOT_PLACES = frozenset({
    "EXCLUSIVE", "UPDATE", "BREAKING", "ANALYSIS", "FACTBOX", "WRAPUP", "INSIGHT", "COLUMN",
    "OPINION", "EDITORIAL", "REFILE", "CORRECTED", "CORRECTION", "URGENT", "FLASH", "NEWS",
})


class _Dateline:
    __slots__ = ("date_text", "has_year", "place", "agency", "end")

    def __init__(self, date_text: str | None, has_year: bool, place: str | None,
                 agency: str | None, end: int) -> None:
        self.date_text, self.has_year, self.place, self.agency, self.end = (
            date_text, has_year, place, agency, end)


def _tidy_place(place: str | None) -> str | None:
    if not place:
        return None
    place = " ".join(place.split())
    return place.title() if place.isupper() else place


def _match(text: str) -> _Dateline | None:
    m = _KEYED.match(text)
    if m:
        return _Dateline(m["date"], True, _tidy_place(m["place"]), None, m.end())
    m = _WIRE.match(text)
    if not m:
        return None
    place = m["place"]
    agency = m["agency"] or m["agency2"]
    date_text = m["date"]
    letters = re.sub(r"[^A-Za-z]", "", place)
    if not (date_text or agency) and not (letters.isupper() and len(letters) >= 3):
        return None  # a bare "Place — " must be all capitals, like "GENEVA — "
    if place.upper() in _NOT_PLACES:
        return None
    if m["region"]:
        place = f"{_tidy_place(place)}, {m['region']}"
    has_year = bool(m["y1"] or m["y2"] or m["y3"])
    return _Dateline(date_text, has_year, _tidy_place(place), agency.strip() if agency else None,
                     m.end())


@lru_cache(maxsize=4096)
def _parse_date(date_text: str, year: int | None) -> _dt.date | None:
    import dateparser

    text = date_text.strip()
    if year is not None:
        text = f"{text} {year}"
    try:
        parsed = dateparser.parse(text, languages=["en"],
                                  settings={"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False})
    except (ValueError, OverflowError) as exc:  # a year dateparser cannot represent
        log.debug("dateline date %r: %s", text, exc)
        return None
    if parsed is None or not MIN_YEAR <= parsed.year <= MAX_YEAR:
        return None
    return parsed.date()


#: Publication years dyadwatch reads (the date rules' range, dyadwatch.dates.resolve).
MIN_YEAR = 1000
MAX_YEAR = 2199


def normalise_date(value: str) -> str:
    """A publication date as ``YYYY-MM-DD``: an ISO date or ISO timestamp, nothing else.

    Written forms and relative words ("yesterday") are refused: they would be read
    against the machine's clock, so results would change with the day of the run.

    Raises:
        InputError: [DW209] when the value is not a valid ISO date or timestamp, or its
            year is outside ``MIN_YEAR``-``MAX_YEAR``.

    Example:
        >>> normalise_date("2025-11-18T09:30:00Z")
        '2025-11-18'
    """
    value = value.strip()
    hint = "use an ISO date YYYY-MM-DD or timestamp YYYY-MM-DDTHH:MM:SS"
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:[T ]\S.*)?", value):
        raise InputError(f"date {value!r} is not an ISO date; {hint}", code="DW209")
    try:
        day = _dt.date.fromisoformat(value[:10])
        if len(value) > 10:
            _dt.datetime.fromisoformat(value.replace(" ", "T", 1))
    except ValueError as exc:
        raise InputError(f"date {value!r} is not a valid date ({exc}); {hint}", code="DW209") from exc
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise InputError(f"date {value!r} is outside the years {MIN_YEAR}-{MAX_YEAR} dyadwatch reads",
                         code="DW209")
    return day.isoformat()


def parse_dateline(text: str, *, default_year: int | None = None) -> tuple[str | None, str | None, str | None, int]:
    """Find a dateline at the start of ``text``.

    Args:
        text: the article text.
        default_year: year for a dateline without one (default: the current year).

    Returns:
        ``(date, place, agency, body_start)``: the date as ``YYYY-MM-DD`` (or None), the
        place title-cased ("Beijing/Tokyo"), the agency ("Reuters") and the offset in
        ``text`` where the body starts; ``(None, None, None, 0)`` when there is no dateline.

    Example:
        >>> parse_dateline("BEIJING, Nov 18, 2025 (Reuters) - China said ...")
        ('2025-11-18', 'Beijing', 'Reuters', 34)
    """
    found = _match(text)
    if found is None:
        return None, None, None, 0
    date = None
    if found.date_text:
        year = None if found.has_year else (default_year or _dt.date.today().year)
        parsed = _parse_date(found.date_text, year)
        date = parsed.isoformat() if parsed else None
    return date, found.place, found.agency, found.end


def _closest_year(date_text: str, reference: _dt.date) -> str | None:
    best: _dt.date | None = None
    for year in (y for y in (reference.year - 1, reference.year, reference.year + 1) if MIN_YEAR <= y <= MAX_YEAR):
        candidate = _parse_date(date_text, year)
        if candidate and (best is None or abs(candidate - reference) < abs(best - reference)):
            best = candidate
    return best.isoformat() if best else None


def article_from_text(text: str, *, date: str | None = None, article_id: str | None = None,
                      title: str | None = None, origin: str | None = None, source: str | None = None,
                      url: str | None = None) -> Article:
    """Build an :class:`Article` from raw text, reading and removing a dateline.

    The dateline date wins over ``date``; ``date`` is used when the dateline has no
    date, and as the reference for a dateline without a year. An explicit ``source``
    wins over the dateline agency. The id is ``article_id`` or ``content_hash(text)``
    of the text as given (dateline included).

    Raises:
        InputError: [DW209] when ``date`` is not an ISO date (:func:`normalise_date`).

    Example:
        >>> a = article_from_text("TOKYO (AP) — Japan said ...", date="2025-11-18")
        >>> (a.text, a.date, a.place, a.source)
        ('Japan said ...', '2025-11-18', 'Tokyo', 'AP')
    """
    art_id = article_id if article_id else content_hash(text)
    explicit = normalise_date(date) if date else None
    stripped = text.strip()
    found = _match(stripped)
    body, place, agency, art_date = stripped, None, None, explicit
    if found is not None and stripped[found.end:].strip():
        body = stripped[found.end:].strip()
        place, agency = found.place, found.agency
        if found.date_text:
            if found.has_year:
                parsed = _parse_date(found.date_text, None)
                art_date = parsed.isoformat() if parsed else art_date
            elif explicit:
                art_date = _closest_year(found.date_text, _dt.date.fromisoformat(explicit)) or art_date
            else:
                parsed = _parse_date(found.date_text, _dt.date.today().year)
                art_date = parsed.isoformat() if parsed else art_date
    return Article(id=art_id, text=body, date=art_date, title=title, url=url,
                   source=source or agency, place=place, origin=origin)
