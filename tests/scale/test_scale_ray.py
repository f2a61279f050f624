"""Ray engine on a real local Ray (2 CPUs, 127.0.0.1): same output as the single-process
engine, and an actor killed mid-run loses and doubles nothing."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from dw_testing import skip_or_fail
from scale_fixtures import event_counter, rows, write_extra, write_parquet_input

from dyadwatch.ingest import sample_corpus_dir
from dyadwatch.records import CodedArticle, InputProblem
from dyadwatch.scale import load_parquet_items
from dyadwatch.service import DyadService

pytestmark = [pytest.mark.ray, pytest.mark.model]


@pytest.fixture(scope="module")
def ray_local():
    """A local Ray with 2 CPUs on loopback, its temp dir under /tmp (socket paths are short)."""
    from dyadwatch.errors import ConfigError
    from dyadwatch.scale.ray_engine import import_ray, ray_session

    try:
        import_ray()
    except ConfigError as exc:
        skip_or_fail(str(exc))
    temp = tempfile.mkdtemp(prefix="dwray", dir="/tmp")
    try:
        with ray_session(num_cpus=2, temp_dir=temp) as ray:
            yield ray
    finally:
        shutil.rmtree(temp, ignore_errors=True)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scale_ray")
    return [str(sample_corpus_dir()), str(write_extra(folder)), str(write_parquet_input(folder))]


@pytest.fixture(scope="module")
def reference(pipeline, inputs):
    """The single-process engine: DyadService for files (see test_scale_local), then Parquet."""
    from dyadwatch.scale.inputs import iter_inputs
    from dyadwatch.scale.local import code_items

    return list(code_items(iter_inputs(inputs), pipeline))


@pytest.mark.parametrize("workers", [2])
def test_ray_parquet_output_identical_to_single_process(ray_local, tmp_path, inputs, reference, workers):
    from dyadwatch.scale import run_engine

    out = tmp_path / "out"
    manifest = run_engine(inputs, engine="ray", workers=workers, out_dir=out)
    coded = [i for i in reference if isinstance(i, CodedArticle)]
    assert (manifest["articles"], manifest["events"], manifest["problems"]) == (
        len(coded), sum(len(c.events) for c in coded), 3)
    back = list(load_parquet_items(out))
    assert sorted(rows(back)) == sorted(rows(reference))
    assert event_counter(back) == event_counter(reference)
    assert {str(p) for p in back if isinstance(p, InputProblem)} == {
        str(p) for p in reference if isinstance(p, InputProblem)}
    assert any(Path(out, "events").glob("month=2025-11/part-*.parquet"))


@pytest.mark.parametrize("batch_rows", [4])
def test_ray_actor_killed_mid_run_every_event_once(ray_local, tmp_path, inputs, reference, batch_rows):
    from dyadwatch.scale.ray_engine import run_ray

    coded = [i for i in reference if isinstance(i, CodedArticle)]
    victim = coded[len(coded) // 2].article.id
    flag = tmp_path / "crashed"
    items = list(run_ray(inputs, workers=2, batch_rows=batch_rows, crash_once=(victim, str(flag))))
    assert flag.exists(), "the actor was not killed: the test proves nothing"
    assert rows(items) == rows(reference)  # same order, nothing lost, nothing doubled


@pytest.mark.parametrize("workers", ["2"])
def test_ingest_cli_ray_out_stores_what_single_process_stores(ray_local, tmp_path, inputs, reference, workers):
    from typer.testing import CliRunner

    from dyadwatch.cli import app
    from dyadwatch.store import open_store

    db, out = tmp_path / "ray.duckdb", tmp_path / "out"
    result = CliRunner().invoke(app, ["ingest", *inputs, "--engine", "ray", "--workers", workers,
                                      "--out", str(out), "--db", str(db), "--quiet"])
    assert result.exit_code == 1, result.output  # the three bad records are reported
    assert "wrote" in result.stderr
    assert sum("[DW205]" in line for line in result.stderr.splitlines()) == 3  # each reported once
    direct = open_store(":memory:")
    DyadService(store=direct).ingest_coded(reference)
    store = open_store(str(db))
    try:
        assert store.stats() == direct.stats()
    finally:
        store.close()
        direct.close()
