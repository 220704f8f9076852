"""Article metadata from JSON-LD, OpenGraph, meta tags, <time> and bylines, each field with its source."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import unquote

from selectolax.lexbor import LexborHTMLParser, LexborNode

from archiver import urls
from archiver.author_choice import choose_authors
from archiver.byline_dom import in_box
from archiver.dates import WEAK_PUBLISHED_META, meta_dates, parse_datetime, plausible
from archiver.field_values import (
    description_text,
    image_of,
    json_text,
    keywords,
    language_tag,
    one_line,
    readers_tags,
    resolve,
    section_name,
    section_of,
    story_image,
)
from archiver.page_dates import dom_modified, dom_published, dom_text_published
from archiver.publication_time import settle_dates
from archiver.standfirst import TEASER_BOX, standfirst
from archiver.titles import choose_title, site_label, site_without_title
from archiver.urls import canonicalize_url

log = logging.getLogger(__name__)

ARTICLE_TYPES = {
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "liveblogposting",
    "socialmediaposting", "techarticle", "scholarlyarticle", "posting", "report",
}  # fmt: skip
# A recipe or a how-to is the page's work: its author is the page's ("robert.stitz" of a homify how-to), though its
# name is the dish's ("Zitronenkuchen vom Blech" under "Saftiger Zitronenkuchen vom Blech: einfach köstlich!").
_AUTHORED_WORKS = {"recipe", "howto"}
_HTTP = ("http://", "https://")
_TIME_OF_DAY = re.compile(r"\d:\d")
# "<![CDATA[ {…} ]]>" and "<!-- {…} -->" around JSON-LD, left over from XHTML-era templates.
_JSON_WRAPPER = re.compile(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)\s*$")
# Section and tag elements: each selector that names a box ("post-tags") stands for the links inside it. The boxes are
# found in one pass and opened in place (document order kept): "[class*='post-tags'] a" makes lexbor climb from every
# link of the page, which cost ~0.7 ms a page.
SECTION_SEL = (
    "[class*='category-tag'], a[rel~='category'], [class*='kicker'], [class*='eyebrow'], [class*='section-label']"
)
SECTION_BOX_SEL = "[class*='post-category'], .widget__section"
TAG_SEL = "a[rel~='tag']:not([rel~='category']), [class*='item-tag'], [class*='tags__item']"
TAG_BOX_SEL = "[class*='post-tags'], [class*='tag-list'], [class*='field-tags'], [class*='article-tags']"


@dataclass
class Metadata:
    """Metadata fields found on the page, with the source of each in ``sources``."""

    canonical_url: str | None = None
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    modified_at: datetime | None = None
    site_name: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    image_url: str | None = None
    description: str | None = None
    corrections: list[dict[str, Any]] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)

    def set(self, name: str, value: Any, source: str) -> None:
        """Set ``name`` from ``source`` unless an earlier (better) source already set it."""
        if value in (None, "", []) or getattr(self, name) not in (None, "", []):
            return
        setattr(self, name, value)
        self.sources[name] = source

    def override(self, name: str, value: Any, source: str) -> None:
        """Set ``name`` from ``source``, which a later check found to be better than the one that set it."""
        setattr(self, name, value)
        self.sources[name] = source

    def drop(self, name: str) -> None:
        """Clear ``name``, which a later check rejected, and its source: no source is recorded for a value not kept."""
        setattr(self, name, None)
        self.sources.pop(name, None)


def extract_metadata(tree: LexborHTMLParser, url: str | None = None) -> Metadata:
    """Read metadata from the (uncleaned) page, best source first."""
    meta = Metadata()
    # One sweep for both: every query walks the whole page.
    found = tree.css(f"meta, {JSONLD}")
    metas, meta_lists = _meta_tags([n for n in found if n.tag == "meta"])
    objects = _jsonld_objects([n for n in found if n.tag == "script"])
    # article:published_time and its kin outrank JSON-LD for dates: JSON-LD more often holds a UTC or
    # re-published time whose day differs from the one the page shows.
    for name, found in zip(("published_at", "modified_at"), meta_dates(metas), strict=True):
        if found:
            meta.set(name, *found)
    _from_jsonld(meta, objects, url)
    _from_meta(meta, metas, url)
    _jsonld_page_dates(meta, objects)
    _from_dom(meta, tree, url)
    if meta.published_at is None:
        # The day printed for the reader ("Erstellt am: 01.11.2023") outranks a generic "date" meta tag, which many
        # CMSs fill with the last edit.
        meta.set("published_at", dom_text_published(tree), "markup:text")
    if meta.published_at is None:
        weak, _ = meta_dates(metas, WEAK_PUBLISHED_META)
        if weak:
            meta.set("published_at", *weak)
    if meta.modified_at is None:
        meta.set("modified_at", dom_modified(tree, meta.published_at), "markup")
    _title(meta, tree, objects, metas, url)
    if not meta.subtitle:
        # After the title: a box that holds the headline and the standfirst is no standfirst.
        meta.set("subtitle", standfirst(tree, meta.title), "standfirst")
    _authors(meta, tree, objects, metas, meta_lists, url)
    if meta.site_name and meta.title:
        meta.site_name = site_without_title(meta.site_name, meta.title)
    if meta.site_name:
        meta.site_name = site_label(meta.site_name, url)
    claim = meta.canonical_url
    if claim and not claim.startswith(_HTTP) and unquote(claim).startswith(_HTTP):
        claim = unquote(claim)  # og:url="https%3A%2F%2Fwww.siegessaeule.de%2Fmagazin%2F…"
    if claim and (not urls.split(claim).netloc or (url and not claim.startswith(_HTTP))):
        # og:url="/duengebehoerde/news" on every story of a site (a template's path, maybe the section's: the store
        # would file all those stories as one), or "https://[harborline-dispatch.example/…": no claim to take.
        claim = None
        meta.sources.pop("canonical_url", None)
    canonical = claim or url
    meta.canonical_url = canonicalize_url(canonical) if canonical else None
    settle_dates(meta, tree, objects, metas, url)
    return meta


def _meta_tags(nodes: list[LexborNode]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The first content of each meta name/property/itemprop, and every content (citation_author repeats), from the
    page's <meta> elements."""
    found: dict[str, str] = {}
    every: dict[str, list[str]] = {}
    for node in nodes:
        attrs = node.attributes
        # <meta http-equiv="content-language" content="de">: a header's value set in the page, read as a name.
        keys = (
            attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or attrs.get("http-equiv") or ""
        ).lower()
        if "itemprop" in attrs and not (attrs.get("property") or attrs.get("name")) and _nested_item(node):
            continue  # <meta itemprop=author> of a cited paper in the reference list, not of this page
        value = " ".join((attrs.get("content") or "").split())
        if not value:
            continue
        # RDFa allows several properties in one attribute ("dc:creator twitter:site_name"); "dc:" is "dc." by name.
        for key in keys.split():
            if key.startswith(("dc:", "dcterms:")):
                key = key.replace(":", ".", 1)
            found.setdefault(key, value)
            if value not in every.setdefault(key, []):
                every[key].append(value)
    return found, every


