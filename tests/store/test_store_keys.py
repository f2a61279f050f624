"""Schema 3's plain key columns: the same answers as the array predicates of schema 2,
the migration that fills them, re-clustering, and page totals counted only when needed."""

from __future__ import annotations

import pytest

from dyadwatch.service import DyadService
from dyadwatch.store import EventQuery
from dyadwatch.store.schema import SCHEMA_VERSION
from dyadwatch.store.sql import MULTI, event_keys

# (actors, recipients) of events whose keys take every shape: one country per side,
# several, repeated codes, no recipient (symmetric), no actor, actor == recipient.
SHAPES = [
    (("CHN",), ("JPN",)), (("JPN",), ("CHN",)), (("CHN", "RUS"), ("JPN",)), (("CHN",), ("JPN", "KOR")),
    (("CHN", "JPN"), ()), (("JPN", "CHN", "KOR"), ()), (("CHN",), ()), ((), ("JPN",)),
    (("CHN",), ("CHN",)), (("USA", "CHN"), ("CHN",)), (("KOR",), ("USA",)), (("JPN", "JPN"), ("CHN",)),
]

QUERIES = [
    EventQuery(actor="CHN"), EventQuery(actor="chn"), EventQuery(recipient="JPN"), EventQuery(recipient="CHN"),
    EventQuery(dyad=("CHN", "JPN")), EventQuery(dyad=("JPN", "CHN")), EventQuery(dyad=("CHN", "CHN")),
    EventQuery(dyad=("CHN", "KOR")), EventQuery(dyad=("JPN", "KOR")), EventQuery(dyad=("USA", "CHN")),
    EventQuery(dyad=("CHN", "RUS")), EventQuery(actor="CHN", recipient="JPN"),
    EventQuery(actor="CHN", event="CONSULT"), EventQuery(dyad=("CHN", "JPN"), quad_class=3, status="any"),
    EventQuery(actor="RUS", start="2025-11-19", end="2025-11-30"), EventQuery(actor="XXX"),
]


def _articles(factory, first_day: int = 18):
    ev, art = factory
    out = []
    for i, (actors, recipients) in enumerate(SHAPES):
        day = f"2025-11-{first_day + i % 3:02d}"
        status = "negated" if i % 5 == 4 else "asserted"
        events = [ev(f"r{i}", f"k{first_day}-{i}", actors=actors, recipients=recipients, date=day, status=status,
                     event="CONSULT" if not recipients else "ACCUSE", quad=1 if not recipients else 3,
                     intensity=1.0 if not recipients else -2.0)]
        out.append(art(f"k{first_day}-{i}", events, date=day))
    return out


def _answers(store):
    service = DyadService(store=store)
    out = []
    for query in QUERIES:
        page = service.events(query, limit=100)
        out.append((query, sorted(item["id"] for item in page.items), page.total))
    for a, b in (("CHN", "JPN"), ("JPN", "CHN"), ("CHN", "KOR"), ("USA", "CHN")):
        out.append((a, b, store.dyad_days(a, b), store.dyad_days(a, b, directed=True, freq="week")))
    out.append(store.dyads(limit=50))
    return out


def test_event_keys_shapes():
    assert event_keys(["CHN"], ["JPN"]) == ("CHN", "JPN", "CHN:JPN")
    assert event_keys(["JPN", "JPN"], ["CHN"]) == ("JPN", "CHN", "CHN:JPN")
    assert event_keys(["JPN", "CHN"], []) == (MULTI, None, "CHN:JPN")
    assert event_keys(["CHN"], []) == ("CHN", None, None)
    assert event_keys([], ["JPN"]) == (None, "JPN", None)
    assert event_keys(["CHN", "RUS"], ["JPN"]) == (MULTI, "JPN", MULTI)
    assert event_keys(["A", "B", "C"], []) == (MULTI, None, MULTI)


def test_key_filters_answer_as_array_filters(backend, factory):
    arrays = backend.open(backend.url("v2"), schema_version=2)
    keyed = backend.open(backend.url("v3"))
    assert arrays.schema_version() == 2 and keyed.schema_version() == SCHEMA_VERSION
    for store in (arrays, keyed):
        for coded in _articles(factory):
            store.add_coded_article(coded)
    expected = _answers(arrays)
    assert _answers(keyed) == expected
    # The filters really select something (the comparison is not between empty lists).
    assert [n for _q, _ids, n in expected[:len(QUERIES)]][:6] == [6, 6, 4, 3, 6, 6]


def test_store_migrates_to_keys(backend, factory):
    if backend.kind == "duckdb-memory":
        pytest.skip("an in-memory database cannot be reopened")
    url = backend.url("old2")
    old = backend.open(url, schema_version=2)
    for coded in _articles(factory):
        old.add_coded_article(coded)
    before = _answers(old)
    old.close()
    new = backend.open(url)
    assert new.schema_version() == SCHEMA_VERSION
    rows = new._fetchall("SELECT actor_codes, recipient_codes, actor_key, recipient_key, dyad_key FROM events")
    assert len(rows) == len(SHAPES)
    for actors, recipients, *keys in rows:
        assert tuple(keys) == event_keys(list(actors), list(recipients))
    assert not new._fetchall("SELECT a, b FROM dyad_daily WHERE dyad_key IS NULL")
    assert _answers(new) == before
    # Writes after the migration fill the keys too, and reads still agree with the arrays.
    more = _articles(factory, first_day=21)
    for coded in more:
        new.add_coded_article(coded)
    reference = backend.open(backend.url("ref2"), schema_version=2)
    for coded in _articles(factory) + more:
        reference.add_coded_article(coded)
    assert _answers(new) == _answers(reference)


def test_optimize_keeps_answers_and_writes(backend, factory):
    store = backend.open(backend.url("opt"))
    for coded in _articles(factory):
        store.add_coded_article(coded)
    before = _answers(store)
    store.optimize()
    assert _answers(store) == before
    ev, art = factory
    store.add_coded_article(art("after", [ev("r-after", "after", actors=("CHN",), recipients=("JPN",),
                                              date="2025-11-25")]))
    page = DyadService(store=store).events(EventQuery(dyad=("JPN", "CHN")), limit=100)
    assert page.total == before[4][2] + 1


def test_page_totals_with_and_without_count(backend, factory):
    ev, art = factory
    store = backend.open(backend.url("pages"))
    for i in range(7):
        store.add_coded_article(art(f"p{i}", [ev(f"r{i}", f"p{i}", date=f"2025-11-{10 + i:02d}")]))
    service = DyadService(store=store)
    query = EventQuery(actor="CHN")
    for limit in (1, 3, 6, 7, 8, 100):
        seen, cursor = [], None
        while True:
            page = service.events(query, limit=limit, cursor=cursor)
            assert page.total == 7
            seen += [item["day"] for item in page.items]
            cursor = page.next
            if cursor is None:
                break
        assert seen == [f"2025-11-{10 + i:02d}" for i in reversed(range(7))]
    from dyadwatch.store.sql import encode_cursor

    assert service.events(query, limit=5, cursor=encode_cursor(20)).total == 7
    assert service.events(EventQuery(actor="XXX"), limit=5).total == 0
