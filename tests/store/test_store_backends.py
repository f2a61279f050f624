"""The store test suite, run on every backend (in-memory DuckDB, DuckDB file, PostgreSQL)."""

from __future__ import annotations

import json

import pytest

from dyadwatch.errors import ConfigError, NotFoundError, StoreError
from dyadwatch.service import DyadService
from dyadwatch.store import EventQuery
from dyadwatch.store.schema import SCHEMA_VERSION


def test_store_opens_at_current_schema(store):
    assert store.schema_version() == SCHEMA_VERSION
    assert store.stats() == {"articles": 0, "events": 0, "reports": 0}


def test_store_reingest_is_idempotent(store, factory):
    ev, art = factory
    coded = art("a1", [ev("r1", "a1"), ev("r2", "a1", event="CONSULT", quad=1, intensity=2.5, recipients=())])
    assert store.add_coded_article(coded) is True
    before = store.stats()
    assert store.add_coded_article(coded) is False
    # same text under another id is the same content: still skipped
    from dataclasses import replace

    assert store.add_coded_article(replace(coded, article=replace(coded.article, id="other"))) is False
    assert store.stats() == before == {"articles": 1, "events": 2, "reports": 2}


def test_store_same_id_other_text_kept_apart(store, factory):
    ev, art = factory
    assert store.add_coded_article(art("a1", [ev("r1", "a1")], text="first version"))
    assert store.add_coded_article(art("a1", [ev("r1", "a1")], text="second version"))
    assert store.stats()["articles"] == 2
    items, _ = store.events(EventQuery())
    assert items[0]["articles"] == 2


def test_store_batch_is_atomic(store, factory):
    ev, art = factory
    good = art("a1", [ev("r1", "a1")])
    bad = art("a2", [ev("r2", "a2", mode=(object(),))])  # fails after a1 was written
    with pytest.raises((StoreError, ValueError, TypeError)):
        store.add_coded_articles([good, bad])
    assert store.stats() == {"articles": 0, "events": 0, "reports": 0}
    assert store.add_coded_article(good)


def test_store_dedup_across_articles(store, factory):
    ev, art = factory
    store.add_coded_article(art("a1", [ev("r1", "a1", sentence="Beijing protested to Tokyo.", mentions=2)],
                                source="Xinhua"))
    store.add_coded_article(art("a2", [ev("r9", "a2", sentence="China lodged a protest with Japan.")],
                                source="Kyodo", date="2025-11-19"))
    store.add_coded_article(art("a3", [ev("r5", "a3", sentence="China complained to Japan.")],
                                source="xinhua"))
    items, total = store.events(EventQuery())
    assert total == 1
    item = items[0]
    assert (item["mentions"], item["sources"], item["articles"]) == (4, 2, 3)
    assert item["article_id"] == "a1"
    full = store.event(item["id"])
    assert sorted(r["article_id"] for r in full["reports"]) == ["a1", "a2", "a3"]
    assert {r["evidence"][0]["text"] for r in full["reports"]} == {
        "Beijing protested to Tokyo.", "China lodged a protest with Japan.", "China complained to Japan."}
    # every article keeps its own evidence
    assert [e["text"] for e in store.article("a2")["evidence"]] == ["China lodged a protest with Japan."]
    # the analytics count the event once
    assert [d["events"] for d in store.dyad_days("CHN", "JPN")] == [1]


@pytest.mark.parametrize(("a", "b", "merged"), [
    ({"actors": ("CHN", "RUS")}, {"actors": ("RUS", "CHN")}, True),  # actor set, any order
    ({}, {"recipients": ("KOR",)}, False),
    ({}, {"event": "REJECT"}, False),
    ({}, {"date": "2025-11-19"}, False),
    ({}, {"status": "negated"}, False),
    ({"precision": "month", "date": "2025-11"}, {"precision": "month", "date": "2025-11"}, False),
    ({"date": None}, {"date": None}, False),
])
def test_store_dedup_key(store, factory, a, b, merged):
    ev, art = factory
    store.add_coded_article(art("a1", [ev("r1", "a1", **a)]))
    store.add_coded_article(art("a2", [ev("r1", "a2", **b)]))
    _, total = store.events(EventQuery(status=None))
    assert total == (1 if merged else 2)


def test_store_unknown_date_counts_on_publication_day(store, factory):
    ev, art = factory
    store.add_coded_article(art("a1", [ev("r1", "a1", date=None)], date="2025-11-20"))
    items, _ = store.events(EventQuery())
    assert items[0]["day"] == "2025-11-20"
    assert [d["day"] for d in store.dyad_days("JPN", "CHN")] == ["2025-11-20"]


