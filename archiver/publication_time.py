"""The publication and modification times as the publisher states them: in the publisher's own offset, the day the
page prints where sources disagree, the first publication where a CMS move re-stamped the story."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, Any

from selectolax.lexbor import LexborHTMLParser

from archiver.dates import (
    MODIFIED_META,
    PUBLISHED_META,
    in_local_time,
    parse_datetime,
    printed_times,
    printed_zone,
    url_date,
)
from archiver.page_dates import dom_text_published

if TYPE_CHECKING:
    from archiver.metadata import Metadata

# A publication date this long after the date in the page's address is a re-stamp (see settle_dates).
_MIGRATED = timedelta(days=31)


def settle_dates(
    meta: Metadata, tree: LexborHTMLParser, objects: list[dict[str, Any]], metas: dict[str, str], url: str | None
) -> None:
    """Settle ``meta``'s published and modified times once every source has had its say (``objects``: the page's
    JSON-LD items, ``metas``: its meta tags)."""
    # A note's "12:47 p.m." is read in the article's offset: keep the publisher's local offset when any source has it.
    stated = [parse_datetime(o.get(k)) for o in objects for k in ("datePublished", "dateCreated", "dateModified")]
    stated += [parse_datetime(metas.get(k)) for k in PUBLISHED_META + MODIFIED_META]
    stated = [d for d in stated if d is not None]
    marked: list[datetime] | None = None
    for name in ("published_at", "modified_at"):
        value = getattr(meta, name)
        local = in_local_time(value, stated)
        if local is value and value is not None and not value.utcoffset():
            # "<time datetime='2022-05-03T23:37:37-04:00'>" states the same instant in the publisher's offset.
            if marked is None:
                marked = [d for n in tree.css("time[datetime]") if (d := parse_datetime(n.attributes.get("datetime")))]
            local = in_local_time(value, marked)
        setattr(meta, name, local)
    published = meta.published_at
    if published is not None and meta.sources.get("published_at", "").startswith("meta:"):
        # article:published_time holding the JSON-LD's dateModified to the millisecond, with an earlier datePublished
        # beside it (nbcnews.com): the CMS fills the tag with the last edit. A modified time is never the published.
        for item in objects:
            first, last = parse_datetime(item.get("datePublished")), parse_datetime(item.get("dateModified"))
            if first is not None and last == published and first < published:
                meta.override("published_at", first, "json-ld")
                published = first
                break
    if published is not None:
        stated = _stated_published(objects, metas)
        utc_time = published.utcoffset() == timedelta(0) and published.time() != time(0)
        # Sources naming another day for the publication: the page's own printed date and time settles it.
        if utc_time or any(abs(value - published) >= timedelta(days=1) for value, _ in stated):
            _as_printed(meta, tree, published, stated)
    in_url = url_date(url)
    if in_url and meta.published_at and meta.published_at - in_url > _MIGRATED:
        # "/2017/7/12/unter-uns-montauk" with a datePublished of 2019-06-17: a move to a new CMS stamped the story
        # anew, its address kept the day it first ran. (Days apart are time zones and late edits: the metadata's.)
        meta.override("published_at", in_url, "url")
    if meta.modified_at and meta.published_at and meta.modified_at < meta.published_at:
        # A "modified" earlier than "published" is a mislabelled date; never trust it over published.
        meta.drop("modified_at")


def _as_printed(
    meta: Metadata, tree: LexborHTMLParser, published: datetime, stated: list[tuple[datetime, str]]
) -> None:
    """The publication time the page prints, in the zone it prints it in, so its day is the one the page shows.

    A printed date and clock time for the same moment: "19. Oktober 2019 00:04 Uhr" puts 22:04Z at +02:00; where the
    sources disagree, the one the page prints wins (JSON-LD's 00:25:56Z printed as "3 de mayo de 2022 21:25" over
    published_time's 00:53Z; DC.date.issued's 04.02.2022 15:33 over a datePublished two months older). A time stated
    with an offset keeps it, unless another source states the same moment in the zone the page prints (UTC, where
    published_time says -05:00 and the page prints "6 May 2022 - 2:00 a. m."). Else a whole UTC hour before the
    day printed by the headline is that day's midnight (23:00Z under "5. November 2021": a date-only value
    converted to UTC)."""
    printed = printed_times(_reading_text(tree))
    for value, source in [(published, meta.sources.get("published_at", "")), *stated]:
        zone = printed_zone(value, printed)
        if zone is None or (value.utcoffset() and zone.utcoffset(None) != value.utcoffset()):
            continue
        if value != published or value.utcoffset() != zone.utcoffset(None):
            meta.override("published_at", value.astimezone(zone), source)
        return
    if published.utcoffset() == timedelta(0) and published.minute == published.second == 0 and published.hour >= 10:
        printed = dom_text_published(tree)
        offset = printed - published if printed is not None else timedelta(0)
        if timedelta(0) < offset <= timedelta(hours=14) and offset % timedelta(minutes=30) == timedelta(0):
            meta.published_at = published.astimezone(timezone(offset))


def _stated_published(objects: list[dict[str, Any]], metas: dict[str, str]) -> list[tuple[datetime, str]]:
    """Every publication time the metadata state, with its source."""
    stated = [(parse_datetime(o.get("datePublished")), "json-ld") for o in objects]
    stated += [(parse_datetime(metas.get(k)), f"meta:{k}") for k in PUBLISHED_META]
    return [(value, source) for value, source in stated if value is not None]


def _reading_text(tree: LexborHTMLParser) -> str:
    """The page body's text without its scripts and styles (a JSON blob can hold dates too), spaces collapsed."""
    if tree.body is None:
        return ""
    text = tree.body.text(separator=" ")
    # extract() has dropped all but the JSON-LD already (clean.drop_scripts): a page from another caller pays more.
    for node in tree.body.css("script, style, template"):
        text = text.replace(node.text(), " ", 1)
    return " ".join(text.split())
