"""The Ray Data engine: read, code on a pool of actors, write partitioned Parquet.

The job is one streaming Ray Data pipeline::

    from_items(input files)                      one row per file (or Parquet file)
      .flat_map(read)                            the project's readers, in Ray tasks
      .repartition(target_num_rows_per_block)    small blocks, so every actor gets work
      .map_batches(_Coder, compute=ActorPoolStrategy(size=N))
                                                 each actor builds one Pipeline (spaCy and
                                                 dictionaries loaded once per actor)
      .map_batches(write)                        Parquet under OUT (see dyadwatch.scale.parquet)

Reading runs the same code as the single-process engine (``dyadwatch.ingest`` for files,
pyarrow for Parquet), so ids, origins and per-record problems are identical; files with
different Parquet schemas or malformed lines do not stop the job. An actor that dies is
restarted and its batch retried (``max_restarts``/``max_task_retries``); output files are
named by their content, so a retried write replaces its file rather than adding a copy.

``ray`` is imported lazily; without it, :class:`~dyadwatch.errors.ConfigError` says to
install ``dyadwatch[scale]``.
"""

from __future__ import annotations

import logging
import os
import time
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dyadwatch.errors import ConfigError, PipelineError
from dyadwatch.pipeline import Pipeline
from dyadwatch.records import Article, CodedArticle, InputProblem
from dyadwatch.scale import parquet as pq_out
from dyadwatch.scale.inputs import Reader, default_reader, file_units, read_parquet_articles, split_inputs
from dyadwatch.scale.local import PipelineFactory, code_items, pipeline_factory, warm

log = logging.getLogger(__name__)

DEFAULT_BATCH_ROWS = 32  # articles per actor call
DEFAULT_WRITE_ROWS = 2048  # articles per written Parquet file
MAX_RESTARTS = 3  # an actor that dies is restarted this many times
MAX_TASK_RETRIES = 3  # and its batch retried
READ_CONCURRENCY = 4  # input files read at once
WRITE_CONCURRENCY = 4  # Parquet writes at once
BLOCK_BYTES = 256 * 1024  # Ray Data block size: a few dozen articles
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
LOOPBACK_ENV = {"RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0", "RAY_AUTH_MODE": "disabled"}


