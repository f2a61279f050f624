"""``dyadwatch demo --live``: the bundled sample corpus replayed as a local news feed.

A small HTTP server on 127.0.0.1 publishes the sample articles one by one, in date order,
over a couple of minutes: an RSS feed (with ETag and Last-Modified, so the watcher's
conditional requests get 304 between releases), one HTML page per article and a
robots.txt. ``dyadwatch serve --watch`` follows it, so a newcomer sees events arrive and
the China–Japan alert fire on the dashboard's alerts page, with no internet.
"""

from __future__ import annotations

import email.utils
import hashlib
import html
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from dyadwatch.records import Article

#: How long the replay takes by default (seconds).
DEFAULT_DURATION = 120.0
LIVE_DB = "demo-live.duckdb"


def sample_articles() -> list[Article]:
    """The sample corpus, oldest first (ties by title)."""
    from dyadwatch.ingest import read_inputs, sample_corpus_dir

    articles = [a for a in read_inputs([str(sample_corpus_dir())]) if isinstance(a, Article)]
    articles.sort(key=lambda a: (a.date or "", a.title or "", a.id))
    return articles


def article_page(article: Article) -> str:
    """An article as a plain news page (what trafilatura extracts from)."""
    paragraphs = "\n".join(f"<p>{html.escape(p.strip())}</p>" for p in article.text.split("\n") if p.strip())
    title = html.escape(article.title or article.id)
    when = html.escape(article.date or "")
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>"
            f"<meta property=\"article:published_time\" content=\"{when}\"></head><body>"
            f"<nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1>"
            f"<time datetime=\"{when}\">{when}</time>\n{paragraphs}</article>"
            f"<footer>Sample corpus replayed by dyadwatch demo --live</footer></body></html>")


class ReplayFeed:
    """The articles released so far; ``release(n)`` or the clock decides how many."""

    def __init__(self, articles: list[Article], *, duration: float | None = DEFAULT_DURATION,
                 start_with: int = 1) -> None:
        self.articles = articles
        self.duration = duration
        self.start_with = start_with
        self.started = time.monotonic()
        self._released = start_with
        self._lock = threading.Lock()

    def release(self, count: int) -> None:
        """Publish the first ``count`` articles (never fewer than the clock has released)."""
        with self._lock:
            self._released = max(0, min(count, len(self.articles)))

    @property
    def released(self) -> int:
        with self._lock:
            if not self.duration:
                return self._released
            share = (time.monotonic() - self.started) / self.duration
            timed = self.start_with + int(share * (len(self.articles) - self.start_with))
            return min(len(self.articles), max(timed, self._released))

    def feed(self, base: str) -> tuple[str, str, str]:
        """RSS body, ETag and Last-Modified of the current feed."""
        count = self.released
        items = []
        for index in range(count - 1, -1, -1):  # newest first, as feeds are
            article = self.articles[index]
            day = article.date or "2025-01-01"
            stamp = email.utils.format_datetime(_utc(day))
            summary = html.escape(article.text.split("\n")[0][:400])
            items.append(f"<item><title>{html.escape(article.title or article.id)}</title>"
                         f"<link>{base}/articles/{index}.html</link><guid>{base}/articles/{index}.html</guid>"
                         f"<pubDate>{stamp}</pubDate><description>{summary}</description></item>")
        body = ("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>"
                "<title>dyadwatch sample wire</title><link>" + base + "/</link>"
                "<description>The bundled sample corpus, replayed</description>" + "".join(items)
                + "</channel></rss>")
        etag = '"' + hashlib.sha256(body.encode()).hexdigest()[:16] + '"'
        latest = self.articles[count - 1].date if count else "2025-01-01"
        return body, etag, email.utils.format_datetime(_utc(latest or "2025-01-01"), usegmt=True)


def _utc(day: str) -> Any:
    import datetime as dt

    return dt.datetime.fromisoformat(day[:10]).replace(hour=12, tzinfo=dt.UTC)


class _Handler(BaseHTTPRequestHandler):
    server: _FeedServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms delayed-ACK stall

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass

    def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        feed = self.server.replay
        base = self.server.base
        if self.path == "/robots.txt":
            self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
        elif self.path == "/feed.xml":
            body, etag, modified = feed.feed(base)
            if self.headers.get("If-None-Match") == etag:
                self._send(304, b"", "application/rss+xml", {"ETag": etag, "Last-Modified": modified})
                return
            self._send(200, body.encode("utf-8"), "application/rss+xml; charset=utf-8",
                       {"ETag": etag, "Last-Modified": modified})
        elif self.path.startswith("/articles/") and self.path.endswith(".html"):
            try:
                index = int(self.path[len("/articles/"):-len(".html")])
            except ValueError:
                index = -1
            if not 0 <= index < feed.released:
                self._send(404, b"not found", "text/plain")
                return
            self._send(200, article_page(feed.articles[index]).encode("utf-8"), "text/html; charset=utf-8")
        else:
            self._send(404, b"not found", "text/plain")


class _FeedServer(ThreadingHTTPServer):
    daemon_threads = True
    replay: ReplayFeed
    base: str


def start_feed_server(replay: ReplayFeed, *, host: str = "127.0.0.1", port: int = 0) -> tuple[_FeedServer, str]:
    """Serve ``replay`` on ``host`` (loopback) in a daemon thread; returns the server and its feed URL."""
    server = _FeedServer((host, port), _Handler)
    server.replay = replay
    server.base = f"http://{host}:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, name="dyadwatch-demo-feed", daemon=True).start()
    return server, f"{server.base}/feed.xml"


def live_sources(feed_url: str, *, interval: float = 3.0, alerts_file: Path | None = None) -> str:
    """The sources file of the live demo: the local feed, a CHN–JPN watchlist, stdout (and file) sinks."""
    text = (f"[watch]\nmin_host_delay = 0.1\nuser_agent = \"dyadwatch-demo/0.1 (local replay)\"\n\n"
            f"[[source]]\nname = \"sample-wire\"\nkind = \"feed\"\nurl = \"{feed_url}\"\ninterval = {interval}\n"
            f"tags = [\"demo\"]\n\n"
            f"[[watchlist]]\nname = \"china-japan\"\ndyads = [\"CHN:JPN\"]\nthreshold = 3.0\n\n"
            f"[[sink]]\nname = \"terminal\"\nkind = \"stdout\"\n")
    if alerts_file is not None:
        text += f"\n[[sink]]\nname = \"alerts-file\"\nkind = \"file\"\npath = \"{alerts_file}\"\n"
    return text
