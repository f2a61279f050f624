"""Build src/dyadwatch/data/verbs_petrarch/ (the base layer of event patterns).

Converts the PETRARCH2 CAMEO verb dictionary (MIT) with dyadwatch's importer, mapping CAMEO
codes to PLOVER through the CAMEO2PLOVER crosswalk (CC BY-SA 4.0), and writes:

- one ``<category>.jsonl`` pattern file per PLOVER category,
- ``meta.json`` (version, sources, counts of what was converted and what was not, by reason),
- ``cameo_plover.tsv`` (the crosswalk as used, so ``dyadwatch dict import`` needs no other file),
- ``LICENSE`` (PETRARCH2's MIT notice and the dictionary's own attribution).

    .venv/bin/python tools/build_petrarch_verbs.py [--check] [--shared ../shared]

``--check`` exits 1 when a shipped file differs from what the script would write (2 when the
sources under ``--shared`` are missing).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dyadwatch.importers.petrarch_verbs import (
    convert_verbs,
    crosswalk_tsv,
    read_crosswalk,
    read_verb_dictionary,
    render_files,
)

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "dyadwatch" / "data" / "verbs_petrarch"
VERSION = "2026.11.1"
DICTIONARY = Path("dictionaries/petrarch2/CAMEO.2.0.txt")
LICENSE = Path("dictionaries/petrarch2/LICENSE")
CROSSWALK = Path("eval/plover_gsr/CAMEO2PLOVER-2021.txt")
# Files in OUT that are written by hand, not by this script.
HAND_FILES = {"README.md"}


def _attribution(dictionary_text: str) -> str:
    """The dictionary's own header comment (its history, funding and licence), as written."""
    lines = []
    for line in dictionary_text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[2:] if line.startswith("# ") else line[1:])
    return "\n".join(lines).strip() + "\n"


def build(shared: Path) -> dict[str, str]:
    """Every generated file of the data folder: ``{name: text}``."""
    dictionary_text = (shared / DICTIONARY).read_text(encoding="utf-8")
    table = read_crosswalk((shared / CROSSWALK).read_text(encoding="utf-8"), name=str(CROSSWALK))
    tsv = crosswalk_tsv(table)
    # convert with the crosswalk as shipped (modes outside the ontology already left out)
    vd = read_verb_dictionary(DICTIONARY.name, dictionary_text, strict=False)
    conv = convert_verbs(vd, read_crosswalk(tsv), prefix="petrarch")
    files = render_files(conv)
    meta = {
        "name": "dyadwatch-verbs-petrarch",
        "version": VERSION,
        "source": "PETRARCH2 CAMEO.2.0.txt (Open Event Data Alliance, MIT licence)",
        "crosswalk": "CAMEO2PLOVER-2021.txt (PLOVER manual draft 0.8, CC BY-SA 4.0)",
        "built_by": "tools/build_petrarch_verbs.py",
        **conv.summary(),
        "malformed_lines": [Path(p.split(" ")[1]).name + " " + p.split(" ", 2)[2] for p in vd.malformed],
    }
    files["meta.json"] = json.dumps(meta, indent=2) + "\n"
    files["cameo_plover.tsv"] = tsv
    files["LICENSE"] = (
        (shared / LICENSE).read_text(encoding="utf-8").rstrip()
        + "\n\n----------------------------------------------------------------------\n"
        + "The pattern files in this folder are converted from CAMEO.2.0.txt of PETRARCH2.\n"
        + "Its header, kept as written:\n\n"
        + _attribution(dictionary_text)
        + "\n----------------------------------------------------------------------\n"
        + "cameo_plover.tsv is derived from CAMEO2PLOVER-2021.txt (PLOVER manual draft 0.8,\n"
        + "Philip Schrodt, Open Event Data Alliance), licensed CC BY-SA 4.0.\n"
    )
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped files")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                        help="the project's shared folder (default: ../shared beside the repository)")
    args = parser.parse_args(argv)
    if not (args.shared / DICTIONARY).exists() or not (args.shared / CROSSWALK).exists():
        print(f"sources not found under {args.shared} ({DICTIONARY}, {CROSSWALK})", file=sys.stderr)
        return 2
    files = build(args.shared)
    if args.check:
        shipped = {p.name for p in OUT.iterdir()} - HAND_FILES if OUT.is_dir() else set()
        stale = sorted(n for n in files if not (OUT / n).exists() or (OUT / n).read_text(encoding="utf-8") != files[n])
        stale += sorted(shipped - set(files))
        if stale:
            print(f"{OUT} is out of date ({', '.join(stale)}); run tools/build_petrarch_verbs.py", file=sys.stderr)
            return 1
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    for name in sorted({p.name for p in OUT.iterdir()} - HAND_FILES - set(files)):
        (OUT / name).unlink()
    for name, text in files.items():
        (OUT / name).write_text(text, encoding="utf-8")
    meta = json.loads(files["meta.json"])
    print(f"wrote {OUT}: {meta['patterns_written']} patterns from {meta['entries_converted']} of "
          f"{meta['entries_read']} entries")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
