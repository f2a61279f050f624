"""Fetching like a good citizen: httpx with timeouts, a size cap, retries with exponential
backoff and jitter, conditional requests, one request at a time per host with a minimum
delay, robots.txt honoured (RFC 9309) and a clear User-Agent.

Example:
    >>> from dyadwatch.watch.sources import WatchSettings
    >>> fetcher = Fetcher(WatchSettings(min_host_delay=1.0))
    >>> fetcher.close()
"""

from __future__ import annotations

import logging
import random
import threading
import time
import urllib.robotparser
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from dyadwatch.errors import WatchError
from dyadwatch.watch.sources import WatchSettings

log = logging.getLogger(__name__)

#: Statuses worth another try (the server may recover); others fail at once.
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
#: robots.txt larger than this is read only this far (RFC 9309 asks for at least 500 KiB).
ROBOTS_MAX_BYTES = 512 * 1024
#: How long a robots.txt answer is reused; an unreachable one is asked again sooner.
ROBOTS_TTL = 3600.0
ROBOTS_RETRY_TTL = 300.0
#: Longest Retry-After honoured inside one fetch (longer ones fail the fetch; the source backs off).
MAX_RETRY_AFTER = 60.0
#: The robots.txt product token (the first word of the User-Agent).
ROBOTS_AGENT = "dyadwatch"


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One HTTP answer: ``status`` 200 with ``body``, or 304 when nothing changed."""

    url: str
    status: int
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass(slots=True)
class _Host:
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_ok: float = 0.0  # monotonic time of the next allowed request
    robots: urllib.robotparser.RobotFileParser | None = None
    robots_allow_all: bool | None = None  # True/False when robots.txt was missing/unreachable
    robots_until: float = 0.0
    crawl_delay: float = 0.0


class Fetcher:
    """An HTTP client shared by every source of a watcher.

    Args:
        settings: the ``[watch]`` table of the sources file.
        stop: set to interrupt waits (delays, backoff) when the watcher stops.
        rng: jitter source (tests pass a seeded one).
    """

    def __init__(self, settings: WatchSettings | None = None, *, stop: threading.Event | None = None,
                 rng: random.Random | None = None, transport: httpx.BaseTransport | None = None) -> None:
        self.settings = settings or WatchSettings()
        self.stop = stop or threading.Event()
        self.rng = rng or random.Random()
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        timeout = httpx.Timeout(self.settings.read_timeout, connect=self.settings.connect_timeout)
        self.client = httpx.Client(timeout=timeout, follow_redirects=True, max_redirects=5, transport=transport,
                                   headers={"User-Agent": self.settings.user_agent,
                                            "Accept-Encoding": "gzip, deflate"}, trust_env=False)
        #: Requests sent (robots.txt included), for tests and status.
        self.requests = 0

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- politeness ------------------------------------------------------------------
    def _host(self, url: str) -> tuple[str, _Host]:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc.lower()}"
        with self._hosts_lock:
            host = self._hosts.get(key)
            if host is None:
                host = self._hosts[key] = _Host()
        return key, host

    def _wait(self, seconds: float) -> None:
        if seconds > 0 and self.stop.wait(seconds):
            raise WatchError("stopping: the watcher was asked to stop", code="DW804")

    def _polite_get(self, host: _Host, url: str, headers: dict[str, str], max_bytes: int) -> httpx.Response:
        """One GET with the host's lock held and its minimum delay respected; the body is read
        up to ``max_bytes`` (DW805 beyond)."""
        with host.lock:
            self._wait(host.next_ok - time.monotonic())
            try:
                return self._get(url, headers, max_bytes)
            finally:
                delay = max(self.settings.min_host_delay, host.crawl_delay)
                host.next_ok = time.monotonic() + delay

    def _get(self, url: str, headers: dict[str, str], max_bytes: int) -> httpx.Response:
        self.requests += 1
        budget = self.settings.connect_timeout + 2 * self.settings.read_timeout
        deadline = time.monotonic() + budget
        with self.client.stream("GET", url, headers=headers) as response:
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise WatchError(f"{url}: response of {int(declared):,} bytes is larger than the cap of "
                                 f"{max_bytes:,} (max_bytes in [watch])", code="DW805")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise WatchError(f"{url}: response is larger than the cap of {max_bytes:,} bytes "
                                     "(max_bytes in [watch])", code="DW805")
                if time.monotonic() > deadline:  # a server dripping bytes slower than the read timeout
                    raise WatchError(f"{url}: the response took longer than {budget:.0f} s", code="DW804")
                chunks.append(chunk)
            response._content = b"".join(chunks)  # the body as read, for response.content
            return response

    # -- robots.txt --------------------------------------------------------------------
    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets dyadwatch fetch ``url`` (fetched once per host and hour).

        RFC 9309: a robots.txt that is missing (4xx) allows everything; one that cannot be
        reached (5xx, network error) disallows everything until it can be read.
        """
        if not self.settings.respect_robots:
            return True
        key, host = self._host(url)
        now = time.monotonic()
        if now >= host.robots_until:
            self._load_robots(key, host)
        if host.robots_allow_all is not None:
            return host.robots_allow_all
        assert host.robots is not None
        return host.robots.can_fetch(ROBOTS_AGENT, url)

    def _load_robots(self, key: str, host: _Host) -> None:
        robots_url = key + "/robots.txt"
        host.robots, host.robots_allow_all, host.crawl_delay = None, None, 0.0
        try:
            response = self._polite_get(host, robots_url, {}, ROBOTS_MAX_BYTES)
        except WatchError as exc:
            if exc.code == "DW805":  # too long: read what RFC 9309 asks for is not possible here; allow
                host.robots_allow_all, host.robots_until = True, time.monotonic() + ROBOTS_TTL
                return
            raise
        except httpx.HTTPError as exc:
            log.info("robots.txt of %s unreachable (%s): not fetching from it for now", key, exc)
            host.robots_allow_all, host.robots_until = False, time.monotonic() + ROBOTS_RETRY_TTL
            return
        if response.status_code >= 500:
            host.robots_allow_all, host.robots_until = False, time.monotonic() + ROBOTS_RETRY_TTL
            return
        if response.status_code >= 400:
            host.robots_allow_all, host.robots_until = True, time.monotonic() + ROBOTS_TTL
            return
        parser = urllib.robotparser.RobotFileParser(robots_url)
        parser.parse(response.content.decode("utf-8", errors="replace").splitlines())
        delay = parser.crawl_delay(ROBOTS_AGENT)
        host.crawl_delay = min(float(delay), 60.0) if delay else 0.0
        host.robots, host.robots_until = parser, time.monotonic() + ROBOTS_TTL

    # -- fetching ----------------------------------------------------------------------
    def backoff_delay(self, attempt: int, base: float | None = None, cap: float = 60.0) -> float:
        """Exponential backoff with jitter ("equal jitter"): a random wait in [b·2^n / 2, b·2^n], capped."""
        base = self.settings.backoff if base is None else base
        ceiling = min(cap, base * 2.0 ** attempt)
        return ceiling / 2 + self.rng.uniform(0, ceiling / 2)

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
              max_bytes: int | None = None) -> FetchResult:
        """GET ``url`` politely; 304 when ``etag``/``last_modified`` still hold.

        Raises:
            WatchError: DW806 robots.txt disallows it; DW805 larger than the cap; DW804 the
                server kept failing (after retries), timed out or answered 4xx.
        """
        url = _clean(url)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise WatchError(f"{url!r} is not an http(s) URL", code="DW804")
        if not self.allowed(url):
            raise WatchError(f"{url}: disallowed by the site's robots.txt for {ROBOTS_AGENT!r}", code="DW806")
        _, host = self._host(url)
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        cap = max_bytes or self.settings.max_bytes
        problem = ""
        for attempt in range(self.settings.retries + 1):
            wait = self.backoff_delay(attempt)
            try:
                response = self._polite_get(host, url, headers, cap)
            except httpx.TimeoutException as exc:
                problem = f"timed out ({type(exc).__name__})"
            except httpx.InvalidURL as exc:  # not an HTTPError: a malformed link in a feed
                raise WatchError(f"{url!r} is not a valid URL: {exc}", code="DW804") from exc
            except httpx.HTTPError as exc:
                problem = f"{type(exc).__name__}: {exc}"
            else:
                status = response.status_code
                if status == 304 or 200 <= status < 300:
                    return FetchResult(url=str(response.url), status=status, body=response.content,
                                       etag=response.headers.get("etag"),
                                       last_modified=response.headers.get("last-modified"),
                                       content_type=response.headers.get("content-type"))
                problem = f"HTTP {status}"
                if status not in RETRY_STATUSES:
                    raise WatchError(f"{url}: {problem}", code="DW804")
                retry_after = _retry_after(response.headers.get("retry-after"))
                if retry_after is not None:
                    if retry_after > MAX_RETRY_AFTER:
                        raise WatchError(f"{url}: {problem}, Retry-After {retry_after:.0f} s", code="DW804")
                    wait = max(wait, retry_after)
            if attempt < self.settings.retries:
                log.info("%s: %s; retry %d in %.1f s", url, problem, attempt + 1, wait)
                self._wait(wait)
        raise WatchError(f"{url}: {problem} (after {self.settings.retries + 1} tries)", code="DW804")


def _clean(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(fragment=""))


def _retry_after(value: Any) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            when = parsedate_to_datetime(str(value))
        except (TypeError, ValueError):
            return None
        return max(0.0, float(when.timestamp()) - time.time())
