"""The archive's schema: tables, indexes, full-text search, and opening (or creating) an archive."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

DEFAULT_DB = "archive.db"
BUSY_TIMEOUT_MS = 30_000

SCHEMA: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "articles": (
        {"id": int, "url": str, "title": str, "subtitle": str, "authors": str, "site_name": str, "section": str,
         "tags": str, "language": str, "published_at": str, "modified_at": str, "image_url": str,
         "image_caption": str, "image_credit": str, "description": str, "body_text": str, "body_markdown": str,
         "word_count": int, "note_count": int, "content_hash": str, "first_seen_at": str, "last_fetched_at": str,
         "last_changed_at": str, "version": int, "next_check_at": str, "check_count": int},
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
         "position": int},
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
    # The columns Datasette sorts and facets on: without these a 100,000-article archive times out.
    ("articles", ["published_at"], False),
    ("articles", ["site_name"], False),
    ("articles", ["section"], False),
    ("articles", ["language"], False),
    ("articles", ["note_count"], False),
    ("versions", ["fetched_at"], False),
    ("update_notes", ["noted_at"], False),
    ("fetches", ["at"], False),
    ("fetches", ["outcome"], False),
    ("snapshots", ["fetched_at"], False),
    ("queue", ["state", "discovered_at"], False),
]


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
        db.enable_wal()
        # With WAL, NORMAL never corrupts and a killed process loses nothing committed; only a power
        # loss can drop the last commits. FULL would fsync every article (~10 ms each).
        db.conn.execute("PRAGMA synchronous = NORMAL")
    db.conn.execute("PRAGMA foreign_keys = ON")
    ensure_schema(db)
    return db


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create missing tables, indexes and the full-text index (idempotent)."""
    existing = set(db.table_names())
    if (
        all(name in existing for name in SCHEMA)
        and "articles_fts" in existing
        and not _missing_columns(db)
        and not _missing_indexes(db)
    ):
        return
    with db.atomic():
        existing = set(db.table_names())  # again, under the write lock: another process may have just made them
        for name, (columns, options) in SCHEMA.items():  # ordered so foreign keys point at existing tables
            if name not in existing:
                db[name].create(columns, **options)
        for name, column, kind in _missing_columns(db):  # an archive made by an older version
            db[name].add_column(column, kind)
        for table, cols, unique in INDEXES:
            db[table].create_index(cols, unique=unique, if_not_exists=True)
    if "articles_fts" not in set(db.table_names()):
        try:
            db["articles"].enable_fts(["title", "body_text"], create_triggers=True, tokenize="porter")
        except sqlite3.OperationalError:
            if "articles_fts" not in set(db.table_names()):
                raise
            # another process opening the same new archive created the index first
    _narrow_fts_update_trigger(db)


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
    return any(f"idx_{table}_{'_'.join(cols)}" not in names for table, cols, _ in INDEXES)
