"""The shipped country actor dictionary (data/actors/countries.jsonl)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pycountry
import pytest

from dyadwatch.resources import data_path

NON_ISO = {"XKX"}
REQUIRED = {"TWN", "HKG", "PSE", "XKX", "VAT"}
FIELDS = ("names", "adjectives", "people", "capitals")


@pytest.fixture(scope="module")
def countries() -> list[dict]:
    text = data_path("actors", "countries.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_countries_one_line_per_valid_code(countries: list[dict]) -> None:
    codes = [c["code"] for c in countries]
    assert len(codes) == len(set(codes))
    assert codes == sorted(codes)
    for entry in countries:
        code = entry["code"]
        assert set(entry) == {"id", "type", "code", *FIELDS}
        assert entry["id"] == f"country.{code}" and entry["type"] == "country"
        assert re.fullmatch(r"[A-Z]{3}", code)
        assert code in NON_ISO or pycountry.countries.get(alpha_3=code) is not None, code
        assert entry["names"], code
        for field in FIELDS:
            assert all(isinstance(v, str) and v.strip() == v and v for v in entry[field]), (code, field)
    assert REQUIRED <= set(codes)
    assert 195 <= len(codes) <= 200


def test_countries_no_surface_form_shared_across_countries(countries: list[dict]) -> None:
    owner: dict[str, str] = {}
    clashes = []
    for entry in countries:
        for field in FIELDS:
            for value in entry[field]:
                key = value.casefold()
                if owner.setdefault(key, entry["code"]) != entry["code"]:
                    clashes.append((value, owner[key], entry["code"]))
    assert clashes == []


def test_countries_avoid_harmful_names(countries: list[dict]) -> None:
    by_code = {c["code"]: c for c in countries}
    assert "Guinea" not in by_code["PNG"]["names"]
    assert "Congo" not in by_code["COG"]["names"]
    assert "Male" not in by_code["MDV"]["capitals"]
    assert "Korean" not in by_code["KOR"]["adjectives"] + by_code["PRK"]["adjectives"]
    assert not any("," in n or "(" in n for c in countries for n in c["names"])


@pytest.mark.parametrize(
    ("code", "first_name", "names", "adjectives", "people", "capitals"),
    [
        ("CHN", "China", {"People's Republic of China", "PRC", "mainland China"}, {"Chinese"},
         {"Chinese"}, {"Beijing", "Peking", "Zhongnanhai"}),
        ("JPN", "Japan", set(), {"Japanese"}, {"Japanese"}, {"Tokyo"}),
        ("USA", "United States", {"U.S.", "US", "USA", "America", "United States of America"},
         {"American"}, {"Americans"}, {"Washington", "White House", "the White House"}),
        ("RUS", "Russia", {"Russian Federation"}, {"Russian"}, {"Russians"},
         {"Moscow", "Kremlin", "the Kremlin"}),
        ("UKR", "Ukraine", set(), {"Ukrainian"}, {"Ukrainians"}, {"Kyiv", "Kiev"}),
        ("GBR", "Britain", {"UK", "U.K.", "United Kingdom", "Great Britain"}, {"British"},
         {"Britons"}, {"London", "Downing Street", "Whitehall"}),
        ("KOR", "South Korea", {"Republic of Korea", "ROK"}, {"South Korean"}, {"South Koreans"},
         {"Seoul", "the Blue House"}),
        ("PRK", "North Korea", {"DPRK"}, {"North Korean"}, {"North Koreans"}, {"Pyongyang"}),
        ("PSE", "Palestine", set(), {"Palestinian"}, {"Palestinians"}, {"Ramallah"}),
        ("ISR", "Israel", set(), {"Israeli"}, {"Israelis"}, {"Jerusalem"}),
        ("TUR", "Turkey", {"Türkiye"}, {"Turkish"}, {"Turks"}, {"Ankara"}),
        ("NLD", "Netherlands", {"the Netherlands", "Holland"}, {"Dutch"}, {"Dutch"}, {"The Hague"}),
        ("CIV", "Ivory Coast", {"Côte d'Ivoire"}, {"Ivorian"}, {"Ivorians"}, {"Yamoussoukro"}),
        ("MMR", "Myanmar", {"Burma"}, {"Burmese"}, {"Burmese"}, {"Naypyitaw"}),
        ("FRA", "France", set(), {"French"}, {"French"}, {"Paris", "the Elysee", "the Élysée"}),
        ("PHL", "Philippines", set(), {"Filipino", "Philippine"}, {"Filipinos"}, {"Manila"}),
        ("TWN", "Taiwan", set(), {"Taiwanese"}, {"Taiwanese"}, {"Taipei"}),
    ],
)
def test_countries_expected_entries(countries: list[dict], code: str, first_name: str, names: set[str],
                                    adjectives: set[str], people: set[str], capitals: set[str]) -> None:
    entry = next(c for c in countries if c["code"] == code)
    assert entry["names"][0] == first_name
    assert names <= set(entry["names"])
    assert adjectives <= set(entry["adjectives"])
    assert people <= set(entry["people"])
    assert capitals <= set(entry["capitals"])


def test_countries_file_matches_generator() -> None:
    script = Path(__file__).resolve().parents[2] / "tools" / "build_country_actors.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
