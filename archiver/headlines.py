"""The page's headline elements: which <h1>s are headlines (not logos, straplines or hidden copies), and their
text without kickers."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from selectolax.lexbor import LexborHTMLParser, LexborNode

from archiver import urls

# Invisible characters (soft hyphens, zero-width spaces, BOM) that some CMSs put into headlines.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
# Parts of a headline element that are not the headline: kickers ("Klimaschutz"), screen-reader colons.
_KICKER = re.compile(
    r"kicker|roofline|dachzeile|overline|topline|toptitle|supertitle|subheadline|eyebrow|topic|label|flag|h1small|"
    r"spitzmarke|datetime|subtitle|"
    r"visually-hidden|sr-only|screen-reader|hidden|"
    r"headerlink|permalink|anchorjs",  # a documentation page's "¶" link to its own heading
    re.I,
)
# A headline element that is really the site's logo or a hidden duplicate.
_NOT_HEADLINE = re.compile(r"logo|brand|site-?title|site-?name|masthead|\bhidden\b|sr-only|visually-hidden", re.I)
# Headings a reader does not see as the page's ("<h2 class=sr-only>Hauptnavigation</h2>"), or the site's logo.
_HIDDEN = re.compile(r"logo|brand|\bhidden\b|sr-only|visually-hidden|screen-reader|text-hide|\bhide\b", re.I)
_LOGO = re.compile(r"logo|brand|site-?title|site-?name|masthead", re.I)
_NOT_TITLE = re.compile(r"strapline|breadcrumb", re.I)
# Links in archived copies point into the archive: "https://web.archive.org/web/2014…/http://site/".
_ARCHIVED = re.compile(r"^(?:https?:)?//web\.archive\.org/web/[^/]+/")
# A link home: "/", "/de/", "/en-us", and a static site's "index.html" (Sphinx's header links "index.html").
_LOCALE_PATH = re.compile(r"/?(?:[a-z]{2}(?:[-_][a-z]{2})?)?/?(?:index\.(?:html?|php))?", re.I)
_HEADLINE_PART = re.compile(r"headline|(?<!sub)title", re.I)
# Headline-like elements for pages without a usable <h1>.
_HEADLINE_SEL = "[itemprop='headline'], .entry-title, .post-title, .article-title, .headline"
# A separator set as an element of its own between a kicker and the headline.
_SEPARATOR_ONLY = re.compile(r"\s*[:|/–—-]\s*")


def headline_texts(tree: LexborHTMLParser) -> tuple[list[str], list[tuple[str, bool, str | None]]]:
    """Texts of the page's site-logo <h1>s, and of its other <h1>s (else of elements marked as headlines), each
    with whether it is set as the article's title (inside <article>/<main>, or marked headline/title) and its text
    without a leading kicker element ("<em>Holocaust-Gedenktag </em>Erinnerung …"), if it has one."""
    logos: list[str] = []
    nodes: list[LexborNode] = []
    for node in tree.css("h1"):
        if _NOT_TITLE.search(node.attributes.get("class") or ""):
            # A strapline set as an <h1> ("Strava-Update: POI bei Routen-Tool"), or a breadcrumb trail's link to the
            # page ("<h1 class=id-Breadcrumb-element-link>Nordkorea: Kim Jong Un …"): not the headline.
            continue
        if is_logo(node):
            logos.append(_headline_text(node))
        else:
            nodes.append(node)
    if not any(_headline_text(node) for node in nodes):
        nodes = [node for node in tree.css(_HEADLINE_SEL) if not is_logo(node) and not node.css_first("a")]
    found = [(_headline_text(node), _in_article(node), _without_kicker(node)) for node in nodes]
    # A stylesheet or script dumped into an <h1> by a broken template is no headline.
    found = [(t, a, r) for t, a, r in found if t and len(t) <= 300 and not t.startswith((".", "{", "@", "<"))]
    return [t for t in logos if t and len(t) <= 60], found


# A kicker the page marks as one: "<h2><span class=content__kicker>Covid-19</span>: <span>Lässt sich …</span></h2>".
_MARKED_KICKER = re.compile(r"kicker|roofline|dachzeile|overline|topline|eyebrow|spitzmarke", re.I)


def marked_kickers(tree: LexborHTMLParser) -> list[tuple[str, str]]:
    """(kicker, headline) of each <h1>/<h2> that opens with an element classed as its kicker."""
    found = []
    for node in tree.css("h1, h2"):
        first = node.child
        while first is not None and (first.tag in ("-comment", "-text") and not (first.text_content or "").strip()):
            first = first.next
        if first is None or first.tag == "-text" or not _MARKED_KICKER.search(first.attributes.get("class") or ""):
            continue
        rest = _without_kicker(node)
        if rest:
            found.append((clean_text(first.text()), rest))
    return found


def shown_headings(nodes: list[LexborNode]) -> list[LexborNode]:
    """The headings a reader sees: not empty, not hidden ("<h2 class=sr-only>Hauptnavigation</h2>"), no logo."""
    return [n for n in nodes if not _HIDDEN.search(n.attributes.get("class") or "") and n.text().strip()]


def _without_kicker(node: LexborNode) -> str | None:
    """The headline's text after its first element, when an element opens the headline."""
    first = node.child
    while first is not None and (first.tag in ("-comment", "style", "script") or not first.text().strip()):
        first = first.next
    if first is None or first.tag == "-text":
        return None
    rest = []
    sibling = first.next
    while sibling is not None:
        if sibling.tag == "-text":
            rest.append(sibling.text_content or "")
        elif sibling.tag == "br" or _KICKER.search(sibling.attributes.get("class") or ""):
            rest.append(" ")  # also a screen reader's ": " between kicker and headline
        else:
            rest.append("".join(_text_without_kickers(sibling)))
        sibling = sibling.next
    text = clean_text("".join(rest))
    # Only used when a declared title is this text, so the kicker may be the longer part.
    return text if len(text.split()) >= 2 else None


