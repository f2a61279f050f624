"""Convert PETRARCH/TABARI actor and agent dictionaries into dyadwatch actor files.

The formats are described in PETRARCH2's ``dictionaries.rst`` (a copy sits in the shared
dictionaries folder). An actor file is a series of records::

    GORDON_BROWN_  # a primary phrase, optionally with a default code: PHRASE [CODE]
    +BROWN_GORDON_                  # synonyms
        [GBRELI 510220-070627]      # dated role codes: from-to, <to, >from, or undated
        [GBRGOV 070627-100511]

and an agent file maps generic nouns to sector codes, with plural forms and substitution
markers (``!PERSON! = MAN, MEN``; ``CONGRESS!PERSON! [~LEG]``; ``TROOP {} [~MIL]``).

CAMEO codes are read in three-letter parts: a country (mapped to ISO alpha-3) or a
non-state code (IGO, NGO, IMG, MNC), then roles, mapped to PLOVER sectors. What cannot be
said in dyadwatch's format (regions, null codes, phrases made only of common words) is
counted by reason in :class:`ConversionReport`; a line that cannot be read at all is an
error naming its file and line.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from dyadwatch.errors import DataFileError

# CAMEO country codes that are not (or no longer) ISO alpha-3, and the code dyadwatch uses.
# Former states fold into their main successor, as PLOVER folds dependencies (ONTOLOGY 1.5).
CAMEO_COUNTRY = {
    "TMP": "TLS",  # East Timor
    "ROM": "ROU",
    "KSV": "XKX",  # Kosovo (the project's code)
    "KOS": "XKX",
    "SRP": "SRB",
    "SCG": "SRB",  # Serbia and Montenegro
    "YUG": "SRB",
    "FRY": "SRB",
    "USR": "RUS",  # Soviet Union
    "SUN": "RUS",
    "DDR": "DEU",  # East Germany
    "CSK": "CZE",
    "BAH": "BHS",
    "ANG": "AGO",
    "ZAR": "COD",
}
# First parts that are not countries: the project's non-state codes (ONTOLOGY 1.5).
NON_STATE = {"IGO": "IGO", "NGO": "NGO", "IMG": "IMG", "MNC": "MNC", "ISM": "ISM"}
# CAMEO regions: no country to give (counted, not converted).
REGIONS = frozenset(
    "AFR ASA BLK BAL CAS CAU CFR CRB EAF EEU EUR LAM MEA MED NAF NMR SAF SAM SAS SEA WAF WEU WST".split()
)
# CAMEO role and group codes -> PLOVER sectors.
ROLE_SECTOR = {
    "GOV": "GOV", "ELI": "ELI", "MIL": "MIL", "COP": "COP", "SPY": "SPY", "JUD": "JUD",
    "LEG": "LEG", "REB": "REB", "INS": "REB", "SEP": "REB", "OPP": "OPP", "PTY": "PTY",
    "BUS": "BUS", "MED": "JRN", "HLH": "MED", "EDU": "EDU", "AGR": "AGR", "LAB": "LAB",
    "REF": "REF", "CVL": "CVL", "PPL": "CVL", "CRM": "CRM", "UAF": "UAF", "REL": "REL",
    "CHR": "REL", "MUS": "REL", "JEW": "REL", "HIN": "REL", "BUD": "REL", "CTH": "REL",
    "ENV": "SOC", "HRI": "SOC", "DEV": "SOC", "IGO": "IGO", "NGO": "NGO", "NGM": "SOC",
    "MNC": "BUS",
}
# Default sector of a non-state code with no role of its own.
NON_STATE_SECTOR = {"IGO": "IGO", "NGO": "NGO", "IMG": "REB", "MNC": "BUS", "ISM": "SOC"}
# IGO parts that name the UN or the EU (dyadwatch codes them UNO and EUR).
_UN_PART = "UNO"
_EU_PARTS = {"EEC", "EUR"}

_CODE = re.compile(r"^(?:---|[A-Z0-9]{3,})$")
_DATE = re.compile(r"^\d{6}(?:\d{2})?$")
_RESTRICTION = re.compile(r"\[\s*([^\]\s}]+)(?:\s+([^\]}]*?))?\s*[\]}]")
_SUBST_DEF = re.compile(r"^(![A-Z]+!)\s*=\s*(.+)$")
# Name particles written in lower case, and short words that are not abbreviations.
_PARTICLES = frozenset(
    "of the and for de la le du des da do dos del von van der den di al el bin ibn in on at to by".split()
)
_SHORT_WORDS = frozenset("""abu new san sao st. mr. gen. col. bay sea air war law arm oil gas big red for
its our one two six ten ali bin ibn abd mao hun kim lee lin liu luo sun sen tan wen xie yao yu hu li
wu xu ma he so""".split())

KINDS = ("country", "place", "organisation", "person", "sector")
_COMPANY_SUFFIX = re.compile(
    r"(?:,?\s+(?:AG|SA|S\.A\.|NV|N\.V\.|PLC|Plc|Inc\.?|INC\.?|Corp\.?|CORP\.?|Corporation|Co\.?|Ltd\.?|LTD\.?|"
    r"Limited|LLC|GmbH|SpA|S\.p\.A\.|AB|ASA|Oyj|KK|Holdings?|Group|Company))+$"
)


@dataclass(slots=True)
class Restriction:
    """One role code, with its dates when it has them (``YYYY-MM-DD`` strings)."""

    code: str
    start: str | None
    end: str | None
    line: int


@dataclass(slots=True)
class ActorRecord:
    """One record of an actor file: a primary phrase, its synonyms and its codes."""

    phrases: list[str]
    line: int
    default: str | None = None
    restrictions: list[Restriction] = field(default_factory=list)


@dataclass(slots=True)
class AgentRecord:
    """One line of an agent file, after substitution markers are expanded."""

    phrase: str
    plurals: list[str] | None  # None: make the regular plural; []: no plural
    code: str
    after: bool  # '~GOV': the sector follows the actor code; 'IGO~': it comes first
    line: int


@dataclass
class ConversionReport:
    """What a conversion made (entries by kind) and what it could not express (by reason)."""

    kinds: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    repaired: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"kinds": dict(self.kinds), "skipped": dict(self.skipped),
                "repaired": dict(self.repaired), "errors": list(self.errors)}


# -- reading -----------------------------------------------------------------


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def _date(text: str, name: str, number: int, errors: list[str]) -> str | None:
    """``YYMMDD`` or ``YYYYMMDD`` -> ``YYYY-MM-DD`` (two-digit years up to 30 are 20xx, as in PETRARCH)."""
    if not _DATE.match(text):
        errors.append(f"[DW121] {name}:{number} bad date {text!r} in a date restriction (YYMMDD or YYYYMMDD)")
        return None
    if len(text) == 6:
        yy = int(text[:2])
        text = f"{2000 + yy if yy <= 30 else 1900 + yy}{text[2:]}"
    month, day = int(text[4:6]), int(text[6:8])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        errors.append(f"[DW121] {name}:{number} bad date {text!r} in a date restriction (no such month or day)")
        return None
    return f"{text[:4]}-{text[4:6]}-{text[6:8]}"


def _restrictions(text: str, name: str, number: int, errors: list[str],
                  report: ConversionReport) -> list[Restriction]:
    """Every ``[CODE]`` / ``[CODE DATES]`` in a piece of a line."""
    out: list[Restriction] = []
    if text.count("[") != len(_RESTRICTION.findall(text)):
        errors.append(f"[DW120] {name}:{number} unreadable code {text.strip()!r} (expected [CODE] or [CODE DATES])")
        return out
    for m in _RESTRICTION.finditer(text):
        if m.group(0).endswith("}"):
            report.repaired["code closed with '}'"] += 1
        code, dates = m.group(1), (m.group(2) or "").strip()
        if not _CODE.match(code):
            errors.append(f"[DW120] {name}:{number} bad code {code!r} (letters and digits, or ---)")
            continue
        start = end = None
        if dates:
            if dates.startswith("<"):
                end = _date(dates[1:].strip(), name, number, errors)
                if end is None:
                    continue
            elif dates.startswith(">"):
                start = _date(dates[1:].strip(), name, number, errors)
                if start is None:
                    continue
            elif "-" in dates:
                a, _, b = dates.partition("-")
                start, end = _date(a.strip(), name, number, errors), _date(b.strip(), name, number, errors)
                if start is None or end is None:
                    continue
            else:
                errors.append(f"[DW121] {name}:{number} bad date restriction {dates!r} (<date, >date or date-date)")
                continue
        out.append(Restriction(code, start, end, number))
    return out


def _phrase(raw: str) -> str:
    """A phrase string as words: underscores and blanks separate words."""
    return " ".join(raw.replace("_", " ").split())


def read_actor_file(name: str, text: str, report: ConversionReport | None = None) -> list[ActorRecord]:
    """Read a PETRARCH/TABARI actor file.

    Lines that cannot be read are added to ``report.errors`` as ``[DW12x] file:line message``
    and skipped; the rest of the file is read.
    """
    report = report if report is not None else ConversionReport()
    records: list[ActorRecord] = []
    current: ActorRecord | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = _strip_comment(raw)
        if not line.strip():
            continue
        if line.startswith("+"):
            if current is None:
                report.errors.append(f"[DW122] {name}:{number} synonym {line.strip()!r} before any primary phrase")
                continue
            body, _, codes = line.partition("[")
            for part in body.split("+"):
                if _phrase(part):
                    current.phrases.append(_phrase(part))
            if codes:
                current.restrictions.extend(_restrictions("[" + codes, name, number, report.errors, report))
            continue
        if line[0] in " \t" and line.strip().startswith("["):
            if current is None:
                report.errors.append(f"[DW122] {name}:{number} date restriction {line.strip()!r} "
                                     "before any primary phrase")
                continue
            current.restrictions.extend(_restrictions(line, name, number, report.errors, report))
            continue
        if line[0] in " \t":
            report.repaired["indented primary phrase"] += 1
        body = line.strip()
        body = body.split(";", 1)[0]  # 'JAMES_BYRNES_  ; CountryInfo.txt' (TABARI comments)
        phrase, _, codes = body.partition("[")
        if "]" in phrase or not _phrase(phrase):
            report.errors.append(f"[DW122] {name}:{number} no phrase in {raw.strip()!r}")
            current = None
            continue
        current = ActorRecord([_phrase(phrase)], number)
        records.append(current)
        if codes:
            found = _restrictions("[" + codes, name, number, report.errors, report)
            undated = [r for r in found if r.start is None and r.end is None]
            if undated and len(found) == 1:
                current.default = undated[0].code
            else:
                current.restrictions.extend(found)
    return records


def read_agent_file(name: str, text: str, report: ConversionReport | None = None) -> list[AgentRecord]:
    """Read a PETRARCH agent file (substitution markers expanded, plural forms kept)."""
    report = report if report is not None else ConversionReport()
    subst: dict[str, list[str]] = {}
    out: list[AgentRecord] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = _strip_comment(raw).strip()
        if not line or line.startswith("<!--"):
            continue
        m = _SUBST_DEF.match(line)
        if m:
            subst[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        m = re.match(r"^(.*?)\s*(\{[^}]*\})?\s*\[\s*([^\]\s}]+)\s*[\]}]\s*$", line)
        if m is None:
            report.errors.append(f"[DW123] {name}:{number} unreadable agent line {line!r} "
                                 "(expected PHRASE {PLURAL} [~CODE])")
            continue
        if line.endswith("}") and not line.endswith("]"):
            report.repaired["code closed with '}'"] += 1
        phrase, plural, code = m.group(1), m.group(2), m.group(3)
        if not code.startswith("~") and not code.endswith("~") or not _CODE.match(code.strip("~")):
            report.errors.append(f"[DW123] {name}:{number} agent code {code!r} needs '~' before or after it")
            continue
        markers = re.findall(r"![A-Z]+!", phrase)
        unknown = [mk for mk in markers if mk not in subst]
        if unknown:
            report.errors.append(f"[DW123] {name}:{number} substitution marker {unknown[0]} is not defined "
                                 "before it is used")
            continue
        plurals = None if plural is None else [_phrase(p) for p in plural[1:-1].split(",") if _phrase(p)]
        forms = [phrase]
        for mk in markers:
            forms = [f.replace(mk, w, 1) for f in forms for w in subst[mk]]
        for form in forms:
            # forms from a substitution list are complete: no plural is made for them
            out.append(AgentRecord(_phrase(form), [] if markers else plurals, code.strip("~"),
                                   code.startswith("~"), number))
    return out


# -- converting ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Code:
    """A CAMEO code in dyadwatch terms."""

    code: str  # ISO alpha-3 or a non-state code
    sector: str | None


def map_code(cameo: str) -> tuple[Code | None, str | None]:
    """A CAMEO actor code as (dyadwatch code and sector, None) or (None, reason it cannot be said)."""
    if cameo == "---":
        return None, "null code ---"
    parts = [cameo[i : i + 3] for i in range(0, len(cameo), 3)]
    if len(parts[-1]) != 3:
        return None, "code length not a multiple of 3"
    first, roles = parts[0], parts[1:]
    sector = actor_sector(roles)
    if first in NON_STATE:
        code = NON_STATE[first]
        if first == "IGO" and _UN_PART in roles:
            code = "UNO"
        elif first == "IGO" and _EU_PARTS & set(roles[:2]):
            code = "EUR"
        elif first == "MNC" and roles and _country(roles[0]):
            return Code(_country(roles[0]) or "", "BUS"), None  # a company by its home country
        if first == "IMG":
            sector = actor_sector([p for p in roles if p not in _QUALIFIERS])  # Islamist militants are REB, not REL
        return Code(code, sector or NON_STATE_SECTOR[first]), None
    if first in REGIONS:
        return None, "region, not a country"
    country = _country(first)
    if country is None:
        return None, f"unknown country code {first}"
    if roles and sector is None and roles[0] not in ROLE_SECTOR:
        return Code(country, None), None
    return Code(country, sector), None


# Roles that qualify another (a religion, a cause): used only when no other role is given.
_QUALIFIERS = frozenset("CHR MUS JEW HIN BUD CTH ENV HRI DEV NGM".split())


def actor_sector(roles: list[str]) -> str | None:
    """The sector of an actor's role parts: the last one that says what the actor is
    ('USAGOVJUD', the courts, is JUD; 'IGOUNOHLHWHO' is MED); religions and causes only alone."""
    main = [ROLE_SECTOR[p] for p in roles if p in ROLE_SECTOR and p not in _QUALIFIERS]
    if main:
        return main[-1]
    return next((ROLE_SECTOR[p] for p in roles if p in ROLE_SECTOR), None)


_ISO3: frozenset[str] | None = None


def _country(part: str) -> str | None:
    global _ISO3
    if _ISO3 is None:
        import pycountry

        _ISO3 = frozenset(c.alpha_3 for c in pycountry.countries) | {"XKX"}
    part = CAMEO_COUNTRY.get(part, part)
    return part if part in _ISO3 else None


def display_name(phrase: str, *, person: bool = False) -> str:
    """'KOFI_ATTA_ANNAN' -> 'Kofi Atta Annan'; 'UN' stays 'UN' (abbreviations keep capitals)."""
    words = phrase.split()
    out = []
    for i, w in enumerate(words):
        low = w.lower()
        letters = re.sub(r"[^A-Za-z]", "", w)
        if low in _PARTICLES and i > 0:
            out.append(low)
        elif not person and (
            (len(words) == 1 and len(letters) <= 4 and w.isupper())  # 'NATO', 'IAEA'
            or (len(letters) <= 3 and low not in _SHORT_WORDS and not (len(words) > 1 and low in _PARTICLES))
            or "." in w and len(letters) <= 4 and all(len(p) <= 1 for p in w.strip(".").split("."))
            or not re.search(r"[AEIOUY]", w.upper())
        ):
            out.append(w.upper())  # 'UN', 'U.N.', 'PKK', 'NGO'
        else:
            # "O'BRIEN" -> "O'Brien", but "PEOPLE'S" -> "People's"
            out.append("-".join("'".join(q[:1].upper() + q[1:].lower() if k == 0 or len(q) > 1 else q.lower()
                                         for k, q in enumerate(p.split("'")))
                                for p in w.split("-")))
    return " ".join(out)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "x"


class _Ids:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.seen: Counter[str] = Counter()

    def __call__(self, kind: str, name: str) -> str:
        base = f"{self.prefix}.{kind}.{_slug(name)}"
        self.seen[base] += 1
        return base if self.seen[base] == 1 else f"{base}.{self.seen[base]}"


def convert_actor_records(records: Iterable[ActorRecord], *, prefix: str, report: ConversionReport,
                          keep_name: Callable[[str, str], str | None] | None = None,
                          town_country: Callable[[str], str | None] | None = None,
                          country_names: Callable[[str], Iterable[str]] | None = None) -> list[dict[str, Any]]:
    """dyadwatch actor entries (JSON objects) for the records of one actor file.

    Args:
        prefix: id prefix (``petrarch.countries``).
        keep_name: a filter on each phrase, given the phrase and the entry kind; returns the reason
            to drop it, or None to keep it (common words, names another layer has).
        town_country: the gazetteer's country of a town name; a country record's synonym that is a
            town of that country becomes a place (a town alone is its civilians, not its government).
        country_names: the names known for a country code (see :func:`_is_place`).
    """
    ids = _Ids(prefix)
    out: list[dict[str, Any]] = []
    for rec in records:
        dated = [r for r in rec.restrictions if r.start or r.end]
        undated = [r for r in rec.restrictions if not (r.start or r.end)]
        if dated:
            out.extend(_person_entries(rec, dated, ids, report, keep_name))
            report.skipped["undated code of a person with terms (out-of-office rule covers it)"] += len(undated)
            continue
        code_text = rec.default or (undated[0].code if undated else None)
        if len(undated) > 1:
            report.skipped["extra undated codes after the first"] += len(undated) - 1
        if code_text is None:
            report.skipped["record with no code"] += 1
            continue
        code, reason = map_code(code_text)
        if code is None:
            report.skipped[reason or "unmapped code"] += 1
            continue
        if code.sector is None and code.code not in NON_STATE.values():
            out.extend(_country_entries(rec, code, ids, report, keep_name, town_country, country_names))
            continue
        names = _kept(rec.phrases, "organisation", report, keep_name)
        if code.sector == "BUS" and keep_name is not None:
            # 'CPI', 'ING', 'AID': a company's three letters are a ticker that text uses for other things
            short = [n for n in names if len(re.sub(r"[^A-Za-z]", "", n)) <= 3]
            report.skipped["company name: 3 letters or fewer"] += len(short)
            names = [n for n in names if n not in short]
        if not names:
            continue
        entry: dict[str, Any] = {"id": ids("org", names[0]), "type": "organisation", "code": code.code}
        if code.sector:
            entry["sector"] = code.sector
        entry["names"] = names
        out.append(entry)
        report.kinds["organisation"] += 1
    return out


def _kept(phrases: list[str], kind: str, report: ConversionReport,
          keep_name: Callable[[str, str], str | None] | None) -> list[str]:
    names: list[str] = []
    for p in phrases:
        shown = display_name(p, person=kind == "person")
        reason = keep_name(shown, kind) if keep_name else None
        if reason:
            report.skipped[f"{kind} name: {reason}"] += 1
            continue
        # 'ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)': the name and its abbreviation, each on its own
        m = re.match(r"^(.*?)\s*\(([^)]*)\)\s*$", shown)
        if m:
            report.repaired["abbreviation in brackets split off"] += 1
            main, abbr = m.group(1), m.group(2).upper()
            parts = [main]
            # an abbreviation of the name ('ISLAMIC ARMY OF ADEN (IAA)'), not a qualifier ('KOREA (SOUTH)')
            if abbr[:1] == main[:1].upper() and not (keep_name and keep_name(abbr, kind)):
                parts.append(abbr)
            for part in parts:
                if part and part not in names and len(re.sub(r"\W", "", part)) >= 3:
                    names.append(part)
            continue
        if "(" in shown or ")" in shown:
            shown = " ".join(shown.replace("(", " ").replace(")", " ").split())
        if shown.lower().startswith("the ") and len(shown.split()) > 1:
            shown = shown[4:]  # 'THE_UNITED_NATIONS': the article is matched (or not) by the text
        short = _COMPANY_SUFFIX.sub("", shown)
        if shown and shown not in names:
            names.append(shown)
        if short != shown and short and short not in names and not (keep_name and keep_name(short, kind)):
            names.append(short)  # 'SIEMENS_AG' is 'Siemens' in the news, when that passes the filter
            report.repaired["company name without its legal suffix"] += 1
    return names


def _person_entries(rec: ActorRecord, dated: list[Restriction], ids: _Ids, report: ConversionReport,
                    keep_name: Callable[[str, str], str | None] | None) -> list[dict[str, Any]]:
    names = _kept(rec.phrases, "person", report, keep_name)
    if keep_name is not None:
        # one word ('Hassan', 'Brown') is a given name or surname of many people: full names only
        single = [n for n in names if len(n.split()) == 1]
        report.skipped["person name: one word (names many people)"] += len(single)
        names = [n for n in names if len(n.split()) > 1]
    if not names:
        return []
    out = []
    person_id = ids("person", names[0])
    mapped = [(r, *map_code(r.code)) for r in sorted(dated, key=lambda r: (r.start or "", r.end or ""))]
    # an elite (ELI) term in the country of one of the person's offices says no more than
    # dyadwatch's out-of-office rule (before and after their terms they are that country's ELI)
    office_codes = {c.code for _r, c, _why in mapped if c is not None and c.sector not in (None, "ELI")}
    for n, (r, code, reason) in enumerate(mapped, 1):
        if code is None:
            report.skipped[f"term: {reason}"] += 1
            continue
        if code.sector is None:
            report.skipped["term with a country but no role"] += 1
            continue
        if code.sector == "ELI" and code.code in office_codes:
            report.skipped["elite term around an office (the out-of-office rule covers it)"] += 1
            continue
        entry: dict[str, Any] = {"id": f"{person_id}.{n}", "type": "person", "code": code.code,
                                 "sector": code.sector, "name": names[0], "names": names[1:],
                                 "from": r.start, "to": r.end}
        out.append(entry)
        report.kinds["person term"] += 1
    if out:
        report.kinds["person"] += 1
    return out


def _is_place(name: str, primary: str, code: str, town_country: Callable[[str], str | None] | None,
              country_names: Callable[[str], Iterable[str]] | None) -> bool:
    """Whether a synonym of a country record names a place in it (a town, a province: 'Kabul',
    'Helmand', 'Tibet') rather than the country ('Afganistan', 'Islamic Republic of Afghanistan').

    A name is the country's when it shares its first four letters with the record's primary
    name or with a name the dictionary or a library has for the code, or contains one of those
    names; a town the gazetteer places in the country is a place; so is anything else."""
    if town_country is not None and town_country(name) == code:
        return True
    if country_names is None:
        return False
    known = [primary, *country_names(code)]
    low = name.lower()
    for k in known:
        k = k.lower()
        # the same start, the name inside, or a misspelling of it ('Afganistan')
        if low[:4] == k[:4] or (len(k) >= 4 and k in low) or SequenceMatcher(None, low, k).ratio() >= 0.8:
            return False
    return True


def _country_entries(rec: ActorRecord, code: Code, ids: _Ids, report: ConversionReport,
                     keep_name: Callable[[str, str], str | None] | None,
                     town_country: Callable[[str], str | None] | None,
                     country_names: Callable[[str], Iterable[str]] | None = None) -> list[dict[str, Any]]:
    names = _kept(rec.phrases, "country", report, keep_name)
    places = [n for n in names[1:] if _is_place(n, names[0], code.code, town_country, country_names)]
    names = [n for n in names if n not in places]
    out: list[dict[str, Any]] = []
    if names:
        out.append({"id": ids("country", f"{code.code}-{names[0]}"), "type": "country", "code": code.code,
                    "names": names})
        report.kinds["country"] += 1
    if places:
        out.append({"id": ids("place", f"{code.code}-{places[0]}"), "type": "place", "code": code.code,
                    "names": places})
        report.kinds["place"] += 1
    return out


def agent_sector(code: str) -> str | None:
    """The PLOVER sector of an agent code ('GOVMED' -> GOV: the first part that has one)."""
    parts = [code[i : i + 3] for i in range(0, len(code), 3)]
    return next((ROLE_SECTOR[p] for p in parts if p in ROLE_SECTOR), None)


def regular_plural(word: str) -> str:
    """The plural PETRARCH makes: +S, Y -> IES, SS -> +ES (last word of a phrase)."""
    if word.endswith("ss"):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def convert_agent_records(records: Iterable[AgentRecord], *, prefix: str,
                          report: ConversionReport) -> list[dict[str, Any]]:
    """One sector entry per PLOVER sector, with every term (singular and plural forms)."""
    by_sector: dict[str, list[str]] = {}
    for rec in records:
        sector = agent_sector(rec.code)
        if sector is None:
            report.skipped[f"agent code with no PLOVER sector ({rec.code})"] += 1
            continue
        term = rec.phrase.lower()
        forms = [term]
        if rec.plurals is None:
            words = term.split()
            forms.append(" ".join([*words[:-1], regular_plural(words[-1])]))
        else:
            forms.extend(p.lower() for p in rec.plurals)
        terms = by_sector.setdefault(sector, [])
        for f in forms:
            if f not in terms:
                terms.append(f)
        report.kinds["agent term"] += 1
    out = []
    for sector, terms in sorted(by_sector.items()):
        out.append({"id": f"{prefix}.sector.{sector.lower()}", "type": "sector", "sector": sector,
                    "terms": terms})
        report.kinds["sector"] += 1
    return out


def is_agent_file(text: str) -> bool:
    """Agent files have '~' codes and no '+' synonyms or tab-indented date lines."""
    lines = [_strip_comment(ln) for ln in text.splitlines()]
    body = [ln for ln in lines if ln.strip() and not ln.strip().startswith("<!--")]
    tilde = sum(1 for ln in body if re.search(r"\[\s*~|~\s*[\]}]", ln))
    return bool(body) and tilde >= len(body) // 2


def convert_file(path: Path, *, report: ConversionReport,
                 keep_name: Callable[[str, str], str | None] | None = None,
                 town_country: Callable[[str], str | None] | None = None,
                 country_names: Callable[[str], Iterable[str]] | None = None,
                 prefix: str | None = None) -> list[dict[str, Any]]:
    """Read and convert one actor or agent file (told apart by their codes)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        text = path.read_text(encoding="latin-1")  # older TABARI files are Latin-1
    except OSError as exc:
        raise DataFileError([f"[DW124] {path}: cannot read: {exc}"], code="DW124") from exc
    prefix = prefix or f"petrarch.{file_key(path)}"
    if is_agent_file(text):
        return convert_agent_records(read_agent_file(str(path), text, report), prefix=prefix, report=report)
    return convert_actor_records(read_actor_file(str(path), text, report), prefix=prefix, report=report,
                                 keep_name=keep_name, town_country=town_country, country_names=country_names)


