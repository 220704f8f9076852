"""The `archive` command: parse arguments, call the library, print. No logic of its own."""

from __future__ import annotations

import codecs
import json
import logging
import sys
from pathlib import Path

import click

from archiver import __version__
from archiver.datasette.command import DEFAULT_PORT, serve_archive
from archiver.diff import paragraph_diff, render_diff
from archiver.discover import KINDS
from archiver.errors import ArchiverError
from archiver.fetch import MAX_BYTES, make_client
from archiver.pipeline import UrlResult, archive_urls, extract_article, reextract
from archiver.polite import Policy
from archiver.run import RunOptions, run
from archiver.schedule import parse_schedule
from archiver.schema import open_archive
from archiver.sources import add_source, list_sources, remove_source
from archiver.store import find_article_id, note_when, stored_day

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
    archive sources add URL   watch a feed, sitemap or site
    archive run               check sources, archive new and changed articles (cron)
    archive diff URL          what changed between versions
    archive extract FILE      try extraction on a saved page (offline)
    archive show URL|ID       print an archived article
    archive reextract         re-run extraction over stored snapshots
    archive serve             browse the archive in Datasette
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


def _known_encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """The --encoding value, refused when Python knows no such codec."""
    if value is not None:
        try:
            codecs.lookup(value)
        except LookupError:
            raise click.BadParameter(f"unknown encoding {value!r}") from None
    return value


@cli.command("extract")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--url", "page_url", help="The page's URL (helps rules, links and canonical URLs).")
@click.option("--format", "fmt", type=click.Choice(["json", "text", "markdown"]), default="json", show_default=True)
@click.option("--explain", is_flag=True, help="Also list every removal with the rule that made it (to stderr).")
@click.option("--encoding", callback=_known_encoding,
              help="The page's charset, as its server's Content-Type named it (default: its <meta charset>, else "
                   "detected).")  # fmt: skip
def extract_cmd(file: str, page_url: str | None, fmt: str, explain: bool, encoding: str | None) -> None:
    """Extract the article from a saved HTML FILE (offline; '-' reads stdin).

    Prints exactly what `archive url` would store, without touching the database.
    """
    data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    try:
        article = extract_article(data, page_url, encoding=encoding)
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
    published, modified = stored_day(row["published_at"]), stored_day(row["modified_at"])
    click.echo(f"published {published or '?'}  modified {modified or '-'}")
    if notes:
        click.echo(f"\nUpdate notes ({len(notes)}):")
        for note in notes:
            click.echo(f"  [{note['kind']}] {note_when(note) or 'undated'} (paragraph {note['position'] + 1}, "
                       f"v{note['version']}): {note['text'][:200]}")  # fmt: skip
    click.echo("\n" + (row["body_text"] or ""))
    click.echo("\nVersions: " + ", ".join(f"v{v['version']} {v['fetched_at']} {v['change_class']}" for v in versions))


@cli.command("reextract")
@DB_OPTION
@click.option("--workers", default=1, show_default=True, help="Extraction processes (2 uses both cores).")
def reextract_cmd(db_path: str, workers: int) -> None:
    """Re-run clean + extract over every article's stored snapshot (no network).

    A new version is stored only where the story changed (title, byline, body, notes), e.g. after a rule
    improved; metadata the new extraction finds (dates, section, image, a note's stamp) is updated in place.
    """
    db = _open(db_path)
    results = reextract(db, on_result=lambda r: _print_result(r) if r.outcome != "unchanged" or r.refreshed else None,
                        workers=workers)  # fmt: skip
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
    for line in (render_diff(ops) or "(no body changes)").splitlines():
        # Colour only decorates: click drops it when the output is not a terminal.
        color = {"-": "red", "+": "green", "@": "cyan"}.get(line[:1])
        click.echo(click.style(line, fg=color) if color else line)


@cli.command("run")
@DB_OPTION
@click.option("--max-pages", default=500, show_default=True, help="Fetch at most this many articles this run.")
@click.option("--max-minutes", default=10.0, show_default=True, help="Start no request after this many minutes.")
@click.option("--concurrency", default=16, show_default=True,
              help="Requests in flight at once, over all hosts (each host still gets one at a time).")  # fmt: skip
@click.option("--delay", default=1.0, show_default=True,
              help="Minimum seconds between requests to one host (robots.txt Crawl-delay wins if longer).")  # fmt: skip
@click.option("--retries", default=3, show_default=True, help="Retries on connect errors, 429 and 5xx.")
@click.option("--recheck", default="15m,1h,6h,1d,3d", show_default=True,
              help="Wait before each recheck of an article; the last interval repeats.")  # fmt: skip
@click.option("--stop-after", default="7d", show_default=True, help="Stop rechecking articles this old.")
@click.option("--workers", default=1, show_default=True, help="Extraction processes (2 uses both cores).")
@click.option("--timeout", default=20.0, show_default=True, help="Seconds before a request gives up.")
@click.option("--max-bytes", default=MAX_BYTES, show_default=True, help="Refuse pages larger than this.")
@click.option("--allow-private", is_flag=True,
              help="Fetch discovered URLs on loopback/private addresses (refused by default).")  # fmt: skip
