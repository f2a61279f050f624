"""Actor accuracy on the project's actor cases (tests/data/actor_cases.jsonl), by region and by sector.

Each case is a phrase (with an optional date) and the expected country code and PLOVER sector.
The phrase is resolved as ``dyadwatch actor`` resolves it; the first actor counts.

    .venv/bin/python tools/actor_accuracy.py [--cases FILE] [--misses] [--markdown] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "data" / "actor_cases.jsonl"


def load_cases(path: Path = CASES) -> list[dict[str, Any]]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cases.append(json.loads(line))
    return cases


def score(cases: list[dict[str, Any]], *, pipeline: Any = None) -> dict[str, Any]:
    """Resolve every case; returns overall, by-region and by-sector accuracy and the misses."""
    from dyadwatch.actors.phrases import resolve_phrases
    from dyadwatch.pipeline import Pipeline

    pipeline = pipeline or Pipeline()
    coder = pipeline.coder
    rows = list(resolve_phrases(cases, nlp=pipeline.nlp, dictionary=coder.actors, town_country=coder.town_country))
    groups: dict[str, dict[str, list[int]]] = {"region": defaultdict(lambda: [0, 0, 0]),
                                               "sector": defaultdict(lambda: [0, 0, 0])}
    misses = []
    n_code = n_sector = 0
    for case, row in zip(cases, rows, strict=True):
        ok_code = row["code"] == case["code"]
        ok_sector = ok_code and row["sector"] == case["sector"]
        n_code += ok_code
        n_sector += ok_sector
        for by, key in (("region", case.get("region", "?")), ("sector", case["sector"])):
            g = groups[by][key]
            g[0] += 1
            g[1] += ok_code
            g[2] += ok_sector
        if not ok_sector:
            misses.append({"text": case["text"], "date": case.get("date"), "want": f"{case['code']}/{case['sector']}",
                           "got": f"{row['code']}/{row['sector']}", "entry": row["entry"], "layer": row["layer"]})
    total = len(cases)
    return {
        "cases": total,
        "country_accuracy": round(n_code / total, 3) if total else 0.0,
        "sector_accuracy": round(n_sector / total, 3) if total else 0.0,
        "by_region": {k: {"cases": v[0], "country": round(v[1] / v[0], 3), "sector": round(v[2] / v[0], 3)}
                      for k, v in sorted(groups["region"].items())},
        "by_sector": {k: {"cases": v[0], "country": round(v[1] / v[0], 3), "sector": round(v[2] / v[0], 3)}
                      for k, v in sorted(groups["sector"].items())},
        "misses": misses,
    }


def markdown(result: dict[str, Any]) -> str:
    lines = [f"{result['cases']} phrases: country {result['country_accuracy']:.3f}, "
             f"country and sector {result['sector_accuracy']:.3f}", ""]
    for by in ("region", "sector"):
        lines += [f"| {by} | phrases | country | country and sector |", "|---|---:|---:|---:|"]
        for k, v in result[f"by_{by}"].items():
            lines.append(f"| {k} | {v['cases']} | {v['country']:.2f} | {v['sector']:.2f} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("--misses", action="store_true", help="list the phrases that miss")
    parser.add_argument("--markdown", action="store_true", help="print the tables as Markdown (for docs/)")
    parser.add_argument("--json", action="store_true", help="print everything as JSON")
    args = parser.parse_args(argv)
    result = score(load_cases(args.cases))
    if args.json:
        print(json.dumps(result, indent=1, ensure_ascii=False))
        return 0
    print(markdown(result))
    if args.misses:
        for m in result["misses"]:
            print(f"  {m['text']!r} {m['date'] or ''}: want {m['want']}, got {m['got']} ({m['entry']}, {m['layer']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
