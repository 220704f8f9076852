"""Network faults and address policy against real servers on 127.0.0.1: what a hostile or broken publisher does.

Raw-socket handlers express what http.server cannot (dribbled bytes, resets, lying headers, gzip bombs);
the FixtureServer covers redirects and status storms. Every fault must end in a typed FetchError (or a
clean failure row), within the stated time and memory bounds, never a crash.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import socket
import sqlite3
import struct
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from archiver import polite
from archiver.cli import cli
from archiver.errors import ArchiverError, NetworkError, NotHTMLError, TooLargeError
from archiver.fetch import fetch_page, fetch_page_async, make_async_client, make_client
from archiver.pipeline import archive_urls
from archiver.polite import Policy
from archiver.run import RunOptions, run
from archiver.schema import open_archive
from archiver.sources import add_source

from .conftest import FixtureServer, fixture_pages

PAGE = fixture_pages()[0].read_bytes()
FAST = httpx.Timeout(1.0, connect=1.0)  # a fetch must be complete within connect + read = 2 s
Handler = Callable[[socket.socket], None]


class RawServer:
    """A TCP server on 127.0.0.1 that hands each connection, after reading the request, to a handler by path."""

    def __init__(self) -> None:
        self.handlers: dict[str, Handler] = {}
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.base = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.sent: dict[str, int] = {}  # body bytes each path managed to send before the client hung up
        self.stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def add(self, path: str, handler: Handler) -> str:
        """Answer requests for ``path`` with ``handler``; return the URL."""
        self.handlers[path] = handler
        return self.base + path

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            try:
                request = conn.recv(65536).decode("latin-1")
                path = request.split(" ", 2)[1] if request.count(" ") >= 2 else "/"
                self.handlers.get(path, _not_found)(conn)
            except OSError:
                pass  # the client hung up: that is the point of most of these tests

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


def _not_found(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")


def _dribble(data: bytes, every: float = 0.1) -> Handler:
    """Send ``data`` one byte at a time, forever (until the client hangs up or 60 s pass)."""

    def handler(conn: socket.socket) -> None:
        end = time.monotonic() + 60
        for byte in data:
            conn.sendall(bytes([byte]))
            time.sleep(every)
        while time.monotonic() < end:
            conn.sendall(b"a")
            time.sleep(every)

    return handler


def _reset_mid_body(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n" + PAGE[:5000])
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close() now sends RST


def _bomb_parts(codings: int = 1) -> tuple[bytes, bytes]:
    """The start of a gzip stream of endless zeros, and a block to repeat: each block is 1 MiB of zeros.

    A deflate stream of zeros settles into identical flushed blocks, so a 10 GiB bomb is ~10 MB of one
    repeated block and costs nothing to build. With codings=2 the whole stream is gzip'd again (nested).
    """
    deflate = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1 << 20)
    blocks = [deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH) for _ in range(4)]
    assert blocks[2] == blocks[3]
    head, block = b"".join(blocks[:3]), blocks[3]
    if codings == 2:
        outer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        head = outer.compress(head + block * 64) + outer.flush(zlib.Z_FULL_FLUSH)
        block = outer.compress(block * 64) + outer.flush(zlib.Z_FULL_FLUSH)
    return head, block


def _bomb(server: RawServer, path: str, gib: int = 10, codings: int = 1) -> Handler:
    """Serve ``gib`` GiB of zeros as a gzip'd text/html body, counting the compressed bytes sent."""
    head, block = _bomb_parts(codings)
    encoding = ", ".join(["gzip"] * codings)

    def handler(conn: socket.socket) -> None:
        server.sent[path] = 0
        conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: {encoding}\r\n"
                     "Connection: close\r\n\r\n".encode())  # fmt: skip
        conn.sendall(head)
        for _ in range(gib * 1024 if codings == 1 else gib * 16):
            conn.sendall(block)
            server.sent[path] += len(block)

    return handler


def _respond(head: str, body: bytes) -> Handler:
    def handler(conn: socket.socket) -> None:
        conn.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + body)

    return handler


@pytest.fixture
def raw() -> Iterator[RawServer]:
    srv = RawServer()
    yield srv
    srv.close()


