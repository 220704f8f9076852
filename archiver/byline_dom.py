"""Finding the byline in the page's DOM: byline markup first, then a short "By …"/"Von …" line."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from selectolax.lexbor import LexborHTMLParser, LexborNode

from archiver import urls
from archiver.bylines import (
    INNER_LABEL,
    dedupe,
    is_weak,
    name_like,
    split_authors,
)
from archiver.page_dates import LAYOUT_PREFIXES

# An hCard "fn org" names an organisation ("<div class='fn org country-name'>New Zealand</div>").
_HCARD_ORG = re.compile(r"(?:^|\s)org(?:\s|$)")
# Links to a blog's author archive ("/author/fabian/").
AUTHOR_ARCHIVE = "a[href*='/author/'], a[href*='/autor/'], a[href*='/autoren/']"
# Byline elements, most specific first; each is read as a whole ("By Jane Doe and John Roe, Staff Writers").
BYLINE_SELECTORS = (
    "[itemprop~='author'] [itemprop~='name'], .author .fn, .vcard .fn, .vcard.fn, .author-name, .author__name, "
    ".authorName",
    "[itemprop~='author'], [rel~='author'], byline",
    "[class*='byline'], [data-testid*='byline'], [class*='author-name'], [class*='author__name'], "
    "[class*='AuthorName'], [class*='article-author'], [class*='post-author'], [class*='entry-author']",
    f"{AUTHOR_ARCHIVE}, [class*='author'], [id*='author'], "
    "[class*='autor'], [class*='auteur'], [class*='contributor'], address",
)
# Places where names belong to someone else: comments, teasers, sidebars, navigation. Matched per class token,
# so layout classes ("has-sidebar", "category-newsletter" on a WordPress post) do not count.
_ELSEWHERE = re.compile(
    r"^(?:[a-z0-9]+[-_]+)?(?:comments?|commentlist|replies|respond|sidebar|widget-area|widgets?|related(?:-posts)?|"
    r"recommended|popular|teasers?|teaser-list|navigation|nav|navbar|menu|newsletter|cookies?|share|sharing|social|"
    r"breadcrumbs?|caption|copyright|mini-card|profile-card|"
    r"(?:photo|image|img|video|media|picture|bild|foto)[-_]?credits?)"  # a picture's credit: "By U.S. CUSTOMS …"
    r"(?:[-_]+(?:list|area|box|wrap|wrapper|section|block|body|content|items?|meta|author|text))?$",
    re.I,
)
_NAV_TOKEN = re.compile(r"^(?:nav|menu|navbar|sidebar|comments?|breadcrumbs?)(?:$|[-_])", re.I)
# WordPress post classes ("category-newsletter") and page builders' layout boxes ("elementor-widget-wrap").
_LAYOUT_CLASS = ("category-", "tag-", "post-", "type-", "format-", "status-", "has-", "with-", *LAYOUT_PREFIXES)
_ELSEWHERE_TAGS = {"aside", "nav", "figcaption", "form", "button", "select", "option", "script", "style"}
_TEXT_SEL = "p, span, div, em, i, small, li, td, th, dt, address, strong, b, h3, h4, h5, h6"
_BYLINE_LABEL = re.compile(
    r"(?:text|fotos?|eine?\s|blog|posted|written|geschrieben|erstellt|verfasst|by|von|par|por|door|autor|author|auteur|"
    r"redaktion|datum|date|\d{1,2}\.\d{1,2}\.\d{2,4})",
    re.I,
)
_BREAKS = {"br", "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "dd", "dt"}
_LINE_MARKS = " |–—·•-"  # "---- by Kenneth Surin": a rule drawn before the label
_FIELD_LABEL = re.compile(r"[^:]{0,40}:")
# An element that holds only the label; the names follow in the next one.
_LABEL_ONLY = re.compile(r"(?:by|von|par|por|door|autor(?:in|en)?|authors?|auteur|text|redaktion)\s*:?", re.I)
_BYLINE_START = re.compile(
    r"^(?:(?:text|fotos?|text\s*(?:&|und)\s*fotos?|(?:eine?\s+)?(?:artikel|(?:blog\s*-?\s*)?beitrag|interview|kommentar|kolumne|glosse)|"
    r"blog\s*-?\s*post|posted|written|"
    r"geschrieben|erstellt|verfasst)\s+)?(?:by|von|par|por|door):?\s+\S|^(?:autor(?:in|en)?|authors?|auteur|text|redaktion)\s*:\s*\S|"
    r"^(?:autor(?:in|en)?|authors?|auteur|autore)\s+(?=(?-i:[A-ZÀ-Ý]))|"  # a name follows, not "Autore di Parks.it"
    r"^posted\s+in\s+.{1,60}?\s+by\s+\S",  # WordPress's "Posted in Datenschutz by damianduchamps on August 3, 2019"
    re.I,
)
# A blog's login, as its "Posted … by" line prints it: "damianduchamps", "jan_k", "r23".
_LOGIN = re.compile(r"[^\W_][\w.-]{2,30}")
# "11.12.2019 - Amelie Loevenich", "04.02.2022 | 13:10 Uhr | Uta Helkenberg", "25.10.2022 von Reiner Nagel": a
# date line under the headline that ends with a name.
_DATED_NAME = re.compile(
    r"\d{1,2}\.\d{1,2}\.\d{2,4}(?:,?\s*\d{1,2}:\d{2}(?:\s*Uhr)?)?\s*(?:[-|–—·•]\s*|(?P<by>von|by)\s+)"
    r"(?:\d{1,2}:\d{2}(?:\s*Uhr)?\s*[-|–—·•]\s*)?(?:(?P<by_later>von|by)\s+)?(?P<names>[^\d|]{3,80})",
    re.I,
)


def dom_authors(tree: LexborHTMLParser, scan: bool = True, person: Callable[[str], bool] | None = None) -> list[str]:
    """Names from the page's byline elements, else from a short "By …"/"Von …" line, skipping comments and asides.
    Without ``scan``, only the semantic byline markup (vcard, itemprop, author-name classes): the cheap part. With
    ``person``, a byline where it is true of no name (a site's, an agency's) is passed over."""
    body = tree.body
    if body is None:
        return []
    for rank, selector in enumerate(BYLINE_SELECTORS if scan else BYLINE_SELECTORS[:1]):
        names: list[str] = []
        group: LexborNode | None = None
        for node in body.css(selector):
            # Co-authors stand in sibling elements of one byline: gather those next to the first match.
            if group is not None and _ancestor(node, 3) is not group:
                continue
            text = node_text(node)
            if not text or len(text) > 200 or elsewhere(node) or _HCARD_ORG.search(node.attributes.get("class") or ""):
                continue
            if _home_link(node):
                continue  # "<h1 class='vcard author'><a href='http://archiv.krimiblog.de/' class=fn>…": the site's logo
            found = split_authors(text)
            # A "byline" of many one-word names is a list of topics or tags.
            if len(found) > 4 and sum(" " not in n for n in found) * 2 >= len(found):
                continue
            # Semantic markup (itemprop, rel, vcard) may name a login ("uriebe"); loose matches must look like names.
            if found and all(name_like(n, strict=rank > 1) for n in found):
                names += found
                group = group or _ancestor(node, 3)
        if names and _someone(names, person):
            return dedupe(names)
    for node in body.css(_TEXT_SEL) if scan else ():
        # The element's own text must open with the label ("von <em>Klaus Stanjek</em>") or a date ("Datum: 19.11.2021
        # Autor: …"): cheap to test, and it spares reading the whole text of every container on the page.
        if not _opens_with_label(node):
            continue
        # Only its first line: "Autor: Klausmartin Friedrich<br>Tags: 1907, 1931, …".
        lines = _first_lines(node, 2)
        text = lines[0].strip(_LINE_MARKS) if lines else ""  # "| By": a screen-reader label after the date
        profiled = False
        if _LABEL_ONLY.fullmatch(text):
            # "<span>Autor:</span> Fritz Imhof<br>", "<div><div>Autor:</div><div>Jane Roe</div></div>",
            # "<p class=label><b>By</b></p> <p class=full-name>Todd Bates</p>": the names follow the label.
            value = lines[1] if len(lines) > 1 else _value_after(node)
            if _FIELD_LABEL.fullmatch(value):
                continue  # "Autor: Quelle:": an empty field, then the next label
            text = f"{text} {value}"
            profiled = len(lines) == 1 and _profile_link_after(node, value)
        if 4 < len(text) <= 120 and (_BYLINE_START.match(text) or INNER_LABEL.search(text)) and not elsewhere(node):
            found = split_authors(text)
            # A login is a name where the line says "Posted by" or the label's value links to the user's profile.
            login_ok = profiled or text[:6].casefold() == "posted"
            names_ok = all(name_like(n) or (login_ok and _LOGIN.fullmatch(n)) for n in found)
            if found and names_ok and _someone(found, person):
                return found
        elif (dated := _DATED_NAME.fullmatch(text)) and _under_headline(node) and not elsewhere(node):
            found = split_authors(dated.group("names"))
            # Full names only: a date line ending in "Sport" or "Berlin" names a section or a place; after "von"
            # or "by" a first name is the author's ("06.11.2023 13:30 von Olga").
            labelled = bool(dated.group("by") or dated.group("by_later"))
            if found and all(name_like(n) and (labelled or not is_weak(n)) for n in found) and _someone(found, person):
                return found
    return []


def _home_link(node: LexborNode) -> bool:
    """True when the node is, or sits in, a link to a site's home page."""
    link = node if node.tag == "a" else node.parent if node.parent is not None and node.parent.tag == "a" else None
    href = link.attributes.get("href") if link is not None else None
    if href is None:
        return False
    parts = urls.split(href)
    return parts.path in ("", "/") and not parts.query and not parts.fragment and href.strip() not in ("", "#")


