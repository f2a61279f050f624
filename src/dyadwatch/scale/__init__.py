"""Batch engines: a local process pool and Ray Data, with the single-process coder's output.

Public names:

* :func:`run_engine` -- the one entry point the ``code`` and ``ingest`` commands call;
* :func:`load_parquet` -- read an ``--out`` directory back as CodedArticles (``dyadwatch load``);
* :func:`run_local`, :func:`run_ray`, :func:`run_ray_to_parquet` -- the engines themselves.

See ``docs/scale.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from dyadwatch.errors import ConfigError
from dyadwatch.records import CodedArticle, InputProblem
from dyadwatch.scale.loader import load_parquet, load_parquet_items
from dyadwatch.scale.local import pipeline_factory, run_local
from dyadwatch.scale.parquet import WriteSummary, prepare_out_dir, write_items, write_manifest
from dyadwatch.scale.ray_engine import run_ray, run_ray_to_parquet

ENGINES = ("local", "ray")
DEFAULT_ENGINE = "local"


def run_engine(paths: Iterable[str | Path], *, engine: str = DEFAULT_ENGINE, workers: int | None = None,
               out_dir: str | Path | None = None, address: str | None = None,
               dict_dirs: Iterable[Path | str] = (), progress: bool = False,
               ) -> Iterator[CodedArticle | InputProblem] | dict[str, Any]:
    """Code inputs with the chosen engine.

    Args:
        paths: files, directories, Parquet files (``-`` for standard input, local engine only).
        engine: ``"local"`` (``workers`` processes on this machine; 1 = this process) or
            ``"ray"`` (a pool of ``workers`` Ray actors; default one per CPU of the cluster).
        workers: worker processes or actors.
        out_dir: write partitioned Parquet here instead of returning the results.
        address: Ray cluster to join (``ray://host:10001`` or ``host:6379``); default a
            local Ray on 127.0.0.1 (engine ``ray`` only).
        dict_dirs: extra dictionary directories (``--dict``).

    Returns:
        Without ``out_dir``: an iterator of CodedArticle and InputProblem in input order
        (the same as the single-process engine). With ``out_dir``: the manifest written
        to ``out_dir/_dyadwatch.json`` (counts of articles, events, problems, files).

    Example:
        >>> for item in run_engine(["news/"], engine="local", workers=2):
        ...     print(item)
    """
    if engine not in ENGINES:
        raise ConfigError(f"Unknown engine '{engine}': use one of {', '.join(ENGINES)}.", code="DW001")
    if workers is not None and workers < 1:
        raise ConfigError(f"--workers must be at least 1, got {workers}.", code="DW001")
    if address and engine != "ray":
        raise ConfigError("--address needs --engine ray.", code="DW001")
    dict_dirs = tuple(dict_dirs)
    if engine == "ray":
        if out_dir is not None:
            return run_ray_to_parquet(paths, out_dir, workers=workers, address=address,
                                      dict_dirs=dict_dirs, progress=progress)
        return run_ray(paths, workers=workers, address=address, dict_dirs=dict_dirs,
                       progress=progress)
    items = run_local(paths, workers=workers or 1, dict_dirs=dict_dirs)
    if out_dir is None:
        return items
    return write_local(items, out_dir, workers=workers or 1, paths=paths)


def write_local(items: Iterable[CodedArticle | InputProblem], out_dir: str | Path, *,
                workers: int = 1, paths: Iterable[str | Path] = ()) -> dict[str, Any]:
    """Write results of a local engine in the Ray engine's Parquet layout."""
    import time

    out = str(out_dir) if "://" in str(out_dir) else str(Path(out_dir).resolve())
    prepare_out_dir(out)
    started = time.perf_counter()
    summary: WriteSummary = write_items(items, out)
    manifest = {"engine": "local", "workers": workers, "address": None,
                "inputs": [str(p) for p in paths], "seconds": round(time.perf_counter() - started, 3),
                "articles": summary.articles, "events": summary.events,
                "problems": summary.problems, "files": len(summary.files)}
    write_manifest(out, manifest)
    return manifest


__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "load_parquet",
    "load_parquet_items",
    "pipeline_factory",
    "run_engine",
    "run_local",
    "run_ray",
    "run_ray_to_parquet",
    "write_local",
]
