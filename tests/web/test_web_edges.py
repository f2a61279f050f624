"""Issue 13: the dashboard at every edge, at desktop (1366 px) and phone (390 px) width, in Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from web_fixtures import TOKEN

pytestmark = [pytest.mark.browser, pytest.mark.model, pytest.mark.issue(13)]

DOCS = Path(__file__).resolve().parents[2] / "docs"
WIDTHS = (1366, 390)

# Written for this test: an article with no publication date, no dateline and no title.
UNDATED = ("China's foreign ministry protested to Japan over the remarks on Taiwan. "
           "Officials in Beijing said the statement harmed relations.")
RUSSIAN = "Министерство иностранных дел Китая вызвало посла Японии в связи с заявлениями премьер-министра."


def _watch(pg: Any, base: str) -> None:
    """Record console errors, failed requests (network or HTTP >= 400) and requests off the server."""
    pg.errors, pg.failed, pg.offsite, pg.code_posts = [], [], [], []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("requestfailed", lambda r: pg.failed.append(f"{r.url} {r.failure}"))
    pg.on("response", lambda r: pg.failed.append(f"{r.url} {r.status}") if r.status >= 400 else None)
    pg.on("request", lambda r: pg.code_posts.append(r.url) if r.url.endswith("/api/v1/code") else None)

    def guard(route: Any) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        else:
            pg.offsite.append(route.request.url)
            route.abort()

    pg.route("**/*", guard)
    pg.set_default_timeout(20_000)


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def sized(request: pytest.FixtureRequest, browser: Any, live_server: str) -> Iterator[Any]:
    width = request.param
    context = browser.new_context(viewport={"width": width, "height": 900}, base_url=live_server,
                                  is_mobile=width < 500, has_touch=width < 500)
    pg = context.new_page()
    pg.width = width
    _watch(pg, live_server)
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture(scope="module")
def undated_article(live_server: str) -> str:
    """Ingest (through the API, with the token) an article without date or title; its id."""
    resp = httpx.post(f"{live_server}/api/v1/articles", headers={"Authorization": f"Bearer {TOKEN}"},
                      json={"articles": [{"id": "undated-web-1", "text": UNDATED}]}, timeout=120)
    assert resp.status_code == 200, resp.text
    report = resp.json()["report"]
    assert report["articles_undated"] == 1 and any("[DW612]" in w for w in report["warnings"])
    return "undated-web-1"


def _no_sideways_scroll(pg: Any) -> None:
    over = pg.evaluate("""() => {
        const doc = document.documentElement;
        const wide = [...document.querySelectorAll('body *')].filter(e => {
            const r = e.getBoundingClientRect();
            return r.width > 0 && r.right > window.innerWidth + 1
                && !e.closest('.table-wrap, .docs-card, .evidence-text');
        }).slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className + ' '
                                + Math.round(e.getBoundingClientRect().right));
        return {scroll: doc.scrollWidth, inner: window.innerWidth, wide};
    }""")
    assert over["scroll"] <= over["inner"], over


def _pages(article_id: str) -> list[tuple[str, str]]:
    return [("/?a=CHN&b=JPN", "dashboard"), ("/alerts", "alerts"), ("/code", "code"),
            (f"/articles/{article_id}", "article"), ("/docs", "docs")]


def test_every_page_fits_the_width_without_errors(sized, live_server):
    first = httpx.get(f"{live_server}/api/v1/events", params={"dyad": "CHN-JPN", "limit": 1}, timeout=10).json()
    for path, name in _pages(first["items"][0]["article_id"]):
        sized.goto(path)
        sized.wait_for_selector("body[data-ready='1']")
        if name == "docs":
            sized.wait_for_selector(".swagger-ui .opblock")
        if name == "code":
            sized.click("#code-example")
            sized.click("#code-submit")
            sized.wait_for_selector("body[data-coded]", timeout=60_000)
        if name == "dashboard":
            sized.wait_for_selector("#chart canvas")
            sized.locator("#events-table tbody tr[data-event-id]").first.click()
            sized.wait_for_selector("#evidence-body mark.hl-trigger")
        _no_sideways_scroll(sized)
        if name in ("dashboard", "code", "alerts"):
            sized.screenshot(path=str(DOCS / f"{name}-{sized.width}.png"), full_page=True)
    assert sized.errors == [] and sized.failed == [] and sized.offsite == []


def test_events_table_shows_every_column_on_a_phone(sized):
    sized.goto("/?a=CHN&b=JPN")
    sized.wait_for_selector("#events-table tbody tr[data-event-id]")
    cells = sized.eval_on_selector_all(
        "#events-table tbody tr[data-event-id]:first-child td",
        """tds => tds.map(td => {
            const r = td.getBoundingClientRect();
            return [td.dataset.label, r.left, r.right, td.innerText];
        })""")
    assert [c[0] for c in cells] == ["Date", "Actor", "Event", "Recipient", "Quad", "Intensity", "Status"]
    assert all(0 <= left and right <= sized.width for _label, left, right, _text in cells), cells
    if sized.width < 500:  # stacked: every value is labelled with its column
        assert all(text.strip() for *_rest, text in cells)
    header_right = sized.evaluate("() => document.querySelector('.topbar').scrollWidth")
    assert header_right <= sized.width


def test_status_any_lists_every_status(page, live_server):
    api = httpx.get(f"{live_server}/api/v1/events", params={"dyad": "CHN-JPN", "status": "any", "dated": "true"},
                    timeout=10).json()
    asserted = httpx.get(f"{live_server}/api/v1/events", params={"dyad": "CHN-JPN", "dated": "true"},
                         timeout=10).json()
    assert api["total"] > asserted["total"], "the sample corpus has CHN-JPN events that are not asserted"
    page.goto("/?a=CHN&b=JPN")
    page.wait_for_selector("body[data-ready='1']")
    assert page.get_attribute("#events-count", "data-total") == str(asserted["total"])
    page.select_option("#f-status", "any")
    page.wait_for_function("n => document.getElementById('events-count').dataset.total === String(n)",
                           arg=api["total"])


def test_every_count_on_the_dashboard_agrees_and_undated_events_are_apart(page, live_server, undated_article):
    undated = httpx.get(f"{live_server}/api/v1/events", params={"dyad": "CHN-JPN", "dated": "false"},
                        timeout=10).json()["total"]
    assert undated >= 1
    page.goto("/?a=CHN&b=JPN")
    page.wait_for_selector("body[data-ready='1']")
    page.wait_for_selector("#undated-note:not([hidden])")
    assert int(page.inner_text("#stat-events")) == int(page.get_attribute("#events-count", "data-total"))
    assert page.inner_text("#undated-note").startswith(f"{undated} more event")
    page.click("#undated-toggle")
    page.wait_for_function("n => document.getElementById('events-count').dataset.total === String(n)", arg=undated)
    dates = page.eval_on_selector_all("#events-table tbody td[data-label='Date']", "ts => ts.map(t => t.innerText)")
    assert dates and set(dates) == {"no date"}
    assert page.errors == [] and page.offsite == []


def test_untitled_article_is_headed_by_its_first_sentence(page, undated_article):
    page.goto(f"/articles/{undated_article}")
    page.wait_for_selector("body[data-ready='1']")
    assert page.inner_text("#article-title") == UNDATED.split(". ")[0] + "."
    assert "no publication date" in page.inner_text("#article-meta")
    facts = page.inner_text("#article-events")
    assert "unknown (unknown)" not in facts


def test_mistyped_dyad_shows_a_message_for_people(page):
    page.goto("/?a=CHN&b=XQZ")
    page.wait_for_selector("body[data-ready='1']")
    message = page.inner_text("#chart")
    assert "XQZ" in message and "CHN or JPN" in message
    assert "No events" not in message and "pattern" not in message


def test_dyad_menu_is_undirected_and_plural_is_right(page):
    page.goto("/")
    page.wait_for_selector("body[data-ready='1']")
    labels = page.eval_on_selector_all("#dyad-select option", "os => os.map(o => o.textContent)")
    assert any("↔" in label for label in labels) and not any("→" in label for label in labels)
    assert not any("(1 events)" in label for label in labels)


def test_alerts_filter_updates_the_url_and_offers_the_period(page, live_server):
    page.goto("/alerts")
    page.wait_for_selector("body[data-ready='1']")
    options = page.eval_on_selector_all("#al-freq option", "os => os.map(o => o.value)")
    assert options == ["day", "week", "month", "year"]
    page.select_option("#al-freq", "month")
    page.wait_for_url("**/alerts?freq=month")
    page.fill("#al-dyad", "CHN-JPN")
    page.click("#alert-filters button[type=submit]")
    page.wait_for_url("**/alerts?dyad=CHN-JPN&freq=month")
    page.reload()
    page.wait_for_selector("body[data-ready='1']")
    assert page.input_value("#al-freq") == "month" and page.input_value("#al-dyad") == "CHN-JPN"
    n = len(httpx.get(f"{live_server}/api/v1/alerts", params={"dyad": "CHN-JPN", "freq": "month"},
                      timeout=30).json()["items"])
    assert page.locator("#alerts-table tbody tr[data-dyad]").count() == n


def test_code_page_checks_the_length_before_sending(browser, live_server):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=live_server)
    pg = context.new_page()
    _watch(pg, live_server)
    try:
        pg.goto("/code")
        pg.wait_for_selector("body[data-ready='1']")
        pg.evaluate("""() => {
            const t = document.getElementById('code-text');
            t.value = 'China protested. '.repeat(12000);
            t.dispatchEvent(new Event('input'));
        }""")
        assert "more than the 200,000" in pg.inner_text("#code-length")
        pg.click("#code-submit")
        pg.wait_for_selector("#toast:not([hidden])")
        assert "Split it" in pg.inner_text("#toast")
        assert pg.code_posts == []  # nothing was sent
    finally:
        context.close()


def test_code_page_shows_progress_and_the_date_it_assumed(page):
    page.goto("/code")
    page.wait_for_selector("body[data-ready='1']")
    page.fill("#code-text", "TOKYO, Dec 2, 2025 - Japan's Foreign Ministry protested to China on Tuesday over the "
                            "coast guard incident.")
    page.click("#code-submit")
    page.wait_for_function(
        "() => /coding .* words… \\d+ s|done in/.test(document.getElementById('code-status').textContent)")
    page.wait_for_selector("body[data-coded]", timeout=60_000)
    assert "done in" in page.inner_text("#code-status")
    note = page.inner_text("#code-date-note")
    assert "2025-12-02" in note and "dateline" in note
    page.fill("#code-text", "Japan's Foreign Ministry protested to China over the coast guard incident.")
    page.click("#code-submit")
    page.wait_for_function("() => document.getElementById('code-date-note').textContent.includes('no date assumed')")


def test_code_page_names_the_language_of_a_text_it_cannot_code(page):
    page.goto("/code")
    page.wait_for_selector("body[data-ready='1']")
    page.fill("#code-text", RUSSIAN)
    page.click("#code-submit")
    page.wait_for_selector("#code-language:not([hidden])")
    text = page.inner_text("#code-language")
    assert "only English is coded" in text and "Cyrillic" in text
    assert page.inner_text("#code-count") == "0 events"