def _someone(names: list[str], person: Callable[[str], bool] | None) -> bool:
    """Whether one of the names is a person's by ``person`` (any name is, without it)."""
    return person is None or any(person(n) for n in names)


def _under_headline(node: LexborNode) -> bool:
    """True when the element, its parent or its grandparent stands within three elements of the page's <h1>."""
    current: LexborNode | None = node
    for _ in range(3):
        if current is None:
            return False
        for step in ("prev", "next"):
            sibling, seen = getattr(current, step), 0
            while sibling is not None and seen < 3:
                if sibling.is_element_node:
                    if sibling.tag == "h1" or sibling.css_first("h1") is not None:
                        return True
                    seen += 1
                sibling = getattr(sibling, step)
        current = current.parent
    return False


def _value_after(node: LexborNode) -> str:
    """The text after a label element up to the line's end, else the first line of the next element (after the
    parent's when the label is its last child)."""
    parts: list[str] = []
    sibling = node.next
    while sibling is not None and sibling.tag not in _BREAKS:
        if sibling.tag == "-text":
            parts.append(sibling.text_content or "")
        elif sibling.tag not in ("-comment", "script", "style"):
            parts.append(sibling.text())
        sibling = sibling.next
    value = " ".join("".join(parts).split())
    if value:
        return value
    for _ in range(3):
        sibling = node.next
        while sibling is not None and (sibling.tag in ("-comment", "br") or _blank(sibling)):
            sibling = sibling.next
        if sibling is not None and sibling.tag == "-text":
            return " ".join((sibling.text_content or "").split())  # "<b>Von:</b><br><br>Götz Warnke"
        if sibling is not None:
            return next(iter(_first_lines(sibling, 1)), "")
        if node.parent is None:
            break
        node = node.parent
    return ""


