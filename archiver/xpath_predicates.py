"""The pieces fast_xpaths builds its replacements from: an XPath source's ``re:test()`` patterns, attribute
predicates with XPath's semantics, and the element walks that apply them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from lxml.etree import XPath
from lxml.html import HtmlElement

_TEST = re.compile(r"re:test\((@[\w-]+(?:\|@[\w-]+)*),\s*'((?:[^'\\]|\\.)*)'(?:,\s*'(\w*)')?\)")

# A predicate gets the element's attributes twice: as a dict, and as (name, value) pairs in the element's own order.
Attrs = dict[str, str]
Pairs = list[tuple[str, str]]
Predicate = Callable[[Attrs, Pairs], bool]
Select = Callable[[HtmlElement], list[HtmlElement]]


def patterns(path: str) -> list[tuple[tuple[str, ...], re.Pattern[str]]]:
    """Each ``re:test(@a|@b, 'pattern'[, 'i'])`` of an XPath source, in order: its attributes and its pattern."""
    found = []
    for attrs, pattern, flags in _TEST.findall(path):
        names = tuple(a.lstrip("@") for a in attrs.split("|"))
        found.append((names, re.compile(pattern, re.IGNORECASE if "i" in flags else 0)))
    return found


def first_value(pairs: Pairs, names: tuple[str, ...]) -> str:
    """XPath's string value of ``@a|@b``: the first of these attributes in the element's own order, else ""."""
    for key, value in pairs:
        if key in names:
            return value
    return ""


def found_by(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    """Whether the pattern occurs in a value, remembered: a page repeats its class and id values on element after
    element, and a cache hit costs a tenth of these long alternations' search."""

    @lru_cache(maxsize=4096)
    def found(value: str) -> bool:
        return pattern.search(value) is not None

    return found


def tester(names: tuple[str, ...], pattern: re.Pattern[str]) -> Predicate:
    """``re:test(@a|@b, pattern)`` as a predicate on an element's attributes."""
    found = found_by(pattern)
    if len(names) == 1:
        name = names[0]

        def test(attrs: Attrs, pairs: Pairs) -> bool:
            value = attrs.get(name)
            # XPath tests "" for a missing attribute; none of these patterns matches "" (_swaps checks).
            return value is not None and found(value)

        return test
    return lambda attrs, pairs: found(first_value(pairs, names))


class Expression:
    """A callable standing in for an XPath object: ``expression(tree)`` gives the same list of elements."""

    def __init__(self, original: XPath, select: Select) -> None:
        self.original = original
        self.path = original.path
        self._select = select

    def __call__(self, tree: HtmlElement) -> list[HtmlElement]:
        return self._select(tree)


def matches(
    tree: HtmlElement, tags: tuple[str, ...], predicate: Predicate, everywhere: bool = False
) -> Iterator[HtmlElement]:
    """``.//*[self::t1 or …][predicate]``: descendants with one of ``tags`` (any element for none) that pass, in
    document order; ``everywhere`` for ``//*[…]``, the whole document and its root element. Every predicate here
    needs some attribute, so an element without any is passed over unasked."""
    elements = tree.getroottree().getroot().iter(*tags) if everywhere else tree.iterdescendants(*tags)
    for element in elements:
        pairs = element.items()  # comments and processing instructions have none
        if pairs and predicate(dict(pairs), pairs):
            yield element


def any_of(element: HtmlElement, *tests: Predicate) -> bool:
    """Whether one of ``tests`` passes the element: for a second predicate, after matches' first."""
    pairs = element.items()
    attrs = dict(pairs)
    return any(test(attrs, pairs) for test in tests)
