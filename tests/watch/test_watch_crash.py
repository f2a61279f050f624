"""Crash safety of the watcher: a real ``dyadwatch watch`` process SIGKILLed in the middle of
a cycle, then run again, leaves every item stored once and every alert delivered once to
each sink (a JSONL file and a signed webhook that fails its first delivery)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from watch_servers import GrowingFeed, Site, WebhookReceiver

from dyadwatch.store import open_store
from dyadwatch.watch.demo import sample_articles

pytestmark = pytest.mark.model

DEADLINE = 240.0
SECRET = "crash-test-secret"


def _watch(sources: Path, db: Path, *extra: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DW_CRASH_SECRET": SECRET, "PYTHONUNBUFFERED": "1"}
    with (sources.parent / f"watch-{time.monotonic_ns()}.log").open("wb") as log:  # the child keeps its copy
        return subprocess.Popen([sys.executable, "-m", "dyadwatch", "watch", str(sources), "--db", str(db), *extra],
                                env=env, stdout=log, stderr=subprocess.STDOUT)


def test_watch_sigkill_mid_cycle_then_restart(site: Site, tmp_path: Path) -> None:
    articles = sample_articles()
    feed = GrowingFeed(site, [(a.date or "2025-10-01", a.title or a.id, a.text) for a in articles],
                       count=len(articles))
    site.routes["/feed.xml"] = feed
    receiver = WebhookReceiver(SECRET, fail_first=1)
    alerts_file = tmp_path / "alerts.jsonl"
    sources = tmp_path / "sources.toml"
    sources.write_text(f"""
[watch]
min_host_delay = 0.0
batch = 4
backoff = 0.05

[[source]]
name = "wire"
url = "{site.base}/feed.xml"
interval = 1

[[watchlist]]
name = "china-japan"
dyads = ["CHN:JPN"]

[[sink]]
name = "file"
kind = "file"
path = "{alerts_file}"

[[sink]]
name = "hook"
kind = "webhook"
url = "{receiver.url}"
secret_env = "DW_CRASH_SECRET"
backoff = 0.05
""", encoding="utf-8")
    db = tmp_path / "watch.duckdb"
    try:
        proc = _watch(sources, db)
        pages = lambda: [r for r in site.requests if r.path.endswith(".html")]  # noqa: E731
        deadline = time.monotonic() + DEADLINE
        while len(pages()) < 14 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert proc.poll() is None, "the watcher ended before it could be killed"
        proc.send_signal(signal.SIGKILL)  # in the middle of the cycle: some batches stored, one in hand
        proc.wait(timeout=30)
        before_restart = len(pages())
        assert before_restart < len(articles)

        store = open_store(str(db))
        stored_at_kill = store.stats()["articles"]
        store.close()
        assert 0 < stored_at_kill < len(articles)

        again = _watch(sources, db, "--once")
        assert again.wait(timeout=DEADLINE) == 0
        refetched = [r.path for r in pages()[before_restart:]]
        # Items stored before the kill are not fetched (so not coded) again.
        assert len(refetched) == len(articles) - stored_at_kill

        third = _watch(sources, db, "--once")  # nothing new: the feed answers 304, nothing is sent twice
        assert third.wait(timeout=DEADLINE) == 0
        assert len(pages()) == before_restart + len(refetched)
    finally:
        receiver.close()
    store = open_store(str(db))
    try:
        stats = store.stats()
        assert stats["articles"] == len(articles) == store.watch_seen_count("wire")
        hashes = {r[0] for r in store._fetchall("SELECT content_hash FROM articles")}  # type: ignore[attr-defined]
        assert len(hashes) == len(articles)
        raised = store.watch_alerts()
    finally:
        store.close()
    ids = sorted(a["id"] for a in raised)
    assert ids, "the China-Japan escalation in the sample corpus should raise an alert"
    file_ids = sorted(json.loads(line)["id"] for line in alerts_file.read_text(encoding="utf-8").splitlines())
    assert file_ids == ids
    assert sorted(a["id"] for a in receiver.accepted) == ids and receiver.rejected == []
    assert all(d["status"] == "delivered" for a in raised for d in a["deliveries"])
