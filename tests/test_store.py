"""Storage: schema, one transaction per article, versions only on change, FTS."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from archiver.errors import StoreError
from archiver.models import Article, UpdateNote
from archiver.schema import open_archive
from archiver.store import find_article_id, store_article

ARTICLE = Article(
    url="https://news.example/a?utm_source=x",
    canonical_url="https://news.example/a",
    title="Council approves budget",
    authors=["Dana Whitlock"],
    body_text="The council voted 5-2.\n\nThe levy rises by 2%.",
    body_markdown="The council voted 5-2.\n\nThe levy rises by 2%.",
)


def test_schema_and_fts(tmp_path) -> None:
    db = open_archive(tmp_path / "a.db")
    assert {"articles", "versions", "update_notes", "snapshots", "fetches", "removals", "sources"} <= set(
        db.table_names()
    )
    store_article(db, ARTICLE, ARTICLE.url)
    hits = list(db["articles"].search("levy"))
    assert [h["title"] for h in hits] == ["Council approves budget"]
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"


def test_unchanged_adds_no_version_and_changes_do(tmp_path) -> None:
    db = open_archive(tmp_path / "a.db")
    first = store_article(db, ARTICLE, ARTICLE.url)
    again = store_article(db, ARTICLE, "https://news.example/a")
    assert (first.outcome, again.outcome) == ("new", "unchanged")
    note = UpdateNote("update", "Update:", datetime(2024, 1, 4, tzinfo=UTC), "Update: the mayor signed it.", 2)
    changed = replace(ARTICLE, body_text=ARTICLE.body_text + "\n\nUpdate: the mayor signed it.", update_notes=[note])
    third = store_article(db, changed, ARTICLE.url)
    assert (third.outcome, third.version, third.notes_added, third.change_class) == ("changed", 2, 1, "note_added")
    assert db["versions"].count == 2
    assert db["update_notes"].count == 1
    assert find_article_id(db, "https://news.example/a?utm_source=x") == first.article_id


def test_metadata_alone_is_refreshed_in_place_without_a_new_version(tmp_path) -> None:
    """Same title, byline, body and notes: no new version, but a later dateModified, a section the improved extractor
    now finds, and a note's stamp resolved anew reach the article; a value the page no longer gives is kept."""
    db = open_archive(tmp_path / "a.db")
    note = UpdateNote("update", "Update, Jan. 4:", None, "Update, Jan. 4: the mayor signed it.", 2)
    first = replace(ARTICLE, section="Politics", modified_at=datetime(2024, 1, 3, tzinfo=UTC), update_notes=[note])
    store_article(db, first, ARTICLE.url)
    at = datetime(2024, 1, 4, 5, tzinfo=UTC)
    later = replace(
        first,
        section=None,
        subtitle="The levy rises by 2%.",
        modified_at=datetime(2024, 1, 5, tzinfo=UTC),
        update_notes=[replace(note, noted_at=at, noted_on=at.date())],
    )
    again = store_article(db, later, ARTICLE.url)
    assert (again.outcome, again.version, db["versions"].count) == ("unchanged", 1, 1)
    assert again.refreshed == ("subtitle", "modified_at", "notes")
    row = db["articles"].get(again.article_id)
    assert (row["section"], row["subtitle"], row["modified_at"]) == (
        "Politics",
        "The levy rises by 2%.",
        "2024-01-05T00:00:00+00:00",
    )
    (stored,) = db["update_notes"].rows
    assert (stored["noted_at"], stored["noted_on"]) == ("2024-01-04T05:00:00+00:00", "2024-01-04")
    # The page stops resolving the stamp: the stored one stays.
    store_article(db, replace(later, update_notes=[note]), ARTICLE.url)
    assert next(db["update_notes"].rows)["noted_on"] == "2024-01-04"


def test_a_reextract_clears_what_the_extractor_no_longer_finds_a_new_fetch_does_not(tmp_path) -> None:
    """An older extractor took a sign-up prompt for the subtitle: reading the same snapshot again clears it; a new
    fetch that lacks a value (a degraded page) leaves the stored one."""
    db = open_archive(tmp_path / "a.db")
    store_article(db, replace(ARTICLE, subtitle="Delivered straight to your inbox"), ARTICLE.url)
    fetched = store_article(db, ARTICLE, ARTICLE.url)
    assert (fetched.refreshed, next(db["articles"].rows)["subtitle"]) == ((), "Delivered straight to your inbox")
    again = store_article(db, ARTICLE, ARTICLE.url, reextracted=True)
    assert (again.outcome, again.refreshed, next(db["articles"].rows)["subtitle"]) == ("unchanged", ("subtitle",), None)


def test_a_failed_write_leaves_nothing_half_written(tmp_path, monkeypatch) -> None:
    db = open_archive(tmp_path / "a.db")
    store_article(db, ARTICLE, ARTICLE.url)
    broken = replace(ARTICLE, body_text="Rewritten body.")

    def fail(*args):
        raise RuntimeError("disk full")  # after the article row was updated, before the version row

    monkeypatch.setattr("archiver.store.paragraph_diff", fail)
    with pytest.raises(StoreError, match="disk full"):
        store_article(db, broken, ARTICLE.url)
    conn = sqlite3.connect(tmp_path / "a.db")
    assert conn.execute("select version, body_text from articles").fetchall() == [(1, ARTICLE.body_text)]
    assert conn.execute("select count(*) from versions").fetchone()[0] == 1


def test_scheme_www_and_tracking_variants_find_the_same_article() -> None:
    from archiver.schema import open_archive
    from archiver.store import find_article_id, url_variants

    db = open_archive(":memory:")
    article_id = db["articles"].insert({"url": "https://example.org/a-story/"}).last_pk
    for variant in ("http://www.example.org/a-story/?utm_source=x#top", "https://www.example.org/a-story/",
                    "http://example.org/a-story/"):  # fmt: skip
        assert find_article_id(db, variant) == article_id, variant
    assert find_article_id(db, "https://example.org/another-story/") is None
    assert url_variants("mailto:x@y.z")[0] == "mailto:x@y.z"