def import_ray() -> Any:
    """Import ray, or say which extra to install."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as exc:
        raise ConfigError("The Ray engine needs Ray: pip install 'dyadwatch[scale]' "
                          f"(import failed: {exc}).", code="DW002") from exc
    return ray


@contextmanager
def ray_session(address: str | None = None, *, num_cpus: int | None = None,
                temp_dir: str | None = None) -> Iterator[Any]:
    """Use the Ray already initialised in this process, join ``address``, or start a local one.

    A local Ray listens on 127.0.0.1 only, without dashboard or auth token file, and is shut
    down on exit; a joined cluster is disconnected from, not stopped.
    """
    if not address or _host_port(address)[0] in LOOPBACK_HOSTS:
        os.environ.update(LOOPBACK_ENV)  # read when ray is imported and when it starts
    ray = import_ray()
    if ray.is_initialized():
        yield ray
        return
    if address:
        _check_reachable(address)
        try:
            ray.init(address=address, logging_level=logging.WARNING, log_to_driver=False)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise ConfigError(f"Cannot join the Ray cluster at '{address}': {exc}. Start it "
                              "with 'ray start --head' and give the address it prints.",
                              code="DW701") from exc
    else:
        # address="local": always a new local Ray, whatever RAY_ADDRESS says
        ray.init(address="local", num_cpus=num_cpus or os.cpu_count() or 1,
                 include_dashboard=False, _node_ip_address="127.0.0.1", _temp_dir=temp_dir,
                 logging_level=logging.WARNING, log_to_driver=False, configure_logging=False)
    try:
        yield ray
    finally:
        ray.shutdown()


def _host_port(address: str) -> tuple[str, int | None]:
    rest = address.split("://", 1)[-1].rstrip("/")
    host, _, port = rest.rpartition(":")
    if not host:
        return rest, None
    return host.strip("[]"), int(port) if port.isdigit() else None


def _check_reachable(address: str, timeout: float = 5.0) -> None:
    """Fail in seconds, not minutes, when nothing listens at a cluster address."""
    import socket

    host, port = _host_port(address)
    if port is None:  # "auto" and other forms Ray resolves itself
        return
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except OSError as exc:
        raise ConfigError(f"Cannot reach the Ray cluster at '{address}': {exc}. Start it with "
                          "'ray start --head' and give the address it prints (host:6379, or "
                          "ray://host:10001 for Ray Client).", code="DW701") from exc


# -- stages (run on Ray workers) -----------------------------------------------

def _read_unit(row: dict[str, Any], *, reader: Reader | None = None) -> Iterator[dict[str, Any]]:
    """Read one input unit (a file or directory, or a Parquet file) into payload rows."""
    cwd = row.get("cwd")
    path = row["path"]
    if cwd and not os.path.isabs(path) and os.path.isdir(cwd) and os.getcwd() != cwd:
        os.chdir(cwd)  # relative paths as given on the driver, so origins match
    items: Iterable[Article | InputProblem]
    if row["kind"] == "parquet":
        items = read_parquet_articles(path)
    else:
        items = (reader or default_reader)([path])
    for item in items:
        yield {"payload": pq_out.encode_input(item)}


class _Coder:
    """Ray actor: one Pipeline, loaded at start, codes batches of payload rows."""

    def __init__(self, factory: PipelineFactory, crash_once: tuple[str, str] | None = None) -> None:
        self.pipeline: Pipeline = warm(factory())
        self.crash_once = crash_once
        log.debug("coding actor %s ready", os.getpid())

    def __call__(self, batch: Any) -> dict[str, list[str]]:
        items = [pq_out.decode_input(p) for p in batch.column("payload").to_pylist()]
        if self.crash_once is not None:
            self._maybe_crash(items)
        out = [pq_out.encode_item(r) for r in code_items(items, self.pipeline)]
        return {"payload": out}

    def _maybe_crash(self, items: list[Article | InputProblem]) -> None:
        """Fault injection for tests: die once, hard, on the batch holding a marked article."""
        assert self.crash_once is not None
        article_id, flag = self.crash_once
        if any(isinstance(i, Article) and i.id == article_id for i in items) and not os.path.exists(flag):
            Path(flag).write_text(str(os.getpid()), encoding="utf-8")
            os._exit(1)


def _write(batch: Any, *, out: str) -> dict[str, list[Any]]:
    items = [pq_out.decode_item(p) for p in batch.column("payload").to_pylist()]
    summary = pq_out.write_batch(items, out)
    return {"articles": [summary.articles], "events": [summary.events],
            "problems": [summary.problems], "files": [len(summary.files)]}


# -- the job -------------------------------------------------------------------

def _units(paths: Iterable[str | Path]) -> list[dict[str, Any]]:
    others, parquet = split_inputs(paths)
    if "-" in others:
        raise ConfigError("Standard input cannot be read by the Ray engine: save it to a file "
                          "and give the file.", code="DW001")
    cwd = os.getcwd()
    units = [{"path": p, "kind": "files", "cwd": cwd} for p in file_units(others)]
    units += [{"path": p, "kind": "parquet", "cwd": cwd} for p in parquet]
    return units


def build_dataset(paths: Iterable[str | Path], *, workers: int, factory: PipelineFactory,
                  batch_rows: int = DEFAULT_BATCH_ROWS, reader: Reader | None = None,
                  crash_once: tuple[str, str] | None = None) -> Any:
    """The coded dataset (lazy): one ``payload`` row per coded article or input problem."""
    ray = import_ray()
    units = _units(paths)
    if not units:
        raise ConfigError("No inputs given.", code="DW001")
    ds = ray.data.from_items(units, override_num_blocks=min(len(units), 1000))
    # Reading is light next to coding: it takes no CPU slot (the actors hold them all),
    # and a few reads at a time keep the actors fed.
    ds = ds.flat_map(_read_unit, fn_kwargs={"reader": reader}, num_cpus=0,
                     compute=ray.data.TaskPoolStrategy(
                         size=max(1, min(len(units), workers, READ_CONCURRENCY))))
    with warnings.catch_warnings():
        # Ray 2.60 warns that the remote-args keywords will be renamed; the retry limits
        # below matter (Ray Data's default is to restart and retry forever).
        warnings.simplefilter("ignore", DeprecationWarning)
        return ds.map_batches(
            _Coder, fn_constructor_kwargs={"factory": factory, "crash_once": crash_once},
            batch_size=batch_rows, batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=workers), num_cpus=1,
            max_restarts=MAX_RESTARTS, max_task_retries=MAX_TASK_RETRIES,
        )


@contextmanager
def _data_context(ray: Any, *, preserve_order: bool, progress: bool) -> Iterator[None]:
    """Ray Data settings for one job, restored afterwards.

    Blocks are kept small (``BLOCK_BYTES``, a few dozen articles) so that the articles of
    one large input file are spread over every actor: Ray hands a whole block to one actor
    call, and a separate repartition step would need a CPU slot that the actors hold.
    """
    ctx = ray.data.DataContext.get_current()
    saved = (ctx.execution_options.preserve_order, ctx.enable_progress_bars,
             ctx.target_max_block_size, ctx.print_on_execution_start)
    ctx.execution_options.preserve_order = preserve_order
    ctx.enable_progress_bars = progress
    ctx.target_max_block_size = BLOCK_BYTES
    ctx.print_on_execution_start = progress
    try:
        yield
    finally:
        (ctx.execution_options.preserve_order, ctx.enable_progress_bars,
         ctx.target_max_block_size, ctx.print_on_execution_start) = saved


def _pool_size(ray: Any, workers: int | None) -> int:
    if workers:
        return workers
    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def run_ray(paths: Iterable[str | Path], *, workers: int | None = None, address: str | None = None,
            dict_dirs: Iterable[Path | str] = (), factory: PipelineFactory | None = None,
            reader: Reader | None = None, batch_rows: int = DEFAULT_BATCH_ROWS,
            progress: bool = False, temp_dir: str | None = None,
            crash_once: tuple[str, str] | None = None) -> Iterator[CodedArticle | InputProblem]:
    """Code inputs on Ray and stream the results back to this process, in input order."""
    paths = list(paths)
    factory = factory or pipeline_factory(dict_dirs)
    with ray_session(address, num_cpus=workers, temp_dir=temp_dir) as ray:
        with _data_context(ray, preserve_order=True, progress=progress):
            ds = build_dataset(paths, workers=_pool_size(ray, workers), factory=factory,
                               batch_rows=batch_rows, reader=reader, crash_once=crash_once)
            yield from _stream(ray, ds)


def _stream(ray: Any, ds: Any) -> Iterator[CodedArticle | InputProblem]:
    try:
        with _quiet_executor():
            yield from _iterate(ds)
    except ray.exceptions.RayError as exc:
        raise PipelineError(f"The Ray job failed: {exc}", code="DW701") from exc


@contextmanager
def _quiet_executor() -> Iterator[None]:
    """Ray Data warns (UserWarning) when a stage gets fewer blocks than its task limit:
    harmless on small inputs, so not shown."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The maximum number of concurrent tasks",
                                category=UserWarning)
        yield


