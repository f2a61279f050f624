"""The bundled sample corpus against the events a careful coder expects from it
(tests/data/sample_expected.jsonl): a regression guard for the project's own texts, measured by
tools/sample_recall.py (0.975 on 2026-11-29; docs/evaluation.md)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("sample_recall", ROOT / "tools" / "sample_recall.py")
assert spec is not None and spec.loader is not None
sample_recall = importlib.util.module_from_spec(spec)
sys.modules["sample_recall"] = sample_recall  # dataclasses look their module up
spec.loader.exec_module(sample_recall)


@pytest.mark.model
def test_sample_corpus_recall_stays_high(pipeline: Any) -> None:
    result = sample_recall.check_sample(pipeline, ROOT / "tests" / "data" / "sample_expected.jsonl")
    assert result.expected == 81
    missed = [f"{m['file']}: {m['event']} {m['actor']}->{m.get('recipient')}" for m in result.missed]
    assert result.recall >= 0.90, "\n".join(missed)
