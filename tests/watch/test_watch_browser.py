"""``dyadwatch serve --watch`` in one process, followed by headless Chromium: the alerts
page shows a new alert, with its driving events and evidence, after the feed grows."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from dw_testing import skip_or_fail

from dyadwatch.watch.demo import ReplayFeed, live_sources, sample_articles, start_feed_server

pytestmark = [pytest.mark.browser, pytest.mark.model]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
DEADLINE = 150.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(check: object, what: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = DEADLINE) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"serve --watch exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        try:
            if check():  # type: ignore[operator]
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}:\n{log.read_text(errors='replace')[-3000:]}")


def test_dashboard_shows_a_new_alert_after_the_feed_grows(tmp_path: Path) -> None:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        skip_or_fail("Chromium is missing: apt-get install -y chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Playwright for Python is missing: pip install playwright")
    articles = sample_articles()
    before = sum(1 for a in articles if (a.date or "") < "2025-11-10")  # up to the eve of the escalation
    replay = ReplayFeed(articles, duration=None, start_with=before)
    feed_server, feed_url = start_feed_server(replay)
    sources = tmp_path / "sources.toml"
    sources.write_text(live_sources(feed_url, interval=1.0, alerts_file=tmp_path / "alerts.jsonl"), encoding="utf-8")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "dyadwatch", "serve", "--host", "127.0.0.1", "--port", str(port),
                                 "--db", str(tmp_path / "live.duckdb"), "--watch", str(sources), "--cache-ttl", "0.5"],
                                env={**os.environ, "PYTHONUNBUFFERED": "1"}, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait(lambda: httpx.get(base + "/api/v1/health", timeout=2).status_code == 200, "the server", proc, log)
        _wait(lambda: any({d["a"], d["b"]} == {"CHN", "JPN"}
                          for d in httpx.get(base + "/api/v1/dyads", timeout=5).json()["items"]),
              "the first articles to be coded", proc, log)
        assert not any(set(a["dyad"]) == {"CHN", "JPN"}
                       for a in httpx.get(base + "/api/v1/alerts", timeout=5).json()["items"])
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(base_url=base)
                errors: list[str] = []
                page.on("pageerror", lambda e: errors.append(str(e)))
                page.goto("/alerts")
                page.wait_for_selector("body[data-live='1']", timeout=15_000)
                assert page.query_selector("tr.alert-new") is None
                replay.release(len(articles))  # the feed grows: the November escalation arrives
                row = page.wait_for_selector("tr.alert-new[data-dyad='CHN-JPN']", timeout=DEADLINE * 1000)
                assert row is not None
                page.wait_for_selector("tr.alert-new[data-dyad='CHN-JPN'] q.evidence", timeout=15_000)
                evidence = page.inner_text("tr.alert-new[data-dyad='CHN-JPN'] ul.alert-evidence")
                assert "China" in evidence or "Japan" in evidence or "Chinese" in evidence, evidence
                assert errors == []
            finally:
                browser.close()
        lines = (tmp_path / "alerts.jsonl").read_text(encoding="utf-8").splitlines()
        assert any('"CHN","JPN"' in line or '"JPN","CHN"' in line for line in lines)  # the file sink got it too
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        feed_server.shutdown()
        feed_server.server_close()
    assert proc.returncode == 0 or proc.returncode == -15, log.read_text(errors="replace")[-2000:]