# A user's page: "/profile/142450" (Royal Road), "/members/tiberius.8/" (XenForo), "/user/jdoe", "/u/jdoe".
_PROFILE_HREF = re.compile(r"/(?:profile|profiles|users?|members?|u)/[^/?#]+", re.I)


def _profile_link_after(node: LexborNode, value: str) -> bool:
    """True when the element after a lone "by" label is, or holds, a link to the user's profile page that reads
    ``value`` ("<span>by</span> <h3><a href=/profile/142450>delta201</a></h3>")."""
    sibling = node.next
    while sibling is not None and (sibling.tag == "-comment" or _blank(sibling)):
        sibling = sibling.next
    if sibling is None or sibling.tag in ("-text", "script", "style"):
        return False
    links = [sibling] if sibling.tag == "a" else sibling.css("a")
    return any(
        _PROFILE_HREF.search(a.attributes.get("href") or "") and " ".join(a.text().split()) == value for a in links
    )


def _blank(node: LexborNode) -> bool:
    return node.tag == "-text" and not (node.text_content or "").strip()


def _first_lines(node: LexborNode, count: int) -> list[str]:
    """The element's first lines of text, broken at <br> and block elements."""
    lines: list[str] = []
    parts: list[str] = []
    for piece in _lines(node):
        if piece == "\n":
            line = " ".join("".join(parts).split())
            parts = []
            if line:
                lines.append(line)
                if len(lines) >= count:
                    return lines
        else:
            parts.append(piece)
    line = " ".join("".join(parts).split())
    return [*lines, line] if line else lines


