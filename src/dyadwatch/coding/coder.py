"""The event coder: patterns fire on verbs, nouns and adjectives of a parsed article; the
dependency parse gives actor, recipient, status, attribution, date and place.

This module is the orchestration; each step lives in a module named for it:

    matching.py           which pattern fires on a token (TriggerMatcher)
    nesting.py            triggers that are part of another trigger's event
    skips.py              matched triggers that are no event of their own
    actor_finding.py      the actor (ActorFinder)
    recipient_finding.py  the recipient (RecipientFinder, context_recipient)
    light_verbs.py        support verbs carrying event nouns ('launched an investigation', 'lifted sanctions')
    status.py             category changes, negation, modality, tense
    circumstances.py      attribution, date, place, contexts
    deontic.py            '"X must ...," Y said' requests
    unknown_actors.py     actors no dictionary knows (kept with their words, no country code)
    merging.py            one event, many mentions
    vocab.py              the word lists the rules read (data/coding/word_lists.jsonl)

See docs/coding.md for the rules, in the order they apply.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dyadwatch.actors.dictionary import ActorDictionary
from dyadwatch.actors.resolver import NON_STATE, Actor, ArticleActors
from dyadwatch.coding import clauses as cl
from dyadwatch.coding import nesting, skips
from dyadwatch.coding.actor_finding import ActorFinder, author
from dyadwatch.coding.circumstances import (
    Circumstances,
    DateResolver,
    PlaceResolver,
    attribution,
    load_context_cues,
)
from dyadwatch.coding.deontic import deontic_requests
from dyadwatch.coding.light_verbs import Carrier, carrier, undone, verb_name
from dyadwatch.coding.matching import TriggerMatcher
from dyadwatch.coding.merging import merge
from dyadwatch.coding.patterns import Pattern, PatternDictionary
from dyadwatch.coding.recipient_finding import RecipientFinder, context_recipient, domestic_default
from dyadwatch.coding.status import apply_status, reclassify
from dyadwatch.coding.types import RawEvent, Trace, note
from dyadwatch.coding.unknown_actors import actor_phrase_token, unknown_actor
from dyadwatch.coding.vocab import words
from dyadwatch.dates import is_background
from dyadwatch.records import Article, Event
from dyadwatch.resources import load_json

__all__ = ["DateResolver", "EventCoder", "PlaceResolver", "Trace", "load_context_cues"]

log = logging.getLogger(__name__)


@dataclass
class _Sentence:
    """What every trigger of one sentence shares."""

    idx: int
    sent: Any
    aa: ArticleActors
    published: str | None
    sentences: list[Any]
    trace: list[Trace] | None


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
        self.town_country = town_country
        self.matcher = TriggerMatcher(patterns)
        self.actor_finder = ActorFinder(self.matcher)
        self.recipient_finder = RecipientFinder(self.matcher)
        cues = context_cues if context_cues is not None else load_context_cues()
        self.circumstances = Circumstances(date_resolver, place_resolver, cues)
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
        aa = ArticleActors(self.actors, doc, date=article.date, town_country=self.town_country)
        aa.dateline_code = self._dateline_country(article.place)
        raws: list[RawEvent] = []
        sentences = list(doc.sents)
        for s_idx, sent in enumerate(sentences):
            ctx = _Sentence(s_idx, sent, aa, article.date, sentences, trace)
            raws.extend(self._code_sentence(ctx))
        return merge(raws, article, self.ontology, self.data_version)

    def _code_sentence(self, ctx: _Sentence) -> list[RawEvent]:
        sent, aa = ctx.sent, ctx.aa
        matches = []
        for tok in sent:
            named = aa.hits.get(tok.i)
            if named is not None and named.hit.kind == "organisation" and named.end - named.start > 1:
                continue  # a word of a name ('Asia-Pacific Economic Cooperation') is no event
            pat, comp, obj = self.matcher.match(tok)
            if pat is not None:
                matches.append((tok, pat, comp, obj))
        triggers = nesting.trigger_ids(sent, matches)
        consumed = nesting.consumed_ids(matches, triggers)
        raws: list[RawEvent] = []
        noted = sent.start
        for tok, pat, comp, obj in matches:
            # subjects before the trigger are what its pronouns can point to ('Syria says it ...')
            self._note_subjects(sent.doc[noted : tok.i], aa)
            noted = max(noted, tok.i)
            if tok.i in consumed:
                note(ctx.trace, ctx.idx, tok, pat, "part of another event's pattern")
                continue
            raw = self._code_trigger(tok, pat, comp, obj, ctx, triggers - {tok.i})
            if raw is not None:
                raws.append(raw)
                # the sides of the story, for 'the two leaders' and 'both sides'
                aa.note_side(raw.actors + raw.recipients)
        raws += deontic_requests(sent, ctx.idx, aa, ctx.published, triggers, self.circumstances)
        self._note_subjects(sent.doc[noted : sent.end], aa)
        return raws

    def _dateline_country(self, place: str | None) -> str | None:
        """The one country a dateline names ('TBILISI' -> GEO); None for 'Beijing/Tokyo'."""
        if not place or "/" in place:
            return None
        hit = self.actors.lookup(place.replace(",", " ").split())
        if hit is None:
            hit = self.actors.lookup(place.split(",")[0].split())
        return hit.code if hit is not None and hit.kind in ("capital", "country") else None

    def _note_subjects(self, sent: Any, aa: ArticleActors) -> None:
        for tok in sent:
            if tok.dep_ in ("nsubj", "nsubjpass") or (
                tok.ent_type_ == "PERSON" and tok.dep_ in ("appos", "pobj", "dobj")
            ):
                found = aa.resolve(tok, with_conjuncts=False)
                aa.note(found, tok)

    # -- one trigger ----------------------------------------------------------------
    def _code_trigger(
        self, tok: Any, pat: Pattern, comp: Any, obj: Any, ctx: _Sentence, other_triggers: set[int]
    ) -> RawEvent | None:
        s_idx, sent, aa, trace = ctx.idx, ctx.sent, ctx.aa, ctx.trace
        why_not = skips.not_an_event(tok, pat, other_triggers, self.ontology)
        if why_not is not None:
            note(trace, s_idx, tok, pat, why_not)
            return None
        details: dict[str, Any] = {}
        found = self._actors(tok, pat, ctx, details)
        if isinstance(found, str):
            note(trace, s_idx, tok, pat, found, details if found == "no actor found" else None)
            return None
        actors, frame, patient, rv, attrib, speaker = found

        cat = reclassify(tok, pat, comp, obj, actors)
        if cat is None:
            note(trace, s_idx, tok, pat, "private visits or meetings of civilians are no CONSULT")
            return None
        car = carrier(tok) if pat.kind == "noun" else None
        car = car if car is not None and frame is not None and frame.i == car.verb.i else None
        if car is not None and car.undo:
            # 'lifted the sanctions', 'called off the strike': the relaxing event (light_verbs.py)
            cat = undone(cat, verb_name(car.verb), actors)
            if cat is None:
                note(trace, s_idx, tok, pat, f"'{car.verb.text} {tok.text}': undoing it is no event")
                return None
        modality = cl.modality(frame)
        settled = apply_status(cat, self.ontology[cat.event]["quad"], modality, rv, tok, pat)
        if settled is None:
            return None  # 'X must ...' in a statement: the speaker's request (see deontic.py)
        (event, mode, cameo), status = settled

        recipients = self._recipients(tok, pat, comp, obj, patient, actors, sent, aa, event, car)
        if (
            event == "REJECT"
            and tok.lemma_.lower() in words("violation_verbs")
            and speaker
            and recipients
            and {r.code for r in recipients} & {a.code for a in speaker}
            and not {x.code for x in actors} & {x.code for x in speaker}
        ):
            # '"Japan violated China's sovereignty," Mao said': China's accusation against Japan
            event, mode, cameo, recipients, actors = "ACCUSE", "allege", "112", actors, speaker

        circ = self.circumstances
        if modality["future"] and status == "asserted" and event in ("AGREE", "THREATEN"):
            # a promise or a threat is dated when it is made, not on the day it promises
            date, precision = circ.statement_date(rv, other_triggers, ctx.published)
        else:
            date, precision = circ.date(frame, tok, rv, sent, s_idx, other_triggers, ctx.published, ctx.sentences,
                                        ahead=modality["future"])
        if status == "asserted" and is_background(date, precision, ctx.published):  # docs/coding.md
            status = "historical"
        start = min(t for t in (tok.i, obj.i if obj is not None else tok.i, comp.i if comp is not None else tok.i))
        end = max(t for t in (tok.i, obj.i if obj is not None else tok.i))
        span = (tok.doc[start].idx, tok.doc[end].idx + len(tok.doc[end].text))
        note(trace, s_idx, tok, pat, f"coded {event}", details)
        return RawEvent(
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
            attrib,
            circ.location(tok, sent),
            circ.contexts(pat, sent),
            span,
            pat.symmetric,
        )

    def _actors(
        self, tok: Any, pat: Pattern, ctx: _Sentence, details: dict[str, Any]
    ) -> str | tuple[list[Actor], Any, Any, Any, Any, list[Actor]]:
        """``(actors, frame, patient, reporting verb, attribution, speaker)``, or why there is none.

        The frame is the token whose clause says the event's status and date (an event noun's
        carrying verb); the patient is the subject of a passive trigger."""
        sent, aa = ctx.sent, ctx.aa
        frame = tok
        actors: list[Actor] = []
        patient = None
        if pat.kind == "noun":
            actors, frame = self.actor_finder.of_noun(tok, aa)
            if not actors and frame is None:
                return "event noun without an actor of its own (background mention)"
            if skips.scheduled(tok):
                return "a scheduled event, not one that happened"
        else:
            subj, passive = cl.subject_of(tok)
            if passive and subj is not None and tok.lower_ in words("stative_participles"):
                # 'Peru is opposed to ...': a stance of the subject, not something done to it
                passive = False
            if passive:
                patient = subj
                agent = cl.agent_of(tok)
                actors = aa.resolve(agent) if agent is not None else []
            elif subj is not None:
                actors = aa.resolve(author(subj))
                details["subject"] = subj.text
        rv = cl.reporting_verb(frame)
        attrib, speaker = attribution(rv, sent, aa)
        if speaker and pat.kind != "noun" and details.get("subject", "").lower() in ("we", "us"):
            actors = speaker  # '"We condemn ...," Mao said': the speaker's side
        if not actors and pat.kind == "verb" and tok.dep_ in ("nsubj", "nsubjpass", "csubj", "pobj", "dobj"):
            return "a verb used as a noun with no actor ('patrolling ... is lawful')"
        if not actors:
            actors = self.actor_finder.fallback(tok, sent, aa, rv)
            if not actors:
                # a group or person no dictionary knows: kept with its words, no country code
                actors = unknown_actor(actor_phrase_token(tok, pat.kind, frame), aa, self.matcher)
            if actors:
                details["actor_rule"] = actors[0].source
        if not actors:
            return "no actor found"
        return actors, frame, patient, rv, attrib, speaker

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
        car: Carrier | None,
    ) -> list[Actor]:
        """The clause's recipient; else, for a dyadic category, the sentence's or the article's
        other side, or a domestic group of the clause."""
        support = car.verb if car is not None else None
        recipients = self.recipient_finder.in_clause(tok, pat, comp, obj, patient, actors, aa, event, support)
        if not recipients and event in words("domestic_default_categories"):
            recipients = domestic_default(tok, sent, actors, aa, self.matcher)
        actor_codes = {a.code for a in actors}
        if len(actor_codes) > 1:
            # 'Ghana and Nigeria signed a pact in Accra': a joint actor is not its own recipient
            recipients = [r for r in recipients if r.code not in actor_codes]
        dyadic = event in words("dyadic_categories") and not pat.symmetric
        if not recipients and dyadic and len(actor_codes) == 1:
            # a joint actor ('Xi and Takaichi agreed to ...') acts among its members: no outside recipient
            recipients = context_recipient(tok, sent, actors, aa)
        if (
            not recipients
            and dyadic
            and event not in words("no_domestic_categories")
            and actors[0].code not in NON_STATE
        ):
            recipients = self.recipient_finder.clause_group(tok, actors, aa)
        if not recipients:
            # someone no dictionary knows, kept with their words (recipient_finding.py)
            recipients = self.recipient_finder.unknown(tok, pat, comp, obj, patient, actors, aa, support)
        return recipients
