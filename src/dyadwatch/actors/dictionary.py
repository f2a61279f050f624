"""Actor dictionaries: countries, organisations, people and sector words, loaded from JSONL.

File format (one JSON object per line, see docs/dictionaries.md):

    {"id": "country.CHN", "type": "country", "code": "CHN", "names": [...], "adjectives": [...],
     "people": [...], "capitals": [...]}
    {"id": "org.un", "type": "organisation", "code": "UNO", "sector": "IGO", "names": [...]}
    {"id": "person.li-qiang", "type": "person", "code": "CHN", "sector": "GOV",
     "name": "Li Qiang", "names": ["Li Qiang"], "role": "Premier", "from": "2023-03-11", "to": null}
    {"id": "sector.gov.foreign-ministry", "type": "sector", "sector": "GOV", "terms": [...]}
    {"id": "petrarch.countries.place.ukr-kharkiv", "type": "place", "code": "UKR", "names": ["Kharkiv"]}

Three layers, lowest first: the PETRARCH/Phoenix base (``data/actors_petrarch``, converted by
``tools/build_petrarch_actors.py``), the hand-curated files (``data/actors``), and the analyst's
``--dict`` directories. A phrase that a higher layer has is taken from that layer only; the
lower layer's meanings of it are kept in :attr:`ActorDictionary.conflicts` (``dict check``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator

from dyadwatch.cache import cached
from dyadwatch.errors import DataFileError
from dyadwatch.loading import bulk_build
from dyadwatch.resources import data_path, iter_data_files, load_json, validated_entries

ACTOR_FOLDER = "actors"
BASE_FOLDER = "actors_petrarch"  # the converted PETRARCH/Phoenix layer under the hand-curated files
LAYERS = ("petrarch", "hand", "user")  # lowest first; in-article learning sits between hand and user
_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(min_length=3)
    comment: str | None = None


class CountryEntry(_Entry):
    type: Literal["country"]
    code: str = Field(pattern=r"^[A-Z]{3}$")
    names: list[str] = Field(min_length=1)
    adjectives: list[str] = []
    people: list[str] = []
    capitals: list[str] = []


class OrganisationEntry(_Entry):
    type: Literal["organisation"]
    code: str = Field(pattern=r"^[A-Z]{3}$")
    sector: str | None = None
    names: list[str] = Field(min_length=1)
    adjectives: list[str] = []


class PlaceEntry(_Entry):
    """A town or region that stands for its country (its civilians when alone)."""

    type: Literal["place"]
    code: str = Field(pattern=r"^[A-Z]{3}$")
    names: list[str] = Field(min_length=1)


class PersonEntry(_Entry):
    type: Literal["person"]
    code: str = Field(pattern=r"^[A-Z]{3}$")
    sector: str
    name: str
    names: list[str] = []
    role: str | None = None
    from_: str | None = Field(default=None, alias="from", pattern=_DATE)
    to: str | None = Field(default=None, pattern=_DATE)
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class SectorEntry(_Entry):
    type: Literal["sector"]
    sector: str
    terms: list[str] = Field(min_length=1)
    plural: bool = False  # collective nouns that stand for a group (protesters, rebels)

    @field_validator("terms")
    @classmethod
    def _lower(cls, terms: list[str]) -> list[str]:
        return [t.lower() for t in terms]


ActorEntry = Annotated[
    CountryEntry | OrganisationEntry | PlaceEntry | PersonEntry | SectorEntry, Field(discriminator="type")
]


_ENTRY = TypeAdapter(ActorEntry)


@dataclass(frozen=True, slots=True)
class ActorHit:
    """What a dictionary phrase means."""

    entry_id: str
    kind: str  # country | capital | adjective | people | organisation | person | sector | place
    code: str | None
    sector: str | None
    name: str
    valid_from: str | None = None
    valid_to: str | None = None
    layer: str = "hand"  # petrarch | hand | user (see LAYERS); in-article rules name their own source


def _tokens(phrase: str) -> tuple[str, ...]:
    """Split a phrase the way spaCy's English tokenizer mostly does, for matching."""
    phrase = phrase.replace("’", "'")
    # letters of any script ('Milošević', 'Erdoğan'); an apostrophe inside a name stays ("D'Alema");
    # 'G-20' is one word
    parts = re.findall(r"[^\W\d_]+-\d+|(?:[^\W_]|[.&])+(?:'(?!s\b)(?:[^\W_]|[.&])+)*|'s|'|[^\s\w]", phrase)
    out: list[str] = []
    for part in parts:
        if (
            part.endswith(".")
            and len(part) > 1
            and not re.fullmatch(r"([A-Za-z]\.)+", part)
            and not re.fullmatch(r"[A-Za-z]{2,4}\.", part)  # 'Gen.', 'Col.', 'Capt.' stay one word, as in spaCy
        ):
            out.extend([part[:-1], "."])
        else:
            out.append(part)
    return tuple(out)


