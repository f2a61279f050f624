"""The API over HTTP: a real ``dyadwatch serve`` (uvicorn) process on 127.0.0.1.

Bounded: a handful of requests, short timeouts; the server is stopped by the fixture.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import httpx
import pytest
from web_fixtures import TOKEN, start_server, stop_server

pytestmark = pytest.mark.model


def test_live_server_answers_every_read_endpoint(live_server):
    with httpx.Client(base_url=live_server, timeout=10) as c:
        assert c.get("/api/v1/health").json()["store"] == "duckdb"
        assert c.get("/openapi.json").json()["info"]["title"] == "dyadwatch"
        page = c.get("/api/v1/events", params={"dyad": "CHN-JPN", "limit": 2}).json()
        assert page["ok"] and len(page["items"]) == 2 and page["next"]
        nxt = c.get("/api/v1/events", params={"dyad": "CHN-JPN", "limit": 2, "cursor": page["next"]}).json()
        assert {e["id"] for e in nxt["items"]}.isdisjoint(e["id"] for e in page["items"])
        event = c.get(f"/api/v1/events/{page['items'][0]['id']}").json()["event"]
        assert event["evidence"]
        article = c.get(f"/api/v1/articles/{event['article_id']}").json()["article"]
        assert article["text"] and article["events"]
        assert c.get("/api/v1/dyads").json()["items"]
        assert c.get("/api/v1/dyads/CHN/JPN/series").json()["points"]
        assert c.get("/api/v1/alerts").json()["ok"] is True
        for path in ("/", "/alerts", "/code", "/docs", "/static/vendor/uplot/uPlot.iife.min.js"):
            assert c.get(path).status_code == 200, path


def test_live_server_guards(sample_db, tmp_path):
    db = tmp_path / "copy.duckdb"
    shutil.copyfile(sample_db, db)  # this test writes: its own copy, its own server
    proc, base = start_server(db)
    try:
        check_guards(base)
    finally:
        stop_server(proc)


def check_guards(base: str) -> None:
    with httpx.Client(base_url=base, timeout=30) as c:
        body = {"articles": [{"text": "Japan's Foreign Ministry protested to China on Monday.", "date": "2025-12-01"}]}
        assert c.post("/api/v1/articles", json=body).status_code == 401
        assert c.post("/api/v1/articles", json=body, headers={"Authorization": "Bearer nope"}).status_code == 403
        big = c.post("/api/v1/code", content=b"x" * (5 * 1024 * 1024), headers={"Content-Type": "application/json"})
        assert big.status_code == 413 and big.json()["ok"] is False
        bad = c.get("/api/v1/events", params={"quad_class": 9})
        assert bad.status_code == 422 and bad.json()["errors"]
        assert c.get("/api/v1/events/none").json()["status"] == 404
        ok = c.post("/api/v1/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 200 and ok.json()["report"]["articles_stored"] == 1
        again = c.post("/api/v1/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
        assert again.json()["report"]["articles_stored"] == 0  # same content: stored once


def test_serve_refuses_closed_reads_without_a_token(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "dyadwatch", "serve", "--closed-reads",
                           "--db", str(tmp_path / "x.duckdb"), "--port", "1"],
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "DYADWATCH_TOKEN": ""})
    assert proc.returncode == 1
    assert "closed reads need a token" in proc.stderr and "Traceback" not in proc.stderr
