"""The event pattern dictionary: verbs, nouns and adjectives mapped to PLOVER events.

One JSON object per line (see docs/dictionaries.md):

    {"id": "verb.urge.0001", "verb": "urge", "event": "REQUEST", "mode": "change", "cameo": "100"}
    {"id": "verb.ask.0004", "verb": "ask", "object": ["citizen"], "complement": ["avoid"],
     "event": "SANCTION", "mode": "discontinue", "cameo": "166", "recipient": ["complement.to"]}
    {"id": "noun.talks.0001", "noun": "talk", "event": "CONSULT", "cameo": "040"}
    {"id": "adj.open.0001", "adj": "open", "prep": "to", "object": ["dialogue"], "event": "AGREE", "cameo": "036"}

A pattern fires on a token whose lemma is ``verb`` / ``noun`` / ``adj``; the optional
constraints (``particle``, ``object``, ``prep``, ``complement``) must all hold. When several
patterns fire on one token, the one of the highest layer wins, then the most specific one
(most constraints). Layers, highest first: the analyst's ``--dict`` patterns, the hand-curated
``data/verbs``, the base layer ``data/verbs_petrarch`` (converted from PETRARCH2's CAMEO verb
dictionary by ``tools/build_petrarch_verbs.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from dyadwatch.errors import DataFileError
from dyadwatch.loading import bulk_build
from dyadwatch.resources import load_json, validated_entries

PATTERN_FOLDER = "verbs"
BASE_FOLDER = "verbs_petrarch"
# Layers: a lower number wins when patterns of several layers match one word.
LAYER_ANALYST, LAYER_HAND, LAYER_BASE = 0, 1, 2
LAYER_NAMES = {LAYER_ANALYST: "analyst", LAYER_HAND: "hand", LAYER_BASE: "base"}
# Where a pattern looks for its recipient, tried in order: the direct object, the indirect
# object, the complement clause (its object or a preposition inside it), a preposition on the
# trigger ("prep.with"), or a preposition on the object ("object.of").
RECIPIENT_SLOT_RE = re.compile(r"^(object|iobj|complement|complement\.object|(prep|object|complement)\.[a-z]+)$")


_GOOD_SLOTS: set[str] = set()


def _good_slot(slot: str) -> bool:
    # the base layer repeats a few slot names thousands of times: match each name once
    if RECIPIENT_SLOT_RE.match(slot):
        _GOOD_SLOTS.add(slot)
        return True
    return False


class Override(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    event: str
    mode: str | None = None
    cameo: str | None = None


class PatternModel(BaseModel):
    """One line of a pattern file, as validated."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(min_length=3)
    # several verbs that share the pattern may be listed (PETRARCH's verb blocks)
    verb: str | list[str] | None = None
    noun: str | None = None
    adj: str | None = None
    particle: str | None = None
    object: list[str] = Field(default_factory=list)  # a factory: no deep copy per line
    prep: str | None = None
    complement: list[str] = Field(default_factory=list)
    event: str
    mode: str | None = None
    cameo: str = Field(pattern=r"^\d{2,4}$")
    context: list[str] = Field(default_factory=list)
    recipient: list[str] = Field(default_factory=list)
    negated: Override | None = None
    future: Override | None = None
    symmetric: bool = False
    comment: str | None = None

    @model_validator(mode="after")
    def _one_trigger(self) -> PatternModel:
        given = [k for k in ("verb", "noun", "adj") if getattr(self, k)]
        if len(given) != 1:
            raise ValueError("give exactly one of 'verb', 'noun' or 'adj'")
        bad = [s for s in self.recipient if s not in _GOOD_SLOTS and not _good_slot(s)]
        if bad:
            raise ValueError(
                f"unknown recipient slot(s) {bad}; use object, iobj, complement, "
                "complement.object, prep.<word>, object.<word> or complement.<word>"
            )
        return self


