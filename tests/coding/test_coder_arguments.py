"""Actor and recipient from the parse: passive voice, conjoined actors and verbs, recipients in
embedded clauses, domestic events (cases in tests/data/coder_cases.jsonl, topic 'argument')."""

from __future__ import annotations

from typing import Any

import pytest
from coding_gold import check_case, load_cases

pytestmark = pytest.mark.model


@pytest.mark.parametrize("case", load_cases("argument"))
def test_argument_cases(pipeline: Any, case: dict[str, Any]) -> None:
    check_case(pipeline, case)


def test_conjoined_actors_make_one_event_not_two(pipeline: Any) -> None:
    """PLOVER: 'France and Germany signed' is one event with a list of actors."""
    events = pipeline.code_text("France and Germany signed a trade agreement with India on Monday.", date="2025-11-18")
    signed = [e for e in events if e.event == "SUPPORT"]
    assert len(signed) == 1
    assert signed[0].actor_codes == ("FRA", "DEU")
    assert all(a.sector == "GOV" for a in signed[0].actor)


def test_passive_swaps_roles(pipeline: Any) -> None:
    active = pipeline.code_text("Malaysian maritime police detained Indonesian fishermen near Borneo.",
                                date="2025-11-18")
    passive = pipeline.code_text("Indonesian fishermen were detained by Malaysian maritime police near Borneo.",
                                 date="2025-11-18")
    for events in (active, passive):
        (ev,) = [e for e in events if e.event == "COERCE"]
        assert ev.actor_codes == ("MYS",) and ev.recipient_codes == ("IDN",)
        assert ev.actor[0].sector == "COP"


def test_domestic_event_keeps_one_country_with_sectors(pipeline: Any) -> None:
    (ev,) = pipeline.code_text("Police in Kenya arrested dozens of protesters in Nairobi on Tuesday.",
                               date="2025-11-18")
    assert ev.event == "COERCE" and ev.actor_codes == ev.recipient_codes == ("KEN",)
    assert ev.actor[0].sector == "COP"
    assert ev.recipient[0].sector != "COP"


def test_entity_offsets_point_at_the_article_text(pipeline: Any) -> None:
    text = "The United States urged Israel to withdraw its troops from southern Lebanon."
    (ev,) = pipeline.code_text(text, date="2025-11-18")
    for ent in ev.actor + ev.recipient:
        assert ent.start is not None and ent.end is not None
        assert text[ent.start:ent.end] == ent.text
    assert ev.actor[0].text == "The United States" or ev.actor[0].text.endswith("United States")
    assert ev.recipient[0].text == "Israel"
