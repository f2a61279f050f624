"""Nested events: which triggers are part of another trigger's event (docs/coding.md, section 2).

'agreed to provide aid' is one AGREE, 'mobilized groups to help support' one MOBILIZE, and
what an accusation alleges ('accused Kabul of sheltering militants') is its content, not an
event of its own. The pattern's own object and complement tokens are consumed too.
"""

from __future__ import annotations

from typing import Any

from dyadwatch.coding import clauses as cl
from dyadwatch.coding.light_verbs import carrier
from dyadwatch.coding.vocab import words


def trigger_ids(sent: Any, matches: list[tuple[Any, Any, Any, Any]]) -> set[int]:
    """Token ids of the sentence's triggers, with every verb under must/should ('X must ensure
    security to allow ...' in a statement is one request: see deontic.py)."""
    ids = {m[0].i for m in matches}
    ids |= {
        t.i
        for t in sent
        if t.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ in cl.DEONTIC_AUX for c in t.children)
    }
    return ids


def consumed_ids(matches: list[tuple[Any, Any, Any, Any]], triggers: set[int]) -> set[int]:
    """Triggers that are part of another event: a pattern's own object or complement, or a
    trigger subsumed under another one (see ``subsumed``)."""
    consumed: set[int] = set()
    for tok, _pat, comp, obj in matches:
        for t in (comp, obj):
            if t is not None and t.i != tok.i:
                consumed.add(t.i)
    for tok, pat, _c, _o in matches:
        if tok.i not in consumed and subsumed(tok, triggers):
            consumed.add(tok.i)
        elif tok.i not in consumed and pat.kind == "noun":
            # 'pressed the workers to call off the strike', 'agreed to a truce halting the
            # offensive': the light verb carrying the noun, with no subject of its own, is
            # inside another event
            car = carrier(tok)
            if (
                car is not None
                and car.verb.i not in triggers
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in car.verb.children)
                and subsumed(car.verb, triggers)
            ):
                consumed.add(tok.i)
    return consumed


def inside_allegation(tok: Any) -> bool:
    """'accused Kabul of sheltering militants who attack Pakistani forces': everything said in the
    accusation, down to its relative clauses, is its content."""
    alleging = words("alleging_words")
    cur = tok
    for _ in range(7):
        dep, head = cur.dep_, cur.head
        if head is cur or head.lemma_ in cl.REPORTING_VERBS:
            return False
        if head.lemma_.lower() in alleging and dep in ("pcomp", "pobj", "prep", "xcomp", "ccomp"):
            return True
        if dep not in ("relcl", "dobj", "pobj", "pcomp", "prep", "xcomp", "acl", "conj"):
            return False
        cur = head
    return False


def subsumed(tok: Any, triggers: set[int]) -> bool:
    """Whether a verb or adjective trigger sits in the complement or purpose clause of another
    trigger (and so is part of that event)."""
    if tok.pos_ != "VERB" and tok.pos_ != "ADJ":
        return False
    if tok.dep_ == "relcl" and inside_allegation(tok):
        return True
    alleging = words("alleging_words")
    cur = tok
    for _ in range(5):
        dep, head = cur.dep_, cur.head
        if head is cur:
            return False
        if head.lemma_ in cl.REPORTING_VERBS and dep in ("ccomp", "parataxis"):
            return False
        if head.lemma_.lower() in alleging and dep in ("pcomp", "pobj", "prep", "xcomp", "ccomp"):
            return True  # the content of an accusation is not an asserted event
        if dep in ("xcomp", "ccomp"):
            if head.i in triggers:
                return True
        elif dep == "advcl":
            if not any(c.dep_ in ("nsubj", "nsubjpass") for c in cur.children) and head.i in triggers:
                return True
            if head.i in triggers and any(m.dep_ == "mark" and m.lower_ in ("for", "so") for m in cur.children):
                return True  # 'pushing for the US to support its plan': what is asked for
        elif dep in ("pcomp", "pobj", "conj"):
            pass
        elif dep == "acl" and cur.pos_ == "VERB" and head.pos_ == "NOUN":
            pass  # 'an invitation to join', 'an ultimatum to hand over'
        elif dep == "dobj" and cur.pos_ == "NOUN":
            if head.i in triggers:
                return True  # 'turned down an invitation to join the talks'
            if head.pos_ != "VERB":
                return False
            # 'demanded that Norway drop plans to sell drones': the plans are inside the demand
        elif dep == "prep":
            if cur.lower_ not in words("content_preps"):
                return False
            if head.i in triggers:
                return True
        else:
            return False
        cur = head
    return False
