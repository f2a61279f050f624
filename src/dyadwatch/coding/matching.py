"""Trigger matching: which pattern, if any, fires on a token (see docs/coding.md, section 2).

A pattern names a verb, noun or adjective lemma and may ask for a particle, an object, a
preposition or a complement clause; ``TriggerMatcher.match`` returns the first pattern whose
conditions the token's dependents meet, with the object and complement tokens that met them.
"""

from __future__ import annotations

from typing import Any

from dyadwatch.coding.patterns import Pattern, PatternDictionary
from dyadwatch.coding.vocab import words


class TriggerMatcher:
    """Matches tokens against a pattern dictionary."""

    def __init__(self, patterns: PatternDictionary) -> None:
        self.patterns = patterns

    def match(self, tok: Any) -> tuple[Pattern | None, Any, Any]:
        """``(pattern, complement, object)`` of the first pattern that fits ``tok``, else Nones."""
        pos = tok.pos_
        kind = "verb" if pos == "VERB" else "noun" if pos in ("NOUN", "PROPN") else "adj" if pos == "ADJ" else None
        if kind is None:
            return None, None, None
        lemma = tok.lemma_.lower()
        cands = self.patterns.candidates(kind, lemma)
        if not cands and kind == "noun" and tok.tag_ in ("NNS", "NNPS"):
            cands = self.patterns.candidates(kind, tok.lower_)
        # one token is tried against many patterns: its children and object pools are read once
        children = list(tok.children)
        pools: dict[tuple[Any, ...], list[Any]] = {}
        for n, pat in enumerate(cands):
            ok, comp, obj = satisfies(tok, pat, children, pools)
            if ok:
                if obj is not None and not _phrase_match(obj, pat.objects):
                    return self._longer_object(tok, pat, comp, obj, cands[n + 1:], children, pools)
                return pat, comp, obj
        return None, None, None

    @staticmethod
    def _longer_object(tok: Any, pat: Pattern, comp: Any, obj: Any, rest: list[Pattern],
                       children: list[Any], pools: dict[tuple[Any, ...], list[Any]]) -> tuple[Pattern, Any, Any]:
        """Among patterns of the same rank, the one naming the object with its modifier wins
        ('mounted a cyber offensive' is a cyber attack before it is an offensive)."""
        for other in rest:
            if (other.layer, other.specificity) != (pat.layer, pat.specificity):
                break
            ok, ocomp, oobj = satisfies(tok, other, children, pools)
            if ok and oobj is obj and _phrase_match(oobj, other.objects):
                return other, ocomp, oobj
        return pat, comp, obj

    def is_event_noun(self, tok: Any) -> bool:
        """'a military offensive', 'air strikes': the thing done, not a group it is done to."""
        pat = self.match(tok)[0] if tok.pos_ == "NOUN" else None
        return pat is not None and pat.kind == "noun"

    def attack_noun(self, subj: Any) -> Any | None:
        """The subject when it is an attack with no one behind it: 'a roadside bombing ...
        killed', 'an attack that killed', 'a minefield explosion killed'."""
        if subj is None:
            return None
        if subj.lower_ in ("that", "which") and subj.head.dep_ == "relcl":
            subj = subj.head.head
        pat = self.match(subj)[0] if subj.pos_ == "NOUN" else None
        if pat is None and subj.lemma_.lower() in words("blast_nouns"):
            return subj
        return subj if pat is not None and pat.kind == "noun" and pat.event == "ASSAULT" else None


def satisfies(tok: Any, pat: Pattern, children: list[Any] | None = None,
               pools: dict[tuple[Any, ...], list[Any]] | None = None) -> tuple[bool, Any, Any]:
    """Whether ``tok``'s dependents meet the pattern's conditions; with the complement and
    object tokens that met them (``children`` and ``pools``: what earlier patterns read of the
    same token)."""
    if children is None:
        children = list(tok.children)
    if pat.modifier and not any(
        c.dep_ in ("compound", "amod") and c.lower_ == pat.modifier.split()[-1] for c in children
    ):
        return False, None, None
    if pat.particle and not any(
        c.dep_ in ("prt", "prep", "advmod") and c.lower_ == pat.particle and not dated(c) for c in children
    ):
        return False, None, None  # 'called on Sunday for sanctions' is no 'call on'
    prep_tok = None
    if pat.prep:
        prep_tok = next((c for c in children if c.dep_ in ("prep", "dative", "prt") and c.lower_ == pat.prep), None)
        if prep_tok is None and pat.kind == "verb":
            # 'holding hundreds of villagers as human shields': the phrase hangs on the object
            prep_tok = next(
                (
                    p
                    for c in children
                    if c.dep_ == "dobj"
                    for p in c.children
                    if p.dep_ == "prep" and p.lower_ == pat.prep
                ),
                None,
            )
        if prep_tok is None:
            return False, None, None
    obj = None
    if pat.objects:
        obj = _find_object(tok, pat, children, prep_tok, {} if pools is None else pools)
        if obj is None:
            return False, None, None
    comp = None
    if pat.complements:
        comp = _find_complement(pat, children, obj)
        if comp is None:
            return False, None, None
    return True, comp, obj


