"""End to end: `archive url` against a real HTTP server on 127.0.0.1, and the other commands."""

from __future__ import annotations

import json
import sqlite3

from click.testing import CliRunner

from archiver.cli import cli
from archiver.pipeline import extract_article

from .conftest import FIXTURES, fixture_pages, load_expected

SEEDS = [p for p in fixture_pages() if p.parent.name in ("responsiblestatecraft.org", "redstate.com")]


def _serve_fixtures(server) -> dict[str, object]:
    urls = {}
    for page in fixture_pages():
        urls[server.add(f"/{page.parent.name}/{page.stem}", page.read_bytes())] = page
    return urls


def _rows(db_path, sql: str) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql).fetchall()


def test_archive_url_stores_every_fixture_and_is_idempotent(server, db_path) -> None:
    urls = _serve_fixtures(server)
    runner = CliRunner()
    result = runner.invoke(cli, ["url", *urls, "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert f"{len(urls)} URL(s): {len(urls)} new" in result.output
    assert _rows(db_path, "select count(*) from articles")[0][0] == len(urls)
    assert _rows(db_path, "select count(*) from versions")[0][0] == len(urls)

    again = runner.invoke(cli, ["url", *urls, "--db", str(db_path)])
    assert again.exit_code == 0, again.output
    assert f"{len(urls)} unchanged" in again.output
    assert _rows(db_path, "select count(*) from versions")[0][0] == len(urls)
    assert _rows(db_path, "select count(*) from fetches")[0][0] == 2 * len(urls)


def test_seed_pages_are_archived_exactly(server, db_path) -> None:
    for page in SEEDS:
        url = server.add(f"/{page.stem}", page.read_bytes())
        result = CliRunner().invoke(cli, ["url", url, "--db", str(db_path)])
        assert result.exit_code == 0, result.output
        expected = load_expected(page)
        stored = _rows(
            db_path, "select body_markdown, title, id from articles where id = (select max(id) from articles)"
        )
        body_md, title, article_id = stored[0]
        assert body_md == page.with_suffix(".expected.md").read_text(encoding="utf-8").strip()
        assert title == expected["title"]
        notes = _rows(
            db_path, f"select kind, label, noted_at, position from update_notes where article_id = {article_id}"
        )
        assert len(notes) == len(expected["update_notes"])
        for snippet in expected["must_not_contain"]:
            assert snippet not in body_md


def test_failures_are_one_line_each_and_do_not_stop_the_batch(server, db_path) -> None:
    good = SEEDS[0]
    ok_url = server.add("/good", good.read_bytes())
    missing = server.base + "/missing"
    slow = server.add("/slow", "<html><body><p>late</p></body></html>", delay=3.0)
    pdf = server.add("/file.pdf", b"%PDF-1.4 binary", headers={"Content-Type": "application/pdf"})
    huge = server.add("/huge", b"<html><body>" + b"<p>" + b"x" * (20 * 1024 * 1024) + b"</p></body></html>")
    urls = [missing, slow, ok_url, pdf, huge]
    result = CliRunner().invoke(cli, ["url", *urls, "--db", str(db_path), "--timeout", "1"])
    assert result.exit_code == 1
    failed_lines = [line for line in result.output.splitlines() if line.startswith("FAILED")]
    assert len(failed_lines) == 4, result.output
    assert "HTTP 404" in result.output
    assert "timed out" in result.output
    assert "not HTML (content-type application/pdf)" in result.output
    assert "over the 10,485,760-byte limit" in result.output
    assert "1 new" in result.output and "4 failed" in result.output
    errors = dict(_rows(db_path, "select url, error from fetches where error is not null"))
    assert set(errors) == {missing, slow, pdf, huge}
    assert _rows(db_path, "select count(*) from articles")[0][0] == 1


def test_extract_prints_what_the_pipeline_stores(server, db_path, tmp_path) -> None:
    page = SEEDS[0]
    url = server.add("/seed", page.read_bytes())
    CliRunner().invoke(cli, ["url", url, "--db", str(db_path)])
    result = CliRunner().invoke(cli, ["extract", str(page), "--url", url, "--format", "json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    body, title, authors = _rows(db_path, "select body_text, title, authors from articles")[0]
    assert printed["body_text"] == body
    assert printed["title"] == title
    assert printed["authors"] == json.loads(authors)
    text = CliRunner().invoke(cli, ["extract", str(page), "--url", url, "--format", "text"])
    assert text.output.strip() == body


def test_extract_explain_lists_removals(tmp_path) -> None:
    page = next(p for p in SEEDS if p.parent.name == "responsiblestatecraft.org")
    result = CliRunner().invoke(cli, ["extract", str(page), "--format", "text", "--explain"],
                                catch_exceptions=False)  # fmt: skip
    assert "removed [rebelmouse:drop]" in result.output
    assert "removed [generic:repeated-headline]" in result.output
    assert "Follow us on social" in result.output


def test_show_prints_a_date_given_without_a_time_as_the_day(server, db_path) -> None:
    page = "<html><head><meta property='article:published_time' content='2015-08-03'></head><body><article>"
    page += "<h1>Nummer zwei</h1>" + "<p>Es ist schon einige Zeit her, dass wir den zweiten Hund bekamen.</p>" * 5
    url = server.add("/leo", page + "</article></body></html>")
    CliRunner().invoke(cli, ["url", url, "--db", str(db_path)])
    assert "published 2015-08-03  modified -" in CliRunner().invoke(cli, ["show", url, "--db", str(db_path)]).output


def test_show_lists_notes_and_versions(server, db_path) -> None:
    page = next(p for p in SEEDS if p.parent.name == "responsiblestatecraft.org")
    url = server.add("/rs", page.read_bytes())
    CliRunner().invoke(cli, ["url", url, "--db", str(db_path)])
    result = CliRunner().invoke(cli, ["show", url, "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "Bombing of Soleimani mourners" in result.output
    assert "[update] 2024-01-04T17:47:00+00:00" in result.output
    # A stamp that printed a day but no time of day shows that day.
    dated = FIXTURES / "marlow-valley-post.example" / "2024-05-06_tri-valley-transit-sunday-bus-service.html"
    url = server.add("/marlow", dated.read_bytes())
    CliRunner().invoke(cli, ["url", url, "--db", str(db_path)])
    assert "[update] 2024-05-08 (paragraph" in CliRunner().invoke(cli, ["show", url, "--db", str(db_path)]).output
    assert "v1" in result.output
    by_id = CliRunner().invoke(cli, ["show", "1", "--db", str(db_path), "--json"])
    assert json.loads(by_id.output)["update_notes"][0]["label"] == "UPDATE (Jan. 4 at 12:47 p.m.):"
    missing = CliRunner().invoke(cli, ["show", "https://nowhere.example/x", "--db", str(db_path)])
    assert missing.exit_code == 1 and "no archived article" in missing.output


def test_reextract_adds_a_version_only_when_the_result_changes(server, db_path, monkeypatch) -> None:
    page = SEEDS[0]
    url = server.add("/seed", page.read_bytes())
    CliRunner().invoke(cli, ["url", url, "--db", str(db_path)])
    same = CliRunner().invoke(cli, ["reextract", "--db", str(db_path)])
    assert "1 unchanged" in same.output, same.output

    def worse(html, page_url, fetched_at=None, encoding=None):
        article = extract_article(html, page_url, fetched_at, encoding)
        from dataclasses import replace

        return replace(article, body_text=article.body_text + "\n\nA new closing paragraph.")

    monkeypatch.setattr("archiver.pipeline.extract_article", worse)
    changed = CliRunner().invoke(cli, ["reextract", "--db", str(db_path)])
    assert "1 changed" in changed.output, changed.output
    assert _rows(db_path, "select count(*) from versions")[0][0] == 2
    diff = CliRunner().invoke(cli, ["diff", "1", "--db", str(db_path)])
    assert "+ A new closing paragraph." in diff.output


def test_reextract_updates_metadata_in_place_and_says_so(server, db_path) -> None:
    """An archive made by an older extractor: reextract brings its section and note stamps up to date, no version."""
    page = FIXTURES / "marlow-valley-post.example" / "2024-05-06_tri-valley-transit-sunday-bus-service.html"
    url = server.add("/marlow", page.read_bytes())
    CliRunner().invoke(cli, ["url", url, "--db", str(db_path)])
    with sqlite3.connect(db_path) as conn:
        conn.execute("update articles set section = 'Old section'")
        conn.execute("update update_notes set noted_on = null")
    result = CliRunner().invoke(cli, ["reextract", "--db", str(db_path)])
    assert "(updated in place: section, notes)" in result.output, result.output
    assert "1 unchanged (1 with metadata updated in place)" in result.output
    assert _rows(db_path, "select count(*) from versions")[0][0] == 1
    assert _rows(db_path, "select noted_on from update_notes") == [("2024-05-08",)]
    again = CliRunner().invoke(cli, ["reextract", "--db", str(db_path)])
    assert "1 unchanged, 0 note(s)" in again.output, again.output


def test_a_charset_named_only_in_the_content_type_header_is_kept_on_fetch_and_reextract(server, db_path) -> None:
    """A Latin-1 page whose only charset is the server's header: "café" is stored, not "caf\ufffd", both times. (With
    one such letter, UTF-8 with a replaced byte reads as the likelier guess than a detected charset.)"""
    prose = "<p>The corner cafe reopened its doors after months of works, to the delight of its regulars.</p>" * 6
    page = f"<html><body><article><h1>The cafe reopens</h1><p>Its café crème is back.</p>{prose}</article></body>"
    url = server.add("/cafe", page.encode("latin-1"), headers={"Content-Type": "text/html; charset=ISO-8859-1"})
    assert CliRunner().invoke(cli, ["url", url, "--db", str(db_path)]).exit_code == 0
    (body,) = _rows(db_path, "select body_text from articles")[0]
    assert "Its café crème is back." in body and "\ufffd" not in body
    again = CliRunner().invoke(cli, ["reextract", "--db", str(db_path)])
    assert "1 unchanged" in again.output, again.output


def test_extract_takes_the_charset_a_saved_file_no_longer_carries(tmp_path) -> None:
    prose = "<p>The corner cafe reopened its doors after months of works, to the delight of its regulars.</p>" * 6
    page = tmp_path / "cafe.html"
    html = f"<html><body><article><h1>Cafe</h1><p>Its café crème is back.</p>{prose}</article>"
    page.write_bytes(html.encode("cp1252"))
    result = CliRunner().invoke(cli, ["extract", str(page), "--format", "text", "--encoding", "windows-1252"])
    assert result.exit_code == 0 and "Its café crème is back." in result.output
    bad = CliRunner().invoke(cli, ["extract", str(page), "--encoding", "latin-99"])
    assert bad.exit_code == 2 and "unknown encoding 'latin-99'" in bad.output


def test_reextract_in_two_processes_matches_one(server, db_path) -> None:
    urls = _serve_fixtures(server)
    CliRunner().invoke(cli, ["url", *urls, "--db", str(db_path)])
    result = CliRunner().invoke(cli, ["reextract", "--db", str(db_path), "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert f"{len(urls)} URL(s): 0 new, 0 changed, {len(urls)} unchanged" in result.output


def test_bad_scheme_is_a_clear_failure(db_path) -> None:
    result = CliRunner().invoke(cli, ["url", "file:///etc/passwd", "ftp://x/y", "--db", str(db_path)])
    assert result.exit_code == 1
    assert result.output.count("not an http(s) URL") == 2


def test_every_command_is_documented_in_the_readme() -> None:
    from pathlib import Path

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert f"archive {name}" in readme, f"README does not document `archive {name}`"
        for sub in getattr(command, "commands", {}):  # groups: `archive sources add`, …
            assert f"{name} {sub}" in readme, f"README does not document `archive {name} {sub}`"
