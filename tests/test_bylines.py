"""Bylines as the web prints them: labels and values in separate elements, lines with other fields, logins,
bare first names, organisations in the author tag."""

from __future__ import annotations

import json

import pytest
from selectolax.lexbor import LexborHTMLParser

from archiver.bylines import is_organisation, split_authors
from archiver.full_names import as_printed
from archiver.metadata import extract_metadata


def meta_of(head: str = "", body: str = "", url: str | None = "https://news.example/2024/story"):
    return extract_metadata(LexborHTMLParser(f"<html><head>{head}</head><body>{body}</body></html>"), url)


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("marc", ["marc"]),  # a login that starts like a month ("Mar…") is still a name
        ("Martin Junker", ["Martin Junker"]),
        ("Alles von Martin Junker", ["Martin Junker"]),
        ("Datum: 19.11.2021 Autor: Fritz Imhof Quelle: Livenet", ["Fritz Imhof"]),
        ("05.02.2020 - Redaktion: Eberhard Fuhr (Pressesprecher des EJW)", ["Eberhard Fuhr"]),
        ("Autoren Jelko Djuren und Jutta Klaukien", ["Jelko Djuren", "Jutta Klaukien"]),
        ("Autor Mark Newton:", ["Mark Newton"]),
        ("Eine Kolumne von Nils Pickert", ["Nils Pickert"]),
        ("Фото из Инстаграма Лукаша Подольски", []),  # "photo from Lukas Podolski's Instagram": a caption
        (
            "Martin Untersinger (avec Damien Leloup et Morgane Tual)",
            ["Martin Untersinger", "Damien Leloup", "Morgane Tual"],
        ),
        ("Dezember 10", []),
        ("Zum Profil von jesusfreak jesusfreak", ["jesusfreak"]),  # chefkoch.de: link text and avatar alt
        ("Ahmed Ahmed", ["Ahmed Ahmed"]),
        # dailymail.co.uk: the paper the piece was written for follows the name (its "Sunday" is no weekday here)
        ("By Glen Owen and Brendan Carlin For The Mail On Sunday", ["Glen Owen", "Brendan Carlin"]),
        ("By Mary Ann Lee for MailOnline", ["Mary Ann Lee"]),
        ("Tom Forman", ["Tom Forman"]),
        ("Richard David Precht im Gespräch mit Karin Fischer", ["Richard David Precht", "Karin Fischer"]),
        ("Pressemitteilung von Katja Kipping", ["Katja Kipping"]),
        ("Stephangoeldi said", []),  # a comment's attribution
        # CMS defaults, labels and courtesies are no one; a reporter's initials are someone ("Mac & i" a magazine).
        ("Super User", []),
        ("Eingestellt von", []),
        ("Cortesía", []),
        ("R. R.", ["R. R."]),
        ("Jan Fleischhauer, Kolumnist", ["Jan Fleischhauer"]),
        # The dateline's place after the names (sueddeutsche.de), an editor's code, a profession, an anonymous post.
        ("Von Markus Balser, Berlin", ["Markus Balser"]),
        ("Jane Doe, John Roe and Sam", ["Jane Doe", "John Roe", "Sam"]),
        ("Author: Julia Hitz (eg)", ["Julia Hitz"]),
        ("Julia Hitz (eg/dpa)", ["Julia Hitz", "dpa"]),
        ("史蒂文的家_藍天 (stevenhgm)", ["史蒂文的家_藍天 (stevenhgm)"]),
        ("Rechtsanwalt Dennis Tölle", ["Dennis Tölle"]),
        ("anónimo", []),
        ("Redacción Diario Pagina Siete", ["Redacción Diario Pagina Siete"]),  # a paper's newsroom, named whole
        ("von auto-motor.at Redaktion", ["auto-motor.at Redaktion"]),
        ("Jane Doe Redaktion", ["Jane Doe"]),  # a person, then the desk's label
        ("HLNF Staff Report", ["HLNF Staff Report"]),  # an outlet's code, then its staff: the outlet
        ("Editorial Staff", []),
        # An office after the name (hss.de); "Leiter" alone is a surname too.
        ("Autorin: Uta Staschewski, Projektleiterin der HSS in Tunesien.", ["Uta Staschewski"]),
        ("Jan Leiter", ["Jan Leiter"]),
    ],
)
def test_split_authors(byline: str, names: list[str]) -> None:
    assert split_authors(byline) == names


def test_agency_codes_and_site_names_are_organisations() -> None:
    assert is_organisation("SP-X", [])
    assert is_organisation("KNA", [])
    assert not is_organisation("Peter Maahn", [])
    assert not is_organisation("Oz", [])


def test_label_element_then_the_names_up_to_the_line_break() -> None:
    body = (
        "<div class='node'><h1>Von Sprachregeln</h1><p>Text.</p><div class='liveArticleAuthorDateBlock'>"
        "<span class='liveArticleAuthorDateBlockLabel'>Datum:</span> 19.11.2021 <br>"
        "<span class='liveArticleAuthorDateBlockLabel'>Autor:</span> Fritz Imhof<br>"
        "<span class='liveArticleAuthorDateBlockLabel'>Quelle:</span> Livenet<br></div></div>"
    )
    assert meta_of("", body).authors == ["Fritz Imhof"]


