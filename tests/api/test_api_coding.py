"""Coding through the API with the real spaCy pipeline and coder (marked ``model``)."""

from __future__ import annotations

import pytest
from api_fixtures import TOKEN, make_client

from dyadwatch.service import DyadService
from dyadwatch.store import open_store

pytestmark = pytest.mark.model

# Written for these tests.
TEXT = ("BEIJING, Dec 3 - China's Foreign Ministry protested to Japan on Wednesday over remarks by "
        "its prime minister. Japan and South Korea held talks in Seoul on trade.")


@pytest.fixture()
def coding_client(pipeline):
    service = DyadService(store=open_store(":memory:"), pipeline=pipeline)
    with make_client(service, token=TOKEN, cache_ttl=60) as c:
        yield c
    service.store.close()


def test_code_returns_events_with_offsets_into_the_text(coding_client):
    body = coding_client.post("/api/v1/code", json={"text": TEXT, "date": "2025-12-03"}).json()
    assert body["ok"] is True and body["text"] == TEXT
    assert body["count"] == len(body["events"]) >= 1
    for event in body["events"]:
        assert event["quad_class"] in (1, 2, 3, 4)
        ev = event["evidence"][0]
        shift = TEXT.find(ev["text"]) - ev["start"]  # offsets refer to the text the coder saw
        assert TEXT[ev["start"] + shift:ev["end"] + shift] == ev["text"]
    assert coding_client.get("/api/v1/events").json()["total"] == 0  # nothing stored


def test_ingest_stores_once_and_empties_the_read_cache(coding_client):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert coding_client.get("/api/v1/events").json()["total"] == 0  # now cached
    report = coding_client.post("/api/v1/articles", headers=auth,
                                json={"articles": [{"text": TEXT, "id": "a1", "date": "2025-12-03"}]}).json()
    assert report["ok"] is True and report["report"]["articles_stored"] == 1
    listed = coding_client.get("/api/v1/events").json()
    assert listed["total"] >= 1  # the cache was emptied by the write
    again = coding_client.post("/api/v1/articles", headers=auth, json={"articles": [{"text": TEXT}]}).json()
    assert again["report"]["articles_stored"] == 0
    article = coding_client.get("/api/v1/articles/a1").json()["article"]
    assert article["text"] and article["events"]
