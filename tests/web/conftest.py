"""A real ``dyadwatch serve`` process on 127.0.0.1 over the ingested sample corpus, and
headless Chromium (Debian's package) driven by Playwright.

The server is started once per session on a free port, with bounded start-up wait,
and stopped in the fixture's teardown.
"""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from web_fixtures import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server


def _root_conftest() -> Any:
    # Every conftest.py is imported as module "conftest"; load the root one under its own name.
    spec = importlib.util.spec_from_file_location("dyadwatch_tests_root_conftest",
                                                  Path(__file__).resolve().parents[1] / "conftest.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


skip_or_fail = _root_conftest().skip_or_fail


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> Path:
    """A DuckDB file holding the bundled sample corpus, coded by the real pipeline."""
    from dyadwatch.ingest import sample_corpus_dir
    from dyadwatch.service import DyadService
    from dyadwatch.store import open_store

    path = tmp_path_factory.mktemp("web") / "sample.duckdb"
    service = DyadService(store=open_store(str(path)), pipeline=pipeline)
    report = service.ingest([sample_corpus_dir()])
    assert report.articles_stored >= 30 and report.events_stored > 0, report.to_dict()
    service.store.close()
    return path


@pytest.fixture(scope="session")
def live_server(sample_db: Path) -> Iterator[str]:
    proc, base = start_server(sample_db)
    try:
        yield base
    finally:
        stop_server(proc)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        skip_or_fail("Chromium is missing: apt-get install -y chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Playwright for Python is missing: pip install playwright")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture()
def page(browser: Any, live_server: str) -> Iterator[Any]:
    """A fresh page that records console errors and refuses any request off the loopback server."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, base_url=live_server)
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.offsite = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)

    def guard(route: Any) -> None:
        if route.request.url.startswith(live_server):
            route.continue_()
        else:
            pg.offsite.append(route.request.url)
            route.abort()

    pg.route("**/*", guard)
    pg.set_default_timeout(15_000)
    try:
        yield pg
    finally:
        context.close()
