"""An archive of N articles made the real way (extract + store_article) from real pages, for timing reextract.

The pool is the corpus pages and the fixtures. When N is larger than the pool, page k of a later
round gets a `<link rel=canonical>` of its own (same host, path + `/copy-k`) put first in its head,
so every copy is its own article while host rules still apply.
"""

from __future__ import annotations

import hashlib
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from archiver.decode import decode_page  # noqa: E402
from bench.corpora import CORPORA, load_corpus, read_bytes  # noqa: E402

_HEAD = re.compile(rb"<head\b[^>]*>", re.I)


@dataclass(frozen=True)
class PoolPage:
    """A real page to archive: its URL (synthetic when the corpus has none) and raw bytes."""

    url: str
    data: bytes


def page_pool(corpora: Path, fixtures: Path, corpus: list[str] | None = None) -> list[PoolPage]:
    """Every page of the chosen corpora (default all), each with an http(s) URL."""
    pool = []
    for name in corpus or list(CORPORA):
        for ref in load_corpus(name, corpora, fixtures):
            url = ref.url or f"https://{name}.bench.example/{ref.page_id.replace('/', '-')}"
            pool.append(PoolPage(url, read_bytes(ref.html_path)))
    return pool


def copy_of(page: PoolPage, k: int) -> PoolPage:
    """Copy k of a page (k=0 is the page itself): its own canonical URL on the same host."""
    if k == 0:
        return page
    parts = urlsplit(page.url)
    url = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}/copy-{k}"
    link = f'<link rel="canonical" href="{url}">'.encode()
    match = _HEAD.search(page.data)
    data = page.data[: match.end()] + link + page.data[match.end() :] if match else link + page.data
    return PoolPage(url, data)


def _items(pool: list[PoolPage], start: datetime) -> Iterator[tuple[bytes, str, datetime, str, PoolPage]]:
    k = 0
    while True:
        for i, page in enumerate(pool):
            copy = copy_of(page, k)
            # The charset fetch would record (no Content-Type header here): extraction and the snapshot both get it,
            # so that a reextract reads the snapshot as the first extraction read the page.
            encoding = decode_page(copy.data).charset
            yield copy.data, copy.url, start + timedelta(minutes=k * len(pool) + i), encoding, copy
        k += 1


def build(db_path: Path, pool: list[PoolPage], articles: int, workers: int = 2) -> dict[str, Any]:
    """Archive pages from the pool until ``articles`` distinct articles are stored; the counts and time taken."""
    from archiver.models import Page
    from archiver.pipeline import extract_many, extraction_pool
    from archiver.schema import open_archive
    from archiver.store import save_snapshot, store_article

    if not pool:
        raise SystemExit("no pages to build an archive from (corpora and fixtures missing?)")
    db = open_archive(db_path)
    outcomes: Counter = Counter()
    started = time.perf_counter()
    start = datetime(2025, 1, 1, tzinfo=UTC)
    tried = 0
    with extraction_pool(workers) as pool_exec:
        items = _items(pool, start)
        for (data, url, at, encoding, _page), result in extract_many(pool_exec, items, window=workers * 8):
            tried += 1
            if isinstance(result, BaseException):
                outcomes["failed"] += 1
            else:
                page = Page(url=url, requested_url=url, status=200, headers={"etag": hashlib.sha1(data).hexdigest()},
                            content=data, text="", encoding=encoding, fetched_at=at)  # fmt: skip
                with db.atomic():
                    stored = store_article(db, result, url, at, save_snapshot(db, page))
                outcomes[stored.outcome] += 1
            if tried % 250 == 0:
                print(f"  building: {outcomes['new']}/{articles} articles stored, {tried} pages extracted, "
                      f"{time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)  # fmt: skip
            if outcomes["new"] >= articles or tried >= 20 * articles:
                break
    count = db.execute("select count(*) from articles").fetchone()[0]
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    return {"articles": count, "pages_extracted": tried, "outcomes": dict(outcomes),
            "build_s": round(time.perf_counter() - started, 1)}  # fmt: skip
