"""The coder's parts, each on its own (coding/matching.py, nesting.py, skips.py, status.py,
recipient_finding.py, merging.py, vocab.py), on sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from dyadwatch.coding import nesting, skips
from dyadwatch.coding.matching import TriggerMatcher
from dyadwatch.coding.patterns import PatternDictionary
from dyadwatch.coding.recipient_finding import slot_tokens
from dyadwatch.coding.status import Category, apply_status
from dyadwatch.coding.vocab import REQUIRED, parse_word_lists, word_lists, words
from dyadwatch.errors import DataFileError


@pytest.fixture(scope="module")
def matcher() -> TriggerMatcher:
    return TriggerMatcher(PatternDictionary.load(()))


def _tok(doc: Any, text: str) -> Any:
    return next(t for t in doc if t.text == text)


# -- vocab -----------------------------------------------------------------------------
def test_every_word_list_the_rules_read_is_shipped() -> None:
    lists = word_lists()
    assert set(lists) == set(REQUIRED)
    assert "launch" in words("light_verbs") and "ASSAULT" not in words("dyadic_categories")


def test_a_bad_word_list_file_names_file_line_and_field() -> None:
    good = "\n".join(f'{{"id": "{n}", "why": "a list for a test", "words": ["x"]}}' for n in REQUIRED[3:])
    bad = (
        "# lists\n"
        '{"id": "dyadic_categories", "why": "categories for a test", "words": ["BOGUS"]}\n'
        '{"id": "domestic_default_categories", "why": "a list for a test", "words": []}\n'
        '{"id": "no_domestic_categories", "why": "a list for a test", "words": ["AID"], "extra": 1}\n'
        '{"id": "light_verbz", "why": "a list for a test", "words": ["make"]}\n'
    )
    with pytest.raises(DataFileError) as err:
        parse_word_lists([("coding/a.jsonl", bad), ("coding/b.jsonl", good)], {"AID", "REQUEST"})
    problems = "\n".join(err.value.problems)
    assert "[DW104] coding/a.jsonl:2 [words] unknown PLOVER categories ['BOGUS']" in problems
    assert "coding/a.jsonl:3 [words]" in problems
    assert "coding/a.jsonl:4 [extra]" in problems
    assert "coding/a.jsonl:5 [id] unknown word list 'light_verbz'" in problems
    assert "word list 'dyadic_categories' is missing" in problems


# -- matching ---------------------------------------------------------------------------
@pytest.mark.model
def test_matcher_needs_the_pattern_object_and_skips_a_dated_particle(nlp: Any, matcher: TriggerMatcher) -> None:
    doc = nlp("Ruritania imposed sanctions on Freedonia.")
    pat, _comp, obj = matcher.match(_tok(doc, "imposed"))
    assert pat is not None and pat.event == "SANCTION" and obj is not None and obj.text == "sanctions"
    doc = nlp("The minister called on Sunday for calm.")
    pat, _c, _o = matcher.match(_tok(doc, "called"))
    assert pat is None or pat.particle != "on"


@pytest.mark.model
def test_event_nouns_are_told_from_groups(nlp: Any, matcher: TriggerMatcher) -> None:
    doc = nlp("The airstrikes hit the rebels.")
    assert matcher.is_event_noun(_tok(doc, "airstrikes"))
    assert not matcher.is_event_noun(_tok(doc, "rebels"))


# -- nesting ----------------------------------------------------------------------------
@pytest.mark.model
def test_a_trigger_in_another_triggers_complement_is_consumed(nlp: Any, matcher: TriggerMatcher) -> None:
    doc = nlp("Norway agreed to provide aid to Sudan.")
    sent = next(doc.sents)
    matches = [(t, *matcher.match(t)) for t in sent]
    matches = [(t, p, c, o) for t, p, c, o in matches if p is not None]
    triggers = nesting.trigger_ids(sent, matches)
    consumed = nesting.consumed_ids(matches, triggers)
    assert _tok(doc, "provide").i in consumed and _tok(doc, "agreed").i not in consumed


# -- skips ------------------------------------------------------------------------------
@pytest.mark.model
def test_a_background_event_noun_is_no_event(nlp: Any, matcher: TriggerMatcher) -> None:
    from dyadwatch.resources import load_json

    ontology = load_json("ontology", "plover.json")["categories"]
    doc = nlp("After the protests in the capital, the cabinet met again.")
    tok = _tok(doc, "protests")
    pat = matcher.match(tok)[0]
    assert pat is not None
    assert "background" in (skips.not_an_event(tok, pat, set(), ontology) or "")


# -- status -----------------------------------------------------------------------------
@pytest.mark.model
def test_negated_cooperation_becomes_a_rejection(nlp: Any, matcher: TriggerMatcher) -> None:
    from dyadwatch.coding import clauses as cl

    doc = nlp("Ruritania did not sign the trade agreement.")
    tok = _tok(doc, "sign")
    pat = matcher.match(tok)[0]
    assert pat is not None
    cat, status = apply_status(Category(pat.event, pat.mode, pat.cameo), 1, cl.modality(tok), None, tok, pat) or (
        None,
        None,
    )
    assert cat is not None and cat.event == "REJECT" and status == "asserted"


# -- recipients -------------------------------------------------------------------------
@pytest.mark.model
def test_slot_tokens_read_object_and_dative(nlp: Any) -> None:
    doc = nlp("Norway sent a shipment of grain to Sudan.")
    tok = _tok(doc, "sent")
    assert [t.text for t in slot_tokens(tok, "object", None, None)] == ["shipment"]
    assert [t.text for t in slot_tokens(tok, "iobj", None, None)] == ["Sudan"]
    assert slot_tokens(tok, "prep.in", None, None, deep=True) == []  # places one phrase down say where


# -- merging ----------------------------------------------------------------------------
@pytest.mark.model
def test_two_mentions_of_one_event_are_one_record(pipeline: Any) -> None:
    text = (
        "Turkish police arrested a Greek journalist on Monday. "
        "Turkish police arrested the Greek journalist near the border on Monday."
    )
    events = [e for e in pipeline.code_text(text, date="2025-11-18") if e.event == "COERCE"]
    assert len(events) == 1, events
    assert events[0].mentions == 2 and len(events[0].evidence) == 2
