"""`dyadwatch ingest` reports each bad input exactly once, with and without --quiet
(no model needed: every input fails before coding)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from dyadwatch.cli import app


@pytest.fixture
def bad_inputs(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "records.jsonl").write_text('{"id": "a", "title": "no text"}\nnot json\n', encoding="utf-8")
    return [str(tmp_path / "empty.txt"), str(tmp_path / "records.jsonl"), str(tmp_path / "missing.txt")]


@pytest.mark.parametrize("flags", [["--quiet"], ["-q"], []])
def test_ingest_each_problem_line_once(tmp_path, bad_inputs, flags):
    db = str(tmp_path / "problems.duckdb")
    result = CliRunner().invoke(app, ["ingest", *bad_inputs, "--db", db, *flags])
    assert result.exit_code == 1, result.output
    problem_lines = [line for line in result.stderr.splitlines() if line.startswith("[DW")]
    assert sorted(line[:7] for line in problem_lines) == ["[DW202]", "[DW205]", "[DW205]", "[DW207]"]
    assert len(problem_lines) == len(set(problem_lines)), result.stderr
    assert "4 inputs failed" in result.stderr
