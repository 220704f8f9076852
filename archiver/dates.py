"""Publication and modification dates from meta tags, microdata and <time>, kept apart and parsed strictly."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any

from htmldate.extractors import COMPLETE_URL
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
# Elements that print a date for the reader: date-classed boxes and <time> without a datetime attribute.
DATE_TEXT_SEL = (
    "time, [class*='date' i], [class*='datum' i], [class*='publish' i], [class*='created' i], [class*='posted' i], "
    "[class*='time' i]"
)
_DATE_CLASS = re.compile(r"date|datum|publish|created|posted", re.I)
_TIME_CLASS = re.compile(r"(?:^|[\s_-])time(?:$|[\s_-])|[-_]time", re.I)  # "entry-time", not "timeline"
# Lines that open with a publication label: "Erstellt am: 01.11.2023", "Veröffentlicht am 16.08.2019".
_LABELS = (
    "erstellt", "veröffentlicht", "erschienen", "publiziert", "published", "posted", "written", "publié", "publicado",
    "pubblicato", "datum", "date", "fecha", "data",
)  # fmt: skip
_PUBLISHED_LABEL = re.compile(r"^\W*(?:" + "|".join(_LABELS) + r")\b(?:\s+(?:am|on|le|el|il))?\s*:?", re.I)
# A date after one of these is a revision's ("Aktualisiert am", "Stand:") or today's ("Aktuelle Zeit:", a forum's
# clock), never the publication's.
_UPDATED_LABEL = re.compile(
    r"\b(?:aktualisiert|updated?|geändert|änderung|modified|stand|zuletzt|letzte[rs]?|last|revised|mis\s+à\s+jour|"
    r"actualizado|aggiornato|aktuelle\s+zeit|current\s+time|it\s+is\s+currently|heute|today)\b",
    re.I,
)
_UPDATED_CLASS = re.compile(r"updat|modif|aktualis|revis", re.I)
# <time> elements in comments, teasers and sidebars date other things.
_ELSEWHERE = re.compile(
    r"comment|related|teaser|sidebar|widget|recommend|popular|(?:^|[\s_-])(?:nav|menu)(?:$|[\s_-])", re.I
)
_EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)
# Classes of page builders' layout boxes ("elementor-widget-wrap", "wp-block-group"): no hint of a sidebar or widget.
LAYOUT_PREFIXES = ("elementor-", "wp-block-", "et_pb_", "vc_", "wpb_", "fusion-", "tve_", "oxy-", "ct-")
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
# What follows a label when a date does: "Erstellt am: 01.11.2023", "Datum: Mittwoch, 26.01.2022".
_AFTER_LABEL = re.compile(r"(?:\s+(?:am|on|le|el|il))?\s*:?\s*(?:[^\W\d_]+\.?,?\s+)?(?:\d|" + MONTH_WORD + ")", re.I)
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
        classes = " ".join(
            t for t in (current.attributes.get("class") or "").split() if not t.startswith(LAYOUT_PREFIXES)
        )
        if current.tag == "nav" or _ELSEWHERE.search(classes):
            # A wrapper that holds the article's headline is layout ("one-sidebar", "elementor-widget-wrap").
            return current.css_first("h1") is None
        current = current.parent
    return False


def dom_text_published(tree: LexborHTMLParser) -> datetime | None:
    """The publication day printed next to the headline: a date-classed element, a line such as "Erstellt am:
    01.11.2023" in the headline's part of the page, or a short dated line beside the <h1>; outside comments, teasers
    and menus; a date after "Aktualisiert"/"Updated"/"Stand" is a revision's. Of several, the one closest to the <h1>
    in the tree wins: the others date teasers, events or comments."""
    body = tree.body
    if body is None:
        return None
    headlines = body.css("h1")
    found: list[tuple[LexborNode, datetime]] = []
    for node in body.css(DATE_TEXT_SEL):
        cls = node.attributes.get("class") or ""
        if _UPDATED_CLASS.search(cls) or node.attributes.get("datetime"):
            continue
        if node.tag != "time" and not _DATE_CLASS.search(cls) and not _TIME_CLASS.search(cls):
            continue
        date = _printed_date(node)
        if date is not None:
            found.append((node, date))
    for scope in _headline_parts(headlines):
        # Finding labelled elements costs ~0.3 ms a label: the part's text says which labels stand before a date.
        labels = _labels_before_dates(scope.text().lower())
        if labels:
            for node in scope.css(", ".join(f':lexbor-contains("{label}" i)' for label in labels)):
                date = _labelled_date(node)
                if date is not None:
                    found.append((node, date))
    for headline in headlines:
        # "<h1>…</h1><p>1. Februar 2022, Daniel Dillenburg</p>": a short dated line beside the headline.
        for node in _beside(headline):
            for _ in range(3):  # the block, else its first element: "<div><p>1. Februar 2022</p><figure>…"
                date = _printed_date(node, limit=60)
                if date is not None:
                    found.append((node, date))
                    break
                node = node.child
                while node is not None and node.tag in ("-text", "-comment"):
                    node = node.next
                if node is None:
                    break
    if len(found) <= 1:
        return found[0][1] if found else None
    around: dict[int, int] = {}
    for headline in headlines:
        current, depth = headline, 0
        while current is not None:
            around[current.mem_id] = min(depth, around.get(current.mem_id, depth))
            current, depth = current.parent, depth + 1
    return min(found, key=lambda item: _distance(item[0], around))[1]


def _headline_parts(headlines: list[LexborNode]) -> list[LexborNode]:
    """The box three levels around each <h1> (the article's header and text, and its footer line), never <body>."""
    parts: dict[int, LexborNode] = {}
    for headline in headlines:
        node = headline
        for _ in range(3):
            if node.parent is None or node.parent.tag in ("body", "html"):
                break
            node = node.parent
        parts.setdefault(node.mem_id, node)
    return list(parts.values())


def _labels_before_dates(text: str) -> list[str]:
    """The publication labels that stand before a date somewhere in the (lower-cased) text."""
    found = []
    for label in _LABELS:
        at = text.find(label)
        while at >= 0:
            if (at == 0 or not text[at - 1].isalpha()) and _AFTER_LABEL.match(text, at + len(label), at + 40):
                found.append(label)
                break
            at = text.find(label, at + len(label))
    return found


def _labelled_date(node: LexborNode) -> datetime | None:
    """A date in a line of the element's own text that opens with a publication label ("Erschienen am: 01.11.2023",
    also after a <br>), or in the element after a bare label ("<b>Datum:</b> <span>18.10.2021</span>")."""
    child = node.child
    while child is not None:
        if child.tag == "-text" and _PUBLISHED_LABEL.match(child.text_content or ""):
            if _elsewhere(node):
                return None
            text = " ".join((child.text_content or "").split())
            date = plausible(text_date(text[:100], published=True))
            sibling = _next_element(node) if child.next is None else None
            if date is None and sibling is not None and _PUBLISHED_LABEL.fullmatch(text):
                date = _printed_date(sibling)
            if date is not None:
                return date
        child = child.next
    return None


def _next_element(node: LexborNode) -> LexborNode | None:
    sibling = node.next
    while sibling is not None and sibling.tag in ("-text", "-comment"):
        sibling = sibling.next
    return sibling


def _beside(headline: LexborNode) -> list[LexborNode]:
    """The elements just before and after the headline, and after its parent (the header's date line)."""
    out: list[LexborNode] = []
    for anchor in (headline, headline.parent):
        if anchor is None or anchor.tag in ("body", "html"):
            break
        node: LexborNode | None = anchor
        for _ in range(3):
            node = _next_element(node) if node is not None else None
            if node is not None:
                out.append(node)
        node = anchor.prev
        while node is not None and node.tag in ("-text", "-comment"):
            node = node.prev
        if node is not None:
            out.append(node)
    return out


def _distance(node: LexborNode, around: dict[int, int]) -> int:
    """Steps through the tree from the node to the nearest <h1> (0 for all when the page has none)."""
    current: LexborNode | None = node
    steps = 0
    while current is not None:
        if current.mem_id in around:
            return steps + around[current.mem_id]
        current, steps = current.parent, steps + 1
    return 0


def _printed_date(node: LexborNode, limit: int = 100) -> datetime | None:
    text = " ".join(node.text(deep=True, separator=" ").split())
    if not 6 <= len(text) <= limit or _elsewhere(node):
        return None
    return plausible(text_date(text, published=True))
