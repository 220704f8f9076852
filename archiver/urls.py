"""Reading URLs a page supplies without ever raising (a malformed one, "https://[host/…" or a netloc that NFKC
normalisation changes, is no URL, not a reason to lose the article), and the canonical form the archive keys on."""

from __future__ import annotations

import re
from urllib.parse import SplitResult, parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

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


# What a CMS adds to a picture's file name for each size and crop: "-1024x768", "-scaled", "-e1650982599313"
# (WordPress), "_8bc7788b8a" (TYPO3's processed copies), "-1500w", "-master768", "~_t-1571483849663_v-16to9".
# Not a bare number: "Wild-Fire_001" and "Wild-Fire_002" are two pictures.
_IMAGE_SUFFIX = re.compile(
    r"(?:[-_](?:\d{2,5}x\d{2,5}|scaled|large|medium|small|thumb(?:nail)?|full|e\d{10,}|[0-9a-f]{10}|\d{3,4}w|"
    r"master\d+|facebookjumbo|articlelarge|jumbo|superjumbo)|~_t-\d+_v-[\w-]+|@\dx)+$"
)
_IMAGE_EXTENSION = re.compile(r"\.(?:jpe?g|png|webp|gif|avif|svg)$", re.I)


def image_key(url: str | None) -> str | None:
    """The picture a URL names, whatever size or crop the CMS serves: its file name without extension, size and
    crop suffixes, lower-case ("…/pleno_partido_3-580x387.jpeg" and "…/pleno_partido_3-e1650982599313.jpeg" are
    "pleno_partido_3"); None for a data: URI or a URL that names no file."""
    if not url or url.startswith("data:"):
        return None
    path = unquote(split(url.strip()).path).rstrip("/")
    name = _IMAGE_EXTENSION.sub("", path.rsplit("/", 1)[-1]).lower()
    name = _IMAGE_SUFFIX.sub("", name)
    # "…/sz.1.3919259/1200x675": a name that is only a size names no picture.
    return name if len(name) >= 4 and not re.fullmatch(r"[\d\W_x]+", name) else None


# The home page's own address: "/", "/index.html", "/default.aspx".
_HOME_PATH = re.compile(r"/?(?:(?:index|default|home|start)\.\w{2,5})?", re.I)


def not_home(claim: str | None, url: str | None) -> str | None:
    """A canonical claim, unless it is the site's home page where the page is not (a template's JSON-LD giving every
    story's mainEntityOfPage as "https://www.ekd.de/"): the store would file all those stories as one."""
    if not claim or not url:
        return claim
    home = split(claim)
    # "https://anwaltniemeyer.de/index.html" is the home page too.
    page_is_home = _HOME_PATH.fullmatch(split(url).path) is not None
    return None if home.path in ("", "/") and not home.query and not page_is_home else claim
