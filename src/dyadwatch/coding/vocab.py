"""The word lists the coder's rules use, read from ``data/coding/*.jsonl``.

Each list names the rule it serves (``why``). A rule asks for a list by id
(``WORDS["light_verbs"]``); a missing or misspelt list is an error at load time, not a silent
empty set. Lists of PLOVER categories (ids ending in ``_categories``) are checked against the
ontology.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dyadwatch.errors import DataFileError
from dyadwatch.resources import iter_data_files, load_json, read_jsonl_lines

# Every list the coder reads; the data file must define each one (and nothing else).
REQUIRED = (
    "dyadic_categories",
    "domestic_default_categories",
    "no_domestic_categories",
    "said_now_categories",
    "violation_verbs",
    "announcing_verbs",
    "document_nouns",
    "light_verbs",
    "content_preps",
    "background_preps",
    "background_marks",
    "topic_preps",
    "blast_nouns",
    "duration_nouns",
    "quantity_nouns",
    "carrying_verbs",
    "measure_nouns",
    "refusing_words",
    "accepting_words",
    "promising_verbs",
    "topic_verbs",
    "stative_participles",
    "group_nouns",
    "generic_heads",
    "peacekeeping_words",
    "alleging_words",
    "generic_actor_heads",
    "relaxing_verbs",
    "topic_only_preps",
    "message_nouns",
    "dispute_nouns",
    "request_mode.meet",
    "request_mode.assist",
    "request_mode.yield",
)


class WordList(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=3)
    why: str = Field(min_length=10)
    words: list[str] = Field(min_length=1)


@cache
def word_lists() -> dict[str, frozenset[str]]:
    """Every shipped word list by id, validated (see ``parse_word_lists``)."""
    categories = set(load_json("ontology", "plover.json")["categories"])
    return parse_word_lists(iter_data_files("coding", ".jsonl"), categories)


def parse_word_lists(files: Iterable[tuple[str, str]], categories: set[str]) -> dict[str, frozenset[str]]:
    """Word lists from ``(file name, text)`` pairs; every problem is reported at once as
    ``file:line [field] message`` (a ``DataFileError``), including lists that are missing."""
    problems: list[str] = []
    lists: dict[str, frozenset[str]] = {}
    for name, text in files:
        for number, obj, problem in read_jsonl_lines(name, text):
            where = f"{name}:{number}"
            if problem or obj is None:
                problems.append(f"[DW102] {problem}")
                continue
            try:
                entry = WordList.model_validate(obj)
            except ValidationError as exc:
                for err in exc.errors():
                    loc = ".".join(str(p) for p in err["loc"]) or "entry"
                    problems.append(f"[DW103] {where} [{loc}] {err['msg']}")
                continue
            if entry.id not in REQUIRED:
                problems.append(f"[DW103] {where} [id] unknown word list {entry.id!r} (no rule reads it)")
            elif entry.id in lists:
                problems.append(f"[DW105] {where} [id] duplicate word list {entry.id!r}")
            elif entry.id.endswith("_categories") and set(entry.words) - categories:
                unknown = sorted(set(entry.words) - categories)
                problems.append(f"[DW104] {where} [words] unknown PLOVER categories {unknown}")
            else:
                lists[entry.id] = frozenset(entry.words)
    problems += [f"[DW103] coding/*.jsonl [id] word list {n!r} is missing" for n in REQUIRED if n not in lists]
    if problems:
        raise DataFileError(problems)
    return lists


def words(name: str) -> frozenset[str]:
    """One word list by id (see ``REQUIRED``)."""
    return word_lists()[name]


# ordered as in the data file: the first list that holds a demand's verb gives its mode
REQUEST_MODES = ("meet", "assist", "yield")
