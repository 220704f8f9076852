"""trafilatura's costliest XPath expressions, evaluated in Python with the same result.

Their ``re:test()`` predicates call back into Python once per element and attribute tested, and that made them a
fifth of an extraction. Each replacement below matches one expression by the SHA-1 of its source text, takes its
regular expressions from that text, and returns the same elements in the same order; an expression whose text
differs (another trafilatura version) keeps its XPath. tests/test_fast_xpaths.py compares both on every fixture.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from lxml.etree import XPath
from lxml.html import HtmlElement

from archiver.author_xpaths import author_discard, authors_anywhere, authors_generic, authors_specific
from archiver.xpath_predicates import (
    Attrs,
    Expression,
    Pairs,
    Predicate,
    Select,
    any_of,
    first_value,
    found_by,
    matches,
    patterns,
    tester,
)

log = logging.getLogger(__name__)

_DIV_LIKE = ("div", "item", "list", "p", "section", "span")
_CONTENT_AREAS = ("article", "div", "main", "section")
_COMMENT_BOXES = ("div", "list", "section", "details", "ol", "ul")

Builder = Callable[[str], Select]


def _overall_discard_0(path: str) -> Select:
    """@data-lp-replacement-content, role containing nav, MostPopularStories, then three re:tests."""
    consent, by_id, by_class = (tester(*p) for p in patterns(path))

    def predicate(attrs: Attrs, pairs: Pairs) -> bool:
        get = attrs.get
        return (
            get("data-lp-replacement-content") is not None
            or "nav" in (get("role") or "").replace("N", "n")
            or "MostPopularStories" in (get("data-component") or "")
            or consent(attrs, pairs)
            or by_id(attrs, pairs)
            or by_class(attrs, pairs)
        )

    return lambda tree: list(matches(tree, _DIV_LIKE, predicate))


def _overall_discard_1(path: str) -> Select:
    """Comment titles, reply boxes, hidden elements, akismet: on every element."""
    hidden, by_id, by_class = (tester(*p) for p in patterns(path))
    first = ("id", "class")

    def predicate(attrs: Attrs, pairs: Pairs) -> bool:
        get = attrs.get
        style = get("style") or ""
        return (
            get("class") == "comments-title"
            or first_value(pairs, first).startswith("reply-")
            or hidden(attrs, pairs)
            or "display:none" in style
            or "display: none" in style
            or by_id(attrs, pairs)
            or by_class(attrs, pairs)
            or get("aria-hidden") == "true"
        )

    return lambda tree: [e for e in matches(tree, (), predicate) if isinstance(e.tag, str)]


def _body_0(path: str) -> Select:
    """``.//*[…][1]``: of each parent's children that pass, the first."""
    by_id, by_class = (tester(*p) for p in patterns(path))

    def predicate(attrs: Attrs, pairs: Pairs) -> bool:
        get = attrs.get
        cls = get("class")
        return (
            cls == "post"
            or cls == "entry"
            or get("itemprop") == "articleBody"
            or get("id") == "articleContent"
            or by_id(attrs, pairs)
            or by_class(attrs, pairs)
        )

    def select(tree: HtmlElement) -> list[HtmlElement]:
        out, parents = [], set()
        for element in matches(tree, _CONTENT_AREAS, predicate):
            parent = element.getparent()
            if parent not in parents:
                parents.add(parent)
                out.append(element)
        return out

    return select


def _first_only(tags: tuple[str, ...], predicate: Predicate) -> Select:
    """``(.//*[…])[1]``: the first element that passes, alone."""
    return lambda tree: next(([e] for e in matches(tree, tags, predicate)), [])


def _body_2(path: str) -> Select:
    """Story containers by role, id, class and three re:tests; the first."""
    by_id, fulltext, by_class = (tester(*p) for p in patterns(path))
    classes = {"postarea", "art-postcontent", "text", "cell", "story"}

    def predicate(attrs: Attrs, pairs: Pairs) -> bool:
        get = attrs.get
        ident = get("id")
        return (
            get("role") == "article"
            or ident == "article"
            or ident == "story"
            or get("class") in classes
            or by_id(attrs, pairs)
            or fulltext(attrs, pairs)
            or by_class(attrs, pairs)
        )

    return _first_only(_CONTENT_AREAS, predicate)


