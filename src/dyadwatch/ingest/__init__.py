"""Ingest: files, directories, standard input and feeds to :class:`~dyadwatch.records.Article`.

Public names:

* :func:`read_inputs` -- paths (and ``"-"``) to Articles and InputProblems, in order;
* :func:`article_from_text` -- one text to an Article, dateline read and removed;
* :func:`article_from_record` -- one JSON-like record to an Article or an InputProblem;
* :func:`parse_dateline` -- ``(date, place, agency, body_start)`` of a text;
* :func:`sample_corpus_dir` -- the bundled sample corpus.

See ``docs/ingest.md``.
"""

from __future__ import annotations

from pathlib import Path

from dyadwatch.ingest.dateline import article_from_text, parse_dateline
from dyadwatch.ingest.language import check_english
from dyadwatch.ingest.readers import (
    DEFAULT_MAX_BYTES,
    MAX_ARTICLE_CHARS,
    article_from_record,
    read_inputs,
    walk_files,
)
from dyadwatch.resources import data_path

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_ARTICLE_CHARS",
    "article_from_record",
    "article_from_text",
    "check_english",
    "parse_dateline",
    "read_inputs",
    "sample_corpus_dir",
    "walk_files",
]


def sample_corpus_dir() -> Path:
    """The folder of the bundled sample corpus (``dyadwatch/data/sample``)."""
    return Path(str(data_path("sample")))
