"""Names from byline text: split and cleaned of labels, roles, dates and "Staff"; people told from organisations."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from archiver.dates import MONTH_WORD

# "By", "Von", "Text & Fotos:", "Posted by", "View all posts by", "Autor:": labels in front of the names.
_LABEL = re.compile(
    r"^(?:(?:view|see|show)\s+all\s+(?:posts|articles|stories)\s+by|zeige\s+alle\s+beiträge\s+von|(?:zum\s+)?profil\s+von|"
    r"alle\s+(?:artikel|beiträge)\s+von|alles\s+von|more\s+(?:from|by)|mehr\s+von|about\s+the\s+author|über\s+(?:den|die)\s+autor(?:in)?|"
    r"(?:(?:a|an|ein|eine)\s+)?(?:text|texte|fotos?|photos?|interview|artikel|article|(?:blog\s*-?\s*)?beitrag|blog\s*-?\s*post|bericht|kommentar|"
    r"analyse|essay|story|words|kolumne|column|gastbeitrag|gastkommentar|glosse|reportage|posted|written|geschrieben|erstellt|verfasst|veröffentlicht|edited|reported|"
    r"pressemitteilung|pressemeldung|press\s+release|"
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
    r"\s+(?:filed\s+)?under\s|"  # "Posted by Nesselsetzer under Just For Fun, Rebloggt": the post's categories
    r"\s+(?:says|sagt|schreibt|wrote|writes|dit|dice)\s*:?\s*$|\s+(?:follow|folgen|shares?|kommentare?|comments?)\b).*$",
    re.I | re.S,
)
# How a byline line opens: "By Caleb Morrow …", "von Nadja Demel", "Par Martin Untersinger".
BYLINE_OPENING = re.compile(r"(?:by|von|par|por|door)\s+[A-ZÀ-Þ]", re.I)
LEADING_DATE = re.compile(
    r"^(?:(?:" + _WEEKDAYS + r"),?\s*)?(?:\d{1,2}\.?\s*(?:" + _MONTHS + r")\w*\.?\s*\d{0,4}|"
    r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|(?:" + _MONTHS + r")\w*\.?\s+\d{1,2},?\s+\d{4})[,|\s]*"
    r"(?:\d{1,2}[:.]\d{2}\s*(?:uhr|h|am|pm)?[,|\s]*)?",
    re.I,
)
_WEEKDAY_ABBR = re.compile(r"(?:Mo|Di|Mi|Do|Fr|Sa|So|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\.?,?")
# "Von" inside a line is a label ("Quelle: dpa-AFX Von David Hutzler"); "von" inside a name is a particle.
_INNER_BY = re.compile(r"^(?:\S+\s+){1,4}?(?:(?i:by|par|por)|Von(?=\s+[A-Z]))\s+(?=\S)")
_FIELD = re.compile(r",?\s+[^\W\d_]+\s*:\s+(?=\S)")
# Runs of anything but letters and digits, dropped when names are compared.
NON_WORD = re.compile(r"[\W_]+")
# Lower-case words inside a person's name: "Ursula von der Leyen", "Osama bin Laden".
NAME_PARTICLES = frozenset(
    {"von", "van", "de", "der", "den", "la", "le", "da", "di", "del", "du", "zu", "ten", "bin", "al"}
)
# ... and "y", which joins Spanish surnames ("Ortega y Gasset"), but in a signature would join two nouns as well.
_NAME_LINKS = NAME_PARTICLES | {"y"}
_SYMBOL = re.compile(r"[→←»«›‹©®™]")
_LETTER = re.compile(r"[^\W\d_]")
# A full stop ends a sentence, not an initial ("John F.") or a suffix ("Perry Bacon Jr.").
_SENTENCE_MARK = re.compile(r"[!?;:]|\.\s*$(?<!\b\w\.)(?<![JS]r\.)")
_DIGIT = re.compile(r"\d")
# An author label inside the line: "Datum: 19.11.2021 Autor: Fritz Imhof".
INNER_LABEL = re.compile(r"(?:^|\s)(?:autor(?:in|en)?|authors?|verfasser(?:in)?|redaktion|text)\s*:\s*(?=\S)", re.I)
# "Martin Untersinger (avec Damien Leloup et Morgane Tual)": a parenthesis of co-authors splits too.
_SPLIT = re.compile(
    r"\s*(?:[,;&/+]|\s(?:and|und|et|y|e|i|og|en|und\s+von)\s|\s\((?:avec|with|mit|con)\s|"
    # An interview's two sides: "Richard David Precht im Gespräch mit Karin Fischer".
    r"\s(?:im\s+gespräch\s+mit|in\s+conversation\s+with|interviewed\s+by|en\s+conversation\s+avec)\s)\s*",
    re.I,
)
# Job titles after or instead of a name: "Jane Doe, Staff Writer", "Ben Silverman Games Editor".
_ROLE = re.compile(
    r"\b(?:staff|senior|chief|editor(?:s|ial)?|writer|reporter|correspondent|contributor|columnist|analyst|"
    r"technologist|producer|director|manager|photographer|fotograf(?:in)?|intern|freelancer?|journalist(?:in)?|"
    r"redakteur(?:in)?|korrespondent(?:in)?|autor(?:in)?|author|redaktion|redacción|rédaction|chefredakteur(?:in)?|"
    r"volontär(?:in)?|pressesprecher(?:in)?|herausgeber(?:in)?|moderator(?:in)?|experte|expertin|"
    # Offices: "Projektleiterin der HSS in Tunesien", "Geschäftsführer von Valendo" ("Leiter" alone is a surname).
    r"\w+leiter(?:in)?|leiterin|geschäftsführer(?:in)?|"
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
    # Labels and CMS defaults seen as authors: "Autoren", Joomla's "Super User", "Unbenannt" (untitled), "red.",
    # photo courtesies ("Cortesía", "zvg": zur Verfügung gestellt), a schema's "publisher".
    "autoren", "authors", "super user", "unbenannt", "untitled", "eingestellt von", "publisher", "red", "red.",
    "cortesía", "cortesia", "courtesy", "zvg", "kolumnist", "kolumnistin", "newsletter",
    "anónimo", "anonimo", "anonyme", "anonymus",
    # A column's name in the author field: "Letters To The Editor" (mercurynews.com).
    "letters to the editor", "letter to the editor", "leserbriefe", "leserbrief",
}  # fmt: skip
# A paper's newsroom, in the corpus's languages.
_DESKS = r"redaktion|redacción|rédaction|redazione|newsroom"
# News agencies a byline or a dateline names by their code.
AGENCY_CODES = ("dpa", "afp", "apa", "reuters", "ap", "kna", "epd", "sid", "efe", "ansa")
# "Redaktion X", "Redacción Diario X", "auto-motor.at Redaktion": the newsroom of a named paper, not a bare label.
_NEWSROOM_OF = re.compile(
    rf"^(?i:{_DESKS}|redaccion)\s+(?!(?i:staff|team)\b)[A-ZÀ-Þ]|"
    rf"^\S+\s+(?i:{_DESKS})$|"  # one name, then the desk
    r"^(?:[A-Z0-9]{2,}|\S+\.\S+)\s+(?i:staff(?:\s+report)?)$"  # "HLNF Staff Report" ("Jörg Staff" is a person)
)
# A profession printed before the name: "Rechtsanwalt Dennis Tölle" (an academic title, "Dr.", stays: it is printed
# as part of the name).
_PROFESSION = re.compile(
    r"^(?:rechtsanw[aä]lt(?:in)?|fachanw[aä]lt(?:in)?|steuerberater(?:in)?|notar(?:in)?|attorney|lawyer|avocat|abogad[oa])"
    r"\s+(?=[A-ZÀ-Þ])",
    re.I,
)
# A "name" made only of dates, weekdays and labels ("Publiziert am", "Dezember 10") is none.
_NO_NAME_WORD = re.compile(
    r"^(?:\d+\.?|am|on|le|el|den|der|the|at|um|" + MONTH_WORD + r"\.?|" + _WEEKDAYS + r"|"
    r"publiziert|veröffentlicht|published|posted|updated|von|by|par|por|stand|uhr|"
    r"artikel|articles?|posts?|beiträge|stories)$",
    re.I,
)
_ORG = re.compile(
    rf"\b(?:gmbh|ag|se|e\.\s?v|inc|ltd|llc|plc|corp|co|kg|verlag|{_DESKS}|zeitung|news|nachrichten|magazin|magazine|"
    r"illustrierte|media|medien|online|press|presse|team|staff|agentur|agency|service|services|group|gruppe|verband|"
    rf"institut|stiftung|foundation|university|universität|edition|{'|'.join(AGENCY_CODES)})\b|\.(?:de|com|at|ch|net|org)\b|"
    r"^(?-i:[A-Z][A-Z-]{1,5})$|"  # an agency's or desk's code: "SP-X", "KNA"
    r"^the\s",  # "The Local", "The Economist": no person's name opens with the article
    re.I,
)
# "Josh Willink von Pexels": a picture credit, not a byline.
_PHOTO_CREDIT = re.compile(
    r"\b(?:pexels|unsplash|pixabay|shutterstock|getty\s*images|istock\w*|imago|adobe\s*stock)\b|"
    r"^(?:фото|foto|photo|bild)\s",  # "Фото из Инстаграма Лукаша Подольски": a picture's caption
    re.I,
)
# "Stephangoeldi said": a comment's attribution, not a byline.
_SAID = re.compile(r"\s(?:said|says|wrote|writes|schrieb|schreibt|sagt|sagte|meint|meinte|a\s+écrit|escribió)$", re.I)
_WRITING_FOR = re.compile(r"^(\S+(?:\s+\S+)+?)\s+(?i:for)\s+(?:(?i:the)\s+)?[A-Z][\w.]*(?:\s+[\w.]+){0,4}$")
# Links, obfuscated e-mail addresses ("[email protected]") and a leading "©" around names.
_NOISE = re.compile(r"\(?\bhttps?://\S+|\[email[^\]]*\]?|^(?:©|\(c\)|copyright)\s*", re.I)
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
_NON_LETTER = re.compile(r"[\W\d_]+")
_MARKUP = re.compile(r"</?[a-zA-Z][^>]*>")


def split_authors(text: str | None) -> list[str]:
    """Split a byline such as "By A and B, Staff Writer | March 3, 2024" into names."""
    if not text:
        return []
    text = _INVISIBLE.sub("", html.unescape(text) if "&" in text else text)
    if "<" in text:
        text = _MARKUP.sub("", text)  # a CMS's rendered link in a JSON-LD or meta value
    # The first line holds the names; dates, roles and "Updated" follow on later lines.
    lines = [" ".join(line.split()) for line in re.split(r"\s*\n\s*", text.strip()) if line.strip()]
    text = _NOISE.sub("", lines[0] if lines else "")
    if text.startswith("#"):
        return []  # "#Krótko o przepisach prawa w Nowej Zelandii i Polsce": a series' hashtag, not a byline
    text = LEADING_DATE.sub("", text)
    inner = INNER_LABEL.search(text)
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
    text = text.strip(" ,;|-–—:(")
    names = []
    for part in _SPLIT.split(text):
        if names and _ROLE.match(part.strip()):
            break  # "Jane Doe, Senior Staff Technologist, ACLU Speech, Privacy, and Technology Project"
        name = _clean_name(part)
        if name:
            names.append(name)
    last = names[-1] if len(names) > 1 else ""
    if is_weak(last) and not any(is_weak(n) for n in names[:-1]) and re.search(rf",\s*{re.escape(last)}\W*$", text):
        names.pop()  # "Markus Balser, Berlin": the dateline's place after full names, not a co-author
    return dedupe(names)


def _strip_label(text: str) -> str:
    for _ in range(3):  # "Text & Fotos: Von Jane Doe"
        stripped = _LABEL.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return text


def _clean_name(part: str) -> str | None:
    part = _strip_label(re.sub(r"^(?:and|und|et|y)\s+", "", part.strip(" ,;|-–—:[]\"'"), flags=re.I))
    part = re.sub(r"\s*\((?:[a-z]{1,4})?\)$", "", part)  # "Julia Hitz (eg)": an editor's code after the name
    # A parenthesis is kept whole or not at all: "Julia Hitz (eg/dpa)" split open, "… Morgane Tual)" closing a list.
    if part.count("(") > part.count(")"):
        part = part[: part.rfind("(")]
    elif part.count(")") > part.count("("):
        part = part.strip("()")
    part = re.sub(r"\s+@\w+$", "", part)  # "Jane Doe @janedoe"
    part = _PROFESSION.sub("", part)
    # "Brendan Carlin For The Mail On Sunday", "Jane Roe for Dailymail.Com": the paper written for is no name.
    part = _WRITING_FOR.sub(r"\1", part)
    # "jesusfreak jesusfreak": a login twice, as a link's text and its avatar's alt ("Ahmed Ahmed" is a name).
    part = re.sub(r"^([a-z0-9_.-]\S*)\s+\1$", r"\1", part)
    if _DEGREE.match(part) or part.casefold() in _NOT_NAMES or _SAID.search(part):
        return None
    # "Ben Silverman Games Editor", "Harald Bauer Autor": a role after the name goes, a role alone is no name.
    role = _ROLE.search(part)
    if role and _NEWSROOM_OF.match(part):
        return part  # "Redacción Diario Pagina Siete": a paper's newsroom, named whole (an organisation)
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


def _compact(text: str) -> str:
    return NON_WORD.sub("", text.casefold())


def people(value: Any, by_id: dict[str, dict] | None = None) -> tuple[list[str], list[str]]:
    """The people and the organisations named in a JSON-LD author value."""
    persons: list[str] = []
    orgs: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict) and set(item) <= {"@id"} and item.get("@id") in (by_id or {}):
            item = (by_id or {})[item["@id"]]
        if isinstance(item, str):
            persons.extend(split_authors(item))
        elif isinstance(item, dict) and isinstance(item.get("name"), (str, list)):
            kind = item.get("@type", "")
            kinds = {str(k).lower() for k in (kind if isinstance(kind, list) else [kind])}
            # Drupal's schema module lists one Person's "name" as several, each a rendered link:
            # ["<a href=/pl/eksperci/mateusz-gniazdowski>Mateusz Gniazdowski</a>", …].
            given = item["name"] if isinstance(item["name"], list) else [item["name"]]
            names = [n for text in given if isinstance(text, str) for n in split_authors(text)]
            if kinds & {"organization", "newsmediaorganization", "corporation"}:
                orgs.extend(names)
            else:
                full = (by_id or {}).get(item.get("@id"), item) if isinstance(item.get("@id"), str) else item
                persons.extend(_by_bio(n, full.get("description")) for n in names)
    return dedupe(persons), dedupe(orgs)


def _by_bio(name: str, bio: Any) -> str:
    """A bare first name completed by the person's own description: "Stefanus" whose bio opens "Stefanus Stahl -
    Maschinenbauer, Abenteurer …"."""
    if not is_weak(name) or not isinstance(bio, str):
        return name
    return with_surname(name, bio, opening=True) or name


