"""Store fixtures: every store test runs on in-memory DuckDB, a DuckDB file and PostgreSQL
(``DYADWATCH_TEST_PG``; each test gets its own schema, dropped afterwards)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from dyadwatch.records import Article, CodedArticle, Entity, Event, Evidence

PG_ENV = "DYADWATCH_TEST_PG"
BACKENDS = [
    pytest.param("duckdb-memory", id="duckdb-memory"),
    pytest.param("duckdb-file", id="duckdb-file"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


def skip_or_fail(reason: str) -> None:
    """As tests/conftest.py: skip locally, fail under DYADWATCH_REQUIRE_ALL=1 (CI)."""
    if os.environ.get("DYADWATCH_REQUIRE_ALL") == "1":
        pytest.fail(f"required service missing in CI: {reason}")
    pytest.skip(reason)


def pg_base_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        skip_or_fail(f"{PG_ENV} is not set (eval \"$(.ci/postgres start)\")")
    return url  # type: ignore[return-value]


class Backend:
    """Opens stores of one backend; every store of one test shares the same database."""

    def __init__(self, kind: str, tmp_path: Any) -> None:
        self.kind = kind
        self.tmp_path = tmp_path
        self.schemas: list[str] = []
        self.opened: list[Any] = []

    def url(self, name: str = "main") -> str:
        if self.kind == "duckdb-memory":
            return ":memory:"
        if self.kind == "duckdb-file":
            return str(self.tmp_path / f"{name}.duckdb")
        schema = f"dwtest_{name}_{uuid.uuid4().hex[:10]}"
        self.schemas.append(schema)
        sep = "&" if "?" in pg_base_url() else "?"
        return f"{pg_base_url()}{sep}schema={schema}"

    def open(self, url: str | None = None, **kwargs: Any) -> Any:
        from dyadwatch.store import open_store
        from dyadwatch.store.duckdb import DuckDBStore
        from dyadwatch.store.postgres import PostgresStore

        url = url or self.url()
        if kwargs:
            store = PostgresStore(url, **kwargs) if url.startswith("postgresql") else DuckDBStore(url, **kwargs)
        else:
            store = open_store(url)
        self.opened.append(store)
        return store

    def cleanup(self) -> None:
        for store in self.opened:
            try:
                store.close()
            except Exception:  # noqa: BLE001 - already closed
                pass
        if self.schemas:
            import psycopg

            with psycopg.connect(pg_base_url(), autocommit=True) as con:
                for schema in self.schemas:
                    con.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[Backend]:
    if request.param == "postgres":
        pg_base_url()
    b = Backend(request.param, tmp_path)
    yield b
    b.cleanup()


@pytest.fixture
def store(backend: Backend) -> Any:
    return backend.open(backend.url())


def make_event(rid: str, article_id: str, *, event: str = "ACCUSE", quad: int = 3, intensity: float = -2.0,
               actors: tuple[str, ...] = ("CHN",), recipients: tuple[str, ...] = ("JPN",),
               date: str | None = "2025-11-18", precision: str = "day", status: str = "asserted",
               sentence: str | None = None, mentions: int = 1, mode: tuple[str, ...] = ()) -> Event:
    text = sentence or f"Sentence of report {rid}."
    return Event(id=rid, article_id=article_id, event=event, cameo="111", quad_class=quad, intensity=intensity,
                 actor=tuple(Entity(c, "GOV", text=c) for c in actors),
                 recipient=tuple(Entity(c, "GOV", text=c) for c in recipients), mode=mode,
                 date=date, date_precision=precision if date else "unknown", status=status,
                 evidence=(Evidence(sentence=0, start=0, end=len(text), text=text),), mentions=mentions)


def make_article(aid: str, events: list[Event] | tuple[Event, ...] = (), *, date: str | None = "2025-11-18",
                 source: str | None = None, text: str | None = None) -> CodedArticle:
    body = text or f"Article {aid}. " + " ".join(e.evidence[0].text for e in events)
    article = Article(id=aid, text=body, date=date, title=f"Title {aid}", source=source or f"outlet-{aid}")
    return CodedArticle(article=article, events=tuple(e.with_(article_id=aid) for e in events), sentences=1)


@pytest.fixture
def factory() -> tuple[Callable[..., Event], Callable[..., CodedArticle]]:
    return make_event, make_article


@pytest.fixture
def backend_factory(tmp_path: Any) -> Iterator[Callable[[str], Backend]]:
    """Make a Backend of a given kind (for tests that choose their own backends)."""
    made: list[Backend] = []

    def make(kind: str) -> Backend:
        if kind == "postgres":
            pg_base_url()
        b = Backend(kind, tmp_path)
        made.append(b)
        return b

    yield make
    for b in made:
        b.cleanup()
