"""DyadService: the one layer that the CLI, the HTTP API and the batch engines call.

Coding needs only a :class:`~dyadwatch.pipeline.Pipeline`; storing and querying
need a store (``dyadwatch.store.open_store``).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dyadwatch.pipeline import Pipeline
from dyadwatch.records import Article, CodedArticle, DyadPoint, Event, InputProblem
from dyadwatch.store.base import EventPage, EventQuery

if TYPE_CHECKING:
    from dyadwatch.analysis import Alert

#: Articles stored per transaction by ``ingest_coded`` (also flushed every FLUSH_SECONDS).
INGEST_BATCH = 16
FLUSH_SECONDS = 1.0
#: Largest page of ``events``.
MAX_PAGE = 1000


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

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {"articles_seen": self.articles_seen, "articles_stored": self.articles_stored,
                "articles_skipped_duplicate": self.articles_skipped_duplicate,
                "events_stored": self.events_stored, "events_new": self.events_new,
                "problems": [str(p) for p in self.problems], "elapsed": round(self.elapsed, 3)}


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

    if isinstance(exc, OSError) or type(exc).__module__.split(".")[0] in ("duckdb", "_duckdb", "psycopg"):
        return True  # a database error the store did not wrap is the database's, not the article's
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
            pending.append(item)
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

    def series(self, a: str, b: str, *, freq: str = "week", start: str | None = None, end: str | None = None,
               directed: bool = False, **alert_params: Any) -> list[DyadPoint]:
        """Per-period series of a dyad (asserted events), alert periods marked.

        Periods without events are included; the alerts use the dyad's whole history
        before each period (``alert_params`` as in :func:`dyadwatch.analysis.detect_alerts`).
        """
        from dyadwatch.analysis import check_freq, detect_alerts, dyad_series, mark_alerts, period_start
        from dyadwatch.store.sql import parse_day, query_day

        check_freq(freq)
        a, b = a.upper(), b.upper()
        query_day(start, "start")
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
        for _ in range(lookback):
            window_from = period_start(window_from - dt.timedelta(days=1), freq)
        first = store.dyad_first_day(a, b, end=end, directed=directed)
        if first is None or first >= window_from.isoformat():
            return None
        days = store.dyad_days(a, b, start=window_from.isoformat(), end=end, directed=directed, freq=freq)
        return (window_from.isoformat(), days) if days else None

    def alerts(self, *, start: str | None = None, end: str | None = None, dyad: tuple[str, str] | None = None,
               freq: str = "week", **alert_params: Any) -> list[Alert]:
        """Escalation alerts (newest first), each with the ids of the events that drove it."""
        from dyadwatch.analysis import check_freq, detect_alerts, dyad_series, next_period, period_start
        from dyadwatch.store.sql import parse_day, query_day

        check_freq(freq)
        first = query_day(start, "start")
        store = self._need_store()
        if dyad is not None:
            a, b = dyad[0].upper(), dyad[1].upper()
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
        return found

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
