"""Update, correction, clarification and editor's notes: find them in the body, classify, timestamp."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from archiver.models import UpdateNote

KINDS = {"update": "update", "updated": "update", "correction": "correction", "corrected": "correction",
         "clarification": "clarification", "editor": "editors_note", "note": "editors_note"}  # fmt: skip
_KW = r"(?P<kw>updated?|correction|clarification|editor[’'`]?s[’'`]?\s+note|note\s+from\s+the\s+editors?)"
LABEL_RE = re.compile(
    rf"^\[?\s*(?P<label>{_KW}(?:\s+#?\d{{1,2}})?"
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
    r"^\[?\s*(?P<label>an? (?:earlier|previous) version of this (?:article|story|piece|post|report))\b", re.I
)
# "Fragment:", "Myth:", "Wrong:" … a short label opening a neighbouring block marks a label/value list.
LIST_LABEL_RE = re.compile(r"^\*{0,2}[A-Z][\w’' -]{0,20}:\*{0,2}\s")
MONTHS = {m: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")], start=1) for m in names}  # fmt: skip
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
ZONES = {"et": "America/New_York", "est": "America/New_York", "edt": "America/New_York",
         "ct": "America/Chicago", "cst": "America/Chicago", "cdt": "America/Chicago",
         "mt": "America/Denver", "mst": "America/Denver", "mdt": "America/Denver",
         "pt": "America/Los_Angeles", "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles",
         "gmt": "UTC", "utc": "UTC", "bst": "Europe/London",
         "cet": "Europe/Berlin", "cest": "Europe/Berlin"}  # fmt: skip
_MONTH = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_TIME_RE = re.compile(r"\b(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ap>am|pm)\b|\b(?P<h24>\d{1,2}):(?P<m24>\d{2})\b")
_ZONE_RE = re.compile(r"\b(" + "|".join(ZONES) + r")\b")
_DATE_RES = [
    re.compile(r"\b(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})\b"),
    re.compile(r"\b(?P<mo>\d{1,2})/(?P<d>\d{1,2})(?:/(?P<y>\d{2,4}))?\b"),
    re.compile(rf"\b{_MONTH}[a-z]*\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>\d{{4}}))?"),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[\s-]+{_MONTH}[a-z]*(?:[\s-]+(?P<y>\d{{2,4}}))?\b"),
]


def find_notes(
    blocks: list[str],
    published_at: datetime | None = None,
    corrections: list[dict] | None = None,
    modified_at: datetime | None = None,
) -> list[UpdateNote]:
    """Find the notes among the body's blocks (plain text, in order)."""
    notes: list[UpdateNote] = []
    ref = published_at or modified_at
    for index in range(len(blocks)):
        note = _note_at(blocks, index, ref)
        if note is not None:
            notes.append(note)
    for correction in corrections or []:
        text = correction["text"]
        index = next((i for i, b in enumerate(blocks) if text[:60] in b), None)
        found = next((n for n in notes if index is not None and n.position == index), None)
        if found is not None and found.noted_at is None:
            # The structured data dates what the printed note leaves undated.
            notes[notes.index(found)] = replace(found, noted_at=correction["at"])
        elif index is not None and found is None:
            notes.append(UpdateNote("correction", "", correction["at"], blocks[index], index))
        elif index is None:
            notes.append(UpdateNote("correction", "", correction["at"], text, -1))
    return sorted(_without_series(notes, len(blocks)), key=lambda n: n.position)


def _without_series(notes: list[UpdateNote], block_count: int) -> list[UpdateNote]:
    """Drop runs of same-shaped labels that make up much of the body: diary entries, not notes."""
    shapes: dict[str, list[UpdateNote]] = {}
    for note in notes:
        shapes.setdefault(re.sub(r"\d+", "#", note.label.lower()), []).append(note)
    diary = {
        id(n) for group in shapes.values() if len(group) >= 3 and len(group) >= 0.4 * block_count for n in group
    }
    return [n for n in notes if id(n) not in diary]


def _note_at(blocks: list[str], index: int, ref: datetime | None) -> UpdateNote | None:
    text = blocks[index].strip().strip("*").strip()
    match = LABEL_RE.match(text)
    if match:
        label = match.group("label").strip()
        body = text[match.end() :].strip(" *]")
        stamp = match.group("paren") or match.group("inline") or ""
        if stamp and resolve_stamp(stamp, ref) is None and match.group("inline") and not match.group("paren"):
            # "Update, the council said:" — the words after the keyword are prose, not a stamp.
            return None
        if not body or _in_label_list(blocks, index):
            return None  # a bare heading ("Update (Mar 14):") or a label/value list entry
        kind = _kind(match.group("kw"))
        noted_at = resolve_stamp(stamp, ref) if stamp else None
        if noted_at is None:
            # "[Editor's Note: This article was amended on May 5, 2023 …]": the stamp is in the note.
            inner = STAMP_IN_TEXT_RE.search(body)
            noted_at = resolve_stamp(inner.group("date"), ref) if inner else None
        return UpdateNote(kind, label, noted_at, blocks[index], index)
    match = AMENDED_RE.match(text)
    if match:
        verb = match.group("verb").lower()
        kind = {"updated": "update", "clarified": "clarification"}.get(verb, "correction")
        date = match.group("date")
        return UpdateNote(kind, match.group("label"), resolve_stamp(date, ref) if date else None, blocks[index], index)
    match = EARLIER_RE.match(text)
    if match and index in (0, 1, len(blocks) - 1, len(blocks) - 2):
        return UpdateNote("correction", match.group("label"), None, blocks[index], index)
    return None


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
    text = stamp.lower().replace("a.m.", "am").replace("p.m.", "pm").replace("noon", "12:00 pm")
    text = re.sub(r"(\d)\s*(am|pm)\b", r"\1 \2", text)
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
        else:
            hour, minute = int(time_match.group("h24")), int(time_match.group("m24"))
        text = text[: time_match.start()] + " " + text[time_match.end() :]
    day = _date_part(text, ref.astimezone(zone) if ref else None)
    if day is None:
        if hour is None or ref is None:
            return None
        local = ref.astimezone(zone)
        day = (local.year, local.month, local.day)
    if hour is not None and not (0 <= hour < 24 and 0 <= minute < 60):
        return None
    try:
        return datetime(*day, hour or 0, minute or 0, tzinfo=zone)
    except ValueError:
        return None


def _date_part(text: str, ref: datetime | None) -> tuple[int, int, int] | None:
    for pattern in _DATE_RES:
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groupdict()
        month = MONTHS[groups["mon"]] if groups.get("mon") else int(groups["mo"])
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
    for name, weekday in WEEKDAYS.items():
        if re.search(rf"\b{name}\b", text) and ref is not None:
            delta = (weekday - ref.weekday()) % 7
            target = ref + timedelta(days=delta)
            return (target.year, target.month, target.day)
    return None
