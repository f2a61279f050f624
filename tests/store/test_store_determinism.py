"""The store is a function of its inputs (issue 12, items 9 and 10): the same articles in any
order, in any batches, from two concurrent writers or through export → import give the same
events, byte-identical exports and the same ``dyad_daily``."""

from __future__ import annotations

import itertools
import random
import threading
from pathlib import Path
from typing import Any

import pytest

from dyadwatch.records import CodedArticle
from dyadwatch.service import DyadService

DAILY = ("SELECT a, b, sym, day, events, q1, q2, q3, q4, intensity_sum, conflict_abs, coop_abs, dyad_key "
         "FROM dyad_daily ORDER BY a, b, sym, day")
EVENTS = ("SELECT id, event, mode, context, cameo, quad_class, intensity, actor_codes, recipient_codes, day, "
          "mentions, sources, articles, first_article_id, row_json FROM events ORDER BY id")


def digest(store: Any, export: Path) -> tuple[bytes, list[Any], list[Any]]:
    """Everything a store gives back: its PLOVER export (bytes), its events and its dyad_daily rows."""
    DyadService(store=store).export("plover", export)
    return export.read_bytes(), store._fetchall(EVENTS), store._fetchall(DAILY)


def store_in(backend: Any, name: str, batches: list[list[CodedArticle]]) -> Any:
    store = backend.open(backend.url(name))
    for batch in batches:
        store.add_coded_articles(batch)
    return store


@pytest.fixture
def reports(factory: Any) -> list[CodedArticle]:
    """One clash reported by four outlets, each with its own reading (intensity, mode, cameo, wording),
    one article holding two reports of it, and an unrelated event; all on 2025-11-18."""
    ev, art = factory
    return [
        art("wire-b", [ev("r2", "wire-b", intensity=-5.0, quad=4, event="ASSAULT", mode=("beat",),
                          sentence="Chinese ships rammed a Japanese patrol boat."),
                       ev("r1", "wire-b", intensity=-4.0, quad=4, event="ASSAULT",
                          sentence="The Chinese ships struck the patrol boat twice.")], date="2025-11-19"),
        art("wire-a", [ev("r5", "wire-a", intensity=-3.0, quad=4, event="ASSAULT", mode=("fire",),
                          sentence="China fired water cannon at a Japanese boat.")], date="2025-11-18"),
        art("wire-c", [ev("r9", "wire-c", intensity=-6.5, quad=4, event="ASSAULT",
                          sentence="China attacked the Japanese coast guard.")], date="2025-11-18"),
        art("wire-d", [ev("r3", "wire-d", intensity=-3.5, quad=4, event="ASSAULT", actors=("CHN",),
                          recipients=("JPN",), sentence="Beijing's vessels hit Tokyo's boat."),
                       ev("r4", "wire-d", event="CONSULT", quad=1, intensity=1.0, recipients=("KOR",),
                          sentence="China and South Korea held talks.")], date="2025-11-20"),
    ]


@pytest.mark.issue(12)
def test_store_same_reports_any_order_same_store(backend: Any, reports: list[CodedArticle], tmp_path: Path) -> None:
    expected = digest(store_in(backend, "one", [reports]), tmp_path / "one.jsonl")
    first = expected[1]
    assert {row[1] for row in first} == {"ASSAULT", "CONSULT"}
    # the main record is the earliest report (wire-a and wire-c of 18 Nov: wire-a), whatever arrives first
    assault = next(row for row in first if row[1] == "ASSAULT")
    assert assault[13] == "wire-a" and assault[6] == -3.0 and list(assault[2]) == ["fire"]
    assert assault[10:13] == (5, 4, 4)
    for n, order in enumerate(itertools.permutations(reports)):
        batches = [[a] for a in order] if n % 2 else [list(order)]
        got = digest(store_in(backend, f"p{n}", batches), tmp_path / f"p{n}.jsonl")
        assert got == expected, f"order {[a.article.id for a in order]} gives another store"


@pytest.mark.issue(12)
def test_store_export_import_is_faithful(backend: Any, reports: list[CodedArticle], tmp_path: Path) -> None:
    for n, order in enumerate(itertools.islice(itertools.permutations(reports), 0, None, 5)):
        original = store_in(backend, f"orig{n}", [[a] for a in order])
        exported, events, daily = digest(original, tmp_path / f"orig{n}.jsonl")
        copy = backend.open(backend.url(f"copy{n}"))
        report = DyadService(store=copy).import_plover(tmp_path / f"orig{n}.jsonl")
        assert report.ok and report.articles_stored == len(reports)
        again = digest(copy, tmp_path / f"again{n}.jsonl")
        assert again[0] == exported, f"order {[a.article.id for a in order]}: the re-export differs"
        assert again[2] == daily
        assert [r[:14] for r in again[1]] == [r[:14] for r in events]


@pytest.mark.issue(12)
def test_store_intensity_sums_do_not_depend_on_order(backend: Any, factory: Any, tmp_path: Path) -> None:
    """Float sums added in another order differ in the last bits; dyad_daily keeps them rounded."""
    ev, art = factory
    values = [-0.1, -0.2, -0.7, -2.8, -4.4, -9.9, -0.3, -6.1]
    articles = [art(f"s{i}", [ev(f"q{i}", f"s{i}", intensity=v, actors=("RUS",), recipients=("UKR",),
                                 date="2025-11-18", sentence=f"Russian strike number {i} hit Ukraine.")],
                    source=f"outlet{i}") for i, v in enumerate(values)]
    # a category each: eight events of one dyad on one day, so one dyad_daily row sums them all
    articles = [art(a.article.id, [a.events[0].with_(event=e)], source=a.article.source)
                for a, e in zip(articles, ["ASSAULT", "COERCE", "THREATEN", "ACCUSE", "SANCTION", "PROTEST",
                                           "MOBILIZE", "REJECT"], strict=True)]
    stores = []
    for n in range(3):
        order = articles[:]
        random.Random(n).shuffle(order)
        stores.append(store_in(backend, f"f{n}", [[a] for a in order]))
    dailies = [s._fetchall(DAILY) for s in stores]
    assert dailies[0] == dailies[1] == dailies[2]
    assert dailies[0][0][9] == pytest.approx(sum(values))


@pytest.mark.postgres
@pytest.mark.issue(12)
def test_store_two_concurrent_postgres_writers(backend_factory: Any, reports: list[CodedArticle],
                                               factory: Any, tmp_path: Path) -> None:
    ev, art = factory
    corpus = reports + [art(f"x{i}", [ev(f"x{i}", f"x{i}", intensity=-1.0 - i / 10, event="ACCUSE",
                                         sentence=f"China accused Japan again, statement {i}.")],
                            date=f"2025-11-{10 + i % 9:02d}") for i in range(40)]
    backend = backend_factory("postgres")
    expected = digest(store_in(backend, "seq", [corpus]), tmp_path / "seq.jsonl")
    url = backend.url("conc")
    stores = [backend.open(url), backend.open(url)]
    halves = [corpus[::2] + corpus[1::2][:10], corpus[::-1]]  # overlapping, opposite orders
    errors: list[BaseException] = []

    def write(store: Any, items: list[CodedArticle]) -> None:
        try:
            for a in items:
                store.add_coded_articles([a])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(s, h)) for s, h in zip(stores, halves, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    got = digest(stores[0], tmp_path / "conc.jsonl")
    assert got[0] == expected[0] and got[2] == expected[2]