# A fixed corpus for the filters: (report id, article, kwargs)
CORPUS = [
    ("e1", "a1", {"sentence": "The spokesperson criticised Tokyo sharply."}),
    ("e2", "a2", {"event": "REQUEST", "quad": 3, "intensity": 0.0, "actors": ("JPN",), "recipients": ("CHN",),
                  "date": "2025-11-19"}),
    ("e3", "a3", {"event": "CONSULT", "quad": 1, "intensity": 2.5, "actors": ("CHN", "JPN"), "recipients": (),
                  "date": "2025-11-03"}),
    ("e4", "a4", {"event": "SANCTION", "quad": 4, "intensity": -6.0, "actors": ("USA",), "recipients": ("CHN",),
                  "date": "2025-11-20"}),
    ("e5", "a5", {"event": "MOBILIZE", "quad": 4, "intensity": -6.5, "status": "negated", "date": "2025-11-21"}),
    ("e6", "a6", {"event": "ASSAULT", "quad": 4, "intensity": -9.0, "actors": ("RUS",), "recipients": ("UKR",),
                  "date": "2025-11-10"}),
]


@pytest.fixture
def corpus_store(store, factory):
    ev, art = factory
    for rid, aid, kwargs in CORPUS:
        store.add_coded_article(art(aid, [ev(rid, aid, **kwargs)]))
    return store


@pytest.mark.parametrize(("query", "expected"), [
    (EventQuery(), {"e1", "e2", "e3", "e4", "e6"}),
    (EventQuery(actor="CHN"), {"e1", "e3"}),
    (EventQuery(actor="chn"), {"e1", "e3"}),
    (EventQuery(recipient="CHN"), {"e2", "e4"}),
    (EventQuery(dyad=("CHN", "JPN")), {"e1", "e2", "e3"}),
    (EventQuery(dyad=("JPN", "CHN")), {"e1", "e2", "e3"}),
    (EventQuery(dyad=("CHN", "USA")), {"e4"}),
    (EventQuery(event="ACCUSE"), {"e1"}),
    (EventQuery(quad_class=4), {"e4", "e6"}),
    (EventQuery(status="negated"), {"e5"}),
    (EventQuery(status=None), {"e1", "e2", "e3", "e4", "e5", "e6"}),
    (EventQuery(status="any"), {"e1", "e2", "e3", "e4", "e5", "e6"}),
    (EventQuery(start="2025-11-19"), {"e2", "e4"}),
    (EventQuery(end="2025-11-10"), {"e3", "e6"}),
    (EventQuery(start="2025-11-10", end="2025-11-18"), {"e1", "e6"}),
    (EventQuery(text="CRITICISED tokyo"), {"e1"}),
    (EventQuery(text="nothing like this"), set()),
    (EventQuery(article_id="a4"), {"e4"}),
    (EventQuery(actor="CHN", quad_class=1), {"e3"}),
])
def test_store_events_filter(corpus_store, query, expected):
    items, total = corpus_store.events(query, limit=100)
    assert {i["report_id"] for i in items} == expected
    assert total == len(expected)


def test_store_events_newest_first_and_pages(corpus_store):
    service = DyadService(store=corpus_store)
    page = service.events(EventQuery(status=None), limit=4)
    assert page.total == 6 and len(page.items) == 4 and page.next
    days = [i["day"] for i in page.items]
    assert days == sorted(days, reverse=True)
    rest = service.events(EventQuery(status=None), limit=4, cursor=page.next)
    assert len(rest.items) == 2 and rest.next is None
    assert {i["id"] for i in page.items}.isdisjoint({i["id"] for i in rest.items})
    with pytest.raises(ConfigError):
        service.events(EventQuery(), cursor="garbage!")
    with pytest.raises(ConfigError):
        service.events(EventQuery(start="18/11/2025"))


def test_service_event_and_article(corpus_store):
    service = DyadService(store=corpus_store)
    item = service.events(EventQuery(event="ACCUSE")).items[0]
    full = service.event(item["id"])
    assert full["reports"][0]["article"]["title"] == "Title a1"
    art = service.article("a1")
    assert art["text"].startswith("Article a1.")
    assert [e["id"] for e in art["events"]] == [item["id"]]
    with pytest.raises(NotFoundError):
        service.event("nope")
    with pytest.raises(NotFoundError):
        service.article("nope")


