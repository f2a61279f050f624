"""Light (support) verbs with event nouns, one rule (coding/light_verbs.py): the noun's event,
the verb's subject as actor, the noun's or the verb's phrases as recipient, the verb's status;
undoing verbs ('lift', 'call off', 'end') give the relaxing event. Sentences written for these
tests."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.model


def _code(pipeline: Any, text: str) -> list[Any]:
    return pipeline.code_text(text, date="2025-11-18")


def _one(pipeline: Any, text: str, event: str) -> Any:
    found = [e for e in _code(pipeline, text) if e.event == event]
    assert len(found) == 1, [(e.event, e.actor_codes, e.recipient_codes, e.status) for e in _code(pipeline, text)]
    return found[0]


def test_a_support_verb_the_tagger_misreads_still_carries_the_noun(pipeline: Any) -> None:
    """'staged' is lemmatised 'stag'; the drill is Venezuela's, near Guyana (one country's
    drill is a show of force)."""
    ev = _one(pipeline, "Venezuela staged military drills near the Guyanese border.", "MOBILIZE")
    assert ev.actor_codes == ("VEN",) and ev.recipient_codes == ("GUY",)


def test_performed_war_games_are_the_subjects(pipeline: Any) -> None:
    ev = _one(pipeline, "Russia and Belarus performed joint war games near the border.", "COOPERATE")
    assert set(ev.actor_codes) == {"RUS", "BLR"}


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Brazil opened an investigation into Chinese steel exporters.", "asserted"),
        ("Brazil did not open an investigation into Chinese steel exporters.", "negated"),
        ("An investigation was opened into Chinese steel exporters by Brazilian authorities.", "asserted"),
    ],
)
def test_the_verb_gives_actor_and_status_the_noun_its_recipient(pipeline: Any, text: str, status: str) -> None:
    ev = _one(pipeline, text, "ACCUSE")
    assert ev.actor_codes == ("BRA",) and ev.recipient_codes == ("CHN",) and ev.status == status


def test_calling_off_an_offensive_is_a_retreat_not_an_assault(pipeline: Any) -> None:
    events = _code(pipeline, "Colombian rebels called off their offensive against the army.")
    assert [e.event for e in events] == ["RETREAT"]
    assert events[0].actor[0].sector == "REB"


def test_ending_a_siege_relaxes_it(pipeline: Any) -> None:
    events = _code(pipeline, "Ethiopian troops ended the siege of the northern town on Sunday.")
    assert events and all(e.event not in ("COERCE", "ASSAULT") for e in events)
    assert events[0].quad_class in (1, 2)


def test_refusing_to_end_a_strike_is_a_rejection(pipeline: Any) -> None:
    ev = _one(pipeline, "Sudanese doctors will not end their strike.", "REJECT")
    assert ev.actor_codes == ("SDN",)


def test_police_ending_a_protest_concede_nothing(pipeline: Any) -> None:
    events = _code(pipeline, "Kenyan police ended the protest in Nairobi.")
    assert not [e for e in events if e.event in ("CONCEDE", "RETREAT")]


def test_a_light_verb_inside_a_request_is_its_content(pipeline: Any) -> None:
    events = _code(pipeline, "The Kenyan government urged the teachers to call off the strike.")
    assert [e.event for e in events if e.status == "asserted"] == ["REQUEST"]
