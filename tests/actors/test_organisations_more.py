"""The shipped organisation dictionary data/actors/organisations_more.jsonl, checked through the real
actor dictionary (no mocks): a few lookups, one meaning per name across all actor files, no
ordinary English words as names."""

from __future__ import annotations

import json
from importlib.resources.abc import Traversable

import pytest

from dyadwatch.actors import ActorDictionary
from dyadwatch.actors.dictionary import _tokens, match_key
from dyadwatch.resources import data_path

# capitals that stand for an organisation on purpose (the organisation wins, see docs/dictionaries.md)
METONYMS = {("brussels",)}

COMMON_WORDS = {
    "change", "unity", "justice", "congress", "labor", "labour", "front", "alliance", "party", "movement",
    "army", "force", "forces", "council", "union", "league", "solidarity", "freedom", "liberty", "peace",
    "care", "mend", "shell", "let", "raw", "ice", "apc", "reform", "future", "progress", "hope",
    "democracy", "independence", "revolution", "resistance", "national", "people", "popular", "free",
    "guardian", "times", "post", "star", "sun", "mail", "nation", "dawn", "tribune", "herald", "vanguard",
    "patriot", "jihad", "commonwealth", "state", "government", "vox", "path",
}


def _actor_files() -> list[Traversable]:
    return sorted((p for p in data_path("actors").iterdir() if p.name.endswith(".jsonl")), key=lambda p: p.name)


def _entries(path: Traversable) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip() and not line.lstrip().startswith(("#", "//"))]


def _surface_forms(entry: dict) -> list[str]:
    if entry["type"] == "sector":
        return []
    forms = [entry["name"]] if entry["type"] == "person" else []
    for field in ("names", "adjectives", "people", "capitals"):
        forms.extend(entry.get(field) or [])
    return forms


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return ActorDictionary.load()


@pytest.fixture(scope="module")
def more() -> list[dict]:
    return _entries(data_path("actors", "organisations_more.jsonl"))


@pytest.mark.parametrize(
    ("phrase", "code", "sector"),
    [
        ("Kurdistan Workers' Party", "TUR", "REB"),
        ("PKK", "TUR", "REB"),
        ("Liberation Tigers of Tamil Eelam", "LKA", "REB"),
        ("Kosovo Liberation Army", "XKX", "REB"),
        ("al-Shabaab", "SOM", "REB"),
        ("Human Rights Watch", "NGO", "SOC"),
        ("Committee to Protect Journalists", "NGO", "JRN"),
        ("World Bank", "IGO", "BUS"),
        ("Organization of American States", "IGO", "GOV"),
        ("UNDP", "UNO", "IGO"),
        ("UNICEF", "UNO", "IGO"),
        ("UNIFIL", "UNO", "MIL"),
        ("European Central Bank", "EUR", "BUS"),
        ("Agence France-Presse", "FRA", "JRN"),
        ("Anadolu Agency", "TUR", "JRN"),
        ("Bharatiya Janata Party", "IND", "PTY"),
        ("State Duma", "RUS", "LEG"),
        ("Inter-Services Intelligence", "PAK", "SPY"),
    ],
)
def test_lookups(actors: ActorDictionary, phrase: str, code: str, sector: str) -> None:
    hit = actors.lookup(_tokens(phrase), date="2010-06-01")
    assert hit is not None, phrase
    assert (hit.kind, hit.code, hit.sector) == ("organisation", code, sector)


def test_longer_names_win_over_the_country_inside_them(actors: ActorDictionary) -> None:
    hit = actors.lookup(_tokens("Islamic State of Iraq and the Levant"))
    assert hit is not None and hit.code == "IMG"
    hit = actors.lookup(_tokens("Sudan People's Liberation Army"))
    assert hit is not None and (hit.code, hit.sector) == ("SDN", "REB")


def test_entries_are_well_formed(more: list[dict]) -> None:
    first = data_path("actors", "organisations_more.jsonl").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ")
    ids = [e["id"] for e in more]
    assert len(ids) == len(set(ids))
    assert 250 <= len(more) <= 450
    for e in more:
        assert e["type"] == "organisation" and e["id"].startswith("org."), e["id"]
        assert e["names"] and all(n == n.strip() and n for n in e["names"]), e["id"]


def test_ids_unique_across_actor_files() -> None:
    seen: dict[str, str] = {}
    for path in _actor_files():
        for e in _entries(path):
            assert e["id"] not in seen, (e["id"], seen.get(e["id"]), path.name)
            seen[e["id"]] = path.name


def _overlap(a: dict, b: dict) -> bool:
    """Do two terms of office overlap (open ends count as overlapping)?"""
    a_from, a_to = a.get("from") or "0000", a.get("to") or "9999"
    b_from, b_to = b.get("from") or "0000", b.get("to") or "9999"
    return a_from <= b_to and b_from <= a_to


def test_no_name_has_two_codes_across_actor_files() -> None:
    """A name means one code. People are the exception when their terms tell them apart: a
    person's successive offices (say foreign minister, then secretary-general of an IGO) may
    carry different codes, as long as no two of those terms overlap."""
    found: dict[tuple[str, ...], list[tuple[str, dict]]] = {}
    for path in _actor_files():
        for e in _entries(path):
            for form in set(_surface_forms(e)):
                found.setdefault(match_key(_tokens(form)), []).append((path.name, e))
    clashes = {}
    for key, owners in found.items():
        if key in METONYMS:
            continue
        others = {e["code"] for _, e in owners if e["type"] != "person"}
        people = [e for _, e in owners if e["type"] == "person"]
        bad = len(others) > 1 or bool(others and {p["code"] for p in people} - others)
        bad = bad or any(p["code"] != q["code"] and _overlap(p, q)
                         for i, p in enumerate(people) for q in people[i + 1:])
        if bad:
            clashes[key] = sorted(f"{f}:{e['id']}" for f, e in owners)
    assert clashes == {}


def test_new_names_have_one_entry_each(more: list[dict]) -> None:
    """A name of organisations_more means one entry only, in any actor file."""
    mine = {match_key(_tokens(n)): e["id"] for e in more for n in e["names"]}
    for path in _actor_files():
        for e in _entries(path):
            for form in _surface_forms(e):
                key = match_key(_tokens(form))
                if key in mine:
                    assert mine[key] == e["id"], (form, mine[key], e["id"])


def test_no_common_english_word_is_a_name(more: list[dict]) -> None:
    bad = [n for e in more for n in e["names"] if " ".join(match_key(_tokens(n))).lower() in COMMON_WORDS]
    assert bad == []
