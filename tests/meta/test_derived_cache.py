"""The local cache of derived indexes (dyadwatch.cache): a warm start reads the same index a
cold one derives, a changed input is never answered from the cache, and a cache that cannot be
read or written only costs time."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from dyadwatch import cache
from dyadwatch.actors.dictionary import ActorDictionary
from dyadwatch.places.gazetteer import Gazetteer


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV, str(folder))
    return folder


def test_value_is_derived_once_then_read(cache_dir: Path) -> None:
    calls: list[int] = []

    def build() -> dict[str, list[int]]:
        calls.append(1)
        return {"kyiv": [3, 1], "odesa": [2]}

    first = cache.cached("demo", ("v1",), build)
    second = cache.cached("demo", ("v1",), build)
    assert first == second == {"kyiv": [3, 1], "odesa": [2]}
    assert len(calls) == 1
    cache.cached("demo", ("v2",), build)  # another key: derived again
    assert len(calls) == 2


def test_damaged_or_unwritable_cache_only_costs_time(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache.cached("demo", ("k",), lambda: [1, 2, 3])
    (damaged,) = cache_dir.glob("demo-*.marshal")
    damaged.write_bytes(b"\x00 not marshal data")
    assert cache.cached("demo", ("k",), lambda: [1, 2, 3]) == [1, 2, 3]
    # a path under a regular file can never be a folder: nothing is written, the value still comes
    blocker = cache_dir.parent / "blocker"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv(cache.ENV, str(blocker / "cache"))
    assert cache.cached("demo", ("k",), lambda: [4]) == [4]
    monkeypatch.setenv(cache.ENV, "off")
    assert cache.cache_dir() is None
    assert cache.cached("demo", ("k",), lambda: [5]) == [5]


def test_only_the_most_recent_files_of_an_index_are_kept(cache_dir: Path) -> None:
    for n in range(cache.KEEP_PER_NAME + 3):
        cache.cached("demo", (n,), lambda n=n: [n])
        newest = max(cache_dir.glob("demo-*.marshal"), key=lambda p: p.stat().st_mtime)
        os.utime(newest, (1_000_000 + n, 1_000_000 + n))  # distinct times on coarse file systems
    assert len(list(cache_dir.glob("demo-*.marshal"))) == cache.KEEP_PER_NAME


def test_actor_index_from_the_cache_is_the_derived_one(cache_dir: Path) -> None:
    cold = ActorDictionary.load(base=False)
    warm = ActorDictionary.load(base=False)
    assert list(cache_dir.glob("actors-*.marshal"))
    assert warm.phrases == cold.phrases and warm.sector_terms == cold.sector_terms
    assert warm.layers == cold.layers and warm.version == cold.version
    for words, date in [(["Li", "Qiang"], "2024-05-01"), (["Japan"], None), (["Tokyo"], None)]:
        assert warm.lookup(words, date=date) == cold.lookup(words, date=date)
    assert warm.misspelt("Afganistan") == cold.misspelt("Afganistan")
    assert warm.entries.keys() == cold.entries.keys()  # read again from the files when asked for


def test_a_changed_dictionary_file_is_not_answered_from_the_cache(cache_dir: Path, tmp_path: Path) -> None:
    user = tmp_path / "mydict" / "actors"
    user.mkdir(parents=True)
    entry = {"id": "org.harbour-guild", "type": "organisation", "code": "NOR", "sector": "BUS",
             "names": ["Harbour Guild"]}
    (user / "guilds.jsonl").write_text(json.dumps(entry) + "\n", encoding="utf-8")
    first = ActorDictionary.load([user.parent], base=False)
    assert first.lookup(["Harbour", "Guild"]).code == "NOR"
    entry["code"] = "DNK"
    (user / "guilds.jsonl").write_text(json.dumps(entry) + "\n", encoding="utf-8")
    second = ActorDictionary.load([user.parent], base=False)
    assert second.lookup(["Harbour", "Guild"]).code == "DNK"


def test_gazetteer_from_the_cache_resolves_as_derived(cache_dir: Path) -> None:
    cold = Gazetteer()
    warm = Gazetteer()
    assert list(cache_dir.glob("gazetteer-*.marshal"))
    for name in ("Kharkiv", "Kiev", "Gorazde", "Lagos", "Western Sahara", "Strait of Hormuz", "France"):
        assert warm.resolve(name) == cold.resolve(name)
        assert warm.town(name) == cold.town(name)
    assert warm.resolve("Kiev").country == "UKR"
