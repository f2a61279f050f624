"""The records the coder's parts pass between them: a coded mention (``RawEvent``) and the
trace of why a trigger did or did not become an event (``Trace``, for ``dyadwatch explain``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dyadwatch.actors.resolver import Actor
from dyadwatch.coding.patterns import Pattern
from dyadwatch.records import Attribution, Location


@dataclass
class Trace:
    """Why a token did or did not become an event (for ``dyadwatch explain``)."""

    sentence: int
    token: str
    pattern_id: str | None
    outcome: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class RawEvent:
    """One mention of an event in one sentence, before mentions are merged into events."""

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


def note(
    trace: list[Trace] | None, s_idx: int, tok: Any, pat: Pattern, outcome: str, details: dict[str, Any] | None = None
) -> None:
    """Record why a trigger did or did not become an event, when ``explain`` asks."""
    if trace is not None:
        trace.append(Trace(s_idx, tok.text, pat.id, outcome, details or {}))
