"""Generic noise rules remove their noise shape and spare the prose that looks like it."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from archiver import noise

URL = "https://news.example/2024/06/12/pool"


def removed(
    html: str, url: str | None = URL, title: str | None = None, tree: LexborHTMLParser | None = None
) -> list[tuple[str, str]]:
    """Run the generic rules over ``html`` (or ``tree``); return (rule, text) of every removal."""
    tree = tree or LexborHTMLParser(f"<html><body><article>{html}</article></body></html>")
    out: list[tuple[str, str]] = []

    def drop(node, rule: str) -> None:
        out.append((rule, noise.text_of(node)))
        node.decompose()

    noise.strip_generic(tree, None, set(), url, title, drop)
    return out


def test_label_then_same_site_link_is_a_promo() -> None:
    """'Label: <a>headline</a>' in any language is a related-story promo."""
    html = (
        "<p><strong>À lire aussi »</strong> <a href='/2024/05/01/budget'>Quel est votre budget pour l'été ?</a></p>"
        "<p><strong>Lea también:</strong> <a href='https://news.example/x'>Impiden ingreso a reportero</a></p>"
    )
    assert [rule for rule, _ in removed(html)] == ["generic:inline-promo", "generic:inline-promo"]


def test_prose_running_into_a_link_is_kept() -> None:
    """A sentence that mentions a same-site story, or a label without its separator, is body text."""
    html = (
        "<p>The mayor said so in <a href='/2024/05/01/budget'>an interview last month</a></p>"
        "<p>Keep reading. I'm about to show you <a href='/2024/05/01/budget'>why the budget failed</a></p>"
        "<p>Source: <a href='https://other.example/report'>State audit report on pools</a></p>"
    )
    assert removed(html) == []


def test_signup_box_goes_whole_but_a_short_story_around_a_form_stays() -> None:
    """A newsletter box (heading, blurb, email form) goes whole; a story box around a comment form keeps its story."""
    signup = (
        "<div class='nl'><h3>Get the Valley Daily newsletter</h3>"
        "<p>The top headlines from the Marlow Valley, delivered to your inbox every morning.</p>"
        "<form><input type='email'><button>Sign Up</button></form></div>"
    )
    assert [rule for rule, _ in removed(signup)] == ["generic:signup-form"]
    story = (
        "<div id='story'><p>Cartoonist Matt Bors got a spot on CNN for his scathing critique of the narrative of the "
        "lazy, narcissistic millennial, and it is terrific.</p><p>He draws the generation we love to dump on as the "
        "one that inherited the mess. Click through for the whole thing.</p>"
        "<div class='sep'><form><input name='EMAIL'><button>Go</button></form></div></div>"
    )
    texts = [text for _, text in removed(story)]
    assert not any("Cartoonist" in text for text in texts)


def page_removed(body: str) -> list[tuple[str, str]]:
    """Run the generic rules over a whole page body; return (rule, text) of every removal."""
    tree = LexborHTMLParser(f"<html><body>{body}</body></html>")
    out: list[tuple[str, str]] = []

    def drop(node, rule: str) -> None:
        out.append((rule, noise.text_of(node)))
        node.decompose()

    noise.strip_generic(tree, None, set(), URL, "Mandarinen-Schmand-Kuchen", drop)
    return out


def test_teaser_cards_go_but_the_storys_sibling_boxes_stay() -> None:
    """chefkoch.de: the recipe's header, ingredients and steps are sibling <article>s; teasers are links."""
    intro = "Ein saftiger Kuchen mit Mandarinen und Schmand, schnell gemacht und immer beliebt. " * 6
    body = (
        "<main>"
        f"<article class='recipe-header'><h1>Mandarinen-Schmand-Kuchen</h1><p>{intro}</p></article>"
        "<article class='recipe-ingredients'><h2>Zutaten</h2><table><tr><td>125 g</td><td>Mehl</td></tr>"
        "<tr><td>65 g</td><td><a href='/zutat/zucker'>Zucker</a></td></tr></table></article>"
        "<article class='recipe-steps'><h2>Zubereitung</h2><p>Den Teig kneten und kalt stellen.</p></article>"
        "<section class='more'><article><a href='/rezepte/2/apfelkuchen'>Apfelkuchen vom Blech</a></article>"
        "<article><a href='/rezepte/3/zupfkuchen'>Russischer Zupfkuchen</a></article></section>"
        "<article class='card'><a href='/rezepte/4/bienenstich'>Bienenstich wie bei Oma</a> 30 Min.</article>"
        "</main>"
    )
    gone = [text for rule, text in page_removed(body) if rule == "generic:other-story"]
    assert gone == ["Apfelkuchen vom Blech", "Russischer Zupfkuchen", "Bienenstich wie bei Oma 30 Min."]


