"""The bad-input corpus (tests/ingest/bad_corpus.py) coded and ingested in one run each (issue 12):
every bad file named in an error, every good file coded and stored, exit status 1, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ingest"))
from bad_corpus import build  # noqa: E402

pytestmark = [pytest.mark.model, pytest.mark.issue(12)]


def run(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dyadwatch", *args], capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL, errors="replace")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], list[str]]:
    folder = tmp_path_factory.mktemp("corpus") / "in"
    good, bad = build(folder)
    return folder, good, bad


def _check_errors(stderr: str, bad: list[str]) -> None:
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if "[DW" in line]
    for name in bad:
        assert any(f"{name}:" in line or f"{name} " in line for line in lines), f"{name} not named:\n{stderr}"


def test_code_bad_corpus_one_run(corpus: tuple[Path, dict[str, str], list[str]]) -> None:
    folder, good, bad = corpus
    result = run("code", str(folder))
    assert result.returncode == 1
    _check_errors(result.stderr, bad)
    events = [json.loads(line) for line in result.stdout.splitlines()]
    codes = {c["code"] for e in events for c in e["actor"] + e["recipient"]}
    assert set(good.values()) <= codes, codes


def test_ingest_bad_corpus_one_run(corpus: tuple[Path, dict[str, str], list[str]], tmp_path: Path) -> None:
    folder, good, bad = corpus
    db = tmp_path / "store.duckdb"
    result = run("ingest", str(folder), "--db", str(db), "--quiet")
    assert result.returncode == 1
    _check_errors(result.stderr, bad)
    listed = run("events", "--db", str(db), "--format", "jsonl", "--status", "any")
    assert listed.returncode == 0, listed.stderr
    codes = {c["code"] for line in listed.stdout.splitlines() for c in json.loads(line)["actor"]}
    assert set(good.values()) <= codes, codes
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        origins = {row[0] for row in con.execute("SELECT origin FROM articles").fetchall()}
    assert {Path(o.split(":")[0]).name for o in origins} == {Path(name).name for name in good}
    again = run("ingest", str(folder), "--db", str(db), "--quiet")  # a rerun stores nothing twice
    assert again.returncode == 1 and "stored 0 articles" in again.stderr
