"""Image captions and credits: taken out of the text flow with the pictures of the figure each stands in, and the
story image's own caption and credit chosen among them."""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from selectolax.lexbor import LexborHTMLParser, LexborNode

from archiver import urls
from archiver.noise import AD_LABEL_RE, FURNITURE_RE, TOGGLE_RE, Drop, text_of

if TYPE_CHECKING:
    from archiver.clean import Cleaned

_MEDIA = "img, picture, video, figure, iframe, [style*='background-image']"  # not svg: a button's icon
# A credit line names people and agencies: "Fethi Belaid/AFP/Getty Images", "© dpa", "Foto: Jane Doe".
_NAME_MARKS = re.compile(r"[/©|:]|\(c\)", re.I)
_FOOTER = re.compile(r"(?:^|[\s_-])(?:footer|site-info|colophon)(?:$|[\s_-])", re.I)
CAPTION_SEL = "figcaption, [class*='caption'], [class*='Caption']"
CREDIT_SEL = (
    "[class*='credit'], [class*='Credit'], figcaption [class*='byline'], figure [class*='byline'], "
    "[class*='photographer'], figure [class*='copyright']"
)
# "… reduced hours. Photograph: Keith Armitage/Alamy": the credit printed at the end of a caption.
# Also as German, French and Spanish captions print it: "… im Abendrot. Bild: TebNad/Shutterstock.com", "(Foto:
# Privat)", "© Foto: Skoda", "Quelle: Wikipedia", and a bare "… Umgebung! © Weihnachtsmarkt-Finder.de".
TRAILING_CREDIT_RE = re.compile(
    r"\s*\(?(?:©\s*)?\b(?:Photograph|Photo|Picture|Illustration|Image|Credit|Foto|Bild|Bilder|Grafik|Quelle|Copyright|"
    r"Crédit|Crédito|Fuente|Imagen)s?\s?:\s*((?:[^()\s]+\s*){1,8})\)?$"
)
TRAILING_COPYRIGHT_RE = re.compile(r"(?:^|\s+)©\s*((?:[^©()\s]+\s*){1,8})$")
CREDIT_SHAPE_RE = re.compile(r"/|\bvia\b|\bphoto|\bcredit|getty|reuters|\bAP\b|\bAFP\b|shutterstock|©", re.I)


def take_captions(
    tree: LexborHTMLParser,
    rules,
    protected: set[int],
    drop: Drop,
    captions: list[str],
    credits: list[str],
    pictures: tuple[list[frozenset[str]], list[frozenset[str]]],
) -> None:
    """Image captions and credits leave the text flow and become image metadata, in page order; ``pictures`` gets,
    for each caption and each credit, the pictures (``urls.image_key``) of the figure it stands in."""
    site_caption = [sel for _, sel in rules.caption]
    site_credit = [sel for _, sel in rules.credit]
    selectors = ", ".join([*site_caption, *site_credit, CAPTION_SEL, CREDIT_SEL])
    found = tree.css(selectors)
    if not found:
        return  # most pages without a figure: spare the three sweeps below
    # Match sets by node id: css_matches() also answers for descendants, which would misfile wrappers.
    site_credit_ids = {n.mem_id for sel in site_credit for n in tree.css(sel)}
    site_ids = site_credit_ids | {n.mem_id for sel in site_caption for n in tree.css(sel)}
    credit_ids = {n.mem_id for n in tree.css(CREDIT_SEL)}
    caption_ids = {n.mem_id for n in tree.css(CAPTION_SEL)}
    taken: set[int] = set()
    for node in found:
        if node.mem_id in protected or node.mem_id in taken or node.parent is None:
            continue
        site = node.mem_id in site_ids
        is_credit = node.mem_id in site_credit_ids if site else node.mem_id in credit_ids
        text = text_of(node)
        inner = {n.mem_id for n in node.traverse() if n.is_element_node} - {node.mem_id}
        # A box holding a caption (and a credit) is a wrapper: take its parts, not the box.
        # A credit holding only a "Credit:" label element is one credit: take it whole.
        if not site and (len(text) > (200 if is_credit else 300) or inner & caption_ids):
            continue
        if not site and is_credit and _theme_credit(node, text):
            continue  # the blog theme's credit line, not a picture's
        taken |= inner
        if not site and not is_credit and inner & credit_ids:
            # "<figcaption>Land unter …: <span class=credit>© Thomas Frey/dpa</span></figcaption>": the caption is
            # the box's own words, the credit its element; both leave with the box.
            text = _credits_taken_out(node, text, credit_ids - protected, credits)
        elif not is_credit:
            text = _split_caption_credit(node, text, credits)
            trailing = TRAILING_CREDIT_RE.search(text) or TRAILING_COPYRIGHT_RE.search(text)
            if trailing:
                text = text[: trailing.start()].strip()
                credit = trailing.group(1).strip()
                if credit not in credits:
                    credits.append(credit)
        target = credits if is_credit else captions
        if not site and not is_credit and node.tag != "figcaption" and not _beside_media(node):
            text = ""  # a "caption"-classed label with no picture near ("Advertisement", "Next"): furniture, gone
        if text and text not in target:
            target.append(text)
        elif not text and not is_credit and not captions and credits:
            captions.append("")  # the first picture's box held only its credit: that picture has no caption
        if len(captions) > len(pictures[0]) or len(credits) > len(pictures[1]):
            # What this box added (a caption, the credits split from it) belongs to the figure it stands in.
            shown = _figure_pictures(node)
            pictures[0].extend([shown] * (len(captions) - len(pictures[0])))
            pictures[1].extend([shown] * (len(credits) - len(pictures[1])))
        owner = rules.names[-1] if site and rules.names else "generic"
        drop(node, f"{owner}:image-{'credit' if is_credit else 'caption'}")


