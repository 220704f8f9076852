"""Turn trafilatura's XML body into blocks of plain text and Markdown."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from lxml import etree

# Invisible characters that only hint at line breaks (soft hyphen, zero-width space, word joiner, BOM): left in,
# "Mag\u00adda\u00adle\u00adner" would not match a search for "Magdalener".
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")
_BLOCK_TAGS = frozenset({"p", "head", "list", "item", "quote", "table", "row", "cell", "code", "div"})
# Elements that are blocks of their own inside a container.
_SECTION_TAGS = frozenset({"p", "head", "list", "quote", "table", "code", "div"})
_INLINE_MARK = {"#b": "**", "#i": "*", "#u": "", "#t": "`", "#sub": "", "#sup": ""}


@dataclass(frozen=True)
class Block:
    """One paragraph-level block of the body: kind (p, h, quote, list, table, code), text and Markdown."""

    kind: str
    text: str
    markdown: str


def blocks_from_xml(body: etree._Element | None) -> list[Block]:
    """Flatten trafilatura's body element into an ordered list of blocks."""
    if body is None:
        return []
    blocks: list[Block] = []
    if body.text and body.text.strip():
        blocks.append(_loose_block("p", body.text))
    for child in body:
        blocks.extend(_blocks_of(child))
        if child.tail and child.tail.strip():
            blocks.append(_loose_block("p", child.tail))
    return [b for b in blocks if b.text]


def _blocks_of(el: etree._Element, quote: bool = False) -> list[Block]:
    tag = el.tag
    if tag == "quote":
        out: list[Block] = []
        if (el.text and el.text.strip()) or not len(el) or all(c.tag in ("hi", "ref", "lb") for c in el):
            text, md = _inline(el)
            out.append(_block("quote", text, md, quote=True, tidy=False))
        else:
            for child in el:
                out.extend(_blocks_of(child, quote=True))
                if child.tail and child.tail.strip():
                    out.append(_loose_block("quote", child.tail, quote=True))
        return out
    if tag == "head":
        text, md = _inline(el)
        return [_block("h", text, f"## {md}" if not quote else md, quote=quote, tidy=False)]
    if tag == "list":
        items = _list_items(el)
        if not items:
            return []
        text = "\n".join(t for t, _ in items)
        md = "\n".join(m for _, m in items)
        return [_block("list", text, md, quote=quote, tidy=False)]  # items come tidy; tidying would unindent
    if tag == "table":
        rows = []
        # Direct rows and cells only: a table nested in a cell is that cell's text, not rows of this table again.
        for row in el.iterchildren("row"):
            cells = [_inline(cell)[0] for cell in row.iterchildren("cell")]
            if any(cells):
                rows.append(cells)
        if not rows:
            return []
        text = "\n".join(" | ".join(r) for r in rows)
        md = "\n".join("| " + " | ".join(r) + " |" for r in rows)
        if len(rows) > 1:
            md = md.replace("\n", "\n| " + " | ".join("---" for _ in rows[0]) + " |\n", 1)
        return [_block("table", text, md, quote=quote)]
    if tag == "code":
        code = "".join(el.itertext()).strip("\n")
        return [Block("code", code, f"```\n{code}\n```")] if code.strip() else []
    if tag in ("graphic", "lb"):
        return []
    if tag == "div" and any(child.tag in _SECTION_TAGS for child in el):
        return _div_blocks(el, quote)
    text, md = _inline(el)
    return [_block("p", text, md, quote=quote, tidy=False)]


def _div_blocks(el: etree._Element, quote: bool) -> list[Block]:
    """trafilatura's recall mode keeps a container as a <div> of paragraphs ("…rügte das Gericht.</p><p>Quelle: …"):
    its paragraphs stay paragraphs, not one block of the whole story. A link it lost in a <br>-broken text is left
    as loose text between two paragraphs ("ob die </p>Tätigkeit<p> nicht auch …"): a few words set between two
    paragraphs cut where a space was glue the three back into one."""
    children = list(el)
    out: list[Block] = [_loose_block("p", el.text, quote=quote)] if el.text and el.text.strip() else []
    run: list[tuple[str, str]] = []  # raw (text, Markdown) pieces of the paragraph being glued
    for index, child in enumerate(children):
        if child.tag == "p":
            run.append(_inline_raw(child))
        else:
            out.extend(_glued(run, quote))
            out.extend(_blocks_of(child, quote=quote))
        tail = child.tail if child.tail and child.tail.strip() else None
        after = children[index + 1] if index + 1 < len(children) else None
        between = tail and run and after is not None and after.tag == "p" and len(tail.split()) <= 8
        if between and (run[-1][0][-1:].isspace() or (after.text or "")[:1].isspace()):
            run.append((_flat(tail), _flat(tail)))
            continue
        out.extend(_glued(run, quote))
        if tail:
            out.append(_loose_block("p", tail, quote=quote))
    out.extend(_glued(run, quote))
    return [b for b in out if b.text]


