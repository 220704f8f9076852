"""The sources `archive run` watches: feeds, sitemaps and listing pages, kept in the archive's `sources` table."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import sqlite_utils

from archiver.discover import KINDS, detect_kind, parse_page, robots_sitemaps
from archiver.errors import ArchiverError, FetchError
from archiver.fetch import fetch_page
from archiver.store import now_iso
from archiver.urls import canonicalize_url
from archiver.urls import split as url_split

log = logging.getLogger(__name__)


class SourceError(ArchiverError):
    """A source could not be added (bad URL, unknown kind, nothing to watch)."""


def add_source(
    db: sqlite_utils.Database,
    url: str,
    kind: str | None = None,
    name: str | None = None,
    client: httpx.Client | None = None,
) -> list[dict[str, Any]]:
    """Add a source; with no kind, fetch it and tell: a feed, a sitemap, or a page (whose feeds are added instead).

    A home page that advertises feeds (<link rel=alternate>) adds those feeds; one that does not adds the
    sitemaps its robots.txt lists, and failing that the page itself as a listing page.
    """
    url = canonicalize_url(url)
    parts = url_split(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SourceError(f"not an http(s) URL: {url!r}")
    if kind is not None and kind not in KINDS:
        raise SourceError(f"unknown kind {kind!r} (one of {', '.join(KINDS)})")
    if kind is not None:
        return [_insert(db, url, kind, name)]
    try:
        page = fetch_page(url, client, html=False)
    except FetchError as exc:
        raise SourceError(f"could not fetch {url}: {exc} (give --kind to add it without checking)") from exc
    kind = detect_kind(page.content, page.headers.get("content-type", ""))
    if kind != "page":
        return [_insert(db, url, kind, name)]
    listing = parse_page(page.content, page.url)
    if listing.feeds:
        log.info("%s advertises %d feed(s)", url, len(listing.feeds))
        return [_insert(db, feed, "feed", name) for feed in listing.feeds]
    sitemaps = _robots_sitemaps(url, client)
    if sitemaps:
        return [_insert(db, sitemap, "sitemap", name) for sitemap in sitemaps]
    return [_insert(db, url, "page", name or listing.title)]


def list_sources(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every source, oldest first."""
    return list(db["sources"].rows_where(order_by="id"))


def remove_source(db: sqlite_utils.Database, url_or_id: str) -> bool:
    """Remove a source by id or URL (its articles stay archived); False if there was none."""
    if url_or_id.isdigit():
        where, args = "id = ?", [int(url_or_id)]
    else:
        where, args = "url = ? or url = ?", [url_or_id, canonicalize_url(url_or_id)]
    with db.atomic():
        found = db.execute(f"select count(*) from sources where {where}", args).fetchone()[0]
        db.execute(f"delete from sources where {where}", args)
    return bool(found)


def _insert(db: sqlite_utils.Database, url: str, kind: str, name: str | None) -> dict[str, Any]:
    existing = list(db["sources"].rows_where("url = ?", [url]))
    if existing:
        return {**existing[0], "existing": True}
    row = {"url": url, "kind": kind, "name": name, "added_at": now_iso()}
    row["id"] = db["sources"].insert(row).last_pk
    return row


def _robots_sitemaps(url: str, client: httpx.Client | None) -> list[str]:
    parts = url_split(url)
    try:
        robots = fetch_page(f"{parts.scheme}://{parts.netloc}/robots.txt", client, html=False)
    except FetchError:
        return []
    return [canonicalize_url(s) for s in robots_sitemaps(robots.content.decode("utf-8", "replace"))]
