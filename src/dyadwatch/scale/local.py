"""The local multi-core engine: a process pool, one Pipeline per worker, output in input order.

``workers=1`` codes in this process (the single-process engine). With ``workers=N`` the
articles are sent in chunks to N worker processes (started with ``spawn``); each worker
loads the spaCy pipeline and the dictionaries once, when it starts. At most a few chunks
per worker are in flight, so memory stays flat on any input size, and results come back
in input order, input problems in their places.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from dyadwatch.errors import ConfigError, PipelineError
from dyadwatch.pipeline import Pipeline
from dyadwatch.records import Article, CodedArticle, InputProblem
from dyadwatch.scale.inputs import Reader, iter_inputs

log = logging.getLogger(__name__)

DEFAULT_CHUNK_SIZE = 64  # articles per task sent to a worker
IN_FLIGHT_PER_WORKER = 3

PipelineFactory = Callable[[], Pipeline]

_WORKER_PIPELINE: Pipeline | None = None
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def pipeline_factory(dict_dirs: Iterable[Path | str] = (), *, batch_size: int | None = None) -> PipelineFactory:
    """A picklable function that builds the Pipeline (workers call it once)."""
    kwargs: dict[str, Any] = {"dict_dirs": tuple(Path(d) for d in dict_dirs)}
    if batch_size is not None:
        kwargs["batch_size"] = batch_size
    return functools.partial(Pipeline, **kwargs)


def warm(pipeline: Pipeline) -> Pipeline:
    """Load the spaCy model, the dictionaries and the lookup tables now rather than on the first article."""
    return pipeline.warm_up()


def die_with_parent(parent: int) -> None:
    """Make this worker process end when its parent does, even on ``kill -9`` of the parent.

    On Linux the kernel sends SIGKILL when the parent dies (``prctl(PR_SET_PDEATHSIG)``);
    elsewhere a daemon thread checks every second whether the parent is still there.
    Ctrl-C is left to the parent, which stops the workers itself.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    armed = False
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
        except (OSError, AttributeError) as exc:  # no libc prctl: fall back on the watch thread
            log.debug("prctl(PR_SET_PDEATHSIG) unavailable: %s", exc)
    if os.getppid() != parent:  # the parent died before the guard was set
        os._exit(1)
    if not armed:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="dyadwatch-parent-watch").start()


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)


def _init_worker(factory: PipelineFactory, parent: int | None = None) -> None:
    global _WORKER_PIPELINE
    if parent is not None:
        die_with_parent(parent)
    _WORKER_PIPELINE = warm(factory())


def _code_chunk(articles: list[Article]) -> list[CodedArticle | InputProblem]:
    assert _WORKER_PIPELINE is not None, "worker initializer did not run"
    from dyadwatch.service import code_isolated

    return code_isolated(_WORKER_PIPELINE, articles)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Stop the pool now: cancel what is queued and end the worker processes (an interrupt
    or an error must not wait for chunks in progress)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        if process.is_alive():
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + 5.0
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()


def code_items(items: Iterable[Article | InputProblem], pipeline: Pipeline) -> Iterator[CodedArticle | InputProblem]:
    """Code in this process; problems pass through in order (as DyadService.code_articles)."""
    from dyadwatch.service import DyadService

    yield from DyadService(pipeline=pipeline).code_articles(items)


def code_items_parallel(items: Iterable[Article | InputProblem], *, workers: int,
                        factory: PipelineFactory,
                        chunk_size: int = DEFAULT_CHUNK_SIZE) -> Iterator[CodedArticle | InputProblem]:
    """Code on ``workers`` processes, yielding results in input order."""
    if workers < 1:
        raise ConfigError(f"--workers must be at least 1, got {workers}.", code="DW001")
    context = multiprocessing.get_context("spawn")
    pending: deque[Future[list[CodedArticle | InputProblem]] | list[InputProblem]] = deque()
    limit = workers * IN_FLIGHT_PER_WORKER
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_init_worker, initargs=(factory, os.getpid()))
    finished = False
    try:

        def drain(keep: int) -> Iterator[CodedArticle | InputProblem]:
            while len(pending) > keep or (pending and isinstance(pending[0], list)):
                head = pending.popleft()
                if isinstance(head, list):
                    yield from head
                    continue
                try:
                    yield from head.result()
                except BrokenProcessPool as exc:
                    raise PipelineError(f"A coding worker process died ({exc}). Run again, "
                                        "with fewer --workers if memory is short.",
                                        code="DW701") from exc

        chunk: list[Article] = []
        try:
            for item in items:
                if isinstance(item, InputProblem):
                    if chunk:
                        pending.append(pool.submit(_code_chunk, chunk))
                        chunk = []
                    pending.append([item])
                    continue
                chunk.append(item)
                if len(chunk) >= chunk_size:
                    pending.append(pool.submit(_code_chunk, chunk))
                    chunk = []
                    yield from drain(limit)
            if chunk:
                pending.append(pool.submit(_code_chunk, chunk))
            yield from drain(0)
            finished = True
        finally:
            for entry in pending:
                if not isinstance(entry, list):
                    entry.cancel()
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:  # Ctrl-C, SIGTERM, an error or a consumer that stopped early: do not wait
            _stop_workers(pool)


def run_local(paths: Iterable[str | Path], *, workers: int = 1, dict_dirs: Iterable[Path | str] = (),
              factory: PipelineFactory | None = None, reader: Reader | None = None,
              chunk_size: int = DEFAULT_CHUNK_SIZE) -> Iterator[CodedArticle | InputProblem]:
    """Read and code inputs on this machine with ``workers`` processes."""
    factory = factory or pipeline_factory(dict_dirs)
    items = iter_inputs(paths, reader=reader)
    if workers <= 1:
        yield from code_items(items, factory())
    else:
        yield from code_items_parallel(items, workers=workers, factory=factory, chunk_size=chunk_size)