@dataclass(frozen=True, slots=True)
class Pattern:
    id: str
    kind: str  # verb | noun | adj
    lemma: str
    event: str
    cameo: str
    mode: str | None
    particle: str | None
    objects: frozenset[str]
    prep: str | None
    complements: frozenset[str]
    context: tuple[str, ...]
    recipient: tuple[str, ...]
    negated: Override | None
    future: Override | None
    symmetric: bool
    modifier: str | None = None  # first words of a multi-word noun ("hunger" in "hunger strike")
    layer: int = LAYER_HAND
    where: str = ""  # file:line it was read from
    also: tuple[str, ...] = ()  # further verbs that share the pattern (an entry listing several)

    @property
    def lemmas(self) -> tuple[str, ...]:
        return (self.lemma, *self.also)

    @property
    def specificity(self) -> int:
        # a phrasal verb is a different verb ('ship out' is not 'ship'): its particle weighs double
        return sum(bool(x) for x in (self.particle, self.particle, self.objects, self.prep, self.complements))


def _to_pattern(m: PatternModel, *, layer: int = LAYER_HAND, where: str = "") -> Pattern:
    kind = "verb" if m.verb else "noun" if m.noun else "adj"
    trigger = m.verb or m.noun or m.adj or ""
    # an entry listing several verbs is one pattern, indexed under each of them
    lemma, *also = [t.lower() for t in ([trigger] if isinstance(trigger, str) else trigger)]
    modifier = None
    if kind == "noun" and " " in lemma:
        modifier, lemma = lemma.rsplit(" ", 1)
    return Pattern(
        id=m.id,
        kind=kind,
        lemma=lemma,
        event=m.event,
        cameo=m.cameo,
        mode=m.mode,
        particle=m.particle.lower() if m.particle else None,
        objects=frozenset(o.lower() for o in m.object),
        prep=m.prep.lower() if m.prep else None,
        complements=frozenset(c.lower() for c in m.complement),
        context=tuple(m.context),
        recipient=tuple(m.recipient),
        negated=m.negated,
        future=m.future,
        symmetric=m.symmetric,
        modifier=modifier,
        layer=layer,
        where=where,
        also=tuple(also),
    )


class PatternDictionary:
    """Patterns indexed by (kind, lemma)."""

    def __init__(self, patterns: list[Pattern], *, version: str = "unknown") -> None:
        self.patterns = patterns
        self.version = version
        self.by_key: dict[tuple[str, str], list[Pattern]] = {}
        order = {id(p): (p.layer, -p.specificity) for p in patterns}
        for p in patterns:
            for lemma in p.lemmas:
                self.by_key.setdefault((p.kind, lemma), []).append(p)
        for plist in self.by_key.values():
            # the analyst's patterns before the hand-curated ones before the base layer
            plist.sort(key=lambda p: order[id(p)])

    def candidates(self, kind: str, lemma: str) -> list[Pattern]:
        return self.by_key.get((kind, lemma), [])

    @classmethod
    def load(cls, extra_dirs: Iterable[Path] = (), *, base: bool = True) -> PatternDictionary:
        """Every layer of patterns (``base=False`` leaves out the converted base layer)."""
        with bulk_build():
            patterns, problems = load_patterns(tuple(Path(d) for d in extra_dirs), base=base)
            if problems:
                raise DataFileError(problems)
            version = load_json(PATTERN_FOLDER, "meta.json").get("version", "unknown")
            if base and any(p.layer == LAYER_BASE for p in patterns):
                # events record every layer's data version ('2025.11.1+petrarch 2026.11.1')
                version += f"+petrarch {load_json(BASE_FOLDER, 'meta.json').get('version', 'unknown')}"
            return cls(patterns, version=version)


