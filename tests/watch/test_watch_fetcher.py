"""The polite fetcher against real local servers: conditional requests, retries, timeouts,
robots.txt, the size cap, the per-host delay and the User-Agent."""

from __future__ import annotations

import random
import time

import pytest
from watch_servers import Request, Site

from dyadwatch.errors import WatchError
from dyadwatch.watch import Fetcher, WatchSettings


def _fetcher(**overrides: object) -> Fetcher:
    values: dict[str, object] = {"min_host_delay": 0.0, "backoff": 0.05, "retries": 2, "read_timeout": 0.5,
                                 "connect_timeout": 0.5, "user_agent": "dyadwatch-test/1 (+mailto:t@example.org)"}
    values.update(overrides)
    return Fetcher(WatchSettings(**values), rng=random.Random(7))  # type: ignore[arg-type]


@pytest.mark.parametrize("validator", ["etag", "last_modified"])
def test_fetcher_conditional_request_gets_304(site: Site, validator: str) -> None:
    def page(req: Request) -> tuple[int, dict[str, str], bytes]:
        headers = {"ETag": '"v1"', "Last-Modified": "Sat, 01 Nov 2025 10:00:00 GMT", "Content-Type": "text/plain"}
        modified = headers["Last-Modified"]
        if req.headers.get("if-none-match") == '"v1"' or req.headers.get("if-modified-since") == modified:
            return 304, headers, b""
        return 200, headers, b"hello"

    site.routes["/robots.txt"] = lambda r: (404, {}, b"")
    site.routes["/feed"] = page
    with _fetcher() as fetcher:
        first = fetcher.fetch(site.base + "/feed")
        assert first.status == 200 and first.body == b"hello"
        kwargs = {"etag": first.etag} if validator == "etag" else {"last_modified": first.last_modified}
        second = fetcher.fetch(site.base + "/feed", **kwargs)
    assert second.not_modified and second.body == b""
    sent = site.hits("/feed")[1].headers
    assert ("if-none-match" in sent) == (validator == "etag")
    assert ("if-modified-since" in sent) == (validator == "last_modified")


def test_fetcher_retries_500_then_recovers(site: Site) -> None:
    calls = {"n": 0}

    def flaky(req: Request) -> tuple[int, dict[str, str], bytes]:
        calls["n"] += 1
        return (500, {}, b"oops") if calls["n"] <= 2 else (200, {}, b"back")

    site.routes["/flaky"] = flaky
    with _fetcher(retries=2) as fetcher:
        assert fetcher.fetch(site.base + "/flaky").body == b"back"
    assert calls["n"] == 3


def test_fetcher_gives_up_after_retries(site: Site) -> None:
    site.routes["/down"] = lambda r: (503, {}, b"down")
    with _fetcher(retries=1) as fetcher, pytest.raises(WatchError, match=r"DW804.*HTTP 503.*2 tries"):
        fetcher.fetch(site.base + "/down")
    assert len(site.hits("/down")) == 2


def test_fetcher_404_is_not_retried(site: Site) -> None:
    with _fetcher(retries=3) as fetcher, pytest.raises(WatchError, match="HTTP 404"):
        fetcher.fetch(site.base + "/missing")
    assert len(site.hits("/missing")) == 1


def test_fetcher_times_out_on_a_hanging_server(site: Site) -> None:
    def hang(req: Request) -> tuple[int, dict[str, str], bytes]:
        time.sleep(3.0)
        return 200, {}, b"too late"

    site.routes["/hang"] = hang
    started = time.monotonic()
    with _fetcher(retries=1, read_timeout=0.3) as fetcher, pytest.raises(WatchError, match="timed out"):
        fetcher.fetch(site.base + "/hang")
    assert time.monotonic() - started < 2.5  # two tries of 0.3 s plus the backoff, not the server's 3 s


def test_fetcher_honours_robots_txt(site: Site) -> None:
    site.routes["/robots.txt"] = lambda r: (200, {"Content-Type": "text/plain"},
                                            b"User-agent: *\nDisallow: /private/\n")
    site.routes["/private/page.html"] = "<p>secret</p>"
    site.routes["/public.html"] = "<p>open</p>"
    with _fetcher() as fetcher:
        with pytest.raises(WatchError, match="DW806"):
            fetcher.fetch(site.base + "/private/page.html")
        assert fetcher.fetch(site.base + "/public.html").body == b"<p>open</p>"
        fetcher.fetch(site.base + "/public.html")
    assert site.hits("/private/page.html") == []
    assert len(site.hits("/robots.txt")) == 1  # read once, then reused


@pytest.mark.parametrize("status,allowed", [(404, True), (503, False)])
def test_fetcher_robots_missing_allows_unreachable_disallows(site: Site, status: int, allowed: bool) -> None:
    site.routes["/robots.txt"] = lambda r: (status, {}, b"")
    site.routes["/a.html"] = "<p>a</p>"
    with _fetcher() as fetcher:
        assert fetcher.allowed(site.base + "/a.html") is allowed


@pytest.mark.parametrize("declared", [True, False])
def test_fetcher_caps_the_size(site: Site, declared: bool) -> None:
    big = b"x" * 300_000

    def page(req: Request) -> tuple[int, dict[str, str], bytes]:
        # Without Content-Length the body ends when the connection closes: the cap counts the bytes read.
        return 200, ({"Content-Length": str(len(big))} if declared else {"X-No-Length": "1"}), big

    site.routes["/big"] = page
    with _fetcher(max_bytes=100_000) as fetcher, pytest.raises(WatchError, match="DW805"):
        fetcher.fetch(site.base + "/big")


def test_fetcher_waits_between_requests_to_one_host(site: Site) -> None:
    site.routes["/robots.txt"] = lambda r: (404, {}, b"")
    site.routes["/p"] = "<p>p</p>"
    with _fetcher(min_host_delay=0.3) as fetcher:
        for _ in range(3):
            fetcher.fetch(site.base + "/p")
    times = [r.at for r in site.requests]
    assert len(times) == 4  # robots.txt and three pages
    assert all(b - a >= 0.28 for a, b in zip(times, times[1:], strict=False))


def test_fetcher_sends_its_user_agent(site: Site) -> None:
    site.routes["/p"] = "<p>p</p>"
    with _fetcher() as fetcher:
        fetcher.fetch(site.base + "/p")
    assert {r.headers["user-agent"] for r in site.requests} == {"dyadwatch-test/1 (+mailto:t@example.org)"}


def test_fetcher_backoff_grows_with_jitter() -> None:
    fetcher = _fetcher(backoff=1.0)
    waits = [fetcher.backoff_delay(n) for n in range(5)]
    fetcher.close()
    for n, wait in enumerate(waits):
        assert 2 ** n / 2 <= wait <= 2 ** n
    assert len({round(w / 2 ** n, 3) for n, w in enumerate(waits)}) > 1  # jittered, not a fixed factor


@pytest.mark.parametrize("url", ["mailto:desk@example.org", "javascript:alert(1)", "http://"])
def test_fetcher_refuses_what_is_not_an_http_url(url: str) -> None:
    with _fetcher() as fetcher, pytest.raises(WatchError, match="DW804.*not an http"):
        fetcher.fetch(url)
