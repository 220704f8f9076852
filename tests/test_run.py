"""`archive run` against a real HTTP server on 127.0.0.1: feeds, a sitemap index, robots.txt, rechecks."""

from __future__ import annotations

import itertools
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

from archiver.cli import cli
from archiver.polite import Policy
from archiver.run import RunOptions, run
from archiver.runlock import run_lock
from archiver.schema import open_archive
from archiver.sources import add_source

from .conftest import fixture_pages

PAGES = fixture_pages()
UPDATE = (
    "<p><strong>UPDATE (Jan. 5 at 9:30 a.m.):</strong> Officials confirmed the figures on Friday morning, "
    "and the story has been updated with their statement.</p>"
)
OPTIONS = RunOptions(policy=Policy(delay=0.0, allow_private=True, backoff=0.1), max_minutes=2)


def _sitemap(urls: list[tuple[str, str]]) -> str:
    items = "".join(f"<url><loc>{u}</loc><lastmod>{m}</lastmod></url>" for u, m in urls)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</urlset>'


def _index(children: list[tuple[str, str]]) -> str:
    items = "".join(f"<sitemap><loc>{u}</loc><lastmod>{m}</lastmod></sitemap>" for u, m in children)
    return (
        f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>'
    )


def _feed(urls: list[str]) -> str:
    items = "".join(f"<item><title>t</title><link>{u}</link></item>" for u in urls)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>{items}</channel></rss>'


class Site:
    """A publisher on the local server: articles, two sitemaps under an index, a feed and robots.txt."""

    def __init__(self, server, pages: list[Path]) -> None:
        self.server = server
        self.paths = [f"/news/{i}-{p.stem.split('_', 1)[-1]}" for i, p in enumerate(pages)]
        self.html = {path: page.read_text(encoding="utf-8") for path, page in zip(self.paths, pages, strict=True)}
        self.lastmod = dict.fromkeys(self.paths, "2024-01-04T10:00:00+00:00")
        half = len(self.paths) // 2
        self.groups = {"/sitemap-1.xml": self.paths[:half], "/sitemap-2.xml": self.paths[half:]}
        self.publish()

    def url(self, path: str) -> str:
        return self.server.base + path

    def publish(self) -> None:
        for path, html in self.html.items():
            self.server.add(path, html)
        self.server.add("/private/secret-plans-for-the-merger", self.html[self.paths[0]])
        children = []
        for name, paths in self.groups.items():
            entries = [(self.url(p), self.lastmod[p]) for p in paths]
            if name == "/sitemap-1.xml":
                entries.append((self.url("/private/secret-plans-for-the-merger"), "2024-01-04T10:00:00+00:00"))
            self.server.add(name, _sitemap(entries), headers={"Content-Type": "application/xml"})
            children.append((self.url(name), max(self.lastmod[p] for p in paths)))
        self.server.add("/sitemap_index.xml", _index(children), headers={"Content-Type": "application/xml"})
        self.server.add("/feed.xml", _feed([self.url(p) for p in self.paths[:3]]),
                        headers={"Content-Type": "application/rss+xml"})  # fmt: skip
        robots = f"User-agent: *\nDisallow: /private/\nSitemap: {self.url('/sitemap_index.xml')}\n"
        self.server.add("/robots.txt", robots, headers={"Content-Type": "text/plain"})

    def add_update_note(self, path: str) -> None:
        html = self.html[path]
        cut = html.index("</p>", html.index("<article") if "<article" in html else 0) + len("</p>")
        self.html[path] = html[:cut] + UPDATE + html[cut:]
        self.lastmod[path] = (datetime.now(UTC) + timedelta(minutes=1)).isoformat(timespec="seconds")
        self.publish()


def _rows(db_path: Path, sql: str, args: tuple = ()) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, args).fetchall()


def _setup(server, db_path: Path, pages: list[Path] = PAGES) -> Site:
    site = Site(server, pages)
    db = open_archive(db_path)
    add_source(db, site.url("/sitemap_index.xml"), kind="sitemap")
    add_source(db, site.url("/feed.xml"), kind="feed")
    return site


