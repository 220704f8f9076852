"""An author named outside any byline: the signature under a story, the agency in its dateline.

A last resort (extract() asks only when no JSON-LD, meta tag or byline named anyone) that asks for a person's name,
two to four capitalised words: a bold "Weiterlesen" or "Mehr zum Thema" closing the story is no one's name.

Not done, measured: taking a site's name as its owner's when it spells the host ("wolfgangmichal.de"). That named
3 authors right on trafilatura-eval and 25 brands as authors ("Golf Post", "Statistics Globe", "La Stampa").
"""

from __future__ import annotations

import re
from datetime import date

from archiver.bylines import AGENCY_CODES, full_name, name_like, split_authors
from archiver.dates import MONTH_WORD, text_date

# A last paragraph that is only a name in bold or italics: "<p><b><i>Stefan Wasmer</i></b></p>" under the story.
_SIGNED = re.compile(r"(\*{1,3})([^*\n]{5,60})\1")


# The office under a signing name: "Kazım TÜRKMEN / DITIB-Bundesvorsitzender", "Jane Roe / President". An office
# word, not any second line: two capitalised German nouns over a line are no signature ("Aktuelle Nutzung").
_OFFICE = re.compile(
    r"vorsitzende[rn]?|präsident(?:in)?|geschäftsführer(?:in)?|direktor(?:in)?|sprecher(?:in)?|leiter(?:in)?|"
    r"bischof|pfarrer(?:in)?|bürgermeister(?:in)?|minister(?:in)?|vorstand|chairman|chairwoman|president|director|"
    r"spokes(?:man|woman|person)|chief\s+executive|\bceo\b",
    re.I,
)


# "Von Matthias Lauerer" set as a line of its own at the top of the story text, also "Ein Interview von Eugen
# Zentner mit Sonja Silberhorn." (the one asked is no author).
_STORY_BYLINE = re.compile(
    r"(?:(?:eine?\s+)?(?P<kind>interview|gespräch|gastbeitrag|beitrag|kommentar)\s+)?(?:von|by)\s+\S.{3,60}", re.I
)
_INTERVIEWEE = re.compile(r"\s+(?:mit|with)\s+.*$", re.I)


def story_byline(text_blocks: list[str]) -> list[str]:
    """The people a byline line opening the story text names ("Von Matthias Lauerer" in the first blocks)."""
    for block in text_blocks[:3]:
        line = block.strip()
        if "\n" not in line and (found := _STORY_BYLINE.fullmatch(line)):
            names = split_authors(_INTERVIEWEE.sub("", line) if found.group("kind") else line)
            return names if names and all(full_name(name) for name in names) else []
    return []


_MONTH = re.compile(MONTH_WORD, re.I)
_WORD = re.compile(r"[^\W\d_]{3,}")  # a word other than "de", "of" or an ordinal's "th" beside a date

# "Autor: Rechtsanwalt Sebastian Einbock" as the story's last line: its author, labelled as such.
_AUTHOR_LINE = re.compile(r"(?:autor(?:in)?|verfasser(?:in)?|author)\s*:\s*(\S.{3,78})", re.I)


def signature(markdown_blocks: list[str]) -> str | None:
    """The name a story is signed with: its last block, when that is a name alone in bold or italics, or a name over
    the signer's office."""
    if not markdown_blocks:
        return None
    last = markdown_blocks[-1].strip()
    labelled = _AUTHOR_LINE.fullmatch(last.strip("*_ "))
    if labelled is not None:
        # "Autor: Samuel Diekmann (Sponsored Post), Redner bei …": the first name given, without its aside.
        names = split_authors(re.sub(r"\s*\([^)]*\)", "", labelled.group(0)))
        return names[0] if names and full_name(names[0]) else None
    signed = _SIGNED.fullmatch(last)
    if signed is not None:
        name = " ".join(signed.group(2).split())
        return name if full_name(name) else None
    lines = _signed_lines(markdown_blocks)
    if len(lines) == 2 and len(lines[1].split()) <= 6 and _OFFICE.search(lines[1]) and full_name(lines[0]):
        return lines[0]
    return None


