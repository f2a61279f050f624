"""Bulk load of an ``--out`` Parquet directory into a store, through DyadService.

``dyadwatch load DIR`` hands the coded articles to ``DyadService.ingest_coded``, so
deduplication and idempotence are the store's, exactly as for ``dyadwatch ingest``:
loading the same directory twice stores nothing new.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from dyadwatch.records import CodedArticle, InputProblem
from dyadwatch.scale.parquet import read_items


def load_parquet_items(out_dir: str | Path) -> Iterator[CodedArticle | InputProblem]:
    """Coded articles of an output directory (one written batch at a time), then its problems."""
    return read_items(str(out_dir))


def load_parquet(out_dir: str | Path) -> Iterator[CodedArticle]:
    """The coded articles of an output directory, with their events in coding order.

    Example:
        >>> service.ingest_coded(load_parquet("out/"))
    """
    for item in read_items(str(out_dir)):
        if isinstance(item, CodedArticle):
            yield item
