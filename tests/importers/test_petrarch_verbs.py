"""The PETRARCH/TABARI verb dictionary reader and converter, on small dictionaries written for
the tests (every construct of the format), and the base layer it ships as (issue 10)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dyadwatch.cli import app
from dyadwatch.coding.patterns import (
    LAYER_ANALYST,
    LAYER_BASE,
    LAYER_HAND,
    PatternDictionary,
    layer_overlaps,
    load_patterns,
)
from dyadwatch.errors import DataFileError
from dyadwatch.importers.petrarch_verbs import (
    REASONS,
    convert_verbs,
    read_crosswalk,
    read_verb_dictionary,
    shipped_crosswalk,
)

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"

# Written for these tests: every construct of the verb dictionary format.
DICTIONARY = """\
# a verb dictionary written for the tests
&ENVOY
+ENVOY
+AMBASSADOR
+PEACE_ENVOY_

&RELIEF_
+RELIEF
+EMERGENCY_AID

---  DISPATCH   [---]  ---
DISPATCH  # a comment after a verb
CONVEY {CONVEYS CONVEYED CONVEYING}
+SHIP_OUT {+SHIPS_OUT +SHIPPED_OUT +SHIPPING_OUT} [150]
WIRE_+TAP {WIRE_+TAPS WIRE_+TAPPED WIRE_+TAPPING}
- * &ENVOY                                  [042]   # a synset as the object
- * {MEDICAL SUPPLIES}                      [073]   # a phrase
- * OFF (FOR +)                            [042:043]  # particle, the target after a preposition, paired code
- * (INTO {DISPUTED WATERS})                [154]   # a prepositional phrase with a noun
- * REINFORCEMENTS (TO BORDER)              [154]   # object and prepositional phrase
- $ * WARSHIPS                              [150:150]  # the source before the verb
- * + (AS ENVOY)                            [042]   # target as direct object, then a preposition
- * BACK &RELIEF                            [0863]  # a particle and a synset
- TROOPS * (TO +)                           [154]   # words before the verb
- + * AID                                   [070]   # target before the verb
- * AID $                                   [070]   # source after the verb
- % * AID                                   [070]   # compound actor
- * GREETINGS                               [018]   # CAMEO 01: no PLOVER category
- * CONDOLENCES                             [---]   # the null code
- * APOLOGY                                 [:055]  # only a reciprocal code
- * &UNDEFINED                              [073]   # a synset nobody defined
- * (TO)                                    [042]   # a preposition alone
- * +                                       [042]   # the target alone: the verb alone

