"""The historical people dictionary (data/actors/people_history.jsonl): former heads of state and
government and foreign ministers, one line per term of office, resolved by the article's date."""

from __future__ import annotations

import json
import re
from collections import defaultdict

import pytest

from dyadwatch.actors import ActorDictionary
from dyadwatch.resources import data_path

MONTHS = set("january february march april may june july august september october november december".split())
# ordinary English words and very common surnames or first names that must never stand alone for a person
COMMON = set(
    """major brown rice powell rich howard martin gordon baker cook straw hunt begin moon ban park kim lee
    khan ali singh hassan ahmed abdullah hussein sharon johnson smith taylor white black green young king
    bishop price long little hope grant ford fox carter truss cleverly wilson clark turner campbell fraser
    morrison abbott kerry christopher owen hague mustafa mohammed muhammad salman fahd tusk""".split()
)


def _lines(name: str) -> list[str]:
    return data_path("actors", name).read_text(encoding="utf-8").splitlines()


def _entries(name: str) -> list[dict]:
    return [json.loads(line) for line in _lines(name) if line.strip() and not line.startswith(("#", "//"))]


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return ActorDictionary.load()


@pytest.fixture(scope="module")
def history() -> list[dict]:
    return _entries("people_history.jsonl")


@pytest.fixture(scope="module")
def all_people(history: list[dict]) -> list[dict]:
    return _entries("people.jsonl") + history


@pytest.mark.parametrize(
    ("words", "date", "code", "sector"),
    [
        ("Yeltsin", "1995-06-01", "RUS", "GOV"),
        ("Gorbachev", "1988-05-30", "RUS", "GOV"),
        ("Mubarak", "1990-08-10", "EGY", "GOV"),
        ("Mubarak", "2015-03-01", "EGY", "ELI"),  # out of office: still Egyptian, as an elite
        ("Kohl", "1985-05-05", "DEU", "GOV"),
        ("Thatcher", "1985-02-20", "GBR", "GOV"),
        ("Reagan", "1987-06-12", "USA", "GOV"),
        ("Bush", "1991-01-17", "USA", "GOV"),
        ("Arafat", "1993-09-13", "PSE", "GOV"),
        ("Mandela", "1985-01-01", "ZAF", "OPP"),
        ("Mandela", "1996-01-01", "ZAF", "GOV"),
        ("Shevardnadze", "1987-01-01", "RUS", "GOV"),  # Soviet foreign minister
        ("Shevardnadze", "1995-01-01", "GEO", "GOV"),  # then head of state of Georgia
        ("Netanyahu", "1997-01-01", "ISR", "GOV"),  # first term; people.jsonl has the current one
        ("Annan", "2003-03-20", "UNO", "IGO"),
        ("Stoltenberg", "2016-07-08", "IGO", "IGO"),
        ("Rutte", "2015-01-01", "NLD", "GOV"),
        ("Rutte", "2025-06-24", "IGO", "GOV"),  # people.jsonl: NATO Secretary General
        ("Suu Kyi", "2000-01-01", "MMR", "OPP"),
        ("Suu Kyi", "2018-01-01", "MMR", "GOV"),
        ("Vajpayee", "1999-02-20", "IND", "GOV"),
        ("Musharraf", "2005-01-01", "PAK", "GOV"),
        ("Khatami", "1999-01-01", "IRN", "GOV"),
        ("Chirac", "2003-02-01", "FRA", "GOV"),
        ("Milosevic", "1999-04-01", "SRB", "GOV"),
    ],
)
def test_people_across_decades(actors: ActorDictionary, words: str, date: str, code: str, sector: str) -> None:
    hit = actors.lookup(words.split(), date=date)
    assert hit is not None and hit.kind == "person", (words, date)
    assert (hit.code, hit.sector) == (code, sector), (words, date, hit)


def test_file_format(history: list[dict]) -> None:
    assert _lines("people_history.jsonl")[0].startswith("# ")
    ids = [p["id"] for p in history]
    assert len(ids) == len(set(ids))
    for p in history:
        assert p["id"].startswith("person.hist.") and p["type"] == "person", p["id"]
        assert re.fullmatch(r"[A-Z]{3}", p["code"]), p["id"]
        assert p["name"] not in p["names"] and len(set(p["names"])) == len(p["names"]), p["id"]
        if "from" in p or "to" in p:
            assert p["from"], p["id"]
            assert p["to"] is None or p["from"] <= p["to"], p["id"]


def test_no_name_form_names_two_countries(all_people: list[dict]) -> None:
    """A name form (surname alone or full name) never stands for different people of different codes.
    The same person may have several codes (Shevardnadze: Soviet foreign minister, then Georgia's head of
    state; Rutte: Dutch prime minister, then NATO): the dates of the terms tell them apart."""
    owners: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for p in all_people:
        for n in [p["name"], *p["names"]]:
            owners[n.casefold()].add((p["code"], p["name"]))
    bad = {}
    for form, pairs in owners.items():
        codes = {c for c, _ in pairs}
        persons = {n for _, n in pairs}
        if len(codes) > 1 and len(persons) > 1:
            bad[form] = sorted(pairs)
    assert not bad


def test_no_month_or_common_word_as_a_name(all_people: list[dict]) -> None:
    words = {n.casefold() for p in all_people for n in p["names"] if " " not in n}
    assert not words & MONTHS
    assert not words & COMMON


def test_no_person_name_is_a_place_or_organisation(all_people: list[dict]) -> None:
    """A person comes first when a phrase has several meanings, so a surname that is also a country,
    capital, adjective or organisation name would take that name over."""
    places: set[str] = set()
    for f in ("countries.jsonl", "organisations.jsonl"):
        for e in _entries(f):
            for field in ("names", "adjectives", "people", "capitals"):
                places.update(n.casefold() for n in e.get(field, []))
    clash = {n for p in all_people for n in [p["name"], *p["names"]] if n.casefold() in places}
    assert not clash
