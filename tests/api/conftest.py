"""Fixtures of the API tests (data and helpers in api_fixtures.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from api_fixtures import TOKEN, filled_service
from fastapi.testclient import TestClient

from dyadwatch.api import ApiConfig, create_app
from dyadwatch.service import DyadService


@pytest.fixture(scope="session")
def api_service() -> Iterator[DyadService]:
    service = filled_service()
    yield service
    service.store.close()


@pytest.fixture(scope="session")
def client(api_service: DyadService) -> Iterator[TestClient]:
    """Open reads, ingest enabled with TOKEN; server errors become responses, as in production."""
    app = create_app(api_service, ApiConfig(token=TOKEN))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
