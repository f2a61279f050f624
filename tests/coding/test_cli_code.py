"""`dyadwatch code`: jsonl, table and csv output from files and standard input, bad inputs among
good ones, and the --status filter (real pipeline through typer's CliRunner)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dyadwatch.cli import app

pytestmark = pytest.mark.model

ARTICLE_A = ("date 2025-11-18 Oslo: Norway sent humanitarian aid to Sudan on Friday. "
             "Japan will summon the Chinese ambassador over the remarks.\n")
ARTICLE_B = ("KYIV, Nov 18, 2025 (Reuters) - Turkish jets bombed Kurdish militant positions in northern Iraq "
             "on Thursday.\n")


@pytest.fixture()
def inputs(tmp_path: Path, nlp: Any) -> Path:  # nlp: load spaCy once for the session
    (tmp_path / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    return tmp_path


def _run(args: list[str], stdin: str | None = None) -> Any:
    return CliRunner().invoke(app, ["code", "--quiet", *args], input=stdin)


def _rows(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_jsonl_from_files(inputs: Path) -> None:
    result = _run([str(inputs / "a.txt"), str(inputs / "b.txt")])
    assert result.exit_code == 0, result.output
    rows = _rows(result.stdout)
    got = {(r["event"], r["status"]) for r in rows}
    assert got == {("AID", "asserted"), ("ACCUSE", "future"), ("ASSAULT", "asserted")}
    aid = next(r for r in rows if r["event"] == "AID")
    assert aid["date"] == "2025-11-14" and aid["published"] == "2025-11-18"
    assert [a["code"] for a in aid["actor"]] == ["NOR"] and [a["code"] for a in aid["recipient"]] == ["SDN"]
    assert {"id", "article_id", "date_precision", "mode", "context", "cameo", "quad_class", "intensity",
            "location", "attribution", "evidence", "mentions", "pattern_id", "data_version"} <= set(aid)
    assert aid["evidence"][0]["text"].startswith("Norway sent humanitarian aid")


def test_directory_is_read_recursively(inputs: Path) -> None:
    result = _run([str(inputs)])
    assert result.exit_code == 0
    assert len(_rows(result.stdout)) == 3


def test_jsonl_from_stdin(inputs: Path) -> None:
    result = _run(["-"], stdin=ARTICLE_B)
    assert result.exit_code == 0, result.output
    (row,) = _rows(result.stdout)
    assert row["event"] == "ASSAULT" and row["date"] == "2025-11-13"
    assert [a["code"] for a in row["actor"]] == ["TUR"]


def test_csv_output(inputs: Path) -> None:
    result = _run(["--format", "csv", str(inputs / "a.txt"), "-"], stdin=ARTICLE_B)
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(table) == 3
    assert {"id", "event", "status", "actor", "recipient", "evidence"} <= set(table[0])
    aid = next(r for r in table if r["event"] == "AID")
    assert aid["actor"] == "NOR/GOV" and aid["recipient"].startswith("SDN/") and aid["status"] == "asserted"


def test_table_output(inputs: Path) -> None:
    result = _run(["--format", "table", str(inputs / "a.txt")])
    assert result.exit_code == 0, result.output
    out = result.stdout
    for word in ("AID", "ACCUSE", "NOR GOV", "future", "2025-11-14"):
        assert word in out, word
    assert "2 events" in result.stderr


def test_table_from_stdin(inputs: Path) -> None:
    result = _run(["-f", "table", "-"], stdin=ARTICLE_A)
    assert result.exit_code == 0 and "AID" in result.stdout


def test_unknown_format_is_refused(inputs: Path) -> None:
    result = _run(["--format", "xml", str(inputs / "a.txt")])
    assert result.exit_code != 0 and "--format" in result.output


def test_bad_file_among_good_ones(inputs: Path) -> None:
    (inputs / "empty.txt").write_text("", encoding="utf-8")
    (inputs / "blob.txt").write_bytes(b"\x00\x01\x02\xff\xfe" * 50)
    result = _run([str(inputs / "a.txt"), str(inputs / "empty.txt"), str(inputs / "blob.txt"),
                   str(inputs / "missing.txt"), str(inputs / "b.txt")])
    assert result.exit_code == 1
    assert len(_rows(result.stdout)) == 3  # both good files coded
    err = result.stderr
    for name in ("empty.txt", "blob.txt", "missing.txt"):
        assert name in err and "[DW2" in err
    assert "3 input(s) could not be coded" in err
    assert "Traceback" not in result.output


def test_status_filter(inputs: Path) -> None:
    result = _run(["--status", "asserted", str(inputs / "a.txt")])
    assert result.exit_code == 0
    assert [(r["event"], r["status"]) for r in _rows(result.stdout)] == [("AID", "asserted")]
    result = _run(["--status", "future", str(inputs / "a.txt")])
    assert [(r["event"], r["status"]) for r in _rows(result.stdout)] == [("ACCUSE", "future")]


def test_bad_user_dictionary_is_one_clear_error(inputs: Path, tmp_path: Path) -> None:
    bad = tmp_path / "dict"
    (bad / "verbs").mkdir(parents=True)
    (bad / "verbs" / "x.jsonl").write_text('{"id": "user.x", "verb": "snarl", "event": "GROWL", "cameo": "111"}\n',
                                           encoding="utf-8")
    result = _run(["--dict", str(bad), str(inputs / "a.txt")])
    assert result.exit_code == 1
    assert "x.jsonl:1" in result.stderr and "GROWL" in result.stderr and "Traceback" not in result.output
