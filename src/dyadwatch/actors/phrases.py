"""Resolving standalone phrases ('Karachi police', 'Gordon Brown') to actors, one or many.

This is what ``dyadwatch actor`` runs: the phrase is parsed as a tiny article and its head
(or the subject of its verb) is resolved as the coder would resolve it in a sentence.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from dyadwatch.actors.dictionary import ActorDictionary
from dyadwatch.actors.resolver import Actor, ArticleActors
from dyadwatch.errors import InputError

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def source_layer(dictionary: ActorDictionary, source: str) -> str:
    """Where an actor's answer came from: a dictionary layer (petrarch, hand, user), the
    gazetteer, or a rule of the article ('in-article')."""
    if source.startswith("place:"):
        return "gazetteer"
    if source.startswith("in-article"):
        return "in-article"
    entry = re.split(r"[+~]", source, maxsplit=1)[0]
    return dictionary.layers.get(entry, "in-article")


def _entry_of(source: str) -> str | None:
    if source.startswith(("place:", "in-article")):
        return None
    return re.split(r"[+~]", source, maxsplit=1)[0]


def actor_row(dictionary: ActorDictionary, actor: Actor) -> dict[str, Any]:
    """One resolved actor as a flat dict (what ``dyadwatch actor`` prints)."""
    return {"code": actor.code, "sector": actor.sector, "name": actor.name, "text": actor.text,
            "entry": _entry_of(actor.source), "layer": source_layer(dictionary, actor.source),
            "source": actor.source}


def _actors_of(doc: Any, dictionary: ActorDictionary, *, date: str | None,
               town_country: Callable[[str], str | None] | None) -> list[Actor]:
    aa = ArticleActors(dictionary, doc, date=date, town_country=town_country)
    out: list[Actor] = []
    for sent in doc.sents:
        head = sent.root
        if head.pos_ in ("VERB", "AUX"):
            head = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), head)
        out.extend(aa.resolve(head))
    return out


def resolve_phrases(items: Iterable[dict[str, Any]], *, nlp: Any, dictionary: ActorDictionary,
                    town_country: Callable[[str], str | None] | None = None,
                    batch_size: int = 64) -> Iterator[dict[str, Any]]:
    """Resolve many phrases (``{"text": ..., "date": ...?}`` each), one result dict per phrase, in order.

    Each result has the phrase's ``text`` and ``date``, the first actor's ``code``, ``sector``,
    ``name``, matched ``entry`` and its source ``layer`` (all None when nothing resolved), and
    ``actors``: every actor the phrase names.

    Example:
        >>> rows = resolve_phrases([{"text": "Karachi police"}], nlp=nlp, dictionary=actors)  # doctest: +SKIP
        >>> next(rows)["code"]  # doctest: +SKIP
        'PAK'
    """
    listed = list(items)
    texts = ((str(it.get("text") or ""), it) for it in listed)
    for doc, item in nlp.pipe(texts, as_tuples=True, batch_size=batch_size):
        date = item.get("date")
        actors = [actor_row(dictionary, a) for a in _actors_of(doc, dictionary, date=date, town_country=town_country)]
        first = actors[0] if actors else {}
        yield {"text": item.get("text"), "date": date, "code": first.get("code"), "sector": first.get("sector"),
               "name": first.get("name"), "entry": first.get("entry"), "layer": first.get("layer"),
               "actors": actors}


def read_phrase_file(path: Path) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """``(line, item, problem)`` for each non-blank line of a JSONL phrase file.

    A line is ``{"text": "...", "date": "YYYY-MM-DD"}`` (date optional); a bad line gives a problem
    naming the file and line, and the other lines go on.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the phrase file: {exc}", code="DW201") from exc
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, None, f"[DW125] {path}:{number} not valid JSON: {exc.msg}"
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj["text"].strip():
            yield number, None, f"[DW125] {path}:{number} [text] each line needs a non-empty \"text\" string"
            continue
        date = obj.get("date")
        if date is not None and not (isinstance(date, str) and _DATE.match(date)):
            yield number, None, f"[DW125] {path}:{number} [date] {date!r} is not a YYYY-MM-DD date"
            continue
        yield number, obj, None
