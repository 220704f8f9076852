"""Fetch one page as HTML: httpx client factory, limits, content-type and charset handling."""

from __future__ import annotations

import asyncio
import logging
import time
import zlib
from contextvars import ContextVar
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpcore
import httpx

from archiver import __version__
from archiver.decode import decode_html, looks_binary, looks_like_html
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

# Headers that may carry credentials: never stored with a snapshot or fetch row.
SECRET_HEADERS = {"set-cookie", "cookie", "authorization", "proxy-authorization", "www-authenticate"}


# When the sync fetch in progress in this thread must be complete (time.monotonic()), for _DeadlineStream.
_DEADLINE: ContextVar[float | None] = ContextVar("archiver_fetch_deadline", default=None)


def make_client(timeout: float | httpx.Timeout | None = None, **kwargs) -> httpx.Client:
    """Return an httpx client with archiver's User-Agent, timeouts and redirect limit."""
    if "transport" not in kwargs:
        kwargs["transport"] = _deadline_transport()
    return httpx.Client(**_client_settings(timeout), **kwargs)


def _deadline_transport() -> httpx.HTTPTransport:
    """httpx's transport, its sockets wrapped so no read outlasts fetch_page's deadline (headers included).

    httpx bounds each read, so a server dribbling a byte at a time holds a sync fetch forever; the async
    twin has asyncio.timeout. The backend is not public in httpx: if it moves, reads keep httpx's bound.
    """
    transport = httpx.HTTPTransport()
    pool = getattr(transport, "_pool", None)
    if isinstance(getattr(pool, "_network_backend", None), httpcore.NetworkBackend):
        pool._network_backend = _DeadlineBackend(pool._network_backend)
    return transport


class _DeadlineBackend(httpcore.NetworkBackend):
    """Opens connections whose reads stop at the deadline of the fetch that uses them."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self.inner = inner

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: list | None = None) -> httpcore.NetworkStream:  # fmt: skip
        """A TCP connection with deadline-bound reads."""
        return _DeadlineStream(self.inner.connect_tcp(host, port, timeout, local_address, socket_options))

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: list | None = None) -> httpcore.NetworkStream:  # fmt: skip
        """A Unix-socket connection with deadline-bound reads."""
        return _DeadlineStream(self.inner.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        """As the wrapped backend."""
        self.inner.sleep(seconds)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read waits at most until the current fetch's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self.inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        """Read, with the timeout cut to the time left before the deadline."""
        deadline = _DEADLINE.get()
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise httpcore.ReadTimeout("no complete response before the deadline (connect + read timeout)")
            timeout = left if timeout is None else min(timeout, left)
        return self.inner.read(max_bytes, timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        """As the wrapped stream."""
        self.inner.write(buffer, timeout)

    def close(self) -> None:
        """As the wrapped stream."""
        self.inner.close()

    def start_tls(self, ssl_context, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:  # fmt: skip
        """TLS over this connection, still deadline-bound."""
        return _DeadlineStream(self.inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str):
        """As the wrapped stream."""
        return self.inner.get_extra_info(info)


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
    deadline = _deadline(client, started)
    token = _DEADLINE.set(deadline)  # for the sockets of make_client's transport: headers are bounded too
    try:
        with client.stream("GET", url, headers=headers) as response:
            ctype = _check_head(response, url, max_bytes, html)
            body = _Body(response, url, max_bytes, deadline)
            if response.status_code != 304:
                for raw in response.iter_raw():
                    body.add(raw)
            return _to_page(response, url, body.finish(), ctype, started, html)
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise _network_error(exc, url) from exc
    finally:
        _DEADLINE.reset(token)
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
    deadline = _deadline(client, started)
    try:
        # The whole exchange, headers included, is bounded: a server dribbling bytes resets httpx's per-read timer.
        async with asyncio.timeout_at(_loop_time(deadline)), client.stream("GET", url, headers=headers) as response:
            ctype = _check_head(response, url, max_bytes, html)
            body = _Body(response, url, max_bytes, deadline)
            if response.status_code != 304:
                async for raw in response.aiter_raw():
                    body.add(raw)
            return _to_page(response, url, body.finish(), ctype, started, html)
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise _network_error(exc, url) from exc
    except TimeoutError as exc:
        raise _slow(url, deadline, started) from exc


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


def _deadline(client: httpx.Client | httpx.AsyncClient, started: float) -> float | None:
    """When the whole response must be in: connect plus read timeout after the start (None: no read timeout)."""
    timeout = client.timeout
    return None if timeout.read is None else started + (timeout.connect or 0.0) + timeout.read


def _loop_time(deadline: float | None) -> float | None:
    """A time.monotonic() deadline on the running event loop's clock."""
    return None if deadline is None else asyncio.get_running_loop().time() + deadline - time.monotonic()


