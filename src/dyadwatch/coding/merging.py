"""One event, many mentions (docs/coding.md, section 10): mentions of the same event in one
article become one record with every sentence as evidence."""

from __future__ import annotations

from typing import Any

from dyadwatch.actors.resolver import Actor
from dyadwatch.coding.types import RawEvent
from dyadwatch.records import Article, Entity, Event, Evidence, content_hash

_Key = tuple[Any, ...]
_TOLD = {"asserted", "historical"}


def group_mentions(raws: list[RawEvent]) -> list[list[RawEvent]]:
    """Mentions grouped into events: same category, mode, status, sides and date; an undated
    mention joins the dated one; a mention with nobody on the other side joins a fuller one
    of the same sentence."""
    merged: dict[_Key, list[RawEvent]] = {}
    for r in raws:
        a = frozenset(side_key(x) for x in r.actors)
        b = frozenset(side_key(x) for x in r.recipients)
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
    # 'killed a border guard and wounded three others', 'the bombing, which killed nine': a mention
    # with nobody named on the other side, in a sentence that names them for the same actor and
    # category (whatever its mode), is that event
    for key in [k for k in merged if not k[4] and k[3]]:
        sentences = {r.sentence for r in merged[key]}
        fuller = [
            k
            for k in merged
            if k != key
            and k[4]
            and k[0] == key[0]
            and k[3] == key[3]
            and (k[2] == key[2] or {k[2], key[2]} <= _TOLD)
            and sentences & {r.sentence for r in merged[k]}
        ]
        if fuller:
            merged[fuller[0]].extend(merged.pop(key))
    return list(merged.values())


def to_event(group: list[RawEvent], article: Article, ontology: dict[str, Any], data_version: str) -> Event:
    """The record of one event from its mentions (the first mention gives its category)."""
    first = group[0]
    actors = entities(first.actors)
    recipients = entities(first.recipients)
    if first.symmetric or first.event == "CONSULT":
        # PLOVER: every participant of a meeting goes in actor, unless a host is clear
        codes = {side_key(x) for g in group for x in g.actors + g.recipients}
        if len(codes) > 1 and any(len({side_key(x) for x in g.actors}) > 1 for g in group):
            seen = {_entity_key(e) for e in actors}
            extra = [
                e
                for g in group
                for e in entities(g.actors + g.recipients)
                if _entity_key(e) not in seen and not seen.add(_entity_key(e))
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
    cat = ontology[first.event]
    intensity = float(cat["modes"].get(first.mode, cat["score"]) if first.mode else cat["score"])
    eid = content_hash(
        f"{article.id}|{first.event}|{sorted(_entity_key(e) for e in actors)}|"
        f"{sorted(_entity_key(e) for e in recipients)}|{first.date}|{first.status}|{first.span[0]}"
    )
    return Event(
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
        data_version=data_version,
    )


def merge(raws: list[RawEvent], article: Article, ontology: dict[str, Any], data_version: str) -> list[Event]:
    """The article's events, in the order of their first mention."""
    events = [to_event(g, article, ontology, data_version) for g in group_mentions(raws)]
    events.sort(key=lambda e: (e.evidence[0].sentence, e.evidence[0].trigger_start or 0))
    return events


def side_key(a: Actor) -> str:
    """What tells one side from another: its country code, or the words of a phrase that no
    dictionary resolved ('students' and 'farmers' are two sides, though neither has a code)."""
    return a.code if a.code else f"?{a.text.lower()}"


def _entity_key(e: Entity) -> str:
    return e.code if e.code else f"?{e.text.lower()}"


def entities(actors: list[Actor]) -> tuple[Entity, ...]:
    """Record entities of a side, one per (code, sector); an actor with no code has code None."""
    out, seen = [], set()
    for a in actors:
        if (side_key(a), a.sector) in seen:
            continue
        seen.add((side_key(a), a.sector))
        out.append(
            Entity(
                code=a.code or None,
                sector=a.sector or "UNK",
                text=a.text,
                name=a.name,
                start=a.start,
                end=a.end,
                source=a.source,
            )
        )
    return tuple(out)