def test_run_archives_then_costs_304s_then_stores_only_the_changed_article(server, db_path) -> None:
    site = _setup(server, db_path)
    n = len(site.paths)

    first = run(db_path, OPTIONS)
    assert (first.new, first.failed) == (n, 0), first.line()
    assert _rows(db_path, "select count(*) from articles")[0][0] == n
    assert first.skipped == 1  # the robots-disallowed URL
    assert not any(path.startswith("/private/") for path, *_ in server.log)

    server.log.clear()
    second = run(db_path, OPTIONS)
    assert (second.new, second.changed, second.failed) == (0, 0, 0), second.line()
    # Only the two sources were asked, both conditionally, both answered 304; robots.txt came from the cache.
    assert [(p, s) for p, _, s, _ in server.log] == [("/sitemap_index.xml", 304), ("/feed.xml", 304)] or sorted(
        (p, s) for p, _, s, _ in server.log
    ) == [("/feed.xml", 304), ("/sitemap_index.xml", 304)]
    assert all("If-None-Match" in headers for _, headers, _, _ in server.log)
    assert second.sources_not_modified == 2

    changed = site.paths[-1]
    site.add_update_note(changed)
    server.log.clear()
    third = run(db_path, OPTIONS)
    assert (third.new, third.changed, third.notes_added, third.failed) == (0, 1, 1, 0), third.line()
    article_requests = [p for p, *_ in server.log if p.startswith("/news/")]
    assert article_requests == [changed]
    versions = _rows(db_path, "select a.url, v.version, v.change_class from versions v join articles a "
                              "on a.id = v.article_id where v.version > 1")  # fmt: skip
    assert len(versions) == 1 and versions[0][1:] == (2, "note_added")
    note = _rows(db_path, "select kind, label, version from update_notes where version = 2")
    assert note == [("update", "UPDATE (Jan. 5 at 9:30 a.m.):", 2)]
    assert _rows(db_path, "select count(*) from versions")[0][0] == n + 1
    assert not any(path.startswith("/private/") for path, *_ in server.log)


def test_429_with_retry_after_is_retried_after_the_wait(server, db_path) -> None:
    page = PAGES[0]
    server.add_sequence("/story-that-is-rate-limited", [(429, {"Retry-After": "2"}, "slow down")])
    server.add("/story-that-is-rate-limited", page.read_bytes())
    server.add("/feed.xml", _feed([server.base + "/story-that-is-rate-limited"]),
               headers={"Content-Type": "application/rss+xml"})  # fmt: skip
    add_source(open_archive(db_path), server.base + "/feed.xml", kind="feed")
    summary = run(db_path, OPTIONS)
    assert (summary.new, summary.failed) == (1, 0), summary.line()
    hits = [(status, at) for path, _, status, at in server.log if path == "/story-that-is-rate-limited"]
    assert [status for status, _ in hits] == [429, 200]
    assert hits[1][1] - hits[0][1] >= 1.95


def test_a_second_run_exits_at_once_while_one_holds_the_lock(server, db_path) -> None:
    _setup(server, db_path, PAGES[:2])
    with run_lock(db_path):
        result = CliRunner().invoke(cli, ["run", "--db", str(db_path), "--allow-private", "--delay", "0"])
    assert result.exit_code == 0, result.output
    assert "another archive run" in result.output
    assert server.log == []


def test_overlapping_processes_do_not_both_fetch(server, db_path) -> None:
    site = _setup(server, db_path, PAGES[:4])
    for path in site.paths:
        server.routes[path] = (*server.routes[path][:3], 0.5)  # slow pages keep the first run busy
    cmd = [sys.executable, "-m", "archiver", "run", "--db", str(db_path), "--allow-private", "--delay", "0"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=60)[0] for p in procs]
    assert sorted(p.returncode for p in procs) == [0, 0], outputs
    assert sum("another archive run" in out for out in outputs) == 1, outputs
    fetched = [p for p, *_ in server.log if p.startswith("/news/")]
    assert sorted(fetched) == sorted(site.paths)  # each article exactly once


def test_sigkill_mid_batch_leaves_a_consistent_archive_and_the_next_run_finishes(server, db_path) -> None:
    site = _setup(server, db_path, PAGES)
    for path in site.paths:
        server.routes[path] = (*server.routes[path][:3], 0.15)
    cmd = [sys.executable, "-m", "archiver", "run", "--db", str(db_path), "--allow-private", "--delay", "0",
           "--concurrency", "2"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.05)
        try:
            if _rows(db_path, "select count(*) from articles")[0][0] >= 4:
                break
        except sqlite3.OperationalError:
            continue
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stored = _rows(db_path, "select count(*) from articles")[0][0]
    assert 0 < stored < len(site.paths)
    assert _rows(db_path, "pragma integrity_check") == [("ok",)]
    orphans = "select count(*) from articles a where not exists (select 1 from versions v where v.article_id = a.id"
    assert _rows(db_path, orphans + " and v.version = a.version)") == [(0,)]

    summary = run(db_path, OPTIONS)
    assert summary.failed == 0, summary.line()
    assert _rows(db_path, "select count(*) from articles")[0][0] == len(site.paths)
    assert _rows(db_path, "select count(*) from versions")[0][0] == len(site.paths)
    assert _rows(db_path, "select status from runs order by id") == [("killed",), ("finished",)]


