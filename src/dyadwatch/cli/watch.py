"""Watch commands: ``dyadwatch sources add/list/remove/status`` and ``dyadwatch watch``."""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from dyadwatch.cli.app import DictOption, app, dict_dirs, handle_errors
from dyadwatch.errors import StoreError, WatchError

DEFAULT_SOURCES = "sources.toml"
SOURCES_HELP = "Sources file (TOML; default: $DYADWATCH_SOURCES or ./sources.toml)."
DB_HELP = "Store: DuckDB file, ':memory:' or postgresql://... (default: $DYADWATCH_DB or ./dyadwatch.duckdb)"

out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)

sources_app = typer.Typer(help="Edit and inspect the sources file that 'dyadwatch watch' follows.",
                          no_args_is_help=True)
app.add_typer(sources_app, name="sources")


def sources_path(value: Path | None) -> Path:
    return Path(value) if value else Path(os.environ.get("DYADWATCH_SOURCES") or DEFAULT_SOURCES)


def _open_service(db: str | None, dict_values: list[Path] | None = None, *, pipeline: bool = True) -> Any:
    from dyadwatch.pipeline import Pipeline
    from dyadwatch.service import DyadService
    from dyadwatch.settings import Settings
    from dyadwatch.store import open_store

    settings = Settings.from_env(db_url=db)
    try:
        store = open_store(settings.db_url)
    except StoreError as exc:
        if "another dyadwatch" in exc.message:
            raise WatchError(f"{exc.message} A DuckDB store has one writer: run the watcher inside the server "
                             "with 'dyadwatch serve --watch SOURCES', or use PostgreSQL for separate processes",
                             code="DW812") from exc
        raise
    return DyadService(store=store, pipeline=Pipeline(dict_dirs=dict_dirs(dict_values)) if pipeline else None,
                       settings=settings)


# -- sources --------------------------------------------------------------------------
@sources_app.command("add")
@handle_errors
def sources_add(
    name: str = typer.Argument(..., help="Short unique name (letters, digits, . _ -)."),
    location: str = typer.Argument(..., help="URL of the feed, page or sitemap; folder path for --kind folder."),
    kind: str = typer.Option("feed", "--kind", "-k", help="feed, page, sitemap or folder."),
    interval: str = typer.Option("15m", "--interval", "-i", help="Time between fetches: seconds or 90s, 15m, 1h."),
    tag: list[str] = typer.Option(None, "--tag", help="Tag (repeatable)."),
    language: str = typer.Option("en", "--language", help="Language of the source (English only for now)."),
    no_follow: bool = typer.Option(False, "--no-follow", help="Code the feed's own text; do not fetch linked pages."),
    file: Path = typer.Option(None, "--file", "-f", help=SOURCES_HELP),
) -> None:
    """Add a source to the sources file (created when missing)."""
    from dyadwatch.watch.sources import add_source, make_source

    path = sources_path(file)
    where = {"path": location} if kind == "folder" else {"url": location}
    source = make_source(name=name, kind=kind, interval=interval, tags=list(tag or []), language=language,
                         follow_links=not no_follow, **where)
    add_source(path, source)
    err.print(f"added {kind} source {name!r} ({location}, every {source.interval:.0f} s) to {path}", markup=False)


@sources_app.command("remove")
@handle_errors
def sources_remove(
    name: str = typer.Argument(..., help="Name of the source."),
    file: Path = typer.Option(None, "--file", "-f", help=SOURCES_HELP),
) -> None:
    """Remove a source from the sources file (what it stored stays in the store)."""
    from dyadwatch.watch.sources import remove_source

    path = sources_path(file)
    remove_source(path, name)
    err.print(f"removed source {name!r} from {path}", markup=False)


