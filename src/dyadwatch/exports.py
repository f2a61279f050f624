"""Exports of stored events (PLOVER JSON lines, GDELT-2.0-style TSV, Parquet) and the
PLOVER JSON-lines import.

A PLOVER export line is one stored event: the PLOVER fields (``id``, ``date``,
``actor``, ``recipient``, ``event``, ``mode``, ``context``, ``quad_code``,
``event_scale``, ``event_text``, ``cite_info``...) plus a ``dyadwatch`` object with
the status, counts and every article's report (article metadata and the coder's
``Event.to_row()`` record with its evidence). Importing such a file gives the same
stored events; article texts are not exported (evidence sentences are).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import errno
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from dyadwatch.codemaps import remap_item
from dyadwatch.errors import ConfigError, DyadwatchError, InputError
from dyadwatch.records import Article, CodedArticle, Event, InputProblem, content_hash

EXPORT_FORMATS = ("plover", "gdelt", "parquet")

GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long",
    "DATEADDED", "SOURCEURL",
    # dyadwatch columns (no GDELT equivalent)
    "PLOVEREvent", "PLOVERMode", "PLOVERContext", "Status", "DatePrecision",
)


def _plover_entity(entity: dict[str, Any]) -> dict[str, Any]:
    return {"code": entity.get("code"), "sector": entity.get("sector"), "entity_text": entity.get("text"),
            "identifier_text": entity.get("name")}


def plover_record(item: dict[str, Any]) -> dict[str, Any]:
    """A stored event (with ``reports``, as ``Store.iter_events`` yields) as a PLOVER record."""
    first = item["reports"][0]["article"] if item.get("reports") else {}
    return {
        "id": item["id"],
        "date": item.get("day") or item.get("date"),
        "actor": [_plover_entity(e) for e in item.get("actor", [])],
        "recipient": [_plover_entity(e) for e in item.get("recipient", [])],
        "event": [item["event"]],
        "mode": item.get("mode", []),
        "context": item.get("context", []),
        "quad_code": item.get("quad_class"),
        "event_scale": item.get("intensity"),
        "event_text": " ".join(e["text"] for e in item.get("evidence", [])),
        "event_loc": item.get("location"),
        "cite_info": {"url": first.get("url"), "title": first.get("title"), "publication": first.get("source"),
                      "coder": "dyadwatch", "version": item.get("data_version")},
        "coder": "dyadwatch",
        "dyadwatch": {
            "status": item.get("status"), "date": item.get("date"), "date_precision": item.get("date_precision"),
            "cameo": item.get("cameo"), "mentions": item.get("mentions"), "sources": item.get("sources"),
            "articles": item.get("articles"), "reports": item.get("reports", []),
        },
    }


def gdelt_row(item: dict[str, Any]) -> list[Any]:
    """A stored event as a row of :data:`GDELT_COLUMNS` (first actor and first recipient)."""
    day = item.get("day") or ""
    actor = (item.get("actor") or [{}])[0]
    recipient = (item.get("recipient") or [{}])[0]
    loc = item.get("location") or {}
    cameo = item.get("cameo") or ""
    first = item["reports"][0]["article"] if item.get("reports") else {}
    ymd = day.replace("-", "")
    fraction = ""
    if day:
        d = dt.date.fromisoformat(day)
        fraction = f"{d.year + (d.timetuple().tm_yday - 1) / 365:.4f}"
    return [
        item["id"], ymd, ymd[:6], ymd[:4], fraction,
        (actor.get("code") or "") + (actor.get("sector") or ""), actor.get("name") or actor.get("text") or "",
        actor.get("code") or "", actor.get("sector") or "",
        (recipient.get("code") or "") + (recipient.get("sector") or ""),
        recipient.get("name") or recipient.get("text") or "", recipient.get("code") or "",
        recipient.get("sector") or "",
        1, cameo, cameo[:3], cameo[:2], item.get("quad_class"), item.get("intensity"),
        item.get("mentions"), item.get("sources"), item.get("articles"), "",
        loc.get("name") or "", loc.get("country") or "", loc.get("lat") if loc.get("lat") is not None else "",
        loc.get("lon") if loc.get("lon") is not None else "",
        ymd, first.get("url") or "",
        item.get("event"), ",".join(item.get("mode") or []), ",".join(item.get("context") or []),
        item.get("status"), item.get("date_precision"),
    ]


def write_error(dest: str | Path, exc: OSError) -> DyadwatchError:
    """A named error for an export that cannot be written (disk full, read-only, ...)."""
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        code, what = "DW303", f"the disk is full ({reason})"
    elif exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        code, what = "DW304", f"the folder is read-only or not writable ({reason})"
    else:
        code, what = "DW309", reason
    return DyadwatchError(f"cannot write the export to {dest}: {what}; no file was written (an export is "
                          "written whole or not at all). Free space or choose another folder, then rerun",
                          code=code)


@contextlib.contextmanager
def _atomic_path(dest: str | Path) -> Iterator[Path]:
    """A temporary path beside ``dest``, renamed to ``dest`` once written; removed on failure."""
    path = Path(dest)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        yield tmp
        os.replace(tmp, path)
    except OSError as exc:
        raise write_error(dest, exc) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


@contextlib.contextmanager
def _text_out(dest: str | Path) -> Iterator[IO[str]]:
    if str(dest) == "-":
        yield sys.stdout
        return
    with _atomic_path(dest) as tmp, tmp.open("w", encoding="utf-8", newline="") as handle:
        yield handle


def export_events(store: Any, fmt: str, dest: str | Path, *, code_map: dict[str, str] | None = None) -> int:
    """Write every stored event to ``dest`` in ``fmt``; returns the number written."""
    if fmt not in EXPORT_FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    count = 0
    mapping = code_map or {}
    items = (remap_item(item, mapping) for item in store.iter_events())
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        if str(dest) == "-":
            raise ConfigError("parquet needs a file name, not '-'")
        rows = []
        for item in items:
            rows.append({
                "id": item["id"], "day": item.get("day"), "date": item.get("date"),
                "date_precision": item.get("date_precision"), "status": item.get("status"),
                "event": item["event"], "mode": item.get("mode") or [], "context": item.get("context") or [],
                "cameo": item.get("cameo"), "quad_class": item.get("quad_class"), "intensity": item.get("intensity"),
                "actor_codes": [e["code"] for e in item.get("actor", []) if e.get("code")],
                "recipient_codes": [e["code"] for e in item.get("recipient", []) if e.get("code")],
                "mentions": item.get("mentions"), "sources": item.get("sources"), "articles": item.get("articles"),
                "article_ids": list(dict.fromkeys(r["article"]["id"] for r in item.get("reports", []))),
                "record_json": json.dumps(plover_record(item), ensure_ascii=False),
            })
        with _atomic_path(dest) as tmp:
            pq.write_table(pa.Table.from_pylist(rows), str(tmp))
        return len(rows)
    with _text_out(dest) as out:
        if fmt == "plover":
            for item in items:
                out.write(json.dumps(plover_record(item), ensure_ascii=False) + "\n")
                count += 1
        else:
            writer = csv.writer(out, delimiter="\t", lineterminator="\n")
            writer.writerow(GDELT_COLUMNS)
            for item in items:
                writer.writerow(gdelt_row(item))
                count += 1
    return count


# -- import -------------------------------------------------------------------------
def _from_plain_plover(obj: dict[str, Any], number: int, path: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A PLOVER record from another coder: one report of one article named after the record."""
    if not obj.get("id") or not obj.get("event") or not obj.get("actor"):
        raise InputError("a PLOVER record needs id, event and actor", code="DW205")
    events = obj["event"] if isinstance(obj["event"], list) else [obj["event"]]
    date = obj.get("date")
    row = {
        "id": str(obj["id"]), "article_id": f"plover:{obj['id']}", "event": events[0], "cameo": "",
        "quad_class": obj.get("quad_code") or 0, "intensity": obj.get("event_scale") or 0.0,
        "actor": [{"code": e.get("code"), "sector": e.get("sector"), "text": e.get("entity_text") or ""}
                  for e in obj.get("actor", [])],
        "recipient": [{"code": e.get("code"), "sector": e.get("sector"), "text": e.get("entity_text") or ""}
                      for e in obj.get("recipient") or []],
        "mode": obj.get("mode") or [], "context": obj.get("context") or [], "date": date,
        "date_precision": "day" if date and len(str(date)) == 10 else "unknown",
    }
    article = {"id": row["article_id"], "date": date, "content_hash": content_hash(f"plover:{obj['id']}", 32)}
    return article, row


