"""Finding the recipient of an event (docs/coding.md, section 4).

The pattern's recipient slots are tried in order (object, indirect object, 'to'/'with'/
'against' phrases, the subject of a complement clause); the first one that names a country
other than the actor's wins. A person or group with no country of its own is on the actor's
side (a domestic event). Dyadic events with nobody in the clause look in the sentence, then
at the article's other main country.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dyadwatch.actors.resolver import NON_STATE, Actor, ArticleActors
from dyadwatch.coding.actor_finding import author
from dyadwatch.coding.matching import TriggerMatcher, lemma_in
from dyadwatch.coding.patterns import Pattern
from dyadwatch.coding.unknown_actors import phrase, unknown_actor
from dyadwatch.coding.vocab import words

DEFAULT_SLOTS = ("object", "iobj", "prep.to", "prep.with", "prep.against", "complement.object")
# what a place resolves to: a country or capital (GOV), a town or region (CVL)
_PLACE_SECTORS = ("GOV", "CVL")
# phrases that name the other side of an event whatever its pattern says
_COUNTERPART_PREPS = ("against", "with", "between", "toward", "towards", "on", "to")
# what is not what an event is done to: its subjects, clauses of their own, punctuation
_NOT_DONE_TO = ("nsubj", "nsubjpass", "punct", "cc", "aux", "auxpass", "ccomp", "parataxis", "relcl", "npadvmod")
_FORCE_PREPS = ("across", "in", "on", "into", "over", "near", "inside", "along")


def _domestic(code: str, sector: str | None, tok: Any) -> Actor:
    """Someone with no country of their own, on the actor's side of the border; the mention is
    the whole phrase ('eleven hostages', 'striking dock workers')."""
    toks = phrase(tok) or [tok]
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    text = tok.doc.text[start:end]
    return Actor(code, sector, text, None, start, end, "in-article:domestic", "group")


class RecipientFinder:
    """Recipient rules; the matcher tells event nouns ('an attack') from groups."""

    def __init__(self, matcher: TriggerMatcher) -> None:
        self.matcher = matcher
        # the slot candidates of the trigger last looked at: in_clause and unknown ask for the same
        self._cands: tuple[tuple[Any, ...], list[Any]] | None = None

    def _candidates(self, tok: Any, pat: Pattern, comp: Any, obj: Any, patient: Any, support: Any) -> list[Any]:
        key = (tok.doc, tok.i, pat.id, comp, obj, patient, support)
        if self._cands is None or self._cands[0] != key:
            self._cands = (key, _slot_candidates(tok, pat, comp, obj, patient, support))
        return self._cands[1]

    def in_clause(
        self,
        tok: Any,
        pat: Pattern,
        comp: Any,
        obj: Any,
        patient: Any,
        actors: list[Actor],
        aa: ArticleActors,
        event: str,
        support: Any = None,
    ) -> list[Actor]:
        """The recipient named in the trigger's own clause (its slots), or a domestic one.
        ``support``: the light verb carrying an event noun, whose own phrases count too ('opened
        an investigation into X' with 'into X' hung on the verb)."""
        actor_codes = {a.code for a in actors}
        cands = self._candidates(tok, pat, comp, obj, patient, support)
        domestic: list[Actor] = []
        for cand in cands:
            cand = author(cand)  # 'condemned the consul's post': the consul's side
            found = aa.resolve(cand)
            if _own_forces(cand, found, actor_codes, aa):
                continue  # 'withdraw its troops from the border town': the actor's own, not the other side
            if not found:
                found, group = search_subtree(cand, aa)
                if not found and group is not None and not domestic:
                    # 'blocked the march organised by teachers': a group with no country;
                    # the slot's own group first ('released the soldiers and policemen')
                    if cand.pos_ in ("NOUN", "PROPN") and (
                        cand.i in aa.sector_hits or cand.ent_type_ in ("PERSON", "ORG", "NORP")
                    ):
                        group = cand  # 'sanctions on Norsk Metall and other firms'
                    sec = aa.sector_hits[group.i].hit.sector if group.i in aa.sector_hits else "UNK"
                    domestic = [_domestic(actors[0].code, sec, group)]
            foreign = any(c.lower_ in ("foreign", "international", "overseas") for c in cand.children)
            if (
                not found
                and not domestic
                and not foreign
                and not self.matcher.is_event_noun(cand)
                and event not in words("no_domestic_categories")
                and (
                    cand.i in aa.sector_hits
                    or cand.ent_type_ in ("PERSON", "ORG", "NORP")
                    or any(c.i in aa.sector_hits for c in cand.children if c.dep_ in ("compound", "amod"))
                )
            ):
                # 'police arrested protesters', 'demanded that President Mugabe resign': a person or
                # group with no country of its own is on the actor's side (a domestic event)
                sec = aa.sector_hits[cand.i].hit.sector if cand.i in aa.sector_hits else "UNK"
                domestic = [_domestic(actors[0].code, sec, cand)]
            if not found:
                continue
            others = [f for f in found if f.code not in actor_codes]
            if others:
                return others + self._unknown_conjuncts(cand, aa) + self._patient(tok, pat, cand, others, actors, aa)
            if any(f.sector != actors[0].sector for f in found) and not domestic:
                domestic = found
        home: list[Actor] = []
        if event in ("ASSAULT", "MOBILIZE", "COERCE", "RETREAT"):
            # 'a wave of strikes across the Gaza Strip', 'declared a ceasefire in Idlib': where force
            # is used (or laid down) says against whom
            holders = [tok] + ([obj] if obj is not None and obj.i != tok.i else [])
            holders += [support] if support is not None else []  # 'staged drills near the border'

            for c in (c for h in holders for c in h.children):
                if c.dep_ == "prep" and c.lower_ in _FORCE_PREPS:
                    for p in c.children:
                        placed = aa.resolve(p) if p.dep_ == "pobj" else []
                        found = [f for f in placed if f.code not in actor_codes]
                        if found:
                            return found
                        if not home and not any(a.start <= p.idx < a.end for a in actors):
                            home = [f for f in placed if f.code and f.kind == "group" and f.sector in _PLACE_SECTORS]
        if domestic and actors[0].code not in NON_STATE:
            return domestic
        if home:
            # 'troops remained on alert in Manila': force used at home is used on the place it is used
            return home
        if self._self_directed(pat, comp):
            return _own_office(tok, comp, actors, aa)
        return []

    def _self_directed(self, pat: Pattern, comp: Any) -> bool:
        """A resignation ('resigned', 'stepped down') or a refusal to resign ('declined to
        resign'): the actor leaves, or keeps, an office of its own; PLOVER codes that office's
        country as the recipient (the patterns' 'resign' mode says which ones)."""
        if pat.mode == "resign":
            return True
        inner = self.matcher.match(comp)[0] if comp is not None else None
        return inner is not None and inner.mode == "resign"

    def _patient(self, tok: Any, pat: Pattern, cand: Any, found: list[Actor], actors: list[Actor],
                 aa: ArticleActors) -> list[Actor]:
        """'deported 300 migrants to Guatemala', 'will release a Cuban doctor to U.S. diplomats':
        when a phrase other than the object gave the recipient, the people the event is done to
        (the object) are recipients too: with their country, else with their words."""
        objs = [c for c in tok.children if c.dep_ == "dobj" and c.i != cand.i]
        if not objs or cand.dep_ != "pobj":
            return []
        have = {f.code for f in found} | {a.code for a in actors}
        spans = [(a.start, a.end) for a in actors]
        out: list[Actor] = []
        for o in objs:
            if any(a0 <= o.idx < a1 for a0, a1 in spans) or self.matcher.is_event_noun(o):
                continue
            named = aa.hits.get(o.i)
            if pat.objects and lemma_in(o, pat.objects) and named is not None and named.hit.kind == "organisation":
                continue  # a body the pattern names is part of what is done ('joined the UN mission')
            known = [f for f in aa.resolve(o) if f.code not in have]
            out += known or (unknown_actor(o, aa, self.matcher) if not aa.resolve(o) else [])
        return out

    def _unknown_conjuncts(self, head: Any, aa: ArticleActors) -> list[Actor]:
        """'sanctions on Ana Lima, Rui Costa and Joana Reis' with only the first in a
        dictionary: the others are recipients too, kept with their words (no country code)."""
        out: list[Actor] = []
        for c in head.conjuncts:
            if c.i > head.i and not aa.resolve(c, with_conjuncts=False):
                out += unknown_actor(c, aa, self.matcher)
        return out

    def unknown(
        self,
        tok: Any,
        pat: Pattern,
        comp: Any,
        obj: Any,
        patient: Any,
        actors: list[Actor],
        aa: ArticleActors,
        support: Any = None,
    ) -> list[Actor]:
        """No recipient with a country anywhere: the person or group in the trigger's own slots
        that no dictionary knows ('granted asylum to Julian Assange', 'freed two ex-ministers'),
        kept with its words and no country code, as an unknown actor is (unknown_actors.py);
        each coordinated one too ('sanctions on X, Y and Z'). Then the counterpart phrases of
        the event, its object and its support verb, whatever the pattern's slots say ('a ceasefire
        with the rebels', 'an offensive against militants'); and the author of a thing done to
        ('gave in to the demands of the dock workers')."""
        spans = [(a.start, a.end) for a in actors]
        slots = self._candidates(tok, pat, comp, obj, patient, support)
        if comp is None:
            comp = next((c for c in tok.children if c.dep_ in ("xcomp", "ccomp")), None)
        holders = [h for h in (tok, obj, support, comp) if h is not None]
        inner = self.matcher.match(comp)[0] if comp is not None else None
        preps = _COUNTERPART_PREPS
        if pat.event == "RETREAT" or inner is not None and inner.event == "RETREAT":
            preps += ("from",)  # 'withdraw its troops from the border town': where one retreats from
        counter = [
            p
            for h in holders
            for c in h.children
            if c.dep_ == "prep" and c.lower_ in preps
            for p in c.children
            if p.dep_ == "pobj"
        ]
        counter += [
            p
            for h in holders
            for d in h.children
            if d.dep_ == "dobj"
            for c in d.children
            if c.dep_ == "prep" and c.lower_ == "from" and "from" in preps
            for p in c.children
            if p.dep_ == "pobj"
        ]
        for cand in slots + counter:
            if any(a0 <= cand.idx < a1 for a0, a1 in spans) or cand.i == tok.i:
                continue
            found = aa.resolve(cand)
            if _own_forces(cand, found, {a.code for a in actors}, aa):
                continue
            if found and (cand.ent_type_ in ("PERSON", "ORG", "NORP", "GPE", "LOC", "FAC") or cand.i in aa.sector_hits):
                return found  # 'a ceasefire with the Taliban': a counterpart named, even one at home
            out: list[Actor] = []
            for c in [cand, *(c for c in cand.conjuncts if c.i > cand.i)]:
                if not aa.resolve(c, with_conjuncts=False):
                    out += unknown_actor(c, aa, self.matcher)
            if not out:
                owner = _owner(cand)
                if owner is not None and not any(a0 <= owner.idx < a1 for a0, a1 in spans):
                    out = aa.resolve(owner) or unknown_actor(owner, aa, self.matcher)
            if out:
                return out
        return []

    def clause_group(self, tok: Any, actors: list[Actor], aa: ArticleActors) -> list[Actor]:
        """No other country anywhere: a named group or person with no country of its own in the
        clause ('warned it will not tolerate rallies by the Kifaya group') is on the actor's side
        of the border, so the event is domestic. Subjects of embedded clauses act; they are skipped."""
        actor_spans = [(a.start, a.end) for a in actors]
        frontier = [(c, 1) for c in tok.children if c.dep_ not in ("nsubj", "nsubjpass", "punct", "cc", "aux")]
        while frontier:
            t, depth = frontier.pop(0)
            if depth > 5:
                continue
            inside_actor = any(a0 <= t.idx < a1 for a0, a1 in actor_spans)
            group = (
                t.pos_ in ("NOUN", "PROPN")
                and t.dep_ not in ("amod", "compound", "nsubj", "nsubjpass", "poss")
                and (
                    t.i in aa.sector_hits
                    or t.ent_type_ in ("PERSON", "ORG", "NORP")
                    or t.pos_ == "PROPN"
                    and t.ent_type_ in ("", "FAC")
                    and t.i > t.sent.start
                    or t.lemma_.lower() in words("group_nouns")
                )
            )
            if group and not inside_actor and not aa.resolve(t) and not self.matcher.is_event_noun(t):
                sec = aa.sector_hits[t.i].hit.sector if t.i in aa.sector_hits else "UNK"
                return [_domestic(actors[0].code, sec, t)]
            frontier.extend((c, depth + 1) for c in t.children if c.dep_ not in ("nsubj", "nsubjpass", "punct"))
        return []


def _own_forces(tok: Any, found: list[Actor], actor_codes: set[str], aa: ArticleActors | None = None) -> bool:
    """'its troops', 'their own forces': what the actor has is not the other side (a force
    word with a pronoun owner, or anything whose owner resolves to the actor)."""
    if not any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children):
        return False
    if aa is not None and tok.i in aa.sector_hits and aa.sector_hits[tok.i].hit.sector in ("MIL", "COP"):
        return True
    return bool(found) and all(f.code in actor_codes for f in found)