def _fetch_both(url: str, **kwargs) -> list[BaseException | object]:
    """fetch_page and fetch_page_async on ``url``: each one's Page or exception, and how long it took."""
    outcomes = []
    started = time.monotonic()
    try:
        with make_client(timeout=FAST) as client:
            outcomes.append(fetch_page(url, client, **kwargs))
    except ArchiverError as exc:
        outcomes.append(exc)
    outcomes.append(time.monotonic() - started)

    async def go() -> object:
        async with make_async_client(timeout=FAST) as client:
            return await fetch_page_async(url, client, **kwargs)

    started = time.monotonic()
    try:
        outcomes.append(asyncio.run(go()))
    except ArchiverError as exc:
        outcomes.append(exc)
    outcomes.append(time.monotonic() - started)
    return outcomes


# -- slow, broken and lying responses ----------------------------------------------------------------


def test_slow_loris_body_is_cut_off_at_the_deadline(raw: RawServer) -> None:
    url = raw.add("/slow-body", _dribble_after_headers())
    sync, sync_s, async_, async_s = _fetch_both(url)
    for outcome, seconds in ((sync, sync_s), (async_, async_s)):
        assert isinstance(outcome, NetworkError) and "timed out" in str(outcome), outcome
        assert seconds < 3.0  # connect + read timeout (2 s) and a little


def _dribble_after_headers() -> Handler:
    def handler(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>")
        end = time.monotonic() + 60
        while time.monotonic() < end:  # each byte resets httpx's read timer; only a deadline stops this
            conn.sendall(b"a")
            time.sleep(0.1)

    return handler


def test_slow_loris_headers_are_cut_off_at_the_deadline(raw: RawServer) -> None:
    url = raw.add("/slow-head", _dribble(b"HTTP/1.1 200 OK\r\nX-Padding: " + b"a" * 10_000, 0.1))
    sync, sync_s, async_, async_s = _fetch_both(url)
    for outcome, seconds in ((sync, sync_s), (async_, async_s)):
        assert isinstance(outcome, NetworkError) and "timed out" in str(outcome), outcome
        assert seconds < 3.0


def _good_then_dribble(conn: socket.socket) -> None:
    """Answer the first request in full on a keep-alive connection, then dribble the answer to the second."""
    conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(PAGE)}\r\n\r\n".encode() + PAGE)
    conn.recv(65536)
    _dribble_after_headers()(conn)


def test_the_deadline_covers_a_reused_connection_too(raw: RawServer) -> None:
    """A keep-alive connection that behaved once is still held to the deadline on the next request."""
    url = raw.add("/twice", _good_then_dribble)
    with make_client(timeout=FAST) as client:
        assert fetch_page(url, client).content == PAGE
        started = time.monotonic()
        with pytest.raises(NetworkError, match="timed out"):
            fetch_page(url, client)
        assert time.monotonic() - started < 3.0


def test_connection_reset_mid_body_is_a_retryable_network_error(raw: RawServer) -> None:
    url = raw.add("/reset", _reset_mid_body)
    sync, _, async_, _ = _fetch_both(url)
    for outcome in (sync, async_):
        assert isinstance(outcome, NetworkError) and outcome.retryable, outcome


@pytest.mark.parametrize("codings", [1, 2])
def test_gzip_bomb_stops_at_the_cap_without_inflating_past_it(raw: RawServer, codings: int) -> None:
    url = raw.add("/bomb", _bomb(raw, "/bomb", gib=10, codings=codings))
    cap = 1_000_000
    tracemalloc.start()
    try:
        with make_client(timeout=FAST) as client, pytest.raises(TooLargeError, match="limit"):
            fetch_page(url, client, max_bytes=cap)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # httpx alone inflates each 64 KB read whole (~65 MB of zeros); here nothing is inflated past the cap.
    assert peak < 4 * cap, f"peak {peak:,} bytes"
    assert raw.sent.get("/bomb", 0) < 2_000_000  # a few compressed MB of the ~10 GB bomb were read, no more


def test_gzip_bomb_in_the_async_path_too(raw: RawServer) -> None:
    url = raw.add("/bomb", _bomb(raw, "/bomb", gib=10))

    async def go() -> None:
        async with make_async_client(timeout=FAST) as client:
            await fetch_page_async(url, client, max_bytes=1_000_000)

    with pytest.raises(TooLargeError):
        asyncio.run(go())


