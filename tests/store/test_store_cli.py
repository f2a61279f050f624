"""The store commands through Typer's CliRunner on a DuckDB file (no model needed:
the store is filled by importing hand-built events)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from dyadwatch.service import DyadService
from dyadwatch.store import open_store

START = dt.date(2025, 9, 1)


@pytest.fixture
def db(tmp_path, factory):
    ev, art = factory
    path = str(tmp_path / "cli.duckdb")
    store = open_store(path)
    for week in range(5):
        day = (START + dt.timedelta(weeks=week, days=1)).isoformat()
        store.add_coded_article(art(f"w{week}", [ev(f"r{week}", f"w{week}", date=day,
                                                    sentence=f"China criticised Japan in week {week}.")], date=day))
    day = (START + dt.timedelta(weeks=5, days=2)).isoformat()
    store.add_coded_article(art("burst", [
        ev("b1", "x", event="MOBILIZE", quad=4, intensity=-6.5, date=day),
        ev("b2", "x", event="SANCTION", quad=4, intensity=-6.0, date=day),
        ev("b3", "x", event="THREATEN", quad=3, intensity=-3.5, date=day),
        ev("b4", "x", event="CONSULT", quad=1, intensity=2.5, actors=("USA", "JPN"), recipients=(), date=day)],
        date=day))
    store.close()
    return path


@pytest.fixture(scope="module")
def cli():
    from dyadwatch.cli import app

    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, list(args), catch_exceptions=False)

    return run


def test_cli_events_formats(cli, db):
    result = cli("events", "--db", db, "--dyad", "CHN:JPN", "--format", "jsonl")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 8 and rows[0]["day"] == "2025-10-08"
    result = cli("events", "--db", db, "--event", "ACCUSE", "--format", "csv", "--limit", "2")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("id,day,date") and len(lines) == 3
    result = cli("events", "--db", db, "--text", "week 3")
    assert result.exit_code == 0 and "1 events" in result.stdout
    result = cli("events", "--db", db, "--text", "week 3", "--format", "csv")
    assert "China criticised Japan in week 3." in result.stdout and len(result.stdout.splitlines()) == 2
    bad = cli("events", "--db", db, "--start", "yesterday")
    assert bad.exit_code == 1 and "[DW001]" in bad.stderr


def test_cli_dyads_series_alerts(cli, db, tmp_path):
    result = cli("dyads", "--db", db)
    assert result.exit_code == 0 and "CHN–JPN" in result.stdout and "JPN–USA" in result.stdout
    result = cli("dyad", "CHN", "JPN", "--db", db, "--by", "week", "--plot", str(tmp_path / "s.png"))
    assert result.exit_code == 0
    assert "2025-10-06" in result.stdout and "⚠" in result.stdout
    assert (tmp_path / "s.png").stat().st_size > 10_000
    result = cli("dyad", "chn", "jpn", "--db", db, "--by", "day", "--format", "jsonl")
    points = [json.loads(line) for line in result.stdout.splitlines()]
    assert points[0]["period"] == "2025-09-02" and sum(p["events"] for p in points) == 8
    result = cli("alerts", "--db", db, "--format", "jsonl")
    alerts = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(a["dyad"], a["period"], len(a["event_ids"])) for a in alerts] == [(["CHN", "JPN"], "2025-10-06", 3)]
    assert cli("alerts", "--db", db, "--threshold", "50").stdout.count("⚠") == 0


def test_cli_export_import(cli, db, tmp_path):
    out = tmp_path / "ev.jsonl"
    result = cli("export", str(out), "--db", db, "--format", "plover")
    assert result.exit_code == 0 and "exported 9 events" in result.stderr
    copy = str(tmp_path / "copy.duckdb")
    result = cli("import", str(out), "--db", copy)
    assert result.exit_code == 0 and "imported 6 articles" in result.stderr
    a, b = DyadService(store=open_store(db)), DyadService(store=open_store(copy))
    from dyadwatch.store import EventQuery

    assert a.events(EventQuery(), limit=100).items == b.events(EventQuery(), limit=100).items
    a.store.close()
    b.store.close()
    assert cli("export", str(tmp_path / "x"), "--db", db, "--format", "xml").exit_code == 1


@pytest.mark.parametrize("command", ["ingest", "events", "dyads", "dyad", "alerts", "export", "import", "demo"])
def test_cli_store_commands_have_help(cli, command):
    result = cli(command, "--help")
    assert result.exit_code == 0 and len(result.stdout) > 200



def test_cli_optimize_keeps_every_event(cli, db):
    before = cli("events", "--db", db, "--status", "any", "--format", "jsonl").stdout.splitlines()
    result = cli("optimize", "--db", db)
    assert result.exit_code == 0 and "optimised" in result.stderr
    after = cli("events", "--db", db, "--status", "any", "--format", "jsonl").stdout.splitlines()
    assert sorted(after) == sorted(before) and len(before) == 9


def test_cli_export_with_a_code_map(cli, db, tmp_path):
    mapping = tmp_path / "legacy.json"
    mapping.write_text(json.dumps({"description": "old codes", "codes": {"JPN": "JAP", "CHN": "CHI"}}))
    plain, legacy = tmp_path / "plain.jsonl", tmp_path / "legacy.jsonl"
    assert cli("export", str(plain), "--db", db).exit_code == 0
    assert cli("export", str(legacy), "--db", db, "--code-map", str(mapping)).exit_code == 0
    codes = lambda path: sorted(a["code"] for line in path.read_text().splitlines()  # noqa: E731
                                for a in json.loads(line)["actor"] + json.loads(line).get("recipient", []))
    before, after = codes(plain), codes(legacy)
    assert "JPN" in before and "JPN" not in after
    assert after.count("JAP") == before.count("JPN") and after.count("CHI") == before.count("CHN")
    assert after.count("USA") == before.count("USA")
