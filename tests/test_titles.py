"""Titles: kickers in the headline, taglines glued to the story, attributes cut by quotes, issue numbers."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from archiver.metadata import extract_metadata


def meta_of(head: str = "", body: str = "", url: str | None = "https://news.example/2024/story"):
    return extract_metadata(LexborHTMLParser(f"<html><head>{head}</head><body>{body}</body></html>"), url)


def test_kicker_element_before_the_headline_goes_when_the_declared_title_lacks_it() -> None:
    head = '<meta property="og:title" content="Erinnerung an die Opfer der NS-Verbrechen">'
    body = (
        "<h1 class='logo'><a href='/'><img alt='Logo'></a></h1><h1>Navigation</h1>"
        "<h1><em>Holocaust-Gedenktag </em>Er\u00adin\u00adne\u00adrung an die Op\u00adfer der "
        "NS-Ver\u00adbre\u00adchen</h1>"
    )
    meta = meta_of(head, body)
    assert meta.title == "Erinnerung an die Opfer der NS-Verbrechen"
    assert meta.sources["title"] == "h1"


def test_kicker_marked_in_the_story_heading_leaves_a_title_that_includes_it() -> None:
    # spektrum.de: the <title> and a breadcrumb's <h1> carry the kicker; the story's <h2> marks it as one.
    head = "<title>Covid-19: Lässt sich die Ausbreitung kontrollieren? - Spektrum der Wissenschaft</title>"
    body = (
        "<ol itemtype='http://schema.org/BreadcrumbList'><li><a href='/'>Startseite</a></li>"
        "<li><h1 itemprop='name'>Covid-19: Lässt sich die Ausbreitung kontrollieren?</h1></li></ol>"
        "<header><h2><span class='content__kicker'>Covid-19</span><span class='sr-only'>: </span>"
        "<span class='content__title'>Lässt sich die Ausbreitung kontrollieren?</span></h2></header>"
    )
    meta = meta_of(head, body)
    assert meta.title == "Lässt sich die Ausbreitung kontrollieren?"
    assert meta.sources["title"] == "heading"
    # Without the marked kicker, the headline keeps its opening words.
    plain = body.replace("content__kicker", "content__topic")
    assert meta_of(head, plain).title == "Covid-19: Lässt sich die Ausbreitung kontrollieren?"


def test_kicker_with_a_hidden_colon() -> None:
    head = "<title>Impfen und Boostern ist bis Ende Februar noch überall möglich</title>"
    body = (
        '<h1 data-testid="title"><style>.a{display:block}</style><span class="a">Medienmitteilung der '
        'Gesundheitsdirektion <span class="visually-hidden">:</span></span>Impfen und Boostern ist bis Ende Februar '
        "noch überall möglich</h1>"
    )
    assert meta_of(head, body).title == "Impfen und Boostern ist bis Ende Februar noch überall möglich"


def test_kicker_before_a_slash_or_colon() -> None:
    head = '<meta property="og:title" content="Irme Stetter-Karp ist neue ZdK-Präsidentin | DOMRADIO.DE">'
    head += '<meta property="og:site_name" content="DOMRADIO.DE">'
    body = '<article><h1>"Reformstau lösen" / Irme Stetter-Karp ist neue ZdK-Präsidentin</h1></article>'
    assert meta_of(head, body).title == "Irme Stetter-Karp ist neue ZdK-Präsidentin"


def test_kicker_stays_when_the_declared_title_has_it_too() -> None:
    head = '<meta property="og:title" content="Medienbericht: Corona-Lockdown steht vor 4-wöchiger Verlängerung">'
    body = "<article><h1>Medienbericht: Corona-Lockdown steht vor 4-wöchiger Verlängerung</h1></article>"
    assert meta_of(head, body).title == "Medienbericht: Corona-Lockdown steht vor 4-wöchiger Verlängerung"


def test_a_kicker_set_apart_by_a_separator_element() -> None:
    head = "<title>Coronavirus und andere Zoonosen – Wie Umweltzerstörung neue Epidemien begünstigt</title>"
    body = (
        '<article><h1 itemprop="headline"><span class="head">Coronavirus und andere Zoonosen</span>'
        '<span class="dash" aria-hidden="true"> – </span><span>Wie Umweltzerstörung neue Epidemien begünstigt</span>'
        "</h1></article>"
    )
    assert meta_of(head, body).title == "Wie Umweltzerstörung neue Epidemien begünstigt"


def test_a_quote_leading_the_headline_is_no_kicker() -> None:
    head = "<title>Marita Kramer verpasst Olympische Spiele in Peking - skispringen.com</title>"
    body = '<article><h1>"Pure Leere": Marita Kramer verpasst Olympische Spiele in Peking</h1></article>'
    assert meta_of(head, body).title == '"Pure Leere": Marita Kramer verpasst Olympische Spiele in Peking'


def test_the_story_two_declared_titles_tell_after_different_kickers() -> None:
    head = (
        '<meta property="og:title" content="Industriell Revolutioniert?: Anno 1800 Beta">'
        "<title>next2games | Vorschauen: Anno 1800 Beta</title>"
    )
    body = "<div><span class='title'>Anno 1800 Beta</span></div>"
    assert meta_of(head, body, url="https://next2games.de/previews,id1085.html").title == "Anno 1800 Beta"
    # ... or after a kicker in one and none in the other, where the page's <h1> is another line.
    story = "Deutschland, Frankreich und die Rückkehr der Ressentiments"
    head = f'<meta property="og:title" content="Grenzschließungen: {story}">'
    head += f'<meta name="twitter:title" content="{story}">'
    body = "<article><h1>Corona: Report von der deutsch-französischen Grenze</h1></article>"
    assert meta_of(head, body).title == story
    # ... but the page's headline keeps the kicker when it shows it.
    body = f"<article><h1>Grenzschließungen: {story}</h1></article>"
    assert meta_of(head, body).title == f"Grenzschließungen: {story}"
    # One kicker said twice is the headline's own.
    title = "Medienbericht: Lockdown wird verlängert"
    head = f'<meta property="og:title" content="{title}"><title>{title}</title>'
    assert meta_of(head).title == title


def test_tagline_glued_to_the_story() -> None:
    tagline = "Das etwas andere Branchenbuch für mittelständige Firmen"
    head = f'<meta property="og:title" content="Truckwash A31{tagline} | {tagline}">'
    body = "<article><h1 class='entry-title'>Truckwash A31</h1></article><nav><h1>Post navigation</h1></nav>"
    assert meta_of(head, body).title == "Truckwash A31"


def test_declared_title_cut_by_an_unescaped_quote() -> None:
    head = (
        '<meta property="og:title" content="Senador republicano califica a Biden de "incapacitado"">'
        '<title>Senador republicano califica a Biden de "incapacitado"</title>'
    )
    assert meta_of(head).title == 'Senador republicano califica a Biden de "incapacitado"'


def test_issue_number_after_the_title() -> None:
    head = '<meta property="og:title" content="Der historische Purzelbaum (2021/5)">'
    assert meta_of(head).title == "Der historische Purzelbaum"


def test_ruby_readings_are_no_part_of_the_headline() -> None:
    head = '<meta property="og:title" content="子どもへの体罰を禁止する法律ができる">'
    body = (
        "<article><h1><ruby>子<rt>こ</rt></ruby>どもへの<ruby>体罰<rt>たいばつ</rt></ruby>を禁止する法律ができる</h1>"
    )
    assert meta_of(head, body).title == "子どもへの体罰を禁止する法律ができる"


def test_site_name_glued_to_the_title_with_a_bare_pipe() -> None:
    """NHK's "NEWS WEB EASY|子どもへの…": a pipe without spaces separates too; a pipe left at the end goes."""
    head = (
        '<meta property="og:site_name" content="NEWS WEB EASY">'
        '<meta property="og:title" content="NEWS WEB EASY|子どもへの体罰を禁止する法律ができる">'
    )
    assert meta_of(head).title == "子どもへの体罰を禁止する法律ができる"
    assert meta_of("<title>Über André Loibl |</title>").title == "Über André Loibl"
    # A double hyphen set before the word: "A.Word.A.Day --maudlin".
    assert meta_of("<title>A.Word.A.Day --maudlin</title>").title == "maudlin"


