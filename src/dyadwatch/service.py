"""DyadService: the one layer that the CLI, the HTTP API and the batch engines call.

Coding needs only a :class:`~dyadwatch.pipeline.Pipeline`; storing and querying
need a store (``dyadwatch.store.open_store``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dyadwatch.errors import InputError
from dyadwatch.pipeline import Pipeline
from dyadwatch.records import Article, CodedArticle, DyadPoint, Event, InputProblem, content_hash
from dyadwatch.store.base import EventPage, EventQuery

if TYPE_CHECKING:
    from dyadwatch.analysis import Alert

#: Articles stored per transaction by ``ingest_coded`` (also flushed every FLUSH_SECONDS).
INGEST_BATCH = 16
FLUSH_SECONDS = 1.0
#: Largest page of ``events``.
MAX_PAGE = 1000
#: Most alerts one ``alerts`` call returns (newest first).
MAX_ALERTS = 1000

#: The one rule for article and event ids, on writes and reads alike: 1-200 letters, digits
#: and ``_ . : ~ -`` (safe in a URL path, a file name and an HTML attribute as they are).
ID_PATTERN = r"^[A-Za-z0-9_.:~\-]{1,200}$"
_ID_RE = re.compile(ID_PATTERN)
ID_RULE = "1-200 letters, digits and _ . : ~ - (for example 'reuters-2025-11-17-001')"


def valid_id(value: str) -> bool:
    """Whether ``value`` follows the id rule (:data:`ID_PATTERN`)."""
    return bool(_ID_RE.fullmatch(value))


@functools.cache
def known_codes() -> frozenset[str]:
    """Actor codes dyadwatch knows: shipped countries and organisations, and the ontology's
    non-state codes (user dictionaries add codes; those are known once events carry them)."""
    from dyadwatch.resources import iter_data_files, load_json, read_jsonl_lines

    codes = set(load_json("ontology", "plover.json")["non_state_codes"])
    for name, text in iter_data_files("actors"):
        for _line, obj, _problem in read_jsonl_lines(name, text):
            code = obj.get("code") if obj else None
            if isinstance(code, str) and len(code) == 3:
                codes.add(code.upper())
    return frozenset(codes)


@functools.cache
def categories() -> tuple[str, ...]:
    """The PLOVER event categories of the shipped ontology, in its order."""
    from dyadwatch.resources import load_json

    return tuple(load_json("ontology", "plover.json")["categories"])


@dataclass(slots=True)
class IngestReport:
    """What an ingest did (updated as it goes; ``progress`` callbacks receive it)."""

    articles_seen: int = 0
    articles_stored: int = 0
    articles_skipped_duplicate: int = 0
    events_stored: int = 0  # event reports stored (new events plus reports linked to known ones)
    events_new: int = 0  # of which new stored events
    problems: list[InputProblem] = field(default_factory=list)
    elapsed: float = 0.0
    #: stored articles without a publication date, and their events without a day of their own
    #: (stored and listed, but in no series, chart or alert)
    articles_undated: int = 0
    events_undated: int = 0
    undated_origins: list[str] = field(default_factory=list)
    #: things stored differently from how they were given (an id replaced by the id rule)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def warnings(self) -> list[str]:
        """What was stored but needs the reader's attention, one line each."""
        out = list(self.notes)
        if self.articles_undated:
            where = ", ".join(self.undated_origins[:5]) + (" ..." if self.articles_undated > 5 else "")
            out.append(f"[DW612] {self.articles_undated} article(s) without a publication date ({where}): "
                       f"{self.events_undated} of their events have no day, so they are listed but left out "
                       "of series, charts and alerts; give each article a 'date' (YYYY-MM-DD) or a dateline")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"articles_seen": self.articles_seen, "articles_stored": self.articles_stored,
                "articles_skipped_duplicate": self.articles_skipped_duplicate,
                "events_stored": self.events_stored, "events_new": self.events_new,
                "articles_undated": self.articles_undated, "events_undated": self.events_undated,
                "problems": [str(p) for p in self.problems], "warnings": self.warnings,
                "elapsed": round(self.elapsed, 3)}