def test_agency_after_the_name_is_left_out() -> None:
    body = (
        "<div class='subsection'><div class='col-md-4'><h5 class='title-inline'>Datum: </h5>03.11.2021 <br>"
        "<h5 class='title-inline'>Autor: </h5>Peter Maahn/SP-X </div></div><p>Text.</p>"
    )
    assert meta_of("", body).authors == ["Peter Maahn"]


def test_empty_field_is_no_name() -> None:
    body = (
        "<div class='source'><div class='row'><div class='col'>Autor:</div><div class='col'>Quelle:</div></div>"
        "<div class='row'><div class='col'>Autor:</div><div class='col'>Redaktion Gelbe Liste</div></div></div>"
    )
    assert meta_of("", body).authors == ["Gelbe Liste"]


def test_only_the_first_line_of_a_labelled_paragraph() -> None:
    body = (
        "<div class='content'><h1>Die Haubenfahrzeuge der Nachkriegszeit</h1><p>Text.</p>"
        "<p><strong>Autor:</strong> <a href='/profil/207'>Klausmartin Friedrich</a> <br/>"
        "<strong>Tags:</strong> <a href='/tag/1907'>1907</a>, <a href='/tag/1931'>1931</a>, "
        "<a href='/tag/braunschweig'>braunschweig</a>, <a href='/tag/hauberstory'>hauberstory</a>, "
        "<a href='/tag/leipzig'>leipzig</a>, <a href='/tag/nag'>nag</a>, <a href='/tag/buessing'>büssing</a></p></div>"
    )
    assert meta_of("", body).authors == ["Klausmartin Friedrich"]


def test_bare_first_name_completed_from_a_label_and_value() -> None:
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Person", "name": "Todd"}}'
    head += "</script>"
    body = (
        "<div class='byline'><div class='f--field'><p class='label'><strong>By</strong></p></div>"
        "<div class='f--field'><p class='full-name'>Todd Bates</p></div></div>"
    )
    assert meta_of(head, body).authors == ["Todd Bates"]


def test_bare_first_name_completed_from_the_text() -> None:
    head = '<meta name="author" content="Nils">'
    body = (
        "<article><h1>Das Patriarchat als Kulturtechnik</h1><p><strong>Eine Kolumne von Nils Pickert</strong></p>"
        "<p>Text mit einem <a href='/author/x/'>patriarchalen Weiblichkeit</a>-Link.</p></article>"
    )
    assert meta_of(head, body).authors == ["Nils Pickert"]


def test_a_name_is_not_completed_with_the_next_element() -> None:
    head = '<meta name="author" content="Robert">'
    body = "<article><h1>Story</h1><p>Text by Robert</p></article><div class='wc-comment'><span>Nossi</span></div>"
    assert meta_of(head, body).authors == ["Robert"]


def test_login_in_the_author_tag_and_the_name_on_the_page() -> None:
    head = '<meta property="article:author" content="gabor_munier">'
    body = (
        "<article><header><h1>Was wir über uns nicht hören wollen</h1><ul class='details'><li class='submitted'>"
        "<span class='pull-right'>Author: <a href='/users/gabor'>Gàbor Muniér</a>, Datum: 03.Mär.19</span></li>"
        "</ul></header></article>"
    )
    assert meta_of(head, body).authors == ["Gàbor Muniér"]


def test_site_name_in_the_author_tag_yields_to_the_byline() -> None:
    head = (
        '<meta property="og:site_name" content="Achtsam durch die Krise | Die FURCHE">'
        '<meta name="author" content="Die FURCHE">'
    )
    body = (
        "<div class='article-authors'><div class='author-list'><div class='author'><a class='author__link'>"
        "<div><h2 class='author__name'>Ursula Baatz</h2></div></a></div></div></div>"
    )
    assert meta_of(head, body).authors == ["Ursula Baatz"]


def test_layout_box_that_holds_the_headline_is_no_sidebar() -> None:
    body = (
        "<div id='main' class='one-sidebar'><div id='content'><article class='post'>"
        "<header><h1 class='entry-title'>Ein entspannter Start</h1><p><span class='byline'>von "
        "<span class='author vcard'><a class='url fn n' href='/author/kgm/'>KleineGrüneMonster</a></span></span>"
        "</p></header><p>Text.</p></article></div></div>"
    )
    assert meta_of("", body).authors == ["KleineGrüneMonster"]


def test_vcard_that_is_itself_the_name() -> None:
    body = "<div class='headline_area'><h1>Top 100</h1><p>by <span class='author vcard fn'>oz</span> on Dec 4</p></div>"
    assert meta_of("", body).authors == ["oz"]


def test_hcard_of_an_organisation_is_no_author() -> None:
    body = "<table class='infobox vcard'><tr><td><div class='fn org country-name'>New Zealand</div></td></tr></table>"
    assert meta_of("", body).authors == []