def test_the_segment_the_page_shows_as_a_heading_is_the_title() -> None:
    """No <h1> names the story: the declared title's segment set as an <h2> is it, wherever it stands."""
    head = "<title>Gregory Szorc's Digital Home | Mercurial's Journey to and Reflections on Python 3</title>"
    body = "<div class='post'><h2>Mercurial's Journey to and Reflections on Python 3</h2><p>Text.</p></div>"
    assert meta_of(head, body).title == "Mercurial's Journey to and Reflections on Python 3"


def test_a_column_name_shown_as_a_heading_is_not_the_title() -> None:
    title = "Kolumne: Queer Royal – Über Dragqueens und Dragkings auf und jenseits der Bühne"
    assert meta_of(f"<title>{title}</title>", "<h2>Kolumne: Queer Royal</h2><p>Text.</p>").title == title


def test_a_segment_that_spells_the_host_name_is_the_site() -> None:
    cases = [
        ("BeginnersGuide/Download - Python Wiki", "https://wiki.python.org/moin/BeginnersGuide/Download"),
        ("Hof & Geschichte │ Nalas Löwenseiten", "http://www.nalas-loewenseiten.info/hof"),
        ("Produkttester werden │ Nestlé Marktplatz", "https://www.nestle-marktplatz.de/mitmachen"),
        ("Décisions de l’AG - Sauvons l'Université !", "http://www.sauvonsluniversite.com/spip.php"),
    ]
    for title, url in cases:
        assert meta_of(f"<title>{title}</title>", url=url).title == title.split(" - ")[0].split(" │ ")[0]
    # Words of the host among others are the story's topic, not the site's name.
    title = "Python Wiki Tips | Daily"
    assert meta_of(f"<title>{title}</title>", url="https://wiki.python.org/x").title == title


