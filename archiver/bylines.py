"""Authors from bylines: names split and cleaned of labels, roles, dates and "Staff"; people before organisations."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from archiver.dates import LAYOUT_PREFIXES, MONTH_WORD

# "By", "Von", "Text & Fotos:", "Posted by", "View all posts by", "Autor:": labels in front of the names.
_LABEL = re.compile(
    r"^(?:(?:view|see|show)\s+all\s+(?:posts|articles|stories)\s+by|zeige\s+alle\s+beiträge\s+von|"
    r"alle\s+(?:artikel|beiträge)\s+von|alles\s+von|more\s+(?:from|by)|mehr\s+von|about\s+the\s+author|über\s+(?:den|die)\s+autor(?:in)?|"
    r"(?:(?:a|an|ein|eine)\s+)?(?:text|texte|fotos?|photos?|interview|artikel|article|beitrag|bericht|kommentar|"
    r"analyse|essay|story|words|kolumne|column|gastbeitrag|gastkommentar|glosse|reportage|posted|written|geschrieben|erstellt|verfasst|veröffentlicht|edited|reported|"
    r"reporting|compiled|published|filed|submitted|redigiert|publié|escrito)"
    r"(?:\s*(?:&|und|and|\+)\s*(?:fotos?|photos?|bilder|text))?(?:\s+(?:on|am)\s+.{0,40}?)?"
    r"(?:\s+(?:by|von|vom|par|por|door|di|da|av|przez))?|"
    r"by|von|vom|par|por|door|di|da|av|przez|autor(?:in|en)?|authors?|auteur|autore|redaktion|verfasser(?:in)?|"
    r"reporter|reporting|text|quelle|source)"
    r"\s*[:|/–—-]?\s+",
    re.I,
)
_MONTHS = (
    r"jan|feb|m[aä]r|apr|ma[iy]|jun|jul|aug|sep|o[ck]t|nov|de[cz]|janvier|février|mars|avril|mai|juin|juillet|"
    r"août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|"
    r"octubre|noviembre|diciembre"
)
_WEEKDAYS = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|donnerstag|freitag|"
    r"samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b"
)
# Where the names end: a date, "Updated …", "| …", "vor 2 Stunden", "on August 3", "says:".
_TAIL = re.compile(
    r"(?:\s*[|•·]|\s+//|\s+[-–—]\s+(?=\d)|,?\s+(?:on|am|le|el|il|den)\s+\d|,?\s+(?:on|am|le)\s+(?:(?:mon|tue|wed|thu|fri|sat|sun|"
    r"mo|di|mi|do|fr|sa|so)\w*,?\s+)?(?:\d|" + _MONTHS + r")|,?\s*\d{1,4}[./-]\d{1,2}(?:[./-]\d{2,4})?|"
    r"(?<=[a-zà-ÿ])(?=\d{1,2}\s+(?:" + _MONTHS + r"))|"
    r",?\s+\d{1,2}\.?\s+(?:" + _MONTHS + r")\w*\.?(?:\s+\d{2,4})?(?!\w)|,?\s+(?:" + _MONTHS + r")\w*\.?\s+\d{1,2}\b|"
    r"\s+(?:updated|published|posted|aktualisiert|veröffentlicht|publiziert|publié|pubblicato|stand|erschienen|zuletzt|"
    r"last\s+updated|(?:more|all|alle|weitere)\s+(?:posts|articles|beiträge|artikel)|"
    r"(?:edited|photos?|fotos?|illustrations?|grafik|mitarbeit|additional\s+reporting)\s+(?:by|von)|" + _WEEKDAYS + r"|"
    r"vor\s+\d|před|il\s+y\s+a|hace\s+\d|about\s+\d|\d+\s+(?:min|minutes?|hours?|std|stunden?)\b)|"
    r",?\s*(?:datum|date|tags?|kategorie|category)\s*:|"
    r"\s+(?:says|sagt|schreibt|wrote|writes|dit|dice)\s*:?\s*$|\s+(?:follow|folgen|shares?|kommentare?|comments?)\b).*$",
    re.I | re.S,
)
_LEADING_DATE = re.compile(
    r"^(?:(?:" + _WEEKDAYS + r"),?\s*)?(?:\d{1,2}\.?\s*(?:" + _MONTHS + r")\w*\.?\s*\d{0,4}|"
    r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|(?:" + _MONTHS + r")\w*\.?\s+\d{1,2},?\s+\d{4})[,|\s]*"
    r"(?:\d{1,2}[:.]\d{2}\s*(?:uhr|h|am|pm)?[,|\s]*)?",
    re.I,
)
_WEEKDAY_ABBR = re.compile(r"(?:Mo|Di|Mi|Do|Fr|Sa|So|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\.?,?")
# "Von" inside a line is a label ("Quelle: dpa-AFX Von David Hutzler"); "von" inside a name is a particle.
_INNER_BY = re.compile(r"^(?:\S+\s+){1,4}?(?:(?i:by|par|por)|Von(?=\s+[A-Z]))\s+(?=\S)")
_FIELD = re.compile(r",?\s+[^\W\d_]+\s*:\s+(?=\S)")
# An hCard "fn org" names an organisation ("<div class='fn org country-name'>New Zealand</div>").
_HCARD_ORG = re.compile(r"(?:^|\s)org(?:\s|$)")
_NON_WORD = re.compile(r"[\W_]+")
_SYMBOL = re.compile(r"[→←»«›‹©®™]")
_LETTER = re.compile(r"[^\W\d_]")
_SENTENCE_MARK = re.compile(r"[!?;:]|\.\s*$(?<!\b\w\.)")
_DIGIT = re.compile(r"\d")
_PARTICLE = r"(?:von|van|de|der|den|la|le|da|di|del|du|zu|ten)"
_LABEL_BEFORE = re.compile(r"(?i:\b(?:von|by|par|por|autor(?:in)?|author)\s*:?\s+)$")
_SURNAME = re.compile(r"(?:[ \t\xa0]+(?:[A-ZÀ-Þ][^\W\d_]*\.?|" + _PARTICLE + r"(?=[ \t\xa0]+[A-ZÀ-Þ]))){1,3}")
_SITE_SEPARATOR = re.compile(r"\s+[|–—·•»-]\s+")
_INNER_LABEL = re.compile(r"(?:^|\s)(?:autor(?:in|en)?|authors?|verfasser(?:in)?|redaktion|text)\s*:\s*(?=\S)", re.I)
# "Martin Untersinger (avec Damien Leloup et Morgane Tual)": a parenthesis of co-authors splits too.
_SPLIT = re.compile(r"\s*(?:[,;&/+]|\s(?:and|und|et|y|e|i|og|en|und\s+von)\s|\s\((?:avec|with|mit|con)\s)\s*", re.I)
# Job titles after or instead of a name: "Jane Doe, Staff Writer", "Ben Silverman Games Editor".
_ROLE = re.compile(
    r"\b(?:staff|senior|chief|editor(?:s|ial)?|writer|reporter|correspondent|contributor|columnist|analyst|"
    r"technologist|producer|director|manager|photographer|fotograf(?:in)?|intern|freelancer?|journalist(?:in)?|"
    r"redakteur(?:in)?|korrespondent(?:in)?|autor(?:in)?|author|redaktion|redacción|rédaction|chefredakteur(?:in)?|"
    r"volontär(?:in)?|pressesprecher(?:in)?|herausgeber(?:in)?|moderator(?:in)?|experte|expertin|"
    r"news\s+desk|newsroom|web\s+desk|health\s+news)\b",
    re.I,
)
_DEGREE = re.compile(
    r"^(?:ph\.?\s?d|m\.?\s?d|m\.?\s?a|m\.?\s?sc|b\.?\s?sc|m\.?\s?b\.?\s?a|m\.?\s?p\.?\s?h|r\.?\s?n|r\.?\s?d|d\.?\s?o|"
    r"j\.?\s?d|mba|llm|ll\.?\s?m|dipl\.?[\w.-]*)\.?$",
    re.I,
)
# Words on a byline that are not names: form labels, buttons, "Staff", "Admin".
_NOT_NAMES = {
    "staff", "admin", "administrator", "editor", "editors", "the editors", "news desk", "newsroom", "web desk",
    "name", "username", "user", "author", "autor", "autorin", "auteur", "follow", "datum", "date", "anonymous",
    "anonym", "gast", "guest", "redaktion", "no author", "unknown", "wordpressadmin", "agencies", "agency",
    "share", "teilen", "more", "mehr", "posted", "published", "updated", "menu", "home", "last", "sign in", "log in",
    "login", "anmelden", "subscribe", "abonnieren", "zur artikelübersicht", "gesponserte inhalte", "sponsored",
    "advertisement", "anzeige", "photo", "foto", "bild", "image", "email", "e-mail", "print", "drucken",
    "taboola", "outbrain", "plista", "zur person", "alle beiträge", "all posts", "archiv anzeigen",
}  # fmt: skip
# A "name" made only of dates, weekdays and labels ("Publiziert am", "Dezember 10") is none.
_NO_NAME_WORD = re.compile(
    r"^(?:\d+\.?|am|on|le|el|den|der|the|at|um|" + MONTH_WORD + r"\.?|" + _WEEKDAYS + r"|"
    r"publiziert|veröffentlicht|published|posted|updated|von|by|par|por|stand|uhr|"
    r"artikel|articles?|posts?|beiträge|stories)$",
    re.I,
)
_ORG = re.compile(
    r"\b(?:gmbh|ag|se|e\.\s?v|inc|ltd|llc|plc|corp|co|kg|verlag|redaktion|zeitung|news|nachrichten|magazin|magazine|illustrierte|"
    r"media|medien|online|press|presse|team|staff|agentur|agency|service|services|group|gruppe|verband|institut|"
    r"stiftung|foundation|university|universität|dpa|afp|apa|reuters|ap|kna|epd|sid|efe|ansa)\b|\.(?:de|com|at|ch|net|org)\b|"
    r"^(?-i:[A-Z][A-Z-]{1,5})$",  # an agency's or desk's code: "SP-X", "KNA"
    re.I,
)
# "Josh Willink von Pexels": a picture credit, not a byline.
_PHOTO_CREDIT = re.compile(
    r"\b(?:pexels|unsplash|pixabay|shutterstock|getty\s*images|istock\w*|imago|adobe\s*stock)\b", re.I
)
# Links, obfuscated e-mail addresses ("[email protected]") and a leading "©" around names.
_NOISE = re.compile(r"\(?\bhttps?://\S+|\[email[^\]]*\]?|^(?:©|\(c\)|copyright)\s*", re.I)
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
# Byline elements, most specific first; each is read as a whole ("By Jane Doe and John Roe, Staff Writers").
BYLINE_SELECTORS = (
    "[itemprop~='author'] [itemprop~='name'], .author .fn, .vcard .fn, .vcard.fn, .author-name, .author__name, "
    ".authorName",
    "[itemprop~='author'], [rel~='author'], byline",
    "[class*='byline'], [data-testid*='byline'], [class*='author-name'], [class*='author__name'], "
    "[class*='AuthorName'], [class*='article-author'], [class*='post-author'], [class*='entry-author']",
    "a[href*='/author/'], a[href*='/autor/'], a[href*='/autoren/'], [class*='author'], [id*='author'], "
    "[class*='autor'], [class*='auteur'], [class*='contributor'], address",
)
# Places where names belong to someone else: comments, teasers, sidebars, navigation. Matched per class token,
# so layout classes ("has-sidebar", "category-newsletter" on a WordPress post) do not count.
_ELSEWHERE = re.compile(
    r"^(?:[a-z0-9]+[-_]+)?(?:comments?|commentlist|replies|respond|sidebar|widget-area|widgets?|related(?:-posts)?|"
    r"recommended|popular|teasers?|teaser-list|navigation|nav|navbar|menu|newsletter|cookies?|share|sharing|social|"
    r"breadcrumbs?|caption|copyright|mini-card|profile-card)(?:[-_]+(?:list|area|box|wrap|wrapper|section|block|"
    r"body|content|items?|meta|author|text))?$",
    re.I,
)
_NAV_TOKEN = re.compile(r"^(?:nav|menu|navbar|sidebar|comments?|breadcrumbs?)(?:$|[-_])", re.I)
# WordPress post classes ("category-newsletter") and page builders' layout boxes ("elementor-widget-wrap").
_LAYOUT_CLASS = ("category-", "tag-", "post-", "type-", "format-", "status-", "has-", "with-", *LAYOUT_PREFIXES)
_ELSEWHERE_TAGS = {"aside", "nav", "figcaption", "form", "button", "select", "option", "script", "style"}
_TEXT_SEL = "p, span, div, em, i, small, li, td, address, strong, b, h3, h4, h5, h6"
_BYLINE_LABEL = re.compile(
    r"(?:text|fotos?|eine?\s|posted|written|geschrieben|erstellt|verfasst|by|von|par|por|door|autor|author|auteur|"
    r"redaktion|datum|date|\d{1,2}\.\d{1,2}\.\d{2,4})",
    re.I,
)
_BREAKS = {"br", "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "dd", "dt"}
_FIELD_LABEL = re.compile(r"[^:]{0,40}:")
# An element that holds only the label; the names follow in the next one.
_LABEL_ONLY = re.compile(r"(?:by|von|par|por|door|autor(?:in|en)?|authors?|auteur|text|redaktion)\s*:?", re.I)
_BYLINE_START = re.compile(
    r"^(?:(?:text|fotos?|text\s*(?:&|und)\s*fotos?|eine?\s+(?:artikel|beitrag|interview|kommentar|kolumne|glosse)|posted|written|"
    r"geschrieben|erstellt|verfasst)\s+)?(?:by|von|par|por|door)\s+\S|^(?:autor(?:in|en)?|authors?|auteur|text|redaktion)\s*:\s*\S|"
    r"^(?:autor(?:in|en)?|authors?)\s+(?=[A-ZÀ-Ý])",
    re.I,
)


def split_authors(text: str | None) -> list[str]:
    """Split a byline such as "By A and B, Staff Writer | March 3, 2024" into names."""
    if not text:
        return []
    text = _INVISIBLE.sub("", html.unescape(text) if "&" in text else text)
    # The first line holds the names; dates, roles and "Updated" follow on later lines.
    lines = [" ".join(line.split()) for line in re.split(r"\s*\n\s*", text.strip()) if line.strip()]
    text = _NOISE.sub("", lines[0] if lines else "")
    text = _LEADING_DATE.sub("", text)
    inner = _INNER_LABEL.search(text)
    if inner and inner.start() > 0:
        text = text[inner.end() :]  # "Datum: 19.11.2021 Autor: Fritz Imhof", "05.02.2020 - Redaktion: Eberhard Fuhr"
    text = _strip_label(text)
    # "Tech Industry by Steven Musil", "18. Februar 2022 von PETA-Team": the names follow the last "by".
    text = _TAIL.sub("", text)
    field = _FIELD.search(text)
    if field and len(text[: field.start()].split()) >= 2:
        text = text[: field.start()]  # "Fritz Imhof Quelle: Livenet": the next field's label ends the names
    inner = _INNER_BY.search(text)
    if inner:
        text = _TAIL.sub("", text[inner.end() :])
    text = text.strip(" ,;|-–—:()")
    names = []
    for part in _SPLIT.split(text):
        if names and _ROLE.match(part.strip()):
            break  # "Jane Doe, Senior Staff Technologist, ACLU Speech, Privacy, and Technology Project"
        name = _clean_name(part)
        if name:
            names.append(name)
    return _dedupe(names)


def _strip_label(text: str) -> str:
    for _ in range(3):  # "Text & Fotos: Von Jane Doe"
        stripped = _LABEL.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return text


def _clean_name(part: str) -> str | None:
    part = _strip_label(re.sub(r"^(?:and|und|et|y)\s+", "", part.strip(" ,;|-–—:()[]\"'"), flags=re.I))
    part = re.sub(r"\s+@\w+$", "", part)  # "Jane Doe @janedoe"
    if _DEGREE.match(part) or part.casefold() in _NOT_NAMES:
        return None
    # "Ben Silverman Games Editor", "Harald Bauer Autor": a role after the name goes, a role alone is no name.
    role = _ROLE.search(part)
    if role:
        head = part[: role.start()].split()
        while len(head) > 2:
            head.pop()
        part = " ".join(head) if len(head) >= 2 else ""
    words = part.strip(" ,;|-–—:").split()
    # "Ivan Valetny 0337", "Tomas Spahn Fr", "Todd Bates Date": a number, weekday or label left from the date line
    while len(words) > 2 and (
        words[-1].isdigit() or _WEEKDAY_ABBR.fullmatch(words[-1]) or words[-1].casefold() in _NOT_NAMES
    ):
        words.pop()
    part = " ".join(words)
    words = part.split()
    if len(words) >= 4 and len(words) % 2 == 0 and words[: len(words) // 2] == words[len(words) // 2 :]:
        part = " ".join(words[: len(words) // 2])  # "Kathrin Führes Kathrin Führes": an image alt and a caption
    if all(_NO_NAME_WORD.match(w) for w in part.split()):
        return None
    if not part or part.startswith(("http", "www.")) or "@" in part or len(part) > 60 or len(part.split()) > 6:
        return None
    if _PHOTO_CREDIT.search(part) or _SYMBOL.search(part):
        return None
    if not _LETTER.search(part) or part.casefold() in _NOT_NAMES:
        return None
    return part


AUTHOR_META = (
    "author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "dcterms.creator", "byl",
    "citation_author",
)  # fmt: skip


def choose_authors(
    tree: LexborHTMLParser,
    metas: dict[str, list[str]],
    ld_author: Any,
    by_id: dict[str, dict],
    sites: list[str | None],
) -> tuple[list[str], str | None]:
    """People from JSON-LD, then author meta tags, then the page's byline; organisations only when no person."""
    # "Achtsam durch die Krise | Die FURCHE" in og:site_name: each segment may be the site's name.
    site_names = [part for s in sites if s for part in {s, *_SITE_SEPARATOR.split(s)}]
    found: list[tuple[str, list[str]]] = []
    orgs: list[tuple[str, list[str]]] = []
    if ld_author is not None:
        persons, organisations = people(ld_author, by_id)
        found.append(("json-ld", persons))
        orgs.append(("json-ld", organisations))
    for key in AUTHOR_META:
        values = [v for v in metas.get(key, []) if not v.startswith("http")]
        found.append((f"meta:{key}", [n for value in values for n in split_authors(value)]))
    found.append(("byline", []))
    byline: list[str] | None = None
    for source, names in found:
        if source == "byline":
            names = byline = dom_authors(tree) if byline is None else byline
        persons = [n for n in names if not is_organisation(n, site_names)]
        orgs.append((source, [n for n in names if is_organisation(n, site_names)]))
        if not persons:
            continue
        if all(is_weak(p) for p in persons) and source != "byline":
            # "todd" in the meta tag, "Todd Bates" on the page: the byline says more.
            byline = dom_authors(tree) if byline is None else byline
            fuller = [n for n in byline if not is_organisation(n, site_names) and not is_weak(n)]
            if any(_same_person(p, f) for p in persons for f in fuller):
                persons, source = fuller, "byline"
            elif completed := _completed(tree, persons):
                persons, source = completed, "byline"
        return persons, source
    # An agency named on the page ("Agencia EFE") says more than a publisher put in the author field.
    for source, names in sorted(orgs, key=lambda item: item[0] != "byline"):
        if names:
            return names, source
    return [], None


