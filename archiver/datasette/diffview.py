"""Two versions of a body side by side in one column: paragraphs kept, inserted, deleted or changed word by word."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from archiver.diff import classify_change

CHANGE_CLASSES = {
    "first": "First version",
    "trivial": "Trivial edit (typos, punctuation, spacing)",
    "headline": "Headline changed",
    "body_edit": "Body edited",
    "note_added": "Update note added",
    "correction": "Correction added",
}
_WORDS = re.compile(r"\w+|\s+|[^\w\s]+", re.U)
# Below this similarity a changed paragraph reads better as deleted + inserted than as a word soup.
PAIR_RATIO = 0.4


@dataclass(frozen=True)
class DiffBlock:
    """One row of the diff: kind is same, ins, del, change (word-level) or skip (count unchanged paragraphs)."""

    kind: str
    html: str = ""  # Markup, escaped by the builder
    count: int = 0


def paragraphs(text: str) -> list[str]:
    """A body's paragraphs, as the stored diffs count them."""
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def diff_blocks(old: str, new: str, context: int = 1) -> list[DiffBlock]:
    """The new body with changes marked; long unchanged runs fold to ``context`` paragraphs around each change."""
    a, b = paragraphs(old), paragraphs(new)
    opcodes = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    out: list[DiffBlock] = []
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            out.extend(_fold(b[j1:j2], context, first=n == 0, last=n == len(opcodes) - 1))
        elif tag == "insert":
            out.extend(DiffBlock("ins", Markup("<ins>{}</ins>").format(p)) for p in b[j1:j2])
        elif tag == "delete":
            out.extend(DiffBlock("del", Markup("<del>{}</del>").format(p)) for p in a[i1:i2])
        else:
            out.extend(_replace(a[i1:i2], b[j1:j2]))
    return out


def _fold(run: list[str], context: int, first: bool, last: bool) -> list[DiffBlock]:
    keep_head = 0 if first else context
    keep_tail = 0 if last else context
    if len(run) <= keep_head + keep_tail + 1:
        return [DiffBlock("same", escape(p)) for p in run]
    head = [DiffBlock("same", escape(p)) for p in run[:keep_head]]
    tail = [DiffBlock("same", escape(p)) for p in run[len(run) - keep_tail :]]
    return [*head, DiffBlock("skip", count=len(run) - keep_head - keep_tail), *tail]


def _replace(old: list[str], new: list[str]) -> list[DiffBlock]:
    out = []
    for k in range(max(len(old), len(new))):
        o = old[k] if k < len(old) else None
        n = new[k] if k < len(new) else None
        if o is not None and n is not None and difflib.SequenceMatcher(a=o, b=n).ratio() >= PAIR_RATIO:
            out.append(DiffBlock("change", word_diff(o, n)))
            continue
        if o is not None:
            out.append(DiffBlock("del", Markup("<del>{}</del>").format(o)))
        if n is not None:
            out.append(DiffBlock("ins", Markup("<ins>{}</ins>").format(n)))
    return out


def word_diff(old: str, new: str) -> Markup:
    """One paragraph's edit, with deleted and inserted words marked."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(Markup("<del>{}</del>").format("".join(a[i1:i2])))
        if j2 > j1:
            parts.append(Markup("<ins>{}</ins>").format("".join(b[j1:j2])))
    return Markup("").join(parts)


def change_class(old: dict, new: dict, note_kinds: list[str]) -> str:
    """The change between two versions: the stored class for adjacent versions, else classified afresh."""
    if new["version"] == old["version"] + 1 and new.get("change_class"):
        return new["change_class"]
    return classify_change(old["title"], new["title"], old["body_text"] or "", new["body_text"] or "", note_kinds)
