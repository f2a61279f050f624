"""The Parquet layout the batch engines write and ``dyadwatch load`` reads.

An output directory holds three tables, written as Hive-partitioned Parquet::

    OUT/_dyadwatch.json                         manifest: counts, engine, inputs
    OUT/events/month=2025-11/part-<key>.parquet    one row per event (Event.to_row())
    OUT/articles/month=2025-11/part-<key>.parquet  one row per article (Article.to_row())
    OUT/problems/part-<key>.parquet                one row per input problem

``month`` is the article's publication month (``unknown`` when it has none). The
articles and events of one written batch share the file name ``part-<key>``, where
``key`` is a hash of the batch's article ids and origins: a retried write produces the
same file again instead of a second copy, and the loader pairs the two files without
holding more than one batch in memory. Besides the ``Event.to_row()`` fields, event
rows carry ``coded_key`` (the coded article they belong to) and ``event_index`` (their
place in that article); article rows carry ``coded_key``, ``sentences`` and ``events``.

DuckDB reads the tables directly::

    SELECT event, count(*) FROM read_parquet('OUT/events/**/*.parquet', hive_partitioning=true)
    GROUP BY event;
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dyadwatch.errors import ConfigError, StoreError
from dyadwatch.records import Article, CodedArticle, Event, InputProblem, content_hash

log = logging.getLogger(__name__)

MANIFEST = "_dyadwatch.json"
TABLES = ("events", "articles", "problems")
UNKNOWN_MONTH = "unknown"
FORMAT_VERSION = 1


def _pa() -> Any:
    import pyarrow as pa

    return pa


def _entity_type() -> Any:
    pa = _pa()
    return pa.struct([("code", pa.string()), ("sector", pa.string()), ("text", pa.string()),
                      ("name", pa.string()), ("start", pa.int64()), ("end", pa.int64())])


def event_schema() -> Any:
    """Arrow schema of the ``events`` table (``Event.to_row()`` plus two join columns)."""
    pa = _pa()
    return pa.schema([
        ("id", pa.string()),
        ("article_id", pa.string()),
        ("date", pa.string()),
        ("date_precision", pa.string()),
        ("status", pa.string()),
        ("event", pa.string()),
        ("mode", pa.list_(pa.string())),
        ("context", pa.list_(pa.string())),
        ("cameo", pa.string()),
        ("quad_class", pa.int64()),
        ("intensity", pa.float64()),
        ("actor", pa.list_(_entity_type())),
        ("recipient", pa.list_(_entity_type())),
        ("location", pa.struct([("name", pa.string()), ("country", pa.string()),
                                ("lat", pa.float64()), ("lon", pa.float64())])),
        ("attribution", pa.struct([("text", pa.string()), ("code", pa.string()),
                                   ("sector", pa.string())])),
        ("evidence", pa.list_(pa.struct([
            ("sentence", pa.int64()), ("start", pa.int64()), ("end", pa.int64()),
            ("text", pa.string()), ("trigger_start", pa.int64()), ("trigger_end", pa.int64())]))),
        ("mentions", pa.int64()),
        ("published", pa.string()),
        ("pattern_id", pa.string()),
        ("data_version", pa.string()),
        ("coded_key", pa.string()),
        ("event_index", pa.int32()),
    ])


def article_schema() -> Any:
    """Arrow schema of the ``articles`` table (``Article.to_row()`` plus coding counts)."""
    pa = _pa()
    return pa.schema([
        ("id", pa.string()), ("text", pa.string()), ("date", pa.string()), ("title", pa.string()),
        ("url", pa.string()), ("source", pa.string()), ("place", pa.string()),
        ("origin", pa.string()), ("sentences", pa.int64()), ("events", pa.int64()),
        ("coded_key", pa.string()),
    ])


def problem_schema() -> Any:
    pa = _pa()
    return pa.schema([("origin", pa.string()), ("message", pa.string()), ("line", pa.int64()),
                      ("code", pa.string())])


EXTRA_EVENT_COLUMNS = ("coded_key", "event_index")
EXTRA_ARTICLE_COLUMNS = ("sentences", "events", "coded_key")


# -- JSON payloads handed between Ray stages ------------------------------------

def encode_item(item: CodedArticle | InputProblem) -> str:
    """One coded article or input problem as a JSON string (a Ray row stays one flat column)."""
    if isinstance(item, InputProblem):
        return json.dumps({"problem": {"origin": item.origin, "message": item.message,
                                       "line": item.line, "code": item.code}})
    return json.dumps({"article": item.article.to_row(), "sentences": item.sentences,
                       "events": [e.to_row() for e in item.events]})


def decode_item(payload: str) -> CodedArticle | InputProblem:
    """Inverse of :func:`encode_item`."""
    obj = json.loads(payload)
    if "problem" in obj:
        return InputProblem(**obj["problem"])
    return CodedArticle(article=Article.from_row(obj["article"]),
                        events=tuple(Event.from_row(e) for e in obj["events"]),
                        sentences=int(obj.get("sentences") or 0))


def encode_input(item: Article | InputProblem) -> str:
    """An input article or problem as a JSON string."""
    if isinstance(item, InputProblem):
        return json.dumps({"problem": {"origin": item.origin, "message": item.message,
                                       "line": item.line, "code": item.code}})
    return json.dumps({"article": item.to_row()})


def decode_input(payload: str) -> Article | InputProblem:
    obj = json.loads(payload)
    if "problem" in obj:
        return InputProblem(**obj["problem"])
    return Article.from_row(obj["article"])


# -- writing -------------------------------------------------------------------

@dataclass
class WriteSummary:
    """What one or more written batches hold."""

    articles: int = 0
    events: int = 0
    problems: int = 0
    files: list[str] = field(default_factory=list)

    def add(self, other: WriteSummary) -> None:
        self.articles += other.articles
        self.events += other.events
        self.problems += other.problems
        self.files.extend(other.files)


def month_of(article: Article) -> str:
    date = article.date or ""
    return date[:7] if len(date) >= 7 and date[4] == "-" else UNKNOWN_MONTH


def _join(root: str, *parts: str) -> str:
    return "/".join([root.rstrip("/"), *parts])


def _filesystem(out: str) -> tuple[Any, str]:
    """A pyarrow filesystem and path for a local directory or a URI (s3://, gs://, ...)."""
    from pyarrow import fs

    if "://" in out:
        return fs.FileSystem.from_uri(out)
    return fs.LocalFileSystem(), str(Path(out).resolve())


def batch_key(items: list[CodedArticle | InputProblem]) -> str:
    """Stable name of a batch: the same items always give the same file names."""
    parts = []
    for item in items:
        if isinstance(item, InputProblem):
            parts.append(f"p\t{item.origin}\t{item.line}\t{item.message}")
        else:
            parts.append(f"a\t{item.article.id}\t{item.article.origin}\t{item.article.content_hash}")
    return content_hash("\n".join(parts), 20)


def write_batch(items: list[CodedArticle | InputProblem], out: str) -> WriteSummary:
    """Write one batch of results under ``out`` (idempotent: same batch, same files)."""
    import pyarrow.parquet as pq

    pa = _pa()
    summary = WriteSummary()
    if not items:
        return summary
    fs, root = _filesystem(out)
    key = batch_key(items)
    name = f"part-{key}.parquet"
    by_month: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {}
    problems: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        if isinstance(item, InputProblem):
            problems.append({"origin": item.origin, "message": item.message, "line": item.line,
                             "code": item.code})
            continue
        coded_key = f"{key}-{index:06d}"
        articles, events = by_month.setdefault(month_of(item.article), ([], []))
        row = item.article.to_row()
        row.update(sentences=item.sentences, events=len(item.events), coded_key=coded_key)
        articles.append(row)
        for event_index, event in enumerate(item.events):
            erow = event.to_row()
            erow.update(coded_key=coded_key, event_index=event_index)
            events.append(erow)
    for month, (articles, events) in sorted(by_month.items()):
        for table, rows, schema in (("articles", articles, article_schema()),
                                    ("events", events, event_schema())):
            if not rows:
                continue
            folder = _join(root, table, f"month={month}")
            fs.create_dir(folder, recursive=True)
            path = _join(folder, name)
            pq.write_table(pa.Table.from_pylist(rows, schema=schema), path, filesystem=fs)
            summary.files.append(path)
        summary.articles += len(articles)
        summary.events += len(events)
    if problems:
        folder = _join(root, "problems")
        fs.create_dir(folder, recursive=True)
        path = _join(folder, name)
        pq.write_table(pa.Table.from_pylist(problems, schema=problem_schema()), path, filesystem=fs)
        summary.files.append(path)
        summary.problems += len(problems)
    return summary


def prepare_out_dir(out: str) -> None:
    """Refuse an output directory that already holds files (a second run would mix in)."""
    fs, root = _filesystem(out)
    from pyarrow import fs as pafs

    info = fs.get_file_info(root)
    if info.type == pafs.FileType.NotFound:
        fs.create_dir(root, recursive=True)
        return
    if info.type != pafs.FileType.Directory:
        raise ConfigError(f"Output path '{out}' exists and is not a directory. "
                          "Give --out a new or empty directory.", code="DW702")
    if fs.get_file_info(pafs.FileSelector(root)):
        raise ConfigError(f"Output directory '{out}' is not empty. Give --out a new or empty "
                          "directory (or delete this one).", code="DW702")


def write_manifest(out: str, manifest: dict[str, Any]) -> None:
    fs, root = _filesystem(out)
    with fs.open_output_stream(_join(root, MANIFEST)) as stream:
        stream.write(json.dumps({"format": FORMAT_VERSION, **manifest}, indent=2).encode("utf-8"))


def write_items(items: Iterable[CodedArticle | InputProblem], out: str, *,
                batch_size: int = 2048) -> WriteSummary:
    """Write a stream of results in batches of ``batch_size`` (local engines)."""
    summary = WriteSummary()
    batch: list[CodedArticle | InputProblem] = []
    for item in items:
        batch.append(item)
        if len(batch) >= batch_size:
            summary.add(write_batch(batch, out))
            batch = []
    summary.add(write_batch(batch, out))
    return summary


# -- reading -------------------------------------------------------------------

def read_manifest(out: str) -> dict[str, Any] | None:
    fs, root = _filesystem(out)
    from pyarrow import fs as pafs

    path = _join(root, MANIFEST)
    if fs.get_file_info(path).type == pafs.FileType.NotFound:
        return None
    with fs.open_input_stream(path) as stream:
        return json.loads(stream.read().decode("utf-8"))  # type: ignore[no-any-return]


def _list_parquet(fs: Any, folder: str) -> list[str]:
    from pyarrow import fs as pafs

    if fs.get_file_info(folder).type != pafs.FileType.Directory:
        return []
    infos = fs.get_file_info(pafs.FileSelector(folder, recursive=True))
    return sorted(i.path for i in infos if i.type == pafs.FileType.File and i.path.endswith(".parquet"))


def _read_rows(fs: Any, path: str) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    try:
        return pq.read_table(path, filesystem=fs).to_pylist()  # type: ignore[no-any-return]
    except (OSError, ValueError) as exc:  # pyarrow raises ArrowInvalid (a ValueError) or OSError
        raise StoreError(f"Cannot read Parquet file '{path}': {exc}. Is it a dyadwatch "
                         "--out directory?", code="DW703") from exc


def read_items(out: str) -> Iterator[CodedArticle | InputProblem]:
    """Read an output directory back: coded articles (one batch file at a time), then problems."""
    fs, root = _filesystem(out)
    from pyarrow import fs as pafs

    if fs.get_file_info(root).type != pafs.FileType.Directory:
        raise ConfigError(f"'{out}' is not a directory. Give the --out directory of "
                          "'dyadwatch code --engine ray'.", code="DW703")
    article_root = _join(root, "articles")
    article_files = _list_parquet(fs, article_root)
    if not article_files and not _list_parquet(fs, _join(root, "problems")):
        if read_manifest(out) is None:
            raise StoreError(f"'{out}' holds no dyadwatch Parquet output (no articles/ or "
                             f"{MANIFEST}).", code="DW703")
    for path in article_files:
        event_path = _join(root, "events", path[len(article_root) + 1:])
        events: dict[str, list[tuple[int, Event]]] = {}
        if fs.get_file_info(event_path).type == pafs.FileType.File:
            for row in _read_rows(fs, event_path):
                key = row.pop("coded_key")
                index = row.pop("event_index")
                events.setdefault(key, []).append((index, Event.from_row(row)))
        for row in _read_rows(fs, path):
            key = row.pop("coded_key")
            sentences = int(row.pop("sentences") or 0)
            expected = int(row.pop("events") or 0)
            found = [e for _, e in sorted(events.get(key, []), key=lambda pair: pair[0])]
            if len(found) != expected:
                raise StoreError(f"{path}: article {row.get('id')!r} should have {expected} "
                                 f"events but {event_path} holds {len(found)}.", code="DW703")
            yield CodedArticle(article=Article.from_row(row), events=tuple(found),
                               sentences=sentences)
    for path in _list_parquet(fs, _join(root, "problems")):
        for row in _read_rows(fs, path):
            yield InputProblem(origin=row["origin"], message=row["message"], line=row["line"],
                               code=row["code"] or "DW201")
