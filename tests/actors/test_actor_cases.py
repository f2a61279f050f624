"""The project's actor cases (tests/data/actor_cases.jsonl, phrases written for the project) and
what they rest on: the dictionary layers, people out of office, places, territories and the
batch resolution of ``dyadwatch actor --file``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dyadwatch.actors import ActorDictionary
from dyadwatch.actors.phrases import resolve_phrases
from dyadwatch.cli import app

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
from actor_accuracy import load_cases, score  # noqa: E402

REGIONS = {"Africa", "Americas", "Asia", "Europe", "Middle East", "Oceania", "International"}


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return ActorDictionary.load()


def _resolve(pipeline: Any, text: str, date: str | None = None) -> dict[str, Any]:
    coder = pipeline.coder
    return next(resolve_phrases([{"text": text, "date": date}], nlp=pipeline.nlp, dictionary=coder.actors,
                                town_country=coder.town_country))


def test_actor_cases_file_covers_regions_and_sectors() -> None:
    cases = load_cases()
    assert len(cases) >= 300
    assert {c["region"] for c in cases} == REGIONS
    sectors = {c["sector"] for c in cases}
    assert {"GOV", "MIL", "COP", "JUD", "LEG", "REB", "EDU", "BUS", "CVL", "ELI", "PRE", "JRN", "OPP"} <= sectors
    kinds = {c["kind"] for c in cases}
    assert {"person", "former", "dated", "title", "organisation", "armed group", "territory", "military", "court",
            "legislature", "university", "company", "demonym", "city", "minister"} <= kinds


@pytest.mark.model
def test_actor_cases_accuracy(pipeline: Any) -> None:
    result = score(load_cases(), pipeline=pipeline)
    assert result["country_accuracy"] >= 0.95, result["misses"]
    assert result["sector_accuracy"] >= 0.85, result["misses"]
    for region, r in result["by_region"].items():
        assert r["country"] >= 0.85, (region, r)


@pytest.mark.model
@pytest.mark.parametrize(("text", "date", "code", "sector"), [
    ("Gordon Brown", None, "GBR", "ELI"),  # out of office, no date: the latest term, as elite
    ("Gordon Brown", "2008-05-01", "GBR", "GOV"),
    ("former Prime Minister Gordon Brown", "2008-05-01", "GBR", "ELI"),  # the text's title wins
    ("Kharkiv", None, "UKR", "CVL"),
    ("Karachi police", None, "PAK", "COP"),
    ("Lagos State government", None, "NGA", "GOV"),
    ("the mayor of Osaka", None, "JPN", "GOV"),
    ("Western Sahara", None, "MAR", "PRE"),
    ("Portuguese", None, "PRT", "CVL"),
])
def test_issue_examples(pipeline: Any, text: str, date: str | None, code: str, sector: str) -> None:
    row = _resolve(pipeline, text, date)
    assert (row["code"], row["sector"]) == (code, sector), row


def test_petrarch_layer_files_validate_line_by_line() -> None:
    from dyadwatch.actors.dictionary import _ENTRY, BASE_FOLDER
    from dyadwatch.resources import data_path, validated_entries

    problems: list[str] = []
    entries = list(validated_entries(BASE_FOLDER, _ENTRY.validate_python, problems))
    assert problems == [] and len(entries) > 30000
    meta = json.loads(data_path(BASE_FOLDER, "meta.json").read_text(encoding="utf-8"))
    assert "MIT" in meta["licence"] and meta["report"]["kinds"]["person"] > 10000
    assert "Copyright (c) 2014 Open Event Data" in data_path(BASE_FOLDER, "LICENSE").read_text(encoding="utf-8")


@pytest.mark.skipif(not (ROOT.parent / "shared" / "dictionaries" / "petrarch2").is_dir(),
                    reason="the PETRARCH2 source dictionaries are in the shared folder beside the repository")
def test_build_petrarch_actors_check() -> None:
    import subprocess

    result = subprocess.run([sys.executable, str(ROOT / "tools" / "build_petrarch_actors.py"), "--check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_former_officeholder_without_date_is_elite(actors: ActorDictionary) -> None:
    hit = actors.lookup("Tony Blair".split())
    assert hit is not None and (hit.code, hit.sector) == ("GBR", "ELI")
    # a national office counts before a later UN post: that country's elite
    hit = actors.lookup("Michelle Bachelet".split())
    assert hit is not None and (hit.code, hit.sector) == ("CHL", "ELI")


def test_layers_hand_wins_and_conflicts_are_kept(actors: ActorDictionary, tmp_path: Path) -> None:
    # the converted layer is loaded, under the hand files
    layers = set(actors.layers.values())
    assert {"petrarch", "hand"} <= layers
    # a phrase both layers have is taken from the hand layer only
    for key, hits in list(actors.phrases.items())[:5000]:
        assert len({h.layer for h in hits}) == 1, key
    # no person is in both layers (the build leaves out converted people the hand files have)
    hand = {actors.entries[i].name for i, layer in actors.layers.items()  # type: ignore[union-attr]
            if layer == "hand" and i.startswith("person.")}
    converted = {actors.entries[i].name for i, layer in actors.layers.items()  # type: ignore[union-attr]
                 if layer == "petrarch" and ".person." in i}
    assert hand and converted and not hand & converted
    # an analyst's directory is over all
    d = tmp_path / "actors"
    d.mkdir()
    (d / "mine.jsonl").write_text(json.dumps({"id": "mine.blair", "type": "person", "code": "GBR", "sector": "OPP",
                                              "name": "Tony Blair", "names": []}) + "\n", encoding="utf-8")
    mine = ActorDictionary.load([tmp_path])
    hit = mine.lookup("Tony Blair".split(), date="2000-01-01")
    assert hit is not None and (hit.sector, hit.layer) == ("OPP", "user")


def test_dict_check_lists_conflicts(tmp_path: Path) -> None:
    d = tmp_path / "actors"
    d.mkdir()
    (d / "mine.jsonl").write_text(json.dumps({"id": "mine.kabul", "type": "organisation", "code": "PAK",
                                              "names": ["Kabul"]}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["dict", "check", str(tmp_path), "--conflicts"])
    assert result.exit_code == 0, result.output
    assert "Kabul" in result.output and "AFG" in result.output and "PAK" in result.output


@pytest.mark.model
def test_actor_file_prints_one_json_line_per_phrase(tmp_path: Path) -> None:
    src = tmp_path / "phrases.jsonl"
    src.write_text("\n".join([
        json.dumps({"text": "Karachi police"}),
        json.dumps({"text": "Gordon Brown", "date": "2008-05-01"}),
        "not json",
        json.dumps({"text": "Hamas"}),
        json.dumps({"text": "the weather", "date": "yesterday"}),
    ]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["actor", "--file", str(src)])
    assert result.exit_code == 1  # two bad lines, reported with their numbers; the rest printed
    assert f"{src}:3" in result.stderr and f"{src}:5" in result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["text"], r["code"], r["sector"]) for r in rows] == [
        ("Karachi police", "PAK", "COP"), ("Gordon Brown", "GBR", "GOV"), ("Hamas", "PSE", "REB")]
    assert rows[1]["entry"].startswith("person.hist.gordon-brown") and rows[1]["layer"] == "hand"
    assert rows[0]["layer"] in ("petrarch", "gazetteer")
    assert set(rows[2]) >= {"code", "sector", "name", "entry", "layer", "actors"}
