"""The watch tables (schema 4) on every backend: source state, seen marks written with the
articles in one transaction, dirty-dyad marks, alerts with one delivery per sink."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest


def test_watch_source_state_upsert(store: Any) -> None:
    now = dt.datetime(2025, 11, 20, 9, 30)
    store.save_watch_source("wire", last_fetch=now, failures=0, etag='"a"', items_coded=3)
    store.save_watch_source("wire", failures=2, last_error="[DW804] HTTP 500")
    state = store.watch_source_states()["wire"]
    assert state["etag"] == '"a"' and state["failures"] == 2 and state["items_coded"] == 3
    assert state["last_fetch"].startswith("2025-11-20T09:30") and state["last_error"] == "[DW804] HTTP 500"
    with pytest.raises(ValueError, match="unknown"):
        store.save_watch_source("wire", colour="red")


def test_watched_articles_seen_and_dirty_in_one_transaction(store: Any, factory: Any) -> None:
    make_event, make_article = factory
    coded = [make_article("a1", [make_event("e1", "a1")]),
             make_article("a2", [make_event("e2", "a2", event="THREATEN")])]
    marks = [("wire", "k1", "a1", "coded"), ("wire", "k2", "a2", "coded"), ("wire", "k0", None, "problem")]

    def dirty(stored: list[bool]) -> dict[tuple[str, str, str], dt.date]:
        assert stored == [True, True]
        return {("CHN", "JPN", "ACCUSE"): dt.date(2025, 11, 18), ("CHN", "JPN", "THREATEN"): dt.date(2025, 11, 17)}

    counts = store.add_watched_articles(coded, marks, dirty=dirty)
    assert counts.stored == [True, True]
    assert store.watch_seen("wire", ["k1", "k2", "k0", "k9"]) == {"k1", "k2", "k0"}
    assert store.watch_dirty() == {("CHN", "JPN"): ({"ACCUSE", "THREATEN"}, "2025-11-17")}
    # Again (a restart that got here before its marks): nothing doubled, the earliest day kept.
    again = store.add_watched_articles(coded, marks, dirty=lambda s: {("CHN", "JPN", "ACCUSE"): dt.date(2025, 11, 19)})
    assert again.stored == [False, False] and store.stats()["articles"] == 2 and store.watch_seen_count("wire") == 3
    assert store.watch_dirty()[("CHN", "JPN")][1] == "2025-11-17"
    store.clear_watch_dirty([("CHN", "JPN")])
    assert store.watch_dirty() == {}


def test_watched_articles_roll_back_together(store: Any, factory: Any) -> None:
    make_event, make_article = factory

    def boom(stored: list[bool]) -> dict[tuple[str, str, str], dt.date]:
        raise RuntimeError("killed mid-transaction")

    with pytest.raises(RuntimeError):
        store.add_watched_articles([make_article("a1", [make_event("e1", "a1")])], [("wire", "k1", "a1", "coded")],
                                   dirty=boom)
    assert store.stats()["articles"] == 0 and store.watch_seen("wire", ["k1"]) == set()


def test_watch_alert_once_with_a_delivery_per_sink(store: Any) -> None:
    args = {"watchlist": "cj", "dyad": ("CHN", "JPN"), "period": "2025-11-17", "freq": "week", "score": 4.5,
            "payload": '{"id": "x1"}', "sinks": ["file", "hook"]}
    assert store.add_watch_alert("x1", **args) is True
    assert store.add_watch_alert("x1", **args) is False
    assert [(p["alert_id"], p["sink"]) for p in store.pending_deliveries()] == [("x1", "file"), ("x1", "hook")]
    store.record_delivery("x1", "file", ok=True)
    later = dt.datetime(2100, 1, 1)
    store.record_delivery("x1", "hook", ok=False, error="[DW810] HTTP 500", next_attempt=later)
    assert store.pending_deliveries(due=dt.datetime(2099, 1, 1)) == []
    assert [p["attempts"] for p in store.pending_deliveries()] == [1]
    row = store.watch_alerts()[0]
    assert row["id"] == "x1" and row["dyad"] == ["CHN", "JPN"]
    assert {d["sink"]: d["status"] for d in row["deliveries"]} == {"file": "delivered", "hook": "pending"}
