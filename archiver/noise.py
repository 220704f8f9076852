"""Generic noise detection on the DOM, for sites no rule file names.

Everything here judges by element shape (a whole element that is a short label, a form,
link density, a same-site link standing alone, position), never by a phrase that could
occur inside a sentence of prose.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from archiver import urls
from archiver.follow_prompts import follow_prompts

# Whole-element labels: one or two toggles, possibly run together ("keep readingShow less").
_TOGGLE = (
    r"(?:keep reading|continue reading|read more|read less|show more|show less|see more|view more|expand|collapse)"
)
TOGGLE_RE = re.compile(rf"^(?:{_TOGGLE}[\s»›→…\.]*){{1,2}}$", re.I)
AD_LABEL_RE = re.compile(
    r"^(?:advertisement|advertisements|advertising|ad|ads|sponsored|sponsored content|"
    r"story continues below advertisement|advertisement\s*[-–—]\s*scroll to continue|"
    r"continue reading below|article continues below)$",
    re.I,
)
# Whole-block labels that are page furniture wherever they stand.
FURNITURE_RE = re.compile(
    r"^(?:share|share this(?: article| story| post)?|tweet|email|print|comments?|"
    r"follow us(?: on (?:social(?: media)?|\w+))?|advertisement|related(?: articles| posts| stories)?|"
    r"most (?:popular|read)|recommended(?: for you)?|more from [\w ]{1,30}|trending(?: now)?|latest|"
    r"newsletter|up next|you may also like|around the web|"
    # The same labels over other sites' related-story lists, in the corpus's other languages.
    r"auch interessant|(?:das (?:thema )?)?könnte (?:sie|dich) auch interessieren|empfohlene beiträge|"
    r"weitere (?:themen|artikel|beiträge|nachrichten)|mehr (?:themen|zum thema|artikel)|schon gelesen\??|"
    r"(?:zum )?weiterlesen|lesen sie auch(?: die folgenden beiträge)?|ähnliche (?:artikel|beiträge)|meistgelesen|"
    r"contenido relacionado|noticias relacionadas|artículos relacionados|(?:te|le) puede interesar|lee también|"
    r"à lire aussi|lire aussi|sur le même sujet|articles similaires|czytaj (?:też|także)|zobacz (?:też|także)|"
    r"leggi anche|articoli correlati)\s*[:.!]?$",
    re.I,
)
PROMO_LEAD_RE = re.compile(r"^(?:related|read more|read also|see also|more|read|watch|listen|also read)\s*:", re.I)
CAPS_PREFIX_RE = re.compile(r"^[A-Z0-9][A-Z0-9 '’!\-]{1,30}:\s")
NOISE_TOKEN_RE = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|sharedaddy|social|socials|follow-us|newsletter|newsletters|signup|sign-up|"
    r"subscribe|subscription|related|related-posts|recommended|recirculation|popular|most-popular|trending|"
    r"promo|advert|advertisement|ad-slot|ad-container|adslot|ad-wrapper|sponsor|sponsored|taboola|outbrain|"
    r"cookie|cookies|consent|gdpr|comment|comments|breadcrumb|breadcrumbs|pagination|pager|skip-link|"
    r"byline-share|author-bio|tags|tag-list|donate|donation|support-us|membership-cta|screen-reader-text|sr-only|visually-hidden|"
    r"disclosure|disclaimer|copyright|ez-toc|toc_container|toc_list|table-of-contents|appstores|reading-?time|"
    r"next-?story|trust-?badge|content-blocker|lee-tambien|linkbox)(?:$|[\s_-])",
    re.I,
)
STRUCTURAL = "div, section, aside, ul, ol, nav, footer, form, p, span, figure"
Drop = Callable[[LexborNode, str], None]
PROMPT_MAX_CHARS = 250  # a sign-up box's text beyond its form: heading and blurb
# Elements that can be a whole label. A <div> or <li> holding blocks is a container, never a label itself: its
# inner block is the one to test, and skipping it spares reading the text of every wrapper (~40% of _labels).
LABEL_SEL = (
    "a, button, span, p, small, h1, h2, h3, h4, h5, h6, strong, "
    "div:not(:has(div, p, ul, ol, table, section, article)), li:not(:has(div, p, ul, ol, table))"
)


def text_of(node: LexborNode) -> str:
    """Node text with whitespace collapsed."""
    # str.split() splits on exactly the characters \s matches, and is several times faster than re.sub.
    return " ".join(node.text(separator=" ").split())


def strip_generic(
    tree: LexborHTMLParser,
    body: LexborNode | None,
    protected: set[int],
    url: str | None,
    title: str | None,
    drop: Drop,
    canonical: str | None = None,
) -> None:
    """Remove generic noise in place, calling ``drop(node, rule)`` for each removal."""
    root = tree.body or tree.root
    if root is None:
        return
    _forms(root, protected, drop)
    _labels(root, protected, drop, title)
    _class_noise(root, body, protected, drop)
    _other_stories(tree, protected, drop)
    _promos(root, protected, drop, [u for u in (url, canonical) if u])
    follow_prompts(root, protected, drop)


def _forms(root: LexborNode, protected: set[int], drop: Drop) -> None:
    """Sign-up prompts: a small form with an email field takes its small surrounding box with it."""
    for form in root.css("form"):
        if form.parent is None or form.mem_id in protected:
            continue
        # Some CMSes wrap the whole page in one <form>: only small forms are furniture.
        form_chars = len(text_of(form))
        if form_chars > 400 or form.css_first("h1, article") is not None:
            continue
        target = form
        if form.css_first("input[type='email'], input[name*='email'], input[name*='EMAIL']") is not None:
            node = form.parent
            while (
                node is not None
                and node.tag not in ("body", "html", "article", "main")
                and node.mem_id not in protected
                # A prompt's box holds a heading and a blurb; more text beside the form is a short story's own box.
                and len(text_of(node)) - form_chars < PROMPT_MAX_CHARS
            ):
                target, node = node, node.parent
        drop(target, "generic:signup-form" if target is not form else "generic:form")


def _labels(root: LexborNode, protected: set[int], drop: Drop, title: str | None) -> None:
    """Whole-element labels: read-more toggles, ad-slot labels, repeated headlines."""
    norm_title = norm(title) if title else None
    longest = 300 if norm_title else 60
    for node in root.css(LABEL_SEL):
        if node.parent is None or node.mem_id in protected:
            continue
        raw = node.text(separator=" ")
        # Most elements are long containers: reject them on a cheap bound before collapsing whitespace.
        if len(raw) > longest and len(raw) - raw.count(" ") - raw.count("\n") - raw.count("\t") > longest:
            continue
        text = " ".join(raw.split())
        if not text or len(text) > longest:
            continue
        if len(text) <= 40 and TOGGLE_RE.match(text):
            drop(node, "generic:toggle")
        elif len(text) <= 60 and AD_LABEL_RE.match(text):
            drop(node, "generic:ad-label")
        # Case-folding never shortens text, so a longer text cannot be the title (spares folding every label).
        elif (
            norm_title
            and len(text) <= len(norm_title)
            and node.tag != "h1"
            and text.casefold() == norm_title  # text is collapsed already: norm() would only casefold it
            and not _in_running_text(node, text)
        ):
            drop(node, "generic:repeated-headline")


_INLINE = frozenset({"a", "span", "strong", "small", "b", "em", "i"})


def _in_running_text(node: LexborNode, text: str) -> bool:
    """True for an inline element inside a sentence ("… im <a>Essen-Westviertel</a> …"): a word that is the title
    there is the text's, not the headline repeated."""
    parent = node.parent
    return node.tag in _INLINE and parent is not None and len(text_of(parent)) > len(text)


