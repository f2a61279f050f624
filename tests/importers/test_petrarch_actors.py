"""The PETRARCH/TABARI actor and agent converter, on small files written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyadwatch.actors import ActorDictionary
from dyadwatch.cli import app
from dyadwatch.importers.petrarch_actors import (
    ConversionReport,
    common_word_filter,
    convert_actor_records,
    convert_agent_records,
    display_name,
    import_petrarch_actors,
    map_code,
    read_actor_file,
    read_agent_file,
)

# Every construct of an actor file: comments, a primary phrase with a default code, '+' synonyms
# (one with a second '+' inside), dated restrictions of each form (from-to with two- and
# four-digit years, <date, >date), an undated default after terms, a TABARI ';' comment,
# restrictions on the primary's line, a region code, a null code, an IGO code, a company code.
ACTORS = """\
# a test actor file
FREEDONIA_  [FRE]
+FREEDONIAN_
+SYLVANIA_CITY_ +FREEDONIA_REPUBLIC_

RUFUS_T_FIREFLY_  ; CountryInfo.txt
+FIREFLY_RUFUS_
\t[GBRELI 510220-070627]
\t[GBRGOV 070627-20100511]
\t[GBRELI]

JOHN_OPENEND_  # an open-ended term
\t[USAGOV >150101]
JANE_BEFORE_
\t[FRAGOV <991231]

