"""Helpers shared by the scale tests: inputs with bad records, comparable rows."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from dyadwatch.records import CodedArticle, InputProblem

EXTRA_RECORDS = [
    {"id": "scale-extra-1", "date": "2025-11-21", "source": "Test Wire",
     "text": "Tokyo, Nov 21 -- Japan's foreign minister met his Philippine counterpart in Manila on "
             "Friday and the two governments signed an agreement on coast guard cooperation."},
    "{this line is not JSON",
    {"id": "scale-extra-2", "title": "no text field here"},
    {"id": "scale-extra-3", "date": "2025-11-22",
     "text": "Beijing, Nov 22 -- China accused Japan of interfering in its internal affairs and "
             "demanded that Tokyo retract the remarks made by its prime minister."},
]


def write_extra(folder: Path) -> Path:
    """A JSON-lines file with two good records, a malformed line and a record without text."""
    path = folder / "extra.jsonl"
    lines = [r if isinstance(r, str) else json.dumps(r) for r in EXTRA_RECORDS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def rows(items: list[CodedArticle | InputProblem]) -> list[Any]:
    """Comparable form of a result stream: article rows with their event rows, problems as text."""
    out: list[Any] = []
    for item in items:
        if isinstance(item, InputProblem):
            out.append(("problem", str(item)))
        else:
            out.append(("article", json.dumps(item.article.to_row(), sort_keys=True),
                        tuple(json.dumps(e.to_row(), sort_keys=True) for e in item.events),
                        item.sentences))
    return out


def event_counter(items: list[CodedArticle | InputProblem]) -> Counter[str]:
    """Each event record (as JSON) with how often it occurs."""
    return Counter(json.dumps(e.to_row(), sort_keys=True)
                   for item in items if isinstance(item, CodedArticle) for e in item.events)


PARQUET_RECORDS = [
    {"id": "scale-pq-1", "date": "2025-10-30", "title": "Seoul and Tokyo",
     "text": "Seoul, Oct 30 -- South Korea and Japan agreed on Thursday to resume security talks "
             "and to exchange military liaison officers next year."},
    {"id": "scale-pq-2", "date": None, "title": "no text", "text": None},
    {"id": None, "date": "2025-11-03", "title": None,
     "text": "Washington, Nov 3 -- The United States imposed sanctions on Iranian oil exporters and "
             "warned Tehran against further missile tests."},
]


def write_parquet_input(folder: Path) -> Path:
    """A Parquet input: two articles (one without id) and a row without text."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = folder / "more.parquet"
    pq.write_table(pa.Table.from_pylist(PARQUET_RECORDS), path)
    return path