def test_the_site_name_before_the_author_in_a_meta_tag_goes() -> None:
    """unocero.com: <meta name=author content="unocero - Alberto Ávila">, the site named first."""
    head = '<meta property="og:site_name" content="unocero"><meta name="author" content="unocero - Alberto Ávila">'
    assert meta_of(head, "<h1>Headline of the story</h1>").authors == ["Alberto Ávila"]
    # A hyphenated name, or a dash with no site on either side, is left alone.
    head = '<meta property="og:site_name" content="unocero"><meta name="author" content="Jean-Luc Picard">'
    assert meta_of(head, "<h1>Headline of the story</h1>").authors == ["Jean-Luc Picard"]


@pytest.mark.parametrize(
    ("body", "names"),
    [
        # A date line beside the headline that ends with a name (eval pages 0260, 0819, 0944).
        ("<h1>Variablen</h1><p class='text-muted'>11.12.2019 - Amelie Loevenich</p><p>Text.</p>", ["Amelie Loevenich"]),
        ("<div><small>04.02.2022 | 13:10 Uhr | Uta Helkenberg</small><h1>Stellungnahme</h1></div>", ["Uta Helkenberg"]),
        ("<h1>Die Freiheit</h1><div>Essay</div><div><span>25.10.2022 - Reiner Nagel</span></div>", ["Reiner Nagel"]),
        # ... but not a section or a place, and not a teaser list's date lines far from the headline.
        ("<h1>Ergebnisse</h1><p>21.01.2022 - Sport</p>", []),
        # After "von" a first name is the author's (vipflash.de); without the label it could be a place.
        ("<h1>Ehezoff</h1><h2>Stars <span>06.11.2023 13:30 von Olga </span></h2><p>Text.</p>", ["Olga"]),
        ("<h1>Ehezoff</h1><h2>Stars <span>06.11.2023 13:30 - Olga </span></h2><p>Text.</p>", []),
        (
            "<h1>Story</h1><p>a</p><p>b</p><p>c</p><p>d</p><ul class='list'><li><p>Other story</p>"
            "<p>03.01.2022 - Max Mustermann</p></li></ul>",
            [],
        ),
        # The label, line breaks, then the name (sonnenenergie.de); a screen-reader "| By" label (chocolate.com).
        ("<p>Story.</p><a href='#'><b>Von:</b> <br /> <br /> Götz Warnke</a>", ["Götz Warnke"]),
        (
            "<h1>Woman</h1><div><span>yas!</span><span class='screen-reader-text'>| By </span>"
            "<span>Cara Stiles</span> | <time>April 13, 2020</time></div>",
            ["Cara Stiles"],
        ),
        # "von … bis/nach …" is a range or a route, not a byline: every word of a name is capitalised but particles.
        ("<h1>Schweden</h1><p>Mit der Fähre</p><div>von Helsingborg nach Göteborg</div>", []),
        ("<h1>Lexikon</h1><div class='author-list'>Kontaktverbot bis Zoonose</div>", []),
        ("<h1>Stall</h1><div id='artikelautor'>Autor: <a href='#'>Angelika Leitner</a></div>", ["Angelika Leitner"]),
        # A blog post's own label (ethify.org), and a rule drawn before the label (enacademic.com).
        ("<h1>Vegetarier</h1><p>Blog Beitrag von Margarita Koreneva</p><p>Text.</p>", ["Margarita Koreneva"]),
        ("<h1>Micropolitics</h1><div><strong><em>---- by Kenneth Surin</em></strong></div>", ["Kenneth Surin"]),
        # A blog's "Posted … by" line names logins (WordPress themes, factorio.com's Friday Facts).
        (
            "<h1>Office 365</h1><div class='meta'>Posted in Datenschutz by damianduchamps on August 3, 2019</div>",
            ["damianduchamps"],
        ),
        (
            "<h2>Friday Facts #282</h2><div>Posted by kovarex, TOGos, Ernestas, Albert on 2019-02-15, "
            "<a href='/blog/'>all posts</a></div><p>Text.</p>",
            ["kovarex", "TOGos", "Ernestas", "Albert"],
        ),
        # A definition list's label and value (legrandcontinent.eu); "Autore di …" (author of) is no label.
        ("<h1>Héran</h1><dl><dt> Auteur </dt><dd><a href='/ug'>Uriel Gadessaud</a></dd></dl>", ["Uriel Gadessaud"]),
        ("<h1>Parco</h1><p>Text.</p><div><a href='#'>Autore di Parks.it</a></div>", []),
        # A book's edition in its author markup is no one; the entry's writer is named in the page.
        (
            "<h1>micropolitics</h1><div><em>---- by Kenneth Surin</em></div><p>Text.</p>"
            "<p><span itemprop='author'>Revised Edition Edited by Adrian Parr</span></p>",
            ["Kenneth Surin"],
        ),
    ],
)
def test_bylines_in_the_page(body: str, names: list[str]) -> None:
    assert meta_of(body=body).authors == names


