"""Publication dates printed for the reader, read when no meta tag, JSON-LD or <time datetime> gives one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from selectolax.lexbor import LexborHTMLParser

from archiver.dates import parse_datetime, text_date
from archiver.metadata import extract_metadata
from archiver.page_dates import dom_text_published


def meta_of(head: str = "", body: str = "", url: str | None = "https://news.example/2024/story"):
    return extract_metadata(LexborHTMLParser(f"<html><head>{head}</head><body>{body}</body></html>"), url)


def day(value: datetime | None) -> str | None:
    return value.date().isoformat() if value else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Erstellt am: 01.11.2023", "2023-11-01"),
        ("07 Dezember, 2022", "2022-12-07"),
        ("Written: 2023-11-07 15:03:30", "2023-11-07"),
        ("4. 2. 2022.", "2022-02-04"),
        ("Mittwoch, 26.01.2022 - 14:30", "2022-01-26"),
        ("28.09.19 12:44", "2019-09-28"),
        ("Updated June 13, 2019", "2019-06-13"),
        ("3 de mayo de 2022", "2022-05-03"),
        ("17/02/2022", "2022-02-17"),
        ("11/01/2023", None),  # November in one country, January in another
        ("Version 1.2.3", None),
        ("Marc 12, 2020", None),  # a name, not a month
    ],
)
def test_text_date(text: str, expected: str | None) -> None:
    assert day(text_date(text)) == expected


def test_a_printed_date_in_a_meta_tag_is_read() -> None:
    assert parse_datetime("Di., 25.01.2022 - 14:45") == datetime(2022, 1, 25, tzinfo=UTC)


def test_date_box_in_the_article_header() -> None:
    body = (
        '<div class="news-single-item"><h1>Faire Lieferketten</h1>'
        '<div class="news-single-timedata">05.02.2020 - Redaktion: Eberhard Fuhr</div><p>Text.</p></div>'
    )
    meta = meta_of("", body)
    assert day(meta.published_at) == "2020-02-05"
    assert meta.sources["published_at"] == "markup:text"


def test_printed_date_outranks_a_generic_date_meta_tag() -> None:
    head = '<meta name="date" content="2020-04-30" scheme="YYYY-MM-DD">'
    body = (
        '<article><h1>Mietenstreik in den USA</h1><ul class="Infoline"><li class="Date">'
        "<time>29.04.2020, 12:01 Uhr</time></li></ul><p>Text.</p></article>"
    )
    assert day(meta_of(head, body).published_at) == "2020-04-29"


def test_labelled_line_after_a_revision_line() -> None:
    body = (
        "<div class='rezension'><h1>Die Anleitungen der Vorfahren</h1><p>Text.</p>"
        "<div class='rez_footer'><p>Letzte Änderung: 31.10.2023 - 14:49:39<br>Erschienen am: 01.11.2023<br>"
        "Lesungen: 61</p></div></div>"
    )
    assert day(meta_of("", body).published_at) == "2023-11-01"


def test_label_and_value_in_two_elements() -> None:
    body = (
        "<div id='content'><h1>Tabaksteuermodernisierungsgesetz verkündet</h1><div class='docData'>"
        "<span class='label'>Datum:</span> <span class='value'>18.10.2021</span></div><p>Text.</p></div>"
    )
    assert day(meta_of("", body).published_at) == "2021-10-18"


def test_dated_line_beside_the_headline() -> None:
    body = (
        "<article><div><h1>Elder: Aus dem Ghetto nach Augusta</h1><div class='spacer'><p><br>"
        "1. Februar 2022 , Daniel Dillenburg</p><hr><figure><img src='a.jpg'><figcaption>Lee Elder 1974 in "
        "Augusta, wo er als erster Schwarzer beim Masters startete.</figcaption></figure></div></div></article>"
    )
    assert day(meta_of("", body).published_at) == "2022-02-01"


def test_the_date_closest_to_the_headline_wins_over_teaser_dates() -> None:
    teasers = "".join(f"<li><span class='date'>0{i}.03.2021</span> Teaser {i}</li>" for i in range(1, 4))
    body = (
        f"<ul class='top-stories'>{teasers}</ul>"
        "<main><article><header><h1>Gemeinderat beschließt Budget</h1><p class='date'>12.03.2021</p></header>"
        "<p>Text.</p></article></main>"
    )
    assert day(meta_of("", body).published_at) == "2021-03-12"


def test_revision_and_clock_dates_are_not_publication_dates() -> None:
    body = (
        "<div><h1>Story</h1><p class='meta-date'>Aktualisiert am 13.06.2019</p>"
        "<p class='responsive-center time'>Aktuelle Zeit: 14.10.2020, 12:18</p></div>"
    )
    assert dom_text_published(LexborHTMLParser(f"<body>{body}</body>")) is None


def test_the_masthead_day_beside_the_logo_is_not_the_story_date() -> None:
    # deutschlandfunk.de: the day the page was served, set beside the logo; the story's date is in its meta.
    head = '<meta name="date" content="2017-05-01T17:05:00+02:00">'
    body = (
        "<header><h1><a href='/' class='logo'>Deutschlandfunk</a></h1>"
        "<span class='dlf-date'><span>Mittwoch, </span>26.02.2020</span></header>"
        "<article><h2>Die Zukunft der Arbeit</h2><p>Text.</p></article>"
    )
    assert dom_text_published(LexborHTMLParser(f"<body>{body}</body>")) is None
    assert day(meta_of(head, body).published_at) == "2017-05-01"


def test_page_builder_boxes_are_no_widgets() -> None:
    body = (
        "<div class='elementor-widget-wrap'><div class='elementor-widget-container'><h1>Rückblick</h1></div></div>"
        "<div class='elementor-widget-wrap'><div class='elementor-widget-container'><ul><li>"
        "<span class='elementor-icon-list-text elementor-post-info__item--type-date'>19. Oktober 2019</span>"
        "</li></ul></div></div>"
    )
    assert day(meta_of("", body).published_at) == "2019-10-19"


def test_the_same_instant_in_a_time_element_gives_the_local_offset() -> None:
    head = '<meta property="article:published_time" content="2022-05-04T03:37:37+00:00">'
    body = '<article><h1>x</h1><time class="entry-date updated" datetime="2022-05-03T23:37:37-04:00">3 May</time>'
    published = meta_of(head, body).published_at
    assert published == datetime(2022, 5, 4, 3, 37, 37, tzinfo=UTC)
    assert published.utcoffset() == timedelta(hours=-4)
    assert day(published) == "2022-05-03"


@pytest.mark.parametrize(
    ("stamp", "printed", "offset"),
    [
        # pagesix.com: published_time in UTC, the byline's time in New York's.
        ("2020-02-25T02:25:54Z", "<p>February 24, 2020 | 9:25pm</p>", -5),
        ("2019-10-18T22:04:00Z", "<p>Von Claudia Riedler 19. Oktober 2019 00:04 Uhr</p>", 2),
        ("2023-11-09T05:30:59+00:00", "<p>PUBLISHED: November 8, 2023 at 11:30 p.m. | UPDATED: Nov. 9</p>", -6),
    ],
)
def test_a_utc_time_is_stored_in_the_zone_the_page_prints_it_in(stamp: str, printed: str, offset: int) -> None:
    head = f'<meta property="article:published_time" content="{stamp}">'
    published = meta_of(head, f"<article><h1>Headline here</h1>{printed}<p>Text.</p></article>").published_at
    assert published == parse_datetime(stamp)  # the same instant
    assert published.utcoffset() == timedelta(hours=offset)


@pytest.mark.parametrize(
    "printed",
    [
        "<p>February 24, 2020 | 9:47pm</p>",  # another minute: another moment, not this one in another zone
        "<p>February 21, 2020 | 9:25pm</p>",  # more than a day away
        "<p>February 24, 2020</p><p>Comments</p><p>Feb. 25, 2020 at 10:00</p>",  # no clock after the first date
        "<script>var d = 'February 24, 2020 21:25'</script>",  # not printed for the reader
    ],
)
def test_a_utc_time_stays_utc_without_a_printed_clock_that_matches(printed: str) -> None:
    head = '<meta property="article:published_time" content="2020-02-25T02:25:54Z">'
    published = meta_of(head, f"<article><h1>Headline here</h1>{printed}</article>").published_at
    assert published == datetime(2020, 2, 25, 2, 25, 54, tzinfo=UTC)
    assert published.utcoffset() == timedelta(0)


def test_the_source_whose_time_the_page_prints_wins_when_the_metadata_disagree() -> None:
    """lanacion.com.ar: published_time says 00:53Z, JSON-LD 00:25:56Z, and the page prints 21:25 of the day before."""
    head = (
        '<meta property="article:published_time" content="2022-05-04T00:53:29.274Z">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Jugada del oficialismo",'
        ' "datePublished": "Wed, 04 May 2022 00:25:56 GMT"}</script>'
    )
    body = "<article><h1>Jugada del oficialismo</h1><time>3 de mayo de 2022</time> <time>21:25</time></article>"
    meta = meta_of(head, body)
    assert meta.published_at == datetime(2022, 5, 4, 0, 25, 56, tzinfo=UTC)
    assert meta.published_at.utcoffset() == timedelta(hours=-3)
    assert meta.sources["published_at"] == "json-ld"


def test_a_whole_utc_hour_before_the_printed_day_is_its_local_midnight() -> None:
    """kas.de: 23:00Z is midnight of the 5th in Berlin, the day printed under the headline."""
    head = '<meta property="article:published_time" content="2021-11-04T23:00:00+00:00">'
    body = "<article><h1>Kommunalwahlen in Nordmazedonien</h1><p class='date'>5. November 2021</p></article>"
    published = meta_of(head, body).published_at
    assert published == datetime(2021, 11, 4, 23, tzinfo=UTC)
    assert published.utcoffset() == timedelta(hours=1)
    assert day(published) == "2021-11-05"


def test_where_the_sources_name_other_days_the_printed_date_and_time_decide() -> None:
    """macwelt.de: datePublished is two months older than DC.date.issued, which the page prints by the headline."""
    head = (
        '<meta name="DC.date.issued" content="2022-02-04T15:33:00+01:00">'
        '<meta itemprop="datePublished" content="2021-12-14T15:41:07+01:00">'
    )
    body = "<article><h1>iPhone 14: Warum sich das Warten lohnt</h1><p>04.02.2022 | 15:33 Uhr | Dennis</p></article>"
    meta = meta_of(head, body)
    assert meta.published_at == datetime(2022, 2, 4, 15, 33, tzinfo=timezone(timedelta(hours=1)))
    assert meta.sources["published_at"] == "meta:dc.date.issued"


def test_without_a_printed_time_the_best_source_stands() -> None:
    head = (
        '<meta name="DC.date.issued" content="2022-02-04T15:33:00+01:00">'
        '<meta itemprop="datePublished" content="2021-12-14T15:41:07+01:00">'
    )
    meta = meta_of(head, "<article><h1>iPhone 14: Warum sich das Warten lohnt</h1><p>Text.</p></article>")
    assert meta.sources["published_at"] == "meta:datepublished"


def test_a_copyright_year_is_no_publication_date() -> None:
    """htmldate's last resort reads "© 2016" as 2016-01-01; a page that never prints that day has no date."""
    from archiver.extract import _copyright_year, extract

    story = "<p>" + "Ein Satz über die Geschichte des Hofes und seine Bewohner. " * 20 + "</p>"
    page = (
        f"<html><head><title>Geschichte</title></head><body><article><h1>Zur Geschichte des Hofes</h1>{story}"
        "</article><footer><p>© 2016 Schlosswirt Juval</p></footer></body></html>"
    )
    assert extract(page, "https://www.example.it/hof-geschichte/").published_at is None
    assert _copyright_year("2016-01-01", page)
    # New Year's Day printed on the page is a date like any other.
    for printed in ("1. Januar 2016", "January 1, 2016", "01.01.2016", "2016-01-01", "1 de enero de 2016"):
        assert not _copyright_year("2016-01-01", page.replace("<h1>", f"<p>{printed}</p><h1>"))
    assert not _copyright_year("2016-03-01", page)


def test_a_published_time_tag_holding_the_json_ld_modified_time_is_the_last_edit() -> None:
    # nbcnews.com: article:published_time is the update's time; the JSON-LD's datePublished is the story's.
    ld = (
        '{"@context": "http://schema.org", "@type": "NewsArticle", "headline": "Impeachment fails",'
        ' "datePublished": "2024-12-06T22:00:40.000Z", "dateModified": "2024-12-07T12:43:39.889Z"}'
    )
    head = (
        '<meta property="article:published_time" content="2024-12-07T12:43:39.889Z">'
        f'<script type="application/ld+json">{ld}</script>'
    )
    meta = meta_of(head, "<article><h1>Impeachment fails</h1><p>Text.</p></article>")
    assert day(meta.published_at) == "2024-12-06"
    assert meta.sources["published_at"] == "json-ld"
