"""A local publisher for the run benchmark: N distinct articles made from the fixture pages, sitemaps, a feed.

`build_site` turns the 17 fixture pages into N articles, each with its own URL (rewritten into
`<link rel=canonical>`, `og:url` and JSON-LD), its own headline, shifted dates, shuffled and trimmed
body paragraphs and a few extra paragraphs of sentences taken from the other fixtures. The site also
has a sitemap index with several child sitemaps (with `<lastmod>`), an RSS feed of the newest
articles and a robots.txt. `SiteServer` serves it from a separate process (its own GIL) with ETags
and 304s for matching If-None-Match, and counts what it answered.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import multiprocessing
import random
import re
import resource
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
URLS_PER_SITEMAP = 200
FEED_ITEMS = 50
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
HEADLINE_TAILS = (
    "what we know", "the latest", "key questions answered", "reaction and analysis", "what happens next",
    "a timeline", "five takeaways", "the view from the ground", "residents respond", "by the numbers",
)  # fmt: skip
_P = re.compile(r"(<p\b[^>]*>)(.*?)(</p>)", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_ISO_DAY = re.compile(r"(?<![\d/])(20\d\d)-(\d\d)-(\d\d)(?!\d)")
_SENTENCE = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])")
_MD_PREFIX = re.compile(r"^(?:>\s*|-\s+|\d+\.\s+|#+\s+)")


@dataclass(frozen=True)
class Fixture:
    """One fixture page and what its expectation file says about it."""

    path: Path
    html: str
    url: str
    canonical: str
    title: str
    published: date | None
    body: frozenset[str]  # normalised body paragraphs (from .expected.md)


@dataclass
class Site:
    """Every response of the local publisher, keyed by path, and the URLs a benchmark needs."""

    base: str
    routes: dict[str, tuple[str, bytes, str]] = field(default_factory=dict)  # path -> (content type, body, etag)
    articles: list[str] = field(default_factory=list)  # article URLs
    origins: Counter = field(default_factory=Counter)  # fixture name -> copies made from it
    sitemap_index: str = ""
    feed: str = ""
    child_sitemaps: int = 0

    def add(self, path: str, content_type: str, body: str | bytes) -> None:
        """Register one response; its ETag is a hash of the body."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = (content_type, data, '"' + hashlib.sha1(data).hexdigest()[:16] + '"')

    def article_bytes(self) -> int:
        """Total size of the article pages."""
        return sum(len(self.routes[u.removeprefix(self.base)][1]) for u in self.articles)


def _norm(text: str) -> str:
    """Whitespace-collapsed, asterisk-free text (so markdown and HTML paragraphs compare equal)."""
    return " ".join(text.replace("*", "").split())


def _plain(inner_html: str) -> str:
    """The normalised text of an HTML fragment."""
    return _norm(html.unescape(_TAG.sub("", inner_html)))


def load_fixtures(root: Path = FIXTURES) -> list[Fixture]:
    """Every fixture page that has an .expected.json and .expected.md, sorted by path."""
    found = []
    for page in sorted(root.glob("*/*.html")):
        meta_path, md_path = page.with_suffix(".expected.json"), page.with_suffix(".expected.md")
        if not (meta_path.exists() and md_path.exists()):
            continue
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        lines = (_MD_PREFIX.sub("", line.strip()) for line in md_path.read_text(encoding="utf-8").splitlines())
        published = meta.get("published_at")
        found.append(Fixture(
            path=page, html=page.read_text(encoding="utf-8"), url=meta["url"],
            canonical=meta.get("canonical_url") or meta["url"], title=meta.get("title") or "",
            published=datetime.fromisoformat(published).date() if published else None,
            body=frozenset(n for n in map(_norm, lines) if len(n) > 20),
        ))  # fmt: skip
    return found


def sentence_pool(fixtures: list[Fixture]) -> list[str]:
    """Plain sentences from every fixture's body, for the extra paragraphs."""
    pool = []
    for fx in fixtures:
        for para in sorted(fx.body):
            pool += [s for s in _SENTENCE.split(para) if 40 <= len(s) <= 300 and s[-1] in '.!?”"']
    return pool


