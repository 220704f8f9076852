"""Update, correction, clarification and editor's notes: find them in the body, classify, timestamp."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from archiver.dates import MONTH_NUMBER, MONTH_WORD, text_date
from archiver.models import UpdateNote

KINDS = {"update": "update", "updated": "update", "correction": "correction", "corrected": "correction",
         "clarification": "clarification", "editor": "editors_note", "note": "editors_note",
         # German, French and Spanish labels: "Nachtrag:", "Korrektur:", "Anmerkung der Redaktion:", "Mise à jour :".
         "nachtrag": "update", "ergänzung": "update", "aktualisierung": "update", "mise": "update",
         "actualización": "update", "korrektur": "correction", "korrekturhinweis": "correction",
         "richtigstellung": "correction", "rectificatif": "correction", "erratum": "correction", "fe": "correction",
         "klarstellung": "clarification", "anmerkung": "editors_note", "hinweis": "editors_note",
         "transparenzhinweis": "editors_note", "nota": "editors_note"}  # fmt: skip
_KW = (
    r"(?P<kw>updated?|correction|clarification|editor[’'`]?s[’'`]?\s+note|note\s+from\s+the\s+editors?|"
    r"nachtrag|ergänzung|aktualisierung|korrektur(?:hinweis)?|richtigstellung|klarstellung|transparenzhinweis|"
    r"(?:anmerkung|hinweis)\s+der\s+redaktion|mise\s+à\s+jour|rectificatif|erratum|note\s+de\s+la\s+rédaction|"
    r"actualización|fe\s+de\s+erratas|nota\s+del?\s+(?:editor|la\s+redacción))"
)
# A note's label with nothing after it ("Nachtrag", "Update:", "Editor's note"), as a heading prints it.
BARE_LABEL_RE = re.compile(rf"^{_KW}\s*:?$", re.I)
LABEL_RE = re.compile(
    rf"^\[?\s*(?P<label>{_KW}(?![^\W\d_])(?:\s+#?\d{{1,2}})?"
    r"(?:\s*\((?P<paren>[^)]{1,60})\))?"
    r"(?:\s*,?\s*(?:at|on)?\s*(?P<inline>(?:[^:()\[\]]|(?<=\d):(?=\d)){1,40}?))?"
    r"\s*(?:[:!](?!\d)|\s[—–-]\s))",
    re.I,
)
AMENDED_RE = re.compile(
    r"^\[?\s*(?P<label>(?:this|the) (?:article|story|piece|post|report) (?:was|has been) "
    r"(?P<verb>amended|corrected|updated|clarified)(?: on (?P<date>[^.;:]{4,40}?\d{4}))?)(?=[\s,.;:])",
    re.I,
)
STAMP_IN_TEXT_RE = re.compile(
    r"\b(?:amended|updated|corrected|clarified|changed|edited) on (?P<date>[^.;:]{3,30}?\d{4})", re.I
)
EARLIER_RE = re.compile(
    r"^\[?\s*(?P<label>an? (?:earlier|previous) version of this (?:article|story|piece|post|report)|"
    r"in einer (?:früheren|vorherigen|älteren) (?:version|fassung) (?:dieses|des) (?:artikels|beitrags|textes)|"
    r"une version précédente de cet article|una versión anterior de (?:este|esta) (?:artículo|nota))\b",
    re.I,
)
# What each verb of an amended line makes the note; any other is a correction.
_AMENDED_KINDS = {"updated": "update", "clarified": "clarification", "aktualisiert": "update", "ergänzt": "update",
                  "geändert": "update", "präzisiert": "clarification"}  # fmt: skip
# "Dieser Artikel wurde am 5. Mai 2020 aktualisiert.": the German amended line, its verb last.
GERMAN_AMENDED_RE = re.compile(
    r"^\[?\s*(?P<label>(?:dieser|der) (?:artikel|beitrag|text) wurde(?: am (?P<date>[^;:]{4,30}?\d{4}))?\s+"
    r"(?P<verb>aktualisiert|korrigiert|ergänzt|geändert|präzisiert))(?=[\s,.;:])",
    re.I,
)
# "Fragment:", "Myth:", "Wrong:" … a short label opening a neighbouring block marks a label/value list.
LIST_LABEL_RE = re.compile(r"^\*{0,2}[A-Z][\w’' -]{0,20}:\*{0,2}\s")
# Weekdays as stamps print them (en, de, fr, es), Monday first.
_WEEKDAY_NAMES = [
    "monday montag lundi lunes",
    "tuesday dienstag mardi martes",
    "wednesday mittwoch mercredi miércoles miercoles",
    "thursday donnerstag jeudi jueves",
    "friday freitag vendredi viernes",
    "saturday samstag sonnabend samedi sábado sabado",
    "sunday sonntag dimanche domingo",
]
WEEKDAYS = {name: i for i, names in enumerate(_WEEKDAY_NAMES) for name in names.split()}
ZONES = {"et": "America/New_York", "est": "America/New_York", "edt": "America/New_York",
         "ct": "America/Chicago", "cst": "America/Chicago", "cdt": "America/Chicago",
         "mt": "America/Denver", "mst": "America/Denver", "mdt": "America/Denver",
         "pt": "America/Los_Angeles", "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles",
         "gmt": "UTC", "utc": "UTC", "bst": "Europe/London",
         "cet": "Europe/Berlin", "cest": "Europe/Berlin", "mez": "Europe/Berlin", "mesz": "Europe/Berlin"}  # fmt: skip
_MONTH = rf"(?P<mon>{MONTH_WORD})\.?"
# "12:47 pm", "16:05", and as German and French stamps print the time: "9.20 Uhr", "16 Uhr", "16h05".
_TIME_RE = re.compile(
    r"\b(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ap>am|pm)\b|\b(?P<h24>\d{1,2})(?::|\.(?=\d\d\s*uhr)|\s?h\s?)(?P<m24>\d{2})\b|"
    r"\b(?P<hu>\d{1,2})\s*uhr\b"
)
_ZONE_RE = re.compile(r"\b(" + "|".join(ZONES) + r")\b")
_DATE_RES = [
    re.compile(r"\b(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})\b"),
    re.compile(r"\b(?P<mo>\d{1,2})/(?P<d>\d{1,2})(?:/(?P<y>\d{2,4}))?\b"),
    re.compile(rf"\b{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>\d{{4}}))?"),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th|\.)?[\s-]+(?:de\s+)?{_MONTH}(?:[\s-]+(?P<y>\d{{2,4}}))?\b"),
    # "29.04." (the year left to the article's): a German day and month.
    re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<mo>\d{1,2})\.(?!\d)"),
]


def find_notes(
    blocks: list[str],
    published_at: datetime | None = None,
    corrections: list[dict] | None = None,
    modified_at: datetime | None = None,
    headings: set[int] | None = None,
) -> list[UpdateNote]:
    """Find the notes among the body's blocks (plain text, in order; ``headings``: the indexes of heading blocks)."""
    notes: list[UpdateNote] = []
    ref = published_at or modified_at
    day_ref = ref
    over_story = False  # the dated note the day comes from opens the story (under its lead, if any), set over it
    for index in range(len(blocks)):
        if headings and index in headings:
            # "## Update vom 15. Mai 2019: Feinschliff", "## Update (Mar 14):": a section's or diary's heading; but
            # "## Nachtrag" alone over the end of a post heads what was added to it.
            if addendum := _addendum(blocks, index, headings):
                notes.append(addendum)
            continue
        note = _note_at(blocks, index, day_ref)
        if note is None:
            continue
        if over_story and note.noted_at is not None and ref is not None:
            # A dated note set over the story ("UPDATE (May 6):") is its latest: the story's own updates further down
            # keep its publication day, unless that day would time them before it was published (a live run under
            # the top note, newest first: "Update, 7.15 Uhr:" under "Update vom 05. Mai 2024, 09:40 Uhr:").
            own = _note_at(blocks, index, ref)
            if own is not None and own.noted_at is not None and own.noted_at >= ref:
                note = own
        notes.append(note)
        if note.noted_at is not None and _prints_date(note.label):
            # A live story's "Update, 13:17 Uhr:" under "Update vom 03. Mai 2020, 16:05 Uhr:" is of that day, not
            # of the day the story was first published.
            day_ref, over_story = note.noted_at, index <= 1  # the first block, or the first under a lead
    for correction in corrections or []:
        text = correction["text"]
        index = next((i for i, b in enumerate(blocks) if text[:60] in b), None)
        found = next((n for n in notes if index is not None and n.position == index), None)
        if found is not None and found.noted_at is None:
            # The structured data dates what the printed note leaves undated.
            notes[notes.index(found)] = replace(found, noted_at=correction["at"], noted_on=correction.get("on"))
        elif index is not None and found is None:
            notes.append(UpdateNote("correction", "", correction["at"], blocks[index], index, correction.get("on")))
        elif index is None:
            notes.append(UpdateNote("correction", "", correction["at"], text, -1, correction.get("on")))
    return sorted(_without_series(notes, len(blocks)), key=lambda n: n.position)