def _nested_item(node: LexborNode) -> bool:
    """True when the element's item (its nearest itemscope) is another's property other than the page's story
    ("mainEntity", a blog's "blogPost"): a cited paper, a review, a comment."""
    parent = node.parent
    while parent is not None:
        attrs = parent.attributes
        if "itemscope" in attrs:
            return (attrs.get("itemprop") or "mainentity").lower() not in _STORY_PROPERTIES
        parent = parent.parent
    return False


_STORY_PROPERTIES = {"mainentity", "mainentityofpage", "blogpost", "blogposts", "articlebody"}


JSONLD = "script[type='application/ld+json']"


def _jsonld_objects(scripts: list[LexborNode]) -> list[dict[str, Any]]:
    """Every object of the page's JSON-LD blocks (``scripts``), @graph members included."""
    objects: list[dict[str, Any]] = []
    for script in scripts:
        raw = _JSON_WRAPPER.sub("", script.text(deep=True) or "").strip().rstrip(";")
        try:
            # strict=False: CMSs put raw newlines and tabs inside JSON strings.
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):  # hostile nesting must cost this block, not the article
            log.debug("unparseable JSON-LD block skipped")
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                objects.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
    return objects


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type", [])
    return {str(k).lower() for k in (kind if isinstance(kind, list) else [kind])}


