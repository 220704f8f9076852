"""Shared test fixtures: fixture pages, a local HTTP server, a temporary archive."""

from __future__ import annotations

import hashlib
import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite extracted fields of fixture goldens.")


def fixture_pages() -> list[Path]:
    """Every fixture page that has an expectation file."""
    return sorted(p for p in FIXTURES.glob("*/*.html") if p.with_suffix(".expected.json").exists())


def load_expected(page: Path) -> dict:
    """The .expected.json of a fixture page."""
    return json.loads(page.with_suffix(".expected.json").read_text(encoding="utf-8"))


class FixtureServer:
    """A real HTTP server on 127.0.0.1 serving registered routes (status, headers, body, delay).

    Every 200 carries an ETag (a hash of the body) and a matching If-None-Match gets a 304, like
    a well-behaved publisher. ``log`` keeps (path, request headers, status, time) of every request.
    """

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict[str, str], bytes, float]] = {}
        self.sequences: dict[str, list[tuple[int, dict[str, str], bytes]]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.log: list[tuple[str, dict[str, str], int, float]] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append((self.path, dict(self.headers)))
                if server.sequences.get(self.path):
                    status, headers, body = server.sequences[self.path].pop(0)
                    delay = 0.0
                else:
                    status, headers, body, delay = server.routes.get(self.path, (404, {}, b"not found", 0.0))
                if delay:
                    threading.Event().wait(delay)
                headers = dict(headers)
                if status == 200:
                    etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                    headers.setdefault("ETag", etag)
                    if self.headers.get("If-None-Match") == etag:
                        status, body = 304, b""
                server.log.append((self.path, dict(self.headers), status, time.monotonic()))
                try:
                    self.send_response(status)
                    headers = {"Content-Type": "text/html; charset=utf-8", **headers}
                    for key, value in headers.items():
                        self.send_header(key, value)
                    if "Content-Length" not in headers:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def add(self, path: str, body: bytes | str, status: int = 200, headers: dict | None = None, delay: float = 0.0):
        """Serve ``body`` at ``path``; return the full URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = (status, headers or {}, data, delay)
        return self.base + path

    def add_sequence(self, path: str, responses: list[tuple[int, dict[str, str], bytes | str]]) -> str:
        """Serve these responses at ``path`` one per request, then whatever ``add`` registered."""
        self.sequences[path] = [(st, h, b.encode() if isinstance(b, str) else b) for st, h, b in responses]
        return self.base + path

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    srv = FixtureServer()
    yield srv
    srv.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "archive.db"
