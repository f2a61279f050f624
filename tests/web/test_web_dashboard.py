"""The dashboard in real headless Chromium against a real server over the sample corpus."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.model]

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "dashboard.png"

# Written for this test: a short article with clear events between countries.
PASTED = ("TOKYO, Dec 2 - Japan's Foreign Ministry protested to China on Tuesday after Chinese coast guard "
          "ships entered waters near the disputed islands. Chinese Foreign Minister Wang Yi urged Japan to "
          "withdraw its remarks. Later, South Korea and Japan held talks in Seoul on trade.")


def painted_pixels(page, selector: str) -> int:
    """Non-background pixels on the chart's canvas."""
    return page.evaluate("""(sel) => {
        const c = document.querySelector(sel);
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200)) n++;
        return n;
    }""", selector)


def test_dashboard_loads_the_china_japan_series(page, live_server):
    api = httpx.get(f"{live_server}/api/v1/dyads/CHN/JPN/series", params={"freq": "week"}, timeout=10).json()
    assert api["points"], "the sample corpus should give a China-Japan series"
    page.goto("/?a=CHN&b=JPN")
    page.wait_for_selector("body[data-ready='1']")
    assert page.inner_text("#dyad-title") == "CHN ↔ JPN"
    assert int(page.get_attribute("#chart", "data-points")) == len(api["points"])
    page.wait_for_selector("#chart canvas")
    assert painted_pixels(page, "#chart canvas") > 2000
    assert int(page.inner_text("#stat-events")) == sum(p["events"] for p in api["points"])
    rows = page.locator("#events-table tbody tr[data-event-id]")
    assert rows.count() > 0
    assert page.errors == [] and page.offsite == []


def test_dyad_picker_lists_dyads_and_switches(page, live_server):
    top = httpx.get(f"{live_server}/api/v1/dyads", params={"limit": 50}, timeout=10).json()["items"]
    page.goto("/")
    page.wait_for_selector("body[data-ready='1']")
    values = page.eval_on_selector_all("#dyad-select option", "os => os.map(o => o.value)")
    assert "CHN-JPN" in values or "JPN-CHN" in values
    other = next(f"{d['a']}-{d['b']}" for d in top if {d["a"], d["b"]} != {"CHN", "JPN"})
    page.select_option("#dyad-select", other)
    a, b = other.split("-")
    page.wait_for_function("t => document.getElementById('dyad-title').textContent === t", arg=f"{a} ↔ {b}")
    page.wait_for_selector("#events-table tbody tr[data-event-id]")
    assert "a=" + a in page.url


def test_event_filters_narrow_the_table(page, live_server):
    total = httpx.get(f"{live_server}/api/v1/events", params={"dyad": "CHN-JPN", "quad_class": 3},
                      timeout=10).json()["total"]
    page.goto("/?a=CHN&b=JPN")
    page.wait_for_selector("body[data-ready='1']")
    page.select_option("#f-quad", "3")
    page.wait_for_function("n => document.getElementById('events-count').textContent.endsWith(' of ' + n)", arg=total)
    badges = page.eval_on_selector_all("#events-table tbody .quad", "bs => bs.map(b => b.textContent)")
    assert badges and set(badges) == {"3"}


def test_clicking_an_event_highlights_its_evidence(page, live_server):
    page.goto("/?a=CHN&b=JPN")
    page.wait_for_selector("body[data-ready='1']")
    row = page.locator("#events-table tbody tr[data-event-id]").first
    event_id = row.get_attribute("data-event-id")
    row.click()
    page.wait_for_selector("#evidence-body mark.hl-trigger")
    event = httpx.get(f"{live_server}/api/v1/events/{event_id}", timeout=10).json()["event"]
    article = httpx.get(f"{live_server}/api/v1/articles/{event['article_id']}", timeout=10).json()["article"]
    mine = next(e for e in article["events"] if e["id"] == event_id)
    ev = mine["evidence"][0]
    text = article["text"]
    assert page.inner_text("#evidence-body mark.hl-trigger") == text[ev["trigger_start"]:ev["trigger_end"]]
    actor_marks = page.eval_on_selector_all("#evidence-body mark.hl-actor", "ms => ms.map(m => m.textContent)")
    expected = [text[a["start"]:a["end"]] for a in mine["actor"] if a.get("start") is not None]
    assert expected and "".join(actor_marks) .find(expected[0]) >= 0
    sentence = page.eval_on_selector_all("#evidence-body mark.hl-sentence", "ms => ms.map(m => m.textContent).join('')")
    assert sentence == ev["text"]
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=False)
    assert page.errors == [] and page.offsite == []


def test_article_page_opens_from_an_event_link(page, live_server):
    first = httpx.get(f"{live_server}/api/v1/events", params={"dyad": "CHN-JPN", "limit": 1},
                      timeout=10).json()["items"][0]
    page.goto(f"/events/{first['id']}")
    page.wait_for_url(f"**/articles/**event={first['id']}")
    page.wait_for_selector("body[data-ready='1']")
    assert page.locator("#article-text mark.hl-trigger").count() >= 1
    assert page.locator("#article-events li.selected").count() == 1


def test_alerts_page_matches_the_api(page, live_server):
    items = httpx.get(f"{live_server}/api/v1/alerts", timeout=30).json()["items"]
    page.goto("/alerts")
    page.wait_for_selector("body[data-ready='1']")
    rows = page.locator("#alerts-table tbody tr[data-dyad]")
    assert rows.count() == len(items)
    if items:
        a, b = items[0]["dyad"]
        assert rows.first.get_attribute("data-dyad") == f"{a}-{b}"
    else:
        assert "No alerts" in page.inner_text("#alerts-table")


def test_paste_page_codes_a_pasted_article(page):
    page.goto("/code")
    page.wait_for_selector("body[data-ready='1']")
    page.fill("#code-text", PASTED)
    page.fill("#code-date", "2025-12-02")
    page.click("#code-submit")
    page.wait_for_selector("body[data-coded]", timeout=60_000)
    coded = int(page.get_attribute("body", "data-coded"))
    assert coded >= 2
    assert page.locator("#code-events li.event-card").count() == coded
    triggers = page.eval_on_selector_all("#code-marked mark.hl-trigger", "ms => ms.map(m => m.textContent)")
    assert triggers and all(t in PASTED for t in triggers)
    assert page.locator("#code-marked mark.hl-actor").count() >= 1
    page.locator("#code-events li.event-card").nth(1).click()
    assert page.locator("#code-events li.selected").count() == 1
    assert page.errors == [] and page.offsite == []