def test_gzip_and_deflate_pages_still_decode(raw: RawServer) -> None:
    gz = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    raw_deflate = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    bodies = {
        "gzip": gz.compress(PAGE) + gz.flush(),
        "deflate": zlib.compress(PAGE),
        "deflate-raw": raw_deflate.compress(PAGE) + raw_deflate.flush(),
    }
    for name, body in bodies.items():
        coding = name.split("-")[0]
        head = f"HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Encoding: {coding}\nContent-Length: {len(body)}\n"
        url = raw.add(f"/{name}", _respond(head, body))
        sync, _, async_, _ = _fetch_both(url)
        assert sync.content == PAGE and async_.content == PAGE, name


def test_corrupt_gzip_is_a_network_error(raw: RawServer) -> None:
    body = b"\x1f\x8b\x08\x00garbage that is not deflate at all" * 10
    url = raw.add("/corrupt", _respond(f"HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Encoding: gzip\n"
                                       f"Content-Length: {len(body)}\n", body))  # fmt: skip
    sync, _, async_, _ = _fetch_both(url)
    assert isinstance(sync, NetworkError) and isinstance(async_, NetworkError)


def test_content_length_larger_than_the_body_is_a_network_error(raw: RawServer) -> None:
    body = PAGE[:2000]
    url = raw.add("/short", _respond(f"HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Length: {len(body) * 5}\n"
                                     "Connection: close\n", body))  # fmt: skip
    sync, _, async_, _ = _fetch_both(url)
    for outcome in (sync, async_):
        assert isinstance(outcome, NetworkError) and "complete message body" in str(outcome), outcome


def test_content_length_smaller_than_the_body_keeps_only_what_was_declared(raw: RawServer) -> None:
    url = raw.add("/long", _respond("HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Length: 1000\n", PAGE))
    sync, _, async_, _ = _fetch_both(url)
    assert sync.content == PAGE[:1000] and async_.content == PAGE[:1000]


def test_a_declared_size_over_the_cap_is_refused_before_reading(raw: RawServer) -> None:
    url = raw.add("/huge", _respond("HTTP/1.1 200 OK\nContent-Type: text/html\nContent-Length: 99999999999\n", b""))
    sync, sync_s, _, _ = _fetch_both(url)
    assert isinstance(sync, TooLargeError) and sync_s < 1.0


def _png(side: int = 64) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pixels = zlib.compress(b"".join(b"\x00" + bytes((x * y) % 256 for x in range(side * 3)) for y in range(side)))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))  # fmt: skip


def test_content_type_lies(server: FixtureServer, tmp_path: Path) -> None:
    html_as_png = server.add("/html-as-png", PAGE, headers={"Content-Type": "image/png"})
    png_as_html = server.add("/png-as-html", _png(), headers={"Content-Type": "text/html"})
    garbage_as_html = server.add("/garbage-as-html", bytes(range(256)) * 64, headers={"Content-Type": "text/html"})
    for url in (html_as_png, png_as_html, garbage_as_html):
        sync, _, async_, _ = _fetch_both(url)
        assert isinstance(sync, NotHTMLError) and isinstance(async_, NotHTMLError), (url, sync)
    # Through the pipeline: one failed row each, nothing archived, no crash.
    db = open_archive(tmp_path / "a.db")
    results = archive_urls([html_as_png, png_as_html, garbage_as_html], db)
    assert [r.outcome for r in results] == ["failed"] * 3
    assert all("not HTML" in r.error and "\n" not in r.error for r in results)
    assert db.execute("select count(*) from articles").fetchone()[0] == 0


# -- redirects ---------------------------------------------------------------------------------------


def _chain(server: FixtureServer, name: str, hops: int) -> str:
    for i in range(hops):
        server.add(f"/{name}/{i}", "", status=302, headers={"Location": f"/{name}/{i + 1}"})
    server.add(f"/{name}/{hops}", PAGE)
    return f"{server.base}/{name}/0"


