"""Stopping cleanly: SIGTERM to ``dyadwatch watch`` finishes the article in hand, records
the source's state and exits 0; SIGTERM to ``dyadwatch demo --live`` (serve --watch) too,
after the China–Japan alert of the replayed sample corpus fired."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from watch_servers import STORIES, GrowingFeed, Request, Site

from dyadwatch.store import open_store

pytestmark = pytest.mark.model

DEADLINE = 180.0


def _run(args: list[str], log: Path, cwd: Path | None = None) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen([sys.executable, "-m", "dyadwatch", *args], cwd=cwd, stdout=out,
                                stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})


def test_watch_sigterm_finishes_the_article_in_hand(site: Site, tmp_path: Path) -> None:
    feed = GrowingFeed(site, STORIES, count=len(STORIES))
    site.routes["/feed.xml"] = feed
    for i in range(len(STORIES)):  # slow pages: the signal lands while articles are in hand
        page = site.routes[f"/s{i}.html"]

        def slow(req: Request, page: str = page) -> tuple[int, dict[str, str], bytes]:
            time.sleep(0.4)
            return 200, {"Content-Type": "text/html"}, page.encode()

        site.routes[f"/s{i}.html"] = slow
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[watch]\nmin_host_delay = 0.0\nbatch = 1\n\n[[source]]\nname = "wire"\n'
                       f'url = "{site.base}/feed.xml"\ninterval = 1\n', encoding="utf-8")
    db = tmp_path / "w.duckdb"
    log = tmp_path / "watch.log"
    proc = _run(["watch", str(sources), "--db", str(db)], log)
    deadline = time.monotonic() + DEADLINE
    while len([r for r in site.requests if r.path.endswith(".html")]) < 2 and time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text(errors="replace")
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 0, log.read_text(errors="replace")
    assert "watcher stopped" in log.read_text(errors="replace")
    store = open_store(str(db))
    try:
        stored = store.stats()["articles"]
        assert 1 <= stored < len(STORIES)
        assert store.watch_seen_count("wire") == stored  # every stored article has its mark, and no more
        state = store.watch_source_states()["wire"]
        assert state["last_fetch"] and state["etag"] is None  # recorded; validators wait for the rest
    finally:
        store.close()
    rest = _run(["watch", str(sources), "--db", str(db), "--once"], tmp_path / "rest.log")
    assert rest.wait(timeout=DEADLINE) == 0
    store = open_store(str(db))
    try:
        assert store.stats()["articles"] == len(STORIES) == store.watch_seen_count("wire")
    finally:
        store.close()


def test_demo_live_fires_the_china_japan_alert_and_stops_on_sigterm(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "demo.log"
    proc = _run(["demo", "--live", "--port", str(port), "--duration", "10"], log, cwd=tmp_path)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + DEADLINE
    found = False
    try:
        while time.monotonic() < deadline and not found:
            assert proc.poll() is None, log.read_text(errors="replace")
            try:
                items = httpx.get(base + "/api/v1/alerts", params={"dyad": "CHN-JPN"}, timeout=5).json()["items"]
                found = bool(items)
            except httpx.HTTPError:
                pass
            time.sleep(1.0)
        assert found, log.read_text(errors="replace")[-3000:]
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=90)
    text = log.read_text(errors="replace")
    assert code == 0, text[-3000:]
    assert '"watchlist":"china-japan"' in text  # the stdout sink printed the alert
    assert (tmp_path / "demo-live.duckdb").exists()
