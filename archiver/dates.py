"""Publication and modification dates from meta tags, microdata and <time>, kept apart and parsed strictly."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

# Meta names for the first publication, best first; a "modified" name never stands in for these.
PUBLISHED_META = (
    "article:published_time", "og:published_time", "article:published", "datepublished", "parsely-pub-date",
    "publishdate", "publish-date", "publish_date", "publication_date", "citation_publication_date",
    "citation_online_date", "citation_date", "dc.date.issued", "dcterms.issued", "dc.date.created",
    "dcterms.created", "article.published", "cxenseparse:recs:publishtime", "originalpublicationdate",
)  # fmt: skip
# Generic names ("date", "dc.date") that many CMSs fill with the last edit: below the page's own date markup.
WEAK_PUBLISHED_META = ("dc.date", "dcterms.date", "date", "pubdate", "sailthru.date")
MODIFIED_META = (
    "article:modified_time", "og:updated_time", "datemodified", "article:modified", "dcterms.modified",
    "dc.date.modified", "last-modified", "cxenseparse:recs:articlemodificationtime",
)  # fmt: skip
# Elements that hold the article's own publication date (microdata, WordPress, hAtom, common classes).
PUBLISHED_SEL = (
    "[itemprop~='datePublished'], time[pubdate], time.published, time.entry-date, .published[datetime], "
    "[class*='publish'] time[datetime], [class*='date-published'] [datetime], header time[datetime], "
    "article time[datetime], time[datetime]"
)
# <time> elements in comments, teasers and sidebars date other things.
_ELSEWHERE = re.compile(
    r"comment|related|teaser|sidebar|widget|recommend|popular|(?:^|[\s_-])(?:nav|menu)(?:$|[\s_-])", re.I
)
_EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)


def parse_datetime(value: Any) -> datetime | None:
    """Parse an ISO-8601-ish (or RFC 2822) date string; naive values are taken as UTC."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = " ".join(value.split())
    parsed = _iso(text)
    if parsed is None and re.search(r"[A-Za-z]{3},? \d{1,2} [A-Za-z]{3} \d{4}", text):
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            parsed = None
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _iso(text: str) -> datetime | None:
    text = text.replace("Z", "+00:00")
    text = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", text)  # "+0200" -> "+02:00"
    text = re.sub(r"^(\d{4})/(\d{2})/(\d{2})", r"\1-\2-\3", text)
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    # "2022-05-11T4:10:" and other broken times: keep the day, which is what a reader sees.
    match = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])", text)
    if not match:
        return None
    try:
        return datetime(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def plausible(value: datetime | None, now: datetime | None = None) -> datetime | None:
    """The date if it could be a web article's: not before 1995, not more than a day in the future."""
    if value is None:
        return None
    now = now or datetime.now(UTC)
    if value < _EARLIEST or (value - now).days >= 1:
        return None
    return value


def in_local_time(value: datetime | None, others: list[datetime]) -> datetime | None:
    """The same instant in the publisher's own offset when another source gives it ("…T14:05-05:00" for "…T19:05Z")."""
    if value is None or value.utcoffset():
        return value
    for other in others:
        if other.utcoffset() and abs((other - value).total_seconds()) <= 60:
            return other
    return value


def meta_dates(
    values: dict[str, str], keys: tuple[str, ...] = PUBLISHED_META
) -> tuple[tuple[datetime, str] | None, tuple[datetime, str] | None]:
    """The published and modified dates named in meta tags (by name, property or itemprop), with their keys."""
    published = next(((d, f"meta:{k}") for k in keys if (d := plausible(parse_datetime(values.get(k))))), None)
    modified = next(((d, f"meta:{k}") for k in MODIFIED_META if (d := plausible(parse_datetime(values.get(k))))), None)
    return published, modified


def dom_published(tree: LexborHTMLParser) -> datetime | None:
    """The publication date marked up in the page: itemprop=datePublished, <time pubdate>, a dated header."""
    for node in tree.css(PUBLISHED_SEL):
        if _elsewhere(node):
            continue
        attrs = node.attributes
        value = attrs.get("datetime") or attrs.get("content") or (node.text() if node.tag == "time" else None)
        date = plausible(parse_datetime(value))
        if date is not None:
            return date
    return None


def _elsewhere(node: LexborNode) -> bool:
    current: LexborNode | None = node
    for _ in range(6):
        if current is None or current.tag in ("body", "html"):
            return False
        if current.tag == "nav":
            return True
        if _ELSEWHERE.search(current.attributes.get("class") or ""):
            return True
        current = current.parent
    return False
