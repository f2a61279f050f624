"""Error codes: unique, well formed, and every ``DWnnn`` used under src/ is listed in
``dyadwatch.errors.ERROR_CODES`` with a description."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from dyadwatch import errors
from dyadwatch.errors import ERROR_CODES

SRC = Path(errors.__file__).resolve().parent
CODE = re.compile(r"\bDW\d{3}\b")
TEXT_SUFFIXES = {".py", ".sql", ".html", ".js", ".css", ".json", ".jsonl", ".md", ".txt"}


def _error_code_keys() -> list[str]:
    """The keys of the ERROR_CODES literal as written (a dict silently drops repeated keys)."""
    tree = ast.parse(Path(errors.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == "ERROR_CODES":
            assert isinstance(node.value, ast.Dict)
            return [k.value for k in node.value.keys if isinstance(k, ast.Constant)]
    raise AssertionError("ERROR_CODES literal not found in errors.py")


def _codes_used() -> dict[str, list[str]]:
    used: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*")):
        if path.is_file() and path.suffix in TEXT_SUFFIXES and "__pycache__" not in path.parts:
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                for code in CODE.findall(line):
                    used.setdefault(code, []).append(f"{path.relative_to(SRC)}:{number}")
    return used


def test_error_codes_unique() -> None:
    keys = _error_code_keys()
    assert len(keys) == len(ERROR_CODES)
    assert sorted(k for k in set(keys) if keys.count(k) > 1) == []


@pytest.mark.parametrize("code", sorted(ERROR_CODES))
def test_error_code_well_formed(code: str) -> None:
    assert re.fullmatch(r"DW\d{3}", code)
    assert ERROR_CODES[code].strip() and "\n" not in ERROR_CODES[code]


def test_every_code_used_in_src_is_listed() -> None:
    used = _codes_used()
    assert len(used) > 10, "the grep found almost nothing: the test proves nothing"
    assert {code: where for code, where in used.items() if code not in ERROR_CODES} == {}


@pytest.mark.parametrize("cls", [errors.DyadwatchError, errors.ConfigError, errors.DataFileError, errors.InputError,
                                 errors.StoreError, errors.NotFoundError, errors.PipelineError])
def test_error_class_default_code_listed(cls: type[errors.DyadwatchError]) -> None:
    assert cls.code in ERROR_CODES