def _from_jsonld(meta: Metadata, objects: list[dict[str, Any]], url: str | None) -> None:
    articles = [o for o in objects if _types(o) & ARTICLE_TYPES]
    by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
    for art in articles[:1]:
        src = "json-ld"
        meta.set("subtitle", json_text(art.get("alternativeHeadline")), src)
        meta.set("description", description_text(json_text(art.get("description"))), src)
        meta.set("published_at", plausible(parse_datetime(art.get("datePublished") or art.get("dateCreated"))), src)
        meta.set("modified_at", plausible(parse_datetime(art.get("dateModified"))), src)
        meta.set("section", section_of(art.get("articleSection")), src)
        meta.set("tags", keywords(art.get("keywords")), src)
        meta.set("language", json_text(art.get("inLanguage")), src)
        meta.set("image_url", story_image(image_of(art.get("image"), by_id), _host_words(url)), src)
        publisher = resolve(art.get("publisher"), by_id)
        if isinstance(publisher, dict):
            meta.set("site_name", json_text(publisher.get("name")), src)
        main = art.get("mainEntityOfPage")
        main_id = main.get("@id") if isinstance(main, dict) else main
        if isinstance(main_id, str) and main_id.startswith("http"):
            meta.set("canonical_url", urls.not_home(main_id, url), src)
        corrections = art.get("correction")
        for item in corrections if isinstance(corrections, list) else [corrections]:
            if isinstance(item, dict) and json_text(item.get("text")):
                stated = item.get("datePublished")
                at = parse_datetime(stated)
                # "datePublished": "2024-01-05" gives a day, no time of day.
                on = at.date() if at and isinstance(stated, str) and not _TIME_OF_DAY.search(stated) else None
                meta.corrections.append({"text": json_text(item["text"]), "at": at, "on": on})
            elif isinstance(item, str) and item.strip():
                meta.corrections.append({"text": item.strip(), "at": None, "on": None})
    for obj in objects:
        if _types(obj) & {"website", "newsmediaorganization", "organization"} and not articles:
            meta.set("site_name", json_text(obj.get("name")), "json-ld")


def _jsonld_page_dates(meta: Metadata, objects: list[dict[str, Any]]) -> None:
    """Dates of a JSON-LD WebPage (or other non-article object): weaker than meta tags, stronger than markup."""
    for obj in objects:
        if _types(obj) & {"webpage", "itempage", "collectionpage", "medicalwebpage", "qapage", "faqpage"}:
            meta.set("published_at", plausible(parse_datetime(obj.get("datePublished"))), "json-ld:webpage")
            meta.set("modified_at", plausible(parse_datetime(obj.get("dateModified"))), "json-ld:webpage")


def _from_meta(meta: Metadata, m: dict[str, str], url: str | None) -> None:
    described = (description_text(m.get(key)) for key in ("og:description", "description", "twitter:description"))
    meta.set("description", next((text for text in described if text), None), "meta")
    meta.set("site_name", m.get("og:site_name") or m.get("application-name"), "opengraph")
    meta.set("section", section_name(m.get("article:section") or m.get("parsely-section")), "meta")
    meta.set("tags", keywords(m.get("article:tag") or m.get("parsely-tags") or m.get("news_keywords")), "meta")
    words = _host_words(url)
    image = next((i for i in (m.get("og:image"), m.get("twitter:image")) if story_image(i, words)), None)
    meta.set("image_url", urls.join(url, image) if url and image else image, "opengraph")
    meta.set("canonical_url", urls.not_home(m.get("og:url"), url), "opengraph")
    declared = (m.get(key) for key in ("og:locale", "content-language", "dc.language", "dcterms.language", "language"))
    meta.set("language", next((value.replace("_", "-") for value in declared if value), None), "meta")