STORY = "<p>" + "The council voted on Tuesday to rebuild the harbour wall before winter storms arrive. " * 2 + "</p>"


def test_follow_and_app_prompts_after_the_story_go() -> None:
    """A closing box whose links all go to social profiles or app stores is a prompt (eluniversal, nationnews)."""
    body = (
        f"<article><h1>Harbour wall</h1>{STORY}{STORY}"
        "<div class='siguenos'><p>Síguenos en <a href='https://t.me/ElUniversalVzla'>Telegram</a>, "
        "<a href='https://www.instagram.com/eluniversal/'>Instagram</a> y "
        "<a href='https://twitter.com/ElUniversal'>Twitter</a> para recibir las noticias.</p></div>"
        "<div class='app'><p><b>Get the latest news straight to your phone with our app.</b></p>"
        "<div><a href='https://play.google.com/store/apps/details?id=com.paper'><img src='a.png'></a></div>"
        "<div><a href='https://apps.apple.com/us/app/paper/id1'><img src='i.png'></a></div></div></article>"
    )
    gone = {text for rule, text in page_removed(body) if rule == "generic:follow-prompt"}
    assert gone == {
        "Síguenos en Telegram , Instagram y Twitter para recibir las noticias.",
        "Get the latest news straight to your phone with our app.",
    }


def test_a_profile_or_post_cited_in_the_story_stays() -> None:
    """Prose follows the first paragraph; the last one links to a post (a source), not to a profile."""
    body = (
        "<article><h1>Harbour wall</h1>"
        "<p>The mayor announced it on <a href='https://www.facebook.com/mayorjones'>her Facebook page</a>.</p>"
        f"{STORY}<p>She later <a href='https://twitter.com/mayorjones/status/123'>posted a photo</a>.</p></article>"
    )
    assert [rule for rule, _ in page_removed(body) if rule == "generic:follow-prompt"] == []


def test_boxes_named_as_disclosures_tables_of_contents_and_blockers_go() -> None:
    """Class names say what a box is: an affiliate disclosure, a copyright line, a table of contents, a consent
    placeholder, a "lee también" promo; a section anchor (TOC_TITLE_1) or a layout module is no such box."""
    boxes = [
        "<section class='editorial-disclosure'>This post contains references to our advertisers.</section>",
        "<div class='copyright'>Material protected by copyright.</div>",
        "<div id='ez-toc-container'><ul><li>Introduction</li><li>Summary</li></ul></div>",
        "<div class='_brlbs-content-blocker'><p>Click below to load the video.</p></div>",
        "<div class='lee-tambien-caja'>A ver si se atreve a viajar</div>",
    ]
    kept = [
        "<div id='TOC_TITLE_1' class='content_body'><p>Skinfold measurements estimate body fat.</p></div>",
        "<div class='fluid-cta-module'><p>How interest on a personal loan is worked out.</p></div>",
    ]
    gone = [text for rule, text in removed("".join(boxes + kept)) if rule == "generic:furniture"]
    assert len(gone) == len(boxes)
    assert not any("Skinfold" in text or "personal loan" in text for text in gone)


def test_a_word_that_is_the_title_stays_in_the_sentence_that_holds_it() -> None:
    """A page titled "Baumgutachten" says "Die Erstellung von <a>Baumgutachten</a> erfordert …": the link is the
    sentence's word, not the headline repeated; a heading or a paragraph that is only the title is."""
    tree = LexborHTMLParser(
        "<html><body><article><h2>Baumgutachten</h2>"
        "<p>Die Erstellung von <a href='/g'>Baumgutachten</a> erfordert Wissen.</p>"
        "<p><strong>Baumgutachten</strong></p></article></body></html>"
    )
    out = removed("", title="Baumgutachten", tree=tree)
    assert out == [("generic:repeated-headline", "Baumgutachten")] * 2  # the <h2>, the paragraph that is only it
    assert "Die Erstellung von Baumgutachten erfordert Wissen." in " ".join(tree.body.text(separator=" ").split())
