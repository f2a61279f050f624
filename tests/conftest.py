"""Shared fixtures. Marked tests (model/postgres/browser/ray) skip when their service is
missing, except under DYADWATCH_REQUIRE_ALL=1 (set by .ci/run), where they fail instead."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

import pytest
from dw_testing import REQUIRE_ALL, skip_or_fail  # noqa: F401  (re-exported for older imports)

# The derived-index cache (dyadwatch.cache) of a test run is its own: a run never reads indexes
# another run (or the developer's own use) left behind. Subprocesses the tests start inherit it.
if "DYADWATCH_CACHE_DIR" not in os.environ:
    _CACHE = tempfile.mkdtemp(prefix="dyadwatch-test-cache-")
    os.environ["DYADWATCH_CACHE_DIR"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)


@pytest.fixture(scope="session")
def nlp():
    from dyadwatch.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def pipeline(nlp):
    from dyadwatch.pipeline import Pipeline

    return Pipeline(nlp=nlp)
