"""Storage faults: a full disk, two writers at once, SIGKILL mid-run, and secrets that must never be stored."""

from __future__ import annotations

import gzip
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from archiver import run as run_module
from archiver.pipeline import archive_urls
from archiver.polite import Policy
from archiver.run import RunOptions, run
from archiver.schema import open_archive
from archiver.sources import add_source
from bench.kill_test import add_sources, check_archive, final_run, kill_once
from bench.run_site import SiteServer

from .conftest import FixtureServer, fixture_pages

PAGES = fixture_pages()
SECRETS = ("Bearer SECRET-TOKEN-123", "SECRET-COOKIE-456", "SECRET-SET-COOKIE-789", "SECRET-REALM-000")


def _serve_pages(server: FixtureServer, count: int, delay: float = 0.0) -> list[str]:
    urls = []
    for i, page in enumerate(PAGES[:count]):
        urls.append(server.add(f"/news/{i}-{page.stem.split('_', 1)[-1]}", page.read_bytes(), delay=delay))
    return urls


def _consistent(db_path: Path) -> None:
    report = check_archive(db_path)
    assert report["problems"] == [], report


def test_disk_full_is_a_clear_failure_and_corrupts_nothing(server: FixtureServer, db_path: Path) -> None:
    urls = _serve_pages(server, 8)
    db = open_archive(db_path)
    first = archive_urls(urls[:2], db)
    assert [r.outcome for r in first] == ["new", "new"]
    pages = db.execute("pragma page_count").fetchone()[0]
    db.execute(f"pragma max_page_count = {pages + 3}")  # room for a few fetch rows, not for another article
    results = archive_urls(urls[2:], db)
    failed = [r for r in results if r.outcome == "failed"]
    assert failed, [r.outcome for r in results]
    for result in failed:
        assert "full" in result.error and "\n" not in result.error, result.error
    assert db.execute("select count(*) from articles").fetchone()[0] == 2 + sum(r.outcome == "new" for r in results)
    db.conn.close()
    _consistent(db_path)
    # Room again (the disk was cleaned up): the next attempt stores them.
    db = open_archive(db_path)
    again = archive_urls([r.url for r in failed], db)
    assert all(r.outcome == "new" for r in again), [(r.outcome, r.error) for r in again]
    db.conn.close()
    _consistent(db_path)


