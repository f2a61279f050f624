"""Actors no dictionary knows (docs/coding.md, section 3.6).

'Students called for ...', 'was arrested by state police', 'ICE and CBP officials returned ...':
when the actor's phrase is a real group or person that no dictionary resolves, the event is
kept with that phrase's text, the sector its words say (students EDU, police COP) and no
country code, as GDELT keeps events with blank actor codes. Pronouns, generic words ('it',
'the country', 'officials' with nothing else), places and things are never such actors.
"""

from __future__ import annotations

from typing import Any

from dyadwatch.actors.resolver import Actor, ArticleActors, reporting_subject
from dyadwatch.coding import clauses as cl
from dyadwatch.coding.matching import TriggerMatcher
from dyadwatch.coding.vocab import words

SOURCE = "unresolved-phrase"
# What is left out of the phrase's text: clauses and appositions that describe it.
# Verbs heading a clause that tells an event of its own.
_OWN_CLAUSE = ("ROOT", "ccomp", "conj", "parataxis", "xcomp")
_DESCRIBING = ("relcl", "acl", "appos", "punct", "advcl", "cc", "prep")


def actor_phrase_token(tok: Any, pat_kind: str, frame: Any) -> Any | None:
    """The head of the phrase that names the trigger's actor, resolved or not: a verb's subject
    (the agent of a passive), an event noun's 'by' phrase or possessor, or the subject of the
    verb that carries the noun ('Students staged a protest').

    Only a clause that tells its own event counts: a participle or relative clause describing
    a noun ('rebels fighting to topple him', 'militiamen who seized it') or a gerund inside a
    phrase ('joining them in demanding') is background, and gives no unknown actor."""
    clause = frame if frame is not None else tok
    if clause.pos_ in ("VERB", "AUX") and clause.dep_ not in _OWN_CLAUSE:
        return None
    if pat_kind != "noun":
        subj, passive = cl.subject_of(tok)
        if passive and tok.lower_ not in words("stative_participles"):
            return cl.agent_of(tok)
        return subj
    if frame is not None and frame.i != tok.i:
        subj, passive = cl.subject_of(frame)
        if passive:
            # 'an inquiry was opened by the police': the agent of the verb carrying the noun
            return cl.agent_of(frame) if subj is not None and subj.i == tok.i else None
        return subj
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "by":
            return next((p for p in c.children if p.dep_ == "pobj"), None)
        if c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN"):
            return c
    return None


def unknown_actor(head: Any, aa: ArticleActors, matcher: TriggerMatcher) -> list[Actor]:
    """The phrase headed by ``head`` as an actor with no country code, if it names a group or
    person (see the module doc); else ``[]``."""
    if head is None:
        return []
    if head.lower_ in ("who", "that", "which") and head.head.dep_ == "relcl":
        head = head.head.head  # 'militants who attacked ...'
    if head.pos_ == "PRON":
        head = reporter_phrase(head)
        if head is None:
            return []
    if not _names_someone(head, aa, matcher):
        return []
    toks = phrase(head)
    start, end = toks[0], toks[-1]
    # the head's own sector first: 'state police' are police
    ordered = [head] + [t for t in toks if t is not head]
    sector = next((aa.sector_hits[t.i].hit.sector for t in ordered if t.i in aa.sector_hits), None)
    kind = "person" if head.ent_type_ == "PERSON" and head.tag_ not in ("NNS", "NNPS") else "group"
    text = head.doc[start.i : end.i + 1].text
    return [Actor("", sector, text, None, start.idx, end.idx + len(end.text), SOURCE, kind)]


def reporter_phrase(pron: Any) -> Any | None:
    """'Farmers in the north said they will block the road', 'The Houthis claimed that they had
    attacked ...': a subject pronoun of a reported clause stands for whoever reports it, when
    that one is of the pronoun's kind (a person for 'he'/'she', a plural or a group for 'they')."""
    if pron.lower_ not in ("he", "she", "it", "they") or pron.dep_ not in ("nsubj", "nsubjpass"):
        return None
    subj = reporting_subject(pron)
    if subj is None:
        return None
    person = subj.ent_type_ == "PERSON" and subj.tag_ not in ("NNS", "NNPS")
    plural = subj.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in subj.children)
    if pron.lower_ in ("he", "she"):
        return subj if person else None
    if pron.lower_ == "they":
        return subj if not person and (plural or subj.lemma_.lower() in words("group_nouns")) else None
    return subj if not person and not plural else None


def _names_someone(head: Any, aa: ArticleActors, matcher: TriggerMatcher) -> bool:
    if head.pos_ not in ("NOUN", "PROPN") or head.ent_type_ in ("GPE", "LOC", "FAC", "DATE", "TIME"):
        return False
    if any(t.pos_ == "PRON" and t.dep_ == "poss" for t in head.children):
        return False  # 'its officials', 'their leaders': someone named before, or no one
    if matcher.is_event_noun(head):
        return False
    generic = head.lemma_.lower() in words("generic_actor_heads") or head.lower_ in words("generic_actor_heads")
    someone = (
        generic
        or head.ent_type_ in ("PERSON", "ORG", "NORP")
        or head.i in aa.sector_hits
        or head.lemma_.lower() in words("group_nouns")
    )
    if not someone:
        return False
    if (
        generic
        and head.i in aa.sector_hits
        and head.tag_ in ("NN", "NNP")
        and any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)
    ):
        # 'the government', 'the ministry', 'the minister': one definite institution or office
        # holder whose country the text does not tell (GDELT's blank-country GOV); plural and
        # bare generic words ('officials', 'authorities') still name nobody in particular
        return True
    if generic:
        # 'officials', 'the authorities', 'the country': only with a name of their own in front
        # ('ICE officials', 'the governor's office', 'the Central Asian republics') or beside
        # ('the union leader Ana Ruiz')
        return any(
            c.dep_ in ("compound", "amod", "nmod", "poss")
            and (c.pos_ == "PROPN" or c.ent_type_ in ("ORG", "NORP"))
            or c.dep_ == "appos"
            and c.ent_type_ == "PERSON"
            and c.i == head.i + 1
            for c in head.children
        )
    return True


def phrase(head: Any) -> list[Any]:
    """The phrase's tokens, without the clauses and phrases that describe it (contiguous)."""
    keep = [head]
    frontier = [c for c in head.children if c.dep_ not in _DESCRIBING]
    while frontier:
        t = frontier.pop()
        keep.append(t)
        frontier.extend(c for c in t.children if c.dep_ not in ("relcl", "acl", "appos", "punct", "advcl"))
    keep.sort(key=lambda t: t.i)
    # contiguous around the head: 'ICE and CBP officials', 'the state police'
    lo = hi = keep.index(head)
    while lo > 0 and keep[lo - 1].i == keep[lo].i - 1:
        lo -= 1
    while hi + 1 < len(keep) and keep[hi + 1].i == keep[hi].i + 1:
        hi += 1
    toks = keep[lo : hi + 1]
    while toks and toks[0].dep_ in ("det", "cc", "punct") and toks[0] is not head:
        toks = toks[1:]  # 'the state police' -> 'state police'
    return toks
