"""Gold sentence cases for the coder (tests/data/coder_cases.jsonl) and how an event is matched.

One JSON object per line::

    {"id": "...", "topic": "category|argument|learning|status|attribution|date_place",
     "text": "...", "date": "2025-11-18",
     "expect": [{"event": "REQUEST", "actor": ["USA"], "recipient": ["ISR"], "status": "asserted"}],
     "forbid": [{"event": "RETREAT"}],
     "xfail": "why the coder still gets it wrong (exact wrong output)"}

Keys of an ``expect`` / ``forbid`` entry (all optional, all must hold for a match):
``event``; ``mode`` (one of the event's modes); ``actor`` / ``recipient`` (the set of country codes,
``[]`` means none); ``participants`` (actor and recipient codes together: meetings, where PLOVER puts
every side in ``actor`` unless a host is clear); ``status``; ``date``; ``date_precision``;
``cameo`` (the CAMEO code, for phrases CAMEO codes apart from their PLOVER category);
``attribution`` (a substring of the attribution text); ``location`` (a substring of its name, lat/lon
must be set); ``context`` (contexts that must all be present); ``mentions``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

CASES_FILE = Path(__file__).resolve().parents[1] / "data" / "coder_cases.jsonl"


def load_cases(topic: str) -> list[Any]:
    """pytest params for one topic; a case with ``xfail`` is a strict expected failure."""
    out = []
    for number, line in enumerate(CASES_FILE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        case = json.loads(line)
        if case.get("topic") != topic:
            continue
        marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if case.get("xfail") else []
        out.append(pytest.param(case, id=case.get("id", f"line{number}"), marks=marks))
    return out


def all_cases() -> list[dict[str, Any]]:
    return [json.loads(line) for line in CASES_FILE.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def matches(ev: Any, want: dict[str, Any]) -> bool:
    """Whether one Event record has every property listed in ``want``."""
    for key, value in want.items():
        if key == "event" and ev.event != value:
            return False
        if key == "mode" and value not in ev.mode:
            return False
        if key == "actor" and set(ev.actor_codes) != set(value):
            return False
        if key == "recipient" and set(ev.recipient_codes) != set(value):
            return False
        if key == "participants" and set(ev.actor_codes) | set(ev.recipient_codes) != set(value):
            return False
        if key in ("status", "date", "date_precision", "mentions", "cameo") and getattr(ev, key) != value:
            return False
        if key == "attribution" and (ev.attribution is None or value not in ev.attribution.text):
            return False
        if key == "location" and (ev.location is None or value not in ev.location.name
                                  or ev.location.lat is None or ev.location.lon is None):
            return False
        if key == "context" and not set(value) <= set(ev.context):
            return False
    return True


def describe(events: list[Any]) -> str:
    """The coded events, one line each, for assertion messages."""
    lines = []
    for e in events:
        lines.append(
            f"{e.event}/{','.join(e.mode) or '-'} actor={[f'{a.code}/{a.sector}' for a in e.actor]} "
            f"recipient={[f'{a.code}/{a.sector}' for a in e.recipient]} status={e.status} date={e.date} "
            f"({e.date_precision}) attribution={e.attribution.text if e.attribution else None} "
            f"location={e.location.name if e.location else None} context={list(e.context)} "
            f"mentions={e.mentions} pattern={e.pattern_id}")
    return "\n  ".join(lines) or "(no events)"


def check_case(pipeline: Any, case: dict[str, Any]) -> None:
    """Code the case text and check every expected and forbidden event."""
    events = pipeline.code_text(case["text"], date=case.get("date", "2025-11-18"))
    got = describe(events)
    for want in case.get("expect", []):
        assert any(matches(e, want) for e in events), f"expected {want}\n  got:\n  {got}"
    for bad in case.get("forbid", []):
        hit = [e for e in events if matches(e, bad)]
        assert not hit, f"forbidden {bad} was coded\n  got:\n  {got}"
