"""The recheck schedule: backoff, reset after a change, stop after N days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from archiver.schedule import Schedule, after_check, due_articles, mark_due, parse_interval, parse_schedule
from archiver.schema import open_archive
from archiver.store import iso

T0 = datetime(2024, 1, 4, 12, 0, tzinfo=UTC)


def test_intervals_back_off_then_repeat_then_stop() -> None:
    schedule = Schedule((900, 3600, 86400), stop_after=3 * 86400)
    assert schedule.next_check(T0, 1, T0) == T0 + timedelta(minutes=15)
    assert schedule.next_check(T0, 2, T0) == T0 + timedelta(hours=1)
    assert schedule.next_check(T0, 9, T0) == T0 + timedelta(days=1)
    assert schedule.next_check(T0, 9, T0 + timedelta(days=2, hours=1)) is None


def test_parse() -> None:
    assert parse_interval("15m") == 900 and parse_interval("1.5h") == 5400 and parse_interval("3d") == 259200
    assert parse_schedule("15m, 1h,6h", "7d") == Schedule((900, 3600, 21600), 604800)
    with pytest.raises(ValueError, match="not an interval"):
        parse_interval("soon")
    with pytest.raises(ValueError):
        parse_schedule("", "7d")


def test_after_check_backs_off_and_a_change_starts_over() -> None:
    db = open_archive(":memory:")
    article_id = db["articles"].insert({"url": "https://x.org/a", "first_seen_at": iso(T0)}).last_pk
    schedule = Schedule()
    after_check(db, article_id, True, T0, schedule)
    after_check(db, article_id, False, T0, schedule)
    row = db["articles"].get(article_id)
    assert row["check_count"] == 2 and row["next_check_at"] == iso(T0 + timedelta(hours=1))
    after_check(db, article_id, True, T0, schedule)
    assert db["articles"].get(article_id)["next_check_at"] == iso(T0 + timedelta(minutes=15))
    assert due_articles(db, T0, 10) == []
    mark_due(db, article_id, T0)
    assert [r["id"] for r in due_articles(db, T0, 10)] == [article_id]