def test_yoast_written_by_pair_names_the_author_when_nothing_else_does() -> None:
    head = (
        "<meta name='twitter:label1' content='Verfasst von'><meta name='twitter:data1' content='Karoline Herr'>"
        "<meta name='twitter:label2' content='Lesedauer'><meta name='twitter:data2' content='4 Minuten'>"
    )
    meta = meta_of(head=head, body="<h1>Kolumne</h1><p>Text.</p>")
    assert meta.authors == ["Karoline Herr"]
    assert meta.sources["authors"] == "meta:twitter:data"
    # The byline on the page comes first.
    assert meta_of(head=head, body="<h1>K</h1><p class='byline'>Von Jane Roe</p>").authors == ["Jane Roe"]


def _ld_author(name: str) -> str:
    return (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
        f'"headline": "Story", "author": {{"@type": "Person", "name": "{name}"}}}}</script>'
    )


def test_co_authors_from_the_meta_tag_or_byline_when_json_ld_names_only_the_first() -> None:
    head = _ld_author("Sadhbh O'Sullivan") + "<meta property='author' content=\"Sadhbh O'Sullivan,Elisabeth Kochan\">"
    meta = meta_of(head=head, body="<h1>Story</h1>")
    assert meta.authors == ["Sadhbh O'Sullivan", "Elisabeth Kochan"]
    assert meta.sources["authors"] == "meta:author"
    body = "<h1>Story</h1><span class='vcard author'><span class='fn'>von Rudolf Fischer, Simon Kohler</span></span>"
    meta = meta_of(head=_ld_author("Rudolf Fischer") + "<meta name='author' content='Rudolf Fischer'>", body=body)
    assert meta.authors == ["Rudolf Fischer", "Simon Kohler"]
    # Other people, without the JSON-LD's author among them, are not its co-authors.
    meta = meta_of(head=_ld_author("Kathleen Ditton") + "<meta name='author' content='Jessica Holly, Gail Levy'>")
    assert meta.authors == ["Kathleen Ditton"]


def test_authors_of_cited_papers_are_not_the_pages() -> None:
    """Springer's reference list marks each cited paper up as an item with its own itemprop=author metas."""
    head = "<meta name='dc.creator' content='Marwan H. Adwan'>"
    body = (
        "<h1>DRESS syndrome</h1><ol><li itemprop='citation' itemscope itemtype='http://schema.org/ScholarlyArticle'>"
        "<meta itemprop='author' content='NH. Shear, SP. Spielberg, '><p>Shear NH, Spielberg SP. Anticonvulsant…</p>"
        "</li></ol>"
    )
    assert meta_of(head=head, body=body).authors == ["Marwan H. Adwan"]
    # The story's own item, even as the page's main entity, still counts.
    story = "<div itemscope itemtype='WebPage'><article itemprop='mainEntity' itemscope itemtype='NewsArticle'>"
    body = f"{story}<meta itemprop='author' content='Jane Roe'><h1>Story</h1></article></div>"
    assert meta_of(body=body).authors == ["Jane Roe"]


def test_scholarly_author_tags_put_the_surname_first_one_person_each() -> None:
    """IETF drafts' and Highwire's "Surname, Given" is one person, not two names split at the comma."""
    head = "<meta name='DC.Creator' content='Kooman, F.'><meta name='DC.Creator' content='Jong, Michiel de'>"
    assert meta_of(head=head, body="<h1>remoteStorage</h1>").authors == ["F. Kooman", "Michiel de Jong"]
    head = "<meta name='citation_author' content='van der Berg, Anna'>"
    assert meta_of(head=head, body="<h1>Paper</h1>").authors == ["Anna van der Berg"]
    # Two full names in one tag stay two people.
    head = "<meta name='dc.creator' content='Jane Doe, John Roe'>"
    assert meta_of(head=head, body="<h1>Paper</h1>").authors == ["Jane Doe", "John Roe"]


def test_a_site_name_in_the_byline_box_does_not_end_the_search_for_a_person() -> None:
    """theplanetarypress.com: the byline box names the site, a line over the story the writer; elcolombiano.com: a
    byline element names the paper before the author's box."""
    head = "<meta property='og:site_name' content='The Planetary Press'>"
    body = (
        "<h1>Intact forests</h1><div class='byline'>The Planetary Press</div>"
        "<p><em>Written by: <a href='https://forestsnews.example/1'>Julie Mollins</a></em></p>"
        "<p>Indigenous Peoples…</p>"
    )
    assert meta_of(head=head, body=body).authors == ["Julie Mollins"]
    head = "<meta property='og:site_name' content='El Colombiano'>"
    body = (
        "<h1>Polémica por buses</h1><span itemprop='author'>El Colombiano</span>"
        "<div class='autor'><h6>Jacobo Betancur Peláez | Publicado hace 3 horas</h6></div>"
    )
    assert meta_of(head=head, body=body).authors == ["Jacobo Betancur Peláez"]
    # With no person anywhere, the site's name is what there is.
    assert meta_of(head=head, body="<h1>Buses</h1><span itemprop='author'>El Colombiano</span>").authors == [
        "El Colombiano"
    ]


def test_shareaholic_author_meta() -> None:
    head = "<meta name='shareaholic:article_author_name' content='Wolfgang Michal'>"
    assert meta_of(head=head, body="<h1>Sorgfaltspflicht</h1>").authors == ["Wolfgang Michal"]


