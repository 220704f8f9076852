"""The publication date the page itself shows: its date markup (microdata, <time>, a dated header) and the day
printed beside the headline, outside comments, teasers and menus."""

from __future__ import annotations

import re
from datetime import datetime

from selectolax.lexbor import LexborHTMLParser, LexborNode

from archiver.dates import MONTH_WORD, parse_datetime, plausible, text_date
from archiver.headlines import is_logo

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
_UPDATED_CLASS = re.compile(r"updat|modif|aktualis|revis", re.I)
# Elements that hold the article's last revision: microdata, hAtom's "updated", a modified-classed <time>.
MODIFIED_SEL = "[itemprop~='dateModified']:not(meta), time.updated[datetime], [class*='modified'] time[datetime]"
_LINE_SEL = "p, span, div, time, small, li, em, strong, b"
# <time> elements in comments, teasers and sidebars date other things.
_ELSEWHERE = re.compile(
    r"comment|related|teaser|sidebar|widget|recommend|popular|(?:^|[\s_-])(?:nav|menu)(?:$|[\s_-])", re.I
)
# Classes of page builders' layout boxes ("elementor-widget-wrap", "wp-block-group"): no hint of a sidebar or widget.
LAYOUT_PREFIXES = ("elementor-", "wp-block-", "et_pb_", "vc_", "wpb_", "fusion-", "tve_", "oxy-", "ct-")
# What follows a label when a date does: "Erstellt am: 01.11.2023", "Datum: Mittwoch, 26.01.2022".
_AFTER_LABEL = re.compile(r"(?:\s+(?:am|on|le|el|il))?\s*:?\s*(?:[^\W\d_]+\.?,?\s+)?(?:\d|" + MONTH_WORD + ")", re.I)
# A line that opens with a revision label and, as after a publication label, a date: "Aktualisiert am 19.02.2020",
# "Updated June 13, 2019", "Zuletzt aktualisiert: …", "Stand: 12.03.2021", "Mis à jour le …".
_REVISED_LINE = re.compile(
    r"^\W*(?:zuletzt\s+)?(?:aktualisiert|updated|last\s+updated|stand|mis\s+à\s+jour|actualizado|aggiornato)"
    + _AFTER_LABEL.pattern,
    re.I,
)


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


def dom_modified(tree: LexborHTMLParser, published: datetime | None) -> datetime | None:
    """The last revision the page shows, after ``published``: dateModified markup, else a line beside the headline
    that opens with a revision label ("Aktualisiert am 19.02.2020", "Updated June 13, 2019") and names a day after
    the known publication day (government pages print their one date as "Stand: 25.01.2022"), outside comments,
    teasers and menus."""
    for node in tree.css(MODIFIED_SEL):
        if not _elsewhere(node):
            attrs = node.attributes
            date = plausible(parse_datetime(attrs.get("datetime") or attrs.get("content") or node.text()))
            if date is not None:
                return date if published is None or date > published else None
    if published is None or tree.body is None:
        return None
    for headline in tree.body.css("h1"):
        if is_logo(headline):
            continue
        # The elements beside the headline and their short lines: "updated on March 5" in the story's own
        # sentences is no revision line.
        for box in _beside(headline):
            for node in [box, *box.css(_LINE_SEL)]:
                line = " ".join(node.text(deep=True, separator=" ").split())
                if len(line) <= 80 and _REVISED_LINE.match(line) and not _elsewhere(node):
                    date = plausible(text_date(line))
                    if date is not None:
                        return date if date.date() > published.date() else None
    return None


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
        if date is not None and not _in_masthead(node):
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
        if is_logo(headline):
            continue  # the site's logo: the day beside it is the masthead's
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


def _in_masthead(node: LexborNode) -> bool:
    """True for a date set beside the site's logo ("<h1><a href=/>Deutschlandfunk</a></h1><span class=dlf-date>
    Mittwoch, 26.02.2020</span>"): the masthead's day the page was served, not the story's."""
    parent = node.parent
    for _ in range(2):
        if parent is None or parent.tag in ("body", "html"):
            return False
        h1s = parent.css("h1")
        if h1s:
            return all(is_logo(h1) for h1 in h1s)
        parent = parent.parent
    return False


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
