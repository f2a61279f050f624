"""Light (support) verbs and event nouns, as one rule (docs/coding.md, section 3.7).

'launched an investigation into X', 'performed joint war games', 'imposed sanctions on X',
'staged a protest': a support verb with an event noun as object codes the NOUN's event; the
verb gives the actor (its subject, or the agent of a passive: 'an inquiry was opened by the
police'), the status and the date (its tense, negation and modality), and the noun's
complements, or the verb's own phrases, give the recipient.

The verb's polarity matters: 'lift sanctions', 'called off the strike', 'ended the siege',
'cancelled the talks' undo the noun's event. ``undo`` gives the relaxing event for each
category (CAMEO 08 "yield" split by PLOVER into CONCEDE and RETREAT; a cancelled meeting is
REJECT; ending cooperation or aid is a reduction of relations, SANCTION).

The verbs are word lists in ``data/coding/word_lists.jsonl``: ``light_verbs`` (do),
``relaxing_verbs`` (undo); 'carry out', 'call off' are written with their particle.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from dyadwatch.actors.resolver import Actor
from dyadwatch.coding.status import Category
from dyadwatch.coding.vocab import words


class Carrier(NamedTuple):
    """The support verb carrying an event noun, and whether it undoes the event."""

    verb: Any
    undo: bool
    passive: bool


def verb_name(verb: Any) -> str:
    """'call off' for 'called off', 'carry out' for 'carried out', else the lemma."""
    prt = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    return f"{verb.lemma_.lower()} {prt}" if prt else verb.lemma_.lower()


def _forms(verb: Any) -> set[str]:
    """The lemma and the stems of the word itself: the tagger's lemma is sometimes wrong
    ('staged' -> 'stag'), a list of base forms should still find it."""
    low = verb.lower_
    out = {verb.lemma_.lower(), low}
    for suffix, repl in (("ed", ""), ("d", ""), ("es", ""), ("s", ""), ("ing", ""), ("ing", "e")):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            out.add(low[: -len(suffix)] + repl)
    return out


def _in(verb: Any, name: str, listed: frozenset[str]) -> bool:
    if name in listed:
        return True
    prt = name.partition(" ")[2]
    return any((f"{f} {prt}" if prt else f) in listed for f in _forms(verb))


def carrier(tok: Any) -> Carrier | None:
    """The support verb whose object (or passive subject) the event noun ``tok`` is."""
    head = tok.head
    if head.i == tok.i or head.pos_ != "VERB" or tok.dep_ not in ("dobj", "nsubjpass"):
        return None
    name = verb_name(head)
    passive = tok.dep_ == "nsubjpass"
    # 'called off' must keep its particle ('called the strike' is no undoing); 'carried out' may drop it
    if _in(head, name, words("relaxing_verbs")):
        return Carrier(head, True, passive)
    if _in(head, name, words("light_verbs")) or _in(head, head.lemma_.lower(), words("light_verbs")):
        return Carrier(head, False, passive)
    return None


# (event, mode, cameo) of undoing an event of each category.
_UNDO = {
    "SANCTION": ("CONCEDE", None, "081"),  # ease administrative sanctions
    "COERCE": ("CONCEDE", None, "081"),  # a curfew, a blockade, restrictions lifted
    "PROTEST": ("CONCEDE", None, "080"),  # a strike or boycott called off
    "THREATEN": ("CONCEDE", None, "080"),
    "REQUEST": ("CONCEDE", None, "080"),  # a demand dropped
    "ACCUSE": ("CONCEDE", None, "080"),  # a complaint withdrawn
    "ASSAULT": ("RETREAT", "disarm", "087"),  # de-escalate military engagement
    "MOBILIZE": ("RETREAT", "disarm", "087"),
    "CONSULT": ("REJECT", "meet", "120"),  # a meeting cancelled
}
_REDUCE_RELATIONS = ("SANCTION", "discontinue", "160")


# Sectors that end protests by force, not by conceding.
_STATE_SECTORS = ("GOV", "MIL", "COP", "JUD", "SPY")
_FORCE_SECTORS = ("MIL", "COP", "SPY")
# Verbs that end a meeting by holding it to its close ('ended two days of talks').
_COMPLETING = ("end", "wind down")


def undone(cat: Category, verb: str, actors: list[Actor]) -> Category | None:
    """The relaxing event for undoing an event of category ``cat`` with ``verb``; the same
    category for talks brought to their end; ``None`` where undoing is no event (a rejection
    lifted) or not the actor's own (the police ending a protest stop someone else's event)."""
    if cat.event == "CONSULT" and verb in _COMPLETING:
        return cat
    if cat.event == "PROTEST" and any(a.sector in _STATE_SECTORS for a in actors):
        return None
    if cat.event == "ACCUSE" and any(a.sector in _FORCE_SECTORS for a in actors):
        return None  # 'police ended the protest' is no protest withdrawn
    if cat.event in _UNDO:
        return Category(*_UNDO[cat.event])
    if cat.event in ("COOPERATE", "AID", "SUPPORT", "AGREE"):
        return Category(*_REDUCE_RELATIONS)  # 'ended its cooperation', 'scrapped the agreement'
    return None
