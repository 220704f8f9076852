"""Polite fetching for many hosts at once: robots.txt, per-host pacing, retries with backoff, address policy.

One request at a time per host, at least ``delay`` seconds apart (more if robots.txt asks for a
Crawl-delay), at most ``concurrency`` requests in flight overall. Connect failures, 429 and 5xx
are retried with exponential backoff and jitter, honouring Retry-After; nothing waits past the
run's deadline.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import random
import socket
import time
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Protocol

import httpx
from protego import Protego

from archiver.errors import BlockedError, FetchError
from archiver.fetch import MAX_BYTES, fetch_page_async
from archiver.models import Page
from archiver.urls import host as url_host
from archiver.urls import split as url_split

log = logging.getLogger(__name__)

ROBOTS_AGENT = "archiver"
MAX_CRAWL_DELAY = 60.0
MAX_ROBOTS_BYTES = 512 * 1024
# The fetcher whose address policy applies to the request in flight in this task (None: the URL was the user's).
_GUARD: ContextVar[PoliteFetcher | None] = ContextVar("archiver_address_guard", default=None)


class OutOfTime(Exception):
    """The run's deadline passed before this request could be made (the URL waits for the next run)."""


@dataclass(frozen=True)
class Policy:
    """How polite to be: pacing, concurrency, retries and which addresses may be fetched."""

    delay: float = 1.0
    concurrency: int = 16
    retries: int = 3
    backoff: float = 1.0
    max_wait: float = 120.0
    allow_private: bool = False
    obey_robots: bool = True


class RobotsCache(Protocol):
    """Somewhere to keep robots.txt between runs (RFC 9309 allows caching it for a day)."""

    def get(self, origin: str) -> str | None:
        """The cached robots.txt of ``origin`` if still fresh."""

    def put(self, origin: str, text: str) -> None:
        """Remember the robots.txt of ``origin``."""


