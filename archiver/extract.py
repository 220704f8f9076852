"""Cleaned DOM -> Article: body via trafilatura, text-level noise rules, metadata and notes."""

from __future__ import annotations

import logging
import re
from datetime import datetime

from htmldate import find_date
from lxml.html import HtmlElement
from selectolax.lexbor import LexborHTMLParser
from trafilatura.metadata import extract_author
from trafilatura.utils import load_html

from archiver import fast_xpaths
from archiver.body import body_blocks
from archiver.bylines import split_authors
from archiver.captions import lead_caption
from archiver.clean import clean, drop_scripts, lead_before
from archiver.dates import parse_datetime, plausible, url_date
from archiver.decode import ascii_compatible, decode_page, is_utf8
from archiver.errors import ExtractionError
from archiver.full_names import as_printed, completed_by
from archiver.metadata import Metadata, extract_metadata
from archiver.models import Article, Removed
from archiver.noise import AD_LABEL_RE, FURNITURE_RE, TOGGLE_RE
from archiver.noise import norm as _norm
from archiver.notes import find_notes
from archiver.render import Block
from archiver.rules import RuleSet, rules_for
from archiver.signatures import dateline_agency, signature, signed_on, source_credit, story_byline

log = logging.getLogger(__name__)
# Author sources that may name the CMS account that posted a story rather than its writer.
_ACCOUNT_SOURCES = ("meta:author", "json-ld", "meta:article:author", "meta:twitter:data")

CTA_RE = re.compile(r"^(?:subscribe|sign up|join|get|don['’]t miss|never miss|register|download)\b", re.I)
CTA_TOPIC_RE = re.compile(r"\b(?:newsletter|inbox|e-?mail|subscribe|round-?up|briefing|updates|free trial)\b", re.I)
CREDIT_LINE_RE = re.compile(
    r"^\(?(?:(?:top )?image credit|photo(?:graph)?|credit|image|illustration|source)\s*[:/]"
    r"|^\(?AP Photo/|\b(?:AP|Getty Images|Reuters|AFP|Shutterstock)\)?$|/ ?CC BY[\w .-]*\)?$",
    re.I,
)
# "Reach Renata Souza at rsouza@… or follow her on X": the author's contact line at the end.
CONTACT_RE = re.compile(r"^(?:reach|contact|email|e-mail|follow)\b.{0,120}(?:@\w|\bat\s+\S+@)", re.I)
KICKER_RE = re.compile(r"^[\w&’' -]{2,30}(?: \| [\w&’' -]{2,30})+$")
# Every attribute or tag trafilatura's author XPaths (trafilatura.xpaths.AUTHOR_XPATHS) can match, loosened to
# substrings: a page with none of them cannot yield a byline there, so its costly search (a deep copy of the
# page and three regex XPath sweeps, ~14 ms) is skipped. Lexbor checks this in ~1 ms.
AUTHOR_SHAPED = (
    "[rel=author], [id*=author i], [class*=author i], [itemprop*=author], [class*=byl i], [class*=username], "
    "[class*=screenname], [class*=writer], [class*=channel-name], [class*=zuozhe], [class*=bianji], [class*=xiaobian], "
    "[class*=submitted-by], [class*=posted-by], [class*=journalist-name], [data-component*=Byline], "
    "[data-testid=AuthorCard], [data-testid=AuthorURL], [class=BBL], author, [id*=zuozhe], [id*=bianji], [id*=xiaobian]"
)


_MONSTER_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\s[^>]{50000,}>")
_MONSTER_STEP = 25_000


def _may_hold_monster(page: str | bytes) -> bool:
    """Whether the page has a run of 50,000 characters without a ">", which a monster tag needs: such a run covers
    a multiple of 25,000 with no ">" in the 25,000 after it. A few finds instead of the regex's walk of every tag."""
    close = ">" if isinstance(page, str) else b">"
    for start in range(0, len(page), _MONSTER_STEP):
        end = page.find(close, start)  # type: ignore[arg-type]
        if (len(page) if end == -1 else end) - start >= _MONSTER_STEP:
            return True
    return False


