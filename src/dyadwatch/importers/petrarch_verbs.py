"""Read a TABARI/PETRARCH CAMEO verb dictionary and convert it into dyadwatch pattern entries.

The format (``FORMAT-dictionaries.rst`` of PETRARCH2) in short::

    &CURRENCY                      # a synset: '&NAME' then '+WORD' / '+TWO_WORDS' lines
    +DOLLAR
    ---  ACCELERATE   [---]  ---   # a verb block: description and default code
    RUSH                           # a verb (regular forms are generated)
    SPEED {SPEEDING SPEEDS SPED}   # irregular forms in braces
    +CALL_OFF [160]                # a multi-word verb ('+' marks the verb) with its own code
    - * (TO BORDER)   [154]        # a pattern: words before '*' precede the verb, words after it
    - * &FOOD (TO +)  [073]        #   follow; (PREP NOUN) a prepositional phrase, {A B} a phrase,
    - $ * AID         [070:071]    #   '$' source, '+' target, '^' any words, '%' compound actor
    ~ a (a b ATTACK) SAY = a b 015 # a verb-verb transformation

:func:`read_verb_dictionary` parses a file into plain records (a malformed line is a
:class:`~dyadwatch.errors.DataFileError` naming the file and line); :func:`convert_verbs` turns
them into pattern entries (``docs/dictionaries.md``) and counts, by reason, every entry it could
not express: nothing is dropped silently.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dyadwatch.errors import DataFileError, InputError
from dyadwatch.resources import iter_data_files, load_json

BASE_FOLDER = "verbs_petrarch"
CROSSWALK_FILE = "cameo_plover.tsv"

# 'DISGRACE [110]---  ---' is read as 'DISGRACE [110] ---' (a slip in CAMEO.2.0.txt)
_HEADER_RE = re.compile(r"^---\s+(?P<name>[^\[]*?)\s*(?:\[(?P<code>[^\]]*)\])?[\s-]*---\s*$")
_CODE_RE = re.compile(r"^(?P<main>---|\d{2,4})?(?::(?P<pair>---|\d{2,4}))?(?P<flag>!)?$")
_VERB_RE = re.compile(r"^(?P<verb>[^\s{}\[\]]+)\s*(?:\{(?P<forms>[^}]*)\})?\s*(?:\[(?P<code>[^\]]*)\])?$")
_PATTERN_RE = re.compile(r"^-\s*(?P<body>.*?)\s*\[(?P<code>[^\]]*)\]$")
_TOKEN_RE = re.compile(r"[(){}*]|[^\s(){}*]+")
_WORD_RE = re.compile(r"^&?[A-Za-z0-9][A-Za-z0-9'./_\-]*$")
_CROSSWALK_RE = re.compile(r"^(?P<code>\d{2,4}):\s*(?P<rest>.*)$")

# Words after a verb that make a phrasal verb ('call off', 'set up'), not an object.
PARTICLES = frozenset(
    "up down out off away back forward forwards aside apart along around together through over".split()
)
# Where a converted pattern looks for the recipient when the PETRARCH pattern has no '+'.
_RECIPIENTS_AFTER_OBJECT = ("iobj", "prep.to", "object.to", "prep.with", "object.with", "prep.against",
                            "object.against", "prep.on", "object.on")

# CAMEO roots of verbal cooperation: intent (03), consult (04), diplomatic support (05).
VERBAL_COOPERATION = ("03", "04", "05")

# Reasons an entry cannot be expressed; the keys are stable (tests and meta.json use them).
REASONS: dict[str, str] = {
    "null-code": "null code [---]: the phrase is no event in PETRARCH",
    "reciprocal-only": "only a reciprocal code [:X] (the target acts on the source)",
    "no-plover": "CAMEO 01/02 (statements, appeals) have no PLOVER category",
    "unknown-cameo": "CAMEO code not in the crosswalk",
    "undefined-synset": "uses a synset that is not defined (PETRARCH ignores it too)",
    "words-before-verb": "words before the verb (subject or auxiliary constraints)",
    "target-before-verb": "target marker '+' before the verb",
    "source-after-verb": "source marker '$' after the verb (the format's actor is the subject)",
    "compound-actor": "compound actor marker '%'",
    "several-nouns": "several words after the verb outside parentheses (TABARI word sequence)",
    "object-and-pp": "a direct object and a prepositional phrase (the format's object is then the "
                     "preposition's; both cannot be required)",
    "two-pps": "two prepositional phrases (the format has one prep slot)",
    "target-with-noun": "a prepositional phrase holding both a noun and the target",
    "target-after-object": "target marker '+' after the object outside a prepositional phrase",
    "pre-verb-compound": "multi-word verb whose verb is not its first word ('WIRE_+TAP')",
    "long-compound": "multi-word verb with more words than a particle and a preposition",
    "particle-twice": "multi-word verb and pattern both give a particle",
    "duplicate": "same verb and constraints as an earlier pattern with the same code (merged)",
    "conflict": "same verb and constraints as an earlier pattern with another code (first kept)",
    "transformation": "verb-verb transformation ('~' line): no pattern equivalent",
    "verbal-cooperation": "CAMEO 03-05 (intent, consult, diplomatic support) on a verb and its object: "
                          "PETRARCH uses them for material acts ('send a team', 'open borders'); measured on "
                          "every evaluation set they are wrong far more often than right (the hand-curated "
                          "patterns cover these verbs)",
    "bare-prep": "a verb with only a preposition ('* (TO)'): 'went to', 'led to' are too weak a cue "
                 "without PETRARCH's actor requirement (kept when a particle goes with it)",
    "bare-verb": "a verb's code on its own (fires on every use of the verb: without PETRARCH's parse "
                 "constraints it costs more precision than it gives recall; --bare-verbs keeps them)",
    "malformed": "malformed line (read with --skip-malformed; see the listed lines)",
}
# Partial conversions: the entry is converted, one detail of it is not.
NOTES: dict[str, str] = {
    "reciprocal-dropped": "paired code [X:Y]: the reciprocal event Y is not expressed",
    "phrase-shortened": "noun phrase of 3+ words kept as its last two words",
    "mode-dropped": "crosswalk mode not in dyadwatch's ontology (category kept, no mode)",
}


@dataclass(frozen=True, slots=True)
class Item:
    """One element of a pattern: ``word``, ``synset``, ``phrase`` ({A B}), ``pp`` ((PREP ...)),
    or a marker: ``source`` ($), ``target`` (+), ``skip`` (^), ``compound`` (%)."""

    kind: str
    words: tuple[str, ...] = ()
    inner: tuple[Item, ...] = ()


@dataclass(frozen=True, slots=True)
class VerbPattern:
    line: int
    text: str
    before: tuple[Item, ...]
    after: tuple[Item, ...]
    code: str | None
    pair: str | None


@dataclass(frozen=True, slots=True)
class Verb:
    line: int
    words: tuple[str, ...]  # the written form split at '_'
    verb_index: int  # which word is the verb ('+' marks it in multi-word verbs)
    forms: tuple[str, ...]
    code: str | None  # its own code, else the block's applies
    pair: str | None


@dataclass(slots=True)
class VerbBlock:
    line: int
    name: str
    code: str | None
    pair: str | None
    verbs: list[Verb] = field(default_factory=list)
    patterns: list[VerbPattern] = field(default_factory=list)


@dataclass(slots=True)
class VerbDictionary:
    source: str
    synsets: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    blocks: list[VerbBlock] = field(default_factory=list)
    transformations: list[tuple[int, str]] = field(default_factory=list)
    malformed: list[str] = field(default_factory=list)  # 'file:line message', when read with strict=False


# -- reading ------------------------------------------------------------------------------
def _code(raw: str, where: str) -> tuple[str | None, str | None]:
    m = _CODE_RE.match(raw.strip())
    if not m or not raw.strip():
        raise DataFileError([f"[DW111] {where} [code] malformed CAMEO code [{raw}]: expected [---], [NNN], "
                             "[NNN:NNN] or [:NNN]"], code="DW111")
    main, pair = m.group("main"), m.group("pair")
    return (None if main in (None, "---") else main), (None if pair in (None, "---") else pair)


def _items(tokens: list[str], where: str, *, inside: bool = False) -> list[Item]:
    items: list[Item] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok == "(":
            if inside:
                raise DataFileError([f"[DW110] {where} nested parentheses"], code="DW110")
            try:
                close = tokens.index(")", i)
            except ValueError:
                raise DataFileError([f"[DW110] {where} '(' without ')'"], code="DW110") from None
            inner = tokens[i + 1 : close]
            if not inner or not _WORD_RE.match(inner[0]) or inner[0].startswith("&"):
                raise DataFileError([f"[DW110] {where} a parenthesis must start with a preposition"], code="DW110")
            items.append(Item("pp", (inner[0],), tuple(_items(inner[1:], where, inside=True))))
            i = close + 1
            continue
        if tok == "{":
            try:
                close = tokens.index("}", i)
            except ValueError:
                raise DataFileError([f"[DW110] {where} '{{' without '}}'"], code="DW110") from None
            words = tokens[i + 1 : close]
            if not words or not all(_WORD_RE.match(w) for w in words):
                raise DataFileError([f"[DW110] {where} a {{...}} phrase must hold words only"], code="DW110")
            items.append(Item("phrase", tuple(words)))
            i = close + 1
            continue
        if tok in (")", "}"):
            raise DataFileError([f"[DW110] {where} unmatched {tok!r}"], code="DW110")
        marker = {"$": "source", "+": "target", "^": "skip", "%": "compound", "*": "verb"}.get(tok)
        if marker:
            items.append(Item(marker))
        elif "_" in tok.strip("_") and all(_WORD_RE.match(w) for w in tok.split("_") if w):
            # 'FIGHTER_&AIRCRAFT': words joined by '_' are consecutive, as in a {...} phrase
            items.append(Item("phrase", tuple(w for w in tok.split("_") if w)))
        elif _WORD_RE.match(tok.strip("_")):
            # '*_LAWS': TABARI's '_' ties a word to the verb; the word is what counts
            word = tok.strip("_")
            items.append(Item("synset" if word.startswith("&") else "word", (word,)))
        else:
            raise DataFileError([f"[DW110] {where} unexpected {tok!r} in a pattern"], code="DW110")
        i += 1
    return items


def _pattern(line: str, where: str, number: int) -> VerbPattern:
    m = _PATTERN_RE.match(line)
    if not m:
        raise DataFileError([f"[DW110] {where} a pattern line needs a code in brackets: - ... * ... [NNN]"],
                            code="DW110")
    code, pair = _code(m.group("code"), where)
    items = _items(_TOKEN_RE.findall(m.group("body")), where)
    stars = [i for i, it in enumerate(items) if it.kind == "verb"]
    if len(stars) != 1:
        raise DataFileError([f"[DW110] {where} a pattern needs exactly one '*' (the verb), found {len(stars)}"],
                            code="DW110")
    star = stars[0]
    return VerbPattern(number, m.group("body"), tuple(items[:star]), tuple(items[star + 1 :]), code, pair)


def _verb(line: str, where: str, number: int) -> Verb:
    m = _VERB_RE.match(line)
    if not m:
        raise DataFileError([f"[DW110] {where} not a verb line: VERB {{FORMS}} [CODE]"], code="DW110")
    written = m.group("verb")
    words = tuple(written.split("_"))
    marked = [i for i, w in enumerate(words) if w.startswith("+")]
    if len(marked) > 1 or not all(_WORD_RE.match(w.lstrip("+")) for w in words if w.lstrip("+")):
        raise DataFileError([f"[DW110] {where} malformed verb {written!r}"], code="DW110")
    code, pair = _code(m.group("code"), where) if m.group("code") is not None else (None, None)
    forms = tuple((m.group("forms") or "").split())
    return Verb(number, tuple(w.lstrip("+") for w in words if w.lstrip("+")), marked[0] if marked else 0,
                forms, code, pair)


def read_verb_dictionary(path: Path | str, text: str | None = None, *, strict: bool = True) -> VerbDictionary:
    """Parse a PETRARCH/TABARI verb dictionary.

    Args:
        strict: raise on malformed lines (the default); with False they are kept in
            ``VerbDictionary.malformed`` and the converter counts them as not expressed.

    Raises:
        DataFileError: [DW110]/[DW111], one problem per malformed line, each naming file and line.
        InputError: the file cannot be read.
    """
    name = str(path)
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8", errors="strict")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{name}: cannot read the verb dictionary: {exc}", code="DW201") from exc
    vd = VerbDictionary(source=Path(name).name)
    synset: str | None = None
    block: VerbBlock | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        try:
            synset, block = _read_line(vd, raw, f"{name}:{number}", number, synset, block)
        except DataFileError as exc:
            vd.malformed.extend(exc.problems)
    if strict and vd.malformed:
        raise DataFileError(vd.malformed, code="DW110")
    return vd


def _read_line(vd: VerbDictionary, raw: str, where: str, number: int, synset: str | None,
               block: VerbBlock | None) -> tuple[str | None, VerbBlock | None]:
    """Read one line into ``vd``; returns the synset and block that the next line continues."""
    stripped = raw.split("#", 1)[0].strip()
    if not stripped.startswith("-") or stripped.startswith("---"):
        stripped = stripped.split(";", 1)[0].strip()  # TABARI's comment mark, left on a few verb lines
    if not stripped:
        return synset, block
    if stripped.startswith("---"):
        m = _HEADER_RE.match(stripped)
        if not m:
            raise DataFileError([f"[DW110] {where} malformed block header: --- NAME [CODE] ---"], code="DW110")
        code, pair = _code(m.group("code"), where) if m.group("code") is not None else (None, None)
        block = VerbBlock(number, m.group("name").strip(), code, pair)
        vd.blocks.append(block)
        synset = None
    elif stripped.startswith("~"):
        vd.transformations.append((number, stripped))
    elif stripped.startswith("&"):
        label = stripped.split()[0]
        if not _WORD_RE.match(label) or len(stripped.split()) > 1:
            raise DataFileError([f"[DW110] {where} malformed synset label {stripped!r}"], code="DW110")
        synset = label.rstrip("_")
        vd.synsets[synset] = []
        block = None
    elif stripped.startswith("-"):
        if block is None:
            raise DataFileError([f"[DW110] {where} a pattern outside a verb block"], code="DW110")
        block.patterns.append(_pattern(stripped, where, number))
    elif synset is not None and stripped.startswith("+"):
        phrase = stripped[1:].strip()
        if not phrase or not _WORD_RE.match(phrase):
            raise DataFileError([f"[DW110] {where} malformed synset member {stripped!r}"], code="DW110")
        vd.synsets[synset].append(tuple(w for w in phrase.rstrip("_").split("_") if w))
    elif block is not None:
        block.verbs.append(_verb(stripped, where, number))
    else:
        raise DataFileError([f"[DW110] {where} a line outside any synset or verb block: {stripped!r}"],
                            code="DW110")
    return synset, block


# -- the CAMEO -> PLOVER crosswalk ------------------------------------------------------------
def read_crosswalk(text: str, *, name: str = "crosswalk") -> dict[str, tuple[str, str | None, tuple[str, ...]]]:
    """Parse a crosswalk, either PLOVER's ``CAMEO2PLOVER`` text (``173: COERCE, arrest, legal # ...``)
    or the shipped TSV (``173<TAB>COERCE<TAB>arrest<TAB>legal``). The first line for a code wins."""
    table: dict[str, tuple[str, str | None, tuple[str, ...]]] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("~"):
            continue
        if "\t" in line:
            parts = line.split("\t")
            code, rest = parts[0], parts[1:]
        else:
            m = _CROSSWALK_RE.match(line)
            if not m:
                raise DataFileError([f"[DW112] {name}:{number} not a crosswalk line: CODE: EVENT, mode, context"],
                                    code="DW112")
            code, rest = m.group("code"), m.group("rest").split(",")
        event = rest[0].strip() if rest else ""
        if not event:
            raise DataFileError([f"[DW112] {name}:{number} crosswalk line without a PLOVER category"], code="DW112")
        mode = rest[1].strip() if len(rest) > 1 and rest[1].strip() else None
        contexts = tuple(c.strip() for c in (rest[2] if len(rest) > 2 else "").split(";") if c.strip())
        table.setdefault(code, (event, mode, contexts))
    return table


def shipped_crosswalk() -> dict[str, tuple[str, str | None, tuple[str, ...]]]:
    """The crosswalk shipped with the base layer (derived from CAMEO2PLOVER, see its README)."""
    for name, text in iter_data_files(BASE_FOLDER, ".tsv"):
        if name.endswith(CROSSWALK_FILE):
            return read_crosswalk(text, name=name)
    raise DataFileError([f"[DW112] {BASE_FOLDER}/{CROSSWALK_FILE} is missing from the installed data"],
                        code="DW112")


def crosswalk_tsv(table: dict[str, tuple[str, str | None, tuple[str, ...]]]) -> str:
    """The crosswalk as the shipped TSV, modes and contexts checked against dyadwatch's ontology."""
    ontology = load_json("ontology", "plover.json")
    lines = ["# CAMEO code -> PLOVER category, mode, contexts (derived from CAMEO2PLOVER-2021, CC BY-SA 4.0;"
             " modes and contexts outside dyadwatch's ontology left out)"]
    for code in sorted(table, key=lambda c: (c[:2], c)):
        event, mode, contexts = table[code]
        if event not in ontology["categories"]:
            continue
        mode = mode if mode in ontology["categories"][event]["modes"] else None
        ctx = [c for c in contexts if c in ontology["contexts"]]
        lines.append("\t".join([code, event, mode or "", ";".join(ctx)]))
    return "\n".join(lines) + "\n"


