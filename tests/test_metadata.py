"""Metadata rules: title choice, bylines, dates, with small inline pages; and the benchmark's fair normalisation."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from archiver.bylines import split_authors
from archiver.dates import parse_datetime, plausible
from archiver.field_values import description_text, keywords, language_tag
from archiver.metadata import extract_metadata
from archiver.urls import canonicalize_url

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import scoring  # noqa: E402


def meta_of(head: str = "", body: str = "", url: str | None = "https://news.example/2024/story"):
    """Metadata of a page made of the given <head> and <body> markup."""
    return extract_metadata(LexborHTMLParser(f"<html><head>{head}</head><body>{body}</body></html>"), url)


# ---------------------------------------------------------------- titles


def test_visible_headline_wins_when_a_declared_title_backs_it() -> None:
    head = '<meta property="og:title" content="Ultium Cells erhöht Kapazität - Battery-News.de">'
    meta = meta_of(head, "<h1>Ultium Cells erhöht Kapazität in Tennessee</h1>")
    assert meta.title == "Ultium Cells erhöht Kapazität in Tennessee"
    assert meta.sources["title"] == "h1"


def test_unrelated_h1_loses_to_the_declared_title() -> None:
    meta = meta_of("<title>Replace brs test</title>", "<h1>Lorem</h1><p>Lorem ipsum.</p>")
    assert meta.title == "Replace brs test"


def test_site_name_suffix_is_stripped() -> None:
    head = (
        '<meta property="og:site_name" content="Gothamist">'
        "<title>Rezoning plan plagues re-election bid - Gothamist</title>"
    )
    assert meta_of(head).title == "Rezoning plan plagues re-election bid"


def test_a_site_name_holding_the_story_title_keeps_only_the_site() -> None:
    """Some CMSs fill og:site_name with the page title: "Story | MLUK" names MLUK, the title alone names no site."""
    title = "Land zahlte rund 1,4 Millionen Euro Erlegungsprämie für Wildschweine"
    head = f'<meta property="og:site_name" content="{title} | MLUK"><title>{title} | MLUK</title>'
    meta = meta_of(head, f"<article><h1>{title}</h1></article>")
    assert (meta.title, meta.site_name) == (title, "MLUK")
    head = f'<meta property="og:site_name" content="{title}"><title>{title}</title>'
    assert meta_of(head, f"<article><h1>{title}</h1></article>").site_name is None
    # A home page titled with the site's name keeps it; a site whose name merely contains the title's word too.
    assert meta_of('<meta property="og:site_name" content="Die FURCHE"><title>Die FURCHE</title>').site_name == (
        "Die FURCHE"
    )
    head = '<meta property="og:site_name" content="Home Depot Blog"><title>Home</title>'
    assert meta_of(head).site_name == "Home Depot Blog"


def test_domain_and_tagline_after_the_site_are_stripped() -> None:
    head = "<title>Bielersee-Winterhechte | petri-heil.ch | Dein Schweizer Fischereimagazin</title>"
    assert meta_of(head, url="https://www.petri-heil.ch/x").title == "Bielersee-Winterhechte"


def test_logo_h1_names_the_site_and_leading_blog_segments_go() -> None:
    head = "<title>Four Years Remaining » Blog Archive » Interning of Small Integers</title>"
    body = '<h1><a href="http://fouryears.eu/">Four Years Remaining</a></h1><h2>Interning of Small Integers</h2>'
    assert meta_of(head, body, url=None).title == "Interning of Small Integers"


def test_kicker_inside_the_h1_is_left_out() -> None:
    head = '<meta property="og:title" content="Klimaschutz: Bohren, bis es heiß wird">'
    body = (
        '<h1><span class="article-heading__kicker">Klimaschutz</span><span class="visually-hidden">: </span>'
        '<span class="article-heading__title">Bohren, bis es heiß wird</span></h1>'
    )
    assert meta_of(head, body).title == "Bohren, bis es heiß wird"


def test_hidden_h1_is_no_headline() -> None:
    head = '<meta property="og:title" content="Veteran wraps baby in flag">'
    body = '<h1 class="Hidden">Good Morning America</h1><h1 class="headline">Veteran wraps baby in flag</h1>'
    assert meta_of(head, body).title == "Veteran wraps baby in flag"


def test_double_escaped_entities_and_soft_hyphens_are_cleaned() -> None:
    headline = "Signa in Sorge &#8211; Finanz\u00addaten"
    head = f'<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{headline}"}}</script>'
    assert meta_of(head, url=None).title == "Signa in Sorge – Finanzdaten"


def test_date_only_title_segment_is_dropped() -> None:
    head = '<meta property="og:title" content="So viel Regen gab es lange nicht : 31.10.2023, 10.19 Uhr">'
    assert meta_of(head).title == "So viel Regen gab es lange nicht"


def test_og_title_that_is_the_site_name_is_ignored() -> None:
    head = '<meta property="og:site_name" content="ICON Magazine"><meta property="og:title" content="ICON Magazine">'
    assert meta_of(head, "<h1>Davor und Danach</h1>").title == "Davor und Danach"


# ---------------------------------------------------------------- bylines


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Jane Doe and John Roe, Staff Writers", ["Jane Doe", "John Roe"]),
        ("Staff", []),
        (
            "By Daniel Kahn Gillmor, Senior Staff Technologist, ACLU Speech, Privacy, and Technology",
            ["Daniel Kahn Gillmor"],
        ),
        ("Grant Tinsley, PhD", ["Grant Tinsley"]),
        ("By GILLIAN MOHNEY\n   March 11, 2015 3:46 PM", ["GILLIAN MOHNEY"]),
        ("By Lucas Nolan22 Dec 2016", ["Lucas Nolan"]),
        ("Posted on September 21, 2020 by Adi Tzlil", ["Adi Tzlil"]),
        ("Ein Artikel von Pamela Sladky | 27.01.2022 - 12:45", ["Pamela Sladky"]),
        ("04.02.2022 | 13:10 Uhr | Uta Helkenberg", ["Uta Helkenberg"]),
        ("Autor: Gàbor Muniér, Datum: 03.Mär.19", ["Gàbor Muniér"]),
        ("Written by Rob Ewaschuk Edited by Betsy Beyer", ["Rob Ewaschuk"]),
        ("Ben Silverman Games Editor", ["Ben Silverman"]),
        ("Alex Bozarjian Thursday", ["Alex Bozarjian"]),
        ("Ursula von der Leyen", ["Ursula von der Leyen"]),
        ("Updated April 29, 2019", []),
        ("Josh Willink von Pexels", []),
    ],
)
def test_split_authors(byline: str, names: list[str]) -> None:
    assert split_authors(byline) == names


def test_person_in_the_byline_beats_the_site_in_the_author_tag() -> None:
    head = '<meta name="author" content="finanztreff.de">'
    body = "<article><h1>Börse</h1><byline>Quelle: dpa-AFX Von David Hutzler, dpa</byline></article>"
    meta = meta_of(head, body)
    assert meta.authors == ["David Hutzler"]
    assert meta.sources["authors"] == "byline"


def test_organisation_only_when_no_person() -> None:
    author = '{"@type": "Organization", "name": "Makronom"}'
    head = f'<script type="application/ld+json">{{"@type": "NewsArticle", "author": {author}}}</script>'
    assert meta_of(head).authors == ["Makronom"]


def test_commenters_are_not_authors() -> None:
    body = (
        "<article><h1>Story</h1><p>Text.</p></article>"
        '<ol class="comment-list"><li><div class="comment-author vcard">'
        '<b class="fn">Karoline Herr</b> sagt:</div></li></ol>'
    )
    assert meta_of("", body).authors == []


def test_wordpress_vcard_byline_may_be_a_login() -> None:
    body = (
        '<article class="post category-newsletter"><div class="entry-meta">von '
        '<span class="author vcard"><a class="url fn n">uriebe</a></span></div></article>'
    )
    assert meta_of("", body).authors == ["uriebe"]


def test_bare_first_name_is_completed_from_the_byline() -> None:
    head = '<meta name="author" content="Todd">'
    body = '<div class="article-author"><p class="full-name">Todd Bates</p></div>'
    assert meta_of(head, body).authors == ["Todd Bates"]


def test_every_citation_author_counts() -> None:
    head = '<meta name="citation_author" content="Carlos Dobkin"><meta name="citation_author" content="Devon Gorry">'
    assert meta_of(head).authors == ["Carlos Dobkin", "Devon Gorry"]


def test_space_separated_rdfa_properties_and_dublin_core_prefixes() -> None:
    head = (
        '<meta property="dc:creator twitter:site_name" content="Creator Name"/><meta name="author" content="FAIL"/>'
        '<meta property="dc:title" content="My title"/>'
    )
    meta = meta_of(head, url=None)
    assert meta.authors == ["Creator Name"]
    assert meta.title == "My title"


def test_tags_and_section_from_link_boxes() -> None:
    body = (
        '<div class="post-tags"><a href="/t/a">Energie</a><a href="/t/b">Klima</a></div>'
        '<span class="post-category"><a href="/c/news">News</a></span>'
        '<a class="td-post-category" href="/c/x">Lokales</a>'  # a box with no link inside names no section
    )
    meta = meta_of("", body)
    assert meta.tags == ["Energie", "Klima"]
    assert meta.section == "News"


# ---------------------------------------------------------------- dates


def test_published_and_modified_stay_apart() -> None:
    head = '<meta property="article:modified_time" content="2024-01-04T17:52:00+00:00">'
    meta = meta_of(head)
    assert meta.published_at is None
    assert meta.modified_at == datetime(2024, 1, 4, 17, 52, tzinfo=UTC)


def test_meta_published_time_outranks_json_ld_and_keeps_the_local_offset() -> None:
    head = (
        '<meta property="article:published_time" content="2024-01-03T19:05:00+00:00">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-01-01T10:00:00Z",'
        ' "dateCreated": "2024-01-03T14:05:00-05:00"}</script>'
    )
    published = meta_of(head).published_at
    assert published == datetime(2024, 1, 3, 19, 5, tzinfo=UTC)
    assert published.utcoffset() == timedelta(hours=-5)
    # The same tag holding the JSON-LD's dateModified is the last edit: the JSON-LD's datePublished stands.
    edited = head.replace('"dateCreated"', '"dateModified"')
    assert meta_of(edited).published_at == datetime(2024, 1, 1, 10, 0, tzinfo=UTC)


def test_microdata_date_published() -> None:
    body = '<article><h1>x</h1><meta itemprop="datePublished" content="2019-06-17T18:28:00+0200"></article>'
    assert meta_of("", body).published_at == datetime(2019, 6, 17, 18, 28, tzinfo=timezone(timedelta(hours=2)))


def test_generic_date_meta_yields_to_the_time_element() -> None:
    head = '<meta name="date" content="2022-1-26T14:32:06+02:00">'
    body = '<article><p class="meta"><time datetime="2022-01-21">21.01.2022</time></p></article>'
    assert meta_of(head, body).published_at.date().isoformat() == "2022-01-21"


def test_time_in_a_teaser_list_is_not_the_article_date() -> None:
    body = '<ul class="related-posts"><li><time datetime="2020-01-01">1.1.</time></li></ul>'
    assert meta_of("", body).published_at is None


def test_json_ld_in_cdata_is_read() -> None:
    data = '{"@type": "NewsArticle", "datePublished": "2024-12-06T22:00:40Z"}'
    head = f'<script type="application/ld+json">\n<![CDATA[\n{data}\n]]>\n</script>'
    assert meta_of(head).published_at == datetime(2024, 12, 6, 22, 0, 40, tzinfo=UTC)


def test_parse_datetime_and_plausibility() -> None:
    assert parse_datetime("2019-06-17T18:28:00+0200") == datetime(
        2019, 6, 17, 18, 28, tzinfo=timezone(timedelta(hours=2))
    )
    assert parse_datetime("Sat, 19 Oct 2019 00:04:00 +0200").day == 19
    assert parse_datetime("2022-05-11T4:10:") == datetime(2022, 5, 11, tzinfo=UTC)
    assert parse_datetime("not a date") is None
    assert plausible(datetime(1970, 1, 1, tzinfo=UTC)) is None
    assert plausible(datetime.now(UTC) + timedelta(days=30)) is None


def test_canonical_url_drops_tracking_parameters() -> None:
    assert canonicalize_url("https://News.example/a?utm_source=x&id=3&fbclid=y#top") == "https://news.example/a?id=3"


# ---------------------------------------------------------------- the benchmark's normalisation


def test_titles_agree_despite_typographic_quotes_dashes_and_soft_hyphens() -> None:
    assert scoring.titles_agree("Bushido erklärt ihn für „finished“", 'Bushido erklärt ihn für "finished"')
    assert scoring.titles_agree("Editor’s Letter – bye", "Editor's Letter - bye")
    assert scoring.titles_agree("Messenger\u00addienste", "Messengerdienste")
    assert not scoring.titles_agree("News", "Other")


def test_titles_agree_without_any_trailing_site_segments() -> None:
    assert scoring.titles_agree(
        "Samantha and The Great Big Lie - John C. Welch - Medium", "Samantha and The Great Big Lie"
    )
    assert scoring.titles_agree("后果很严重 _探索者 _光明网", "后果很严重")


def test_author_sets_ignore_prefixes_dates_degrees_and_order() -> None:
    assert scoring.authors_agree("By Nathan Willis\n   March 25, 2015", ["Nathan Willis"])
    assert scoring.authors_agree("by Lucas Nolan22 Dec 2016651", ["Lucas Nolan"])
    assert scoring.authors_agree(
        ["Michael L. Anderson, PhD", "Carlos Dobkin, PhD"], ["Carlos Dobkin", "Michael L Anderson"]
    )
    assert scoring.authors_agree("AFP/The Local", ["AFP", "The Local"])
    assert not scoring.authors_agree("Jane Doe", ["Jane Doe", "John Roe"])


def test_author_sets_read_a_label_line_links_and_french_co_authors() -> None:
    assert scoring.authors_agree("By\n\t\t\tScott Cunningham", ["Scott Cunningham"])
    assert scoring.authors_agree("Bradley M. Kuhn (http://ebb.org/bkuhn/)", ["Bradley M. Kuhn"])
    assert scoring.authors_agree(
        "Martin Untersinger (avec Damien Leloup et Morgane Tual)",
        ["Martin Untersinger", "Damien Leloup", "Morgane Tual"],
    )
    assert scoring.authors_agree("Teufel Blog Redaktion", ["Teufel Blog"])
    assert scoring.authors_agree("Redaktion Polizeiticker Schweiz", ["Polizeiticker Schweiz"])
    assert not scoring.authors_agree("Jörg Staff", ["Jörn Mecher"])


def test_placeholders_are_no_author_expectation() -> None:
    for placeholder in ("Redaktion", "Staff Writer", "Unknown"):
        assert not scoring.has_author(placeholder)
    assert scoring.has_author("Jörg Staff")


def test_days_written_year_day_month_and_with_a_dot() -> None:
    assert scoring.day_of("2022-29-11") == "2022-11-29"
    assert scoring.day_of("2022-01.26") == "2022-01-26"
    assert scoring.day_of("2022-11-1") == "2022-11-01"


def test_cjk_titles_with_an_unspaced_site_suffix() -> None:
    assert scoring.titles_agree(
        "武汉的声音：有英勇的你，才有英雄的城！", "武汉的声音：有英勇的你，才有英雄的城！-新华网"
    )
    assert not scoring.titles_agree("Süd-Österreich", "Süd")


def test_a_date_line_is_no_author_expectation() -> None:
    assert not scoring.has_author("April 28, 2019 at 6:01 am Updated April 29, 2019 at 3:33 pm")
    assert scoring.has_author("By Erin Cunningham")


def test_a_date_in_the_address_long_before_date_published_is_the_first_publication() -> None:
    """befifty.de: a move to a new CMS stamped datePublished 2019-06-17 on a story its address dates 2017-07-12.
    A day or a week apart is a time zone or a late edit, and the metadata's date stands."""
    head = "<meta itemprop='datePublished' content='2019-06-17T18:28:00+02:00'>"
    page = LexborHTMLParser(f"<html><head>{head}</head><body><h1>Unter uns: Montauk</h1></body></html>")
    meta = extract_metadata(page, "https://www.befifty.de/home/2017/7/12/unter-uns-montauk")
    assert meta.published_at == datetime(2017, 7, 12, tzinfo=UTC) and meta.sources["published_at"] == "url"
    near = extract_metadata(LexborHTMLParser(f"<html><head>{head}</head></html>"), "https://x.example/2019/6/12/a")
    assert near.published_at == datetime(2019, 6, 17, 18, 28, tzinfo=timezone(timedelta(hours=2)))


