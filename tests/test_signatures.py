"""A story signed at its foot, or filed by the agency its dateline names: an author when nothing else names one."""

from __future__ import annotations

from datetime import date

import pytest

from archiver.extract import extract
from archiver.signatures import dateline_agency, signature, signed_on, source_credit

STORY = "<p>" + "Der Sieger der Saison wird am ersten März in Schweden ermittelt, sagte der Verband. " * 4 + "</p>"


@pytest.mark.parametrize(
    ("last", "name"),
    [
        ("**Stefan Wasmer**", "Stefan Wasmer"),
        ("***Stefan Wasmer***", "Stefan Wasmer"),
        ("*Ursula von der Leyen*", "Ursula von der Leyen"),
        ("**Guten Appetit!**", None),  # a closing wish, not a name
        ("**Mehr zum Thema**", None),  # "zum" is no name particle
        ("**Fazit**", None),
        ("**Reuters Staff**", None),
        ("Stefan Wasmer", None),  # plain text: the story's last sentence could end so
        ("Kazım TÜRKMEN\nDITIB-Bundesvorsitzender", "Kazım TÜRKMEN"),  # a name over the signer's office
        ("Jane Roe\nPresident", "Jane Roe"),
        ("Autor: Rechtsanwalt Sebastian Einbock", "Sebastian Einbock"),  # the story's author, labelled
        ("Autor: Samuel Diekmann (Sponsored Post), Redner bei rent-a-pastor.com", "Samuel Diekmann"),
        ("Autorin: die Redaktion", None),
        ("Aktuelle Nutzung\nDaten und Fakten", None),  # two capitalised nouns over a line: no office, no signature
    ],
)
def test_signature(last: str, name: str | None) -> None:
    assert signature(["Text.", last]) == name


@pytest.mark.parametrize(
    ("last", "name"),
    [
        ("Benni\n10. September 2017", "Benni"),  # prof-pc.de's sign-off
        ("Jane Roe\nSeptember 10, 2017", "Jane Roe"),
        ("Benni\n11. September 2017", None),  # another day than the post's
        ("Berlin\nim September 2017", None),  # a place and a month, no day
        ("In dem Sinne\n10. September 2017", None),  # lower-case words: no name
        ("Benni\nBerlin, 10. September 2017", None),  # a place beside the date
        ("Benni 10. September 2017", None),  # one line
    ],
)
def test_signed_on_the_day_of_publication(last: str, name: str | None) -> None:
    assert signed_on(["Text.", last], date(2017, 9, 10)) == name


def test_a_blog_post_signed_with_a_first_name_and_its_day_gets_that_author() -> None:
    html = (
        "<html><head><meta property='article:published_time' content='2017-09-10T09:00:00+02:00'></head><body>"
        f"<article><h1>Der Blog ist zurück</h1>{STORY}{STORY}<p>Benni<br>10. September 2017</p></article></body></html>"
    )
    assert extract(html, "https://prof-pc.de/").authors == ["Benni"]


def test_a_signed_story_gets_its_author_and_keeps_the_signature_in_its_text() -> None:
    signed = "<p><b><i>Stefan Wasmer</i></b></p>"
    html = f"<html><body><article><h1>Zweimal Kuusela</h1>{STORY}{STORY}{signed}</article></body></html>"
    article = extract(html, "https://sport.example/2022/02/01/zweimal")
    assert article.authors == ["Stefan Wasmer"]
    assert article.metadata_sources["authors"] == "signature"
    assert article.body_text.endswith("Stefan Wasmer")


def test_a_byline_outranks_a_signature() -> None:
    html = (
        "<html><body><article><h1>Zweimal Kuusela</h1><p class='byline'>Von Jane Roe</p>"
        f"{STORY}{STORY}<p><b>Stefan Wasmer</b></p></article></body></html>"
    )
    assert extract(html, "https://sport.example/2022/02/01/zweimal").authors == ["Jane Roe"]


@pytest.mark.parametrize(
    ("first", "agencies"),
    [
        ("Hamburg (dpa/lno) – Trotz eines Gesprächs", ["dpa", "lno"]),
        ("LOS ANGELES (Reuters) - The studio said", ["Reuters"]),
        ("AUSTIN (KXAN) — A driver", ["KXAN"]),  # a broadcaster's call sign
        ("Angela Merkel (CDU) – die Kanzlerin", []),  # a party, not an agency
        ("Berlin (AFP) Die Regierung", []),  # no dash: no dateline
    ],
)
def test_dateline_agency(first: str, agencies: list[str]) -> None:
    assert dateline_agency([first, "Text."]) == agencies


