"""The circumstances of a mention: who said it, when, where, and its contexts
(docs/coding.md, sections 6 to 9)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date as _date
from datetime import timedelta
from pathlib import Path
from typing import Any

from dyadwatch.actors.resolver import Actor, ArticleActors
from dyadwatch.coding import clauses as cl
from dyadwatch.coding.patterns import Pattern
from dyadwatch.coding.vocab import words
from dyadwatch.errors import DataFileError
from dyadwatch.records import Attribution, Location
from dyadwatch.resources import iter_data_files, read_jsonl_lines

DateResolver = Callable[[str, str | None], tuple[str | None, str]]
PlaceResolver = Callable[[str], Location | None]


_BARE_WEEKDAY = re.compile(r"^\s*(?:on\s+)?(?P<day>(?:mon|tues|wednes|thurs|fri|satur|sun)day)\s*$", re.IGNORECASE)
def attribution(rv: Any, sent: Any, aa: ArticleActors) -> tuple[Attribution | None, list[Actor]]:
    """Who the sentence quotes (the subject of its reporting verb, or 'according to X'), and
    the actors that speaker resolves to."""
    speaker_tok = None
    if rv is not None:
        speaker_tok, _ = cl.subject_of(rv)
    if speaker_tok is None:
        speaker_tok = cl.according_to(sent)
    if speaker_tok is None:
        return None, []
    found = aa.resolve(speaker_tok)
    text = found[0].text if found else " ".join(t.text for t in speaker_tok.subtree if not t.is_punct)[:120]
    if found:
        return Attribution(text=text, code=found[0].code, sector=found[0].sector), found
    return Attribution(text=text), []


class Circumstances:
    """Date, place and context rules, with the resolvers the pipeline gives."""

    def __init__(
        self,
        date_resolver: DateResolver | None,
        place_resolver: PlaceResolver | None,
        context_cues: dict[str, str],
    ) -> None:
        self.date_resolver = date_resolver
        self.place_resolver = place_resolver
        self.context_cues = context_cues
        self._cue_order = {cue: n for n, cue in enumerate(context_cues)}

    def date(
        self,
        frame: Any,
        tok: Any,
        rv: Any,
        sent: Any,
        s_idx: int,
        others: set[int],
        published: str | None,
        sentences: list[Any],
        *,
        ahead: bool = False,
    ) -> tuple[str | None, str]:
        """The day (and precision) of a mention: a date word of its clause, the date of a document
        named just before ('In the document, ...'), else the day of the report. ``ahead``: the
        mention is told as still to come (the status's reading of tense), so a bare weekday is
        the coming one."""
        if self.date_resolver is None:
            return None, "unknown"
        ents = cl.date_words(tok, others) or (cl.date_words(frame, others) if frame is not tok else [])
        if not ents and rv is not None:
            ents = cl.date_words(rv, others)
        for ent in ents:
            text = ent.text
            if ahead:
                # 'will summon the ambassador on Friday': the coming Friday, not the last one
                text = _BARE_WEEKDAY.sub(r"this coming \g<day>", text)
            day, precision = self.date_resolver(text, published)
            if day:
                return day, precision
        found = self._document_date(sent, s_idx, sentences, published)
        if found is not None:
            return found
        if rv is not None and published and rv.tag_ in ("VBD", "VBZ", "VBP"):
            back = cl.offset_before(rv)
            if back:
                return days_before(published, back), "day"
            return published, "day"  # said today, undated: the day of the report
        if s_idx == 0 and published and tok.tag_ == "VBD":
            return published, "day"  # the lead sentence reports the news of the day
        return None, "unknown"

    def statement_date(self, rv: Any, others: set[int], published: str | None) -> tuple[str | None, str]:
        """The day a statement was made: date words on its reporting verb ('said on Sunday'),
        else the day of the report."""
        if self.date_resolver is None:
            return None, "unknown"
        for ent in cl.date_words(rv, others) if rv is not None else []:
            day, precision = self.date_resolver(ent.text, published)
            if day:
                return day, precision
        return (published, "day") if published else (None, "unknown")

    def _document_date(
        self, sent: Any, s_idx: int, sentences: list[Any], published: str | None
    ) -> tuple[str, str] | None:
        """'In the document, Tokyo recognised ...': the date of the document named earlier."""
        assert self.date_resolver is not None
        first = sent[0] if len(sent) else None
        if first is None or first.lower_ not in ("in", "under") or s_idx == 0:
            return None
        pobj = next((c for c in first.children if c.dep_ == "pobj"), None)
        documents = words("document_nouns")
        if pobj is None or pobj.lemma_.lower() not in documents:
            return None
        for prev in reversed(sentences[max(0, s_idx - 3) : s_idx]):
            for t in prev:
                if t.lemma_.lower() not in documents:
                    continue
                for ent in (e for e in cl.doc_ents(prev.doc) if prev.start <= e.start < prev.end):
                    if (
                        ent.label_ == "DATE"
                        and ent.root.head.i == t.i
                        or (ent.label_ == "DATE" and t.i - 4 <= ent.start < t.i)
                    ):
                        day, precision = self.date_resolver(ent.text, published)
                        if day:
                            return day, precision
        return None

    def location(self, tok: Any, sent: Any) -> Location | None:
        """A place in the trigger's 'in'/'at'/'near' phrases or the sentence's opening 'In X'."""
        if self.place_resolver is None:
            return None
        cands = []
        for c in list(tok.children) + [p for d in tok.children if d.dep_ == "dobj" for p in d.children]:
            if c.dep_ == "prep" and c.lower_ in ("in", "at", "near", "off", "inside"):
                cands += [p for p in c.children if p.dep_ == "pobj"]
        root = sent.root
        for c in root.children:
            if c.dep_ == "prep" and c.lower_ == "in" and c.i == sent.start:
                cands += [p for p in c.children if p.dep_ == "pobj"]
        for p in cands:
            if p.ent_type_ in ("GPE", "LOC", "FAC"):
                ent = cl.ent_of(p)
                name = ent.text if ent is not None else p.text
                loc = self.place_resolver(name)
                if loc is not None:
                    return loc
        return None

    def contexts(self, pat: Pattern, sent: Any) -> tuple[str, ...]:
        """The pattern's contexts and those whose cue words are in the sentence."""
        out = list(pat.context)
        cache = sent.doc.user_data.setdefault("dyadwatch_sent_words", {})
        lemmas = cache.get(sent.start)
        if lemmas is None:
            lemmas = cache[sent.start] = {t.lemma_.lower() for t in sent} | {t.lower_ for t in sent}
        # the sentence's cue words in the cue list's order (as many cues as words are tried)
        order = self._cue_order
        for cue in sorted((w for w in lemmas if w in order), key=order.__getitem__):
            ctx = self.context_cues[cue]
            if ctx not in out:
                out.append(ctx)
        return tuple(out)


def days_before(day: str, n: int) -> str:
    return (_date.fromisoformat(day[:10]) - timedelta(days=n)).isoformat()


def load_context_cues(extra_dirs: tuple[Path, ...] = ()) -> dict[str, str]:
    """Cue words of each context (``ontology/*.jsonl``: ``{"context": ..., "cues": [...]}``)."""
    cues: dict[str, str] = {}
    problems = []
    for name, text in iter_data_files("ontology", ".jsonl", extra_dirs):
        for number, obj, problem in read_jsonl_lines(name, text):
            if problem or obj is None:
                problems.append(problem or f"{name}:{number} empty")
                continue
            ctx, cue_words = obj.get("context"), obj.get("cues")
            if not isinstance(ctx, str) or not isinstance(cue_words, list):
                problems.append(f"[DW103] {name}:{number} needs 'context' (string) and 'cues' (list)")
                continue
            for w in cue_words:
                cues[str(w).lower()] = ctx
    if problems:
        raise DataFileError(problems)
    return cues
