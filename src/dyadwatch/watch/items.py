"""What a fetched source offers: feed entries, sitemap URLs, a page, files of a drop folder.

Each candidate is an :class:`Item` with a stable ``key`` (what the store remembers as
seen per source) and what is needed to build the article: a link to fetch and extract,
and the feed's own text as the fallback.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from dyadwatch.errors import WatchError

#: Fewer words than this in an extracted page means navigation or boilerplate only (a wire
#: story of two sentences has more).
MIN_PAGE_WORDS = 20
_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass(frozen=True, slots=True)
class Item:
    """One candidate article of a source."""

    key: str
    url: str | None = None  # page to fetch and extract (feeds, sitemaps, pages)
    item_id: str | None = None  # the feed's entry id
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD
    text: str = ""  # the feed's own text (fallback when the page cannot be used)
    path: str | None = None  # a drop-folder file
    sort_key: float = 0.0


def digest(data: bytes | str, length: int = 16) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()[:length]


def feed_items(body: bytes, origin: str) -> tuple[str | None, list[Item]]:
    """The feed's title and its entries, oldest first.

    Raises:
        WatchError: DW807 when the body is not an RSS/Atom feed with entries (a feed that
            parses with small faults but has entries is used).
    """
    import feedparser

    from dyadwatch.ingest.readers import strip_html

    parsed = feedparser.parse(io.BytesIO(body))
    entries = parsed.get("entries") or []
    version = parsed.get("version") or ""
    if not entries:
        if not version and parsed.get("bozo"):
            reason = parsed.get("bozo_exception")
            raise WatchError(f"{origin}: not an RSS/Atom feed ({reason})", code="DW807")
        if not version:
            raise WatchError(f"{origin}: not an RSS/Atom feed", code="DW807")
        return (parsed.get("feed") or {}).get("title") or None, []
    items = []
    count = len(entries)
    for index, entry in enumerate(entries):
        title = strip_html(entry.get("title") or "") or None
        bodies = [c.get("value") or "" for c in entry.get("content") or []]
        bodies.append(entry.get("summary") or "")
        text = strip_html(max(bodies, key=len))
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        date = f"{stamp.tm_year:04d}-{stamp.tm_mon:02d}-{stamp.tm_mday:02d}" if stamp else None
        link = urljoin(origin, entry["link"]) if entry.get("link") else None  # relative links, against the feed
        entry_id = entry.get("id") or link
        key = entry_id or digest((title or "") + "\n" + text)
        # Feeds list the newest first: without dates, reverse document order is oldest first.
        sort_key = float(calendar.timegm(stamp)) if stamp else float(count - index)
        items.append(Item(key=f"entry:{key}", url=link, item_id=entry_id, title=title, date=date, text=text,
                          sort_key=sort_key))
    items.sort(key=lambda it: (it.sort_key, it.key))
    return (parsed.get("feed") or {}).get("title") or None, items


def sitemap_items(body: bytes, origin: str) -> tuple[list[Item], list[str]]:
    """The page URLs of a sitemap (oldest ``lastmod`` first) and the nested sitemaps of an index.

    Raises:
        WatchError: DW807 when it is not a sitemap.
    """
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise WatchError(f"{origin}: not a sitemap (XML error: {exc})", code="DW807") from exc
    tag = root.tag.removeprefix(_SITEMAP_NS)
    if tag not in ("urlset", "sitemapindex"):
        raise WatchError(f"{origin}: not a sitemap (root element <{tag}>)", code="DW807")
    child = "url" if tag == "urlset" else "sitemap"
    found: list[tuple[str, str]] = []
    for node in root.iter(f"{_SITEMAP_NS}{child}"):
        loc = (node.findtext(f"{_SITEMAP_NS}loc") or "").strip()
        lastmod = (node.findtext(f"{_SITEMAP_NS}lastmod") or "").strip()
        if loc:
            found.append((loc, lastmod))
    if tag == "sitemapindex":
        return [], [loc for loc, _ in found]
    found.sort(key=lambda pair: (pair[1], pair[0]))
    items = [Item(key=f"url:{loc}|{lastmod}", url=loc, item_id=loc, date=lastmod[:10] or None, sort_key=float(i))
             for i, (loc, lastmod) in enumerate(found)]
    return items, []


def extract_page(body: bytes, url: str, *, metadata: bool = True) -> dict[str, Any] | None:
    """Title, publication date, text and site name of an article page (trafilatura); None
    when no article text is found. ``metadata=False`` (the feed gave title and date) skips
    the metadata search, about half of trafilatura's time."""
    import trafilatura

    html = body.decode("utf-8", errors="replace")
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=metadata, include_comments=False, include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True})
    except (ValueError, TypeError, AttributeError, LookupError):  # malformed markup
        return None
    data = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    text = (data.get("text") or "").strip()
    title = data.get("title") or None
    if title and text.startswith(title) and text[len(title):len(title) + 1] == "\n":
        text = text[len(title):].strip()  # the page heading repeats the title
    if len(text.split()) < MIN_PAGE_WORDS:
        return None
    return {"text": text, "title": title, "date": data.get("date") or None,
            "site": data.get("sitename") or data.get("hostname") or None}


def page_item(body: bytes, url: str) -> Item | None:
    """A single watched page as one item, keyed by its extracted text (a changed page is new)."""
    page = extract_page(body, url)
    if page is None:
        return None
    return Item(key=f"page:{digest(page['text'])}", url=None, item_id=url, title=page["title"], date=page["date"],
                text=page["text"])


def folder_items(folder: Path) -> list[Item]:
    """Files of a drop folder (oldest first), keyed by name and content.

    Raises:
        WatchError: DW813 when the folder does not exist or cannot be read.
    """
    from dyadwatch.ingest import walk_files

    if not folder.is_dir():
        raise WatchError(f"drop folder {folder} does not exist or is not a folder", code="DW813")
    items = []
    try:
        for path in walk_files(folder):
            if path.name.startswith(".") or path.name.endswith((".tmp", ".part", "~")):
                continue  # files still being written are renamed into place when done
            data = path.read_bytes()
            stat = path.stat()
            items.append(Item(key=f"file:{path.relative_to(folder)}|{digest(data)}", path=str(path),
                              sort_key=stat.st_mtime))
    except OSError as exc:
        raise WatchError(f"drop folder {folder} cannot be read: {exc}", code="DW813") from exc
    items.sort(key=lambda it: (it.sort_key, it.key))
    return items