def _owner(tok: Any) -> Any | None:
    """Whose a thing is: 'the demands of the drivers', 'an offer from the government', 'the
    union's demands'."""
    for c in tok.children:
        if c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN"):
            return c
        if c.dep_ == "prep" and c.lower_ in ("of", "from", "by"):
            inner = next((p for p in c.children if p.dep_ == "pobj"), None)
            if inner is not None:
                return inner
    return None


def _own_office(tok: Any, comp: Any, actors: list[Actor], aa: ArticleActors) -> list[Actor]:
    """The office a self-directed event is about: the country of its 'as' phrase ('resigned as
    president of Peru'), else the actor's own country (no words of its own)."""
    a = actors[0]
    if not a.code or a.code in NON_STATE:
        return []
    for holder in (tok, comp):
        for c in holder.children if holder is not None else ():
            if c.dep_ == "prep" and c.lower_ == "as":
                found = [f for p in c.children if p.dep_ == "pobj" for f in aa.resolve(p) if f.code == a.code]
                if found:
                    return found[:1]
    return [Actor(a.code, "GOV", "", None, tok.idx, tok.idx, "in-article:self-directed", "group")]


def _slot_candidates(tok: Any, pat: Pattern, comp: Any, obj: Any, patient: Any, support: Any = None) -> list[Any]:
    """Tokens the recipient slots point at, in the order they are tried: the patient of a
    passive; the trigger's own arguments, then the same prepositions one phrase down ('pledged
    aid to Ukraine to repair plants damaged by Russian strikes'), then its complement's."""
    cands: list[Any] = [patient] if patient is not None else []
    slots = pat.recipient or DEFAULT_SLOTS
    direct = [slot for slot in slots if not slot.startswith("complement")]
    for slot in direct:
        cands.extend(slot_tokens(tok, slot, comp, obj))
    if support is not None:
        # the light verb's own phrases: 'gave assistance to X', 'opened an inquiry into X'
        for slot in [s for s in direct if s.startswith("prep.")] + ["iobj"]:
            cands.extend(slot_tokens(support, slot, None, None))
    for slot in direct:
        cands.extend(slot_tokens(tok, slot, comp, obj, deep=True))
    for slot in slots:
        if slot.startswith("complement"):
            cands.extend(slot_tokens(tok, slot, comp, obj))
    return cands


