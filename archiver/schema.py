"""The archive's schema: tables, indexes, full-text search, and opening (or creating) an archive."""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils.db import DescIndex

DEFAULT_DB = "archive.db"
BUSY_TIMEOUT_MS = 30_000

SCHEMA: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    # The two bodies come last: SQLite stores a long row's tail in overflow pages, and every column after
    # the bodies would cost a walk through them. search_id: see SEARCH_ID_TRIGGER.
    "articles": (
        {"id": int, "search_id": int, "url": str, "title": str, "subtitle": str, "authors": str, "site_name": str,
         "section": str, "tags": str, "language": str, "published_at": str, "modified_at": str, "image_url": str,
         "image_caption": str, "image_credit": str, "description": str, "word_count": int, "note_count": int,
         "content_hash": str, "first_seen_at": str, "last_fetched_at": str, "last_changed_at": str, "version": int,
         "next_check_at": str, "check_count": int, "body_text": str, "body_markdown": str},
        {"pk": "id", "not_null": {"url"}},
    ),
    "snapshots": (
        {"id": int, "url": str, "final_url": str, "fetched_at": str, "status": int, "headers": str,
         "encoding": str, "content_gz": bytes, "size": int, "sha256": str},
        {"pk": "id"},
    ),
    "article_urls": ({"url": str, "article_id": int}, {"pk": "url", "foreign_keys": [("article_id", "articles")]}),
    "versions": (
        {"id": int, "article_id": int, "version": int, "fetched_at": str, "title": str, "authors": str,
         "body_text": str, "body_markdown": str, "content_hash": str, "diff": str, "change_class": str,
         "snapshot_id": int, "metadata": str},
        {"pk": "id", "foreign_keys": [("article_id", "articles"), ("snapshot_id", "snapshots")]},
    ),
    "update_notes": (
        {"id": int, "article_id": int, "version": int, "kind": str, "label": str, "noted_at": str, "text": str,
         "position": int, "noted_on": str},
        {"pk": "id", "foreign_keys": [("article_id", "articles")]},
    ),
    "fetches": (
        {"id": int, "url": str, "at": str, "status": int, "bytes": int, "elapsed": float, "error": str,
         "article_id": int, "snapshot_id": int, "outcome": str},
        {"pk": "id"},
    ),
    "removals": (
        {"id": int, "article_id": int, "version": int, "rule": str, "text": str},
        {"pk": "id", "foreign_keys": [("article_id", "articles")]},
    ),
    "sources": (
        {"id": int, "url": str, "kind": str, "name": str, "etag": str, "last_modified": str,
         "last_checked_at": str, "added_at": str, "last_status": int, "last_error": str, "url_count": int},
        {"pk": "id"},
    ),
    "validators": (
        {"url": str, "etag": str, "last_modified": str, "checked_at": str},
        {"pk": "url"},
    ),
    "robots": (
        {"origin": str, "body": str, "fetched_at": str},
        {"pk": "origin"},
    ),
    "queue": (
        {"url": str, "source_id": int, "discovered_at": str, "lastmod": str, "state": str, "attempts": int,
         "last_error": str, "done_at": str},
        {"pk": "url"},
    ),
    "runs": (
        {"id": int, "pid": int, "started_at": str, "finished_at": str, "status": str, "new": int, "changed": int,
         "unchanged": int, "not_modified": int, "notes_added": int, "failed": int, "skipped": int,
         "queued": int},
        {"pk": "id"},
    ),
}  # fmt: skip
INDEXES = [
    ("articles", ["url"], True),
    ("versions", ["article_id", "version"], True),
    ("update_notes", ["article_id"], False),
    ("snapshots", ["url", "sha256"], False),
    ("fetches", ["url"], False),
    ("removals", ["article_id", "version"], False),
    ("sources", ["url"], True),
    ("articles", ["next_check_at"], False),
    # The columns Datasette sorts and facets on: without these a 100,000-article archive times out. The
    # articles page lists newest first, then by id (`order by published_at desc, id` on ?_next= pages),
    # also within a facet value (?site_name=…); each index carries search_id, so that a search (search_id
    # in <full-text matches>) is answered from the index alone.
    ("articles", ["published_at", DescIndex("id"), "search_id"], False),
    ("articles", ["site_name", "published_at", DescIndex("id"), "search_id"], False),
    ("articles", ["section", "published_at", DescIndex("id"), "search_id"], False),
    ("articles", ["language", "published_at", DescIndex("id"), "search_id"], False),
    ("articles", ["note_count", "search_id"], False),
    ("versions", ["fetched_at"], False),
    ("update_notes", ["noted_at"], False),
    ("fetches", ["at"], False),
    ("fetches", ["outcome"], False),
    ("snapshots", ["fetched_at"], False),
    ("queue", ["state", "discovered_at"], False),
]