def _without_series(notes: list[UpdateNote], block_count: int) -> list[UpdateNote]:
    """Drop runs of same-shaped labels that make up much of the body: diary entries, not notes."""
    shapes: dict[str, list[UpdateNote]] = {}
    for note in notes:
        shapes.setdefault(re.sub(r"\d+", "#", note.label.lower()), []).append(note)
    diary = {id(n) for group in shapes.values() if len(group) >= 3 and len(group) >= 0.4 * block_count for n in group}
    return [n for n in notes if id(n) not in diary]


def _note_at(blocks: list[str], index: int, ref: datetime | None) -> UpdateNote | None:
    text = blocks[index].strip().strip("*").strip()
    match = LABEL_RE.match(text)
    if match:
        label = match.group("label").strip()
        body = text[match.end() :].strip(" *]")
        stamp = (match.group("paren") or match.group("inline") or "").strip()  # "Mise à jour :" has no stamp
        noted_at = resolve_stamp(stamp, ref) if stamp else None
        if stamp and noted_at is None and match.group("inline") and not match.group("paren"):
            # "Update, the council said:" — the words after the keyword are prose, not a stamp.
            return None
        text = blocks[index]
        if not body:
            if stamp or not _closing_label(blocks, index):
                return None  # a bare heading ("Update (Mar 14):")
            # "**Update:**" on its own, then what was added: a list or a paragraph closing the post.
            body = blocks[index + 1]
            text = f"{blocks[index]}\n\n{body}"
        if not stamp and _in_label_list(blocks, index):
            # A label/value list entry ("Fragment: …" / "Correction: …"); a stamped label ("Update, 13:17 Uhr:") is a
            # note even under a kicker-style subheading ("Nordkorea: Kim Jong Un ist wieder da").
            return None
        if not stamp and _headline_like(body):
            return None  # "Update: Herzfrequenz-Messung in Strava-App zurück": a teaser's headline for another story
        kind = _kind(match.group("kw"))
        if noted_at is None:
            # "[Editor's Note: This article was amended on May 5, 2023 …]": the stamp is in the note.
            inner = STAMP_IN_TEXT_RE.search(body)
            stamp = inner.group("date") if inner else ""
            noted_at = resolve_stamp(stamp, ref) if stamp else None
        return _dated(kind, label, stamp, noted_at, text, index)
    for pattern in (AMENDED_RE, GERMAN_AMENDED_RE):
        match = pattern.match(text)
        if match:
            kind = _AMENDED_KINDS.get(match.group("verb").lower(), "correction")
            stamp = match.group("date") or ""
            noted_at = resolve_stamp(stamp, ref) if stamp else None
            return _dated(kind, match.group("label"), stamp, noted_at, blocks[index], index)
    match = EARLIER_RE.match(text)
    if match and index in (0, 1, len(blocks) - 1, len(blocks) - 2):
        return UpdateNote("correction", match.group("label"), None, blocks[index], index)
    return None


