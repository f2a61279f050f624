"""Crash safety: a real ``dyadwatch`` process killed with SIGKILL part-way, then run again,
ends with every article stored exactly once (DuckDB file and PostgreSQL)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dyadwatch.records import content_hash

ARTICLES = 6000
DEADLINE = 120.0
WAL_ONE_BATCH = 64 * 1024


def _write_events(path: Path) -> None:
    """``dyadwatch code``-style event rows: two per article; the ACCUSE ones repeat across articles."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(ARTICLES):
            aid = f"art{i:05d}"
            day = f"2025-10-{1 + i % 28:02d}"
            for k, (event, quad, intensity) in enumerate((("ACCUSE", 3, -2.0), ("CONSULT", 1, 2.5))):
                row = {"id": content_hash(f"{aid}-{k}"), "article_id": aid, "event": event, "cameo": "111",
                       "quad_class": quad, "intensity": intensity, "date": day, "date_precision": "day",
                       "status": "asserted", "published": day, "mentions": 1,
                       "actor": [{"code": "CHN", "sector": "GOV", "text": "China"}],
                       "recipient": [{"code": "JPN", "sector": "GOV", "text": "Japan"}] if k == 0 else [],
                       "evidence": [{"sentence": k, "start": 0, "end": 10, "text": f"{aid} sentence {k}"}]}
                if k == 1:
                    row["actor"].append({"code": "JPN", "sector": "GOV", "text": "Japan"})
                    row["date"] = None  # unknown date: never merged across articles
                    row["date_precision"] = "unknown"
                out.write(json.dumps(row) + "\n")


def _count_articles(url: str) -> int:
    if url.startswith("postgresql"):
        import psycopg

        from dyadwatch.store.postgres import split_schema

        conninfo, schema = split_schema(url)
        with psycopg.connect(conninfo, autocommit=True) as con:
            row = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = %s AND "
                              "table_name = 'articles'", [schema]).fetchone()
            if not row or not row[0]:
                return 0
            return int(con.execute(f"SELECT count(*) FROM {schema}.articles").fetchone()[0])  # type: ignore[index]
    return -1


def _started(url: str) -> bool:
    """Whether the running import has committed something (without taking DuckDB's file lock)."""
    if url.startswith("postgresql"):
        return _count_articles(url) > 0
    # a first small WAL record can precede the first committed batch; a batch of articles is
    # far larger than that, so wait for one
    wal = Path(url + ".wal")
    return wal.exists() and wal.stat().st_size > WAL_ONE_BATCH


def _run(args: list[str], **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "dyadwatch", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, **kwargs)


def _kill_part_way(proc: subprocess.Popen, url: str) -> None:
    limit = time.monotonic() + DEADLINE
    while not _started(url):
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the process ended before it could be killed (rc {proc.returncode}): {err.decode()[-800:]}")
        if time.monotonic() > limit:
            proc.kill()
            pytest.fail("nothing was committed within the deadline")
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def _check_complete(store, articles: int, reports_per_article: int) -> None:
    stats = store.stats()
    assert stats["articles"] == articles
    assert stats["reports"] == articles * reports_per_article
    per_article = store._fetchall("SELECT article_id, count(*) FROM event_reports GROUP BY article_id "
                                  "HAVING count(*) <> ?", (reports_per_article,))
    assert per_article == []
    doubled = store._fetchall("SELECT content_hash FROM articles GROUP BY content_hash HAVING count(*) > 1")
    assert doubled == []
    total_mentions, total_articles = store._fetchall("SELECT sum(mentions), sum(articles) FROM events")[0]
    assert int(total_mentions) == int(total_articles) == articles * reports_per_article


@pytest.mark.parametrize("kind", ["duckdb-file", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_store_import_killed_then_resumed(kind, tmp_path, backend_factory):
    backend = backend_factory(kind)
    url = backend.url("crash")
    source = tmp_path / "events.jsonl"
    _write_events(source)
    backend.open(url).close()  # schema created and checkpointed: any WAL now means stored articles
    _kill_part_way(_run(["import", str(source), "--db", url]), url)

    partial = backend.open(url)
    done = partial.stats()["articles"]
    assert 0 < done < ARTICLES, f"the kill should land part-way, {done} of {ARTICLES} were stored"
    _check_complete(partial, done, 2)
    partial.close()

    proc = _run(["import", str(source), "--db", url])
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()[-800:]
    assert f"{done} already stored" in err.decode()
    store = backend.open(url)
    _check_complete(store, ARTICLES, 2)
    assert store.stats()["events"] == 28 + ARTICLES  # 28 merged ACCUSE days + one CONSULT per article


TEXT = ("date 2025-11-{day:02d} Beijing/Tokyo: China's Foreign Ministry spokesperson criticised Japan on "
        "{weekday}. Chinese and Japanese officials held talks in Beijing about trade number {n}.")


@pytest.mark.model
@pytest.mark.parametrize("kind", ["duckdb-file", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_store_ingest_killed_then_resumed(kind, tmp_path, backend_factory):
    """The real coder: ``dyadwatch ingest`` on 400 articles, killed, run again."""
    pytest.importorskip("dyadwatch.coding")
    backend = backend_factory(kind)
    url = backend.url("ingest")
    folder = tmp_path / "articles"
    folder.mkdir()
    count = 400
    for n in range(count):
        text = TEXT.format(day=1 + n % 28, weekday="Tuesday", n=n)
        (folder / f"a{n:04d}.txt").write_text(text, encoding="utf-8")
    backend.open(url).close()
    _kill_part_way(_run(["ingest", str(folder), "--db", url, "--quiet"]), url)
    partial = backend.open(url)
    done = partial.stats()["articles"]
    assert 0 < done < count
    partial.close()
    proc = _run(["ingest", str(folder), "--db", url, "--quiet"])
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()[-800:]
    store = backend.open(url)
    stats = store.stats()
    assert stats["articles"] == count
    doubled = store._fetchall("SELECT article_id, report_id FROM event_reports GROUP BY 1, 2 HAVING count(*) > 1")
    assert doubled == []
