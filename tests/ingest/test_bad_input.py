"""Bad input: each problem is reported with its code, file and line, and the batch goes on."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from dyadwatch.ingest import MAX_ARTICLE_CHARS, check_english, read_inputs
from dyadwatch.records import Article, InputProblem

GOOD = ("Japan lodged a protest with China on Wednesday after coast guard ships entered waters "
        "around the islands, and the foreign ministry said it would respond calmly.")

FRENCH = ("La Chine a convoqué mardi l'ambassadeur du Japon à Pékin pour protester contre les propos "
          "de la Première ministre sur Taïwan. Le ministère des Affaires étrangères a demandé au Japon de "
          "retirer ces déclarations, qui sont selon lui une ingérence dans les affaires intérieures du pays.")
GERMAN = ("Die chinesische Regierung hat am Dienstag den japanischen Botschafter einbestellt und gegen die "
          "Äußerungen der Ministerpräsidentin zu Taiwan protestiert. Das Außenministerium forderte Japan auf, "
          "die Aussagen zurückzunehmen, und sprach von einer Einmischung in die inneren Angelegenheiten.")
SPANISH = ("El Gobierno de China convocó el martes al embajador de Japón para protestar por las declaraciones "
           "de la primera ministra sobre Taiwán. El Ministerio de Asuntos Exteriores pidió a Tokio que retire "
           "sus palabras, que considera una injerencia en los asuntos internos del país.")
CHINESE = ("中国外交部周二召见日本驻华大使，就日本首相有关台湾的错误言论提出严正交涉。外交部发言人表示，"
           "日方言论严重干涉中国内政，要求日方立即撤回错误言论，停止在错误道路上越走越远。")
RUSSIAN = ("Министерство иностранных дел Китая во вторник вызвало посла Японии в связи с заявлениями "
           "премьер-министра о Тайване. Пекин потребовал от Токио отказаться от этих слов и прекратить "
           "вмешательство во внутренние дела страны.")


def _split(records: list[Article | InputProblem]) -> tuple[list[Article], list[InputProblem]]:
    return ([r for r in records if isinstance(r, Article)],
            [r for r in records if isinstance(r, InputProblem)])


def _batch(tmp_path: Path, bad: Path, **kwargs: int) -> tuple[list[Article], list[InputProblem]]:
    """Read a good file, the bad one and another good file; both good ones must come through."""
    before = tmp_path / "good_before.txt"
    before.write_text(GOOD, encoding="utf-8")
    after = tmp_path / "good_after.txt"
    after.write_text("GENEVA \u2014 " + GOOD, encoding="utf-8")
    articles, problems = _split(list(read_inputs([str(before), str(bad), str(after)], **kwargs)))
    assert [a.origin for a in articles] == [str(before), str(after)]
    return articles, problems


@pytest.mark.parametrize(("name", "content", "code", "words"), [
    ("empty.txt", b"", "DW202", "empty"),
    ("blank.txt", b"  \n\t \r\n", "DW202", "empty"),
    ("blank.json", b"\n", "DW202", "empty"),
    ("empty_array.json", b"[]", "DW202", "empty"),
    ("blank.jsonl", b"\n\n  \n", "DW202", "no records"),
    ("nul.txt", b"China said\x00\x00\x01 more", "DW203", "binary"),
    ("image.png", bytes(range(256)) * 8, "DW203", "binary"),
    ("controls.bin", b"\x01\x02\x03\x04\x05\x06abc" * 50, "DW203", "binary"),
    ("fake_bom.txt", b"\xff\xfe\x00\x00\x01\x00\x02\x00", "DW203", "binary"),
    ("odd_utf16.txt", b"\xff\xfeA\x00B", "DW203", "UTF-16"),
    ("latin1.txt", "Caf\u00e9 talks in Gen\u00e8ve ended on Tuesday.".encode("latin-1"), "DW203", "0xe9"),
    ("bad.json", b'{"text": "x",', "DW205", "not valid JSON"),
    ("number.json", b"42", "DW205", "array or object"),
    ("broken.xml", b"<?xml version='1.0'?><rss><channel><title>x</title>", "DW205", "feed"),
    ("nav_only.html", b"<html><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav></body></html>", "DW202",
     "no article text"),
    ("french.txt", FRENCH.encode(), "DW206", "not English"),
])
def test_bad_file(tmp_path: Path, name: str, content: bytes, code: str, words: str) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    _, problems = _batch(tmp_path, bad)
    assert [p.code for p in problems] == [code]
    assert name in str(problems[0]) and words in str(problems[0])


def test_too_large_file(tmp_path: Path) -> None:
    bad = tmp_path / "huge.txt"
    bad.write_text(GOOD * 10, encoding="utf-8")
    _, problems = _batch(tmp_path, bad, max_bytes=1000)
    assert [p.code for p in problems] == ["DW204"]
    assert "huge.txt" in str(problems[0]) and "1,000" in str(problems[0])


def test_too_long_article(tmp_path: Path) -> None:
    bad = tmp_path / "long.txt"
    bad.write_text((GOOD + " ") * (MAX_ARTICLE_CHARS // len(GOOD) + 1), encoding="utf-8")
    _, problems = _batch(tmp_path, bad)
    assert [p.code for p in problems] == ["DW204"]
    assert "long.txt" in str(problems[0]) and "200,000" in str(problems[0])


def test_missing_path(tmp_path: Path) -> None:
    _, problems = _batch(tmp_path, tmp_path / "nope" / "missing.txt")
    assert [p.code for p in problems] == ["DW207"]
    assert "missing.txt" in str(problems[0]) and "does not exist" in str(problems[0])


@pytest.mark.parametrize(("bad_line", "code", "words"), [
    (b"{not json", "DW205", "not valid JSON"),
    (b'["a", "list"]', "DW205", "expected a JSON object"),
    (b'{"id": "x", "title": "no text"}', "DW205", "no 'text' field"),
    (b'{"text": 17}', "DW205", "'text' must be a string"),
    (b'{"text": "   "}', "DW202", "empty"),
    (b'{"text": "x y z", "id": true}', "DW205", "'id'"),
    (b'{"text": "China said it would respond.", "date": "not a date at all"}', "DW209", "not an ISO date"),
    (b'{"text": "China said it would respond.", "date": "2025-13-45"}', "DW209", "not a valid date"),
    (b'{"text": "China said it would respond.", "title": ["x"]}', "DW205", "'title' must be a string"),
    ('{"text": "Caf\u00e9 ends"}'.encode("latin-1"), "DW203", "0xe9"),
    (b'{"text": "x\x00y"}', "DW203", "NUL"),
    (json.dumps({"text": GERMAN}).encode(), "DW206", "not English"),
    (json.dumps({"text": GOOD * (MAX_ARTICLE_CHARS // len(GOOD) + 1)}).encode(), "DW204", "200,000"),
])
def test_bad_jsonl_line_in_middle(tmp_path: Path, bad_line: bytes, code: str, words: str) -> None:
    path = tmp_path / "wire.jsonl"
    good = [json.dumps({"id": f"g{i}", "text": GOOD}).encode() for i in (1, 3)]
    path.write_bytes(good[0] + b"\n" + bad_line + b"\n" + good[1] + b"\n")
    articles, problems = _split(list(read_inputs([str(path)])))
    assert [a.id for a in articles] == ["g1", "g3"]
    assert [(p.code, p.line) for p in problems] == [(code, 2)]
    message = str(problems[0])
    assert "wire.jsonl:2" in message and words in message


def test_jsonl_line_over_limit_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    long_line = json.dumps({"id": "big", "text": GOOD * 40}).encode()
    path.write_bytes(json.dumps({"id": "a", "text": GOOD}).encode() + b"\n" + long_line + b"\n"
                     + json.dumps({"id": "b", "text": GOOD}).encode() + b"\n")
    articles, problems = _split(list(read_inputs([str(path)], max_bytes=1000)))
    assert [a.id for a in articles] == ["a", "b"]
    assert [(p.code, p.line) for p in problems] == [("DW204", 2)]
    assert "big.jsonl:2" in str(problems[0])


def test_json_array_bad_item(tmp_path: Path) -> None:
    path = tmp_path / "items.json"
    path.write_text(json.dumps([{"id": "a", "text": GOOD}, {"id": "b"}, "text", {"id": "c", "text": GOOD}]),
                    encoding="utf-8")
    articles, problems = _split(list(read_inputs([str(path)])))
    assert [a.id for a in articles] == ["a", "c"]
    assert [p.code for p in problems] == ["DW205", "DW205"]
    assert "items.json" in str(problems[0]) and "item 1" in str(problems[0]) and "item 2" in str(problems[1])


def test_directory_with_bad_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_bytes(b"")
    (tmp_path / "sub" / "c.txt").write_bytes(b"\xfd\xfe not utf8")
    (tmp_path / "sub" / "d.txt").write_text(GOOD, encoding="utf-8")
    articles, problems = _split(list(read_inputs([str(tmp_path)])))
    assert [a.origin for a in articles] == [str(tmp_path / "a.txt"), str(tmp_path / "sub" / "d.txt")]
    assert [(p.code, Path(p.origin).name) for p in problems] == [("DW202", "b.txt"), ("DW203", "c.txt")]


@pytest.mark.parametrize(("data", "code", "line"), [
    ("", "DW202", None),
    ("\n  \n", "DW202", None),
    (json.dumps({"text": GOOD}) + "\n{oops\n" + json.dumps({"text": GOOD}) + "\n", "DW205", 2),
    (SPANISH, "DW206", None),
])
def test_bad_stdin(data: str, code: str, line: int | None) -> None:
    articles, problems = _split(list(read_inputs(["-"], stdin=io.StringIO(data))))
    assert [(p.code, p.line, p.origin) for p in problems] == [(code, line, "<stdin>")]
    assert len(articles) == (2 if line else 0)


@pytest.mark.parametrize("text", [FRENCH, GERMAN, SPANISH, CHINESE, RUSSIAN,
                                  "Le gouvernement a annoncé des mesures pour les agriculteurs et la police.",
                                  "Die Regierung und das Parlament haben sich nicht geeinigt."])
def test_check_english_rejects(text: str) -> None:
    assert check_english(text) is not None


@pytest.mark.parametrize("text", [
    GOOD,
    "China lodges protest with Japan over Taiwan remarks",
    "Japan PM Takaichi says Taiwan comments stand",
    "Russia shells Kharkiv; three killed",
    "EU sanctions Moscow",
    "India, Pakistan trade fire along LoC",
    "Xi, Takaichi meet at APEC in Gyeongju",
    "Trump threatens 100% tariffs on China",
    "Kyiv says Russia released 185 prisoners; Moscow confirms swap",
    "Georgian police arrest protesters in Tbilisi",
    "Café owners in Montréal said they would reopen on Monday after the storm, "
    "and the mayor thanked volunteers who had cleared the streets of the old town.",
])
def test_check_english_accepts(text: str) -> None:
    assert check_english(text) is None