def test_redirect_chains_are_capped_at_ten(server: FixtureServer) -> None:
    sync, _, async_, _ = _fetch_both(_chain(server, "five", 5))
    assert sync.url.endswith("/five/5") and async_.url.endswith("/five/5")
    sync, _, async_, _ = _fetch_both(_chain(server, "eleven", 11))
    for outcome in (sync, async_):
        assert isinstance(outcome, NetworkError) and "too many redirects" in str(outcome)
    assert not any(path == "/eleven/11" for path, *_ in server.log)


def test_redirect_loop_is_a_network_error(server: FixtureServer) -> None:
    server.add("/ping", "", status=302, headers={"Location": "/pong"})
    url = server.add("/pong", "", status=301, headers={"Location": "/ping"})
    sync, sync_s, async_, _ = _fetch_both(url)
    assert isinstance(sync, NetworkError) and isinstance(async_, NetworkError)
    assert sync_s < 2.0


@pytest.mark.parametrize(
    ("location", "message"),
    [("file:///etc/passwd", "unsupported URL scheme"), ("ftp://127.0.0.1/pub/x", "unsupported URL scheme"),
     ("javascript:alert(1)", "URL"), ("data:text/html,<p>hi</p>", "URL"), ("gopher://127.0.0.1:70/", "scheme")],
)  # fmt: skip
def test_redirects_to_other_schemes_are_refused(server: FixtureServer, location: str, message: str) -> None:
    url = server.add("/away", "", status=302, headers={"Location": location})
    sync, _, async_, _ = _fetch_both(url)
    for outcome in (sync, async_):
        assert isinstance(outcome, NetworkError) and message in str(outcome), outcome
        assert "\n" not in str(outcome)


# -- status storms through archive run ---------------------------------------------------------------


def _feed(urls: list[str]) -> str:
    items = "".join(f"<item><title>t</title><link>{u}</link></item>" for u in urls)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>{items}</channel></rss>'


