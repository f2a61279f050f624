"""The public record converter ``dyadwatch.ingest.article_from_record`` (used by the Parquet reader)."""

from __future__ import annotations

import pytest

from dyadwatch.ingest import article_from_record
from dyadwatch.records import Article, InputProblem


@pytest.mark.parametrize(("record", "where", "origin", "article_id", "date"), [
    ({"id": "a1", "text": "China urged Japan to withdraw its remarks."}, {"line": 3}, "in.jsonl:3", "a1", None),
    ({"id": 7, "text": "Japan protested to China on Monday.", "date": "2025-11-17"}, {"item": 0}, "in.jsonl#0",
     "7", "2025-11-17"),
])
def test_article_from_record_article(record, where, origin, article_id, date):
    article = article_from_record(record, "in.jsonl", **where)
    assert isinstance(article, Article)
    assert (article.origin, article.id, article.date, article.text) == (origin, article_id, date, record["text"])


@pytest.mark.parametrize(("record", "expected"), [
    (["not", "an", "object"], "[DW205] in.jsonl:4: expected a JSON object, got list"),
    ({"title": "no text"}, "[DW205] in.jsonl:4: record has no 'text' field"),
    ({"text": 12}, "[DW205] in.jsonl:4: 'text' must be a string, got int"),
    ({"text": "China urged Japan to talk.", "id": True}, "[DW205] in.jsonl:4: 'id' must be a string or integer"),
    ({"text": "   "}, "[DW202] in.jsonl:4: text is empty"),
])
def test_article_from_record_problem(record, expected):
    problem = article_from_record(record, "in.jsonl", line=4)
    assert isinstance(problem, InputProblem)
    assert str(problem) == expected