def context_recipient(
    tok: Any, sent: Any, actors: list[Actor], aa: ArticleActors, *, article_wide: bool = True
) -> list[Actor]:
    """The other side from the sentence, else from the article (its most named other country)."""
    actor_codes = {a.code for a in actors}
    actor_spans = {(a.start, a.end) for a in actors}
    other_clauses = _other_clauses(tok) | topic_zone(sent)
    best = None
    for start, hit in aa.countries_in(sent):
        if start in other_clauses:
            continue
        if hit.code in actor_codes:
            continue
        t = sent.doc[start]
        if any(a.start <= t.idx < a.end for a in actors) or (t.idx, t.idx + len(t.text)) in actor_spans:
            continue
        dist = abs(start - tok.i) + (0 if start > tok.i else 3)
        if best is None or dist < best[0]:
            best = (dist, hit, t)
    if best is not None:
        _d, hit, t = best
        sector = "GOV" if hit.kind in ("country", "capital") else hit.sector or "UNK"
        span = (t.idx, t.idx + len(t.text))
        out = [Actor(hit.code or "", sector, t.text, hit.name, *span, "sentence-context", "group")]
        # 'people in Chad, Niger and Mali': the countries coordinated with it too
        have = actor_codes | {hit.code}
        for c in t.conjuncts:
            for a in aa.resolve(c, with_conjuncts=False):
                if a.code and a.code not in have:
                    have.add(a.code)
                    out.append(replace(a, source="sentence-context"))
        return out
    if not article_wide:
        return []
    topics = _only_topics(tok.doc, aa)
    for code, _n in aa.country_mentions.most_common(4):
        if code not in actor_codes and code not in ("IGO", "UNO", "EUR", "NGO") and code not in topics:
            return [Actor(code, "GOV", "", None, tok.idx, tok.idx, "article-context", "group")]
    return []


