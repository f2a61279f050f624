"""One input never stops, hangs or poisons a batch (issue 12, items 1-7 and 16): each bad input
becomes a problem naming the file (and line), and the inputs after it are read."""

from __future__ import annotations

import io
import itertools
import json
import os
import threading
from pathlib import Path

import pytest

from dyadwatch.dates import resolve_date
from dyadwatch.ingest import read_inputs
from dyadwatch.ingest.language import check_language, plainly_english
from dyadwatch.records import Article, InputProblem

GOOD = ("Japan lodged a protest with China on Wednesday after coast guard ships entered waters "
        "around the islands, and the foreign ministry said it would respond calmly.")
pytestmark = pytest.mark.issue(12)


def read(paths: list[str | Path], **kwargs: object) -> tuple[list[Article], list[InputProblem]]:
    records = list(read_inputs([str(p) for p in paths], **kwargs))  # type: ignore[arg-type]
    return ([r for r in records if isinstance(r, Article)], [r for r in records if isinstance(r, InputProblem)])


def good_file(folder: Path, name: str = "zz_after.txt") -> Path:
    path = folder / name
    path.write_text(GOOD, encoding="utf-8")
    return path


# -- item 1: deep JSON -------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "data", "line"), [
    ("deep.json", b"[" * 100_000 + b"]" * 100_000, None),
    ("deep_object.json", b'{"a":' * 60_000 + b"1" + b"}" * 60_000, None),
    ("deep.jsonl", json.dumps({"text": GOOD}).encode() + b"\n" + b"[" * 100_000 + b"]" * 100_000 + b"\n", 2),
])
def test_deep_json_is_one_problem(tmp_path: Path, name: str, data: bytes, line: int | None) -> None:
    bad = tmp_path / name
    bad.write_bytes(data)
    after = good_file(tmp_path)
    articles, problems = read([bad, after])
    assert [p.code for p in problems] == ["DW208"]
    assert problems[0].origin == str(bad) and problems[0].line == line and "nested too deeply" in str(problems[0])
    assert articles[-1].origin == str(after)


def test_deep_json_on_standard_input() -> None:
    articles, problems = read(["-"], stdin=io.StringIO("[" * 100_000 + "]" * 100_000))
    assert not articles and [p.code for p in problems] == ["DW208"]


# -- items 2 and 7: dates ----------------------------------------------------------------------------
@pytest.mark.parametrize(("date", "words"), [
    ("0001-01-01", "outside the years"),
    ("9999-12-31", "outside the years"),
    ("yesterday", "not an ISO date"),
    ("next Tuesday", "not an ISO date"),
    ("Nov 18, 2025", "not an ISO date"),
    ("2025-11-18T25:99:00", "not a valid date"),
    ("2025-02-30", "not a valid date"),
    ("2025-11-18 garbage", "not a valid date"),
])
def test_bad_publication_date_is_that_records_problem(tmp_path: Path, date: str, words: str) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps({"id": "bad", "text": GOOD, "date": date}) + "\n"
                    + json.dumps({"id": "ok", "text": GOOD, "date": "2025-11-18T09:30:00Z"}) + "\n", encoding="utf-8")
    articles, problems = read([path])
    assert [(p.code, p.line) for p in problems] == [("DW209", 1)]
    assert words in problems[0].message and repr(date) in problems[0].message
    assert [(a.id, a.date) for a in articles] == [("ok", "2025-11-18")]


@pytest.mark.parametrize(("expression", "published"), [
    ("tomorrow", "9999-12-31"), ("a year ago", "0001-01-01"), ("next week", "9999-12-31"), ("Dec 30", "0001-01-01"),
])
def test_dates_at_the_calendar_edges_resolve_without_error(expression: str, published: str) -> None:
    date, precision = resolve_date(expression, published)
    assert (date is None) == (precision == "unknown")


def test_dateline_with_an_edge_year_is_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "wire.txt"
    path.write_text("BEIJING, Dec 31, 9999 (Reuters) - " + GOOD, encoding="utf-8")
    articles, problems = read([path])
    assert not problems and articles[0].date is None


