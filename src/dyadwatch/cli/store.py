"""Store commands: ingest, events, dyads, dyad, alerts, export, import, demo."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import typer
from rich import box
from rich.console import Console
from rich.table import Table as _Table

from dyadwatch.cli._interrupts import interrupts
from dyadwatch.cli.app import CodeMapOption, DictOption, app, dict_dirs, handle_errors
from dyadwatch.errors import ConfigError
from dyadwatch.scale.cli_options import AddressOption, EngineOption, OutOption, WorkersOption, scaled_items

DB_HELP = "Store: DuckDB file, ':memory:' or postgresql://... (default: $DYADWATCH_DB or ./dyadwatch.duckdb)"
DEMO_DB = "demo.duckdb"
FORMATS = ("table", "jsonl", "csv")


def Table(*args: Any, **kwargs: Any) -> _Table:  # noqa: N802 - one look for every table
    kwargs.setdefault("box", box.SIMPLE_HEAD)
    kwargs.setdefault("pad_edge", False)
    return _Table(*args, **kwargs)

out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _service(db: str | None, dict_values: list[Path] | None = None, *, read_only: bool = False) -> Any:
    from dyadwatch.pipeline import Pipeline
    from dyadwatch.service import DyadService
    from dyadwatch.settings import Settings
    from dyadwatch.store import open_store

    settings = Settings.from_env(db_url=db)
    return DyadService(store=open_store(settings.db_url, read_only=read_only),
                       pipeline=Pipeline(dict_dirs=dict_dirs(dict_values)),
                       settings=settings)


def _check_format(fmt: str, allowed: tuple[str, ...] = FORMATS) -> str:
    if fmt not in allowed:
        raise ConfigError(f"unknown --format {fmt!r}; use one of {', '.join(allowed)}")
    return fmt


def _dyad(value: str | None) -> tuple[str, str] | None:
    if not value:
        return None
    for sep in (":", "-", ",", "/", " "):
        if sep in value:
            a, _, b = value.partition(sep)
            if a.strip() and b.strip():
                return a.strip().upper(), b.strip().upper()
    raise ConfigError(f"--dyad takes two country codes such as CHN:JPN, got {value!r}")


def _codes(entities: list[dict[str, Any]]) -> str:
    """'CHN-GOV,"state police"-COP': an actor no dictionary resolves shows its words."""
    return ",".join(f"{e['code'] or json.dumps(e.get('text') or '?')}{'-' + e['sector'] if e.get('sector') else ''}"
                    for e in entities)


# -- ingest ---------------------------------------------------------------------------
@app.command()
@handle_errors
def ingest(
    paths: list[str] = typer.Argument(..., help="Files, directories (recursive) or - for standard input."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
    dict_: list[Path] = DictOption,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    engine: str = EngineOption,
    workers: int | None = WorkersOption,
    out_dir: Path | None = OutOption,
    address: str | None = AddressOption,
) -> None:
    """Code articles and store them with their events (idempotent: stored articles are skipped).

    Each bad input is reported as one line on standard error; the others are stored,
    and the exit status is 1 if any input failed.
    """
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    service = _service(db, dict_)
    shown = 0
    latest: list[Any] = []  # the report as of the last commit (what an interrupt reports)
    columns = (SpinnerColumn(), TextColumn("{task.description}"),
               TextColumn("[bold]{task.fields[articles]}[/] articles  [bold]{task.fields[events]}[/] events  "
                          "{task.fields[skipped]} already stored  {task.fields[rate]} art/s"),
               TimeElapsedColumn())
    with Progress(*columns, console=err, disable=quiet, transient=False) as bar:
        task = bar.add_task("ingesting", total=None, articles=0, events=0, skipped=0, rate="-")

        def progress(report: Any) -> None:
            nonlocal shown
            latest[:] = [report]
            for problem in report.problems[shown:]:
                bar.console.print(str(problem), markup=False, highlight=False)
            shown = len(report.problems)
            rate = f"{report.articles_stored / report.elapsed:.1f}" if report.elapsed > 0 else "-"
            bar.update(task, articles=report.articles_stored, events=report.events_stored,
                       skipped=report.articles_skipped_duplicate, rate=rate)

        try:
            with interrupts():
                items = scaled_items(paths, engine=engine, workers=workers, out_dir=out_dir, address=address,
                                     dict_dirs=dict_dirs(dict_), quiet=quiet, load_all=True)
                report = (service.ingest(paths, progress=progress) if items is None
                          else service.ingest_coded(items, progress=progress))
        except KeyboardInterrupt:
            bar.live.transient = True  # clear the progress line
            bar.stop()
            stored = latest[0].articles_stored if latest else 0
            err.print(f"dyadwatch: interrupted: {stored} articles stored, rerun the same command to resume",
                      markup=False, highlight=False)
            raise typer.Exit(130) from None
        finally:
            service.store.close()
        progress(report)  # prints the problems not yet shown (also with --quiet)
    err.print(f"stored {report.articles_stored} articles and {report.events_stored} event reports "
              f"({report.events_new} new events); {report.articles_skipped_duplicate} already stored; "
              f"{len(report.problems)} inputs failed; {report.elapsed:.1f}s", markup=False, highlight=False)
    for warning in report.warnings:  # stored, but worth knowing (undated articles, replaced ids)
        err.print(warning, markup=False, highlight=False)
    if report.problems:
        raise typer.Exit(1)


# -- events ---------------------------------------------------------------------------
EVENT_CSV = ("id", "day", "date", "date_precision", "status", "event", "mode", "context", "cameo", "quad_class",
             "intensity", "actor", "recipient", "mentions", "sources", "articles", "article_id", "evidence")


def _event_flat(item: dict[str, Any]) -> dict[str, Any]:
    flat = {k: item.get(k) for k in EVENT_CSV}
    flat["mode"] = ",".join(item.get("mode") or [])
    flat["context"] = ",".join(item.get("context") or [])
    flat["actor"] = _codes(item.get("actor") or [])
    flat["recipient"] = _codes(item.get("recipient") or [])
    flat["evidence"] = " | ".join(e["text"] for e in item.get("evidence") or [])
    return flat


@app.command()
@handle_errors
def events(
    actor: str = typer.Option(None, "--actor", help="Country code among the actors (CHN)."),
    recipient: str = typer.Option(None, "--recipient", help="Country code among the recipients."),
    dyad: str = typer.Option(None, "--dyad", help="Two countries on opposite sides, either direction: CHN:JPN."),
    event: str = typer.Option(None, "--event", "--category", help="PLOVER category (ACCUSE)."),
    quad: int = typer.Option(None, "--quad", min=1, max=4, help="Quad class 1-4."),
    status: str = typer.Option("asserted", "--status", help="asserted, negated, hypothetical, future, historical "
                                                             "or any."),
    start: str = typer.Option(None, "--start", help="First day YYYY-MM-DD."),
    end: str = typer.Option(None, "--end", help="Last day YYYY-MM-DD."),
    text: str = typer.Option(None, "--text", "-q", help="Words in an evidence sentence (case-insensitive)."),
    article: str = typer.Option(None, "--article", help="Events reported by this article id."),
    limit: int = typer.Option(50, "--limit", min=1, max=1000, help="Events per page."),
    cursor: str = typer.Option(None, "--cursor", help="Page cursor printed after the previous page."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, jsonl or csv."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """List stored events (newest first), filtered; deduplicated events show mentions/sources/articles."""
    from dyadwatch.store import EventQuery

    _check_format(fmt)
    query = EventQuery(actor=actor, recipient=recipient, dyad=_dyad(dyad), event=event, quad_class=quad,
                       status=None if status == "any" else status, start=start, end=end, text=text,
                       article_id=article)
    service = _service(db, read_only=True)
    try:
        page = service.events(query, limit=limit, cursor=cursor)
    finally:
        service.store.close()
    if fmt == "jsonl":
        for item in page.items:
            sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=EVENT_CSV, lineterminator="\n")
        writer.writeheader()
        for item in page.items:
            writer.writerow(_event_flat(item))
    else:
        table = Table(title=f"{page.total} events", show_lines=False)
        widths = {"id": 16, "day": 10, "event": 8, "actor": 7, "recipient": 7, "quad": 4, "int.": 4, "m/s/a": 5}
        for name in ("id", "day", "event", "actor", "recipient", "quad", "int.", "m/s/a", "evidence"):
            table.add_column(name, overflow="fold" if name == "evidence" else "ellipsis",
                             no_wrap=name != "evidence", min_width=widths.get(name, 20))
        for item in page.items:
            flat = _event_flat(item)
            event_name = item["event"] + (f"-{flat['mode']}" if flat["mode"] else "")
            table.add_row(item["id"], item.get("day") or "?", event_name, flat["actor"], flat["recipient"],
                          str(item.get("quad_class")), f"{item.get('intensity', 0):+.1f}",
                          f"{item['mentions']}/{item['sources']}/{item['articles']}", flat["evidence"][:160])
        out.print(table)
    if page.next:
        err.print(f"more: --cursor {page.next}", markup=False, highlight=False)


# -- dyads ----------------------------------------------------------------------------
def _dyads_table(rows: list[dict[str, Any]], title: str) -> Table:
    table = Table(title=title)
    for name in ("dyad", "events", "q1", "q2", "q3", "q4", "mean int.", "tension", "days"):
        table.add_column(name, justify="left" if name in ("dyad", "days") else "right", no_wrap=True)
    for r in rows:
        mean = r["intensity_sum"] / r["events"] if r["events"] else 0.0
        table.add_row(f"{r['a']}–{r['b']}", str(r["events"]), str(r["q1"]), str(r["q2"]), str(r["q3"]),
                      str(r["q4"]), f"{mean:+.2f}", f"{r['tension']:+.1f}", f"{r['first_day']}…{r['last_day'][5:]}")
    return table


@app.command()
@handle_errors
def dyads(
    start: str = typer.Option(None, "--start", help="First day YYYY-MM-DD."),
    end: str = typer.Option(None, "--end", help="Last day YYYY-MM-DD."),
    limit: int = typer.Option(20, "--limit", min=1, help="How many dyads."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or jsonl."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """The most active dyads (asserted events) in a period, with quad counts and tension."""
    _check_format(fmt, ("table", "jsonl"))
    service = _service(db, read_only=True)
    try:
        rows = service.dyads(start=start, end=end, limit=limit)
    finally:
        service.store.close()
    if fmt == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(row) + "\n")
    else:
        out.print(_dyads_table(rows, "most active dyads (asserted events)"))


# -- dyad series ----------------------------------------------------------------------
def _series_table(points: list[Any], a: str, b: str, freq: str) -> Table:
    from dyadwatch.analysis import sparkline

    spark = sparkline([p.tension for p in points], low=-100, high=100)
    table = Table(title=f"{a}–{b} by {freq} (asserted events)   tension {spark}",
                  caption="tension: −100 all cooperation … +100 all conflict;  ⚠ escalation alert")
    for name in ("period", "events", "q1", "q2", "q3", "q4", "Σ int.", "mean", "tension", ""):
        table.add_column(name, justify="left" if name in ("period", "") else "right")
    for p in points:
        table.add_row(p.period, str(p.events), str(p.quad1), str(p.quad2), str(p.quad3), str(p.quad4),
                      f"{p.intensity_sum:+.1f}", f"{p.intensity_mean:+.2f}",
                      "–" if p.tension is None else f"{p.tension:+.1f}",
                      "⚠" if p.alert else "")
    return table


@app.command()
@handle_errors
def dyad(
    a: str = typer.Argument(..., help="First country code (CHN)."),
    b: str = typer.Argument(..., help="Second country code (JPN)."),
    by: str = typer.Option("week", "--by", help="Period: day, week or month."),
    start: str = typer.Option(None, "--start", help="First day YYYY-MM-DD."),
    end: str = typer.Option(None, "--end", help="Last day YYYY-MM-DD."),
    directed: bool = typer.Option(False, "--directed", help="Only A → B events (and symmetric ones)."),
    plot: Path = typer.Option(None, "--plot", help="Also draw the series as a PNG chart to this file."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, jsonl or csv."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """A dyad's series per period: quad counts, intensity, tension index (with sparkline) and alerts."""
    from dataclasses import asdict

    _check_format(fmt)
    service = _service(db, read_only=True)
    try:
        points = service.series(a, b, freq=by, start=start, end=end, directed=directed)
    finally:
        service.store.close()
    if fmt == "jsonl":
        for p in points:
            sys.stdout.write(json.dumps(asdict(p)) + "\n")
    elif fmt == "csv":
        if points:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(asdict(points[0])), lineterminator="\n")
            writer.writeheader()
            for p in points:
                writer.writerow(asdict(p))
    elif not points:
        err.print(f"no asserted events between {a.upper()} and {b.upper()}", markup=False)
    else:
        out.print(_series_table(points, a.upper(), b.upper(), by))
    if plot is not None and points:
        from dyadwatch.analysis.plot import plot_series

        err.print(f"chart written to {plot_series(points, plot)}", markup=False, highlight=False)


