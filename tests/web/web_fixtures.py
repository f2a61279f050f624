"""Helpers of the web tests: start and stop a real ``dyadwatch serve`` on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

TOKEN = "web-test-token-0123456789abcdef"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
START_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, *extra: str) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``dyadwatch serve`` on a free loopback port; return the process and base URL."""
    port = free_port()
    env = {**os.environ, "DYADWATCH_TOKEN": TOKEN, "PYTHONUNBUFFERED": "1"}
    log = db.parent / f"serve-{port}.log"  # a file, not a pipe nobody reads
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "dyadwatch", "serve", "--host", "127.0.0.1",
                                 "--port", str(port), "--db", str(db), *extra],
                                env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out = log.read_text(errors="replace")
            raise RuntimeError(f"dyadwatch serve exited with {proc.returncode}:\n{out}")
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=1.0).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    stop_server(proc)
    raise RuntimeError(f"dyadwatch serve did not answer within {START_TIMEOUT} s")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