@pytest.mark.parametrize(
    "line",
    [
        "by J.O. Haselhoef Apr. 26, 2022Apr. 26, 2022",
        "von Nadja Demel13.12.2022 - 08:13 Uhr13.12.2022 - 08:13 Uhr",
        "1.11.23 20:19 von Lars Sobiraj Lesezeit: 4 Min.",
        "31. Oktober 2023 Suche nach:",
        "von wordpressadmin | Eingetragen bei: politics | 0",
    ],
)
def test_a_byline_date_or_meta_line_in_a_subtitle_box_is_no_standfirst(line: str) -> None:
    body = f"<h1>Story</h1><div class='post-excerpt'>{line}</div><p class='subtitle'>The dek says what happened.</p>"
    meta = extract_metadata(LexborHTMLParser(f"<html><body>{body}</body></html>"), None)
    assert meta.subtitle == "The dek says what happened."


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ("Business, PRESS RELEASE, caribbean financial access roundtable, gis", "Business"),  # Yoast's categories
        ("Filme &amp; Serien, Schauspieler/innen", "Filme & Serien"),  # escaped as HTML
        (["Politics", "World"], "Politics"),
        ("Der dreimalige Olympiasieger Eric Frenzel ist positiv auf das Coronavirus getestet worden.", None),
    ],
)
def test_json_ld_article_section(section: object, expected: str | None) -> None:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Story", "articleSection": section}
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    meta = extract_metadata(LexborHTMLParser(f"<html><head>{head}</head><body><h1>Story</h1></body></html>"), None)
    assert meta.section == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("de-DE", "de-DE"), ("en_us", "en-US"), ("de, at, ch", "de"), ("de-ERE", "de"), ("de-DE-FORMAL", "de-DE"),
     ("es-419", "es-419"), ("lang=", None), ("", None),
     # A language's name, in English, German, French or Spanish, or in its own ("<meta name=language content=english>").
     ("english", "en"), ("German", "de"), ("Deutsch", "de"), ("français", "fr"), ("polski", "pl"),
     ("Klingonish", None)],
)  # fmt: skip
def test_language_tag(value: str, expected: str | None) -> None:
    assert language_tag(value) == expected


