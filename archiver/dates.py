"""Dates parsed strictly: ISO, RFC 2822 and printed dates, meta tags kept apart by published and modified, the
printed times and zones of a page, and what is plausible as a publication date."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any

from htmldate.extractors import COMPLETE_URL

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
# A date after one of these is a revision's ("Aktualisiert am", "Stand:") or today's ("Aktuelle Zeit:", a forum's
# clock), never the publication's.
_UPDATED_LABEL = re.compile(
    r"\b(?:aktualisiert|updated?|geändert|änderung|modified|stand|zuletzt|letzte[rs]?|last|revised|mis\s+à\s+jour|"
    r"actualizado|aggiornato|aktuelle\s+zeit|current\s+time|it\s+is\s+currently|heute|today)\b",
    re.I,
)
_EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)
_RFC2822 = re.compile(r"[A-Za-z]{3},? \d{1,2} [A-Za-z]{3} \d{4}")
_OFFSET = re.compile(r"([+-]\d{2})(\d{2})$")
_SLASHED_ISO = re.compile(r"^(\d{4})/(\d{2})/(\d{2})")
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])")
_DIGITS_ONLY = re.compile(r"^[\d\s]+$")
# Month names and abbreviations (en, de, fr, es, it) as printed in dates, each with its number.
_MONTH_NAMES = {
    1: "january jan januar jänner jän janvier janv enero ene gennaio gen",
    2: "february feb februar février févr fevrier febrero febbraio",
    3: "march mar märz mär maerz mars marzo",
    4: "april apr avril avr abril aprile",
    5: "may mai mayo maggio",
    6: "june jun juni juin junio giugno",
    7: "july jul juli juillet juil julio luglio",
    8: "august aug août aout agosto ago",
    9: "september sep sept septembre septiembre settembre set",
    10: "october oct oktober okt octobre octubre ottobre ott",
    11: "november nov novembre noviembre",
    12: "december dec dezember dez décembre decembre diciembre dic dicembre",
}
MONTH_NUMBER = {name: number for number, names in _MONTH_NAMES.items() for name in names.split()}
# A whole month word ("März", "Sept.", "December"): never a prefix of a longer word ("Marc", "Junker").
MONTH_WORD = r"(?:" + "|".join(sorted(MONTH_NUMBER, key=len, reverse=True)) + r")(?![^\W\d_])"
# A date as printed: 2023-11-07, 01.11.2023, 4. 2. 2022, 28.09.19, 17/02/2022, 7 April 2020, 1. Februar 2022,
# 3 de mayo de 2022, June 13, 2019.
_TEXT_DATE = re.compile(
    r"(?<![\d.])(?:(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?!\d)|"
    r"(?P<dd>\d{1,2})\.\s?(?P<dm>\d{1,2})\.\s?(?P<dy>\d{4}|\d{2})(?![\d]|\.\d)|"
    r"(?P<sd>\d{1,2})/(?P<sm>\d{1,2})/(?P<sy>\d{4})(?!\d)|"
    r"(?P<nd>\d{1,2})(?:\.|st|nd|rd|th)?\s*(?:de\s+)?(?P<nm>" + MONTH_WORD + r")\.?,?\s+(?:de\s+)?(?P<ny>\d{4})(?!\d)|"
    r"(?P<mm>" + MONTH_WORD + r")\.?\s+(?P<md>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<my>\d{4})(?!\d))",
    re.I,
)


def parse_datetime(value: Any) -> datetime | None:
    """Parse an ISO-8601-ish (or RFC 2822) date string; naive values are taken as UTC."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = " ".join(value.split())
    parsed = _iso(text)
    if parsed is None and _RFC2822.search(text):
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            parsed = None
    if parsed is None and not _DIGITS_ONLY.match(text):
        # "Di., 25.01.2022 - 14:45", "7 April 2020": a printed date in a meta tag; only the day is kept.
        parsed = text_date(text)
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def text_date(text: str, published: bool = False) -> datetime | None:
    """The first unambiguous date printed in a text ("01.11.2023", "7 April 2020", "June 13, 2019"), at midnight.

    Slashed dates count only when they can be read one way (17/02/2022): 11/01/2023 is November in one country
    and January in another. ``published``: skip a date labelled as a revision ("Letzte Änderung: 31.10.2023")."""
    end = 0
    for match in _TEXT_DATE.finditer(text):
        label, end = text[end : match.start()], match.end()
        if published and _UPDATED_LABEL.search(label):
            continue
        g = match.groupdict()
        if g["iy"]:
            year, month, day = int(g["iy"]), int(g["im"]), int(g["id"])
        elif g["dd"]:
            year, month, day = int(g["dy"]), int(g["dm"]), int(g["dd"])
        elif g["sd"]:
            first, second, year = int(g["sd"]), int(g["sm"]), int(g["sy"])
            if (first > 12) == (second > 12):
                continue
            day, month = (first, second) if first > 12 else (second, first)
        elif g["nd"]:
            year, month, day = int(g["ny"]), MONTH_NUMBER[g["nm"].lower()], int(g["nd"])
        else:
            year, month, day = int(g["my"]), MONTH_NUMBER[g["mm"].lower()], int(g["md"])
        if year < 100:
            year += 2000 if year <= datetime.now(UTC).year % 100 else 1900
        try:
            return datetime(year, month, day, tzinfo=UTC)
        except ValueError:
            continue
    return None