_PICTURE_SOURCES = ("src", "data-src", "data-lazy-src", "data-original", "srcset", "data-srcset")


def _figure_pictures(node: LexborNode) -> frozenset[str]:
    """The pictures of a caption's figure: those of the nearest of its four ancestors that holds any."""
    current: LexborNode | None = node
    for _ in range(4):
        current = current.parent if current is not None else None
        if current is None or current.tag in ("body", "html"):
            break
        if pictures := current.css("img, source"):
            values = (picture.attributes.get(key) or "" for picture in pictures for key in _PICTURE_SOURCES)
            keys = (urls.image_key(part.split()[0]) for value in values for part in value.split(",") if part.strip())
            return frozenset(key for key in keys if key)
    return frozenset()


def _beside_media(node: LexborNode) -> bool:
    """True when a picture, video or figure stands in the element or within its three nearest ancestors."""
    current: LexborNode | None = node
    for _ in range(4):
        if current is None or current.tag in ("body", "html"):
            return False
        if current.tag == "figure" or current.css_first(_MEDIA) is not None:
            return True
        current = current.parent
    return False


def _theme_credit(node: LexborNode, text: str) -> bool:
    """True for a credit line of the site's theme: in the page's footer, or a sentence rather than a name."""
    if len(text.split()) >= 6 and text.rstrip().endswith(".") and not _NAME_MARKS.search(text):
        return True  # "Erstelle eine kostenlose Website oder Blog – auf WordPress.com."
    current: LexborNode | None = node.parent
    while current is not None and current.tag not in ("body", "html"):
        marks = f"{current.attributes.get('id') or ''} {current.attributes.get('class') or ''}"
        if current.tag == "footer" or _FOOTER.search(marks):
            return True
        current = current.parent
    return False


def _credits_taken_out(node: LexborNode, text: str, credit_ids: set[int], credits: list[str]) -> str:
    """The box's text without its credit elements' (``credit_ids``), whose texts join ``credits``."""
    credited = (text_of(n) for n in node.traverse() if n.mem_id in credit_ids)
    for part in filter(None, credited):  # an empty credit icon (<i class="fa-copyright">) names no one
        text = text.replace(part, " ")
        if part not in credits:
            credits.append(part)
    return " ".join(text.split())