def word_key(w: str) -> str:
    """Case-folded form of one word; short all-caps abbreviations (US, UN, EU) keep their case."""
    w = w.replace("’", "'")
    return w if (w.isupper() and len(w.replace(".", "")) <= 3) else w.lower()


_PLAIN = re.compile(r"^[A-Za-z]+(?: [A-Za-z]+)*$")


@cache
def phrase_key(phrase: str) -> tuple[str, ...]:
    """The match key of a phrase as written in a dictionary (plain words take a fast path)."""
    if _PLAIN.match(phrase):
        words = phrase.split(" ")
        if all(len(w) > 3 for w in words):
            return tuple(phrase.lower().split(" "))
        return tuple(w if (w.isupper() and len(w) <= 3) else w.lower() for w in words)
    return match_key(_tokens(phrase))


def match_key(words: Iterable[str]) -> tuple[str, ...]:
    """Case-folded key of a phrase (see :func:`word_key`)."""
    return tuple(word_key(w) for w in words)


class ActorDictionary:
    """All actor entries, indexed by phrase for longest-match lookup.

    Args:
        entries: the entries, lowest layer first.
        layers: the layer of each entry id (``petrarch``, ``hand`` or ``user``; default ``hand``).
    """

    def __init__(self, entries: list[ActorEntry], *, version: str = "unknown",
                 layers: dict[str, str] | None = None) -> None:
        self._entries: dict[str, ActorEntry] | None = {e.id: e for e in entries}
        self._reload: tuple[tuple[Path, ...], bool] = ((), True)
        self.version = version
        # the layer of every entry id (an entry with none given is hand-curated)
        self.layers = {e.id: (layers or {}).get(e.id, "hand") for e in entries}
        self.phrases: dict[tuple[str, ...], list[ActorHit]] = {}
        self._rank: dict[tuple[str, ...], int] = {}
        # phrases a higher layer took over from a lower one with another code: (phrase, lower, higher)
        self.conflicts: list[tuple[str, ActorHit, ActorHit]] = []
        self.sector_terms: dict[tuple[str, ...], ActorHit] = {}
        self.plural_sectors: set[str] = set()
        self.max_len = 1
        for e in entries:
            self._index(e, self.layers[e.id])
        self._derive()

    def _derive(self) -> None:
        """The lookup aids that follow from the phrase index."""
        # phrase lengths by first word, longest first: matching tries only lengths that exist
        self.phrase_lengths = _lengths_by_first(self.phrases)
        # the first two words of every longer phrase: most words that start a long name do not
        # start it here, and matching then tries no long phrase at all
        self.two_word_starts = {key[:2] for key in self.phrases if len(key) > 1}
        self._misspelt = self._one_edit_index()
        self._misspelt_memo: dict[str, ActorHit | None] = {}
        self.sector_lengths = _lengths_by_first(self.sector_terms)

    @property
    def entries(self) -> dict[str, ActorEntry]:
        """Every entry by id (read from the files again, once, when the index came from the cache)."""
        if self._entries is None:
            dirs, base = self._reload
            entries, _layers, _problems = load_layered_entries(dirs, base=base)
            self._entries = {e.id: e for e in entries}
        return self._entries

    def _state(self) -> dict[str, Any]:
        """The index as plain values (for :mod:`dyadwatch.cache`)."""
        return {
            "version": self.version, "layers": self.layers, "max_len": self.max_len, "rank": self._rank,
            "phrases": {key: [_hit_row(h) for h in hits] for key, hits in self.phrases.items()},
            "sector_terms": {key: _hit_row(h) for key, h in self.sector_terms.items()},
            "plural_sectors": sorted(self.plural_sectors),
            "conflicts": [(phrase, _hit_row(low), _hit_row(high)) for phrase, low, high in self.conflicts],
        }

    @classmethod
    def _from_state(cls, state: dict[str, Any], reload: tuple[tuple[Path, ...], bool]) -> ActorDictionary:
        self = cls.__new__(cls)
        self._entries = None
        self._reload = reload
        self.version = state["version"]
        self.layers = state["layers"]
        self.max_len = state["max_len"]
        self._rank = state["rank"]
        self.phrases = {key: [ActorHit(*row) for row in rows] for key, rows in state["phrases"].items()}
        self.sector_terms = {key: ActorHit(*row) for key, row in state["sector_terms"].items()}
        self.plural_sectors = set(state["plural_sectors"])
        self.conflicts = [(phrase, ActorHit(*low), ActorHit(*high)) for phrase, low, high in state["conflicts"]]
        self._derive()
        return self

    def _add(self, phrase: str, hit: ActorHit) -> None:
        key = phrase_key(phrase)
        if not key:
            return
        rank = LAYERS.index(hit.layer)
        have = self._rank.get(key)
        if have is not None and rank != have:
            low, high = (self.phrases[key][0], hit) if rank > have else (hit, self.phrases[key][0])
            if low.code != high.code:
                self.conflicts.append((phrase, low, high))
            if rank < have:
                return  # a higher layer already says what this phrase means
            self.phrases[key] = []
        self._rank[key] = rank
        self.max_len = max(self.max_len, len(key))
        self.phrases.setdefault(key, []).append(hit)

    def _index(self, e: ActorEntry, layer: str = "hand") -> None:
        if isinstance(e, CountryEntry):
            primary = e.names[0]
            for n in e.names:
                self._add(n, ActorHit(e.id, "country", e.code, None, primary, layer=layer))
            for n in e.capitals:
                self._add(n, ActorHit(e.id, "capital", e.code, "GOV", primary, layer=layer))
            for n in e.adjectives:
                self._add(n, ActorHit(e.id, "adjective", e.code, None, primary, layer=layer))
            for n in e.people:
                self._add(n, ActorHit(e.id, "people", e.code, "CVL", primary, layer=layer))
        elif isinstance(e, OrganisationEntry):
            for n in e.names:
                self._add(n, ActorHit(e.id, "organisation", e.code, e.sector, e.names[0], layer=layer))
            for n in e.adjectives:
                self._add(n, ActorHit(e.id, "adjective", e.code, e.sector, e.names[0], layer=layer))
        elif isinstance(e, PlaceEntry):
            for n in e.names:
                self._add(n, ActorHit(e.id, "place", e.code, None, e.names[0], layer=layer))
        elif isinstance(e, PersonEntry):
            for n in [e.name, *e.names]:
                self._add(n, ActorHit(e.id, "person", e.code, e.sector, e.name, e.from_, e.to, layer=layer))
        else:
            for t in e.terms:
                key = phrase_key(t)
                old = self.sector_terms.get(key)
                if old is not None and LAYERS.index(old.layer) > LAYERS.index(layer):
                    continue
                self.sector_terms[key] = ActorHit(e.id, "sector", None, e.sector, t, layer=layer)
                self.max_len = max(self.max_len, len(key))
                if e.plural:
                    self.plural_sectors.add(t)

    def lookup(self, words: Iterable[str], *, date: str | None = None) -> ActorHit | None:
        """The best hit for an exact phrase (people filtered by their term of office)."""
        return self.lookup_key(match_key(words), date=date)

    def lookup_key(self, key: tuple[str, ...], *, date: str | None = None) -> ActorHit | None:
        """:meth:`lookup` for an already case-folded key.

        A person is used with the sector of the term that holds on ``date`` (without a date: the
        term that is still open). Out of office, before or after every term, a known person still
        names their country, as an elite (PLOVER sector ELI): the latest term that ended before
        the date (without a date: the latest term), else the next one.
        """
        hits = self.phrases.get(key)
        if not hits:
            return None
        if len(hits) == 1 and hits[0].kind != "person":
            return hits[0]
        ranked = sorted(hits, key=lambda h: _KIND_PRIORITY.get(h.kind, 9))
        people = [h for h in ranked if h.kind == "person"]
        holding = [h for h in people if _in_office(h, date)]
        if holding:
            # the most recent of the terms that hold (an office taken after an earlier one)
            return max(holding, key=lambda h: (h.valid_from is not None, h.valid_from or ""))
        other = next((h for h in ranked if h.kind != "person"), None)
        if other is not None:
            return other
        past = [h for h in people if h.valid_to and (date is None or date > h.valid_to)]
        if date is None and any(h.code not in _NON_STATE for h in past):
            # no date: 'former officeholder is that country's elite': a national office before a UN post
            past = [h for h in past if h.code not in _NON_STATE]
        future = [h for h in people if h.valid_from and date is not None and date < h.valid_from]
        hit = (
            max(past, key=lambda h: h.valid_to or "")
            if past
            else min(future, key=lambda h: h.valid_from or "")
            if future
            else None
        )
        if hit is None:
            return None
        return replace(hit, sector="ELI")

    def _one_edit_index(self) -> dict[str, list[tuple[str, ActorHit]]]:
        """Deletion variants of one-word country names and adjectives ('Afghanistan' ->
        'afghanstan', ...) with the name they come from, so a name one letter off
        ('Afganistan') is still found. Only long names (7+ letters, where one letter off is
        rarely another word) take part."""
        index: dict[str, list[tuple[str, ActorHit]]] = {}
        for key, hits in self.phrases.items():
            if len(key) != 1 or len(key[0]) < MISSPELLING_MIN_LEN or not key[0].isalpha():
                continue
            # the converted layer lists its own misspellings: only the hand-curated names take part
            hit = next(
                (h for h in hits if h.kind in ("country", "adjective") and h.code and h.layer != "petrarch"), None
            )
            if hit is None or hit.kind == "adjective" and hit.entry_id.startswith("org."):
                continue
            name = key[0]
            for variant in _deletions(name):
                index.setdefault(variant, []).append((name, hit))
        return index

    def misspelt(self, word: str) -> ActorHit | None:
        """The country a word one letter off a long country name or adjective means, if exactly one."""
        # every capitalised word no dictionary knows is asked, again in every article: remember answers
        if word in self._misspelt_memo:
            return self._misspelt_memo[word]
        if len(self._misspelt_memo) > 50_000:
            self._misspelt_memo.clear()
        found = self._misspelt_memo[word] = self._misspelt_uncached(word)
        return found

    def _misspelt_uncached(self, word: str) -> ActorHit | None:
        w = word.lower()
        if len(w) < MISSPELLING_MIN_LEN - 1 or not w.isalpha():
            return None
        if (w,) in self.phrases:
            # a word the dictionary has is not a misspelling, unless the converted layer lists it as one
            listed = self.phrases[(w,)]
            return next((h for h in listed if h.kind == "country" and h.layer == "petrarch"), None)
        near = [hit for v in _deletions(w) for name, hit in self._misspelt.get(v, ()) if _one_edit(w, name)]
        return near[0] if len({hit.code for hit in near}) == 1 else None

    def sector_of(self, words: Iterable[str]) -> ActorHit | None:
        return self.sector_terms.get(match_key(words))

    @classmethod
    def load(cls, extra_dirs: Iterable[Path] = (), *, base: bool = True) -> ActorDictionary:
        """The shipped layers (``base=False`` leaves out the PETRARCH layer) and the analyst's directories."""
        dirs = tuple(Path(d) for d in extra_dirs)

        def build() -> dict[str, Any]:
            entries, layers, problems = load_layered_entries(dirs, base=base)
            if problems:
                raise DataFileError(problems)
            version = load_json(ACTOR_FOLDER, "meta.json").get("version", "unknown")
            if base and data_path(BASE_FOLDER, "meta.json").is_file():
                version += "+petrarch." + load_json(BASE_FOLDER, "meta.json").get("version", "unknown")
            built[0] = cls(entries, version=version, layers=layers)
            return built[0]._state()

        built: list[ActorDictionary | None] = [None]
        with bulk_build():
            # the index is kept in the local cache under everything it is derived from (every
            # file of every layer, this module's code): a changed file gives a new key
            state = cached("actors", _source_key(dirs, base), build)
            return built[0] if built[0] is not None else cls._from_state(state, (dirs, base))


