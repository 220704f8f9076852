"""Pure scoring functions for the quality benchmark (no extractor imports).

The rules implemented here are documented in bench/README.md; keep the two in step.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from lxml import etree
from lxml import html as lxml_html

SHINGLE = 4

# ---------------------------------------------------------------- snippets (trafilatura-eval)


# Invisible characters (soft hyphen, zero-width space, word joiner, BOM): "Über\u00adle\u00adbens" and "Überlebens"
# are the same text on screen. Removed from both sides, for every extractor alike.
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")


def norm_ws(text: str) -> str:
    """Collapse every whitespace run to one space and strip (trafilatura's eval `norm`), in NFC and without
    invisible characters (archiver removes soft hyphens so that a search finds the word; the eval keeps them)."""
    return " ".join(unicodedata.normalize("NFC", _INVISIBLE.sub("", text)).split())


@dataclass
class Counts:
    """A confusion matrix of snippet hits, summed over any number of pages."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, other: Counts) -> None:
        """Add another matrix into this one."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.tn += other.tn

    def precision(self) -> float:
        """TP / (TP + FP), 0 when undefined."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    def recall(self) -> float:
        """TP / (TP + FN), 0 when undefined."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    def f1(self) -> float:
        """Harmonic mean of precision and recall, 0 when undefined."""
        p, r = self.precision(), self.recall()
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self) -> float:
        """(TP + TN) / all, 0 when undefined."""
        total = self.tp + self.fp + self.fn + self.tn
        return (self.tp + self.tn) / total if total else 0.0


@dataclass
class SnippetScore:
    """One page's snippet counts plus the snippets that went wrong."""

    counts: Counts
    missed: list[str]
    leaked: list[str]


def score_snippets(text: str | None, with_: Iterable[str], without: Iterable[str]) -> SnippetScore:
    """Score one extraction against `with`/`without` snippets; None (crash/empty) misses all."""
    with_, without = list(with_), list(without)
    if text is None:
        return SnippetScore(Counts(fn=len(with_), tn=len(without)), list(with_), [])
    haystack = norm_ws(text)
    missed = [s for s in with_ if norm_ws(s) not in haystack]
    leaked = [s for s in without if norm_ws(s) in haystack]
    counts = Counts(tp=len(with_) - len(missed), fn=len(missed), fp=len(leaked), tn=len(without) - len(leaked))
    return SnippetScore(counts, missed, leaked)


# ---------------------------------------------------------------- shingles (readability, fixtures)

_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")


def tokens(text: str) -> list[str]:
    """NFKC + casefold, split on whitespace, strip edge punctuation, drop empty tokens."""
    text = unicodedata.normalize("NFKC", text).casefold()
    out = (_EDGE_PUNCT.sub("", raw) for raw in text.split())
    return [tok for tok in out if tok]


def shingles(toks: list[str], size: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """Multiset of word n-grams; a text shorter than `size` is one shingle of all its words."""
    if not toks:
        return Counter()
    if len(toks) < size:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i : i + size]) for i in range(len(toks) - size + 1))


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 of one page."""

    precision: float
    recall: float
    f1: float


def shingle_prf(candidate: str | None, reference: str) -> PRF:
    """Shingle-multiset precision/recall/F1 of a candidate text against a reference text."""
    cand = shingles(tokens(candidate or ""))
    ref = shingles(tokens(reference))
    if not cand and not ref:
        return PRF(1.0, 1.0, 1.0)
    if not cand:
        return PRF(0.0, 0.0, 0.0)
    if not ref:
        return PRF(0.0, 1.0, 0.0)
    overlap = sum((cand & ref).values())
    p, r = overlap / sum(cand.values()), overlap / sum(ref.values())
    return PRF(p, r, 2 * p * r / (p + r) if p + r else 0.0)


def uncovered_blocks(blocks: Iterable[str], other: str | None, threshold: float = 0.5) -> list[str]:
    """Blocks of which less than `threshold` of shingles occur in `other` (short ones: verbatim)."""
    other_tokens = tokens(other or "")
    pool, joined = shingles(other_tokens), f" {' '.join(other_tokens)} "
    out = []
    for block in blocks:
        toks = tokens(block)
        if not toks:
            continue
        if len(toks) < SHINGLE:
            covered = 1.0 if f" {' '.join(toks)} " in joined else 0.0
        else:
            own = shingles(toks)
            covered = sum((own & pool).values()) / sum(own.values())
        if covered < threshold:
            out.append(block)
    return out


def lines_of(text: str | None) -> list[str]:
    """The non-blank lines of a text (its paragraphs), whitespace collapsed."""
    return [norm_ws(line) for line in (text or "").splitlines() if line.strip()]


def blocks_of(text: str | None) -> list[str]:
    """Split a text into its blank-line-separated blocks, whitespace collapsed."""
    return [norm_ws(b) for b in re.split(r"\n\s*\n", text or "") if b.strip()]


# fmt: off
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "ul",
})
# fmt: on
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template"})


def html_text(markup: bytes | str) -> str:
    """Visible text of an HTML fragment, one block per paragraph-level element.

    Bytes are UTF-8 (every readability expected.html is): lxml would read a fragment without a charset
    declaration as Latin-1 and turn Chinese or Czech references into mojibake no extractor can match.
    """
    if isinstance(markup, bytes):
        markup = markup.decode("utf-8", errors="replace")
    root = lxml_html.fromstring(markup)
    parts: list[str] = []
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _SKIP_TAGS:
                walker.skip_subtree()
                parts.append(el.tail or "")
                continue
            if tag in _BLOCK_TAGS:
                parts.append("\n\n")
            if isinstance(el.tag, str):
                parts.append(el.text or "")
        else:
            if tag in _BLOCK_TAGS:
                parts.append("\n\n")
            if el is not root:
                parts.append(el.tail or "")
    return "\n\n".join(blocks_of("".join(parts)))


_MD_LINE = re.compile(r"^(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+\.\s+)")
_MD_EMPH = re.compile(r"\*\*|__|(?<!\w)[*_]|[*_](?!\w)")


def markdown_text(markdown: str) -> str:
    """Plain text of the project's body markdown (headings, quotes, lists, emphasis removed)."""
    lines = [_MD_EMPH.sub("", _MD_LINE.sub("", line)) for line in markdown.splitlines()]
    return "\n".join(lines).strip()


