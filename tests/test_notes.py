"""Update notes: labels, kinds, stamp resolution, and prose that only looks like a note."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from archiver.extract import extract
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


def test_a_stamp_without_a_time_of_day_gives_the_day_as_printed() -> None:
    """ "Update, May 8:" resolves to that day's midnight, a time nobody printed: noted_on says the day, in the
    article's zone (Berlin's 3 May is 2 May 22:00 in UTC)."""
    blocks = [
        "Update, Jan. 4: The mayor signed the order.",
        "UPDATE (Jan. 4 at 12:47 p.m.): ISIS claimed responsibility.",
        "UPDATE 2 (Thursday): The road reopened.",
        "Body.",
        "This article was amended on 17 January 2024 to correct a name.",
    ]
    notes = find_notes(blocks, PUBLISHED)
    assert [n.noted_on.isoformat() if n.noted_on else None for n in notes] == [
        "2024-01-04",
        None,
        "2024-01-04",
        "2024-01-17",
    ]
    german = find_notes(["Korrektur vom 3. Mai 2020: Ein Name war falsch geschrieben."], LIVE)
    assert german[0].noted_on.isoformat() == "2020-05-03" and german[0].noted_at == datetime(2020, 5, 3, tzinfo=CEST)
    # Structured data's correction dated by day only, or to the minute.
    text = "An earlier version of this article misstated the number of nominations."
    by_day = [{"text": text, "at": datetime(2024, 1, 5, tzinfo=UTC), "on": datetime(2024, 1, 5).date()}]
    assert find_notes(["Body.", text], PUBLISHED, by_day)[0].noted_on.isoformat() == "2024-01-05"
    assert find_notes(["Body.", text], PUBLISHED, [{"text": text, "at": PUBLISHED}])[0].noted_on is None


def test_a_json_ld_correction_dated_by_day_gives_that_day() -> None:
    text = "An earlier version of this article misstated the number of nominations."
    ld = (
        '{"@type": "NewsArticle", "headline": "Awards", "datePublished": "2024-01-03T14:05:00-05:00", '
        f'"correction": {{"@type": "CorrectionComment", "text": "{text}", "datePublished": "2024-01-05"}}}}'
    )
    html = (
        f"<html><head><script type='application/ld+json'>{ld}</script></head><body><article><h1>Awards</h1>"
        f"<p>{'The academy announced its nominations on Tuesday morning in Los Angeles. ' * 4}</p><p>{text}</p>"
        "</article></body></html>"
    )
    (note,) = extract(html, "https://news.example/awards").update_notes
    assert (note.kind, note.noted_on.isoformat()) == ("correction", "2024-01-05")


def test_a_notes_label_alone_as_a_heading_over_the_end_of_a_post_heads_an_addendum() -> None:
    """Tichys Einblick's "## Nachtrag" over what was added the next day: a note, its text the paragraph under it."""
    story = [f"Paragraph {i} of the commentary." for i in range(6)]
    added = "Wie am Nachmittag bekannt wurde, hat EU-Ratspräsident Donald Tusk die Vereinbarung scharf kritisiert."
    blocks = [*story, "Nachtrag", added, "Ein weiterer Absatz."]
    (note,) = find_notes(blocks, LIVE, headings={6})
    assert (note.kind, note.label, note.position, note.noted_at) == ("update", "Nachtrag", 6, None)
    assert note.text == f"Nachtrag\n\n{added}"
    # Not a note: the label heading near the top (a section named "Update"), one of several, or over a heading.
    assert find_notes(["Update", *story], LIVE, headings={0}) == []
    assert find_notes([*story, "Update", "First.", "Correction", "Second."], LIVE, headings={6, 8}) == []
    assert find_notes([*story, "Update", "What changed", "Text."], LIVE, headings={6, 7}) == []


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


CEST = timezone(timedelta(hours=2))
LIVE = datetime(2020, 5, 4, 14, 50, tzinfo=CEST)  # a Monday


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("vom 03. Mai 2020, 16:05 Uhr", datetime(2020, 5, 3, 16, 5, tzinfo=CEST)),
        ("29.04.2020, 17:15 Uhr", datetime(2020, 4, 29, 17, 15, tzinfo=CEST)),
        ("28.4.2020, 12.45 Uhr", datetime(2020, 4, 28, 12, 45, tzinfo=CEST)),
        ("29.04., 17 Uhr", datetime(2020, 4, 29, 17, 0, tzinfo=CEST)),
        ("Donnerstag, 16 Uhr", datetime(2020, 5, 7, 16, 0, tzinfo=CEST)),
        ("5 mai 2020 à 16h05", datetime(2020, 5, 5, 16, 5, tzinfo=CEST)),
        ("3 de mayo de 2020", datetime(2020, 5, 3, tzinfo=CEST)),
        ("17/02/2020", datetime(2020, 2, 17, tzinfo=CEST)),
    ],
)
def test_resolve_stamps_printed_in_german_french_and_spanish(stamp: str, expected: datetime) -> None:
    assert resolve_stamp(stamp, LIVE) == expected


