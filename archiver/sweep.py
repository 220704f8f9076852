"""One walk of the page for several selectors, then which of its elements match each one.

Every css() query is a walk of the whole page (about 0.1 ms on a median one), whatever the selector: a search for
several things at once walks it once, and its few elements are then sorted here.
"""

from __future__ import annotations

from collections.abc import Iterator

from selectolax.lexbor import LexborNode


def matching(found: list[LexborNode], selector: str) -> Iterator[LexborNode]:
    """The elements of ``found`` that match ``selector`` themselves, in their order."""
    return (node for node in found if is_match(node, selector))


def is_match(node: LexborNode, selector: str) -> bool:
    """Whether the element itself matches the selector (its ancestors count for combinators): a search from an
    element tests the element first, so it is its own first match when it matches. css_matches() would also answer
    for its descendants."""
    first = node.css_first(selector)
    return first is not None and first.mem_id == node.mem_id
