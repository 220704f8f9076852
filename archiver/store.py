"""Writing the archive: per-article transactional writes, versions, snapshots, lookups (schema in schema.py)."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from archiver import urls
from archiver.diff import classify_change, paragraph_diff
from archiver.errors import StoreError
from archiver.models import Article, Page, UpdateNote
from archiver.urls import canonicalize_url

# The article columns only its metadata gives: refreshed in place when the story itself (title, byline, body, notes)
# is unchanged, so a reextract after the extractor improved, or a later dateModified, reaches the archive.
REFRESHED = ("subtitle", "site_name", "section", "tags", "language", "published_at", "modified_at", "image_url",
             "image_caption", "image_credit", "description")  # fmt: skip


@dataclass(frozen=True)
class StoreResult:
    """What storing one article did: outcome is new, changed or unchanged."""

    article_id: int
    version: int
    outcome: str
    notes_added: int = 0
    change_class: str | None = None
    # An unchanged story's fields brought up to date in place ("section", "modified_at", "notes").
    refreshed: tuple[str, ...] = ()


def now_iso() -> str:
    """The current time as ISO-8601 UTC."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def iso(value: datetime | None) -> str | None:
    """A datetime as ISO-8601 UTC, or None."""
    return value.astimezone(UTC).isoformat(timespec="seconds") if value else None


def stored_day(value: str | None) -> str | None:
    """A stored page date as its day alone when it is midnight UTC ("2015-08-03"), as a page that gives only a day
    is stored, so that no one reads a time it never printed; else as stored."""
    return value[:10] if value and value.endswith("T00:00:00+00:00") else value


def note_when(note: dict[str, Any]) -> str | None:
    """When a stored note says it was made: the day a stamp without a time of day printed, else its time."""
    return note.get("noted_on") or note.get("noted_at")