def _closing_label(blocks: list[str], index: int) -> bool:
    """True for a bare note label ("Update:") among the last blocks of a post it follows, its note the one block
    after it, and no other bare label in the body: a log's entries ("Update (Mar 14):" …) head sections."""
    if not max(2, len(blocks) - 3) <= index < len(blocks) - 1 or LABEL_RE.match(blocks[index + 1].strip().strip("*")):
        return False
    bare = [
        b for b in blocks if (m := LABEL_RE.match(b.strip().strip("*"))) and not b.strip().strip("*")[m.end() :].strip()
    ]
    return len(bare) == 1


def _addendum(blocks: list[str], index: int, headings: set[int]) -> UpdateNote | None:
    """The note under the one heading of a body that is a note's label alone ("Nachtrag", "Update:"), in its second
    half, over a paragraph: a log's dated headings ("Update (Mar 14):") are neither bare nor one. Unstamped."""
    label = blocks[index].strip(" *")
    match = BARE_LABEL_RE.match(label)
    if match is None or not len(blocks) // 2 <= index < len(blocks) - 1 or index + 1 in headings:
        return None
    if [i for i in headings if BARE_LABEL_RE.match(blocks[i].strip(" *"))] != [index]:
        return None
    return UpdateNote(_kind(match.group("kw")), label, None, f"{blocks[index]}\n\n{blocks[index + 1]}", index)


def _headline_like(text: str) -> bool:
    """A few words without a sentence's closing mark: a headline, not a note's sentence."""
    return len(text.split()) <= 10 and not text.rstrip(" *_)]\"'”’").endswith((".", "!", "?", "…", ":"))


def _kind(keyword: str) -> str:
    word = re.split(r"[\s’'`]", keyword.lower())[0]
    return KINDS.get(word, "editors_note")


