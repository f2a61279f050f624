"""Coding throughput: bare spaCy, dyadwatch single-process, --workers 2, and local Ray on 2 CPUs.

One run, the same texts for every engine: ``--articles`` articles (default 2,000) made by
recombining the sentences of the bundled sample corpus (a fixed random seed). Each engine
runs in its own child process, so its memory is measured alone:

* ``bare``: ``nlp.pipe(texts, batch_size=B)`` over the texts in memory (model loaded first);
* ``single``: dyadwatch reading the JSON-lines file and coding in one process (pipeline
  loaded first);
* ``workers2``: ``run_local(..., workers=2)``: a process pool of 2, timed from the start of
  the pool, so the two workers' pipeline loading is inside the time;
* ``ray2``: ``run_ray(..., workers=2)`` on a local Ray with 2 CPUs (127.0.0.1). ``ray.init``
  is outside the time (a cluster is started once); actor start-up and pipeline loading
  are inside it, as for ``workers2``.

Peak memory is the largest sum of resident set sizes over the child process and all its
descendants (Ray's raylet, GCS and workers included), sampled every 0.1 s with psutil; the
object store's shared memory counts only as far as processes have it mapped.

``--corpus dense`` measures event-dense news instead: articles recombined from the sentences
of the PLOVER gold standard's dev half and ConfliBERT's CAMEO sentences (read from
``../shared/eval`` at run time, never copied into the repo), nearly every sentence an event.
It times bare spaCy and dyadwatch three ways: interleaved in one process, as separate
processes after loading, and as **whole processes** from the shell (start-up included:
``python -c 'nlp.pipe(...)'`` against ``dyadwatch code FILE``), and writes
``bench/results/throughput_dense.md``.

Usage::

    .venv/bin/python bench/bench_throughput.py [--articles 2000] [--batch-size 32]
    .venv/bin/python bench/bench_throughput.py --corpus dense [--articles 1000]

Prints a table and writes ``bench/results/throughput.md`` (or ``throughput_dense.md``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "throughput.md"
DENSE_RESULTS = HERE / "results" / "throughput_dense.md"
EVAL = HERE.parent.parent / "shared" / "eval"
ENGINES = ("bare", "single", "workers2", "ray2")
# The coding/parsing ratio is also measured interleaved: one process, the same chunks of
# articles parsed bare and coded in turn, so both sides see the same machine load.
PAIRED_CHUNK = 100
LABELS = {"bare": "bare spaCy (nlp.pipe)", "single": "dyadwatch single-process",
          "workers2": "dyadwatch --workers 2", "ray2": "dyadwatch --engine ray (2 CPUs)"}
SEED = 20251118
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z\"“‘(])")


def _psutil() -> Any:
    try:
        import psutil
    except ImportError:  # Ray ships a copy
        import ray

        sys.path.insert(0, str(Path(ray.__file__).parent / "thirdparty_files"))
        import psutil
    return psutil


# -- corpus -------------------------------------------------------------------------------

def make_corpus(n: int, path: Path) -> dict[str, Any]:
    """Write ``n`` articles recombined from the sample corpus's sentences as JSON lines."""
    from dyadwatch.ingest import read_inputs, sample_corpus_dir
    from dyadwatch.records import Article

    sources = [a for a in read_inputs([str(sample_corpus_dir())]) if isinstance(a, Article)]
    sentences = [s.strip() for a in sources for s in SENTENCE_END.split(a.text) if len(s.split()) >= 5]
    words = write_recombined(sentences, n, path, prefix="bench",
                             date_of=lambda i: f"2025-{10 + i % 2:02d}-{1 + i % 28:02d}")
    return {"articles": n, "words": words, "source_articles": len(sources), "sentences": len(sentences)}


