"""The `archive` command: parse arguments, call the library, print. No logic of its own."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from archiver import __version__
from archiver.diff import paragraph_diff, render_diff
from archiver.errors import ArchiverError
from archiver.fetch import MAX_BYTES, make_client
from archiver.pipeline import UrlResult, archive_urls, extract_article, reextract
from archiver.store import find_article_id, open_archive

DB_OPTION = click.option(
    "--db",
    "db_path",
    envvar="ARCHIVE_DB",
    default="archive.db",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The archive database (env ARCHIVE_DB). Created on first use.",
)


@click.group()
@click.version_option(__version__, prog_name="archive")
@click.option("-v", "--verbose", is_flag=True, help="Log what the library does (to stderr).")
def cli(verbose: bool) -> None:
    """Archive news articles cleanly into SQLite: clean text, metadata and update notes.

    \b
    archive url URL...        archive pages now
    archive extract FILE      try extraction on a saved page (offline)
    archive show URL|ID       print an archived article
    archive reextract         re-run extraction over stored snapshots
    """
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )


@cli.command()
@click.argument("urls", nargs=-1, required=True)
@DB_OPTION
@click.option("--max-bytes", default=MAX_BYTES, show_default=True, help="Refuse pages larger than this.")
@click.option("--timeout", default=20.0, show_default=True, help="Seconds before a request gives up.")
def url(urls: tuple[str, ...], db_path: str, max_bytes: int, timeout: float) -> None:
    """Archive one or more article URLs now.

    Each URL is fetched, cleaned, extracted and stored in one transaction. A failed URL
    is reported and logged in the `fetches` table; the others are still archived. Exits
    non-zero if any URL failed.

    \b
    Example:
      archive url https://responsiblestatecraft.org/iran-bombing-soleimani/
    """
    db = _open(db_path)
    with make_client(timeout=timeout) as client:
        results = archive_urls(urls, db, client, max_bytes=max_bytes, on_result=_print_result)
    _summary(results)


@cli.command("extract")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--url", "page_url", help="The page's URL (helps rules, links and canonical URLs).")
@click.option("--format", "fmt", type=click.Choice(["json", "text", "markdown"]), default="json", show_default=True)
@click.option("--explain", is_flag=True, help="Also list every removal with the rule that made it (to stderr).")
def extract_cmd(file: str, page_url: str | None, fmt: str, explain: bool) -> None:
    """Extract the article from a saved HTML FILE (offline; '-' reads stdin).

    Prints exactly what `archive url` would store, without touching the database.
    """
    data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    try:
        article = extract_article(data, page_url)
    except ArchiverError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps(article.to_dict(), indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(f"# {article.title}\n\n{article.body_markdown}" if article.title else article.body_markdown)
    else:
        click.echo(article.body_text)
    if explain:
        for removal in article.removed:
            click.echo(f"removed [{removal.rule}] {removal.text[:160]}", err=True)


@cli.command()
@click.argument("target")
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the stored row as JSON.")
def show(target: str, db_path: str, as_json: bool) -> None:
    """Print an archived article (by URL or id), its update notes and versions."""
    db = _open(db_path)
    article_id = find_article_id(db, target)
    if article_id is None:
        raise click.ClickException(f"no archived article for {target!r}")
    row = db["articles"].get(article_id)
    notes = list(db["update_notes"].rows_where("article_id = ?", [article_id], order_by="position"))
    versions = list(db["versions"].rows_where("article_id = ?", [article_id], order_by="version",
                                              select="version, fetched_at, change_class"))  # fmt: skip
    if as_json:
        click.echo(json.dumps({**row, "update_notes": notes, "versions": versions}, indent=2, ensure_ascii=False))
        return
    authors = ", ".join(json.loads(row["authors"] or "[]"))
    click.echo(click.style(row["title"] or "(untitled)", bold=True))
    click.echo(f"{row['url']}  [id {row['id']}, version {row['version']}]")
    click.echo(" | ".join(p for p in (row["site_name"], row["section"], authors) if p))
    click.echo(f"published {row['published_at'] or '?'}  modified {row['modified_at'] or '-'}")
    if notes:
        click.echo(f"\nUpdate notes ({len(notes)}):")
        for note in notes:
            click.echo(f"  [{note['kind']}] {note['noted_at'] or 'undated'} (paragraph {note['position'] + 1}, "
                       f"v{note['version']}): {note['text'][:200]}")  # fmt: skip
    click.echo("\n" + (row["body_text"] or ""))
    click.echo("\nVersions: " + ", ".join(f"v{v['version']} {v['fetched_at']} {v['change_class']}" for v in versions))


@cli.command("reextract")
@DB_OPTION
def reextract_cmd(db_path: str) -> None:
    """Re-run clean + extract over every article's stored snapshot (no network).

    A new version is stored only where the result changed, e.g. after a rule improved.
    """
    db = _open(db_path)
    results = reextract(db, on_result=lambda r: _print_result(r) if r.outcome != "unchanged" else None)
    _summary(results)


@cli.command()
@click.argument("target")
@DB_OPTION
@click.option("--from", "from_v", type=int, help="Older version (default: the one before --to).")
@click.option("--to", "to_v", type=int, help="Newer version (default: the latest).")
def diff(target: str, db_path: str, from_v: int | None, to_v: int | None) -> None:
    """Show what changed between two versions of an article, paragraph by paragraph."""
    db = _open(db_path)
    article_id = find_article_id(db, target)
    if article_id is None:
        raise click.ClickException(f"no archived article for {target!r}")
    latest = db["articles"].get(article_id)["version"]
    to_v = to_v or latest
    from_v = from_v or max(to_v - 1, 1)
    rows = {r["version"]: r for r in db["versions"].rows_where("article_id = ? and version in (?, ?)",
                                                                [article_id, from_v, to_v])}  # fmt: skip
    if from_v not in rows or to_v not in rows:
        raise click.ClickException(f"article {article_id} has versions 1..{latest}")
    ops = paragraph_diff(rows[from_v]["body_text"] or "", rows[to_v]["body_text"] or "")
    click.echo(f"v{from_v} -> v{to_v} ({rows[to_v]['change_class']})")
    if rows[from_v]["title"] != rows[to_v]["title"]:
        click.echo(f"- title: {rows[from_v]['title']}\n+ title: {rows[to_v]['title']}")
    click.echo(render_diff(ops) or "(no body changes)")


def _open(db_path: str):
    try:
        return open_archive(db_path)
    except Exception as exc:
        raise click.ClickException(f"cannot open archive {db_path}: {exc}") from exc


def _print_result(result: UrlResult) -> None:
    if result.outcome == "failed":
        click.echo(f"FAILED     {result.url}: {result.error}", err=True)
        return
    extra = f", {result.notes_added} new note(s)" if result.notes_added else ""
    click.echo(f"{result.outcome:<10} {result.url} -> #{result.article_id} v{result.version}: {result.title}{extra}")


def _summary(results: list[UrlResult]) -> None:
    counts = {k: sum(r.outcome == k for r in results) for k in ("new", "changed", "unchanged", "failed")}
    notes = sum(r.notes_added for r in results)
    click.echo(
        f"{len(results)} URL(s): {counts['new']} new, {counts['changed']} changed, {counts['unchanged']} unchanged, "
        f"{notes} note(s) added, {counts['failed']} failed"
    )
    if counts["failed"]:
        sys.exit(1)