def _hit_row(hit: ActorHit) -> tuple[Any, ...]:
    return (hit.entry_id, hit.kind, hit.code, hit.sector, hit.name, hit.valid_from, hit.valid_to, hit.layer)


_INDEX_FORMAT = 1  # bump when the cached state's shape changes (this module's source is in the key too)


def _source_key(dirs: tuple[Path, ...], base: bool) -> tuple[Any, ...]:
    """Everything an actor index is derived from, as digests."""
    from dyadwatch import __version__

    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(json.dumps(load_json("ontology", "plover.json"), sort_keys=True).encode("utf-8"))
    folders = [BASE_FOLDER, ACTOR_FOLDER] if base and data_path(BASE_FOLDER).is_dir() else [ACTOR_FOLDER]
    for folder in folders:
        for name, text in iter_data_files(folder, suffix=""):
            digest.update(f"\0{name}\0".encode() + text.encode("utf-8"))
    for name, text in iter_data_files(ACTOR_FOLDER, extra_dirs=dirs, shipped=False):
        digest.update(f"\0{name}\0".encode() + text.encode("utf-8"))
    return (_INDEX_FORMAT, __version__, base, tuple(str(d.resolve()) for d in dirs), digest.hexdigest())


def _lengths_by_first(index: dict[tuple[str, ...], object]) -> dict[str, tuple[int, ...]]:
    out: dict[str, tuple[int, ...]] = {}
    for key in index:
        have = out.get(key[0])
        n = len(key)
        if have is None:
            out[key[0]] = (n,)
        elif n not in have:
            out[key[0]] = tuple(sorted((*have, n), reverse=True))
    return out


