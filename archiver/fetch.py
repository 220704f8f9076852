"""Fetch one page as HTML: httpx client factory, limits, content-type and charset handling."""

from __future__ import annotations

import logging
import re
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

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
# Statuses that mean "not now" rather than "no": rate limits and server trouble.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
# Headers that may carry credentials: never stored with a snapshot or fetch row.
SECRET_HEADERS = {"set-cookie", "cookie", "authorization", "proxy-authorization", "www-authenticate"}


def make_client(timeout: float | httpx.Timeout | None = None, **kwargs) -> httpx.Client:
    """Return an httpx client with archiver's User-Agent, timeouts and redirect limit."""
    return httpx.Client(**_client_settings(timeout), **kwargs)


def _client_settings(timeout: float | httpx.Timeout | None) -> dict:
    return {
        "headers": {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"},
        "timeout": timeout if timeout is not None else DEFAULT_TIMEOUT,
        "follow_redirects": True,
        "max_redirects": MAX_REDIRECTS,
    }


def fetch_page(
    url: str,
    client: httpx.Client | None = None,
    *,
    max_bytes: int = MAX_BYTES,
    headers: dict[str, str] | None = None,
    html: bool = True,
) -> Page:
    """Fetch ``url`` as a Page (status 304 with no body when a conditional request matched).

    Raises a FetchError subclass on failure; ``html=False`` accepts any content type (feeds, sitemaps).
    """
    own = client is None
    client = client or make_client()
    started = time.monotonic()
    try:
        with client.stream("GET", url, headers=headers) as response:
            ctype = _check_head(response, url, max_bytes, html)
            chunks: list[bytes] = []
            size = 0
            if response.status_code != 304:
                # iter_bytes decodes gzip/br, so the cap applies to what we keep, not what was sent.
                for chunk in response.iter_bytes():
                    size = _add_chunk(chunks, chunk, size, max_bytes, url, response.status_code)
            return _to_page(response, url, b"".join(chunks), ctype, started, html)
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise _network_error(exc, url) from exc
    finally:
        if own:
            client.close()


async def fetch_page_async(
    url: str,
    client: httpx.AsyncClient,
    *,
    max_bytes: int = MAX_BYTES,
    headers: dict[str, str] | None = None,
    html: bool = True,
) -> Page:
    """The asynchronous twin of fetch_page, for fetching many hosts at once."""
    started = time.monotonic()
    try:
        async with client.stream("GET", url, headers=headers) as response:
            ctype = _check_head(response, url, max_bytes, html)
            chunks: list[bytes] = []
            size = 0
            if response.status_code != 304:
                async for chunk in response.aiter_bytes():
                    size = _add_chunk(chunks, chunk, size, max_bytes, url, response.status_code)
            return _to_page(response, url, b"".join(chunks), ctype, started, html)
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise _network_error(exc, url) from exc


def _check_head(response: httpx.Response, url: str, max_bytes: int, html: bool) -> str:
    """Refuse on status, declared size and content type before reading the body; return the type."""
    status = response.status_code
    if status >= 400:
        raise HTTPStatusError(
            f"HTTP {status} {response.reason_phrase}".strip(), url=url, status=status,
            retryable=status in RETRY_STATUSES, retry_after=retry_after_seconds(response.headers.get("retry-after")),
        )  # fmt: skip
    ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise TooLargeError(f"page is {int(declared):,} bytes, over the {max_bytes:,}-byte limit", url=url,
                            status=status)  # fmt: skip
    if html and status != 304 and ctype and ctype not in HTML_TYPES and ctype not in SNIFF_TYPES:
        raise NotHTMLError(f"not HTML (content-type {ctype})", url=url, status=status)
    return ctype


def _add_chunk(chunks: list[bytes], chunk: bytes, size: int, max_bytes: int, url: str, status: int) -> int:
    size += len(chunk)
    if size > max_bytes:
        raise TooLargeError(f"page is over the {max_bytes:,}-byte limit", url=url, status=status)
    chunks.append(chunk)
    return size


def _to_page(response: httpx.Response, url: str, content: bytes, ctype: str, started: float, html: bool) -> Page:
    status = response.status_code
    if html and status != 304 and ctype in SNIFF_TYPES and not _looks_like_html(content):
        raise NotHTMLError(f"not HTML (content-type {ctype or 'missing'})", url=url, status=status)
    text, encoding = decode_html(content, response.headers.get("content-type", "")) if content else ("", "utf-8")
    return Page(
        url=str(response.url),
        requested_url=url,
        status=status,
        headers=safe_headers(response.headers),
        content=content,
        text=text,
        encoding=encoding,
        fetched_at=datetime.now(UTC),
        elapsed=time.monotonic() - started,
    )


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """A Retry-After header (seconds or an HTTP date) as seconds from now."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _network_error(exc: httpx.HTTPError | httpx.InvalidURL, url: str) -> NetworkError:
    """One clear line for each kind of transport failure."""
    if isinstance(exc, httpx.TooManyRedirects):
        return NetworkError(f"too many redirects (more than {MAX_REDIRECTS})", url=url)
    if isinstance(exc, httpx.TimeoutException):
        return NetworkError(f"timed out ({type(exc).__name__})", url=url)
    if isinstance(exc, httpx.UnsupportedProtocol):
        return NetworkError(f"unsupported URL scheme: {exc}", url=url)
    if isinstance(exc, httpx.InvalidURL):
        return NetworkError(f"invalid URL: {exc}", url=url)
    transient = (httpx.ConnectError, httpx.ConnectTimeout, httpx.ReadError, httpx.RemoteProtocolError,
                 httpx.PoolTimeout)  # fmt: skip
    return NetworkError(f"{type(exc).__name__}: {exc}", url=url, retryable=isinstance(exc, transient))


def make_async_client(timeout: float | httpx.Timeout | None = None, **kwargs) -> httpx.AsyncClient:
    """The asynchronous twin of make_client."""
    return httpx.AsyncClient(**_client_settings(timeout), **kwargs)


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
