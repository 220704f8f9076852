"""The pipeline, top to bottom: fetch -> clean -> extract -> store, one failure per URL, never a crash."""

from __future__ import annotations

import logging
import multiprocessing
import sqlite3
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
import sqlite_utils

from archiver import urls
from archiver.diff import looks_broken
from archiver.errors import ArchiverError, ExtractionError, FetchError
from archiver.extract import extract
from archiver.fetch import MAX_BYTES, fetch_page, make_client
from archiver.models import Article, Page
from archiver.polite import is_public_host
from archiver.schedule import Schedule
from archiver.schedule import after_check as schedule_after_check
from archiver.store import (
    alias,
    article_key,
    find_article_id,
    from_iso,
    iso,
    latest_snapshots,
    now_iso,
    record_fetch,
    save_snapshot,
    save_validators,
    set_fields,
    store_article,
)

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
    refreshed: tuple[str, ...] = ()  # an unchanged story's metadata updated in place (see StoreResult)


def archive_urls(
    urls: Iterable[str],
    db: sqlite_utils.Database,
    client: httpx.Client | None = None,
    *,
    max_bytes: int = MAX_BYTES,
    on_result: Callable[[UrlResult], None] | None = None,
    schedule: Schedule | None = None,
) -> list[UrlResult]:
    """Archive each URL now; a failure is recorded for that URL and the batch carries on."""
    own = client is None
    client = client or make_client()
    results = []
    try:
        for url in urls:
            result = archive_one(url, db, client, max_bytes=max_bytes, schedule=schedule)
            results.append(result)
            if on_result:
                on_result(result)
    finally:
        if own:
            client.close()
    return results


