"""Reading URLs a page supplies without ever raising: a malformed one ("https://[host/…", a netloc that NFKC
normalisation changes) is no URL, not a reason to lose the article."""

from __future__ import annotations

from urllib.parse import SplitResult, urljoin, urlsplit

_EMPTY = SplitResult("", "", "", "", "")


def split(url: str | None) -> SplitResult:
    """``urlsplit(url)``, or an empty result for a URL urllib rejects."""
    try:
        return urlsplit(url or "")
    except ValueError:
        return _EMPTY


def host(url: str | None) -> str:
    """The URL's host name, lower-case ("" when it has none or is malformed)."""
    try:
        return split(url).hostname or ""
    except ValueError:  # hostname re-reads the netloc, which can still fail
        return ""


def join(base: str | None, href: str) -> str | None:
    """``href`` resolved against ``base``; None when either is malformed."""
    try:
        return urljoin(base or "", href)
    except ValueError:
        return None
