"""Load benchmark of the HTTP API: a real ``dyadwatch serve`` (uvicorn) on 127.0.0.1.

Bounded in count and time: REQUESTS requests per endpoint (default 3000), stopped
early at TIME_CAP seconds (default 60). The store holds the bundled sample corpus

Clients are CONCURRENCY keep-alive HTTP/1.1 connections from one asyncio process.

Prints requests/s and p50/p99 latency for the dyad-series and events endpoints and
writes them to bench/results/api.md. It also times, one request at a time with the cache
off, the bounded series answer to a 200-year daily request (served by year) and the 422
that refuses a 2,025-year one (issue 13: under 100 ms, with a clear result).

    .venv/bin/python bench/bench_api.py [--requests 3000] [--time-cap 60] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

from dyadwatch.analysis import MAX_POINTS

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "web"))
from web_fixtures import start_server, stop_server  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "api.md"
TARGET_RPS = 300
TARGET_P99_MS = 100

ENDPOINTS = {
    "dyad series (week)": "/api/v1/dyads/CHN/JPN/series?freq=week",
    "events (dyad filter, 50 per page)": "/api/v1/events?dyad=CHN-JPN&limit=50",
    "events (category + text search)": "/api/v1/events?category=ACCUSE&q=Japan&limit=20",
}
#: Bounded series: (name, path, expected status); timed one request at a time, cache off.
LONG_SERIES = [
    ("200 years by day (served by year)", "/api/v1/dyads/CHN/JPN/series?freq=day&start=1826-01-01&end=2025-12-31",
     200),
    ("2,025 years by day (refused)", "/api/v1/dyads/CHN/JPN/series?freq=day&start=0001-01-01&end=2025-12-31", 422),
    ("the same dyad by week (reference)", "/api/v1/dyads/CHN/JPN/series?freq=week", 200),
]
LONG_SERIES_REQUESTS = 200
TARGET_LONG_MS = 100


def build_db(path: Path) -> dict[str, int]:
    from dyadwatch.ingest import sample_corpus_dir
    from dyadwatch.service import DyadService
    from dyadwatch.store import open_store

    service = DyadService(store=open_store(str(path)))
    report = service.ingest([sample_corpus_dir()])
    stats = service.store.stats()
    service.store.close()
    return {"articles": report.articles_stored, "events": stats.get("events", 0)}


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    """One keep-alive HTTP/1.1 GET on an open connection; returns the status code."""
    writer.write(request)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    await reader.readexactly(length)
    return status


async def hammer(base: str, path: str, *, requests: int, concurrency: int, cap: float,
                 expect: int = 200) -> dict[str, float]:
    """Bounded load: ``requests`` GETs (or ``cap`` seconds) over ``concurrency`` connections.

    A minimal keep-alive HTTP/1.1 client on asyncio streams: on a 2-core machine the
    client shares the CPU with the server, and a full HTTP library would take much of it.
    """
    host, port = base.removeprefix("http://").split(":")
    request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
    latencies: list[float] = []
    errors = 0
    issued = 0
    conns = [await asyncio.open_connection(host, int(port)) for _ in range(concurrency)]
    for reader, writer in conns:  # warm-up, not counted
        for _ in range(5):
            await _get(reader, writer, request)
    started = time.perf_counter()
    deadline = started + cap

    async def worker(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal issued, errors
        while issued < requests and time.perf_counter() < deadline:
            issued += 1
            t0 = time.perf_counter()
            status = await _get(reader, writer, request)
            latencies.append(time.perf_counter() - t0)
            if status != expect:
                errors += 1

    await asyncio.gather(*(worker(r, w) for r, w in conns))
    elapsed = time.perf_counter() - started
    for _, writer in conns:
        writer.close()
    latencies.sort()
    return {
        "requests": len(latencies), "errors": errors, "seconds": elapsed,
        "rps": len(latencies) / elapsed if elapsed else 0.0,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000, help="requests per endpoint (bound)")
    parser.add_argument("--time-cap", type=float, default=60.0, help="seconds per endpoint (bound)")
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        print("coding and storing the sample corpus ...", file=sys.stderr)
        sizes = build_db(db)
        long_rows = []
        proc, base = start_server(db, "--cache-ttl", "0")
        try:
            for name, path, expect in LONG_SERIES:
                r = asyncio.run(hammer(base, path, requests=LONG_SERIES_REQUESTS, concurrency=1,
                                       cap=args.time_cap, expect=expect))
                body = httpx.get(base + path, timeout=10)
                data = body.json()
                answer = (f"{len(data['points'])} points by {data['freq']}" if body.status_code == 200
                          else data["error"][:70] + "…")
                ok = r["p99_ms"] < TARGET_LONG_MS and not r["errors"]
                long_rows.append((name, path, expect, r, len(body.content), answer, ok))
                print(f"one at a time {name:36s} {expect}  p50 {r['p50_ms']:6.2f} ms  p99 {r['p99_ms']:6.2f} ms  "
                      f"{len(body.content):7d} bytes  {answer}", file=sys.stderr)
        finally:
            stop_server(proc)
        rows = []
        for cache, ttl in (("on (2 s, default)", "2"), ("off", "0")):
            proc, base = start_server(db, "--cache-ttl", ttl)
            try:
                for name, path in ENDPOINTS.items():
                    r = asyncio.run(hammer(base, path, requests=args.requests, concurrency=args.concurrency,
                                           cap=args.time_cap))
                    ok = r["rps"] >= TARGET_RPS and r["p99_ms"] < TARGET_P99_MS and not r["errors"]
                    rows.append((name, path, cache, r, ok))
                    print(f"cache {cache:17s} {name:36s} {r['requests']:6.0f} req in {r['seconds']:5.1f} s  "
                          f"{r['rps']:7.0f} req/s  p50 {r['p50_ms']:6.2f} ms  p99 {r['p99_ms']:6.2f} ms  "
                          f"errors {r['errors']:.0f}  {'meets' if ok else 'misses'} target")
            finally:
                stop_server(proc)

    lines = [
        "# API load benchmark (bench/bench_api.py)",
        "",
        f"One `dyadwatch serve` process (uvicorn, one worker) on 127.0.0.1 and one asyncio client process "
        f"with {args.concurrency} keep-alive HTTP/1.1 connections, on the same machine "
        f"({os.cpu_count()} CPUs, Python {platform.python_version()}). Store: DuckDB file with the sample "
        f"corpus ({sizes['articles']} articles, {sizes['events']} stored events). Bounds: "
        f"{args.requests} requests or {args.time_cap:.0f} s per endpoint, after 5 warm-up requests per connection. "
        f"Target: ≥ {TARGET_RPS} req/s and p99 < {TARGET_P99_MS} ms. Load average when it ended: "
        f"{os.getloadavg()[0]:.1f} (other jobs on the machine slow the uncached rows).",
        "",
        "The response cache (`--cache-ttl`, default 2 s, emptied by every ingest) serves a repeated URL "
        "without touching the store; the rows with the cache off measure the store and analytics on "
        "every request.",
        "",
        "| endpoint | response cache | requests | req/s | p50 ms | p99 ms | errors | target |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, path, cache, r, ok in rows:
        lines.append(f"| {name} `{path}` | {cache} | {r['requests']:.0f} | {r['rps']:.0f} | {r['p50_ms']:.2f} | "
                     f"{r['p99_ms']:.2f} | {r['errors']:.0f} | {'met' if ok else 'missed'} |")
    lines += [
        "",
        "## Bounded series (issue 13)",
        "",
        f"A series holds at most {MAX_POINTS:,} points: a longer range comes back by the finest coarser period "
        "that fits (`freq` in the answer, with `requested_freq` and a `note`), and a range longer than "
        f"{MAX_POINTS:,} years is a 422 saying which range to ask for. {LONG_SERIES_REQUESTS} requests one at a "
        f"time, response cache off, same server. Target: p99 < {TARGET_LONG_MS} ms with the expected status.",
        "",
        "| request | status | requests | p50 ms | p99 ms | bytes | answer | target |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for name, path, expect, r, size, answer, ok in long_rows:
        lines.append(f"| {name} `{path}` | {expect} | {r['requests']:.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | "
                     f"{size} | {answer} | {'met' if ok else 'missed'} |")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"written to {RESULTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
