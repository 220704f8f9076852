"""Typed errors raised by the library.

ArchiverError
 ├── FetchError            the page could not be fetched as HTML
 │    ├── HTTPStatusError      non-2xx response (status attribute)
 │    ├── NetworkError         connect/read timeout, reset, DNS, too many redirects
 │    ├── TooLargeError        body larger than the size limit
 │    ├── NotHTMLError         content-type is not HTML
 │    └── BlockedError         refused by robots.txt or by the address policy
 ├── RuleError             a rule file is invalid (names the file and key)
 ├── ExtractionError       no article body could be extracted
 ├── StoreError            the archive database could not be written
 └── SkipPage              the page is deliberately not archived
"""

from __future__ import annotations


class ArchiverError(Exception):
    """Base of every error the library raises on purpose."""


class FetchError(ArchiverError):
    """The page could not be fetched as HTML."""

    def __init__(
        self,
        message: str,
        url: str | None = None,
        status: int | None = None,
        *,
        retryable: bool = False,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.url = url
        self.status = status
        # Worth another try later (connect failure, 429, 5xx); retry_after is the server's own wait, in seconds.
        self.retryable = retryable
        self.retry_after = retry_after


class HTTPStatusError(FetchError):
    """The server answered with a non-success status."""


class NetworkError(FetchError):
    """Connecting or reading failed (timeout, reset, DNS, redirect loop)."""


class TooLargeError(FetchError):
    """The response body exceeded the size limit."""


class NotHTMLError(FetchError):
    """The response is not an HTML document."""


class BlockedError(FetchError):
    """The URL is refused by robots.txt or by the address policy."""


class RuleError(ArchiverError):
    """A site rule file is invalid; the message names the file and the key."""


class ExtractionError(ArchiverError):
    """No article body could be extracted from the page."""


class StoreError(ArchiverError):
    """The archive database could not be written."""


class SkipPage(ArchiverError):
    """The page is deliberately not archived (e.g. not an article)."""
