"""Lead recovery: prose between the headline and the extracted body is body text; bylines and captions are not."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from archiver.clean import clean, lead_before
from archiver.extract import extract
from archiver.rules import rules_for

BODY = "<div class='body'><p>The council voted on Tuesday to keep the pool open through the summer season.</p></div>"


def page(between: str) -> LexborHTMLParser:
    """An article whose headline and body container are separated by ``between``."""
    return LexborHTMLParser(f"<html><body><article><header><h1>Pool stays open</h1>{between}</header>{BODY}</article>")


FIRST = "The council voted on Tuesday to keep the pool open through the summer season."


def test_lead_between_headline_and_body_is_recovered() -> None:
    """A teaser paragraph under the headline, outside the body container, comes back."""
    tree = page("<div class='teaser'><p>After months of debate the west side keeps its only public pool.</p></div>")
    assert lead_before(tree, FIRST, "") == ["After months of debate the west side keeps its only public pool."]


def test_already_extracted_text_is_not_repeated() -> None:
    """Text the extractor already has is never added twice."""
    lead = "After months of debate the west side keeps its only public pool."
    assert lead_before(page(f"<p>{lead}</p>"), FIRST, lead.casefold()) == []


def test_byline_date_line_and_caption_are_not_leads() -> None:
    """Short unpunctuated lines (byline, date) and text beside a picture (caption) stay out."""
    between = (
        "<p>By Dana Whitfield, Staff Writer 12 June 2024</p>"
        "<figure><img src='a.jpg'>"
        "<p>Swimmers at the west side pool on opening day, a hot afternoon in June.</p></figure>"
    )
    assert lead_before(page(between), FIRST, "") == []


def test_a_lead_beside_the_hero_picture_in_the_storys_header_is_recovered() -> None:
    """The header holding the <h1> also holds the hero picture: its lead paragraph is no caption. A long byline and
    date line, or a meta line of fields set apart by bars, is still no lead."""
    lead = "Nach tagelangem Regen steigt der Rhein bei Lahnfels weiter. Die Uferstraße steht unter Wasser."
    between = (
        "<p>By Caleb Morrow Published October 15, 2024 at 7:50 AM EDT Last Updated October 17, 2024 at 12:40 PM EDT</p>"
        "<p>Le Monde | 04.05.2015 à 13h36 • Mis à jour le 05.05.2015 à 20h13 | Par Martin Untersinger (avec D. L.)</p>"
        f"<p class='id-StoryElement-leadText'>{lead}</p><figure><img src='a.jpg'><figcaption>Land unter."
        "</figcaption></figure>"
    )
    assert lead_before(page(between), FIRST, "") == [lead]


def test_no_headline_no_lead() -> None:
    """Without a headline above the body there is no place where a lead could stand."""
    sidebar = "<p>Some sidebar prose that is long enough to look like a lead.</p>"
    tree = LexborHTMLParser(f"<html><body><div>{sidebar}{BODY}</div>")
    assert lead_before(tree, FIRST, "") == []


def test_story_element_holding_the_prose_goes_to_trafilatura_alone() -> None:
    """An <article> holding nearly all the prose is what the body extractor reads; the teaser rail beside it is not."""
    story = "".join(
        f"<p>Paragraph {i} of the council story says the pool stays open all summer for swimmers of every age.</p>"
        for i in range(12)
    )
    rail = "<div class='rail'><p>Other story: the library opens late on Thursdays this month, said the mayor.</p></div>"
    html = f"<html><body><main><article><h1>Pool stays open</h1>{story}</article></main>{rail}</body></html>"
    cleaned = clean(LexborHTMLParser(html), rules_for(None, html))
    assert "Paragraph 11" in cleaned.html
    assert "library" not in cleaned.html
    # Too little prose to judge: the page goes whole.
    short = "<html><body><article><p>One short paragraph of a dozen words about the pool, no more.</p></article>"
    short += f"{rail}</body></html>"
    assert "library" in clean(LexborHTMLParser(short), rules_for(None, short)).html


def test_a_page_inside_noscript_is_read() -> None:
    # parcoabruzzo.it serves its whole no-JavaScript page in one <noscript>; pixels in others are still dropped.
    line = "of the park's news about the bears counted in the valley this year."
    story = "".join(f"<p>Paragraph {i} {line}</p>" for i in range(6))
    html = (
        '<html><body><noscript><img src="https://px.example/p.gif"></noscript>'
        f"<noscript><div id='page'><h1>Orso marsicano</h1><div class='text'>{story}</div></div></noscript>"
        "<script>document.write('app')</script></body></html>"
    )
    article = extract(html, "https://parks.example/news?id=1")
    assert article.body_text.count("of the park's news") == 6


def test_a_blogger_post_in_a_script_template_is_read_from_its_noscript_copy() -> None:
    # Blogger (security.googleblog.com) ships the post body as a script template, with a <noscript> copy.
    post = "".join(
        f"<p>Paragraph {i} about phishing sites that rotate domains quickly to avoid blocks.</p>" for i in range(5)
    )
    html = (
        "<html><body><div class='header-desc'>The latest news and insights from Google on security</div>"
        "<div class='post' itemscope itemtype='http://schema.org/BlogPosting'>"
        "<h2 class='title'>Enhanced protection</h2>"
        f"<div class='post-body'><div class='post-content' itemprop='articleBody'><script type='text/template'>{post}"
        f"</script><noscript>{post}</noscript></div></div></div>"
        "<noscript><p>Please enable JavaScript to view the comments powered by Disqus, thank you kindly.</p></noscript>"
        "</body></html>"
    )
    article = extract(html, "https://security.blog.example/2020/05/enhanced.html")
    assert article.body_text.count("phishing sites") == 5
    assert "Disqus" not in article.body_text


def test_related_list_labels_go_in_any_language_but_prose_naming_them_stays() -> None:
    """A block that is only "Auch interessant" / "Contenido relacionado" labels a list of other stories."""
    prose = "".join(
        f"<p>Der Gemeinderat hat am Dienstag den Neubau der Hafenmauer beschlossen, Teil {i}.</p>" for i in range(6)
    )
    labels = ["Auch interessant", "Lesen Sie auch die folgenden Beiträge:", "Contenido Relacionado", "À lire aussi"]
    kept = "<p>Das könnte Sie auch interessieren, sagte der Bürgermeister, denn die Mauer schützt alle.</p>"
    html = "<html><body><article><h1>Hafenmauer</h1>" + prose + kept
    html += "".join(f"<p>{label}</p>" for label in labels) + "</article></body></html>"
    article = extract(html, "https://news.example/2024/06/12/hafen")
    assert not any(label in article.body_text for label in labels)
    assert "sagte der Bürgermeister" in article.body_text
    assert {r.text for r in article.removed if r.rule == "generic:furniture-label"} >= set(labels)


def test_a_paragraph_printed_twice_in_a_row_is_archived_twice() -> None:
    """trafilatura drops a long element repeating the one before it; the publisher's own repeat is kept."""
    para = "Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor incididunt ut labore."
    other = "".join(
        f"<p>Another paragraph of the story, number {i}, long enough to be prose here.</p>" for i in range(3)
    )
    html = (
        f"<html><body><article><h1>Test document title</h1><p>{para}</p>\n<p>{para}</p>{other}</article></body></html>"
    )
    body = extract(html, "https://news.example/2024/06/12/repeat").body_text
    assert body.count(para) == 2
    assert body.count("Another paragraph") == 3