def _is_topic(prep: Any) -> bool:
    """A phrase that says what a dispute is about ('the dispute over Taiwan', 'the row about
    fishing rights'): it names the topic, not a side (unlike 'concern about Gaza')."""
    return (
        prep.dep_ == "prep"
        and prep.lower_ in words("topic_only_preps")
        and prep.head.lemma_.lower() in words("dispute_nouns")
    )


def topic_zone(sent: Any) -> set[int]:
    """Token ids inside the sentence's topic phrases (see ``_is_topic``)."""
    return {t.i for p in sent if _is_topic(p) for t in p.subtree}


def _only_topics(doc: Any, aa: ArticleActors) -> set[str]:
    """Countries the article names only as topics ('the dispute over Taiwan')."""
    as_topic: set[str] = set()
    elsewhere: set[str] = set()
    for sent in doc.sents:
        zone = topic_zone(sent)
        for start, hit in aa.countries_in(sent):
            (as_topic if start in zone else elsewhere).add(hit.code or "")
    return as_topic - elsewhere


def _other_clauses(tok: Any) -> set[int]:
    """'..., and Australia said it would ...': another clause with its own subject is another story."""
    clause = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    for _ in range(4):  # up to the verb heading the trigger's own clause
        if clause.dep_ in ("xcomp", "ccomp", "advcl") and clause.head is not clause:
            clause = clause.head

    def own_subject(v: Any) -> bool:
        return any(g.dep_ in ("nsubj", "nsubjpass") for g in v.children)

    other = {
        t.i
        for c in clause.children
        if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and own_subject(c)
        for t in c.subtree
    }
    if clause.dep_ == "conj" and own_subject(clause):
        # the trigger is in the second clause: the first one is another story
        other |= {t.i for t in clause.head.subtree} - {t.i for t in clause.subtree}
    return other


