"""Shared fixtures. Marked tests (model/postgres/browser/ray) skip when their service is
missing, except under DYADWATCH_REQUIRE_ALL=1 (set by .ci/run), where they fail instead."""

from __future__ import annotations

import os

import pytest

REQUIRE_ALL = os.environ.get("DYADWATCH_REQUIRE_ALL") == "1"


def skip_or_fail(reason: str) -> None:
    """Skip a test whose service is missing locally; fail it in CI."""
    if REQUIRE_ALL:
        pytest.fail(f"required service missing in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def nlp():
    from dyadwatch.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def pipeline(nlp):
    from dyadwatch.pipeline import Pipeline

    return Pipeline(nlp=nlp)
