"""`archive run`: check the sources, then fetch new and due articles politely and store what changed.

One run at a time per database (a lock file beside it). Every discovered URL is queued in the
database before anything is fetched, and each article is stored in one transaction with its
queue and schedule bookkeeping, so a run that is killed loses nothing and the next one resumes.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import sqlite_utils

from archiver.discover import Found, parse_listing
from archiver.errors import ArchiverError, BlockedError, FetchError
from archiver.fetch import MAX_BYTES, make_async_client
from archiver.models import Page
from archiver.pipeline import UrlResult, extract_article, extraction_pool, save_failure, save_result
from archiver.polite import OutOfTime, Policy, PoliteFetcher
from archiver.robots_cache import DbRobots
from archiver.runlock import Locked, run_lock
from archiver.schedule import Schedule, after_check, due_articles, mark_due
from archiver.schema import open_archive
from archiver.sources import list_sources
from archiver.store import (
    conditional_headers,
    find_article_id,
    from_iso,
    iso,
    record_fetch,
    save_validators,
    set_fields,
)
from archiver.urls import host as url_host

log = logging.getLogger(__name__)

MAX_SITEMAP_DEPTH = 3


@dataclass(frozen=True)
class RunOptions:
    """What one run may do: politeness, recheck schedule and budget."""

    policy: Policy = field(default_factory=Policy)
    schedule: Schedule = field(default_factory=Schedule)
    max_pages: int = 500
    max_minutes: float = 10.0
    workers: int = 1
    max_attempts: int = 3
    max_bytes: int = MAX_BYTES
    timeout: float = 20.0
    dry_run: bool = False


@dataclass
class RunSummary:
    """Counts for the summary line, and what a dry run would fetch."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    not_modified: int = 0
    notes_added: int = 0
    failed: int = 0
    skipped: int = 0
    left: int = 0
    sources: int = 0
    sources_not_modified: int = 0
    requests: int = 0
    locked_by: str | None = None
    planned: list[str] = field(default_factory=list)

    def count(self, result: UrlResult) -> None:
        """Add one URL's outcome."""
        if result.outcome in ("new", "changed", "unchanged", "not_modified", "failed", "skipped"):
            setattr(self, result.outcome, getattr(self, result.outcome) + 1)
        self.notes_added += result.notes_added

    def line(self) -> str:
        """The one-line summary a cron mail shows."""
        text = (
            f"{self.new} new, {self.changed} changed, {self.notes_added} note(s) added, "
            f"{self.unchanged + self.not_modified} unchanged ({self.not_modified} not modified), "
            f"{self.failed} failed, {self.skipped} skipped by robots/policy; "
            f"{self.sources} source(s) checked ({self.sources_not_modified} not modified), {self.requests} request(s)"
        )
        return text + (f"; {self.left} left for the next run (budget)" if self.left else "")


