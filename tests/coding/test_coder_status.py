"""Event status and the category changes it brings: refusals, negation, future, hypothetical,
conditional threats, must/should demands, historical events (topic 'status')."""

from __future__ import annotations

from typing import Any

import pytest
from coding_gold import all_cases, check_case, load_cases

from dyadwatch.records import STATUSES

pytestmark = pytest.mark.model


@pytest.mark.parametrize("case", load_cases("status"))
def test_status_cases(pipeline: Any, case: dict[str, Any]) -> None:
    check_case(pipeline, case)


def test_every_event_has_a_known_status(pipeline: Any) -> None:
    text = " ".join(c["text"] for c in all_cases() if c["topic"] == "status")
    events = pipeline.code_text(text, date="2025-11-18")
    assert len(events) >= 8
    assert {e.status for e in events} <= set(STATUSES)
    assert {"asserted", "future", "hypothetical", "historical"} <= {e.status for e in events}


def test_same_verb_changes_with_tense_and_negation(pipeline: Any) -> None:
    """'withdrew' is RETREAT, 'will withdraw' a promise made now (AGREE, asserted), 'refused to withdraw' REJECT."""
    did = pipeline.code_text("Russia withdrew its troops from the border region on Monday.", date="2025-11-18")
    will = pipeline.code_text("Russia will withdraw its troops from the border region.", date="2025-11-18")
    wont = pipeline.code_text("Russia refused to withdraw its troops from the border region.", date="2025-11-18")
    assert [(e.event, e.status) for e in did] == [("RETREAT", "asserted")]
    assert [(e.event, e.status) for e in will] == [("AGREE", "asserted")]
    assert "REJECT" in {e.event for e in wont} and "RETREAT" not in {e.event for e in wont}


def test_historical_event_is_never_dated_to_the_report(pipeline: Any) -> None:
    text = ("Japan and China held talks in Beijing on Monday. "
            "In 1972, Japan recognised the People's Republic of China.")
    events = pipeline.code_text(text, date="2025-11-18")
    (hist,) = [e for e in events if e.event == "SUPPORT"]
    assert hist.status == "historical" and hist.date == "1972" and hist.date_precision == "year"
    (talks,) = [e for e in events if e.event == "CONSULT"]
    assert talks.status == "asserted" and talks.date == "2025-11-17"