def test_store_dyads_ranked(corpus_store, factory):
    ev, art = factory
    corpus_store.add_coded_article(art("b1", [ev("x1", "b1", actors=("JPN",), recipients=("CHN",),
                                                  date="2025-11-22")]))
    rows = DyadService(store=corpus_store).dyads()
    assert [(r["a"], r["b"], r["events"]) for r in rows] == [
        ("CHN", "JPN", 4), ("CHN", "USA", 1), ("RUS", "UKR", 1)]
    top = rows[0]
    assert (top["q1"], top["q3"]) == (1, 3)
    # conflict: (2+1) + (0+1) + (2+1) = 7; cooperation: 2.5+1 = 3.5; tension = 100*3.5/20.5
    assert top["tension"] == pytest.approx(17.07, abs=0.01)
    assert [r["a"] for r in DyadService(store=corpus_store).dyads(start="2025-11-10", end="2025-11-10")] == ["RUS"]


def test_store_dyad_days_directed(corpus_store):
    undirected = corpus_store.dyad_days("CHN", "JPN")
    assert [(d["day"], d["events"]) for d in undirected] == [("2025-11-03", 1), ("2025-11-18", 1),
                                                              ("2025-11-19", 1)]
    directed = corpus_store.dyad_days("JPN", "CHN", directed=True)
    assert [(d["day"], d["events"]) for d in directed] == [("2025-11-03", 1), ("2025-11-19", 1)]


def test_store_export_import_round_trip(backend, corpus_store, factory, tmp_path):
    ev, art = factory
    corpus_store.add_coded_article(art("a7", [ev("r7", "a7", sentence="Beijing again criticised Tokyo.")],
                                       source="Xinhua"))
    service = DyadService(store=corpus_store)
    path = tmp_path / "events.jsonl"
    assert service.export("plover", path) == 6
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    accuse = next(r for r in lines if r["event"] == ["ACCUSE"])
    assert accuse["actor"][0]["code"] == "CHN" and accuse["recipient"][0]["code"] == "JPN"
    assert accuse["dyadwatch"]["articles"] == 2 and accuse["quad_code"] == 3

    other = DyadService(store=backend.open(backend.url("copy")))
    report = other.import_plover(path)
    assert report.articles_stored == 7 and report.events_stored == 7
    original = service.events(EventQuery(status=None), limit=100).items
    copied = other.events(EventQuery(status=None), limit=100).items
    assert copied == original
    again = tmp_path / "again.jsonl"
    other.export("plover", again)
    assert again.read_text() == path.read_text()
    assert other.import_plover(path).articles_stored == 0  # idempotent


def test_store_gdelt_and_parquet_exports(corpus_store, tmp_path):
    import pyarrow.parquet as pq

    service = DyadService(store=corpus_store)
    tsv = tmp_path / "events.tsv"
    assert service.export("gdelt", tsv) == 6
    header, *rows = [line.split("\t") for line in tsv.read_text().splitlines()]
    assert header[:3] == ["GLOBALEVENTID", "SQLDATE", "MonthYear"] and len(rows) == 6
    row = dict(zip(header, next(r for r in rows if r[header.index("PLOVEREvent")] == "SANCTION"), strict=True))
    assert (row["SQLDATE"], row["Actor1CountryCode"], row["Actor2CountryCode"], row["QuadClass"]) == (
        "20251120", "USA", "CHN", "4")
    pq_path = tmp_path / "events.parquet"
    assert service.export("parquet", pq_path) == 6
    table = pq.read_table(pq_path)
    assert table.num_rows == 6 and "actor_codes" in table.column_names
    with pytest.raises(ConfigError):
        service.export("xml", tmp_path / "x")


def test_store_migrates_from_schema_1(backend, factory):
    ev, art = factory
    if backend.kind == "duckdb-memory":
        pytest.skip("an in-memory database cannot be reopened")
    url = backend.url("old")
    old = backend.open(url, schema_version=1)
    assert old.schema_version() == 1
    assert not old._has_table("dyad_daily")
    old.add_coded_article(art("a1", [ev("r1", "a1"), ev("r2", "a1", event="CONSULT", quad=1, intensity=2.5,
                                                           recipients=(), actors=("JPN", "CHN"))]))
    old.close()
    new = backend.open(url)
    assert new.schema_version() == SCHEMA_VERSION
    assert [(d["day"], d["events"], d["q1"], d["q3"]) for d in new.dyad_days("CHN", "JPN")] == [
        ("2025-11-18", 2, 1, 1)]
    new.add_coded_article(art("a2", [ev("r3", "a2", date="2025-11-19")]))
    assert len(new.dyad_days("CHN", "JPN")) == 2


def test_store_refuses_newer_schema(backend):
    if backend.kind == "duckdb-memory":
        pytest.skip("an in-memory database cannot be reopened")
    url = backend.url("newer")
    store = backend.open(url)
    store._execute("UPDATE dw_meta SET value = '99' WHERE key = 'schema_version'")
    store.close()
    with pytest.raises(StoreError, match="DW302"):
        backend.open(url)