# -- converting -------------------------------------------------------------------------------
@dataclass(slots=True)
class Conversion:
    """What :func:`convert_verbs` made: entries, and counts of everything it could not express."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    converted: int = 0  # source entries (pattern lines, verb codes) converted
    reasons: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def refuse(self, reason: str, where: str, n: int = 1) -> None:
        self.reasons[reason] += n
        self.examples.setdefault(reason, [])
        if len(self.examples[reason]) < 3:
            self.examples[reason].append(where)

    @property
    def total(self) -> int:
        return self.converted + sum(self.reasons.values())

    def summary(self) -> dict[str, Any]:
        return {
            "entries_read": self.total,
            "entries_converted": self.converted,
            "patterns_written": len(self.entries),
            "not_expressed": {k: self.reasons[k] for k in REASONS if self.reasons[k]},
            "partial": {k: self.notes[k] for k in NOTES if self.notes[k]},
        }

    def report(self) -> str:
        lines = [f"read {self.total} entries (pattern lines, verb codes, transformations); converted "
                 f"{self.converted} into {len(self.entries)} dyadwatch patterns"]
        if self.reasons:
            lines.append(f"not expressed ({sum(self.reasons.values())}):")
            lines += [f"  {self.reasons[k]:6d}  {k}: {REASONS[k]} (e.g. {', '.join(self.examples[k])})"
                      for k in REASONS if self.reasons[k]]
        if self.notes:
            lines.append("converted in part:")
            lines += [f"  {self.notes[k]:6d}  {k}: {NOTES[k]}" for k in NOTES if self.notes[k]]
        return "\n".join(lines)


class _Refused(Exception):
    def __init__(self, reason: str) -> None:
        self.reason = reason


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _expand(item: Item, synsets: dict[str, list[tuple[str, ...]]], conv: Conversion) -> list[str]:
    """The object words an item stands for: lower-case lemmas, two-word phrases 'modifier noun'."""
    words: list[list[tuple[str, ...]]] = []
    for w in item.words:
        if w.startswith("&"):
            if w.rstrip("_") not in synsets:
                raise _Refused("undefined-synset")
            words.append(synsets[w.rstrip("_")])
        else:
            words.append([(w,)])
    out: list[str] = []
    shortened = False
    for combo in itertools.product(*words):
        flat = [w.lower() for part in combo for w in part]
        if len(flat) > 2:
            flat, shortened = flat[-2:], True
        head = flat[-1]
        for h in dict.fromkeys((head, _singular(head))):
            phrase = " ".join(flat[:-1] + [h])
            if phrase not in out:
                out.append(phrase)
    if shortened:
        conv.notes["phrase-shortened"] += 1
    return out


def _shape(pat: VerbPattern, synsets: dict[str, list[tuple[str, ...]]], conv: Conversion, *,
           bare_preps: bool = False) -> dict[str, Any]:
    """The constraints of one pattern (particle, object, prep, recipient) or :class:`_Refused`."""
    for it in pat.before:
        if it.kind == "target":
            raise _Refused("target-before-verb")
        if it.kind == "compound":
            raise _Refused("compound-actor")
        if it.kind not in ("source", "skip"):
            raise _Refused("words-before-verb")
    particle: str | None = None
    nouns: list[Item] = []
    pps: list[Item] = []
    target: str | None = None
    for idx, it in enumerate(pat.after):
        if it.kind == "word" and idx == 0 and it.words[0].lower() in PARTICLES and len(pat.after) > 1:
            particle = it.words[0].lower()
        elif it.kind in ("word", "synset", "phrase"):
            nouns.append(it)
        elif it.kind == "pp":
            inner_kinds = [i.kind for i in it.inner]
            if "source" in inner_kinds:
                raise _Refused("source-after-verb")
            if "compound" in inner_kinds:
                raise _Refused("compound-actor")
            inner_nouns = [i for i in it.inner if i.kind in ("word", "synset", "phrase")]
            if len(inner_nouns) > 1:
                raise _Refused("several-nouns")
            if "target" in inner_kinds:
                if inner_nouns:
                    raise _Refused("target-with-noun")
                target = f"prep.{it.words[0].lower()}"
            pps.append(it)
        elif it.kind == "target":
            prev = pat.after[idx - 1] if idx else None
            if prev is not None and prev.kind == "pp" and not any(
                i.kind in ("word", "synset", "phrase") for i in prev.inner
            ):
                target = f"prep.{prev.words[0].lower()}"
            elif not nouns:
                target = "object"
            else:
                raise _Refused("target-after-object")
        elif it.kind == "source":
            raise _Refused("source-after-verb")
        elif it.kind == "compound":
            raise _Refused("compound-actor")
        # 'skip' (^) stands for any words: no constraint
    if len(nouns) > 1:
        raise _Refused("several-nouns")
    if len(pps) > 1:
        raise _Refused("two-pps")
    if nouns and pps:
        raise _Refused("object-and-pp")
    noun_pps = [p for p in pps if any(i.kind in ("word", "synset", "phrase") for i in p.inner)]
    bare_pps = [p for p in pps if p not in noun_pps]
    shape: dict[str, Any] = {}
    if particle:
        shape["particle"] = particle
    recipient: list[str] = []
    if target:
        recipient.append(target)
        if target.startswith("prep."):
            recipient.append("object." + target[5:])
    if noun_pps:
        pp = noun_pps[0]
        shape["prep"] = pp.words[0].lower()
        noun = next(i for i in pp.inner if i.kind in ("word", "synset", "phrase"))
        shape["object"] = _expand(noun if noun.kind != "word" else Item("phrase", noun.words), synsets, conv)
    elif nouns:
        shape["object"] = _expand(nouns[0] if nouns[0].kind != "word" else Item("phrase", nouns[0].words),
                                  synsets, conv)
    elif bare_pps:
        if not particle and not bare_preps:
            raise _Refused("bare-prep")
        # a preposition without noun: it is required, and it is where the recipient is
        shape["prep"] = bare_pps[0].words[0].lower()
        if not target:
            recipient.append(f"prep.{shape['prep']}")
    if "object" in shape or "prep" in shape:
        recipient += [s for s in _RECIPIENTS_AFTER_OBJECT if s not in recipient]
    if recipient:
        shape["recipient"] = recipient
    return shape


def _verb_key(verb: Verb) -> tuple[str, dict[str, Any]]:
    """The lemma and the constraints a (multi-word) verb adds: 'CALL_OFF' -> call + particle off."""
    if verb.verb_index > 0:
        raise _Refused("pre-verb-compound")
    lemma, rest = verb.words[0].lower(), [w.lower() for w in verb.words[1:]]
    extra: dict[str, Any] = {}
    if rest and rest[0] in PARTICLES:
        extra["particle"] = rest.pop(0)
    if len(rest) == 1 and "particle" not in extra and rest[0] in ("on", "in", "at", "for", "to", "with",
                                                                   "against", "into", "upon", "from", "of"):
        extra["prep"] = rest.pop(0)
    elif len(rest) == 1 and "particle" in extra and rest[0] in ("on", "with", "to", "for", "against", "from"):
        extra["prep"] = rest.pop(0)
    elif len(rest) == 1:
        extra["object"] = [rest.pop(0)]
    if rest:
        raise _Refused("long-compound")
    return lemma, extra


class _Mapper:
    def __init__(self, table: dict[str, tuple[str, str | None, tuple[str, ...]]]) -> None:
        self.table = table
        ontology = load_json("ontology", "plover.json")
        self.categories: dict[str, Any] = ontology["categories"]
        self.contexts = set(ontology["contexts"])

    def __call__(self, code: str, conv: Conversion) -> dict[str, Any]:
        hit = next((self.table[code[:n]] for n in (4, 3, 2) if len(code) >= n and code[:n] in self.table), None)
        if hit is None and code[:2] in ("01", "02"):
            raise _Refused("no-plover")
        if hit is None or hit[0] not in self.categories:
            raise _Refused("unknown-cameo")
        event, mode, contexts = hit
        out: dict[str, Any] = {"event": event}
        if mode and mode in self.categories[event]["modes"]:
            out["mode"] = mode
        elif mode:
            conv.notes["mode-dropped"] += 1
        ctx = [c for c in contexts if c in self.contexts]
        if ctx:
            out["context"] = ctx
        out["cameo"] = code
        return out


def convert_verbs(
    vd: VerbDictionary,
    crosswalk: dict[str, tuple[str, str | None, tuple[str, ...]]],
    *,
    prefix: str = "petrarch",
    bare_verbs: bool = False,
    bare_preps: bool = False,
    verbal_cooperation: bool = False,
) -> Conversion:
    """Convert a parsed verb dictionary into dyadwatch pattern entries (dicts, ``docs/dictionaries.md``).

    Each pattern line is applied to every verb of its block, as PETRARCH does. A verb's own code
    (or its block's) gives a bare verb pattern only with ``bare_verbs=True``. Every line that
    is not converted is counted under a reason in ``Conversion.reasons``.
    """
    conv = Conversion()
    mapper = _Mapper(crosswalk)
    seen: dict[tuple[Any, ...], str] = {}
    counters: Counter[str] = Counter()
    for line, _text in vd.transformations:
        conv.refuse("transformation", f"{vd.source}:{line}")
    for problem in vd.malformed:
        conv.refuse("malformed", Path(problem.split(" ")[1]).name if problem.startswith("[DW") else problem)

    def emit(group: list[tuple[str, dict[str, Any]]], code: str, pair: str | None, where: str,
             text: str) -> list[str]:
        """Add the entries of one source line (one per set of constraints, listing its verbs);
        returns a refusal reason for each verb that an earlier line already covers."""
        whys: list[str] = []
        merged: dict[str, tuple[dict[str, Any], list[str]]] = {}
        for lemma, shape in group:
            key = (lemma, shape.get("particle"), tuple(sorted(shape.get("object", ()))), shape.get("prep"))
            if key in seen:
                whys.append("duplicate" if seen[key] == code else "conflict")
                continue
            seen[key] = code
            merged.setdefault(json.dumps(shape, sort_keys=True), (shape, []))[1].append(lemma)
        for shape, lemmas in merged.values():
            counters[lemmas[0]] += 1
            entry: dict[str, Any] = {"id": f"{prefix}.verb.{lemmas[0]}.{counters[lemmas[0]]:04d}",
                                     "verb": lemmas[0] if len(lemmas) == 1 else lemmas}
            entry.update({k: shape[k] for k in ("particle", "object", "prep") if k in shape})
            entry.update(mapper(code, conv))
            if "recipient" in shape:
                entry["recipient"] = shape["recipient"]
            if pair is not None and pair == code:
                entry["symmetric"] = True
            entry["comment"] = f"{where} {text}".strip()
            conv.entries.append(entry)
        return whys

    for block in vd.blocks:
        verbs: list[tuple[Verb, str, dict[str, Any]]] = []
        for verb in block.verbs:
            where = f"{vd.source}:{verb.line}"
            try:
                lemma, extra = _verb_key(verb)
            except _Refused as r:
                conv.refuse(r.reason, where, 1 + len(block.patterns))
                continue
            verbs.append((verb, lemma, extra))
        # the verbs' own codes: 'ABORT [160]' codes every use of the verb
        for verb, lemma, extra in verbs:
            where = f"{vd.source}:{verb.line}"
            code, pair = (verb.code, verb.pair) if verb.code or verb.pair else (block.code, block.pair)
            try:
                if code is None:
                    raise _Refused("reciprocal-only" if pair else "null-code")
                if not bare_verbs:
                    mapper(code, Conversion())  # 01/02 and unknown codes are counted as such
                    raise _Refused("bare-verb")
                if pair and pair != code:
                    conv.notes["reciprocal-dropped"] += 1
                whys = emit([(lemma, dict(extra))], code, pair, where, "_".join(verb.words))
                if whys:
                    raise _Refused(whys[0])
                conv.converted += 1
            except _Refused as r:
                conv.refuse(r.reason, where)
        for pat in block.patterns:
            where = f"{vd.source}:{pat.line}"
            try:
                if pat.code is None:
                    raise _Refused("reciprocal-only" if pat.pair else "null-code")
                mapper(pat.code, Conversion())  # refuse 01/02 and unknown codes before shaping
                if pat.code[:2] in VERBAL_COOPERATION and not verbal_cooperation:
                    raise _Refused("verbal-cooperation")
                shape = _shape(pat, vd.synsets, conv, bare_preps=bare_preps)
            except _Refused as r:
                conv.refuse(r.reason, where)
                continue
            if pat.pair and pat.pair != pat.code:
                conv.notes["reciprocal-dropped"] += 1
            group: list[tuple[str, dict[str, Any]]] = []
            whys = []
            for _verb_rec, lemma, extra in verbs:
                if "particle" in extra and "particle" in shape:
                    whys.append("particle-twice")
                elif (extra.get("object") and ("object" in shape or "prep" in shape)) or (
                    extra.get("prep") and "prep" in shape
                ):
                    whys.append("long-compound")
                elif not bare_verbs and not ({**shape, **extra}.keys() & {"particle", "object", "prep"}):
                    whys.append("bare-verb")  # '- * +': the verb alone, with its target
                else:
                    group.append((lemma, {**shape, **extra}))
            n_before = len(conv.entries)
            whys += emit(group, pat.code, pat.pair, where, f"- {pat.text} [{pat.code}]")
            if len(conv.entries) > n_before:
                conv.converted += 1
            else:
                conv.refuse(whys[0] if whys else "pre-verb-compound", where)
    return conv


# -- writing ------------------------------------------------------------------------------------
def render_files(conv: Conversion) -> dict[str, str]:
    """The pattern files of a conversion, one per PLOVER category: ``{"assault.jsonl": text, ...}``."""
    files: dict[str, list[str]] = {}
    for entry in conv.entries:
        files.setdefault(f"{entry['event'].lower()}.jsonl", []).append(json.dumps(entry, ensure_ascii=False))
    head = "# converted from the PETRARCH2 CAMEO verb dictionary (MIT, see LICENSE); do not edit by hand\n"
    return {name: head + "\n".join(lines) + "\n" for name, lines in sorted(files.items())}


def write_conversion(conv: Conversion, out: Path, *, meta: dict[str, Any]) -> list[Path]:
    """Write the pattern files and ``meta.json`` (with the conversion summary) into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_files(conv).items():
        (out / name).write_text(text, encoding="utf-8")
        written.append(out / name)
    (out / "meta.json").write_text(json.dumps({**meta, **conv.summary()}, indent=2) + "\n", encoding="utf-8")
    written.append(out / "meta.json")
    return written


def import_verbs(path: Path, *, crosswalk_path: Path | None = None, prefix: str = "petrarch",
                 bare_verbs: bool = False, strict: bool = True) -> Conversion:
    """Read and convert a verb dictionary file (crosswalk: a CAMEO2PLOVER file or the shipped one)."""
    vd = read_verb_dictionary(path, strict=strict)
    if crosswalk_path is not None:
        try:
            table = read_crosswalk(crosswalk_path.read_text(encoding="utf-8"), name=str(crosswalk_path))
        except OSError as exc:
            raise InputError(f"{crosswalk_path}: cannot read the crosswalk: {exc}", code="DW201") from exc
    else:
        table = shipped_crosswalk()
    return convert_verbs(vd, table, prefix=prefix, bare_verbs=bare_verbs)