def test_a_declared_title_set_as_the_h2_under_a_topic_h1() -> None:
    head = (
        '<meta property="og:title" content="Mit Hilfe des Chefs für die Rente sparen">'
        "<title>Betriebliche Altersvorsorge (bAV) - Wann lohnt die Betriebsrente? - Finanztip</title>"
    )
    body = "<article><h1>Betriebliche Altersvorsorge</h1><h2>Mit Hilfe des Chefs für die Rente sparen</h2></article>"
    meta = meta_of(head, body)
    assert meta.title == "Mit Hilfe des Chefs für die Rente sparen"
    assert meta.sources["title"] == "meta:og:title"
    # When a declared title names the <h1>, the <h1> stays the title, whatever the <h2>s say.
    head = '<meta property="og:title" content="Zweiter Teil"><title>Die Geschichte</title>'
    assert meta_of(head, "<h1>Die Geschichte</h1><h2>Zweiter Teil</h2>").title == "Die Geschichte"


def test_the_title_set_as_the_h2_beats_h1s_that_head_the_pages_sections() -> None:
    body = (
        "<main><h2>Nachhaltigkeit im Onlineshop</h2><p>Wir achten …</p>"
        "<section><h1>Unsere 3 wichtigsten Maßnahmen zur Nachhaltigkeit im Onlineshop</h1><p>…</p></section>"
        "<section><h1>So funktioniert der Online-Rückversand als Gastkunde</h1><p>…</p></section></main>"
    )
    meta = meta_of("<title>Nachhaltigkeit im Onlineshop</title>", body)
    assert (meta.title, meta.sources["title"]) == ("Nachhaltigkeit im Onlineshop", "html:title")