def archive_one(
    url: str,
    db: sqlite_utils.Database,
    client: httpx.Client,
    *,
    max_bytes: int = MAX_BYTES,
    schedule: Schedule | None = None,
) -> UrlResult:
    """Fetch, extract and store one URL; every failure becomes a fetches row and a failed result."""
    url = url.strip()
    parts = urls.split(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return save_failure(db, url, f"not an http(s) URL: {url!r}")
    if not is_public_host(parts.hostname):
        # Allowed because the user asked for it by name; only discovered URLs are held to the address policy.
        log.warning("%s is on a loopback/private address; fetching it because it was asked for explicitly", url)
    try:
        page = fetch_page(url, client, max_bytes=max_bytes)
    except FetchError as exc:
        return save_failure(db, url, str(exc), status=exc.status)
    try:
        article = extract_article(page.content, page.url, page.fetched_at, page.encoding)
    except ArchiverError as exc:
        return save_failure(db, url, str(exc), page=page)
    return save_result(db, page, article, schedule or Schedule())


def save_result(
    db: sqlite_utils.Database, page: Page, article: Article, schedule: Schedule, *, on_done: str | None = None
) -> UrlResult:
    """Store a fetched page and its article in one transaction: snapshot, version, fetch log, next check.

    A new extraction that looks broken next to the stored version (body collapsed, mostly boilerplate)
    is recorded as a failure and the last good version is kept. ``on_done`` is a queue URL to mark done.
    """
    url = page.requested_url
    try:
        with db.atomic():
            snapshot_id = save_snapshot(db, page)
            current_id = find_article_id(db, article_key(article, page.url)) or find_article_id(db, url)
            if current_id:
                current = db["articles"].get(current_id)
                problem = looks_broken(current["body_text"] or "", article.body_text)
                if problem:
                    schedule_after_check(db, current_id, False, page.fetched_at, schedule)
                    return save_failure(db, url, f"{problem}; kept version {current['version']}", page=page,
                                        snapshot_id=snapshot_id, article_id=current_id)  # fmt: skip
            stored = store_article(db, article, page.url, page.fetched_at, snapshot_id, article_id=current_id)
            if url != page.url:
                alias(db, url, stored.article_id)
            record_fetch(
                db, url, at=iso(page.fetched_at), status=page.status, bytes=len(page.content),
                elapsed=round(page.elapsed, 3), article_id=stored.article_id, snapshot_id=snapshot_id,
                outcome=stored.outcome,
            )  # fmt: skip
            save_validators(db, url, page)
            schedule_after_check(db, stored.article_id, stored.outcome != "unchanged", page.fetched_at, schedule)
            if on_done:
                set_fields(db, "queue", "url", on_done, {"state": "done", "done_at": iso(page.fetched_at)})
    except ArchiverError as exc:
        return save_failure(db, url, str(exc), page=page)
    except sqlite3.Error as exc:  # disk full, I/O error: this article is not stored, the batch goes on
        return save_failure(db, url, f"could not store: {exc}", page=page)
    return UrlResult(
        url, stored.outcome, stored.article_id, stored.version, article.title, stored.notes_added,
        change_class=stored.change_class, refreshed=stored.refreshed,
    )  # fmt: skip


def extract_article(
    html: bytes | str, url: str | None, fetched_at: datetime | None = None, encoding: str | None = None
) -> Article:
    """extract(), refusing pages where no article body was found (``encoding``: the charset the page was fetched
    in, so that one the server named only in its Content-Type header is not lost)."""
    try:
        article = extract(html, url, fetched_at, encoding)
    except ArchiverError:
        raise
    except Exception as exc:  # a parser bug on one hostile page must not sink the batch
        log.exception("extraction crashed on %s", url)
        raise ExtractionError(f"extraction failed: {type(exc).__name__}: {exc}") from exc
    if not article.body_text.strip():
        raise ExtractionError("no article body found on the page")
    return article


def reextract(
    db: sqlite_utils.Database, on_result: Callable[[UrlResult], None] | None = None, *, workers: int = 1
) -> list[UrlResult]:
    """Re-run clean + extract over each article's stored snapshot; a new version only if the result changed.

    With ``workers`` > 1 extraction runs in a process pool while this process stores the results in order.
    """
    results = []
    snapshots = ((snap["html"], snap["final_url"] or snap["url"], from_iso(snap["fetched_at"]), snap["encoding"], snap)
                 for snap in latest_snapshots(db))  # fmt: skip
    with extraction_pool(workers, inline=True) as pool:
        for (_, url, fetched_at, _, snap), extracted in extract_many(pool, snapshots, window=max(workers, 1) * 8):
            try:
                if isinstance(extracted, BaseException):
                    raise extracted
                stored = store_article(db, extracted, url, fetched_at, snap["snapshot_id"], reextracted=True)
                result = UrlResult(url, stored.outcome, stored.article_id, stored.version, extracted.title,
                                   stored.notes_added, change_class=stored.change_class,
                                   refreshed=stored.refreshed)  # fmt: skip
            except ArchiverError as exc:
                result = UrlResult(url, "failed", snap["article_id"], error=str(exc))
            results.append(result)
            if on_result:
                on_result(result)
    return results


class InlineExecutor(Executor):
    """Runs each task at once in the caller: one worker with nothing to overlap needs no thread."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        """Run ``fn`` now; its result or exception is in the returned, finished future."""
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to the caller through the future, as a pool would
            future.set_exception(exc)
        return future


def extraction_pool(workers: int, inline: bool = False) -> Executor:
    """Extraction is CPU-bound: a process pool for more than one worker, else one thread beside the caller.

    ``inline``: with one worker, extract in the caller. A thread only helps a caller with other work to overlap
    (archive run's fetching); for reextract it only contends with the storing for the GIL.
    """
    if workers <= 1:
        return InlineExecutor() if inline else ThreadPoolExecutor(1)
    # fork keeps the already-imported extractor warm; start it before any event loop or threads exist.
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    list(pool.map(abs, range(workers)))
    return pool


def extract_many(
    pool: Executor, items: Iterable[tuple], window: int = 16
) -> Iterator[tuple[tuple, Article | BaseException]]:
    """extract_article over (html, url, fetched_at, encoding, …) items in the pool, in order, at most ``window`` in
    flight.

    The window keeps memory flat: an archive of 100,000 snapshots is never decompressed all at once.
    """
    pending: deque[tuple[tuple, Future]] = deque()
    for item in items:
        pending.append((item, pool.submit(extract_article, *item[:4])))
        if len(pending) >= window:
            yield _settle(*pending.popleft())
    while pending:
        yield _settle(*pending.popleft())


def _settle(item: tuple, future: Future) -> tuple[tuple, Article | BaseException]:
    try:
        return item, future.result()
    except ArchiverError as exc:
        return item, exc


def save_failure(
    db: sqlite_utils.Database, url: str, error: str, *, status: int | None = None, page: Page | None = None,
    snapshot_id: int | None = None, article_id: int | None = None, outcome: str = "failed",
) -> UrlResult:  # fmt: skip
    """Log a failed (or skipped) URL in `fetches`, keeping the raw page if there was one; never raises."""
    try:
        with db.atomic():
            if page is not None and snapshot_id is None:
                snapshot_id = save_snapshot(db, page)
            record_fetch(
                db, url, at=iso(page.fetched_at) if page else now_iso(), status=page.status if page else status,
                bytes=len(page.content) if page else None, error=error, outcome=outcome, snapshot_id=snapshot_id,
                article_id=article_id,
            )  # fmt: skip
    except Exception as exc:  # the log itself failing (disk full) must still not crash the batch
        log.error("could not record the failure of %s: %s", url, exc)
    return UrlResult(url, outcome, article_id, error=error)
