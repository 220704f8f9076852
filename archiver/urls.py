"""Reading URLs a page supplies without ever raising (a malformed one, "https://[host/…" or a netloc that NFKC
normalisation changes, is no URL, not a reason to lose the article), and the canonical form the archive keys on."""

from __future__ import annotations

import re
from urllib.parse import SplitResult, parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

_EMPTY = SplitResult("", "", "", "", "")
TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|igshid|ref_src|cmpid|ocid|smid|sr_share|"
    r"at_medium|at_campaign|ito|cid|icid|ns_mchannel|ns_source|ns_campaign)$",
    re.I,
)


def split(url: str | None) -> SplitResult:
    """``urlsplit(url)``, or an empty result for a URL urllib rejects."""
    try:
        return urlsplit(url or "")
    except ValueError:
        return _EMPTY


def host(url: str | None) -> str:
    """The URL's host name, lower-case ("" when it has none or is malformed)."""
    return split(url).hostname or ""


def bare_host(url: str | None) -> str:
    """The URL's host name without "www." ("" when it has none or is malformed)."""
    return host(url).removeprefix("www.")


def join(base: str | None, href: str) -> str | None:
    """``href`` resolved against ``base``; None when either is malformed."""
    try:
        return urljoin(base or "", href)
    except ValueError:
        return None


def canonicalize_url(url: str) -> str:
    """Strip tracking parameters and the fragment from a URL (a malformed one is returned stripped, as it is)."""
    parts = split(url.strip())
    if not parts.scheme and not parts.path:
        return url.strip()
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMS.match(k)]
    )
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))