@sources_app.command("list")
@handle_errors
def sources_list(
    file: Path = typer.Option(None, "--file", "-f", help=SOURCES_HELP),
    fmt: str = typer.Option("table", "--format", help="table or jsonl."),
) -> None:
    """List the sources, watchlists and sinks of the sources file."""
    from dyadwatch.cli.store import Table
    from dyadwatch.watch.sources import load_sources

    path = sources_path(file)
    parsed = load_sources(path)
    if fmt == "jsonl":
        for source in parsed.source:
            sys.stdout.write(json.dumps(source.model_dump()) + "\n")
        return
    table = Table(title=f"{len(parsed.source)} sources in {path}")
    for column in ("name", "kind", "where", "every", "tags", "enabled"):
        table.add_column(column, no_wrap=column != "where")
    for s in parsed.source:
        table.add_row(s.name, s.kind, s.location, f"{s.interval:.0f} s", ",".join(s.tags), "yes" if s.enabled else "no")
    out.print(table)
    for w in parsed.watchlist:
        what = " ".join(w.dyads + w.actors + w.categories)
        out.print(f"watchlist {w.name}: {what} (threshold {w.threshold}, by {w.freq})", markup=False)
    for k in parsed.sink:
        out.print(f"sink {k.name}: {k.kind} {k.path or k.url or ''}".rstrip(), markup=False)


@sources_app.command("status")
@handle_errors
def sources_status(
    file: Path = typer.Option(None, "--file", "-f", help=SOURCES_HELP),
    db: str = typer.Option(None, "--db", help=DB_HELP),
    fmt: str = typer.Option("table", "--format", help="table or jsonl."),
) -> None:
    """Per source: last fetch, last new item, items coded, consecutive failures, next fetch."""
    from dyadwatch.cli.store import Table
    from dyadwatch.watch.sources import load_sources

    parsed = load_sources(sources_path(file))
    service = _open_service(db, pipeline=False)
    try:
        rows = service.watch_status(parsed)
    finally:
        service.store.close()
    if fmt == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(row) + "\n")
        return
    table = Table(title="sources (times in UTC)")
    for column in ("name", "last fetch", "last new item", "coded", "failures", "next fetch", "last error"):
        table.add_column(column, justify="right" if column in ("coded", "failures") else "left",
                         no_wrap=column != "last error")
    for r in rows:
        table.add_row(r["name"], r["last_fetch"] or "never", r["last_new"] or "–", str(r["items_coded"]),
                      str(r["failures"]), r["next_fetch"] or "now", r["last_error"] or "")
    out.print(table)


# -- watch ----------------------------------------------------------------------------
def _print_cycle(report: Any) -> None:
    for s in report.sources:
        if s.error:
            err.print(f"[DW809] {s.name}: failed {s.failures} time(s) in a row, next try in {s.retry_in:.0f} s: "
                      f"{s.error}", markup=False)
            continue
        if s.not_modified:
            continue
        if s.items_new or s.problems:
            err.print(f"{s.name}: {s.items_new} new, {s.articles_stored} stored, {s.duplicates} already stored"
                      + (f", {s.fallbacks} from the feed text" if s.fallbacks else ""), markup=False)
        for problem in s.problems:
            err.print(f"  {problem}", markup=False)
    if report.alerts_new:
        err.print(f"{report.alerts_new} new alert(s); {report.delivered} deliveries", markup=False)
    for problem in report.delivery_problems:
        err.print(problem, markup=False)


@app.command()
@handle_errors
def watch(
    file: Path = typer.Argument(None, help=SOURCES_HELP),
    db: str = typer.Option(None, "--db", help=DB_HELP),
    once: bool = typer.Option(False, "--once", help="Fetch every source once, deliver alerts, then exit."),
    dict_: list[Path] = DictOption,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No per-cycle summary on standard error."),
) -> None:
    """Follow the sources file: fetch what is due, code and store new items exactly once,
    raise alerts for the watchlists and deliver them. SIGTERM / Ctrl-C stop cleanly.

    With the DuckDB default the store has one writer: to serve the API and dashboard too,
    run 'dyadwatch serve --watch SOURCES' instead (one process)."""
    from dyadwatch.watch.sources import load_sources

    path = sources_path(file)
    parsed = load_sources(path)
    if not parsed.source:
        raise WatchError(f"no sources in {path}: add one with 'dyadwatch sources add NAME URL'", code="DW803")
    service = _open_service(db, dict_)
    watcher = service.watcher(parsed)
    err.print(f"watching {len(parsed.source)} sources from {path} into {service.store.url}"
              + (" (once)" if once else "; Ctrl-C or SIGTERM stops"), markup=False)
    try:
        with watcher.signals():
            watcher.run(once=once, report=None if quiet else _print_cycle)
    finally:
        watcher.close()
        service.store.close()
    err.print("watcher stopped", markup=False)