def signed_on(markdown_blocks: list[str], published: date) -> str | None:
    """The name a post is signed with over the day it was ``published``, the date alone ("Benni" over "10. September
    2017" as the last block): a first name will do, as a blog's sign-off gives no more."""
    lines = _signed_lines(markdown_blocks)
    if len(lines) != 2 or len(lines[1].split()) > 4 or not name_like(lines[0]) or len(lines[0].split()) > 3:
        return None
    day = text_date(lines[1])
    # The date line is nothing but the date: "10. September 2017", not "Berlin, im September 2017".
    if day is None or day.date() != published or _WORD.search(_MONTH.sub("", lines[1])):
        return None
    return lines[0]


def _signed_lines(markdown_blocks: list[str]) -> list[str]:
    """The lines of a story's last block, without their bold and italic marks: a sign-off's name and what follows."""
    return [line.strip(" *_") for line in markdown_blocks[-1].strip().split("\n")] if markdown_blocks else []


# "Hamburg (dpa/lno) – Trotz …", "LOS ANGELES (Reuters) -": a dateline's place, then the agency that filed the story.
_DATELINE = re.compile(
    r"[A-ZÀ-Þ][^\W\d_]*(?:[ ./-]+[^\W\d_]+){0,3}\s+\(((?:[^\W\d_]{2,12}[/,]\s*){0,3}[^\W\d_]{2,12})\)\s*[-–—:]\s"
)


# News agencies a dateline credits; a party or a team in brackets ("Merkel (CDU) –") is none of them.
_AGENCIES = frozenset(AGENCY_CODES) | {
    "sda", "ddp", "dapd", "upi", "xinhua", "tass", "ria", "pa", "aap", "cp", "kyodo", "jiji", "yonhap", "ots", "idea",
    "kathpress", "bloomberg",
}  # fmt: skip
# A US broadcaster's call sign: "AUSTIN (KXAN) —".
_CALL_SIGN = re.compile(r"[KW][A-Z]{2,3}")


def dateline_agency(markdown_blocks: list[str]) -> list[str]:
    """The agencies a story's dateline credits ("Hamburg (dpa/lno) –" → dpa, lno), from its first block."""
    if not markdown_blocks:
        return []
    found = _DATELINE.match(markdown_blocks[0].lstrip("*_ "))
    codes = [code.strip() for code in re.split(r"[/,]", found.group(1))] if found else []
    return codes if codes and (codes[0].casefold() in _AGENCIES or _CALL_SIGN.fullmatch(codes[0])) else []


# "Quelle: kathpress", "Quelle: MDR THÜRINGEN/ls": the source line under a story, naming the agency or desk.
_SOURCE_LINE = re.compile(r"(?:quelle|source|fuente|fonte)\s*:\s*([^\n:]{2,60}?)\s*\.?", re.I)


# "… jederzeit neu bilden können, hieß es. (FR mit dpa)", "(dpa/gem)": the credit closing the story's last paragraph.
_CLOSING_CREDIT = re.compile(r"\((?:mit material von\s+)?([^()]{2,40})\)$", re.I)
_AGENCY_WORD = re.compile(r"\b(?:" + "|".join(sorted(_AGENCIES)) + r")\b", re.I)


def source_credit(texts: list[str]) -> list[str]:
    """The agency or desk the source line among a story's last blocks names ("Quelle: MDR THÜRINGEN/ls" → MDR
    THÜRINGEN, ls), else the agency credit in brackets that closes one of them ("(FR mit dpa)"), split as a byline
    is."""
    for text in reversed(texts):
        found = _SOURCE_LINE.fullmatch(text.strip())
        if found:
            return split_authors(found.group(1))
    for text in reversed(texts):
        closing = _CLOSING_CREDIT.search(text.strip())
        if closing and _AGENCY_WORD.search(closing.group(1)):
            return split_authors(closing.group(1))
    return []