def write_recombined(sentences: list[str], n: int, path: Path, *, prefix: str, date_of: Any) -> int:
    """Write ``n`` articles of 3 to 6 sentences drawn with a fixed seed; the number of words."""
    rng = random.Random(SEED)
    words = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = " ".join(rng.sample(sentences, rng.randint(3, 6)))
            words += len(text.split())
            record = {"id": f"{prefix}-{i:05d}", "date": date_of(i), "text": text}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return words


def make_dense_corpus(n: int, path: Path) -> dict[str, Any]:
    """Write ``n`` event-dense articles recombined from the evaluation sets' sentences."""
    gsr = EVAL / "plover_gsr" / "PLOVER_GSR_CAMEO.dev.json"
    tsv = EVAL / "conflibert" / "cameo_class.dev.tsv"
    if not gsr.exists():
        raise SystemExit(f"--corpus dense needs the evaluation sets beside the repo ({gsr} is missing)")
    sentences = [r["eventText"].strip() for r in json.loads(gsr.read_text(encoding="utf-8"))
                 if r.get("event") != "DOCUMENT" and r.get("eventText")]
    if tsv.exists():
        sentences += [line.split("\t")[0].strip() for line in tsv.read_text(encoding="utf-8").splitlines()
                      if line.strip()]
    words = write_recombined(sentences, n, path, prefix="dense", date_of=lambda i: f"2025-11-{1 + i % 28:02d}")
    return {"articles": n, "words": words, "sentences": len(sentences)}


def time_whole(cmd: list[str], stdout: Any = subprocess.DEVNULL) -> float:
    """Wall time of a whole process, start-up included."""
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    # an installed tool runs from compiled modules: a shell that forbids writing them would
    # time compiling dyadwatch's own sources on every start
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    t0 = time.perf_counter()
    rc = subprocess.run(cmd, stdout=stdout, stderr=subprocess.DEVNULL, env=env).returncode
    if rc not in (0, 1):  # 1: some inputs were refused (named on stderr); the rest was coded
        raise SystemExit(f"{cmd[0]} failed with exit status {rc}")
    return time.perf_counter() - t0


def whole_processes(path: Path, batch_size: int) -> tuple[float, float]:
    """Bare spaCy and ``dyadwatch code`` on the same file as whole processes from the shell,
    alternated twice so both see the same load; the faster run of each."""
    dyadwatch = Path(sys.executable).parent / "dyadwatch"
    bare_script = ("import json,sys; from dyadwatch.nlp import load_nlp; nlp=load_nlp(); "
                   "texts=[json.loads(l)['text'] for l in open(sys.argv[1], encoding='utf-8')]; "
                   f"[d for d in nlp.pipe(texts, batch_size={batch_size})]")
    subprocess.run([str(dyadwatch), "code", str(path), "--format", "jsonl"], capture_output=True)  # fills caches
    whole_bare, whole_code = [], []
    for _ in range(2):
        whole_bare.append(time_whole([sys.executable, "-c", bare_script, str(path)]))
        whole_code.append(time_whole([str(dyadwatch), "code", str(path), "--format", "jsonl"]))
    return min(whole_bare), min(whole_code)


