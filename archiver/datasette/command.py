"""Serving the archive: Datasette with the plugin and its metadata (the `archive serve` command calls this)."""

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


def serve_archive(db_path: str, host: str = "127.0.0.1", port: int = DEFAULT_PORT) -> None:
    """Open (or create) the archive, print its URL and serve it in Datasette until Ctrl-C."""
    import uvicorn

    from archiver.schema import open_archive

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
