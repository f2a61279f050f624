"""Command-line options of the batch engines, shared by ``dyadwatch code`` and ``dyadwatch ingest``.

The commands add ``--engine``, ``--workers``, ``--out`` and ``--address`` and call
:func:`scaled_items`; without those options they run as before (single process).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

err = Console(stderr=True, highlight=False, soft_wrap=True)

EngineOption = typer.Option("local", "--engine", help="local (this machine) or ray (a Ray cluster).")
WorkersOption = typer.Option(None, "--workers", min=1,
                             help="Worker processes (local) or actors (ray) (default: 1 local, every CPU on ray).")
OutOption = typer.Option(None, "--out", file_okay=False, dir_okay=True,
                         help="Write partitioned Parquet to this new directory instead (see 'dyadwatch load').")
AddressOption = typer.Option(None, "--address",
                             help="Ray cluster to join (host:6379 or ray://host:10001) "
                                  "(default: a local Ray on 127.0.0.1).")


def scaled_items(paths: list[str], *, engine: str, workers: int | None, out_dir: Path | None,
                 address: str | None, dict_dirs: tuple[Path, ...], quiet: bool = False,
                 load_all: bool = False) -> Any:
    """Results of a batch engine, or None when the options ask for the plain single-process run.

    With ``out_dir`` the results go to Parquet and a summary line is printed; what is then
    returned is read back from the output: every item with ``load_all`` (``ingest`` stores
    them), else only the input problems (``code`` reports them as usual).
    """
    if engine == "local" and (workers or 1) == 1 and out_dir is None and address is None:
        return None
    from dyadwatch.records import InputProblem
    from dyadwatch.scale import load_parquet_items, run_engine

    result = run_engine(paths, engine=engine, workers=workers, out_dir=out_dir, address=address,
                        dict_dirs=dict_dirs, progress=not quiet and engine == "ray" and sys.stderr.isatty())
    if out_dir is None:
        return result
    assert isinstance(result, dict)
    err.print(f"wrote {result['articles']} articles, {result['events']} events and {result['problems']} "
              f"input problems to {out_dir} ({result['engine']}, {result['workers']} workers, "
              f"{result['seconds']:.1f}s)", markup=False, highlight=False)
    return (item for item in load_parquet_items(out_dir) if load_all or isinstance(item, InputProblem))