def test_a_first_name_completed_by_the_persons_own_description() -> None:
    graph = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
        '{"@type": "Article", "headline": "Tubeless", "author": {"@id": "#stefanus"}},'
        '{"@type": "Person", "@id": "#stefanus", "name": "Stefanus", '
        '"description": "Stefanus Stahl - Maschinenbauer, Abenteurer und Ingenieur"}]}</script>'
    )
    assert meta_of(head=graph, body="<h1>Tubeless</h1>").authors == ["Stefanus Stahl"]
    assert meta_of(head=graph.replace("Stefanus Stahl -", "Stefanus ist"), body="<h1>T</h1>").authors == ["Stefanus"]


def test_a_login_as_the_page_prints_the_name() -> None:
    head = _ld_author("christian.stadtfeld")
    body = "<h1>Wahl</h1><p>Die Politik bleibt spannend. (Christian P. Stadtfeld) +++</p>"
    assert meta_of(head=head, body=body).authors == ["Christian P. Stadtfeld"]
    # Not found as a capitalised name: the login stays.
    assert meta_of(head=head, body="<h1>Wahl</h1><p>mail christian.stadtfeld</p>").authors == ["christian.stadtfeld"]


def test_cxense_author_meta() -> None:
    head = "<meta property='cXenseParse:author' content='Lisa Petrich'>"
    assert meta_of(head=head, body="<h1>Semesterstart</h1>").authors == ["Lisa Petrich"]


def test_a_first_name_completed_by_the_sites_name() -> None:
    from archiver.full_names import completed_by

    title = "Zeitphilosophie – Dr. Alexander Klier"
    assert completed_by(["Alexander"], [None, title]) == ["Alexander Klier"]
    assert completed_by(["Alexander"], ["Alexanderplatz News"]) == []
    assert completed_by(["Jane Roe"], [title]) == []  # only a bare first name is completed


def test_a_body_named_in_the_author_tag_stays_whole_and_yields_to_a_person() -> None:
    """A ministry or a party in the author tag is one organisation, not people split at its "und" or "/"; a
    person in the byline comes first (Archive of Our Own names its foundation in the tag, the writer on the page)."""
    ministry = "Bundesministerium für Wirtschaft und Klimaschutz"
    assert meta_of(head=f"<meta name='author' content='{ministry}'>", body="<h1>Wind</h1>").authors == [ministry]
    head = "<meta name='author' content='Bündnis 90/Die Grünen Bundestagsfraktion'>"
    assert meta_of(head=head, body="<h1>Klima</h1>").authors == ["Bündnis 90/Die Grünen Bundestagsfraktion"]
    head = "<meta name='author' content='Organization for Transformative Works'>"
    body = "<h1>Conversations with a Cryptid</h1><h3 class='byline'><a rel='author' href='/users/Mourn'>Mourn</a></h3>"
    assert meta_of(head=head, body=body).authors == ["Mourn"]
    # Single words joined are a title's ("Jobs & Hire", a jobs site), and the byline's person comes first.
    body = "<h1>CVS Health</h1><p class='byline'>By Jose de la Cruz</p>"
    assert meta_of(head="<meta name='author' content='Jobs & Hire'>", body=body).authors == ["Jose de la Cruz"]
    # People joined by "und" are still two people.
    head = "<meta name='author' content='Jelko Djuren und Jutta Klaukien'>"
    assert meta_of(head=head, body="<h1>Bericht</h1>").authors == ["Jelko Djuren", "Jutta Klaukien"]


def test_the_place_an_imprint_line_in_the_author_tag_ends_with_is_no_one() -> None:
    """spiegel.de's author tag is "SPIEGEL ONLINE, Hamburg, Germany": the site, then its city and country."""
    head = "<meta name='author' content='Olympia-Verlag GmbH, Nürnberg, Germany'>"
    assert meta_of(head=head, body="<h1>Bergtour</h1>").authors == ["Olympia-Verlag GmbH"]
    head = "<meta name='author' content='Sebastian Held, Daniel Hentschel, Germany'>"
    assert meta_of(head=head, body="<h1>Kochen</h1>").authors == ["Sebastian Held", "Daniel Hentschel"]
    head = "<meta name='author' content='SPIEGEL ONLINE, Hamburg, Germany'>"
    body = "<h1>Flucht</h1><p class='author'>Von Clemens Höges</p>"
    assert meta_of(head=head, body=body).authors == ["Clemens Höges"]


@pytest.mark.parametrize(
    "tag",
    [
        "Peter Amende und Fuchsy designed",  # the theme's designers
        "Web Commerce GmbH www.w-commerce.de",  # the web agency, with its address
        "Copyright Haufe-Lexware GmbH & Co. KG - all rights reserved",  # the rights line
        "deinen Hochzeitsbloggern",  # "(from) your wedding bloggers": a phrase, no body's name
        "wegewerk GmbH",  # a web agency's lower-case signature
    ],
)
def test_the_sites_makers_and_phrases_in_the_author_tag_are_no_author(tag: str) -> None:
    """Themes put their designers, agencies and rights lines in the author tag; none wrote the story."""
    assert meta_of(head=f"<meta name='author' content='{tag}'>", body="<h1>Hochzeit</h1>").authors == []