def with_surname(name: str, text: str, opening: bool = False) -> str | None:
    """The first name ``name`` and the one or two capitalised words after it in ``text`` ("Alexander" in "Dr.
    Alexander Klier"), at the text's start only with ``opening``; None when it stands there without them."""
    surname = r"((?:[ \t]+[A-ZÀ-Þ][^\W\d_]+(?:-[A-ZÀ-Þ][^\W\d_]+)?){1,2})\b"
    pattern = rf"\s*{re.escape(name)}{surname}" if opening else rf"\b{re.escape(name)}{surname}"
    found = re.match(pattern, text) if opening else re.search(pattern, text)
    return f"{name}{found.group(1)}" if found else None


def is_organisation(name: str, site_names: Iterable[str]) -> bool:
    """True for a name that is the site's own, a domain, an agency or a company rather than a person."""
    key = _compact(name)
    if any(key == _compact(s) for s in site_names if s):
        return True
    return bool(_ORG.search(name))


def is_weak(name: str) -> bool:
    """True for a bare first name or a login ("todd", "christian.stadtfeld"): a byline may say more."""
    return " " not in name.strip()


def name_like(name: str, strict: bool = True) -> bool:
    """A person's or an agency's name: 1-5 words, no sentence punctuation, (strict) every word capitalised but name
    particles ("Ursula von der Leyen")."""
    words = name.split()
    if not 1 <= len(words) <= 5 or _SENTENCE_MARK.search(name):
        return False
    if len(_NON_LETTER.sub("", name)) < 2:
        return False  # "A" of "gebührenfrei aus D, A, CH": a country's code in an address, no one's name
    if not strict:
        return True
    if len(words) > 1 and _DIGIT.search(name):
        return False  # an address or a date, not a name; a login may have digits ("r23")
    # Every word: "von Helsingborg nach Göteborg" and "Kontaktverbot bis Zoonose" (a route, a glossary's range)
    # left one lowercase word when one was allowed.
    return all(w[:1].isupper() or w.casefold() in _NAME_LINKS or not w[:1].isalpha() for w in words)


def full_name(name: str, sites: Iterable[str] = ()) -> bool:
    """A person's full name: two to four words, each capitalised but for name particles ("Ursula von der Leyen"),
    no organisation's (``sites``: the site's own names)."""
    words = name.split()
    return (
        2 <= len(words) <= 4
        and name_like(name)
        and not is_organisation(name, sites)
        and all(w[:1].isupper() or w in NAME_PARTICLES for w in words)
    )


def dedupe(items: list[str]) -> list[str]:
    """The items without case-insensitive repeats, in their first order."""
    seen: set[str] = set()
    return [i for i in items if not (i.casefold() in seen or seen.add(i.casefold()))]
