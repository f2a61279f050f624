"""The watcher end to end on real local servers and the real pipeline: a feed that grows,
304s, restarts that neither re-code nor miss, the same story from two sources, a failing
source that backs off while others go on, a malformed feed, page fallbacks, stopping, and
alerts delivered once per sink."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from watch_servers import STORIES, GrowingFeed, Request, Site, WebhookReceiver, rss

from dyadwatch.service import DyadService
from dyadwatch.store import EventQuery, open_store
from dyadwatch.watch import SourcesFile, Watcher

pytestmark = pytest.mark.model

FAST = {"min_host_delay": 0.0, "backoff": 0.02, "retries": 1, "read_timeout": 1.0, "connect_timeout": 1.0}


@pytest.fixture()
def service(pipeline: Any) -> Iterator[DyadService]:
    svc = DyadService(store=open_store(":memory:"), pipeline=pipeline)
    try:
        yield svc
    finally:
        svc.store.close()


def _sources(*sources: dict[str, Any], **extra: Any) -> SourcesFile:
    return SourcesFile.model_validate({"watch": {**FAST, **extra.pop("watch", {})},
                                       "source": [{"interval": 60, **s} for s in sources], **extra})


def test_watch_feed_grows_304_and_restart(service: DyadService, site: Site) -> None:
    feed = GrowingFeed(site, list(STORIES), count=2)
    site.routes["/feed.xml"] = feed
    sources = _sources({"name": "wire", "url": site.base + "/feed.xml"})
    watcher = Watcher(service, sources)
    first = watcher.cycle(force=True)
    assert first.sources[0].items_new == 2 and first.articles_stored == 2 and first.sources[0].fallbacks == 0
    feed.count = 4
    second = watcher.cycle(force=True)
    assert second.sources[0].items_new == 2 and second.articles_stored == 2
    third = watcher.cycle(force=True)
    assert third.sources[0].not_modified and third.articles_stored == 0
    watcher.close()
    # A restarted watcher (new object, same store) neither re-codes nor misses.
    restarted = Watcher(service, sources)
    feed.count = 5
    fourth = restarted.cycle(force=True)
    restarted.close()
    assert fourth.sources[0].items_new == 1 and fourth.articles_stored == 1
    assert service.store.stats()["articles"] == 5 and service.store.watch_seen_count("wire") == 5
    pages = [r.path for r in site.requests if r.path.endswith(".html")]
    assert sorted(pages) == sorted(f"/s{i}.html" for i in range(5))  # each page fetched once
    status = service.watch_status(sources)[0]
    assert status["items_coded"] == 5 and status["failures"] == 0 and status["last_new"]
    # The articles carry the page's text, title and date.
    article = service.article(service.events(EventQuery(dyad=("CHN", "JPN"))).items[0]["article_id"])
    assert article["url"].startswith(site.base) and article["date"].startswith("2025-11-0")


def test_watch_same_story_from_two_sources_is_stored_once(service: DyadService, site: Site) -> None:
    day, title, text = STORIES[1]
    site.routes["/story.html"] = GrowingFeed(site, [STORIES[1]], count=1).site.routes["/s0.html"]
    one = rss(site.base, [("story", day, title, text)])
    site.routes["/a.xml"] = one
    site.routes["/b.xml"] = one.replace("Test wire", "Other wire")
    sources = _sources({"name": "a", "url": site.base + "/a.xml"}, {"name": "b", "url": site.base + "/b.xml"})
    watcher = Watcher(service, sources)
    report = watcher.cycle(force=True)
    watcher.close()
    by_name = {s.name: s for s in report.sources}
    assert by_name["a"].articles_stored == 1 and by_name["b"].articles_stored == 0 and by_name["b"].duplicates == 1
    assert service.store.stats()["articles"] == 1
    assert service.store.watch_seen_count("b") == 1  # seen, so not looked at again


def test_watch_failing_source_backs_off_others_go_on(service: DyadService, site: Site) -> None:
    broken = {"on": True}

    def flaky(req: Request) -> tuple[int, dict[str, str], bytes]:
        if broken["on"]:
            return 500, {}, b"down"
        return 200, {"Content-Type": "application/rss+xml"}, rss(site.base, [("s0", *STORIES[0])]).encode()

    GrowingFeed(site, STORIES, count=0)  # registers the pages
    site.routes["/flaky.xml"] = flaky
    site.routes["/good.xml"] = rss(site.base, [("s2", *STORIES[2])])
    site.routes["/bad.xml"] = "<html><body>this is not a feed</body></html>"
    sources = _sources({"name": "flaky", "url": site.base + "/flaky.xml", "interval": 100},
                       {"name": "bad", "url": site.base + "/bad.xml"},
                       {"name": "good", "url": site.base + "/good.xml"})
    watcher = Watcher(service, sources)
    report = watcher.cycle(force=True)
    by_name = {s.name: s for s in report.sources}
    assert "DW804" in (by_name["flaky"].error or "") and "HTTP 500" in (by_name["flaky"].error or "")
    assert "DW807" in (by_name["bad"].error or "")
    assert by_name["good"].articles_stored == 1
    watcher.cycle(force=True)
    states = service.store.watch_source_states()
    state = states["flaky"]
    assert state["failures"] == 2 and "HTTP 500" in state["last_error"]
    import datetime as dt

    wait = (dt.datetime.fromisoformat(state["next_fetch"]) - dt.datetime.fromisoformat(state["last_fetch"]))
    assert 100 <= wait.total_seconds() <= 200  # the second failure waits longer than the interval
    assert [r["failures"] for r in service.watch_status(sources)] == [2, 2, 0]
    broken["on"] = False
    recovered = watcher.cycle(force=True)
    watcher.close()
    assert {s.name: s.articles_stored for s in recovered.sources}["flaky"] == 1
    assert service.store.watch_source_states()["flaky"]["failures"] == 0


@pytest.mark.parametrize("trouble", ["robots", "oversized", "hangs"])
def test_watch_codes_feed_text_when_the_page_cannot_be_used(service: DyadService, site: Site, trouble: str) -> None:
    import time

    day, title, text = STORIES[2]
    site.routes["/robots.txt"] = lambda r: (200, {}, b"User-agent: *\nDisallow: /private/\n")
    site.routes["/private/story.html"] = "<p>never fetched</p>"
    site.routes["/big/story.html"] = "<p>" + "word " * 40_000 + "</p>"

    def hang(req: Request) -> tuple[int, dict[str, str], bytes]:
        time.sleep(2.5)
        return 200, {}, b"<p>late</p>"

    site.routes["/slow/story.html"] = hang
    slug = {"robots": "private/story", "oversized": "big/story", "hangs": "slow/story"}[trouble]
    site.routes["/feed.xml"] = rss(site.base, [(slug, day, title, text)])
    sources = _sources({"name": "wire", "url": site.base + "/feed.xml"},
                       watch={"max_bytes": 100_000, "read_timeout": 0.4, "retries": 0})
    watcher = Watcher(service, sources)
    report = watcher.cycle(force=True)
    watcher.close()
    result = report.sources[0]
    assert result.error is None and result.articles_stored == 1 and result.fallbacks == 1
    assert any("DW808" in p for p in result.problems)
    code = {"robots": "DW806", "oversized": "DW805", "hangs": "DW804"}[trouble]
    assert any(code in p for p in result.problems), result.problems
    stored = service.store.stats()
    assert stored["articles"] == 1 and stored["events"] >= 1
    if trouble == "robots":
        assert site.hits("/private/story.html") == []


def test_watch_stop_finishes_the_article_in_hand(service: DyadService, site: Site) -> None:
    feed = GrowingFeed(site, STORIES, count=4)
    site.routes["/feed.xml"] = feed
    sources = _sources({"name": "wire", "url": site.base + "/feed.xml"}, watch={"batch": 1})
    watcher = Watcher(service, sources)
    watcher.on_change = watcher.stop  # asked to stop while the first article is being stored
    report = watcher.cycle(force=True)
    watcher.close()
    assert report.stopped and report.articles_stored == 1
    state = service.store.watch_source_states()["wire"]
    assert state["etag"] is None  # the validators wait until every item is handled
    again = Watcher(service, sources)
    rest = again.cycle(force=True)
    again.close()
    assert rest.articles_stored == 3 and service.store.stats()["articles"] == 4


def test_watch_alerts_delivered_once_per_sink(service: DyadService, site: Site, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DW_TEST_SECRET", "s3cret-for-tests")
    receiver = WebhookReceiver("s3cret-for-tests", fail_first=1)
    feed = GrowingFeed(site, STORIES, count=1)
    site.routes["/feed.xml"] = feed
    alerts_file = tmp_path / "alerts.jsonl"
    sources = _sources({"name": "wire", "url": site.base + "/feed.xml"},
                       watchlist=[{"name": "cj", "dyads": ["JPN:CHN"], "threshold": 0.5, "min_events": 1,
                                   "freq": "day"},
                                  {"name": "india", "actors": ["IND"], "threshold": 0.5, "min_events": 1,
                                   "freq": "day"}],
                       sink=[{"name": "file", "kind": "file", "path": str(alerts_file)},
                             {"name": "hook", "kind": "webhook", "url": receiver.url, "secret_env": "DW_TEST_SECRET",
                              "backoff": 0.02}])
    import io

    out = io.StringIO()
    try:
        watcher = Watcher(service, sources, stdout=out)
        quiet = watcher.cycle(force=True)
        assert quiet.alerts_new == 0  # one cooperative story: nothing to alert on
        feed.count = 4
        grown = watcher.cycle(force=True)
        assert grown.alerts_new >= 1, grown.to_dict()
        watcher.cycle(force=True)
        watcher.close()
        again = Watcher(service, sources, stdout=out)  # a restart delivers nothing twice
        again.cycle(force=True)
        again.close()
    finally:
        receiver.close()
    raised = service.watch_alerts()
    assert {a["watchlist"] for a in raised} == {"cj"}  # India's story is not in this feed yet
    ids = [a["id"] for a in raised]
    file_ids = [json.loads(line)["id"] for line in alerts_file.read_text(encoding="utf-8").splitlines()]
    assert sorted(file_ids) == sorted(ids)
    assert sorted(a["id"] for a in receiver.accepted) == sorted(ids) and receiver.rejected == []
    assert receiver.attempts == len(ids) + 1  # the first delivery failed and was retried
    for alert in raised:
        assert {d["sink"]: d["status"] for d in alert["deliveries"]} == {"file": "delivered", "hook": "delivered"}
        body = alert["alert"]
        assert body["dyad"] in (["CHN", "JPN"], ["JPN", "CHN"]) and body["event_ids"]
        assert body["events"] and body["events"][0]["evidence"]  # the driving events with their evidence


def test_watch_alerts_of_a_stopped_run_are_raised_on_restart(service: DyadService, site: Site) -> None:
    feed = GrowingFeed(site, STORIES, count=4)
    site.routes["/feed.xml"] = feed
    sources = _sources({"name": "wire", "url": site.base + "/feed.xml"},
                       watchlist=[{"name": "cj", "dyads": ["CHN:JPN"], "threshold": 0.5, "min_events": 1,
                                   "freq": "day"}])
    watcher = Watcher(service, sources)
    watcher.on_change = watcher.stop  # stops after storing, before the alerts are evaluated
    stopped = watcher.cycle(force=True)
    watcher.close()
    assert stopped.stopped and stopped.articles_stored == 4 and stopped.alerts_new == 0
    assert ("CHN", "JPN") in service.store.watch_dirty()
    restarted = Watcher(service, sources)
    report = restarted.cycle(force=True)
    restarted.close()
    assert report.articles_stored == 0 and report.alerts_new >= 1
    assert service.store.watch_dirty() == {}


def test_watch_sitemap_and_page_sources(service: DyadService, site: Site) -> None:
    GrowingFeed(site, STORIES, count=0)  # the story pages /s0.html ... /s5.html
    ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    site.routes["/sitemap-index.xml"] = (f'<?xml version="1.0"?><sitemapindex {ns}><sitemap><loc>{site.base}/sm1.xml'
                                         "</loc></sitemap></sitemapindex>")
    site.routes["/sm1.xml"] = (f'<?xml version="1.0"?><urlset {ns}>'
                               f"<url><loc>{site.base}/s2.html</loc><lastmod>2025-11-06</lastmod></url>"
                               f"<url><loc>{site.base}/s1.html</loc><lastmod>2025-11-05</lastmod></url></urlset>")
    sources = _sources({"name": "map", "kind": "sitemap", "url": site.base + "/sitemap-index.xml"},
                       {"name": "one", "kind": "page", "url": site.base + "/s3.html"},
                       {"name": "junk", "kind": "sitemap", "url": site.base + "/s4.html"})
    watcher = Watcher(service, sources)
    report = watcher.cycle(force=True)
    again = watcher.cycle(force=True)
    watcher.close()
    by_name = {s.name: s for s in report.sources}
    assert by_name["map"].articles_stored == 2 and by_name["one"].articles_stored == 1
    assert "DW807" in (by_name["junk"].error or "")
    assert again.articles_stored == 0  # seen: neither the sitemap's pages nor the unchanged page again
    titles = sorted(service.article(a["article_id"])["title"] for a in service.events(EventQuery(status="any")).items)
    assert "China summons Japanese envoy" in titles and "Japan protests Chinese coast guard incursion" in titles