def _glued(run: list[tuple[str, str]], quote: bool) -> list[Block]:
    """The paragraph made of the pieces in ``run`` (emptied), if any."""
    if not run:
        return []
    block = _block("p", "".join(t for t, _ in run), "".join(m for _, m in run), quote=quote)
    run.clear()
    return [block]


def _list_items(el: etree._Element, depth: int = 0) -> list[tuple[str, str]]:
    """(text, Markdown line) per item, a nested list's items after their parent's, indented in Markdown.

    Each item's own text leaves its nested lists out: they are items of their own, not repeated in the parent's.
    """
    lines: list[tuple[str, str]] = []
    for item in el.iterchildren("item", "list"):
        if item.tag == "list":
            lines.extend(_list_items(item, depth))  # "<list><list><item>…": a list set straight in a list
            continue
        nested = [child for child in item if child.tag == "list"]
        text, md = _inline(item, skip=nested)
        if text:
            lines.append((text, f"{'  ' * depth}- {md}"))
        for sub in nested:
            lines.extend(_list_items(sub, depth + 1))
    return lines


def _inline(el: etree._Element, skip: list[etree._Element] | None = None) -> tuple[str, str]:
    """Plain text and Markdown of an element's inline content (``skip``: children left out, their tails kept)."""
    text, md = _inline_raw(el, skip)
    text = _tidy(text)
    return text, (text if md == text else _tidy(md))  # most blocks carry no marks: tidy once


def _inline_raw(el: etree._Element, skip: list[etree._Element] | None = None) -> tuple[str, str]:
    """Plain text and Markdown of inline content, spaces as printed: "un <b>aborto</b>" keeps the space before the
    bold part, which tidying each part on its own would drop."""
    text_parts: list[str] = []
    md_parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            text_parts.append(_flat(node.text))
            md_parts.append(_flat(node.text))
        for child in node:
            if skip and child in skip:
                pass
            elif child.tag == "lb":
                text_parts.append("\n")
                md_parts.append("\n")
            elif child.tag == "hi":
                mark = _INLINE_MARK.get(child.get("rend", ""), "")
                inner_t, inner_m = _inline_raw(child)
                text_parts.append(inner_t)
                md_parts.append(_wrap(inner_m, mark))
            elif child.tag in _BLOCK_TAGS:
                # A block inside a list item or cell ("<item><head>WebIDE</head><p>Develop…</p></item>") is set
                # apart by a space, as a browser sets it apart by a line: not "WebIDEDevelop…".
                text_parts.append(" ")
                md_parts.append(" ")
                walk(child)
                text_parts.append(" ")
                md_parts.append(" ")
            else:
                walk(child)
            if child.tail:
                text_parts.append(_flat(child.tail))
                md_parts.append(_flat(child.tail))

    walk(el)
    return "".join(text_parts), "".join(md_parts)


def _flat(text: str) -> str:
    """Source text with its line breaks as spaces: in HTML only <br> (trafilatura's <lb>) breaks a line."""
    return text.replace("\n", " ")


def _wrap(text: str, mark: str) -> str:
    """Wrap in a Markdown mark, keeping surrounding spaces outside it."""
    if not mark or not text.strip():
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{mark}{text.strip()}{mark}{trail}"


def _tidy(text: str) -> str:
    """Spaces collapsed per line, empty lines and invisible break hints dropped, Unicode composed (NFC)."""
    if not text.isascii():
        # Pages mix composed and decomposed letters ("য়" as one code point or two): one form, so search finds both.
        text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    if "\n" not in text:
        if "  " in text or "\xa0" in text or "\t" in text or "\r" in text or "\f" in text or "\v" in text:
            text = _SPACES.sub(" ", text)
        return text.strip()  # usually nothing to collapse: the membership tests cost a tenth of the pattern
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _loose_block(kind: str, raw: str, quote: bool = False) -> Block:
    """A block of text standing loose between elements (the body's text, a tail): plain, no marks."""
    text = _flat(raw)
    return _block(kind, text, text, quote=quote)


def _block(kind: str, text: str, md: str, quote: bool = False, tidy: bool = True) -> Block:
    """A block; ``tidy=False`` for text that comes tidied from _inline already."""
    if tidy:
        text, md = _tidy(text), _tidy(md)
    if quote:
        md = "\n".join(f"> {line}" for line in md.split("\n"))
        kind = "quote" if kind == "p" else kind
    return Block(kind, text, md)
