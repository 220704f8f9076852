"""Article metadata from JSON-LD, OpenGraph, meta tags, <time> and bylines, each field with its source."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser

log = logging.getLogger(__name__)

ARTICLE_TYPES = {
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "liveblogposting",
    "socialmediaposting", "techarticle", "scholarlyarticle", "posting", "report",
}  # fmt: skip
TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|igshid|ref_src|cmpid|ocid|smid|sr_share|"
    r"at_medium|at_campaign|ito|cid|icid|ns_mchannel|ns_source|ns_campaign)$",
    re.I,
)
TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " « ", " » ")
_WS = re.compile(r"\s+")
SECTION_SEL = (
    "[class*='category-tag'], [class*='post-category'] a, a[rel~='category'], [class*='kicker'], "
    "[class*='eyebrow'], [class*='section-label'], .widget__section a"
)
TAG_SEL = (
    "a[rel~='tag']:not([rel~='category']), [class*='item-tag'], [class*='post-tags'] a, [class*='tag-list'] a, "
    "[class*='field-tags'] a, "
    "[class*='tags__item'], [class*='article-tags'] a"
)
SUBTITLE_SEL = (
    "[class*='subheadline'], [class*='sub-headline'], [class*='standfirst'], [class*='subtitle'], "
    "[itemprop='alternativeHeadline'], [class~='dek'], [class*='article-dek'], [class*='deck'], "
    "[class*='subhead'], [data-gu-name='standfirst'], [data-component*='standfirst'], [class*='-dek'], "
    "[class*='excerpt']"
)
_BY = re.compile(r"^\s*(?:by|von|par|por|door|di)\s+", re.I)
_AUTHOR_JUNK = re.compile(
    r"\b(?:updated|published|posted|staff writer|contributor|correspondent|reporter|editor|columnist)\b.*$",
    re.I,
)
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b)\s*", re.I)
_GENERIC_AUTHORS = {"staff", "admin", "editor", "editors", "the editors", "news desk", "newsroom", "web desk"}


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


def extract_metadata(tree: LexborHTMLParser, url: str | None = None) -> Metadata:
    """Read metadata from the (uncleaned) page, best source first."""
    meta = Metadata()
    metas = _meta_tags(tree)
    _from_jsonld(meta, _jsonld_objects(tree), url)
    _from_meta(meta, metas, url)
    _from_dom(meta, tree, url)
    if meta.title:
        meta.title = clean_title(meta.title, meta.site_name)
    meta.canonical_url = canonicalize_url(meta.canonical_url or url) if (meta.canonical_url or url) else None
    if meta.modified_at and meta.published_at and meta.modified_at < meta.published_at:
        # A "modified" earlier than "published" is a mislabelled date; never trust it over published.
        meta.modified_at = None
    return meta


def _meta_tags(tree: LexborHTMLParser) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").strip().lower()
        value = (attrs.get("content") or "").strip()
        if key and value and key not in found:
            found[key] = value
    return found


def _jsonld_objects(tree: LexborHTMLParser) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    for script in tree.css("script[type='application/ld+json']"):
        raw = script.text(deep=True) or ""
        try:
            data = json.loads(raw.strip().rstrip(";"))
        except ValueError:
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
        meta.set("title", _text(art.get("headline") or art.get("name")), src)
        meta.set("subtitle", _text(art.get("alternativeHeadline")), src)
        meta.set("description", _text(art.get("description")), src)
        meta.set("authors", people(art.get("author"), by_id), src)
        meta.set("published_at", parse_datetime(art.get("datePublished") or art.get("dateCreated")), src)
        meta.set("modified_at", parse_datetime(art.get("dateModified")), src)
        section = art.get("articleSection")
        meta.set("section", _text(section[0] if isinstance(section, list) and section else section), src)
        meta.set("tags", keywords(art.get("keywords")), src)
        meta.set("language", _text(art.get("inLanguage")), src)
        meta.set("image_url", _image(art.get("image"), by_id), src)
        publisher = _resolve(art.get("publisher"), by_id)
        if isinstance(publisher, dict):
            meta.set("site_name", _text(publisher.get("name")), src)
        main = art.get("mainEntityOfPage")
        main_id = main.get("@id") if isinstance(main, dict) else main
        if isinstance(main_id, str) and main_id.startswith("http"):
            meta.set("canonical_url", main_id, src)
        corrections = art.get("correction")
        for item in corrections if isinstance(corrections, list) else [corrections]:
            if isinstance(item, dict) and _text(item.get("text")):
                meta.corrections.append({"text": _text(item["text"]), "at": parse_datetime(item.get("datePublished"))})
            elif isinstance(item, str) and item.strip():
                meta.corrections.append({"text": item.strip(), "at": None})
    for obj in objects:
        if _types(obj) & {"website", "newsmediaorganization", "organization"} and not articles:
            meta.set("site_name", _text(obj.get("name")), "json-ld")


def _from_meta(meta: Metadata, m: dict[str, str], url: str | None) -> None:
    meta.set("title", m.get("og:title") or m.get("twitter:title") or m.get("parsely-title"), "opengraph")
    meta.set("description", m.get("og:description") or m.get("description") or m.get("twitter:description"), "meta")
    meta.set("site_name", m.get("og:site_name") or m.get("application-name"), "opengraph")
    for key in ("article:published_time", "parsely-pub-date", "pubdate", "publishdate", "date",
                "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date", "og:published_time"):  # fmt: skip
        meta.set("published_at", parse_datetime(m.get(key)), f"meta:{key}")
    for key in ("article:modified_time", "og:updated_time", "dcterms.modified", "last-modified"):
        meta.set("modified_at", parse_datetime(m.get(key)), f"meta:{key}")
    for key in ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl"):
        value = m.get(key)
        if value and not value.startswith("http"):
            meta.set("authors", split_authors(value), f"meta:{key}")
    meta.set("section", m.get("article:section") or m.get("parsely-section"), "meta")
    meta.set("tags", keywords(m.get("article:tag") or m.get("parsely-tags") or m.get("news_keywords")), "meta")
    image = m.get("og:image") or m.get("twitter:image")
    meta.set("image_url", urljoin(url, image) if url and image else image, "opengraph")
    meta.set("canonical_url", m.get("og:url"), "opengraph")
    meta.set("language", m.get("og:locale", "").replace("_", "-") or m.get("content-language"), "meta")


def _from_dom(meta: Metadata, tree: LexborHTMLParser, url: str | None) -> None:
    canonical = tree.css_first("link[rel='canonical']")
    if canonical is not None and canonical.attributes.get("href"):
        href = canonical.attributes["href"] or ""
        # The <link rel=canonical> is the page's own claim and outranks og:url.
        meta.canonical_url = urljoin(url or "", href) if url else href
        meta.sources["canonical_url"] = "link:canonical"
    html = tree.css_first("html")
    if html is not None:
        lang = (html.attributes.get("lang") or html.attributes.get("xml:lang") or "").strip()
        if lang:
            # <html lang> is what the page says about itself; og:locale is often a site default.
            meta.language = lang
            meta.sources["language"] = "html:lang"
    for node in tree.css(SUBTITLE_SEL):
        text = _clean(node.text())
        if 20 <= len(text) <= 400 and text != meta.title:
            meta.set("subtitle", text, "standfirst")
            break
    for node in tree.css(SECTION_SEL):
        text = _clean(node.text())
        if 2 <= len(text) <= 60:
            meta.set("section", text, "kicker")
            break
    tags = [_clean(node.text()) for node in tree.css(TAG_SEL)]
    meta.set("tags", _dedupe([t for t in tags if 1 < len(t) <= 60])[:30], "tag-links")
    h1 = tree.css_first("h1")
    meta.set("title", _clean(h1.text()) if h1 is not None else None, "h1")
    title = tree.css_first("title")
    meta.set("title", _clean(title.text()) if title is not None else None, "html:title")
    for node in tree.css("[rel='author'], .byline a, .author-name, .byline__name, [itemprop='author']"):
        meta.set("authors", split_authors(node.text()), "byline")
    time_node = tree.css_first("time[datetime]")
    if time_node is not None:
        meta.set("published_at", parse_datetime(time_node.attributes.get("datetime")), "time")
    if meta.language:
        primary, _, region = meta.language.replace("_", "-").partition("-")
        meta.language = f"{primary.lower()}-{region.upper()}" if region else primary.lower()


def people(value: Any, by_id: dict[str, dict] | None = None) -> list[str]:
    """Names of the people in a JSON-LD author value (organisations only when no person)."""
    persons, orgs = [], []
    for item in value if isinstance(value, list) else [value]:
        item = _resolve(item, by_id or {})
        if isinstance(item, str):
            persons.extend(split_authors(item))
        elif isinstance(item, dict) and item.get("name"):
            names = split_authors(_text(item["name"]) or "")
            (orgs if "organization" in _types(item) else persons).extend(names)
    return _dedupe(persons or orgs)


def split_authors(text: str | None) -> list[str]:
    """Split a byline such as "By A and B, Staff Writer" into names."""
    if not text:
        return []
    text = _BY.sub("", _clean(text))
    text = _AUTHOR_JUNK.sub("", text).strip(" ,;|-–—")
    names = []
    for part in _AUTHOR_SPLIT.split(text):
        part = _BY.sub("", part).strip(" ,;|-–—")
        if part and part.lower() not in _GENERIC_AUTHORS and not part.startswith("http") and len(part) < 80:
            names.append(part)
    return _dedupe(names)


def keywords(value: Any) -> list[str]:
    """A keywords value (list or comma-separated string) as a list of tags."""
    if isinstance(value, list):
        items = [str(v) for v in value]
    elif isinstance(value, str):
        items = value.split(",")
    else:
        return []
    return _dedupe([_clean(i) for i in items if _clean(i)])


def parse_datetime(value: Any) -> datetime | None:
    """Parse an ISO-8601-ish date string; naive values are taken as UTC."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00")
    text = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", text)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
        if not match:
            return None
        parsed = datetime(int(match[1]), int(match[2]), int(match[3]))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def clean_title(title: str, site_name: str | None) -> str:
    """Drop a trailing " | Site Name" (or leading "Site Name: ") from a title."""
    title = _clean(title)
    for sep in TITLE_SEPARATORS:
        if sep in title:
            head, _, tail = title.rpartition(sep)
            if site_name and _clean(tail).casefold() == site_name.casefold():
                return head.strip()
            first, _, rest = title.partition(sep)
            if site_name and _clean(first).casefold() == site_name.casefold():
                return rest.strip()
    return title


def canonicalize_url(url: str) -> str:
    """Strip tracking parameters and the fragment from a URL."""
    parts = urlsplit(url.strip())
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMS.match(k)]
    )
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))


def _resolve(item: Any, by_id: dict[str, dict]) -> Any:
    if isinstance(item, dict) and set(item) <= {"@id"} and item.get("@id") in by_id:
        return by_id[item["@id"]]
    return item


def _image(value: Any, by_id: dict[str, dict]) -> str | None:
    value = _resolve(value[0] if isinstance(value, list) and value else value, by_id)
    if isinstance(value, dict):
        return _text(value.get("url") or value.get("contentUrl"))
    return _text(value)


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return _clean(value) or None
    return None


def _clean(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    return [i for i in items if not (i.casefold() in seen or seen.add(i.casefold()))]
