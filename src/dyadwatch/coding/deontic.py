"""Demands with must/should (docs/coding.md, section 5.5): '"X must withdraw ...," Mao said'
is a REQUEST by the speaker on X."""

from __future__ import annotations

from typing import Any

from dyadwatch.actors.resolver import Actor, ArticleActors
from dyadwatch.coding import clauses as cl
from dyadwatch.coding.circumstances import Circumstances, attribution
from dyadwatch.coding.patterns import Pattern
from dyadwatch.coding.types import RawEvent
from dyadwatch.coding.vocab import REQUEST_MODES, words


def _request_pattern(lemma: str, mode: str) -> Pattern:
    return Pattern(
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


def _target(subj: Any, speaker: list[Actor], aa: ArticleActors) -> list[Actor]:
    target = aa.resolve(subj)
    if not target and (subj.ent_type_ == "PERSON" or subj.i in aa.sector_hits):
        # 'the union said Minister Okafor must resign': an unplaced person or body is domestic
        sector = aa.sector_hits[subj.i].hit.sector if subj.i in aa.sector_hits else "GOV"
        span = (subj.idx, subj.idx + len(subj.text))
        target = [Actor(speaker[0].code, sector, subj.text, None, *span, "in-article:domestic", "group")]
    return target


def _own_side(speaker: list[Actor], target: list[Actor]) -> bool:
    """The speaker's own side ('We must ...', a government about its own ministers) is no
    request; rebels or an opposition naming their own government is."""
    own = {(a.code, a.sector) for a in speaker}
    return bool(
        {x.code for x in speaker} & {x.code for x in target}
        and target[0].source != "in-article:domestic"
        and ({(a.code, a.sector) for a in target} & own or speaker[0].sector in ("GOV", None))
    )


def deontic_requests(
    sent: Any, s_idx: int, aa: ArticleActors, published: str | None, triggers: set[int], circ: Circumstances
) -> list[RawEvent]:
    """Every 'X must/should VERB' of a reported statement, as the speaker's REQUEST on X."""
    out = []
    for tok in sent:
        if tok.pos_ != "VERB" or not any(c.dep_ == "aux" and c.lower_ in cl.DEONTIC_AUX for c in tok.children):
            continue
        rv = cl.reporting_verb(tok)
        attrib, speaker = attribution(rv, sent, aa)
        subj, _ = cl.subject_of(tok)
        if not speaker or subj is None:
            continue
        target = _target(subj, speaker, aa)
        if not target or _own_side(speaker, target):
            continue
        lemma = tok.lemma_.lower()
        mode = next((m for m in REQUEST_MODES if lemma in words(f"request_mode.{m}")), "change")
        pat = _request_pattern(lemma, mode)
        day, precision = circ.date(tok, tok, rv, sent, s_idx, triggers - {tok.i}, published, [])
        out.append(
            RawEvent(
                s_idx,
                tok,
                pat,
                "REQUEST",
                mode,
                "100",
                speaker,
                target,
                "asserted",
                day,
                precision,
                attrib,
                circ.location(tok, sent),
                circ.contexts(pat, sent),
                (tok.idx, tok.idx + len(tok.text)),
                False,
            )
        )
    return out
