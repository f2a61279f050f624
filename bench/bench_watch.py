"""Watch throughput beside plain ingest of the same articles, measured in one run.

The articles are recombined from the sample corpus's sentences (as bench_throughput.py
does). *ingest* codes and stores them from a JSON-lines file (``DyadService.ingest``).
*watch* serves them from a local HTTP server on 127.0.0.1 as an RSS feed plus one HTML
page per article, and runs one watcher cycle: fetch the feed, fetch and extract every
page (trafilatura), code, store with the seen marks, evaluate the CHN–JPN watchlist.
Both use one loaded spaCy pipeline and a fresh DuckDB file each round; rounds alternate
(ingest, watch, ingest, watch, ...) so both see the same machine load; a first warm-up
round of each is not counted, and the median round of each is compared. The per-host
delay is 0 here (one local host; a real feed site gets ``min_host_delay``).

    .venv/bin/python bench/bench_watch.py [--articles 150] [--rounds 3] [--out bench/results/watch.md]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
RESULTS = BENCH / "results" / "watch.md"
TARGET = 0.8


def _articles(path: Path) -> list[Any]:
    from dyadwatch.ingest import read_inputs
    from dyadwatch.records import Article

    return [a for a in read_inputs([str(path)]) if isinstance(a, Article)]


def _serve(articles: list[Any]) -> tuple[Any, str]:
    from dyadwatch.watch.demo import ReplayFeed, start_feed_server

    return start_feed_server(ReplayFeed(articles, duration=None, start_with=len(articles)))


def run_ingest(service_factory: Any, corpus: Path, db: Path) -> dict[str, Any]:
    service = service_factory(db)
    try:
        t0 = time.perf_counter()
        report = service.ingest([corpus])
        seconds = time.perf_counter() - t0
        stats = service.store.stats()
    finally:
        service.store.close()
    return {"seconds": seconds, "articles": report.articles_stored, "events": stats["events"]}


def run_watch(service_factory: Any, feed_url: str, n: int, db: Path) -> dict[str, Any]:
    from dyadwatch.watch import SourcesFile, Watcher

    sources = SourcesFile.model_validate({
        "watch": {"min_host_delay": 0.0, "max_items": n, "batch": 32},
        "source": [{"name": "bench", "url": feed_url, "interval": 3600}],
        "watchlist": [{"name": "china-japan", "dyads": ["CHN:JPN"]}],
    })
    service = service_factory(db)
    try:
        watcher = Watcher(service, sources)
        t0 = time.perf_counter()
        report = watcher.cycle(force=True)
        seconds = time.perf_counter() - t0
        watcher.close()
        stats = service.store.stats()
    finally:
        service.store.close()
    src = report.sources[0]
    return {"seconds": seconds, "articles": report.articles_stored, "events": stats["events"],
            "fallbacks": src.fallbacks, "error": src.error, "requests": watcher.fetcher.requests}


def render(n: int, rounds: int, ingest: list[dict[str, Any]], watch: list[dict[str, Any]]) -> str:
    def rate(r: dict[str, Any]) -> float:
        return r["articles"] / r["seconds"]

    ing = statistics.median(rate(r) for r in ingest)
    wat = statistics.median(rate(r) for r in watch)
    ratio = wat / ing
    lines = [
        "# Watch throughput beside ingest (bench/bench_watch.py)",
        "",
        f"{n} articles recombined from the sample corpus; {rounds} alternating rounds after a warm-up round, "
        "medians; "
        f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f} at the end.",
        "",
        "| path | articles/s (median) | rounds (articles/s) | events stored |",
        "|---|---|---|---|",
        f"| ingest (JSON lines → code → store) | {ing:.1f} | {', '.join(f'{rate(r):.1f}' for r in ingest)} "
        f"| {ingest[0]['events']} |",
        f"| watch (local feed + pages → extract → code → store → alerts) | {wat:.1f} | "
        f"{', '.join(f'{rate(r):.1f}' for r in watch)} | {watch[0]['events']} |",
        "",
        f"**watch / ingest = {ratio:.2f}** (target ≥ {TARGET}); "
        f"{watch[0]['requests']} HTTP requests per watch round (robots.txt, feed, pages), "
        f"{watch[0]['fallbacks']} pages fell back to the feed text.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", default=str(RESULTS))
    args = parser.parse_args()

    from bench_throughput import make_corpus

    from dyadwatch.pipeline import Pipeline
    from dyadwatch.service import DyadService
    from dyadwatch.store import open_store

    pipeline = Pipeline()
    pipeline.code_text("Japan protested to China.")  # load spaCy and the dictionaries before timing

    def factory(db: Path) -> DyadService:
        return DyadService(store=open_store(str(db)), pipeline=pipeline)

    ingest, watch = [], []
    with tempfile.TemporaryDirectory(prefix="dwbench-watch") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        make_corpus(args.articles, corpus)
        server, feed_url = _serve(_articles(corpus))
        try:
            for i in range(args.rounds + 1):  # round 0 warms both paths up and is not counted
                ingest.append(run_ingest(factory, corpus, Path(tmp) / f"ingest{i}.duckdb"))
                watch.append(run_watch(factory, feed_url, args.articles, Path(tmp) / f"watch{i}.duckdb"))
                print(f"round {i + 1}: ingest {ingest[-1]['articles'] / ingest[-1]['seconds']:.1f} art/s, "
                      f"watch {watch[-1]['articles'] / watch[-1]['seconds']:.1f} art/s", file=sys.stderr, flush=True)
        finally:
            server.shutdown()
            server.server_close()
    ingest, watch = ingest[1:], watch[1:]
    for r in watch:
        if r["error"] or r["articles"] != ingest[0]["articles"]:
            print(json.dumps({"ingest": ingest, "watch": watch}, indent=2), file=sys.stderr)
            raise SystemExit("watch did not store the same articles as ingest")
    text = render(args.articles, args.rounds, ingest, watch)
    print(text)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
