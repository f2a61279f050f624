"""resolve_place over the shipped gazetteer, and validation of extra-places files."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyadwatch.errors import DataFileError
from dyadwatch.places import Gazetteer, load_extra_places, resolve_place
from dyadwatch.resources import data_path


@pytest.mark.parametrize(
    ("name", "country", "lat", "lon"),
    [
        ("Beijing", "CHN", 39.9, 116.4),
        ("Tokyo", "JPN", 35.7, 139.7),
        ("Osaka", "JPN", 34.7, 135.5),
        ("Kyiv", "UKR", 50.45, 30.52),
        ("Kiev", "UKR", 50.45, 30.52),
        ("Peking", "CHN", 39.9, 116.4),
        ("Washington", "USA", 38.9, -77.04),
        ("New Delhi", "IND", 28.6, 77.2),
        ("Paris", "FRA", 48.86, 2.35),
        ("Jerusalem", "ISR", 31.78, 35.22),
        ("Gaza", "PSE", 31.45, 34.4),
        ("the Gaza Strip", "PSE", 31.45, 34.4),
        ("West Bank", "PSE", 31.9, 35.2),
        ("Crimea", "UKR", 45.3, 34.4),
        ("Donbass", "UKR", 48.0, 38.0),
        ("the East China Sea", None, 29.0, 125.0),
        ("South China Sea", None, 12.0, 114.0),
        ("the Taiwan Strait", None, 24.0, 119.5),
        ("Strait of Hormuz", None, 26.6, 56.3),
        ("the Red Sea", None, 20.0, 38.5),
        ("Kashmir", None, 34.0, 75.5),
        # countries are placed at their capital
        ("South Africa", "ZAF", -25.75, 28.19),  # Pretoria
        ("China", "CHN", 39.9, 116.4),
        ("the United States", "USA", 38.9, -77.04),
        ("U.S.", "USA", 38.9, -77.04),
        ("Britain", "GBR", 51.5, -0.13),
        ("the Netherlands", "NLD", 52.37, 4.89),
        ("Ivory Coast", "CIV", 6.8, -5.28),  # Yamoussoukro
        ("Kosovo", "XKX", 42.67, 21.17),
        ("Taiwan", "TWN", 25.05, 121.53),
    ],
)
def test_resolve_place_known(name: str, country: str | None, lat: float, lon: float) -> None:
    location = resolve_place(name)
    assert location is not None
    assert location.country == country
    assert location.lat is not None and location.lon is not None
    assert abs(location.lat - lat) < 1.0 and abs(location.lon - lon) < 1.0


@pytest.mark.parametrize("name", ["BEIJING", "beijing", "  Beijing ", "The Beijing"])
def test_resolve_place_normalises_case_and_article(name: str) -> None:
    location = resolve_place(name)
    assert location is not None and location.name == "Beijing"


@pytest.mark.parametrize("name", ["Xyzzyville", "", "   ", "the", "Qwertstan Sea", "and", "river", "north"])
def test_resolve_place_unknown(name: str) -> None:
    assert resolve_place(name) is None


@pytest.mark.parametrize(
    ("name", "hint", "country", "lat", "lon"),
    [
        ("Paris", None, "FRA", 48.86, 2.35),
        ("Paris", "USA", "USA", 33.66, -95.56),  # Paris, Texas
        ("Paris", "US", "USA", 33.66, -95.56),  # alpha-2 hints work too
        ("Washington", None, "USA", 38.9, -77.04),
        ("Washington", "GBR", "GBR", 54.9, -1.52),  # Washington, Tyne and Wear
        ("Paris", "JPN", "FRA", 48.86, 2.35),  # no Paris in Japan: the default
    ],
)
def test_resolve_place_country_hint(name: str, hint: str | None, country: str, lat: float,
                                    lon: float) -> None:
    location = resolve_place(name, country_hint=hint)
    assert location is not None and location.country == country
    assert abs(location.lat - lat) < 1.0 and abs(location.lon - lon) < 1.0


def test_shipped_extra_places_are_valid() -> None:
    text = data_path("places", "extra.jsonl").read_text(encoding="utf-8")
    places = load_extra_places("places/extra.jsonl", text)
    assert len(places) >= 30
    assert {"place.east-china-sea", "place.gaza-strip", "place.crimea"} <= {p.id for p in places}


GOOD = ('{"id": "place.test-sea", "name": "Test Sea", "aliases": ["Testing Sea"], "country": null, '
        '"lat": 1.0, "lon": 2.0}')


@pytest.mark.parametrize(
    ("bad_line", "code", "fragment"),
    [
        ('{"id": "place.x", "name": "X", "lat": 95.0, "lon": 0}', "DW103", "[lat]"),
        ('{"id": "place.x", "name": "X", "lat": 1, "lon": 0, "colour": "blue"}', "DW103", "[colour]"),
        ('{"id": "sea.x", "name": "X", "lat": 1, "lon": 0}', "DW103", "[id]"),
        ('{"id": "place.x", "name": "X", "country": "China", "lat": 1, "lon": 0}', "DW103", "[country]"),
        ('{"id": "place.x", "name": "X", "lat": 1}', "DW103", "[lon]"),
        ('{"id": "place.test-sea", "name": "Other", "lat": 1, "lon": 0}', "DW103", "duplicate id"),
        ('{"id": "place.y", "name": "the Testing Sea", "lat": 1, "lon": 0}', "DW103", "already names"),
        ('{"id": "place.x", "name": "X", "lat": 1, "lon": 0', "DW102", "not valid JSON"),
        ('["place.x"]', "DW102", "expected a JSON object"),
    ],
)
def test_load_extra_places_names_file_and_line(tmp_path: Path, bad_line: str, code: str,
                                               fragment: str) -> None:
    path = tmp_path / "extra.jsonl"
    path.write_text(f"# test file\n{GOOD}\n\n{bad_line}\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_extra_places(str(path), path.read_text(encoding="utf-8"))
    error = info.value
    assert error.code == code
    assert len(error.problems) == 1
    assert error.problems[0].startswith(f"{path}:4 ")
    assert fragment in error.problems[0]
    assert f"[{code}]" in str(error)


def test_load_extra_places_collects_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "extra.jsonl"
    path.write_text('{"id": "place.a", "name": "", "lat": 1, "lon": 0}\n'
                    '{"id": "place.b", "name": "B", "lat": 1, "lon": 500}\n', encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_extra_places(str(path), path.read_text(encoding="utf-8"))
    assert [p.split(" ")[0] for p in info.value.problems] == [f"{path}:1", f"{path}:2"]


def test_gazetteer_with_custom_extra_places(tmp_path: Path) -> None:
    path = tmp_path / "extra.jsonl"
    path.write_text(GOOD + "\n", encoding="utf-8")
    gazetteer = Gazetteer(load_extra_places(str(path), path.read_text(encoding="utf-8")))
    location = gazetteer.resolve("the testing sea")
    assert location is not None and (location.name, location.lat, location.lon) == ("Test Sea", 1.0, 2.0)
    assert gazetteer.resolve("East China Sea") is None  # only the given extras
    assert gazetteer.resolve("Tokyo") is not None