def run_dense(n: int, batch_size: int, out: Path) -> str:
    dyadwatch = Path(sys.executable).parent / "dyadwatch"
    with tempfile.TemporaryDirectory(prefix="dwbench") as tmp:
        path = Path(tmp) / "dense.jsonl"
        corpus = make_dense_corpus(n, path)
        results = {e: measure(e, path, batch_size) for e in ("bare", "single", "paired")}
        whole = whole_processes(path, batch_size)
        events = subprocess.run([str(dyadwatch), "code", str(path), "--format", "jsonl"],
                                capture_output=True, text=True).stdout.count("\n")
    bare, single, paired = results["bare"], results["single"], results["paired"]
    rows = [
        ("interleaved in one process (chunks of 100)", paired["bare_seconds"], paired["seconds"]),
        ("separate processes, after loading", bare["seconds"], single["seconds"]),
        ("whole processes from the shell (start-up included)", *whole),
    ]
    lines = ["# Coding throughput on event-dense text", "",
             "Produced by `bench/bench_throughput.py --corpus dense` (one run).", "",
             "| timing | bare spaCy s | dyadwatch s | dyadwatch / bare spaCy speed |", "|---|---|---|---|"]
    lines += [f"| {label} | {b:.1f} | {c:.1f} | **{b / c:.2f}** |" for label, b, c in rows]
    lines += ["",
              f"- Corpus: {corpus['articles']:,} articles, {corpus['words']:,} words, recombined (seed {SEED}) "
              f"from {corpus['sentences']:,} sentences of the PLOVER dev gold and ConfliBERT's CAMEO sentences "
              f"(read from ../shared/eval); {events:,} events coded ({events / corpus['articles']:.1f} per article).",
              f"- Start-up: spaCy load {bare.get('load_s', 0):.1f} s; dyadwatch pipeline load "
              f"{single.get('load_s', 0):.1f} s (dictionaries, patterns and model).",
              f"- Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}; one run, "
              f"{time.strftime('%Y-%m-%d')}; load average now {os.getloadavg()[0]:.1f}.", ""]
    text = "\n".join(lines)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return text


# -- one engine (child process) --------------------------------------------------------------

