"""What an author meta tag names: people, a body whole, or an imprint line; the site's own name taken out.

The tags (``AUTHOR_META``) name one person, several, an organisation or the site; CMSs also fill them with the
publisher's imprint ("SPIEGEL ONLINE, Hamburg, Germany") and scholarly pages with "Surname, Given".
"""

from __future__ import annotations

import re
from functools import cache

from babel import Locale

from archiver.bylines import NAME_PARTICLES, dedupe, name_like, split_authors

AUTHOR_META = (
    "author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "dcterms.creator", "byl",
    "citation_author", "shareaholic:article_author_name", "cxenseparse:author",
)  # fmt: skip
# Tags whose values put the surname first ("Jong, Michiel de"), one person each: Highwire's and Dublin Core's.
_CITATION_META = {"citation_author", "dc.creator", "dcterms.creator"}
# "unocero - Alberto Ávila": a site's name and the author's, in one value.
SITE_SEPARATOR = re.compile(r"\s+[|–—·•»-]\s+")
# The site's makers and its rights line, put in the author tag by themes: "Peter Amende und Fuchsy designed",
# "Web Commerce GmbH www.w-commerce.de", "Copyright Haufe-Lexware GmbH & Co. KG - all rights reserved".
_MAKERS = re.compile(
    r"\b(?:designed|design\s+by|powered\s+by|developed|programmiert|realisiert|webdesign|all\s+rights\s+reserved|"
    r"alle\s+rechte)\b|\bwww\.|^(?:copyright|©)",
    re.I,
)


def tag_authors(key: str, values: list[str], sites: set[str]) -> tuple[list[str], list[str]]:
    """The people an author meta tag names, and the bodies it names whole (``sites``: the site's names, folded)."""
    values = [_without_site(v, sites) for v in values if not v.startswith("http")]
    if key in _CITATION_META:
        values = [_given_first(v) for v in values]
    names: list[str] = []
    bodies: list[str] = []
    for value in map(_without_place, values):
        if _MAKERS.search(value):
            continue
        parts = split_authors(value)
        # "Bundesministerium für Wirtschaft und Klimaschutz", "Bündnis 90/Die Grünen": a name with words no person's
        # name has is a body's, whole, not people split at its "und" and "/".
        # "Kirche und Leben", "Jobs & Hire": two or more single words joined are a title's words, not people's.
        if any(len(part.split()) > 1 and not name_like(part) for part in parts) or (
            len(parts) > 1 and all(" " not in part for part in parts) and "," not in value
        ):
            # A body's name opens with a capital: "deinen Hochzeitsbloggern" is a phrase, "wegewerk GmbH" a
            # web agency's signature (a publisher's or a ministry's name is capitalised, if its script has capitals).
            if not value.lstrip()[:1].islower():
                bodies.append(" ".join(value.split()))
        else:
            names += parts
    return dedupe(names), bodies


def _without_place(value: str) -> str:
    """An author tag without the place an imprint line ends with: "SPIEGEL ONLINE, Hamburg, Germany" is SPIEGEL
    ONLINE, "Sebastian Held, Daniel Hentschel, Germany" two people. A one-word part before the country is its city."""
    parts = [part.strip() for part in value.split(",")]
    if len(parts) < 2 or parts[-1].casefold() not in _countries():
        return value
    if len(parts) == 2 and len(parts[0].split()) < 2:
        return value  # "Smith, Chad": a surname and a given name that names a country too
    parts.pop()
    if len(parts) >= 2 and len(parts[-1].split()) == 1:
        parts.pop()
    return ", ".join(parts)


@cache
def _countries() -> frozenset[str]:
    """Country names in the corpus's languages, case-folded (babel's CLDR data)."""
    names = set()
    for language in ("en", "de", "fr", "es", "it", "pl", "nl", "pt"):
        names |= {name.casefold() for code, name in Locale(language).territories.items() if len(code) == 2}
    return frozenset(names)


def _given_first(value: str) -> str:
    """ "Jong, Michiel de" → "Michiel de Jong", "Kooman, F." → "F. Kooman": the surname-first form of the scholarly
    author tags, one person a tag. "Jane Doe, John Roe" (two names) is left to be split."""
    surname, comma, given = value.partition(",")
    given_words, surname_words = given.split(), surname.split()
    core = [w for w in surname_words if w.casefold() not in NAME_PARTICLES]  # "van der Berg, Anna"
    if not comma or "," in given or not given_words or len(given_words) > 4 or len(core) != 1:
        return value
    if not core[0][:1].isupper():
        return value
    if not all(w[:1].isupper() or w in NAME_PARTICLES for w in given_words):
        return value
    return f"{' '.join(given_words)} {' '.join(surname_words)}"


def _without_site(value: str, sites: set[str]) -> str:
    """An author value without segments naming the site: "unocero - Alberto Ávila" is Alberto Ávila of unocero."""
    parts = SITE_SEPARATOR.split(value)
    kept = [part for part in parts if part.strip().casefold() not in sites]
    return " - ".join(kept) if kept and len(kept) < len(parts) else value
