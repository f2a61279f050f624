"""Start-up time: loading every dictionary (patterns, the actor layers) in a fresh process.

Each repeat runs in its own child process, so nothing is cached between them; the minimum and
the median of ``--repeats`` runs are printed, for the actor dictionary with and without the
converted PETRARCH/Phoenix base layer, and for the whole coder (patterns + actors). Both the
wall-clock time and the process's CPU time are given: on a machine shared with other work the
CPU time is what the loading itself costs.

    .venv/bin/python bench/bench_startup.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

CHILD = """
import json, time
t0 = time.perf_counter()
from dyadwatch.actors import ActorDictionary
t1 = time.perf_counter()
c1 = time.process_time()
kind = {kind!r}
if kind == "actors":
    d = ActorDictionary.load()
elif kind == "actors-hand":
    d = ActorDictionary.load(base=False)
else:
    from dyadwatch.coding import EventCoder
    EventCoder.from_dirs(())
t2 = time.perf_counter()
c2 = time.process_time()
print(json.dumps({{"import": t1 - t0, "load": t2 - t1, "cpu": c2 - c1}}))
"""


def run(kind: str, repeats: int) -> tuple[list[float], list[float]]:
    wall, cpu = [], []
    for _ in range(repeats):
        res = subprocess.run([sys.executable, "-c", CHILD.format(kind=kind)], capture_output=True, text=True,
                             check=True)
        row = json.loads(res.stdout.strip().splitlines()[-1])
        wall.append(row["load"])
        cpu.append(row["cpu"])
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print("| what | wall min s | wall median s | CPU min s |\n|---|---:|---:|---:|")
    for kind, label in (("actors-hand", "actor dictionary, hand layer only"),
                        ("actors", "actor dictionary, all layers (PETRARCH base + hand)"),
                        ("coder", "all dictionaries (patterns + actors), EventCoder.from_dirs")):
        wall, cpu = run(kind, args.repeats)
        print(f"| {label} | {min(wall):.2f} | {statistics.median(wall):.2f} | {min(cpu):.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
