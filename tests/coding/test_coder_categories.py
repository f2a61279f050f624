"""The coder on sentences written for the project: every PLOVER category, with quad class
and intensity taken from the ontology (cases in tests/data/coder_cases.jsonl, topic 'category')."""

from __future__ import annotations

from typing import Any

import pytest
from coding_gold import all_cases, check_case, load_cases

from dyadwatch.resources import load_json

CATEGORIES = load_json("ontology", "plover.json")["categories"]


@pytest.mark.model
@pytest.mark.parametrize("case", load_cases("category"))
def test_category_cases(pipeline: Any, case: dict[str, Any]) -> None:
    check_case(pipeline, case)


def test_gold_cases_cover_all_16_categories() -> None:
    """Each PLOVER category is expected by at least one case that passes today."""
    covered = {want["event"] for case in all_cases() if not case.get("xfail")
               for want in case.get("expect", []) if "event" in want}
    assert len(CATEGORIES) == 16
    assert set(CATEGORIES) <= covered, sorted(set(CATEGORIES) - covered)


def test_gold_cases_are_well_formed() -> None:
    keys = {"event", "mode", "actor", "recipient", "participants", "status", "date", "date_precision",
            "attribution", "location", "context", "mentions", "cameo"}
    ids = [c["id"] for c in all_cases()]
    assert len(ids) == len(set(ids))
    for case in all_cases():
        assert case["text"].strip() and case.get("expect") or case.get("forbid"), case["id"]
        for want in case.get("expect", []) + case.get("forbid", []):
            assert set(want) <= keys, (case["id"], set(want) - keys)
            if "event" in want:
                assert want["event"] in CATEGORIES, case["id"]
            if "mode" in want:
                assert want["mode"] in CATEGORIES[want["event"]]["modes"], case["id"]


@pytest.mark.model
def test_quad_class_intensity_and_cameo_follow_the_ontology(pipeline: Any) -> None:
    text = ("Turkish jets bombed Kurdish militant positions in northern Iraq on Thursday. "
            "Canada praised Mexico for its handling of the migrant crisis. "
            "Israel released 30 Palestinian prisoners on Wednesday. "
            "Iran threatened to expel Britain's diplomats.")
    events = pipeline.code_text(text, date="2025-11-18")
    assert {e.event for e in events} >= {"ASSAULT", "SUPPORT", "RETREAT", "THREATEN"}
    for ev in events:
        cat = CATEGORIES[ev.event]
        assert ev.quad_class == cat["quad"], ev
        want = cat["modes"][ev.mode[0]] if ev.mode and ev.mode[0] in cat["modes"] else cat["score"]
        assert ev.intensity == pytest.approx(want), ev
        assert ev.cameo.isdigit() and 2 <= len(ev.cameo) <= 4
        assert ev.pattern_id and ev.data_version
    by_event = {e.event: e for e in events}
    assert by_event["ASSAULT"].intensity == pytest.approx(-9.5)  # aerial
    assert by_event["ASSAULT"].quad_class == 4
    assert by_event["SUPPORT"].quad_class == 1 and by_event["SUPPORT"].intensity == pytest.approx(5.0)
    assert by_event["RETREAT"].quad_class == 2
    assert by_event["THREATEN"].quad_class == 3


@pytest.mark.model
def test_sentence_without_an_event_gives_nothing(pipeline: Any) -> None:
    assert pipeline.code_text("The weather in Oslo was mild and the markets were quiet.", date="2025-11-18") == []