def test_a_generational_suffix_ends_a_persons_name() -> None:
    """ "Perry Bacon Jr." is a person (its full stop ends no sentence), so a byline's organisation yields to him."""
    head = "<meta name='author' content='Perry Bacon Jr.'>"
    body = "<h1>Polls</h1><p class='byline'>By FiveThirtyEight</p>"
    assert meta_of(head=head, body=body).authors == ["Perry Bacon Jr."]


def test_names_found_by_trafilatura_are_kept_as_the_page_prints_them() -> None:
    """trafilatura title-cases and de-punctuates what it finds; the archive keeps the printed form, and drops a
    "name" the page's text never prints (a button's words run together)."""
    text = "Reisen mit www.koffergepackt.com | Redaktion: besserwisser eG | So, Artikel-empfehlen?"
    found = as_printed(["www koffergepackt com", "Besserwisser Eg"], text)
    assert found == ["www.koffergepackt.com", "besserwisser eG"]
    assert as_printed(["Linksc Creating Search Engine Api Message"], text) == []
    assert as_printed(["Tim"], "Timothy wrote this") == []  # whole words only


def test_a_forum_thread_is_by_the_login_that_opened_it() -> None:
    """Forum threads have no byline: the first post's author is the page's, as XenForo and phpBB mark it."""
    xenforo = (
        "<h1 class='p-title-value'>Patchnotes 4.47.4</h1>"
        "<article class='message message--post' data-author='Tiberius' id='js-post-53504'>"
        "<h4 class='message-name'><a class='username' href='/members/tiberius.8/'>Tiberius</a></h4>"
        "<div class='bbWrapper'>Changes in this patch.</div></article>"
        "<article class='message message--post' data-author='Pepemaus'><div class='bbWrapper'>Thanks!</div></article>"
    )
    assert meta_of(body=xenforo).authors == ["Tiberius"]
    phpbb = (
        "<h2 class='topic-title'>Windows Update</h2><div class='post bg2'><div class='inner'><div class='postbody'>"
        "<p class='author'>von <strong><a href='./memberlist.php?u=5' class='username'>r23</a></strong> » "
        "21.01.2009, 05:42</p><div class='content'>Text.</div></div></div></div>"
    )
    assert meta_of(body=phpbb).authors == ["r23"]
    # A byline outranks any forum markup.
    assert meta_of(body="<p class='byline'>By Jane Roe</p>" + xenforo).authors == ["Jane Roe"]


def _wordpress_comments(header: str, login: str = "jancak") -> str:
    """A WordPress post with no byline, a reader's comment and the post author's reply under it."""
    return (
        "<article class='post'><h1 class='entry-title'>Ins neue Jahr</h1><div class='entry-content'><p>Text.</p>"
        "</div></article><ol class='commentlist'><li class='comment even thread-even depth-1'>"
        "<div class='comment-author vcard'><cite class='fn'>Margit Heumann</cite> sagt:</div><p>Gutes Jahr!</p>"
        f"<ul class='children'><li class='comment byuser comment-author-{login} bypostauthor odd alt depth-2'>"
        f"{header}<p>Ebenfalls alles Gute!</p></li></ul></li></ol>"
    )


@pytest.mark.parametrize(
    ("header", "names"),
    [
        ("<div class='comment-author vcard'><cite class='fn'>jancak</cite> sagt:</div>", ["jancak"]),
        # The name alone in the header box, the date beside it (golfpost.de) or after it in <strong> (a theme).
        (
            "<div class='comment-author'> Tobias Hennig <span><time>09.08.2018 // 09:04</time></span></div>",
            ["Tobias Hennig"],
        ),
        (
            "<div class='comment-author meta'><strong>MoritzMeyer</strong> 19. Juni 2018, 20:41 - Antworten</div>",
            ["MoritzMeyer"],
        ),
        # An empty avatar box first, the name in span.author after it (happyface313.com).
        (
            "<div class='comment-author vcard'><img src='a.png' alt=''></div><span class='author'>happyface313</span>",
            ["happyface313"],
        ),
        (
            "<div class='comment-author'><cite class='fn'>Martina Berg<br><span>Autor</span></cite></div>",
            ["Martina Berg"],
        ),
        ("<div class='comment-author vcard'><cite class='fn'>admin</cite> sagt:</div>", []),  # a login, no one
    ],
)
def test_a_blog_post_without_a_byline_is_by_the_author_its_comments_mark(header: str, names: list[str]) -> None:
    """WordPress classes the post author's own comments ``bypostauthor``: the name there is the post's author."""
    assert meta_of(body=_wordpress_comments(header)).authors == names


def test_a_byline_outranks_the_post_authors_comment() -> None:
    header = "<div class='comment-author vcard'><cite class='fn'>jancak</cite></div>"
    assert meta_of(body="<p class='byline'>By Jane Roe</p>" + _wordpress_comments(header)).authors == ["Jane Roe"]