_KIND_PRIORITY = {"person": 0, "organisation": 1, "country": 2, "adjective": 3, "people": 4, "capital": 5, "place": 6}


MISSPELLING_MIN_LEN = 7
_NON_STATE = frozenset(load_json("ontology", "plover.json")["non_state_codes"])


def _deletions(word: str) -> set[str]:
    """The word and every form of it with one letter left out."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def _one_edit(a: str, b: str) -> bool:
    """Whether two different words are one insertion, deletion, substitution or swap apart."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _in_office(hit: ActorHit, date: str | None) -> bool:
    if date is None:
        return hit.valid_to is None  # current holders only when no date is known
    if hit.valid_from and date < hit.valid_from:
        return False
    return not (hit.valid_to and date > hit.valid_to)


def load_actor_entries(extra_dirs: tuple[Path, ...] = (), *, base: bool = True) -> tuple[list[ActorEntry], list[str]]:
    """Read and validate every actor file (every layer); returns entries and a list of problems."""
    entries, _layers, problems = load_layered_entries(extra_dirs, base=base)
    return entries, problems


_ENTRIES = TypeAdapter(list[ActorEntry])


def _shipped_entries(folder: str, parse: Any, problems: list[str]) -> Iterator[tuple[str, ActorEntry]]:
    """The entries of a shipped folder, validated a file at a time (the fast path: one JSON
    parse and validation in pydantic-core per file); a file with any problem is read again line
    by line, so every problem is reported with its file, line and field."""
    node = data_path(folder)
    for item in sorted(node.iterdir(), key=lambda t: t.name):
        if not item.name.endswith(".jsonl"):
            continue
        name = f"{folder}/{item.name}"
        numbered = [(n, line) for n, line in enumerate(item.read_text(encoding="utf-8").splitlines(), 1)
                    if line.strip() and not line.lstrip().startswith(("#", "//"))]
        try:
            entries = _ENTRIES.validate_json("[" + ",".join(line for _n, line in numbered) + "]")
        except ValidationError:
            yield from validated_entries(folder, parse, problems, loc_skip=0, only=item.name)
            continue
        seen: set[str] = set()
        for (number, _line), entry in zip(numbered, entries, strict=True):
            if entry.id in seen:
                problems.append(f"[DW105] {name}:{number} [id] duplicate id {entry.id!r}")
                continue
            seen.add(entry.id)
            yield f"{name}:{number}", entry


