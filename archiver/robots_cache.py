"""A robots.txt cache kept in the archive's `robots` table, for the polite fetcher."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlite_utils

from archiver.store import from_iso, iso

ROBOTS_TTL = timedelta(hours=24)


class DbRobots:
    """robots.txt kept in the archive for a day, so a run where nothing changed does not ask again."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def get(self, origin: str) -> str | None:
        """The stored robots.txt of ``origin`` if fetched in the last 24 hours."""
        row = self.db.execute("select body, fetched_at from robots where origin = ?", [origin]).fetchone()
        if row and row[1] and datetime.now(UTC) - from_iso(row[1]) < ROBOTS_TTL:
            return row[0]
        return None

    def put(self, origin: str, text: str) -> None:
        """Store the robots.txt of ``origin``."""
        self.db["robots"].upsert({"origin": origin, "body": text, "fetched_at": iso(datetime.now(UTC))},
                                 pk="origin")  # fmt: skip