@dataclass(frozen=True, slots=True)
class CodeResult:
    """What coding one text gives: its events, the publication date used and the language seen.

    Attributes:
        published: the publication date relative dates were resolved against, or None.
        published_from: ``"request"``, ``"dateline"`` or None (no date: events have no day).
        language: ``{"english": bool, "language": name or None, "reason": str or None}``.
        note: a sentence for people when the text could not be coded (not English).
    """

    article_id: str
    text: str
    events: list[Event]
    published: str | None
    published_from: str | None
    language: dict[str, Any]
    note: str | None = None


def code_isolated(pipeline: Pipeline, articles: list[Article]) -> list[CodedArticle | InputProblem]:
    """Code a batch; when the batch fails, code its articles one by one and make each
    failure that article's problem (DW214), so one input never stops the others."""
    try:
        return list(pipeline.code_articles(articles))
    except Exception:  # noqa: BLE001 - the rule of issue 12; each article is retried below
        if len(articles) == 1:
            return [_code_problem(articles[0])]
    out: list[CodedArticle | InputProblem] = []
    for article in articles:
        try:
            out.extend(pipeline.code_articles([article]))
        except Exception:  # noqa: BLE001
            out.append(_code_problem(article))
    return out


def _code_problem(article: Article) -> InputProblem:
    import logging
    import sys

    exc = sys.exc_info()[1]
    logging.getLogger(__name__).debug("coding %s failed", article.origin, exc_info=True)
    origin, _, line = (article.origin or article.id).rpartition(":")
    where = (origin, int(line)) if origin and line.isdigit() else (article.origin or article.id, None)
    return InputProblem(where[0], f"cannot code article {article.id!r}: unexpected {type(exc).__name__}: {exc} "
                        "(run with --debug for the traceback)", line=where[1], code="DW214")


def is_fault(exc: BaseException) -> bool:
    """Whether a storing error is the store's or the machine's (disk full, read-only, lost
    connection...) rather than one article's: then the batch cannot go on."""
    from dyadwatch.errors import StoreError

    if isinstance(exc, OSError):
        return True
    if isinstance(exc, StoreError):
        return exc.code != "DW301" or _looks_environmental(exc.message)
    return False


_FAULT_WORDS = ("no space left", "disk full", "read-only", "read only", "permission denied", "i/o error",
                "input/output error", "connection", "server closed", "terminating", "could not set lock",
                "cannot rollback", "database has been invalidated", "file too large")


def _looks_environmental(message: str) -> bool:
    low = message.lower()
    return any(word in low for word in _FAULT_WORDS)


def _store_problem(coded: CodedArticle, exc: BaseException) -> InputProblem:
    import logging

    logging.getLogger(__name__).debug("storing %s failed", coded.article.origin, exc_info=exc)
    return InputProblem(coded.article.origin or coded.article.id,
                        f"cannot store article {coded.article.id!r}: {type(exc).__name__}: {exc}", code="DW215")


def _stopped(exc: BaseException, report: IngestReport) -> Exception:
    """The error that ends an ingest on a store fault, saying what was stored and how to go on."""
    from dyadwatch.errors import StoreError

    message = getattr(exc, "message", None) or str(exc)
    code = getattr(exc, "code", None) if isinstance(exc, StoreError) else None
    low = message.lower()
    todo = "fix the cause"
    if "no space left" in low or "disk full" in low or "file too large" in low:
        message, code, todo = f"the disk is full ({message})", "DW303", "free disk space"
    elif "read-only" in low or "read only" in low or "permission denied" in low:
        message, code, todo = f"the store cannot be written ({message})", "DW304", "make the store writable"
    return StoreError(f"{message}; {report.articles_stored} articles were stored before this (each batch is "
                      f"stored whole or not at all); {todo}, then rerun the same command: it resumes where "
                      "this one stopped", code=code or "DW301")