def _body_3(path: str) -> Select:
    """Main-content containers; the first."""
    by_id, by_class = (tester(*p) for p in patterns(path))

    def predicate(attrs: Attrs, pairs: Pairs) -> bool:
        ident = attrs.get("id") or ""
        cls = attrs.get("class") or ""
        return (
            ident == "content"
            or cls == "content"
            or by_id(attrs, pairs)
            or by_class(attrs, pairs)
            or "main-content" in ident.translate(_CM)
            or "main-content" in cls.translate(_CM)
            or "page-content" in cls.translate(_CP)
        )

    return _first_only(_CONTENT_AREAS, predicate)


_CM = str.maketrans("CM", "cm")
_CP = str.maketrans("CP", "cp")


def _comments_and_lists(path: str) -> Select:
    """Comment boxes, and ol/ul comment lists (without the disqus ids)."""
    by_id, by_class, list_id, list_class = (tester(*p) for p in patterns(path))

    def predicate(attrs: Attrs, pairs: Pairs) -> bool:
        return by_id(attrs, pairs) or by_class(attrs, pairs)

    def kept(element: HtmlElement) -> bool:
        return element.tag not in ("ol", "ul") or any_of(element, list_id, list_class)

    return lambda tree: [e for e in matches(tree, _COMMENT_BOXES, predicate) if kept(e)]


def _raw_prune_0(path: str) -> Select:
    """Infinite-scroll boxes without the headline (or named for Zox News's appended posts)."""
    scroll_id, scroll_class, post_id, post_class = (tester(*p) for p in patterns(path))

    def predicate(attrs: Attrs, pairs: Pairs) -> bool:
        return scroll_id(attrs, pairs) or scroll_class(attrs, pairs)

    def kept(element: HtmlElement) -> bool:
        return next(element.iterdescendants("h1"), None) is None or any_of(element, post_id, post_class)

    return lambda tree: [e for e in matches(tree, ("div", "section", "aside"), predicate) if kept(e)]


def _teasers(path: str) -> Select:
    """``contains(translate(@id|@class, 'T', 't'), 'teaser')``, each attribute on its own."""
    table = str.maketrans("T", "t")

    def predicate(attrs: Attrs, pairs: Pairs) -> bool:
        return any("teaser" in (attrs.get(a) or "").translate(table) for a in ("id", "class"))

    return lambda tree: list(matches(tree, _DIV_LIKE, predicate))


def _body_4(path: str) -> Select:
    """``(…[starts-with(@class|@id|@role, 'main')])[1] | (.//main)[1]``: the first of each, in document order."""

    def select(tree: HtmlElement) -> list[HtmlElement]:
        out: list[HtmlElement] = []
        boxed = main = False
        for element in tree.iterdescendants("article", "div", "section", "main"):
            if element.tag == "main" and not main:
                main = True
                out.append(element)
            elif (
                element.tag != "main"
                and not boxed
                and any((element.get(a) or "").startswith("main") for a in ("class", "id", "role"))
            ):
                boxed = True
                out.append(element)
            if boxed and main:
                break
        return out

    return select


# SHA-1 of each expression's source text in trafilatura 2.3.1, and what replaces it.
def _basic_clean(path: str) -> Select:
    """baseline's sweep: asides, footers, scripts and the like, footer divs and cookie banners, in document order."""
    (_, class_pattern), (_, id_pattern) = patterns(path)  # cookie banners, case-insensitive
    by_class, by_id = found_by(class_pattern), found_by(id_pattern)
    tags = {"aside", "fencedframe", "footer", "script", "style", "svg", "template"}
    first = ("class", "id")

    def select(tree: HtmlElement) -> list[HtmlElement]:
        out = []
        for element in tree.iterdescendants():
            tag = element.tag
            if tag in tags:
                out.append(element)
                continue
            pairs = element.items()
            if not pairs or not isinstance(tag, str):
                continue
            attrs = dict(pairs)
            cls, ident = attrs.get("class"), attrs.get("id")
            if (
                (tag == "div" and "footer" in first_value(pairs, first))
                or (cls is not None and by_class(cls))
                or (ident is not None and by_id(ident))
            ):
                out.append(element)
        return out

    return select


