"""A bad-input corpus written for the tests (issue 12): every kind of input that must be refused
by name, beside good inputs that must be coded and stored, in one folder."""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

GOOD_TEXT = ("BEIJING, Nov 18, 2025 (Reuters) - China summoned the Japanese ambassador on Tuesday to protest "
             "remarks on Taiwan, the foreign ministry said.")
GOOD_SENTENCES = {
    "plain.txt": GOOD_TEXT,
    "utf16.txt": "TOKYO, Nov 19, 2025 (Kyodo) - Japan lodged a protest with China on Wednesday over coast "
                 "guard ships near the islands.",
    "spaced name é.txt": "SEOUL, Nov 20, 2025 (Yonhap) - South Korea and Japan held talks in Seoul on "
                         "Thursday on security cooperation.",
}
FRENCH = ("La Chine a convoqué mardi l'ambassadeur du Japon à Pékin pour protester contre les propos de la "
          "Première ministre sur Taïwan. Le ministère a demandé au Japon de retirer ces déclarations.")
LAUGHS = ("<?xml version='1.0'?><!DOCTYPE rss [<!ENTITY a 'ha'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>"
          "<!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'><!ENTITY d '&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;'>]>"
          "<rss version='2.0'><channel><title>t</title><item><title>&d;&d;&d;</title>"
          "<description>&d;&d;&d;&d;</description></item></channel></rss>")


def build(folder: Path) -> tuple[dict[str, str], list[str]]:
    """Write the corpus into ``folder``.

    Returns:
        ``(good, bad)``: good file names (as printed) with a word their events carry, and the
        names (as printed in errors) of every bad file.
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "plain.txt").write_text(GOOD_SENTENCES["plain.txt"], encoding="utf-8")
    (folder / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + GOOD_SENTENCES["utf16.txt"].encode("utf-16-le"))
    (folder / "spaced name é.txt").write_text(GOOD_SENTENCES["spaced name é.txt"], encoding="utf-8")
    records = [{"id": "good-1", "date": "2025-11-21",
                "text": "Russia accused Ukraine of shelling the nuclear plant on Friday, officials said."},
               {"id": "edge-1", "text": "China accused Japan of provocations.", "date": "0001-01-01"},
               {"id": "edge-2", "text": "Japan protested to China.", "date": "9999-12-31"},
               {"id": "lenient", "text": "China warned Japan.", "date": "yesterday"}]
    (folder / "records.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    os.makedirs(os.fsencode(folder) + b"/odd", exist_ok=True)
    with open(os.fsencode(folder) + b"/odd/caf\xe9 report.txt", "wb") as handle:  # Latin-1 byte in the name
        handle.write("GENEVA (AP) \u2014 Iran and the United States held talks in Geneva on Saturday.".encode())

    bad: dict[str, bytes] = {
        "binary.bin": bytes(range(256)) * 4,
        "empty.txt": b"",
        "latin1.txt": "Caf\u00e9 talks in Gen\u00e8ve ended.".encode("latin-1"),
        "nul.txt": b"China said\x00\x00 it would respond",
        "french.txt": FRENCH.encode(),
        "malformed.json": b'{"text": "China said",',
        "deep.json": b"[" * 100_000 + b"]" * 100_000,
        "broken.xml": b"<?xml version='1.0'?><rss><channel><title>x</title><item><title>",
        "laughs.xml": LAUGHS.encode(),
        "nav.html": (b"<html><body><header><a href='/login'>Log in</a></header><nav><a href='/s'>Subscribe now"
                     b"</a></nav><footer>| Privacy</footer></body></html>"),
        "huge_line.jsonl": b'{"text": "' + b"x" * (10 * 1024 * 1024 + 10) + b'"}\n',
    }
    for name, data in bad.items():
        (folder / name).write_bytes(data)
    os.symlink(folder / "missing-target.txt", folder / "dangling.txt")
    (folder / "loop" / "sub").mkdir(parents=True)
    os.symlink("..", folder / "loop" / "sub" / "up")
    os.mkfifo(folder / "pipe.fifo")
    names = [*bad, "dangling.txt", "loop/sub/up", "pipe.fifo", "records.jsonl"]
    good = {"plain.txt": "CHN", "utf16.txt": "JPN", "spaced name é.txt": "KOR", "records.jsonl": "RUS",
            "odd/caf\\xe9 report.txt": "IRN"}
    return good, [str(folder / n) for n in names]