@pytest.mark.parametrize(
    ("head", "html_lang", "expected", "source"),
    [
        ('<meta http-equiv="content-language" content="de">', "", "de", "meta"),
        ('<meta name="DC.Language" content="de">', "", "de", "meta"),
        ('<meta name="language" content="english">', "", "en", "meta"),
        ('<meta property="og:locale" content="en_GB">', "", "en-GB", "meta"),
        # <html lang> outranks what the meta tags say, unless it is no tag.
        ('<meta property="og:locale" content="en_GB">', "de-DE", "de-DE", "html:lang"),
        ('<meta property="og:locale" content="en_GB">', "lang=", "en-GB", "meta"),
        ('<meta name="language" content="Klingonish">', "", None, None),
    ],
)
def test_the_pages_declared_language(head: str, html_lang: str, expected: str | None, source: str | None) -> None:
    page = f"<html lang='{html_lang}'><head>{head}</head><body><h1>Story</h1></body></html>"
    meta = extract_metadata(LexborHTMLParser(page), None)
    assert (meta.language, meta.sources.get("language")) == (expected, source)


def test_og_url_percent_encoded_or_relative() -> None:
    page = "https://www.siegessaeule.de/magazin/paedophilie/"
    head = '<meta property="og:url" content="https%3A%2F%2Fwww.siegessaeule.de%2Fmagazin%2Fpaedophilie%2F">'
    assert extract_metadata(LexborHTMLParser(f"<html><head>{head}</head></html>"), page).canonical_url == page
    # A relative og:url may be a template's section path shared by every story: the page's own address stands.
    story = "https://www.duengebehoerde-niedersachsen.de/duengebehoerde/news/38853_Neue_Regeln"
    head = '<meta property="og:url" content="/duengebehoerde/news">'
    assert extract_metadata(LexborHTMLParser(f"<html><head>{head}</head></html>"), story).canonical_url == story