def run_child(engine: str, path: str, batch_size: int) -> dict[str, Any]:
    import resource

    result: dict[str, Any] = {"engine": engine}
    if engine == "bare":
        from dyadwatch.nlp import load_nlp

        texts = [json.loads(line)["text"] for line in open(path, encoding="utf-8")]
        t0 = time.perf_counter()
        nlp = load_nlp()
        list(nlp.pipe(["Warm up the pipeline."]))
        result["load_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        n = sum(1 for _ in nlp.pipe(texts, batch_size=batch_size))
        result["seconds"] = time.perf_counter() - t0
        result["articles"] = n
        result["events"] = None
    elif engine == "single":
        from dyadwatch.pipeline import Pipeline
        from dyadwatch.records import CodedArticle
        from dyadwatch.scale.inputs import iter_inputs
        from dyadwatch.scale.local import code_items, warm

        t0 = time.perf_counter()
        pipeline = warm(Pipeline(batch_size=batch_size))
        result["load_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        items = list(code_items(iter_inputs([path]), pipeline))
        result["seconds"] = time.perf_counter() - t0
        coded = [i for i in items if isinstance(i, CodedArticle)]
        result["articles"] = len(coded)
        result["events"] = sum(len(c.events) for c in coded)
    elif engine == "paired":
        from dyadwatch.pipeline import Pipeline
        from dyadwatch.scale.inputs import iter_inputs
        from dyadwatch.scale.local import warm

        pipeline = warm(Pipeline(batch_size=batch_size))
        nlp = pipeline.nlp
        articles = [a for a in iter_inputs([path]) if hasattr(a, "text")]
        bare_s = coded_s = 0.0
        for start in range(0, len(articles), PAIRED_CHUNK):
            chunk = articles[start:start + PAIRED_CHUNK]
            t0 = time.perf_counter()
            for _ in nlp.pipe([a.text for a in chunk], batch_size=batch_size):
                pass
            bare_s += time.perf_counter() - t0
            t0 = time.perf_counter()
            for _ in pipeline.code_articles(chunk):
                pass
            coded_s += time.perf_counter() - t0
        result.update(articles=len(articles), seconds=coded_s, bare_seconds=bare_s, events=None)
    elif engine == "workers2":
        from dyadwatch.records import CodedArticle
        from dyadwatch.scale.local import pipeline_factory, run_local

        t0 = time.perf_counter()
        items = list(run_local([path], workers=2, factory=pipeline_factory(batch_size=batch_size)))
        result["seconds"] = time.perf_counter() - t0
        coded = [i for i in items if isinstance(i, CodedArticle)]
        result["articles"] = len(coded)
        result["events"] = sum(len(c.events) for c in coded)
    elif engine == "ray2":
        from dyadwatch.records import CodedArticle
        from dyadwatch.scale.local import pipeline_factory
        from dyadwatch.scale.ray_engine import ray_session, run_ray

        temp = tempfile.mkdtemp(prefix="dwbench", dir="/tmp")
        t0 = time.perf_counter()
        with ray_session(num_cpus=2, temp_dir=temp):
            result["ray_init_s"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            items = list(run_ray([path], workers=2, factory=pipeline_factory(batch_size=batch_size),
                                 batch_rows=batch_size * 2))
            result["seconds"] = time.perf_counter() - t0
        shutil.rmtree(temp, ignore_errors=True)
        coded = [i for i in items if isinstance(i, CodedArticle)]
        result["articles"] = len(coded)
        result["events"] = sum(len(c.events) for c in coded)
    else:
        raise SystemExit(f"unknown engine {engine}")
    result["maxrss_self_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


# -- parent ------------------------------------------------------------------------------

def _tree_rss(psutil: Any, proc: Any) -> int:
    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def measure(engine: str, path: Path, batch_size: int) -> dict[str, Any]:
    psutil = _psutil()
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", engine, "--input", str(path),
           "--batch-size", str(batch_size)]
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    proc = psutil.Process(child.pid)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(psutil, proc))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = child.communicate()
    done.set()
    sampler.join()
    if child.returncode != 0:
        raise SystemExit(f"{engine} failed ({child.returncode}):\n{stderr[-3000:]}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["peak_tree_mb"] = peak / 2**20
    return result


def render(corpus: dict[str, Any], results: dict[str, dict[str, Any]], batch_size: int) -> str:
    words = corpus["words"]
    bare = results["bare"]["articles"] / results["bare"]["seconds"]
    rows = []
    for engine in ENGINES:
        r = results[engine]
        aps = r["articles"] / r["seconds"]
        rows.append((LABELS[engine], r["articles"], f"{r['seconds']:.1f}", f"{aps:.1f}",
                     f"{words / r['seconds']:,.0f}", f"{aps / bare:.2f}",
                     "-" if r["events"] is None else str(r["events"]), f"{r['peak_tree_mb']:,.0f}"))
    head = ("engine", "articles", "seconds", "articles/s", "words/s", "vs bare spaCy", "events",
            "peak RSS MB")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    single = results["single"]["articles"] / results["single"]["seconds"]
    paired = results["paired"]["bare_seconds"] / results["paired"]["seconds"] if "paired" in results else float("nan")
    whole = results["whole"]["bare_seconds"] / results["whole"]["seconds"] if "whole" in results else float("nan")
    w2 = results["workers2"]["articles"] / results["workers2"]["seconds"]
    ray2 = results["ray2"]["articles"] / results["ray2"]["seconds"]
    per_core_hour = single * 3600
    checks = [
        f"- single-process / bare spaCy, interleaved in one process (chunks of {PAIRED_CHUNK} articles "
        f"parsed bare and coded in turn, so both see the same load) = **{paired:.2f}** (target ≥ 0.85: "
        f"{'met' if paired >= 0.85 else 'NOT met'}); from the separate runs above: {single / bare:.2f}",
        "- whole processes from the shell, start-up included (bare spaCy's script and `dyadwatch code` "
        f"on the same file, the faster of two alternated runs): {results['whole']['bare_seconds']:.1f} s "
        f"against {results['whole']['seconds']:.1f} s = **{whole:.2f}**",
        f"- Ray on 2 CPUs / --workers 2 = **{ray2 / w2:.2f}** (target ≥ 0.8: "
        f"{'met' if ray2 / w2 >= 0.8 else 'NOT met'})",
        f"- --workers 2 / single-process = {w2 / single:.2f}",
        f"- events identical in count across dyadwatch engines: "
        f"{len({results[e]['events'] for e in ENGINES[1:]}) == 1}",
    ]
    per_core_w2 = w2 / 2 * 3600
    sizing = ["| articles per day | cores at the single-process rate | cores at the --workers 2 rate |",
              "|---|---|---|"]
    for volume in (10_000, 100_000, 1_000_000, 10_000_000):
        need = [volume / (rate * 24) for rate in (per_core_hour, per_core_w2)]
        sizing.append(f"| {volume:,} | " + " | ".join(f"{max(1, -int(-n // 1))} ({n:.2f})" for n in need) + " |")
    backfill = 50_000_000 / (per_core_w2 * 24 * 7)
    sizing.append(f"| backfill: 50,000,000 in a week | | {max(1, -int(-backfill // 1))} ({backfill:.1f}) |")
    notes = [
        f"- Corpus: {corpus['articles']:,} articles, {words:,} words ({words / corpus['articles']:.0f} per "
        f"article), recombined from {corpus['sentences']} sentences of the {corpus['source_articles']} "
        f"sample-corpus articles (seed {SEED}); spaCy batch size {batch_size}.",
        f"- Start-up outside the timings: spaCy load {results['bare'].get('load_s', 0):.1f} s; dyadwatch "
        f"pipeline load {results['single'].get('load_s', 0):.1f} s; ray.init "
        f"{results['ray2'].get('ray_init_s', 0):.1f} s. Inside the --workers 2 and Ray timings: starting "
        "2 workers, each loading the pipeline once.",
        "- Peak RSS: largest sum of resident memory over the engine's process and all its descendants "
        "(Ray's raylet, GCS and workers too), sampled every 0.1 s with psutil.",
        "- Load average (1 min) before/after each engine, other work on the machine included: "
        + ", ".join(f"{e} {results[e]['load'][0]:.1f}/{results[e]['load'][1]:.1f}" for e in ENGINES) + ".",
        f"- Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.machine()}; "
        f"one run, {time.strftime('%Y-%m-%d')}.",
        f"- Articles per core per hour: **{per_core_hour:,.0f}** at the single-process rate, "
        f"**{per_core_w2:,.0f}** per core with --workers 2 (the 2-core machine's cores shared with "
        "the driver; the safer figure for planning).",
    ]
    return "\n".join(["# Coding throughput", "", "Produced by `bench/bench_throughput.py` (one run).", "",
                      *lines, "", *checks, "", "Sizing (24 h a day, one worker per core):", "",
                      *sizing, "", *notes, ""])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--child", choices=(*ENGINES, "paired"))
    parser.add_argument("--input")
    parser.add_argument("--out", default=str(RESULTS))
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--corpus", choices=("sample", "dense"), default="sample")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child, args.input, args.batch_size)))
        return
    if args.corpus == "dense":
        out = Path(args.out) if args.out != str(RESULTS) else DENSE_RESULTS
        print(run_dense(args.articles, args.batch_size, out))
        return
    with tempfile.TemporaryDirectory(prefix="dwbench") as tmp:
        path = Path(tmp) / "bench.jsonl"
        corpus = make_corpus(args.articles, path)
        results: dict[str, dict[str, Any]] = {}
        engines = args.engines.split(",")
        for engine in engines + (["paired"] if "single" in engines and "bare" in engines else []):
            print(f"running {LABELS.get(engine, engine)} ...", file=sys.stderr, flush=True)
            load_before = os.getloadavg()[0]
            results[engine] = measure(engine, path, args.batch_size)
            results[engine]["load"] = (load_before, os.getloadavg()[0])
            r = results[engine]
            print(f"  {r['articles']} articles in {r['seconds']:.1f}s", file=sys.stderr, flush=True)
        if "single" in engines and "bare" in engines:
            print("running whole processes ...", file=sys.stderr, flush=True)
            results["whole"] = dict(zip(("bare_seconds", "seconds"), whole_processes(path, args.batch_size),
                                        strict=True))
    if not set(ENGINES) <= set(results):
        print(json.dumps(results, indent=2))
        return
    text = render(corpus, results, args.batch_size)
    print(text)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