def extract(
    html: str | bytes, url: str | None = None, fetched_at: datetime | None = None, encoding: str | None = None
) -> Article:
    """Extract the clean article from a page's HTML (bytes are decoded in ``encoding``, the charset the server sent,
    else the page's own <meta charset>, else a detected one). Pure: no network."""
    # The raw bytes answer the checks below a few times faster than the decoded text does: byte searches run in
    # C over one byte a character, and lexbor reads UTF-8 as it comes (from a str it would encode it first).
    raw: bytes | None = None
    exact_utf8 = False
    if isinstance(html, bytes):
        decoded = decode_page(html, f"charset={encoding}" if encoding else "")
        if ascii_compatible(decoded.charset):
            raw, exact_utf8 = html, decoded.exact and is_utf8(decoded.charset)
        html = decoded.text
    if not html or not html.strip():
        raise ExtractionError("empty page")
    page: str | bytes = raw if raw is not None else html
    if ("\x00" if isinstance(page, str) else b"\x00") in page:
        html, exact_utf8 = html.replace("\x00", ""), False
    # Parsers check each attribute against the ones before it: a tag with 100,000 attributes takes minutes.
    # No tag worth reading has 50 KB of attributes (a data: image at most), so such tags lose them.
    if _may_hold_monster(page):
        html, exact_utf8 = _MONSTER_TAG.sub(r"<\1>", html), False
    tree = LexborHTMLParser(raw if exact_utf8 else html)
    drop_scripts(tree)
    meta = extract_metadata(tree, url)
    # Checked before clean() strips the page: bylines sit in the headers and sidebars it removes.
    author_shaped = not meta.authors and tree.css_first(AUTHOR_SHAPED) is not None
    rules = rules_for(url, page, fetched_at)
    cleaned = clean(tree, rules, url, meta.title, meta.canonical_url)
    # A rule-found body container is already the story: let trafilatura keep all of it.
    blocks = body_blocks(cleaned.html, url, tree, cleaned.prose_words, favor_recall=cleaned.body_rule is not None)
    if cleaned.body_rule is None and blocks:
        # The body extractor keeps one container; a lead printed above it (teaser, standfirst) is body text too.
        known = _norm(" ".join(b.text for b in blocks))
        blocks = [Block("p", text, text) for text in lead_before(tree, blocks[0].text, known)] + blocks
    removed = list(cleaned.removed)
    blocks = _text_rules(blocks, rules, meta, removed, cleaned.credits)
    if not meta.authors and (signed := signature([b.markdown for b in blocks])):
        meta.set("authors", [signed], "signature")  # no byline anywhere, but the story is signed at its foot
    printed = story_byline([b.text for b in blocks]) if meta.sources.get("authors") in _ACCOUNT_SOURCES else []
    if printed and not set(printed) & set(meta.authors):
        # "Von Matthias Lauerer" opening the story over meta author "Isabell Angele": the CMS names the account that
        # posted it, the story names who wrote it.
        meta.override("authors", printed, "story-byline")
    if not meta.authors and (agencies := dateline_agency([b.markdown for b in blocks[:1]])):
        meta.set("authors", agencies, "dateline")  # no one named, but the agency that filed the story is
    site = _norm(meta.site_name or "")
    if all("." in n or _norm(n) == site for n in meta.authors) and (
        credited := source_credit([b.text for b in blocks[-3:]])
    ):
        # Only the site's address or name as its author ("mdr.de"), and "Quelle: MDR THÜRINGEN/ls" or "(dpa)" under
        # the story: the desk or the agency.
        meta.override("authors", credited, "source-line")
    if not meta.published_at or not meta.authors:
        _fallback_metadata(meta, html, url, author_shaped)
    if (
        not meta.authors
        and meta.published_at
        and (signed := signed_on([b.markdown for b in blocks], meta.published_at.date()))
    ):
        meta.set("authors", [signed], "signature")
    caption, credit = lead_caption(meta.image_url, cleaned)
    body_text = "\n\n".join(b.text for b in blocks)
    headings = {index for index, block in enumerate(blocks) if block.kind == "h"}
    notes = find_notes([b.text for b in blocks], meta.published_at, meta.corrections, meta.modified_at, headings)
    return Article(
        url=url,
        canonical_url=meta.canonical_url,
        title=meta.title,
        subtitle=meta.subtitle,
        authors=meta.authors,
        published_at=meta.published_at,
        modified_at=meta.modified_at,
        site_name=meta.site_name,
        section=meta.section,
        tags=meta.tags,
        language=meta.language,
        image_url=meta.image_url,
        image_caption=caption,
        image_credit=credit,
        description=meta.description,
        body_text=body_text,
        body_markdown="\n\n".join(b.markdown for b in blocks),
        update_notes=notes,
        removed=removed,
        metadata_sources=dict(meta.sources),
    )


def _text_rules(
    blocks: list[Block], rules: RuleSet, meta: Metadata, removed: list[Removed], credits: list[str]
) -> list[Block]:
    """Drop whole blocks that are noise: site regexes, furniture labels, CTAs, credits, repeats."""
    title = _norm(meta.title or "")
    kept: list[Block] = []
    for index, block in enumerate(blocks):
        text = block.text
        rule = _block_rule(block, index, blocks, rules, title)
        if rule is None:
            kept.append(block)
            continue
        removed.append(Removed(rule=rule, text=text))
        if rule == "generic:image-credit" and text not in credits:
            credits.append(text)
    # A lead-in like "Watch:" is kept only while the embed it introduces is.
    while kept and kept[-1].kind != "quote" and re.fullmatch(r"(?i)(watch|listen|see|related)\s*:", kept[-1].text):
        removed.append(Removed(rule="generic:orphan-lead-in", text=kept.pop().text))
    return kept


