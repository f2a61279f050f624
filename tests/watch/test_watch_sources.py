"""The sources file and its commands: validation with file:line problems, add/list/remove,
and status after a watch run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyadwatch.cli import app
from dyadwatch.errors import ConfigError
from dyadwatch.watch import load_sources

runner = CliRunner()


def test_sources_add_list_remove_roundtrip(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    result = runner.invoke(app, ["sources", "add", "wire", "https://news.example.org/rss.xml", "--interval", "10m",
                                 "--tag", "asia", "--tag", "wire", "--file", str(path)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["sources", "add", "drop", str(tmp_path), "--kind", "folder", "--file", str(path)])
    assert result.exit_code == 0, result.output
    parsed = load_sources(path)
    assert [(s.name, s.kind, s.interval, s.tags) for s in parsed.source] == [
        ("wire", "feed", 600.0, ["asia", "wire"]), ("drop", "folder", 900.0, [])]
    listed = runner.invoke(app, ["sources", "list", "--file", str(path), "--format", "jsonl"])
    assert [json.loads(line)["name"] for line in listed.stdout.splitlines()] == ["wire", "drop"]
    again = runner.invoke(app, ["sources", "add", "wire", "https://other.example.org/feed", "--file", str(path)])
    assert again.exit_code == 1 and "DW803" in again.output
    assert runner.invoke(app, ["sources", "remove", "wire", "--file", str(path)]).exit_code == 0
    assert [s.name for s in load_sources(path).source] == ["drop"]
    missing = runner.invoke(app, ["sources", "remove", "wire", "--file", str(path)])
    assert missing.exit_code == 1 and "DW803" in missing.output


@pytest.mark.parametrize("text,expected", [
    ('[[source]]\nname = "a"\nurl = "ftp://x"\n', r"sources.toml:1 \[source\] .*http"),
    ('[[source]]\nname = "a"\nurl = "https://x/f"\n\n[[source]]\nname = "b"\nurl = "https://x/g"\ncolour = 1\n',
     r"sources.toml:5 \[colour\] Extra inputs"),
    ('[[source]]\nname = "a"\nurl = "https://x/f"\ninterval = "soon"\n', r"sources.toml:1 \[interval\]"),
    ('[[watchlist]]\nname = "w"\ndyads = ["CHN"]\n', r"sources.toml:1 \[dyads\].*CHN:JPN"),
    ('[[sink]]\nname = "h"\nkind = "webhook"\nurl = "https://h/x"\n', r"sources.toml:1 \[sink\].*secret_env"),
    ('[[source]]\nname = "a"\nurl = "https://x/f"\n[[source]]\nname = "a"\nurl = "https://x/g"\n',
     r"sources.toml:4 \[name\] source name 'a' is used twice"),
    ('[[source]\nname = "a"\n', r"DW801.*not valid TOML"),
])
def test_sources_file_problems_name_file_line_and_field(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=expected):
        load_sources(path)


@pytest.mark.model
def test_sources_status_after_a_folder_run(tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "one.txt").write_text("TOKYO, Nov 3 (Kyodo) - Japan accused China on Monday of sending coast guard ships "
                                  "into its waters, and Tokyo lodged a protest with Beijing.", encoding="utf-8")
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nname = "drop"\nkind = "folder"\npath = "{drop}"\ninterval = 60\n',
                       encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    first = runner.invoke(app, ["watch", str(sources), "--db", db, "--once"])
    assert first.exit_code == 0, first.output
    status = runner.invoke(app, ["sources", "status", "--file", str(sources), "--db", db, "--format", "jsonl"])
    row = json.loads(status.stdout.splitlines()[0])
    assert row["name"] == "drop" and row["items_coded"] == 1 and row["failures"] == 0 and row["last_fetch"]
    (drop / "two.txt").write_text("BEIJING, Nov 4 (Xinhua) - China rejected the protest and urged Japan to stop "
                                  "its provocations near the islands.", encoding="utf-8")
    runner.invoke(app, ["watch", str(sources), "--db", db, "--once"])
    status = runner.invoke(app, ["sources", "status", "--file", str(sources), "--db", db, "--format", "jsonl"])
    assert json.loads(status.stdout.splitlines()[0])["items_coded"] == 2
