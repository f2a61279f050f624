"""Alert delivery: the signed webhook (a local receiver that checks the signature and fails
the first delivery), the JSONL file sink (exactly once) and the delivery records in the store."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest
from watch_servers import WebhookReceiver

from dyadwatch.errors import WatchError
from dyadwatch.store import open_store
from dyadwatch.watch import Sink, sign, verify_signature
from dyadwatch.watch.delivery import FileSink, WebhookSink, deliver_pending

SECRET = "test-secret-0123456789"


def _alert(store: object, alert_id: str, sinks: list[str]) -> str:
    payload = json.dumps({"id": alert_id, "dyad": ["CHN", "JPN"], "period": "2025-11-10", "score": 4.2})
    assert store.add_watch_alert(alert_id, watchlist="cj", dyad=("CHN", "JPN"), period="2025-11-10",  # type: ignore[attr-defined]
                                 freq="week", score=4.2, payload=payload, sinks=sinks)
    return payload


def test_webhook_signed_retried_and_recorded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DW_TEST_SECRET", SECRET)
    receiver = WebhookReceiver(SECRET, fail_first=1)
    store = open_store(":memory:")
    try:
        _alert(store, "a1", ["hook"])
        sink = WebhookSink(Sink(name="hook", kind="webhook", url=receiver.url, secret_env="DW_TEST_SECRET",
                                backoff=0.05, retries=3), user_agent="dyadwatch-test")
        delivered, problems = deliver_pending(store, {"hook": sink})
        sink.close()
        assert (delivered, problems) == (1, [])
        assert receiver.attempts == 2 and receiver.rejected == []  # the first answer was 500
        assert [a["id"] for a in receiver.accepted] == ["a1"] and receiver.accepted[0]["_delivery"] == "a1"
        row = store.watch_alerts()[0]["deliveries"][0]
        assert row["sink"] == "hook" and row["status"] == "delivered"
        assert store.pending_deliveries() == []
        # Nothing pending: another round sends nothing.
        assert deliver_pending(store, {"hook": sink}) == (0, [])
    finally:
        receiver.close()
        store.close()


def test_webhook_wrong_secret_stays_pending() -> None:
    receiver = WebhookReceiver(SECRET, fail_first=0)
    store = open_store(":memory:")
    try:
        _alert(store, "a2", ["hook"])
        sink = WebhookSink(Sink(name="hook", kind="webhook", url=receiver.url, secret="not-the-secret",
                                backoff=0.01, retries=1), user_agent="dyadwatch-test")
        delivered, problems = deliver_pending(store, {"hook": sink})
        sink.close()
        assert delivered == 0 and len(problems) == 1 and "DW810" in problems[0] and "HTTP 401" in problems[0]
        assert receiver.accepted == [] and len(receiver.rejected) == 2
        pending = store.pending_deliveries()
        assert [(p["alert_id"], p["attempts"]) for p in pending] == [("a2", 1)]
        assert store.pending_deliveries(due=dt.datetime(2000, 1, 1)) == []  # not due before its next attempt
    finally:
        receiver.close()
        store.close()


@pytest.mark.parametrize("change", ["body", "timestamp", "secret", "stale"])
def test_verify_signature_rejects(change: str) -> None:
    body = b'{"id":"x"}'
    now = int(time.time())
    signature = sign(SECRET, body, now)
    verify_signature(SECRET, body, str(now), signature)
    args = {"body": body, "timestamp": str(now), "secret": SECRET, "now": None}
    if change == "body":
        args["body"] = b'{"id":"y"}'
    elif change == "timestamp":
        args["timestamp"] = str(now + 1)
    elif change == "secret":
        args["secret"] = "other"
    else:
        args["now"] = now + 3600
    with pytest.raises(WatchError, match="DW811"):
        verify_signature(args["secret"], args["body"], args["timestamp"], signature, now=args["now"])  # type: ignore[arg-type]


def test_file_sink_writes_each_alert_once(tmp_path: Path) -> None:
    path = tmp_path / "alerts.jsonl"
    # A crash after the line was written but before the delivery was recorded: the line is
    # there (cut short by a second crash for another alert), the delivery still pending.
    path.write_text('{"id": "a3", "score": 4.2}\n{"id": "a4", "sco', encoding="utf-8")
    store = open_store(":memory:")
    try:
        _alert(store, "a3", ["file"])
        _alert(store, "a4", ["file"])
        sink = FileSink(Sink(name="file", kind="file", path=str(path)))
        assert deliver_pending(store, {"file": sink}) == (2, [])
        assert deliver_pending(store, {"file": FileSink(Sink(name="file", kind="file", path=str(path)))}) == (0, [])
    finally:
        store.close()
    ids = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            ids.append(json.loads(line)["id"])
        except ValueError:
            continue
    assert ids == ["a3", "a4"]