def _split_caption_credit(node: LexborNode, text: str, credits: list[str]) -> str:
    """A caption's last part shaped like a credit ("Renata Souza/Marlow Valley Post") is the credit."""
    for button in node.css("button"):
        text = text.replace(text_of(button), "").strip()
    parts = [text_of(child) for child in node.iter() if child.tag not in ("button", "svg") and text_of(child)]
    if len(parts) >= 2 and CREDIT_SHAPE_RE.search(parts[-1]) and not parts[-1].endswith((".", "!", "?")):
        if parts[-1] not in credits:
            credits.append(parts[-1])
        text = text[: text.rfind(parts[-1])].strip() if parts[-1] in text else text
    return text


# Labels set where a caption stands, not words about the picture: a gallery's counter and buttons, a box's heading.
_NOT_CAPTION = re.compile(
    r"about the author|über (?:den|die) autor(?:in)?|next|previous|prev|weiter|zurück|slideshow\b.*|galerie\b.*|"
    r"gallery\b.*|jetzt abonnieren|partner site|\d+ (?:von|of) \d+(?: punkten| points)?",
    re.I,
)
_CREDIT_ONLY = re.compile(
    r"(?:©|\(c\)\s|(?:foto|fot\.|photo|bild|image|credit)s?\s*(?:by|von|:)|archiv(?:o)?\b)|"
    r"^\S+(?: \S+){0,3}\s*/\s*\S+(?: \S+){0,3}$|^(?:getty images|shutterstock|istock|pixabay|unsplash|dpa|cc|"
    r"cc[- ]by(?:[- ][a-z]{2}){0,2}(?: \d\.\d)?)$",
    re.I,
)


def lead_caption(image_url: str | None, cleaned: Cleaned) -> tuple[str | None, str | None]:
    """The caption and credit of the story's image: those of the figure that shows it, else the page's first. A
    label in the caption's place ("Advertisement:", "About the author") is none; a credit there is the credit."""
    key = urls.image_key(image_url)
    shown = next((i for i, keys in enumerate(cleaned.caption_pictures) if key and key in keys), None)
    if shown is None:
        caption = cleaned.captions[0] or None if cleaned.captions else None
        credit = cleaned.credits[0] if cleaned.credits else None
    else:
        caption = cleaned.captions[shown] or None
        # The credit of the same figure, or none: the page's first credit may be another picture's. Credits the text
        # rules found in the body (after the figures') stand in no known figure.
        credits = itertools.zip_longest(cleaned.credits, cleaned.credit_pictures, fillvalue=frozenset())
        credit = next((text for text, keys in credits if key in keys), None)
    if caption and not _about_a_picture(caption):
        caption = None
    elif caption and len(caption.split()) <= 5 and _CREDIT_ONLY.search(caption) and not caption.endswith((".", "!")):
        caption, credit = None, credit or caption  # "Archivo/La República", "Foto by A. Diez Herrero"
    return caption, credit_name(credit) if credit else None


def _about_a_picture(text: str) -> bool:
    """Words about a picture, not a label set in the caption's place."""
    text = text.strip()
    if not re.search(r"[^\W\d_]{2}", text) or text.endswith(":"):
        return False  # ".", "Sonderthema:", "Advertisement:"
    if re.search(r"<[a-z]+[\s>/]", text, re.I):
        return False  # a video player's embed code shown as text ("EMBED <> More Videos <iframe width=…")
    plain = text.rstrip(" .!")
    return not (
        TOGGLE_RE.match(plain) or AD_LABEL_RE.match(plain) or FURNITURE_RE.match(plain) or _NOT_CAPTION.fullmatch(plain)
    )


def credit_name(text: str) -> str:
    """A credit as a name: without the brackets around it and its label ("Photograph:", "©", "Foto:")."""
    text = text.strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()  # "(© FEI/Christophe Taniere)", not "Jure Makovec (OC Ljubno)"
    # "Photograph: Keith Armitage/Alamy", "© Thomas Frey/dpa", "Foto: …": the credit is the name after the label.
    return re.sub(
        r"^(?:©|\(c\)|(?:(?:image|photo|picture)\s+)?(?:credit|photo(?:graph)?|image|picture|foto|bild)\s*:)\s*",
        "",
        text,
        flags=re.I,
    )