def test_an_agency_story_with_no_byline_is_credited_to_the_agency() -> None:
    lead = "<p>Hamburg (dpa/lno) – Trotz eines Gesprächs zwischen dem Verband und dem Senat bleibt es dabei.</p>"
    html = f"<html><body><article><h1>Lucke</h1>{lead}{STORY}{STORY}</article></body></html>"
    article = extract(html, "https://news.example/2019/10/lucke")
    assert article.authors == ["dpa", "lno"]
    assert article.metadata_sources["authors"] == "dateline"


def test_the_source_line_under_a_story_credits_its_desk_over_the_sites_address() -> None:
    """mdr.de's author tag is its address; "Quelle: MDR THÜRINGEN/ls" under the story names the desk and editor."""
    head = "<meta name='author' content='mdr.de'>"
    source = "<p><em>Quelle: MDR THÜRINGEN/ls</em></p>"
    html = f"<html><head>{head}</head><body><article><h1>Autohäuser</h1>{STORY}{STORY}{source}</article></body></html>"
    article = extract(html, "https://www.mdr.de/thueringen/corona-lockerung-100.html")
    assert article.authors == ["MDR THÜRINGEN", "ls"]
    assert article.metadata_sources["authors"] == "source-line"
    # A person's byline is left alone.
    html = html.replace("<h1>Autohäuser</h1>", "<h1>Autohäuser</h1><p class='byline'>Von Jane Roe</p>")
    assert extract(html, "https://www.mdr.de/thueringen/corona-lockerung-100.html").authors == ["Jane Roe"]


def test_source_credit() -> None:
    assert source_credit(["Text.", "Quelle: kathpress"]) == ["kathpress"]
    assert source_credit(["Die Quelle: ein Brunnen im Wald, der nie versiegt und so weiter."]) == []
    # The agency credit in brackets closing the story's last paragraph (fr.de, automobilwoche.de).
    assert source_credit(["Die Zyste könne sich jederzeit neu bilden, hieß es. (FR mit dpa)", "*fr.de ist Teil …"]) == [
        "FR mit dpa"
    ]
    assert source_credit(["Der Absatz stieg um zwölf Prozent. (dpa/gem)"]) == ["dpa", "gem"]
    assert source_credit(["Das sagte Friedrich Merz (CDU)"]) == []  # a party in brackets is no agency


@pytest.mark.parametrize("author", ["automobilwoche.de", "Automobilwoche"])
def test_an_agency_credit_closing_the_story_outranks_the_sites_own_name(author: str) -> None:
    page = (
        f'<html><head><meta name="author" content="{author}"><meta property="og:site_name" content="Automobilwoche">'
        f"</head><body><article><h1>Absatz steigt</h1>{STORY}<p>Der Absatz stieg um zwölf Prozent. (dpa/gem)</p>"
        "</article></body></html>"
    )
    assert extract(page, "https://www.automobilwoche.de/news/absatz").authors == ["dpa", "gem"]


def test_a_byline_opening_the_story_text_names_its_writer_over_the_cms_account() -> None:
    """courage-online.de: meta author is the account that posted the story; the story opens "Von Matthias Lauerer"."""
    page = (
        '<html><head><meta name="author" content="Isabell Angele"><title>Erfinderinnen: Ann Kiessling</title></head>'
        "<body><article><h1>Erfinderinnen: Ann Kiessling</h1><p><strong>Von Matthias Lauerer</strong></p>"
        f"{STORY}</article></body></html>"
    )
    article = extract(page, url="https://www.courage-online.de/erfinderinnen-ann-kiessling/")
    assert (article.authors, article.metadata_sources["authors"]) == (["Matthias Lauerer"], "story-byline")
    # The same byline as the meta tag's, or a sentence that opens "By the time …", changes nothing.
    same = page.replace("Isabell Angele", "Matthias Lauerer")
    assert extract(same, url="https://www.courage-online.de/x/").metadata_sources["authors"] == "meta:author"
    prose = page.replace("Von Matthias Lauerer", "By the time we realised it, it was late.")
    assert extract(prose, url="https://www.courage-online.de/x/").authors == ["Isabell Angele"]


def test_an_interview_line_under_the_lead_names_the_interviewer_not_the_one_asked() -> None:
    """apolut.net: meta author is the account that posted it; the story says who interviewed whom."""
    html = (
        '<html><head><meta name="author" content="Paul Soldan"></head><body><article><h1>Interview</h1>'
        "<p><strong>„Es gibt mehr krimilesende Kritiker der Pandemiepolitik als vermutet.“</strong></p>"
        "<p><em>Ein Interview von <strong>Eugen Zentner</strong> mit <strong>Sonja Silberhorn</strong>.</em></p>"
        f"{STORY}</article></body></html>"
    )
    article = extract(html, url="https://apolut.net/interview-mit-sonja-silberhorn/")
    assert (article.authors, article.metadata_sources["authors"]) == (["Eugen Zentner"], "story-byline")
