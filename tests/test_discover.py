"""Discovery: feeds, sitemaps (index, gzip, Google News), listing pages, robots.txt Sitemap lines."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

from archiver.discover import (
    detect_kind,
    looks_like_article,
    parse_feed,
    parse_page,
    parse_sitemap,
    robots_sitemaps,
)

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Statecraft</title>
<item><title>A</title><link>https://example.org/a-story-here/?utm_source=rss#top</link>
<pubDate>Fri, 03 Jan 2020 15:00:00 GMT</pubDate></item>
<item><title>B</title><link>/relative-story-link/</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><title>A</title><link href="https://example.org/atom-story"/><id>urn:x</id>
<updated>2024-01-04T12:47:00Z</updated></entry></feed>"""

NEWS_SITEMAP = b"""<?xml version="1.0"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://example.org/2024/01/04/iran-strike</loc>
<news:news><news:publication><news:name>Ex</news:name><news:language>en</news:language></news:publication>
<news:publication_date>2024-01-04T12:47:00-05:00</news:publication_date><news:title>Iran</news:title></news:news>
</url></urlset>"""

INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://example.org/sitemap-1.xml</loc><lastmod>2024-01-04</lastmod></sitemap>
<sitemap><loc>https://example.org/sitemap-2.xml.gz</loc></sitemap></sitemapindex>"""


def test_rss_entries_are_absolute_canonical_and_dated() -> None:
    listing = parse_feed(RSS, "https://example.org/feed/")
    assert [f.url for f in listing.urls] == [
        "https://example.org/a-story-here/",
        "https://example.org/relative-story-link/",
    ]
    assert listing.urls[0].lastmod == datetime(2020, 1, 3, 15, 0, tzinfo=UTC)
    assert listing.title == "Statecraft"


def test_atom_updated_time() -> None:
    listing = parse_feed(ATOM, "https://example.org/feed.atom")
    assert listing.urls[0].url == "https://example.org/atom-story"
    assert listing.urls[0].lastmod == datetime(2024, 1, 4, 12, 47, tzinfo=UTC)


def test_google_news_sitemap_uses_the_publication_date() -> None:
    listing = parse_sitemap(NEWS_SITEMAP, "https://example.org/news-sitemap.xml")
    assert listing.urls[0].url == "https://example.org/2024/01/04/iran-strike"
    assert listing.urls[0].lastmod == datetime(2024, 1, 4, 17, 47, tzinfo=UTC)


def test_sitemap_index_children_and_gzip() -> None:
    listing = parse_sitemap(gzip.compress(INDEX), "https://example.org/sitemap_index.xml")
    assert [c.url for c in listing.children] == [
        "https://example.org/sitemap-1.xml",
        "https://example.org/sitemap-2.xml.gz",
    ]
    assert listing.children[0].lastmod is not None and listing.urls == []


def test_hostile_xml_is_not_expanded() -> None:
    bomb = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">
    <!ENTITY xxe SYSTEM "file:///etc/passwd">]>
    <urlset><url><loc>https://example.org/&b;&xxe;</loc></url></urlset>"""
    listing = parse_sitemap(bomb, "https://example.org/s.xml")
    assert all("root:" not in f.url and "aaaaaaaa" not in f.url for f in listing.urls)
    assert parse_sitemap(b"\x1f\x8b garbage", "https://example.org/s.xml.gz").urls == []
    assert parse_sitemap(b"not xml at all", "https://example.org/s.xml").urls == []


def test_detect_kind() -> None:
    assert detect_kind(RSS) == "feed"
    assert detect_kind(ATOM) == "feed"
    assert detect_kind(gzip.compress(INDEX)) == "sitemap"
    assert detect_kind(NEWS_SITEMAP, "text/xml") == "sitemap"
    assert detect_kind(b"<!doctype html><html><body>hi</body></html>", "text/html") == "page"


def test_home_page_feeds_and_story_links() -> None:
    html = """<html><head><title>Home</title>
    <link rel="alternate" type="application/rss+xml" href="/feed/">
    <link rel="alternate" hreflang="de" href="/de/"></head><body>
    <a href="/tag/iran/">Iran</a> <a href="/about/">About</a> <a href="https://other.example/big-story-today/">x</a>
    <a href="/iran-bombing-soleimani/">Story</a> <a href="/2024/01/04/short">Dated</a>
    <a href="https://www.example.org/world/article-1234567">Id</a> <a href="/">Home</a></body></html>"""
    listing = parse_page(html, "https://example.org/")
    assert listing.feeds == ["https://example.org/feed/"]
    assert [f.url for f in listing.urls] == [
        "https://example.org/iran-bombing-soleimani/",
        "https://example.org/2024/01/04/short",
        "https://www.example.org/world/article-1234567",
    ]


def test_article_shapes() -> None:
    assert looks_like_article("https://x.org/news/ohio-senator-resigns-after-vote")
    assert not looks_like_article("https://x.org/category/politics-and-policy-news/")
    assert not looks_like_article("https://x.org/images/a-big-photo-file.jpg")
    assert not looks_like_article("mailto:someone@x.org")


def test_robots_sitemap_lines() -> None:
    text = "User-agent: *\nDisallow: /private/\nSitemap: https://example.org/sitemap_index.xml\n"
    assert robots_sitemaps(text) == ["https://example.org/sitemap_index.xml"]
