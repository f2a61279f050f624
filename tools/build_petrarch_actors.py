"""Build src/dyadwatch/data/actors_petrarch/ (the PETRARCH/Phoenix base layer of the actor dictionary).

Converts the Phoenix actor and agent dictionaries that PETRARCH2 ships (Open Event Data
Alliance, MIT licence) with dyadwatch's own converter (``dyadwatch dict import
petrarch-actors``), then applies the rules for the shipped layer:

- one-word names that are common English words are dropped (the converter's default filter);
- the hand-typed people win: a converted person any of whose names is the name of a person in
  ``data/actors/people*.jsonl`` is left out whole (the hand files have the terms checked by
  hand), so no person is in both layers;
- a converted name that the hand layer already has with the same code is left out (a
  duplicate); one it has with another code is kept, the hand entry wins when the dictionary
  loads, and ``dyadwatch dict check --conflicts`` lists it;
- agent words for people who comment on events (economists, analysts, experts) are left out.

    .venv/bin/python tools/build_petrarch_actors.py [--source DIR] [--check]

``--check`` exits 1 when the shipped files differ from what the script would write.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from dyadwatch.actors.dictionary import (
    CountryEntry,
    OrganisationEntry,
    PersonEntry,
    _tokens,
    load_actor_entries,
    match_key,
)
from dyadwatch.importers.petrarch_actors import (
    ConversionReport,
    common_word_filter,
    convert_file,
    shipped_country_names,
)
from dyadwatch.places import town_country

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "dyadwatch" / "data" / "actors_petrarch"
SOURCE = ROOT.parent / "shared" / "dictionaries" / "petrarch2"
FILES = {
    "countries": "Phoenix.Countries.actors.txt",
    "international": "Phoenix.International.actors.txt",
    "milnonstate": "Phoenix.MilNonState.actors.txt",
    "agents": "Phoenix.agents.txt",
}
VERSION = "petrarch2-676801c.1"
HEADER = (
    "dyadwatch actor dictionary, PETRARCH/Phoenix base layer: converted from {name} by\n"
    "tools/build_petrarch_actors.py (do not edit by hand; see docs/dictionaries.md).\n"
    "Source: PETRARCH2 dictionaries, Copyright (c) 2014 Open Event Data Alliance, MIT licence (LICENSE)."
)


def _key(name: str) -> tuple[str, ...]:
    return match_key(_tokens(name))


def _hand_layer() -> tuple[set[tuple[str, ...]], dict[tuple[str, ...], set[str]]]:
    """Keys of hand-typed person names, and the codes the hand layer gives each other name."""
    entries, problems = load_actor_entries(base=False)
    if problems:
        raise SystemExit("the hand-typed actor files have problems:\n" + "\n".join(problems))
    people: set[tuple[str, ...]] = set()
    codes: dict[tuple[str, ...], set[str]] = {}
    for e in entries:
        if isinstance(e, PersonEntry):
            for n in [e.name, *e.names]:
                people.add(_key(n))
        elif isinstance(e, CountryEntry):
            for n in [*e.names, *e.adjectives, *e.people, *e.capitals]:
                codes.setdefault(_key(n), set()).add(e.code)
        elif isinstance(e, OrganisationEntry):
            for n in [*e.names, *e.adjectives]:
                codes.setdefault(_key(n), set()).add(e.code)
    return people, codes


# People who comment on events rather than take part in them: no sector word makes them an actor
# (the coder would give them the article's country: 'economists warned' is nobody's threat).
COMMENTATORS = frozenset("""economist economists analyst analysts expert experts observer observers commentator
commentators pundit pundits scholar scholars researcher researchers specialist specialists critic critics
professor professors academic academician academicians historian historians""".split())


def _apply_layer_rules(entries: list[dict[str, Any]], report: ConversionReport) -> list[dict[str, Any]]:
    people, codes = _hand_layer()
    dropped_people: set[str] = set()
    out = []
    for e in entries:
        if e["type"] == "person":
            person = e["id"].rsplit(".", 1)[0]
            if person in dropped_people or any(_key(n) in people for n in [e["name"], *e["names"]]):
                if person not in dropped_people:
                    report.skipped["person: the hand-typed people files have them"] += 1
                dropped_people.add(person)
                continue
            out.append(e)
            continue
        if e["type"] == "sector":
            terms = [t for t in e["terms"] if t.split()[-1] not in COMMENTATORS]
            report.skipped["agent term: a commentator, not an actor"] += len(e["terms"]) - len(terms)
            e = {**e, "terms": terms}
        if e["type"] in ("country", "organisation", "place"):
            kept = []
            for n in e["names"]:
                if e["code"] in codes.get(_key(n), ()):
                    report.skipped[f"{e['type']} name: the hand layer has it with the same code"] += 1
                else:
                    kept.append(n)
            if not kept:
                continue
            e = {**e, "names": kept}
        out.append(e)
    return out


def build(source: Path) -> tuple[dict[str, str], ConversionReport]:
    """The text of each output file, and the conversion report."""
    report = ConversionReport()
    keep = common_word_filter()
    names = shipped_country_names()
    texts: dict[str, str] = {}
    for key, name in FILES.items():
        path = source / name
        if not path.is_file():
            raise SystemExit(f"{path}: not found (give --source DIR, the folder of the PETRARCH2 dictionaries)")
        entries = convert_file(path, report=report, keep_name=keep, town_country=town_country,
                               country_names=names, prefix=f"petrarch.{key}")
        entries = _apply_layer_rules(entries, report)
        lines = [f"# {h}" for h in HEADER.format(name=name).splitlines()]
        lines += [json.dumps(e, ensure_ascii=False) for e in entries]
        texts[f"{key}.jsonl"] = "\n".join(lines) + "\n"
    summary = {"name": "dyadwatch-actors-petrarch", "version": VERSION,
               "source": "PETRARCH2 (openeventdata/petrarch2, commit 676801c): " + ", ".join(FILES.values()),
               "licence": "MIT, Copyright (c) 2014 Open Event Data Alliance (see LICENSE)",
               "report": {"kinds": dict(sorted(report.kinds.items())),
                          "not converted": dict(sorted(report.skipped.items())),
                          "read leniently": dict(sorted(report.repaired.items())),
                          "unreadable lines": [e.replace(f"{source}/", "") for e in report.errors]}}
    texts["meta.json"] = json.dumps(summary, indent=1, ensure_ascii=False) + "\n"
    texts["LICENSE"] = (source / "LICENSE").read_text(encoding="utf-8")
    return texts, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help="folder of the PETRARCH2 dictionary files")
    parser.add_argument("--check", action="store_true", help="compare with the shipped files")
    args = parser.parse_args(argv)
    texts, report = build(args.source)
    if args.check:
        stale = [n for n, t in texts.items()
                 if not (OUT / n).is_file() or (OUT / n).read_text(encoding="utf-8") != t]
        if stale:
            print(f"{OUT}: out of date ({', '.join(stale)}); run tools/build_petrarch_actors.py", file=sys.stderr)
            return 1
        return 0
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    for name, text in texts.items():
        (OUT / name).write_text(text, encoding="utf-8")
    counts: Counter[str] = report.kinds
    print(f"wrote {OUT}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    for reason, n in report.skipped.most_common():
        print(f"  not converted: {reason}: {n}")
    for err in report.errors:
        print(f"  unreadable: {err}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
