"""Property-based tests of every reader (issue 12, item 8): whatever the bytes, shapes, depths,
encodings, truncations, line lengths or file names, a reader yields Articles and coded
InputProblems naming the input, never raises, and the input after a bad one is still read.

Hypothesis runs derandomized (a fixed seed) with a bounded number of examples, so CI is
repeatable and quick.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyadwatch.errors import ERROR_CODES
from dyadwatch.ingest import article_from_record, read_inputs
from dyadwatch.records import Article, InputProblem

pytestmark = pytest.mark.issue(12)

GOOD = ("Japan lodged a protest with China on Wednesday after coast guard ships entered waters "
        "around the islands, and the foreign ministry said it would respond calmly.")
SUFFIXES = [".txt", ".json", ".jsonl", ".ndjson", ".html", ".xml", ".rss", ".atom", ""]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252", "koi8-r",
             "shift_jis", "gb18030", "iso-8859-7"]


def bounded(n: int) -> Any:
    """Settings of one property: ``n`` examples, a fixed seed, no deadline (the machine is shared)."""
    return settings(max_examples=n, derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@contextmanager
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="dw-prop-") as name:
        yield Path(name)


def check(records: list[Article | InputProblem], *, origins: set[str]) -> list[InputProblem]:
    """Only Articles and coded problems, each naming one of ``origins`` in printable text."""
    problems = []
    for record in records:
        assert isinstance(record, (Article, InputProblem)), record
        origin = record.origin if isinstance(record, InputProblem) else (record.origin or "")
        origin.encode("utf-8")
        assert any(origin == o or origin.startswith((o + ":", o + "#")) for o in origins), (origin, origins)
        if isinstance(record, InputProblem):
            assert record.code in ERROR_CODES and record.message
            problems.append(record)
    return problems


def read_with_neighbour(path: Path, **kwargs: Any) -> list[Article | InputProblem]:
    """Read ``path`` then a good file: the good one must always come through, last."""
    after = path.parent / "zz_good_after.txt"
    after.write_text(GOOD, encoding="utf-8")
    records = list(read_inputs([str(path), str(after)], **kwargs))
    assert isinstance(records[-1], Article) and records[-1].origin == str(after)
    check(records, origins={str(path), str(after)})
    return records[:-1]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["text", "id", "date", "title", "url", "source", "language", "x"]) | st.text(max_size=8),
        inner, max_size=5),
    max_leaves=20)


@bounded(60)
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_never_escape(data: bytes, suffix: str) -> None:
    with folder() as tmp:
        path = tmp / f"input{suffix}"
        path.write_bytes(data)
        read_with_neighbour(path)


@bounded(60)
@given(value=json_values, depth=st.integers(min_value=0, max_value=3000), as_lines=st.booleans())
def test_random_json_shapes_and_depths(value: Any, depth: int, as_lines: bool) -> None:
    text = "[" * depth + json.dumps(value) + "]" * depth
    with folder() as tmp:
        path = tmp / ("input.jsonl" if as_lines else "input.json")
        path.write_text(text + ("\n" + json.dumps(value) if as_lines else ""), encoding="utf-8")
        read_with_neighbour(path)


@bounded(60)
@given(record=st.dictionaries(st.sampled_from(["text", "id", "date", "title", "url", "source", "language"]),
                              json_values, max_size=7))
def test_article_from_record_never_raises(record: dict[str, Any]) -> None:
    result = article_from_record(record, "inline.jsonl", line=3)
    check([result], origins={"inline.jsonl"})


DOCUMENTS = {
    "feed.xml": ("<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title><item><title>Protest</title>"
                 f"<pubDate>Tue, 18 Nov 2025 10:00:00 GMT</pubDate><description>{GOOD}</description></item>"
                 "</channel></rss>"),
    "atom.atom": ("<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>W</title><entry>"
                  f"<title>Protest</title><updated>2025-11-18T10:00:00Z</updated><content>{GOOD}</content>"
                  "</entry></feed>"),
    "page.html": (f"<html lang='en'><head><title>Protest</title></head><body><nav>Home</nav><article><p>{GOOD}"
                  f"</p><p>{GOOD}</p></article><footer>Privacy</footer></body></html>"),
    "records.jsonl": "\n".join(json.dumps({"id": f"r{i}", "text": GOOD, "date": "2025-11-18"}) for i in range(3)),
    "array.json": json.dumps([{"id": f"r{i}", "text": GOOD} for i in range(3)]),
    "plain.txt": "BEIJING, Nov 18, 2025 (Reuters) - " + GOOD,
}


@bounded(80)
@given(name=st.sampled_from(sorted(DOCUMENTS)), cut=st.floats(min_value=0.0, max_value=1.0))
def test_truncated_documents(name: str, cut: float) -> None:
    document = DOCUMENTS[name].encode("utf-8")
    with folder() as tmp:
        path = tmp / name
        path.write_bytes(document[: int(len(document) * cut)])
        read_with_neighbour(path)


@bounded(40)
@given(length=st.integers(min_value=900, max_value=1100), suffix=st.sampled_from([".jsonl", ".txt", ".json"]),
       newline=st.booleans())
def test_huge_lines_against_a_small_limit(length: int, suffix: str, newline: bool) -> None:
    line = json.dumps({"text": GOOD + " x" * (length // 2)})[:length] if suffix != ".txt" else "y" * length
    with folder() as tmp:
        path = tmp / f"input{suffix}"
        path.write_text(line + ("\n" if newline else "") + json.dumps({"text": GOOD}) + "\n", encoding="utf-8")
        records = read_with_neighbour(path, max_bytes=1000)
        if length > 1001 and suffix != ".jsonl":
            assert [r.code for r in records if isinstance(r, InputProblem)] == ["DW204"]


@bounded(60)
@given(text=st.text(min_size=0, max_size=300), encoding=st.sampled_from(ENCODINGS),
       suffix=st.sampled_from([".txt", ".jsonl", ".json", ".html"]))
def test_every_encoding(text: str, encoding: str, suffix: str) -> None:
    body = json.dumps({"text": text}, ensure_ascii=False) if suffix in (".json", ".jsonl") else text
    try:
        data = body.encode(encoding)
    except UnicodeEncodeError:
        data = body.encode(encoding, errors="replace")
    with folder() as tmp:
        path = tmp / f"input{suffix}"
        path.write_bytes(data)
        read_with_neighbour(path)


@bounded(60)
@given(name=st.binary(min_size=1, max_size=60).filter(lambda b: b"/" not in b and b"\x00" not in b
                                                      and b not in (b".", b"..")))
def test_odd_file_names(name: bytes) -> None:
    with folder() as tmp:
        raw = os.path.join(os.fsencode(tmp), b"sub", name)
        os.makedirs(os.path.dirname(raw))
        try:
            with open(raw, "wb") as handle:
                handle.write(GOOD.encode())
        except OSError:  # a name the filesystem refuses (too long for it)
            return
        records = list(read_inputs([str(tmp / "sub")]))
        hidden = name.startswith(b".")
        assert len(records) == (0 if hidden else 1)
        for record in records:
            assert isinstance(record, Article)
            assert record.origin is not None
            record.origin.encode("utf-8")
            assert record.origin.startswith(str(tmp / "sub") + "/")


@bounded(60)
@given(text=st.text(max_size=500) | st.sampled_from(["[" * 5000, "{" * 5000, '{"text": "x"}\n[', "<rss>"]))
def test_standard_input(text: str) -> None:
    records = list(read_inputs(["-"], stdin=io.StringIO(text)))
    check(records, origins={"<stdin>"})
