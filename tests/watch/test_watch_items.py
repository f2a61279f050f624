"""What a fetched source offers: feed entries (oldest first, links resolved), sitemaps,
and the errors for bodies that are neither."""

from __future__ import annotations

import pytest

from dyadwatch.errors import WatchError
from dyadwatch.watch.items import feed_items, sitemap_items

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>
<item><title>Second</title><link>/world/2.html</link><pubDate>Wed, 05 Nov 2025 09:00:00 GMT</pubDate>
<description>&lt;p&gt;Japan protested to China on Wednesday.&lt;/p&gt;</description></item>
<item><title>First</title><link>https://other.example.org/1.html</link><guid>id-1</guid>
<pubDate>Mon, 03 Nov 2025 09:00:00 GMT</pubDate><description>China and Japan held talks.</description></item>
</channel></rss>"""


def test_feed_items_oldest_first_with_links_resolved() -> None:
    title, items = feed_items(FEED.encode(), "https://news.example.org/feeds/rss.xml")
    assert title == "Desk"
    assert [(i.title, i.date, i.url) for i in items] == [
        ("First", "2025-11-03", "https://other.example.org/1.html"),
        ("Second", "2025-11-05", "https://news.example.org/world/2.html")]
    assert items[0].key == "entry:id-1" and items[1].text == "Japan protested to China on Wednesday."


@pytest.mark.parametrize("body", [b"<html><body><p>Not a feed</p></body></html>", b"\x00\x01garbage", b"<rss"])
def test_feed_items_malformed_is_dw807(body: bytes) -> None:
    with pytest.raises(WatchError, match="DW807"):
        feed_items(body, "https://news.example.org/rss.xml")


def test_feed_without_entries_is_empty() -> None:
    assert feed_items(b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>',
                      "u") == ("Quiet", [])


@pytest.mark.parametrize("body", [b"<urlset", b"<html><body/></html>"])
def test_sitemap_items_malformed_is_dw807(body: bytes) -> None:
    with pytest.raises(WatchError, match="DW807"):
        sitemap_items(body, "https://news.example.org/sitemap.xml")