def _find_object(tok: Any, pat: Pattern, children: list[Any], prep_tok: Any,
                 pools: dict[tuple[Any, ...], list[Any]]) -> Any | None:
    by_prep = prep_tok is not None and pat.kind in ("adj", "verb") and bool(pat.prep)
    key = (prep_tok.i if by_prep else None, pat.kind)
    pool = pools.get(key)
    if pool is None:
        pool = pools[key] = _object_pool(tok, pat.kind, children, prep_tok if by_prep else None)
    return next((o for o in pool if lemma_in(o, pat.objects)), None)


def _object_pool(tok: Any, kind: str, children: list[Any], prep_tok: Any) -> list[Any]:
    """The tokens that can be a pattern's object: under its preposition, else the direct
    objects (with their conjuncts, and what a quantity noun counts)."""
    if prep_tok is not None:
        pool = [c for c in prep_tok.children if c.dep_ in ("pobj", "pcomp")]
    else:
        pool = [c for c in children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
        if kind == "verb" and tok.dep_ in ("acl",) and tok.tag_ == "VBN":
            pool.append(tok.head)
    pool = pool + [cc for p in pool for cc in p.conjuncts]
    # 'carried out a wave of strikes': look through a quantity noun to what it counts
    pool += [
        g
        for p in pool
        if p.lemma_.lower() in words("quantity_nouns")
        for c in p.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children
        if g.dep_ == "pobj"
    ]
    return pool


def _find_complement(pat: Pattern, children: list[Any], obj: Any) -> Any | None:
    pool = [c for c in children if c.dep_ in ("xcomp", "ccomp")]
    # 'sworn to fight' is sometimes parsed as a purpose clause
    pool += [c for c in children if c.dep_ == "advcl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]
    if obj is not None:
        pool += [c for c in obj.children if c.dep_ in ("acl", "relcl", "xcomp")]
    # 'held the rebels responsible': an adjective after the object is said of it (a secondary
    # predicate, often parsed as the object's modifier), unlike 'Somali rebels' before it
    pool += [a for c in children if c.dep_ in ("dobj", "oprd") for a in c.children
             if a.dep_ == "amod" and a.i > c.i and a.pos_ == "ADJ"]
    pool += [cc for p in pool for cc in p.conjuncts]
    return next((c for c in pool if c.lemma_.lower() in pat.complements), None)


def dated(prep: Any) -> bool:
    """A preposition whose object is a date or time ('on Sunday', 'at noon')."""
    return any(p.dep_ == "pobj" and p.ent_type_ in ("DATE", "TIME") for p in prep.children)


def lemma_in(tok: Any, wanted: frozenset[str]) -> bool:
    """Whether a token (or its modifier + lemma, or the compound of a generic head such as
    'a mediation effort') is one of the wanted words."""
    lemma = tok.lemma_.lower()
    if lemma in wanted or tok.lower_ in wanted:
        return True
    for c in tok.children:
        if c.dep_ in ("compound", "amod") and f"{c.lower_} {lemma}" in wanted:
            return True
        if lemma in words("generic_heads") and c.dep_ == "compound" and c.lemma_.lower() in wanted:
            return True
    return False


def _phrase_match(tok: Any, wanted: frozenset[str]) -> bool:
    """Whether the token's modifier + lemma (not the bare lemma) is one of the wanted words."""
    lemma = tok.lemma_.lower()
    return lemma not in wanted and tok.lower_ not in wanted and any(
        c.dep_ in ("compound", "amod") and f"{c.lower_} {lemma}" in wanted for c in tok.children
    )
