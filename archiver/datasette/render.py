"""Article bodies as safe HTML: Markdown via markdown-it, sanitised by nh3, update notes marked where they stand."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from archiver.store import stored_day

# Raw HTML in the Markdown stays text (html=False): stored bodies are never trusted as markup. nh3 then
# enforces the allowlist on whatever markdown-it produced, so a renderer bug cannot smuggle markup through.
_MD = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener noreferrer"
NOTE_KINDS = {"update": "Update", "correction": "Correction", "clarification": "Clarification",
              "editors_note": "Editor's note"}  # fmt: skip
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class BodyBlock:
    """One paragraph-level block of the body as sanitised HTML, with the update note printed there (if any)."""

    html: Markup
    text: str
    note: dict[str, Any] | None = None


def sanitize(fragment: str) -> Markup:
    """Allowlist-sanitise an HTML fragment: no scripts, no event handlers, links only http(s)/mailto."""
    return Markup(
        nh3.clean(fragment, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                  link_rel=LINK_REL, strip_comments=True)
    )  # fmt: skip


def markdown_to_html(markdown: str) -> Markup:
    """Render Markdown to sanitised HTML."""
    return sanitize(_MD.render(markdown))


def split_blocks(markdown: str) -> list[str]:
    """The body's blocks as stored (joined by blank lines), keeping a fenced code block with blank lines whole."""
    blocks: list[str] = []
    open_fence = False
    for chunk in markdown.split("\n\n"):
        if open_fence:
            blocks[-1] += "\n\n" + chunk
        elif chunk.strip():
            blocks.append(chunk)
        fences = sum(1 for line in chunk.split("\n") if line.lstrip().startswith("```"))
        open_fence ^= fences % 2 == 1
    return blocks


def render_body(
    markdown: str, notes: list[dict[str, Any]], plain_text: str = ""
) -> tuple[list[BodyBlock], list[dict[str, Any]]]:
    """The body as blocks with each note attached where it stands, and the notes found nowhere in the body."""
    if markdown.strip():
        rendered = [markdown_to_html(block) for block in split_blocks(markdown)]
    else:  # no Markdown stored: paragraphs of plain text, escaped
        rendered = [Markup(f"<p>{escape(p.strip())}</p>") for p in plain_text.split("\n\n") if p.strip()]
    texts = [_norm(html.unescape(_TAG.sub(" ", str(block)))) for block in rendered]
    placed: dict[int, dict[str, Any]] = {}
    unplaced = []
    for note in notes:
        index = _locate(note, texts, placed)
        if index is None:
            unplaced.append(note)
        else:
            placed[index] = note
    blocks = [
        BodyBlock(html_, text, placed.get(i)) for i, (html_, text) in enumerate(zip(rendered, texts, strict=True))
    ]
    return blocks, unplaced


def _locate(note: dict[str, Any], texts: list[str], taken: dict[int, Any]) -> int | None:
    """The block holding the note: its stored position when the text agrees, else the block that starts with it."""
    key = _norm(note.get("text") or "")[:60]
    if not key:
        return None
    position = note.get("position")
    if isinstance(position, int) and 0 <= position < len(texts) and texts[position].startswith(key):
        return position
    # Positions index the body of the version the note first appeared in; later edits can shift them.
    for i, text in enumerate(texts):
        if i not in taken and text.startswith(key):
            return i
    for i, text in enumerate(texts):
        if i not in taken and key in text:
            return i
    return None


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def format_day(value: str | None) -> str:
    """A page's own date for readers: as format_time, but midnight UTC as the day alone ('3 Aug 2015'): see
    store.stored_day."""
    return format_time(stored_day(value))


def format_time(value: str | None) -> str:
    """An ISO-8601 timestamp for readers: '9 Jan 2024, 19:05 UTC' (the raw value if unparseable)."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is None:
        return moment.strftime("%-d %b %Y, %H:%M") if "T" in value else moment.strftime("%-d %b %Y")
    return moment.astimezone(UTC).strftime("%-d %b %Y, %H:%M UTC")


def note_kind(kind: str | None) -> str:
    """A reader's name for a note kind."""
    return NOTE_KINDS.get(kind or "", (kind or "note").replace("_", " ").capitalize())


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None: stored URLs come from pages and must not become javascript: links."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None