def _block_rule(block: Block, index: int, blocks: list[Block], rules: RuleSet, title: str) -> str | None:
    text = block.text
    for rule_name, pattern in rules.drop_text:
        if pattern.fullmatch(text):
            return f"{rule_name}:drop_text"
    if len(text) > 400 or block.kind in ("code", "table"):
        return None
    norm = _norm(text)
    if TOGGLE_RE.match(text):
        return "generic:toggle"
    if AD_LABEL_RE.match(text):
        return "generic:ad-label"
    if FURNITURE_RE.match(text):
        return "generic:furniture-label"
    if title and norm == title:
        return "generic:repeated-headline"
    if index <= 2 and KICKER_RE.match(text) and len(text.split()) <= 8:
        return "generic:kicker"
    words = len(text.split())
    if words <= 45 and CTA_RE.match(text) and CTA_TOPIC_RE.search(text) and block.kind != "quote":
        return "generic:newsletter-prompt"
    if words <= 40 and index >= len(blocks) - 2 and CONTACT_RE.match(text):
        return "generic:author-contact"
    if words <= 25 and block.kind == "p" and not text.endswith(".") and CREDIT_LINE_RE.search(text):
        return "generic:image-credit"
    return None


def _fallback_metadata(meta: Metadata, html: str, url: str | None, author_shaped: bool = True) -> None:
    """Fill a missing date (htmldate) and byline (trafilatura's author heuristics); only called when one is missing.

    ``author_shaped``: the page has an element trafilatura's author search could match (see AUTHOR_SHAPED).
    """
    if not meta.published_at:
        # htmldate answers with a Y-M-D date in the URL before reading the page: so can we, without parsing it.
        meta.set("published_at", url_date(url), "htmldate")
    if meta.published_at and not author_shaped:
        return  # only the byline is missing and trafilatura cannot find one: skip parsing the page again
    try:
        tree = load_html(html)
        if tree is None:
            return
        if not meta.authors and author_shaped:
            # Only the byline part of trafilatura's metadata: its full pass costs ~25 ms a page.
            with fast_xpaths.in_use():
                found = extract_author(tree)
            names = split_authors(found.replace(";", ",")) if found else []
            names = as_printed(names, _visible_text(tree)) if names else []
            # "Alexander" on a blog titled "Zeitphilosophie – Dr. Alexander Klier": the site names its owner in full.
            names = completed_by(names, [meta.site_name, tree.findtext(".//title")]) or names
            meta.set("authors", names, "trafilatura")
        if not meta.published_at:
            # Quick checks first; the extensive search (the page's text, dateparser) only when they find nothing:
            # it costs ~90 ms, on the few pages with no date in any metadata or markup.
            date = find_date(tree, extensive_search=False, original_date=True, url=url)
            date = date or find_date(tree, extensive_search=True, original_date=True, url=url)
            if date and _copyright_year(date, html):
                date = None  # htmldate's last resort: "© 2016" read as 2016-01-01, no publication date
            meta.set("published_at", plausible(parse_datetime(date)), "htmldate")
    except Exception as exc:  # a fallback must never sink the article
        log.debug("metadata fallback failed: %s", exc)


def _visible_text(tree: HtmlElement) -> str:
    """The text of the page's body, without its scripts and styles."""
    return " ".join(tree.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]"))


def _copyright_year(date: str, html: str) -> bool:
    """True for htmldate's January 1st of a year the page never prints as a New Year's Day date: its guess from a
    copyright line or a bare year. On trafilatura-eval 35 pages got one, none of them right."""
    if not date.endswith("-01-01"):
        return False
    year = re.escape(date[:4])
    stated = re.compile(
        rf"{year}[-/.]?0?1[-/.]?0?1(?!\d)|(?<!\d)0?1[./-]0?1[./-]{year}|"
        rf"(?<!\d)1(?:st|er|º)?\.?\s+(?:de\s+)?{_JANUARY}\.?(?:\s+de)?,?\s+{year}|{_JANUARY}\.?\s+0?1(?:st)?,?\s+{year}",
        re.I,
    )
    return stated.search(html) is None


_JANUARY = r"(?:jan(?:uary|uar|vier|eiro)?|j[äa]nner|enero|gennaio|stycznia|januari)"
