"""Alert delivery to sinks: standard output (JSON lines), a JSONL file, a signed webhook.

Every alert gets one delivery row per sink in the store (pending, then delivered), so a
restarted watcher delivers what a killed one left pending. The file sink is exactly-once
(it skips an alert whose id is already in the file); standard output and the webhook
are at-least-once across a crash that falls between sending and recording, and carry the
alert id (``X-Dyadwatch-Delivery``) so that a receiver can drop a repeat.

Webhook signature (as Stripe and GitHub do it)::

    X-Dyadwatch-Timestamp: 1764480000
    X-Dyadwatch-Signature: sha256=HEX( HMAC-SHA256(secret, f"{timestamp}." + body) )

A receiver recomputes it over the raw body and rejects stale timestamps
(:func:`verify_signature`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any, Protocol, TextIO

import httpx

from dyadwatch.errors import WatchError
from dyadwatch.watch.sources import Sink

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Dyadwatch-Signature"
TIMESTAMP_HEADER = "X-Dyadwatch-Timestamp"
DELIVERY_HEADER = "X-Dyadwatch-Delivery"
#: Oldest timestamp a receiver should accept, in seconds.
SIGNATURE_TOLERANCE = 300
#: Longest wait between two later delivery attempts (across cycles).
MAX_REDELIVERY_WAIT = 3600.0


def sign(secret: str, body: bytes, timestamp: int) -> str:
    """The signature header value of ``body`` sent at ``timestamp``."""
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode("ascii") + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify_signature(secret: str, body: bytes, timestamp: str | None, signature: str | None, *,
                     tolerance: float = SIGNATURE_TOLERANCE, now: float | None = None) -> None:
    """Check a webhook delivery (for receivers written in Python).

    Raises:
        WatchError: DW811 when the headers are missing, the timestamp is stale or the
            signature does not match.
    """
    if not timestamp or not signature:
        raise WatchError(f"webhook delivery without {TIMESTAMP_HEADER} or {SIGNATURE_HEADER}", code="DW811")
    try:
        stamp = int(timestamp)
    except ValueError as exc:
        raise WatchError(f"{TIMESTAMP_HEADER} {timestamp!r} is not a Unix time", code="DW811") from exc
    current = time.time() if now is None else now
    if abs(current - stamp) > tolerance:
        raise WatchError(f"webhook timestamp {stamp} is more than {tolerance:.0f} s away from now", code="DW811")
    if not hmac.compare_digest(sign(secret, body, stamp), signature):
        raise WatchError("webhook signature does not match the body and timestamp", code="DW811")


class Deliverer(Protocol):
    name: str

    def deliver(self, alert_id: str, payload: str) -> None: ...


class StdoutSink:
    """One JSON line per alert on standard output."""

    def __init__(self, sink: Sink, stream: TextIO | None = None) -> None:
        self.name = sink.name
        self.stream = stream

    def deliver(self, alert_id: str, payload: str) -> None:
        stream = self.stream or sys.stdout
        stream.write(payload + "\n")
        stream.flush()


class FileSink:
    """Appends one JSON line per alert to a file (fsync'd); an id already there is not repeated."""

    def __init__(self, sink: Sink) -> None:
        self.name = sink.name
        self.path = Path(sink.path or "alerts.jsonl")
        self._ids: set[str] | None = None

    def _known(self) -> set[str]:
        if self._ids is None:
            self._ids = set()
            if self.path.exists():
                with self.path.open(encoding="utf-8", errors="replace") as fh:
                    for line in fh:
                        try:
                            self._ids.add(str(json.loads(line).get("id")))
                        except (ValueError, AttributeError):
                            continue  # a line cut by a crash: the alert is written again below
        return self._ids

    def deliver(self, alert_id: str, payload: str) -> None:
        if alert_id in self._known():
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("ab") as fh:
                if fh.tell() > 0:  # a crash may have left a line without its newline
                    with self.path.open("rb") as rd:
                        rd.seek(-1, os.SEEK_END)
                        if rd.read(1) != b"\n":
                            fh.write(b"\n")
                fh.write(payload.encode("utf-8") + b"\n")
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise WatchError(f"alert file {self.path}: {exc}", code="DW810") from exc
        self._known().add(alert_id)


class WebhookSink:
    """POSTs the alert JSON with an HMAC-SHA256 signature; retried with backoff."""

    def __init__(self, sink: Sink, *, user_agent: str, stop: threading.Event | None = None,
                 rng: Any = None) -> None:
        import random

        self.name = sink.name
        self.sink = sink
        secret = sink.secret or (os.environ.get(sink.secret_env) if sink.secret_env else None)
        if not secret:
            raise WatchError(f"webhook sink {sink.name!r}: environment variable {sink.secret_env} is not set "
                             "(it holds the signing secret)", code="DW810")
        self.secret = secret
        self.stop = stop or threading.Event()
        self.rng = rng or random.Random()
        self.client = httpx.Client(timeout=sink.timeout, headers={"User-Agent": user_agent}, trust_env=False)

    def deliver(self, alert_id: str, payload: str) -> None:
        body = payload.encode("utf-8")
        problem = ""
        assert self.sink.url is not None
        for attempt in range(self.sink.retries + 1):
            stamp = int(time.time())
            headers = {"Content-Type": "application/json", TIMESTAMP_HEADER: str(stamp),
                       SIGNATURE_HEADER: sign(self.secret, body, stamp), DELIVERY_HEADER: alert_id,
                       "X-Dyadwatch-Event": "alert"}
            try:
                response = self.client.post(self.sink.url, content=body, headers=headers)
            except httpx.HTTPError as exc:
                problem = f"{type(exc).__name__}: {exc}"
            else:
                if 200 <= response.status_code < 300:
                    return
                problem = f"HTTP {response.status_code}"
            if attempt < self.sink.retries:
                ceiling = min(60.0, self.sink.backoff * (2 ** attempt))
                wait = ceiling / 2 + self.rng.uniform(0, ceiling / 2)
                log.info("webhook %s: %s; retry in %.1f s", self.sink.name, problem, wait)
                if self.stop.wait(wait):
                    break
        raise WatchError(f"webhook {self.sink.name!r} ({self.sink.url}): {problem}", code="DW810")

    def close(self) -> None:
        self.client.close()


def make_deliverers(sinks: list[Sink], *, user_agent: str, stop: threading.Event | None = None,
                    stdout: TextIO | None = None) -> dict[str, Deliverer]:
    out: dict[str, Deliverer] = {}
    for sink in sinks:
        if sink.kind == "stdout":
            out[sink.name] = StdoutSink(sink, stdout)
        elif sink.kind == "file":
            out[sink.name] = FileSink(sink)
        else:
            out[sink.name] = WebhookSink(sink, user_agent=user_agent, stop=stop)
    return out


def deliver_pending(store: Any, deliverers: dict[str, Deliverer], *, lock: Any = None,
                    backoff: float = 30.0) -> tuple[int, list[str]]:
    """Deliver every due pending alert to its sink; returns (delivered, problems).

    A failed delivery stays pending and is tried again in a later cycle, after a wait that
    doubles with every attempt (capped at MAX_REDELIVERY_WAIT).
    """
    from contextlib import nullcontext

    from dyadwatch.store.watch import utcnow

    guard = lock if lock is not None else nullcontext()
    with guard:
        pending = store.pending_deliveries(due=utcnow())
    delivered, problems = 0, []
    for row in pending:
        deliverer = deliverers.get(row["sink"])
        if deliverer is None:
            continue  # a sink removed from the file: left pending, listed by 'sources status'
        try:
            deliverer.deliver(row["alert_id"], row["payload"])
        except WatchError as exc:
            wait = min(MAX_REDELIVERY_WAIT, backoff * (2 ** row["attempts"]))
            with guard:
                store.record_delivery(row["alert_id"], row["sink"], ok=False, error=str(exc),
                                      next_attempt=utcnow() + dt.timedelta(seconds=wait))
            problems.append(str(exc))
            continue
        with guard:
            store.record_delivery(row["alert_id"], row["sink"], ok=True)
        delivered += 1
    return delivered, problems