def test_a_caption_with_its_credit_inside_gives_both() -> None:
    """ "<figcaption>Caption <span class=credit>© Name/dpa</span></figcaption>": the caption is the box's own words
    and the credit its element, without the "©"; an empty credit icon names no one."""
    story = "<p>" + "Der Rhein ist bei Lahnfels über die Ufer getreten, die Feuerwehr baut Barrieren. " * 5 + "</p>"
    html = (
        "<html><body><article><h1>Hochwasser in Lahnfels</h1><figure><img src='a.jpg'><figcaption>Land unter an der "
        "Rheinpromenade. <span class='image-credit'>© Thomas Frey/dpa</span></figcaption></figure>"
        f"{story}<figure><img src='b.jpg'><figcaption>Frost: Der Boden muss frostfrei sein.<span>"
        "<i class='fa-copyright'></i>Jelko Djuren</span></figcaption></figure>{story}</article></body></html>"
    )
    article = extract(html, url="https://rhein-lahn-bote.example/lokales/hochwasser.html")
    assert article.image_caption == "Land unter an der Rheinpromenade."
    assert article.image_credit == "Thomas Frey/dpa"
    assert "Land unter" not in article.body_text and "Frost: Der Boden" not in article.body_text


def test_a_theme_credit_line_is_no_image_credit() -> None:
    """A blog theme's "credit" line in the footer, or one that is a sentence, credits the platform, not a picture;
    a dek in a box classed "accreditation" stays the story's text."""
    story = "<p>" + "Die Buchmesse hat begonnen, und die Verlage stellen ihre Herbstprogramme vor. " * 5 + "</p>"
    html = (
        "<html><body><article><h1>Herbstprogramme</h1><div class='header__accreditation'><p class='header__dek'>"
        "Was die Verlage in diesem Herbst vorhaben, und warum es so viele Debüts gibt.</p></div>"
        f"<figure><img src='a.jpg'><span class='image-credit'>Getty Images</span></figure>{story}</article>"
        "<p class='credit'><cite><a href='https://wordpress.com/?ref=footer_website'>Erstelle eine kostenlose "
        "Website oder Blog – auf WordPress.com.</a></cite></p>"
        "<div id='footer'><div class='credits'><a href='https://wordpress.org/'>Powered by WordPress</a></div></div>"
        "</body></html>"
    )
    article = extract(html, url="https://blog.example/2019/01/01/herbst/")
    assert article.image_credit == "Getty Images"
    assert article.body_text.startswith("Was die Verlage in diesem Herbst vorhaben")
    assert "WordPress" not in article.body_text