def from_iso(value: str | None) -> datetime | None:
    """An ISO-8601 column back as an aware datetime (UTC if it carries no offset), or None."""
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def content_hash(article: Article) -> str:
    """Hash of what makes a version distinct: title, byline, body and notes."""
    payload = json.dumps(
        [article.title, article.authors, article.body_text, [(n.kind, n.text) for n in article.update_notes]],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def save_snapshot(db: sqlite_utils.Database, page: Page) -> int:
    """Store the raw response (gzip'd), reusing the row when the same URL served the same bytes."""
    sha = hashlib.sha256(page.content).hexdigest()
    row = db.execute(
        "select id from snapshots where url = ? and sha256 = ? order by id desc limit 1", [page.requested_url, sha]
    ).fetchone()
    if row:
        return row[0]
    return db["snapshots"].insert(
        {"url": page.requested_url, "final_url": page.url, "fetched_at": iso(page.fetched_at), "status": page.status,
         "headers": json.dumps(page.headers), "encoding": page.encoding, "content_gz": gzip.compress(page.content, 6),
         "size": len(page.content), "sha256": sha},
    ).last_pk  # fmt: skip


def record_fetch(db: sqlite_utils.Database, url: str, **fields: Any) -> None:
    """Append one row to the fetch log (status, bytes, elapsed, error, outcome)."""
    row = {"url": url, "at": fields.pop("at", None) or now_iso(), **fields}
    names = ", ".join(f'"{name}"' for name in row)
    db.execute(f"insert into fetches ({names}) values ({', '.join('?' * len(row))})", list(row.values()))


def save_validators(db: sqlite_utils.Database, url: str, page: Page) -> None:
    """Remember a response's ETag / Last-Modified so the next request for ``url`` can be conditional."""
    etag, modified = page.headers.get("etag"), page.headers.get("last-modified")
    if etag or modified:
        db.execute(
            "insert into validators (url, etag, last_modified, checked_at) values (?, ?, ?, ?) on conflict(url) do "
            "update set etag = excluded.etag, last_modified = excluded.last_modified, checked_at = excluded.checked_at",
            [url, etag, modified, iso(page.fetched_at)],
        )


def conditional_headers(db: sqlite_utils.Database, url: str) -> dict[str, str]:
    """If-None-Match / If-Modified-Since for ``url`` from its last response, if it sent validators."""
    row = db.execute("select etag, last_modified from validators where url = ?", [url]).fetchone()
    headers = {}
    if row and row[0]:
        headers["If-None-Match"] = row[0]
    if row and row[1]:
        headers["If-Modified-Since"] = row[1]
    return headers


def article_key(article: Article, fetched_url: str) -> str:
    """The URL that identifies the article: its canonical URL when that is a sane claim."""
    fetched = canonicalize_url(fetched_url)
    canonical = article.canonical_url
    if canonical and canonical.startswith(("http://", "https://")):
        c, f = urls.split(canonical), urls.split(fetched)
        # A canonical pointing at another host or at a home page is a template bug, not a claim.
        if (
            c.hostname
            and f.hostname
            and c.hostname.removeprefix("www.") == f.hostname.removeprefix("www.")
            and (c.path.strip("/") or not f.path.strip("/"))
        ):
            return canonicalize_url(canonical)
    return fetched


def find_article_id(db: sqlite_utils.Database, url_or_id: str | int) -> int | None:
    """The article id for an id, its canonical URL or any URL it was fetched from."""
    if isinstance(url_or_id, int) or str(url_or_id).isdigit():
        row = db.execute("select id from articles where id = ?", [int(url_or_id)]).fetchone()
        return row[0] if row else None
    variants = url_variants(str(url_or_id))
    marks = ", ".join("?" * len(variants))
    rows = db.execute(
        f"select url, id from articles where url in ({marks}) "
        f"union all select url, article_id from article_urls where url in ({marks})",
        variants + variants,
    ).fetchall()
    found = dict(reversed(rows))  # articles rows win over aliases for the same URL
    return next((found[v] for v in variants if v in found), None)


def url_variants(url: str) -> list[str]:
    """The URL as given, canonicalised, and with the other scheme and with/without www. (one article, one row)."""
    canonical = canonicalize_url(url)
    parts = urls.split(canonical)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return list(dict.fromkeys([url, canonical]))
    bare = parts.netloc.removeprefix("www.")
    rest = canonical.split(parts.netloc, 1)[1]
    variants = [url, canonical]
    for scheme in (parts.scheme, "https" if parts.scheme == "http" else "http"):
        variants += [f"{scheme}://{bare}{rest}", f"{scheme}://www.{bare}{rest}"]
    return list(dict.fromkeys(variants))


def set_fields(db: sqlite_utils.Database, table: str, where: str, key: Any, values: dict[str, Any]) -> None:
    """UPDATE one row by key with plain SQL (the hot path: sqlite-utils would introspect the table each time)."""
    assignments = ", ".join(f'"{name}" = ?' for name in values)
    db.execute(f'update "{table}" set {assignments} where "{where}" = ?', [*values.values(), key])


def store_article(
    db: sqlite_utils.Database,
    article: Article,
    fetched_url: str,
    fetched_at: datetime | None = None,
    snapshot_id: int | None = None,
    article_id: int | None = None,
    reextracted: bool = False,
) -> StoreResult:
    """Insert or update one article in a single transaction; a new version only when content changed.

    ``article_id`` skips the lookup when the caller has already found the article. ``reextracted``: the article
    comes from a stored snapshot read again, so a metadata value it no longer has is one the extractor now rejects.
    """
    at = iso(fetched_at) or now_iso()
    key = article_key(article, fetched_url)
    digest = content_hash(article)
    try:
        with db.atomic():
            article_id = article_id or find_article_id(db, key) or find_article_id(db, fetched_url)
            current = db["articles"].get(article_id) if article_id else None
            if current and current["content_hash"] == digest:
                # Same story: no new version, but what only the metadata says may have changed (a later
                # dateModified, or a reextract after the extractor improved). A value a new fetch no longer gives
                # is kept (a degraded page must not erase it); one a reextract of the same page no longer finds
                # goes (a sign-up prompt an older extractor took for the subtitle).
                fresh = _article_row(article, key, digest, at, current["version"])
                refreshed = {
                    k: fresh[k]
                    for k in REFRESHED
                    if not (_blank(fresh[k]) and _blank(current[k]))
                    and fresh[k] != current[k]
                    and (reextracted or not _blank(fresh[k]))
                }
                set_fields(db, "articles", "id", article_id, {"last_fetched_at": at, **refreshed})
                _, notes_refreshed = _refresh_notes(db, article_id, article.update_notes, keep=not reextracted)
                alias(db, fetched_url, article_id)
                fields = (*refreshed, *(("notes",) if notes_refreshed else ()))
                return StoreResult(article_id, current["version"], "unchanged", refreshed=fields)
            version = (current["version"] if current else 0) + 1
            row = _article_row(article, key, digest, at, version)
            if current:
                row["first_seen_at"] = current["first_seen_at"]
                db["articles"].update(article_id, row)
            else:
                article_id = db["articles"].insert(row).last_pk
            known = _refresh_notes(db, article_id, article.update_notes, keep=not reextracted)[0] if current else set()
            new_notes = [n for n in article.update_notes if (n.kind, n.text) not in known]
            change = None
            diff_ops: list = []
            if current:
                diff_ops = paragraph_diff(current["body_text"] or "", article.body_text)
                change = classify_change(
                    current["title"], article.title, current["body_text"] or "", article.body_text,
                    [n.kind for n in new_notes],
                )  # fmt: skip
            db["versions"].insert(
                {"article_id": article_id, "version": version, "fetched_at": at, "title": article.title,
                 "authors": json.dumps(article.authors), "body_text": article.body_text,
                 "body_markdown": article.body_markdown, "content_hash": digest,
                 "diff": json.dumps(diff_ops) if current else None, "change_class": change or "first",
                 "snapshot_id": snapshot_id, "metadata": json.dumps(_version_metadata(article))},
            )  # fmt: skip
            db["update_notes"].insert_all(
                {"article_id": article_id, "version": version, **_note_row(n)} for n in new_notes
            )
            db["removals"].insert_all(
                {"article_id": article_id, "version": version, "rule": r.rule, "text": r.text[:2000]}
                for r in article.removed
            )
            alias(db, fetched_url, article_id)
            return StoreResult(article_id, version, "changed" if current else "new", len(new_notes), change)
    except StoreError:
        raise
    except Exception as exc:  # sqlite errors (disk full, locked) become one typed error
        raise StoreError(f"could not store {key}: {exc}") from exc


def alias(db: sqlite_utils.Database, url: str, article_id: int) -> None:
    """Remember that ``url`` leads to the article (so discovery and lookups find it)."""
    db.execute(
        "insert into article_urls (url, article_id) values (?, ?) "
        "on conflict(url) do update set article_id = excluded.article_id",
        [url, article_id],
    )


def _blank(value: Any) -> bool:
    return value in (None, "", "[]")


def _note_row(note: UpdateNote) -> dict[str, Any]:
    return {"kind": note.kind, "label": note.label, "noted_at": iso(note.noted_at), "text": note.text,
            "position": note.position, "noted_on": note.noted_on.isoformat() if note.noted_on else None}  # fmt: skip


def _refresh_notes(
    db: sqlite_utils.Database, article_id: int, notes: list[UpdateNote], keep: bool = True
) -> tuple[set[tuple[str, str]], bool]:
    """Bring the stored notes the extraction found again up to date (their stamp, label, place; with ``keep``, a
    stamp the page no longer resolves is kept); return the (kind, text) of every stored note, and whether any was
    updated."""
    stored = {(r["kind"], r["text"]): r for r in db["update_notes"].rows_where("article_id = ?", [article_id])}
    updated = False
    for note in notes:
        row = stored.get((note.kind, note.text))
        if row is None:
            continue
        fresh = _note_row(note)
        changed = {k: v for k, v in fresh.items() if v != row[k] and (v is not None or not keep)}
        if changed:
            set_fields(db, "update_notes", "id", row["id"], changed)
            updated = True
    return set(stored), updated


def _article_row(article: Article, key: str, digest: str, at: str, version: int) -> dict[str, Any]:
    return {
        "url": key, "title": article.title, "subtitle": article.subtitle, "authors": json.dumps(article.authors),
        "site_name": article.site_name, "section": article.section, "tags": json.dumps(article.tags),
        "language": article.language, "published_at": iso(article.published_at),
        "modified_at": iso(article.modified_at), "image_url": article.image_url,
        "image_caption": article.image_caption, "image_credit": article.image_credit,
        "description": article.description, "body_text": article.body_text, "body_markdown": article.body_markdown,
        "word_count": article.word_count, "note_count": len(article.update_notes), "content_hash": digest,
        "first_seen_at": at, "last_fetched_at": at, "last_changed_at": at, "version": version,
    }  # fmt: skip


def _version_metadata(article: Article) -> dict[str, Any]:
    return article.to_dict(exclude={"body_text", "body_markdown", "removed"})


def latest_snapshots(db: sqlite_utils.Database, batch: int = 200) -> Iterator[dict[str, Any]]:
    """For each article, the snapshot its latest version was extracted from (with the HTML).

    Read in batches of article ids so the caller may write (new versions) between batches.
    """
    sql = """
        select a.id as article_id, a.url as article_url, s.id as snapshot_id, s.url, s.final_url,
               s.fetched_at, s.encoding, s.content_gz
        from articles a
        join versions v on v.article_id = a.id and v.version = a.version
        join snapshots s on s.id = v.snapshot_id
        where a.id > ? order by a.id limit ?
    """
    last = 0
    while True:
        rows = list(db.query(sql, [last, batch]))
        for row in rows:
            row["html"] = gzip.decompress(row.pop("content_gz"))
            yield row
        if len(rows) < batch:
            return
        last = rows[-1]["article_id"]
