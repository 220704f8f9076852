"""The Datasette layer, in process: metadata for every table, search, canned queries, reading and diff pages."""

from __future__ import annotations

import asyncio
import html.parser
import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from archiver.datasette import command
from archiver.datasette.config import archive_databases, is_archive_file, load_metadata
from archiver.datasette.diffview import diff_blocks, word_diff
from archiver.datasette.plugin import _dek
from archiver.datasette.render import format_day, format_time, render_body, sanitize, split_blocks
from archiver.pipeline import archive_urls
from archiver.schema import SCHEMA, open_archive
from tests.conftest import FIXTURES, FixtureServer

DERAILMENT = FIXTURES / "northgate-courier.example" / "2024-01-08_colton-falls-derailment-evacuation.html"
PAGES = [
    DERAILMENT,
    FIXTURES / "harborline-dispatch.example" / "2024-02-12_ferry-strike-ends-tentative-contract.html",
    FIXTURES / "pinecrest-herald.example" / "2024-03-01_pinecrest-schools-longer-school-day.html",
    FIXTURES / "chatterbox-app.example" / "2023-05-02_changes-to-usernames.html",
]
NEW_NOTE = (
    "<p><strong>UPDATE (Jan. 10 at 9:00 a.m.):</strong> Quarry Road reopened to traffic Wednesday morning "
    "after the railroad finished repairing the track.</p>\n"
)
HOSTILE_MARKDOWN = (
    "Before the payload.\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
    "[click me](javascript:alert(1)) and [a real link](https://example.org/)\n\n"
    '<a href="javascript:alert(2)" onclick="alert(3)">raw link</a>'
)


