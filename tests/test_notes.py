"""Update notes: labels, kinds, stamp resolution, and prose that only looks like a note."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from archiver.notes import find_notes, resolve_stamp

EST = timezone(timedelta(hours=-5))
PUBLISHED = datetime(2024, 1, 3, 14, 5, tzinfo=EST)  # a Wednesday


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("Jan. 4 at 12:47 p.m.", datetime(2024, 1, 4, 12, 47, tzinfo=EST)),
        ("12/3/2024 10:00 ET", datetime(2024, 12, 3, 15, 0, tzinfo=UTC)),
        ("Thursday", datetime(2024, 1, 4, tzinfo=EST)),
        ("3:15 p.m. ET", datetime(2024, 1, 3, 20, 15, tzinfo=UTC)),
        ("17 January 2024", datetime(2024, 1, 17, tzinfo=EST)),
        ("2006-09-21 16:33", datetime(2006, 9, 21, 16, 33, tzinfo=EST)),
        ("17-Nov-12", datetime(2012, 11, 17, tzinfo=EST)),
        ("no date here", None),
    ],
)
def test_resolve_stamp(stamp: str, expected: datetime | None) -> None:
    assert resolve_stamp(stamp, PUBLISHED) == expected


def test_year_rolls_over_for_a_january_note_on_a_december_story() -> None:
    published = datetime(2023, 12, 30, 9, 0, tzinfo=EST)
    assert resolve_stamp("Jan. 2", published) == datetime(2024, 1, 2, tzinfo=EST)


def test_kinds_and_positions() -> None:
    blocks = [
        "UPDATE (Jan. 4 at 12:47 p.m.): ISIS claimed responsibility Thursday for the attack.",
        "A pair of explosions tore through a crowd.",
        "Clarification: An earlier headline said the blasts were in Tehran.",
        "This article was amended on 17 January 2024 to correct the spelling of a name.",
    ]
    notes = find_notes(blocks, PUBLISHED)
    assert [(n.kind, n.position) for n in notes] == [("update", 0), ("clarification", 2), ("correction", 3)]
    assert notes[0].label == "UPDATE (Jan. 4 at 12:47 p.m.):"
    assert notes[2].label == "This article was amended on 17 January 2024"


def test_teaching_labels_and_bare_headings_are_not_notes() -> None:
    grammar = ["Fragment: Because I was late.\nCorrection: I was late because the bus broke down."]
    assert find_notes(grammar, PUBLISHED) == []
    diary = ["Update (Mar 14):", "We reached the second camp before noon."]
    assert find_notes(diary, PUBLISHED) == []
    prose = ["Update, the council said: the vote would be delayed until spring."]
    assert find_notes(prose, PUBLISHED) == []


def test_schema_org_correction_found_in_the_body() -> None:
    text = "An earlier version of this article misstated the number of nominations."
    notes = find_notes(["Body.", text], PUBLISHED, [{"text": text, "at": PUBLISHED}])
    assert [(n.kind, n.position, n.noted_at) for n in notes] == [("correction", 1, PUBLISHED)]
