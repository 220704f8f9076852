"""Datasette hooks: archive metadata, links from rows to the reading page, the article and diff pages."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from datasette import Forbidden, NotFound, Response, hookimpl
from datasette.utils.asgi import BadRequest
from markupsafe import Markup, escape

from archiver.datasette.config import archive_databases, archive_metadata
from archiver.datasette.diffview import CHANGE_CLASSES, change_class, diff_blocks
from archiver.datasette.render import format_day, format_time, note_kind, render_body, safe_url
from archiver.store import note_when

STATIC_DIR = Path(__file__).with_name("static")
# Long text cells are cut in table views: the reading page is where bodies are read.
LONG_TEXT = {"body_text", "body_markdown", "diff", "metadata", "headers"}
CELL_CHARS = 240
# The only columns render_cell changes: Datasette calls it for every cell (1,300 on an articles page).
STYLED_COLUMNS = frozenset({"title", "version", "change_class", "authors", "tags", "snippet"}) | LONG_TEXT


@hookimpl
def get_metadata(datasette: Any, key: str, database: str | None, table: str | None) -> dict[str, Any]:
    """Titles, descriptions, facets, sort orders and canned queries for every archive database served."""
    return archive_metadata(datasette, key)


@hookimpl
def register_facet_classes() -> list[type]:
    """The yes/no "has notes" facet."""
    from archiver.datasette.facets import HasFacet  # datasette.facets imports plugins: import late

    return [HasFacet]


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    """The reading page and the diff page."""
    return [(r"^/-/article/(?P<id>[^/]+)$", article_page), (r"^/-/diff/(?P<id>[^/]+)$", diff_page)]


@hookimpl
def extra_css_urls(datasette: Any) -> list[str]:
    """The archive's stylesheet, on every page when an archive is served."""
    if not archive_databases(datasette):
        return []
    return [datasette.urls.static_plugins(_static_name(), "archiver.css")]


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    """Titles link to the reading page, versions to their diff; bodies are cut short; JSON lists read as lists."""
    if value is None or column not in STYLED_COLUMNS or database not in archive_databases(datasette):
        return None
    keys = row.keys() if hasattr(row, "keys") else []
    article_id = row["id"] if table == "articles" else row["article_id"] if "article_id" in keys else None
    if column == "title" and article_id is not None and table in ("articles", "versions", None):
        href = _link(datasette, database, f"/-/article/{article_id}")
        return Markup('<a class="archiver-read" href="{}">{}</a>').format(href, value or "(untitled)")
    if column == "version" and article_id is not None and isinstance(value, int) and value > 1:
        href = _link(datasette, database, f"/-/diff/{article_id}", to=value)
        return Markup('<a href="{}" title="What changed in this version">{}</a>').format(href, value)
    if column == "change_class" and isinstance(value, str):
        label = CHANGE_CLASSES.get(value, value)
        return Markup('<span class="archiver-change archiver-change-{}" title="{}">{}</span>').format(
            value, value, label
        )
    if column == "snippet" and table is None and isinstance(value, str):  # best_matches: the matched words marked
        return Markup(str(escape(value)).replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>"))
    if column in ("authors", "tags") and isinstance(value, str) and value.startswith("["):
        try:
            return ", ".join(str(v) for v in json.loads(value)) or Markup("&nbsp;")
        except ValueError:
            return None
    if column in LONG_TEXT and isinstance(value, str) and len(value) > CELL_CHARS:
        return Markup('{}<span class="archiver-more">… ({:,} characters)</span>').format(value[:CELL_CHARS], len(value))
    return None


async def _article(datasette: Any, request: Any, columns: str) -> tuple[str, Any, int, Any]:
    """The served archive's name and database, the requested article id and its row (404 if there is none)."""
    name = await _archive(datasette, request)
    db = datasette.get_database(name)
    article_id = _article_id(request)
    article = (await db.execute(f"select {columns} from articles where id = ?", [article_id])).first()
    if article is None:
        raise NotFound(f"No article with id {article_id} in this archive.")
    return name, db, article_id, article


async def article_page(datasette: Any, request: Any) -> Response:
    """The reading page: metadata, image, the clean body with its notes marked, versions."""
    name, db, article_id, article = await _article(datasette, request, "*")
    article = dict(article)
    notes = [_note_view(dict(r)) for r in await db.execute(
        "select * from update_notes where article_id = ? order by position, id", [article_id])]  # fmt: skip
    versions = [dict(r) for r in await db.execute(
        "select version, fetched_at, change_class, title from versions where article_id = ? order by version desc",
        [article_id])]  # fmt: skip
    removals = (await db.execute("select count(*) from removals where article_id = ?", [article_id])).single_value()
    blocks, unplaced = render_body(article["body_markdown"] or "", notes, article["body_text"] or "")
    for version in versions:
        version["fetched"] = format_time(version["fetched_at"])
        version["change"] = CHANGE_CLASSES.get(version["change_class"], version["change_class"])
        if version["version"] > 1:
            version["diff_url"] = _link(datasette, name, f"/-/diff/{article_id}", to=version["version"])
    context = {
        "database": name,
        "site_title": datasette.metadata("title") or "News archive",
        "article": article,
        "dek": _dek(article["subtitle"], article["body_text"]),
        "authors": _json_list(article["authors"]),
        "tags": _json_list(article["tags"]),
        "published": format_day(article["published_at"]),
        "modified": format_day(article["modified_at"]),
        "first_seen": format_time(article["first_seen_at"]),
        "last_fetched": format_time(article["last_fetched_at"]),
        "original_url": safe_url(article["url"]),
        "image_url": safe_url(article["image_url"]),
        "blocks": blocks,
        "notes": [b.note for b in blocks if b.note] + unplaced,  # in reading order
        "unplaced": unplaced,
        "versions": versions,
        "removals": removals,
        "row_url": datasette.urls.row(name, "articles", str(article_id)),
        "removals_url": datasette.urls.table(name, "removals") + f"?article_id={article_id}",
        "notes_url": datasette.urls.table(name, "update_notes") + f"?article_id={article_id}",
    }
    return Response.html(await datasette.render_template("archiver_article.html", context, request=request))


def _dek(subtitle: str | None, body_text: str | None) -> str | None:
    """The standfirst to print under the headline: none when the body opens with it (it is body text too)."""
    if not subtitle:
        return None
    first = (body_text or "").split("\n\n", 1)[0]
    return None if " ".join(first.split()).casefold() == " ".join(subtitle.split()).casefold() else subtitle


async def diff_page(datasette: Any, request: Any) -> Response:
    """What changed between two versions (?from=&to=, default: the latest against the one before)."""
    name, db, article_id, article = await _article(datasette, request, "id, title, version")
    rows = {r["version"]: dict(r) for r in await db.execute(
        "select version, fetched_at, title, body_text, change_class from versions where article_id = ?",
        [article_id])}  # fmt: skip
    latest = max(rows, default=article["version"])
    to_v = _version_arg(request, "to", latest)
    from_v = _version_arg(request, "from", to_v - 1)
    for v in (to_v, from_v):  # 'to' first: a bad 'to' also makes the default 'from' bad
        if v not in rows and not (v == 0 and len(rows) <= 1):
            raise NotFound(f"Article {article_id} has no version {v}; it has versions 1 to {latest}.")
    if from_v >= to_v and len(rows) > 1:
        raise BadRequest(f"'from' ({from_v}) must be an older version than 'to' ({to_v}).")
    context: dict[str, Any] = {
        "database": name,
        "site_title": datasette.metadata("title") or "News archive",
        "article": dict(article),
        "article_url": _link(datasette, name, f"/-/article/{article_id}"),
        "diff_url": _link(datasette, name, f"/-/diff/{article_id}"),
        "multi_db": len(archive_databases(datasette)) > 1,
        "versions": [{"version": v, "fetched": format_time(rows[v]["fetched_at"])} for v in sorted(rows)],
        "from_v": from_v,
        "to_v": to_v,
        "old": None,
    }
    if from_v in rows:
        old, new = rows[from_v], rows[to_v]
        kinds = [r["kind"] for r in await db.execute(
            "select kind from update_notes where article_id = ? and version > ? and version <= ?",
            [article_id, from_v, to_v])]  # fmt: skip
        klass = change_class(old, new, kinds)
        context.update({
            "old": old, "new": new, "change_class": klass, "change_label": CHANGE_CLASSES.get(klass, klass),
            "old_fetched": format_time(old["fetched_at"]), "new_fetched": format_time(new["fetched_at"]),
            "blocks": diff_blocks(old["body_text"] or "", new["body_text"] or ""),
        })  # fmt: skip
    return Response.html(await datasette.render_template("archiver_diff.html", context, request=request))


async def _archive(datasette: Any, request: Any) -> str:
    """The archive database the page is about (?db= when several are served), if the actor may see it."""
    names = archive_databases(datasette)
    wanted = request.args.get("db")
    if not names or (wanted and wanted not in names):
        raise NotFound(f"No archive database {wanted!r} is being served." if wanted else "No archive is being served.")
    name = wanted or names[0]
    try:
        await datasette.ensure_permissions(
            request.actor, [("view-table", (name, "articles")), ("view-database", name), "view-instance"]
        )
    except Forbidden as exc:
        raise Forbidden(f"You may not view this archive ({exc}).") from exc
    return name


def _article_id(request: Any) -> int:
    raw = request.url_vars["id"]
    if not raw.isdigit():
        raise NotFound(f"No article with id {raw!r}: article ids are numbers.")
    return int(raw)


def _version_arg(request: Any, key: str, default: int) -> int:
    raw = (request.args.get(key) or "").strip().removeprefix("v")
    if not raw:
        return default
    if not raw.isdigit():
        raise BadRequest(f"'{key}' must be a version number, not {raw!r}.")
    return int(raw)


def _link(datasette: Any, database: str, path: str, **params: Any) -> str:
    """A plugin page URL, naming the database only when more than one archive is served."""
    if len(archive_databases(datasette)) > 1:
        params = {"db": database, **params}
    return datasette.urls.path(path) + (f"?{urlencode(params)}" if params else "")


def _note_view(note: dict[str, Any]) -> dict[str, Any]:
    when = note_when(note)  # "Update, May 8:" reads as that day, not as the midnight it resolved to
    return {**note, "kind_label": note_kind(note["kind"]), "when": format_time(when), "when_iso": when}


def _json_list(value: str | None) -> list[str]:
    try:
        items = json.loads(value or "[]")
    except ValueError:
        return [value] if value else []
    return [str(i) for i in items] if isinstance(items, list) else [str(items)]


@cache
def _static_name() -> str:
    """The name Datasette mounted our static/ under (the distribution's name when installed)."""
    from datasette.plugins import get_plugins  # datasette.plugins imports this module: import late

    for plugin in get_plugins():
        if plugin["static_path"] and Path(plugin["static_path"]).resolve() == STATIC_DIR.resolve():
            return plugin["name"]
    return "archiver-news"
