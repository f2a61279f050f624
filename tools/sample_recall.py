"""How many of the events a careful coder expects from the bundled sample corpus
(``tests/data/sample_expected.jsonl``) dyadwatch finds: a regression measure for the project's
own texts, kept next to the PLOVER and seed scores in docs/evaluation.md.

    .venv/bin/python tools/sample_recall.py tests/data/sample_expected.jsonl [--strict]

An expected event is found when a coded event of its article has the same category, the
expected actor among its actor countries and the expected recipient among its recipient
countries (for meetings, cooperation, agreements and fighting, among all participants);
``strict`` also asks for the expected date and status.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SYMMETRIC = {"CONSULT", "COOPERATE", "AGREE", "ASSAULT"}


@dataclass
class SampleCheck:
    expected: int = 0
    found: int = 0
    missed: list[dict[str, Any]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 0.0


def _matches(ev: Any, want: dict[str, Any], strict: bool) -> bool:
    if ev.event != want["event"] or want["actor"] not in ev.actor_codes:
        return False
    recipient = want.get("recipient")
    if recipient and recipient not in ev.recipient_codes:
        if not (want["event"] in SYMMETRIC and recipient in ev.actor_codes):
            return False
    if strict and (ev.date != want.get("date") or ev.status != want.get("status")):
        return False
    return True


def check_sample(pipeline: Any, expected_file: Path, *, strict: bool = False) -> SampleCheck:
    """Code every sample article named in ``expected_file`` and count the expected events found."""
    from dyadwatch.ingest import read_inputs, sample_corpus_dir
    from dyadwatch.records import Article

    rows = [json.loads(line) for line in expected_file.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]
    by_file: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_file[row["file"]].append(row)
    result = SampleCheck(expected=len(rows))
    root = Path(str(sample_corpus_dir()))
    for name, wanted in sorted(by_file.items()):
        articles = [a for a in read_inputs([str(root / name)]) if isinstance(a, Article)]
        coded = list(pipeline.code_articles(articles))
        for want in wanted:
            events = coded[want.get("article_index", 0)].events
            if any(_matches(ev, want, strict) for ev in events):
                result.found += 1
            else:
                result.missed.append(want)
    return result


def main(argv: list[str] | None = None) -> int:
    import argparse

    from dyadwatch.pipeline import Pipeline

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("expected", type=Path, help="tests/data/sample_expected.jsonl")
    parser.add_argument("--strict", action="store_true", help="also require the expected date and status")
    args = parser.parse_args(argv)
    result = check_sample(Pipeline(), args.expected, strict=args.strict)
    for miss in result.missed:
        print(f"missed {miss['file']}: {miss['event']} {miss['actor']} -> {miss.get('recipient')} "
              f"| {miss.get('evidence', '')[:80]}")
    print(f"sample recall {result.found}/{result.expected} = {result.recall:.3f}"
          f"{' (strict: date and status too)' if args.strict else ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
