"""Shared test helpers, importable from any test module (``from dw_testing import skip_or_fail``).

Every ``conftest.py`` in the tree is imported under the same module name, so helpers that
test modules import live here instead.
"""

from __future__ import annotations

import os

import pytest

REQUIRE_ALL = os.environ.get("DYADWATCH_REQUIRE_ALL") == "1"


def skip_or_fail(reason: str) -> None:
    """Skip a test whose service is missing locally; fail it in CI (DYADWATCH_REQUIRE_ALL=1)."""
    if REQUIRE_ALL:
        pytest.fail(f"required service missing in CI: {reason}")
    pytest.skip(reason)
