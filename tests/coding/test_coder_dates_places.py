"""Event dates and precision, places from the offline gazetteer, nominal and light-verb events,
several mentions of one event, evidence offsets and contexts (topic 'date_place')."""

from __future__ import annotations

from typing import Any

import pytest
from coding_gold import all_cases, check_case, load_cases

from dyadwatch.ingest import article_from_text
from dyadwatch.records import PRECISIONS

pytestmark = pytest.mark.model

REPEATED = ("BEIJING, Nov 18 (Reuters) - China summoned the Japanese ambassador on Monday over the remarks. "
            "Officials described the meeting as tense. "
            "The Chinese Foreign Ministry summoned the Japanese ambassador on Monday, state media said.")


def _code(pipeline: Any, text: str, date: str = "2025-11-18") -> tuple[Any, list[Any]]:
    article = article_from_text(text, date=date)
    coded = next(pipeline.code_articles([article]))
    return coded.article, list(coded.events)


@pytest.mark.parametrize("case", load_cases("date_place"))
def test_date_place_cases(pipeline: Any, case: dict[str, Any]) -> None:
    check_case(pipeline, case)


def test_one_event_two_mentions(pipeline: Any) -> None:
    article, events = _code(pipeline, REPEATED)
    assert article.date == "2025-11-18" and not article.text.startswith("BEIJING")
    summons = [e for e in events if e.event == "ACCUSE"]
    assert len(summons) == 1
    ev = summons[0]
    assert ev.mentions == 2 and len(ev.evidence) == 2
    assert [e.sentence for e in ev.evidence] == [0, 2]
    assert ev.actor_codes == ("CHN",) and ev.recipient_codes == ("JPN",)
    assert ev.date == "2025-11-17" and ev.attribution is not None and ev.attribution.text == "state media"


def test_evidence_offsets_match_the_article_text(pipeline: Any) -> None:
    text = " ".join(c["text"] for c in all_cases()[:30])
    article, events = _code(pipeline, REPEATED + " " + text)
    assert len(events) > 20
    for ev in events:
        for evd in ev.evidence:
            assert article.text[evd.start:evd.end] == evd.text
            assert evd.start <= evd.trigger_start < evd.trigger_end <= evd.end, ev.pattern_id
            trigger = article.text[evd.trigger_start:evd.trigger_end]
            assert trigger.strip() == trigger and trigger[0].isalnum()


def test_dates_and_precisions(pipeline: Any) -> None:
    text = ("Norway sent humanitarian aid to Sudan on Friday. "
            "Chinese officials held consultations with their Japanese counterparts in Beijing on Nov 7. "
            "Australia and New Zealand conducted joint military exercises last week. "
            "China has repeatedly accused Vietnam of illegal fishing in the area.")
    events = pipeline.code_text(text, date="2025-11-18")
    got = {e.event: (e.date, e.date_precision) for e in events}
    assert got["AID"] == ("2025-11-14", "day")
    assert got["CONSULT"] == ("2025-11-07", "day")
    assert got["COOPERATE"] == ("2025-11", "month")
    assert got["ACCUSE"] == (None, "unknown")
    assert {e.date_precision for e in events} <= set(PRECISIONS)
    assert all(e.published == "2025-11-18" for e in events)


def test_dates_follow_the_publication_date(pipeline: Any) -> None:
    text = "Norway sent humanitarian aid to Sudan on Friday."
    assert pipeline.code_text(text, date="2025-03-04")[0].date == "2025-02-28"


def test_location_has_country_and_coordinates(pipeline: Any) -> None:
    (ev,) = pipeline.code_text("Police in Kenya arrested dozens of protesters in Nairobi on Tuesday.",
                               date="2025-11-18")
    loc = ev.location
    assert loc is not None and loc.name == "Nairobi" and loc.country == "KEN"
    assert loc.lat == pytest.approx(-1.29, abs=0.2) and loc.lon == pytest.approx(36.82, abs=0.2)


def test_contexts_from_cues(pipeline: Any) -> None:
    events = pipeline.code_text("Russia deployed warships to the Baltic Sea. "
                                "China lodged stern representations with Japan on Friday.", date="2025-11-18")
    ctx = {e.event: set(e.context) for e in events}
    assert {"military", "territory"} <= ctx["MOBILIZE"]
    assert "diplomatic" in ctx["ACCUSE"]
