"""Which words an actor or recipient is given as its mention (start/end/text), and recipients found
in phrases the slot rules did not reach: a pronoun's antecedent in the same sentence, one side
named by coordinated phrases, an object's participle ('sanctions imposed on X'), and people or
groups no dictionary knows on the receiving end (coding/recipient_finding.py). Sentences written
for these tests."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.model

DAY = "2025-11-18"


def _event(pipeline: Any, text: str, event: str) -> Any:
    found = [e for e in pipeline.code_text(text, date=DAY) if e.event == event]
    assert found, f"no {event} coded in {text!r}: {pipeline.code_text(text, date=DAY)}"
    return found[0]


def _mention(text: str, ent: Any) -> str:
    assert text[ent.start : ent.end] == ent.text  # offsets and text agree
    return str(ent.text)


@pytest.mark.parametrize(
    ("text", "event", "code", "mention"),
    [
        ("The Kenyan army said it had captured a rebel camp near the border.", "COERCE", "KEN", "Kenyan army"),
        ("Peru's foreign ministry announced that it had expelled two Chilean diplomats.", "SANCTION", "PER", "Peru"),
        ("President Ruto said he had accused Uganda of arming the rebels.", "ACCUSE", "KEN", "Ruto"),
    ],
)
def test_a_pronoun_actor_is_mentioned_by_its_antecedent_in_the_sentence(
    pipeline: Any, text: str, event: str, code: str, mention: str
) -> None:
    ev = _event(pipeline, text, event)
    (actor,) = ev.actor
    assert actor.code == code
    assert mention in _mention(text, actor)
    assert actor.source.startswith("in-article:pronoun->")


def test_a_pronoun_whose_antecedent_is_in_an_earlier_sentence_keeps_its_own_words(pipeline: Any) -> None:
    text = "The Kenyan army moved north on Monday. It captured a rebel camp near the border."
    ev = _event(pipeline, text, "COERCE")
    assert ev.actor[0].code == "KEN" and _mention(text, ev.actor[0]) == "It"


@pytest.mark.parametrize(
    ("text", "event", "phrase"),
    [
        ("Fishermen from the coast said they had blocked the harbour road.", "PROTEST", "Fishermen"),
        ("Rebel commanders claimed they had raided a police post in the hills.", "ASSAULT", "Rebel commanders"),
    ],
)
def test_a_reported_pronoun_stands_for_a_speaker_no_dictionary_knows(
    pipeline: Any, text: str, event: str, phrase: str
) -> None:
    ev = _event(pipeline, text, event)
    (actor,) = ev.actor
    assert actor.code is None and _mention(text, actor) == phrase


def test_a_pronoun_of_another_kind_is_not_the_speaker(pipeline: Any) -> None:
    # 'he' is no plural group: the reported clause's actor is not the farmers
    events = pipeline.code_text("Farmers in the valley said he had blocked the harbour road.", date=DAY)
    assert not [a for e in events for a in e.actor if a.text.startswith("Farmers")]


def test_one_side_named_by_coordinated_phrases_is_one_mention_over_all_of_them(pipeline: Any) -> None:
    text = "Ukraine imposed sanctions on Russian President Vladimir Putin and Russia's defence ministry."
    ev = _event(pipeline, text, "SANCTION")
    rus = [r for r in ev.recipient if r.code == "RUS"]
    assert rus, ev.recipient
    assert "Putin" in _mention(text, rus[0]) or "ministry" in _mention(text, rus[0])


def test_different_countries_in_a_coordination_keep_their_own_mentions(pipeline: Any) -> None:
    text = "Norway lifted the sanctions it had imposed on Chile and Argentina."
    ev = _event(pipeline, text, "CONCEDE")
    got = {r.code: _mention(text, r) for r in ev.recipient}
    assert got == {"CHL": "Chile", "ARG": "Argentina"}


@pytest.mark.parametrize(
    ("text", "event", "codes"),
    [
        ("Canada lifted the restrictions imposed on Cuba and Venezuela.", "CONCEDE", {"CUB", "VEN"}),
        ("Brazil eased the export limits placed on Paraguay.", "CONCEDE", {"PRY"}),
    ],
)
def test_an_objects_participle_carries_its_recipient(pipeline: Any, text: str, event: str, codes: set[str]) -> None:
    ev = _event(pipeline, text, event)
    assert set(ev.recipient_codes) == codes


@pytest.mark.parametrize(
    ("text", "event", "phrase"),
    [
        ("Costa Rica granted asylum to Maria Duarte.", "AID", "Maria Duarte"),
        ("The insurgents freed eleven hostages on Friday.", "RETREAT", "eleven hostages"),
    ],
)
def test_a_recipient_no_dictionary_knows_is_kept_with_its_words(
    pipeline: Any, text: str, event: str, phrase: str
) -> None:
    ev = _event(pipeline, text, event)
    unknown = [r for r in ev.recipient if r.code is None]
    assert unknown, ev.recipient
    assert phrase in _mention(text, unknown[0])
    assert ev.recipient_codes == ()  # no country: no dyad counts it


def test_a_recipient_with_a_country_is_not_replaced_by_an_unknown_one(pipeline: Any) -> None:
    text = "Costa Rica granted asylum to Maria Duarte of Nicaragua."
    ev = _event(pipeline, text, "AID")
    assert "NIC" in ev.recipient_codes


@pytest.mark.parametrize(
    ("text", "event", "code", "mention"),
    [
        ("Colombian troops stayed on high alert in Cali after the riots.", "MOBILIZE", "COL", "Cali"),
        ("Sudan's army declared a truce in Khartoum on Sunday.", "RETREAT", "SDN", "Khartoum"),
    ],
)
def test_force_used_or_laid_down_at_home_has_the_place_as_recipient(
    pipeline: Any, text: str, event: str, code: str, mention: str
) -> None:
    ev = _event(pipeline, text, event)
    assert ev.actor_codes == (code,) and ev.recipient_codes == (code,)
    assert _mention(text, ev.recipient[0]) == mention


def test_the_actors_own_place_is_no_recipient_of_itself(pipeline: Any) -> None:
    text = "The rebel commander surrendered on Friday in Angola."
    events = [e for e in pipeline.code_text(text, date=DAY) if e.event == "RETREAT"]
    for ev in events:
        assert not {(r.start, r.end) for r in ev.recipient} & {(a.start, a.end) for a in ev.actor}


@pytest.mark.parametrize(
    ("text", "code", "mention"),
    [
        (
            "The Baloch Liberation Army claimed responsibility for the blast, which killed four soldiers.",
            "PAK",
            "Baloch",
        ),
        ("Rebels of the Northern Front claimed responsibility for an attack that killed two guards.", "", "Rebels"),
    ],
)
def test_who_claims_responsibility_for_an_attack_is_its_actor(
    pipeline: Any, text: str, code: str, mention: str
) -> None:
    events = [e for e in pipeline.code_text(text, date=DAY) if e.event == "ASSAULT"]
    assert events, text
    assert all(e.actor_codes == ((code,) if code else ()) for e in events), [(e.actor, e.recipient) for e in events]
    assert mention in _mention(text, events[0].actor[0])
    assert len(events) == 1  # the attack and what it did are one event


def test_a_claim_of_responsibility_alone_is_a_statement_not_an_attack(pipeline: Any) -> None:
    # CAMEO codes a claim of responsibility as a statement: the attack noun is no new event
    events = pipeline.code_text("Boko Haram has claimed responsibility for the Maiduguri attack.", date=DAY)
    assert not [e for e in events if e.event == "ASSAULT"]


def test_a_town_before_an_event_noun_is_where_not_who(pipeline: Any) -> None:
    text = "Witnesses described the Kandahar bombing to reporters on Monday."
    events = [e for e in pipeline.code_text(text, date=DAY) if e.event == "ASSAULT"]
    assert not [a for e in events for a in e.actor if a.text == "Kandahar"]


@pytest.mark.parametrize(
    ("text", "event", "code", "mention"),
    [
        ("Ghana's finance minister resigned on Monday.", "RETREAT", "GHA", ""),
        ("Raul Castro stepped down as president of Cuba.", "RETREAT", "CUB", "president of Cuba"),
        ("The Peruvian interior minister has refused to resign despite pressure.", "REJECT", "PER", ""),
    ],
)
def test_a_resignation_or_a_refusal_to_resign_is_about_the_actors_own_office(
    pipeline: Any, text: str, event: str, code: str, mention: str
) -> None:
    ev = _event(pipeline, text, event)
    assert ev.actor_codes == (code,) and ev.recipient_codes == (code,)
    assert _mention(text, ev.recipient[0]) == mention


@pytest.mark.parametrize(
    ("text", "event", "code", "mention"),
    [
        ("Bolivian police detained four suspects over the murder of a judge.", "COERCE", "BOL", "suspects"),
        ("The Vietnamese authorities have outlawed opposition parties.", "COERCE", "VNM", "opposition parties"),
    ],
)
def test_a_domestic_recipient_is_mentioned_by_what_the_event_is_done_to(
    pipeline: Any, text: str, event: str, code: str, mention: str
) -> None:
    ev = _event(pipeline, text, event)
    assert ev.recipient_codes == (code,)
    assert mention in _mention(text, ev.recipient[0])


@pytest.mark.parametrize(
    ("text", "event", "mention"),
    [
        ("The Afghan president declared a three-day ceasefire with the Taliban.", "RETREAT", "Taliban"),
        ("The Nigerian army launched an offensive against bandits in the northwest.", "ASSAULT", "bandits"),
    ],
)
def test_a_counterpart_phrase_of_the_event_is_its_recipient(pipeline: Any, text: str, event: str, mention: str) -> None:
    ev = _event(pipeline, text, event)
    assert ev.recipient, ev
    assert mention in _mention(text, ev.recipient[0])


def test_the_author_of_what_is_conceded_is_the_recipient(pipeline: Any) -> None:
    text = "Kenya's health minister accepted the demands of the striking nurses."
    events = [e for e in pipeline.code_text(text, date=DAY) if e.event == "CONCEDE"]
    assert events, pipeline.code_text(text, date=DAY)
    assert "nurses" in _mention(text, events[0].recipient[0])


def test_a_country_in_a_clause_inside_the_subject_is_not_the_actor(pipeline: Any) -> None:
    # 'sell' has the plans as its subject; Manila is where the jets would go, not who sells them
    text = "Beijing demanded that Washington cancel plans to sell fighter jets to Manila."
    events = pipeline.code_text(text, date=DAY)
    assert not [e for e in events if "PHL" in e.actor_codes], [(e.event, e.actor) for e in events]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("The Nordic nations pledged firm backing for Oslo's proposal.", "Nordic nations"),
        ("The strikers accepted the offer from the port company.", "strikers"),
    ],
)
def test_a_generic_head_with_a_name_or_a_group_word_is_someone(pipeline: Any, text: str, phrase: str) -> None:
    events = pipeline.code_text(text, date=DAY)
    assert [a for e in events for a in e.actor if phrase in a.text], [(e.event, e.actor) for e in events]


def test_coordinated_recipients_no_dictionary_knows_are_kept_beside_a_known_one(pipeline: Any) -> None:
    text = "Canada imposed sanctions on Vladimir Putin, Ivan Sorokin and Pavel Lebedev."
    ev = _event(pipeline, text, "SANCTION")
    assert ev.recipient_codes == ("RUS",)
    assert [_mention(text, r) for r in ev.recipient if r.code is None] == ["Ivan Sorokin", "Pavel Lebedev"]


def test_the_sentences_other_side_takes_the_countries_coordinated_with_it(pipeline: Any) -> None:
    text = "Japan announced aid to help families in Chad, Niger and Mali."
    ev = _event(pipeline, text, "AID")
    assert set(ev.recipient_codes) == {"TCD", "NER", "MLI"}


def test_the_slots_own_group_is_the_domestic_recipient_before_one_inside_it(pipeline: Any) -> None:
    text = "The armed group will not free the soldiers and police officers it is holding."
    events = pipeline.code_text(text, date=DAY)
    assert [r for e in events for r in e.recipient if _mention(text, r).startswith("soldiers")], events


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("The Sinaloa cartel has been responsible for a string of murders in the north.", "Sinaloa cartel"),
        ("The junta was responsible for the killing of 30 students in Yangon.", "junta"),
    ],
)
def test_who_is_responsible_for_an_event_is_its_actor(pipeline: Any, text: str, phrase: str) -> None:
    ev = _event(pipeline, text, "ASSAULT")
    assert phrase in _mention(text, ev.actor[0])


@pytest.mark.parametrize(
    ("text", "event", "codes", "mention"),
    [
        ("Canada is willing to withdraw its soldiers from Latvia.", "AGREE", ("LVA",), "Latvia"),
        ("Mali is willing to withdraw its soldiers from Kidal.", "AGREE", ("MLI",), "Kidal"),
    ],
)
def test_the_actors_own_forces_are_not_the_recipient_of_a_withdrawal(
    pipeline: Any, text: str, event: str, codes: tuple[str, ...], mention: str
) -> None:
    ev = _event(pipeline, text, event)
    assert ev.recipient_codes == codes
    assert _mention(text, ev.recipient[0]) == mention


def test_the_people_an_event_is_done_to_are_recipients_beside_where_they_go(pipeline: Any) -> None:
    text = "The rebels said they released a Cuban doctor to Kenyan diplomats."
    events = pipeline.code_text(text, date=DAY)
    assert [e for e in events if {"CUB", "KEN"} <= set(e.recipient_codes)], [(e.event, e.recipient) for e in events]


def test_a_thing_with_a_place_in_it_is_no_counterpart_of_a_joint_actor(pipeline: Any) -> None:
    ev = _event(pipeline, "Ghana and Nigeria signed a defence pact in Accra on Wednesday.", "SUPPORT")
    assert ev.recipient_codes == ()


def test_a_named_slot_is_its_own_domestic_recipient_before_a_group_coordinated_with_it(pipeline: Any) -> None:
    text = "The Kenyan treasury lifted the ban on Safaricom and other firms."
    events = pipeline.code_text(text, date=DAY)
    assert [r for e in events for r in e.recipient if _mention(text, r) == "Safaricom"], [
        (e.event, e.recipient) for e in events
    ]


@pytest.mark.parametrize(
    ("text", "event", "code", "mention"),
    [
        ("Opposition supporters rallied on Friday. The government detained dozens of marchers in Lusaka.",
         "COERCE", "ZMB", "government"),
        ("The interior ministry banned the march in Quito on Tuesday.", "COERCE", "ECU", "interior ministry"),
        ("Police arrested five protesters in Harare on Tuesday.", "COERCE", "ZWE", "Police"),
    ],
)
def test_a_subject_whose_country_the_sentence_tells_is_mentioned_by_its_own_words(
    pipeline: Any, text: str, event: str, code: str, mention: str
) -> None:
    """'The government ... in Lusaka': the place says whose government, the subject's words say
    who acted; the mention is the subject's phrase, not the place."""
    ev = _event(pipeline, text, event)
    (actor,) = ev.actor
    assert actor.code == code and _mention(text, actor) == mention
