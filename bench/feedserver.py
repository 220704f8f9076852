"""A local publisher of many feeds on many origins, for timing `archive run` over 1,000 sources.

The server runs in its own process (its own GIL) on 127.0.0.1, one listening port per origin, so
per-host politeness works as it would across many sites. Feed j lives on origin j % hosts at
`/feeds/j.xml` and lists ``items`` article pages on the same origin (fixture pages served as they
are: each URL is its own article). Each answer can be delayed by ``latency`` seconds (a round trip).
Every 200 carries an ETag (a hash of the body); a matching If-None-Match gets a 304 with no body.
robots.txt allows everything. The parent asks for counts (requests by kind and status, and how many
bodies were sent) through a pipe.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import multiprocessing
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
ROBOTS = b"User-agent: *\nAllow: /\n"


def _feed(base: str, j: int, items: int) -> bytes:
    """RSS 2.0 for feed j: ``items`` entries pointing at article pages on the same origin."""
    now = datetime(2025, 6, 1, tzinfo=UTC)
    entries = "".join(
        f"<item><title>Story {j}-{m}</title><link>{escape(base)}/articles/{j}-{m}.html</link>"
        f"<guid>{escape(base)}/articles/{j}-{m}.html</guid>"
        f"<pubDate>{format_datetime(now - timedelta(hours=m))}</pubDate></item>"
        for m in range(items)
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed {j}</title>'
            f"<link>{escape(base)}/</link><description>Bench feed {j}</description>{entries}</channel></rss>"
            ).encode()  # fmt: skip


class _Counts:
    """What the server answered (shared between the event loop and the control thread; plain ints under the GIL)."""

    def __init__(self) -> None:
        self.by_kind_status: Counter = Counter()
        self.requests = 0
        self.bodies = 0
        self.body_bytes = 0

    def snapshot(self) -> dict[str, Any]:
        """The counts as plain data."""
        return {"requests": self.requests, "bodies": self.bodies, "body_bytes": self.body_bytes,
                "by_kind_status": dict(self.by_kind_status)}  # fmt: skip


async def _serve(hosts: int, feeds: int, items: int, latency: float, conn: Connection) -> None:
    """Listen on ``hosts`` ports, tell the parent the ports, answer until the parent says close."""
    pages = [p.read_bytes() for p in sorted(FIXTURES.glob("*/*.html"))] or [b"<html><body><p>x</p></body></html>"]
    counts = _Counts()
    ports: list[int] = []
    routes: list[dict[str, bytes]] = [{} for _ in range(hosts)]

    def handler(origin: int) -> Any:
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            try:
                while True:
                    head = await reader.readuntil(b"\r\n\r\n")
                    lines = head.decode("latin-1").split("\r\n")
                    path = lines[0].split(" ")[1] if len(lines[0].split(" ")) > 1 else "/"
                    headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:] if x)}
                    status, body, kind, ctype = _answer(origin, path)
                    if latency:  # a network round trip (and the publisher's think time) before the answer
                        await asyncio.sleep(latency)
                    extra = ""
                    if status == 200:
                        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                        extra = f"ETag: {etag}\r\n"
                        if headers.get("if-none-match") == etag:
                            status, body = 304, b""
                    counts.requests += 1
                    counts.by_kind_status[f"{kind} {status}"] += 1
                    if status == 200 and body and kind in ("feed", "article"):
                        counts.bodies += 1
                        counts.body_bytes += len(body)
                    reason = {200: "OK", 304: "Not Modified", 404: "Not Found"}[status]
                    writer.write(f"HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\n{extra}"
                                 f"Content-Length: {len(body)}\r\n\r\n".encode() + body)  # fmt: skip
                    await writer.drain()
                    if headers.get("connection", "").lower() == "close":
                        break
            except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
                pass
            finally:
                writer.close()

        return handle

    def _answer(origin: int, path: str) -> tuple[int, bytes, str, str]:
        if path == "/robots.txt":
            return 200, ROBOTS, "robots", "text/plain"
        if path.startswith("/feeds/"):
            body = routes[origin].get(path)
            return (200, body, "feed", "application/rss+xml") if body else (404, b"", "feed", "text/plain")
        if path.startswith("/articles/"):
            name = path.removeprefix("/articles/").removesuffix(".html")
            j, _, m = name.partition("-")
            if j.isdigit() and m.isdigit() and int(j) % hosts == origin and int(j) < feeds and int(m) < items:
                return 200, pages[(int(j) * items + int(m)) % len(pages)], "article", "text/html; charset=utf-8"
            return 404, b"", "article", "text/plain"
        return 404, b"", "other", "text/plain"

    servers = []
    for origin in range(hosts):
        server = await asyncio.start_server(handler(origin), "127.0.0.1", 0, backlog=256)
        servers.append(server)
        ports.append(server.sockets[0].getsockname()[1])
    for j in range(feeds):
        origin = j % hosts
        routes[origin][f"/feeds/{j}.xml"] = _feed(f"http://127.0.0.1:{ports[origin]}", j, items)
    loop = asyncio.get_running_loop()
    done = loop.create_future()

    def control() -> None:
        conn.send(ports)
        while True:
            try:
                command = conn.recv()
            except EOFError:
                command = "close"
            if command == "stats":
                conn.send(counts.snapshot())
            elif command == "reset":
                counts.__init__()
                conn.send(True)
            else:
                loop.call_soon_threadsafe(done.set_result, None)
                return

    threading.Thread(target=control, daemon=True).start()
    await done
    for server in servers:
        server.close()


def _main(hosts: int, feeds: int, items: int, latency: float, conn: Connection) -> None:
    asyncio.run(_serve(hosts, feeds, items, latency, conn))


class FeedServer:
    """Start the publisher in a child process; ``feed_urls`` are the sources to add."""

    def __init__(self, feeds: int, hosts: int, items: int, latency: float = 0.0) -> None:
        self.feeds, self.hosts, self.items = feeds, max(1, min(hosts, feeds)), items
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_main, args=(self.hosts, feeds, items, latency, child), daemon=True)
        self.process.start()
        if not self.conn.poll(120):
            self.process.kill()
            raise RuntimeError("feed server did not start")
        self.ports: list[int] = self.conn.recv()
        self.feed_urls = [f"http://127.0.0.1:{self.ports[j % self.hosts]}/feeds/{j}.xml" for j in range(feeds)]

    def stats(self) -> dict[str, Any]:
        """Requests by kind and status, bodies sent, since the last reset."""
        self.conn.send("stats")
        return self.conn.recv()

    def reset(self) -> None:
        """Zero the counts."""
        self.conn.send("reset")
        self.conn.recv()

    def close(self) -> None:
        """Stop the server process."""
        with contextlib.suppress(BrokenPipeError, OSError):
            self.conn.send("close")
        self.process.join(10)
        if self.process.is_alive():
            self.process.kill()
