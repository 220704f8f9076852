"""The archive's Datasette metadata, applied to every served database that has the archive's tables."""

from __future__ import annotations

import copy
import json
import sqlite3
import weakref
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import escape

METADATA_PATH = Path(__file__).with_name("metadata.json")
# The tables that make a database an archive. Deliberately not all of schema.SCHEMA: an archive written by
# an older or newer archiver (tables added since) must still be recognised.
ARCHIVE_TABLES = frozenset({"articles", "versions", "update_notes"})

# Per Datasette instance: (database name, path) -> is it an archive. Datasette asks for metadata many
# times per request, and opening the file each time would be wasteful.
_known: weakref.WeakKeyDictionary[Any, dict[tuple[str, str | None], bool]] = weakref.WeakKeyDictionary()
_built: weakref.WeakKeyDictionary[Any, tuple[list[str], dict[str, Any], dict[str, Any]]] = weakref.WeakKeyDictionary()
# Table metadata Datasette never reads when it asks for key "tables" (permission checks, facet sizes).
SLIM_DROPS = frozenset({"columns", "description"})


@cache
def load_metadata() -> dict[str, Any]:
    """The shipped metadata.json (database-level settings: tables, columns, facets, canned queries)."""
    return json.loads(METADATA_PATH.read_text(encoding="utf-8"))


def _read_only_rows(path: str | Path, sql: str) -> list[tuple] | None:
    """The rows of ``sql`` on the SQLite file at ``path``, opened read-only; None when it cannot be read."""
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        return conn.execute(sql).fetchall()
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def is_archive_file(path: str | Path) -> bool:
    """Whether the SQLite file at ``path`` has the archive's tables (opened read-only)."""
    rows = _read_only_rows(path, "select name from sqlite_master where type = 'table'")
    return rows is not None and {row[0] for row in rows} >= ARCHIVE_TABLES


def has_search_id(path: str | Path) -> bool:
    """Whether the archive at ``path`` has articles.search_id (archives not yet opened by this version lack it)."""
    return any(row[1] == "search_id" for row in _read_only_rows(path, "pragma table_info(articles)") or [])


def archive_databases(datasette: Any) -> list[str]:
    """Names of the served databases that are archives, in Datasette's order."""
    known = _known.setdefault(datasette, {})
    names = []
    for name, db in list(datasette.databases.items()):
        key = (name, db.path)
        if key not in known:
            known[key] = bool(db.path) and not db.is_memory and is_archive_file(db.path)
        if known[key]:
            names.append(name)
    return names


def archive_metadata(datasette: Any, key: str | None = None) -> dict[str, Any]:
    """Metadata for the archive databases being served ({} if there are none), safe for Datasette to mutate.

    For key "tables" only the tables' settings come back, without column descriptions: Datasette asks
    for it once per table on every page to check permissions, and deep-copies what it gets each time.
    """
    names = archive_databases(datasette)
    if not names:
        return {}
    # Datasette asks for metadata many times per page: build it once per instance and set of archives.
    cached = _built.get(datasette)
    if cached is None or cached[0] != names:
        full = _build_metadata(datasette, names)
        cached = (names, full, _slim_metadata(full))
        _built[datasette] = cached
    return cached[2] if key == "tables" else cached[1]


def _build_metadata(datasette: Any, names: list[str]) -> dict[str, Any]:
    base = load_metadata()
    databases = {}
    for name in names:
        db_meta = copy.deepcopy(base)
        db_meta["description_html"] = home_html(datasette, name)
        if not has_search_id(datasette.databases[name].path):  # served as is, e.g. by plain `datasette`
            db_meta["tables"]["articles"]["fts_pk"] = "id"
        databases[name] = db_meta
    return {
        "title": base["title"],
        "description_html": "".join(home_html(datasette, name, heading=len(names) > 1) for name in names),
        "databases": databases,
    }


def _slim_metadata(full: dict[str, Any]) -> dict[str, Any]:
    """The per-table settings of ``full`` (sort, facets, search, size) without descriptions or queries."""
    return {
        "databases": {
            name: {"tables": {table: {k: v for k, v in meta.items() if k not in SLIM_DROPS}
                              for table, meta in db_meta["tables"].items()}}
            for name, db_meta in full["databases"].items()
        }
    }  # fmt: skip


def home_html(datasette: Any, database: str, heading: bool = False) -> str:
    """The archive's front door: a search box and links to the reading-oriented canned queries."""
    urls = datasette.urls
    queries = load_metadata()["queries"]
    links = "".join(
        f'<li><a href="{escape(urls.query(database, name))}">{escape(q["title"])}</a></li>'
        for name, q in queries.items()
        if name != "articles_by_site"
    )
    return (
        (f"<h2>{escape(database)}</h2>" if heading else "")
        + f"<p>{escape(load_metadata()['description'])}</p>"
        + f'<form class="archiver-search" action="{escape(urls.table(database, "articles"))}" method="get">'
        '<label for="archiver-q">Search articles</label> '
        '<input id="archiver-q" type="search" name="_search" placeholder="Words in the title or body">'
        ' <input type="submit" value="Search"></form>'
        f'<ul class="archiver-links"><li><a href="{escape(urls.table(database, "articles"))}">All articles</a></li>'
        f"{links}</ul>"
    )