def _completed(tree: LexborHTMLParser, names: list[str]) -> list[str]:
    """Bare first names completed from a labelled line of the page ("Nils" from "Eine Kolumne von Nils Pickert",
    "Todd" from "<p>By</p><p>Todd Bates</p>"); [] unless every name is found so."""
    body = tree.body
    text = body.text(separator="\n") if body is not None else ""  # the surname stands in the first name's own text
    out = []
    for name in names:
        completed = None
        for found in re.finditer(re.escape(name), text, re.I):
            # The label before the name and the surname after it are checked only where the name stands.
            if _LABEL_BEFORE.search(text, max(0, found.start() - 80), found.start()):
                surname = _SURNAME.match(text, found.end())
                if surname:
                    completed = split_authors(name + surname.group(0))
                    break
        if not completed or len(completed) != 1 or is_weak(completed[0]):
            return []
        out.append(completed[0])
    return out


def _compact(text: str) -> str:
    return _NON_WORD.sub("", text.casefold())


def _same_person(short: str, full: str) -> bool:
    """A login or first name ("todd", "gabor_munier") and a full name ("Todd Bates", "Gàbor Muniér"): the words of
    the one are among the other's."""
    a, b = _name_words(short), _name_words(full)
    if not a or not b:
        return False
    # "arianschlichenmayer": a login that runs the words together.
    return set(a) <= set(b) or set(b) <= set(a) or "".join(a) in "".join(b) or "".join(b) in "".join(a)