# Facet counts over a search. Datasette asks `<column> is not null and search_id in (<matches>)`: these
# partial indexes answer it by looking up each match, instead of checking all 100,000 entries of the
# column's index. The page's own query has no such condition, so it cannot pick them (a lookup per match
# is what made it fetch and sort every matching article) and keeps walking the date index.
FACET_SEARCH_INDEXES = {f"idx_articles_search_{c}": f"CREATE INDEX IF NOT EXISTS [idx_articles_search_{c}] ON "
                        f"[articles] ([search_id], [{c}]) WHERE [{c}] IS NOT NULL"
                        for c in ("site_name", "section", "language")}  # fmt: skip
# Indexes of archives made before search_id, superseded by the (column, …, search_id) ones above.
SUPERSEDED_INDEXES = frozenset(f"idx_articles_{c}" for c in ("published_at", "site_name", "section", "language",
                                                             "note_count"))  # fmt: skip
# search_id is the article id again. Datasette's search filters on `search_id in (select rowid from
# articles_fts where articles_fts match ...)`: on id (the rowid) SQLite would fetch every matching article
# (29,000 rows of ~12 KB for "government" in 100,000) and sort them all by date; search_id leads no index,
# so it walks the (published_at, id, search_id) index newest first instead and stops at the first 51 hits.
SEARCH_ID_TRIGGER = """CREATE TRIGGER IF NOT EXISTS [articles_search_id] AFTER INSERT ON [articles]
WHEN new.[search_id] IS NULL BEGIN
  UPDATE [articles] SET [search_id] = new.[id] WHERE [id] = new.[id];
END"""
# Full-text index pages of 32 KB instead of FTS5's 4 KB: a tenth of the rows in articles_fts_data, which
# Datasette's database page counts (one uninterruptible count(*) that took 140 ms at 100,000 articles).
FTS_PAGE_SIZE = 32768


class Archive(sqlite_utils.Database):
    """A sqlite-utils Database whose transactions take the write lock first (BEGIN IMMEDIATE).

    In WAL mode a deferred transaction that reads, then writes, fails at once with "database is locked"
    when another process committed in between (the busy timeout cannot help it); taking the lock first
    makes the second writer wait its turn (up to the busy timeout) instead.
    """

    @contextmanager
    def atomic(self) -> Iterator[Archive]:
        """One transaction (a savepoint when nested); rolled back whole on any error."""
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise


def open_archive(path: str | Path | None = None) -> sqlite_utils.Database:
    """Open (creating on first use) the archive at ``path``, ``$ARCHIVE_DB`` or ./archive.db."""
    path = path or os.environ.get("ARCHIVE_DB") or DEFAULT_DB
    db = Archive(str(path)) if str(path) != ":memory:" else Archive(memory=True)
    db.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if str(path) != ":memory:":
        _enable_wal(db)
        # With WAL, NORMAL never corrupts and a killed process loses nothing committed; only a power
        # loss can drop the last commits. FULL would fsync every article (~10 ms each).
        db.conn.execute("PRAGMA synchronous = NORMAL")
    db.conn.execute("PRAGMA foreign_keys = ON")
    ensure_schema(db)
    return db


def _enable_wal(db: sqlite_utils.Database) -> None:
    """Switch to WAL, waiting out another process that is creating or switching the same new file.

    Changing the journal mode takes the file for itself and SQLite reports "database is locked" at once rather than
    waiting for the busy timeout: two `archive url` commands starting on a new archive collided about half the time.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            db.enable_wal()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01 + random.random() * 0.04)  # jittered, so two openers don't retry in step


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create missing tables, indexes and the full-text index, and migrate older archives (idempotent)."""
    if _up_to_date(db):
        return
    if db["articles"].exists() and "search_id" not in db["articles"].columns_dict:
        _rebuild_articles(db)
    with db.atomic():
        existing = set(db.table_names())  # again, under the write lock: another process may have just made them
        for name, (columns, options) in SCHEMA.items():  # ordered so foreign keys point at existing tables
            if name not in existing:
                db[name].create(columns, **options)
        for name, column, kind in _missing_columns(db):  # an archive made by an older version
            db[name].add_column(column, kind)
        for table, cols, unique in INDEXES:
            db[table].create_index(cols, unique=unique, if_not_exists=True)
        for sql in FACET_SEARCH_INDEXES.values():
            db.execute(sql)
        db.execute(SEARCH_ID_TRIGGER)
    if "articles_fts" not in set(db.table_names()):
        try:
            db["articles"].enable_fts(["title", "body_text"], create_triggers=True, tokenize="porter")
        except sqlite3.OperationalError:
            if "articles_fts" not in set(db.table_names()):
                raise
            # another process opening the same new archive created the index first
    _narrow_fts_update_trigger(db)
    _set_fts_page_size(db)