# Where each expression lives (trafilatura's module, the name there, the index in its list or None for the
# name itself), the SHA-1 of its source text in trafilatura 2.3.1, and what replaces it.
_REPLACEMENTS: dict[tuple[str, str, int | None], tuple[str, Builder]] = {
    ("xpaths", "OVERALL_DISCARD_XPATH", 0): ("d00545c1e3acd7dd0585191cc70e0104d49e5586", _overall_discard_0),
    ("xpaths", "OVERALL_DISCARD_XPATH", 1): ("8c88600b03181df7a8d96c7c92ca3b0351f47e78", _overall_discard_1),
    ("xpaths", "BODY_XPATH", 0): ("2465b9ddf0fc1b9b11762bba0368942a191f062d", _body_0),
    ("xpaths", "BODY_XPATH", 2): ("b9c180cd18240e44ef70d3bb606708425bec038f", _body_2),
    ("xpaths", "BODY_XPATH", 3): ("1e7b8c5b36e9e0e8045815f7c79ba22f4d557cca", _body_3),
    ("xpaths", "BODY_XPATH", 4): ("2cee30110a45e6bbd5c4f6cd9daf5862c32fa43a", _body_4),
    ("xpaths", "REMOVE_COMMENTS_AND_LISTS_XPATH", 0): ("7e7d885e629a511978658d1420f16b1a4ac09d85", _comments_and_lists),
    ("xpaths", "RAW_TREE_PRUNE_XPATH", 0): ("c15751070b078a647446175f714fc52b5d51ca8c", _raw_prune_0),
    ("xpaths", "TEASER_DISCARD_XPATH", 0): ("db87f1790b6b744970979d0892598c4445ee10e1", _teasers),
    ("xpaths", "AUTHOR_DISCARD_XPATHS", 0): ("c65fe99332df7270c27a06025fe4e5c4b70b9e71", author_discard),
    ("xpaths", "AUTHOR_XPATHS", 0): ("4f5c359594eedf208de84141a1a8f0ecf1c819b1", authors_specific),
    ("xpaths", "AUTHOR_XPATHS", 1): ("73fbf938a6e51e593f6cb06ca0649a1c8767de43", authors_generic),
    ("xpaths", "AUTHOR_XPATHS", 2): ("f4cc58faa793a925cb445f6f6022212ba79d1fe0", authors_anywhere),
    ("baseline", "BASIC_CLEAN_XPATH", None): ("841f8efcd6f3ebba22264ed53facd2000673b297", _basic_clean),
}


def _digest(path: str) -> str:
    return hashlib.sha1(path.encode()).hexdigest()


# (name, where it is held: a list or a module's namespace, the key there, the XPath, the replacement)
Swap = tuple[str, Any, Any, XPath, Expression]


@cache
def _swaps() -> tuple[Swap, ...]:
    """Each expression replaced here that the installed trafilatura has, unchanged."""
    swaps = []
    for (module, name, index), (digest, build) in _REPLACEMENTS.items():
        namespace = vars(importlib.import_module(f"trafilatura.{module}"))
        holder, key, label = namespace, name, name
        if index is not None:
            holder, key, label = namespace.get(name), index, f"{name}[{index}]"
            if not isinstance(holder, list) or index >= len(holder):
                continue
        current = holder.get(key) if isinstance(holder, dict) else holder[key]
        if not isinstance(current, XPath) or _digest(current.path) != digest:
            log.debug("trafilatura's %s is not the one replaced here; it keeps its XPath", label)
            continue
        if any(p.search("") for _, p in patterns(current.path)):
            continue  # the missing-attribute shortcut in tester would then differ
        swaps.append((label, holder, key, current, Expression(current, build(current.path))))
    return tuple(swaps)


@contextmanager
def in_use() -> Iterator[None]:
    """Within the block, trafilatura evaluates the replaced expressions in Python. Only for our own calls, so a
    benchmark's bare trafilatura in the same process stays bare; the results are the same either way."""
    swaps = _swaps()
    for _, holder, key, _, replacement in swaps:
        holder[key] = replacement
    try:
        yield
    finally:
        for _, holder, key, original, _ in swaps:
            holder[key] = original


def replaced() -> dict[str, tuple[XPath, Expression]]:
    """The original XPath and its replacement, by "NAME[index]" or "NAME" (for the equivalence test)."""
    return {label: (original, replacement) for label, _, _, original, replacement in _swaps()}