def test_an_excerpt_cut_short_is_a_teasers_not_the_standfirst() -> None:
    # greator.com: the first "excerpt" box on the page is a related post's, cut off mid-sentence.
    body = (
        "<h1>Innere Zufriedenheit</h1><div class='post-excerpt'>Was ist Lebensfreude? Warum strahlen manche "
        "Menschen vor Glück und…</div><div class='post-excerpt'>Ein anderer Beitrag über Achtsamkeit im Alltag.</div>"
    )
    meta = extract_metadata(LexborHTMLParser(f"<html><body>{body}</body></html>"), None)
    assert meta.subtitle is None


STORY = "<p>" + "The council voted 5-2 on Tuesday to raise the levy by two percent, the first rise in six years. " * 2
STORY += "</p>"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # The dek between the headline and the story (RebelMouse's widget__subheadline) is the standfirst.
        ("<h1>Levy rises</h1><h2 class='widget__subheadline'>The first rise in six years passed 5-2.</h2>" + STORY,
         "The first rise in six years passed 5-2."),
        # A sign-up box's, a paywall's, a related card's and a menu's "subtitle" are not the story's.
        ("<div class='newsletter-signup'><p class='newsletter-subtitle'>Delivered straight to your inbox</p></div>"
         "<h1>Levy rises</h1>" + STORY, None),
        ("<h1>Levy rises</h1><div class='paywall-barreiras'><p class='paywall__subtitle'>Assine por apenas R$5,94 "
         "por mês.</p></div>" + STORY, None),
        ("<h1>Levy rises</h1><div class='elementor-post__card'><div class='elementor-post__excerpt'>Another story "
         "about the school board's budget.</div></div>" + STORY, None),
        ("<div class='l-subheader'><a href='/a'>Statistical Methods</a><a href='/r'>R Programming</a>"
         "<a href='/p'>Python</a></div><h1>Levy rises</h1>" + STORY, None),
        # After the story's first paragraph: a body subheading ("Tipp 1: …") or a box below the story.
        ("<h1>Levy rises</h1>" + STORY + "<h2 class='subheadline'>What the increase pays for</h2><p>Roads.</p>",
         None),
        # The box that holds the headline and the dek is not the dek; the dek inside it is.
        ("<header class='content__headline-standfirst-wrapper'><h1>Levy rises</h1><div class='content__standfirst'>"
         "The first rise in six years passed 5-2.</div></header>" + STORY, "The first rise in six years passed 5-2."),
        # A source and a date under the headline are its meta line.
        ("<h1>Levy rises</h1><div class='entry-subtitle'>Handball Schweiz • 02.02.2022</div>" + STORY, None),
    ],
)  # fmt: skip
def test_the_standfirst_stands_between_the_headline_and_the_story(body: str, expected: str | None) -> None:
    meta = extract_metadata(LexborHTMLParser(f"<html><body>{body}</body></html>"), None)
    assert meta.subtitle == expected


