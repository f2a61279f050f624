"""Run every benchmark, one after another: coding throughput, the store, the HTTP API, watch.

Each script runs as its own child process with this Python, its output passed straight
through, and writes its results file under ``bench/results/`` as when run alone.

    .venv/bin/python bench/run_all.py            # full sizes (``make bench``; long: 10M store events)
    .venv/bin/python bench/run_all.py --quick    # small sizes: checks that every benchmark runs
    .venv/bin/python bench/run_all.py --only store,api

``--quick`` figures are not results: the ``bench/results/*.md`` files are restored
afterwards (the throughput table goes to a temporary file). A failing benchmark does not
stop the others; the exit status is 1 if any failed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"

#: name -> (script, arguments of a quick run)
BENCHMARKS: dict[str, tuple[str, tuple[str, ...]]] = {
    "throughput": ("bench_throughput.py", ("--articles", "60")),
    "store": ("bench_store.py", ("--events", "20000", "--pg-events", "20000", "--ingest-articles", "60")),
    "api": ("bench_api.py", ("--requests", "200", "--time-cap", "10")),
    "watch": ("bench_watch.py", ("--articles", "30", "--rounds", "1")),
}


def _child_env() -> dict[str, str]:
    """The environment of a benchmark: ``src/`` importable even without ``pip install -e``."""
    env = dict(os.environ)
    src = str(ROOT / "src")
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def _command(name: str, *, quick: bool, scratch: Path) -> list[str]:
    script, quick_args = BENCHMARKS[name]
    command = [sys.executable, str(BENCH / script)]
    if quick:
        command += quick_args
        if name == "throughput":  # the only script with --out
            command += ["--out", str(scratch / "throughput.md")]
    return command


def run(names: list[str], *, quick: bool) -> int:
    """Run the named benchmarks in order; returns the exit status (1 if any failed)."""
    saved = {p: p.read_bytes() for p in RESULTS.glob("*.md")} if quick else {}
    failed: list[str] = []
    timings: list[tuple[str, float, int]] = []
    try:
        with tempfile.TemporaryDirectory(prefix="dwbench_all") as tmp:
            for name in names:
                command = _command(name, quick=quick, scratch=Path(tmp))
                print(f"== {name}: {' '.join(command[1:])}", file=sys.stderr, flush=True)
                started = time.perf_counter()
                rc = subprocess.run(command, cwd=ROOT, env=_child_env(), check=False).returncode
                timings.append((name, time.perf_counter() - started, rc))
                if rc != 0:
                    failed.append(name)
    finally:
        for path, content in saved.items():
            path.write_bytes(content)
    for name, seconds, rc in timings:
        print(f"{name:12s} {'ok' if rc == 0 else f'FAILED (exit {rc})':18s} {seconds:7.1f} s", file=sys.stderr)
    if quick:
        print("quick run: bench/results/ left as it was", file=sys.stderr)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes; results files are left unchanged")
    parser.add_argument("--only", default=",".join(BENCHMARKS),
                        help=f"comma-separated subset of {', '.join(BENCHMARKS)} (default: all, in that order)")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown or not names:
        parser.error(f"--only takes names among {', '.join(BENCHMARKS)}, got {args.only!r}")
    return run(names, quick=args.quick)


if __name__ == "__main__":
    raise SystemExit(main())