def _name_words(name: str) -> list[str]:
    plain = "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))
    return [w for w in _NON_WORD.split(plain) if w]


def people(value: Any, by_id: dict[str, dict] | None = None) -> tuple[list[str], list[str]]:
    """The people and the organisations named in a JSON-LD author value."""
    persons: list[str] = []
    orgs: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict) and set(item) <= {"@id"} and item.get("@id") in (by_id or {}):
            item = (by_id or {})[item["@id"]]
        if isinstance(item, str):
            persons.extend(split_authors(item))
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            kind = item.get("@type", "")
            kinds = {str(k).lower() for k in (kind if isinstance(kind, list) else [kind])}
            names = split_authors(item["name"])
            (orgs if kinds & {"organization", "newsmediaorganization", "corporation"} else persons).extend(names)
    return _dedupe(persons), _dedupe(orgs)


def is_organisation(name: str, site_names: Iterable[str]) -> bool:
    """True for a name that is the site's own, a domain, an agency or a company rather than a person."""
    key = _compact(name)
    if any(key == _compact(s) for s in site_names if s):
        return True
    return bool(_ORG.search(name))


def dom_authors(tree: LexborHTMLParser) -> list[str]:
    """Names from the page's byline elements, else from a short "By …"/"Von …" line, skipping comments and asides."""
    body = tree.body
    if body is None:
        return []
    for rank, selector in enumerate(BYLINE_SELECTORS):
        names: list[str] = []
        group: LexborNode | None = None
        for node in body.css(selector):
            # Co-authors stand in sibling elements of one byline: gather those next to the first match.
            if group is not None and _ancestor(node, 3) is not group:
                continue
            text = _node_text(node)
            if not text or len(text) > 200 or _elsewhere(node) or _HCARD_ORG.search(node.attributes.get("class") or ""):
                continue
            found = split_authors(text)
            # A "byline" of many one-word names is a list of topics or tags.
            if len(found) > 4 and sum(" " not in n for n in found) * 2 >= len(found):
                continue
            # Semantic markup (itemprop, rel, vcard) may name a login ("uriebe"); loose matches must look like names.
            if found and all(_name_like(n, strict=rank > 1) for n in found):
                names += found
                group = group or _ancestor(node, 3)
        if names:
            return _dedupe(names)
    for node in body.css(_TEXT_SEL):
        # The element's own text must open with the label ("von <em>Klaus Stanjek</em>") or a date ("Datum: 19.11.2021
        # Autor: …"): cheap to test, and it spares reading the whole text of every container on the page.
        if not _opens_with_label(node):
            continue
        # Only its first line: "Autor: Klausmartin Friedrich<br>Tags: 1907, 1931, …".
        lines = _first_lines(node, 2)
        text = lines[0] if lines else ""
        if _LABEL_ONLY.fullmatch(text):
            # "<span>Autor:</span> Fritz Imhof<br>", "<div><div>Autor:</div><div>Jane Roe</div></div>",
            # "<p class=label><b>By</b></p> <p class=full-name>Todd Bates</p>": the names follow the label.
            value = lines[1] if len(lines) > 1 else _value_after(node)
            if _FIELD_LABEL.fullmatch(value):
                continue  # "Autor: Quelle:": an empty field, then the next label
            text = f"{text} {value}"
        if 4 < len(text) <= 120 and (_BYLINE_START.match(text) or _INNER_LABEL.search(text)) and not _elsewhere(node):
            found = split_authors(text)
            if found and all(_name_like(n) for n in found):
                return found
    return []