def test_the_last_revision_the_page_shows_is_the_modified_date() -> None:
    """Le Monde's "Mis à jour le <time itemprop=dateModified …>", a printed "Aktualisiert am 19.02.2020" under the
    headline of a story published months before; no metadata gives a modified date on either page."""
    lemonde = (
        "<h1>Story</h1><p><time datetime='2015-05-04T13:36:31+02:00' itemprop='datePublished'>04.05.2015 à 13h36"
        "</time> • Mis à jour le <time datetime='2015-05-05T20:13:12+02:00' itemprop='dateModified'>05.05.2015 à "
        "20h13</time></p>"
    )
    meta = meta_of(body=lemonde)
    assert (meta.modified_at, meta.sources["modified_at"]) == (
        datetime(2015, 5, 5, 20, 13, 12, tzinfo=timezone(timedelta(hours=2))),
        "markup",
    )
    head = "<meta property='article:published_time' content='2019-09-26'>"
    printed = "<article><h1>Story</h1><p class='meta'>Aktualisiert am 19.02.2020</p><p>Text.</p></article>"
    assert meta_of(head=head, body=printed).modified_at == datetime(2020, 2, 19, tzinfo=UTC)
    # A government page's one date, "Stand: 25.01.2022", the publication day: no revision.
    same_day = "<article><h1>Story</h1><p>Stand: 25.01.2022</p><p>Text.</p></article>"
    head = "<meta property='article:published_time' content='2022-01-25'>"
    assert meta_of(head=head, body=same_day).modified_at is None


