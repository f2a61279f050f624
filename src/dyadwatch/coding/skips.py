"""Matched triggers that are no event of their own (docs/coding.md, section 2): a participle
describing a noun, a background mention ('after violent protests'), the condition of another
event, a proposal turned down, an event noun that is only scheduled.

Each check returns the reason ``dyadwatch explain`` shows, or ``None``.
"""

from __future__ import annotations

from typing import Any

from dyadwatch.coding import clauses as cl
from dyadwatch.coding.light_verbs import carrier
from dyadwatch.coding.patterns import Pattern
from dyadwatch.coding.vocab import words


def not_an_event(tok: Any, pat: Pattern, other_triggers: set[int], ontology: dict[str, Any]) -> str | None:
    """Why the matched trigger is not an event, judged from its own place in the sentence."""
    if (
        pat.kind == "verb"
        and tok.dep_ in ("acl", "relcl")
        and (tok.tag_ == "VBN" and tok.dep_ == "acl" or any(c.dep_ == "auxpass" for c in tok.children))
    ):
        return "a passive modifier describing a noun ('a helicopter that was captured')"
    if pat.kind == "adj" and (
        tok.dep_ in ("advcl", "oprd", "ccomp", "xcomp") and any(c.dep_ == "dobj" for c in tok.head.children)
        or tok.dep_ == "amod" and tok.head.dep_ == "dobj"
    ):
        # 'the UN held Serbia responsible for the massacre': said of the verb's object, by the
        # verb's subject, not a state of the subject ('Serbia is responsible for the massacre')
        return "an adjective said of another verb's object"
    if pat.kind == "verb" and tok.dep_ in ("amod", "compound"):
        return "a participle used as an adjective ('survival-threatening')"
    background, topic = words("background_preps"), words("topic_preps")
    if pat.kind == "noun" and tok.dep_ == "pobj" and tok.head.lower_ in background | topic:
        prep = tok.head
        if prep.lower_ in background or prep.head.i in other_triggers:
            return f"'{prep.text} {tok.text}': a background or topic mention, not a new event"
    if (
        tok.dep_ == "advcl"
        and any(m.dep_ == "mark" and m.lower_ in words("background_marks") for m in tok.children)
        and _news_beside(tok, other_triggers)
    ):
        # 'suspended flights one day after a jet shot down a helicopter': what came before the
        # news, as 'after violent protests' is for an event noun
        return f"'{next(m.text for m in tok.children if m.dep_ == 'mark')} ...' clause: background to another event"
    cond = cl.condition_clause(tok)
    if cond is not None and cond.head.i != tok.i:
        # 'threatened an offensive unless Baghdad accepted', 'would meet him if he gave them a veto':
        # the condition is the terms of the main event, not an event of its own
        return "a condition set by another event, not an event"
    refused = tok.head if tok.dep_ == "dobj" else tok.head.head if tok.dep_ == "pobj" else None
    if pat.kind == "noun" and refused is not None and refused.i in other_triggers:
        answer = refused.lemma_.lower()
        if answer in words("refusing_words") | words("accepting_words"):
            if ontology[pat.event]["quad"] in (1, 2):
                # 'Peru is opposed to Brazilian mediation', 'Lima agreed to Swiss mediation': a proposal
                # turned down or accepted has not happened
                return "a proposal turned down or accepted, not an event"
            # 'rejected a Canadian ultimatum', 'accepted the demands': what is answered was told
            # before; the answer is the news
            return "what another event answers, told as background"
    return None


def _news_beside(clause: Any, other_triggers: set[int]) -> bool:
    """Whether the clause's head, or what it governs outside the clause, is another trigger
    ('announced a suspension ... after a jet shot down': the suspension is the news)."""
    head = clause.head
    if head.i in other_triggers:
        return True
    inside = {t.i for t in clause.subtree}
    return any(t.i in other_triggers and t.i not in inside for t in head.subtree)


def scheduled(tok: Any) -> bool:
    """An event noun that is the subject of a future or hypothetical head ('talks are due to ...',
    'the summit will ...'): scheduled, not happened."""
    head = tok.head
    head_mod = cl.modality(head)
    if tok.dep_ == "nsubjpass" and carrier(tok) is not None:
        return False  # 'sanctions will be lifted': the carrying verb's own status (light_verbs.py)
    return tok.dep_ in ("nsubj", "nsubjpass") and (
        head.lemma_ in cl.FUTURE_HEADS or head_mod["future"] or head_mod["hypothetical"]
    )
