"""A login or a bare first name as the page spells the person out: "Nils" from "Eine Kolumne von Nils Pickert",
"christian.stadtfeld" from "(Christian P. Stadtfeld)", "Alexander" from a blog titled "Dr. Alexander Klier"."""

from __future__ import annotations

import re
import unicodedata

from selectolax.lexbor import LexborHTMLParser

from archiver.bylines import NON_WORD, is_weak, split_authors, with_surname

_PARTICLE = r"(?:von|van|de|der|den|la|le|da|di|del|du|zu|ten)"
_LABEL_BEFORE = re.compile(r"(?i:\b(?:von|by|par|por|autor(?:in)?|author)\s*:?\s+)$")
_SURNAME = re.compile(r"(?:[ \t\xa0]+(?:[A-ZÀ-Þ][^\W\d_]*\.?|" + _PARTICLE + r"(?=[ \t\xa0]+[A-ZÀ-Þ]))){1,3}")


def from_labelled_line(tree: LexborHTMLParser, names: list[str]) -> list[str]:
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


def completed_by(names: list[str], texts: list[str | None]) -> list[str]:
    """A bare first name completed by a full name that the site's name or the page's title starts with it:
    [] unless the names are one first name found so."""
    if len(names) != 1 or not is_weak(names[0]) or not names[0][:1].isupper():
        return []
    full = next((f for text in texts if text and (f := with_surname(names[0], text))), None)
    return [full] if full else []


def spelled_out(tree: LexborHTMLParser, logins: list[str]) -> list[str]:
    """Logins such as "christian.stadtfeld" as the page prints the name ("(Christian P. Stadtfeld)"): its parts,
    capitalised, with at most a middle initial between them; [] unless every login is found so."""
    body = tree.body
    text = body.text(separator=" ") if body is not None else ""
    out = []
    for login in logins:
        parts = [p for p in re.split(r"[._-]+", login) if p]
        if not 2 <= len(parts) <= 3 or not all(p.isalpha() and len(p) > 1 for p in parts):
            return []
        pattern = r"\s+(?:[A-ZÀ-Þ]\.\s+)?".join(f"(?i:{re.escape(p[0])})(?-i:{re.escape(p[1:])})" for p in parts)
        found = re.search(rf"\b{pattern}\b", text)
        if found is None or not all(w[:1].isupper() for w in found.group(0).split()):
            return []
        out.append(" ".join(found.group(0).split()))
    return out


def same_person(short: str, full: str) -> bool:
    """A login or first name ("todd", "gabor_munier") and a full name ("Todd Bates", "Gàbor Muniér"): the words of
    the one are among the other's."""
    a, b = _name_words(short), _name_words(full)
    if not a or not b:
        return False
    # "arianschlichenmayer": a login that runs the words together.
    return set(a) <= set(b) or set(b) <= set(a) or "".join(a) in "".join(b) or "".join(b) in "".join(a)


def name_key(name: str) -> str:
    """A name's letters and digits, lower-case and without accents: "Sadhbh O'Sullivan" is "sadhbhosullivan"."""
    return "".join(_name_words(name))


def _name_words(name: str) -> list[str]:
    plain = "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))
    return [w for w in NON_WORD.split(plain) if w]


def as_printed(names: list[str], text: str) -> list[str]:
    """Names as the page's text prints them: trafilatura title-cases what it finds and turns punctuation into
    spaces ("www koffergepackt com", "Freiheit Org" from "freiheit.org", "So Artikel Empfehlen" from a button);
    a name it made up so, one the text does not hold word for word, is dropped."""
    out = []
    for name in names:
        words = [w for w in NON_WORD.split(name) if w]
        if not words:
            continue
        # The name's words in order, with no more than a little punctuation between them, as whole words.
        pattern = r"[\W_]{1,3}".join(re.escape(w) for w in words)
        found = re.search(rf"(?<!\w){pattern}(?!\w)", text, re.I)
        if found:
            out.append(found.group(0))
    return out


# Two or three capitalised words: a name as a page prints it ("Donald Townsend", "Henry Steinhau").
_PRINTED_NAME = re.compile(r"\b[A-ZÀ-Þ][^\W\d_]+(?:[ \t\xa0]+[A-ZÀ-Þ][^\W\d_]+){1,2}\b")


def spelled_by_slug(name: str, slug: str, text: str) -> str | None:
    """A byline's initials or first name ("DT") as its author archive's address spells the person
    ("/author/donaldtownsend/") and the page's ``text`` prints them ("Donald Townsend"); None when it does not."""
    key = name_key(name)
    if not is_weak(name) or len(slug) <= len(key):
        return None
    for found in _PRINTED_NAME.finditer(text):
        full = " ".join(found.group(0).split())
        words = _name_words(full)
        # The byline is the printed name's initials ("DT") or its first word ("Donald").
        if "".join(words) == slug and key in ("".join(w[0] for w in words), words[0]):
            return full
    return None


def with_host_surname(name: str, host_labels: list[str], text: str) -> str | None:
    """A first name ("Henry") with the surname that the site is named after (steinhau.com), as the page's ``text``
    prints the two together ("Ausschnitt: Henry Steinhau"); None when it does not."""
    if not is_weak(name) or not name[:1].isupper():
        return None
    for found in re.finditer(rf"\b{re.escape(name)}[ \t\xa0]+([A-ZÀ-Þ][^\W\d_]+)\b", text):
        if name_key(found.group(1)) in host_labels:
            return f"{name} {found.group(1)}"
    return None