PACIFIC_FLEET_ [RUSMIL]
ORDER_OF_THE_LAMP_ [NGOHRI]  # an NGO with a cause
WORLD_LAMP_AGENCY_ [IGOUNOHLH]
ACME_CORP_ [MNCDEU]
EASTERN_PROVINCES_ [AFR]
NOBODY_ [---]
MARY_MULTI_\t[IGOUNO 000101-080801] [ELI]
"""

AGENTS = """\
<!-- test agents -->
!PERSON! = MAN, MEN, WOMAN
POLICE {} [~COP] # no plural
SOLDIER [~MIL]
MILITIA {MILITIAS,MILITIAE} [~MIL]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVJUD]
CONGRESS!PERSON! [~LEG}
PEACEKEEPING_TROOPS {} [IGO~]
BODY [~HLH]
"""


def _read(text: str) -> tuple[list, ConversionReport]:
    report = ConversionReport()
    return read_actor_file("t.actors.txt", text, report), report


@pytest.mark.parametrize(("cameo", "code", "sector"), [
    ("GBRGOV", "GBR", "GOV"),
    ("USAGOVJUD", "USA", "JUD"),  # the last role that says what the actor is
    ("TMPGOV", "TLS", "GOV"),  # CAMEO East Timor -> ISO
    ("KSVREB", "XKX", "REB"),
    ("IGOUNOHLHWHO", "UNO", "MED"),
    ("IGOEUREEC", "EUR", "IGO"),
    ("NGOHRI", "NGO", "SOC"),
    ("IMGMUSALQ", "IMG", "REB"),
    ("MNCUSA", "USA", "BUS"),  # a company by its home country
    ("PSEREBHMS", "PSE", "REB"),
    ("REBMUS", None, None),  # not a country
])
def test_map_code_cameo_to_dyadwatch(cameo: str, code: str | None, sector: str | None) -> None:
    got, reason = map_code(cameo)
    if code is None:
        assert got is None and reason
    else:
        assert got is not None and (got.code, got.sector) == (code, sector)


@pytest.mark.parametrize(("cameo", "reason"), [("---", "null code"), ("AFR", "region"), ("ZZZGOV", "unknown country")])
def test_map_code_reasons(cameo: str, reason: str) -> None:
    got, why = map_code(cameo)
    assert got is None and why is not None and reason in why


def test_read_actor_file_every_construct() -> None:
    records, report = _read(ACTORS)
    assert report.errors == []
    by_name = {r.phrases[0]: r for r in records}
    assert by_name["FREEDONIA"].default == "FRE"
    assert by_name["FREEDONIA"].phrases == ["FREEDONIA", "FREEDONIAN", "SYLVANIA CITY", "FREEDONIA REPUBLIC"]
    firefly = by_name["RUFUS T FIREFLY"]
    assert firefly.phrases == ["RUFUS T FIREFLY", "FIREFLY RUFUS"]
    assert [(r.code, r.start, r.end) for r in firefly.restrictions] == [
        ("GBRELI", "1951-02-20", "2007-06-27"),  # two-digit years above 30 are 19xx
        ("GBRGOV", "2007-06-27", "2010-05-11"),  # eight digits as written
        ("GBRELI", None, None),
    ]
    assert [(r.start, r.end) for r in by_name["JOHN OPENEND"].restrictions] == [("2015-01-01", None)]
    assert [(r.start, r.end) for r in by_name["JANE BEFORE"].restrictions] == [(None, "1999-12-31")]
    assert [(r.code, r.start) for r in by_name["MARY MULTI"].restrictions] == [("IGOUNO", "2000-01-01"), ("ELI", None)]


def test_convert_actor_records_kinds_and_reasons() -> None:
    records, report = _read(ACTORS)
    entries = convert_actor_records(records, prefix="t", report=report)
    by_id = {e["id"]: e for e in entries}
    people = [e for e in entries if e["type"] == "person"]
    firefly = [e for e in people if e["name"] == "Rufus T Firefly"]
    assert [(e["code"], e["sector"], e["from"], e["to"]) for e in firefly] == [  # 'T' stays a capital
        ("GBR", "GOV", "2007-06-27", "2010-05-11")  # the ELI years around the office are the out-of-office rule's
    ]
    assert firefly[0]["names"] == ["Firefly Rufus"]
    assert any(e["name"] == "John Openend" and e["from"] == "2015-01-01" and e["to"] is None for e in people)
    orgs = {e["names"][0]: (e["code"], e.get("sector")) for e in entries if e["type"] == "organisation"}
    assert orgs["Pacific Fleet"] == ("RUS", "MIL")
    assert orgs["World Lamp Agency"] == ("UNO", "MED")
    assert orgs["Order of the Lamp"] == ("NGO", "SOC")
    assert orgs["Acme Corp"] == ("DEU", "BUS")
    assert any(n == ["Acme"] or "Acme" in n for n in (e["names"] for e in entries))  # the legal suffix dropped
    assert report.skipped["region, not a country"] == 1
    assert report.skipped["null code ---"] == 1
    assert report.skipped["elite term around an office (the out-of-office rule covers it)"] == 1
    assert report.kinds["person"] == 4 and report.kinds["organisation"] >= 4
    assert "t.country.fre-freedonia" not in by_id  # FRE is no ISO code: counted, not converted
    assert report.skipped["unknown country code FRE"] == 1


def test_country_synonyms_split_into_names_and_places() -> None:
    text = "FRANCE_ [FRA]\n+FRANCAISE_\n+PARIS_\n+BRITTANY_\n"
    records, report = _read(text)
    entries = convert_actor_records(records, prefix="t", report=report,
                                    town_country=lambda n: "FRA" if n == "Paris" else None,
                                    country_names=lambda code: ["France", "French"])
    kinds = {e["type"]: e["names"] for e in entries}
    assert kinds["country"] == ["France", "Francaise"]
    assert kinds["place"] == ["Paris", "Brittany"]  # a town, and a name unlike the country's


@pytest.mark.parametrize(("text", "code", "line", "fragment"), [
    ("+ORPHAN_\nGOOD_ [USA]\n", "DW122", 1, "before any primary phrase"),
    ("# c\n\t[USAGOV 990101-000101]\nGOOD_ [USA]\n", "DW122", 2, "before any primary phrase"),
    ("GOOD_ [USA]\nA_\n\t[USAGOV 9901-000101]\n", "DW121", 3, "bad date '9901'"),
    ("GOOD_ [USA]\nA_\n\t[USAGOV 991301-000101]\n", "DW121", 3, "no such month"),
    ("GOOD_ [USA]\nA_\n\t[USAGOV soon]\n", "DW121", 3, "bad date restriction 'soon'"),
    ("GOOD_ [USA]\nA_ [usa gov x]\n", "DW120", 2, "bad code"),
    ("GOOD_ [USA]\nA_ [USAGOV\n", "DW120", 2, "unreadable code"),
])
def test_malformed_lines_name_file_and_line(text: str, code: str, line: int, fragment: str) -> None:
    records, report = _read(text)
    assert len(report.errors) == 1
    assert report.errors[0].startswith(f"[{code}] t.actors.txt:{line} ") and fragment in report.errors[0]
    assert any(r.phrases == ["GOOD"] for r in records)  # the rest of the file is read


def test_read_agent_file_plurals_substitutions_and_prefixes() -> None:
    report = ConversionReport()
    agents = read_agent_file("t.agents.txt", AGENTS, report)
    assert report.errors == []
    assert report.repaired["code closed with '}'"] == 1
    forms = {a.phrase: a for a in agents}
    assert forms["POLICE"].plurals == [] and forms["SOLDIER"].plurals is None
    assert forms["MILITIA"].plurals == ["MILITIAS", "MILITIAE"]
    assert {"CONGRESSMAN", "CONGRESSMEN", "CONGRESSWOMAN"} <= set(forms)
    assert forms["PEACEKEEPING TROOPS"].after is False and forms["SOLDIER"].after is True
    sectors = {e["sector"]: e["terms"] for e in convert_agent_records(agents, prefix="t", report=report)}
    assert {"police", "soldier", "soldiers", "militia", "militias", "militiae"} <= set(sectors["COP"] + sectors["MIL"])
    assert "polices" not in sectors["COP"]
    assert "attorneys general" in sectors["GOV"]  # ~GOVJUD: an official, by the first part
    assert "congressmen" in sectors["LEG"] and "congressmans" not in sectors["LEG"]
    assert "peacekeeping troops" in sectors["IGO"]
    assert "bodies" in sectors["MED"]  # Y -> IES


def test_agent_file_errors() -> None:
    report = ConversionReport()
    read_agent_file("t.agents.txt", "SOLDIER [MIL]\nFIRE!PEOPLE! [~GOV]\nJUST_WORDS\n", report)
    assert [e[:26] for e in report.errors] == ["[DW123] t.agents.txt:1 age", "[DW123] t.agents.txt:2 sub",
                                               "[DW123] t.agents.txt:3 unr"]


@pytest.mark.parametrize(("raw", "person", "shown"), [
    ("UN SECRETARY GENERAL", False, "UN Secretary General"),
    ("KIM JONG UN", True, "Kim Jong Un"),
    ("NATO", False, "NATO"),
    ("PEOPLE'S LIBERATION ARMY", False, "People's Liberation Army"),
    ("AL QAEDA IN IRAQ", False, "Al Qaeda in Iraq"),
])
def test_display_name(raw: str, person: bool, shown: str) -> None:
    assert display_name(raw, person=person) == shown


def test_common_word_filter() -> None:
    keep = common_word_filter()
    assert keep("Front", "organisation") and keep("Path", "country")
    assert keep("Kabul", "place") is None and keep("Greenland", "place") is None
    assert keep("Army of God", "organisation") is None  # longer names: the matcher asks for capitals


def test_import_writes_a_dict_directory_that_loads(tmp_path: Path) -> None:
    (tmp_path / "my.actors.txt").write_text(
        "GRAND_FENWICK_DUCHY_GUARD_ [GBRMIL]\nGLORIANA_DUCHESS_\n\t[GBRGOV 590101-640101]\n", encoding="utf-8")
    (tmp_path / "my.agents.txt").write_text("PIKEMAN {PIKEMEN} [~MIL]\n", encoding="utf-8")
    out = tmp_path / "out"
    report = import_petrarch_actors([tmp_path / "my.actors.txt", tmp_path / "my.agents.txt"], out)
    assert report.errors == [] and report.kinds["person term"] == 1
    files = sorted(p.name for p in (out / "actors").iterdir())
    assert files == ["petrarch_my-agents.jsonl", "petrarch_my.jsonl"]
    first = json.loads((out / "actors" / "petrarch_my.jsonl").read_text(encoding="utf-8").splitlines()[1])
    assert first["code"] == "GBR"
    actors = ActorDictionary.load([out])
    hit = actors.lookup("Gloriana Duchess".split(), date="1960-06-01")
    assert hit is not None and (hit.code, hit.sector, hit.layer) == ("GBR", "GOV", "user")
    later = actors.lookup("Gloriana Duchess".split(), date="1990-01-01")
    assert later is not None and later.sector == "ELI"
    assert actors.sector_of(["pikemen"]) is not None


def test_cli_import_reports_counts_and_bad_lines(tmp_path: Path) -> None:
    src = tmp_path / "bad.actors.txt"
    src.write_text("GOOD_GUARD_ [USAMIL]\n+ORPHANED\n\t[USAGOV 99-00]\nREGION_ [AFR]\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["dict", "import", "petrarch-actors", str(src), "--out", str(tmp_path / "o"),
                                      "--json"])
    assert result.exit_code == 1
    assert f"[DW121] {src}:3" in result.output
    report = json.loads(result.stdout[result.stdout.index("{"):])
    assert report["kinds"]["organisation"] == 1 and report["skipped"]["region, not a country"] == 1
    assert (tmp_path / "o" / "actors" / "petrarch_bad.jsonl").is_file()  # the rest was converted
