"""`dyadwatch explain` and `dyadwatch actor` on real text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyadwatch.cli import app

runner = CliRunner()


@pytest.mark.model
def test_explain_shows_pattern_actor_rule_and_record() -> None:
    text = "Brazilian Foreign Minister Ana Duarte said Argentina must withdraw its new tariffs."
    result = runner.invoke(app, ["explain", text, "--date", "2025-11-18", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    (sentence,) = report["sentences"]
    assert any(t["text"] == "Argentina" and t["actor"].startswith("ARG") for t in sentence["tokens"])
    (event,) = report["events"]
    assert event["event"] == "REQUEST"
    assert [a["code"] for a in event["actor"]] == ["BRA"]
    assert [a["code"] for a in event["recipient"]] == ["ARG"]
    assert event["pattern_id"] == "rule.deontic-request"


@pytest.mark.model
def test_explain_says_why_nothing_was_coded() -> None:
    result = runner.invoke(app, ["explain", "The talks are planned for next week.", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["events"] == []
    traces = [tr for s in report["sentences"] for tr in s["traces"]]
    assert traces and all(tr["outcome"] != "coded CONSULT" for tr in traces)


@pytest.mark.model
def test_explain_reads_a_file_and_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "2025-11-18_story.txt"
    path.write_text("HANOI, Nov 18 (Reuters) - Vietnam protested to China on Tuesday. "
                    "Vietnam and Laos held talks on trade.\n", encoding="utf-8")
    result = runner.invoke(app, ["explain", str(path), "--sentence", "1", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert [s["index"] for s in report["sentences"]] == [1]
    assert {e["event"] for e in report["events"]} == {"CONSULT"}


@pytest.mark.model
@pytest.mark.parametrize(
    ("phrase", "date", "code", "sector"),
    [
        ("Chinese Foreign Ministry spokesperson", None, "CHN", "GOV"),
        ("the Japanese side", None, "JPN", "GOV"),
        ("Takaichi", "2025-11-18", "JPN", "GOV"),
        ("Kishida", "2025-11-18", "JPN", "ELI"),  # out of office: an ex-official
        ("Kishida", "2023-05-01", "JPN", "GOV"),
        ("Kenyan riot police", None, "KEN", "COP"),
    ],
)
def test_actor_command_resolves_phrases(phrase: str, date: str | None, code: str, sector: str) -> None:
    args = ["actor", phrase] + (["--date", date] if date else [])
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0].split("\t")
    assert first[:2] == [code, sector]


@pytest.mark.model
def test_actor_command_reports_no_actor() -> None:
    result = runner.invoke(app, ["actor", "the weather"])
    assert result.exit_code == 1
    assert "no actor" in result.output