def domestic_default(
    tok: Any, sent: Any, actors: list[Actor], aa: ArticleActors, matcher: TriggerMatcher | None = None
) -> list[Actor]:
    """A protest or crackdown with nobody named on the other side: where it happened, else the
    actor's own country, mentioned by what the event is done to when the clause says it
    ('detained several suspects', 'imposed a curfew on the city')."""
    ctx = context_recipient(tok, sent, actors, aa, article_wide=False)
    if ctx:
        return ctx
    a = actors[0]
    if not a.code:
        return []  # the own country of an actor no dictionary knows is not known either
    done_to = _done_to(tok, actors, matcher)
    if done_to is not None:
        return [_domestic(a.code, "UNK", done_to)]
    return [Actor(a.code, "UNK", "", None, tok.idx, tok.idx, "in-article:domestic", "group")]


def _done_to(tok: Any, actors: list[Actor], matcher: TriggerMatcher | None) -> Any | None:
    """The first object of the trigger's clause, breadth first ('outlawed opposition parties',
    'went on strike to protest the decision'): not a subject, a time, a number or an event."""
    start = tok.head if tok.dep_ in ("dobj", "pobj") and tok.pos_ == "NOUN" else tok
    frontier = [(c, 1) for c in start.children if c.dep_ not in _NOT_DONE_TO]
    while frontier:
        t, depth = frontier.pop(0)
        if depth > 3 or t.i == tok.i and t is not start:
            continue
        if (
            t.dep_ in ("dobj", "pobj")
            and t.pos_ in ("NOUN", "PROPN")
            and t.ent_type_ not in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY")
            and not any(x.start <= t.idx < x.end for x in actors)
            and (matcher is None or not matcher.is_event_noun(t))
        ):
            return t
        frontier.extend((c, depth + 1) for c in t.children if c.dep_ not in _NOT_DONE_TO)
    return None


