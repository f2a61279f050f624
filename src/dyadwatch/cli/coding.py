"""`dyadwatch code`: read articles, print event records."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import typer

from dyadwatch.cli._interrupts import interrupts
from dyadwatch.cli.app import CodeMapOption, DictOption, app, dict_dirs, handle_errors
from dyadwatch.codemaps import load_code_map, remap_event
from dyadwatch.records import CodedArticle, Event, InputProblem
from dyadwatch.scale.cli_options import AddressOption, EngineOption, OutOption, WorkersOption, scaled_items

FORMATS = ("jsonl", "table", "csv")


def _service(dicts: list[Path] | None) -> Any:
    from dyadwatch.pipeline import Pipeline
    from dyadwatch.service import DyadService

    return DyadService(pipeline=Pipeline(dict_dirs=dict_dirs(dicts)))


@app.command("code")
@handle_errors
def code_command(
    paths: list[str] = typer.Argument(..., help="Files, directories or '-' for standard input."),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="Output: jsonl, table or csv."),
    dicts: list[Path] | None = DictOption,
    status: str = typer.Option("all", "--status",
                               help="Which events to print: all, or one status (asserted, negated, ...)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress on standard error."),
    engine: str = EngineOption,
    workers: int | None = WorkersOption,
    out_dir: Path | None = OutOption,
    address: str | None = AddressOption,
    code_map: str | None = CodeMapOption,
) -> None:
    """Code news articles into PLOVER event records (printed, not stored)."""
    if fmt not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
    mapping = load_code_map(code_map) if code_map else {}
    service = _service(dicts)
    failed = 0
    rows: list[Event] = []
    writer = csv.writer(sys.stdout) if fmt == "csv" else None
    if writer:
        writer.writerow(CSV_COLUMNS)
    progress = _Progress(enabled=not quiet and sys.stderr.isatty())
    items = scaled_items(paths, engine=engine, workers=workers, out_dir=out_dir, address=address,
                         dict_dirs=dict_dirs(dicts), quiet=quiet)
    try:
        with interrupts():
            for item in service.code_paths(paths) if items is None else items:
                if isinstance(item, InputProblem):
                    failed += 1
                    progress.clear()
                    typer.echo(f"dyadwatch: {item}", err=True)
                    continue
                assert isinstance(item, CodedArticle)
                progress.step(len(item.events))
                for ev in item.events:
                    if status != "all" and ev.status != status:
                        continue
                    ev = remap_event(ev, mapping)
                    if fmt == "jsonl":
                        sys.stdout.write(json.dumps(ev.to_row(), ensure_ascii=False) + "\n")
                    elif writer:
                        writer.writerow(csv_row(ev))
                    else:
                        rows.append(ev)
    except KeyboardInterrupt:
        progress.clear()
        sys.stdout.flush()
        typer.echo(f"dyadwatch: interrupted: {progress.articles} articles coded", err=True)
        raise typer.Exit(130) from None
    progress.done()
    if fmt == "table":
        print_table(rows)
    if failed:
        typer.echo(f"dyadwatch: {failed} input(s) could not be coded (see above)", err=True)
        raise typer.Exit(1)


CSV_COLUMNS = ["id", "article_id", "date", "date_precision", "status", "event", "mode", "cameo", "quad_class",
               "intensity", "actor", "recipient", "location", "attribution", "mentions", "evidence"]


def csv_row(ev: Event) -> list[Any]:
    return [ev.id, ev.article_id, ev.date or "", ev.date_precision, ev.status, ev.event, "|".join(ev.mode), ev.cameo,
            ev.quad_class, ev.intensity, "|".join(f"{e.code}/{e.sector}" for e in ev.actor),
            "|".join(f"{e.code}/{e.sector}" for e in ev.recipient), ev.location.name if ev.location else "",
            ev.attribution.text if ev.attribution else "", ev.mentions, ev.evidence[0].text if ev.evidence else ""]


def print_table(events: list[Event]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    for col in ("date", "status", "event", "actor", "recipient", "evidence"):
        table.add_column(col, overflow="fold")
    for ev in events:
        words = ""
        if ev.evidence:
            e = ev.evidence[0]
            if e.trigger_start is not None and e.trigger_end is not None:
                rel = e.trigger_start - e.start, e.trigger_end - e.start
                words = (e.text[max(0, rel[0] - 40):rel[0]] + "[b]" + e.text[rel[0]:rel[1]] + "[/b]"
                         + e.text[rel[1]:rel[1] + 40])
        table.add_row(ev.date or "?", ev.status, ev.event + (f"/{ev.mode[0]}" if ev.mode else ""),
                      ", ".join(f"{a.code} {a.sector}" for a in ev.actor),
                      ", ".join(f"{a.code} {a.sector}" for a in ev.recipient) or "-", words)
    Console().print(table)
    Console(stderr=True).print(f"{len(events)} events")


class _Progress:
    """Articles and events so far, on standard error (only on a terminal)."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.articles = self.events = 0

    def step(self, events: int) -> None:
        self.articles += 1
        self.events += events
        if self.enabled and self.articles % 25 == 0:
            sys.stderr.write(f"\r{self.articles} articles, {self.events} events")
            sys.stderr.flush()

    def clear(self) -> None:
        """Erase the progress line (before a message or on interrupt)."""
        if self.enabled and self.articles >= 25:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()

    def done(self) -> None:
        if self.enabled and self.articles >= 25:
            sys.stderr.write(f"\r{self.articles} articles, {self.events} events\n")
