"""The schema: a fresh archive's layout, the migration of an archive made before search_id, search query plans."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from archiver.schema import FACET_SEARCH_INDEXES, FTS_PAGE_SIZE, INDEXES, SCHEMA, SUPERSEDED_INDEXES, open_archive

# The articles columns in the order archiver wrote them before search_id (bodies in the middle).
OLD_ARTICLE_COLUMNS = [
    "id", "url", "title", "subtitle", "authors", "site_name", "section", "tags", "language", "published_at",
    "modified_at", "image_url", "image_caption", "image_credit", "description", "body_text", "body_markdown",
    "word_count", "note_count", "content_hash", "first_seen_at", "last_fetched_at", "last_changed_at", "version",
    "next_check_at", "check_count",
]  # fmt: skip
OLD_ARTICLE_INDEXES = [["url"], ["next_check_at"], ["published_at"], ["site_name"], ["section"], ["language"],
                       ["note_count"]]  # fmt: skip
# Datasette's table search on the articles page, as it builds it from the metadata (fts_pk search_id).
SEARCH_WHERE = "search_id in (select rowid from articles_fts where articles_fts match :q)"


def make_old_archive(path: Path) -> None:
    """An archive as an older version left it: no search_id, single-column indexes, 4 KB FTS pages, no noted_on."""
    db = sqlite_utils.Database(path)
    db.enable_wal()
    db.conn.execute("PRAGMA foreign_keys = ON")
    columns, options = SCHEMA["articles"]
    db["articles"].create({c: columns[c] for c in OLD_ARTICLE_COLUMNS}, **options)
    for name, (cols, opts) in SCHEMA.items():
        if name != "articles":
            # update_notes had no noted_on column then.
            db[name].create({c: t for c, t in cols.items() if (name, c) != ("update_notes", "noted_on")}, **opts)
    for cols in OLD_ARTICLE_INDEXES:
        db["articles"].create_index(cols, unique=cols == ["url"])
    for table, cols, unique in INDEXES:
        if table != "articles":
            db[table].create_index(cols, unique=unique)
    db["articles"].enable_fts(["title", "body_text"], create_triggers=True, tokenize="porter")
    stories = [("Council approves levy", "The council voted 5-2 on the levy."),
               ("Ferry strike ends", "Harborline ferries sail again.")]  # fmt: skip
    with db.conn:
        for i, (title, body) in enumerate(stories, start=1):
            db["articles"].insert({"id": i, "url": f"https://news.example/{i}", "title": title, "body_text": body,
                                   "body_markdown": body, "authors": json.dumps(["Dana Whitlock"]), "version": 1,
                                   "note_count": i - 1, "published_at": f"2024-01-0{i}T00:00:00+00:00"})  # fmt: skip
            db["versions"].insert({"article_id": i, "version": 1, "title": title, "body_text": body})
            db["article_urls"].insert({"url": f"https://news.example/{i}?utm_source=x", "article_id": i})
    db.close()


@pytest.fixture
def old_archive(tmp_path: Path) -> Path:
    path = tmp_path / "archive.db"
    make_old_archive(path)
    return path


def test_a_fresh_archive_has_search_id_bodies_last_and_big_fts_pages() -> None:
    db = open_archive(":memory:")
    assert [c.name for c in db["articles"].columns] == list(SCHEMA["articles"][0])
    assert "noted_on" in {c.name for c in db["update_notes"].columns}
    assert list(SCHEMA["articles"][0])[-2:] == ["body_text", "body_markdown"]
    new_id = db["articles"].insert({"url": "https://news.example/a", "title": "Levy", "body_text": "levy"}).last_pk
    assert db.execute("select search_id from articles where id = ?", [new_id]).fetchone()[0] == new_id
    assert db.execute("select v from articles_fts_config where k = 'pgsz'").fetchone()[0] == FTS_PAGE_SIZE


def test_an_archive_made_before_search_id_is_migrated(old_archive: Path) -> None:
    db = open_archive(old_archive)
    assert [c.name for c in db["articles"].columns] == list(SCHEMA["articles"][0])
    rows = db.execute("select id, search_id, title, note_count, url from articles order by id").fetchall()
    assert rows == [(1, 1, "Council approves levy", 0, "https://news.example/1"),
                    (2, 2, "Ferry strike ends", 1, "https://news.example/2")]  # fmt: skip
    indexes = {r[0] for r in db.execute("select name from sqlite_master where type = 'index'")}
    assert not indexes & SUPERSEDED_INDEXES
    assert {f"idx_{t}_{'_'.join(c)}" for t, c, _ in INDEXES} | set(FACET_SEARCH_INDEXES) <= indexes
    triggers = dict(db.execute("select name, sql from sqlite_master where type = 'trigger'").fetchall())
    assert {"articles_ai", "articles_ad", "articles_au", "articles_search_id"} <= set(triggers)
    assert 'AFTER UPDATE OF "title", "body_text"' in triggers["articles_au"]
    # Foreign keys are back on, nothing points nowhere, the children and the full-text index are intact.
    assert db.execute("pragma foreign_keys").fetchone()[0] == 1
    assert db.execute("pragma foreign_key_check").fetchall() == []
    assert db.execute("select count(*) from versions").fetchone()[0] == 2
    db.execute("insert into articles_fts (articles_fts) values ('integrity-check')")
    assert db.execute("select v from articles_fts_config where k = 'pgsz'").fetchone()[0] == FTS_PAGE_SIZE
    assert [r["title"] for r in db["articles"].search("levy")] == ["Council approves levy"]
    # The migrated archive keeps working: new rows get their search_id, edits and deletes reach the index.
    new_id = db["articles"].insert({"url": "https://news.example/3", "title": "Library opens",
                                    "body_text": "The library opens Monday."}).last_pk  # fmt: skip
    assert db.execute("select search_id from articles where id = ?", [new_id]).fetchone()[0] == new_id
    assert [r["id"] for r in db["articles"].search("library")] == [new_id]
    db["articles"].update(1, {"title": "Council approves propane levy"})
    assert [r["id"] for r in db["articles"].search("propane")] == [1]
    with pytest.raises(sqlite3.IntegrityError):
        db["articles"].insert({"url": "https://news.example/3"})  # the unique URL index survived
    with pytest.raises(sqlite3.IntegrityError):
        db["articles"].delete(2)  # foreign keys are enforced again: it has versions
    db["articles"].delete(new_id)
    assert list(db["articles"].search("library")) == []
    db.close()
    assert open_archive(old_archive).execute("select count(*) from articles").fetchone()[0] == 2  # no-op now


def test_search_reads_the_date_index_not_every_match(old_archive: Path) -> None:
    db = open_archive(old_archive)
    main = f"select * from articles where {SEARCH_WHERE} order by published_at desc limit 51"
    plan = " | ".join(r[3] for r in db.execute(f"explain query plan {main}", {"q": "x"}))
    assert "USING INDEX idx_articles_published_at_id_search_id" in plan and "TEMP B-TREE" not in plan, plan
    # Datasette's ?_next= page (its cursor clause, id ascending as the tie-break), with and without a search.
    cursor = "(published_at < :p or published_at is null or (published_at = :p and id > :i))"
    for where in (f"{SEARCH_WHERE} and {cursor}", cursor):
        page2 = f"select * from articles where {where} order by published_at desc, id limit 51"
        plan = " | ".join(r[3] for r in db.execute(f"explain query plan {page2}", {"q": "x", "p": "2024", "i": 1}))
        assert "USING INDEX idx_articles_published_at_id_search_id" in plan and "TEMP B-TREE" not in plan, plan
    # A facet value picked (?site_name=…): still newest first without sorting the site's articles.
    picked = "select * from articles where site_name = :s order by published_at desc, id limit 51"
    plan = " | ".join(r[3] for r in db.execute(f"explain query plan {picked}", {"s": "x"}))
    assert "idx_articles_site_name_published_at_id_search_id" in plan and "TEMP B-TREE" not in plan, plan
    count = f"select count(*) from articles where {SEARCH_WHERE}"
    plan = " | ".join(r[3] for r in db.execute(f"explain query plan {count}", {"q": "x"}))
    assert "COVERING INDEX" in plan, plan
    facet = f"select site_name, count(*) from articles where {SEARCH_WHERE} and site_name is not null group by 1"
    plan = " | ".join(r[3] for r in db.execute(f"explain query plan {facet}", {"q": "x"}))
    assert "COVERING INDEX idx_articles_search_site_name" in plan, plan  # a lookup per match


def test_plain_datasette_searches_an_archive_not_yet_migrated(old_archive: Path) -> None:
    from datasette.app import Datasette

    async def search() -> str:
        ds = Datasette([str(old_archive)])
        await ds.invoke_startup()
        response = await ds.client.get("/archive/articles?_search=levy")
        assert response.status_code == 200, response.text[:500]
        return response.text

    assert "1 row where search matches" in asyncio.run(search())
    assert "search_id" not in sqlite_utils.Database(old_archive)["articles"].columns_dict  # served, not migrated
