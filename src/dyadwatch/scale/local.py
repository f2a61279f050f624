"""The local multi-core engine: a process pool, one Pipeline per worker, output in input order.

``workers=1`` codes in this process (the single-process engine). With ``workers=N`` the
articles are sent in chunks to N worker processes (started with ``spawn``); each worker
loads the spaCy pipeline and the dictionaries once, when it starts. At most a few chunks
per worker are in flight, so memory stays flat on any input size, and results come back
in input order, input problems in their places.
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
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


def pipeline_factory(dict_dirs: Iterable[Path | str] = (), *, batch_size: int | None = None) -> PipelineFactory:
    """A picklable function that builds the Pipeline (workers call it once)."""
    kwargs: dict[str, Any] = {"dict_dirs": tuple(Path(d) for d in dict_dirs)}
    if batch_size is not None:
        kwargs["batch_size"] = batch_size
    return functools.partial(Pipeline, **kwargs)


def warm(pipeline: Pipeline) -> Pipeline:
    """Load the spaCy model, the dictionaries and the lookup tables now rather than on the first article."""
    return pipeline.warm_up()


def _init_worker(factory: PipelineFactory) -> None:
    global _WORKER_PIPELINE
    _WORKER_PIPELINE = warm(factory())


def _code_chunk(articles: list[Article]) -> list[CodedArticle]:
    assert _WORKER_PIPELINE is not None, "worker initializer did not run"
    return list(_WORKER_PIPELINE.code_articles(articles))


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
    pending: deque[Future[list[CodedArticle]] | list[InputProblem]] = deque()
    limit = workers * IN_FLIGHT_PER_WORKER
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_init_worker, initargs=(factory,)) as pool:

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
        finally:
            for entry in pending:
                if not isinstance(entry, list):
                    entry.cancel()


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
