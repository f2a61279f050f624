"""Readers: every input format, datelines, ids, directories, stdin and the sample corpus."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from dyadwatch.ingest import (
    article_from_text,
    parse_dateline,
    read_inputs,
    sample_corpus_dir,
)
from dyadwatch.records import Article, InputProblem, content_hash

BODY = ("China lodged a protest with Japan on Tuesday over remarks about Taiwan, and the "
        "foreign ministry said it would not accept the explanation given by Tokyo.")
EXPECTED = Path(__file__).resolve().parents[1] / "data" / "sample_expected.jsonl"


def _articles(records: list[Article | InputProblem]) -> list[Article]:
    problems = [str(r) for r in records if isinstance(r, InputProblem)]
    assert not problems, problems
    return [r for r in records if isinstance(r, Article)]


# --------------------------------------------------------------------------- datelines

@pytest.mark.parametrize(("text", "expected"), [
    ("date 2025-11-18 Beijing/Tokyo: " + BODY, ("2025-11-18", "Beijing/Tokyo", None)),
    ("BEIJING, Nov 18 (Reuters) - " + BODY, ("2025-11-18", "Beijing", "Reuters")),
    ("BEIJING/TOKYO, Nov 18 (Reuters) - " + BODY, ("2025-11-18", "Beijing/Tokyo", "Reuters")),
    ("TOKYO (AP) \u2014 " + BODY, (None, "Tokyo", "AP")),
    ("WASHINGTON, Nov. 18, 2025 /PRNewswire/ -- " + BODY, ("2025-11-18", "Washington", "PRNewswire")),
    ("Kyiv, 3 March 2025 (AFP) - " + BODY, ("2025-03-03", "Kyiv", "AFP")),
    ("GENEVA \u2014 " + BODY, (None, "Geneva", None)),
    ("KHARKIV, Ukraine (AP) \u2014 " + BODY, (None, "Kharkiv, Ukraine", "AP")),
    ("NEW DELHI, October 9, 2025 (PTI) - " + BODY, ("2025-10-09", "New Delhi", "PTI")),
    ("THE HAGUE, Nov 13 \u2013 " + BODY, ("2025-11-13", "The Hague", None)),
])
def test_parse_dateline_forms(text: str, expected: tuple[str | None, str | None, str | None]) -> None:
    date, place, agency, start = parse_dateline(text, default_year=2025)
    assert (date, place, agency) == expected
    assert text[start:] == BODY


@pytest.mark.parametrize("text", [
    BODY,
    "China said - on Tuesday - that it would respond.",
    "EXCLUSIVE - China plans to respond to Japan, sources say.",
    "Officials \u2014 speaking anonymously \u2014 said talks would go on.",
    "U.S.-China talks resumed on Tuesday.",
])
def test_parse_dateline_none(text: str) -> None:
    assert parse_dateline(text) == (None, None, None, 0)


@pytest.mark.parametrize(("default_year", "expected"), [(2024, "2024-11-18"), (None, f"{dt.date.today().year}-11-18")])
def test_parse_dateline_year_default(default_year: int | None, expected: str) -> None:
    assert parse_dateline("BEIJING, Nov 18 (Reuters) - x", default_year=default_year)[0] == expected


@pytest.mark.parametrize(("text", "date", "expected"), [
    ("BEIJING, Nov 18 (Reuters) - " + BODY, "2025-11-19", "2025-11-18"),   # year from the given date
    ("BEIJING, Dec 31 (Reuters) - " + BODY, "2026-01-02", "2025-12-31"),   # closest year wins
    ("BEIJING, Nov 18, 2024 (Reuters) - " + BODY, "2025-11-19", "2024-11-18"),  # dateline date wins
    ("TOKYO (AP) \u2014 " + BODY, "2025-11-19", "2025-11-19"),             # no dateline date
    (BODY, "2025-11-19T08:30:00Z", "2025-11-19"),                          # timestamps normalised
    (BODY, None, None),
])
def test_article_from_text_dates(text: str, date: str | None, expected: str | None) -> None:
    assert article_from_text(text, date=date).date == expected


def test_article_from_text_fields_and_offsets() -> None:
    raw = "\n  BEIJING, Nov 18 (Reuters) - " + BODY + "\n\nSecond  paragraph,\tkept as is.  \n"
    art = article_from_text(raw, title="T", origin="o", url="https://x.test/a")
    assert art.text == BODY + "\n\nSecond  paragraph,\tkept as is."
    assert (art.place, art.source, art.title, art.origin, art.url) == ("Beijing", "Reuters", "T", "o", "https://x.test/a")
    assert art.id == content_hash(raw)
    assert art.text[art.text.index("Japan"):].startswith("Japan on Tuesday")


@pytest.mark.parametrize(("kwargs", "expected_id"), [
    ({}, content_hash(BODY)),
    ({"article_id": "given-7"}, "given-7"),
])
def test_article_ids_stable(kwargs: dict[str, str], expected_id: str) -> None:
    first = article_from_text(BODY, **kwargs)
    second = article_from_text(BODY, **kwargs)
    assert first.id == second.id == expected_id


def test_explicit_source_wins_over_agency() -> None:
    assert article_from_text("TOKYO (AP) \u2014 " + BODY, source="wire.example").source == "wire.example"


# --------------------------------------------------------------------------- file formats

HTML_PAGE = """<!DOCTYPE html>
<html><head><title>China summons envoy | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2025-11-14T08:00:00Z">
<link rel="canonical" href="https://news.example.org/world/china-summons-envoy">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li>Subscribe now</li></ul></nav>
<article><h1>China summons envoy</h1>
<p>BEIJING, Nov 14 (Reuters) - China summoned Japan's ambassador on Friday over remarks by the
Japanese prime minister about Taiwan, the foreign ministry said in a statement.</p>
<p>Vice Foreign Minister Sun Weidong urged Japan to retract the remarks and said China would not
accept any explanation that did not correct the mistake.</p>
</article>
<footer>Copyright 2025 Example News. All rights reserved. Privacy policy. Cookie settings.</footer>
</body></html>
"""

RSS_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Test Wire</title><link>https://wire.example/</link>
<item><title>India and Pakistan hold border talks</title><link>https://wire.example/1</link>
<pubDate>Tue, 21 Oct 2025 09:00:00 GMT</pubDate>
<description>&lt;p&gt;NEW DELHI, Oct 21 (Reuters) - India and Pakistan &lt;b&gt;held talks&lt;/b&gt; on
Tuesday about the border &amp;amp; trade.&lt;/p&gt;</description></item>
<item><title>EU pledges aid</title><link>https://wire.example/2</link><guid>wire-2</guid>
<pubDate>Wed, 22 Oct 2025 10:00:00 GMT</pubDate>
<description>The European Union pledged aid to Ukraine on Wednesday.</description></item>
</channel></rss>
"""

ATOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title><id>urn:wire</id>
<updated>2025-11-02T00:00:00Z</updated>
<entry><title>Poland expels diplomats</title><id>urn:wire:1</id>
<link href="https://wire.example/atom/1"/><updated>2025-11-08T10:00:00Z</updated>
<content type="html">&lt;p&gt;Poland expelled three Russian diplomats on Saturday.&lt;/p&gt;
&lt;p&gt;Russia said it would respond.&lt;/p&gt;</content>
</entry></feed>
"""


@pytest.mark.parametrize("name", ["story.txt", "story", "story.md"])
def test_read_plain_text(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("TOKYO (AP) \u2014 " + BODY + "\n", encoding="utf-8")
    [art] = _articles(list(read_inputs([str(path)])))
    assert (art.text, art.place, art.source, art.origin) == (BODY, "Tokyo", "AP", str(path))


def test_read_text_date_from_file_name(tmp_path: Path) -> None:
    path = tmp_path / "2026-01-02_story.txt"
    path.write_text("BEIJING, Dec 31 (Reuters) - " + BODY, encoding="utf-8")
    other = tmp_path / "2025-11-19_other.txt"
    other.write_text("TOKYO (AP) \u2014 " + BODY, encoding="utf-8")
    first, second = _articles(list(read_inputs([str(path), str(other)])))
    assert first.date == "2025-12-31"  # the year closest to the file name date
    assert second.date == "2025-11-19"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_read_text_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(("GENEVA \u2014 " + BODY + " Caf\u00e9 talks.").encode(encoding))
    [art] = _articles(list(read_inputs([str(path)])))
    assert art.text == BODY + " Caf\u00e9 talks."
    assert art.place == "Geneva"


@pytest.mark.parametrize("name", ["page.html", "page.htm", "page"])
def test_read_html_main_text(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(HTML_PAGE, encoding="utf-8")
    [art] = _articles(list(read_inputs([str(path)])))
    assert art.text.startswith("China summoned Japan's ambassador on Friday")
    assert "would not" in art.text and "Subscribe" not in art.text and "Copyright" not in art.text
    assert "Home" not in art.text
    assert art.date == "2025-11-14"
    assert art.place == "Beijing"
    assert art.source == "Reuters"
    assert art.url == "https://news.example.org/world/china-summons-envoy"
    assert art.title is not None and art.title.startswith("China summons envoy")


def test_read_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    rows = [
        {"id": "a-1", "date": "2025-11-05", "title": "T1", "url": "https://w.example/1", "source": "W",
         "text": "WASHINGTON, Nov 5 (Reuters) - " + BODY},
        {"text": BODY, "date": "2025-11-06T12:00:00+08:00"},
        {"id": 42, "text": "TOKYO (AP) \u2014 " + BODY},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows[:2]) + "\n\n" + json.dumps(rows[2]) + "\n",
                    encoding="utf-8")
    first, second, third = _articles(list(read_inputs([str(path)])))
    assert (first.id, first.date, first.title, first.url, first.source, first.place) == (
        "a-1", "2025-11-05", "T1", "https://w.example/1", "W", "Washington")
    assert first.text == BODY and first.origin == f"{path}:1"
    assert (second.id, second.date, second.origin) == (content_hash(BODY), "2025-11-06", f"{path}:2")
    assert (third.id, third.origin, third.source) == ("42", f"{path}:4", "AP")


@pytest.mark.parametrize("payload", [
    [{"id": "x1", "text": BODY, "date": "2025-10-01"}, {"id": "x2", "text": "GENEVA \u2014 " + BODY}],
    {"id": "x1", "text": BODY, "date": "2025-10-01"},
])
def test_read_json(tmp_path: Path, payload: object) -> None:
    path = tmp_path / "items.json"
    path.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    arts = _articles(list(read_inputs([str(path)])))
    assert arts[0].id == "x1" and arts[0].date == "2025-10-01" and arts[0].origin == f"{path}#0"
    if isinstance(payload, list):
        assert arts[1].place == "Geneva" and len(arts) == 2


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("feed.xml", RSS_FEED, [
        ("https://wire.example/1", "2025-10-21", "New Delhi", "Reuters",
         "India and Pakistan held talks on\nTuesday about the border & trade."),
        ("wire-2", "2025-10-22", None, "Test Wire", "The European Union pledged aid to Ukraine on Wednesday."),
    ]),
    ("feed.rss", RSS_FEED, None),
    ("feed.atom", ATOM_FEED, [
        ("urn:wire:1", "2025-11-08", None, "Atom Wire",
         "Poland expelled three Russian diplomats on Saturday.\n\nRussia said it would respond."),
    ]),
    ("feed", ATOM_FEED, None),  # sniffed
    ("feed.txt", RSS_FEED, None),  # sniffed
])
def test_read_feeds(tmp_path: Path, name: str, content: str, expected: list[tuple[str, ...]] | None) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    arts = _articles(list(read_inputs([str(path)])))
    got = [(a.id, a.date, a.place, a.source, a.text) for a in arts]
    if expected is not None:
        assert got == expected
    assert len(arts) == (1 if "Atom" in content[:200] else 2)
    assert arts[0].origin == f"{path}#0" and arts[0].url and arts[0].title


def test_read_directory_recursive_sorted(tmp_path: Path) -> None:
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "a.txt").write_text("GENEVA \u2014 " + BODY, encoding="utf-8")
    (tmp_path / "b" / "deep" / "c.jsonl").write_text(json.dumps({"id": "c", "text": BODY}) + "\n", encoding="utf-8")
    (tmp_path / "b" / "a.txt").write_text("TOKYO (AP) \u2014 " + BODY, encoding="utf-8")
    (tmp_path / ".secret.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / ".hidden" / "x.txt").write_text(BODY, encoding="utf-8")
    arts = _articles(list(read_inputs([str(tmp_path)])))
    assert [a.origin for a in arts] == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "a.txt"),
                                        f"{tmp_path / 'b' / 'deep' / 'c.jsonl'}:1"]


@pytest.mark.parametrize(("data", "expected"), [
    (json.dumps({"id": "s1", "text": BODY}) + "\n" + json.dumps({"id": "s2", "text": BODY}) + "\n", ["s1", "s2"]),
    (json.dumps([{"id": "s1", "text": BODY}, {"id": "s2", "text": BODY}], indent=1), ["s1", "s2"]),
    (json.dumps({"id": "s1", "text": BODY}, indent=2), ["s1"]),
    ("\n\nGENEVA \u2014 " + BODY + "\n", [content_hash("\n\nGENEVA \u2014 " + BODY + "\n")]),
    (RSS_FEED, ["https://wire.example/1", "wire-2"]),
])
def test_read_stdin(data: str, expected: list[str]) -> None:
    arts = _articles(list(read_inputs(["-"], stdin=io.StringIO(data))))
    assert [a.id for a in arts] == expected
    assert all(a.origin and a.origin.startswith("<stdin>") for a in arts)


def test_read_inputs_order_across_paths(tmp_path: Path) -> None:
    one = tmp_path / "one.txt"
    one.write_text(BODY, encoding="utf-8")
    two = tmp_path / "two.jsonl"
    two.write_text(json.dumps({"id": "j", "text": BODY}), encoding="utf-8")
    recs = list(read_inputs([str(two), "-", str(one)], stdin=io.StringIO("GENEVA \u2014 " + BODY)))
    assert [r.origin for r in _articles(recs)] == [f"{two}:1", "<stdin>", str(one)]


# --------------------------------------------------------------------------- sample corpus

def _sample() -> list[Article | InputProblem]:
    return list(read_inputs([str(sample_corpus_dir())]))


def test_sample_corpus_readable() -> None:
    arts = _articles(_sample())
    assert len(arts) >= 30
    dates = sorted(dt.date.fromisoformat(a.date) for a in arts if a.date)
    assert len(dates) == len(arts)
    assert dates[-1] - dates[0] >= dt.timedelta(weeks=3)
    assert len({a.id for a in arts}) == len(arts)
    for art in arts:
        assert 120 <= len(art.text.split()) <= 250, art.origin
    suffixes = {Path(a.origin.split(":")[0].split("#")[0]).suffix for a in arts if a.origin}
    assert {".txt", ".jsonl", ".xml"} <= suffixes


def _expected_rows() -> list[dict[str, object]]:
    return [json.loads(line) for line in EXPECTED.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("row", _expected_rows(), ids=lambda r: f"{r['file']}#{r['article_index']}:{r['event']}")
def test_sample_expected_points_at_article(row: dict[str, object]) -> None:
    path = sample_corpus_dir() / str(row["file"])
    arts = _articles(list(read_inputs([str(path)])))
    index = row["article_index"]
    assert isinstance(index, int) and 0 <= index < len(arts)
    assert str(row["evidence"]) in arts[index].text
    assert row["status"] in ("asserted", "negated", "hypothetical", "future", "historical")
    assert row["date"] is None or dt.date.fromisoformat(str(row["date"]))


def test_sample_expected_covers_corpus() -> None:
    rows = _expected_rows()
    plover = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
              "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
    assert {r["event"] for r in rows} == plover
    per_article: dict[tuple[object, object], int] = {}
    for r in rows:
        per_article[(r["file"], r["article_index"])] = per_article.get((r["file"], r["article_index"]), 0) + 1
    assert len(per_article) == len(_articles(_sample()))
    assert max(per_article.values()) <= 4


@pytest.mark.parametrize(("dateline", "source", "place"), [
    ("", "Example News", None),  # no agency: the site name
    ("TOKYO (AP) \u2014 ", "AP", "Tokyo"),
])
def test_read_html_source(tmp_path: Path, dateline: str, source: str, place: str | None) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML_PAGE.replace("BEIJING, Nov 14 (Reuters) - ", dateline), encoding="utf-8")
    [art] = _articles(list(read_inputs([str(path)])))
    assert (art.source, art.place) == (source, place)
    assert art.text.startswith("China summoned")