def _iterate(ds: Any) -> Iterator[CodedArticle | InputProblem]:
    for batch in ds.iter_batches(batch_format="pyarrow", batch_size=None):
        for payload in batch.column("payload").to_pylist():
            yield pq_out.decode_item(payload)


def run_ray_to_parquet(paths: Iterable[str | Path], out_dir: str | Path, *,
                       workers: int | None = None, address: str | None = None,
                       dict_dirs: Iterable[Path | str] = (), factory: PipelineFactory | None = None,
                       reader: Reader | None = None, batch_rows: int = DEFAULT_BATCH_ROWS,
                       write_rows: int = DEFAULT_WRITE_ROWS, progress: bool = False,
                       temp_dir: str | None = None,
                       crash_once: tuple[str, str] | None = None) -> dict[str, Any]:
    """Code inputs on Ray and write partitioned Parquet under ``out_dir``; return the manifest."""
    paths = [str(p) for p in paths]
    out = str(out_dir) if "://" in str(out_dir) else str(Path(out_dir).resolve())
    pq_out.prepare_out_dir(out)
    factory = factory or pipeline_factory(dict_dirs)
    started = time.perf_counter()
    with ray_session(address, num_cpus=workers, temp_dir=temp_dir) as ray:
        size = _pool_size(ray, workers)
        with _data_context(ray, preserve_order=False, progress=progress):
            totals = _write_job(ray, paths, out, workers=size, factory=factory,
                                batch_rows=batch_rows, write_rows=write_rows, reader=reader,
                                crash_once=crash_once)
    manifest = {"engine": "ray", "workers": size, "address": address, "inputs": paths,
                "seconds": round(time.perf_counter() - started, 3), **totals}
    pq_out.write_manifest(out, manifest)
    return manifest


def _write_job(ray: Any, paths: list[str], out: str, *, workers: int, factory: PipelineFactory,
               batch_rows: int, write_rows: int, reader: Reader | None,
               crash_once: tuple[str, str] | None) -> dict[str, int]:
    ds = build_dataset(paths, workers=workers, factory=factory, batch_rows=batch_rows,
                       reader=reader, crash_once=crash_once)
    written = ds.map_batches(_write, fn_kwargs={"out": out}, batch_size=write_rows,
                             batch_format="pyarrow", num_cpus=0,
                             compute=ray.data.TaskPoolStrategy(
                                 size=max(1, min(workers, WRITE_CONCURRENCY))))
    totals = {"articles": 0, "events": 0, "problems": 0, "files": 0}
    try:
        with _quiet_executor():
            for row in written.iter_rows():
                for key in totals:
                    totals[key] += int(row[key])
    except ray.exceptions.RayError as exc:
        raise PipelineError(f"The Ray job failed: {exc}", code="DW701") from exc
    return totals