def test_og_title_set_as_the_h2_beats_an_h1_that_only_repeats_the_seo_title() -> None:
    head = (
        '<meta property="og:title" content="„Arschloch“: Danni Büchner und Ennesto Monté trennen sich">'
        '<title>Danni Büchner und Ennesto Monte trennen sich: "Arschloch"</title>'
    )
    body = (
        '<article><h1><span>Danni Büchner und Ennesto Monte trennen sich: "Arschloch"</span></h1>'
        "<h2>„Arschloch“: Danni Büchner und Ennesto Monté trennen sich</h2><p>Die Trennung …</p></article>"
    )
    meta = meta_of(head, body)
    assert meta.title == "„Arschloch“: Danni Büchner und Ennesto Monté trennen sich"
    assert meta.sources["title"] == "meta:og:title"


def test_a_page_without_an_h1_is_titled_by_its_one_h2() -> None:
    """feuerwehrtaucher-oldenburg.de: the <title> names the site and section, the one <h2> the page."""
    head = "<title>Feuerwehr Oldenburg - Ausbildung</title>"
    meta = meta_of(head, "<h2>Bootsdienst Ausbildung</h2><p>Text</p>")
    assert (meta.title, meta.sources["title"]) == ("Bootsdienst Ausbildung", "h2")
    # A lead-in, a tagline, a second <h2> or a declared title that says the same leave the <title> in charge.
    for body in (
        "<h2>Open Journalism Project:</h2>",
        "<h2>Bauingenieurbüro | Beratende Ingenieure VBI</h2>",
        "<h2>Bootsdienst Ausbildung</h2><h2>Termine</h2>",
    ):
        assert meta_of(head, body).title == "Feuerwehr Oldenburg - Ausbildung"
    # Headings for screen readers only do not count.
    hidden = "<h2 class='sr-only'>Hauptnavigation</h2><h2 class='text-hide'>Hauptinhalt</h2><h2> </h2>"
    assert meta_of(head, f"{hidden}<h2>Bootsdienst Ausbildung</h2><p>Text</p>").title == "Bootsdienst Ausbildung"
    # <h1>s of one word each label the page's boxes (a wiki's "Page" and "User" menus).
    labels = "<div class='menu'><h1>Page</h1><ul><li>Edit</li></ul><h1>User</h1><ul><li>Login</li></ul></div>"
    assert meta_of(head, f"{labels}<h2>Bootsdienst Ausbildung</h2><p>Text</p>").title == "Bootsdienst Ausbildung"
    same = meta_of("<title>Bootsdienst Ausbildung | Feuerwehr</title>", "<h2>Bootsdienst Ausbildung</h2>")
    assert same.sources["title"] == "html:title"
    # An <h1> taken for the masthead still means the <h2> is its subhead, not the title (BLOX's live pages).
    title = "Live updates: Thousands without power after windstorm topples trees across the area"
    body = f"<div class='asset-masthead'><h1>{title}</h1></div><h2 class='subhead'>Power back by Wednesday</h2>"
    assert meta_of(f'<meta property="og:title" content="{title}">', body).title == title
    # ... and a short one there that og:title repeats is the headline, not the site's name.
    short = "Windstorm topples trees"
    body = f"<div class='asset-masthead'><h1>{short}</h1></div>"
    assert meta_of(f'<meta property="og:title" content="{short}">', body).title == short