def run(
    db_path: str | Path,
    options: RunOptions | None = None,
    *,
    client: httpx.AsyncClient | None = None,
    on_result: Callable[[UrlResult], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
) -> RunSummary:
    """Check every source, then archive new URLs and due rechecks within the budget; one run at a time."""
    options = options or RunOptions()
    summary = RunSummary()
    try:
        with run_lock(db_path):
            db = open_archive(db_path)
            executor = extraction_pool(options.workers)
            try:
                asyncio.run(Run(db, options, summary, client, executor, on_result, on_plan).go())
            finally:
                executor.shutdown(cancel_futures=True)
    except Locked as exc:
        summary.locked_by = str(exc)
    return summary


class Run:
    """One run's state: the database, the polite fetcher, the counts."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        options: RunOptions,
        summary: RunSummary,
        client: httpx.AsyncClient | None,
        executor: Executor,
        on_result: Callable[[UrlResult], None] | None,
        on_plan: Callable[[int], None] | None,
    ) -> None:
        self.db = db
        self.options = options
        self.summary = summary
        self.client = client
        self.executor = executor
        self.on_result = on_result
        self.on_plan = on_plan
        self.now = datetime.now(UTC)
        self.run_id: int | None = None

    async def go(self) -> None:
        """Discover, plan, fetch."""
        own = self.client is None
        client = self.client or make_async_client(timeout=self.options.timeout)
        deadline = time.monotonic() + self.options.max_minutes * 60
        self.fetcher = PoliteFetcher(client, self.options.policy, deadline=deadline, robots_cache=DbRobots(self.db))
        try:
            if not self.options.dry_run:
                self._start_run()
            await asyncio.gather(*(self._check_source(src) for src in list_sources(self.db)))
            work = self._plan()
            if self.on_plan:
                self.on_plan(len(work))
            if self.options.dry_run:
                self.summary.planned += [url for url, _ in work]
            else:
                await asyncio.gather(*(self._archive(url, queued) for url, queued in work))
        finally:
            self.summary.requests = self.fetcher.requests
            if not self.options.dry_run:
                self._finish_run()
            if own:
                await client.aclose()

    # -- sources -------------------------------------------------------------------------------

    async def _check_source(self, source: dict) -> None:
        self.summary.sources += 1
        try:
            listing = await self._fetch_listing(source["url"], source["kind"], depth=0)
        except Exception as exc:  # one bad source must not stop the others
            if not isinstance(exc, (FetchError, OutOfTime)):
                log.exception("checking source %s failed unexpectedly", source["url"])
                exc = FetchError(f"{type(exc).__name__}: {exc}")
            self._source_status(source, getattr(exc, "status", None), str(exc) or "out of time")
            if isinstance(exc, FetchError) and not self.options.dry_run:
                save_failure(self.db, source["url"], str(exc), status=exc.status,
                             outcome="skipped" if isinstance(exc, BlockedError) else "failed")  # fmt: skip
            if isinstance(exc, BlockedError):
                self.summary.skipped += 1
            elif isinstance(exc, FetchError):
                self.summary.failed += 1
            return
        if listing is None:
            self.summary.sources_not_modified += 1
            self._source_status(source, 304, None)
            return
        found, pages = listing
        self._source_status(source, 200, None, len(found))
        # The validators go in with the queued URLs: a run killed in between reads the source again.
        with self.db.atomic():
            self._enqueue(found, source["id"])
            if not self.options.dry_run:
                for page in pages:
                    save_validators(self.db, page.requested_url, page)

    async def _fetch_listing(
        self, url: str, kind: str, depth: int, trusted: str | None = None
    ) -> tuple[list[Found], list[Page]] | None:
        """A source document's URLs (following a sitemap index) and the pages read, or None when it answered 304.

        A document whose child sitemaps could not all be read is not in the pages list: next run reads it again.
        """
        headers = conditional_headers(self.db, url)
        # The user named the source, so its host is trusted; a child sitemap elsewhere is discovered like a story.
        page = await self.fetcher.get(url, html=(kind == "page"), headers=headers, max_bytes=self.options.max_bytes,
                                      check_address=depth > 0 and url_host(url) != trusted)  # fmt: skip
        if not self.options.dry_run:
            record_fetch(self.db, url, at=iso(page.fetched_at), status=page.status, bytes=len(page.content),
                         elapsed=round(page.elapsed, 3), outcome="source")  # fmt: skip
        if page.status == 304:
            return None
        listing = parse_listing(kind, page.content, page.url)
        urls, pages, complete = list(listing.urls), [], True
        if depth < MAX_SITEMAP_DEPTH:
            children = [c for c in listing.children if self._child_changed(c)]
            host = trusted or url_host(url)
            results = await asyncio.gather(*(self._fetch_listing(c.url, "sitemap", depth + 1, host) for c in children),
                                           return_exceptions=True)  # fmt: skip
            for child, result in zip(children, results, strict=True):
                if isinstance(result, tuple):
                    urls += result[0]
                    pages += result[1]
                elif isinstance(result, BaseException) and not isinstance(result, (FetchError, OutOfTime)):
                    raise result
                elif result is not None:
                    complete = False
                    log.warning("child sitemap %s: %s", child.url, result)
        return urls, [*pages, page] if complete else pages

    def _child_changed(self, child: Found) -> bool:
        """Skip a child sitemap whose <lastmod> is older than our last look at it."""
        if child.lastmod is None:
            return True
        row = self.db.execute("select checked_at from validators where url = ?", [child.url]).fetchone()
        return not row or not row[0] or from_iso(row[0]) < child.lastmod

    def _enqueue(self, found: list[Found], source_id: int) -> None:
        at = iso(self.now)
        with self.db.atomic():
            for item in found:
                article_id = find_article_id(self.db, item.url)
                if article_id:
                    row = self.db.execute("select last_fetched_at from articles where id = ?", [article_id]).fetchone()
                    if item.lastmod and row[0] and from_iso(row[0]) < item.lastmod:
                        if self.options.dry_run:
                            self.summary.planned.append(item.url)
                        else:
                            mark_due(self.db, article_id, self.now)
                    continue
                if self.options.dry_run:
                    if not self.db.execute("select 1 from queue where url = ?", [item.url]).fetchone():
                        self.summary.planned.append(item.url)
                    continue
                self.db["queue"].insert({"url": item.url, "source_id": source_id, "discovered_at": at,
                                         "lastmod": iso(item.lastmod), "state": "pending", "attempts": 0},
                                        ignore=True)  # fmt: skip

    def _source_status(self, source: dict, status: int | None, error: str | None, count: int | None = None) -> None:
        if self.options.dry_run:
            return
        update = {"last_checked_at": iso(self.now), "last_status": status, "last_error": error}
        if count is not None:
            update["url_count"] = count
        self.db["sources"].update(source["id"], update)

    # -- articles ------------------------------------------------------------------------------

    def _plan(self) -> list[tuple[str, bool]]:
        """Due rechecks first (they are few, and what changed matters), then queued new URLs, within budget."""
        budget = self.options.max_pages
        due = [(row["url"], False) for row in due_articles(self.db, self.now, budget)]
        pending = self.db.execute(
            "select url from queue where state = 'pending' order by discovered_at, rowid limit ?",
            [max(budget - len(due), 0)],
        ).fetchall()
        total_pending = self.db.execute("select count(*) from queue where state = 'pending'").fetchone()[0]
        self.summary.left = max(total_pending - len(pending), 0)
        return due + [(row[0], True) for row in pending]

    async def _archive(self, url: str, queued: bool) -> None:
        try:
            await self._archive_one(url, queued)
        except Exception as exc:  # a bug or a database error on one URL must not sink the run
            log.exception("archiving %s failed unexpectedly", url)
            self._report(save_failure(self.db, url, f"{type(exc).__name__}: {exc}"))

    async def _archive_one(self, url: str, queued: bool) -> None:
        headers = {} if queued else conditional_headers(self.db, url)
        try:
            page = await self.fetcher.get(url, headers=headers, max_bytes=self.options.max_bytes)
        except OutOfTime:
            self.summary.left += 1
            return
        except BlockedError as exc:
            self._report(self._give_up(url, queued, str(exc), "skipped"))
            return
        except FetchError as exc:
            self._report(self._give_up(url, queued, str(exc), "failed", exc.status))
            return
        if page.status == 304:
            self._report(self._not_modified(url, page))
            return
        loop = asyncio.get_running_loop()
        try:
            article = await loop.run_in_executor(self.executor, extract_article, page.content, page.url,
                                                 page.fetched_at, page.encoding)  # fmt: skip
        except ArchiverError as exc:
            self._report(self._give_up(url, queued, str(exc), "failed", page=page))
            return
        self._report(save_result(self.db, page, article, self.options.schedule, on_done=url if queued else None))

    def _not_modified(self, url: str, page) -> UrlResult:
        article_id = find_article_id(self.db, url)
        with self.db.atomic():
            record_fetch(self.db, url, at=iso(page.fetched_at), status=304, bytes=0, elapsed=round(page.elapsed, 3),
                         article_id=article_id, outcome="not_modified")  # fmt: skip
            if article_id:
                after_check(self.db, article_id, False, page.fetched_at, self.options.schedule,
                            last_fetched_at=iso(page.fetched_at))  # fmt: skip
        return UrlResult(url, "not_modified", article_id)

    def _give_up(self, url: str, queued: bool, error: str, outcome: str, status: int | None = None,
                 page=None) -> UrlResult:  # fmt: skip
        """Record a failed or refused URL: queued ones are retried next run up to max_attempts."""
        article_id = None if queued else find_article_id(self.db, url)
        with self.db.atomic():
            result = save_failure(self.db, url, error, status=status, page=page, outcome=outcome,
                                  article_id=article_id)  # fmt: skip
            if queued:
                row = self.db.execute("select attempts from queue where url = ?", [url]).fetchone()
                attempts = (row[0] or 0) + 1 if row else 1
                state = "skipped" if outcome == "skipped" else (
                    "failed" if attempts >= self.options.max_attempts else "pending")  # fmt: skip
                set_fields(self.db, "queue", "url", url, {"attempts": attempts, "last_error": error, "state": state})
            elif article_id and outcome == "skipped":
                set_fields(self.db, "articles", "id", article_id, {"next_check_at": None})  # robots now says no
            elif article_id:
                after_check(self.db, article_id, False, self.now, self.options.schedule)
        return result

    def _report(self, result: UrlResult) -> None:
        self.summary.count(result)
        if self.on_result:
            self.on_result(result)

    # -- run log -------------------------------------------------------------------------------

    def _start_run(self) -> None:
        # We hold the lock, so any run still marked running was killed.
        self.db.execute("update runs set status = 'killed' where status = 'running'")
        self.run_id = self.db["runs"].insert({"pid": os.getpid(), "started_at": iso(self.now),
                                              "status": "running"}).last_pk  # fmt: skip
        self.db.conn.commit()

    def _finish_run(self) -> None:
        if self.run_id is None:
            return
        s = self.summary
        self.db["runs"].update(self.run_id, {
            "finished_at": iso(datetime.now(UTC)), "status": "finished", "new": s.new, "changed": s.changed,
            "unchanged": s.unchanged, "not_modified": s.not_modified, "notes_added": s.notes_added,
            "failed": s.failed, "skipped": s.skipped, "queued": s.left,
        })  # fmt: skip