def _up_to_date(db: sqlite_utils.Database) -> bool:
    """Whether the archive already has every table, column, index, trigger and full-text setting."""
    existing = set(db.table_names())
    if not (all(name in existing for name in SCHEMA) and "articles_fts" in existing):
        return False
    if _missing_columns(db) or _missing_indexes(db) or _fts_page_size(db) != FTS_PAGE_SIZE:
        return False
    trigger = "select 1 from sqlite_master where type = 'trigger' and name = 'articles_search_id'"
    return db.execute(trigger).fetchone() is not None


def _rebuild_articles(db: sqlite_utils.Database) -> None:
    """Copy articles into SCHEMA's column order with search_id filled (archives made before search_id).

    SQLite cannot add a column anywhere but last, nor fill one without rewriting every row, so the table
    is rebuilt once: 15-20 s for 100,000 articles. Ids stay, so the full-text index stays valid.
    """
    conn = db.conn
    foreign_keys = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    secure_delete = conn.execute("PRAGMA secure_delete").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")  # dropping the old table must not cascade to its children
    conn.execute("PRAGMA secure_delete = OFF")  # no need to zero the 1.4 GB the old copy leaves free
    try:
        with db.atomic():
            if "search_id" in db["articles"].columns_dict:
                return  # another process migrated it while this one waited for the lock
            keep = [sql for name, sql in db.execute(
                "select name, sql from sqlite_master where tbl_name = 'articles' and type in ('index', 'trigger') "
                "and sql is not null") if name not in SUPERSEDED_INDEXES]  # fmt: skip
            columns, options = SCHEMA["articles"]
            have = set(db["articles"].columns_dict)
            source = ", ".join("[id]" if c == "search_id" else f"[{c}]" if c in have else "null" for c in columns)
            db.execute(db.create_table_sql("articles_rebuilt", columns, **options))
            db.execute(f"insert into articles_rebuilt ({', '.join(f'[{c}]' for c in columns)}) "
                       f"select {source} from articles")  # fmt: skip
            db.execute("drop table articles")  # its indexes and triggers go with it
            db.execute("alter table articles_rebuilt rename to articles")
            for sql in keep:
                db.execute(sql)
    finally:
        conn.execute(f"PRAGMA secure_delete = {secure_delete}")
        conn.execute(f"PRAGMA foreign_keys = {foreign_keys}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # give back the WAL the copy went through


def _fts_page_size(db: sqlite_utils.Database) -> int | None:
    """The full-text index's configured page size (None: FTS5's default, or no index yet)."""
    try:
        row = db.execute("select v from articles_fts_config where k = 'pgsz'").fetchone()
    except sqlite3.OperationalError:  # no full-text index yet
        return None
    return int(row[0]) if row else None


def _set_fts_page_size(db: sqlite_utils.Database) -> None:
    """Switch the full-text index to FTS_PAGE_SIZE and rewrite it in the new size (5-12 s at 100,000)."""
    if _fts_page_size(db) == FTS_PAGE_SIZE:
        return
    with db.atomic():
        if _fts_page_size(db) == FTS_PAGE_SIZE:
            return  # another process did it first
        db.execute("insert into articles_fts (articles_fts, rank) values ('pgsz', ?)", [FTS_PAGE_SIZE])
        db.execute("insert into articles_fts (articles_fts) values ('optimize')")


def _narrow_fts_update_trigger(db: sqlite_utils.Database) -> None:
    """Re-index an article only when its title or body change, not on every bookkeeping update."""
    row = db.execute("select sql from sqlite_master where type = 'trigger' and name = 'articles_au'").fetchone()
    if not row or "UPDATE OF" in row[0]:
        return
    with db.atomic():
        row = db.execute("select sql from sqlite_master where type = 'trigger' and name = 'articles_au'").fetchone()
        if not row or "UPDATE OF" in row[0]:
            return  # another process opening the same archive did it first
        db.execute("drop trigger articles_au")
        db.execute(row[0].replace('AFTER UPDATE ON "articles"', 'AFTER UPDATE OF "title", "body_text" ON "articles"'))


def _missing_columns(db: sqlite_utils.Database) -> list[tuple[str, str, type]]:
    found = []
    for name, (columns, _options) in SCHEMA.items():
        if db[name].exists():
            have = set(db[name].columns_dict)
            found += [(name, col, kind) for col, kind in columns.items() if col not in have]
    return found


def _missing_indexes(db: sqlite_utils.Database) -> bool:
    names = {row[0] for row in db.execute("select name from sqlite_master where type = 'index'")}
    wanted = [f"idx_{table}_{'_'.join(cols)}" for table, cols, _ in INDEXES] + list(FACET_SEARCH_INDEXES)
    return any(name not in names for name in wanted)
