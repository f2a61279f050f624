"""Fixtures of the watch tests: local HTTP servers on 127.0.0.1, stopped after each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from watch_servers import Site, start_site


@pytest.fixture()
def site() -> Iterator[Site]:
    s = start_site()
    try:
        yield s
    finally:
        s.close()