def test_a_modified_date_before_the_published_one_is_dropped_with_its_source() -> None:
    head = (
        "<meta property='article:published_time' content='2024-03-02T10:00:00Z'>"
        "<meta property='article:modified_time' content='2024-03-01T10:00:00Z'>"
    )
    meta = meta_of(head=head, body="<h1>Story</h1>")
    assert meta.modified_at is None and "modified_at" not in meta.sources


@pytest.mark.parametrize(
    ("image", "story"),
    [
        ("https://www.pferd-aktuell.de/relaunch/files/1/3/fn_logo_fb_1200x630.jpg", False),
        ("https://www.rnz.de/pu_rnz/images/social_placeholder.png", False),
        ("https://www.katzen-forum.net/favicon-96.ico", False),
        ("https://www.computerbase.de/img/logo-opengraph.png", False),
        ("https://www.wind-energie.de/fileadmin/_processed_/f/e/csm_logo-bwe_e7d19c89cb.jpg", False),
        ("https://news.example/img/news-example-logo.png", False),  # the site's own name and "logo"
        # A story's picture of a logo: the file names what it shows.
        ("https://cdn.example/2016/02/29/raspberry_pi_logo_mainimage8_lg.jpg", True),
        ("https://news.example/uploads/2024/05/council-chamber.jpg", True),
    ],
)
def test_a_templates_logo_or_placeholder_is_not_the_storys_image(image: str, story: bool) -> None:
    head = f"<meta property='og:image' content='{image}'>"
    assert (meta_of(head=head, url="https://news.example/2024/story").image_url == image) is story


