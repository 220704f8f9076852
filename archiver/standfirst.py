"""The standfirst (dek) a page prints between its headline and its story, found by its class when no metadata
gives one; not the teasers, sign-up boxes, menus and body subheadings that share those classes."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from archiver.byline_dom import elsewhere, in_box
from archiver.bylines import BYLINE_OPENING, LEADING_DATE
from archiver.field_values import one_line

# (Each selector is a scan of the page: none here is implied by another, as "subhead" implies "subheadline".)
SUBTITLE_SEL = (
    "[class*='sub-headline'], [class*='standfirst'], [class*='subtitle'], [itemprop='alternativeHeadline'], "
    "[class~='dek'], [class*='deck'], [class*='subhead'], [data-gu-name='standfirst'], "
    "[data-component*='standfirst'], [class*='-dek'], [class*='excerpt'], [class*='leadText'], [class*='lead-text']"
)
# Another story's box: its teaser, card or promo. Matched per class or id token, as a word of it: "teaser-excerpt",
# "elementor-post__card", "mmo-promotion-footer".
_TEASER_WORDS = "teasers?|card|promo|promotion|related|most-viewed"
TEASER_BOX = re.compile(rf"(?:^|[-_])(?:{_TEASER_WORDS})(?:$|[-_])", re.I)
# Boxes whose "subtitle" or "excerpt" is not the story's: a sign-up or paywall prompt ("Delivered straight to your
# inbox", "Assine por apenas R$5,94/mês"), another story's box, a menu's dropdown, the footer.
_NOT_THE_STORYS = re.compile(
    rf"(?:^|[-_])(?:newsletter|paywall|subscribe|subscription|cta|modal|footer|dropdown|{_TEASER_WORDS})(?:$|[-_])",
    re.I,
)
# A paragraph this long after the headline is the story's text: a "subtitle" after it is a body subheading
# ("Tipp 1: Den richtigen Erntezeitpunkt erkennen") or a box below the story.
_STORY_PARAGRAPH = 150
_EXCERPT_CUT = ("…", "...", "[…]", "[...]")
# "Handball Schweiz • 02.02.2022": a source and a date, the story's meta line.
_DATED_LINE = re.compile(r"[•·|–-]\s*\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}$")


def standfirst(tree: LexborHTMLParser, title: str | None) -> str | None:
    """The page's standfirst by its class: before the story's first paragraph, outside boxes that hold other
    stories, prompts or menus, and not a byline, date line or excerpt cut short."""
    candidates = tree.css(SUBTITLE_SEL)
    if not candidates:
        return None
    ids = {node.mem_id for node in candidates}
    headline_seen = not any(one_line(h1.text()) for h1 in tree.css("h1"))  # no headline: any long paragraph counts
    # One sweep in document order: the headline, then the story's first long paragraph ends the search.
    for node in tree.css(f"h1, p, {SUBTITLE_SEL}"):
        text = one_line(node.text())
        if node.mem_id not in ids:
            if node.tag == "h1" and text:
                headline_seen = True
            elif headline_seen and len(text) >= _STORY_PARAGRAPH:
                return None
            continue
        if len(text) >= 40 and text.endswith(_EXCERPT_CUT):
            return None  # an excerpt cut short ("Warum strahlen manche Menschen vor Glück und…"): a teaser list's
        if not 20 <= len(text) <= 400 or text == title or not _standfirst_like(text):
            continue
        if title and text.startswith(title):
            continue  # the box that holds the headline and the standfirst ("content__headline-standfirst-wrapper")
        if elsewhere(node) or in_box(node, _NOT_THE_STORYS) or _mostly_links(node, text):
            continue
        return text
    return None


def _standfirst_like(text: str) -> bool:
    """A standfirst is a line of the story: not its byline ("by J.O. Haselhoef Apr. 26, 2022"), a date line
    ("1.11.23 20:19 von Lars Sobiraj Lesezeit: 4 Min."), a meta line of fields set apart by bars ("von wordpressadmin
    | Eingetragen bei: politics | 0"), a source and a date ("Handball Schweiz • 02.02.2022")."""
    return not (
        BYLINE_OPENING.match(text) or LEADING_DATE.match(text) or _DATED_LINE.search(text) or text.count("|") >= 2
    )


def _mostly_links(node: LexborNode, text: str) -> bool:
    """A menu set in a "subheader" ("Statistical MethodsR ProgrammingPythonAbout"): half its text or more is links."""
    linked = sum(len(one_line(link.text())) for link in node.css("a") if link.mem_id != node.mem_id)
    return linked * 2 >= len(text)
