"""Shipped data: every file under dyadwatch/data is one that a test validates, and the
context cues pass validation. Patterns and actors are validated in
tests/coding/test_dictionaries_validation.py, the extra places in tests/places/test_places.py."""

from __future__ import annotations

import json
from pathlib import Path

from dyadwatch.resources import data_path

#: data folder -> the test that validates its files (sample/ is test input, not data).
VALIDATED = {
    "actors": "tests/coding/test_dictionaries_validation.py::test_every_shipped_data_file_passes_validation",
    "verbs": "tests/coding/test_dictionaries_validation.py::test_every_shipped_data_file_passes_validation",
    "verbs_petrarch": "tests/importers/test_petrarch_verbs.py::test_shipped_base_layer_loads_with_its_licence_and_counts"  # noqa: E501
                      " (and the build tool's --check)",
    "actors_petrarch": "tests/actors/test_actor_cases.py::test_petrarch_layer_files_validate_line_by_line",
    "ontology": "tests/meta/test_meta_data_files.py (context cues) and the pattern loader's code checks",
    "places": "tests/places/test_places.py::test_shipped_extra_places_are_valid",
    "codemaps": "tests/cli/test_code_maps.py::test_every_shipped_code_map_is_valid",
    "coding": "tests/coding/test_coder_parts.py::test_every_word_list_the_rules_read_is_shipped",
    "sample": "sample corpus: read by the ingest and store tests",
}


def test_every_data_folder_is_validated() -> None:
    root = Path(str(data_path()))
    folders = {p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))}
    assert folders - set(VALIDATED) == set(), "a new data folder needs a validation test (and a line here)"


def _ontology() -> dict:
    return json.loads(Path(str(data_path("ontology", "plover.json"))).read_text(encoding="utf-8"))


def test_context_cues_load() -> None:
    from dyadwatch.coding.coder import load_context_cues

    cues = load_context_cues()
    assert len(cues) > 20
    assert set(cues.values()) <= set(_ontology()["contexts"])


def _cue_entries() -> list[tuple[int, dict]]:
    text = Path(str(data_path("ontology", "context_cues.jsonl"))).read_text(encoding="utf-8")
    return [(number, json.loads(line)) for number, line in enumerate(text.splitlines(), 1)
            if line.strip() and not line.lstrip().startswith("#")]


def test_context_cue_entries_well_formed() -> None:
    entries = _cue_entries()
    contexts = set(_ontology()["contexts"])
    problems = []
    for number, entry in entries:
        if set(entry) != {"id", "context", "cues"}:
            problems.append(f"line {number}: fields {sorted(entry)}")
        if entry.get("context") not in contexts:
            problems.append(f"line {number}: unknown context {entry.get('context')!r}")
        if not entry.get("cues") or not all(isinstance(w, str) and w.strip() for w in entry["cues"]):
            problems.append(f"line {number}: cues must be non-empty strings")
    ids = [entry.get("id") for _, entry in entries]
    problems += [f"duplicate id {i!r}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    assert problems == []


def test_context_cue_words_map_to_one_context() -> None:
    """A cue listed under two contexts would silently keep only the last one."""
    seen: dict[str, str] = {}
    clashes = []
    for _, entry in _cue_entries():
        for word in entry["cues"]:
            key = word.lower()
            if key in seen and seen[key] != entry["context"]:
                clashes.append(f"cue {word!r}: {seen[key]} and {entry['context']}")
            seen[key] = entry["context"]
    assert clashes == []
