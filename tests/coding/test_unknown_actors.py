"""Events whose actor no dictionary resolves are kept with the phrase's words, its sector and
no country code (coding/unknown_actors.py); they count in no dyad, and the store, the event
list and the exports show them as their formats expect. Sentences written for these tests."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

pytestmark = pytest.mark.model

DAY = "2025-11-18"


def _events(pipeline: Any, text: str) -> list[Any]:
    return pipeline.code_text(text, date=DAY)


@pytest.mark.parametrize(
    ("text", "phrase", "sector", "event"),
    [
        ("Students called for the resignation of the education minister.", "Students", "CVL", "REQUEST"),
        ("The reporter was arrested by state police in the capital.", "state police", "COP", "COERCE"),
        ("Angry farmers protested against the new land tax on Tuesday.", "Angry farmers", None, "PROTEST"),
        ("The Karama movement accused the ruling party of fraud.", "Karama movement", None, "ACCUSE"),
        ("The government banned the weekly newspaper on Monday.", "government", "GOV", "COERCE"),
        ("The minister rejected the union's demands.", "minister", "GOV", "REJECT"),
    ],
)
def test_an_unknown_group_is_kept_with_its_words_and_sector(
    pipeline: Any, text: str, phrase: str, sector: str | None, event: str
) -> None:
    events = [e for e in _events(pipeline, text) if e.event == event]
    assert events, f"no {event} coded in {text!r}"
    (actor,) = events[0].actor
    assert actor.code is None and actor.source == "unresolved-phrase"
    assert actor.text == phrase and text[actor.start : actor.end] == phrase
    if sector is not None:
        assert actor.sector == sector
    assert events[0].actor_codes == ()  # no country: no dyad counts it


@pytest.mark.parametrize(
    "text",
    [
        "It condemned the decision to close the border.",
        "Officials condemned the decision to close the border.",
        "The country rejected the proposal on Monday.",
        "They arrested the two reporters at the airport.",
        "The storm destroyed the harbour.",
        "Economists criticised the new budget.",
        "Authorities arrested the two reporters at the airport.",
        "Governments condemned the decision to close the border.",
    ],
)
def test_pronouns_generic_words_and_things_are_no_actors(pipeline: Any, text: str) -> None:
    events = _events(pipeline, text)
    assert not [a for e in events for a in e.actor if a.code is None], [(e.event, e.actor) for e in events]


def test_a_participle_describing_a_group_gives_no_unknown_actor(pipeline: Any) -> None:
    """'rebels fighting the army' describes the rebels; it tells no event of its own."""
    text = "The minister met envoys of rebels fighting the army in the north."
    events = _events(pipeline, text)
    assert not [a for e in events for a in e.actor if a.code is None and "rebel" in a.text], events
    assert "ASSAULT" not in {e.event for e in events}


def test_a_named_country_still_wins_over_the_unknown_phrase(pipeline: Any) -> None:
    (ev,) = [e for e in _events(pipeline, "Kenyan police arrested dozens of protesters.") if e.event == "COERCE"]
    assert ev.actor_codes == ("KEN",)


def test_store_counts_dyads_only_between_coded_actors(pipeline: Any, tmp_path: Any) -> None:
    from dyadwatch.exports import export_events
    from dyadwatch.ingest import article_from_text
    from dyadwatch.records import CodedArticle
    from dyadwatch.service import DyadService
    from dyadwatch.store import EventQuery, open_store

    texts = {
        "a1": "Students protested against Japan on Tuesday.",
        "a2": "Farmers protested against Japan on Tuesday.",
        "a3": "China accused Japan of provoking tension on Tuesday.",
    }
    store = open_store(":memory:")
    try:
        for aid, text in texts.items():
            article = article_from_text(text, date=DAY, article_id=aid)
            events = pipeline.code_text(text, date=DAY, article_id=aid)
            store.add_coded_article(CodedArticle(article=article, events=tuple(events)))
        service = DyadService(store=store)
        dyads = service.dyads()
        assert [(d["a"], d["b"]) for d in dyads] == [("CHN", "JPN")] and dyads[0]["events"] == 1
        page = service.events(EventQuery(status=None))
        uncoded = [i for i in page.items if any(a["code"] is None for a in i["actor"])]
        # two different unknown groups on one day are two events, not one
        assert sorted(i["actor"][0]["text"] for i in uncoded) == ["Farmers", "Students"]
        out = tmp_path / "events.tsv"
        export_events(store, "gdelt", out)
        rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")), delimiter="\t"))
        students = next(r for r in rows if r["Actor1Name"] == "Students")
        assert students["Actor1CountryCode"] == "" and students["Actor1Code"] == "CVL"
        assert students["Actor2CountryCode"] == "JPN"
        plover = tmp_path / "events.jsonl"
        export_events(store, "plover", plover)
        records = [json.loads(line) for line in plover.read_text(encoding="utf-8").splitlines()]
        farmer = next(r for r in records if r["actor"][0]["entity_text"] == "Farmers")
        assert farmer["actor"][0]["code"] is None
    finally:
        store.close()


def test_events_command_shows_the_words_of_an_uncoded_actor(tmp_path: Any) -> None:
    from typer.testing import CliRunner

    from dyadwatch.cli import app

    src = tmp_path / "story.txt"
    src.write_text("Students protested against Japan on Tuesday.\n", encoding="utf-8")
    db = str(tmp_path / "t.duckdb")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(src), "--db", db]).exit_code == 0
    result = runner.invoke(app, ["events", "--db", db, "--format", "csv", "--status", "any"])
    assert result.exit_code == 0, result.output
    assert '"Students"-CVL' in result.output or '"""Students""-CVL"' in result.output