def _in_label_list(blocks: list[str], index: int) -> bool:
    """True when the note-like label sits in a run of other "Label:" lines (a teaching list)."""
    lines = blocks[index].splitlines()
    if len(lines) > 1 and sum(bool(LIST_LABEL_RE.match(line.strip("*"))) for line in lines) >= 2:
        return True
    for other in (index - 1, index + 1):
        if 0 <= other < len(blocks):
            neighbour = blocks[other].strip().strip("*")
            if LIST_LABEL_RE.match(neighbour) and not LABEL_RE.match(neighbour):
                return True
    return False


def resolve_stamp(stamp: str, ref: datetime | None) -> datetime | None:
    """Resolve a printed stamp ("Jan. 4 at 12:47 p.m.", "12/3/2024 10:00 ET", "Thursday") to a datetime."""
    text = _spelled(stamp)
    zone: tzinfo = ref.tzinfo if ref is not None and ref.tzinfo is not None else UTC
    zone_match = _ZONE_RE.search(text)
    if zone_match:
        zone = ZoneInfo(ZONES[zone_match.group(1)])
        text = text[: zone_match.start()] + text[zone_match.end() :]
    hour = minute = None
    time_match = _TIME_RE.search(text)
    if time_match:
        if time_match.group("h"):
            hour, minute = int(time_match.group("h")) % 12, int(time_match.group("m") or 0)
            hour += 12 if time_match.group("ap") == "pm" else 0
        elif time_match.group("hu"):
            hour, minute = int(time_match.group("hu")), 0
        else:
            hour, minute = int(time_match.group("h24")), int(time_match.group("m24"))
        text = text[: time_match.start()] + " " + text[time_match.end() :]
    local_ref = ref.astimezone(zone) if ref else None
    day = _date_part(text, local_ref) or _weekday_part(text, local_ref)
    if day is None:
        if hour is None or local_ref is None:
            return None
        day = (local_ref.year, local_ref.month, local_ref.day)
    if hour is not None and not (0 <= hour < 24 and 0 <= minute < 60):
        return None
    try:
        return datetime(*day, hour or 0, minute or 0, tzinfo=zone)
    except ValueError:
        return None


def _spelled(stamp: str) -> str:
    """The stamp lower-cased, its times spelt one way ("12:47 p.m." as "12:47 pm", "noon" as "12:00 pm")."""
    text = stamp.lower().replace("a.m.", "am").replace("p.m.", "pm").replace("noon", "12:00 pm")
    return re.sub(r"(\d)\s*(am|pm)\b", r"\1 \2", text)


def _dated(kind: str, label: str, stamp: str, noted_at: datetime | None, text: str, index: int) -> UpdateNote:
    """The note, ``noted_at`` resolved from its printed ``stamp``; a stamp that prints a day but no time of day also
    gives the day."""
    day_only = noted_at is not None and not _TIME_RE.search(_spelled(stamp))
    return UpdateNote(kind, label, noted_at, text, index, noted_at.date() if noted_at and day_only else None)


def _prints_date(label: str) -> bool:
    """True when a note's label prints a date ("Update vom 03. Mai 2020, 16:05 Uhr:"), not only a time or weekday."""
    return _date_part(_TIME_RE.sub(" ", label.lower()), datetime(2000, 1, 1, tzinfo=UTC)) is not None


def _date_part(text: str, ref: datetime | None) -> tuple[int, int, int] | None:
    # A whole date in any of the languages the page may print it in ("03. Mai 2020", "29.04.2020", "3 de mayo de
    # 2022"); a slashed one only when it reads one way: "12/3/2024" is left to the US reading below.
    dated = text_date(text)
    if dated is not None:
        return (dated.year, dated.month, dated.day)
    for pattern in _DATE_RES:
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groupdict()
        month = MONTH_NUMBER[groups["mon"]] if groups.get("mon") else int(groups["mo"])
        day = int(groups["d"])
        year = groups.get("y")
        if year:
            year_n = int(year) + (2000 if len(year) == 2 else 0)
        elif ref is not None:
            year_n = ref.year
            # An undated-year stamp months before the article belongs to the next year.
            if (ref.month - month) > 6:
                year_n += 1
        else:
            continue
        if 1 <= month <= 12 and 1 <= day <= 31:
            return (year_n, month, day)
    return None


def _weekday_part(text: str, ref: datetime | None) -> tuple[int, int, int] | None:
    """ "Thursday", "Donnerstag": the first such day on or after ``ref``."""
    for name, weekday in WEEKDAYS.items():
        if re.search(rf"\b{name}\b", text) and ref is not None:
            delta = (weekday - ref.weekday()) % 7
            target = ref + timedelta(days=delta)
            return (target.year, target.month, target.day)
    return None
