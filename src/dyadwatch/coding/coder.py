"""The event coder: patterns fire on verbs, nouns and adjectives of a parsed article; the
dependency parse gives actor, recipient, status, attribution, date and place.

See docs/coding.md for the rules, in the order they apply.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dyadwatch.actors.dictionary import ActorDictionary
from dyadwatch.actors.resolver import NON_STATE, Actor, ArticleActors
from dyadwatch.coding import clauses as cl
from dyadwatch.coding.patterns import Pattern, PatternDictionary
from dyadwatch.dates import is_background
from dyadwatch.records import Article, Attribution, Entity, Event, Evidence, Location, content_hash
from dyadwatch.resources import iter_data_files, load_json, read_jsonl_lines

log = logging.getLogger(__name__)

DateResolver = Callable[[str, str | None], tuple[str | None, str]]
PlaceResolver = Callable[[str], Location | None]

# Categories that need someone on the receiving end; without one in the clause the coder
# looks in the sentence, then at the article's other main country.
DYADIC = {
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "SANCTION",
    "AGREE",
    "SUPPORT",
    "CONCEDE",
    "AID",
    "COOPERATE",
    "MOBILIZE",
}
DOMESTIC_DEFAULT = {"PROTEST", "COERCE"}
_VIOLATION_VERBS = {"violate", "breach", "infringe", "encroach", "undermine", "defy"}
# A meeting or aid with someone unplaced says nothing of their country (unlike an arrest or a demand).
_NO_DOMESTIC = {"CONSULT", "AGREE", "SUPPORT", "AID", "COOPERATE"}
THREAT_MODE = {
    "ASSAULT": "violence",
    "MOBILIZE": "violence",
    "COERCE": "restrict",
    "SANCTION": "restrict",
    "PROTEST": None,
    "RETREAT": "relations",
    "REJECT": None,
    "ACCUSE": None,
}
REQUEST_MODE_WORDS = {
    "meet": {"meet", "talk", "negotiate", "attend", "visit", "resume"},
    "assist": {"help", "assist", "provide", "send", "support", "supply", "give", "deliver"},
    "yield": {"resign", "surrender", "release", "free", "step", "yield", "disarm", "leave"},
}
ANNOUNCING_VERBS = {"announce", "report", "declare", "confirm", "order", "unveil", "reveal", "publish"}
DOCUMENT_NOUNS = {
    "document",
    "communique",
    "communiqué",
    "treaty",
    "agreement",
    "accord",
    "statement",
    "declaration",
    "letter",
    "deal",
    "pact",
    "resolution",
    "charter",
    "memorandum",
}
LIGHT_VERBS = {
    "hold",
    "have",
    "lodge",
    "make",
    "launch",
    "conduct",
    "issue",
    "stage",
    "file",
    "carry",
    "mount",
    "pay",
    "give",
    "take",
    "express",
    "voice",
    "impose",
}


@dataclass
class Trace:
    """Why a token did or did not become an event (for ``dyadwatch explain``)."""

    sentence: int
    token: str
    pattern_id: str | None
    outcome: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Raw:
    sentence: int
    trigger: Any
    pattern: Pattern
    event: str
    mode: str | None
    cameo: str
    actors: list[Actor]
    recipients: list[Actor]
    status: str
    date: str | None
    precision: str
    attribution: Attribution | None
    location: Location | None
    context: tuple[str, ...]
    span: tuple[int, int]
    symmetric: bool


class EventCoder:
    """Codes parsed articles into events with the pattern and actor dictionaries."""

    def __init__(
        self,
        patterns: PatternDictionary,
        actors: ActorDictionary,
        *,
        date_resolver: DateResolver | None = None,
        place_resolver: PlaceResolver | None = None,
        town_country: Callable[[str], str | None] | None = None,
        context_cues: dict[str, str] | None = None,
    ) -> None:
        self.patterns = patterns
        self.actors = actors
        self.ontology = load_json("ontology", "plover.json")["categories"]
        self.date_resolver = date_resolver
        self.place_resolver = place_resolver
        self.town_country = town_country
        self.context_cues = context_cues if context_cues is not None else load_context_cues()
        self.data_version = f"verbs {patterns.version}; actors {actors.version}"

    @classmethod
    def from_dirs(cls, dict_dirs: Iterable[Path] = (), **kwargs: Any) -> EventCoder:
        dirs = tuple(Path(d) for d in dict_dirs)
        kwargs.setdefault("context_cues", load_context_cues(dirs))
        return cls(PatternDictionary.load(dirs), ActorDictionary.load(dirs), **kwargs)

    def prepare_text(self, text: str) -> str:
        return text

    # -- the article loop -----------------------------------------------------
    def code_doc(self, doc: Any, article: Article, *, trace: list[Trace] | None = None) -> list[Event]:
        published = article.date
        aa = ArticleActors(self.actors, doc, date=published, town_country=self.town_country)
        aa.dateline_code = self._dateline_country(article.place)
        raws: list[_Raw] = []
        sentences = list(doc.sents)
        for s_idx, sent in enumerate(sentences):
            matches = []
            for tok in sent:
                named = aa.hits.get(tok.i)
                if named is not None and named.hit.kind == "organisation" and named.end - named.start > 1:
                    continue  # a word of a name ('Asia-Pacific Economic Cooperation') is no event
                pat, comp, obj = self._match(tok)
                if pat is not None:
                    matches.append((tok, pat, comp, obj))
            consumed: set[int] = set()
            for tok, _pat, comp, obj in matches:
                for t in (comp, obj):
                    if t is not None and t.i != tok.i:
                        consumed.add(t.i)
            trigger_ids = {m[0].i for m in matches}
            # 'X must ensure security to allow ...' in a statement is one request (see _deontic_requests)
            trigger_ids |= {
                t.i
                for t in sent
                if t.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ in cl.DEONTIC_AUX for c in t.children)
            }
            for tok, _pat, _c, _o in matches:
                if tok.i not in consumed and _subsumed(tok, trigger_ids):
                    consumed.add(tok.i)
            noted = sent.start
            for tok, pat, comp, obj in matches:
                # subjects before the trigger are what its pronouns can point to ('Syria says it ...')
                self._note_subjects(sent.doc[noted : tok.i], aa)
                noted = max(noted, tok.i)
                if tok.i in consumed:
                    _trace(trace, s_idx, tok, pat, "part of another event's pattern")
                    continue
                raw = self._code_trigger(
                    tok, pat, comp, obj, s_idx, sent, aa, published, trigger_ids - {tok.i}, sentences, trace
                )
                if raw is not None:
                    raws.append(raw)
                    # the sides of the story, for 'the two leaders' and 'both sides'
                    aa.note_side(raw.actors + raw.recipients)
            for raw in self._deontic_requests(sent, s_idx, aa, published, trigger_ids, consumed):
                raws.append(raw)
            self._note_subjects(sent.doc[noted : sent.end], aa)
        return self._merge(raws, article, aa)

    def _dateline_country(self, place: str | None) -> str | None:
        """The one country a dateline names ('TBILISI' -> GEO); None for 'Beijing/Tokyo'."""
        if not place or "/" in place:
            return None
        hit = self.actors.lookup(place.replace(",", " ").split())
        if hit is None:
            hit = self.actors.lookup(place.split(",")[0].split())
        return hit.code if hit is not None and hit.kind in ("capital", "country") else None

    # -- matching ---------------------------------------------------------------
    def _match(self, tok: Any) -> tuple[Pattern | None, Any, Any]:
        pos = tok.pos_
        kind = "verb" if pos == "VERB" else "noun" if pos in ("NOUN", "PROPN") else "adj" if pos == "ADJ" else None
        if kind is None:
            return None, None, None
        lemma = tok.lemma_.lower()
        cands = self.patterns.candidates(kind, lemma)
        if not cands and kind == "noun" and tok.tag_ in ("NNS", "NNPS"):
            cands = self.patterns.candidates(kind, tok.lower_)
        for pat in cands:
            ok, comp, obj = self._satisfies(tok, pat)
            if ok:
                return pat, comp, obj
        return None, None, None

    def _satisfies(self, tok: Any, pat: Pattern) -> tuple[bool, Any, Any]:
        children = list(tok.children)
        if pat.modifier and not any(
            c.dep_ in ("compound", "amod") and c.lower_ == pat.modifier.split()[-1] for c in children
        ):
            return False, None, None
        if pat.particle and not any(
            c.dep_ in ("prt", "prep", "advmod") and c.lower_ == pat.particle and not _dated(c) for c in children
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
            if prep_tok is not None and pat.kind in ("adj", "verb") and pat.prep:
                pool = [c for c in prep_tok.children if c.dep_ in ("pobj", "pcomp")]
            else:
                pool = [c for c in children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
                if pat.kind == "verb" and tok.dep_ in ("acl",) and tok.tag_ == "VBN":
                    pool.append(tok.head)
            pool = pool + [cc for p in pool for cc in p.conjuncts]
            # 'carried out a wave of strikes': look through a quantity noun to what it counts
            pool += [
                g
                for p in pool
                if p.lemma_.lower() in _QUANTITY_NOUNS
                for c in p.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children
                if g.dep_ == "pobj"
            ]
            obj = next((o for o in pool if _lemma_in(o, pat.objects)), None)
            if obj is None:
                return False, None, None
        comp = None
        if pat.complements:
            pool = [c for c in children if c.dep_ in ("xcomp", "ccomp")]
            # 'sworn to fight' is sometimes parsed as a purpose clause
            pool += [
                c
                for c in children
                if c.dep_ == "advcl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
            ]
            if obj is not None:
                pool += [c for c in obj.children if c.dep_ in ("acl", "relcl", "xcomp")]
            pool += [cc for p in pool for cc in p.conjuncts]
            comp = next((c for c in pool if c.lemma_.lower() in pat.complements), None)
            if comp is None:
                return False, None, None
        return True, comp, obj

    # -- one trigger ----------------------------------------------------------------
    def _code_trigger(
        self,
        tok: Any,
        pat: Pattern,
        comp: Any,
        obj: Any,
        s_idx: int,
        sent: Any,
        aa: ArticleActors,
        published: str | None,
        other_triggers: set[int],
        sentences: list[Any],
        trace: list[Trace] | None,
    ) -> _Raw | None:
        details: dict[str, Any] = {}
        frame = tok
        actors: list[Actor] = []
        patient = None
        if (
            pat.kind == "verb"
            and tok.dep_ in ("acl", "relcl")
            and (tok.tag_ == "VBN" and tok.dep_ == "acl" or any(c.dep_ == "auxpass" for c in tok.children))
        ):
            _trace(trace, s_idx, tok, pat, "a passive modifier describing a noun ('a helicopter that was captured')")
            return None
        if pat.kind == "verb" and tok.dep_ in ("amod", "compound"):
            _trace(trace, s_idx, tok, pat, "a participle used as an adjective ('survival-threatening')")
            return None
        if pat.kind == "noun" and tok.dep_ == "pobj" and tok.head.lower_ in _BACKGROUND_PREPS | _TOPIC_PREPS:
            prep = tok.head
            if prep.lower_ in _BACKGROUND_PREPS or prep.head.i in other_triggers:
                why = f"'{prep.text} {tok.text}': a background or topic mention, not a new event"
                _trace(trace, s_idx, tok, pat, why)
                return None
        cond = cl.condition_clause(tok)
        if cond is not None and cond.head.i != tok.i:
            # 'threatened an offensive unless Baghdad accepted', 'would meet him if he gave them a veto':
            # the condition is the terms of the main event, not an event of its own
            _trace(trace, s_idx, tok, pat, "a condition set by another event, not an event")
            return None
        refused = tok.head if tok.dep_ == "dobj" else tok.head.head if tok.dep_ == "pobj" else None
        if (
            pat.kind == "noun"
            and refused is not None
            and refused.i in other_triggers
            and refused.lemma_.lower() in _REFUSING_WORDS
            and self.ontology[pat.event]["quad"] in (1, 2)
        ):
            # 'Israel is opposed to French mediation': a proposal turned down has not happened
            _trace(trace, s_idx, tok, pat, "a proposal turned down, not an event")
            return None
        if pat.kind == "noun":
            actors, frame = self._noun_actor(tok, aa)
            if not actors and frame is None:
                _trace(trace, s_idx, tok, pat, "event noun without an actor of its own (background mention)")
                return None
            head = tok.head
            head_mod = cl.modality(head)
            if tok.dep_ in ("nsubj", "nsubjpass") and (
                head.lemma_ in cl.FUTURE_HEADS or head_mod["future"] or head_mod["hypothetical"]
            ):
                _trace(trace, s_idx, tok, pat, "a scheduled event, not one that happened")
                return None
        else:
            subj, passive = cl.subject_of(tok)
            if passive and subj is not None and tok.lower_ in _STATIVE_PARTICIPLES:
                # 'Israel is opposed to ...': a stance of the subject, not something done to it
                passive = False
            if passive:
                patient = subj
                agent = cl.agent_of(tok)
                actors = aa.resolve(agent) if agent is not None else []
            elif subj is not None:
                actors = aa.resolve(subj)
                details["subject"] = subj.text
        rv = cl.reporting_verb(frame)
        attribution, speaker = self._attribution(rv, sent, aa)
        mod = cl.modality(frame)
        if speaker and pat.kind != "noun" and details.get("subject", "").lower() in ("we", "us"):
            actors = speaker  # '"We condemn ...," Mao said': the speaker's side
        event, mode, cameo, status = pat.event, pat.mode, pat.cameo, "asserted"

        if not actors and pat.kind == "verb" and tok.dep_ in ("nsubj", "nsubjpass", "csubj", "pobj", "dobj"):
            _trace(trace, s_idx, tok, pat, "a verb used as a noun with no actor ('patrolling ... is lawful')")
            return None
        if not actors:
            actors = self._actor_fallback(tok, sent, aa, speaker, rv)
            if actors:
                details["actor_rule"] = actors[0].source
        if not actors:
            _trace(trace, s_idx, tok, pat, "no actor found", details)
            return None

        joint_thing = obj if obj is not None else (tok if pat.kind == "noun" else None)
        if (
            joint_thing is not None
            and event in ("ASSAULT", "MOBILIZE", "COERCE")
            and any(c.lower_ in ("joint", "combined") for c in joint_thing.children if c.dep_ == "amod")
        ):
            # 'French and German customs officers carried out a joint operation against smugglers'
            event, mode, cameo = "COOPERATE", None, "061"
        if (
            event == "COOPERATE"
            and "military" in pat.context
            and pat.kind == "noun"
            and len({a.code for a in actors}) == 1
            and not any(c.dep_ == "prep" and c.lower_ in ("with", "between") for c in tok.children)
        ):
            # 'Maduro ordered a nationwide military exercise': one country's drill is a show of force
            event, mode, cameo = "MOBILIZE", "weapons", "154"
        if event == "PROTEST" and mode == "demo" and pat.kind == "verb" and all(a.sector == "GOV" for a in actors):
            # a government does not march: 'Japan protested against the summons' is a diplomatic protest
            event, mode, cameo = "ACCUSE", "disapprove", "114"
        if event == "CONSULT" and all(a.sector == "CVL" for a in actors):
            # 'tourists made 7 million visits to Japan': travel, not a consultation
            _trace(trace, s_idx, tok, pat, "private visits or meetings of civilians are no CONSULT")
            return None
        if event == "AGREE" and pat.kind == "verb" and tok.lemma_.lower() in _PROMISING_VERBS:
            promised = comp if comp is not None else next((c for c in tok.children if c.dep_ == "xcomp"), None)
            if promised is not None and cl.is_negated(promised):
                # 'vowed not to return the Golan Heights', 'pledged never to accept': a refusal
                event, mode, cameo = "REJECT", None, "120"
        # status and the category changes it brings (PLOVER: future cooperation is AGREE, ...)
        quad = self.ontology[event]["quad"]
        if mod["negated"]:
            if pat.negated is not None:
                event, mode, cameo = pat.negated.event, pat.negated.mode, pat.negated.cameo or cameo
            elif quad in (1, 2) and not (event == "CONSULT" and tok.lemma_.lower() in _TOPIC_VERBS):
                event, mode, cameo = "REJECT", ("meet" if event == "CONSULT" else None), "120"
            else:
                status = "negated"
        elif mod["deontic"] and rv is not None:
            return None  # 'X must ...' in a statement: the speaker's request (see _deontic_requests)
        elif (
            mod["conditional"]
            and (mod["future"] or mod["hypothetical"])
            and (quad in (3, 4) or event in ("RETREAT", "SANCTION"))
        ):
            event, mode, cameo = "THREATEN", THREAT_MODE.get(event), "130"
        elif mod["future"]:
            if pat.future is not None:
                event, mode, cameo = pat.future.event, pat.future.mode, pat.future.cameo or cameo
                status = "future" if event == "AGREE" else "asserted"
            elif quad in (1, 2) and event != "AGREE":
                event, mode, cameo, status = "AGREE", ("meet" if event == "CONSULT" else None), "030", "future"
            elif event == "AGREE":
                status = "asserted"
            else:
                status = "future"
        elif mod["hypothetical"]:
            status = "hypothetical"

        recipients = self._recipients(tok, pat, comp, obj, patient, actors, sent, aa, event)
        if (
            event == "REJECT"
            and tok.lemma_.lower() in _VIOLATION_VERBS
            and speaker
            and recipients
            and {r.code for r in recipients} & {a.code for a in speaker}
            and not _same(actors, speaker)
        ):
            # '"Japan violated China's sovereignty," Mao said': China's accusation against Japan
            event, mode, cameo, recipients, actors = "ACCUSE", "allege", "112", actors, speaker
        if len({a.code for a in actors}) > 1:
            # 'Ghana and Nigeria signed a pact in Accra': a joint actor is not its own recipient
            recipients = [r for r in recipients if r.code not in {a.code for a in actors}]
        if not recipients and (event in DYADIC) and not pat.symmetric and len({a.code for a in actors}) == 1:
            # a joint actor ('Xi and Takaichi agreed to ...') acts among its members: no outside recipient
            recipients = self._context_recipient(tok, sent, actors, aa, speaker)
        if (
            not recipients
            and event in DYADIC
            and event not in _NO_DOMESTIC
            and not pat.symmetric
            and actors[0].code not in NON_STATE
        ):
            recipients = self._clause_group(tok, actors, aa)

        date, precision = self._date(frame, tok, rv, sent, s_idx, other_triggers, published, sentences, aa)
        if status == "asserted" and is_background(date, precision, published):  # docs/coding.md
            status = "historical"
        location = self._location(tok, sent)
        context = self._contexts(pat, sent)
        start = min(t for t in (tok.i, obj.i if obj is not None else tok.i, comp.i if comp is not None else tok.i))
        end = max(t for t in (tok.i, obj.i if obj is not None else tok.i))
        span = (tok.doc[start].idx, tok.doc[end].idx + len(tok.doc[end].text))
        _trace(trace, s_idx, tok, pat, f"coded {event}", details)
        return _Raw(
            s_idx,
            tok,
            pat,
            event,
            mode,
            cameo,
            actors,
            recipients,
            status,
            date,
            precision,
            attribution,
            location,
            context,
            span,
            pat.symmetric,
        )

    def _noun_actor(self, tok: Any, aa: ArticleActors) -> tuple[list[Actor], Any]:
        """Actor of an event noun: its own modifiers ('Japanese protests', 'China's sanctions'),
        a 'by' phrase, or the subject of a verb that announces it ('announced a suspension')."""
        head = tok.head
        governed = tok.dep_ == "dobj" and head.pos_ == "VERB" and head.lemma_ not in cl.REPORTING_VERBS
        for c in tok.children:
            if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i < tok.i:
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
        if (
            tok.dep_ in ("dobj",)
            and head.lemma_ in ANNOUNCING_VERBS | LIGHT_VERBS
            or governed
            and head.lemma_ in _CARRYING_VERBS
        ):
            subj, _ = cl.subject_of(head)
            return (aa.resolve(subj) if subj is not None else []), head
        counter = head.head if tok.dep_ == "pobj" and head.lower_ == "of" else None
        if (
            counter is not None
            and counter.lemma_.lower() in _QUANTITY_NOUNS | _DURATION_NOUNS
            and counter.dep_ == "dobj"
            and counter.head.lemma_ in ANNOUNCING_VERBS | LIGHT_VERBS | _CARRYING_VERBS
        ):
            # 'launched 10 days of war games', 'carried out a wave of strikes'
            subj, _ = cl.subject_of(counter.head)
            return (aa.resolve(subj) if subj is not None else []), counter.head
        if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.lemma_ in ANNOUNCING_VERBS:
            verb = head.head
            subj, _ = cl.subject_of(verb)
            found = aa.resolve(subj) if subj is not None else []
            # 'Chinese media reported on the postponement': the reporter's side, sector unknown
            return [
                Actor(a.code, "UNK", a.text, a.name, a.start, a.end, "in-article:reporting-side", a.kind) for a in found
            ], verb
        return [], None

    def _actor_fallback(self, tok: Any, sent: Any, aa: ArticleActors, speaker: list[Actor], rv: Any) -> list[Actor]:
        """No subject resolved: a country named next to the trigger's subject, else the first
        country of the sentence outside the recipient's phrase."""
        subj, passive = cl.subject_of(tok)
        patient_zone: set[int] = set()
        if passive and subj is not None and tok.lower_ not in _STATIVE_PARTICIPLES:
            # 'Italy and Poland have been invited', '100 people had been killed': the subject of a
            # passive verb is on the receiving end, never the actor
            patient_zone = {t.i for t in subj.subtree}
            subj = None
        attack = self._attack_noun(subj)
        if attack is not None:
            return self._unidentified_attacker(tok, attack, sent, aa)
        if subj is not None:
            for t in subj.subtree:
                found = aa.resolve(t, with_conjuncts=False) if t.i != subj.i else []
                if found:
                    return [
                        Actor(a.code, a.sector, a.text, a.name, a.start, a.end, "in-article:subject-phrase", a.kind)
                        for a in found
                    ]
        # the subject's own title says the sector ('President Abdelaziz Bouteflicka' -> GOV)
        subj_sector = None
        if subj is not None:
            subj_sector = next((aa.sector_hits[t.i].hit.sector for t in subj.subtree if t.i in aa.sector_hits), None)
        regional = subj is not None and (
            subj.tag_ in ("NNS", "NNPS")
            and subj.lemma_.lower() in ("government", "country", "nation", "state")
            or any(
                c.dep_ in ("amod", "compound") and c.ent_type_ in ("LOC", "NORP") and c.i not in aa.hits
                for c in subj.children
            )
        )  # 'Several Caribbean governments': more than one country, none of them the dateline's
        if (
            subj is not None
            and subj.i in aa.sector_hits
            and aa.dateline_code
            and subj.pos_ in ("NOUN", "PROPN")
            and not regional
        ):
            # 'Police arrested ...' under a TBILISI dateline: the dateline's country
            return [
                Actor(
                    aa.dateline_code,
                    subj_sector or "UNK",
                    subj.text,
                    None,
                    subj.idx,
                    subj.idx + len(subj.text),
                    "article-dateline",
                    "group",
                )
            ]
        if (
            subj is not None
            and subj.pos_ == "NOUN"
            and subj.tag_ == "NNS"
            and subj.i not in aa.sector_hits
            and not _is_event_noun(self, subj)
            and subj.lemma_.lower() not in _GROUP_NOUNS
            and not any(c.dep_ == "prep" and c.lower_ == "of" for c in subj.children)  # 'thousands of people'
        ):
            # 'economists warned that ...': people with no side of their own are nobody's actor
            return []
        recipient_zone = {
            t.i for c in tok.children if c.dep_ in ("dobj", "prep", "xcomp", "ccomp", "dative") for t in c.subtree
        }
        report_zone = {t.i for t in rv.subtree} - {t.i for t in tok.subtree} if rv is not None else set()
        candidates = [
            (s, h)
            for s, h in aa.countries_in(sent)
            if h.kind != "person" and s not in report_zone and s not in patient_zone
        ]
        # outside the recipient's phrase first; then, for an unknown subject, anywhere in the sentence
        # inside the recipient's phrase only a place counts ('... a curfew in Algiers'), never the
        # object itself ('Varga criticised Austria' does not make Austria the actor)
        place_zone = {
            t.i for c in tok.subtree if c.dep_ == "prep" and c.lower_ in ("in", "at", "within") for t in c.subtree
        }
        outside = [c for c in candidates if c[0] not in recipient_zone]
        placed = (
            [c for c in candidates if c[0] in recipient_zone and c[0] in place_zone]
            if subj is not None or patient_zone
            else []
        )
        # a group with no country ('Prisoners rioted at a jail in East Timor's capital') is first
        # of all where it acts
        group_subject = (
            subj is not None and subj.i in aa.sector_hits and subj.ent_type_ != "PERSON" or bool(patient_zone)
        )
        if subj is not None and subj.lemma_.lower() in _MEASURE_NOUNS and aa.last_group is not None:
            # 'The package also bans imports of Russian gas': the measure of whoever the story is about
            a = aa.last_group
            return [
                Actor(
                    a.code,
                    a.sector,
                    subj.text,
                    a.name,
                    subj.idx,
                    subj.idx + len(subj.text),
                    "in-article:measure-of-last-actor",
                    "group",
                )
            ]
        if subj is not None and not subj_sector and not _has_a_side(self, subj):
            # 'Typhoon Kalmaegi killed ...', 'an attack that killed ...': no one whose country the
            # sentence could tell
            return []
        ordered = placed + outside if group_subject else outside + placed
        for start, hit in ordered:
            span = sent.doc[start : start + 1]
            sector = subj_sector or ("GOV" if hit.kind in ("country", "capital") else (hit.sector or "UNK"))
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

    def _attack_noun(self, subj: Any) -> Any | None:
        """The subject when it is an attack with no one behind it: 'a roadside bombing ...
        killed', 'an attack that killed', 'a minefield explosion killed'."""
        if subj is None:
            return None
        if subj.lower_ in ("that", "which") and subj.head.dep_ == "relcl":
            subj = subj.head.head
        pat = self._match(subj)[0] if subj.pos_ == "NOUN" else None
        if pat is None and subj.lemma_.lower() in _BLAST_NOUNS:
            return subj
        return subj if pat is not None and pat.kind == "noun" and pat.event == "ASSAULT" else None

    def _unidentified_attacker(self, tok: Any, attack: Any, sent: Any, aa: ArticleActors) -> list[Actor]:
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
        return [
            Actor(
                code,
                "UAF",
                attack.text,
                None,
                attack.idx,
                attack.idx + len(attack.text),
                "in-article:unidentified-attacker",
                "group",
            )
        ]

    def _recipients(
        self,
        tok: Any,
        pat: Pattern,
        comp: Any,
        obj: Any,
        patient: Any,
        actors: list[Actor],
        sent: Any,
        aa: ArticleActors,
        event: str,
    ) -> list[Actor]:
        actor_codes = {a.code for a in actors}
        cands: list[Any] = []
        if patient is not None:
            cands.append(patient)
        slots = pat.recipient or ("object", "iobj", "prep.to", "prep.with", "prep.against", "complement.object")
        # the trigger's own arguments first, then those inside its complement ('pledged aid to Ukraine
        # to repair plants damaged by Russian strikes')
        direct = [slot for slot in slots if not slot.startswith("complement")]
        for slot in direct:
            cands.extend(_slot_tokens(tok, slot, comp, obj))
        for slot in direct:
            cands.extend(_slot_tokens(tok, slot, comp, obj, deep=True))
        for slot in slots:
            if slot.startswith("complement"):
                cands.extend(_slot_tokens(tok, slot, comp, obj))
        domestic: list[Actor] = []
        for cand in cands:
            found = aa.resolve(cand)
            if not found:
                found, group = _search_subtree(cand, aa)
                if not found and group is not None and not domestic:
                    # 'prevented the demonstration staged by students': a group with no country
                    sec = aa.sector_hits[group.i].hit.sector
                    domestic = [
                        Actor(
                            actors[0].code,
                            sec,
                            group.text,
                            None,
                            group.idx,
                            group.idx + len(group.text),
                            "in-article:domestic",
                            "group",
                        )
                    ]
            foreign = any(c.lower_ in ("foreign", "international", "overseas") for c in cand.children)
            if (
                not found
                and not domestic
                and not foreign
                and not _is_event_noun(self, cand)
                and event not in _NO_DOMESTIC
                and (
                    cand.i in aa.sector_hits
                    or cand.ent_type_ in ("PERSON", "ORG", "NORP")
                    or any(c.i in aa.sector_hits for c in cand.children if c.dep_ in ("compound", "amod"))
                )
            ):
                # 'police arrested protesters', 'demanded that President Mugabe resign': a person or
                # group with no country of its own is on the actor's side (a domestic event)
                sec = aa.sector_hits[cand.i].hit.sector if cand.i in aa.sector_hits else "UNK"
                domestic = [
                    Actor(
                        actors[0].code,
                        sec,
                        cand.text,
                        None,
                        cand.idx,
                        cand.idx + len(cand.text),
                        "in-article:domestic",
                        "group",
                    )
                ]
            if not found:
                continue
            others = [f for f in found if f.code not in actor_codes]
            if others:
                return others
            if any(f.sector != actors[0].sector for f in found) and not domestic:
                domestic = found
        if event in ("ASSAULT", "MOBILIZE", "COERCE"):
            # 'a wave of strikes across the Gaza Strip': where force is used says against whom
            holders = [tok] + ([obj] if obj is not None and obj.i != tok.i else [])
            for c in (c for h in holders for c in h.children):
                if c.dep_ == "prep" and c.lower_ in ("across", "in", "on", "into", "over", "near", "inside", "along"):
                    for p in c.children:
                        found = [f for f in aa.resolve(p) if f.code not in actor_codes] if p.dep_ == "pobj" else []
                        if found:
                            return found
        if domestic and actors[0].code not in NON_STATE:
            return domestic
        if event in DOMESTIC_DEFAULT:
            # a protest or crackdown with nobody named on the other side: where it happened,
            # else the actor's own country
            ctx = self._context_recipient(tok, sent, actors, aa, [], article_wide=False)
            if ctx:
                return ctx
            a = actors[0]
            return [Actor(a.code, "UNK", "", None, tok.idx, tok.idx, "in-article:domestic", "group")]
        return []

    def _clause_group(self, tok: Any, actors: list[Actor], aa: ArticleActors) -> list[Actor]:
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
                    or t.lemma_.lower() in _GROUP_NOUNS
                )
            )
            if group and not inside_actor and not aa.resolve(t) and not _is_event_noun(self, t):
                sec = aa.sector_hits[t.i].hit.sector if t.i in aa.sector_hits else "UNK"
                a = actors[0]
                return [Actor(a.code, sec, t.text, None, t.idx, t.idx + len(t.text), "in-article:domestic", "group")]
            frontier.extend((c, depth + 1) for c in t.children if c.dep_ not in ("nsubj", "nsubjpass", "punct"))
        return []

    def _context_recipient(
        self,
        tok: Any,
        sent: Any,
        actors: list[Actor],
        aa: ArticleActors,
        speaker: list[Actor],
        *,
        article_wide: bool = True,
    ) -> list[Actor]:
        """The other side from the sentence, else from the article (its most named other country)."""
        actor_codes = {a.code for a in actors}
        actor_spans = {(a.start, a.end) for a in actors}
        # '..., and Australia said it would ...': another clause with its own subject is another story
        clause = tok if tok.pos_ in ("VERB", "AUX") else tok.head
        for _ in range(4):  # up to the verb heading the trigger's own clause
            if clause.dep_ in ("xcomp", "ccomp", "advcl") and clause.head is not clause:
                clause = clause.head
        own_subject = lambda v: any(g.dep_ in ("nsubj", "nsubjpass") for g in v.children)  # noqa: E731
        other_clauses = {
            t.i
            for c in clause.children
            if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and own_subject(c)
            for t in c.subtree
        }
        if clause.dep_ == "conj" and own_subject(clause):
            # the trigger is in the second clause: the first one is another story
            other_clauses |= {t.i for t in clause.head.subtree} - {t.i for t in clause.subtree}
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
            return [
                Actor(
                    hit.code or "",
                    "GOV" if hit.kind in ("country", "capital") else hit.sector or "UNK",
                    t.text,
                    hit.name,
                    t.idx,
                    t.idx + len(t.text),
                    "sentence-context",
                    "group",
                )
            ]
        if not article_wide:
            return []
        for code, _n in aa.country_mentions.most_common(4):
            if code not in actor_codes and code not in ("IGO", "UNO", "EUR", "NGO"):
                return [Actor(code, "GOV", "", None, tok.idx, tok.idx, "article-context", "group")]
        return []

    def _attribution(self, rv: Any, sent: Any, aa: ArticleActors) -> tuple[Attribution | None, list[Actor]]:
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

    def _date(
        self,
        frame: Any,
        tok: Any,
        rv: Any,
        sent: Any,
        s_idx: int,
        others: set[int],
        published: str | None,
        sentences: list[Any],
        aa: ArticleActors,
    ) -> tuple[str | None, str]:
        if self.date_resolver is None:
            return None, "unknown"
        ents = cl.date_words(tok, others) or (cl.date_words(frame, others) if frame is not tok else [])
        if not ents and rv is not None:
            ents = cl.date_words(rv, others)
        for ent in ents:
            date, precision = self.date_resolver(ent.text, published)
            if date:
                return date, precision
        # 'In the document, Tokyo recognised ...': the date of the document named earlier
        first = sent[0] if len(sent) else None
        if first is not None and first.lower_ in ("in", "under") and s_idx > 0:
            pobj = next((c for c in first.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.lemma_.lower() in DOCUMENT_NOUNS:
                for prev in reversed(sentences[max(0, s_idx - 3) : s_idx]):
                    for t in prev:
                        if t.lemma_.lower() in DOCUMENT_NOUNS:
                            for ent in (e for e in cl.doc_ents(prev.doc) if prev.start <= e.start < prev.end):
                                if (
                                    ent.label_ == "DATE"
                                    and ent.root.head.i == t.i
                                    or (ent.label_ == "DATE" and t.i - 4 <= ent.start < t.i)
                                ):
                                    date, precision = self.date_resolver(ent.text, published)
                                    if date:
                                        return date, precision
        if rv is not None and published and rv.tag_ in ("VBD", "VBZ", "VBP"):
            back = cl.offset_before(rv)
            if back:
                return _days_before(published, back), "day"
            return published, "day"  # said today, undated: the day of the report
        if s_idx == 0 and published and tok.tag_ == "VBD":
            return published, "day"  # the lead sentence reports the news of the day
        return None, "unknown"

    def _location(self, tok: Any, sent: Any) -> Location | None:
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

    def _contexts(self, pat: Pattern, sent: Any) -> tuple[str, ...]:
        out = list(pat.context)
        cache = sent.doc.user_data.setdefault("dyadwatch_sent_words", {})
        lemmas = cache.get(sent.start)
        if lemmas is None:
            lemmas = cache[sent.start] = {t.lemma_.lower() for t in sent} | {t.lower_ for t in sent}
        for cue, ctx in self.context_cues.items():
            if ctx not in out and cue in lemmas:
                out.append(ctx)
        return tuple(out)

    def _deontic_requests(
        self, sent: Any, s_idx: int, aa: ArticleActors, published: str | None, triggers: set[int], consumed: set[int]
    ) -> list[_Raw]:
        """'X must withdraw ..., Mao said': a demand by the speaker on X (PLOVER REQUEST)."""
        out = []
        for tok in sent:
            if tok.pos_ != "VERB" or not any(c.dep_ == "aux" and c.lower_ in cl.DEONTIC_AUX for c in tok.children):
                continue
            rv = cl.reporting_verb(tok)
            attribution, speaker = self._attribution(rv, sent, aa)
            subj, _ = cl.subject_of(tok)
            if not speaker or subj is None:
                continue
            target = aa.resolve(subj)
            if not target and (subj.ent_type_ == "PERSON" or subj.i in aa.sector_hits):
                # 'the union said Minister Okafor must resign': an unplaced person or body is domestic
                target = [
                    Actor(
                        speaker[0].code,
                        aa.sector_hits[subj.i].hit.sector if subj.i in aa.sector_hits else "GOV",
                        subj.text,
                        None,
                        subj.idx,
                        subj.idx + len(subj.text),
                        "in-article:domestic",
                        "group",
                    )
                ]
            own_side = {(a.code, a.sector) for a in speaker}
            if not target or (
                _same(speaker, target)
                and target[0].source != "in-article:domestic"
                and ({(a.code, a.sector) for a in target} & own_side or speaker[0].sector in ("GOV", None))
            ):
                # the speaker's own side ('We must ...', a government about its own ministers) is no request;
                # rebels or an opposition naming their own government is
                continue
            lemma = tok.lemma_.lower()
            mode = next((m for m, words in REQUEST_MODE_WORDS.items() if lemma in words), "change")
            pat = Pattern(
                id="rule.deontic-request",
                kind="verb",
                lemma=lemma,
                event="REQUEST",
                cameo="100",
                mode=mode,
                particle=None,
                objects=frozenset(),
                prep=None,
                complements=frozenset(),
                context=(),
                recipient=(),
                negated=None,
                future=None,
                symmetric=False,
            )
            date, precision = self._date(tok, tok, rv, sent, s_idx, triggers - {tok.i}, published, [], aa)
            out.append(
                _Raw(
                    s_idx,
                    tok,
                    pat,
                    "REQUEST",
                    mode,
                    "100",
                    speaker,
                    target,
                    "asserted",
                    date,
                    precision,
                    attribution,
                    self._location(tok, sent),
                    self._contexts(pat, sent),
                    (tok.idx, tok.idx + len(tok.text)),
                    False,
                )
            )
        return out

    def _note_subjects(self, sent: Any, aa: ArticleActors) -> None:
        for tok in sent:
            if tok.dep_ in ("nsubj", "nsubjpass") or (
                tok.ent_type_ == "PERSON" and tok.dep_ in ("appos", "pobj", "dobj")
            ):
                found = aa.resolve(tok, with_conjuncts=False)
                aa.note(found, tok)

    # -- one event, many mentions -------------------------------------------------------
    def _merge(self, raws: list[_Raw], article: Article, aa: ArticleActors) -> list[Event]:
        merged: dict[tuple[Any, ...], list[_Raw]] = {}
        for r in raws:
            a = frozenset(x.code for x in r.actors)
            b = frozenset(x.code for x in r.recipients)
            if r.symmetric or r.event in ("CONSULT",):
                key = (r.event, r.mode, r.status, a | b, frozenset(), r.date)
            else:
                key = (r.event, r.mode, r.status, a, b, r.date)
            merged.setdefault(key, []).append(r)
        # an undated mention of an event that the article also dates is the same event
        for key in [k for k in merged if k[-1] is None]:
            dated = sorted((k for k in merged if k[:-1] == key[:-1] and k[-1] is not None), key=lambda k: k[-1])
            if dated:
                merged[dated[-1]].extend(merged.pop(key))
        # 'killed one U.S. soldier and wounded two others': a mention with nobody named on the other
        # side, in a sentence that names them for the same actor and category, is that event
        told = {"asserted", "historical"}
        for key in [k for k in merged if not k[4] and k[3]]:
            sentences = {r.sentence for r in merged[key]}
            fuller = [
                k
                for k in merged
                if k != key
                and k[4]
                and k[:2] == key[:2]
                and k[3] == key[3]
                and (k[2] == key[2] or {k[2], key[2]} <= told)
                and sentences & {r.sentence for r in merged[k]}
            ]
            if fuller:
                merged[fuller[0]].extend(merged.pop(key))
        events = []
        for group in merged.values():
            first = group[0]
            actors = _entities(first.actors)
            recipients = _entities(first.recipients)
            if first.symmetric or first.event == "CONSULT":
                # PLOVER: every participant of a meeting goes in actor, unless a host is clear
                codes = {x.code for g in group for x in g.actors + g.recipients}
                if len(codes) > 1 and any(len({x.code for x in g.actors}) > 1 for g in group):
                    seen = {e.code for e in actors}
                    extra = [
                        e
                        for g in group
                        for e in _entities(g.actors + g.recipients)
                        if e.code not in seen and not seen.add(e.code)
                    ]
                    actors, recipients = actors + tuple(extra), ()
            sents = sorted({g.sentence for g in group})
            evidence = []
            for g in group:
                sent = g.trigger.sent
                evidence.append(
                    Evidence(
                        sentence=g.sentence,
                        start=sent.start_char,
                        end=sent.end_char,
                        text=sent.text,
                        trigger_start=g.span[0],
                        trigger_end=g.span[1],
                    )
                )
            attribution = next((g.attribution for g in group if g.attribution is not None), None)
            location = next((g.location for g in group if g.location is not None), None)
            context = tuple(dict.fromkeys(c for g in group for c in g.context))
            cat = self.ontology[first.event]
            intensity = float(cat["modes"].get(first.mode, cat["score"]) if first.mode else cat["score"])
            eid = content_hash(
                f"{article.id}|{first.event}|{sorted(e.code for e in actors)}|"
                f"{sorted(e.code for e in recipients)}|{first.date}|{first.status}|{first.span[0]}"
            )
            events.append(
                Event(
                    id=eid,
                    article_id=article.id,
                    event=first.event,
                    cameo=first.cameo,
                    quad_class=int(cat["quad"]),
                    intensity=intensity,
                    actor=actors,
                    recipient=recipients,
                    mode=(first.mode,) if first.mode else (),
                    context=context,
                    date=first.date,
                    date_precision=first.precision if first.date else "unknown",
                    status=first.status,
                    location=location,
                    attribution=attribution,
                    evidence=tuple(evidence),
                    mentions=len(sents),
                    published=article.date,
                    pattern_id=first.pattern.id,
                    data_version=self.data_version,
                )
            )
        events.sort(key=lambda e: (e.evidence[0].sentence, e.evidence[0].trigger_start or 0))
        return events


# A trigger inside the complement or purpose clause of another trigger is part of that event:
# 'agreed to provide aid' is one AGREE, 'mobilized groups to help support' one MOBILIZE.
_CONTENT_PREPS = {"for", "to", "of", "on", "about", "into", "over", "against", "at"}
# Event nouns after these are circumstances of another event ('after violent protests',
# 'during the fight') or the topic of a talk ('negotiations on a troop pullback').
_BACKGROUND_PREPS = {"during", "after", "since", "following", "before", "despite", "amid", "in"}
_TOPIC_PREPS = {"on", "about", "over", "concerning", "regarding", "into"}
# Blasts that kill with nobody named behind them ('a minefield explosion killed ...').
_BLAST_NOUNS = {"explosion", "blast", "bombing", "bomb", "landmine", "mine"}
_DURATION_NOUNS = {"day", "week", "month", "hour", "year", "night"}
_QUANTITY_NOUNS = {
    "team",
    "contingent",
    "wave",
    "series",
    "spate",
    "barrage",
    "round",
    "number",
    "string",
    "flurry",
    "volley",
    "salvo",
    "campaign",
    "set",
    "package",
    "batch",
    "shipment",
    "consignment",
    "ton",
    "tonne",
    "kg",
    "kilogram",
    "kilo",
    "pound",
    "litre",
    "liter",
    "barrel",
    "thousand",
    "hundred",
    "dozen",
    "score",
    "million",
    "billion",
    "group",
    "convoy",
    "load",
    "plane",
    "truck",
    "truckload",
    "part",
    "much",
    "most",
    "some",
    "half",
    "rest",
}
# Verbs whose object event is the subject's own: 'speeded up the withdrawal', 'completed their withdrawal'.
_CARRYING_VERBS = {
    "complete",
    "speed",
    "accelerate",
    "finish",
    "conclude",
    "intensify",
    "step",
    "continue",
    "resume",
    "begin",
    "start",
    "expand",
    "escalate",
    "launch",
    "hold",
    "undertake",
    "stage",
    "organize",
    "organise",
    "announce",
    "order",
    "mount",
    "wage",
    "carry",
    "conduct",
}
# Generic heads whose compound names the event: 'a mediation effort', 'a peace mission'.
# Measures and documents act for whoever issued them ('the package bans ...', 'the decision reverses ...').
_MEASURE_NOUNS = {
    "package",
    "decision",
    "move",
    "measure",
    "law",
    "bill",
    "ban",
    "decree",
    "order",
    "resolution",
    "policy",
    "sanction",
    "rule",
    "regulation",
    "directive",
    "statement",
    "communique",
}
_REFUSING_WORDS = {"reject", "oppose", "opposed", "refuse", "rebuff", "dismiss", "spurn", "veto", "decline"}
_PROMISING_VERBS = {"vow", "pledge", "promise", "swear", "commit", "undertake"}
# 'did not discuss Taiwan' leaves a topic out; it refuses nobody (negated, not REJECT).
_TOPIC_VERBS = {"discuss", "raise", "mention", "address", "broach", "touch", "debate"}
# Participles that describe the subject's stance, not something done to it ('Israel is opposed to ...').
_STATIVE_PARTICIPLES = {
    "opposed",
    "committed",
    "determined",
    "prepared",
    "concerned",
    "worried",
    "alarmed",
    "pleased",
    "satisfied",
    "disappointed",
    "interested",
    "involved",
    "engaged",
    "dedicated",
    "resolved",
    "inclined",
    "obliged",
    "bound",
    "convinced",
    "unconvinced",
    "supposed",
    "poised",
    "set",
    "entitled",
}
# Heads of named bodies with no country of their own: 'the Karama movement', 'a rebel faction'.
_GROUP_NOUNS = {
    "movement",
    "group",
    "party",
    "front",
    "organization",
    "organisation",
    "association",
    "coalition",
    "alliance",
    "faction",
    "militia",
    "union",
    "league",
    "council",
    "committee",
    "bloc",
}
_GENERIC_HEADS = {"effort", "mission", "bid", "initiative", "attempt", "process", "drive", "operation"}
_ALLEGING = {"suspect", "accuse", "allege", "charge", "blame", "suspected", "accused", "alleged"}


def _inside_allegation(tok: Any) -> bool:
    """'accused Kabul of sheltering militants who attack Pakistani forces': everything said in the
    accusation, down to its relative clauses, is its content."""
    cur = tok
    for _ in range(7):
        dep, head = cur.dep_, cur.head
        if head is cur or head.lemma_ in cl.REPORTING_VERBS:
            return False
        if head.lemma_.lower() in _ALLEGING and dep in ("pcomp", "pobj", "prep", "xcomp", "ccomp"):
            return True
        if dep not in ("relcl", "dobj", "pobj", "pcomp", "prep", "xcomp", "acl", "conj"):
            return False
        cur = head
    return False


def _subsumed(tok: Any, triggers: set[int]) -> bool:
    if tok.pos_ != "VERB" and tok.pos_ != "ADJ":
        return False
    if tok.dep_ == "relcl" and _inside_allegation(tok):
        return True
    cur = tok
    for _ in range(5):
        dep, head = cur.dep_, cur.head
        if head is cur:
            return False
        if head.lemma_ in cl.REPORTING_VERBS and dep in ("ccomp", "parataxis"):
            return False
        if head.lemma_.lower() in _ALLEGING and dep in ("pcomp", "pobj", "prep", "xcomp", "ccomp"):
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
            pass  # 'an invitation to attend', 'an ultimatum to hand over'
        elif dep == "dobj" and cur.pos_ == "NOUN":
            if head.i in triggers:
                return True  # 'rejected an invitation to attend a meeting'
            return False
        elif dep == "prep":
            if cur.lower_ not in _CONTENT_PREPS:
                return False
            if head.i in triggers:
                return True
        else:
            return False
        cur = head
    return False


def _days_before(day: str, n: int) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(day[:10]) - timedelta(days=n)).isoformat()


def _entities(actors: list[Actor]) -> tuple[Entity, ...]:
    out, seen = [], set()
    for a in actors:
        if (a.code, a.sector) in seen:
            continue
        seen.add((a.code, a.sector))
        out.append(
            Entity(
                code=a.code,
                sector=a.sector or "UNK",
                text=a.text,
                name=a.name,
                start=a.start,
                end=a.end,
                source=a.source,
            )
        )
    return tuple(out)


def _trace(
    trace: list[Trace] | None, s_idx: int, tok: Any, pat: Pattern, outcome: str, details: dict[str, Any] | None = None
) -> None:
    """Record why a trigger did or did not become an event, when ``explain`` asks."""
    if trace is not None:
        trace.append(Trace(s_idx, tok.text, pat.id, outcome, details or {}))


def _dated(prep: Any) -> bool:
    """A preposition whose object is a date or time ('on Sunday', 'at noon')."""
    return any(p.dep_ == "pobj" and p.ent_type_ in ("DATE", "TIME") for p in prep.children)


def _has_a_side(coder: EventCoder, subj: Any) -> bool:
    """Whether an unresolved subject is someone who acts for a country: a body, a group, a named
    organisation or people ('the ruling party', 'Hamas fighters'); not an unknown name, a storm or
    the event itself ('an attack that killed ...')."""
    if subj.lower_ in ("that", "which") and subj.head.dep_ == "relcl":
        subj = subj.head.head
    if _is_event_noun(coder, subj):
        return False
    if subj.ent_type_ in ("ORG", "NORP") or subj.lemma_.lower() in _GROUP_NOUNS:
        return True
    if subj.pos_ == "PRON":
        return subj.lower_ not in ("that", "which", "it")
    return subj.pos_ == "NOUN" and subj.tag_ in ("NNS", "NNPS")


def _is_event_noun(coder: EventCoder, tok: Any) -> bool:
    """'a military offensive', 'air strikes': the thing done, not a group it is done to."""
    pat = coder._match(tok)[0] if tok.pos_ == "NOUN" else None
    return pat is not None and pat.kind == "noun"


def _same(a: list[Actor], b: list[Actor]) -> bool:
    return bool({x.code for x in a} & {x.code for x in b})


def _lemma_in(tok: Any, words: frozenset[str]) -> bool:
    lemma = tok.lemma_.lower()
    if lemma in words or tok.lower_ in words:
        return True
    for c in tok.children:
        if c.dep_ in ("compound", "amod") and f"{c.lower_} {lemma}" in words:
            return True
        if lemma in _GENERIC_HEADS and c.dep_ == "compound" and c.lemma_.lower() in words:
            return True
    return False


def _slot_tokens(tok: Any, slot: str, comp: Any, obj: Any, *, deep: bool = False) -> list[Any]:
    """Tokens a recipient slot points at (see patterns.RECIPIENT_SLOT_RE); ``deep``: the same
    preposition one phrase further down ('pledged 800 million euros in aid to Ukraine'), tried
    after every direct slot."""
    children = list(tok.children)
    if deep:
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


def _search_subtree(tok: Any, aa: ArticleActors) -> tuple[list[Actor], Any]:
    """An actor named inside a phrase: 'the rights of Palestinians', 'a post by Xue Jian'.

    Returns the actors found first (breadth first), else ``[]`` and the first group word with
    no country of its own ('students', 'protesters'), which the caller reads as domestic."""
    frontier = [(c, 1) for c in tok.children]
    group = None
    while frontier:
        t, depth = frontier.pop(0)
        if depth > 3 or t.pos_ in ("VERB",) and t.dep_ not in ("acl",):
            continue
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


def load_context_cues(extra_dirs: tuple[Path, ...] = ()) -> dict[str, str]:
    cues: dict[str, str] = {}
    from dyadwatch.errors import DataFileError

    problems = []
    for name, text in iter_data_files("ontology", ".jsonl", extra_dirs):
        for number, obj, problem in read_jsonl_lines(name, text):
            if problem or obj is None:
                problems.append(problem or f"{name}:{number} empty")
                continue
            ctx, words = obj.get("context"), obj.get("cues")
            if not isinstance(ctx, str) or not isinstance(words, list):
                problems.append(f"[DW103] {name}:{number} needs 'context' (string) and 'cues' (list)")
                continue
            for w in words:
                cues[str(w).lower()] = ctx
    if problems:
        raise DataFileError(problems)
    return cues
