"""`dyadwatch load`: store the Parquet output of a batch run (``--engine ray --out DIR``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from dyadwatch.cli.app import app, handle_errors

DB_HELP = "Store: DuckDB file, ':memory:' or postgresql://... (default: $DYADWATCH_DB or ./dyadwatch.duckdb)"

err = Console(stderr=True, highlight=False, soft_wrap=True)


@app.command("load")
@handle_errors
def load_command(
    out_dir: Path = typer.Argument(..., help="Output directory of 'dyadwatch code --engine ray --out DIR'.",
                                   exists=True, file_okay=False, dir_okay=True),
    db: str = typer.Option(None, "--db", help=DB_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress on standard error (the summary is printed)."),
) -> None:
    """Load Parquet output of a batch run into the store (same dedup as ingest; safe to repeat).

    Articles already stored are skipped, so loading a directory twice, or loading the
    output of overlapping runs, stores each article and event once.
    """
    from dyadwatch.scale import load_parquet
    from dyadwatch.scale.parquet import read_manifest
    from dyadwatch.service import DyadService
    from dyadwatch.settings import Settings
    from dyadwatch.store import open_store

    settings = Settings.from_env(db_url=db)
    service = DyadService(store=open_store(settings.db_url), settings=settings)

    live = not quiet and sys.stderr.isatty()

    def progress(report: Any) -> None:
        if live:
            sys.stderr.write(f"\r{report.articles_stored} articles stored, "
                             f"{report.articles_skipped_duplicate} already stored")
            sys.stderr.flush()

    try:
        report = service.ingest_coded(load_parquet(out_dir), progress=progress)
    finally:
        service.store.close()
    if live:
        sys.stderr.write("\n")
    manifest = read_manifest(str(out_dir)) or {}
    problems = int(manifest.get("problems") or 0)
    note = f"; the coding run reported {problems} bad inputs" if problems else ""
    err.print(f"stored {report.articles_stored} articles and {report.events_stored} event reports "
              f"({report.events_new} new events); {report.articles_skipped_duplicate} already stored; "
              f"{report.elapsed:.1f}s{note}", markup=False, highlight=False)

