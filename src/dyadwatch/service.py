"""DyadService: the one layer that the CLI, the HTTP API and the batch engines call.

Coding needs only a :class:`~dyadwatch.pipeline.Pipeline`; storing and querying
need a store (``dyadwatch.store.open_store``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from dyadwatch.pipeline import Pipeline
from dyadwatch.records import Article, CodedArticle, Event, InputProblem


class DyadService:
    """Every operation dyadwatch offers, over one pipeline and (optionally) one store."""

    def __init__(self, store: Any = None, pipeline: Pipeline | None = None, settings: Any = None) -> None:
        self.store = store
        self._pipeline = pipeline
        self.settings = settings

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            self._pipeline = Pipeline()
        return self._pipeline

    # -- coding (no store) -------------------------------------------------
    def code(self, text: str, *, date: str | None = None, article_id: str | None = None,
             title: str | None = None) -> list[Event]:
        """Code one text without storing it."""
        return self.pipeline.code_text(text, date=date, article_id=article_id, title=title)

    def code_articles(self, items: Iterable[Article | InputProblem]) -> Iterator[CodedArticle | InputProblem]:
        """Code a stream of articles; input problems pass through in order."""
        pending: list[Article] = []

        def flush() -> Iterator[CodedArticle]:
            if pending:
                yield from self.pipeline.code_articles(list(pending))
                pending.clear()

        for item in items:
            if isinstance(item, InputProblem):
                yield from flush()
                yield item
            else:
                pending.append(item)
                if len(pending) >= self.pipeline.batch_size * 4:
                    yield from flush()
        yield from flush()

    def code_paths(self, paths: Iterable[str | Path]) -> Iterator[CodedArticle | InputProblem]:
        """Read inputs (files, directories, ``-`` for stdin) and code them."""
        from dyadwatch.ingest import read_inputs

        yield from self.code_articles(read_inputs([str(p) for p in paths]))
