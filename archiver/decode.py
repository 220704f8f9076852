"""Bytes to text: the page's charset (header, <meta>, detection) and whether the bytes are HTML at all."""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from charset_normalizer import from_bytes

log = logging.getLogger(__name__)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)


@dataclass(frozen=True)
class Decoded:
    """A page's text, the charset it was read in, and whether it decoded without a replaced byte."""

    text: str
    charset: str
    exact: bool


def decode_html(content: bytes, content_type: str = "") -> tuple[str, str]:
    """Decode HTML bytes using the header charset, then <meta charset>, then detection."""
    decoded = decode_page(content, content_type)
    return decoded.text, decoded.charset


def decode_page(content: bytes, content_type: str = "") -> Decoded:
    """Decode HTML bytes using the header charset, then <meta charset>, then detection (see Decoded)."""
    for candidate in (_header_charset(content_type), _meta_charset(content[:4096]), "utf-8"):
        if candidate:
            try:
                return Decoded(content.decode(candidate), candidate, True)
            except LookupError:
                log.debug("unknown charset %s", candidate)
            except UnicodeDecodeError:
                # A few stray bytes in a page that is otherwise what it says: replace them rather than
                # let detection guess another charset and garble every accented letter.
                text = content.decode(candidate, errors="replace")
                if text.count("\ufffd") <= max(3, len(text) // 2000):
                    return Decoded(text, candidate, False)
                log.debug("charset %s does not decode the page", candidate)
    best = from_bytes(content[:200_000]).best()
    if best is not None and best.encoding:
        return Decoded(content.decode(best.encoding, errors="replace"), best.encoding, False)
    return Decoded(content.decode("utf-8", errors="replace"), "utf-8", False)


@lru_cache(maxsize=64)
def ascii_compatible(charset: str) -> bool:
    """Whether ASCII text is the same bytes in this charset (UTF-8, Latin-1, Shift-JIS…; not UTF-16 or EBCDIC), so
    an ASCII marker can be searched for in the raw bytes."""
    try:
        return codecs.lookup(charset).encode("<a =/>")[0] == b"<a =/>"
    except (LookupError, UnicodeError):
        return False


@lru_cache(maxsize=64)
def is_utf8(charset: str) -> bool:
    """Whether the charset name is one of UTF-8's."""
    try:
        return codecs.lookup(charset).name == "utf-8"
    except LookupError:
        return False


def _header_charset(content_type: str) -> str | None:
    match = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type, re.I)
    return match.group(1).lower() if match else None


def _meta_charset(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    return match.group(1).decode("ascii", "ignore").lower() if match else None


# Magic numbers of what is most often served under a wrong type: images, PDF, archives (the rest has control bytes).
BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF-", b"PK\x03\x04", b"\x1f\x8b")
_CONTROL = bytes(set(range(32)) - {9, 10, 12, 13, 27})  # tab, newlines, form feed and ESC (ISO-2022) occur in text


def looks_binary(content: bytes) -> bool:
    """Whether the body is plainly not text: a known binary signature, or control bytes all over its start."""
    head = content[:1024]
    if not head or head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):  # BOMs: UTF-16 text is full of NULs
        return False
    if head.startswith(BINARY_MAGIC):
        return True
    return len(head.translate(None, _CONTROL)) < len(head) * 0.9


def looks_like_html(content: bytes) -> bool:
    """Whether the body starts like an HTML document (for servers that send no or a generic type)."""
    head = content[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--", b"<meta")) or b"<html" in head
