"""The public API: ``dyadwatch.__all__`` is sorted and complete, and every package's
``__all__`` names things that exist."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import dyadwatch


def _packages_with_all() -> list[str]:
    names = ["dyadwatch"]
    for info in pkgutil.walk_packages(dyadwatch.__path__, "dyadwatch."):
        if info.ispkg:
            names.append(info.name)
    return [n for n in names if hasattr(importlib.import_module(n), "__all__")]


def test_dyadwatch_all_sorted() -> None:
    assert list(dyadwatch.__all__) == sorted(dyadwatch.__all__)


def test_dyadwatch_all_has_no_duplicates() -> None:
    assert len(dyadwatch.__all__) == len(set(dyadwatch.__all__))


def test_dyadwatch_all_complete() -> None:
    """Every public class or function the top-level module defines or re-exports is listed."""
    public = {name for name, value in vars(dyadwatch).items()
              if not name.startswith("_") and (inspect.isclass(value) or inspect.isfunction(value))
              and getattr(value, "__module__", "").startswith("dyadwatch")}
    assert public - set(dyadwatch.__all__) == set()


@pytest.mark.parametrize("package", _packages_with_all())
def test_all_names_exist(package: str) -> None:
    module = importlib.import_module(package)
    assert [name for name in module.__all__ if not hasattr(module, name)] == []
