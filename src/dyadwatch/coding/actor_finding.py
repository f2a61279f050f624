"""Finding the actor of a trigger (docs/coding.md, section 3).

A verb's actor is its subject (or the agent of a passive); an event noun's is its own modifier
('Japanese protests'), a 'by' phrase, or the subject of the verb that carries it ('launched an
offensive'). When the subject resolves to no one, ``ActorFinder.fallback`` looks for a country
next to it, the article's dateline, or the unidentified attacker of a blast.
"""

from __future__ import annotations

from typing import Any

from dyadwatch.actors.resolver import Actor, ArticleActors
from dyadwatch.coding import clauses as cl
from dyadwatch.coding.light_verbs import Carrier, carrier
from dyadwatch.coding.matching import TriggerMatcher
from dyadwatch.coding.unknown_actors import phrase, unknown_actor
from dyadwatch.coding.vocab import words


def author(tok: Any) -> Any:
    """The author of a message noun with a possessor ('a Chinese consul's social-media post',
    'the minister's remarks'): a post or a statement speaks for whoever made it; else ``tok``."""
    if tok is None or tok.lemma_.lower() not in words("message_nouns") and tok.lower_ not in words("message_nouns"):
        return tok
    owner = next((c for c in tok.children if c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN")), None)
    return owner if owner is not None else tok


_CLAIM_VERBS = ("claim", "take", "assume", "accept", "admit")


def claimer(noun: Any) -> Any | None:
    """Who claimed responsibility for an attack ('The Front claimed responsibility for the
    bombing that killed ...'): the subject of the claim, the attack's actor; else None."""
    if noun is None:
        return None
    if noun.dep_ == "conj":
        noun = noun.head  # 'for both the Kandahar and the Herat attacks'
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "for" or prep.head.lemma_.lower() != "responsibility":
        return None
    duty = prep.head
    if duty.dep_ != "dobj" or duty.head.lemma_.lower() not in _CLAIM_VERBS:
        return None
    subj, passive = cl.subject_of(duty.head)
    return None if passive else subj


def _held_responsible(noun: Any) -> Any | None:
    """The subject of 'X is (held) responsible for <event>'; else None."""
    if noun.dep_ == "conj":
        noun = noun.head
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "for" or prep.head.lemma_.lower() != "responsible":
        return None
    adj = prep.head
    verb = adj.head if adj.dep_ in ("acomp", "oprd") else None
    if verb is None:
        return None
    subj, passive = cl.subject_of(verb)
    return subj if subj is not None and (not passive or verb.lemma_ == "hold") else None


def _as(a: Actor, source: str, sector: str | None = None) -> Actor:
    """The same actor found by another rule."""
    return Actor(a.code, a.sector if sector is None else sector, a.text, a.name, a.start, a.end, source, a.kind)


class ActorFinder:
    """Actor rules; the matcher tells event nouns ('an attack') from groups."""

    def __init__(self, matcher: TriggerMatcher) -> None:
        self.matcher = matcher

    def of_noun(self, tok: Any, aa: ArticleActors) -> tuple[list[Actor], Any]:
        """Actor of an event noun: its own modifiers ('Japanese protests', 'China's sanctions'),
        a 'by' phrase, or the subject of a verb that announces it ('announced a suspension').

        Returns the actors and the token whose clause frames the event (the noun or its verb);
        ``([], None)`` for a mention of an event told before ('their talks')."""
        head = tok.head
        governed = tok.dep_ == "dobj" and head.pos_ == "VERB" and head.lemma_ not in cl.REPORTING_VERBS
        car = carrier(tok)
        if car is not None and car.undo:
            # 'Washington lifted its sanctions on Cuba': who lifts them acts, not who imposed them
            return self._carrier_actor(car, aa), car.verb
        owner = _held_responsible(tok)
        if owner is not None:
            # 'the syndicate has been responsible for a string of murders in ...': who is held responsible acted
            found = aa.resolve(owner) or unknown_actor(owner, aa, self.matcher)
            if found:
                return found, owner.head
        for c in tok.children:
            if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i < tok.i:
                hit = aa.hits.get(c.i)
                if c.dep_ != "poss" and hit is not None and hit.hit.kind == "place":
                    continue  # 'the Kandahar bombing': a town before an event says where, not who
                if c.pos_ == "PRON" and not governed:
                    # 'their talks', 'its recognition': a reference back to an event told before
                    return [], None
                if c.pos_ == "PRON":
                    continue
                # 'Israeli and U.S. strikes': the modifier itself and every conjunct of it
                own = aa.modifier_actor(c, tok)
                found = own + [a for a in aa.resolve(c, with_conjuncts=True) if a.code not in {o.code for o in own}]
                if found:
                    return found, tok
            if c.dep_ == "prep" and c.lower_ == "by":
                for p in c.children:
                    if p.dep_ == "pobj":
                        found = aa.resolve(p)
                        if found:
                            return found, tok
        carriers = words("announcing_verbs") | words("light_verbs")
        if tok.dep_ in ("dobj",) and head.lemma_ in carriers or governed and head.lemma_ in words("carrying_verbs"):
            subj, _ = cl.subject_of(head)
            return (aa.resolve(subj) if subj is not None else []), head
        if car is not None:
            # 'carried out strikes', 'an inquiry was opened by the police' (see light_verbs.py)
            return self._carrier_actor(car, aa), car.verb
        counter = head.head if tok.dep_ == "pobj" and head.lower_ == "of" else None
        if (
            counter is not None
            and counter.lemma_.lower() in words("quantity_nouns") | words("duration_nouns")
            and counter.dep_ == "dobj"
            and counter.head.lemma_ in carriers | words("carrying_verbs")
        ):
            # 'staged five days of naval drills', 'carried out a wave of strikes'
            subj, _ = cl.subject_of(counter.head)
            return (aa.resolve(subj) if subj is not None else []), counter.head
        if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.lemma_ in words("announcing_verbs"):
            verb = head.head
            subj, _ = cl.subject_of(verb)
            found = aa.resolve(subj) if subj is not None else []
            # 'Chinese media reported on the postponement': the reporter's side, sector unknown
            return [_as(a, "in-article:reporting-side", "UNK") for a in found], verb
        return [], None

    def _carrier_actor(self, car: Carrier, aa: ArticleActors) -> list[Actor]:
        """The subject of the support verb, or the agent when the noun is its passive subject."""
        who = cl.agent_of(car.verb) if car.passive else cl.subject_of(car.verb)[0]
        return aa.resolve(who) if who is not None else []

    def fallback(self, tok: Any, sent: Any, aa: ArticleActors, rv: Any) -> list[Actor]:
        """No subject resolved: a country named next to the trigger's subject, else the first
        country of the sentence outside the recipient's phrase."""
        subj, passive = cl.subject_of(tok)
        patient_zone: set[int] = set()
        if passive and subj is not None and tok.lower_ not in words("stative_participles"):
            # 'Italy and Poland have been invited', '100 people had been killed': the subject of a
            # passive verb is on the receiving end, never the actor
            patient_zone = {t.i for t in subj.subtree}
            subj = None
        attack = self.matcher.attack_noun(subj)
        if attack is not None:
            who = claimer(attack)
            found = aa.resolve(who) if who is not None else []
            if found:
                return [_as(a, "in-article:claimed-responsibility") for a in found]
            if who is not None:
                return unknown_actor(who, aa, self.matcher)  # a claimer no dictionary knows
            return self.unidentified_attacker(tok, attack, aa)
        if subj is not None:
            for t in subj.subtree:
                found = aa.resolve(t, with_conjuncts=False) if t.i != subj.i and _own_word(t, subj) else []
                if found:
                    return [_as(a, "in-article:subject-phrase") for a in found]
        # the subject's own title says the sector ('President Abdelaziz Bouteflicka' -> GOV)
        subj_sector = None
        if subj is not None:
            subj_sector = next((aa.sector_hits[t.i].hit.sector for t in subj.subtree if t.i in aa.sector_hits), None)
        if subj is not None and subj.i in aa.sector_hits and aa.dateline_code and subj.pos_ in ("NOUN", "PROPN"):
            if not _regional(subj, aa):
                # 'Police arrested ...' under a TBILISI dateline: the dateline's country
                span = (subj.idx, subj.idx + len(subj.text))
                return [
                    Actor(aa.dateline_code, subj_sector or "UNK", subj.text, None, *span, "article-dateline", "group")
                ]
        if (
            subj is not None
            and subj.pos_ == "NOUN"
            and subj.tag_ == "NNS"
            and subj.i not in aa.sector_hits
            and not self.matcher.is_event_noun(subj)
            and subj.lemma_.lower() not in words("group_nouns")
            and not any(c.dep_ == "prep" and c.lower_ == "of" for c in subj.children)  # 'thousands of people'
        ):
            # 'economists warned that ...': people with no side of their own are nobody's actor
            return []
        if subj is not None and subj.lemma_.lower() in words("measure_nouns") and aa.last_group is not None:
            # 'The package also bans imports of Russian gas': the measure of whoever the story is about
            a = aa.last_group
            span = (subj.idx, subj.idx + len(subj.text))
            return [Actor(a.code, a.sector, subj.text, a.name, *span, "in-article:measure-of-last-actor", "group")]
        if subj is not None and not subj_sector and not self.has_a_side(subj):
            # 'Typhoon Kalmaegi killed ...', 'an attack that killed ...': no one whose country the
            # sentence could tell
            return []
        for start, hit in _sentence_countries(tok, subj, sent, aa, rv, patient_zone):
            span = sent.doc[start : start + 1]
            sector = subj_sector or ("GOV" if hit.kind in ("country", "capital") else (hit.sector or "UNK"))
            if subj is not None and subj_sector:
                # 'The government arrested 20 protesters in Nairobi': the sentence says whose, the
                # subject's own words say who: the mention is the subject's phrase
                words_of = phrase(subj)
                span = sent.doc[words_of[0].i : words_of[-1].i + 1]
            return [
                Actor(
                    hit.code or "",
                    sector,
                    span.text,
                    hit.name,
                    span.start_char,
                    span.end_char,
                    "sentence-context",
                    "group",
                )
            ]
        return []

    def unidentified_attacker(self, tok: Any, attack: Any, aa: ArticleActors) -> list[Actor]:
        """PLOVER's unidentified armed forces (UAF) of the country where the attack happened: a
        place in the attack's phrase or the trigger's, else the dateline's country, else the
        victims' (an attack at home)."""
        places = [t for t in attack.subtree] + [
            t
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ in ("in", "near", "at", "outside", "on")
            for t in c.subtree
        ]
        code = next(
            (
                aa.hits[t.i].hit.code
                for t in places
                if t.i in aa.hits and aa.hits[t.i].hit.kind in ("place", "capital", "country") and aa.hits[t.i].hit.code
            ),
            None,
        )
        code = code or aa.dateline_code
        if code is None:
            victims = [v for c in tok.children if c.dep_ == "dobj" for v in aa.resolve(c)]
            code = victims[0].code if victims else None
        if not code:
            return []
        span = (attack.idx, attack.idx + len(attack.text))
        return [Actor(code, "UAF", attack.text, None, *span, "in-article:unidentified-attacker", "group")]

    def has_a_side(self, subj: Any) -> bool:
        """Whether an unresolved subject is someone who acts for a country: a body, a group, a named
        organisation or people ('the ruling party', 'Hamas fighters'); not an unknown name, a storm or
        the event itself ('an attack that killed ...')."""
        if subj.lower_ in ("that", "which") and subj.head.dep_ == "relcl":
            subj = subj.head.head
        if self.matcher.is_event_noun(subj):
            return False
        if subj.ent_type_ in ("ORG", "NORP") or subj.lemma_.lower() in words("group_nouns"):
            return True
        if subj.pos_ == "PRON":
            return subj.lower_ not in ("that", "which", "it")
        return subj.pos_ == "NOUN" and subj.tag_ in ("NNS", "NNPS")


def _own_word(t: Any, subj: Any) -> bool:
    """Whether ``t`` is a word of the subject's own phrase ('the leaders of Chad'), not of a clause
    inside it ('seasonal workers ordered out of Ghana', 'plans to sell arms to Taiwan')."""
    cur = t
    while cur.i != subj.i and cur.head is not cur:
        cur = cur.head
        if cur.i != subj.i and cur.pos_ in ("VERB", "AUX"):
            return False
    return True


def _regional(subj: Any, aa: ArticleActors) -> bool:
    """'Several Caribbean governments': more than one country, none of them the dateline's."""
    return bool(
        subj.tag_ in ("NNS", "NNPS")
        and subj.lemma_.lower() in ("government", "country", "nation", "state")
        or any(
            c.dep_ in ("amod", "compound") and c.ent_type_ in ("LOC", "NORP") and c.i not in aa.hits
            for c in subj.children
        )
    )


def _sentence_countries(
    tok: Any, subj: Any, sent: Any, aa: ArticleActors, rv: Any, patient_zone: set[int]
) -> list[tuple[int, Any]]:
    """Countries of the sentence that could be the actor, best first: outside the recipient's
    phrase; inside it only a place ('... a curfew in the port city'), never the object itself
    ('Varga criticised Austria' does not make Austria the actor); none in the reporting clause."""
    recipient_zone = {
        t.i for c in tok.children if c.dep_ in ("dobj", "prep", "xcomp", "ccomp", "dative") for t in c.subtree
    }
    report_zone = {t.i for t in rv.subtree} - {t.i for t in tok.subtree} if rv is not None else set()
    candidates = [
        (s, h)
        for s, h in aa.countries_in(sent)
        if h.kind != "person" and s not in report_zone and s not in patient_zone
    ]
    place_zone = {
        t.i for c in tok.subtree if c.dep_ == "prep" and c.lower_ in ("in", "at", "within") for t in c.subtree
    }
    outside = [c for c in candidates if c[0] not in recipient_zone]
    placed = (
        [c for c in candidates if c[0] in recipient_zone and c[0] in place_zone]
        if subj is not None or patient_zone
        else []
    )
    # a group with no country ('Inmates rioted at a prison in the capital') is first
    # of all where it acts
    group_subject = subj is not None and subj.i in aa.sector_hits and subj.ent_type_ != "PERSON" or bool(patient_zone)
    return placed + outside if group_subject else outside + placed
