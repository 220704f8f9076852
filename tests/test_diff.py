"""Paragraph diffs, change classes, and the guard against broken extractions."""

from __future__ import annotations

from archiver.diff import classify_change, looks_broken, paragraph_diff

BODY = "\n\n".join(
    f"Paragraph {i} of the story, with enough words to read like real reporting today." for i in range(12)
)


def test_paragraph_diff_and_classes() -> None:
    new = BODY + "\n\nUPDATE (Jan. 5): Officials confirmed the figures."
    ops = paragraph_diff(BODY, new)
    assert ops == [{"op": "insert", "at": 12, "old": [], "new": ["UPDATE (Jan. 5): Officials confirmed the figures."]}]
    assert classify_change("T", "T", BODY, new, ["update"]) == "note_added"
    assert classify_change("T", "T", BODY, new, ["correction"]) == "correction"
    assert classify_change("T", "New T", BODY, BODY, []) == "headline"
    assert classify_change("T", "T", BODY, BODY.replace("story,", "story"), []) == "trivial"
    assert classify_change("T", "T", BODY, BODY.replace("Paragraph 3 of the story", "A new claim entirely"), []) == (
        "body_edit"
    )


def test_a_collapsed_or_boilerplate_body_is_refused() -> None:
    assert looks_broken(BODY, BODY + "\n\nMore.") is None
    assert "collapsed" in looks_broken(BODY, "Subscribe to read this article.")
    links = [f"Section number {i}" for i in range(40)]
    menu = "\n\n".join([*links, "Paragraph 0 of the story, with enough words to read like real reporting. " * 3])
    assert "boilerplate" in looks_broken(BODY, menu)
    assert looks_broken("Short brief.", "Even shorter.") is None  # too little to judge