def build_archive(db_path: Path, server: FixtureServer) -> dict[str, Any]:
    """An archive made by the real pipeline: fixture pages, then a second version of the derailment story."""
    db = open_archive(db_path)
    urls = [server.add(f"/{page.parent.name}/{page.name}", page.read_bytes()) for page in PAGES]
    urls.append(server.add("/gone.html", "gone", status=404))
    first = archive_urls(urls, db)
    assert [r.outcome for r in first] == ["new"] * len(PAGES) + ["failed"]
    html_v1 = DERAILMENT.read_text(encoding="utf-8")
    marker = "<p><strong>UPDATE (Jan. 9"
    assert marker in html_v1
    html_v2 = (
        html_v1.replace(marker, NEW_NOTE + marker, 1)
        .replace("No injuries were reported.", "No serious injuries were reported.", 1)
        .replace("about half a mile from", "less than half a mile from", 1)
    )
    server.add(f"/{DERAILMENT.parent.name}/{DERAILMENT.name}", html_v2)
    (second,) = archive_urls([urls[0]], db)
    assert (second.outcome, second.version, second.change_class) == ("changed", 2, "note_added")
    hostile = db["articles"].insert({
        "url": "https://hostile.example/x", "title": "Hostile <b>title</b>", "body_markdown": HOSTILE_MARKDOWN,
        "body_text": HOSTILE_MARKDOWN, "authors": json.dumps(["<script>alert(4)</script>"]), "version": 1,
        "image_url": "javascript:alert(5)", "first_seen_at": "2024-01-01T00:00:00+00:00",
    }).last_pk  # fmt: skip
    db["versions"].insert({"article_id": hostile, "version": 1, "title": "Hostile", "body_text": "x",
                           "change_class": "first", "fetched_at": "2024-01-01T00:00:00+00:00"})  # fmt: skip
    db.close()
    return {"derailment": first[0].article_id, "hostile": hostile, "ferry": first[1].article_id,
            "usernames": first[3].article_id}  # fmt: skip


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Built once per module: the pages only read it."""
    db_path = tmp_path_factory.mktemp("archive") / "archive.db"
    server = FixtureServer()
    try:
        yield db_path, build_archive(db_path, server)
    finally:
        server.close()


def fetch(db_path: Path, *paths: str) -> list[Any]:
    """GET each path from an in-process Datasette over the archive (plain datasette: plugin by entry point)."""
    from datasette.app import Datasette

    async def run() -> list[Any]:
        ds = Datasette([str(db_path)])
        await ds.invoke_startup()
        return [await ds.client.get(path) for path in paths]

    return asyncio.run(run())


def get(db_path: Path, path: str, status: int = 200) -> str:
    (response,) = fetch(db_path, path)
    assert response.status_code == status, (path, response.status_code, response.text[:2000])
    return response.text


def test_every_schema_table_and_column_is_described() -> None:
    tables = load_metadata()["tables"]
    for table, (columns, _options) in SCHEMA.items():
        assert table in tables, f"metadata.json has no entry for table {table}"
        assert tables[table].get("title") and tables[table].get("description"), table
        described = tables[table].get("columns", {})
        missing = [c for c in columns if not described.get(c)]
        assert not missing, f"metadata.json describes no {table}.{missing}"
    assert set(tables) <= set(SCHEMA), "metadata describes tables the schema does not have"


def test_plugin_is_registered_by_entry_point_and_recognises_the_archive(archive) -> None:
    db_path, _ids = archive
    plugins = json.loads(get(db_path, "/-/plugins.json"))
    ours = [p for p in plugins if "get_metadata" in p["hooks"] and "register_routes" in p["hooks"]]
    assert ours and ours[0]["templates"] and ours[0]["static"]
    assert is_archive_file(db_path)
    assert "latest_articles" in json.loads(get(db_path, "/-/metadata.json"))["databases"]["archive"]["queries"]
    css = get(db_path, "/" + re.search(r'href="/([^"]*archiver\.css)"', get(db_path, "/")).group(1))
    assert ".archiver-note" in css


def test_home_page_links_to_search_and_reading_queries(archive) -> None:
    db_path, _ids = archive
    page = get(db_path, "/")
    assert "News archive" in page
    assert 'action="/archive/articles"' in page and 'name="_search"' in page
    for query in ("latest_articles", "recently_changed", "update_notes_timeline", "corrections", "what_was_stripped"):
        assert f'href="/archive/{query}"' in page


@pytest.mark.parametrize("table", sorted(SCHEMA))
def test_every_table_page_has_title_description_and_default_sort(archive, table: str) -> None:
    db_path, _ids = archive
    meta = load_metadata()["tables"][table]
    page = get(db_path, f"/archive/{table}")
    assert meta["title"] in page
    assert str(json.dumps(meta["description"]))[1:40].replace("'", "&#39;") in page.replace("&#34;", '"')
    if "sort_desc" in meta:
        assert f"sorted by {meta['sort_desc']} descending" in page


def test_articles_table_sorts_newest_first_links_titles_and_facets(archive) -> None:
    db_path, ids = archive
    page = get(db_path, "/archive/articles")
    assert f'href="/-/article/{ids["derailment"]}"' in page
    assert "has notes (yes/no)" in page
    facets = json.loads(get(db_path, "/archive/articles.json?_size=1"))["facet_results"]
    assert list(facets) == ["site_name", "section", "has notes"]
    # Language (mostly one value) and authors (a JSON-array facet reads every row: 180 ms at 100,000 articles)
    # are not default facets, but there on request.
    asked = json.loads(get(db_path, "/archive/articles.json?_size=1&_facet=language&_facet_array=authors"))
    assert {"language", "authors"} <= set(asked["facet_results"]), list(asked["facet_results"])
    assert "authors (array)" in get(db_path, "/archive/articles?_facet_array=authors")
    rows = json.loads(get(db_path, "/archive/articles.json?_shape=array&_col=published_at"))
    dates = [r["published_at"] for r in rows if r["published_at"]]
    assert dates == sorted(dates, reverse=True)
    # The has-notes facet: every fixture page carries a note, so only "yes" shows; the hostile row has no count.
    assert "note_count__gt=0" in page and "note_count__lte=0" not in page
    assert json.loads(get(db_path, "/archive/articles.json?_shape=array&note_count__lte=0")) == []
    with_notes = json.loads(get(db_path, "/archive/articles.json?_shape=array&note_count__gt=0"))
    assert {r["id"] for r in with_notes} >= {ids["derailment"], ids["ferry"]}
    selected = get(db_path, "/archive/articles?note_count__gt=0")
    assert re.search(r"yes &middot; \d", selected)  # shown as the selected bucket
    assert "<script>alert(4)</script>" not in page


def test_full_text_search(archive) -> None:
    db_path, _ids = archive
    page = get(db_path, "/archive/articles?_search=propane")
    assert "Freight train derailment near Colton Falls" in page
    assert "1 row where search matches" in page
    assert "ferry" not in page.lower().split("1 row where", 1)[1].split("</table>", 1)[0]


CANNED = {
    "best_matches": ("?q=propane", "Freight train derailment near Colton Falls"),
    "latest_articles": ("", "Freight train derailment near Colton Falls"),
    "recently_changed": ("", "Update note added"),
    "update_notes_timeline": ("", "Quarry Road reopened to traffic"),
    "corrections": ("", "Harborline Ferries canceled 214 sailings"),
    "articles_by_site": ("?site=Northgate+Courier", "Freight train derailment near Colton Falls"),
    "what_was_stripped": ("", "Subscribe"),
    "failures_by_site": ("", "404"),
}


@pytest.mark.parametrize("query", sorted(CANNED))
def test_each_canned_query(archive, query: str) -> None:
    db_path, _ids = archive
    args, expected = CANNED[query]
    page = get(db_path, f"/archive/{query}{args}")
    assert load_metadata()["queries"][query]["title"] in page
    assert expected in page, query
    if query in ("best_matches", "latest_articles", "recently_changed", "articles_by_site"):
        assert 'class="archiver-read" href="/-/article/' in page  # titles link to the reading page
    if query == "best_matches":
        assert "<mark>propane</mark>" in page  # the snippet marks the matched word, and only that is markup
    if query == "recently_changed":
        assert 'href="/-/diff/' in page  # the version links to its diff


def test_best_matches_ranks_and_takes_any_input(archive) -> None:
    db_path, ids = archive
    rows = json.loads(get(db_path, "/archive/best_matches.json?_shape=array&q=ferry+sailings"))
    assert [r["article_id"] for r in rows][:1] == [ids["ferry"]]
    for q in ("", '"', "AND OR NOT", "a*b(c"):  # what a user may type: no FTS syntax errors, empty means none
        assert isinstance(json.loads(get(db_path, f"/archive/best_matches.json?_shape=array&q={quote(q)}")), list)
    assert json.loads(get(db_path, "/archive/best_matches.json?_shape=array&q=")) == []


def test_has_notes_facet_counts_match_its_filters(tmp_path: Path) -> None:
    db = open_archive(tmp_path / "archive.db")
    for i, notes in enumerate((2, 0, None, 1, 0)):
        db["articles"].insert({"url": f"https://news.example/{i}", "title": f"Story {i}", "note_count": notes,
                               "body_text": "The levy passed." if i % 2 == 0 else "The ferry sailed."})  # fmt: skip
    db.close()
    for args, searched in (("", "1=1"), ("&_search=levy", "body_text like '%levy%'")):
        data = json.loads(get(tmp_path / "archive.db", f"/archive/articles.json?_size=1{args}"))
        counts = {v["value"]: v["count"] for v in data["facet_results"]["has notes"]["results"]}
        conn = sqlite3.connect(tmp_path / "archive.db")
        yes, no = conn.execute(f"select count(*) filter (where note_count > 0), count(*) filter (where note_count "
                               f"<= 0) from articles where {searched}").fetchone()  # fmt: skip
        conn.close()
        assert counts == {k: v for k, v in (("yes", yes), ("no", no)) if v}, (args, counts)
        page2 = json.loads(get(tmp_path / "archive.db", f"/archive/articles.json?_size=1{args}&_next={data['next']}"))
        assert sum(v["count"] for v in page2["facet_results"]["has notes"]["results"]) <= yes + no


def test_canned_query_results(archive) -> None:
    db_path, ids = archive
    rows = json.loads(get(db_path, "/archive/failures_by_site.json?_shape=array"))
    assert len(rows) == 1 and rows[0]["host"].startswith("127.0.0.1:") and "404" in rows[0]["last_error"]
    rows = json.loads(get(db_path, f"/archive/what_was_stripped.json?_shape=array&article_id={ids['ferry']}"))
    assert rows and {r["article_id"] for r in rows} == {ids["ferry"]}
    rows = json.loads(get(db_path, "/archive/recently_changed.json?_shape=array"))
    assert [(r["article_id"], r["version"], r["change_class"]) for r in rows] == [(ids["derailment"], 2, "note_added")]
    rows = json.loads(get(db_path, "/archive/articles_by_site.json?_shape=array&site=127.0.0.1"))
    assert rows == []  # hosts match the canonical URL's host, not the test server's
    rows = json.loads(get(db_path, "/archive/corrections.json?_shape=array"))
    assert {r["kind"] for r in rows} == {"correction"}


def test_article_page(archive) -> None:
    db_path, ids = archive
    page = get(db_path, f"/-/article/{ids['derailment']}")
    assert "<h1" in page and "Freight train derailment near Colton Falls forces evacuation of 300 homes" in page
    assert "By Dana Whitlock" in page and "Northgate Courier" in page and "Local News" in page
    assert "Published <time" in page and "version 2" in page
    assert "lie beside the tracks near the Quarry Road crossing" in page  # the caption
    assert "Ellis Rowan/Northgate Courier" in page  # the credit
    assert 'rel="nofollow noopener noreferrer">Read the original' in page
    # Both notes are highlighted where they stand, with their kind and resolved time.
    notes = re.findall(r'<aside class="archiver-note archiver-note-update" id="note-\d+">(.*?)</aside>', page, re.S)
    assert len(notes) == 2
    assert "Quarry Road reopened to traffic" in notes[0] and "first seen in version 2" in notes[0]
    assert "lifted the evacuation order" in notes[1] and "9 Jan 2024, 19:05 UTC" in notes[1]
    assert "<strong>UPDATE (Jan. 9 at 2:05 p.m.):</strong>" in notes[1]
    assert "Questions about the line</h2>" in page
    assert f'href="/-/diff/{ids["derailment"]}?to=2">diff with v1' in page
    assert "Update note added" in page and "What was stripped (" in page
    # A note stamped with a day and no time of day ("amended on May 5, 2023") reads as that day, not as midnight.
    page = get(db_path, f"/-/article/{ids['usernames']}")
    assert '<time datetime="2023-05-05">5 May 2023</time>' in page and "5 May 2023, 07:00 UTC" not in page


def test_unknown_article_is_a_clean_404(archive) -> None:
    db_path, _ids = archive
    assert "No article with id 999" in get(db_path, "/-/article/999", 404)
    assert "article ids are numbers" in get(db_path, "/-/article/abc", 404)
    assert "No article with id 999" in get(db_path, "/-/diff/999", 404)


def test_hostile_body_renders_inert(archive) -> None:
    db_path, ids = archive
    page = get(db_path, f"/-/article/{ids['hostile']}")
    body = page.split('<div class="archiver-body">', 1)[1].split('<section class="archiver-versions">', 1)[0]
    scripts, attrs = _active_parts(page)
    assert not scripts, "no <script> element comes from stored content"
    assert not [a for a in attrs if a[0].startswith("on")], attrs
    assert not [a for a in attrs if a[0] in ("href", "src") and "javascript" in (a[1] or "").lower()], attrs
    assert "Before the payload." in body
    assert '<a href="https://example.org/" rel="nofollow noopener noreferrer">a real link</a>' in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body  # shown as text, never run
    assert "Hostile &lt;b&gt;title&lt;/b&gt;" in page
    assert "<img" not in page  # neither the payload nor the javascript: image URL


def _active_parts(page: str) -> tuple[list[str], list[tuple[str, str | None]]]:
    """Script elements (other than Datasette's own, which carry no stored content) and every attribute."""
    scripts: list[str] = []
    attrs: list[tuple[str, str | None]] = []

    class Parser(html.parser.HTMLParser):
        in_script = False

        def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
            attrs.extend(attributes)
            self.in_script = tag == "script"

        def handle_data(self, data: str) -> None:
            if self.in_script and "alert" in data:
                scripts.append(data)

        def handle_endtag(self, tag: str) -> None:
            self.in_script = False

    Parser().feed(page)
    return scripts, attrs


def test_diff_page(archive) -> None:
    db_path, ids = archive
    page = get(db_path, f"/-/diff/{ids['derailment']}")
    assert "What changed" in page and "Freight train derailment" in page
    assert 'class="archiver-change archiver-change-note_added">Update note added' in page
    assert '<p class="archiver-diff-ins"><ins>UPDATE (Jan. 10 at 9:00 a.m.): Quarry Road reopened' in page
    assert "Quarry Road reopened to traffic Wednesday morning" in page
    assert "No<ins> serious</ins> injuries were reported." in page  # word-level, inside a changed paragraph
    assert "<del>about</del><ins>less than</ins> half a mile" in page
    assert "unchanged paragraph" in page  # long unchanged runs fold
    same = get(db_path, f"/-/diff/{ids['derailment']}?from=1&to=2")
    assert same == page


def test_diff_page_bad_versions_are_4xx(archive) -> None:
    db_path, ids = archive
    a = ids["derailment"]
    assert "must be a version number" in get(db_path, f"/-/diff/{a}?from=x", 400)
    assert "has no version 7; it has versions 1 to 2" in get(db_path, f"/-/diff/{a}?to=7", 404)
    assert "must be an older version" in get(db_path, f"/-/diff/{a}?from=2&to=1", 400)
    assert "must be an older version" in get(db_path, f"/-/diff/{a}?from=2&to=2", 400)
    assert "nothing to compare yet" in get(db_path, f"/-/diff/{ids['ferry']}")


def test_plain_datasette_on_another_database_is_untouched(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    import sqlite3

    sqlite3.connect(other).execute("create table articles (id integer primary key, title text)").connection.commit()
    assert not is_archive_file(other)
    page = get(other, "/")
    assert "News archive" not in page and "archiver.css" not in page
    assert "No archive is being served" in get(other, "/-/article/1", 404)


def test_two_archives_are_told_apart(tmp_path: Path) -> None:
    from datasette.app import Datasette

    for name in ("one", "two"):
        open_archive(tmp_path / f"{name}.db").close()
    ds = Datasette([str(tmp_path / "one.db"), str(tmp_path / "two.db")])
    assert archive_databases(ds) == ["one", "two"]
    assert set(ds.metadata("databases")) == {"one", "two"}


def test_a_date_given_without_a_time_reads_as_the_day() -> None:
    """Pages that give only a day are stored at its midnight UTC: the reading page says the day, not '00:00 UTC'."""
    assert format_day("2015-08-03T00:00:00+00:00") == "3 Aug 2015"
    assert (
        format_day("2024-01-09T19:05:00+00:00") == format_time("2024-01-09T19:05:00+00:00") == "9 Jan 2024, 19:05 UTC"
    )
    assert format_day(None) == ""


def test_sanitize_allows_reading_markup_only() -> None:
    dirty = '<p onclick="x()">Hi <a href="javascript:x()">a</a> <a href="https://e.org/">b</a></p><script>y()</script>'
    clean = str(sanitize(dirty + '<img src="https://e.org/i.png" onerror="z()"><iframe src="https://e.org/"></iframe>'))
    assert clean == (
        '<p>Hi <a rel="nofollow noopener noreferrer">a</a> '
        '<a href="https://e.org/" rel="nofollow noopener noreferrer">b</a></p><img src="https://e.org/i.png">'
    )


def test_render_body_places_notes_by_text_when_positions_drift() -> None:
    markdown = "Intro.\n\n```\ncode\n\nmore code\n```\n\n**Update:** Fixed.\n\nEnd."
    assert len(split_blocks(markdown)) == 4
    note = {"id": 1, "kind": "update", "text": "Update: Fixed.", "position": 0}
    lost = {"id": 2, "kind": "correction", "text": "Correction: not here.", "position": -1}
    blocks, unplaced = render_body(markdown, [note, lost])
    assert [b.note["id"] if b.note else None for b in blocks] == [None, None, 1, None]
    assert unplaced == [lost]
    assert "<pre><code>code\n\nmore code\n</code></pre>" in blocks[1].html


def test_diff_blocks_mark_insertions_deletions_and_words() -> None:
    old = "A.\n\nB is here.\n\nC.\n\nD.\n\nE.\n\nF.\n\nG."
    new = "New first.\n\nA.\n\nB is there.\n\nC.\n\nD.\n\nE.\n\nF."
    kinds = [b.kind for b in diff_blocks(old, new)]
    assert kinds == ["ins", "same", "change", "same", "skip", "same", "del"]
    assert word_diff("B is here.", "B is there.") == "B is <del>here</del><ins>there</ins>."
    hostile = diff_blocks("Kept.", "Kept.\n\n<script>alert(1)</script>")[-1]
    assert (hostile.kind, str(hostile.html)) == ("ins", "<ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins>")
    assert "&lt;b&gt;" in word_diff("<b>x</b>", "<b>y</b>")


def test_serve_command_prints_the_url_and_runs_datasette(tmp_path: Path, monkeypatch) -> None:
    calls: dict[str, Any] = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: calls.update(app=app, **kw))
    from archiver.cli import cli

    db_path = tmp_path / "new.db"
    result = CliRunner().invoke(cli, ["serve", "--db", str(db_path), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert "Serving the archive at http://127.0.0.1:8123/" in result.output
    assert (calls["host"], calls["port"]) == ("127.0.0.1", 8123)
    assert is_archive_file(db_path)  # created with the schema, so the plugin applies
    assert command.DEFAULT_PORT == 8001


def test_serve_command_refuses_a_busy_port(tmp_path: Path) -> None:
    import socket

    from archiver.cli import cli

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "a.db"), "--port", str(port)])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output and "Serving" not in result.output


def test_the_standfirst_is_printed_once() -> None:
    """The dek under the headline is left out when the body opens with the same text (it is body text too)."""
    dek = "Three kinds of sentence fragment, with a fix for each."
    assert _dek(dek, "Three kinds of  sentence fragment, with a fix for each.\n\nA fragment is...") is None
    assert _dek(dek, "A fragment is a group of words.") == dek
    assert _dek(None, "Body.") is None
