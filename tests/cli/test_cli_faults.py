"""Faults are named (issue 12, items 11-13): imports of other formats, a full disk, read-only
folders and stores, damaged and locked store files. Each ends in one coded line, never a traceback.

The disk-full and read-only cases mount a small tmpfs (root, as in CI); elsewhere they skip.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dyadwatch.cli import app
from dyadwatch.records import Article, CodedArticle, Entity, Event, Evidence
from dyadwatch.service import DyadService
from dyadwatch.store import open_store

pytestmark = pytest.mark.issue(12)
ANOTHER_PROCESS = "Is another dyadwatch process"


def _articles(n: int, *, words: int = 12) -> list[CodedArticle]:
    out = []
    for i in range(n):
        sentence = f"Report {i}: " + " ".join(f"China criticised Japan over incident {i}-{k}." for k in range(words))
        event = Event(id=f"r{i}", article_id=f"a{i}", event="ACCUSE", cameo="111", quad_class=3, intensity=-2.0,
                      actor=(Entity("CHN", "GOV", text="China"),), recipient=(Entity("JPN", "GOV", text="Japan"),),
                      date=f"2025-11-{1 + i % 28:02d}", date_precision="day",
                      evidence=(Evidence(sentence=0, start=0, end=len(sentence), text=sentence),))
        article = Article(id=f"a{i}", text=sentence, date=f"2025-11-{1 + i % 28:02d}", source=f"outlet{i % 5}")
        out.append(CodedArticle(article=article, events=(event,), sentences=1))
    return out


def cli(*args: str) -> Any:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    """A PLOVER export of 120 events (about 0.6 MB)."""
    store = open_store(str(tmp_path / "source.duckdb"))
    service = DyadService(store=store)
    service.ingest_coded(_articles(120, words=40))
    path = tmp_path / "events.jsonl"
    service.export("plover", path)
    store.close()
    return path


@contextlib.contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {done.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def remount(where: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(where)], check=True)


# -- item 11: import detects the format ---------------------------------------------------------------
def test_import_parquet_export_restores_the_events(exported: Path, tmp_path: Path) -> None:
    source = DyadService(store=open_store(str(tmp_path / "source.duckdb")))
    source.export("parquet", tmp_path / "events.parquet")
    source.store.close()
    result = cli("import", str(tmp_path / "events.parquet"), "--db", str(tmp_path / "copy.duckdb"))
    assert result.exit_code == 0, result.stderr
    assert "imported 120 articles" in result.stderr
    again = cli("export", str(tmp_path / "again.jsonl"), "--db", str(tmp_path / "copy.duckdb"))
    assert again.exit_code == 0
    assert (tmp_path / "again.jsonl").read_bytes() == exported.read_bytes()


@pytest.mark.parametrize(("kind", "words"), [
    ("gdelt", "GDELT"), ("plain_parquet", "without a 'record_json' column"), ("binary", "not UTF-8"),
    ("csv", "not a PLOVER JSON-lines file"),
])
def test_import_other_formats_is_refused_by_name(tmp_path: Path, kind: str, words: str) -> None:
    source = DyadService(store=open_store(str(tmp_path / "source.duckdb")))
    source.ingest_coded(_articles(3))
    path = tmp_path / f"input.{kind}"
    if kind == "gdelt":
        source.export("gdelt", path)
    elif kind == "plain_parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.table({"text": ["China criticised Japan."], "id": ["x"]}), str(path))
    elif kind == "binary":
        path.write_bytes(bytes(range(256)) * 8)
    else:
        path.write_text("id,event\n1,ACCUSE\n", encoding="utf-8")
    source.store.close()
    result = cli("import", str(path), "--db", str(tmp_path / "copy.duckdb"))
    assert result.exit_code == 1
    assert "[DW216]" in result.stderr and words in result.stderr and str(path) in result.stderr


def test_import_bad_lines_are_problems_and_the_rest_is_imported(exported: Path, tmp_path: Path) -> None:
    lines = exported.read_text(encoding="utf-8").splitlines()
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text("\n".join([lines[0], "not json", "[1, 2]", "[" * 50_000, *lines[1:]]) + "\n", encoding="utf-8")
    result = cli("import", str(mixed), "--db", str(tmp_path / "copy.duckdb"))
    assert result.exit_code == 1
    assert f"{mixed}:2" in result.stderr and f"{mixed}:3" in result.stderr and "[DW208]" in result.stderr
    assert "imported 120 articles" in result.stderr


# -- item 12: a full disk ----------------------------------------------------------------------------
def test_ingest_on_a_full_disk_says_so_and_a_rerun_resumes(exported: Path, tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", "400k") as fs:
        db = str(fs / "store.duckdb")
        full = cli("import", str(exported), "--db", db)
        assert full.exit_code == 1
        assert "[DW303]" in full.stderr and "disk is full" in full.stderr and "rerun" in full.stderr
        assert "articles were stored before this" in full.stderr and "cannot rollback" not in full.stderr
        remount(fs, "size=64m")
        again = cli("import", str(exported), "--db", db)
        assert again.exit_code == 0, again.stderr
        store = open_store(db, read_only=True)
        try:
            assert store.stats() == {"articles": 120, "events": 28, "reports": 120}  # one event a day
        finally:
            store.close()


def test_export_to_a_full_disk_or_read_only_folder(exported: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "source.duckdb")
    with tmpfs(tmp_path / "small", "64k") as fs:
        result = cli("export", str(fs / "events.jsonl"), "--db", db)
        assert result.exit_code == 1
        assert "[DW303]" in result.stderr and "disk is full" in result.stderr
        assert list(fs.iterdir()) == []  # nothing half-written left behind
        remount(fs, "ro")
        for fmt in ("plover", "parquet"):
            result = cli("export", str(fs / f"events.{fmt}"), "--format", fmt, "--db", db)
            assert result.exit_code == 1
            assert "[DW304]" in result.stderr and "read-only" in result.stderr


# -- item 13: read-only, damaged and locked stores ---------------------------------------------------
def test_read_commands_work_on_a_read_only_store(exported: Path, tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", "16m") as fs:
        db = str(fs / "store.duckdb")
        assert cli("import", str(exported), "--db", db).exit_code == 0
        remount(fs, "ro")
        for args in (["events", "--limit", "3"], ["dyads"], ["dyad", "CHN", "JPN"], ["alerts"],
                     ["export", str(tmp_path / "out.jsonl")]):
            result = cli(*args, "--db", db)
            assert result.exit_code == 0, (args, result.stderr)
        assert (tmp_path / "out.jsonl").read_bytes() == exported.read_bytes()
        write = cli("import", str(exported), "--db", db)
        assert write.exit_code == 1 and "[DW304]" in write.stderr and "read-only" in write.stderr
        assert ANOTHER_PROCESS not in write.stderr


def test_read_command_on_a_missing_store_creates_nothing(tmp_path: Path) -> None:
    result = cli("events", "--db", str(tmp_path / "none.duckdb"))
    assert result.exit_code == 1 and "[DW307]" in result.stderr
    assert not (tmp_path / "none.duckdb").exists()


@pytest.mark.parametrize("damage", ["truncate", "garbage_header", "not_duckdb"])
def test_damaged_store_is_named(exported: Path, tmp_path: Path, damage: str) -> None:
    db = tmp_path / "store.duckdb"
    assert cli("import", str(exported), "--db", str(db)).exit_code == 0
    data = db.read_bytes()
    if damage == "truncate":
        db.write_bytes(data[: len(data) // 2])
    elif damage == "garbage_header":
        db.write_bytes(data[:4096] + bytes(range(256)) * 64 + data[4096 + 16384:])
    else:
        db.write_text("just some text, not a database\n" * 100, encoding="utf-8")
    for args in (["events"], ["import", str(exported)]):
        result = cli(*args, "--db", str(db))
        assert result.exit_code == 1, (damage, args)
        assert "[DW305]" in result.stderr and "damaged" in result.stderr, (damage, args, result.stderr)
        assert ANOTHER_PROCESS not in result.stderr and "Current transaction is aborted" not in result.stderr


def test_locked_store_names_the_other_writer(exported: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from dyadwatch.store import open_store; s = open_store(sys.argv[1]); "
        "print('open', flush=True); time.sleep(60)"), str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        result = subprocess.run([sys.executable, "-m", "dyadwatch", "import", str(exported), "--db", str(db)],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 1 and "[DW306]" in result.stderr and ANOTHER_PROCESS in result.stderr
        assert "Traceback" not in result.stderr
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
