"""Shared fixtures. Marked tests (model/postgres/browser/ray) skip when their service is
missing, except under DYADWATCH_REQUIRE_ALL=1 (set by .ci/run), where they fail instead."""

from __future__ import annotations

import pytest
from dw_testing import REQUIRE_ALL, skip_or_fail  # noqa: F401  (re-exported for older imports)


@pytest.fixture(scope="session")
def nlp():
    from dyadwatch.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def pipeline(nlp):
    from dyadwatch.pipeline import Pipeline

    return Pipeline(nlp=nlp)