# -- alerts ---------------------------------------------------------------------------
@app.command()
@handle_errors
def alerts(
    start: str = typer.Option(None, "--start", help="Only alerts in periods from this day."),
    end: str = typer.Option(None, "--end", help="Only data up to this day."),
    dyad_: str = typer.Option(None, "--dyad", help="One dyad, e.g. CHN:JPN (default: every dyad)."),
    by: str = typer.Option("week", "--by", help="Period: day, week or month."),
    baseline: int = typer.Option(8, "--baseline", min=1, help="Periods in the rolling baseline."),
    threshold: float = typer.Option(3.0, "--threshold", help="Robust z-score that raises an alert."),
    min_events: int = typer.Option(3, "--min-events", min=1, help="Conflict events a period needs."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or jsonl."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Escalation alerts: periods whose conflict weight breaks from the dyad's own baseline."""
    _check_format(fmt, ("table", "jsonl"))
    service = _service(db, read_only=True)
    try:
        found = service.alerts(start=start, end=end, dyad=_dyad(dyad_), freq=by, baseline_periods=baseline,
                               threshold=threshold, min_events=min_events)
    finally:
        service.store.close()
    if fmt == "jsonl":
        for alert in found:
            sys.stdout.write(json.dumps(alert.to_dict()) + "\n")
        return
    out.print(_alerts_table(found, by))


def _alerts_table(found: list[Any], freq: str) -> Table:
    table = Table(title=f"{len(found)} escalation alerts (by {freq})",
                  caption="driving events: conflict events (count: ids); "
                  "observed, baseline: conflict weight Σ(|intensity|+1); score: (observed − median) / scale; "
                  "full ids: dyadwatch alerts --format jsonl")
    for name, width in (("dyad", 7), ("period", 10), ("observed", 8), ("baseline", 8), ("score", 5),
                        ("driving events", 10)):
        table.add_column(name, justify="left" if name in ("dyad", "period", "driving events") else "right",
                         no_wrap=True, overflow="ellipsis", min_width=width,
                         max_width=22 if name == "driving events" else None)
    for al in found:
        table.add_row(f"{al.dyad[0]}–{al.dyad[1]}", al.period, f"{al.observed:.1f}", f"{al.baseline:.1f}",
                      f"{al.score:.1f}", f"{al.conflict_events}: " + " ".join(al.event_ids))
    return table


# -- export / import ------------------------------------------------------------------
@app.command()
@handle_errors
def export(
    dest: str = typer.Argument(..., help="Output file (- for standard output with plover/gdelt)."),
    fmt: str = typer.Option("plover", "--format", "-f", help="plover (JSON lines), gdelt (TSV) or parquet."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
    code_map: str | None = CodeMapOption,
) -> None:
    """Export every stored event as PLOVER JSON lines, a GDELT-style table or Parquet."""
    from dyadwatch.codemaps import load_code_map

    mapping = load_code_map(code_map) if code_map else {}
    service = _service(db, read_only=True)
    try:
        count = service.export(fmt, dest, code_map=mapping)
    finally:
        service.store.close()
    err.print(f"exported {count} events to {dest}", markup=False, highlight=False)


@app.command()
@handle_errors
def optimize(
    db: str = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Re-sort (DuckDB) or re-cluster and analyse (PostgreSQL) the store for fast queries.

    Run it after a bulk load of shuffled data; ingest in publication order keeps the layout
    close to this on its own. Safe to run at any time; minutes for 10 million events."""
    service = _service(db)
    try:
        service.optimize()
    finally:
        service.store.close()
    err.print("store optimised", markup=False, highlight=False)


@app.command("import")
@handle_errors
def import_(
    path: str = typer.Argument(..., help="A dyadwatch export (plover JSON lines or parquet; detected), "
                               "or - for standard input."),
    db: str = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Import events from a dyadwatch export, plover or parquet (it restores the same events)."""
    service = _service(db)
    try:
        report = service.import_plover(path)
    finally:
        service.store.close()
    for problem in report.problems:
        err.print(f"dyadwatch: {problem}", markup=False, highlight=False)
    err.print(f"imported {report.articles_stored} articles and {report.events_stored} event reports "
              f"({report.events_new} new events); {report.articles_skipped_duplicate} already stored"
              + (f"; {len(report.problems)} problems" if report.problems else ""),
              markup=False, highlight=False)
    if report.problems:
        raise typer.Exit(1)


# -- demo -----------------------------------------------------------------------------
@app.command()
@handle_errors
def demo(
    db: str = typer.Option(DEMO_DB, "--db", help="Store for the demo (a DuckDB file by default)."),
    by: str = typer.Option("week", "--by", help="Period of the CHN–JPN series: day, week or month."),
    plot: Path = typer.Option(None, "--plot", help="Also draw the CHN–JPN series to this PNG file."),
    live: bool = typer.Option(False, "--live", help="Replay the corpus as a local feed over a couple of minutes, "
                                                    "watched and served at http://127.0.0.1:PORT/alerts."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Dashboard port of --live."),
    duration: float = typer.Option(120.0, "--duration", min=5.0, help="Seconds the --live replay takes."),
) -> None:
    """Ingest the bundled sample corpus, then show the top dyads, the CHN–JPN series and alerts.

    With --live the corpus arrives as a local news feed instead (no internet): the watcher
    codes each article as it is published and the China–Japan alert fires on the dashboard."""
    from dyadwatch.ingest import sample_corpus_dir

    if live:
        from dyadwatch.cli.watch import live_demo

        live_demo(db=None if db == DEMO_DB else db, port=port, duration=duration)
        return

    service = _service(db)
    try:
        corpus = sample_corpus_dir()
        err.print(f"ingesting the sample corpus {corpus} into {db} ...", markup=False, highlight=False)
        report = service.ingest([corpus])
        err.print(f"stored {report.articles_stored} articles, {report.events_stored} event reports "
                  f"({report.articles_skipped_duplicate} already stored) in {report.elapsed:.1f}s",
                  markup=False, highlight=False)
        for problem in report.problems:
            err.print(str(problem), markup=False, highlight=False)
        out.print(_dyads_table(service.dyads(limit=8), "most active dyads (asserted events)"))
        points = service.series("CHN", "JPN", freq=by)
        if points:
            out.print(_series_table(points, "CHN", "JPN", by))
        out.print(_alerts_table(service.alerts(freq=by), by))
        if plot is not None and points:
            from dyadwatch.analysis.plot import plot_series

            err.print(f"chart written to {plot_series(points, plot)}", markup=False, highlight=False)
    finally:
        service.store.close()
    if report.problems:
        raise typer.Exit(1)