def _integrity(db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("pragma integrity_check").fetchall() == [("ok",)]
        assert conn.execute("pragma foreign_key_check").fetchall() == []


def test_503_storm_retries_honour_retry_after_and_the_run_ends_within_budget(server: FixtureServer,
                                                                              db_path: Path) -> None:  # fmt: skip
    paths = [f"/storm/story-number-{i}" for i in range(5)]
    for path in paths:
        server.add(path, "busy", status=503, headers={"Retry-After": "1"})
    server.add("/feed.xml", _feed([server.base + p for p in paths]), headers={"Content-Type": "application/rss+xml"})
    add_source(open_archive(db_path), server.base + "/feed.xml", kind="feed")
    started = time.monotonic()
    # Five URLs x two tries at one try a second need ~10 s; the budget is 6 s.
    result = CliRunner().invoke(cli, ["run", "--db", str(db_path), "--allow-private", "--delay", "0", "--retries", "1",
                                      "--max-minutes", "0.1", "--timeout", "2"])  # fmt: skip
    elapsed = time.monotonic() - started
    assert result.exit_code == 1, result.output  # failures recorded: non-zero for cron
    assert elapsed < 0.1 * 60 + 2 + 2  # the budget, one request timeout, and start-up
    hits: dict[str, list[float]] = {}
    for path, _, status, at in server.log:
        if path.startswith("/storm/"):
            assert status == 503
            hits.setdefault(path, []).append(at)
    assert hits and all(len(times) <= 2 for times in hits.values())  # one try + at most one retry each
    assert any(len(times) == 2 for times in hits.values())
    every = sorted(at for times in hits.values() for at in times)
    assert min(b - a for a, b in itertools.pairwise(every)) >= 0.95  # Retry-After: 1 holds the whole host
    # The host is paced as a whole during a retry wait, so not every URL got its turn: the rest wait in the queue.
    with sqlite3.connect(db_path) as conn:
        failed = conn.execute("select count(*) from fetches where outcome = 'failed' and status = 503").fetchone()[0]
        states = dict(conn.execute("select state, count(*) from queue group by state").fetchall())
    assert failed >= 1 and states == {"pending": len(paths)}  # retried next run (max_attempts), none lost
    assert "failed" in result.output
    _integrity(db_path)


def test_429_with_a_retry_after_beyond_max_wait_is_not_waited_for(server: FixtureServer, db_path: Path) -> None:
    server.add("/slow-down-story-here", "no", status=429, headers={"Retry-After": "86400"})
    server.add("/feed.xml", _feed([server.base + "/slow-down-story-here"]),
               headers={"Content-Type": "application/rss+xml"})  # fmt: skip
    add_source(open_archive(db_path), server.base + "/feed.xml", kind="feed")
    started = time.monotonic()
    summary = run(db_path, RunOptions(policy=Policy(delay=0.0, allow_private=True), max_minutes=1))
    assert summary.failed == 1 and time.monotonic() - started < 10
    assert sum(p == "/slow-down-story-here" for p, *_ in server.log) == 1
    _integrity(db_path)


# -- address policy and schemes ----------------------------------------------------------------------


@pytest.fixture
def public_127(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let 127.0.0.1 stand in for a public publisher; every other address is judged as usual."""
    real = polite.is_public_host
    monkeypatch.setattr(polite, "is_public_host", lambda host: host == "127.0.0.1" or real(host))


def test_discovered_loopback_private_link_local_and_metadata_urls_are_refused(
    server: FixtureServer, db_path: Path, public_127: None
) -> None:
    port = server.base.rsplit(":", 1)[1]
    targets = [f"http://127.0.0.2:{port}/loopback-story-here-now", f"http://10.0.0.7:{port}/private-net-story-here",
               "http://169.254.169.254/latest/meta-data/iam", f"http://[::1]:{port}/ipv6-loopback-story-here",
               f"http://localhost:{port}/localhost-story-here", "http://0.0.0.0/zero-address-story-here",
               "http://192.168.1.1/router-admin-page-here", "http://100.64.0.1/carrier-nat-story-here",
               "http://[fd00::1]/unique-local-story-here", "http://[::ffff:127.0.0.1]/mapped-loopback"]  # fmt: skip
    server.add("/feed.xml", _feed(targets), headers={"Content-Type": "application/rss+xml"})
    add_source(open_archive(db_path), server.base + "/feed.xml", kind="feed")
    result = CliRunner().invoke(cli, ["run", "--db", str(db_path), "--delay", "0"])
    assert result.exit_code == 0, result.output
    assert "0 new" in result.output and f"{len(targets)} skipped" in result.output
    assert [p for p, *_ in server.log] == ["/robots.txt", "/feed.xml"]  # the source only; no story was asked for
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("select url, outcome, error from fetches where outcome != 'source'").fetchall()
    assert sorted(r[0] for r in rows) == sorted(targets)
    assert all(outcome == "skipped" and "private or local address" in error for _, outcome, error in rows)


def test_a_child_sitemap_at_a_private_address_is_refused(server: FixtureServer, db_path: Path,
                                                         public_127: None) -> None:  # fmt: skip
    port = server.base.rsplit(":", 1)[1]
    child = f"http://localhost:{port}/internal-child-sitemap.xml"
    xml = {"Content-Type": "application/xml"}
    server.add("/internal-child-sitemap.xml", '<?xml version="1.0"?><urlset/>', headers=xml)
    server.add("/sitemap_index.xml", '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
               f'sitemap/0.9"><sitemap><loc>{child}</loc></sitemap></sitemapindex>', headers=xml)  # fmt: skip
    add_source(open_archive(db_path), server.base + "/sitemap_index.xml", kind="sitemap")
    run(db_path, RunOptions(policy=Policy(delay=0.0), max_minutes=1))
    assert "/internal-child-sitemap.xml" not in [p for p, *_ in server.log]


def test_allow_private_lets_a_local_publisher_through(server: FixtureServer, db_path: Path) -> None:
    url = server.add("/local-story-here-now", PAGE)
    server.add("/feed.xml", _feed([url]), headers={"Content-Type": "application/rss+xml"})
    add_source(open_archive(db_path), server.base + "/feed.xml", kind="feed")
    result = CliRunner().invoke(cli, ["run", "--db", str(db_path), "--delay", "0", "--allow-private"])
    assert result.exit_code == 0 and "1 new" in result.output, result.output


def test_a_public_url_redirecting_to_a_private_address_is_refused(
    server: FixtureServer, db_path: Path, public_127: None
) -> None:
    # 127.0.0.1 plays the public publisher; its redirect points at "localhost", the private target.
    port = server.base.rsplit(":", 1)[1]
    server.add("/innocent-looking-story-link", "", status=302,
               headers={"Location": f"http://localhost:{port}/internal-admin-secrets"})  # fmt: skip
    server.add("/internal-admin-secrets", PAGE)
    server.add("/robots.txt", "", status=404)
    server.add("/feed.xml", _feed([server.base + "/innocent-looking-story-link"]),
               headers={"Content-Type": "application/rss+xml"})  # fmt: skip
    add_source(open_archive(db_path), server.base + "/feed.xml", kind="feed")
    summary = run(db_path, RunOptions(policy=Policy(delay=0.0), max_minutes=1))
    assert (summary.new, summary.skipped) == (0, 1), summary.line()
    assert "/internal-admin-secrets" not in [p for p, *_ in server.log]
    with sqlite3.connect(db_path) as conn:
        error = conn.execute("select error from fetches where outcome = 'skipped'").fetchone()[0]
    assert "redirected to a private or local address" in error
    # The same redirect is followed when the user allows private addresses.
    other = db_path.with_name("allowed.db")
    add_source(open_archive(other), server.base + "/feed.xml", kind="feed")
    assert run(other, RunOptions(policy=Policy(delay=0.0, allow_private=True), max_minutes=1)).new == 1


def test_feed_and_sitemap_entries_with_other_schemes_are_never_queued(server: FixtureServer, db_path: Path) -> None:
    bad = ["file:///etc/passwd", "ftp://127.0.0.1/pub/story", "javascript:alert(1)", "data:text/html,<p>x</p>",
           "gopher://127.0.0.1/1/story"]  # fmt: skip
    good = server.add("/the-one-real-story-here", PAGE)
    server.add("/feed.xml", _feed([*bad, good]), headers={"Content-Type": "application/rss+xml"})
    sitemap = "".join(f"<url><loc>{u.replace('&', '&amp;').replace('<', '&lt;')}</loc></url>" for u in [*bad, good])
    server.add("/sitemap.xml", f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                               f"{sitemap}</urlset>", headers={"Content-Type": "application/xml"})  # fmt: skip
    db = open_archive(db_path)
    add_source(db, server.base + "/feed.xml", kind="feed")
    add_source(db, server.base + "/sitemap.xml", kind="sitemap")
    summary = run(db_path, RunOptions(policy=Policy(delay=0.0, allow_private=True), max_minutes=1))
    assert summary.new == 1, summary.line()
    with sqlite3.connect(db_path) as conn:
        queued = [r[0] for r in conn.execute("select url from queue")]
        fetched = [r[0] for r in conn.execute("select url from fetches")]
    assert queued == [good]
    assert all(u.startswith("http://") for u in fetched)


def test_archive_url_of_a_local_address_works_and_says_so(server: FixtureServer, db_path: Path,
                                                          caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    url = server.add("/my-own-local-page-here", PAGE)
    with caplog.at_level(logging.WARNING, logger="archiver.pipeline"):
        result = CliRunner().invoke(cli, ["url", "--db", str(db_path), url])
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output
    assert "loopback/private address" in caplog.text and "asked for explicitly" in caplog.text


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/x", "javascript:alert(1)", "/etc/passwd"])
def test_archive_url_refuses_non_http_schemes(db_path: Path, url: str) -> None:
    result = CliRunner().invoke(cli, ["url", "--db", str(db_path), url])
    assert result.exit_code == 1
    assert "not an http(s) URL" in result.output


def test_address_literals_are_judged_without_a_resolver() -> None:
    for host in ("127.0.0.1", "10.1.2.3", "169.254.169.254", "::1", "[::1]", "0.0.0.0", "::ffff:127.0.0.1",
                 "fe80::1%eth0", "192.168.0.1", "100.64.0.1", "fc00::1", "localhost"):  # fmt: skip
        assert not polite.is_public_host(host), host
    for host in ("8.8.8.8", "2606:4700::1111", "[2606:4700::1111]"):
        assert polite.is_public_host(host), host