def test_an_author_card_that_links_to_the_home_page_is_the_sites_logo() -> None:
    """An old WordPress theme marks its logo up as the author's hCard; the post's own card names the writer."""
    body = (
        "<h1 class='vcard author'><a href='http://archiv.krimiblog.de/' title='Home' class='fn'>Krimiblog-Archiv</a>"
        "</h1><div class='postContent'><h3 class='entry-title'>Das vermutlich schwulste Musikvideo der Welt</h3>"
        "<h4 class='vcard author'>vom <span class='fn'>Krimiblogger</span></h4><p>Text.</p></div>"
    )
    assert meta_of(body=body, url="http://archiv.krimiblog.de/?p=2895").authors == ["Krimiblogger"]
    # A link to the writer's own page is theirs.
    card = "<span class='vcard author'><a class='fn' href='https://jane.example/about/'>Jane Roe</a></span>"
    assert meta_of(body=card).authors == ["Jane Roe"]


def test_the_place_after_the_newsroom_in_a_byline_is_no_author() -> None:
    """BBC's "Nada Tawfik, BBC News, New York": the reporter, the newsroom, and the city the story was filed from."""
    body = (
        "<h1>New York ramps up mass burials amid outbreak</h1><div class='byline'><span class='byline__name'>"
        "Nada Tawfik</span>, <span class='byline__title'>BBC News</span>, <span>New York</span></div><p>Text.</p>"
    )
    head = "<meta property='og:site_name' content='BBC News'>"
    assert meta_of(head=head, body=body, url="https://www.bbc.com/news/world-us-canada-52241221").authors == [
        "Nada Tawfik"
    ]
    # Co-authors before the newsroom all stay.
    body = "<h1>Story</h1><p class='byline'>By Jane Roe, John Doe, BBC News, London</p><p>Text.</p>"
    assert meta_of(head=head, body=body).authors == ["Jane Roe", "John Doe"]


def test_a_columns_name_in_the_author_field_is_no_one() -> None:
    ld = {
        "@type": "NewsArticle",
        "headline": "Letters",
        "author": [{"@type": "Person", "name": "Letters To The Editor"}],
    }
    head = f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
    assert meta_of(head=head, body="<h1>Letters</h1><p>Text.</p>").authors == []


def test_an_agency_credit_line_is_kept_whole() -> None:
    """ "det/dpa" credits an editor's initials and the agency whose copy it is: both, as printed (people first
    would leave the initials alone)."""
    ld = '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "det/dpa"}}'
    head = f'<script type="application/ld+json">{ld}</script>'
    assert meta_of(head=head, body="<h1>Peking</h1>").authors == ["det", "dpa"]
    head = "<meta name='author' content='Jane Roe, dpa'>"
    assert meta_of(head=head, body="<h1>Peking</h1>").authors == ["Jane Roe"]  # a person, then the agency: people


def test_a_name_opening_with_the_article_is_an_organisation() -> None:
    """thelocal.se's byline "AFP/The Local": two bodies, both kept; "The Local" is no person that outranks AFP."""
    assert is_organisation("The Local", [])
    body = "<h1>Tattoo</h1><span><strong><a href='/author/afp-the-local-8'>AFP/The Local</a></strong></span>"
    head = "<meta name='twitter:label1' content='Written by'><meta name='twitter:data1' content='AFP/The Local'>"
    assert meta_of(head=head, body=body).authors == ["AFP", "The Local"]


def test_blog_author_link_over_the_site_owners_in_the_author_meta_tag() -> None:
    # disfunctions.de: the template's meta author names the site's owners on every page; the post links its writer.
    head = '<meta name="author" content="Matthias Hille - Lukas Balbach">'
    body = (
        "<div class='post'><h2><a href='/podcasts-in-plex/'>Podcasts in Plex einbinden</a></h2>"
        "<p class='date'>Erstellt von <a href='http://www.disfunctions.de/author/fabian/'>Fabian</a>"
        " am Dienstag 6. Mai 2014</p><div class='entrytext'><p>Text.</p></div></div>"
    )
    meta = meta_of(head, body)
    assert meta.authors == ["Fabian"]
    assert meta.sources["authors"] == "byline"
    # A link to someone's feed is no author link, and the meta tag's author stays.
    feed = body.replace(">Fabian</a>", ">Feed</a>")
    assert meta_of(head, feed).sources["authors"] == "meta:author"


def test_json_ld_person_with_a_list_of_rendered_links_as_its_names() -> None:
    # osw.waw.pl (Drupal's schema module): one Person whose "name" lists each author as a rendered link.
    names = [
        '<a href="/pl/eksperci/mateusz-gniazdowski" hreflang="pl">Mateusz Gniazdowski</a>',
        '<a href="/pl/eksperci/martyna-wasiuta" hreflang="pl">Martyna Wasiuta</a>',
    ]
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "author": {"@type": "Person", "name": names}}
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    assert meta_of(head, "<h1>Story</h1>").authors == ["Mateusz Gniazdowski", "Martyna Wasiuta"]


