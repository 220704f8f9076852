"""Feeds, sitemaps and listing pages -> candidate article URLs (with the publisher's last-modified time)."""

from __future__ import annotations

import logging
import re
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

import feedparser
from lxml import etree
from protego import Protego
from selectolax.lexbor import LexborHTMLParser

from archiver.metadata import parse_datetime
from archiver.urls import bare_host, canonicalize_url
from archiver.urls import join as url_join
from archiver.urls import split as url_split

log = logging.getLogger(__name__)

KINDS = ("feed", "sitemap", "page")
# A sitemap may hold 50,000 URLs and 50 MB uncompressed (sitemaps.org); more is a bomb, not a sitemap.
MAX_XML_BYTES = 60 * 1024 * 1024
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml")
# Listing-page links that name a place on the site rather than a story.
_NOT_ARTICLE = re.compile(
    r"^/(?:tags?|topics?|category|categories|section|sections|authors?|people|page|search|about|contact|"
    r"privacy|terms|login|signin|signup|register|subscribe|newsletters?|account|feed|rss|video|videos|"
    r"podcasts?|events|jobs|shop|advertise|sitemap)(?:/|$)",
    re.I,
)
_DATE_IN_PATH = re.compile(r"/(?:19|20)\d\d/(?:[01]?\d/)?")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+){2,}", re.I)
_ID = re.compile(r"\d{5,}")


@dataclass(frozen=True)
class Found:
    """A URL a source lists, with the time the source says it last changed (if any)."""

    url: str
    lastmod: datetime | None = None


@dataclass(frozen=True)
class Listing:
    """What one source document yields: article URLs, child sitemaps, advertised feeds."""

    kind: str
    urls: list[Found] = field(default_factory=list)
    children: list[Found] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    title: str | None = None


def detect_kind(content: bytes, content_type: str = "") -> str:
    """Tell a feed, a sitemap and an HTML page apart by content type and the document's first element."""
    head = _maybe_gunzip(content[:MAX_XML_BYTES])[:2048].lstrip().lower()
    ctype = content_type.split(";")[0].strip().lower()
    if b"<urlset" in head or b"<sitemapindex" in head:
        return "sitemap"
    if ctype in FEED_TYPES or b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "feed"
    return "page"


def parse_listing(kind: str, content: bytes, url: str) -> Listing:
    """Parse a source document of the given kind."""
    if kind == "feed":
        return parse_feed(content, url)
    if kind == "sitemap":
        return parse_sitemap(content, url)
    return parse_page(content, url)


def parse_feed(content: bytes, url: str) -> Listing:
    """Entries of an RSS/Atom feed: their links and updated (or published) times."""
    parsed = feedparser.parse(content, response_headers={"content-location": url})
    found = []
    for entry in parsed.entries:
        link = entry.get("link") or (entry.get("id") if str(entry.get("id", "")).startswith("http") else None)
        if not link:
            continue
        # dict.get skips feedparser's deprecated updated->published key mapping (and its warning).
        stamp = dict.get(entry, "updated_parsed") or dict.get(entry, "published_parsed")
        lastmod = datetime(*stamp[:6], tzinfo=UTC) if stamp else None
        found.append(Found(_absolute(link, url), lastmod))
    return Listing("feed", _dedupe(found), title=parsed.feed.get("title"))


def parse_sitemap(content: bytes, url: str) -> Listing:
    """URLs of a sitemap (with <lastmod> or a Google News publication date), or children of a sitemap index."""
    data = _maybe_gunzip(content)
    # No entities, no network: sitemaps come from strangers.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        return Listing("sitemap")
    urls, children = [], []
    for node in root:
        name = etree.QName(node).localname if isinstance(node.tag, str) else ""
        if name not in ("url", "sitemap"):
            continue
        loc, lastmod = None, None
        for child in node.iter():
            if not isinstance(child.tag, str):
                continue
            local = etree.QName(child).localname
            text = (child.text or "").strip()
            if local == "loc" and loc is None:
                loc = text
            elif local == "lastmod" or (local == "publication_date" and lastmod is None):
                lastmod = parse_datetime(text) or lastmod
        if loc:
            (urls if name == "url" else children).append(Found(_absolute(loc, url), lastmod))
    return Listing("sitemap", _dedupe(urls), _dedupe(children))


def parse_page(content: bytes | str, url: str) -> Listing:
    """A listing page (a home or section page): the feeds it advertises and its same-site story links."""
    tree = LexborHTMLParser(content if isinstance(content, str) else content.decode("utf-8", "replace"))
    feeds = []
    for link in tree.css("link[rel~=alternate][href]"):
        if (link.attributes.get("type") or "").lower() in FEED_TYPES:
            feeds.append(_absolute(link.attributes["href"] or "", url))
    host = bare_host(url)
    found = []
    for anchor in tree.css("a[href]"):
        href = _absolute(anchor.attributes.get("href") or "", url)
        if bare_host(href) == host and looks_like_article(href):
            found.append(Found(href))
    title = tree.css_first("title")
    return Listing("page", _dedupe(found), feeds=list(dict.fromkeys(feeds)),
                   title=title.text(strip=True) if title else None)  # fmt: skip


def looks_like_article(url: str) -> bool:
    """Whether a link's path has the shape of a story (a long slug, a date or a numeric id), not a section."""
    parts = url_split(url)
    path = parts.path
    if parts.scheme not in ("http", "https") or path.strip("/") == "" or _NOT_ARTICLE.match(path):
        return False
    if re.search(r"\.(?:jpe?g|png|gif|svg|webp|pdf|mp[34]|zip|xml|json|css|js)$", path, re.I):
        return False
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return bool(_DATE_IN_PATH.search(path) or _SLUG.fullmatch(last.removesuffix(".html")) or _ID.search(last))


def robots_sitemaps(robots_txt: str) -> list[str]:
    """The `Sitemap:` lines of a robots.txt."""
    return list(Protego.parse(robots_txt).sitemaps)


def _maybe_gunzip(content: bytes) -> bytes:
    """Sitemaps are often served as .xml.gz; inflate them, but never past the size cap (gzip bombs)."""
    if not content.startswith(b"\x1f\x8b"):
        return content
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(content, MAX_XML_BYTES)
    except zlib.error:
        log.warning("a gzip'd source document is corrupt")
        return b""
    if inflater.unconsumed_tail:
        log.warning("a gzip'd source document inflates past %d bytes; truncated", MAX_XML_BYTES)
    return data


def _absolute(href: str, base: str) -> str:
    joined = url_join(base, href.strip())
    return canonicalize_url(joined) if joined else ""  # a malformed link ("https://[…") is no link


def _dedupe(found: list[Found]) -> list[Found]:
    seen: dict[str, Found] = {}
    for item in found:
        if item.url.startswith(("http://", "https://")) and item.url not in seen:
            seen[item.url] = item
    return list(seen.values())
