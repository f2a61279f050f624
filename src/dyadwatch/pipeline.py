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
            from dyadwatch.places import resolve_place, town_country

            self._coder = EventCoder.from_dirs(self.dict_dirs, date_resolver=resolve_date,
                                               place_resolver=resolve_place, town_country=town_country)
        return self._coder

    def warm_up(self) -> Pipeline:
        """Load everything now (model, dictionaries, gazetteer index, date parser) rather than
        on the first article, so long-running workers and benchmarks start at full speed."""
        warm = Article(id="warm-up", date="2025-01-07",
                       text="On Monday, Chinese police arrested protesters in Beijing, officials said.")
        list(self.code_articles([warm]))
        return self

    def code_articles(self, articles: Iterable[Article]) -> Iterator[CodedArticle]:
        """Code articles in batches with ``nlp.pipe``; one CodedArticle per article, in order."""
        coder = self.coder
        texts = ((coder.prepare_text(a.text), a) for a in articles)
        for doc, article in self.nlp.pipe(texts, as_tuples=True, batch_size=self.batch_size):
            events = coder.code_doc(doc, article)
            yield CodedArticle(article=article, events=tuple(events), sentences=sum(1 for _ in doc.sents))

    def explain(self, article: Article, *, sentence: int | None = None) -> dict[str, Any]:
        """Everything the coder saw and decided for one article (for ``dyadwatch explain``)."""
        from dyadwatch.actors import ArticleActors

        doc = self.nlp(self.coder.prepare_text(article.text))
        traces: list[Any] = []
        events = self.coder.code_doc(doc, article, trace=traces)
        aa = ArticleActors(self.coder.actors, doc, date=article.date, town_country=self.coder.town_country)
        sentences = []
        for idx, sent in enumerate(doc.sents):
            if sentence is not None and idx != sentence:
                continue
            tokens = []
            for t in sent:
                hit = aa.hits.get(t.i)
                sec = aa.sector_hits.get(t.i)
                actor = f"{hit.hit.code} ({hit.hit.entry_id})" if hit else (f"sector {sec.hit.sector}" if sec else "")
                if not actor and t.text in aa.learned:
                    learned = aa.learned[t.text]
                    actor = f"{learned.code}/{learned.sector} ({learned.source}: {learned.name})"
                tokens.append({"i": t.i - sent.start, "text": t.text, "lemma": t.lemma_, "pos": t.pos_, "dep": t.dep_,
                               "head": t.head.i - sent.start, "ent": t.ent_type_, "actor": actor})
            sentences.append({"index": idx, "text": sent.text, "tokens": tokens,
                              "traces": [vars(tr) for tr in traces if tr.sentence == idx]})
        chosen = [e for e in events if sentence is None or any(ev.sentence == sentence for ev in e.evidence)]
        return {"article_id": article.id, "date": article.date, "sentences": sentences,
                "events": [e.to_row() for e in chosen]}

    def resolve_phrase(self, phrase: str, *, date: str | None = None) -> list[dict[str, Any]]:
        """How a phrase resolves to actors (for ``dyadwatch actor``)."""
        from dyadwatch.actors import ArticleActors

        doc = self.nlp(phrase)
        aa = ArticleActors(self.coder.actors, doc, date=date, town_country=self.coder.town_country)
        roots = [s.root for s in doc.sents]
        out = []
        for root in roots:
            head = root
            if root.pos_ in ("VERB", "AUX"):
                head = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), root)
            for a in aa.resolve(head):
                out.append({"code": a.code, "sector": a.sector, "name": a.name, "text": a.text, "source": a.source})
        return out

    def code_text(self, text: str, *, date: str | None = None, article_id: str | None = None,
                  title: str | None = None) -> list[Event]:
        """Code one text (notebook use): returns the events."""
        from dyadwatch.ingest import article_from_text

        article = article_from_text(text, date=date, article_id=article_id or content_hash(text), title=title)
        return list(next(self.code_articles([article])).events)