# -- item 3: file names that are not UTF-8 -----------------------------------------------------------
def test_non_utf8_file_name_is_read_and_printable(tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/bad\xff\xfe.txt"
    with open(raw, "wb") as handle:
        handle.write(GOOD.encode())
    articles, problems = read([tmp_path])
    assert not problems
    assert articles[0].origin == f"{tmp_path}/bad\\xff\\xfe.txt"
    articles[0].origin.encode("utf-8")  # storable and printable


def test_non_utf8_file_name_is_stored(tmp_path: Path) -> None:
    from dyadwatch.records import CodedArticle
    from dyadwatch.service import DyadService
    from dyadwatch.store import open_store

    with open(os.fsencode(tmp_path) + b"/caf\xe9.txt", "wb") as handle:
        handle.write(GOOD.encode())
    (article,), _ = read([tmp_path])
    store = open_store(str(tmp_path / "s.duckdb"))
    try:
        report = DyadService(store=store).ingest_coded([CodedArticle(article=article, events=())])
        assert report.articles_stored == 1
        assert store.article(article.id)["origin"] == f"{tmp_path}/caf\\xe9.txt"
    finally:
        store.close()


# -- items 4 and 5: links, loops and special files ---------------------------------------------------
def test_symlink_loop_is_read_once_and_reported(tmp_path: Path) -> None:
    (tmp_path / "loop" / "sub").mkdir(parents=True)
    (tmp_path / "loop" / "sub" / "one.txt").write_text(GOOD, encoding="utf-8")
    os.symlink("..", tmp_path / "loop" / "sub" / "up")
    os.symlink(tmp_path / "loop", tmp_path / "loop" / "sub" / "again")
    records = list(itertools.islice(read_inputs([str(tmp_path / "loop")]), 50))
    articles = [r for r in records if isinstance(r, Article)]
    problems = [r for r in records if isinstance(r, InputProblem)]
    assert len(articles) == 1
    assert sorted(p.origin for p in problems) == [str(tmp_path / "loop/sub/again"), str(tmp_path / "loop/sub/up")]
    assert {p.code for p in problems} == {"DW210"} and "loop" in problems[0].message


def test_two_links_to_one_file_read_it_once(tmp_path: Path) -> None:
    good_file(tmp_path, "a.txt")
    os.symlink(tmp_path / "a.txt", tmp_path / "b.txt")
    articles, problems = read([tmp_path])
    assert len(articles) == 1 and not problems


def test_self_link_and_dangling_link(tmp_path: Path) -> None:
    os.symlink(tmp_path / "self.txt", tmp_path / "self.txt")
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "dangling.txt")
    after = good_file(tmp_path)
    articles, problems = read([tmp_path, tmp_path / "dangling.txt"])
    assert [(Path(p.origin).name, p.code) for p in problems] == [
        ("dangling.txt", "DW211"), ("self.txt", "DW210"), ("dangling.txt", "DW211")]
    assert "broken symbolic link" in problems[0].message
    assert [a.origin for a in articles] == [str(after)]


def _read_with_deadline(paths: list[str], seconds: float = 20.0) -> list[Article | InputProblem]:
    out: list[Article | InputProblem] = []
    reader = threading.Thread(target=lambda: out.extend(read_inputs(paths)), daemon=True)
    reader.start()
    reader.join(seconds)
    assert not reader.is_alive(), f"reading {paths} hangs"
    return out


def test_fifo_given_as_path_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    after = good_file(tmp_path)
    records = _read_with_deadline([str(fifo), str(after)])
    assert isinstance(records[0], InputProblem) and records[0].code == "DW211"
    assert records[0].origin == str(fifo) and "FIFO" in records[0].message
    assert isinstance(records[1], Article) and records[1].origin == str(after)


