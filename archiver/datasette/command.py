"""`archive serve`: Datasette over the archive, with the plugin and its metadata."""

from __future__ import annotations

import asyncio
import socket
import sys

import click

DEFAULT_PORT = 8001


def make_datasette(db_path: str, **settings: object):
    """A Datasette instance over the archive at ``db_path`` with the archive plugin registered."""
    from datasette.app import Datasette
    from datasette.plugins import pm

    import archiver.datasette as plugin

    # The entry point registers the plugin in an installed package; a source checkout run without
    # installing still gets it.
    if not pm.is_registered(plugin):
        pm.register(plugin, name="archiver")
    # Facet suggestions cost ~50 extra queries per table page, each a scan at 100,000 articles.
    return Datasette([db_path], settings={"suggest_facets": False, **settings})


@click.command()
@click.option(
    "--db",
    "db_path",
    envvar="ARCHIVE_DB",
    default="archive.db",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The archive database (env ARCHIVE_DB). Created on first use.",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 for all).")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(1, 65535), help="Port.")
def serve(db_path: str, host: str, port: int) -> None:
    """Browse the archive in Datasette: search, facets, reading pages and diffs.

    Prints the URL, then serves until Ctrl-C.

    \b
    Example:
      archive serve --port 8001
    """
    import uvicorn

    from archiver.store import open_archive

    try:
        open_archive(db_path).close()  # creates the file and schema on first use, so the plugin recognises it
    except Exception as exc:
        raise click.ClickException(f"cannot open archive {db_path}: {exc}") from exc
    _check_free(host, port)
    ds = make_datasette(db_path)
    asyncio.run(ds.invoke_startup())
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Serving the archive at http://{shown}:{port}/ (Ctrl-C to stop)")
    sys.stdout.flush()
    # uvicorn handles SIGINT/SIGTERM itself: it finishes in-flight requests and returns.
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on")


def _check_free(host: str, port: int) -> None:
    """Fail with one clear line before printing a URL nobody can open (uvicorn would exit after it)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