def test_disk_full_during_archive_run_fails_urls_not_the_run(server: FixtureServer, db_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    urls = _serve_pages(server, 6)
    feed = "".join(f"<item><title>t</title><link>{u}</link></item>" for u in urls)
    server.add("/feed.xml", f'<?xml version="1.0"?><rss version="2.0"><channel>{feed}</channel></rss>',
               headers={"Content-Type": "application/rss+xml"})  # fmt: skip
    add_source(open_archive(db_path), server.base + "/feed.xml", kind="feed")
    real_open = run_module.open_archive

    def small_disk(path: Path):
        db = real_open(path)
        db.execute(f"pragma max_page_count = {db.execute('pragma page_count').fetchone()[0] + 12}")
        return db

    monkeypatch.setattr(run_module, "open_archive", small_disk)
    summary = run(db_path, RunOptions(policy=Policy(delay=0.0, allow_private=True), max_minutes=1))
    assert summary.failed >= 1 and summary.new + summary.failed + summary.left == len(urls), summary.line()
    _consistent(db_path)
    monkeypatch.setattr(run_module, "open_archive", real_open)
    run(db_path, RunOptions(policy=Policy(delay=0.0, allow_private=True), max_minutes=1))
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == len(urls)
    _consistent(db_path)


@pytest.mark.parametrize("fresh", [True, False])
def test_two_archive_url_processes_on_one_database_both_succeed(server: FixtureServer, db_path: Path,
                                                                fresh: bool) -> None:  # fmt: skip
    urls = _serve_pages(server, 12, delay=0.05)
    if not fresh:
        open_archive(db_path).conn.close()
    cmd = [sys.executable, "-m", "archiver", "url", "--db", str(db_path)]
    procs = [subprocess.Popen([*cmd, *part], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for part in (urls[::2], urls[1::2])]  # fmt: skip
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert not any("locked" in out for out in outputs), outputs
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == len(urls)
    _consistent(db_path)


def test_opening_a_new_archive_waits_for_another_writer(tmp_path: Path) -> None:
    """Switching a new file to WAL fails at once, without waiting, while another connection writes: it is retried.

    Two `archive url` commands starting together on a new archive collided this way about half the time.
    """
    path = tmp_path / "new.db"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("create table early (x)")
    other.execute("begin immediate")
    other.execute("insert into early values (1)")
    threading.Timer(0.3, lambda: other.execute("commit")).start()
    db = open_archive(path)
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert db["articles"].exists()
    other.close()


def _all_stored_text(db_path: Path) -> str:
    """Every value of every table, blobs decompressed: what a secret would have to hide in."""
    chunks = []
    with sqlite3.connect(db_path) as conn:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")]
        for table in tables:
            for row in conn.execute(f'select * from "{table}"'):
                for value in row:
                    if isinstance(value, bytes):
                        value = gzip.decompress(value) if value[:2] == b"\x1f\x8b" else value
                        value = value.decode("utf-8", "replace")
                    chunks.append(str(value))
    return "\n".join(chunks)


def test_cookies_and_auth_headers_are_never_stored(server: FixtureServer, db_path: Path) -> None:
    secret_headers = {"Set-Cookie": "session=SECRET-SET-COOKIE-789; HttpOnly",
                      "WWW-Authenticate": 'Basic realm="SECRET-REALM-000"'}  # fmt: skip
    page = server.add("/news/with-cookies-and-auth", PAGES[0].read_bytes(), headers=secret_headers)
    hop = server.add("/go/to-the-story", "", status=302, headers={"Location": "/news/with-cookies-and-auth",
                                                                  **secret_headers})  # fmt: skip
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><item><link>{hop}</link></item></channel></rss>'
    server.add("/feed.xml", feed, headers={"Content-Type": "application/rss+xml", **secret_headers})
    client_headers = {"Authorization": "Bearer SECRET-TOKEN-123", "Cookie": "sid=SECRET-COOKIE-456"}
    # archive url, with a caller's client that sends credentials
    with httpx.Client(headers=client_headers, follow_redirects=True) as client:
        assert [r.outcome for r in archive_urls([page, hop], open_archive(db_path), client)] == ["new", "unchanged"]
    # archive run, the same
    other = db_path.with_name("run.db")
    add_source(open_archive(other), server.base + "/feed.xml", kind="feed")
    async_client = httpx.AsyncClient(headers=client_headers, follow_redirects=True)
    summary = run(other, RunOptions(policy=Policy(delay=0.0, allow_private=True), max_minutes=1), client=async_client)
    assert summary.new == 1, summary.line()
    assert any(h.get("Authorization") == client_headers["Authorization"] for _, h in server.requests)  # really sent
    for path in (db_path, other):
        stored = _all_stored_text(path)
        assert "set-cookie" not in stored.lower() and "www-authenticate" not in stored.lower()
        for secret in SECRETS:
            assert secret not in stored, f"{secret} stored in {path.name}"


# -- SIGKILL during archive run (the 50-kill loop is bench/kill_test.py) --------------------------------


def test_sigkill_at_random_points_leaves_a_consistent_archive(tmp_path: Path) -> None:
    site = SiteServer(40)
    db = tmp_path / "archive.db"
    try:
        add_sources(db, site)
        for delay in (1.2, 2.5, 3.5):  # start-up, discovery, storing (a little later on a loaded machine)
            record = kill_once(db, delay, tmp_path / "runs.log")
            assert record["problems"] == [], record
        final = final_run(db, 40)
    finally:
        site.close()
    assert final["returncode"] == 0 and final["problems"] == [] and final["complete"], final
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from queue where state != 'done'").fetchone()[0] == 0
        assert conn.execute("select count(*) from runs where status = 'running'").fetchone()[0] == 0


def test_a_kill_between_reading_a_source_and_queueing_its_urls_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = SiteServer(30)
    db = tmp_path / "archive.db"
    options = RunOptions(policy=Policy(delay=0.0, allow_private=True), max_minutes=1)
    try:
        add_source(open_archive(db), site.site.sitemap_index, kind="sitemap")

        class Killed(BaseException):
            """Stands for SIGKILL at this exact point."""

        def killed(*args: object) -> None:
            raise Killed

        with monkeypatch.context() as patch:
            patch.setattr(run_module.Run, "_enqueue", killed)
            with pytest.raises(Killed):
                run(db, options)
        run(db, options)
    finally:
        site.close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == 30
