"""trafilatura's XPath expressions evaluated in Python (archiver.fast_xpaths) give exactly the XPath's elements."""

from __future__ import annotations

import lxml.html
import pytest
import trafilatura
from lxml.etree import XPath

from archiver import fast_xpaths
from archiver.extract import extract
from archiver.xpath_predicates import Expression

from .conftest import fixture_pages, load_expected

# Edge cases of XPath semantics: the first of @id|@class in the element's own attribute order, a missing
# attribute tested as "", "[1]" per parent, "(…)[1]" of the whole tree, a union in document order, comments.
TRICKY = """<html><body>
<div class="content" id="main-x"><!-- a comment --><p class="share-x">a</p></div>
<div id="cookie-note" class="x">b</div><div class="cookie" id="banner-x">c</div>
<section class="articleBody"><div class="post">one</div><div class="post">two</div></section>
<div class="post-body"><article class="entry">three</article></div>
<span style="display: none">hidden</span><p aria-hidden="true">aria</p><p id="reply-1" class="x">reply</p>
<div class="ad" role="Navigation">nav</div><div data-lp-replacement-content="">lp</div>
<ul class="comments-list"><li>c</li></ul><ol id="comment-3"><li>d</li></ol><div id="disqus_thread">e</div>
<section class="infinite-scroll"><h1>kept</h1></section><aside id="mvp-post-add-box"><h1>t</h1></aside>
<div class="infinite-scroll">gone</div><div class="Teaser-box">t</div><span id="bigTEASER">t</span>
<main>m</main><div role="main-area">r</div><div class="Main-Content">mc</div><div class="page-Content">pc</div>
<div class="Story-Content" id="primary-col">s</div><section role="article">ra</section>
<span class="author-name">A</span><a rel="author">B</a><div id="zuozhe">C</div><p class="date">d</p>
<author>Z</author><div data-component="Byline">y</div><span><rel>me</rel>x</span><h4 class="writer">w</h4>
<a class="sidebar-x">s</a><section id="commentlist">c</section>
<aside>a</aside><div id="x" class="site-footer">f</div><div class="CookieConsent-bar">c</div><svg></svg>
</body></html>"""


def test_every_expression_is_replaced_for_this_trafilatura():
    """trafilatura 2.3.1's expressions are the ones the replacements were written for. Another version keeps as
    XPath each expression whose source text changed (slower, same results), so it is no failure."""
    if trafilatura.__version__ != "2.3.1":
        pytest.skip(f"the replacements were written for trafilatura 2.3.1, this is {trafilatura.__version__}")
    assert len(fast_xpaths.replaced()) == len(fast_xpaths._REPLACEMENTS)


@pytest.mark.parametrize("key", sorted(fast_xpaths.replaced()))
def test_same_elements_on_tricky_markup(key):
    original, replacement = fast_xpaths.replaced()[key]
    tree = lxml.html.fromstring(TRICKY)
    expected = original(tree)
    assert expected  # the markup exercises every expression
    assert replacement(tree) == expected


def test_same_elements_inside_trafilatura_on_every_fixture(monkeypatch):
    """Each replacement, wherever trafilatura calls it on its own intermediate trees, agrees with the XPath."""
    calls: dict[str, int] = {}

    def checking(key, original, replacement):
        def call(tree):
            expected = original(tree)
            assert replacement(tree) == expected, key
            calls[key] = calls.get(key, 0) + 1
            return expected

        return call

    for key, (original, replacement) in fast_xpaths.replaced().items():
        monkeypatch.setattr(replacement, "_select", checking(key, original, replacement._select))
    for page in fixture_pages():
        extract(page.read_bytes(), load_expected(page).get("url"))
    assert calls.get("OVERALL_DISCARD_XPATH[1]", 0) >= len(fixture_pages())


def test_only_our_calls_use_them():
    """Outside our extraction trafilatura keeps its own XPath objects (a benchmark's bare trafilatura stays bare)."""
    before = {key: _current(key) for key in fast_xpaths.replaced()}
    with fast_xpaths.in_use():
        inside = {key: _current(key) for key in before}
    assert all(isinstance(v, XPath) for v in before.values())
    assert all(isinstance(v, Expression) for v in inside.values())
    assert {key: _current(key) for key in before} == before


def _current(key: str):
    _, holder, slot, _, _ = next(swap for swap in fast_xpaths._swaps() if swap[0] == key)
    return holder[slot]
