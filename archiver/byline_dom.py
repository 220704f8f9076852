"""Finding the byline in the page's DOM, and choosing the authors from it, JSON-LD and meta tags; people first."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from archiver import urls
from archiver.author_tags import AUTHOR_META, SITE_SEPARATOR, tag_authors
from archiver.bylines import (
    INNER_LABEL,
    dedupe,
    full_name,
    is_organisation,
    is_weak,
    name_like,
    people,
    split_authors,
)
from archiver.full_names import from_labelled_line, name_key, same_person, spelled_out
from archiver.page_dates import LAYOUT_PREFIXES

# An hCard "fn org" names an organisation ("<div class='fn org country-name'>New Zealand</div>").
_HCARD_ORG = re.compile(r"(?:^|\s)org(?:\s|$)")
# Links to a blog's author archive ("/author/fabian/").
_AUTHOR_ARCHIVE = "a[href*='/author/'], a[href*='/autor/'], a[href*='/autoren/']"
# Byline elements, most specific first; each is read as a whole ("By Jane Doe and John Roe, Staff Writers").
BYLINE_SELECTORS = (
    "[itemprop~='author'] [itemprop~='name'], .author .fn, .vcard .fn, .vcard.fn, .author-name, .author__name, "
    ".authorName",
    "[itemprop~='author'], [rel~='author'], byline",
    "[class*='byline'], [data-testid*='byline'], [class*='author-name'], [class*='author__name'], "
    "[class*='AuthorName'], [class*='article-author'], [class*='post-author'], [class*='entry-author']",
    f"{_AUTHOR_ARCHIVE}, [class*='author'], [id*='author'], "
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
    r"\d{1,2}\.\d{1,2}\.\d{2,4}(?:,?\s*\d{1,2}:\d{2}(?:\s*Uhr)?)?\s*(?:[-|–—·•]\s*|(?:von|by)\s+)"
    r"(?:\d{1,2}:\d{2}(?:\s*Uhr)?\s*[-|–—·•]\s*)?(?:(?:von|by)\s+)?(?P<names>[^\d|]{5,80})",
    re.I,
)
# An editor's initials in an agency credit line: "det" of "det/dpa", "bb" of "hessenschau.de/bb".
_EDITOR_CODE = re.compile(r"[a-zäöü]{2,4}")
_ARCHIVE_SLUG = re.compile(r"/(?:author|autor|autoren)/([^/?#]+)")
# A forum thread's first post and its author: XenForo's message article, phpBB's author line.
_FORUM_FIRST_POST = "article.message[data-author], .post p.author a.username, .postprofile a.username"
# WordPress marks each comment the post's own author wrote: <li class="comment byuser comment-author-jancak
# bypostauthor">; the name stands in the comment's header (.fn, "comment__author-name", or .comment-author itself).
_POST_AUTHOR_COMMENT = ".bypostauthor"
_COMMENTER = (".fn", "[class*='author-name']", "[class*='author_name']", ".comment-author", ".author")
# Yoast's reading aids: <meta name="twitter:label1" content="Written by"> <meta name="twitter:data1" content="…">.
_WRITTEN_BY = re.compile(
    r"(?:written|geschrieben|verfasst)\s+(?:by|von)|[ée]crit\s+par|escrito\s+por|scritto\s+da", re.I
)


def choose_authors(
    tree: LexborHTMLParser,
    metas: dict[str, list[str]],
    ld_author: Any,
    by_id: dict[str, dict],
    sites: list[str | None],
    host: str | None = None,
) -> tuple[list[str], str | None]:
    """People from JSON-LD, then author meta tags, then the page's byline; organisations only when no person. A
    name that holds the ``host``'s name and more ("EFC Bayrische Bembel" on bayrische-bembel.de) is the site's."""
    # "Achtsam durch die Krise | Die FURCHE" in og:site_name: each segment may be the site's name.
    site_names = [part for s in sites if s for part in {s, *SITE_SEPARATOR.split(s)}]
    found: list[tuple[str, list[str]]] = []
    orgs: list[tuple[str, list[str]]] = []
    if ld_author is not None:
        persons, organisations = people(ld_author, by_id)
        found.append(("json-ld", persons))
        orgs.append(("json-ld", organisations))
    sites_folded = {name.casefold() for name in site_names}
    for key in AUTHOR_META:
        names, bodies = tag_authors(key, metas.get(key, []), sites_folded)
        found.append((f"meta:{key}", names))
        orgs.append((f"meta:{key}", bodies))
    found.append(("byline", []))
    for number in "123":
        if _WRITTEN_BY.fullmatch(metas.get(f"twitter:label{number}", [""])[0].strip()):
            found.append(("meta:twitter:data", split_authors(metas.get(f"twitter:data{number}", [""])[0])))
    found.append(("forum", []))
    found.append(("comments", []))

    labels = [name_key(label) for label in (host or "").removeprefix("www.").split(".")[:-1]]
    host_names = [label for label in labels if len(label) >= 6]

    def person(name: str) -> bool:
        key = name_key(name)
        if any(label in key and label != key for label in host_names):
            return False  # the site's name with its club's or town's ("EFC Bayrische Bembel"), not a person's
        return not is_organisation(name, site_names)

    byline: list[str] | None = None
    for source, names in found:
        if source == "byline":
            names = byline = dom_authors(tree) if byline is None else byline
            if names and not any(person(n) for n in names):
                # "The Planetary Press" in the byline box, "Written by: Julie Mollins" over the story: a site's or
                # desk's name where a byline stands does not end the search for a person's full name.
                names = dom_authors(tree, person=lambda n: full_name(n, site_names)) or names
        elif source == "forum":
            names = thread_starter(tree)
        elif source == "comments":
            names = post_author_commenter(tree)
        persons = [n for n in names if person(n)]
        orgs.append((source, [n for n in names if not person(n)]))
        if not persons:
            continue
        if len(persons) < len(names) and all(_EDITOR_CODE.fullmatch(p) for p in persons):
            return names, source  # "det/dpa": an editor's code and the agency, a credit line kept whole
        if all(is_weak(p) for p in persons) and source != "byline":
            # "todd" in the meta tag, "Todd Bates" on the page: the byline says more.
            byline = dom_authors(tree) if byline is None else byline
            fuller = [n for n in byline if person(n) and not is_weak(n)]
            if any(same_person(p, f) for p in persons for f in fuller):
                persons, source = fuller, "byline"
            elif completed := from_labelled_line(tree, persons) or spelled_out(tree, persons):
                persons, source = completed, "byline"
        elif source == "meta:author" and (posted_by := _archive_link_author(tree)):
            # <meta name=author content="Matthias Hille - Lukas Balbach"> on every page of the site, "Erstellt von
            # <a href=/author/fabian/>Fabian</a>" over the post: the template names the site's owners, the
            # blog's author link the post's writer.
            if not any(same_person(p, q) or same_person(q, p) for p in persons for q in posted_by):
                persons, source = posted_by, "byline"
        elif len(persons) == 1 and source == "json-ld":
            # Yoast's schema names the first author only: "Sadhbh O'Sullivan" where the author meta tag says
            # "Sadhbh O'Sullivan,Elisabeth Kochan" and the byline "von Rudolf Fischer, Simon Kohler".
            persons, source = _with_coauthors(persons, source, found, tree, site_names)
        return persons, source
    # An agency named on the page ("Agencia EFE") says more than a publisher put in the author field.
    for source, names in sorted(orgs, key=lambda item: item[0] != "byline"):
        if names:
            return names, source
    return [], None


def thread_starter(tree: LexborHTMLParser) -> list[str]:
    """The login that opened a forum thread: the first post's author, as XenForo (``data-author``) and phpBB (the
    post's author line) mark it. A thread page has no byline; its first post is the page's text."""
    node = tree.css_first(_FORUM_FIRST_POST)
    if node is None:
        return []
    login = node.attributes.get("data-author") or node.text()
    login = " ".join((login or "").split())
    return [login] if 0 < len(login) <= 40 else []


def post_author_commenter(tree: LexborHTMLParser) -> list[str]:
    """The post's author as the blog names them where they answer a reader (WordPress's ``bypostauthor`` comment):
    a blog whose template prints no byline still says who wrote the post there."""
    comment = tree.css_first(_POST_AUTHOR_COMMENT)
    for selector in _COMMENTER if comment is not None else ():
        name = comment.css_first(selector)
        if name is not None and (text := _node_text(name)):
            # The header's own text: "MoritzMeyer 19. Juni 2018 um 20:41 Uhr - Antworten", "Martina Berg Autor".
            names = split_authors(text)
            return names if len(names) == 1 else []
    return []


def _archive_link_author(tree: LexborHTMLParser) -> list[str]:
    """The name a blog links to its author archive ("<a href=/author/fabian/>Fabian</a>"), outside comments and
    sidebars."""
    for node in tree.css(_AUTHOR_ARCHIVE):
        if _elsewhere(node):
            continue
        names = split_authors(_node_text(node))
        # The archive's address spells the name ("/author/fabian/"): not a "Feed" or "Alle Beiträge" link.
        slug = _ARCHIVE_SLUG.search(node.attributes.get("href") or "")
        if len(names) == 1 and name_like(names[0]) and slug and name_key(names[0]) == name_key(slug.group(1)):
            return names
    return []


def _with_coauthors(
    persons: list[str], source: str, found: list[tuple[str, list[str]]], tree: LexborHTMLParser, sites: list[str]
) -> tuple[list[str], str]:
    """The author meta tags' or byline's names when they are the JSON-LD's one person and more."""
    key = name_key(persons[0])
    metas = ((other, names) for other, names in found if other not in (source, "byline"))
    # The byline last, and its semantic markup only: reading all of it costs more than the meta tags.
    for other, names in itertools.chain(metas, [("byline", None)]):
        names = dom_authors(tree, scan=False) if names is None else names
        more = [n for n in names if not is_organisation(n, sites)]
        # Full names only: a byline box's "Seguir" and "Actualizado" are buttons and labels, not co-authors.
        if len(more) > 1 and key in {name_key(n) for n in more} and not any(is_weak(n) for n in more):
            return more, other
    return persons, source


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
            text = _node_text(node)
            if not text or len(text) > 200 or _elsewhere(node) or _HCARD_ORG.search(node.attributes.get("class") or ""):
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
        if _LABEL_ONLY.fullmatch(text):
            # "<span>Autor:</span> Fritz Imhof<br>", "<div><div>Autor:</div><div>Jane Roe</div></div>",
            # "<p class=label><b>By</b></p> <p class=full-name>Todd Bates</p>": the names follow the label.
            value = lines[1] if len(lines) > 1 else _value_after(node)
            if _FIELD_LABEL.fullmatch(value):
                continue  # "Autor: Quelle:": an empty field, then the next label
            text = f"{text} {value}"
        if 4 < len(text) <= 120 and (_BYLINE_START.match(text) or INNER_LABEL.search(text)) and not _elsewhere(node):
            found = split_authors(text)
            posted = text[:6].casefold() == "posted"
            names_ok = all(name_like(n) or (posted and _LOGIN.fullmatch(n)) for n in found)
            if found and names_ok and _someone(found, person):
                return found
        elif (dated := _DATED_NAME.fullmatch(text)) and _under_headline(node) and not _elsewhere(node):
            found = split_authors(dated.group("names"))
            # Full names only: a date line ending in "Sport" or "Berlin" names a section or a place.
            if found and all(name_like(n) and not is_weak(n) for n in found) and _someone(found, person):
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


def _node_text(node: LexborNode) -> str:
    if node.tag == "meta":
        return node.attributes.get("content") or ""
    return " ".join(node.text(deep=True, separator=" ").split())


def _elsewhere(node: LexborNode) -> bool:
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
