"""Paragraph-level diffs between versions, and what kind of change each one is."""

from __future__ import annotations

import difflib
import re
from typing import Any

_TRIVIAL = re.compile(r"[\W_]+", re.U)


def paragraph_diff(old: str, new: str) -> list[dict[str, Any]]:
    """The changed runs of paragraphs between two bodies: op (insert/delete/replace), old, new."""
    a, b = _paragraphs(old), _paragraphs(new)
    ops = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag != "equal":
            ops.append({"op": tag, "at": j1, "old": a[i1:i2], "new": b[j1:j2]})
    return ops


def classify_change(
    old_title: str | None, new_title: str | None, old_body: str, new_body: str, new_note_kinds: list[str]
) -> str:
    """Name the change: correction, note_added, headline, trivial or body_edit (most telling first)."""
    if "correction" in new_note_kinds:
        return "correction"
    if new_note_kinds:
        return "note_added"
    if (old_title or "") != (new_title or "") and _squash(old_body) == _squash(new_body):
        return "headline"
    if _squash(old_body) == _squash(new_body) and _squash(old_title or "") == _squash(new_title or ""):
        return "trivial"
    if _near_identical(old_body, new_body):
        return "trivial"
    return "body_edit"


def _near_identical(old: str, new: str) -> bool:
    """A typo fix: every changed paragraph is at least 97% the same, and none added or removed."""
    a, b = _paragraphs(old), _paragraphs(new)
    if len(a) != len(b):
        return False
    return all(x == y or difflib.SequenceMatcher(a=x, b=y).ratio() >= 0.97 for x, y in zip(a, b, strict=True))


def render_diff(ops: list[dict[str, Any]]) -> str:
    """A readable terminal rendering of a paragraph diff (- old, + new)."""
    lines = []
    for op in ops:
        lines.append(f"@@ paragraph {op['at'] + 1} ({op['op']}) @@")
        lines.extend(f"- {p}" for p in op["old"])
        lines.extend(f"+ {p}" for p in op["new"])
    return "\n".join(lines)


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def _squash(text: str) -> str:
    return _TRIVIAL.sub("", text).casefold()


# A new extraction this much shorter than the last good one is a page glitch (an error page served
# with 200, a paywall, a half-rendered template), not an edit.
COLLAPSE_RATIO = 0.4
MIN_WORDS_TO_GUARD = 80


def looks_broken(old_body: str, new_body: str) -> str | None:
    """Why a new extraction should not replace the last good version, or None if it looks sound."""
    old_words, new_words = len(old_body.split()), len(new_body.split())
    if old_words >= MIN_WORDS_TO_GUARD and new_words < old_words * COLLAPSE_RATIO:
        return f"body collapsed from {old_words} to {new_words} words"
    paragraphs = _paragraphs(new_body)
    if old_words >= MIN_WORDS_TO_GUARD and len(paragraphs) >= 5:
        # Mostly short, unrelated lines: a menu or a list of links came out instead of the story.
        short = [p for p in paragraphs if len(p.split()) <= 6]
        old = set(_paragraphs(old_body))
        if sum(len(p.split()) for p in short) > new_words / 2 and not old & set(short):
            return f"body is mostly boilerplate ({len(short)} of {len(paragraphs)} paragraphs are short lines)"
    return None
