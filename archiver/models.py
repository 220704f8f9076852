"""Plain data passed between the stages: Page (fetched), Article (extracted), UpdateNote, Removed."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class Page:
    """A fetched HTTP response: final URL, status, headers, raw bytes and decoded text."""

    url: str
    requested_url: str
    status: int
    headers: dict[str, str]
    content: bytes
    text: str
    encoding: str
    fetched_at: datetime
    elapsed: float = 0.0


@dataclass(frozen=True)
class UpdateNote:
    """An update, correction, clarification or editor's note found in an article body."""

    kind: str  # update | correction | clarification | editors_note
    label: str  # as printed, e.g. "UPDATE (Jan. 4 at 12:47 p.m.):"
    noted_at: datetime | None
    text: str  # the whole note paragraph as it stands in body_text
    position: int  # index of the paragraph in body_text (0-based)
    # The day a stamp printed without a time of day ("Update, Monday morning:", "Korrektur vom 3. Mai 2020:"), in
    # the article's zone: noted_at is then that day's midnight, a time nobody printed.
    noted_on: date | None = None


@dataclass(frozen=True)
class Removed:
    """One piece of noise stripped from a page, and the rule that stripped it."""

    rule: str
    text: str


@dataclass(frozen=True)
class Article:
    """The clean article extracted from one page."""

    url: str | None
    canonical_url: str | None = None
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    modified_at: datetime | None = None
    site_name: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    image_url: str | None = None
    image_caption: str | None = None
    image_credit: str | None = None
    description: str | None = None
    body_text: str = ""
    body_markdown: str = ""
    update_notes: list[UpdateNote] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    metadata_sources: dict[str, str] = field(default_factory=dict)

    @property
    def word_count(self) -> int:
        """Number of whitespace-separated words in the body."""
        return len(self.body_text.split())

    def to_dict(self, exclude: set[str] | frozenset[str] = frozenset()) -> dict[str, Any]:
        """Return a JSON-serialisable dict (dates and datetimes as ISO-8601 strings), without the ``exclude`` fields."""
        return _jsonable({f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name not in exclude})


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _jsonable(dataclasses.asdict(value))
    if isinstance(value, date):  # datetimes too
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value
