"""Fetch one page as HTML: httpx client factory, limits, content-type and charset handling."""

from __future__ import annotations

import logging
import re
import time
from datetime import UTC, datetime

import httpx
from charset_normalizer import from_bytes

from archiver import __version__
from archiver.errors import HTTPStatusError, NetworkError, NotHTMLError, TooLargeError
from archiver.models import Page

log = logging.getLogger(__name__)

USER_AGENT = f"archiver/{__version__} (+https://pypi.org/project/archiver-news/; news archiving bot)"
DEFAULT_TIMEOUT = httpx.Timeout(20.0, connect=10.0)
MAX_REDIRECTS = 10
MAX_BYTES = 10 * 1024 * 1024
HTML_TYPES = ("text/html", "application/xhtml+xml")
# Servers often omit the type or send a generic one for HTML; the body is sniffed then.
SNIFF_TYPES = ("", "text/plain", "application/octet-stream")

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
# Headers that may carry credentials: never stored with a snapshot or fetch row.
SECRET_HEADERS = {"set-cookie", "cookie", "authorization", "proxy-authorization", "www-authenticate"}


def make_client(timeout: float | httpx.Timeout | None = None, **kwargs) -> httpx.Client:
    """Return an httpx client with archiver's User-Agent, timeouts and redirect limit."""
    return httpx.Client(
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"},
        timeout=timeout if timeout is not None else DEFAULT_TIMEOUT,
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        **kwargs,
    )


def fetch_page(
    url: str,
    client: httpx.Client | None = None,
    *,
    max_bytes: int = MAX_BYTES,
    headers: dict[str, str] | None = None,
) -> Page:
    """Fetch ``url`` and return it as a decoded Page; raise a FetchError subclass on failure."""
    own = client is None
    client = client or make_client()
    started = time.monotonic()
    try:
        with client.stream("GET", url, headers=headers) as response:
            if response.status_code >= 400:
                raise HTTPStatusError(
                    f"HTTP {response.status_code} {response.reason_phrase}".strip(),
                    url=url,
                    status=response.status_code,
                )
            ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise TooLargeError(
                    f"page is {int(declared):,} bytes, over the {max_bytes:,}-byte limit",
                    url=url,
                    status=response.status_code,
                )
            if ctype and ctype not in HTML_TYPES and ctype not in SNIFF_TYPES:
                raise NotHTMLError(f"not HTML (content-type {ctype})", url=url, status=response.status_code)
            chunks: list[bytes] = []
            size = 0
            # iter_bytes decodes gzip/br, so the cap applies to what we keep, not what was sent.
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise TooLargeError(
                        f"page is over the {max_bytes:,}-byte limit", url=url, status=response.status_code
                    )
                chunks.append(chunk)
            content = b"".join(chunks)
            if ctype in SNIFF_TYPES and not _looks_like_html(content):
                raise NotHTMLError(
                    f"not HTML (content-type {ctype or 'missing'})", url=url, status=response.status_code
                )
            text, encoding = decode_html(content, response.headers.get("content-type", ""))
            return Page(
                url=str(response.url),
                requested_url=url,
                status=response.status_code,
                headers=safe_headers(response.headers),
                content=content,
                text=text,
                encoding=encoding,
                fetched_at=datetime.now(UTC),
                elapsed=time.monotonic() - started,
            )
    except httpx.TooManyRedirects as exc:
        raise NetworkError(f"too many redirects (more than {MAX_REDIRECTS})", url=url) from exc
    except httpx.TimeoutException as exc:
        raise NetworkError(f"timed out ({type(exc).__name__})", url=url) from exc
    except httpx.UnsupportedProtocol as exc:
        raise NetworkError(f"unsupported URL scheme: {exc}", url=url) from exc
    except (httpx.TransportError, httpx.DecodingError) as exc:
        raise NetworkError(f"{type(exc).__name__}: {exc}", url=url) from exc
    except httpx.InvalidURL as exc:
        raise NetworkError(f"invalid URL: {exc}", url=url) from exc
    finally:
        if own:
            client.close()


def safe_headers(headers: httpx.Headers) -> dict[str, str]:
    """Return response headers without the ones that can carry credentials."""
    return {k.lower(): v for k, v in headers.items() if k.lower() not in SECRET_HEADERS}


def decode_html(content: bytes, content_type: str = "") -> tuple[str, str]:
    """Decode HTML bytes using the header charset, then <meta charset>, then detection."""
    for candidate in (_header_charset(content_type), _meta_charset(content[:4096])):
        if candidate:
            try:
                return content.decode(candidate), candidate
            except (LookupError, UnicodeDecodeError):
                log.debug("declared charset %s does not decode the page", candidate)
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
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


def _looks_like_html(content: bytes) -> bool:
    head = content[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--", b"<meta")) or b"<html" in head