class PoliteFetcher:
    """Fetches through one AsyncClient, pacing each host and obeying its robots.txt."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        policy: Policy | None = None,
        *,
        deadline: float | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        robots_cache: RobotsCache | None = None,
    ) -> None:
        self.client = client
        self.policy = policy or Policy()
        self.deadline = deadline  # time.monotonic() value after which no request starts
        self.sleep = sleep
        self.requests = 0
        self._robots: dict[str, Protego | None] = {}
        self._robots_lock: dict[str, asyncio.Lock] = {}
        self._host_lock: dict[str, asyncio.Lock] = {}
        self._next_at: dict[str, float] = {}
        self._delay: dict[str, float] = {}
        self._slots = asyncio.Semaphore(max(1, self.policy.concurrency))
        self._addresses: dict[str, bool] = {}
        self.robots_cache = robots_cache
        # httpx follows redirects itself: every hop passes this hook, so a public URL cannot bounce us to a private one.
        hooks = client.event_hooks
        client.event_hooks = {**hooks, "request": [*hooks.get("request", []), self._check_hop]}

    async def get(
        self,
        url: str,
        *,
        html: bool = True,
        headers: dict[str, str] | None = None,
        max_bytes: int = MAX_BYTES,
        check_robots: bool = True,
        check_address: bool = True,
    ) -> Page:
        """GET ``url`` politely; raise BlockedError if robots.txt or the address policy refuses it.

        ``check_address=False`` is for URLs the user gave (sources): the address policy guards against
        what feeds and sitemaps point at, not against the user.
        """
        origin = _origin(url)
        if check_address and not self.policy.allow_private and not await self._public(url):
            raise BlockedError("refused: the host resolves to a private or local address (--allow-private)", url=url)
        if check_robots and self.policy.obey_robots and not await self.allowed(url):
            raise BlockedError("disallowed by robots.txt", url=url)
        token = _GUARD.set(self if check_address and not self.policy.allow_private else None)
        try:
            return await self._get(origin, url, html=html, headers=headers, max_bytes=max_bytes)
        finally:
            _GUARD.reset(token)

    async def _get(self, origin: str, url: str, **kwargs) -> Page:
        attempt = 0
        while True:
            try:
                return await self._paced(origin, url, **kwargs)
            except FetchError as exc:
                if exc.retry_after is not None:  # the host asked for a pause: it holds for its other URLs too
                    self._hold(origin, min(exc.retry_after, self.policy.max_wait))
                if not exc.retryable or attempt >= self.policy.retries:
                    raise
                wait = self._backoff(attempt, exc.retry_after)
                if exc.retry_after is not None and exc.retry_after > self.policy.max_wait:
                    raise
                attempt += 1
                log.info("retrying %s in %.1fs (attempt %d): %s", url, wait, attempt + 1, exc)
                # The wait is the host's: hold its slot in the pacing schedule, not a global one.
                self._hold(origin, wait)

    def _hold(self, origin: str, seconds: float) -> None:
        """Start no request to ``origin`` for ``seconds``."""
        self._next_at[origin] = max(self._next_at.get(origin, 0.0), time.monotonic() + seconds)

    async def _check_hop(self, request: httpx.Request) -> None:
        """Refuse a request (a redirect hop included) to a private address when its URL was discovered."""
        if _GUARD.get() is self and not await self._public(str(request.url)):
            raise BlockedError("refused: redirected to a private or local address (--allow-private)",
                               url=str(request.url))  # fmt: skip

    async def allowed(self, url: str) -> bool:
        """Whether robots.txt lets us fetch ``url`` (fetched once per host and run)."""
        origin = _origin(url)
        lock = self._robots_lock.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self._robots:
                self._robots[origin] = await self._load_robots(origin)
        robots = self._robots[origin]
        if robots is None:  # unreachable robots.txt: assume everything is disallowed (RFC 9309, 2.3.1.4)
            return False
        return robots.can_fetch(url, ROBOTS_AGENT)

    def robots(self, url: str) -> Protego | None:
        """The parsed robots.txt of the URL's host, if it has been loaded."""
        return self._robots.get(_origin(url))

    async def _load_robots(self, origin: str) -> Protego | None:
        text = self.robots_cache.get(origin) if self.robots_cache else None
        if text is None:
            url = origin + "/robots.txt"
            try:
                page = await self._paced(origin, url, html=False, headers=None, max_bytes=MAX_ROBOTS_BYTES)
                text = page.content.decode("utf-8", "replace")
            except FetchError as exc:
                if not (exc.status and 400 <= exc.status < 500):
                    log.warning("robots.txt of %s unreachable (%s); not fetching from it this run", origin, exc)
                    return None
                text = ""  # no robots.txt (4xx): everything is allowed
            if self.robots_cache:
                self.robots_cache.put(origin, text)
        robots = Protego.parse(text)
        crawl_delay = robots.crawl_delay(ROBOTS_AGENT)
        if crawl_delay:
            self._delay[origin] = min(float(crawl_delay), MAX_CRAWL_DELAY)
        return robots

    async def _paced(self, origin: str, url: str, **kwargs) -> Page:
        lock = self._host_lock.setdefault(origin, asyncio.Lock())
        async with lock:
            wait = self._next_at.get(origin, 0.0) - time.monotonic()
            if self.deadline is not None and time.monotonic() + max(wait, 0.0) > self.deadline:
                raise OutOfTime(url)
            if wait > 0:
                await self.sleep(wait)
            async with self._slots:
                try:
                    self.requests += 1
                    return await fetch_page_async(url, self.client, **kwargs)
                finally:
                    delay = max(self.policy.delay, self._delay.get(origin, 0.0))
                    self._next_at[origin] = max(self._next_at.get(origin, 0.0), time.monotonic() + delay)

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return retry_after
        # Exponential with full jitter, so many clients retrying do not arrive in step.
        return self.policy.backoff * (2**attempt) * (0.5 + random.random() / 2)

    async def _public(self, url: str) -> bool:
        host = url_host(url)
        if host not in self._addresses:
            self._addresses[host] = await asyncio.get_running_loop().run_in_executor(None, is_public_host, host)
        return self._addresses[host]


def is_public_host(host: str) -> bool:
    """Whether every address ``host`` resolves to is public (not loopback, private, link-local, metadata…)."""
    try:  # an address literal is judged as written: no resolver (which may lack IPv6) gets a say
        return _is_public(ipaddress.ip_address(host.strip("[]").split("%")[0]))
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, OSError):
        return True  # unresolvable: let the fetch fail with a clear network error instead
    return all(_is_public(ipaddress.ip_address(info[4][0].split("%")[0])) for info in infos)


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether one address is globally routable unicast (an IPv4-mapped IPv6 address is judged as its IPv4)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def _origin(url: str) -> str:
    parts = url_split(url)
    return f"{parts.scheme}://{parts.netloc}".lower()