def test_a_logo_in_og_image_gives_way_to_the_twitter_image() -> None:
    head = (
        "<meta property='og:image' content='https://www.landwirt.com/ez/sitedesign/images/logo.jpg'>"
        "<meta name='twitter:image' content='https://www.landwirt.com/media/melkstand-sensor.jpg'>"
    )
    assert meta_of(head=head).image_url == "https://www.landwirt.com/media/melkstand-sensor.jpg"


@pytest.mark.parametrize(
    ("page", "section"),
    [
        # WordPress's default category names no section, in metadata or in the post's category link.
        ("<head><meta property='article:section' content='Uncategorized'></head><body><h1>Story</h1></body>", None),
        ("<body><h1>Story</h1><a rel='category tag' href='/c/'>Uncategorized</a></body>", None),
        ("<body><h1>Story</h1><a rel='category tag' href='/c/urlaubsrecht/'>Urlaubsrecht</a></body>", "Urlaubsrecht"),
        # The home page as a "section": where the story was shown (The Verge's parsely-section, a German CMS's).
        ("<head><meta name='parsely-section' content='front-page'></head><body><h1>Story</h1></body>", None),
        ("<head><meta property='article:section' content='Startseite'></head><body><h1>Story</h1></body>", None),
        # Another story's kicker in a teaser, a search box's suggestions, a teaser's kicker run into its headline.
        ("<body><h1>Story</h1><div class='teaser-small'><span class='teaser-small__kicker'>„Cicero“ im Juli</span>"
         "</div></body>", None),
        ("<body><form class='header__search-form'><span class='featured-results__kicker'>Häufig gesucht</span>"
         "</form><h1>Story</h1></body>", None),
        ("<body><h1>Story</h1><div class='kicker'>Weitere vier Wochen dicht machen?</div></body>", None),
    ],
)  # fmt: skip
def test_the_section_is_the_storys_own(page: str, section: str | None) -> None:
    assert extract_metadata(LexborHTMLParser(f"<html>{page}</html>"), None).section == section


