"""Local engines: --workers N gives the single-process output; Parquet out and `dyadwatch load`."""

from __future__ import annotations

import sys

import pytest
from scale_fixtures import event_counter, rows, write_extra
from typer.testing import CliRunner

from dyadwatch.errors import ConfigError
from dyadwatch.ingest import sample_corpus_dir
from dyadwatch.records import CodedArticle, InputProblem
from dyadwatch.scale import load_parquet, run_engine
from dyadwatch.service import DyadService


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scale_local")
    return [str(sample_corpus_dir()), str(write_extra(folder))]


@pytest.fixture(scope="module")
def reference(pipeline, inputs):
    """The single-process engine's output (DyadService.code_paths)."""
    return list(DyadService(pipeline=pipeline).code_paths(inputs))


@pytest.mark.model
@pytest.mark.parametrize("workers", [2])
def test_local_workers_output_identical_to_single_process(inputs, reference, workers):
    items = list(run_engine(inputs, engine="local", workers=workers))
    assert rows(items) == rows(reference)
    problems = [i for i in items if isinstance(i, InputProblem)]
    assert [(p.code, p.line) for p in problems] == [("DW205", 2), ("DW205", 3)]
    assert sum(len(i.events) for i in items if isinstance(i, CodedArticle)) > 30


@pytest.mark.model
@pytest.mark.model
@pytest.mark.parametrize("workers", [1, 2])
def test_local_parquet_input_read_like_records(tmp_path, pipeline, workers):
    from scale_fixtures import write_parquet_input

    from dyadwatch.scale.local import code_items

    path = write_parquet_input(tmp_path)
    items = list(run_engine([str(path)], engine="local", workers=workers))
    assert [i.article.id if isinstance(i, CodedArticle) else i.code for i in items] == [
        "scale-pq-1", "DW205", items[2].article.id]
    assert items[0].article.date == "2025-10-30" and items[0].article.origin == f"{path}:1"
    assert items[1].line == 2 and items[2].article.origin == f"{path}:3"
    assert rows(items) == rows(list(code_items(list(items_in(path)), pipeline)))


def items_in(path):
    from dyadwatch.scale.inputs import read_parquet_articles

    return read_parquet_articles(str(path))


@pytest.mark.model
@pytest.mark.parametrize("times", [2])
def test_local_out_then_load_cli_is_idempotent(tmp_path, inputs, reference, times):
    from dyadwatch.cli import app
    from dyadwatch.store import open_store

    out = tmp_path / "out"
    manifest = run_engine(inputs, engine="local", workers=1, out_dir=out)
    coded = [i for i in reference if isinstance(i, CodedArticle)]
    assert manifest["articles"] == len(coded)
    assert manifest["events"] == sum(len(c.events) for c in coded)
    assert manifest["problems"] == 2
    assert event_counter(list(load_parquet(out))) == event_counter(reference)

    db = tmp_path / "load.duckdb"
    runner = CliRunner()
    outputs = []
    for _ in range(times):
        result = runner.invoke(app, ["load", str(out), "--db", str(db), "--quiet"])
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    assert f"stored {len(coded)} articles" in outputs[0]
    assert "stored 0 articles" in outputs[1] and f"{len(coded)} already stored" in outputs[1]
    store = open_store(str(db))
    try:
        direct = open_store(":memory:")
        DyadService(store=direct).ingest_coded(reference)
        assert store.stats()["events"] == direct.stats()["events"] > 0
        assert store.stats()["articles"] == direct.stats()["articles"] == len(coded)
    finally:
        store.close()


@pytest.mark.parametrize(("kwargs", "code"), [
    ({"engine": "spark"}, "DW001"),
    ({"engine": "local", "workers": 0}, "DW001"),
    ({"engine": "local", "address": "127.0.0.1:6379"}, "DW001"),
])
def test_run_engine_rejects_bad_options(kwargs, code):
    with pytest.raises(ConfigError, match=rf"\[{code}\]"):
        run_engine(["x.jsonl"], **kwargs)


@pytest.mark.parametrize("missing", ["ray"])
def test_ray_engine_missing_ray_names_the_extra(monkeypatch, missing):
    from dyadwatch.scale.ray_engine import import_ray

    monkeypatch.setitem(sys.modules, missing, None)  # "import ray" now raises ImportError
    with pytest.raises(ConfigError, match=r"\[DW002\].*dyadwatch\[scale\]"):
        import_ray()


@pytest.mark.model
@pytest.mark.parametrize("workers", ["2"])
def test_code_cli_workers_prints_single_process_records(inputs, reference, workers):
    import json

    from dyadwatch.cli import app

    result = CliRunner().invoke(app, ["code", *inputs, "--workers", workers, "--quiet"])
    assert result.exit_code == 1  # the two bad records in extra.jsonl
    printed = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    expected = [e.to_row() for i in reference if isinstance(i, CodedArticle) for e in i.events]
    assert printed == expected
    assert result.stderr.count("[DW205]") == 2


@pytest.mark.parametrize("address", ["127.0.0.1:1"])
def test_ray_engine_unreachable_address_fails_fast(address):
    pytest.importorskip("ray")
    from dyadwatch.scale.ray_engine import ray_session

    with pytest.raises(ConfigError, match=r"\[DW701\].*ray start --head"):
        with ray_session(address):
            pass