def file_key(path: Path) -> str:
    """'Phoenix.Countries.actors.txt' -> 'countries' (ids and output names)."""
    parts = [p for p in path.name.split(".") if p.lower() not in ("phoenix", "actors", "txt")]
    return _slug("-".join(parts) or path.stem)


def write_entries(path: Path, entries: list[dict[str, Any]], *, header: str) -> None:
    """One JSON object per line, after a comment header."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"# {h}" for h in header.splitlines()]
    lines += [json.dumps(e, ensure_ascii=False) for e in entries]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def import_petrarch_actors(files: Iterable[Path], out_dir: Path, *,
                           keep_name: Callable[[str, str], str | None] | None = None,
                           town_country: Callable[[str], str | None] | None = None,
                           country_names: Callable[[str], Iterable[str]] | None = None) -> ConversionReport:
    """Convert actor/agent files into ``out_dir/actors/<name>.jsonl`` (a ``--dict`` directory).

    Unreadable lines are listed in ``report.errors`` (file and line); the rest is converted.
    """
    report = ConversionReport()
    for path in files:
        entries = convert_file(Path(path), report=report, keep_name=keep_name, town_country=town_country,
                               country_names=country_names)
        write_entries(out_dir / "actors" / f"petrarch_{file_key(Path(path))}.jsonl", entries,
                      header=f"converted from {Path(path).name} by 'dyadwatch dict import petrarch-actors'")
    return report


def common_word_filter(extra_words: Iterable[str] = ()) -> Callable[[str, str], str | None]:
    """A ``keep_name`` filter that drops names an English sentence could hold by chance.

    - a one-word name that is a common English word ('Path', 'Front', 'Jordan' the noun) or a
      very short one (under 3 letters);
    - a name made only of name particles ('Al', 'De La').

    Longer names made of common words ('Army of God') are kept: the matcher asks that every
    word of a converted name be capitalised in the text.
    """
    from english_words import get_english_words_set

    # Webster's list keeps proper nouns capitalised ('Greenland') and common words in lower case ('army')
    words = {w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower()}
    words.update(w.lower() for w in extra_words)

    def keep(name: str, kind: str) -> str | None:
        tokens = [t for t in re.split(r"[\s]+", name) if t]
        letters = re.sub(r"[^A-Za-z]", "", name)
        if len(tokens) == 1:
            if len(letters) < 3 and not name.isupper():
                return "shorter than 3 letters"
            if letters.lower() in words and not (name.isupper() and len(letters) <= 5):
                return "a common English word"
        if all(t.lower() in _PARTICLES for t in tokens):
            return "only name particles"
        return None

    return keep


def shipped_country_names() -> Callable[[str], list[str]]:
    """Names of each country in dyadwatch's hand-curated dictionary (names and adjectives)."""
    from dyadwatch.actors.dictionary import CountryEntry, load_actor_entries

    entries, _problems = load_actor_entries(base=False)
    table: dict[str, list[str]] = {}
    for e in entries:
        if isinstance(e, CountryEntry):
            table.setdefault(e.code, []).extend([*e.names, *e.adjectives])
    return lambda code: table.get(code, [])
