"""Readers: files, directories and standard input to :class:`Article` or :class:`InputProblem`.

Every reader yields records in input order and never raises for bad input: a bad
file, line or record becomes an :class:`~dyadwatch.records.InputProblem` with a
``[DW2nn]`` code and the batch goes on. See ``docs/ingest.md``.
"""

from __future__ import annotations

import codecs
import html
import io
import itertools
import json
import logging
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any, TextIO

from dyadwatch.errors import InputError
from dyadwatch.ingest.dateline import article_from_text, normalise_date
from dyadwatch.ingest.language import check_language
from dyadwatch.records import Article, InputProblem

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 10 * 1024 * 1024  # per file (not JSONL) and per JSONL line
MAX_ARTICLE_CHARS = 200_000  # per article text
MAX_CONTROL_SHARE = 0.10  # share of control bytes above which a file is binary
MIN_HTML_WORDS = 5  # fewer words extracted from a web page: no article found
STDIN_NAME = "<stdin>"

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
JSON_SUFFIXES = frozenset({".json"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
_STRING_FIELDS = ("title", "url", "source", "language")
_FILE_DATE = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")

Record = Article | InputProblem


# --------------------------------------------------------------------------- entry point

def read_inputs(paths: Iterable[str], *, stdin: TextIO | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | InputProblem]:
    """Read articles from files, directories and ``"-"`` (standard input), in order.

    Args:
        paths: file or directory paths; ``"-"`` reads ``stdin`` (``sys.stdin`` when None).
        stdin: the stream ``"-"`` reads.
        max_bytes: largest file read (not JSONL files, which stream; there it is the
            largest line).

    Yields:
        An :class:`Article` for each article read and an :class:`InputProblem` for
        each file, line or record that cannot be read.

    Example:
        >>> for rec in read_inputs(["news/"]):
        ...     print(rec if isinstance(rec, InputProblem) else rec.id)
    """
    for raw in paths:
        name = str(raw)
        if name == "-":
            yield from _guarded(_read_stdin(stdin, max_bytes), STDIN_NAME)
            continue
        path = Path(name)
        shown = display_name(name)
        try:
            info = path.stat()
        except OSError as exc:
            yield _missing(path, shown, exc)
            continue
        if stat.S_ISDIR(info.st_mode):
            for entry in walk(path):
                if isinstance(entry, InputProblem):
                    yield entry
                else:
                    yield from _guarded(_read_file(entry, max_bytes), display_name(entry))
        elif stat.S_ISREG(info.st_mode):
            yield from _guarded(_read_file(path, max_bytes), shown)
        else:
            yield _special(shown, info.st_mode)


def display_name(path: Path | str) -> str:
    """A path as it is printed and stored: bytes of the name that are not UTF-8 shown as ``\\xff``.

    File names are bytes on POSIX; Python keeps undecodable ones as lone surrogates, which
    no terminal, JSON file or database accepts.
    """
    name = os.fspath(path)
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "surrogateescape") if _escapable(name) else name.encode("utf-8", "replace")
        return raw.decode("utf-8", "backslashreplace")


def _escapable(name: str) -> bool:
    return all(not 0xD800 <= ord(ch) <= 0xDFFF or 0xDC80 <= ord(ch) <= 0xDCFF for ch in name)


def _missing(path: Path, shown: str, exc: OSError) -> InputProblem:
    """Why a path cannot be opened: loop, broken link or no such path."""
    import errno

    if exc.errno == errno.ELOOP:
        return InputProblem(shown, "symbolic link loop: the link points back to itself; remove or fix it",
                            code="DW210")
    if path.is_symlink():
        target = display_name(os.readlink(path))
        return InputProblem(shown, f"broken symbolic link: its target {target!r} does not exist", code="DW211")
    if exc.errno == errno.ENOENT:
        return InputProblem(shown, "path does not exist; check the spelling", code="DW207")
    return InputProblem(shown, f"cannot read: {exc.strerror or exc}", code="DW201")


_SPECIAL_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                  (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def _special(shown: str, mode: int) -> InputProblem:
    kind = next((name for test, name in _SPECIAL_KINDS if test(mode)), "not a regular file")
    return InputProblem(shown, f"{kind}, not a regular file: not read (it could wait for ever); "
                        "give files or folders", code="DW211")


def walk(folder: Path) -> Iterator[Path | InputProblem]:
    """Files under ``folder`` in reading order, and a problem for each entry that cannot be read.

    Sorted by name at each level; hidden files and folders are skipped. Symbolic links are
    followed, but each real folder and file is read once: a link back to a folder being read
    (a loop) is reported (DW210), a second path to a file already read is skipped. Broken
    links and special files (FIFOs, sockets, devices) are reported (DW211), never opened.
    """
    try:
        top = folder.stat()
    except OSError as exc:
        yield _missing(folder, display_name(folder), exc)
        return
    yield from _walk(folder, [(top.st_dev, top.st_ino)], {(top.st_dev, top.st_ino)}, set())


def _walk(folder: Path, ancestors: list[tuple[int, int]], dirs_seen: set[tuple[int, int]],
          files_seen: set[tuple[int, int]]) -> Iterator[Path | InputProblem]:
    try:
        entries = sorted(folder.iterdir(), key=lambda p: os.fsencode(p.name))
    except OSError as exc:
        yield InputProblem(display_name(folder), f"cannot list the folder: {exc.strerror or exc}", code="DW201")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            info = entry.stat()
        except OSError as exc:
            yield _missing(entry, display_name(entry), exc)
            continue
        key = (info.st_dev, info.st_ino)
        if stat.S_ISDIR(info.st_mode):
            if key in ancestors:
                yield InputProblem(display_name(entry), "symbolic link loop: it leads back to a folder being "
                                   f"read ({display_name(entry.resolve())}); not followed", code="DW210")
            elif key in dirs_seen:
                log.info("%s: folder already read through another link; skipped", display_name(entry))
            else:
                dirs_seen.add(key)
                ancestors.append(key)
                yield from _walk(entry, ancestors, dirs_seen, files_seen)
                ancestors.pop()
        elif stat.S_ISREG(info.st_mode):
            if key in files_seen:
                log.info("%s: file already read through another link; skipped", display_name(entry))
                continue
            files_seen.add(key)
            yield entry
        else:
            yield _special(display_name(entry), info.st_mode)


def walk_files(folder: Path) -> Iterator[Path]:
    """The files :func:`walk` finds under ``folder`` (its problems are logged)."""
    for entry in walk(folder):
        if isinstance(entry, InputProblem):
            log.warning("%s", entry)
        else:
            yield entry


def _guarded(records: Iterator[Record], origin: str) -> Iterator[Record]:
    """The batch boundary of one input: whatever goes wrong reading it becomes its problem.

    OS errors are DW201, JSON nested beyond Python's recursion limit DW208, anything else
    DW213 (traceback in the debug log); the inputs after it are read as usual.
    """
    try:
        yield from records
    except OSError as exc:
        yield InputProblem(origin, f"cannot read: {exc.strerror or exc}", code="DW201")
    except RecursionError:
        yield InputProblem(origin, "nested too deeply to read (more levels than Python's recursion limit)",
                           code="DW208")
    except Exception as exc:  # noqa: BLE001 - the rule: one input never stops a batch (issue 12)
        log.debug("reading %s failed", origin, exc_info=True)
        yield InputProblem(origin, f"cannot read: unexpected {type(exc).__name__}: {exc} "
                           "(run with --debug for the traceback)", code="DW213")


# --------------------------------------------------------------------------- bytes to text

def decode_bytes(data: bytes) -> tuple[str | None, str | None]:
    """Decode file bytes: UTF-8 (with or without BOM) or UTF-16 with a BOM.

    Returns:
        ``(text, None)`` or ``(None, reason)`` when the bytes are binary or undecodable.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            return None, f"not valid UTF-16 text ({exc.reason} at byte {exc.start})"
        return (None, "binary file (control characters after a UTF-16 byte order mark)") \
            if _control_share(text) > MAX_CONTROL_SHARE or "\x00" in text else (text, None)
    if b"\x00" in data:
        return None, f"binary file (NUL byte at offset {data.index(0)}); expected UTF-8 text"
    sample = data[:65536]
    control = sum(1 for b in sample if b < 9 or 13 < b < 32 or b == 127)
    if sample and control / len(sample) > MAX_CONTROL_SHARE:
        return None, f"binary file ({control / len(sample):.0%} control bytes); expected UTF-8 text"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return None, (f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start} cannot be "
                      "decoded; save the file as UTF-8")


def _control_share(text: str) -> float:
    sample = text[:65536]
    if not sample:
        return 0.0
    return sum(1 for ch in sample if ord(ch) < 9 or 13 < ord(ch) < 32 or ord(ch) == 127) / len(sample)


def _sniff(text: str) -> str:
    """``"feed"``, ``"html"`` or ``"text"`` from the start of a document."""
    head = text.lstrip()[:2000].lower()
    if head.startswith(("<rss", "<feed", "<rdf:rdf")):
        return "feed"
    if head.startswith("<?xml"):
        if re.search(r"<(rss|feed|rdf:rdf)[\s>]", head):
            return "feed"
        if "<html" in head:
            return "html"
    if head.startswith(("<!doctype html", "<html")):
        return "html"
    return "text"


# --------------------------------------------------------------------------- articles

def _make_article(text: str, origin: str, *, line: int | None = None, problem_origin: str | None = None,
                  label: str = "", language: str | None = None, **meta: Any) -> Record:
    """Checks (empty, too large, not English) then :func:`article_from_text`.

    ``language`` is the language the source declares (``"en"``, ``"fr-FR"``...); an English
    one skips detection, another one is refused without it.
    """
    where = problem_origin or origin
    if not text.strip():
        return InputProblem(where, f"{label}text is empty", line=line, code="DW202")
    if len(text) > MAX_ARTICLE_CHARS:
        return InputProblem(where, f"{label}article has {len(text):,} characters, more than the "
                            f"limit of {MAX_ARTICLE_CHARS:,}; split it", line=line, code="DW204")
    try:
        article = article_from_text(text, origin=origin, **meta)
    except InputError as exc:
        return InputProblem(where, f"{label}{exc.message}", line=line, code=exc.code)
    reason = check_language(article.text, declared=language)
    if reason:
        return InputProblem(where, f"{label}not English: {reason}", line=line, code="DW206")
    return article


def article_from_record(obj: Any, origin: str, *, line: int | None = None,
                        item: int | None = None) -> Record:
    """One JSON object as an Article, or an InputProblem saying why it cannot be one.

    ``text`` is required; ``id``, ``date``, ``title``, ``url``, ``source`` and ``language``
    (the language the source declares, ``en`` or ``en-GB``; then no detection runs) are optional.
    The text goes through the same checks as every input (empty, too large, not English)
    and :func:`article_from_text` (dateline). Never raises for bad input.

    Args:
        obj: the decoded record (anything JSON can hold; a non-object is a problem).
        origin: the file or stream it came from.
        line: its line number (JSON lines, Parquet rows); the article's origin is ``origin:line``.
        item: its index in a JSON array (when there is no line); the origin is ``origin#item``.

    Example:
        >>> article_from_record({"id": "a1", "text": "China urged Japan to withdraw its remarks."},
        ...                     "inline.jsonl", line=1).origin
        'inline.jsonl:1'
    """
    label = f"item {item}: " if item is not None else ""
    if not isinstance(obj, dict):
        return InputProblem(origin, f"{label}expected a JSON object, got {type(obj).__name__}",
                            line=line, code="DW205")
    text = obj.get("text")
    if text is None:
        return InputProblem(origin, f"{label}record has no 'text' field", line=line, code="DW205")
    if not isinstance(text, str):
        return InputProblem(origin, f"{label}'text' must be a string, got {type(text).__name__}",
                            line=line, code="DW205")
    meta: dict[str, Any] = {}
    raw_id = obj.get("id")
    if raw_id is not None:
        if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
            return InputProblem(origin, f"{label}'id' must be a string or integer", line=line, code="DW205")
        meta["article_id"] = str(raw_id)
    for key in ("date", *_STRING_FIELDS):
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            return InputProblem(origin, f"{label}{key!r} must be a string, got {type(value).__name__}",
                                line=line, code="DW205")
        if value:
            meta[key] = value
    article_origin = f"{origin}:{line}" if line is not None else f"{origin}#{item}"
    return _make_article(text, article_origin, line=line, problem_origin=origin, label=label, **meta)


# --------------------------------------------------------------------------- files

def _read_file(path: Path, max_bytes: int) -> Iterator[Record]:
    origin = display_name(path)
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl_file(path, max_bytes)
        return
    size = path.stat().st_size
    if size > max_bytes:
        yield InputProblem(origin, f"file has {size:,} bytes, more than the limit of {max_bytes:,}",
                           code="DW204")
        return
    with path.open("rb") as handle:  # bounded: the file may have grown since stat()
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield InputProblem(origin, f"file has more than the limit of {max_bytes:,} bytes", code="DW204")
        return
    text, reason = decode_bytes(data)
    if text is None:
        yield InputProblem(origin, reason or "cannot decode", code="DW203")
        return
    if not text.strip():
        yield InputProblem(origin, "file is empty", code="DW202")
        return
    if suffix in JSON_SUFFIXES:
        yield from _read_json_text(text, origin)
        return
    kind = {**dict.fromkeys(HTML_SUFFIXES, "html"), **dict.fromkeys(FEED_SUFFIXES, "feed")}.get(suffix)
    yield from _read_document(text, origin, kind or _sniff(text), file_date=_date_from_name(path.name))


def _date_from_name(name: str) -> str | None:
    """A ``YYYY-MM-DD`` in a file name is the fallback publication date."""
    m = _FILE_DATE.search(name)
    if not m:
        return None
    try:
        return normalise_date(m[1])
    except InputError:
        return None


def _read_document(text: str, origin: str, kind: str, *, file_date: str | None = None) -> Iterator[Record]:
    if kind == "feed":
        yield from _read_feed(text, origin)
    elif kind == "html":
        yield _read_html(text, origin, file_date=file_date)
    else:
        yield _make_article(text, origin, date=file_date)


def _read_json_text(text: str, origin: str) -> Iterator[Record]:
    try:
        data = json.loads(text)
    except RecursionError:
        yield _too_deep(origin)
        return
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # JSON lines saved as .json
            yield from _records_from_lines(enumerate(io.StringIO(text), 1), origin)
            return
        yield InputProblem(origin, f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
                           line=exc.lineno, code="DW205")
        return
    if isinstance(data, dict):
        yield article_from_record(data, origin, item=0)
    elif isinstance(data, list):
        if not data:
            yield InputProblem(origin, "JSON array is empty", code="DW202")
        for index, obj in enumerate(data):
            yield article_from_record(obj, origin, item=index)
    else:
        yield InputProblem(origin, f"expected a JSON array or object, got {type(data).__name__}",
                           code="DW205")


def _read_jsonl_file(path: Path, max_bytes: int) -> Iterator[Record]:
    origin = display_name(path)
    with path.open("rb") as fh:
        head = fh.read(2)
        fh.seek(0)
        if head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            stream = io.TextIOWrapper(fh, encoding="utf-16")
            try:
                yield from _records_from_lines(enumerate(stream, 1), origin, max_chars=max_bytes)
            except UnicodeDecodeError as exc:
                yield InputProblem(origin, f"not valid UTF-16 text: {exc.reason}", code="DW203")
            return
        yield from _records_from_lines(_binary_lines(fh, origin, max_bytes), origin)


def _binary_lines(fh: IO[bytes], origin: str, max_bytes: int) -> Iterator[tuple[int, str | InputProblem]]:
    """Lines of a UTF-8 file, one at a time; a line over ``max_bytes`` is skipped and reported."""
    for number in itertools.count(1):
        raw = fh.readline(max_bytes + 1)
        if not raw:
            return
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip the rest of the line
                raw = fh.readline(max_bytes)
            yield number, InputProblem(origin, f"line is longer than the limit of {max_bytes:,} bytes",
                                       line=number, code="DW204")
            continue
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        if b"\x00" in raw:
            yield number, InputProblem(origin, "line holds NUL bytes (binary data); expected UTF-8 text",
                                       line=number, code="DW203")
            continue
        try:
            yield number, raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield number, InputProblem(origin, f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at column "
                                       f"{exc.start + 1} cannot be decoded", line=number, code="DW203")


def _records_from_lines(lines: Iterable[tuple[int, str | InputProblem]], origin: str, *,
                        max_chars: int | None = None) -> Iterator[Record]:
    """JSON lines: one record per non-blank line; a bad line is reported and skipped."""
    seen = False
    for number, line in lines:
        if isinstance(line, InputProblem):
            seen = True
            yield line
            continue
        stripped = line.strip()
        if not stripped:
            continue
        seen = True
        if max_chars is not None and len(stripped) > max_chars:
            yield InputProblem(origin, f"line is longer than the limit of {max_chars:,} characters",
                               line=number, code="DW204")
            continue
        try:
            obj = json.loads(stripped)
        except RecursionError:
            yield _too_deep(origin, line=number)
            continue
        except json.JSONDecodeError as exc:
            yield InputProblem(origin, f"line is not valid JSON: {exc.msg} (column {exc.colno})",
                               line=number, code="DW205")
            continue
        yield _record_guarded(obj, origin, number)
    if not seen:
        yield InputProblem(origin, "file has no records", code="DW202")


def _too_deep(origin: str, *, line: int | None = None) -> InputProblem:
    return InputProblem(origin, "JSON nested too deeply to read (more levels than Python's recursion limit); "
                        "articles are flat objects", line=line, code="DW208")


def _record_guarded(obj: Any, origin: str, line: int) -> Record:
    """:func:`article_from_record` for one JSON line; anything unexpected is that line's problem."""
    try:
        return article_from_record(obj, origin, line=line)
    except RecursionError:
        return _too_deep(origin, line=line)
    except Exception as exc:  # noqa: BLE001 - the rule: one record never stops a batch (issue 12)
        log.debug("%s:%s failed", origin, line, exc_info=True)
        return InputProblem(origin, f"cannot read the record: unexpected {type(exc).__name__}: {exc}",
                            line=line, code="DW213")


# --------------------------------------------------------------------------- standard input

def _read_stdin(stream: TextIO | None, max_bytes: int) -> Iterator[Record]:
    """Standard input: JSON lines, a JSON array or object, a feed, HTML or plain text."""
    wrapper = None
    if stream is None:  # decode the real stdin strictly as UTF-8, whatever the locale says
        buffer = getattr(sys.stdin, "buffer", None)
        if buffer is None:
            stream = sys.stdin
        else:
            stream = wrapper = io.TextIOWrapper(buffer, encoding="utf-8-sig", errors="strict")
    try:
        yield from _read_stream(stream, max_bytes)
    except UnicodeDecodeError as exc:
        yield InputProblem(STDIN_NAME, f"not UTF-8 text: {exc.reason} at byte {exc.start}", code="DW203")
    except OSError as exc:
        yield InputProblem(STDIN_NAME, f"cannot read: {exc.strerror or exc}", code="DW201")
    finally:
        if wrapper is not None:
            wrapper.detach()  # leave sys.stdin.buffer open


def _read_stream(stream: TextIO, max_bytes: int) -> Iterator[Record]:
    origin = STDIN_NAME
    head: list[str] = []
    for line in stream:
        head.append(line)
        if line.strip():
            break
    first = head[-1].strip().lstrip("\ufeff") if head else ""
    if not first:
        yield InputProblem(origin, "standard input is empty", code="DW202")
        return
    lines: Iterator[str] = itertools.chain(head, stream)
    if first.startswith("{"):
        try:
            json.loads(first)
        except RecursionError:
            yield _too_deep(origin, line=1)
            return
        except json.JSONDecodeError:
            text = _bounded(lines, max_bytes)
            if text is None:
                yield InputProblem(origin, f"input is longer than the limit of {max_bytes:,} characters",
                                   code="DW204")
                return
            try:
                yield article_from_record(json.loads(text), origin, item=0)
                return
            except json.JSONDecodeError:
                lines = iter(io.StringIO(text))
        yield from _records_from_lines(enumerate(lines, 1), origin, max_chars=max_bytes)
        return
    text = _bounded(lines, max_bytes)
    if text is None:
        yield InputProblem(origin, f"input is longer than the limit of {max_bytes:,} characters",
                           code="DW204")
    elif first.startswith("["):
        yield from _read_json_text(text, origin)
    else:
        yield from _read_document(text, origin, _sniff(text))


def _bounded(lines: Iterable[str], max_chars: int) -> str | None:
    parts: list[str] = []
    size = 0
    for line in lines:
        size += len(line)
        if size > max_chars:
            return None
        parts.append(line)
    return "".join(parts)


# --------------------------------------------------------------------------- HTML and feeds

def _read_html(text: str, origin: str, *, file_date: str | None = None) -> Record:
    """Main text and metadata of a web page (trafilatura)."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            text, with_metadata=True, include_comments=False, include_tables=False,
            # only dates the page states (meta tags, time elements), no guesses from "(c) 2025"
            date_extraction_params={"extensive_search": False, "original_date": True})
    except (ValueError, TypeError, AttributeError, LookupError) as exc:  # malformed markup
        return InputProblem(origin, f"cannot extract text from HTML: {exc}", code="DW205")
    data = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    body = (data.get("text") or "").strip()
    title = data.get("title") or None
    if title and body.startswith(title):  # the page heading repeats the title
        rest = body[len(title):]
        if rest[:1] == "\n":
            body = rest.strip()
    page = _PageText()
    try:
        page.feed(text)
        page.close()
    except (ValueError, AssertionError) as exc:  # html.parser gives up on some broken markup
        page.complete = False
        log.debug("%s: cannot check the page layout: %s", origin, exc)
    main_words = len(" ".join(page.main).split())
    if len(body.split()) < MIN_HTML_WORDS or (page.complete and main_words < MIN_HTML_WORDS):
        # trafilatura falls back on menus and footers when a page has no article
        return InputProblem(origin, "no main text: no article text in the HTML page "
                            f"({len(body.split())} words extracted, "
                            f"{main_words} outside navigation, header and footer)", code="DW202")
    record = _make_article(body, origin, date=data.get("date") or file_date, title=title,
                           url=data.get("url") or None, language=page.lang)
    site = data.get("sitename") or data.get("hostname") or None
    if isinstance(record, Article) and record.source is None and site:
        record = replace(record, source=site)  # the dateline agency wins over the site name
    return record


class _PageText(HTMLParser):
    """The words of a page outside navigation, header, footer, asides, forms and scripts, and its ``lang``."""

    _SKIP = frozenset({"nav", "header", "footer", "aside", "form", "script", "style", "noscript", "template",
                       "menu", "button", "select", "svg", "head", "title"})
    _VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                       "track", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.main: list[str] = []
        self.lang: str | None = None
        self.complete = True
        self._skip: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html" and self.lang is None:
            self.lang = next((v for k, v in attrs if k == "lang" and v), None)
        role = next((v for k, v in attrs if k == "role"), None)
        if tag in self._VOID:
            return
        if tag in self._SKIP or role in ("navigation", "banner", "contentinfo", "complementary") or self._skip:
            self._skip.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skip and tag in self._skip:
            while self._skip and self._skip.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.main.append(data)


class _TextOnly(HTMLParser):
    _BLOCKS = frozenset({"p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def strip_html(fragment: str) -> str:
    """Plain text of an HTML fragment: tags removed, entities decoded, paragraphs kept."""
    if "<" not in fragment:
        return html.unescape(fragment).strip()
    parser = _TextOnly()
    parser.feed(fragment)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


_ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.IGNORECASE)


def _read_feed(text: str, origin: str) -> Iterator[Record]:
    """One article per RSS/Atom entry (feedparser). A feed that declares its own XML entities
    is refused: expanding them ("billion laughs") can multiply a small file many times over."""
    import feedparser

    if _ENTITY_DECLARATION.search(text[:65536]):  # declarations live in the DOCTYPE, at the start
        yield InputProblem(origin, "the feed declares XML entities (<!ENTITY ...>); not read, since expanding "
                           "them can blow a small file up in memory", code="DW205")
        return

    parsed = feedparser.parse(io.BytesIO(text.encode("utf-8")))
    entries = parsed.get("entries") or []
    if not entries:
        reason = parsed.get("bozo_exception")
        detail = f": {reason}" if parsed.get("bozo") and reason else ""
        yield InputProblem(origin, f"not an RSS/Atom feed with entries{detail}", code="DW205")
        return
    for index, entry in enumerate(entries):
        title = strip_html(entry.get("title") or "") or None
        bodies = [c.get("value") or "" for c in entry.get("content") or []]
        bodies.append(entry.get("summary") or "")
        body = strip_html(max(bodies, key=len)) or (title or "")
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        date = f"{stamp.tm_year:04d}-{stamp.tm_mon:02d}-{stamp.tm_mday:02d}" if stamp else None
        link = entry.get("link") or None
        label = f"entry {index}" + (f" ({title[:40]!r})" if title else "") + ": "
        language = (parsed.get("feed") or {}).get("language") or None
        record = _make_article(body, f"{origin}#{index}", problem_origin=origin, label=label, date=date,
                               article_id=entry.get("id") or link, title=title, url=link, language=language)
        feed_title = (parsed.get("feed") or {}).get("title") or None
        if isinstance(record, Article) and record.source is None and feed_title:
            record = replace(record, source=feed_title)  # the dateline agency wins over the feed name
        yield record