def load_layered_entries(
    extra_dirs: tuple[Path, ...] = (), *, base: bool = True
) -> tuple[list[ActorEntry], dict[str, str], list[str]]:
    """Every actor entry, lowest layer first, with the layer of each id and the problems found."""
    sectors = set(load_json("ontology", "plover.json")["sectors"])
    entries: list[ActorEntry] = []
    layers: dict[str, str] = {}
    first: dict[str, str] = {}
    problems: list[str] = []
    parse = _ENTRY.validate_python
    sources: list[tuple[str, str, tuple[Path, ...]]] = []
    if base and data_path(BASE_FOLDER).is_dir():
        sources.append(("petrarch", BASE_FOLDER, ()))
    sources.append(("hand", ACTOR_FOLDER, ()))
    if extra_dirs:
        sources.append(("user", "", extra_dirs))
    for layer, folder, dirs in sources:
        found = (
            _shipped_entries(folder, parse, problems)
            if not dirs
            else validated_entries(ACTOR_FOLDER, parse, problems, extra_dirs=dirs, loc_skip=0, shipped=False)
        )
        for where, entry in found:
            sector = getattr(entry, "sector", None)
            if sector is not None and sector not in sectors:
                problems.append(f"[DW104] {where} [sector] unknown PLOVER sector {sector!r} (id {entry.id})")
                continue
            if entry.id in layers:
                problems.append(f"[DW105] {where} [id] duplicate id {entry.id!r} (first in {first[entry.id]})")
                continue
            layers[entry.id] = layer
            first[entry.id] = where
            entries.append(entry)
    return entries, layers, problems
