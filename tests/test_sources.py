"""Adding sources: explicit kinds, detection, feed autodiscovery, robots.txt sitemaps, removal."""

from __future__ import annotations

import httpx
import pytest
import respx

from archiver.fetch import make_client
from archiver.schema import open_archive
from archiver.sources import SourceError, add_source, list_sources, remove_source

HOME = """<html><head><title>Responsible Statecraft</title>
<link rel="alternate" type="application/rss+xml" title="RSS" href="https://responsiblestatecraft.org/feeds/feed.rss">
</head><body><a href="/iran-bombing-soleimani/">story</a></body></html>"""


@respx.mock
def test_a_home_page_adds_the_feed_it_advertises() -> None:
    db = open_archive(":memory:")
    respx.get("https://responsiblestatecraft.org/").respond(200, html=HOME)
    with make_client() as client:
        added = add_source(db, "https://responsiblestatecraft.org/?utm_source=x", client=client)
    assert [(r["kind"], r["url"]) for r in added] == [("feed", "https://responsiblestatecraft.org/feeds/feed.rss")]
    with make_client() as client:  # adding it again does not duplicate it
        again = add_source(db, "https://responsiblestatecraft.org/", client=client)
    assert again[0]["existing"] and len(list_sources(db)) == 1


@respx.mock
def test_a_home_page_without_feeds_adds_the_robots_sitemaps_or_itself() -> None:
    db = open_archive(":memory:")
    respx.get("https://redstate.com/").respond(200, html="<html><body><a href='/x'>x</a></body></html>")
    respx.get("https://redstate.com/robots.txt").respond(200, text="Sitemap: https://redstate.com/sitemap.xml\n")
    respx.get("https://plain.example/").respond(200, html="<html><head><title>Plain</title></head></html>")
    respx.get("https://plain.example/robots.txt").respond(404)
    with make_client() as client:
        assert [r["kind"] for r in add_source(db, "https://redstate.com/", client=client)] == ["sitemap"]
        page = add_source(db, "https://plain.example/", client=client)
    assert (page[0]["kind"], page[0]["name"]) == ("page", "Plain")


@respx.mock
def test_detection_and_errors() -> None:
    db = open_archive(":memory:")
    respx.get("https://x.example/sitemap.xml").respond(200, content=b"<urlset></urlset>",
                                                        headers={"Content-Type": "application/xml"})  # fmt: skip
    respx.get("https://x.example/down").mock(side_effect=httpx.ConnectError("refused"))
    with make_client() as client:
        assert add_source(db, "https://x.example/sitemap.xml", client=client)[0]["kind"] == "sitemap"
        with pytest.raises(SourceError, match="--kind"):
            add_source(db, "https://x.example/down", client=client)
    with pytest.raises(SourceError, match="http"):
        add_source(db, "file:///etc/passwd")
    with pytest.raises(SourceError, match="unknown kind"):
        add_source(db, "https://x.example/f", kind="podcast")
    assert add_source(db, "https://x.example/feed", kind="feed")[0]["kind"] == "feed"  # no fetch with --kind
    assert remove_source(db, "https://x.example/feed") and not remove_source(db, "https://x.example/feed")
    assert remove_source(db, "1")