PARQUET_MAGIC = b"PAR1"


def read_plover(path: str | Path) -> Iterator[CodedArticle | InputProblem]:
    """Read an export back into coded articles (grouped by article), detecting its format.

    Accepts dyadwatch PLOVER exports (every report restored), dyadwatch Parquet exports
    (their ``record_json`` column), plain PLOVER records (``id``, ``date``, ``actor``,
    ``event`` ...; one article per record) and ``dyadwatch code --format jsonl`` event
    records (grouped by ``article_id``). A GDELT-style table, another Parquet file or a
    binary file is refused by name (DW216); a bad line is that line's problem and the
    other lines are imported.
    """
    source = str(path)
    articles: dict[str, dict[str, Any]] = {}
    reports: dict[str, list[dict[str, Any]]] = {}
    problems: list[InputProblem] = []
    for number, line in _import_lines(source, problems):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            pairs = _import_pairs(obj, number, source)
        except RecursionError:
            problems.append(InputProblem(source, "JSON nested too deeply", line=number, code="DW208"))
            continue
        except json.JSONDecodeError as exc:
            problems.append(InputProblem(source, f"not valid JSON: {exc.msg}", line=number, code="DW205"))
            continue
        except InputError as exc:
            problems.append(InputProblem(source, exc.message, line=number, code=exc.code))
            continue
        for article, row in pairs:
            aid = article["id"]
            articles.setdefault(aid, article)
            reports.setdefault(aid, [])
            if row not in reports[aid]:
                reports[aid].append(row)
    yield from problems
    for aid, meta in articles.items():
        article = Article(id=aid, text="", date=meta.get("date"), title=meta.get("title"), url=meta.get("url"),
                          source=meta.get("source"), place=meta.get("place"), origin=f"{source}")
        try:
            events = tuple(Event.from_row(_fix_row(row)) for row in reports[aid])
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            yield InputProblem(source, f"article {aid!r}: an event record is malformed ({type(exc).__name__}: "
                               f"{exc})", code="DW205")
            continue
        yield RestoredArticle(article=article, events=events, content_hash=meta.get("content_hash")
                               or content_hash(f"import:{aid}", 32))