# -- serve --watch (one process for DuckDB) -------------------------------------------
class _GateLock:
    """The API's locks (spaCy, then store), taken together as one context manager."""

    def __init__(self, gate: Any) -> None:
        self.gate = gate

    def __enter__(self) -> None:
        self.gate.nlp_lock.acquire()
        self.gate.store_lock.acquire()

    def __exit__(self, *exc: object) -> None:
        self.gate.store_lock.release()
        self.gate.nlp_lock.release()


def start_background_watcher(service: Any, application: Any, sources_file: Path, *,
                             quiet: bool = False) -> tuple[Any, threading.Thread]:
    """Start a watcher thread that shares the API's service and locks (``serve --watch``)."""
    from dyadwatch.watch.sources import load_sources

    parsed = load_sources(sources_file)
    if not parsed.source:
        raise WatchError(f"no sources in {sources_file}: add one with 'dyadwatch sources add NAME URL'",
                         code="DW803")
    gate = application.state.gate
    watcher = service.watcher(parsed, lock=_GateLock(gate), on_change=gate.cache.clear)

    def loop() -> None:
        try:
            watcher.run(report=None if quiet else _print_cycle)
        except Exception:  # the API goes on; the failure is logged with its traceback
            import logging

            logging.getLogger(__name__).exception("the watcher stopped with an error")

    thread = threading.Thread(target=loop, name="dyadwatch-watcher", daemon=True)
    thread.start()
    if threading.current_thread() is threading.main_thread():
        # uvicorn handles SIGTERM/SIGINT itself and raises the signal again once it has shut
        # down; this handler (restored by uvicorn then) turns that into a clean watcher stop
        # instead of the default immediate exit.
        import signal

        signal.signal(signal.SIGTERM, lambda signum, frame: watcher.stop())
    return watcher, thread


def stop_background_watcher(watcher: Any, thread: threading.Thread, *, timeout: float = 60.0) -> None:
    """Ask the watcher to finish the article in hand, wait for it, close its clients."""
    watcher.stop()
    thread.join(timeout)
    watcher.close()


# -- demo --live ----------------------------------------------------------------------
def live_demo(*, db: str | None, port: int, duration: float) -> None:
    """Replay the sample corpus as a local feed, watched and served in this process."""
    import tempfile

    import uvicorn

    from dyadwatch.api import ApiConfig, create_app
    from dyadwatch.service import DyadService
    from dyadwatch.store import open_store
    from dyadwatch.watch.demo import LIVE_DB, ReplayFeed, live_sources, sample_articles, start_feed_server

    if db is None:
        db = LIVE_DB
        for leftover in (Path(LIVE_DB), Path(LIVE_DB + ".wal")):  # the live demo starts fresh every time
            leftover.unlink(missing_ok=True)
    articles = sample_articles()
    replay = ReplayFeed(articles, duration=duration)
    feed_server, feed_url = start_feed_server(replay)
    workdir = Path(tempfile.mkdtemp(prefix="dyadwatch-live-"))
    sources_file = workdir / "sources.toml"
    sources_file.write_text(live_sources(feed_url, alerts_file=workdir / "alerts.jsonl"), encoding="utf-8")
    store = open_store(db)
    service = DyadService(store=store)
    application = create_app(service, ApiConfig.from_env(cache_ttl=1.0))
    err.print(f"replaying {len(articles)} sample articles at {feed_url} over {duration:.0f} s into {db}\n"
              f"open http://127.0.0.1:{port}/alerts to see alerts arrive (and / for the dyads); "
              "alert JSON lines follow below; Ctrl-C stops", markup=False)
    watching = start_background_watcher(service, application, sources_file)
    try:
        uvicorn.run(application, host="127.0.0.1", port=port, log_level="warning", access_log=False,
                    server_header=False)
    finally:
        stop_background_watcher(*watching)
        feed_server.shutdown()
        feed_server.server_close()
        store.close()
