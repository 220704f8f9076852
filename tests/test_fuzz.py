"""Hostile HTML: generated and mutated pages, and hand-made worst cases, through extract() and extract_article().

Only ArchiverError subclasses may escape, and each call must finish within BOUND seconds. Run with
``-s`` to see how many inputs were tried and the worst time per kind of input.
"""

from __future__ import annotations

import html
import json
import multiprocessing
import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archiver.errors import ArchiverError
from archiver.extract import _MONSTER_TAG, _may_hold_monster, extract
from archiver.pipeline import extract_article

from .conftest import fixture_pages

BOUND = 10.0  # seconds per call: generous, a page of a real site takes ~40 ms
URL = "https://news.example/2024/01/04/council-budget-vote"
PAGES = [p.read_bytes() for p in fixture_pages()]
PROSE = "<p>" + "The council met on Tuesday to weigh the budget and what it means for residents. " * 4 + "</p>"

TRIED: Counter[str] = Counter()
WORST: dict[str, tuple[float, str]] = {}
KNOWN: Counter[str] = Counter()
FUZZ = settings(max_examples=200, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
# Once a bug in clean.py (fixed): a drop rule matching the root element (<html hidden>, or a second <html>
# merged into the first) made selectolax refuse to decompose it. Still counted, so a regression shows in -s.
KNOWN_BUG = "Decomposing the root node is not allowed"
pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    """Print the inputs tried and the worst time per kind (visible with -s)."""
    yield
    print(
        f"\nfuzz: {sum(TRIED.values())} calls of extract() and extract_article() "
        f"({KNOWN[KNOWN_BUG]} hit the known root-element bug)"
    )
    for kind, count in sorted(TRIED.items()):
        seconds, what = WORST.get(kind, (0.0, ""))
        print(f"  {kind:<34} {count:>5} calls, worst {seconds:6.3f} s  {what}")


def _outcome(fn: Callable[..., Any], page: str | bytes) -> tuple[str, float]:
    """Call ``fn`` on a page: 'ok' or the typed error's class name, and the seconds it took."""
    started = time.perf_counter()
    try:
        fn(page, URL)
        result = "ok"
    except ArchiverError as exc:  # the documented, typed failures; anything else fails the test
        result = type(exc).__name__
    except Exception as exc:
        if KNOWN_BUG not in str(exc):
            raise
        KNOWN[KNOWN_BUG] += 1
        result = "known bug"
    return result, time.perf_counter() - started


def _check(kind: str, page: str | bytes, what: str = "") -> None:
    """Both entry points on ``page``: typed errors only, each call within the bound."""
    for fn in (extract, extract_article):
        result, seconds = _outcome(fn, page)
        TRIED[kind] += 1
        if seconds > WORST.get(kind, (0.0, ""))[0]:
            WORST[kind] = (seconds, f"{fn.__name__}, {len(page):,} {'bytes' if isinstance(page, bytes) else 'chars'}"
                                    f"{', ' + what if what else ''} -> {result}")  # fmt: skip
        assert seconds < BOUND, f"{fn.__name__} took {seconds:.1f} s on {kind} {what}"


# -- generated pages ---------------------------------------------------------------------------------

TAGS = ["p", "div", "span", "article", "section", "main", "h1", "h2", "a", "b", "em", "ul", "ol", "li", "table",
        "tr", "td", "th", "script", "style", "noscript", "iframe", "form", "input", "img", "br", "header", "footer",
        "nav", "aside", "figure", "figcaption", "blockquote", "pre", "code", "time", "meta", "link", "title",
        "svg", "math", "template", "textarea", "button", "html", "body", "head", "frameset", "plaintext"]  # fmt: skip
ATTRS = ["class", "id", "href", "src", "content", "property", "name", "rel", "charset", "datetime", "itemprop",
         "itemtype", "data-x", "style", "type", "lang", "dir", "hidden", "aria-hidden"]  # fmt: skip
WORDS = ["article-body", "share", "newsletter", "byline", "author", "NewsArticle", "og:url", "og:title", "canonical",
         "2024-01-04T10:00:00Z", "Jan. 4, 2024", "UPDATE (Jan. 5 at 9:30 a.m.):", "Correction:", "javascript:alert(1)",
         "https://news.example/other", "../../..", "utf-8", "x-bogus-charset", "", " "]  # fmt: skip

texts = st.one_of(st.text(max_size=120), st.sampled_from(WORDS), st.just(PROSE))
values = st.one_of(st.text(max_size=40), st.sampled_from(WORDS))


def _element(tag: str, attrs: list[tuple[str, str]], children: list[str], close: bool) -> str:
    rendered = "".join(f' {name}="{html.escape(value)}"' for name, value in attrs)
    return f"<{tag}{rendered}>{''.join(children)}" + (f"</{tag}>" if close else "")


attributes = st.lists(st.tuples(st.sampled_from(ATTRS), values), max_size=4)
trees = st.recursive(
    st.one_of(texts.map(html.escape), texts),  # escaped text, and raw text with stray < & > in it
    lambda kids: st.builds(_element, st.sampled_from(TAGS), attributes, st.lists(kids, max_size=5), st.booleans()),
    max_leaves=40,
)
JSON_KEYS = ["@type", "@graph", "headline", "author", "name", "datePublished", "url", "dateModified", "publisher",
             "articleBody", "mainEntityOfPage"]  # fmt: skip
KEY_TEXT = st.text(max_size=8)
json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
json_values = st.recursive(
    json_scalars | st.sampled_from(WORDS),
    lambda c: st.lists(c, max_size=4) | st.dictionaries(st.sampled_from(JSON_KEYS) | KEY_TEXT, c, max_size=3),
    max_leaves=20,
)


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A whole page: optional doctype, a head with metadata and JSON-LD, a body tree."""
    head = draw(st.lists(trees, max_size=3))
    if draw(st.booleans()):
        head.append(f'<script type="application/ld+json">{json.dumps(draw(json_values))}</script>')
    body = draw(st.lists(trees, max_size=6))
    doctype = draw(st.sampled_from(["<!doctype html>", "", "<?xml version='1.0'?>", "<!DOCTYPE html PUBLIC>"]))
    return f"{doctype}<html><head>{''.join(head)}</head><body>{''.join(body)}</body></html>"


@settings(FUZZ, max_examples=120)
@given(documents())
def test_generated_pages(page: str) -> None:
    _check("generated pages (str)", page)


@settings(FUZZ, max_examples=100)
@given(documents(), st.sampled_from(["utf-8", "latin-1", "utf-16", "cp1252", "shift_jis"]))
def test_generated_pages_as_bytes_in_any_encoding(page: str, encoding: str) -> None:
    _check("generated pages (bytes)", page.encode(encoding, errors="replace"), encoding)


# -- mutated real pages ------------------------------------------------------------------------------


@st.composite
def mutated(draw: st.DrawFn) -> tuple[bytes, str]:
    """A fixture page with 1-4 mutations: truncation, inserted garbage, deletions, duplications, re-encodings."""
    page = bytearray(draw(st.sampled_from(PAGES)))
    done = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["truncate", "insert", "delete", "duplicate", "reencode", "nul", "close-early"]))
        at = draw(st.integers(len(page) // 3 if kind == "truncate" else 0, len(page)))  # keep some of the story
        span = draw(st.integers(1, 4000))
        if kind == "truncate":
            del page[at:]
        elif kind == "insert":
            page[at:at] = draw(st.binary(min_size=1, max_size=300))
        elif kind == "delete":
            del page[at : at + span]
        elif kind == "duplicate":
            page[at:at] = page[at : at + span] * draw(st.integers(1, 20))
        elif kind == "reencode":
            text = bytes(page[at : at + span]).decode("utf-8", "replace")
            page[at : at + span] = text.encode(draw(st.sampled_from(["latin-1", "utf-16", "cp1252"])), "replace")
        elif kind == "nul":
            page[at:at] = b"\x00" * span
        else:
            page[at:at] = b"</body></html></script></div>"
        done.append(kind)
    return bytes(page), "+".join(done)


@settings(FUZZ, max_examples=60)
@given(mutated())
def test_mutated_fixture_pages(case: tuple[bytes, str]) -> None:
    page, what = case
    _check("mutated fixture pages", page, what)


@settings(FUZZ, max_examples=60)
@given(st.binary(max_size=20_000), st.sampled_from([b"", b"<html><body>", b"<!doctype html>", b"\xef\xbb\xbf"]))
def test_binary_garbage(data: bytes, prefix: bytes) -> None:
    _check("binary garbage", prefix + data)


# -- hand-made hostile pages -------------------------------------------------------------------------


def _table(rows: int, cols: int) -> str:
    row = "<tr>" + "<td>cell value 123</td>" * cols + "</tr>"
    return "<html><body><table>" + row * rows + "</table></body></html>"


HOSTILE: dict[str, Callable[[], str | bytes]] = {
    "nesting 10,000 deep (closed)": lambda: "<html><body>" + "<div>" * 10_000 + PROSE + "</div>" * 10_000,
    "nesting 10,000 deep (never closed)": lambda: "<html><body>" + "<div>" * 10_000 + PROSE,
    "inline nesting 10,000 deep": lambda: "<html><body>" + "<b><i>" * 5_000 + PROSE,
    "table nesting 3,000 deep": lambda: "<html><body>" + "<table><tr><td>" * 3_000 + PROSE,
    "5 MB data- attribute": lambda: f'<html><body><div data-x="{"a" * 5_000_000}">{PROSE}</div></body></html>',
    "5 MB unterminated attribute": lambda: '<html><body><div title="' + "a" * 5_000_000,
    "NUL bytes everywhere (str)": lambda: "\x00".join("<html><body>" + PROSE + "</body></html>"),
    # urllib rejects a netloc with an unclosed "[" (an IPv6 address) or one NFKC normalisation changes.
    "malformed URLs in every link and claim": lambda: (
        '<html><head><link rel="canonical" href="https://[example.com/story/">'
        '<meta property="og:url" content="https://[example.com/og/"><meta property="og:image" content="http://[img/a.jpg">'
        '</head><body><h1><a href="https://[home/">Logo</a></h1><article><h1>Story</h1>'
        '<p><a href="https://ex\uff0fample.com/x">link</a> ' + PROSE + '</p><a href="https://[x/author/jane/">Jane</a>'
        "</article></body></html>"
    ),
    "NUL bytes in the text (bytes)": lambda: ("<html><body>" + PROSE).encode().replace(b". ", b".\0 "),
    "invalid UTF-8 mixed with latin-1": lambda: (
        "<html><body><p>caf\u00e9 ".encode()
        + "na\u00efve r\u00e9sum\u00e9 ".encode("latin-1")
        + b"\xff\xfe\x80\xc3("
        + PROSE.encode()
        + b"</p></body></html>"
    ),
    "utf-16 without a BOM": lambda: ("<html><body>" + PROSE + "</body></html>").encode("utf-16-le"),
    "bogus meta charset": lambda: '<html><head><meta charset="x-bogus-999"></head><body>' + PROSE,
    "script only": lambda: "<html><head><script>" + "var x = '<p>not prose</p>';" * 5_000 + "</script></head></html>",
    "style only": lambda: "<style>" + "p{color:red}" * 10_000 + "</style>",
    "empty": lambda: "",
    "whitespace only": lambda: " \n\t\r " * 100,
    "only a comment": lambda: "<!-- " + "nothing here " * 1000 + "-->",
    "unterminated comment": lambda: "<html><body><!-- " + PROSE * 50,
    "<html> with no body": lambda: "<html>",
    "head only": lambda: "<html><head><title>Title</title><meta property='og:title' content='x'></head></html>",
    "huge table (2,000 x 10)": lambda: _table(2_000, 10),
    "10,000 paragraphs": lambda: "<html><body><article>" + PROSE * 10_000 + "</article></body></html>",
    "3 MB single word": lambda: "<html><body><p>" + "x" * 3_000_000 + "</p></body></html>",
    "JSON-LD nested 500 deep": lambda: (
        '<html><head><script type="application/ld+json">'
        + '{"a":' * 500
        + "1"
        + "}" * 500
        + "</script></head><body>"
        + PROSE
    ),
    "10,000 meta tags": lambda: "<html><head>" + '<meta property="article:tag" content="t">' * 10_000 + PROSE,
    "3,000 update-note lookalikes": lambda: "<html><body>" + "<p>UPDATE (Jan. 5 at 9:30 a.m.): x.</p>" * 3_000,
    # Fixed: a JSON-LD block nested past the recursion limit is skipped, not the article.
    "JSON-LD nested 5,000 deep": lambda: (
        '<html><head><script type="application/ld+json">'
        + '{"a":' * 5_000
        + "1"
        + "}" * 5_000
        + "</script></head><body>"
        + PROSE
    ),
    "JSON-LD unterminated, 10,000 brackets": lambda: (
        '<html><head><script type="application/ld+json">{"headline": ' + "[" * 10_000 + "</script></head><body>" + PROSE
    ),
    # Fixed: trafilatura's fast mode is tried first, so its readability fallback no longer scans the attribute.
    "5 MB class attribute": lambda: f'<html><body><div class="{"a" * 5_000_000}">{PROSE}</div></body></html>',
    # Fixed: lxml checks each attribute against all earlier ones (minutes); such tags lose their attributes first.
    "100,000 attributes on one element": lambda: (
        "<html><body><div " + " ".join(f"a{i}=x" for i in range(100_000)) + ">" + PROSE + "</div></body></html>"
    ),
    "binary PNG": lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 400,
}


def _in_child(page: str | bytes, conn: Any) -> None:
    """Run both entry points on the page in a forked process, sending each outcome as it is known."""
    for fn in (extract, extract_article):
        try:
            conn.send((fn.__name__, *_outcome(fn, page)))
        except Exception as exc:  # reported, not raised: the parent fails the test with the type and message
            conn.send((fn.__name__, f"CRASH {type(exc).__name__}: {exc}"[:500], 0.0))


def _run_bounded(kind: str, page: str | bytes) -> list[tuple[str, str, float]]:
    """Both entry points on ``page`` in a child process that is killed if a call overruns the bound."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_in_child, args=(page, child), daemon=True)
    proc.start()
    child.close()
    results = []
    try:
        for _ in range(2):
            if not parent.poll(BOUND):
                pytest.fail(f"{kind}: a call took longer than {BOUND:.0f} s (killed); done so far: {results}")
            results.append(parent.recv())
    finally:
        proc.kill()
        proc.join()
    return results


def _hostile(kind: str, make: Callable[[], str | bytes]) -> None:
    page = make()
    for name, result, seconds in _run_bounded(kind, page):
        TRIED["hand-made hostile pages"] += 1
        if seconds > WORST.get("hand-made hostile pages", (0.0, ""))[0]:
            WORST["hand-made hostile pages"] = (seconds, f"{name} on {kind} -> {result}")
        assert not result.startswith("CRASH"), f"{name} on {kind}: {result}"


@pytest.mark.parametrize("offset", [0, 1, 24_999, 25_000, 25_001, 49_999, 74_321])
def test_the_check_for_a_50_kb_tag_finds_one_wherever_it_stands(offset: int) -> None:
    """extract() runs the tag regex only where this check finds a 50,000-character run without a ">": it must see
    every such run, in text and in bytes, and pass an ordinary page."""
    monster = '<div data-x="' + "a" * 49_992 + '">'  # the 50,000 characters of attributes a match needs
    page = "<html><body>" + "<b>x</b>" * (offset // 8) + monster + PROSE + "</div></body></html>"
    assert _MONSTER_TAG.search(page)
    assert _may_hold_monster(page) and _may_hold_monster(page.encode())
    ordinary = "<html><body>" + PROSE * 2_000 + "</body></html>"
    assert not _may_hold_monster(ordinary) and not _may_hold_monster(ordinary.encode())


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hand_made_hostile_pages(kind: str) -> None:
    _hostile(kind, HOSTILE[kind])


def test_a_hidden_root_element_is_not_dropped() -> None:
    for page in ("<html hidden><body>" + PROSE, "<html><body><html hidden>" + PROSE):
        assert _outcome(extract, page)[0] != "known bug"


def test_extract_article_turns_an_unexpected_crash_into_a_typed_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("archiver.pipeline.extract", boom)
    with pytest.raises(ArchiverError, match="RecursionError"):
        extract_article(PROSE, URL)
