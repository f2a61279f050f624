"""Three general rules (issue 13 item 14), on sentences written for these tests:
an official's post or statement speaks for the government; a travel advisory is coded the same
whatever verb and construction carry it; the topic of a dispute is not a recipient."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.model


def _code(pipeline: Any, text: str) -> list[Any]:
    return pipeline.code_text(text, date="2025-11-18")


@pytest.mark.parametrize(
    ("text", "event", "code"),
    [
        ("A Chinese consul's social-media post threatened Japanese leaders.", "THREATEN", "CHN"),
        ("The Russian ambassador's letter accused Poland of lying.", "ACCUSE", "RUS"),
        ("An Iranian minister's statement criticised the French government.", "ACCUSE", "IRN"),
    ],
)
def test_an_officials_message_speaks_for_the_government(pipeline: Any, text: str, event: str, code: str) -> None:
    (ev,) = [e for e in _code(pipeline, text) if e.event == event]
    assert ev.actor_codes == (code,)
    assert ev.actor[0].sector == "GOV"  # not JRN: a post by an official is no news medium


def test_a_message_noun_on_the_receiving_end_is_its_authors_side(pipeline: Any) -> None:
    (ev,) = [e for e in _code(pipeline, "Japan protested a Chinese consul's social-media post.") if e.event == "ACCUSE"]
    assert ev.recipient_codes == ("CHN",) and ev.recipient[0].sector == "GOV"


def test_a_newspaper_is_still_a_newspaper(pipeline: Any) -> None:
    (ev,) = _code(pipeline, "The Washington Post criticised the Kenyan government.")
    assert ev.actor[0].sector == "JRN"


@pytest.mark.parametrize(
    "text",
    [
        "China told its citizens to avoid travel to Japan.",
        "China advised its citizens to avoid travel to Japan.",
        "China urged its nationals to postpone trips to Japan.",
        "China cautioned its citizens against visiting Japan.",
        "China warned its citizens against travel to Japan.",
        "China advised against all travel to Japan.",
    ],
)
def test_a_travel_advisory_is_one_event_whatever_carries_it(pipeline: Any, text: str) -> None:
    events = [e for e in _code(pipeline, text) if e.status == "asserted"]
    assert [(e.event, e.actor_codes, e.recipient_codes) for e in events] == [("SANCTION", ("CHN",), ("JPN",))]


@pytest.mark.parametrize(
    "text",
    [
        "China offered to resolve the dispute over Taiwan.",
        "Norway offered to help settle the row over Kashmir.",
        "Turkey proposed to end the quarrel about Cyprus.",
    ],
)
def test_the_topic_of_a_dispute_is_not_a_recipient(pipeline: Any, text: str) -> None:
    for ev in _code(pipeline, text):
        assert not {"TWN", "IND", "PAK", "CYP"} & set(ev.recipient_codes), (ev.event, ev.recipient)


def test_a_side_of_the_dispute_is_still_a_recipient(pipeline: Any) -> None:
    (ev,) = [e for e in _code(pipeline, "Japan offered to resolve the dispute over Taiwan with China.")]
    assert ev.recipient_codes == ("CHN",)


def test_concern_about_a_place_keeps_it_as_the_target(pipeline: Any) -> None:
    """Only a dispute's topic is left out: 'criticised X over Y' and 'concern about X' keep X."""
    (ev,) = [e for e in _code(pipeline, "Beijing condemned Tokyo over its remarks about Taiwan.")]
    assert ev.recipient_codes == ("JPN",)