def test_fifo_and_devices_inside_a_folder_are_named(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    good_file(tmp_path)
    records = _read_with_deadline([str(tmp_path), "/dev/null"])
    problems = [(r.origin, r.code) for r in records if isinstance(r, InputProblem)]
    assert problems == [(str(tmp_path / "pipe"), "DW211"), ("/dev/null", "DW211")]


# -- item 6: navigation-only HTML --------------------------------------------------------------------
@pytest.mark.parametrize("page", [
    "<html><body><header><a href='/login'>Log in</a></header><nav><a href='/s'>Subscribe now</a></nav>"
    "<footer>| Privacy</footer></body></html>",
    "<html><body><div role='navigation'><a>Home</a> <a>World news</a> <a>Business</a> <a>Sport today</a>"
    "</div><footer><p>Contact us | Privacy policy | Terms of use | Cookie settings</p></footer></body></html>",
])
def test_navigation_only_html_has_no_main_text(tmp_path: Path, page: str) -> None:
    path = tmp_path / "nav.html"
    path.write_text(page, encoding="utf-8")
    articles, problems = read([path, good_file(tmp_path)])
    assert [(p.code, p.origin) for p in problems] == [("DW202", str(path))]
    assert "no main text" in problems[0].message and len(articles) == 1


def test_html_article_with_navigation_is_read(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(f"<html><body><nav><a>Home</a> <a>World</a></nav><article><h1>Protest</h1><p>{GOOD}</p>"
                    "</article><footer>Privacy</footer></body></html>", encoding="utf-8")
    articles, problems = read([path])
    assert not problems and "coast guard" in articles[0].text


# -- item 16: language identification ----------------------------------------------------------------
@pytest.mark.parametrize(("text", "language"), [
    ("La Chine a convoqué mardi l'ambassadeur du Japon à Pékin pour protester contre les propos de la Première "
     "ministre sur Taïwan, a indiqué le ministère des Affaires étrangères.", "French"),
    ("Die chinesische Regierung hat am Dienstag den japanischen Botschafter einbestellt und gegen die "
     "Äußerungen der Ministerpräsidentin zu Taiwan protestiert.", "German"),
    ("O governo chinês convocou nesta terça-feira o embaixador do Japão para protestar contra as declarações "
     "da primeira-ministra sobre Taiwan.", "Portuguese"),
    ("Министерство иностранных дел Китая вызвало посла Японии", "Russian"),
    ("Türkiye Dışişleri Bakanlığı, Yunanistan'ın Ankara büyükelçisini bakanlığa çağırarak adalardaki askeri "
     "faaliyetleri protesto etti.", "Turkish"),
])
def test_language_is_named(text: str, language: str) -> None:
    reason = check_language(text)
    assert reason is not None and language in reason


@pytest.mark.parametrize("text", [
    "Ghana and Nigeria signed a pact in Accra.",
    "Xi meets Putin in Moscow",
    "Merkel and Macron met Sánchez in Berlin on Monday.",
    GOOD,
])
def test_short_english_is_english(text: str) -> None:
    assert check_language(text) is None


_NEWS_IN = {
    "English": ("The foreign ministry said on Tuesday that it had summoned the ambassador, who was told that "
                "the remarks of the premier were a breach of the understanding the two sides had reached."),
    "Polish": ("Ministerstwo spraw zagranicznych wezwało we wtorek ambasadora Japonii, a to po wypowiedzi "
               "premier na temat Tajwanu, która według resortu narusza wcześniejsze ustalenia obu stron."),
    "Dutch": ("Het ministerie van Buitenlandse Zaken heeft dinsdag de ambassadeur van Japan ontboden, zo is "
              "bekendgemaakt, nadat de premier in het parlement uitspraken over Taiwan had gedaan."),
    "German": ("Das Außenministerium hat am Dienstag den Botschafter einbestellt, was nach den Äußerungen der "
               "Ministerpräsidentin in Tokio zu Taiwan in Peking als Bruch der Absprachen gilt."),
}


@pytest.mark.parametrize("language", sorted(_NEWS_IN))
def test_plain_english_needs_no_model_and_other_languages_do(language: str) -> None:
    """Function words common in English news but words of no other language mark a text as
    English without the model; news in languages that share short words with English ('to',
    'in', 'was', 'is') is still sent to the model and refused, named."""
    text = _NEWS_IN[language]
    assert plainly_english(text) is (language == "English")
    reason = check_language(text)
    assert (reason is None) if language == "English" else (reason is not None and language in reason)


@pytest.mark.parametrize(("declared", "ok"), [("en", True), ("en-GB", True), ("fr", False), ("de-DE", False)])
def test_a_source_declares_its_language(tmp_path: Path, declared: str, ok: bool) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps({"id": "x", "text": "Tokio und Peking: Gespräche am Montag.",
                                "language": declared}) + "\n", encoding="utf-8")
    articles, problems = read([path])
    if ok:
        assert len(articles) == 1 and not problems
    else:
        assert [p.code for p in problems] == ["DW206"] and "declares" in problems[0].message
        assert ("French" if declared == "fr" else "German") in problems[0].message


def test_feed_language_is_a_declaration(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text("<?xml version='1.0'?><rss version='2.0'><channel><title>Nachrichten</title>"
                    "<language>de</language><item><title>Gespräche</title><description>"
                    f"{GOOD}</description></item></channel></rss>", encoding="utf-8")
    _, problems = read([path])
    assert [p.code for p in problems] == ["DW206"] and "German" in problems[0].message


def test_feed_declaring_xml_entities_is_refused(tmp_path: Path) -> None:
    from bad_corpus import LAUGHS

    path = tmp_path / "laughs.xml"
    path.write_text(LAUGHS, encoding="utf-8")
    articles, problems = read([path, good_file(tmp_path)])
    assert [p.code for p in problems] == ["DW205"] and "ENTITY" in problems[0].message and len(articles) == 1


@pytest.mark.parametrize(("escape", "words"), [("\\u0000", "NUL character"), ("\\ud800", "lone surrogate"),
                                               ("\\udfff", "lone surrogate")])
def test_json_escapes_that_are_not_text(tmp_path: Path, escape: str, words: str) -> None:
    """A NUL or a lone surrogate from a JSON escape would fail in the store (PostgreSQL, UTF-8): refused here."""
    path = tmp_path / "records.jsonl"
    path.write_text('{"id": "bad", "text": "China said' + escape + ' it would respond."}\n'
                    '{"id": "title", "text": "China said it would respond.", "title": "x' + escape + '"}\n'
                    + json.dumps({"id": "ok", "text": GOOD}) + "\n", encoding="utf-8")
    articles, problems = read([path])
    assert [(p.code, p.line) for p in problems] == [("DW203", 1), ("DW203", 2)]
    assert words in problems[0].message and "'title'" in problems[1].message
    assert [a.id for a in articles] == ["ok"]
