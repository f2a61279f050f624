"""SIGTERM and Ctrl-C stop `dyadwatch ingest` cleanly (issue 12, item 14): one line says how many
articles were stored, and a rerun stores the rest (nothing lost, nothing doubled)."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.model, pytest.mark.issue(12)]


# large enough that the ingest is still running when the signal comes, on a fast machine too (a
# signal after the command's end, once its handler is gone, would end it as any process ends)
ARTICLES = 1500


def corpus(folder: Path, n: int = ARTICLES) -> Path:
    path = folder / "many.jsonl"
    names = ["China", "Japan", "Russia", "Ukraine", "India", "Pakistan"]
    lines = [json.dumps({"id": f"t{i}", "date": "2025-11-18",
                         "text": f"{names[i % 6]} accused {names[(i + 1) % 6]} of provocations in incident {i}."})
             for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_interrupted_ingest_says_what_was_stored_and_resumes(tmp_path: Path, sig: signal.Signals) -> None:
    source = corpus(tmp_path)
    db = tmp_path / "store.duckdb"
    command = [sys.executable, "-m", "dyadwatch", "ingest", str(source), "--db", str(db)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(12)  # the model loads, then batches are committed
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=120)
    if proc.returncode == 0:
        pytest.skip("the ingest finished before the signal (a very fast machine)")
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    found = re.search(r"interrupted: (\d+) articles stored, rerun the same command to resume", stderr)
    assert found, stderr
    stored = int(found.group(1))
    again = subprocess.run(command + ["--quiet"], capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    done = re.search(r"stored (\d+) articles .*; (\d+) already stored", again.stderr)
    assert done, again.stderr
    assert int(done.group(2)) == stored and int(done.group(1)) + stored == ARTICLES
