"""Inputs of the batch engines: the project's readers for files, pyarrow for Parquet.

Every engine reads the same way, so each yields the same articles (ids, origins) and the
same per-record problems: JSON lines, text, HTML, feeds and directories go through
``dyadwatch.ingest.read_inputs`` (one file at a time on Ray); Parquet files (``*.parquet``,
or a directory holding only Parquet files) are read with pyarrow, one row per article
with a ``text`` column and optional ``id``, ``date``, ``title``, ``url``, ``source``, each
row checked and converted as a JSON-lines record is (origin ``path:row``).
Non-Parquet inputs come first, then Parquet inputs, each in the order given.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from dyadwatch.records import Article, InputProblem

log = logging.getLogger(__name__)

PARQUET_SUFFIX = ".parquet"
ARTICLE_FIELDS = ("id", "text", "date", "title", "url", "source")

Reader = Callable[[list[str]], Iterator[Article | InputProblem]]


def default_reader(paths: list[str]) -> Iterator[Article | InputProblem]:
    """The project's readers (``dyadwatch.ingest.read_inputs``)."""
    from dyadwatch.ingest import read_inputs

    return read_inputs(paths)


def _is_parquet_dir(path: Path) -> bool:
    if not path.is_dir():
        return False
    files = [p for p in path.rglob("*") if p.is_file() and not p.name.startswith((".", "_"))]
    return bool(files) and all(p.suffix == PARQUET_SUFFIX for p in files)


def split_inputs(paths: Iterable[str | Path]) -> tuple[list[str], list[str]]:
    """Split inputs into (paths for the readers, Parquet files)."""
    others: list[str] = []
    parquet: list[str] = []
    for raw in paths:
        text = str(raw)
        path = Path(text)
        if text != "-" and path.is_file() and path.suffix == PARQUET_SUFFIX:
            parquet.append(text)
        elif text != "-" and _is_parquet_dir(path):
            parquet.extend(sorted(str(p) for p in path.rglob(f"*{PARQUET_SUFFIX}")
                                  if not p.name.startswith((".", "_"))))
        else:
            others.append(text)
    return others, parquet


def article_from_parquet_row(row: dict[str, Any], origin: str, line: int) -> Article | InputProblem:
    """One Parquet row as an Article, checked and converted exactly as a JSON-lines record
    (:func:`dyadwatch.ingest.article_from_record`: dateline, id, English check...);
    ``origin`` is ``path:row``. Date and timestamp columns are taken as ISO dates."""
    from dyadwatch.ingest import article_from_record

    record = dict(row)
    value = record.get("date")
    if value is not None and not isinstance(value, str) and hasattr(value, "isoformat"):
        record["date"] = value.isoformat()[:10]
    return article_from_record(record, origin, line=line)


def read_parquet_articles(path: str, *, batch_rows: int = 1024) -> Iterator[Article | InputProblem]:
    """Articles of one Parquet file, read in row batches (rows numbered from 1)."""
    import pyarrow.parquet as pq

    try:
        handle = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:
        yield InputProblem(origin=path, code="DW201", message=f"cannot read Parquet file: {exc}")
        return
    columns = [c for c in ARTICLE_FIELDS if c in handle.schema_arrow.names]
    if "text" not in columns:
        yield InputProblem(origin=path, code="DW205", message="Parquet file has no 'text' column")
        return
    number = 0
    try:
        for batch in handle.iter_batches(batch_size=batch_rows, columns=columns):
            for row in batch.to_pylist():
                number += 1
                yield article_from_parquet_row(row, path, number)
    except (OSError, ValueError) as exc:
        yield InputProblem(origin=path, line=number + 1, code="DW201",
                           message=f"cannot read Parquet rows: {exc}")


def iter_inputs(paths: Iterable[str | Path], *, reader: Reader | None = None) -> Iterator[Article | InputProblem]:
    """Every input as articles and problems, in the order all engines use."""
    others, parquet = split_inputs(paths)
    if others:
        yield from (reader or default_reader)(others)
    for path in parquet:
        yield from read_parquet_articles(path)


def file_units(paths: Iterable[str]) -> list[str]:
    """Reader inputs split into files that can be read independently, in read order.

    A directory becomes its files (as ``read_inputs`` walks it, so origins are the same),
    which the Ray engine then reads in parallel. A folder that cannot be listed stays one
    unit, so the reader reports it.
    """
    units: list[str] = []
    for raw in paths:
        path = Path(raw)
        if raw != "-" and path.is_dir():
            from dyadwatch.ingest import walk_files

            files = [str(f) for f in walk_files(path)]
            units.extend(files or [raw])
        else:
            units.append(raw)
    return units