def load_patterns(extra_dirs: tuple[Path, ...] = (), *, base: bool = True) -> tuple[list[Pattern], list[str]]:
    """Read and validate every pattern file of every layer; returns patterns and a list of problems.

    ``verbs/`` (shipped: hand layer; the analyst's ``DIR/verbs``: analyst layer) and
    ``verbs_petrarch/`` (shipped or ``DIR/verbs_petrarch``: base layer)."""
    ontology: dict[str, Any] = load_json("ontology", "plover.json")
    categories = ontology["categories"]
    contexts = set(ontology["contexts"])
    patterns: list[Pattern] = []
    problems: list[str] = []
    layers = [(PATTERN_FOLDER, LAYER_HAND)] + ([(BASE_FOLDER, LAYER_BASE)] if base else [])
    seen: dict[str, str] = {}
    for folder, layer in layers:
        for where, model in validated_entries(folder, PatternModel.model_validate, problems, extra_dirs=extra_dirs):
            if model.id in seen:
                problems.append(f"[DW105] {where} [id] duplicate id {model.id!r} (first in {seen[model.id]})")
                continue
            seen[model.id] = where
            shipped = where.startswith(f"{folder}/")
            _check_pattern(model, where, categories, contexts, problems, patterns,
                           layer if shipped or layer == LAYER_BASE else LAYER_ANALYST)
    return patterns, problems


def _check_pattern(model: PatternModel, where: str, categories: dict[str, Any], contexts: set[str],
                   problems: list[str], patterns: list[Pattern], layer: int) -> None:
    """Cross-file checks of one entry (codes of the ontology); a good entry joins ``patterns``."""
    before = len(problems)
    for field, event, mode in [("event", model.event, model.mode)] + [
        (f, o.event, o.mode) for f, o in (("negated", model.negated), ("future", model.future)) if o
    ]:
        if event not in categories:
            problems.append(f"[DW104] {where} [{field}] unknown PLOVER category {event!r} (id {model.id})")
        elif mode and mode not in categories[event]["modes"]:
            problems.append(f"[DW104] {where} [{field}] mode {mode!r} is not a mode of {event} (id {model.id})")
    for c in model.context:
        if c not in contexts:
            problems.append(f"[DW104] {where} [context] unknown PLOVER context {c!r} (id {model.id})")
    if len(problems) == before:
        patterns.append(_to_pattern(model, layer=layer, where=where))


def _hides(top: Pattern, low: Pattern) -> bool:
    """Whether ``top`` fires on every word that ``low`` fires on (its constraints are a subset)."""
    if top.modifier not in (None, low.modifier) or top.particle not in (None, low.particle):
        return False
    if top.objects:
        if top.prep != low.prep or not low.objects or not low.objects <= top.objects:
            return False
    elif top.prep not in (None, low.prep):
        return False
    return not top.complements or (bool(low.complements) and low.complements <= top.complements)


def layer_overlaps(patterns: Iterable[Pattern]) -> tuple[list[str], list[str]]:
    """Patterns that a higher layer hides: ``(conflicts, shadowed)``, one readable line each.

    A pattern is hidden when a pattern of a higher layer has the same trigger and a subset of its
    constraints (so it fires on every word the hidden one would): the hidden one never fires.
    When the two give another event or mode it is a conflict, else the entry is only shadowed.
    """
    by_trigger: dict[tuple[str, str], list[Pattern]] = {}
    for p in patterns:
        for lemma in p.lemmas:
            by_trigger.setdefault((p.kind, lemma), []).append(p)
    conflicts: list[str] = []
    shadowed: list[str] = []
    for (_kind, lemma), group in by_trigger.items():
        if len({p.layer for p in group}) < 2:
            continue
        for low in group:
            top = next((t for t in group if t.layer < low.layer and _hides(t, low)), None)
            if top is None:
                continue
            line = (f"{low.where} {low.id} ({LAYER_NAMES[low.layer]} {low.kind} '{lemma}': {low.event}/"
                    f"{low.mode or '-'} {low.cameo}) is hidden by {top.id} ({LAYER_NAMES[top.layer]}: "
                    f"{top.event}/{top.mode or '-'} {top.cameo}, {top.where})")
            (conflicts if (low.event, low.mode) != (top.event, top.mode) else shadowed).append(line)
    return conflicts, shadowed