def _value_after(node: LexborNode) -> str:
    """The text after a label element up to the line's end, else the first line of the next element (after the
    parent's when the label is its last child)."""
    parts: list[str] = []
    sibling = node.next
    while sibling is not None and sibling.tag not in _BREAKS:
        if sibling.tag == "-text":
            parts.append(sibling.text_content or "")
        elif sibling.tag not in ("-comment", "script", "style"):
            parts.append(sibling.text())
        sibling = sibling.next
    value = " ".join("".join(parts).split())
    if value:
        return value
    for _ in range(3):
        sibling = node.next
        while sibling is not None and sibling.tag in ("-text", "-comment", "br"):
            sibling = sibling.next
        if sibling is not None:
            return next(iter(_first_lines(sibling, 1)), "")
        if node.parent is None:
            break
        node = node.parent
    return ""


def _first_lines(node: LexborNode, count: int) -> list[str]:
    """The element's first lines of text, broken at <br> and block elements."""
    lines: list[str] = []
    parts: list[str] = []
    for piece in _lines(node):
        if piece == "\n":
            line = " ".join("".join(parts).split())
            parts = []
            if line:
                lines.append(line)
                if len(lines) >= count:
                    return lines
        else:
            parts.append(piece)
    line = " ".join("".join(parts).split())
    return [*lines, line] if line else lines