@pytest.mark.parametrize(
    "body",
    [
        # klubjagiellonski.pl: a series' hashtag in an "autor"-classed span; "i Polsce" is no co-author.
        "<span class='autor'>#Krótko o przepisach prawa w Nowej Zelandii i Polsce</span>",
        # austria.info: the contact box's "aus D, A, CH" names countries, not a person "A".
        "<address class='contact'>Telefon: 00800 400 200 00 gebührenfrei aus D, A, CH</address>",
        # viconsortium.com: the credit of the video over the story names its source, not the story's writer.
        "<p class='summary'>Cocaine found. <span class='credit video-credit'>By U.S. CUSTOMS AND BORDER "
        "PROTECTION</span></p>",
    ],
)
def test_no_author_from_hashtags_country_codes_or_media_credits(body: str) -> None:
    assert meta_of("", f"<h1>Story</h1>{body}<p>Text of the story.</p>").authors == []


def test_a_name_that_holds_the_hosts_name_and_more_is_the_sites_not_a_persons() -> None:
    # bayrische-bembel.de: the fan club's name in the author meta tag, the post's login in its byline.
    head = '<meta name="author" content="EFC Bayrische Bembel">'
    body = "<h1>Auswärtsfahrt</h1><div class='itemPoster'>Geschrieben von <a href='/u/1'>Cooper</a></div><p>Text.</p>"
    meta = meta_of(head, body, url="http://bayrische-bembel.de/bbr/modules/news/article.php?storyid=504")
    assert meta.authors == ["Cooper"]
    # A person's own site: the name that is the host's whole name stays a person's.
    head = '<meta name="author" content="Wolfgang Michal">'
    assert meta_of(head, "<h1>Essay</h1><p>Text.</p>", url="https://wolfgangmichal.de/essay").authors == [
        "Wolfgang Michal"
    ]


@pytest.mark.parametrize(
    ("url", "byline", "names"),
    [
        # The author archive's address spells the initials out, and the page prints the name (eval page 0110).
        (
            "https://1hundetagebuch.wordpress.com/2019/10/31/nach-viel-zu-langer-zeit/",
            "<a class='url fn n' href='https://1hundetagebuch.wordpress.com/author/donaldtownsend/'>DT</a>",
            ["Donald Townsend"],
        ),
        # A first name, on a site named after the surname the page prints with it (steinhau.com).
        (
            "http://www.steinhau.com/steinhau/wordpress/einmal-zahlen-alles-lesen/",
            "<a class='url fn n' href='http://www.steinhau.com/steinhau/wordpress/author/henry/'>Henry</a>",
            ["Henry Steinhau"],
        ),
        # Neither: the byline stays as printed.
        (
            "https://jane.example/2019/post/",
            "<a class='url fn n' href='https://jane.example/author/henry/'>Henry</a>",
            ["Henry"],
        ),
        (
            "https://blog.example/2019/post/",
            "<a class='url fn n' href='https://blog.example/author/dieter-tomsen/'>DT</a>",
            ["DT"],
        ),
    ],
)
def test_a_byline_of_initials_or_a_first_name_as_the_page_spells_it_out(
    url: str, byline: str, names: list[str]
) -> None:
    body = (
        f"<h1>Einmal zahlen</h1><p>Posted <span class='author vcard'>{byline}</span></p><p>Text.</p>"
        "<footer><p>Bild: Ausschnitt: Henry Steinhau</p><p><span>Ein Hundetagebuch</span> von "
        "<a href='/'>Donald Townsend</a> steht unter einer Creative-Commons-Lizenz.</p></footer>"
    )
    assert meta_of(body=body, url=url).authors == names


def test_a_how_to_or_a_recipe_names_the_pages_author() -> None:
    """homify's how-to pages declare a HowTo, no Article: its author is the page's, its name is not the headline."""
    ld = (
        '<script type="application/ld+json">{"@context": "http://schema.org/", "@type": "HowTo", '
        '"name": "Runde Tischdecke", "author": {"@type": "Person", "name": "robert.stitz"}}</script>'
    )
    meta = meta_of(head=ld, body="<h1>Wie man eine runde Tischdecke in nur 7 Schritten herstellt</h1><p>Text.</p>")
    assert meta.authors == ["robert.stitz"]
    assert meta.title == "Wie man eine runde Tischdecke in nur 7 Schritten herstellt"


@pytest.mark.parametrize(
    ("href", "names"),
    [
        ("/profile/142450", ["delta201"]),  # Royal Road: the login links to the user's profile
        ("/fiction/34798/melas", []),  # a login-shaped word that links elsewhere is no one's name
    ],
)
def test_a_login_after_a_lone_by_label_that_links_to_a_profile(href: str, names: list[str]) -> None:
    body = (
        "<div class='fic-header'><a href='/fiction/34798/melas'><h2>Melas</h2></a><span class='font-white'> by </span>"
        f"<h3><a href='{href}' class='font-white'>delta201</a></h3><h1>Chapter 1: Prologue - Murdered</h1></div>"
        "<div class='chapter-content'><p>Text.</p></div>"
    )
    assert meta_of(body=body, url="https://www.royalroad.com/fiction/34798/melas/chapter/535107").authors == names
