"""The only code that opens package data (``dyadwatch/data``)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dyadwatch.errors import DataFileError

DATA_PACKAGE = "dyadwatch.data"


def data_path(*parts: str) -> Traversable:
    """A file or folder inside the shipped data, e.g. ``data_path("verbs", "verbs.jsonl")``."""
    node = resources.files(DATA_PACKAGE)
    for part in parts:
        node = node / part
    return node


def iter_data_files(folder: str, suffix: str = ".jsonl",
                    extra_dirs: tuple[Path, ...] = (), *, shipped: bool = True,
                    only: str | None = None) -> Iterator[tuple[str, str]]:
    """Yield ``(display_name, text)`` for each data file of a kind: shipped ones first
    (unless ``shipped=False``), then those in the analyst's extra directories (``--dict DIR``;
    either ``DIR/folder/*`` or ``DIR/*`` with the folder name as file prefix)."""
    node = data_path(folder)
    if shipped and node.is_dir():
        for item in sorted(node.iterdir(), key=lambda t: t.name):
            if item.name.endswith(suffix) and (only is None or item.name == only):
                yield f"{folder}/{item.name}", item.read_text(encoding="utf-8")
    for extra in extra_dirs:
        candidates = sorted((extra / folder).glob(f"*{suffix}")) if (extra / folder).is_dir() else []
        candidates += sorted(extra.glob(f"{folder}*{suffix}"))
        for path in candidates:
            try:
                yield str(path), path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise DataFileError([f"{path}: cannot read: {exc}"], code="DW101") from exc


def read_jsonl_lines(name: str, text: str) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """Yield ``(line_number, object, problem)`` for each non-blank, non-comment line."""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped.startswith("//"):
            continue
        try:
            obj = json.loads(stripped)
        except json.JSONDecodeError as exc:
            yield number, None, f"{name}:{number} not valid JSON: {exc.msg} (column {exc.colno})"
            continue
        if not isinstance(obj, dict):
            yield number, None, f"{name}:{number} expected a JSON object, got {type(obj).__name__}"
            continue
        yield number, obj, None


def load_json(*parts: str) -> Any:
    return json.loads(data_path(*parts).read_text(encoding="utf-8"))


def validated_entries(folder: str, parse: Callable[[dict[str, Any]], Any], problems: list[str], *,
                      extra_dirs: tuple[Path, ...] = (), loc_skip: int = 0,
                      shipped: bool = True, only: str | None = None) -> Iterator[tuple[str, Any]]:
    """Yield ``("file:line", entry)`` for every line of a data folder that parses and has a
    new ``id``; every other line adds one coded problem (``file:line [field] message``) to
    ``problems``, so a loader can report them all at once.

    Args:
        parse: turns the JSON object into a validated entry (a pydantic model's validator).
        loc_skip: leading parts of pydantic's error location to drop (wrapper models).
    """
    seen: dict[str, str] = {}
    for name, text in iter_data_files(folder, ".jsonl", extra_dirs, shipped=shipped, only=only):
        for number, obj, problem in read_jsonl_lines(name, text):
            where = f"{name}:{number}"
            if problem or obj is None:
                problems.append(f"[DW102] {problem}")
                continue
            try:
                entry = parse(obj)
            except ValidationError as exc:
                for err in exc.errors():
                    loc = ".".join(str(p) for p in err["loc"][loc_skip:]) or "entry"
                    problems.append(f"[DW103] {where} [{loc}] {err['msg']} (id {obj.get('id')!r})")
                continue
            if entry.id in seen:
                problems.append(f"[DW105] {where} [id] duplicate id {entry.id!r} (first in {seen[entry.id]})")
                continue
            seen[entry.id] = where
            yield where, entry