def _class_noise(root: LexborNode, body: LexborNode | None, protected: set[int], drop: Drop) -> None:
    """Blocks whose class or id names them as share/related/newsletter/ad/comment furniture."""
    # The page's length before this sweep. Without a rule-found body it is read only when a named block is long
    # enough to be the story (most pages never need it): the text left then, plus what the sweep took.
    page_chars, taken = (max(len(text_of(body)), 1) if body is not None else 0), 0
    for node in root.css(STRUCTURAL):
        if node.parent is None or node.mem_id in protected:
            continue
        attributes = node.attributes
        if not _noise_named(f"{attributes.get('class') or ''} {attributes.get('id') or ''}"):
            continue
        text = text_of(node)
        # A big share of the page's text is the story itself, whatever its class says.
        if len(text) > 400:
            page_chars = page_chars or max(len(text_of(root)) + taken, 1)
            if len(text) > 0.4 * page_chars:
                continue
        if node.css_first("h1") is not None or _looks_like_prose(node):
            continue
        taken += len(text) + 1
        drop(node, "generic:furniture")


@lru_cache(maxsize=8192)
def _noise_named(names: str) -> bool:
    """Whether a class/id string names furniture. Cached: a page repeats its classes on every paragraph and item."""
    return NOISE_TOKEN_RE.search(names) is not None