# ---------------------------------------------------------------- metadata agreement

_TITLE_SEP = re.compile(
    r"\s+(?:\||-|–|—|::|·|•|»|«|›|‹|_)\s+|\s*_(?=[^\x00-\x7f])|\s+(?=\[[^\]]+\]$)|"
    r"(?<=[\u3000-\u9fff\uff00-\uffef])-(?=[\u3000-\u9fff])"  # "…城！-新华网": CJK titles set "-" without spaces
)
_AUTHOR_SPLIT = re.compile(r"\s*[;,|/]\s*|\s+(?:and|und|et|&)\s+|\s+\((?:avec|with|mit)\s+", re.IGNORECASE)
_AUTHOR_PREFIX = re.compile(r"^(?:(?:written|posted)\s+)?(?:by|von|par|por)\s+", re.IGNORECASE)
# A line that is only the label ("By\n\t\tScott Cunningham"): the names are on the next line.
_LABEL_LINE = re.compile(r"^(?:(?:written|posted)\s+)?(?:by|von|par|por)$", re.IGNORECASE)
_URL = re.compile(r"\(?\bhttps?://\S+", re.IGNORECASE)
# "Redaktion X", "X Redaktion", "Die Redaktion von X": X's editorial team is X (normalised form).
_NEWSROOM = re.compile(r"^(?:die\s+)?redaktion(?:\s+von)?\s+|\s+redaktion$")
_MONTH = r"(?:jan|feb|m[aä]r|apr|ma[iy]|jun|jul|aug|sep|o[ck]t|nov|de[cz])[a-zä]*\.?"
# A date (and whatever follows it) in a byline as printed: "Lucas Nolan22 Dec 2016", "Willis March 25, 2015".
_BYLINE_DATE = re.compile(
    rf"\s*(?:\d{{1,2}}\.?\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}|"
    rf"\d{{4}}-\d{{2}}-\d{{2}}).*$",
    re.IGNORECASE,
)
# Not names: academic degrees after a comma ("Jane Doe, PhD") and the labels of a date line.
_NOT_A_NAME = frozenset(
    {"phd", "ph d", "md", "m d", "ma", "msc", "mba", "mph", "rn", "updated", "last updated", "published"}
    # Placeholders that name nobody: a newsroom, a role, an unknown.
    | {"redaktion", "staff", "staff writer", "unknown", "admin", "editor", "editors"}
)
_DAY = re.compile(r"(\d{4})-(\d{1,2})[-.](\d{1,2})")


