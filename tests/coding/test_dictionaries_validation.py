"""Dictionary validation: every problem in a pattern or actor file is reported with file, line
and field; `dyadwatch dict check DIR` lists them; a valid user directory changes the coding."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dyadwatch.actors.dictionary import ActorDictionary, load_actor_entries
from dyadwatch.cli import app
from dyadwatch.coding.patterns import PatternDictionary, load_patterns
from dyadwatch.errors import DataFileError
from dyadwatch.pipeline import Pipeline
from dyadwatch.resources import data_path

GOOD_PATTERN = {"id": "user.verb.shun.0001", "verb": "shun", "event": "REJECT", "mode": "meet", "cameo": "120",
                "recipient": ["object"]}
GOOD_PERSON = {"id": "person.user.elena-varga", "type": "person", "code": "HUN", "sector": "GOV",
               "name": "Elena Varga", "names": ["Varga"], "role": "Foreign Minister", "from": "2025-01-01", "to": None}

# (line content, the line number, the field named in the message, words the message must contain)
BAD_PATTERNS = [
    ('{"id": "user.a", "verb": "snarl", "event": "REJECT", "cameo": "120"', 2, None, "not valid JSON"),
    ({"id": "user.b", "verb": "snarl", "event": "SCOLD", "cameo": "120"}, 3, "[event]",
     "unknown PLOVER category 'SCOLD'"),
    ({"id": "user.c", "verb": "snarl", "event": "REQUEST", "mode": "firearms", "cameo": "100"}, 4, "[event]",
     "mode 'firearms' is not a mode of REQUEST"),
    ({"id": "user.d", "verb": "snarl", "event": "ACCUSE", "cameo": "111", "context": ["gossip"]}, 5, "[context]",
     "unknown PLOVER context 'gossip'"),
    ({"id": "verb.urge.0001", "verb": "snarl", "event": "ACCUSE", "cameo": "111"}, 6, "[id]",
     "duplicate id 'verb.urge.0001' (first in verbs/request.jsonl:"),
    ({"id": "user.f", "event": "ACCUSE", "cameo": "111"}, 7, None, "give exactly one of 'verb', 'noun' or 'adj'"),
    ({"id": "user.g", "verb": "snarl", "event": "ACCUSE", "cameo": "111", "recipient": ["behind.the.back"]}, 8, None,
     "unknown recipient slot"),
    ({"id": "user.h", "verb": "snarl", "event": "ACCUSE", "cameo": "eleven"}, 9, "[cameo]", "pattern"),
    ({"id": "user.i", "verb": "snarl", "event": "ACCUSE", "cameo": "111",
      "future": {"event": "AGREE", "mode": "visit"}}, 10, "[future]", "mode 'visit' is not a mode of AGREE"),
    ({"id": "user.j", "verb": "snarl", "event": "ACCUSE", "cameo": "111", "colour": "red"}, 11, "[colour]", "Extra"),
]
BAD_ACTORS = [
    ({"id": "person.user.x", "type": "person", "code": "HUN", "sector": "WIZ", "name": "X Y"}, 1, "[sector]",
     "unknown PLOVER sector 'WIZ'"),
    ({"id": "person.user.y", "type": "person", "code": "hu", "sector": "GOV", "name": "Y Z"}, 2, "code", "pattern"),
    ({"id": "country.FRA", "type": "country", "code": "FRA", "names": ["Frankreich"]}, 3, "[id]",
     "duplicate id 'country.FRA' (first in actors/countries.jsonl:"),
    ({"id": "org.user.z", "type": "organisation", "code": "IGO"}, 4, "names", "Field required"),
    ({"id": "person.user.w", "type": "wizard", "code": "HUN", "name": "W"}, 5, None, "type"),
]


def _write(path: Path, lines: list[Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join((ln if isinstance(ln, str) else json.dumps(ln)) + "\n" for ln in lines), encoding="utf-8")


@pytest.fixture()
def bad_dir(tmp_path: Path) -> Path:
    _write(tmp_path / "verbs" / "mine.jsonl", ["# my patterns"] + [b[0] for b in BAD_PATTERNS])
    _write(tmp_path / "actors" / "mine.jsonl", [b[0] for b in BAD_ACTORS])
    return tmp_path


@pytest.fixture()
def good_dir(tmp_path: Path) -> Path:
    _write(tmp_path / "verbs" / "shun.jsonl", ["# analyst patterns", GOOD_PATTERN])
    _write(tmp_path / "actors" / "people.jsonl", [GOOD_PERSON])
    return tmp_path


def _find(problems: list[str], file: str, line: int) -> list[str]:
    return [p for p in problems if f"{file}:{line} " in p]


def test_every_shipped_data_file_passes_validation() -> None:
    patterns, p_problems = load_patterns()
    entries, a_problems = load_actor_entries()
    assert p_problems == [] and a_problems == []
    assert len(patterns) > 300 and len(entries) > 250
    for folder in ("verbs", "actors", "ontology"):
        for item in data_path(folder).iterdir():
            if item.name.endswith(".jsonl"):
                for number, line in enumerate(item.read_text(encoding="utf-8").splitlines(), 1):
                    if line.strip() and not line.startswith("#"):
                        assert isinstance(json.loads(line), dict), f"{folder}/{item.name}:{number}"
    ids = [p.id for p in patterns]
    assert len(ids) == len(set(ids))


def test_pattern_problems_name_file_line_and_field(bad_dir: Path) -> None:
    file = str(bad_dir / "verbs" / "mine.jsonl")
    _patterns, problems = load_patterns((bad_dir,))
    for _content, line, field, words in BAD_PATTERNS:
        found = _find(problems, file, line)
        assert found, (line, problems)
        assert any(words in p and (field is None or field in p) for p in found), (line, found)
        assert all(re.match(r"\[DW10[2-5]\] ", p) for p in found)
    assert len(problems) >= len(BAD_PATTERNS)


def test_actor_problems_name_file_line_and_field(bad_dir: Path) -> None:
    file = str(bad_dir / "actors" / "mine.jsonl")
    _entries, problems = load_actor_entries((bad_dir,))
    for _content, line, field, words in BAD_ACTORS:
        found = _find(problems, file, line)
        assert found, (line, problems)
        assert any(words in p and (field is None or field in p) for p in found), (line, found)


def test_loading_raises_data_file_error_listing_every_problem(bad_dir: Path) -> None:
    with pytest.raises(DataFileError) as info:
        PatternDictionary.load([bad_dir])
    assert len(info.value.problems) >= len(BAD_PATTERNS)
    assert "[DW" in str(info.value) and "mine.jsonl:3" in str(info.value)
    with pytest.raises(DataFileError) as info:
        ActorDictionary.load([bad_dir])
    assert len(info.value.problems) >= len(BAD_ACTORS)
    with pytest.raises(DataFileError):
        Pipeline(dict_dirs=[bad_dir]).coder  # noqa: B018 - the coder is built lazily


def test_prefixed_files_in_the_directory_root_are_read(tmp_path: Path) -> None:
    """``DIR/verbs-extra.jsonl`` counts as a pattern file, like ``DIR/verbs/*.jsonl``."""
    _write(tmp_path / "verbs-extra.jsonl", [{"id": "user.k", "verb": "snarl", "event": "NOPE", "cameo": "111"}])
    _patterns, problems = load_patterns((tmp_path,))
    assert problems and "verbs-extra.jsonl:1 [event] unknown PLOVER category 'NOPE'" in problems[0]


def test_dict_check_command_lists_problems_and_exits_1(bad_dir: Path) -> None:
    result = CliRunner().invoke(app, ["dict", "check", str(bad_dir)])
    assert result.exit_code == 1
    out = result.output
    for _content, line, _field, _words in BAD_PATTERNS:
        assert f"mine.jsonl:{line}" in out
    assert "unknown PLOVER sector 'WIZ'" in out and "duplicate id 'country.FRA'" in out
    assert re.search(r"\d+ problem\(s\) found", out)


def test_dict_check_command_accepts_a_good_directory(good_dir: Path) -> None:
    result = CliRunner().invoke(app, ["dict", "check", str(good_dir)])
    assert result.exit_code == 0, result.output
    shipped = len(load_patterns()[0])
    assert f"ok: {shipped + 1} patterns" in result.output


def test_dict_check_without_directory_checks_the_shipped_data() -> None:
    result = CliRunner().invoke(app, ["dict", "check"])
    assert result.exit_code == 0 and result.output.startswith("ok: ")


@pytest.mark.model
def test_user_dictionary_changes_the_coding(good_dir: Path, nlp: Any) -> None:
    """A new verb ('shun' -> REJECT/meet) and a new person ('Varga', Hungary) take effect."""
    text = "Varga shunned the Austrian envoy at the summit on Monday."
    shipped = Pipeline(nlp=nlp).code_text(text, date="2025-11-18")
    assert not any(e.event == "REJECT" and e.actor_codes == ("HUN",) for e in shipped)
    events = Pipeline(nlp=nlp, dict_dirs=[good_dir]).code_text(text, date="2025-11-18")
    (ev,) = [e for e in events if e.event == "REJECT"]
    assert ev.mode == ("meet",) and ev.actor_codes == ("HUN",) and ev.recipient_codes == ("AUT",)
    assert ev.pattern_id == "user.verb.shun.0001"
    assert ev.actor[0].source == "person.user.elena-varga"


@pytest.mark.model
def test_user_person_outside_term_is_an_elite_not_the_government(tmp_path: Path, nlp: Any) -> None:
    person = dict(GOOD_PERSON, **{"from": "2026-01-01"})
    _write(tmp_path / "actors" / "people.jsonl", [person])
    events = Pipeline(nlp=nlp, dict_dirs=[tmp_path]).code_text("Varga criticised Austria on Monday.", date="2025-11-18")
    hungarian = [a for e in events for a in e.actor if a.code == "HUN"]
    assert hungarian and all(a.sector == "ELI" for a in hungarian)
