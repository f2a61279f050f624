"""The watcher: fetch due sources, code what is new, store it exactly once, raise and
deliver alerts for the watchlists.

One cycle::

    for each due source (one at a time; a failing one backs off, the others go on):
        list its items (feed entries, sitemap URLs, the page, drop-folder files),
            conditionally (ETag / Last-Modified) so an unchanged feed costs a 304
        drop the items the store has seen for this source
        build articles (linked page extracted with trafilatura, else the feed's text),
            skip those whose content is stored already (another source, an earlier run)
        code them in batches and store each batch with its "seen" marks in one transaction
    re-evaluate the alerts of the dyads that received events, for every watchlist
    record each new alert with one pending delivery per sink, then deliver

Stopping (SIGTERM, Ctrl-C, :meth:`Watcher.stop`) finishes the article in hand: the
articles already built are coded and stored with their marks, the source's state is
recorded, and the loop ends.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from dyadwatch.errors import StoreError, WatchError
from dyadwatch.records import Article, CodedArticle, InputProblem, content_hash
from dyadwatch.store.watch import utcnow
from dyadwatch.watch.delivery import Deliverer, deliver_pending, make_deliverers
from dyadwatch.watch.fetcher import Fetcher
from dyadwatch.watch.items import Item, extract_page, feed_items, folder_items, page_item, sitemap_items
from dyadwatch.watch.sources import Source, SourcesFile, Watchlist

log = logging.getLogger(__name__)

#: Nested sitemaps followed from one sitemap index.
MAX_NESTED_SITEMAPS = 5
#: Idle wait between checks when no source is due (seconds, capped by the next due time).
MAX_IDLE = 30.0


@dataclass(slots=True)
class SourceReport:
    """What one source did in one cycle."""

    name: str
    fetched: bool = False
    not_modified: bool = False
    items_new: int = 0
    articles_stored: int = 0
    duplicates: int = 0
    fallbacks: int = 0  # items coded from the feed's own text
    problems: list[str] = field(default_factory=list)
    error: str | None = None
    failures: int = 0  # consecutive failures after this cycle
    retry_in: float = 0.0  # seconds until the next try of a failing source


@dataclass(slots=True)
class CycleReport:
    """What one watch cycle did."""

    sources: list[SourceReport] = field(default_factory=list)
    events_stored: int = 0
    alerts_new: int = 0
    delivered: int = 0
    delivery_problems: list[str] = field(default_factory=list)
    stopped: bool = False

    @property
    def articles_stored(self) -> int:
        return sum(s.articles_stored for s in self.sources)

    def to_dict(self) -> dict[str, Any]:
        return {"articles_stored": self.articles_stored, "events_stored": self.events_stored,
                "alerts_new": self.alerts_new, "delivered": self.delivered,
                "delivery_problems": self.delivery_problems, "stopped": self.stopped,
                "sources": [{"name": s.name, "fetched": s.fetched, "not_modified": s.not_modified,
                             "items_new": s.items_new, "articles_stored": s.articles_stored,
                             "duplicates": s.duplicates, "fallbacks": s.fallbacks, "problems": s.problems,
                             "error": s.error, "failures": s.failures} for s in self.sources]}


@dataclass(slots=True)
class _Pending:
    """An article built from an item, waiting to be coded with its batch."""

    item: Item
    article: Article | None
    outcome: str  # "coded", "duplicate", "problem"


class Watcher:
    """Follows the sources of a sources file and stores what they publish.

    Args:
        service: a :class:`~dyadwatch.service.DyadService` with a store.
        sources: the parsed sources file.
        lock: held around every store write and coding run (``serve --watch`` passes the
            API's locks so that the single DuckDB connection is never used by two writers).
        on_change: called after each stored batch (``serve --watch`` clears the API cache).
        stdout: stream of the stdout sink (default ``sys.stdout``).
    """

    def __init__(self, service: Any, sources: SourcesFile, *, fetcher: Fetcher | None = None,
                 lock: Any = None, on_change: Callable[[], None] | None = None,
                 stdout: TextIO | None = None, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self.service = service
        self.store = service._need_store()
        self.sources = sources
        self.stop_event = threading.Event()
        self.fetcher = fetcher or Fetcher(sources.watch, stop=self.stop_event)
        self.lock = lock if lock is not None else contextlib.nullcontext()
        self.on_change = on_change
        self.clock = clock
        self.deliverers: dict[str, Deliverer] = make_deliverers(sources.sink, user_agent=sources.watch.user_agent,
                                                                stop=self.stop_event, stdout=stdout)
        self._feed_titles: dict[str, str | None] = {}

    # -- control -----------------------------------------------------------------------
    def stop(self) -> None:
        """Ask the loop to finish the article in hand and stop."""
        self.stop_event.set()

    @property
    def stopping(self) -> bool:
        return self.stop_event.is_set()

    def close(self) -> None:
        self.fetcher.close()
        for deliverer in self.deliverers.values():
            closer = getattr(deliverer, "close", None)
            if closer is not None:
                closer()

    @contextlib.contextmanager
    def signals(self) -> Iterator[None]:
        """SIGTERM and SIGINT stop the loop cleanly (main thread only)."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return

        def handler(signum: int, frame: Any) -> None:
            log.warning("signal %d: finishing the article in hand, then stopping", signum)
            self.stop()

        old = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            yield
        finally:
            for sig, previous in old.items():
                signal.signal(sig, previous)

    def run(self, *, once: bool = False, max_cycles: int | None = None,
            report: Callable[[CycleReport], None] | None = None) -> int:
        """Run cycles until stopped (or once / ``max_cycles``); returns the cycles run."""
        cycles = 0
        self._deliver(CycleReport())  # a killed run may have left deliveries pending
        while not self.stopping:
            try:
                result = self.cycle(force=once)
            except StoreError as exc:
                if once:
                    raise
                # A database hiccup (a PostgreSQL restart): what was stored is consistent; try again later.
                log.error("watch cycle failed: %s; trying again in %.0f s", exc, MAX_IDLE)
                self.stop_event.wait(MAX_IDLE)
                continue
            cycles += 1
            if report is not None:
                report(result)
            if once or (max_cycles is not None and cycles >= max_cycles) or self.stopping:
                break
            self.stop_event.wait(self.seconds_to_next())
        return cycles

    def seconds_to_next(self) -> float:
        """Seconds until the next source is due (at most MAX_IDLE, at least 0.05)."""
        with self.lock:
            states = self.store.watch_source_states()
        now = self.clock()
        waits = []
        for source in self.sources.source:
            if not source.enabled:
                continue
            due = _when(states.get(source.name, {}).get("next_fetch"))
            waits.append(0.0 if due is None else (due - now).total_seconds())
        return max(0.05, min([MAX_IDLE, *waits]))

    # -- one cycle ---------------------------------------------------------------------
    def cycle(self, *, force: bool = False) -> CycleReport:
        """Fetch every due source (every source with ``force``), then alerts and delivery."""
        report = CycleReport()
        with self.lock:
            states = self.store.watch_source_states()
        for source in self.sources.source:
            if self.stopping:
                report.stopped = True
                break
            if not source.enabled:
                continue
            state = states.get(source.name, {})
            due = _when(state.get("next_fetch"))
            if not force and due is not None and due > self.clock():
                continue
            report.sources.append(self._poll(source, state, report))
        if self.sources.watchlist and not self.stopping:
            self._raise_alerts(report)
        self._deliver(report)
        report.stopped = report.stopped or self.stopping
        return report

    def _poll(self, source: Source, state: dict[str, Any], cycle: CycleReport) -> SourceReport:
        result = SourceReport(source.name)
        started = self.clock()
        complete = True
        etag, modified = state.get("etag"), state.get("last_modified")
        try:
            items, etag, modified = self._list(source, state, result)
            result.fetched = True
            keys = [it.key for it in items]
            with self.lock:
                seen = self.store.watch_seen(source.name, keys)
            new = [it for it in items if it.key not in seen]
            limit = self.sources.watch.max_items
            if len(new) > limit:
                new, complete = new[:limit], False  # the rest next cycle, oldest first
            result.items_new = len(new)
            complete = self._process(source, new, result, cycle) and complete
        except WatchError as exc:
            if self.stopping:  # interrupted, not failed: the source stays due for the next run
                return result
            result.error = str(exc)
            failures = int(state.get("failures") or 0) + 1
            ceiling = min(self.sources.watch.max_backoff, source.interval * (2 ** (failures - 1)))
            wait = ceiling / 2 + self.fetcher.rng.uniform(0, ceiling / 2) if failures > 1 else source.interval
            result.failures, result.retry_in = failures, wait
            log.info("[DW809] source %s failed (%d in a row): %s; next try in %.0f s", source.name, failures, exc, wait)
            with self.lock:
                self.store.save_watch_source(source.name, last_fetch=started, failures=failures,
                                             next_fetch=started + dt.timedelta(seconds=wait), last_error=str(exc))
            return result
        values: dict[str, Any] = {"last_fetch": started, "failures": 0, "last_error": None}
        if complete:
            # Only once every new item is handled may the validators be kept: a 304 must not hide
            # items a stopped or capped cycle left for later.
            values.update(etag=etag, last_modified=modified,
                          next_fetch=started + dt.timedelta(seconds=source.interval))
        else:
            values["next_fetch"] = started
        if result.articles_stored or result.duplicates:
            values["last_new"] = self.clock()
        items_coded = int(state.get("items_coded") or 0) + result.articles_stored
        values["items_coded"] = items_coded
        with self.lock:
            self.store.save_watch_source(source.name, **values)
        return result

    def _list(self, source: Source, state: dict[str, Any],
              result: SourceReport) -> tuple[list[Item], str | None, str | None]:
        """The source's current items and the validators to keep."""
        if source.kind == "folder":
            return folder_items(Path(source.path or "")), None, None
        assert source.url is not None
        fetched = self.fetcher.fetch(source.url, etag=state.get("etag"), last_modified=state.get("last_modified"))
        if fetched.not_modified:
            result.not_modified = True
            return [], state.get("etag"), state.get("last_modified")
        etag, modified = fetched.etag, fetched.last_modified
        if source.kind == "feed":
            title, items = feed_items(fetched.body, source.url)
            self._feed_titles[source.name] = title
            return items, etag, modified
        if source.kind == "page":
            item = page_item(fetched.body, fetched.url)
            if item is None:
                result.problems.append(f"[DW808] {source.url}: no article text found on the page")
                return [], etag, modified
            return [item], etag, modified
        items, nested = sitemap_items(fetched.body, source.url)
        for url in nested[:MAX_NESTED_SITEMAPS]:
            more, _ = sitemap_items(self.fetcher.fetch(url).body, url)
            items.extend(more)
        return items, etag, modified

    # -- articles ----------------------------------------------------------------------
    def _build(self, source: Source, item: Item, result: SourceReport) -> list[_Pending]:
        """The article(s) of one item (a drop-folder file may hold several)."""
        from dyadwatch.ingest import article_from_record, read_inputs

        if item.path is not None:
            out = []
            for index, record in enumerate(read_inputs([item.path])):
                if isinstance(record, InputProblem):
                    result.problems.append(str(record))
                    out.append(_Pending(replace(item, key=f"{item.key}#{index}"), None, "problem"))
                else:
                    out.append(_Pending(item, _with_source(record, source.name), "coded"))
            return out or [_Pending(item, None, "problem")]
        text, title, date, site = item.text, item.title, item.date, None
        if item.url and source.follow_links and source.kind in ("feed", "sitemap"):
            page = None
            try:
                page = extract_page(self.fetcher.fetch(item.url).body, item.url,
                                    metadata=not (item.title and item.date))
            except WatchError as exc:
                if exc.code == "DW804" and self.stopping:
                    raise
                result.problems.append(f"[DW808] page not used: {exc}; "
                                       + ("coded the feed's own text" if text else "nothing to code"))
            else:
                if page is None:
                    result.problems.append(f"[DW808] {item.url}: no article text on the page; "
                                           + ("coded the feed's own text" if text else "nothing to code"))
            if page is not None:
                text, title, date, site = page["text"], page["title"] or title, date or page["date"], page["site"]
            elif text:
                result.fallbacks += 1
        if not text.strip() and title:
            text = title
        record = article_from_record({"id": item.item_id or item.key, "text": text, "date": _day(date),
                                      "title": title, "url": item.url or item.item_id},
                                     f"{source.name}:{item.key}")
        if isinstance(record, InputProblem):
            result.problems.append(str(record))
            return [_Pending(item, None, "problem")]
        feed_title = self._feed_titles.get(source.name)
        return [_Pending(item, _with_source(record, site or feed_title or source.name), "coded")]

    def _process(self, source: Source, items: list[Item], result: SourceReport, cycle: CycleReport) -> bool:
        """Build, code and store the new items in batches; False when stopped part-way."""
        pending: list[_Pending] = []
        for item in items:
            if self.stopping:  # the article in hand is finished below; the rest waits for the next run
                self._store(source, pending, result, cycle)
                return False
            try:
                pending.extend(self._build(source, item, result))
            except WatchError:
                if self.stopping:
                    self._store(source, pending, result, cycle)
                    return False
                raise
            if len(pending) >= self.sources.watch.batch:
                self._store(source, pending, result, cycle)
                pending = []
        self._store(source, pending, result, cycle)
        return True

    def _store(self, source: Source, pending: list[_Pending], result: SourceReport, cycle: CycleReport) -> None:
        if not pending:
            return
        marks: list[tuple[str, str, str | None, str]] = []
        to_code: list[_Pending] = []
        hashes: set[str] = set()
        with self.lock:
            known = self.store.stored_hashes([p.article.content_hash for p in pending if p.article is not None])
            for p in pending:
                if p.article is None:
                    marks.append((source.name, p.item.key, None, "problem"))
                    continue
                chash = p.article.content_hash
                if chash in hashes or chash in known:
                    result.duplicates += 1
                    marks.append((source.name, p.item.key, None, "duplicate"))
                    continue
                hashes.add(chash)
                to_code.append(p)
            coded: list[CodedArticle] = []
            if to_code:
                for item in self.service.code_articles([p.article for p in to_code]):
                    if isinstance(item, CodedArticle):
                        coded.append(item)
            by_hash = {c.article.content_hash: c for c in coded}
            for p in to_code:
                assert p.article is not None
                c = by_hash.get(p.article.content_hash)
                marks.append((source.name, p.item.key, c.article.id if c else None, "coded" if c else "problem"))
            watching = bool(self.sources.watchlist)
            counts = self.store.add_watched_articles(
                coded, marks, dirty=(lambda stored: _dirty(coded, stored)) if watching else None)
        result.articles_stored += sum(1 for s in counts.stored if s) if coded else 0
        for c, was_stored in zip(coded, counts.stored or [], strict=False):
            if was_stored:
                cycle.events_stored += len(c.events)
        if self.on_change is not None:
            self.on_change()

    # -- alerts ------------------------------------------------------------------------
    def _raise_alerts(self, report: CycleReport) -> None:
        """Re-evaluate the alerts of every dyad marked in the store (by this cycle or by a run
        killed before it got here), record the new ones, then clear the marks."""
        sinks = [s.name for s in self.sources.sink]
        with self.lock:
            dirty = self.store.watch_dirty()
        done: list[tuple[str, str]] = []
        for (a, b), (categories, first_day) in sorted(dirty.items()):
            if self.stopping:
                break
            for watchlist in self.sources.watchlist:
                if not watchlist.matches(a, b, categories):
                    continue
                with self.lock:
                    found = self.service.alerts(dyad=(a, b), start=first_day, freq=watchlist.freq,
                                                threshold=watchlist.threshold, min_events=watchlist.min_events,
                                                baseline_periods=watchlist.baseline)
                for alert in found:
                    alert_id = content_hash(f"{watchlist.name}|{a}:{b}|{alert.period}|{alert.freq}", 16)
                    payload = self._payload(alert_id, watchlist, alert)
                    with self.lock:
                        new = self.store.add_watch_alert(alert_id, watchlist=watchlist.name, dyad=(a, b),
                                                         period=alert.period, freq=alert.freq, score=alert.score,
                                                         payload=payload, sinks=sinks)
                    if new:
                        report.alerts_new += 1
            done.append((a, b))
        with self.lock:
            self.store.clear_watch_dirty(done)
        if report.alerts_new and self.on_change is not None:
            self.on_change()

    def _payload(self, alert_id: str, watchlist: Watchlist, alert: Any) -> str:
        events = []
        for event_id in alert.event_ids[:5]:
            with self.lock:
                found = self.store.event(event_id)
            if found is None:
                continue
            evidence = [e.get("text") for r in found.get("reports", [])[:1] for e in r.get("evidence", [])[:1]]
            events.append({"id": event_id, "event": found.get("event"), "day": found.get("day"),
                           "actor": [e.get("code") for e in found.get("actor", [])],
                           "recipient": [e.get("code") for e in found.get("recipient", [])],
                           "evidence": evidence[0] if evidence else None, "article_id": found.get("article_id")})
        body = {"id": alert_id, "type": "dyadwatch.alert", "watchlist": watchlist.name, **alert.to_dict(),
                "dyad": [alert.dyad[0], alert.dyad[1]], "raised_at": self.clock().isoformat() + "Z",
                "events": events}
        return json.dumps(body, ensure_ascii=False, separators=(",", ":"))

    def _deliver(self, report: CycleReport) -> None:
        if not self.deliverers:
            return
        delivered, problems = deliver_pending(self.store, self.deliverers, lock=self.lock)
        report.delivered += delivered
        report.delivery_problems.extend(problems)


def _with_source(article: Article, name: str | None) -> Article:
    return article if article.source or not name else replace(article, source=name)


def _day(value: str | None) -> str | None:
    if not value:
        return None
    head = str(value)[:10]
    try:
        dt.date.fromisoformat(head)
    except ValueError:
        return None
    return head


def _when(value: Any) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _dirty(coded: list[CodedArticle], stored: list[bool]) -> dict[tuple[str, str, str], dt.date]:
    """``(a, b, category) -> earliest day`` of the asserted events of the stored articles
    (sorted pairs; events without a day count in no series, so they raise no alert)."""
    from dyadwatch.store.sql import dyad_pairs, event_day

    out: dict[tuple[str, str, str], dt.date] = {}
    for c, was_stored in zip(coded, stored, strict=False):
        if not was_stored:
            continue
        for event in c.events:
            day = event_day(event, c.article) if event.status == "asserted" else None
            if day is None:
                continue
            for a, b, _ in dyad_pairs(list(event.actor_codes), list(event.recipient_codes)):
                lo, hi = sorted((a, b))
                key = (lo, hi, event.event)
                out[key] = min(out.get(key, day), day)
    return out


__all__ = ["CycleReport", "SourceReport", "Watcher"]