def _import_pairs(obj: Any, number: int, source: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(article, event row) pairs of one import record."""
    if not isinstance(obj, dict):
        raise InputError(f"expected a JSON object, got {type(obj).__name__}", code="DW205")
    block = obj.get("dyadwatch")
    if isinstance(block, dict) and block.get("reports"):
        reports = block["reports"]
        if not isinstance(reports, list) or not all(isinstance(r, dict) and isinstance(r.get("article"), dict)
                                                    and isinstance(r.get("event"), dict)
                                                    and r["article"].get("id") for r in reports):
            raise InputError("'dyadwatch.reports' must be a list of {article, event} objects", code="DW205")
        return [(r["article"], r["event"]) for r in reports]
    if "article_id" in obj and "actor" in obj:
        aid = str(obj["article_id"])
        return [({"id": aid, "date": obj.get("published"), "content_hash": content_hash(f"import:{aid}", 32)}, obj)]
    return [_from_plain_plover(obj, number, source)]


def _import_lines(source: str, problems: list[InputProblem]) -> Iterator[tuple[int, str]]:
    """Numbered text lines of an import file: JSON lines as they are, a dyadwatch Parquet
    export's ``record_json`` values; other formats are refused (a problem, no lines)."""
    if source == "-":
        yield from enumerate(sys.stdin, 1)
        return
    try:
        with open(source, "rb") as handle:
            head = handle.read(4)
    except OSError as exc:
        raise InputError(f"cannot read {source}: {exc.strerror or exc}", code="DW207") from exc
    if head == PARQUET_MAGIC:
        yield from _parquet_records(source, problems)
        return
    try:
        with open(source, encoding="utf-8-sig") as handle:
            checked = False
            for number, line in enumerate(handle, 1):
                if not checked and line.strip():
                    checked = True
                    refused = _refuse_text(line, source)
                    if refused is not None:
                        problems.append(refused)
                        return
                yield number, line
    except UnicodeDecodeError as exc:
        problems.append(InputProblem(source, f"not a PLOVER JSON-lines file: byte 0x{exc.object[exc.start]:02x} "
                                     "is not UTF-8 text (binary file?); import takes a dyadwatch 'plover' or "
                                     "'parquet' export", code="DW216"))


def _refuse_text(first: str, source: str) -> InputProblem | None:
    line = first.strip()
    if not line:
        return None
    if line.startswith("GLOBALEVENTID") or ("\t" in line and not line.startswith(("{", "["))):
        return InputProblem(source, "this is a GDELT-style tab-separated table (an 'export --format gdelt' "
                            "file or GDELT data), not PLOVER JSON lines: it keeps one actor per side and no "
                            "reports, so it cannot be imported; import a 'plover' or 'parquet' export",
                            line=1, code="DW216")
    if not line.startswith("{"):
        return InputProblem(source, f"not a PLOVER JSON-lines file (the first line starts with {line[:20]!r}); "
                            "import takes a dyadwatch 'plover' or 'parquet' export, plain PLOVER records "
                            "or 'dyadwatch code' output", line=1, code="DW216")
    return None


def _parquet_records(source: str, problems: list[InputProblem]) -> Iterator[tuple[int, str]]:
    import pyarrow.parquet as pq

    try:
        handle = pq.ParquetFile(source)
    except (OSError, ValueError) as exc:
        problems.append(InputProblem(source, f"cannot read the Parquet file: {exc}", code="DW216"))
        return
    if "record_json" not in handle.schema_arrow.names:
        problems.append(InputProblem(source, "a Parquet file without a 'record_json' column is not a dyadwatch "
                                     "export and cannot be imported (to code articles from Parquet, use "
                                     "'dyadwatch ingest')", code="DW216"))
        return
    number = 0
    for batch in handle.iter_batches(columns=["record_json"]):
        for value in batch.column(0).to_pylist():
            number += 1
            yield number, value or ""


def _fix_row(row: dict[str, Any]) -> dict[str, Any]:
    row = dict(row)
    # an actor with no country code is kept when its words are (dyadwatch's uncoded actors)
    row["actor"] = [e for e in row.get("actor") or [] if e.get("code") or e.get("text")]
    row["recipient"] = [e for e in row.get("recipient") or [] if e.get("code") or e.get("text")]
    return row


class RestoredArticle(CodedArticle):
    """A coded article restored from an export, keeping the original content hash."""

    __slots__ = ("content_hash",)

    def __init__(self, *, article: Article, events: tuple[Event, ...], content_hash: str) -> None:
        super().__init__(article=article, events=events)
        object.__setattr__(self, "content_hash", content_hash)


__all__ = ["EXPORT_FORMATS", "GDELT_COLUMNS", "RestoredArticle", "export_events", "gdelt_row", "plover_record",
           "read_plover"]