def _one_pass(mapping: dict[str, str]) -> re.Pattern[str]:
    """A regex matching any key of ``mapping`` (longest first), for a single-pass replace."""
    return re.compile("|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True) if k))


def _replace_all(text: str, mapping: dict[str, str]) -> str:
    """Replace every key of ``mapping`` in one pass (so replacements are never replaced again)."""
    mapping = {k: v for k, v in mapping.items() if k}
    return _one_pass(mapping).sub(lambda m: mapping[m.group(0)], text) if mapping else text


def _variants(value: str, new: str) -> dict[str, str]:
    """``value`` as it may appear in HTML, attributes and JSON, each mapped to ``new`` written the same way."""
    return {
        value: new,
        html.escape(value): html.escape(new),
        html.escape(value, quote=False): html.escape(new, quote=False),
        json.dumps(value)[1:-1]: json.dumps(new)[1:-1],
        json.dumps(value, ensure_ascii=False)[1:-1]: json.dumps(new, ensure_ascii=False)[1:-1],
        value.replace("/", "\\/"): new.replace("/", "\\/"),
        _charrefs(value): _charrefs(new),
    }


def _charrefs(text: str) -> str:
    """``text`` with characters beyond Latin-1 written as numeric character references (&#8217;)."""
    return "".join(c if ord(c) < 256 else f"&#{ord(c)};" for c in html.escape(text, quote=False))


def _shift_days(text: str, days: int) -> str:
    """Move every ISO calendar day (YYYY-MM-DD) in ``text`` back by ``days``."""

    def shift(m: re.Match[str]) -> str:
        """One matched day, moved (an impossible date is left alone)."""
        try:
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return m.group(0)
        return (day - timedelta(days=days)).isoformat()

    return _ISO_DAY.sub(shift, text) if days else text


def _vary_body(page: str, fx: Fixture, rng: random.Random, pool: list[str]) -> str:
    """Shuffle the body paragraphs (the lede stays first), drop a sentence here and there, add 0-3 paragraphs."""
    spans = [m for m in _P.finditer(page) if _plain(m.group(2)) in fx.body]
    if len(spans) < 2:
        return page
    inners = [m.group(2) for m in spans]
    rest = inners[1:]
    rng.shuffle(rest)
    inners = inners[:1] + rest
    for i, inner in enumerate(inners):
        if "<" not in inner and rng.random() < 0.3:
            sentences = _SENTENCE.split(inner.strip())
            if len(sentences) >= 3:
                del sentences[rng.randrange(1, len(sentences))]
                inners[i] = " ".join(sentences)
    extra: dict[int, str] = {}
    for _ in range(rng.randint(0, 3)):
        text = " ".join(rng.sample(pool, rng.randint(2, 5)))
        extra[rng.randrange(1, len(spans))] = html.escape(text, quote=False)
    out, last = [], 0
    for i, m in enumerate(spans):
        out += [page[last : m.start(2)], inners[i], m.group(3)]
        if i in extra:
            out.append(f"\n{m.group(1)}{extra[i]}{m.group(3)}")
        last = m.end()
    out.append(page[last:])
    return "".join(out)


def make_article(fx: Fixture, index: int, copy: int, base: str, pool: list[str]) -> tuple[str, str, date]:
    """One distinct article from a fixture: (path, html, published day)."""
    rng = random.Random(f"{fx.path.name}:{index}")
    host_label = fx.path.parent.name.split(".")[0]
    published = (fx.published or date(2024, 1, 1)) - timedelta(days=copy)
    slug_words = fx.path.stem.split("_", 1)[-1].split("-")
    slug = "-".join(slug_words[: rng.randint(3, max(3, len(slug_words)))])
    path = f"/{host_label}/{published:%Y/%m/%d}/{slug}-{index:04d}"
    url = base + path
    title = f"{fx.title}: {rng.choice(HEADLINE_TAILS)}" if copy else fx.title
    mapping: dict[str, str] = {}
    for old in dict.fromkeys([fx.canonical, fx.url]):
        mapping.update(_variants(old, url))
    if fx.title:
        mapping.update(_variants(fx.title, title))
    page = _replace_all(fx.html, mapping)
    page = _shift_days(page, copy)
    page = _vary_body(page, fx, rng, pool)
    return path, page, published


def _sitemap(entries: list[tuple[str, str]]) -> str:
    """A <urlset> of (loc, lastmod)."""
    items = "".join(f"<url><loc>{xml_escape(u)}</loc><lastmod>{m}</lastmod></url>\n" for u, m in entries)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}">\n{items}</urlset>\n'


def _index(children: list[tuple[str, str]]) -> str:
    """A <sitemapindex> of (loc, lastmod)."""
    items = "".join(f"<sitemap><loc>{xml_escape(u)}</loc><lastmod>{m}</lastmod></sitemap>\n" for u, m in children)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{SITEMAP_NS}">\n{items}</sitemapindex>\n'


def _feed(base: str, items: list[tuple[str, str, date]]) -> str:
    """An RSS 2.0 feed of (url, title, published)."""
    entries = "".join(
        f"<item><title>{xml_escape(t)}</title><link>{xml_escape(u)}</link><guid>{xml_escape(u)}</guid>"
        f"<pubDate>{d:%a, %d %b %Y} 12:00:00 +0000</pubDate></item>\n"
        for u, t, d in items
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Bench Gazette</title>'
            f"<link>{base}/</link><description>Newest stories</description>\n{entries}</channel></rss>\n")  # fmt: skip