@click.option("--dry-run", is_flag=True, help="Check the sources and list what would be fetched; store nothing.")
def run_cmd(db_path: str, max_pages: int, max_minutes: float, concurrency: int, delay: float, retries: int,
            recheck: str, stop_after: str, workers: int, timeout: float, max_bytes: int, allow_private: bool,
            dry_run: bool) -> None:  # fmt: skip
    """Check every source, archive new articles and recheck recent ones: the cron job.

    Feeds and sitemaps are fetched with conditional requests, so an unchanged source costs a 304.
    New URLs are queued in the archive first; due rechecks come first, then the queue, within the
    budget (--max-pages, --max-minutes); what is left waits for the next run. robots.txt is obeyed.
    A second run while one is going exits 0 at once. Exits non-zero only if something failed.

    \b
    Example crontab line:
      */15 * * * * cd ~/news && archive run
    """
    try:
        schedule = parse_schedule(recheck, stop_after)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    options = RunOptions(
        policy=Policy(delay=delay, concurrency=concurrency, retries=retries, allow_private=allow_private),
        schedule=schedule, max_pages=max_pages, max_minutes=max_minutes, workers=workers, max_bytes=max_bytes,
        timeout=timeout, dry_run=dry_run,
    )  # fmt: skip
    progress = _Progress(enabled=sys.stderr.isatty() and not dry_run)
    summary = run(db_path, options, on_result=progress.result, on_plan=progress.plan)
    progress.close()
    if summary.locked_by:
        click.echo(f"{summary.locked_by}; not starting a second run")
        return
    if dry_run:
        click.echo("\n".join(summary.planned))
        click.echo(f"dry run: {len(summary.planned)} URL(s) would be fetched; {summary.sources} source(s) checked")
        return
    click.echo(summary.line())
    if summary.failed:
        sys.exit(1)


class _Progress:
    """A progress bar on a terminal; one plain line per article otherwise (cron mail, logs)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar = None

    def plan(self, total: int) -> None:
        if self.enabled and total:
            self.bar = click.progressbar(length=total, label="archiving", file=sys.stderr)
            self.bar.__enter__()

    def result(self, result: UrlResult) -> None:
        if self.bar is not None:
            self.bar.update(1)
            if result.outcome == "failed":
                click.echo(f"\nFAILED     {result.url}: {result.error}", err=True)
        elif result.outcome != "not_modified":
            _print_result(result)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@cli.group()
def sources() -> None:
    """Manage the feeds, sitemaps and pages `archive run` watches (kept in the archive)."""


@sources.command("add")
@click.argument("url")
@DB_OPTION
@click.option("--kind", type=click.Choice(KINDS), help="Skip detection: the URL is a feed, a sitemap or a page.")
@click.option("--name", help="A label for the source.")
def sources_add(url: str, db_path: str, kind: str | None, name: str | None) -> None:
    """Add a source. With no --kind the URL is fetched: a home page adds the feeds it advertises
    (or the sitemaps in its robots.txt, or itself as a listing page).

    \b
    Examples:
      archive sources add https://responsiblestatecraft.org/
      archive sources add https://redstate.com/sitemap.xml --kind sitemap
    """
    db = _open(db_path)
    try:
        added = add_source(db, url, kind=kind, name=name)
    except ArchiverError as exc:
        raise click.ClickException(str(exc)) from exc
    for row in added:
        state = "already watched" if row.get("existing") else "added"
        click.echo(f"{state}: #{row['id']} {row['kind']:<7} {row['url']}")


@sources.command("list")
@DB_OPTION
def sources_list(db_path: str) -> None:
    """List the sources with when each was last checked."""
    rows = list_sources(_open(db_path))
    if not rows:
        click.echo("no sources yet: add one with `archive sources add URL`")
    for row in rows:
        checked = row["last_checked_at"] or "never checked"
        state = f"error: {row['last_error']}" if row["last_error"] else f"{row['url_count'] or 0} URL(s)"
        click.echo(f"#{row['id']:<4} {row['kind']:<7} {row['url']}  [{checked}; {state}]")


@sources.command("remove")
@click.argument("source")
@DB_OPTION
def sources_remove(source: str, db_path: str) -> None:
    """Stop watching a source (by id or URL); its articles stay in the archive."""
    if not remove_source(_open(db_path), source):
        raise click.ClickException(f"no source {source!r}")
    click.echo(f"removed {source}")


@cli.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 for all).")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(1, 65535), help="Port.")
def serve(db_path: str, host: str, port: int) -> None:
    """Browse the archive in Datasette: search, facets, reading pages and diffs.

    Prints the URL, then serves until Ctrl-C.

    \b
    Example:
      archive serve --port 8001
    """
    serve_archive(db_path, host, port)


def _open(db_path: str):
    try:
        return open_archive(db_path)
    except Exception as exc:
        raise click.ClickException(f"cannot open archive {db_path}: {exc}") from exc


def _print_result(result: UrlResult) -> None:
    if result.outcome in ("failed", "skipped"):
        click.echo(f"{result.outcome.upper():<10} {result.url}: {result.error}", err=result.outcome == "failed")
        return
    extra = f", {result.notes_added} new note(s)" if result.notes_added else ""
    if result.refreshed:
        extra += f" (updated in place: {', '.join(result.refreshed)})"
    click.echo(f"{result.outcome:<10} {result.url} -> #{result.article_id} v{result.version}: {result.title}{extra}")


def _summary(results: list[UrlResult]) -> None:
    counts = {k: sum(r.outcome == k for r in results) for k in ("new", "changed", "unchanged", "failed")}
    notes = sum(r.notes_added for r in results)
    refreshed = sum(bool(r.refreshed) for r in results)
    click.echo(
        f"{len(results)} URL(s): {counts['new']} new, {counts['changed']} changed, {counts['unchanged']} unchanged"
        f"{f' ({refreshed} with metadata updated in place)' if refreshed else ''}, {notes} note(s) added, "
        f"{counts['failed']} failed"
    )
    if counts["failed"]:
        sys.exit(1)
