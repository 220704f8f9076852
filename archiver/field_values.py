"""Reading metadata values as the page gives them: JSON-LD text, images and references, keyword lists, article
sections and language tags."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from babel import Locale, UnknownLocaleError

from archiver.bylines import dedupe

_WS = re.compile(r"\s+")
_ICON = re.compile(r"favicon|placeholder|\.ico$")
# WordPress's default category, in the corpora's languages: the post was filed under no section. Also the home page
# as a "section" (parsely-section "front-page", "Startseite"): where the story was shown, not what it is filed under.
_NO_SECTION = frozenset({
    "uncategorized", "uncategorised", "unkategorisiert", "ohne kategorie", "sin categoría", "sin categoria",
    "non classé", "senza categoria", "bez kategorii", "geen categorie",
    "front-page", "front page", "frontpage", "home", "homepage", "home page", "startseite", "accueil", "portada",
})  # fmt: skip
# Words a template's logo file is named with, besides "logo" and the site's own name.
_TEMPLATE_WORDS = frozenset({
    "logo", "cropped", "social", "default", "share", "sharing", "opengraph", "facebook", "twitter", "banner", "header",
    "site", "image", "bild", "quer", "white", "black", "color", "colour", "small", "large", "icon", "brand",
    "fallback", "generic", "standard",
})  # fmt: skip


def section_of(value: Any) -> str | None:
    """A JSON-LD articleSection: the first of a list, or of a comma-joined string ("Business, PRESS RELEASE, gis":
    Yoast prints all the post's categories and tags); never a sentence a CMS put in the field."""
    text = json_text(value[0] if isinstance(value, list) and value else value)
    first = text.split(",")[0].strip() if text else None
    return section_name(first) if first and len(first) <= 60 else None


def section_name(value: str | None) -> str | None:
    """A section as the page names it, but not a CMS's default for "none" (WordPress's "Uncategorized") or the home
    page ("front-page")."""
    return None if not value or value.strip().casefold() in _NO_SECTION else value.strip()


def keywords(value: Any) -> list[str]:
    """A keywords value (list or comma-separated string) as a list of tags."""
    if isinstance(value, list):
        items = [str(v) for v in value]
    elif isinstance(value, str):
        items = value.split(",")
    else:
        return []
    return readers_tags(items)


# A CMS's own markers among the tags: a template's switches and queues ("front-page", "show-published-date",
# "featured-story", "serversidehawk" of Future plc's sites), identifiers ("channel_gaming_software", "type_review")
# and stream ids ("stream-23490979"). A reader's tag has words, not code.
_PLUMBING = re.compile(
    r"featured(?:[- ]\w+)?|front-?page|home-?page|show-[\w-]+|hide-[\w-]+|serversidehawk|videoarticle|"
    r"[a-z0-9]+(?:_[a-z0-9]+)+|.*\d{6,}.*",
    re.I,
)
# "Category: Gaming software": a category given among the tags, named.
_CATEGORY_LABEL = re.compile(r"^(?:category|kategorie|catégorie|categoría)\s*:\s*", re.I)


def readers_tags(items: Iterable[str]) -> list[str]:
    """Tags as a reader would read them: one line each, without the CMS's markers, a category's label dropped."""
    tags = (_CATEGORY_LABEL.sub("", one_line(_unescaped(item))) for item in items)
    return dedupe([tag for tag in tags if tag and not _PLUMBING.fullmatch(tag)])


def language_tag(value: str) -> str | None:
    """A language tag as "de" or "de-DE": the first of a list ("de, at, ch"), its region only when it is one (two
    letters or three digits: not "de-ERE"), a language's name as its tag ("english", "Deutsch"), None for what is
    no tag ("lang=")."""
    first = re.split(r"[,;\s]+", value.strip())[0].replace("_", "-")
    primary, _, rest = first.partition("-")
    if not re.fullmatch(r"[a-zA-Z]{2,3}", primary):
        return _language_names().get(value.strip().casefold())
    region = rest.split("-")[0]
    if re.fullmatch(r"[a-zA-Z]{2}|\d{3}", region):
        return f"{primary.lower()}-{region.upper()}"
    return primary.lower()


@cache
def _language_names() -> dict[str, str]:
    """Languages' names, case-folded, to their two-letter tags: in English, German, French and Spanish, and in the
    language itself ("deutsch", "français"), from babel's CLDR data."""
    names: dict[str, str] = {}
    for shown_in in ("en", "de", "fr", "es"):
        for code, name in Locale(shown_in).languages.items():
            if len(code) == 2:
                names.setdefault(name.casefold(), code)
    for code in {*names.values()}:
        try:
            own = Locale(code).get_display_name(code)
        except (ValueError, UnknownLocaleError):
            continue
        if own:
            names.setdefault(own.casefold(), code)
    return names


def resolve(item: Any, by_id: dict[str, dict]) -> Any:
    """A JSON-LD reference ({"@id": …}) as the object it names in the page's graph, else the item."""
    if isinstance(item, dict) and set(item) <= {"@id"} and item.get("@id") in by_id:
        return by_id[item["@id"]]
    return item


def image_of(value: Any, by_id: dict[str, dict]) -> str | None:
    """A JSON-LD image (a URL, an ImageObject, a list or a reference) as its URL."""
    value = resolve(value[0] if isinstance(value, list) and value else value, by_id)
    if isinstance(value, dict):
        return json_text(value.get("url") or value.get("contentUrl"))
    return json_text(value)


def story_image(url: str | None, site_words: Iterable[str] = ()) -> str | None:
    """The image URL, unless its file is the site's icon, placeholder or logo: "favicon-96.ico",
    "social_placeholder.png", "fn_logo_fb_1200x630.jpg", "logo-opengraph.png" (a template's share image, not the
    story's). A file that names something besides the logo ("raspberry_pi_logo_mainimage", "watermarks-logo-…") is
    the story's picture of it."""
    if not url:
        return None
    name = url.split("?")[0].rstrip("/").rsplit("/", 1)[-1].lower()
    if _ICON.search(name):
        return None
    words = [w for w in re.findall(r"[^\W\d_]+", name.rsplit(".", 1)[0]) if len(w) > 3]
    if "logo" in words and all(w in _TEMPLATE_WORDS or w in site_words for w in words):
        return None
    return url


def json_text(value: Any) -> str | None:
    """A JSON-LD text value on one line, HTML entities resolved; None for what is not text."""
    if isinstance(value, str):
        # JSON-LD is text, not HTML, but CMSs escape it as HTML: "Filme &amp; Serien".
        return one_line(html.unescape(value) if "&" in value else value) or None
    return None


_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")
# A template's placeholder left unrendered: "{{ seomatic.helper.extractTextFromField(entry.teaser) }}".
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
# "… die Firma bereits kennen,...Read More": the excerpt's link to the post, after its ellipsis.
_MORE = r"(?:read more|weiterlesen|mehr lesen|lire la suite|leer más)"
_READ_MORE = re.compile(rf"(?:(?<=\.\.\.)|(?<=…))\s*{_MORE}\s*[»›→]?$", re.I)
_READ_MORE_LINK = re.compile(rf"<a\b[^>]*>\s*{_MORE}\b[^<]{{0,20}}</a>\s*$", re.I)  # "…and<a class=…>Read More</a>"
# A platform's stock text where a post has no excerpt (WordPress.com's, a Polish CMS's).
_STOCK_DESCRIPTIONS = frozenset({"visit the post for more.", "kliknij i zobacz więcej.", "home"})


def description_text(value: str | None) -> str | None:
    """A page's description as text: HTML entities resolved (also where escaped twice: "Polic&amp;iacute;a"), tags
    dropped ("<p>Die frühen 1970er …"), a "…Read More" link cut; None for a template's placeholder or a platform's
    stock line ("Visit the post for more.")."""
    if not value:
        return None
    text = _unescaped(value)
    text = one_line(_TAG.sub(" ", _READ_MORE_LINK.sub("", text)) if "<" in text else text)
    if _PLACEHOLDER.search(text) or text.casefold() in _STOCK_DESCRIPTIONS:
        return None
    return _READ_MORE.sub("", text).strip() or None


def _unescaped(text: str) -> str:
    """Text with its HTML entities resolved, also where a CMS escaped them twice ("detenci&amp;oacute;n")."""
    for _ in range(2):
        if "&" in text:
            text = html.unescape(text)
    return text


def one_line(text: str) -> str:
    """The text with its runs of white space as single spaces, trimmed."""
    return _WS.sub(" ", text).strip()