def _looks_like_prose(node: LexborNode) -> bool:
    """Three or more long, link-poor paragraphs: a story, whatever the container's class says."""
    long_paras = 0
    for para in node.css("p"):
        text = text_of(para)
        links = sum(len(text_of(a)) for a in para.css("a"))
        if len(text) > 150 and links < 0.3 * len(text):
            long_paras += 1
            if long_paras >= 3:
                return True
    return False


def _other_stories(tree: LexborHTMLParser, protected: set[int], drop: Drop) -> None:
    """Teaser cards and infinite-scroll stories: every <article> but the one with the headline."""
    articles = tree.css("article")
    if len(articles) < 2:
        return
    main = [a for a in articles if a.css_first("h1") is not None]
    if len(main) != 1:
        return
    main_chars = len(text_of(main[0]))
    if main_chars < 400:
        return  # the <article> holding the headline is only a header; the story is elsewhere
    keep_ids = {main[0].mem_id}
    node = main[0].parent
    while node is not None:
        keep_ids.add(node.mem_id)
        node = node.parent
    keep_ids.update(n.mem_id for n in main[0].traverse() if n.is_element_node)
    for article in articles:
        if article.parent is None or article.mem_id in keep_ids or article.mem_id in protected:
            continue
        text = text_of(article)
        if len(text) >= main_chars:
            continue
        # A link-poor <article> beside the headline's own is the story's next part (chefkoch.de: the recipe's
        # header, ingredients and steps are three sibling articles); teaser cards are links, or sit in a list.
        links = sum(len(text_of(a)) for a in article.css("a"))
        if article.parent.mem_id == main[0].parent.mem_id and links < 0.3 * len(text):
            continue
        drop(article, "generic:other-story")


def _promos(root: LexborNode, protected: set[int], drop: Drop, page_urls: list[str]) -> None:
    """Inline promos: a paragraph that is one same-site link to another story."""
    for para in root.css("p, h2, h3, h4"):
        if para.parent is None or para.mem_id in protected:
            continue
        links = para.css("a")
        if len(links) != 1:
            continue
        text = text_of(para)
        words = text.split()
        if not words or len(words) > 30:
            continue
        link_text = text_of(links[0])
        href = links[0].attributes.get("href") or ""
        if not _same_site(href, page_urls) or _same_page(href, page_urls):
            continue
        lead = PROMO_LEAD_RE.match(text) or _label_then_link(text, link_text)
        covered = len(link_text) >= 0.9 * len(text)
        headline_like = not text.endswith((".", "?", "!", "”", '"', ":")) or bool(CAPS_PREFIX_RE.match(text))
        if (covered and headline_like) or (lead and len(link_text) >= 0.6 * len(text)):
            drop(para, "generic:inline-promo")


def _label_then_link(text: str, link_text: str) -> bool:
    """A short lead-in closed by a separator, then only the link ("Label: <a>headline</a>", any language)."""
    if not link_text or not text.endswith(link_text):
        return False
    label = text[: len(text) - len(link_text)].strip()
    # The separator closes a label ("See also:", "À lire aussi »"); prose runs on into its link without one.
    return 0 < len(label) <= 30 and len(label.split()) <= 4 and label.endswith((":", "»", "›", "|", "→"))


def _same_site(href: str, page_urls: list[str]) -> bool:
    """A relative link, or one to the host the page was fetched from or claims as canonical."""
    if not href or href.startswith(("#", "mailto:", "javascript:")):
        return False
    host = urls.host(href)
    if not host:
        return True
    return host.removeprefix("www.") in {urls.bare_host(u) for u in page_urls}


def _same_page(href: str, page_urls: list[str]) -> bool:
    if not page_urls:
        return False
    joined = urls.join(page_urls[0], href)
    if joined is None:
        return False
    target = urls.split(joined).path.rstrip("/")
    return any(target == urls.split(u).path.rstrip("/") for u in page_urls)


def norm(text: str) -> str:
    """Text folded for comparison: whitespace collapsed, case-folded."""
    return " ".join(text.split()).casefold()