_NON_WORD = re.compile(r"[\W_]+")


def norm_field(value: str) -> str:
    """NFKC, casefold, invisible format characters (soft hyphens …) dropped, every run of punctuation and
    whitespace one space (so ’ vs ', „“ vs "" and – vs - agree)."""
    value = "".join(ch for ch in unicodedata.normalize("NFKC", value) if unicodedata.category(ch) != "Cf")
    return _NON_WORD.sub(" ", value.casefold()).strip()


def title_variants(title: str | None) -> set[str]:
    """The normalised title, and the same cut before each ` | Site`-style separator (trailing segments dropped)."""
    if not title or not title.strip():
        return set()
    raw = norm_ws(title)
    variants = {norm_field(raw)}
    for sep in _TITLE_SEP.finditer(raw):
        if sep.start() > 0:
            variants.add(norm_field(raw[: sep.start()]))
    return {v for v in variants if v}


def titles_agree(expected: str | None, got: str | None) -> bool:
    """True when some variant of one title equals some variant of the other."""
    return bool(title_variants(expected) & title_variants(got))


def author_set(value: str | list[str] | None) -> frozenset[str]:
    """Author names: each value's first line (after a line that is only "By"), links and what follows a date cut,
    split on `;` `,` `|` `/` ` and ` ` und ` ` et ` ` & ` ` (avec `, a `by`/`von`/`written by` prefix and a
    newsroom's "Redaktion" dropped, degrees, date labels and placeholders ("Staff", "Unknown") dropped, normalised."""
    if not value:
        return frozenset()
    items = [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)]
    names = set()
    for item in items:
        lines = [norm_ws(line) for line in item.splitlines() if line.strip()]
        first_line = next(iter(lines), "")
        if len(lines) > 1 and _LABEL_LINE.match(first_line):
            first_line = f"{first_line} {lines[1]}"
        for piece in _AUTHOR_SPLIT.split(_BYLINE_DATE.sub("", _URL.sub("", first_line))):
            name = _NEWSROOM.sub("", norm_field(_AUTHOR_PREFIX.sub("", piece.strip())))
            if name and name not in _NOT_A_NAME:
                names.add(name)
    return frozenset(names)


def authors_agree(expected: str | list[str] | None, got: str | list[str] | None) -> bool:
    """True when both sides name the same non-empty set of authors."""
    want = author_set(expected)
    return bool(want) and want == author_set(got)


def day_of(value: str | date | datetime | None) -> str | None:
    """The calendar day YYYY-MM-DD of a date, a datetime (its own offset) or an ISO-ish string."""
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        return value.strftime("%Y-%m-%d")
    found = _DAY.search(str(value))
    if not found:
        return None
    year, month, day = (int(g) for g in found.groups())
    if month > 12 >= day:
        month, day = day, month  # "2022-29-11": no month 29, so year-day-month (two expectations are written so)
    return f"{year:04d}-{month:02d}-{day:02d}"


def dates_agree(expected: str | date | datetime | None, got: str | date | datetime | None) -> bool:
    """True when both values fall on the same calendar day, or are the same instant: 2018-06-12T23:00Z and
    2018-06-13T00:00+01:00 are one moment, whose day depends on the zone it is written in."""
    want = day_of(expected)
    if want is not None and want == day_of(got):
        return True
    moments = _instant(expected), _instant(got)
    return None not in moments and moments[0] == moments[1]


def _instant(value: str | date | datetime | None) -> datetime | None:
    """A time of day with its offset, or None for a bare date or anything without an offset."""
    if isinstance(value, datetime):
        return value if value.utcoffset() is not None else None
    if not isinstance(value, str) or "T" not in value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed if parsed.utcoffset() is not None else None


def has_author(value: object) -> bool:
    """True when an author expectation names someone once dates and labels are set aside."""
    return has_value(value) and bool(author_set(value))  # type: ignore[arg-type]


def has_value(value: object) -> bool:
    """True for a non-empty string or a non-empty list of strings."""
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return any(isinstance(v, str) and v.strip() for v in value)
    return False
