"""Real HTTP servers on 127.0.0.1 for the watch tests: a configurable news site and a
webhook receiver that checks signatures. Both run in daemon threads and record every
request they get."""

from __future__ import annotations

import email.utils
import hashlib
import html
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# Articles written for these tests (not taken from any gold file).
STORIES = [
    ("2025-11-03", "Japan and China hold talks on fisheries",
     "TOKYO, Nov 3 (Kyodo) - Japanese and Chinese officials met in Tokyo on Monday to discuss fishing quotas "
     "in the East China Sea. Japan's fisheries agency said the two sides agreed to meet again next month."),
    ("2025-11-05", "China accuses Japan of provocation near islands",
     "BEIJING, Nov 5 (Xinhua) - China accused Japan on Wednesday of provoking tensions near disputed islands. "
     "The Chinese Foreign Ministry said Beijing lodged a strong protest with Tokyo over the patrols."),
    ("2025-11-06", "China summons Japanese envoy",
     "BEIJING, Nov 6 (Reuters) - China summoned the Japanese ambassador on Thursday to protest remarks by "
     "Japan's defence minister. Chinese officials condemned the remarks as reckless."),
    ("2025-11-07", "Japan protests Chinese coast guard incursion",
     "TOKYO, Nov 7 (Kyodo) - Japan protested to China on Friday after Chinese coast guard ships entered "
     "Japanese waters. Tokyo demanded that Beijing withdraw the ships immediately."),
    ("2025-11-08", "France and Germany sign energy pact",
     "PARIS, Nov 8 (AFP) - France and Germany signed an agreement on Saturday to link their power grids. "
     "The French president praised Germany for its cooperation on energy."),
    ("2025-11-09", "India and Pakistan trade accusations",
     "NEW DELHI, Nov 9 (Reuters) - India accused Pakistan on Sunday of shelling villages near the border. "
     "Pakistan rejected the accusation and blamed Indian troops."),
]


def story_page(title: str, text: str, day: str) -> str:
    return (f"<!doctype html><html><head><title>{html.escape(title)}</title>"
            f"<meta property=\"article:published_time\" content=\"{day}\"></head><body><nav>Home | World</nav>"
            f"<article><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></article>"
            "<footer>Test site</footer></body></html>")


def rss(base: str, items: list[tuple[str, str, str, str]]) -> str:
    """RSS 2.0 with items (slug, day, title, text), newest first."""
    parts = []
    for slug, day, title, text in reversed(items):
        stamp = email.utils.format_datetime(
            email.utils.parsedate_to_datetime(f"{day[8:10]} {_MONTHS[int(day[5:7])]} {day[:4]} 12:00:00 +0000"))
        parts.append(f"<item><title>{html.escape(title)}</title><link>{base}/{slug}.html</link>"
                     f"<guid>{base}/{slug}.html</guid><pubDate>{stamp}</pubDate>"
                     f"<description>{html.escape(text)}</description></item>")
    return ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Test wire</title>"
            f"<link>{base}/</link>{''.join(parts)}</channel></rss>")


_MONTHS = ["", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

Handler = Callable[["Request"], tuple[int, dict[str, str], bytes]]


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    at: float


@dataclass
class Site:
    """A news site on 127.0.0.1: ``routes`` maps a path to a handler or to fixed content."""

    routes: dict[str, Any] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    server: Any = None
    base: str = ""

    def hits(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _make_handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms delayed-ACK stall

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

        def _serve(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            req = Request(method, self.path, {k.lower(): v for k, v in self.headers.items()}, body, time.monotonic())
            site.requests.append(req)
            route = site.routes.get(self.path)
            if route is None:
                status, headers, payload = 404, {"Content-Type": "text/plain"}, b"not found"
            elif callable(route):
                status, headers, payload = route(req)
            else:
                status, headers, payload = 200, {"Content-Type": "text/html; charset=utf-8"}, route.encode()
            try:
                self.send_response(status)
                undeclared = headers.pop("X-No-Length", None) is not None  # body ends when the connection closes
                for key, value in headers.items():
                    self.send_header(key, value)
                if undeclared:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                elif "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if payload and status != 304:
                    self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def do_GET(self) -> None:  # noqa: N802
            self._serve("GET")

        def do_POST(self) -> None:  # noqa: N802
            self._serve("POST")

    return H


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hangs up early (timeouts, the size cap) is expected here


def start_site(routes: dict[str, Any] | None = None) -> Site:
    site = Site(routes=dict(routes or {}))
    server = _QuietServer(("127.0.0.1", 0), _make_handler(site))
    site.server = server
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return site


class GrowingFeed:
    """An RSS route whose items grow when the test says so; answers 304 to a matching
    If-None-Match or If-Modified-Since."""

    def __init__(self, site: Site, stories: list[tuple[str, str, str]], *, count: int, prefix: str = "s") -> None:
        self.site = site
        self.stories = stories
        self.count = count
        self.prefix = prefix
        for i, (day, title, text) in enumerate(stories):
            site.routes[f"/{prefix}{i}.html"] = story_page(title, text, day)

    def items(self) -> list[tuple[str, str, str, str]]:
        return [(f"{self.prefix}{i}", d, t, x) for i, (d, t, x) in enumerate(self.stories[:self.count])]

    def __call__(self, req: Request) -> tuple[int, dict[str, str], bytes]:
        body = rss(self.site.base, self.items()).encode()
        etag = '"' + hashlib.sha256(body).hexdigest()[:12] + '"'
        modified = email.utils.formatdate(1_700_000_000 + self.count * 60, usegmt=True)
        headers = {"Content-Type": "application/rss+xml", "ETag": etag, "Last-Modified": modified}
        if req.headers.get("if-none-match") == etag or (
                "if-none-match" not in req.headers and req.headers.get("if-modified-since") == modified):
            return 304, headers, b""
        return 200, headers, body


class WebhookReceiver:
    """Receives alert POSTs, checks the signature, fails the first ``fail_first`` deliveries."""

    def __init__(self, secret: str, *, fail_first: int = 1) -> None:
        self.secret = secret
        self.fail_first = fail_first
        self.accepted: list[dict[str, Any]] = []
        self.rejected: list[str] = []
        self.attempts = 0
        self.site = start_site({"/hook": self})

    @property
    def url(self) -> str:
        return self.site.base + "/hook"

    def __call__(self, req: Request) -> tuple[int, dict[str, str], bytes]:
        from dyadwatch.errors import WatchError
        from dyadwatch.watch import verify_signature

        self.attempts += 1
        try:
            verify_signature(self.secret, req.body, req.headers.get("x-dyadwatch-timestamp"),
                             req.headers.get("x-dyadwatch-signature"))
        except WatchError as exc:
            self.rejected.append(str(exc))
            return 401, {}, b"bad signature"
        if self.attempts <= self.fail_first:
            return 500, {}, b"try again"
        alert = json.loads(req.body)
        alert["_delivery"] = req.headers.get("x-dyadwatch-delivery")
        self.accepted.append(alert)
        return 200, {}, b"ok"

    def close(self) -> None:
        self.site.close()