def test_a_title_segment_shown_as_an_h2_beats_an_h1_no_declared_title_backs() -> None:
    """gipfelbuch.ch: the <h1> names the section and the entry, the <h2> the story the <title> ends with."""
    head = "<title>gipfelbuch.ch - Outdoornews - Hochauflösende Schneekarten auf Gipfelbuch.ch</title>"
    body = "<main><h1>OutdoorNews | Eintrag</h1><h2>HOCHAUFLÖSENDE SCHNEEKARTEN AUF GIPFELBUCH.CH</h2><p>…</p></main>"
    meta = meta_of(head, body, url="https://www.gipfelbuch.ch/outdoornews/detail/id/718")
    assert meta.title == "Hochauflösende Schneekarten auf Gipfelbuch.ch"
    # An <h1> a declared title backs keeps the title, whatever the <h2>s say.
    body = "<main><h1>Hochauflösende Schneekarten</h1><h2>Outdoornews Eintrag</h2></main>"
    assert meta_of("<title>Hochauflösende Schneekarten - Outdoornews Eintrag</title>", body).title == (
        "Hochauflösende Schneekarten"
    )


def test_a_pages_one_headline_sentence_beats_an_seo_title_outside_an_article_box() -> None:
    """smava.de: the one <h1>, a question over the text, is the title; og:title is the SEO line. A section's name in
    the one <h1> ("Allergies Health Center", webmd.com) is not."""
    head = '<meta property="og:title" content="Privatkredit-Zinsen: So ermitteln Sie Ihre Kosten | SMAVA">'
    question = "Wie hoch sind die Zinsen für einen Privatkredit?"
    body = f"<div class='hero'><h1><span class='headline'>{question}</span></h1></div>"
    assert meta_of(head, body).title == question
    head = "<title>Babies Who Eat Peanuts Early May Avoid Allergy</title>"
    body = "<div class='section'><h1>Allergies Health Center</h1></div><p>Story.</p>"
    assert meta_of(head, body).title == "Babies Who Eat Peanuts Early May Avoid Allergy"


def test_a_headline_that_spells_the_pages_address_is_its_name() -> None:
    head = "<title>Ausflugtipps Niederrhein und Ruhrgebiet</title>"
    url = "https://www.ausflug.example/essen/essenwestviertel.html"
    meta = meta_of(head, "<div><h1>Essen-Westviertel</h1><p>Das Westviertel …</p></div>", url=url)
    assert (meta.title, meta.sources["title"]) == ("Essen-Westviertel", "h1")
    # ... or most of it: "Chorgeschichte" at …/geschichte.html.
    url = "https://www.chor.example/geschichte.html"
    body = "<div><h1>Chorgeschichte</h1><p>1968 …</p></div>"
    assert meta_of("<title>Geschichte - St. Georgs Chor</title>", body, url=url).title == "Chorgeschichte"
    # A section's name over a story's address is no page name: the <title> stays.
    meta = meta_of(head, "<div><h1>Essen</h1><p>Das Westviertel …</p></div>", url=url)
    assert meta.title == "Ausflugtipps Niederrhein und Ruhrgebiet"


def test_a_strapline_set_as_the_h1_is_not_the_headline() -> None:
    """bike-magazin.de: the <h1> is the strapline; og:title starts with the headline the page sets as an <h2>."""
    headline, strapline = "Strava-Karten ab sofort mit mehr Infos", "Strava-Update: POI bei Routen-Tool"
    head = f'<meta property="og:title" content="{headline} - {strapline}">'
    body = f"<h1 class='strapline'>{strapline}</h1><h2>{headline}</h2>"
    assert meta_of(head, body).title == headline