def test_dry_run_lists_what_would_be_fetched_and_stores_nothing(server, db_path) -> None:
    site = _setup(server, db_path, PAGES[:3])
    result = CliRunner().invoke(cli, ["run", "--db", str(db_path), "--allow-private", "--dry-run"])
    assert result.exit_code == 0, result.output
    for path in site.paths:
        assert site.url(path) in result.output
    assert _rows(db_path, "select count(*) from articles")[0][0] == 0
    assert _rows(db_path, "select count(*) from queue")[0][0] == 0
    assert not any(p.startswith("/news/") for p, *_ in server.log)


def test_discovered_private_addresses_are_refused_without_allow_private(server, db_path) -> None:
    _setup(server, db_path, PAGES[:2])
    result = CliRunner().invoke(cli, ["run", "--db", str(db_path), "--delay", "0"])
    assert result.exit_code == 0, result.output
    assert "0 new" in result.output and "skipped" in result.output
    requested = [p for p, *_ in server.log]
    assert "/feed.xml" in requested and "/sitemap_index.xml" in requested  # the user's sources are read
    assert not any(p.startswith("/news/") for p in requested)  # the URLs they list are not


def test_a_broken_recheck_keeps_the_last_good_version(server, db_path) -> None:
    site = _setup(server, db_path, PAGES[:2])
    assert run(db_path, OPTIONS).new == 2
    victim = site.paths[0]
    teaser = "The first lines of the story are still shown to readers who have not subscribed to the paper yet."
    site.html[victim] = f"<html><body><article><h1>Title</h1><p>{teaser}</p><p>{teaser}</p></article></body></html>"
    site.lastmod[victim] = (datetime.now(UTC) + timedelta(minutes=1)).isoformat(timespec="seconds")
    site.publish()
    summary = run(db_path, OPTIONS)
    assert (summary.changed, summary.failed) == (0, 1), summary.line()
    assert _rows(db_path, "select max(version) from versions")[0][0] == 1
    error = _rows(db_path, "select error from fetches where outcome = 'failed'")[0][0]
    assert "collapsed" in error and "kept version 1" in error


def test_budget_leaves_the_rest_queued_for_the_next_run(server, db_path) -> None:
    site = _setup(server, db_path, PAGES[:5])
    first = run(db_path, RunOptions(policy=OPTIONS.policy, max_pages=2))
    # Five articles and the robots-disallowed URL were queued; two were fetched.
    assert (first.new, first.left) == (2, 4), first.line()
    assert "4 left for the next run" in first.line()
    second = run(db_path, RunOptions(policy=OPTIONS.policy, max_pages=10))
    assert (second.new, second.skipped, second.left) == (3, 1, 0), second.line()
    assert _rows(db_path, "select count(*) from articles")[0][0] == len(site.paths)


def test_crawl_delay_is_honoured_and_an_unreachable_robots_txt_stops_the_host(server, db_path) -> None:
    site = _setup(server, db_path, PAGES[:3])
    robots = "User-agent: *\nDisallow: /private/\nCrawl-delay: 1\n"
    server.add("/robots.txt", robots, headers={"Content-Type": "text/plain"})
    assert run(db_path, OPTIONS).new == 3
    times = [at for path, _, _, at in server.log if path.startswith("/news/")]
    assert all(b - a >= 0.95 for a, b in itertools.pairwise(times))

    other = db_path.with_name("other.db")
    server.add("/robots.txt", "down", status=503)
    server.log.clear()
    add_source(open_archive(other), site.url("/feed.xml"), kind="feed")
    summary = run(other, OPTIONS)  # not even the feed is fetched: the host's rules are unknown
    assert (summary.new, summary.skipped, summary.failed) == (0, 1, 0), summary.line()
    assert [p for p, *_ in server.log] == ["/robots.txt"]


def test_a_failing_url_is_retried_with_backoff_then_given_up_after_max_attempts(server, db_path) -> None:
    server.add("/feed.xml", _feed([server.base + "/broken-story-on-the-site"]),
               headers={"Content-Type": "application/rss+xml"})  # fmt: skip
    server.add("/broken-story-on-the-site", "oops", status=503)
    add_source(open_archive(db_path), server.base + "/feed.xml", kind="feed")
    options = RunOptions(policy=Policy(delay=0.0, allow_private=True, backoff=0.05, retries=2), max_attempts=2)
    for expected_state in ("pending", "failed"):
        summary = run(db_path, options)
        assert summary.failed == 1
        assert _rows(db_path, "select state from queue")[0][0] == expected_state
    assert sum(p == "/broken-story-on-the-site" for p, *_ in server.log) == 6  # 2 runs x (1 try + 2 retries)
    third = run(db_path, options)
    assert third.failed == 0 and sum(p == "/broken-story-on-the-site" for p, *_ in server.log) == 6
