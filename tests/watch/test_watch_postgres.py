"""With PostgreSQL, ``dyadwatch watch`` and ``dyadwatch serve`` run as separate processes on
one database: what the watcher stores, the server's API shows."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest
from dw_testing import skip_or_fail
from watch_servers import STORIES, GrowingFeed, Site

pytestmark = [pytest.mark.postgres, pytest.mark.model]


def test_watch_and_serve_as_separate_processes(site: Site, tmp_path: Path) -> None:
    base_url = os.environ.get("DYADWATCH_TEST_PG")
    if not base_url:
        skip_or_fail("DYADWATCH_TEST_PG is not set (eval \"$(.ci/postgres start)\")")
    schema = f"dwtest_watch_{uuid.uuid4().hex[:10]}"
    url = f"{base_url}{'&' if '?' in str(base_url) else '?'}schema={schema}"
    site.routes["/feed.xml"] = GrowingFeed(site, STORIES, count=4)
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[watch]\nmin_host_delay = 0.0\n\n[[source]]\nname = "wire"\nurl = "{site.base}/feed.xml"\n'
                       'interval = 60\n', encoding="utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with (tmp_path / "serve.log").open("wb") as log:
        server = subprocess.Popen([sys.executable, "-m", "dyadwatch", "serve", "--port", str(port), "--db", url,
                                   "--cache-ttl", "0"], env=env, stdout=log, stderr=subprocess.STDOUT)
    api = f"http://127.0.0.1:{port}/api/v1"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(api + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        watcher = subprocess.run([sys.executable, "-m", "dyadwatch", "watch", str(sources), "--db", url, "--once"],
                                 env=env, capture_output=True, timeout=180)
        assert watcher.returncode == 0, watcher.stderr.decode(errors="replace")
        page = httpx.get(api + "/events", params={"dyad": "CHN-JPN"}, timeout=10).json()
        assert page["ok"] and page["total"] >= 3
    finally:
        server.terminate()
        server.wait(timeout=30)
        import psycopg

        with psycopg.connect(str(base_url), autocommit=True) as con:
            con.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
