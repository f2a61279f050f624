"""Composes the stages: Article -> spaCy Doc -> actors -> events (with dates and places)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from dyadwatch.records import Article, CodedArticle, Event, content_hash

DEFAULT_BATCH_SIZE = 32


class Pipeline:
    """The coder as one object: load once, then code any number of articles.

    Args:
        dict_dirs: extra dictionary directories (``--dict DIR``) added to the shipped data.
        nlp: an already loaded spaCy ``Language`` (tests share one); loaded lazily otherwise.
    """

    def __init__(self, *, dict_dirs: Iterable[Path] = (), nlp: Any = None,
                 batch_size: int = DEFAULT_BATCH_SIZE) -> None:
        self.dict_dirs = tuple(Path(d) for d in dict_dirs)
        self.batch_size = batch_size
        self._nlp = nlp
        self._coder: Any = None

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            from dyadwatch.nlp import load_nlp

            self._nlp = load_nlp()
        return self._nlp

    @property
    def coder(self) -> Any:
        if self._coder is None:
            from dyadwatch.coding import EventCoder
            from dyadwatch.dates import resolve_date
            from dyadwatch.places import resolve_place

            self._coder = EventCoder.from_dirs(self.dict_dirs, date_resolver=resolve_date,
                                               place_resolver=resolve_place)
        return self._coder

    def code_articles(self, articles: Iterable[Article]) -> Iterator[CodedArticle]:
        """Code articles in batches with ``nlp.pipe``; one CodedArticle per article, in order."""
        coder = self.coder
        texts = ((coder.prepare_text(a.text), a) for a in articles)
        for doc, article in self.nlp.pipe(texts, as_tuples=True, batch_size=self.batch_size):
            events = coder.code_doc(doc, article)
            yield CodedArticle(article=article, events=tuple(events), sentences=sum(1 for _ in doc.sents))

    def code_text(self, text: str, *, date: str | None = None, article_id: str | None = None,
                  title: str | None = None) -> list[Event]:
        """Code one text (notebook use): returns the events."""
        from dyadwatch.ingest import article_from_text

        article = article_from_text(text, date=date, article_id=article_id or content_hash(text), title=title)
        return list(next(self.code_articles([article])).events)
