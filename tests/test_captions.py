"""The story image's caption and credit: those of the figure that shows it; labels and credits in the caption's
place."""

from __future__ import annotations

import pytest

from archiver.extract import extract
from archiver.urls import image_key


@pytest.mark.parametrize(
    ("og_image", "caption", "credit"),
    [
        # og:image names the second figure's picture, at another size: its caption and its credit.
        ("https://decohome.example/uploads/2022/12/farrow-ball-1200x630.jpeg", "Wandfarbe von Farrow & Ball", None),
        ("https://decohome.example/uploads/2022/12/buccellati-scaled.jpeg", "Inspiration: Buccellati", "Ashley Hicks"),
        # No figure shows it: the page's first caption and credit, as before.
        ("https://decohome.example/uploads/2022/12/social-card.jpeg", "Wandfarbe von Farrow & Ball", "Ashley Hicks"),
    ],
)
def test_the_story_images_caption_is_the_one_of_the_figure_that_shows_it(
    og_image: str, caption: str, credit: str | None
) -> None:
    story = "<p>" + "Viva Magenta ist die Farbe des Jahres, und so setzt man sie zu Hause ein, sagt die Stylistin. " * 4
    html = (
        f"<html><head><meta property='og:image' content='{og_image}'></head><body><article><h1>Viva Magenta</h1>"
        f"{story}</p><figure><img src='/uploads/2022/12/farrow-ball.jpeg'><figcaption>Wandfarbe von Farrow &amp; "
        f"Ball</figcaption></figure>{story}</p><figure><img src='/uploads/2022/12/buccellati-1024x683.jpeg'>"
        "<figcaption>Inspiration: Buccellati <span class='credit'>Ashley Hicks</span></figcaption></figure>"
        f"{story}</p></article></body></html>"
    )
    article = extract(html, url="https://decohome.example/viva-magenta/")
    assert (article.image_caption, article.image_credit) == (caption, credit)


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://x.example/uploads/2022/04/pleno_partido_3-580x387.jpeg", "pleno_partido_3"),
        ("https://x.example/uploads/2022/04/pleno_partido_3-e1650982599313.jpeg", "pleno_partido_3"),
        ("https://x.example/fileadmin/_processed_/5/0/csm_COP26_Glasgow_26a9c2a1cf.jpg", "csm_cop26_glasgow"),
        ("https://x.example/uploads/Wild-Fire_002-scaled.jpg", "wild-fire_002"),  # a number is no size
        ("https://x.example/image/sz.1.3919259/1200x675?v=1", None),  # only a size: no picture named
        ("data:image/gif;base64,R0lGODlhAQABAIAAAP", None),
    ],
)
def test_image_key(url: str, key: str | None) -> None:
    assert image_key(url) == key


@pytest.mark.parametrize(
    ("figcaption", "caption", "credit"),
    [
        ("Advertisement:", None, None),  # a label where the caption stands
        ("About the author", None, None),
        ("Slideshow ( 15 images )", None, None),
        (".", None, None),
        # A video player's embed code, shown as text (abc13.com).
        (
            "EMBED &lt;&gt; More Videos &lt;iframe width='476' src='https://abc13.com/video/embed/?pid=1'&gt;",
            None,
            None,
        ),
        ("Archivo/La República", None, "Archivo/La República"),  # a credit where the caption stands
        ("(© FEI/Christophe Taniere)", None, "FEI/Christophe Taniere"),
        ("Foto: Jure Makovec (OC Ljubno)", None, "Jure Makovec (OC Ljubno)"),  # its own brackets kept
        ("Paul Volcker and President Obama in 2009.", "Paul Volcker and President Obama in 2009.", None),
    ],
)
def test_a_label_or_a_credit_in_the_captions_place(figcaption: str, caption: str | None, credit: str | None) -> None:
    story = "<p>" + "The council voted on Tuesday to keep the pool open through the summer season. " * 5 + "</p>"
    html = (
        f"<html><body><article><h1>Pool</h1><figure><img src='/a.jpg'><figcaption>{figcaption}</figcaption></figure>"
        f"{story}</article></body></html>"
    )
    article = extract(html, url="https://news.example/2024/06/12/pool")
    assert (article.image_caption, article.image_credit) == (caption, credit)
