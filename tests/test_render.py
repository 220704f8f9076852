"""trafilatura's XML body to text and Markdown: spaces as printed, invisible break hints dropped."""

from __future__ import annotations

from lxml import etree

from archiver.render import blocks_from_xml


def body(xml: str) -> etree._Element:
    return etree.fromstring(f"<body>{xml}</body>")


def test_space_at_the_edge_of_a_bold_run_is_kept() -> None:
    """'un <b>aborto</b>' and '<b>Follow us</b><b> to stay</b>' keep the space printed inside the bold run."""
    xml = '<p>se han practicado un <hi rend="#b">aborto</hi>.</p>'
    xml += '<p><hi rend="#b">Follow us</hi><hi rend="#b"> to stay up to date.</hi></p>'
    blocks = blocks_from_xml(body(xml))
    assert [b.text for b in blocks] == ["se han practicado un aborto.", "Follow us to stay up to date."]
    assert blocks[0].markdown == "se han practicado un **aborto**."
    assert blocks[1].markdown == "**Follow us** **to stay up to date.**"


def test_soft_hyphens_go_and_letters_are_composed() -> None:
    """Soft hyphens and zero-width spaces only hint at line breaks; decomposed letters become composed (NFC)."""
    blocks = blocks_from_xml(body("<p>St. Mag\u00adda\u00adle\u00adner\u200b wine from Cafe\u0301 Sa\u0308nger</p>"))
    assert blocks[0].text == "St. Magdalener wine from Café Sänger"


def test_blocks_inside_a_list_item_are_set_apart() -> None:
    """'<item><head>WebIDE</head><p>Develop…</p></item>' reads 'WebIDE Develop…', not 'WebIDEDevelop…'."""
    blocks = blocks_from_xml(
        body("<list><item><head>WebIDE</head><p>Develop and debug apps.</p><ref>Learn more</ref></item></list>")
    )
    assert blocks[0].text == "WebIDE Develop and debug apps. Learn more"


def test_line_breaks_in_the_source_text_are_spaces() -> None:
    """A paragraph wrapped over source lines is one line of text; only <lb> (a <br>) breaks it."""
    blocks = blocks_from_xml(body("<p>Lorem\n        ipsum dolor<lb/>sit amet</p>\nconsectetur\nadipisicing"))
    assert [b.text for b in blocks] == ["Lorem ipsum dolor\nsit amet", "consectetur adipisicing"]


def test_nested_list_items_are_not_repeated_in_their_parent() -> None:
    """A nested list's items come once, after their parent item, indented in Markdown."""
    nested = "<list><item>Apple</item><item>Pear</item></list>"
    blocks = blocks_from_xml(body(f"<list><item>Fruit{nested} in season</item><item>Bread</item></list>"))
    assert blocks[0].text == "Fruit in season\nApple\nPear\nBread"
    assert blocks[0].markdown == "- Fruit in season\n  - Apple\n  - Pear\n- Bread"


def test_a_table_nested_in_a_cell_is_that_cells_text_once() -> None:
    """Rows of a table inside a cell are not rows of the outer table again."""
    inner = "<table><row><cell>x</cell><cell>y</cell></row></table>"
    outer = f"<table><row><cell>A</cell><cell>B{inner}</cell></row><row><cell>C</cell><cell>D</cell></row></table>"
    assert blocks_from_xml(body(outer))[0].text == "A | B x y\nC | D"


def test_a_div_of_paragraphs_keeps_its_paragraphs() -> None:
    """trafilatura's recall mode may keep the story's container as a <div>: its paragraphs, headings and lists stay
    blocks of their own (juraforum.de's story was one block ending "… rügte das Gericht. Quelle: … Autor: …")."""
    xml = (
        "<div>Berlin (jur). Das Gericht entschied.<p>Es rügte den Kläger.</p><head>Die Gründe</head>"
        "<list><item>Erstens.</item></list>Quelle: juragentur.de<p>Autor: Sebastian Einbock</p></div>"
        "<div>Eine Zeile <hi rend='#b'>fett</hi>.</div>"
    )
    blocks = blocks_from_xml(body(xml))
    assert [(b.kind, b.text) for b in blocks] == [
        ("p", "Berlin (jur). Das Gericht entschied."),
        ("p", "Es rügte den Kläger."),
        ("h", "Die Gründe"),
        ("list", "Erstens."),
        ("p", "Quelle: juragentur.de"),
        ("p", "Autor: Sebastian Einbock"),
        ("p", "Eine Zeile fett."),
    ]


def test_a_link_lost_between_two_paragraphs_glues_them_back() -> None:
    """trafilatura's recall mode on a <br>-broken text leaves a link's words between two paragraphs, cut where a
    space was ("ob die </p>Tätigkeit<p> nicht auch …"): one paragraph again. A line between a list and a paragraph
    stays a block."""
    xml = (
        "<div><p>Er lehnte ab, ohne nachzufragen, ob die </p>Tätigkeit<p> nicht auch in Berlin ginge.</p>"
        "<p>Autor: </p>Rechtsanwalt<p> Sebastian Einbock</p><p>Ende.</p></div>"
    )
    assert [b.text for b in blocks_from_xml(body(xml))] == [
        "Er lehnte ab, ohne nachzufragen, ob die Tätigkeit nicht auch in Berlin ginge.",
        "Autor: Rechtsanwalt Sebastian Einbock",
        "Ende.",
    ]


def test_a_list_set_straight_in_a_list_keeps_its_items() -> None:
    """ "<list><list><item>…": the inner list's items were dropped once the outer list was read item by item."""
    xml = "<list><list><item>Frisches Wasser: genug an Bord.</item><item>Strom.</item></list></list>"
    blocks = blocks_from_xml(body(xml))
    assert blocks[0].markdown == "- Frisches Wasser: genug an Bord.\n- Strom."
