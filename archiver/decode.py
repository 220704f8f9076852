"""Bytes to text: the page's charset (header, <meta>, detection) and whether the bytes are HTML at all."""

from __future__ import annotations

import logging
import re

from charset_normalizer import from_bytes

log = logging.getLogger(__name__)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)


def decode_html(content: bytes, content_type: str = "") -> tuple[str, str]:
    """Decode HTML bytes using the header charset, then <meta charset>, then detection."""
    for candidate in (_header_charset(content_type), _meta_charset(content[:4096]), "utf-8"):
        if candidate:
            try:
                return content.decode(candidate), candidate
            except LookupError:
                log.debug("unknown charset %s", candidate)
            except UnicodeDecodeError:
                # A few stray bytes in a page that is otherwise what it says: replace them rather than
                # let detection guess another charset and garble every accented letter.
                text = content.decode(candidate, errors="replace")
                if text.count("\ufffd") <= max(3, len(text) // 2000):
                    return text, candidate
                log.debug("charset %s does not decode the page", candidate)
    best = from_bytes(content[:200_000]).best()
    if best is not None and best.encoding:
        return content.decode(best.encoding, errors="replace"), best.encoding
    return content.decode("utf-8", errors="replace"), "utf-8"


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