def slot_tokens(tok: Any, slot: str, comp: Any, obj: Any, *, deep: bool = False) -> list[Any]:
    """Tokens a recipient slot points at (see patterns.RECIPIENT_SLOT_RE); ``deep``: the same
    preposition one phrase further down ('pledged 800 million euros in aid to Ukraine'), tried
    after every direct slot."""
    children = list(tok.children)
    if deep:
        return _deep_slot_tokens(tok, slot, obj, children)
    if slot == "object":
        out = [c for c in children if c.dep_ in ("dobj", "attr", "oprd")]
        if tok.dep_ == "acl" and tok.tag_ == "VBN":
            out.append(tok.head)
        return out
    if slot == "iobj":
        out = [c for c in children if c.dep_ == "iobj"]
        return out + [p for c in children if c.dep_ == "dative" for p in c.children if p.dep_ == "pobj"]
    if slot == "complement":
        if comp is None:
            comp = next((c for c in children if c.dep_ in ("ccomp", "xcomp")), None)
        if comp is None:
            return []
        return [c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")]
    base, _, word = slot.partition(".")
    if base == "prep":
        holders = [tok]
    elif base == "object":
        holders = [obj] if obj is not None else [c for c in children if c.dep_ in ("dobj", "attr", "pobj")]
        if tok.pos_ == "ADJ":
            holders = [p for c in children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
        # 'lifted sanctions imposed on X', 'the curbs it had placed on X': the object's
        # participle or relative clause carries the object's own phrase
        holders += [
            c
            for h in holders
            for c in h.children
            if c.dep_ == "acl"
            and c.tag_ == "VBN"
            or c.dep_ == "relcl"
            and not any(g.dep_ == "dobj" for g in c.children)
        ]
    else:  # complement
        c = comp if comp is not None else next((c for c in children if c.dep_ in ("xcomp", "ccomp")), None)
        holders = [c] if c is not None else []
        if word == "object":
            return [x for h in holders for x in h.children if x.dep_ in ("dobj", "attr")] + [
                x for h in holders for d in h.children if d.dep_ in ("xcomp",) for x in d.children if x.dep_ == "dobj"
            ]
    out = []
    for h in holders:
        for c in h.children:
            if c.dep_ in ("prep", "dative", "agent") and c.lower_ == word:
                out += [p for p in c.children if p.dep_ in ("pobj", "pcomp")]
        # one level deeper: 'avoid travelling to Japan'
        for c in h.children:
            if c.dep_ in ("xcomp", "pcomp", "dobj") and base == "complement":
                for d in c.children:
                    if d.dep_ == "prep" and d.lower_ == word:
                        out += [p for p in d.children if p.dep_ == "pobj"]
    return out


def _deep_slot_tokens(tok: Any, slot: str, obj: Any, children: list[Any]) -> list[Any]:
    base, _, word = slot.partition(".")
    if base not in ("prep", "object") or word not in ("to", "with", "against", "from", "for", "toward", "towards"):
        return []  # places ('in', 'at') one phrase down say where, not to whom
    tops = [tok] if base == "prep" else ([obj] if obj is not None else [c for c in children if c.dep_ == "dobj"])
    inner = [
        p
        for t in tops
        for c in t.children
        if c.dep_ == "prep" and c.lower_ != word
        for p in c.children
        if p.dep_ == "pobj"
    ]
    return [
        p
        for h in inner
        for c in h.children
        if c.dep_ == "prep" and c.lower_ == word
        for p in c.children
        if p.dep_ in ("pobj", "pcomp")
    ]


def search_subtree(tok: Any, aa: ArticleActors) -> tuple[list[Actor], Any]:
    """An actor named inside a phrase: 'the rights of Kurds', 'a post by Xue Jian'.

    Returns the actors found first (breadth first), else ``[]`` and the first group word with
    no country of its own ('students', 'protesters'), which the caller reads as domestic."""
    frontier = [(c, 1) for c in tok.children]
    group = None
    while frontier:
        t, depth = frontier.pop(0)
        if depth > 3 or t.pos_ in ("VERB",) and t.dep_ not in ("acl",):
            continue
        if _is_topic(t):
            continue  # 'the dispute over Taiwan': what it is about, not whom
        found = aa.resolve(t, with_conjuncts=True)
        if found and t.dep_ not in ("amod",) or found and tok.pos_ == "NOUN":
            return (found, None) if group is None else ([], group)
        if (
            group is None
            and t.i in aa.sector_hits
            and t.pos_ in ("NOUN", "PROPN")
            and t.dep_ not in ("amod", "compound")
        ):
            group = t
        frontier.extend((c, depth + 1) for c in t.children)
    return [], group