def _from_dom(meta: Metadata, tree: LexborHTMLParser, url: str | None) -> None:
    canonical = tree.css_first("link[rel='canonical']")
    if canonical is not None and canonical.attributes.get("href"):
        href = canonical.attributes["href"] or ""
        # The <link rel=canonical> is the page's own claim and outranks og:url.
        joined = urls.join(url, href) if url else href
        if joined and urls.not_home(joined, url):
            meta.override("canonical_url", joined, "link:canonical")
    root = tree.css_first("html")
    if root is not None:
        lang = language_tag(root.attributes.get("lang") or root.attributes.get("xml:lang") or "")
        if lang:
            # <html lang> is what the page says about itself; og:locale is often a site default.
            meta.override("language", lang, "html:lang")
    # Each search below is a whole-page sweep of many selectors: skipped when a better source already answered.
    for node in _opened(tree, SECTION_SEL, SECTION_BOX_SEL) if not meta.section else ():
        text = section_name(one_line(node.text()))
        # Not another story's kicker (a teaser's "„Cicero“ im Juli"), a search box's ("Häufig gesucht") or a
        # teaser's whole kicker and headline ("Bauwissen Was ist eine Vorsatzschalung und was bringt sie?").
        if (
            text
            and 2 <= len(text) <= 60
            and len(text.split()) <= 6
            and not text.endswith("?")
            and not in_box(node, TEASER_BOX)
            and not _in_form(node)
        ):
            meta.set("section", text, "kicker")
            break
    if not meta.tags:
        tags = [one_line(node.text()) for node in _opened(tree, TAG_SEL, TAG_BOX_SEL)]
        meta.set("tags", readers_tags([t for t in tags if 1 < len(t) <= 60])[:30], "tag-links")
    if meta.published_at is None:
        meta.set("published_at", dom_published(tree), "markup")
    if meta.language:
        if tag := language_tag(meta.language):
            meta.language = tag
        else:
            meta.drop("language")  # "lang=": no tag


def _in_form(node: LexborNode) -> bool:
    """True when the node sits in a form (a search box's suggestions)."""
    current = node.parent
    while current is not None and current.tag not in ("body", "html"):
        if current.tag == "form":
            return True
        current = current.parent
    return False


def _host_words(url: str | None) -> set[str]:
    """The words of the page's host name ("unendlich-viel-energie.de": unendlich, viel, energie, de)."""
    return {word for label in urls.host(url).split(".") for word in label.split("-")} if url else set()


def _opened(tree: LexborHTMLParser, items: str, boxes: str) -> Iterator[LexborNode]:
    """Elements matching ``items``, and the links inside elements matching ``boxes``, in document order."""
    box_nodes = {node.mem_id for node in tree.css(boxes)}
    for node in tree.css(f"{items}, {boxes}") if box_nodes else tree.css(items):
        if node.mem_id in box_nodes:
            yield from (link for link in node.css("a") if link.mem_id != node.mem_id)  # css() tests the box too
        else:
            yield node


def _title(
    meta: Metadata, tree: LexborHTMLParser, objects: list[dict[str, Any]], m: dict[str, str], url: str | None
) -> None:
    """The visible headline when a declared title backs it, else the best declared title, site names stripped."""
    declared: list[tuple[str, str]] = []
    article = next((o for o in objects if _types(o) & ARTICLE_TYPES), None)
    if article is not None:
        declared.append(("json-ld", json_text(article.get("headline") or article.get("name")) or ""))
    for key in ("og:title", "twitter:title", "parsely-title", "dc.title", "dcterms.title"):
        declared.append((f"meta:{key}", m.get(key, "")))
    title = tree.css_first("title")
    declared.append(("html:title", title.text() if title is not None else ""))
    # <meta name="title">: a CMS's own field, trusted less than the <title> (some fill it with the site's name).
    declared.append(("meta:title", m.get("title", "")))
    sites = [
        meta.site_name,
        m.get("application-name"),
        m.get("apple-mobile-web-app-title"),
        m.get("og:site_name"),
        m.get("twitter:site", "").lstrip("@"),
    ]
    sites += [
        json_text(o.get("name")) for o in objects if _types(o) & {"website", "newsmediaorganization", "organization"}
    ]
    title, source = choose_title(tree, declared, sites, [url, meta.canonical_url, m.get("og:url")])
    if title and source:
        meta.override("title", title, source)


def _authors(
    meta: Metadata,
    tree: LexborHTMLParser,
    objects: list[dict[str, Any]],
    m: dict[str, str],
    lists: dict[str, list[str]],
    url: str | None,
) -> None:
    """People from JSON-LD, then author meta tags, then the page's byline; organisations only when no person."""
    sites = [meta.site_name, m.get("og:site_name"), m.get("application-name"), m.get("twitter:site", "").lstrip("@")]
    article = next((o for o in objects if _types(o) & ARTICLE_TYPES), None)
    article = article or next((o for o in objects if _types(o) & _AUTHORED_WORKS), None)
    by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
    host = urls.host(url) if url and url.startswith("http") else None
    names, source = choose_authors(tree, lists, article.get("author") if article else None, by_id, sites, host)
    if source:
        meta.set("authors", names, source)