def _lines(node: LexborNode) -> Iterable[str]:
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            yield child.text_content or ""
        elif child.tag in _BREAKS:
            yield "\n"
            yield from _lines(child)
            yield "\n"
        elif child.tag not in ("-comment", "script", "style", "noscript"):
            yield " "
            yield from _lines(child)
            yield " "


def _opens_with_label(node: LexborNode) -> bool:
    """True when the element's first words (its own text, or its first child's: "<b>Von</b> Jane") are a label."""
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            text = (child.text_content or "").strip()
        elif child.tag == "-comment":
            continue
        elif child.tag in ("h1", "h2"):
            return False  # a box that opens with the headline ("<h1>Von Sprachregeln …</h1>") is no byline
        else:
            text = (child.text(deep=False) or "").strip()
        if text:
            return bool(_BYLINE_LABEL.match(text))
    return False


def _ancestor(node: LexborNode, levels: int) -> LexborNode | None:
    for _ in range(levels):
        if node.parent is None:
            break
        node = node.parent
    return node


def is_weak(name: str) -> bool:
    """True for a bare first name or a login ("todd", "christian.stadtfeld"): a byline may say more."""
    return " " not in name.strip()


def _node_text(node: LexborNode) -> str:
    if node.tag == "meta":
        return node.attributes.get("content") or ""
    return " ".join(node.text(deep=True, separator=" ").split())


