"""Parquet layout: schema covers the record format, round trip, idempotent writes, bad dirs."""

from __future__ import annotations

import pytest

from dyadwatch.errors import ConfigError, StoreError
from dyadwatch.records import Article, Attribution, CodedArticle, Entity, Event, Evidence, InputProblem, Location
from dyadwatch.scale import parquet as pq_out
from dyadwatch.scale.loader import load_parquet, load_parquet_items


def _event(article: Article, n: int, **changes) -> Event:
    base = Event(
        id=f"{article.id}-e{n}", article_id=article.id, event="ACCUSE", cameo="112", quad_class=3,
        intensity=-4.5, actor=(Entity(code="CHN", sector="GOV", text="Beijing", name="China",
                                      start=0, end=7),),
        recipient=(Entity(code="JPN", sector="GOV", text="Tokyo", start=20, end=25),),
        mode=("verbal",), context=("territory",), date="2025-11-20", date_precision="day",
        status="asserted", location=Location(name="Senkaku Islands", country="JPN", lat=25.7, lon=123.5),
        attribution=Attribution(text="state media", code="CHN", sector="JRN"),
        evidence=(Evidence(sentence=0, start=0, end=40, text="Beijing accused Tokyo of provocation.",
                           trigger_start=8, trigger_end=15),),
        mentions=2, published=article.date, pattern_id="verb.accuse.0001", data_version="1")
    return base.with_(**changes)


def _items() -> list[CodedArticle | InputProblem]:
    a1 = Article(id="a1", text="Beijing accused Tokyo of provocation.", date="2025-11-20",
                 title="T1", url="https://example.org/1", source="Wire", place="Beijing", origin="f.jsonl:1")
    a2 = Article(id="a2", text="Nothing happened.", date=None, origin="f.jsonl:2")
    a3 = Article(id="a3", text="Later.", date="2025-12-01", origin="f.jsonl:4")
    return [
        CodedArticle(article=a1, events=(_event(a1, 0), _event(a1, 1, location=None, attribution=None,
                                                                recipient=(), mode=(), evidence=()))),
        CodedArticle(article=a2, events=(), sentences=1),
        InputProblem(origin="f.jsonl", line=3, message="line is not valid JSON", code="DW205"),
        CodedArticle(article=a3, events=(_event(a3, 0, date=None, date_precision="unknown"),), sentences=1),
    ]


@pytest.mark.parametrize("extra", [pq_out.EXTRA_EVENT_COLUMNS])
def test_event_schema_covers_record_format(extra):
    items = _items()
    row = items[0].events[0].to_row()
    assert set(pq_out.event_schema().names) == set(row) | set(extra)
    assert set(pq_out.article_schema().names) == set(items[0].article.to_row()) | set(pq_out.EXTRA_ARTICLE_COLUMNS)


@pytest.mark.parametrize("batch_size", [1, 2, 100])
def test_parquet_round_trip_keeps_records_and_order(tmp_path, batch_size):
    items = _items()
    out = tmp_path / "out"
    summary = pq_out.write_items(items, str(out), batch_size=batch_size)
    assert (summary.articles, summary.events, summary.problems) == (3, 3, 1)
    back = list(load_parquet_items(out))
    coded = [i for i in back if isinstance(i, CodedArticle)]
    expected = [i for i in items if isinstance(i, CodedArticle)]
    by_id = {c.article.id: c for c in coded}
    assert sorted(by_id) == ["a1", "a2", "a3"]
    for want in expected:
        got = by_id[want.article.id]
        assert got.article == want.article
        assert got.sentences == want.sentences
        assert [e.to_row() for e in got.events] == [e.to_row() for e in want.events]
    assert [i for i in back if isinstance(i, InputProblem)] == [items[2]]
    assert {p.name for p in (out / "events").iterdir()} == {"month=2025-11", "month=2025-12"}
    assert (out / "articles" / "month=unknown").is_dir()


@pytest.mark.parametrize("repeats", [2])
def test_parquet_write_same_batch_is_idempotent(tmp_path, repeats):
    items = _items()
    out = str(tmp_path / "out")
    for _ in range(repeats):  # a retried write task writes the same batch again
        files = pq_out.write_batch(items, out).files
    assert len(list((tmp_path / "out").rglob("*.parquet"))) == len(files)
    assert len(list(load_parquet(out))) == 3


@pytest.mark.parametrize("content", ["x.txt"])
def test_parquet_out_dir_must_be_empty(tmp_path, content):
    (tmp_path / content).write_text("old", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[DW702\]"):
        pq_out.prepare_out_dir(str(tmp_path))


@pytest.mark.parametrize("junk", ["not parquet"])
def test_parquet_load_rejects_other_directories(tmp_path, junk):
    with pytest.raises(StoreError, match=r"\[DW703\]"):
        list(load_parquet(tmp_path))
    bad = tmp_path / "articles" / "month=unknown"
    bad.mkdir(parents=True)
    (bad / "part-x.parquet").write_text(junk, encoding="utf-8")
    with pytest.raises(StoreError, match=r"\[DW703\].*part-x.parquet"):
        list(load_parquet(tmp_path))
