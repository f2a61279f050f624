"""Stopping `--workers 2` (issue 12, item 14): Ctrl-C ends every process and says so, and the
workers die with their parent even on ``kill -9``."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.model, pytest.mark.issue(12)]

SUBJECTS = ["China", "Japan", "Russia", "Ukraine", "India", "Pakistan", "Iran", "Israel"]
VERBS = ["accused {o} of provocations", "held talks with {o}", "protested to {o}", "threatened {o} with sanctions"]


def corpus(folder: Path, n: int = 600) -> Path:
    """``n`` short articles written for this test (enough for the workers to be busy for a while)."""
    path = folder / "many.jsonl"
    lines = []
    for i in range(n):
        a, b = SUBJECTS[i % 8], SUBJECTS[(i * 3 + 1) % 8]
        verb = VERBS[i % 4].format(o=b if b != a else "Brazil")
        text = f"{a} {verb} on Tuesday, officials said in statement number {i}."
        lines.append(json.dumps({"id": f"n{i}", "date": "2025-11-18", "text": text}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def descendants(pid: int) -> set[int]:
    """Every live process under ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                parents[int(entry)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pids: set[int]) -> set[int]:
    out = set()
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as handle:
                if handle.read().rsplit(")", 1)[1].split()[0] != "Z":
                    out.add(pid)
        except OSError:
            continue
    return out


def start(tmp_path: Path) -> tuple[subprocess.Popen[str], set[int]]:
    """`dyadwatch code --workers 2` in its own session, once both workers have coded a chunk."""
    proc = subprocess.Popen([sys.executable, "-m", "dyadwatch", "code", str(corpus(tmp_path)), "--workers", "2",
                             "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    assert proc.stdout is not None
    first = proc.stdout.readline()  # results flow: the workers are up and coding
    assert first.startswith("{"), proc.stderr.read() if proc.stderr else ""
    children = descendants(proc.pid)
    assert len(children) >= 2, children
    return proc, children


def finish(proc: subprocess.Popen[str], children: set[int]) -> None:
    for pid in alive(children):
        os.kill(pid, signal.SIGKILL)
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()


def test_ctrl_c_stops_parent_and_workers(tmp_path: Path) -> None:
    proc, children = start(tmp_path)
    try:
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole foreground group
        _, stderr = proc.communicate(timeout=60)
        assert proc.returncode == 130
        assert "interrupted:" in stderr and "articles coded" in stderr
        assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
        deadline = time.monotonic() + 10
        while alive(children) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not alive(children)
    finally:
        finish(proc, children)


def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    proc, children = start(tmp_path)
    try:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 30
        while alive(children) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not alive(children), f"left running after kill -9 of the parent: {sorted(alive(children))}"
    finally:
        finish(proc, children)
