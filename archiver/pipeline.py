"""The pipeline, top to bottom: fetch -> clean -> extract -> store, one failure per URL, never a crash."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

import httpx
import sqlite_utils

from archiver.errors import ArchiverError, ExtractionError, FetchError
from archiver.extract import extract
from archiver.fetch import MAX_BYTES, fetch_page, make_client
from archiver.models import Article
from archiver.store import iso, latest_snapshots, now_iso, record_fetch, save_snapshot, store_article

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class UrlResult:
    """The outcome for one URL: new, changed, unchanged or failed (with a one-line error)."""

    url: str
    outcome: str
    article_id: int | None = None
    version: int | None = None
    title: str | None = None
    notes_added: int = 0
    error: str | None = None
    change_class: str | None = None


def archive_urls(
    urls: Iterable[str],
    db: sqlite_utils.Database,
    client: httpx.Client | None = None,
    *,
    max_bytes: int = MAX_BYTES,
    on_result: Callable[[UrlResult], None] | None = None,
) -> list[UrlResult]:
    """Archive each URL now; a failure is recorded for that URL and the batch carries on."""
    own = client is None
    client = client or make_client()
    results = []
    try:
        for url in urls:
            result = archive_one(url, db, client, max_bytes=max_bytes)
            results.append(result)
            if on_result:
                on_result(result)
    finally:
        if own:
            client.close()
    return results


def archive_one(url: str, db: sqlite_utils.Database, client: httpx.Client, *, max_bytes: int = MAX_BYTES) -> UrlResult:
    """Fetch, extract and store one URL; every failure becomes a fetches row and a failed result."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return _failed(db, url, f"not an http(s) URL: {url!r}")
    try:
        page = fetch_page(url, client, max_bytes=max_bytes)
    except FetchError as exc:
        return _failed(db, url, str(exc), status=exc.status)
    snapshot_id = None
    try:
        snapshot_id = save_snapshot(db, page)
        article = extract_article(page.content, page.url, page.fetched_at)
        stored = store_article(db, article, page.url, page.fetched_at, snapshot_id)
    except ArchiverError as exc:
        return _failed(db, url, str(exc), status=page.status, size=len(page.content), snapshot_id=snapshot_id)
    record_fetch(
        db, url, at=iso(page.fetched_at), status=page.status, bytes=len(page.content), elapsed=round(page.elapsed, 3),
        article_id=stored.article_id, snapshot_id=snapshot_id, outcome=stored.outcome,
    )  # fmt: skip
    return UrlResult(
        url, stored.outcome, stored.article_id, stored.version, article.title, stored.notes_added,
        change_class=stored.change_class,
    )  # fmt: skip


def extract_article(html: bytes | str, url: str, fetched_at: datetime | None = None) -> Article:
    """extract(), refusing pages where no article body was found."""
    try:
        article = extract(html, url, fetched_at)
    except ArchiverError:
        raise
    except Exception as exc:  # a parser bug on one hostile page must not sink the batch
        log.exception("extraction crashed on %s", url)
        raise ExtractionError(f"extraction failed: {type(exc).__name__}: {exc}") from exc
    if not article.body_text.strip():
        raise ExtractionError("no article body found on the page")
    return article


def reextract(db: sqlite_utils.Database, on_result: Callable[[UrlResult], None] | None = None) -> list[UrlResult]:
    """Re-run clean + extract over each article's stored snapshot; a new version only if the result changed."""
    results = []
    for snap in latest_snapshots(db):
        url = snap["final_url"] or snap["url"]
        try:
            fetched_at = datetime.fromisoformat(snap["fetched_at"]) if snap["fetched_at"] else None
            article = extract_article(snap["html"], url, fetched_at)
            stored = store_article(db, article, url, fetched_at, snap["snapshot_id"])
            result = UrlResult(url, stored.outcome, stored.article_id, stored.version, article.title,
                               stored.notes_added, change_class=stored.change_class)  # fmt: skip
        except ArchiverError as exc:
            result = UrlResult(url, "failed", snap["article_id"], error=str(exc))
        results.append(result)
        if on_result:
            on_result(result)
    return results


def _failed(db: sqlite_utils.Database, url: str, error: str, **fields) -> UrlResult:
    status, size, snapshot_id = fields.get("status"), fields.get("size"), fields.get("snapshot_id")
    try:
        record_fetch(db, url, at=now_iso(), status=status, bytes=size, error=error, outcome="failed",
                     snapshot_id=snapshot_id)  # fmt: skip
    except Exception as exc:  # the log itself failing (disk full) must still not crash the batch
        log.error("could not record the failure of %s: %s", url, exc)
    return UrlResult(url, "failed", error=error)
