"""The story's body from a cleaned page: trafilatura's fast pass, and its comparison only where that looks wrong."""

from __future__ import annotations

import logging
from copy import copy
from functools import cache

import trafilatura
from lxml.etree import ElementDefaultClassLookup
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HTMLParser, HtmlProcessingInstruction, fromstring
from selectolax.lexbor import LexborHTMLParser
from trafilatura.settings import Extractor
from trafilatura.utils import repair_faulty_html

from archiver import fast_xpaths
from archiver.render import Block, blocks_from_xml

log = logging.getLogger(__name__)

# Tuned on trafilatura-eval: the comparison then runs on about a fifth of pages. Re-checked with the story
# container (clean._prose_container): F1 moves by at most 0.001 over a grid of these three thresholds.
SHORT_OF_PROSE = 0.5  # fast text under this share of the page's prose paragraphs: it missed the story
SHORT_OF_PAGE = 0.35  # ... or under this share of all the page's words
PROSE_OF_TEXT = 0.25  # the page's prose paragraphs under this share of the fast text: it kept non-prose (menus,
# listings), where readability's pick is the cleaner one
REPEAT_MIN_CHARS = 100  # a repeated paragraph this long is the publisher's, not a repeated label ("Advertisement")


def body_blocks(
    html: str, url: str | None, tree: LexborHTMLParser, prose: int, favor_recall: bool = False
) -> list[Block]:
    """trafilatura's body of the cleaned page ``html`` (``tree`` is that cleaned page and ``prose`` the words in
    its prose paragraphs, clean.prose_paragraphs: the page's measures).

    Its fast mode first: the full mode adds a readability/justext comparison that costs about half the call and
    changes the result on ~6% of pages. Those are recognisable from the fast result's size against the page's
    (see needs_comparison), so only they pay for the second, full call. (Running only the comparison stage on the
    fast result instead was measured: F1 0.928 against 0.932, the full call's own main pass and escalation matter.)
    """
    document = _bare(html, url, favor_recall, fast=True)
    if document is not None:
        blocks = blocks_from_xml(document.body)
        if not needs_comparison(sum(len(b.text.split()) for b in blocks), tree, prose):
            return _repeats_restored(blocks, tree)
    document = _bare(html, url, favor_recall, fast=False)
    return _repeats_restored(blocks_from_xml(document.body), tree) if document is not None else []


def _repeats_restored(blocks: list[Block], tree: LexborHTMLParser) -> list[Block]:
    """A paragraph the page prints twice in a row, twice: trafilatura drops a long element that repeats the one
    before it (its own extraction artifacts), which also takes a repeat the publisher printed. Only sibling <p>s
    with the same text count, so a copy in another container (a layout for another screen) is not restored."""
    twice = set()
    for para in tree.css("p + p"):
        before = para.prev
        while before is not None and before.tag in ("-text", "-comment"):
            before = before.prev
        if before is not None and before.tag == "p":
            text = " ".join(para.text(separator=" ").split())
            if len(text) >= REPEAT_MIN_CHARS and text == " ".join(before.text(separator=" ").split()):
                twice.add(text)
    if not twice:
        return blocks
    out: list[Block] = []
    for index, block in enumerate(blocks):
        out.append(block)
        neighbours = [b.text for b in blocks[max(index - 1, 0) : index + 2] if b is not block]
        if block.kind == "p" and block.text in twice and block.text not in neighbours:
            out.append(block)  # the repeat is not already there on either side
    return out


def needs_comparison(words: int, tree: LexborHTMLParser, prose: int) -> bool:
    """Whether trafilatura's fast result (``words`` long) looks too short or too loose for the cleaned page
    (``prose``: the words in its prose paragraphs)."""
    root = tree.body or tree.root
    page = len(root.text(separator=" ").split()) if root is not None else 0
    return words < SHORT_OF_PROSE * prose or words < SHORT_OF_PAGE * page or prose < PROSE_OF_TEXT * words


def _bare(html: str, url: str | None, favor_recall: bool, fast: bool) -> trafilatura.core.Document | None:
    """trafilatura's document for the body; None when it found nothing or failed."""
    try:
        with fast_xpaths.in_use():
            return trafilatura.bare_extraction(_lxml_tree(html), options=_options(url, favor_recall, fast))
    except Exception as exc:  # trafilatura raises assorted errors on pathological trees
        log.warning("trafilatura failed on %s: %s", url, exc)
        return None


def _lxml_tree(html: str) -> HtmlElement | str:
    """The cleaned page as the lxml.html tree trafilatura would parse it into, but with element classes chosen in
    C: lxml.html's own lookup is a Python call for every element lxml hands out, ~700 per page on trafilatura's
    XPath sweeps (2-3% of its time, measured). Every element is an HtmlElement, so trafilatura's methods all work; the
    HTML itself is returned when lxml cannot parse it, for trafilatura's own fallbacks."""
    try:
        # trafilatura's own repairs first (characters XML cannot hold, a faulty doctype), as its loader makes them.
        return fromstring(repair_faulty_html(html, html[:50].lower()), parser=_PARSER)
    except Exception:  # lxml refuses some inputs (an encoding declaration in a str): trafilatura has fallbacks
        return html


_PARSER = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True)
_PARSER.set_element_class_lookup(
    ElementDefaultClassLookup(element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity)
)


def _options(url: str | None, favor_recall: bool, fast: bool) -> Extractor:
    """The extraction settings for one call: a copy of a shared template with the page's URL.

    Building an Extractor reads its config file values and date settings each time (~0.5 ms a call); trafilatura
    copies the options it changes (its recall retry), so a template can be shared."""
    options = copy(_template(favor_recall, fast))
    options.url = url
    options.source = url and url.encode("utf-8", "replace").decode("utf-8")
    return options


@cache
def _template(favor_recall: bool, fast: bool) -> Extractor:
    return Extractor(
        fast=fast,
        recall=favor_recall,
        comments=False,
        formatting=True,
        tables=True,
        with_metadata=False,
        # Only the XML body is used: "xml" skips the plain-text rendering "python" would do (~8% of the call).
        output_format="xml",
    )