def _lines(node: LexborNode) -> Iterable[str]:
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            yield child.text_content or ""
        elif child.tag in _BREAKS:
            yield "\n"
            yield from _lines(child)
            yield "\n"
        elif child.tag not in ("-comment", "script", "style", "noscript"):
            yield " "
            yield from _lines(child)
            yield " "


def _opens_with_label(node: LexborNode) -> bool:
    """True when the element's first words (its own text, or its first child's: "<b>Von</b> Jane") are a label."""
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            text = (child.text_content or "").strip()
        elif child.tag == "-comment":
            continue
        elif child.tag in ("h1", "h2"):
            return False  # a box that opens with the headline ("<h1>Von Sprachregeln …</h1>") is no byline
        else:
            text = (child.text(deep=False) or "").strip()
        if text:
            return bool(_BYLINE_LABEL.match(text.lstrip(_LINE_MARKS)))
    return False


def _ancestor(node: LexborNode, levels: int) -> LexborNode | None:
    for _ in range(levels):
        if node.parent is None:
            break
        node = node.parent
    return node


def node_text(node: LexborNode) -> str:
    """The element's text on one line (a <meta>'s content)."""
    if node.tag == "meta":
        return node.attributes.get("content") or ""
    return " ".join(node.text(deep=True, separator=" ").split())


def elsewhere(node: LexborNode) -> bool:
    """True when the node sits in comments, a sidebar, a teaser list, the footer or the navigation."""
    current: LexborNode | None = node
    depth = 0
    while current is not None and current.tag not in ("body", "html") and depth < 8:
        if current.tag in _ELSEWHERE_TAGS:
            return True
        tokens = f"{current.attributes.get('class') or ''} {current.attributes.get('id') or ''}".split()
        if any(_ELSEWHERE.match(t) or _NAV_TOKEN.search(t) for t in tokens if not t.startswith(_LAYOUT_CLASS)):
            # A box that holds the article's headline is the page's layout ("one-sidebar", "widget-area" themes).
            return current.css_first("h1") is None
        current = current.parent
        depth += 1
    return False


def in_box(node: LexborNode, pattern: re.Pattern[str], levels: int = 10) -> bool:
    """True when the node or one of its ``levels`` ancestors has a class or id token that ``pattern`` finds."""
    current: LexborNode | None = node
    for _ in range(levels + 1):
        if current is None or current.tag in ("body", "html"):
            return False
        tokens = f"{current.attributes.get('class') or ''} {current.attributes.get('id') or ''}".split()
        if any(pattern.search(token) for token in tokens):
            return True
        current = current.parent
    return False