DRONE = "Bild: Eine iranische Drohne näherte sich einem US-Flugzeugträger. Screenshot aus Twitter"


@pytest.mark.parametrize(
    ("caption", "expected_caption", "expected_credit"),
    [
        (
            "Erdölpumpen im Abendrot. Bild: TebNad/Shutterstock.com",
            "Erdölpumpen im Abendrot.",
            "TebNad/Shutterstock.com",
        ),
        ("Maxi Taucher ist angekommen. (Foto: Privat)", "Maxi Taucher ist angekommen.", "Privat"),
        ("Das Sportzentrum in Filzbach © Burkard Meyer", "Das Sportzentrum in Filzbach", "Burkard Meyer"),
        ("Puerto de Montevideo. Foto: Archivo El País", "Puerto de Montevideo.", "Archivo El País"),
        ("© Foto: Getty Images", None, "Getty Images"),  # only the credit: the picture has no caption
        (DRONE, DRONE, None),  # "Bild:" opening a caption's sentences labels the caption, not a credit
    ],
)
def test_credits_printed_at_the_end_of_german_french_and_spanish_captions(
    caption: str, expected_caption: str | None, expected_credit: str | None
) -> None:
    story = "<p>" + "Die Ölpreise sind gestiegen, und die Förderländer beraten über ihre Quoten. " * 5 + "</p>"
    figure = f"<figure><img src='a.jpg'><figcaption>{caption}</figcaption></figure>"
    html = f"<html><body><article><h1>Öl</h1>{figure}{story}</article></body></html>"
    article = extract(html, url="https://zeitung.example/wirtschaft/oel.html")
    assert (article.image_caption, article.image_credit) == (expected_caption, expected_credit)


def test_a_caption_classed_label_with_no_picture_near_is_no_caption() -> None:
    story = "<p>" + "The council voted on Tuesday to keep the pool open through the summer season. " * 5 + "</p>"
    html = (
        "<html><body><div class='ad'><span class='ad-caption'>Advertisement</span></div><article><h1>Pool</h1>"
        "<figure><img src='a.jpg'><figcaption>The pool on opening day.</figcaption></figure>"
        f"{story}</article></body></html>"
    )
    article = extract(html, url="https://news.example/2024/06/12/pool")
    assert article.image_caption == "The pool on opening day."
    assert "Advertisement" not in article.body_text
