"""trafilatura's author-search XPaths (AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS), evaluated in Python with the same
result: fast_xpaths puts them in place of the originals while our own calls run."""

from __future__ import annotations

from lxml.html import HtmlElement

from archiver.xpath_predicates import Attrs, Pairs, Select, matches, patterns, tester


def author_discard(path: str) -> Select:
    """Comment, sidebar, title, date and figure boxes, before the author search."""
    by_id, by_class = (tester(*p) for p in patterns(path))
    classes = {"comments", "title", "date"}

    def predicate(attrs: Attrs, pairs: Pairs) -> bool:
        return (
            attrs.get("id") == "comments"
            or attrs.get("class") in classes
            or by_id(attrs, pairs)
            or by_class(attrs, pairs)
            or "Figure" in (attrs.get("data-component") or "")
        )

    return lambda tree: list(matches(tree, ("a", "div", "section", "span"), predicate))


def authors_specific(path: str) -> Select:
    """rel/id/class "author", itemprop, test ids, an author-name class, and every <author>."""
    (by_class,) = (tester(*p) for p in patterns(path))
    tags = ("a", "address", "div", "link", "p", "span", "strong")

    def predicate(attrs: Attrs, pairs: Pairs) -> bool:
        get = attrs.get
        return (
            get("rel") == "author"
            or get("id") == "author"
            or get("class") == "author"
            or get("itemprop") == "author name"
            or get("data-testid") in ("AuthorCard", "AuthorURL")
            or by_class(attrs, pairs)
        )

    def select(tree: HtmlElement) -> list[HtmlElement]:
        root = tree.getroottree().getroot()
        # "rel='me'" in the XPath tests a child *element* <rel> (not the attribute): only where the page has one.
        rel_me = next(root.iter("rel"), None) is not None
        out = []
        for element in root.iter(*tags, "author"):
            if element.tag == "author":
                out.append(element)
                continue
            pairs = element.items()
            if (pairs and predicate(dict(pairs), pairs)) or (
                rel_me and any(child.tag == "rel" and child.text_content() == "me" for child in element)
            ):
                out.append(element)
        return out

    return select


def authors_generic(path: str) -> Select:
    """Byline, username and author-ish classes and ids."""
    by_id, by_class = (tester(*p) for p in patterns(path))
    classes = {"byline", "username", "byl", "BBL"}

    def predicate(attrs: Attrs, pairs: Pairs) -> bool:
        return (
            attrs.get("class") in classes
            or "author" in (attrs.get("itemprop") or "")
            or by_id(attrs, pairs)
            or by_class(attrs, pairs)
        )

    return lambda tree: list(matches(tree, ("a", "div", "h3", "h4", "p", "span"), predicate, everywhere=True))


def authors_anywhere(path: str) -> Select:
    """Any element named for a byline, author, writer or screen name."""
    by_id, by_class = (tester(*p) for p in patterns(path))

    def predicate(attrs: Attrs, pairs: Pairs) -> bool:
        return (
            "Byline" in (attrs.get("data-component") or "")
            or "author" in (attrs.get("itemprop") or "")
            or by_id(attrs, pairs)
            or by_class(attrs, pairs)
        )

    return lambda tree: [e for e in matches(tree, (), predicate, everywhere=True) if isinstance(e.tag, str)]
