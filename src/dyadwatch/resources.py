"""The only code that opens package data (``dyadwatch/data``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from dyadwatch.errors import DataFileError

DATA_PACKAGE = "dyadwatch.data"


def data_path(*parts: str) -> Traversable:
    """A file or folder inside the shipped data, e.g. ``data_path("verbs", "verbs.jsonl")``."""
    node = resources.files(DATA_PACKAGE)
    for part in parts:
        node = node / part
    return node


def iter_data_files(folder: str, suffix: str = ".jsonl",
                    extra_dirs: tuple[Path, ...] = ()) -> Iterator[tuple[str, str]]:
    """Yield ``(display_name, text)`` for each data file of a kind: shipped ones first,
    then those in the analyst's extra directories (``--dict DIR``; either ``DIR/folder/*``
    or ``DIR/*`` with the folder name as file prefix)."""
    shipped = data_path(folder)
    if shipped.is_dir():
        for item in sorted(shipped.iterdir(), key=lambda t: t.name):
            if item.name.endswith(suffix):
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