def test_a_first_segment_holding_the_hosts_name_leads_the_sites_path() -> None:
    """bayrische-bembel.de titles its pages "EFC Bayrische Bembel Regensburg - Story - Eintracht Presse - News"; a
    two-part title that names the site in its story ("15 Jahre rete-mirabile.net — rete-mirabile.net") keeps it."""
    url = "http://bayrische-bembel.de/bbr/modules/news/article.php?storyid=504"
    head = "<title>EFC Bayrische Bembel Regensburg - Eintracht Frankfurt stellt Weichen - Eintracht Presse</title>"
    assert meta_of(head, "<p>Text.</p>", url).title.startswith("Eintracht Frankfurt stellt Weichen")
    url = "https://rete-mirabile.net/notizen/15-jahre"
    head = "<title>15 Jahre rete-mirabile.net &mdash; rete-mirabile.net</title>"
    body = "<article><h1 class='entry-title'>15 Jahre rete-mirabile.net</h1><p>Text.</p></article>"
    assert meta_of(head, body, url).title == "15 Jahre rete-mirabile.net"


def test_a_static_sites_header_linking_to_index_html_is_its_logo() -> None:
    """Sphinx's page header is an <h1> linking home as "index.html"; the page's own <h1> follows (with its "¶")."""
    head = "<title>Evolve: Shared Mutable History — evolve extension for Mercurial</title>"
    body = (
        "<div class='header'><h1 class='heading'><a href='index.html'><span>evolve extension for Mercurial</span></a>"
        "</h1></div><div class='body'><h1><a class='toc-backref' href='#id4'>Evolve: Shared Mutable History</a>"
        "<a class='headerlink' href='#evolve' title='Permalink to this headline'>¶</a></h1><p>Text.</p></div>"
    )
    assert meta_of(head, body, "https://www.mercurial-scm.org/doc/evolution/").title == "Evolve: Shared Mutable History"


def test_a_breadcrumb_link_set_as_the_h1_is_not_the_headline() -> None:
    """fr.de (Ippen): the breadcrumb trail's last link is an <h1> with the SEO wording; the headline is an <h2>."""
    headline = "Kim Jong Un: Der Diktator ist zurück - Donald Trump ist „glücklich“"
    seo = "Nordkorea: Kim Jong Un - Der Diktator ist zurück, Donald Trump ist „glücklich“"
    head = f'<title>{seo} | Politik</title><meta property="og:title" content="{headline}">'
    body = (
        f"<nav><h1 class='id-Breadcrumb-element-link'>{seo}</h1></nav>"
        f"<article><h2 class='id-Article-headline'>{headline}</h2><p>Text.</p></article>"
    )
    assert meta_of(head, body).title == headline


def test_meta_name_title_tells_the_story_without_its_kicker() -> None:
    """outdoor-magazin.com: og:title has a kicker, <meta name=title> the story alone; the <h1> says neither exactly.
    A <meta name=title> that is the site's name (as its app title says) names no story."""
    head = (
        '<meta property="og:title" content="Vanlife in Schweden: Skandinavien im Wohnmobil erleben">'
        '<meta name="title" content="Skandinavien im Wohnmobil erleben">'
        "<title>Vanlife in Schweden - Skandinavien im Wohnmobil | outdoor-magazin.com</title>"
    )
    body = "<h1>Vanlife in Schweden - Skandinavien im Wohnmobil</h1><p>Text.</p>"
    assert meta_of(head, body).title == "Skandinavien im Wohnmobil erleben"
    head = (
        '<meta name="title" content="Die FURCHE"><meta name="apple-mobile-web-app-title" content="Die FURCHE">'
        '<meta property="og:title" content="Achtsam durch die Krise">'
        "<title>Achtsam durch die Krise | Die FURCHE</title>"
    )
    assert meta_of(head, "<article><h1>Achtsam durch die Krise</h1><p>Text.</p></article>").title == (
        "Achtsam durch die Krise"
    )


def test_last_segment_after_a_bar_that_opens_with_the_hosts_name_is_the_site() -> None:
    # sheego.de: "Magic Cleaning | sheego ♥ Magazin", no og:site_name.
    head = "<title>Magic Cleaning | sheego ♥ Magazin</title>"
    assert meta_of(head, "<p>Text.</p>", url="https://www.sheego.de/magazin/magic-cleaning/").title == "Magic Cleaning"
    # The host's word opening a story's own last segment of more words stays.
    head = "<title>Versandhandel im Wandel | Sheego baut sein Lager in Halle aus</title>"
    title = meta_of(head, "<p>Text.</p>", url="https://www.sheego.de/news/x/").title
    assert title == "Versandhandel im Wandel | Sheego baut sein Lager in Halle aus"