---  CONDEMN   [111]  ---
CONDEMN
DENOUNCE [112]
- * ATTACK                                  [111]
- * ATTACK                                  [111]   # the same again
- * ATTACK                                  [112]   # the same words, another code
- * (FOR {NUCLEAR TEST})                    [1125]
~ a (a b ATTACK) SAY = a b 015
"""

CROSSWALK = """\
# a crosswalk written for the tests, in CAMEO2PLOVER's layout
04: CONSULT
042: CONSULT, visit,   # Make a visit
043: CONSULT, visit,   # Host a visit
055: SUPPORT,  , diplomatic # Apologize
07: AID
070: AID,   ,  # Provide aid
073: AID,   ,   humanitarian # Provide humanitarian aid
0863: RETREAT, access,   humanitarian # Allow delivery of humanitarian aid
11: ACCUSE
111: ACCUSE, disapprove,    # Criticize or denounce
112: ACCUSE, disapprove,    # Accuse
1125: ACCUSE, allege, legal # Accuse of espionage, treason
15: MOBILIZE
150: MOBILIZE, nonsense-mode,  # a mode dyadwatch's ontology does not have
154: MOBILIZE, troops, military # Mobilize or increase armed forces
"""


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("dict") / "test.verbs"
    path.write_text(DICTIONARY, encoding="utf-8")
    vd = read_verb_dictionary(path)
    # the constructs are tested with the visit codes (04) kept; the default leaves 03-05 out
    return vd, convert_verbs(vd, read_crosswalk(CROSSWALK), prefix="t", verbal_cooperation=True)


def _entry(conv: Any, comment_part: str) -> dict[str, Any]:
    # the first entry of a line holds the block's plain verbs ('ship out' gets one of its own)
    return dict(next(e for e in conv.entries if comment_part in e["comment"]))


def test_reader_reads_synsets_blocks_verbs_and_transformations(converted: Any) -> None:
    vd, _conv = converted
    assert vd.synsets["&ENVOY"] == [("ENVOY",), ("AMBASSADOR",), ("PEACE", "ENVOY")]
    assert vd.synsets["&RELIEF"] == [("RELIEF",), ("EMERGENCY", "AID")]  # label's '_' dropped
    dispatch, condemn = vd.blocks
    assert (dispatch.name, dispatch.code, condemn.code) == ("DISPATCH", None, "111")
    assert [v.words for v in dispatch.verbs] == [("DISPATCH",), ("CONVEY",), ("SHIP", "OUT"), ("WIRE", "TAP")]
    assert dispatch.verbs[1].forms == ("CONVEYS", "CONVEYED", "CONVEYING")
    assert dispatch.verbs[2].code == "150" and dispatch.verbs[3].verb_index == 1
    assert condemn.verbs[1].code == "112"
    assert len(dispatch.patterns) == 18 and len(condemn.patterns) == 4
    paired = dispatch.patterns[2]
    assert (paired.code, paired.pair) == ("042", "043")
    assert dispatch.patterns[14].code is None and dispatch.patterns[14].pair == "055"
    assert vd.transformations == [(42, "~ a (a b ATTACK) SAY = a b 015")]


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("&ENVOY", {"verb": ["dispatch", "convey"], "object": ["envoy", "ambassador", "peace envoy"],
                    "event": "CONSULT", "mode": "visit", "cameo": "042"}),
        # 'humanitarian' is no context of dyadwatch's ontology: left out
        ("{MEDICAL SUPPLIES}", {"object": ["medical supplies", "medical supply"], "event": "AID",
                                "cameo": "073", "context?": False}),
        ("OFF (FOR +)", {"particle": "off", "prep": "for", "recipient[:2]": ["prep.for", "object.for"],
                         "cameo": "042", "symmetric?": False}),
        ("(INTO {DISPUTED WATERS})", {"prep": "into", "object": ["disputed waters", "disputed water"],
                                      "event": "MOBILIZE", "mode": "troops"}),
        ("$ * WARSHIPS", {"object": ["warships", "warship"], "event": "MOBILIZE", "symmetric": True}),
        ("* + (AS ENVOY)", {"prep": "as", "object": ["envoy"], "recipient[:1]": ["object"]}),
        ("BACK &RELIEF", {"particle": "back", "object": ["relief", "emergency aid"], "event": "RETREAT",
                          "mode": "access"}),
        ("(FOR {NUCLEAR TEST})", {"verb": ["condemn", "denounce"], "prep": "for", "event": "ACCUSE",
                                  "mode": "allege", "cameo": "1125", "context": ["legal"]}),
    ],
)
def test_converter_expresses_each_construct(converted: Any, comment: str, expected: dict[str, Any]) -> None:
    _vd, conv = converted
    entry = _entry(conv, comment)
    for key, value in expected.items():
        if key.endswith("?"):
            assert (key[:-1] in entry) == value, (key, entry)
            continue
        got = entry[key[:-4]][: int(key[-2])] if key.endswith("]") else entry[key]
        assert got == value, (key, entry)
    assert entry["id"].startswith("t.verb.")


def test_multi_word_verb_becomes_verb_and_particle(converted: Any) -> None:
    _vd, conv = converted
    shipped_out = [e for e in conv.entries if e["verb"] == "ship" and "&ENVOY" in e["comment"]]
    assert shipped_out and shipped_out[0]["particle"] == "out"
    # the pattern's own particle and the verb's cannot both be required: not written for 'ship'
    assert not [e for e in conv.entries if e["verb"] == "ship" and "BACK" in e["comment"]]
    assert [e for e in conv.entries if "BACK" in e["comment"]][0]["verb"] == ["dispatch", "convey"]
    # '- * +' is the verb alone for 'dispatch' (not written), a phrasal verb for 'ship out'
    (alone,) = [e for e in conv.entries if e["comment"].endswith("- * + [042]")]
    assert alone["verb"] == "ship" and alone["particle"] == "out" and alone["recipient"][0] == "object"


@pytest.mark.parametrize(
    ("reason", "count"),
    [
        ("object-and-pp", 1), ("words-before-verb", 1), ("target-before-verb", 1), ("source-after-verb", 1),
        ("compound-actor", 1), ("no-plover", 1), ("reciprocal-only", 1),
        ("null-code", 3),  # CONDOLENCES [---], and DISPATCH and CONVEY under the block's [---]
        ("undefined-synset", 1), ("duplicate", 1), ("conflict", 1), ("transformation", 1),
        ("pre-verb-compound", 1 + 18),  # WIRE_+TAP and each pattern it would have taken
        ("bare-verb", 3),  # SHIP_OUT [150], CONDEMN (the block's [111]), DENOUNCE [112]
        ("bare-prep", 1), ("particle-twice", 0)
    ],
)
def test_converter_counts_what_it_cannot_express(converted: Any, reason: str, count: int) -> None:
    _vd, conv = converted
    assert reason in REASONS
    assert conv.reasons[reason] == count, conv.report()


def test_converter_leaves_verbal_cooperation_out_by_default(converted: Any) -> None:
    vd, kept = converted
    conv = convert_verbs(vd, read_crosswalk(CROSSWALK))
    assert not any(e["cameo"][:2] in ("03", "04", "05") for e in conv.entries)
    lines = {e["comment"].split()[0] for e in kept.entries if e["cameo"].startswith("04")}
    # the code is checked before the shape: '- * (TO) [042]' now counts here, not as bare-prep
    assert conv.reasons["verbal-cooperation"] == len(lines) + kept.reasons["bare-prep"]
    assert conv.total == kept.total


def test_converter_never_drops_an_entry_silently(converted: Any) -> None:
    vd, conv = converted
    verbs = sum(len(b.verbs) for b in vd.blocks)
    lines = sum(len(b.patterns) for b in vd.blocks) + len(vd.transformations)
    # each verb code and each pattern line is converted or counted under a reason; a verb the
    # format cannot hold also counts each pattern line it loses
    pre_verb = sum(len(b.patterns) for b in vd.blocks for v in b.verbs if v.verb_index > 0)
    assert conv.total == verbs + lines + pre_verb
    assert "not expressed" in conv.report() and "object-and-pp" in conv.report()
    assert conv.notes["reciprocal-dropped"] == 1 and conv.notes["mode-dropped"] >= 1


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("- * AID", "needs a code in brackets"),
        ("- * (TO BORDER [154]", "'(' without ')'"),
        ("- AID [070]", "exactly one '*'"),
        ("- * AID [07X]", "malformed CAMEO code"),
        ("- * {FOOD [073]", "'{' without '}'"),
        ("- * AID) [070]", "unmatched ')'"),
        ("---  BROKEN [070 ---", "malformed block header"),
        ("- * AID ! [070]", "unexpected '!'"),
    ],
)
def test_malformed_line_is_an_error_naming_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.verbs"
    path.write_text(f"---  GIVE   [070]  ---\nGIVE\n- * AID [070]\n{line}\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        read_verb_dictionary(path)
    assert info.value.code in ("DW110", "DW111")
    assert f"{path}:4" in str(info.value) and message in str(info.value)
    # read leniently, the line is kept as a problem and counted, the rest is read
    vd = read_verb_dictionary(path, strict=False)
    assert len(vd.malformed) == 1 and len(vd.blocks[0].patterns) == 1
    conv = convert_verbs(vd, read_crosswalk(CROSSWALK))
    assert conv.reasons["malformed"] == 1


def test_crosswalk_reads_both_layouts_and_the_shipped_one_knows_the_cameo_roots() -> None:
    text = read_crosswalk(CROSSWALK)
    assert text["042"] == ("CONSULT", "visit", ()) and text["1125"] == ("ACCUSE", "allege", ("legal",))
    tsv = read_crosswalk("042\tCONSULT\tvisit\t\n073\tAID\t\thumanitarian\n")
    assert tsv["073"] == ("AID", None, ("humanitarian",))
    shipped = shipped_crosswalk()
    assert shipped["173"][:2] == ("COERCE", "arrest") and "010" not in shipped and "195" in shipped
    with pytest.raises(DataFileError, match="DW112"):
        read_crosswalk("042 CONSULT visit\n")


# -- the layer ------------------------------------------------------------------------------
def _write(path: Path, entries: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(e) + "\n" for e in entries), encoding="utf-8")


@pytest.fixture()
def layered(tmp_path: Path) -> Path:
    """An analyst directory with a pattern of its own and a base layer of its own."""
    _write(tmp_path / "verbs_petrarch" / "mine.jsonl", [
        # same trigger and object as a hand pattern (dispatch + troops is MOBILIZE there)
        {"id": "b.verb.dispatch.0001", "verb": ["dispatch", "convey"], "object": ["troop"],
         "event": "PROTEST", "mode": "demo", "cameo": "141"},
        # a verb no other layer knows
        {"id": "b.verb.airdrop.0001", "verb": "airdrop", "object": ["supply", "food"], "event": "AID",
         "cameo": "073", "recipient": ["prep.to", "object.to"]},
    ])
    _write(tmp_path / "verbs" / "mine.jsonl", [
        {"id": "a.verb.dispatch.0001", "verb": "dispatch", "object": ["envoy"], "event": "CONSULT",
         "mode": "visit", "cameo": "042"},
    ])
    return tmp_path


def test_layers_order_the_candidates_analyst_hand_base(layered: Path) -> None:
    d = PatternDictionary.load([layered])
    layers = [p.layer for p in d.candidates("verb", "dispatch")]
    assert layers == sorted(layers) and {LAYER_ANALYST, LAYER_HAND, LAYER_BASE} <= set(layers)
    conveys = d.candidates("verb", "convey")  # each verb of a list is a trigger
    assert "b.verb.dispatch.0001" in {p.id for p in conveys} and all("convey" in p.lemmas for p in conveys)
    assert all(p.layer != LAYER_BASE for p in PatternDictionary.load([layered], base=False).patterns)


def test_layer_overlaps_lists_hidden_base_patterns(layered: Path) -> None:
    patterns, problems = load_patterns((layered,))
    assert problems == []
    conflicts, shadowed = layer_overlaps(patterns)
    hidden = [c for c in conflicts if "b.verb.dispatch.0001" in c]
    # 'dispatch' has hand patterns (the AID one lists troops), 'convey' has none
    assert len(hidden) == 1 and "'dispatch'" in hidden[0] and "is hidden by verb.dispatch.000" in hidden[0]
    assert not any("b.verb.airdrop" in line for line in conflicts + shadowed)
    result = CliRunner().invoke(app, ["dict", "check", str(layered)])
    assert result.exit_code == 0, result.output
    assert "conflict: " in result.output and "b.verb.dispatch.0001" in result.output


def test_duplicate_id_across_layers_is_a_problem(layered: Path) -> None:
    _write(layered / "verbs_petrarch" / "again.jsonl",
           [{"id": "a.verb.dispatch.0001", "verb": "hurry", "event": "AID", "cameo": "070"}])
    _patterns, problems = load_patterns((layered,))
    assert any("[DW105]" in p and "a.verb.dispatch.0001" in p for p in problems)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "event", "pattern_id"),
    [
        # only the base layer knows 'airdrop'
        ("France airdropped food to Chad on Monday.", "AID", "b.verb.airdrop.0001"),
        # base (PROTEST) and hand both match 'dispatched troops': the hand pattern wins
        ("Kenya dispatched troops to Somalia on Monday.", None, "verb.dispatch."),
        # the analyst's own pattern wins over the other layers
        ("Qatar dispatched an envoy to Sudan on Monday.", "CONSULT", "a.verb.dispatch.0001"),
    ],
)
def test_layer_precedence_in_coding(nlp: Any, layered: Path, text: str, event: str | None, pattern_id: str) -> None:
    from dyadwatch.pipeline import Pipeline

    events = Pipeline(nlp=nlp, dict_dirs=[layered]).code_text(text, date="2026-11-18")
    assert events and events[0].pattern_id.startswith(pattern_id), events
    assert event is None or events[0].event == event
    assert not any(e.event == "PROTEST" for e in events)


def test_cli_import_writes_pattern_files_that_load_as_a_base_layer(tmp_path: Path) -> None:
    source = tmp_path / "test.verbs"
    source.write_text(DICTIONARY, encoding="utf-8")
    walk = tmp_path / "walk.txt"
    walk.write_text(CROSSWALK, encoding="utf-8")
    out = tmp_path / "mine" / "verbs_petrarch"
    result = CliRunner().invoke(app, ["dict", "import", "petrarch-verbs", str(source), "--out", str(out),
                                      "--crosswalk", str(walk), "--prefix", "mine"])
    assert result.exit_code == 0, result.output
    assert "not expressed" in result.output and "no-plover" in result.output
    assert (out / "meta.json").exists() and sorted(p.name for p in out.glob("*.jsonl"))
    patterns, problems = load_patterns((tmp_path / "mine",))
    assert problems == [] and any(p.id.startswith("mine.verb.") and p.layer == LAYER_BASE for p in patterns)


def test_cli_import_stops_on_a_malformed_line_unless_told(tmp_path: Path) -> None:
    source = tmp_path / "bad.verbs"
    source.write_text(DICTIONARY.replace("- * ATTACK                                  [112]", "- * ATTACK (112]"),
                      encoding="utf-8")
    args = ["dict", "import", "petrarch-verbs", str(source), "--out", str(tmp_path / "o")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1 and f"{source}:40" in result.output
    result = CliRunner().invoke(app, [*args, "--skip-malformed"])
    assert result.exit_code == 0 and "malformed" in result.output


def test_shipped_base_layer_is_what_the_build_tool_writes() -> None:
    """tools/build_petrarch_verbs.py --check: the shipped data cannot drift from its sources."""
    if not (SHARED / "dictionaries" / "petrarch2" / "CAMEO.2.0.txt").exists():
        pytest.skip(f"the PETRARCH2 dictionary is not under {SHARED} (CI has ../shared beside the clone)")
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "build_petrarch_verbs.py"), "--check",
                             "--shared", str(SHARED)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_shipped_base_layer_loads_with_its_licence_and_counts() -> None:
    patterns, problems = load_patterns()
    assert problems == []
    base = [p for p in patterns if p.layer == LAYER_BASE]
    assert len(base) > 1000 and all(p.id.startswith("petrarch.verb.") for p in base)
    from dyadwatch.resources import data_path

    folder = data_path("verbs_petrarch")
    assert "MIT License" in (folder / "LICENSE").read_text(encoding="utf-8")
    assert "Open Event Data Alliance" in (folder / "README.md").read_text(encoding="utf-8")
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    # events record the base layer's version with the hand patterns'
    assert PatternDictionary.load().version.endswith(f"+petrarch {meta['version']}")
    assert "+petrarch" not in PatternDictionary.load(base=False).version
    assert meta["entries_read"] == meta["entries_converted"] + sum(meta["not_expressed"].values())
