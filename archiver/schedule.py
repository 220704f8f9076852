"""When to look at an archived article again: a backoff after each check, stopping after N days."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlite_utils

from archiver.store import from_iso, iso, set_fields

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$", re.I)


@dataclass(frozen=True)
class Schedule:
    """Recheck intervals after the 1st, 2nd, … check (the last repeats), and when to stop rechecking."""

    intervals: tuple[float, ...] = (15 * 60, 3600, 6 * 3600, 86400, 3 * 86400)
    stop_after: float = 7 * 86400

    def next_check(self, first_seen: datetime, checks: int, now: datetime) -> datetime | None:
        """When the next check is due after ``checks`` checks, or None once the article is old enough to stop."""
        when = now + timedelta(seconds=self.intervals[min(max(checks, 1), len(self.intervals)) - 1])
        return when if when - first_seen <= timedelta(seconds=self.stop_after) else None


def parse_interval(text: str) -> float:
    """'15m', '6h', '3d' -> seconds; ValueError on anything else."""
    match = _INTERVAL.match(text)
    if not match:
        raise ValueError(f"not an interval: {text!r} (use e.g. 15m, 6h, 3d)")
    return float(match.group(1)) * _UNITS[match.group(2).lower()]


def parse_schedule(intervals: str, stop_after: str) -> Schedule:
    """Build a Schedule from '15m,1h,6h,1d,3d' and '7d'."""
    steps = tuple(parse_interval(part) for part in intervals.split(",") if part.strip())
    if not steps:
        raise ValueError("the recheck schedule needs at least one interval")
    return Schedule(steps, parse_interval(stop_after))


def after_check(
    db: sqlite_utils.Database,
    article_id: int,
    changed: bool,
    now: datetime,
    schedule: Schedule,
    **also: str | None,
) -> None:
    """Book the next check: back off after each unchanged check, start again from the shortest after a change.

    ``also`` are more article columns to set in the same UPDATE (e.g. last_fetched_at).
    """
    row = db.execute("select first_seen_at, check_count from articles where id = ?", [article_id]).fetchone()
    if not row:
        return
    checks = 1 if changed else (row[1] or 0) + 1
    first_seen = from_iso(row[0]) or now
    when = iso(schedule.next_check(first_seen, checks, now))
    set_fields(db, "articles", "id", article_id, {"check_count": checks, "next_check_at": when, **also})


def mark_due(db: sqlite_utils.Database, article_id: int, now: datetime) -> None:
    """The publisher says the article changed (feed or sitemap lastmod): check it this run."""
    set_fields(db, "articles", "id", article_id, {"next_check_at": iso(now)})


def due_articles(db: sqlite_utils.Database, now: datetime, limit: int) -> list[dict]:
    """Articles whose next check is due, most overdue first."""
    return list(
        db.query(
            "select id, url from articles where next_check_at is not null and next_check_at <= ? "
            "order by next_check_at limit ?",
            [iso(now), limit],
        )
    )