def test_a_site_named_by_its_address_is_named_by_the_addresss_name_too() -> None:
    # factorio.com's blog: og:site_name "Factorio.com", <title> "… | Factorio".
    head = '<meta property="og:site_name" content="Factorio.com">'
    head += "<title>Friday Facts #282 - 0.17 in sight | Factorio</title>"
    assert (
        meta_of(head, "<p>Text.</p>", url="http://fakehost/test/page.html").title == "Friday Facts #282 - 0.17 in sight"
    )


def test_no_h1_and_a_one_or_two_word_seo_title_gives_the_headline_classed_box() -> None:
    # energieverbraucher.de: "<title>energieverbraucher.de | Gaspreise</title>", the story's headline in a div.
    head = "<title>energieverbraucher.de | Gaspreise</title>"
    body = (
        "<div class='box-headline'>Ähnliche Artikel</div>"
        "<div class='news-headline'>Energiepreiskrise: Entlastungen und Rechte auf einen Blick</div><p>Text.</p>"
    )
    url = "https://www.energieverbraucher.de/de/preise__312/NewsDetail__18725/"
    meta = meta_of(head, body, url=url)
    assert (meta.title, meta.sources["title"]) == (
        "Energiepreiskrise: Entlastungen und Rechte auf einen Blick",
        "headline",
    )
    # A story's SEO title of more words is kept over such a box.
    head = "<title>Gaspreise steigen im Winter weiter | energieverbraucher.de</title>"
    assert meta_of(head, body, url=url).title == "Gaspreise steigen im Winter weiter"


def test_a_separator_dangling_at_the_end_of_a_title_goes() -> None:
    head = "<title>National Rail Enquiries -</title>"
    assert meta_of(head, "<p>Text.</p>", url="https://www.nationalrail.co.uk/x.aspx").title == "National Rail Enquiries"


@pytest.mark.parametrize(
    ("site_name", "url", "expected"),
    [
        ("HearYa - Indie Music Blog", "https://www.hearya.com/2009/05/14/top-100/", "HearYa"),
        ("Katzen Forum - Das große Katzenforum", "https://www.katzen-forum.net/threads/1/", "Katzen Forum"),
        (
            "SW1.News - Nachrichten der Region Schweinfurt - Main-Rhön - Hassberge - Bad Kissingen",
            "https://sw1.news/story",
            "SW1.News",
        ),
        ("gizmeo.eu | inside the machine", "https://gizmeo.eu/post/", "gizmeo.eu"),
        ("https://www.mesopinions.com/", "https://www.mesopinions.com/petition/1", "mesopinions.com"),
        # The host named in a later segment only: the full name stays.
        (
            "Bundesministerium für Bildung und Forschung - BMBF",
            "https://www.bmbf.de/de/story.html",
            "Bundesministerium für Bildung und Forschung - BMBF",
        ),
        # No segment names the host: a name with a dash in it stays whole.
        (
            "International Biathlon Union - IBU",
            "https://www.biathlonworld.com/news",
            "International Biathlon Union - IBU",
        ),
        ("Lady 50plus", "https://lady50plus.de/post/", "Lady 50plus"),
    ],
)
def test_the_site_name_without_its_tagline(site_name: str, url: str, expected: str) -> None:
    """og:site_name as a name and a template's tagline ("HearYa - Indie Music Blog"): a facet wants the name."""
    head = f'<meta property="og:site_name" content="{site_name}"><meta property="og:title" content="Story of the day">'
    assert meta_of(head, "<h1>Story of the day</h1>", url).site_name == expected