def test_a_live_storys_time_only_update_takes_the_day_of_the_dated_update_above_it() -> None:
    """fr.de's live story: newest first, "Update, 13:17 Uhr:" sits under the 3 May update, below a kicker-style
    subheading ("Nordkorea: …"), which is no label list."""
    blocks = [
        "Kim Jong Un ist nach Wochen wieder öffentlich aufgetreten.",
        "Update vom 03. Mai 2020, 16:05 Uhr: Donald Trump schrieb auf Twitter, er sei „glücklich“.",
        "Nordkorea: Kim Jong Un ist wieder da - Bilder veröffentlicht",
        "Update, 13:17 Uhr: Die Authentizität der Bilder wird bislang unterschiedlich bewertet.",
        "Update vom 02. Mai 2020, 9:20 Uhr: Das Regime hat angeblich aktuelle Fotos veröffentlicht.",
    ]
    notes = find_notes(blocks, LIVE)
    assert [(n.label, n.noted_at) for n in notes] == [
        ("Update vom 03. Mai 2020, 16:05 Uhr:", datetime(2020, 5, 3, 16, 5, tzinfo=CEST)),
        ("Update, 13:17 Uhr:", datetime(2020, 5, 3, 13, 17, tzinfo=CEST)),
        ("Update vom 02. Mai 2020, 9:20 Uhr:", datetime(2020, 5, 2, 9, 20, tzinfo=CEST)),
    ]
    # A dated note set over the story is its latest: the story's own time-only updates keep its day.
    top = ["Update (May 6): Police made an arrest.", "The story.", "Update, 3:15 p.m.: The road reopened."]
    assert [n.noted_at for n in find_notes(top, LIVE)] == [
        datetime(2020, 5, 6, tzinfo=CEST),
        datetime(2020, 5, 4, 15, 15, tzinfo=CEST),
    ]


@pytest.mark.parametrize(
    ("text", "kind", "label"),
    [
        ("Nachtrag: Die Polizei hat den Mann inzwischen gefasst.", "update", "Nachtrag:"),
        ("Ergänzung 1: Den Text des Songs kann man nun hier lesen.", "update", "Ergänzung 1:"),
        ("Korrektur: In der ersten Fassung stand, die Sitzung sei am Montag gewesen.", "correction", "Korrektur:"),
        ("Anmerkung der Redaktion: Der Artikel wurde um eine Stellungnahme ergänzt.", "editors_note",
         "Anmerkung der Redaktion:"),
        ("Mise à jour : le suspect a été arrêté.", "update", "Mise à jour :"),
        ("Fe de erratas: la cifra correcta es 30.", "correction", "Fe de erratas:"),
        ("In einer früheren Version dieses Artikels hieß es, der Minister sei zurückgetreten.", "correction",
         "In einer früheren Version dieses Artikels"),
        ("Dieser Artikel wurde am 5. Mai 2020 aktualisiert.", "update",
         "Dieser Artikel wurde am 5. Mai 2020 aktualisiert"),
    ],
)  # fmt: skip
def test_notes_labelled_in_german_french_and_spanish(text: str, kind: str, label: str) -> None:
    notes = find_notes(["Der Bericht beginnt hier.", text], LIVE)
    assert [(n.kind, n.label, n.position) for n in notes] == [(kind, label, 1)]


def test_a_teaser_headline_and_a_german_grammar_list_are_not_notes() -> None:
    teaser = ["Herzfrequenz-Messung in der Strava-App", "Update: Herzfrequenz-Messung in Strava-App zurück"]
    assert find_notes(teaser, LIVE) == []
    grammar = ["Fehler: Wegen dem Regen blieben wir zu Hause.", "Korrektur: Wegen des Regens blieben wir zu Hause."]
    assert find_notes(grammar, LIVE) == []


def test_a_heading_that_opens_with_an_update_label_is_no_note() -> None:
    """grossefragen.wordpress.com heads its post's later sections "## Update vom 15. Mai 2019: Feinschliff": section
    headings, like a diary's "Update (Mar 14):", not notes; a paragraph with the same label is one."""
    blocks = ["Update vom 15. Mai 2019: Feinschliff", "Nach den Rückmeldungen habe ich für alle noch Ideen."]
    assert find_notes(blocks, LIVE, headings={0}) == []
    assert [n.position for n in find_notes(blocks, LIVE)] == [0]
    prose = "<p>" + "Die Klasse arbeitet seit März an ihren Projekten zur Würde des Lebens. " * 6 + "</p>"
    page = (
        f"<html><head><title>Würde des Lebens – ein Projekt</title></head><body><article><h1>Würde des Lebens</h1>"
        f"{prose}<h2>Update vom 15. Mai 2019: Feinschliff</h2>{prose}"
        "<p><strong>Update vom 29. Mai 2019:</strong> Bitte die Texte bis Freitag hochladen.</p>"
        "</article></body></html>"
    )
    article = extract(page, url="https://grossefragen.example/2019/03/13/wuerde-des-lebens/")
    assert [n.label for n in article.update_notes] == ["Update vom 29. Mai 2019:"]


def test_a_bare_update_label_closing_the_post_heads_the_note_after_it() -> None:
    # A blog's "**Update:**" on its own line, then a list of what came to light after posting.
    story = ["First paragraph of the rant.", "Second paragraph.", "Wenn ihr mich nun entschuldigt."]
    added = "Bereits im November hat sich ein anderes Blog damit beschäftigt.\nIn den Kommentaren wird vermutet …"
    (note,) = find_notes([*story, "Update:", added])
    assert (note.kind, note.label, note.position) == ("update", "Update:", 3)
    assert note.text == f"Update:\n\n{added}"
    # A bare label over the story's start, or one of a log's several, heads a section: no note.
    assert find_notes(["Update:", *story]) == []
    log = ["Update (Mar 14):", "Ski plane dropped us.", "Update (Mar 15):", "Stormbound."]
    assert find_notes([*story, *log]) == []
    assert find_notes([*story, "Update:", "Day one.", "Update:", "Day two."]) == []
