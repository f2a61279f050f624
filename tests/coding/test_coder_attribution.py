"""Reported speech: the speaker goes into ``attribution``, the reported clause is coded as the
event, and the reporting verb itself is never an event (topic 'attribution')."""

from __future__ import annotations

from typing import Any

import pytest
from coding_gold import all_cases, check_case, load_cases

from dyadwatch.coding.clauses import REPORTING_VERBS

pytestmark = pytest.mark.model


@pytest.mark.parametrize("case", load_cases("attribution"))
def test_attribution_cases(pipeline: Any, case: dict[str, Any]) -> None:
    check_case(pipeline, case)


def test_reporting_verb_is_never_an_event(pipeline: Any, nlp: Any) -> None:
    """Over every gold text: no event's trigger is a reporting verb ('said', 'told', ...) on its own;
    with an object of its pattern it is an act ('declared a state of emergency', 'denied accusations')."""
    text = " ".join(c["text"] for c in all_cases())
    events = pipeline.code_text(text, date="2025-11-18")
    assert len(events) > 40
    for ev in events:
        ev_text = ev.evidence[0]
        words = nlp(text[ev_text.trigger_start:ev_text.trigger_end])
        with_object = len(words) > 1
        assert words[0].lemma_.lower() not in REPORTING_VERBS or with_object or (
            ev.event == "ACCUSE" and words[0].lemma_ == "claim"), (
            ev.pattern_id, words.text)


def test_speaker_code_and_sector_recorded(pipeline: Any) -> None:
    (ev,) = pipeline.code_text("\"China firmly condemns Japan's provocative remarks,\" Mao Ning said on Tuesday.",
                               date="2025-11-18")
    assert ev.attribution is not None
    assert ev.attribution.text == "Mao Ning"
    assert (ev.attribution.code, ev.attribution.sector) == ("CHN", "GOV")


def test_unreported_event_has_no_attribution(pipeline: Any) -> None:
    (ev,) = pipeline.code_text("Norway sent humanitarian aid to Sudan on Friday.", date="2025-11-18")
    assert ev.attribution is None


def test_told_reporters_is_not_coded(pipeline: Any) -> None:
    events = pipeline.code_text("Kenyan President William Ruto told reporters in Nairobi on Monday that Kenya "
                                "condemned the attack on its embassy in Sudan.", date="2025-11-18")
    assert [e.event for e in events] == ["ACCUSE"]
    assert events[0].attribution is not None and "Ruto" in events[0].attribution.text
