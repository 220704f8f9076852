"""The extraction pool: one worker extracts in the caller, in order, and hands failures back per item."""

from __future__ import annotations

from pathlib import Path

from archiver.errors import ExtractionError
from archiver.pipeline import InlineExecutor, archive_one, extract_many, extraction_pool
from archiver.schema import open_archive


def test_one_worker_extracts_inline_in_order_with_failures_per_item() -> None:
    """reextract's single worker runs in the caller; an unreadable page is that item's error, not the batch's."""
    page = "<html><body><article><h1>Pool</h1>" + "<p>The council kept the pool open all summer long.</p>" * 8
    items = [
        (page + "</article></body></html>", "https://news.example/a", None, None),
        ("", "https://news.example/b", None, None),
    ]
    with extraction_pool(1, inline=True) as pool:
        assert isinstance(pool, InlineExecutor)
        results = list(extract_many(pool, items))
    assert [item[1] for item, _ in results] == ["https://news.example/a", "https://news.example/b"]
    assert "pool open" in results[0][1].body_text
    assert isinstance(results[1][1], ExtractionError)


def test_a_malformed_url_is_a_recorded_one_line_failure_not_a_crash(tmp_path: Path) -> None:
    """urllib rejects "https://[bad/x" (an unclosed IPv6 bracket): the batch goes on, the failure is on record."""
    db = open_archive(tmp_path / "a.db")
    result = archive_one("https://[bad/x", db, client=None)  # never reaches the network
    assert result.outcome == "failed" and "not an http(s) URL" in result.error
    assert [r["url"] for r in db["fetches"].rows] == ["https://[bad/x"]
