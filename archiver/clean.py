"""Apply rules to the parsed DOM with selectolax: find the body, drop noise, record every removal."""

from __future__ import annotations

from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from archiver import noise
from archiver.models import Removed
from archiver.rules import RuleSet

# Never content; removed silently (not audit-worthy noise, just page machinery).
MACHINERY = "script:not([type='application/ld+json']), style, noscript, template, link, meta, svg, canvas"
MIN_BODY_CHARS = 200


@dataclass
class Cleaned:
    """The cleaned page: HTML to hand to the body extractor, and what was taken out."""

    html: str
    removed: list[Removed] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    body_rule: str | None = None


def clean(
    tree: LexborHTMLParser,
    rules: RuleSet,
    url: str | None = None,
    title: str | None = None,
    canonical: str | None = None,
) -> Cleaned:
    """Strip noise from ``tree`` in place and return the HTML of the body (or the page)."""
    for node in tree.css(MACHINERY):
        node.decompose()
    result = Cleaned(html="")
    body, result.body_rule = _find_body(tree, rules)
    protected = _protected_ids(tree, rules, body)

    def drop(node: LexborNode, rule: str) -> None:
        text = noise.text_of(node)
        if text:
            result.removed.append(Removed(rule=rule, text=text))
        node.decompose()

    for rule_name, selector in rules.drop:
        for node in tree.css(selector):
            if node.mem_id not in protected and node.parent is not None:
                drop(node, f"{rule_name}:drop")
    # Captions after drops: teaser cards' captions go with their cards, not into image metadata.
    noise.take_captions(tree, rules, protected, drop, result.captions, result.credits)
    noise.strip_generic(tree, body, protected, url, title, drop, canonical)

    container = body if body is not None else (tree.body or tree.root)
    result.html = (
        f"<html><body><article>{container.html}</article></body></html>" if body is not None else (tree.html or "")
    )
    return result


def _find_body(tree: LexborHTMLParser, rules: RuleSet) -> tuple[LexborNode | None, str | None]:
    """The first body selector whose element has real text wins."""
    for rule_name, selector in rules.body:
        for node in tree.css(selector):
            if len(noise.text_of(node)) >= MIN_BODY_CHARS:
                return node, rule_name
    return None, None


def _protected_ids(tree: LexborHTMLParser, rules: RuleSet, body: LexborNode | None) -> set[int]:
    """Nodes that must survive: the body and its ancestors, and keep nodes with their ancestors and contents.

    The body's own children are not protected: noise inside the story is still removed.
    """
    protected: set[int] = set()
    kept = [node for _, selector in rules.keep for node in tree.css(selector)]
    for anchor in ([body] if body is not None else []) + kept:
        node = anchor
        while node is not None:
            protected.add(node.mem_id)
            node = node.parent
    for node in kept:
        protected.update(n.mem_id for n in node.traverse() if n.is_element_node)
    return protected