def _in_article(node: LexborNode) -> bool:
    marks = f"{node.attributes.get('class') or ''} {node.attributes.get('itemprop') or ''}"
    if re.search(r"title|headline", marks, re.I):
        return True
    parent = node.parent
    while parent is not None:
        if parent.tag in ("article", "main"):
            return True
        parent = parent.parent
    return False


def is_logo(node: LexborNode) -> bool:
    """True for an <h1> that is the site's logo (a link home, a logo class) or hidden."""
    attrs = node.attributes
    if "hidden" in attrs or attrs.get("aria-hidden") == "true" or "none" in (attrs.get("style") or "").replace(" ", ""):
        return True
    if _NOT_HEADLINE.search(attrs.get("class") or ""):
        return True
    around = [*node.css("[class]")[:3]]
    parent = node.parent
    for _ in range(2):
        if parent is not None:
            around.append(parent)
            parent = parent.parent
    if any(_LOGO.search(n.attributes.get("class") or "") for n in around):
        return True
    links = node.css("a[href]")
    if len(links) == 1 and clean_text(links[0].text()) == clean_text(node.text()):
        href = _ARCHIVED.sub("", links[0].attributes.get("href") or "")
        path = urls.split(href).path
        return bool(_LOCALE_PATH.fullmatch(path))
    return False


def _headline_text(node: LexborNode) -> str:
    after = _after_separator_element(node)
    if after:
        return after
    parts = [child for child in node.iter(include_text=False) if child.tag not in ("-comment", "script", "style")]
    # "<h1><span class=kicker>Klimaschutz</span><span class=title>Bohren, bis es heiß wird</span></h1>"
    marked = [c for c in parts if _HEADLINE_PART.search(c.attributes.get("class") or "")]
    whole = clean_text("".join(_text_without_kickers(node)))
    if len(parts) > 1 and len(marked) == 1:
        # Only when the rest is a shorter label: "<span class=title>First half:</span><span>second</span>" is one.
        part = clean_text(marked[0].text(deep=True))
        if len(part) > len(clean_text(node.text(deep=True))) / 2:
            return part
    return whole


def _after_separator_element(node: LexborNode) -> str | None:
    """ "<span>Coronavirus und andere Zoonosen</span><span aria-hidden> – </span><span>Wie …</span>": a separator set
    as an element of its own is there to be hidden or styled away, the element before it shown as an overline."""
    children = [c for c in node.iter(include_text=True) if c.tag != "-comment" and c.text(deep=True).strip()]
    if len(children) < 3 or children[0].tag == "-text" or children[1].tag == "-text":
        return None
    if not _SEPARATOR_ONLY.fullmatch(children[1].text(deep=True)):
        return None
    rest = (c.text_content or "" if c.tag == "-text" else "".join(_text_without_kickers(c)) for c in children[2:])
    text = clean_text(" ".join(rest))
    return text if len(text.split()) >= 2 else None


def _text_without_kickers(node: LexborNode) -> Iterable[str]:
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            yield child.text_content or ""
        elif child.tag in ("-comment", "script", "style", "noscript", "rt", "rp"):
            continue  # also ruby readings: "<ruby>子<rt>こ</rt></ruby>"
        elif child.tag == "br":
            yield " "
        elif child.tag != "small" and not _KICKER.search(child.attributes.get("class") or ""):
            yield from _text_without_kickers(child)
        else:
            yield " "  # "<span>Kicker</span><span class=hidden> – </span><span>Story</span>" has no other space


def clean_text(text: str) -> str:
    """Decode leftover HTML entities (double-escaped pages) and collapse whitespace."""
    if "&" in text:
        text = html.unescape(text)
    return " ".join(_INVISIBLE.sub("", text).split())