def _elsewhere(node: LexborNode) -> bool:
    """True when the node sits in comments, a sidebar, a teaser list, the footer or the navigation."""
    current: LexborNode | None = node
    depth = 0
    while current is not None and current.tag not in ("body", "html") and depth < 8:
        if current.tag in _ELSEWHERE_TAGS:
            return True
        tokens = f"{current.attributes.get('class') or ''} {current.attributes.get('id') or ''}".split()
        if any(_ELSEWHERE.match(t) or _NAV_TOKEN.search(t) for t in tokens if not t.startswith(_LAYOUT_CLASS)):
            # A box that holds the article's headline is the page's layout ("one-sidebar", "widget-area" themes).
            return current.css_first("h1") is None
        current = current.parent
        depth += 1
    return False


def _name_like(name: str, strict: bool = True) -> bool:
    """A person's or an agency's name: 1-5 words, no sentence punctuation, (strict) most words capitalised."""
    words = name.split()
    if not 1 <= len(words) <= 5 or _SENTENCE_MARK.search(name):
        return False
    if not strict:
        return True
    if len(words) > 1 and _DIGIT.search(name):
        return False  # an address or a date, not a name; a login may have digits ("r23")
    particles = {"von", "van", "de", "der", "den", "la", "le", "da", "di", "del", "du", "y", "bin", "al", "zu", "ten"}
    capitalised = sum(1 for w in words if w[:1].isupper() or w.casefold() in particles or not w[:1].isalpha())
    return capitalised >= max(1, len(words) - 1)


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    return [i for i in items if not (i.casefold() in seen or seen.add(i.casefold()))]