def build_site(base: str, pages: int, fixtures: list[Fixture] | None = None) -> Site:
    """The whole publisher: ``pages`` articles, child sitemaps of 200 URLs under an index, a feed, robots.txt."""
    fixtures = fixtures or load_fixtures()
    pool = sentence_pool(fixtures)
    site = Site(base=base)
    made: list[tuple[str, str, date]] = []
    for i in range(pages):
        fx = fixtures[i % len(fixtures)]
        path, page, published = make_article(fx, i, i // len(fixtures), base, pool)
        site.add(path, "text/html; charset=utf-8", page)
        site.articles.append(base + path)
        site.origins[fx.path.name] += 1
        made.append((base + path, fx.title, published))
    children = []
    n_children = max(1, math.ceil(pages / URLS_PER_SITEMAP))
    for c in range(n_children):
        chunk = made[c * URLS_PER_SITEMAP : (c + 1) * URLS_PER_SITEMAP]
        entries = [(u, f"{d.isoformat()}T12:00:00+00:00") for u, _, d in chunk]
        name = f"/sitemaps/articles-{c + 1}.xml"
        site.add(name, "application/xml", _sitemap(entries))
        children.append((base + name, max(m for _, m in entries)))
    site.child_sitemaps = n_children
    site.add("/sitemap_index.xml", "application/xml", _index(children))
    newest = sorted(made, key=lambda item: item[2], reverse=True)[:FEED_ITEMS]
    site.add("/feed.xml", "application/rss+xml", _feed(base, newest))
    site.add("/robots.txt", "text/plain", f"User-agent: *\nDisallow: /private/\nSitemap: {base}/sitemap_index.xml\n")
    site.sitemap_index, site.feed = base + "/sitemap_index.xml", base + "/feed.xml"
    return site


def _kind(path: str) -> str:
    """What a request path is, for the counts."""
    if path == "/robots.txt":
        return "robots"
    if path.startswith("/sitemap"):
        return "sitemap"
    if path == "/feed.xml":
        return "feed"
    return "article"


class _Handler(BaseHTTPRequestHandler):
    """Serves the site's routes; ETag on every 200, 304 when If-None-Match matches."""

    protocol_version = "HTTP/1.1"  # keep-alive, as a real publisher
    server: _Server

    def do_GET(self) -> None:
        """Answer one GET."""
        path = self.path.split("?", 1)[0]
        route = self.server.site.routes.get(path)
        if route is None:
            status, ctype, body, etag = 404, "text/plain", b"not found", None
        else:
            ctype, body, etag = route
            status = 304 if self.headers.get("If-None-Match") == etag else 200
        self.server.count(_kind(path), status, len(body) if status == 200 else 0)
        try:
            self.send_response(status)
            if etag:
                self.send_header("ETag", etag)
            if status != 304:
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


class _Server(ThreadingHTTPServer):
    """The HTTP server with the site and request counters."""

    daemon_threads = True

    def __init__(self, site: Site | None = None) -> None:
        """Bind 127.0.0.1 on a free port."""
        super().__init__(("127.0.0.1", 0), _Handler)
        self.site = site or Site(base="")
        self.lock = threading.Lock()
        self.counts: Counter = Counter()
        self.body_bytes = 0

    def count(self, kind: str, status: int, nbytes: int) -> None:
        """Count one answered request."""
        with self.lock:
            self.counts[f"{kind} {status}"] += 1
            self.body_bytes += nbytes

    def stats(self) -> dict[str, Any]:
        """Counts since the last reset, and this process's CPU time so far."""
        usage = resource.getrusage(resource.RUSAGE_SELF)
        with self.lock:
            counts = dict(sorted(self.counts.items()))
            return {"requests": sum(counts.values()), "by_kind_status": counts, "body_bytes": self.body_bytes,
                    "bodies": sum(n for k, n in counts.items() if k.endswith(" 200")),
                    "cpu_s": usage.ru_utime + usage.ru_stime, "max_rss_kb": usage.ru_maxrss}  # fmt: skip

    def reset(self) -> None:
        """Zero the request counts."""
        with self.lock:
            self.counts.clear()
            self.body_bytes = 0


def _serve(server: _Server, conn: Connection) -> None:
    """The server process: serve in a thread, answer 'stats' / 'reset' / 'stop' on the pipe."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    while True:
        try:
            command = conn.recv()
        except EOFError:
            break
        if command == "stats":
            conn.send(server.stats())
        elif command == "reset":
            server.reset()
            conn.send(True)
        elif command == "stop":
            conn.send(True)
            break
    server.shutdown()
    server.server_close()


class SiteServer:
    """The publisher in its own process (forked after the socket is bound and the site built)."""

    def __init__(self, pages: int, fixtures: list[Fixture] | None = None) -> None:
        """Bind the port, build the site for it, then fork the serving process."""
        self._server = _Server()
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.site = build_site(self.base, pages, fixtures)
        self._server.site = self.site
        ctx = multiprocessing.get_context("fork")
        self._conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(self._server, child), name="bench-publisher", daemon=True)
        self.process.start()
        child.close()
        self._server.socket.close()  # the child owns the listening socket now

    def stats(self) -> dict[str, Any]:
        """Requests answered since the last reset, by kind and status, and the server's CPU time."""
        self._conn.send("stats")
        return self._conn.recv()

    def reset(self) -> None:
        """Zero the server's request counts."""
        self._conn.send("reset")
        self._conn.recv()

    def close(self) -> None:
        """Stop the server process."""
        if self.process.is_alive():
            try:
                self._conn.send("stop")
                self._conn.recv()
            except (BrokenPipeError, EOFError):
                pass
        self.process.join(timeout=10)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join()
