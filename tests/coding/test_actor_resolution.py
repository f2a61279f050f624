"""Actor resolution: the shipped dictionaries, people named without a title, people introduced
once with a title or an apposition and named by surname later, pronouns and 'the Japanese side'
(cases in tests/data/coder_cases.jsonl, topic 'learning')."""

from __future__ import annotations

from typing import Any

import pytest
from coding_gold import check_case, load_cases

from dyadwatch.actors import ActorDictionary
from dyadwatch.actors.resolver import ArticleActors


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return ActorDictionary.load()


def _resolve_subjects(nlp: Any, actors: ActorDictionary,
                      text: str) -> list[tuple[str, list[tuple[str, str | None, str]]]]:
    doc = nlp(text)
    aa = ArticleActors(actors, doc, date="2025-11-18")
    out = []
    for tok in doc:
        if tok.dep_ in ("nsubj", "nsubjpass"):
            found = aa.resolve(tok)
            aa.note(found, tok)
            out.append((tok.text, [(a.code, a.sector, a.source) for a in found]))
    return out


@pytest.mark.model
@pytest.mark.parametrize("case", load_cases("learning"))
def test_learning_cases(pipeline: Any, case: dict[str, Any]) -> None:
    check_case(pipeline, case)


def test_dictionary_lookup_kinds(actors: ActorDictionary) -> None:
    hit = actors.lookup(["Putin"], date="2025-11-18")
    assert hit is not None and (hit.kind, hit.code, hit.sector) == ("person", "RUS", "GOV")
    hit = actors.lookup(["Beijing"])
    assert hit is not None and (hit.kind, hit.code, hit.sector) == ("capital", "CHN", "GOV")
    hit = actors.lookup(["Chinese"])
    assert hit is not None and (hit.kind, hit.code) == ("adjective", "CHN")
    hit = actors.lookup(["UN"])
    assert hit is not None and (hit.code, hit.sector) == ("UNO", "IGO")
    assert actors.lookup(["un"]) is None  # short capitals keep their case
    hit = actors.sector_of(["coast", "guard"])
    assert hit is not None and hit.sector == "COP"
    assert actors.lookup(["Atlantis"]) is None


def test_people_follow_their_term_of_office(actors: ActorDictionary) -> None:
    during = actors.lookup(["Kishida"], date="2023-05-01")
    after = actors.lookup(["Kishida"], date="2025-11-18")
    assert during is not None and (during.code, during.sector) == ("JPN", "GOV")
    assert after is None or after.sector != "GOV"


def test_people_out_of_office_keep_their_country_as_elite(actors: ActorDictionary) -> None:
    before = actors.lookup(["Takaichi"], date="2010-01-01")
    after = actors.lookup(["Kishida"], date="2025-11-18")
    assert before is not None and (before.code, before.sector) == ("JPN", "ELI")
    assert after is not None and (after.code, after.sector) == ("JPN", "ELI")
    assert actors.lookup(["Takaichi"]) is not None  # no date: current holders


@pytest.mark.model
def test_title_then_surname(nlp: Any, actors: ActorDictionary) -> None:
    subjects = _resolve_subjects(nlp, actors, "Japanese Foreign Minister Taro Sato arrived in Beijing on Monday. "
                                              "On Tuesday, Sato criticised China.")
    assert subjects[0][1][0][:2] == ("JPN", "GOV")
    name, found = subjects[-1]
    assert name == "Sato" and found == [("JPN", "GOV", "in-article:surname")]


@pytest.mark.model
def test_apposition_then_surname(nlp: Any, actors: ActorDictionary) -> None:
    doc = nlp("Wu Hailong, director of the Chinese Foreign Ministry's Department of Asian Affairs, met Japanese "
              "diplomats in Beijing. Wu urged Japan to retract the remarks.")
    aa = ArticleActors(actors, doc, date="2025-11-18")
    assert (aa.learned["Wu Hailong"].code, aa.learned["Wu Hailong"].source) == ("CHN", "in-article:apposition")
    wu = next(t for t in doc if t.text == "Wu" and t.i > 10)
    (actor,) = aa.resolve(wu)
    assert (actor.code, actor.sector) == ("CHN", "GOV")


@pytest.mark.model
def test_unknown_person_without_context_stays_unresolved(nlp: Any, actors: ActorDictionary) -> None:
    subjects = _resolve_subjects(nlp, actors, "Maria Lindqvist criticised the plan on Monday.")
    assert subjects == [("Lindqvist", [])] or subjects == [("Maria Lindqvist", [])]


@pytest.mark.model
def test_pronoun_side_capital_and_officials(nlp: Any, actors: ActorDictionary) -> None:
    subjects = dict(_resolve_subjects(nlp, actors, "Chile expelled two diplomats. It said the move was final. "
                                                   "The Japanese side said Tokyo was ready. "
                                                   "Officials from China and Japan met on Monday."))
    assert subjects["It"] and subjects["It"][0][:2] == ("CHL", "GOV")
    assert subjects["It"][0][2].startswith("in-article:pronoun")
    assert subjects["side"][0][:2] == ("JPN", "GOV")
    assert subjects["Tokyo"][0][:2] == ("JPN", "GOV")
    assert [a[:2] for a in subjects["Officials"]] == [("CHN", "GOV"), ("JPN", "GOV")]


@pytest.mark.model
def test_entity_source_says_how_it_resolved(pipeline: Any) -> None:
    events = pipeline.code_text("Japanese Foreign Minister Taro Sato arrived in Beijing on Monday. "
                                "On Tuesday, Sato criticised China over the detention of a Japanese businessman.",
                                date="2025-11-18")
    (ev,) = [e for e in events if e.event == "ACCUSE"]
    assert ev.actor[0].source == "in-article:surname"
    assert ev.recipient[0].source == "country.CHN"


@pytest.mark.model
def test_european_union_keeps_its_igo_sector(pipeline: Any) -> None:
    (ev,) = pipeline.code_text("The European Union imposed sanctions on Belarus.", date="2025-11-18")
    assert [(a.code, a.sector) for a in ev.actor] == [("EUR", "IGO")]


def test_one_letter_off_long_country_names(actors: ActorDictionary) -> None:
    for word, code in (("Afganistan", "AFG"), ("Kazakstan", "KAZ"), ("Phillippines", "PHL"), ("Ukranian", "UKR")):
        hit = actors.misspelt(word)
        assert hit is not None and hit.code == code, word
    # short names and correct spellings are not guessed at
    assert actors.misspelt("Iraq") is None and actors.misspelt("Ira") is None
    assert actors.misspelt("Pakistani") is None and actors.misspelt("Roland") is None


@pytest.mark.model
def test_a_title_outranks_the_out_of_office_fallback(pipeline: Any) -> None:
    titled = pipeline.code_text("Prime Minister Takaichi criticised China on Monday.", date="2010-03-03")
    former = pipeline.code_text("Former Prime Minister Kishida criticised China on Monday.", date="2025-11-18")
    assert [(a.code, a.sector) for e in titled for a in e.actor] == [("JPN", "GOV")]
    assert [(a.code, a.sector) for e in former for a in e.actor] == [("JPN", "ELI")]


@pytest.mark.model
def test_a_name_introduced_in_the_article_beats_a_dictionary_surname(pipeline: Any) -> None:
    text = ("Chinese Foreign Ministry spokesperson Mao Ning criticised Japan on Monday. "
            "Mao said Tokyo must retract the remarks.")
    events = pipeline.code_text(text, date="2025-11-18")
    names = {a.name for e in events for a in e.actor}
    assert "Mao Ning" in names and "Mao Zedong" not in names
