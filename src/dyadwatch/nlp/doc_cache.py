"""Per-document caches for values spaCy recomputes on every access."""

from __future__ import annotations

from typing import Any


def doc_ents(doc: Any) -> list[Any]:
    """``doc.ents`` computed once per document (spaCy builds the tuple on every access)."""
    cached = doc.user_data.get("dyadwatch_ents")
    if cached is None:
        cached = doc.user_data["dyadwatch_ents"] = list(doc.ents)
    return cached


def ent_of(tok: Any) -> Any | None:
    """The named entity a token belongs to, if any."""
    if not tok.ent_type_:
        return None
    return next((e for e in doc_ents(tok.doc) if e.start <= tok.i < e.end), None)
