"""Every command has help text and a section in docs/cli.md, and docs/cli.md is what
tools/gen_cli_docs.py renders from the commands (so the two cannot drift)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import typer

from dyadwatch.cli import app

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "cli.md"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "tools" / "gen_cli_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = _generator()
PATHS = GEN.command_paths()


def _command(path: tuple[str, ...]) -> Any:
    command: Any = typer.main.get_command(app)
    for name in path:
        command = command.get_command(typer.Context(command, info_name="dyadwatch"), name)
    return command


def _section(doc: str, path: tuple[str, ...]) -> str:
    """The text of one command's section of docs/cli.md."""
    title = " ".join(("dyadwatch", *path))
    found = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", doc, flags=re.M | re.S)
    assert found, f"docs/cli.md has no section '## {title}'"
    return found.group(1)


def test_cli_walk_finds_every_command() -> None:
    names = {" ".join(p) for p in PATHS}
    assert {"code", "ingest", "serve", "load", "dict", "dict check"} <= names and len(PATHS) > 10


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "dyadwatch")
def test_cli_command_has_help(path: tuple[str, ...]) -> None:
    command = _command(path)
    assert (command.help or "").strip(), f"'dyadwatch {' '.join(path)}' has no help text"
    undocumented = [p.name for p in command.params if not (getattr(p, "help", None) or "").strip()]
    assert undocumented == [], f"parameters without help: {undocumented}"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "dyadwatch")
def test_cli_help_has_no_square_brackets(path: tuple[str, ...]) -> None:
    """Typer reads '[...]' in help as Rich markup and drops it from --help."""
    command = _command(path)
    texts = [command.help or ""] + [getattr(p, "help", None) or "" for p in command.params]
    assert [t for t in texts if re.search(r"\[[^\]]*\]", t)] == []


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "dyadwatch")
def test_cli_docs_section_lists_every_option(path: tuple[str, ...]) -> None:
    section = _section(DOC.read_text(encoding="utf-8"), path)
    options = [opt for p in _command(path).params for opt in getattr(p, "opts", ()) if opt.startswith("--")]
    assert [opt for opt in options if not re.search(rf"{re.escape(opt)}\b", section)] == []


def test_cli_docs_up_to_date() -> None:
    doc = DOC.read_text(encoding="utf-8")
    versions = GEN.renderer_versions()
    if f"<!-- rendered with {versions} -->" not in doc:
        pytest.skip(f"docs/cli.md was rendered with other versions than {versions}; "
                    "test_cli_docs_section_lists_every_option still checks it")
    assert doc == GEN.render(), "docs/cli.md is out of date: run .venv/bin/python tools/gen_cli_docs.py"