class DyadService:
    """Every operation dyadwatch offers, over one pipeline and (optionally) one store."""

    def __init__(self, store: Any = None, pipeline: Pipeline | None = None, settings: Any = None) -> None:
        self.store = store
        self._pipeline = pipeline
        self.settings = settings

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            self._pipeline = Pipeline()
        return self._pipeline

    # -- coding (no store) -------------------------------------------------
    def code(self, text: str, *, date: str | None = None, article_id: str | None = None,
             title: str | None = None) -> list[Event]:
        """Code one text without storing it."""
        return self.pipeline.code_text(text, date=date, article_id=article_id, title=title)

    def code_result(self, text: str, *, date: str | None = None, article_id: str | None = None,
                    title: str | None = None) -> CodeResult:
        """Code one text without storing it, saying which date and language were assumed.

        A text that is not English is not coded (the dictionaries are English): the result
        has no events and a ``note`` naming the language detected.
        """
        from dyadwatch.ingest import article_from_text

        art_id = article_id or content_hash(text)
        language = detect_language(text)
        if not language["english"]:
            name = language["language"] or "another language"
            note = (f"[DW611] only English is coded today; this text looks like {name} "
                    f"({language['reason']}). Paste an English text or an English translation.")
            return CodeResult(art_id, text, [], date, "request" if date else None, language, note)
        article = article_from_text(text, date=date, article_id=art_id, title=title)
        events = list(next(self.pipeline.code_articles([article])).events)
        source = "request" if date else ("dateline" if article.date else None)
        return CodeResult(art_id, text, events, article.date, source, language)

    def code_articles(self, items: Iterable[Article | InputProblem]) -> Iterator[CodedArticle | InputProblem]:
        """Code a stream of articles; input problems pass through in order."""
        pending: list[Article] = []

        def flush() -> Iterator[CodedArticle | InputProblem]:
            if pending:
                yield from code_isolated(self.pipeline, list(pending))
                pending.clear()

        for item in items:
            if isinstance(item, InputProblem):
                yield from flush()
                yield item
            else:
                pending.append(item)
                if len(pending) >= self.pipeline.batch_size * 4:
                    yield from flush()
        yield from flush()

    def code_paths(self, paths: Iterable[str | Path]) -> Iterator[CodedArticle | InputProblem]:
        """Read inputs (files, directories, ``-`` for stdin) and code them."""
        from dyadwatch.ingest import read_inputs

        yield from self.code_articles(read_inputs([str(p) for p in paths]))

    # -- storing (needs a store) -------------------------------------------------------
    def _need_store(self) -> Any:
        if self.store is None:
            from dyadwatch.errors import ConfigError

            raise ConfigError("this operation needs a store: DyadService(store=open_store(URL))")
        return self.store

    def ingest(self, paths: Iterable[str | Path], *,
               progress: Callable[[IngestReport], None] | None = None) -> IngestReport:
        """Read, code and store inputs (files, directories, ``-``).

        Articles whose content is already stored are skipped before coding, so a run
        that was killed can simply be run again. Input problems are collected in the
        report; the other inputs are still stored.
        """
        from dyadwatch.ingest import read_inputs

        store = self._need_store()
        report = IngestReport()

        def fresh() -> Iterator[Article | InputProblem]:
            for item in read_inputs([str(p) for p in paths]):
                if isinstance(item, Article) and store.has_content(item.content_hash):
                    report.articles_seen += 1
                    report.articles_skipped_duplicate += 1
                    continue
                yield item

        return self.ingest_coded(self.code_articles(fresh()), progress=progress, report=report)

    def ingest_coded(self, items: Iterable[CodedArticle | InputProblem], *,
                     progress: Callable[[IngestReport], None] | None = None,
                     batch_size: int = INGEST_BATCH, report: IngestReport | None = None) -> IngestReport:
        """Store already coded articles (Ray/process engines, bulk loader, imports).

        Articles are committed in small batches, each batch in one transaction (so each
        article together with its events); ``progress`` is called after every commit.
        """
        store = self._need_store()
        report = report if report is not None else IngestReport()
        started = time.perf_counter() - report.elapsed
        pending: list[CodedArticle] = []
        last_flush = time.perf_counter()

        def store_batch(batch: list[CodedArticle]) -> None:
            counts = store.add_coded_articles(batch)
            for coded, stored in zip(batch, counts.stored, strict=True):
                if stored:
                    report.articles_stored += 1
                    report.events_stored += len(coded.events)
                    _count_undated(coded, report)
                else:
                    report.articles_skipped_duplicate += 1
            report.events_new += counts.events_new

        def flush() -> None:
            nonlocal last_flush
            if pending:
                try:
                    try:
                        store_batch(pending)
                    except Exception as exc:  # noqa: BLE001 - one article never stops a batch (issue 12)
                        if is_fault(exc) or len(pending) == 1:
                            raise
                        # the batch was rolled back: store one article at a time to find the bad one
                        for coded in pending:
                            try:
                                store_batch([coded])
                            except Exception as one:  # noqa: BLE001
                                if is_fault(one):
                                    raise
                                report.problems.append(_store_problem(coded, one))
                except Exception as exc:  # noqa: BLE001
                    if not is_fault(exc):
                        report.problems.append(_store_problem(pending[0], exc))
                    else:
                        raise _stopped(exc, report) from exc
                finally:
                    pending.clear()
            last_flush = time.perf_counter()
            report.elapsed = last_flush - started
            if progress is not None:
                progress(report)

        for item in items:
            if isinstance(item, InputProblem):
                report.problems.append(item)
                report.articles_seen += 1
                continue
            report.articles_seen += 1
            pending.append(_with_valid_id(item, report))
            if len(pending) >= batch_size or time.perf_counter() - last_flush >= FLUSH_SECONDS:
                flush()
        flush()
        return report

    def ingest_articles(self, articles: list[Article]) -> IngestReport:
        """Code and store articles given in memory (the HTTP API)."""
        self._need_store()
        return self.ingest_coded(self.code_articles(articles))

    # -- querying ----------------------------------------------------------------------
    def events(self, query: EventQuery, *, limit: int = 100, cursor: str | None = None) -> EventPage:
        """One page of stored events matching ``query`` (newest day first).

        Items are the ``Event.to_row()`` record of the first report, with the stored
        event's ``id``, ``day``, ``mentions``, ``sources`` and ``articles``.
        """
        from dyadwatch.errors import ConfigError
        from dyadwatch.store.sql import decode_cursor, encode_cursor

        if not 1 <= limit <= MAX_PAGE:
            raise ConfigError(f"limit must be between 1 and {MAX_PAGE}, got {limit}")
        offset = decode_cursor(cursor)
        items, total = self._need_store().events(query, limit=limit, offset=offset)
        following = offset + len(items)
        return EventPage(items=items, next=encode_cursor(following) if following < total else None, total=total)

    def check_query(self, query: EventQuery) -> None:
        """Raise InputError when a query names an unknown code or category, a dyad of one
        country or a day range that runs backwards (the API and CLI fronts call it first;
        the store answers any query)."""
        check_query(query, store=self.store)

    def optimize(self) -> None:
        """Restore the store's read-optimised layout (see ``Store.optimize``)."""
        self._need_store().optimize()

    def event(self, event_id: str) -> dict[str, Any]:
        """One stored event with every article's report and evidence."""
        from dyadwatch.errors import NotFoundError

        found = self._need_store().event(event_id)
        if found is None:
            raise NotFoundError(f"no event with id {event_id!r}; list ids with 'dyadwatch events'")
        return found

    def article(self, article_id: str) -> dict[str, Any]:
        """One stored article: text, metadata, its events and all evidence spans."""
        from dyadwatch.errors import NotFoundError

        found = self._need_store().article(article_id)
        if found is None:
            raise NotFoundError(f"no article with id {article_id!r}")
        return found

    def dyads(self, *, start: str | None = None, end: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
        """Most active dyads (asserted events) in a day range, with their tension index."""
        from dyadwatch.analysis import conflict_weight, cooperation_weight, tension_index

        rows = self._need_store().dyads(start=start, end=end, limit=limit)
        for row in rows:
            row["conflict"] = round(conflict_weight(row), 3)
            row["cooperation"] = round(cooperation_weight(row), 3)
            row["tension"] = tension_index(row["conflict"], row["cooperation"])
        return rows

    def series_freq(self, a: str, b: str, *, freq: str = "week", start: str | None = None,
                    end: str | None = None, directed: bool = False, max_points: int | None = None) -> str:
        """The period ``series`` will use: ``freq``, or a coarser one when the range holds
        more than ``max_points`` (default :data:`~dyadwatch.analysis.MAX_POINTS`) periods.

        The range is ``start``..``end``, each defaulting to the dyad's first or last day.

        Raises:
            InputError: [DW608] when even months give too many points.
        """
        from dyadwatch.analysis import MAX_POINTS, check_freq, series_freq
        from dyadwatch.store.sql import parse_day, query_day

        check_freq(freq)
        a, b = check_dyad(a, b, store=self.store)
        first, last = query_day(start, "start"), query_day(end, "end")
        check_range(first, last)
        if first is None or last is None:
            bounds = self._need_store().dyad_bounds(a, b, directed=directed)
            if bounds is None:
                return freq
            first = first or parse_day(bounds[0])
            last = last or parse_day(bounds[1])
        if first is None or last is None or first > last:
            return freq
        return series_freq(first, last, freq, max_points=max_points or MAX_POINTS)

    def series(self, a: str, b: str, *, freq: str = "week", start: str | None = None, end: str | None = None,
               directed: bool = False, **alert_params: Any) -> list[DyadPoint]:
        """Per-period series of a dyad (asserted events), alert periods marked.

        Periods without events are included as gaps (tension None); the alerts use the
        dyad's whole history before each period (``alert_params`` as in
        :func:`dyadwatch.analysis.detect_alerts`). A range longer than
        :data:`~dyadwatch.analysis.MAX_POINTS` periods is refused (see :meth:`series_freq`).
        """
        if self.series_freq(a, b, freq=freq, start=start, end=end, directed=directed) != freq:
            # A coarser period fits; the caller asked for this one explicitly: refuse, do not truncate.
            from dyadwatch.analysis import MAX_POINTS

            raise InputError(f"the range holds more than {MAX_POINTS:,} {freq}s; narrow start/end or use a "
                             "coarser freq", code="DW608")
        return self._series(a.upper(), b.upper(), freq=freq, start=start, end=end, directed=directed,
                            **alert_params)

    def bounded_series(self, a: str, b: str, *, freq: str = "week", start: str | None = None,
                       end: str | None = None, directed: bool = False) -> tuple[str, list[DyadPoint]]:
        """``(period used, points)``: the series by ``freq``, or by the finest coarser period
        that keeps it within :data:`~dyadwatch.analysis.MAX_POINTS` points (the API's answer)."""
        used = self.series_freq(a, b, freq=freq, start=start, end=end, directed=directed)
        return used, self._series(a.upper(), b.upper(), freq=used, start=start, end=end, directed=directed)

    def _series(self, a: str, b: str, *, freq: str, start: str | None, end: str | None, directed: bool,
                **alert_params: Any) -> list[DyadPoint]:
        from dyadwatch.analysis import detect_alerts, dyad_series, mark_alerts, period_start
        from dyadwatch.store.sql import parse_day

        store = self._need_store()
        recent = self._recent_days(store, a, b, freq=freq, start=start, end=end, directed=directed,
                                   alert_params=alert_params)
        if recent is not None:
            # Only the periods the alerts look back on were read; the result is the same.
            window_from, days = recent
            points = dyad_series(days, a, b, freq=freq, start=window_from, end=end or days[-1]["day"])
            alerts = detect_alerts(points, freq=freq, **alert_params)
            begin = period_start(parse_day(start), freq).isoformat()  # type: ignore[arg-type]
            return mark_alerts([p for p in points if p.period >= begin], alerts)
        days = store.dyad_days(a, b, end=end, directed=directed, freq=freq)
        if not days:
            return dyad_series([], a, b, freq=freq, start=start, end=end) if start and end else []
        first = min(start, days[0]["day"]) if start else days[0]["day"]
        points = dyad_series(days, a, b, freq=freq, start=first, end=end or days[-1]["day"])
        history_from = period_start(parse_day(days[0]["day"]), freq).isoformat()  # type: ignore[arg-type]
        alerts = detect_alerts([p for p in points if p.period >= history_from], freq=freq, **alert_params)
        if start:
            begin = period_start(parse_day(start), freq).isoformat()  # type: ignore[arg-type]
            points = [p for p in points if p.period >= begin]
        return mark_alerts(points, alerts)

    @staticmethod
    def _recent_days(store: Any, a: str, b: str, *, freq: str, start: str | None, end: str | None,
                     directed: bool, alert_params: dict[str, Any]) -> tuple[str, list[dict[str, Any]]] | None:
        """The first period of the lookback window before ``start`` and the dyad's rows from
        there on, when its history is longer than that window; None when the whole history
        must be read.

        An alert at period t needs the ``baseline_periods`` periods before t and at least
        ``min_history`` earlier periods of the dyad, so with older events in the store the
        series from (start − lookback) on gives the same points and alerts as the whole
        history.
        """
        from dyadwatch.analysis import alerts as alert_rules
        from dyadwatch.analysis import period_start
        from dyadwatch.store.sql import parse_day

        if not start or not hasattr(store, "dyad_first_day"):
            return None
        lookback = max(int(alert_params.get("baseline_periods", alert_rules.BASELINE_PERIODS)),
                       int(alert_params.get("min_history", alert_rules.MIN_HISTORY)), 0)
        window_from = period_start(parse_day(start), freq)  # type: ignore[arg-type]
        try:
            for _ in range(lookback):
                window_from = period_start(window_from - dt.timedelta(days=1), freq)
        except OverflowError:
            return None  # the window reaches before year 1: read the whole history
        first = store.dyad_first_day(a, b, end=end, directed=directed)
        if first is None or first >= window_from.isoformat():
            return None
        days = store.dyad_days(a, b, start=window_from.isoformat(), end=end, directed=directed, freq=freq)
        return (window_from.isoformat(), days) if days else None

    def alerts(self, *, start: str | None = None, end: str | None = None, dyad: tuple[str, str] | None = None,
               freq: str = "week", limit: int = MAX_ALERTS, **alert_params: Any) -> list[Alert]:
        """Escalation alerts (newest first, at most ``limit``), each with the ids of the events
        that drove it."""
        from dyadwatch.analysis import check_freq, detect_alerts, dyad_series, next_period, period_start
        from dyadwatch.errors import ConfigError
        from dyadwatch.store.sql import parse_day, query_day

        check_freq(freq)
        if not 1 <= limit <= MAX_ALERTS:
            raise ConfigError(f"limit must be between 1 and {MAX_ALERTS}, got {limit}")
        first = query_day(start, "start")
        check_range(first, query_day(end, "end"))
        store = self._need_store()
        if dyad is not None:
            a, b = check_dyad(*dyad, store=store)
            per_dyad = {(a, b): store.dyad_days(a, b, end=end, freq=freq)}
        else:
            per_dyad = store.all_dyad_days(end=end)
        begin = period_start(first, freq).isoformat() if first else ""
        found = []
        for (a, b), days in per_dyad.items():
            if not days:
                continue
            for alert in detect_alerts(dyad_series(days, a, b, freq=freq, end=end), freq=freq, **alert_params):
                if alert.period < begin:
                    continue
                period = parse_day(alert.period)
                last = (next_period(period, freq) - dt.timedelta(days=1)).isoformat()  # type: ignore[arg-type]
                ids = store.dyad_event_ids(a, b, start=alert.period, end=last)
                found.append(alert.with_events(ids))
        found.sort(key=lambda al: (al.period, al.score), reverse=True)
        return found[:limit]

    # -- export and import -------------------------------------------------------------
    def export(self, fmt: str, dest: str | Path, *, code_map: dict[str, str] | None = None) -> int:
        """Write every stored event to ``dest`` as ``plover`` (JSON lines), ``gdelt`` (TSV)
        or ``parquet``; returns the number of events written (``-`` = standard output
        for the text formats). ``code_map`` rewrites actor codes (see :mod:`dyadwatch.codemaps`)."""
        from dyadwatch.exports import export_events

        return export_events(self._need_store(), fmt, dest, code_map=code_map)

    def import_plover(self, path: str | Path) -> IngestReport:
        """Store events from a PLOVER JSON-lines file (a dyadwatch export reproduces the
        same events; plain PLOVER records and ``dyadwatch code`` output also work)."""
        from dyadwatch.exports import read_plover

        return self.ingest_coded(read_plover(path), batch_size=256)

    import_ = import_plover

    # -- watching (dyadwatch watch) ----------------------------------------------------
    def watcher(self, sources: Any, **options: Any) -> Any:
        """A :class:`~dyadwatch.watch.Watcher` over this service's pipeline and store
        (``options`` as the Watcher takes them: ``lock``, ``on_change``, ``stdout``...)."""
        from dyadwatch.watch import Watcher

        return Watcher(self, sources, **options)

    def watch_status(self, sources: Any) -> list[dict[str, Any]]:
        """Per source of a sources file: where it is, its last fetch, last new item, items
        coded, consecutive failures, next fetch and last error (from the store)."""
        store = self._need_store()
        states = store.watch_source_states()
        rows = []
        for source in sources.source:
            state = states.get(source.name, {})
            rows.append({"name": source.name, "kind": source.kind, "location": source.location,
                         "interval": source.interval, "enabled": source.enabled,
                         "last_fetch": state.get("last_fetch"), "last_new": state.get("last_new"),
                         "items_coded": int(state.get("items_coded") or 0),
                         "items_seen": store.watch_seen_count(source.name),
                         "failures": int(state.get("failures") or 0), "next_fetch": state.get("next_fetch"),
                         "last_error": state.get("last_error")})
        return rows

    def watch_alerts(self, *, limit: int = 100) -> list[dict[str, Any]]:
        """Alerts raised by watchlists (newest first), each with its payload and deliveries."""
        import json

        rows = self._need_store().watch_alerts(limit=limit)
        for row in rows:
            row["alert"] = json.loads(row.pop("payload"))
        return rows

# -- checks shared by every query (the API and the CLI validate the same way) -----------------
def check_code(code: str, what: str = "actor code", *, store: Any = None) -> str:
    """An upper-cased actor code dyadwatch knows (shipped, or on a stored event of ``store``);
    InputError [DW605] otherwise."""
    value = code.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", value):
        raise InputError(f"{what} {code!r} is not a three-letter code; send an ISO 3166-1 alpha-3 country "
                         "code such as CHN or JPN", code="DW605")
    if value not in known_codes() and not (store is not None and hasattr(store, "has_actor_code")
                                           and store.has_actor_code(value)):
        hint = ", ".join(sorted(set(known_codes()) & {"IGO", "UNO", "EUR", "NGO"}))
        raise InputError(f"unknown {what} {code!r}; send an ISO 3166-1 alpha-3 country code such as CHN or "
                         f"JPN, or an organisation code such as {hint}", code="DW605")
    return value


def check_dyad(a: str, b: str, *, store: Any = None) -> tuple[str, str]:
    """Two known, different codes; InputError [DW605]/[DW607] otherwise."""
    x, y = check_code(a, "country code", store=store), check_code(b, "country code", store=store)
    if x == y:
        raise InputError(f"a dyad needs two different countries, got {x} twice; send two codes such as "
                         "CHN-JPN", code="DW607")
    return x, y


def check_category(name: str) -> str:
    """An upper-cased PLOVER category of the ontology; InputError [DW606] otherwise."""
    value = name.strip().upper()
    if value not in categories():
        raise InputError(f"unknown PLOVER category {name!r}; send one of {', '.join(categories())}",
                         code="DW606")
    return value


def check_range(first: dt.date | None, last: dt.date | None) -> None:
    """start must not be after end; InputError [DW613] otherwise."""
    if first and last and first > last:
        raise InputError(f"start {first} is after end {last}; swap them", code="DW613")


def check_query(query: EventQuery, *, store: Any = None) -> None:
    """Validate an event query's codes, category and day range (raises InputError)."""
    from dyadwatch.store.sql import query_day

    if query.dyad is not None:
        check_dyad(*query.dyad, store=store)
    if query.actor:
        check_code(query.actor, store=store)
    if query.recipient:
        check_code(query.recipient, "recipient code", store=store)
    if query.event:
        check_category(query.event)
    check_range(query_day(query.start, "start"), query_day(query.end, "end"))


def detect_language(text: str) -> dict[str, Any]:
    """``{"english", "language", "reason"}`` of a text, from :mod:`dyadwatch.ingest.language`.

    ``language`` is the language identifier's name for it (py3langid), else a name guessed
    from the script of the letters, else None.
    """
    from dyadwatch.ingest import language as lang

    reason = lang.check_english(text)
    if reason is None:
        return {"english": True, "language": "English", "reason": None}
    code, _ = lang.detect_language(text)
    name = lang.language_name(code) if code != "en" else None
    return {"english": False, "language": name or _script_language(text), "reason": reason}


# Scripts written by (mostly) one language; a Latin-script text is not named this way.
_SCRIPTS = {"HIRAGANA": "Japanese", "KATAKANA": "Japanese", "HANGUL": "Korean", "CJK": "Chinese",
            "CYRILLIC": "a Cyrillic-script language (Russian, Ukrainian ...)", "ARABIC": "Arabic or Persian",
            "HEBREW": "Hebrew", "GREEK": "Greek", "THAI": "Thai", "DEVANAGARI": "Hindi", "ARMENIAN": "Armenian",
            "GEORGIAN": "Georgian"}


def _script_language(text: str) -> str | None:
    import unicodedata
    from collections import Counter

    scripts: Counter[str] = Counter()
    for ch in text[:5000]:
        if ch.isalpha() and ord(ch) > 0x24F:
            scripts[unicodedata.name(ch, "?").split(" ")[0]] += 1
    if not scripts:
        return None
    if scripts["HIRAGANA"] or scripts["KATAKANA"]:
        return "Japanese"
    return _SCRIPTS.get(scripts.most_common(1)[0][0])


def _with_valid_id(coded: CodedArticle, report: IngestReport) -> CodedArticle:
    """The article under an id that follows the id rule; a breaking id is replaced (noted)."""
    from dataclasses import replace

    article = coded.article
    if valid_id(article.id):
        return coded
    new_id = "id-" + content_hash(article.id, 16)
    report.notes.append(f"[DW609] {article.origin or 'an article'}: the id {article.id[:80]!r} breaks the id rule "
                        f"({ID_RULE}); stored as {new_id!r}")
    events = tuple(replace(e, article_id=new_id) if e.article_id == article.id else e for e in coded.events)
    return replace(coded, article=replace(article, id=new_id), events=events)


def _count_undated(coded: CodedArticle, report: IngestReport) -> None:
    """Count a stored article without publication date whose events got no day."""
    from dyadwatch.store.sql import event_day

    if coded.article.date:
        return
    undated = sum(1 for e in coded.events if event_day(e, coded.article) is None)
    report.articles_undated += 1
    report.events_undated += undated
    if len(report.undated_origins) < 5:
        report.undated_origins.append(coded.article.origin or coded.article.id)