def _slow(url: str, deadline: float | None, started: float) -> NetworkError:
    """The error for a response that did not arrive in full before the deadline (a slow or dribbling server)."""
    return NetworkError(f"timed out: no complete response within {(deadline or started) - started:.0f} s", url=url)


class _Body:
    """Collects a response body within the size cap and the deadline, inflating gzip/deflate itself.

    httpx inflates each network read whole (64 KB of a gzip bomb becomes ~65 MB at once); here every
    decompress call is capped at the room left under ``max_bytes``, so a bomb never inflates past the cap.
    """

    def __init__(self, response: httpx.Response, url: str, max_bytes: int, deadline: float | None) -> None:
        self.url, self.status, self.max_bytes, self.deadline = url, response.status_code, max_bytes, deadline
        self.chunks: list[bytes] = []
        self.size = 0
        codings = [c.strip().lower() for c in response.headers.get("content-encoding", "").split(",")]
        # Applied in order by the server, so undone last-first; unknown codings are ignored, as httpx does.
        self.decoders = [_decoder(c) for c in reversed(codings) if c in ("gzip", "x-gzip", "deflate")]

    def add(self, raw: bytes) -> None:
        """Take one network read of the (possibly compressed) body."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise NetworkError("timed out: the body was still arriving at the deadline (connect + read timeout)",
                               url=self.url)  # fmt: skip
        self._keep(self._inflate(raw, flush=False))

    def finish(self) -> bytes:
        """The whole decoded body."""
        if self.decoders:
            self._keep(self._inflate(b"", flush=True))
        return b"".join(self.chunks)

    def _inflate(self, data: bytes, flush: bool) -> bytes:
        """Undo the content codings, never producing more than the room left (+1 to detect overflow)."""
        room = self.max_bytes - self.size + 1  # one byte more than fits is enough to know it does not
        try:
            for decoder in self.decoders:
                data = decoder.decompress(data, room)
                if decoder.unconsumed_tail or len(data) >= room:
                    self._too_large()
                if flush:
                    data += decoder.flush()
                if len(data) >= room:
                    self._too_large()
        except zlib.error as exc:
            raise NetworkError(f"the compressed body is corrupt: {exc}", url=self.url) from exc
        return data

    def _keep(self, data: bytes) -> None:
        """Add decoded bytes, refusing the page once it is over the cap."""
        self.size += len(data)
        if self.size > self.max_bytes:
            self._too_large()
        if data:
            self.chunks.append(data)

    def _too_large(self) -> None:
        """Refuse the page: over the size cap."""
        raise TooLargeError(f"page is over the {self.max_bytes:,}-byte limit", url=self.url, status=self.status)


class _Deflate:
    """'deflate' is zlib-wrapped by the RFC but raw in some servers: try the one, fall back to the other (as httpx)."""

    def __init__(self) -> None:
        self.inner = zlib.decompressobj()
        self.first = True

    @property
    def unconsumed_tail(self) -> bytes:
        """Input held back because max_length was reached."""
        return self.inner.unconsumed_tail

    def decompress(self, data: bytes, max_length: int) -> bytes:
        """Inflate ``data`` into at most ``max_length`` bytes."""
        if self.first and data:
            self.first = False
            try:
                return self.inner.decompress(data, max_length)
            except zlib.error:
                self.inner = zlib.decompressobj(-zlib.MAX_WBITS)
        return self.inner.decompress(data, max_length)

    def flush(self) -> bytes:
        """What is left once all input is in."""
        return self.inner.flush()


def _decoder(coding: str) -> zlib._Decompress | _Deflate:
    """A bounded inflater for one content coding."""
    return _Deflate() if coding == "deflate" else zlib.decompressobj(16 + zlib.MAX_WBITS)


def _to_page(response: httpx.Response, url: str, content: bytes, ctype: str, started: float, html: bool) -> Page:
    status = response.status_code
    if html and status != 304 and ctype in SNIFF_TYPES and not looks_like_html(content):
        raise NotHTMLError(f"not HTML (content-type {ctype or 'missing'})", url=url, status=status)
    if html and looks_binary(content):  # an image or archive served as text/html would be stored as an "article"
        raise NotHTMLError(f"not HTML (content-type {ctype or 'missing'}, but the body is binary)", url=url,
                           status=status)  # fmt: skip
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
