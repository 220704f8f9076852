"""A real browser over `archive serve`: home page, search, an article, its diff. Screenshots go to test-artifacts/.

Uses Debian's chromium (installed by .ci/run) through Playwright; requests that leave 127.0.0.1 are refused,
except lead images, which get a local placeholder so the page renders as a reader would see it.
"""

from __future__ import annotations

import os
import shutil
import socket
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT, FixtureServer
from tests.test_datasette import build_archive

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ROOT / "tests" / "screenshots"  # refreshed for the README with UPDATE_SCREENSHOTS=1
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, dict]]:
    """`archive serve` in a subprocess over an archive built by the real pipeline; yields its URL and ids."""
    fixtures = FixtureServer()
    try:
        ids = build_archive(tmp_path / "archive.db", fixtures)
    finally:
        fixtures.close()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "archiver", "serve", "--db", str(tmp_path / "archive.db"), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path,
    )  # fmt: skip
    try:
        line = proc.stdout.readline()
        assert f"Serving the archive at http://127.0.0.1:{port}/" in line, line
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/-/versions.json", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline and proc.poll() is None, "archive serve did not come up"
            time.sleep(0.1)
        yield base, ids
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_home_search_article_and_diff_in_chromium(served) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    base, ids = served
    ARTIFACTS.mkdir(exist_ok=True)
    dialogs: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 1400})
            page.route("**/*", _local_only(base))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

            page.goto(base + "/")
            assert "News archive" in page.inner_text("body")
            page.screenshot(path=ARTIFACTS / "home.png")

            page.fill("#archiver-q", "propane")
            page.press("#archiver-q", "Enter")
            page.wait_for_load_state()
            results = page.inner_text("body")
            assert "1 row where search matches" in results and "Freight train derailment" in results
            page.screenshot(path=ARTIFACTS / "search.png")

            page.click("a.archiver-read")
            page.wait_for_load_state("networkidle")
            text = page.inner_text("article.archiver-reader")
            assert "Freight train derailment near Colton Falls forces evacuation of 300 homes" in text
            assert "By Dana Whitlock" in text and "ellis rowan/northgate courier" in text.lower()  # CSS uppercases it
            assert page.locator("aside.archiver-note").count() == 2
            assert "Quarry Road reopened to traffic" in page.inner_text("aside.archiver-note >> nth=0")
            _shoot(page, "article.png")

            page.click("text=What changed")
            page.wait_for_load_state()
            diff = page.inner_text("body")
            assert "Update note added" in diff and "Version 1" in diff and "version 2" in diff
            assert "Quarry Road reopened" in page.inner_text("p.archiver-diff-ins")
            assert page.locator("p.archiver-diff-change ins").all_inner_texts() == [" serious", "less than"]
            assert page.locator("p.archiver-diff-change del").all_inner_texts() == ["about"]
            _shoot(page, "diff.png")

            page.goto(f"{base}/-/article/{ids['hostile']}")
            assert "<script>alert(1)</script>" in page.inner_text(".archiver-body")  # shown as text
            assert page.locator(".archiver-body script, .archiver-body img, [onerror], [onclick]").count() == 0
            assert page.locator('a[href^="javascript"], a[href^="JAVASCRIPT"]').count() == 0
            page.screenshot(path=ARTIFACTS / "hostile.png")
        finally:
            browser.close()
    assert dialogs == [], "stored content ran script"


def _shoot(page, name: str) -> None:
    page.screenshot(path=ARTIFACTS / name)
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(exist_ok=True)
        shutil.copyfile(ARTIFACTS / name, SCREENSHOTS / name)


def _local_only(base: str):
    """A route handler: the server under test answers; lead images get a placeholder; nothing else leaves."""
    placeholder = _placeholder_png(1200, 600)

    def handle(route) -> None:
        request = route.request
        if request.url.startswith(base):
            route.continue_()
        elif request.resource_type == "image":
            route.fulfill(status=200, content_type="image/png", body=placeholder)
        else:
            route.abort()

    return handle


def _placeholder_png(width: int, height: int) -> bytes:
    """A quiet grey-blue gradient standing in for a news photo (no network in tests)."""
    rows = b"".join(
        b"\x00" + bytes((150 - y * 60 // height, 165 - y * 50 // height, 180 - y * 40 // height)) * width
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")