def test_tags_are_a_readers_not_the_cms_markers() -> None:
    """Future plc's keywords hold its categories, template switches and identifiers beside the story's tags."""
    value = (
        "Category: Gaming software, Category: Review, Strategy, Through the Darkest of Times, type_review, "
        "channel_gaming_software, serversidehawk, front-page, show-published-date, featured-story, stream-23490979, "
        "Covid 19, RTX 3080, mtb-montage, Privacy &amp; Technology, detenci&amp;oacute;n"
    )
    assert keywords(value) == [
        "Gaming software", "Review", "Strategy", "Through the Darkest of Times", "Covid 19", "RTX 3080", "mtb-montage",
        "Privacy & Technology", "detención",  # escaped twice by the CMS
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("la Polic&amp;iacute;a Nacional Civil", "la Policía Nacional Civil"),  # escaped twice
        ("I&#8217;m not much of a metal guy", "I’m not much of a metal guy"),
        ("<p><strong>Die Potenziale</strong> der Digitalisierung</p>", "Die Potenziale der Digitalisierung"),
        ("die Firma bereits kennen,...Read More", "die Firma bereits kennen,..."),
        ("Eine schmale Taille … Weiterlesen →", "Eine schmale Taille …"),
        ("behind the wheel and<a class='excerpt-read-more' href='/x'>Read More</a>", "behind the wheel and"),
        ("{{ seomatic.helper.extractTextFromField(entry.teaser) }}", None),  # a template's placeholder
        ("Visit the post for more.", None),  # WordPress.com's stock line
        ("Read more about the council's vote on the pool.", "Read more about the council's vote on the pool."),
    ],
)
def test_description_text(value: str, expected: str | None) -> None:
    assert description_text(value) == expected


@pytest.mark.parametrize(
    ("head", "url", "expected"),
    [
        # A template's JSON-LD names the home page as every story's main entity (ekd.de): the story's own address.
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Andacht", '
            '"mainEntityOfPage": "https://www.ekd.de/"}</script>',
            "https://www.ekd.de/andacht-zur-friedensdekade-69810.htm",
            "https://www.ekd.de/andacht-zur-friedensdekade-69810.htm",
        ),
        (
            '<meta property="og:url" content="https://www.piratenpartei.at/">',
            "https://www.piratenpartei.at/volksbegehren-bge/",
            "https://www.piratenpartei.at/volksbegehren-bge/",
        ),
        # The home page's own index file does name the home page.
        ('<link rel="canonical" href="https://anwaltniemeyer.de/">', "https://anwaltniemeyer.de/index.html",
         "https://anwaltniemeyer.de/"),
        # A real claim stands.
        ('<link rel="canonical" href="https://www.cnn.com/2021/03/08/uk/recap/index.html">',
         "https://edition.cnn.com/2021/03/08/uk/recap/index.html", "https://www.cnn.com/2021/03/08/uk/recap/index.html"),
    ],
)  # fmt: skip
def test_a_canonical_that_is_the_home_page_is_no_claim(head: str, url: str, expected: str) -> None:
    meta = extract_metadata(LexborHTMLParser(f"<html><head>{head}</head><body><h1>Andacht</h1></body></html>"), url)
    assert meta.canonical_url == expected