def _iso(text: str) -> datetime | None:
    text = text.replace("Z", "+00:00")
    text = _OFFSET.sub(r"\1:\2", text)  # "+0200" -> "+02:00"
    text = _SLASHED_ISO.sub(r"\1-\2-\3", text)
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    # "2022-05-11T4:10:" and other broken times: keep the day, which is what a reader sees.
    match = _ISO_DAY.match(text)
    if not match:
        return None
    try:
        return datetime(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def url_date(url: str | None) -> datetime | None:
    """The Y-M-D date in a URL ("/2017/7/12/story"), the way htmldate reads it, when it is a plausible one."""
    found = COMPLETE_URL.search(url) if url else None
    if found is None:
        return None
    year, month, day = (int(g) for g in found.groups())
    return plausible(parse_datetime(f"{year:04d}-{month:02d}-{day:02d}"))


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


# A clock time as printed: "17:05", "11:30 p.m.", "17h05", "00.04 Uhr" (a dot only before "Uhr": else a price).
# No lookbehind in front (printed_times checks the character before): a pattern that opens with a digit is found
# by the regex engine's fast search, a lookbehind makes it try every position (several times slower).
_CLOCK = re.compile(r"(\d{1,2})(?::|h|\.(?=\d\d\s*Uhr))(\d{2})(?![\d:])(?:\s*([ap])\.?\s?m\b\.?)?", re.I)
# What may stand between a date and its clock time: ", ", " | ", " - ", " at ", " um ", " @ ".
_DATE_TO_CLOCK = re.compile(r"[^\d]{0,15}$")
_DIGIT_NEAR_END = re.compile(r"\d[^\d]{0,15}$")
_YEARISH = re.compile(r"\d{4}|\.\s?\d{2}")
_MAX_EAST, _MAX_WEST = timedelta(hours=14), timedelta(hours=12)


def printed_times(text: str, tries: int = 3) -> list[datetime]:
    """The first ``tries`` dates printed with a clock time in ``text`` (the page's text, in reading order:
    "19. Oktober 2019 00:04 Uhr", "November 8, 2023 at 11:30 p.m."), as wall-clock times without a zone. Later
    ones date comments and teasers."""
    found: list[datetime] = []
    # Clock times first, then the date just before each: the date pattern is costly to run over a whole page.
    for clock in _CLOCK.finditer(text):
        if clock.start() and text[clock.start() - 1] in "0123456789:.":
            continue  # "123:45", "10:30:15", "1.30": not a clock time's start
        before = text[max(0, clock.start() - 60) : clock.start()]
        # Every printed date ends in digits and holds a year: most clock times on a page (a match minute, a
        # recipe's time) have neither just before them, and are passed without running the date pattern.
        if not _DIGIT_NEAR_END.search(before) or not _YEARISH.search(before):
            continue
        dates = [m for m in _TEXT_DATE.finditer(before) if _DATE_TO_CLOCK.match(before, m.end())]
        day = text_date(dates[-1].group(0)) if dates else None
        if day is None:
            continue
        hour, minute, half = int(clock[1]), int(clock[2]), (clock[3] or "").lower()
        if half:
            hour = hour % 12 + (12 if half == "p" else 0)
        if hour > 23 or minute > 59:
            continue
        found.append(day.replace(hour=hour, minute=minute, tzinfo=None))
        if len(found) >= tries:
            break
    return found


def printed_zone(instant: datetime, printed: list[datetime]) -> timezone | None:
    """The UTC offset in which the page prints ``instant``: one of the ``printed`` wall-clock times (printed_times)
    that is the same moment in a real zone (a whole or half hour from UTC, at most +14/-12 hours)."""
    moment = instant.astimezone(UTC).replace(second=0, microsecond=0, tzinfo=None)
    for wall in printed:
        offset = wall - moment
        if -_MAX_WEST <= offset <= _MAX_EAST and offset % timedelta(minutes=30) == timedelta(0):
            return timezone(offset)
    return None


def meta_dates(
    values: dict[str, str], keys: tuple[str, ...] = PUBLISHED_META
) -> tuple[tuple[datetime, str] | None, tuple[datetime, str] | None]:
    """The published and modified dates named in meta tags (by name, property or itemprop), with their keys."""
    published = next(((d, f"meta:{k}") for k in keys if (d := plausible(parse_datetime(values.get(k))))), None)
    modified = next(((d, f"meta:{k}") for k in MODIFIED_META if (d := plausible(parse_datetime(values.get(k))))), None)
    return published, modified
