"""The article's title: the visible headline when the page's declared titles back it, site names stripped."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from selectolax.lexbor import LexborHTMLParser

from archiver.headlines import clean_text, headline_texts, marked_kickers, shown_headings
from archiver.urls import host as url_host
from archiver.urls import split as url_split

# How titles and site names are joined: "Story | Site", "Site » Blog Archive » Story", "标题_网站", "Site --story".
_SEPARATOR = re.compile(
    r"\s+(?:[|–—·•»«›‹~/:│｜]|-{1,2}|::|>>)\s+|\s+--(?=\w)|\s*[│｜]\s*|\s*\|\s*|\s*_(?=\W|[^\x00-\x7f])"
)
# A segment that is only a date and time ("31.10.2023, 10.19 Uhr") is furniture, not the story.
_DATEISH = re.compile(r"[\d\s.,:/-]{6,}(?:uhr|h)?", re.I)
# "Der historische Purzelbaum (2021/5)": an issue number or date in brackets after the title.
_ISSUE = re.compile(r"\s*\((?:\d{1,4}[./-]){1,2}\d{1,4}\)$")
# A segment that is only a domain ("Lebensmittelpraxis.de", "www.example.com") names the site.
_DOMAIN = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}", re.I)
# WordPress's default "Site » Blog Archive » Story" and similar filler segments.
_FILLER = {"blogarchive", "blogarchiv", "blog", "news", "home", "startseite", "aktuelles", "archive", "archiv"}
# A file extension at the end of an address: "…/essenwestviertel.html".
_EXTENSION = re.compile(r"\.\w{2,5}$")
_WORD = re.compile(r"\w+")
_NON_WORD = re.compile(r"[\W_]+")
# How German words are spelt in host names: "Löwenseiten" is "loewenseiten".
_HOST_SPELLING = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_QUOTES = {'"', "“", "”", "„", "«", "»"}
# "National Rail Enquiries -": a separator left at the end where the template's story part was empty.
_DANGLING = re.compile(r"\s+(?:[|–—·•»/:│｜]|-{1,2})$")
_KICKER_TEXT = re.compile(r"^(?:[^\s:/|–—]+\s+){0,5}[^\s:/|–—]+(:\s+|\s+[/|–—-]\s+)(\S.{8,})$")


def choose_title(
    tree: LexborHTMLParser, declared: list[tuple[str, str]], sites: Iterable[str | None], urls: Iterable[str | None]
) -> tuple[str | None, str | None]:
    """Pick the title and its source from the declared titles (best first) and the page's headlines."""
    title, source = _chosen(tree, declared, sites, urls)
    if title:
        # The <title> and a breadcrumb's <h1> say "Covid-19: Lässt sich …" where the story's heading marks
        # "Covid-19" as its kicker: the kicker is a label over the headline, not part of it.
        said = _compact(title)
        for kicker, rest in marked_kickers(tree):
            if said == _compact(f"{kicker}{rest}") and said != _compact(rest):
                return rest, "heading"
    return title, source


def _chosen(
    tree: LexborHTMLParser, declared: list[tuple[str, str]], sites: Iterable[str | None], urls: Iterable[str | None]
) -> tuple[str | None, str | None]:
    declared = [
        (src, _unglued(_DANGLING.sub("", clean_text(text)))) for src, text in declared if text and clean_text(text)
    ]
    logos, found = headline_texts(tree)
    # An <h1> in a "masthead" box that says what og:title says is the story's headline there, not the site's logo.
    said = {_compact(text) for _, text in declared}
    urls = list(urls)
    names = SiteNames([*sites, *(logo for logo in logos if _compact(logo) not in said)], urls)
    declared = [(src, strip_site(text, names)) for src, text in declared]
    declared = [(src, text) for src, text in declared if text and not names.matches(text)]
    found = [(strip_site(h, names), in_article, rest) for h, in_article, rest in found if not names.matches(h)]
    headlines = [h for h, _, _ in found]
    # "<h1><em>Holocaust-Gedenktag </em>Erinnerung an …</h1>", "<h1>Energiewende Oberland: Klimavorreiter Oberland?":
    # a kicker before the headline, when a declared title is the headline without it.
    stated = {_compact(text) for _, text in declared}
    for headline, _, rest in found:
        if _compact(headline) not in stated:
            for part in (rest, _after_kicker(headline)):
                if part and _compact(part) in stated:
                    return part, "h1"
    # Two declared titles telling one story after different kickers, or one of them after none.
    shared = _shared_story(declared, {_compact(s) for h in headlines for s in (h, _after_kicker(h)) if s})
    if shared:
        return shared
    # A declared title the page sets as an <h2> under a different <h1> ("<h1>Betriebliche Altersvorsorge</h1>
    # <h2>Mit Hilfe des Chefs für die Rente sparen</h2>", og:title the latter): the <h1> names the topic. An <h1>
    # only the <title> names, in another wording of the og:title the <h2> shows, is the SEO title repeated.
    h1s = {_compact(h) for h in headlines}
    if headlines and not {_compact(text) for src, text in declared if src != "html:title"} & h1s:
        shown = {_compact(h.text()) for h in tree.css("h2")}
        for src, text in declared:
            if _compact(text) in shown and (not stated & h1s or any(_corroborates(h, text) for h in headlines)):
                return text, src
    # The visible headline is what a reader calls the title; trust it when a declared title agrees with it.
    for headline in headlines:
        for _, text in declared:
            if _corroborates(headline, text):
                return headline, "h1"
    # A declared title's story segment set as the page's <h2> or <h3> names the story better than an <h1> no
    # declared title backs ("<h1>OutdoorNews | Eintrag</h1>" over "<h2>Hochauflösende Schneekarten …</h2>").
    if declared and found:
        shown = _subheadings(tree)
        for piece in sorted(_segments(declared[0][1]), key=len, reverse=True):
            if _compact(piece) in shown:
                return piece, declared[0][0]
    # The page's one headline that spells its address ("<h1>Essen-Westviertel</h1>" at …/essenwestviertel.html,
    # "<h1>Chorgeschichte</h1>" at …/geschichte.html) is the name the page was made under, where the SEO title is
    # the site's tagline or a longer pitch of the page.
    if len(headlines) == 1 and _spells(headlines[0], _slug(urls[0] if urls else None)):
        return headlines[0], "h1"
    # The page's one headline, set in the article as its title, is the title even when the SEO title says otherwise.
    if len(found) == 1 and found[0][1] and len(found[0][0].split()) >= 2:
        return found[0][0], "h1"
    # ... and so is a page's one <h1> outside any article box when it is a sentence of a headline, not a section's
    # name ("Allergies Health Center", "About This Site"): what the page shows over its text.
    if len(found) == 1 and len(found[0][0].split()) >= 5:
        return found[0][0], "h1"
    # No <h1> and no marked headline, but a single <h2> shown: the page's one heading is its title ("<title>Feuerwehr
    # Oldenburg - Ausbildung</title>" over "<h2>Bootsdienst Ausbildung</h2>"), whatever the screen readers' headings.
    # <h1>s that are one word each ("Page", "User") label the page's boxes: they are no headline either.
    labels = len(found) > 1 and all(len(h.split()) == 1 for h in headlines)
    headless = labels or (not found and tree.css_first("h1") is None)
    if headless and len(h2s := shown_headings(tree.css("h2"))) == 1:
        only = strip_site(clean_text(h2s[0].text()), names)
        pieces = {_compact(piece) for _, text in declared for piece in [text, *_SEPARATOR.split(text)]}
        # Not a lead-in ("Open Journalism Project:"), a tagline ("Bauingenieurbüro | Beratende Ingenieure") or a
        # widget's label ("[> Jens Weber"); a declared title that says the same keeps its source.
        if (
            len(only.split()) >= 2
            and len(only) <= 200
            and only[:1].isalnum()
            and not only.endswith(":")
            and "|" not in only
            and not names.matches(only)
            and _compact(only) not in pieces
        ):
            return only, "h2"
    if declared:
        first = declared[0][1]
        # No headline element, and an SEO title of a word or two: a section's name ("energieverbraucher.de |
        # Gaspreise", "Magic Cleaning | sheego ♥ Magazin"); the story's headline is set in a headline-classed box.
        if not found and len(first.split()) <= 2 and (boxed := _boxed_headline(tree)):
            return boxed, "headline"
        segment = _headed_segment(tree, first)
        if segment:
            return segment, declared[0][0]
        for src, text in declared[1:]:
            # og:title="Califica a Biden de "incapacitado"": an unescaped quote cut the attribute short.
            if text.startswith(first) and text[len(first) :].lstrip()[:1] in _QUOTES:
                return text, src
        return first, declared[0][0]
    if headlines:
        return headlines[0], "h1"
    return None, None


def _boxed_headline(tree: LexborHTMLParser) -> str | None:
    """The first headline-classed element's text that reads as a headline (four words or more), not a box's label."""
    for node in shown_headings(tree.css("[class*='headline'], [class*='Headline']")):
        text = clean_text(node.text())
        if len(text.split()) >= 4 and len(text) <= 200 and not node.css_first("a"):
            return text
    return None


def site_without_title(site_name: str, title: str) -> str | None:
    """The site's name without the story's title, which some CMSs put in og:site_name ("Story | MLUK" is "MLUK"; a
    site name that is only the title names no site). A short title that is the site's name is a home page's."""
    story = _compact(title)
    if story not in _compact(site_name) or len(title.split()) < 4:
        return site_name
    rest = [piece for piece in _SEPARATOR.split(site_name) if _compact(piece) and _compact(piece) != story]
    if len(rest) == 1 and story not in _compact(rest[0]):
        return rest[0].strip()
    return None if not rest else site_name


def site_label(site_name: str, url: str | None) -> str:
    """The site's name without a template's tagline ("HearYa - Indie Music Blog" on hearya.com is HearYa, "SW1.News -
    Nachrichten der Region Schweinfurt - …" is SW1.News), an address as its host ("https://pawszilla.com")."""
    name = site_name.strip()
    if name.startswith(("http://", "https://")):
        return url_host(name).removeprefix("www.") or name
    pieces = [piece.strip() for piece in _SEPARATOR.split(name)]
    if len(pieces) < 2 or not url or not url.startswith("http"):
        return name
    host = SiteNames([], [url])
    # The first segment spells the host, no other does: "Name - Tagline". A host named in a later segment only
    # ("Bundesministerium für Bildung und Forschung - BMBF") leaves the full name as it is.
    if host.names_host(pieces[0]) and not any(host.names_host(piece) for piece in pieces[1:]):
        return pieces[0]
    return name


def _slug(url: str | None) -> str | None:
    """The last segment of a URL's path without its file extension, compacted: "…/essen/essenwestviertel.html"."""
    segments = [part for part in url_split(url).path.split("/") if part] if url else []
    return _compact(_EXTENSION.sub("", segments[-1])) if segments else None


def _spells(headline: str, slug: str | None) -> bool:
    """True when a headline is its page's address, or the address names most of it, or it most of the address."""
    name = _compact(headline)
    if not slug or not name:
        return False
    short, long = sorted((name, slug), key=len)
    return short == long or (len(short) >= 5 and short in long and len(short) >= 0.6 * len(long))


def _after_kicker(headline: str) -> str | None:
    """ "Kicker: Headline", "Kicker / Headline" → "Headline" (a kicker of at most six words)."""
    match = _KICKER_TEXT.match(headline)
    if match is None or (headline[:1] in _QUOTES and match.group(1).startswith(":")):
        return None  # '"Pure Leere": Marita Kramer verpasst …': a quote leading the headline is its opening words
    return match.group(2)


def _shared_story(declared: list[tuple[str, str]], shown: set[str]) -> tuple[str, str] | None:
    """The story two declared titles tell after different kickers ("Industriell Revolutioniert?: Anno 1800 Beta" in
    og:title, "Vorschauen: Anno 1800 Beta" in the <title>), or one after a kicker and one bare ("Grenzschließungen:
    Deutschland, Frankreich und …", "Deutschland, Frankreich und …"): the kickers are labels. Not a story the page's
    headlines say, with a kicker or without (``shown``, compacted): those rules read the headline itself."""
    kickers: dict[str, set[str]] = {}
    for _, text in declared:
        kickers.setdefault(_compact(text), set()).add("")
        if tail := _after_kicker(text):
            kickers.setdefault(_compact(tail), set()).add(_compact(text[: -len(tail)]))
    for src, text in declared:
        for story in (text, _after_kicker(text)):
            if story and len(kickers[_compact(story)]) > 1 and _compact(story) not in shown:
                return story, src
    return None


def _unglued(title: str) -> str:
    """ "Truckwash A31Das andere Branchenbuch | Das andere Branchenbuch": a site tagline glued to the story."""
    pieces = _SEPARATOR.split(title)
    for piece in pieces[1:]:
        if len(piece) >= 10 and len(pieces[0]) > len(piece) and pieces[0].endswith(piece):
            return title.replace(pieces[0], pieces[0][: -len(piece)].rstrip(), 1)
    return title


class SiteNames:
    """The names a site goes by: its declared names and its host name."""

    def __init__(self, names: Iterable[str | None], urls: Iterable[str | None]) -> None:
        # A long "site name" is some page's title put in the wrong tag (application-name, say).
        names = [n for n in names if n and len(n.split()) <= 6]
        self.names = {_compact(n) for n in names}
        self.host_words: set[str] = set()
        # A site named by its address ("Factorio.com") is named by the address's name too ("Factorio").
        urls = [*urls, *(f"http://{n.strip().lower()}" for n in names if _DOMAIN.fullmatch(n.strip()))]
        # Hyphenated host labels as word runs: "bayrische-bembel" is ("bayrische", "bembel").
        self.host_runs: set[tuple[str, ...]] = set()
        for url in urls:
            host = url_host(url) if url and url.startswith("http") else ""
            labels = host.removeprefix("www.").split(".")
            if len(labels) > 1:
                self.names |= {_compact(host), _compact(".".join(labels[:-1]))}
                self.names |= {_compact(label) for label in labels[:-1] if len(label) > 3}
                self.host_words |= {w for label in labels[:-1] for w in (label, *label.split("-")) if len(w) > 2}
                self.host_runs |= {tuple(label.split("-")) for label in labels[:-1] if label.count("-") >= 1}
        self.names.discard("")

    def matches(self, segment: str, last: bool = False) -> bool:
        """True when a title segment is the site's name, its domain, or filler such as "Blog Archive"; with ``last``,
        also a title's short last segment that opens with the host's name ("sheego ♥ Magazin" on sheego.de)."""
        compact = _compact(segment)
        if not compact or compact in self.names or compact in _FILLER:
            return True
        if last and 2 <= len(words := _words(segment)) <= 3 and words[0] in self.host_words:
            return True
        return bool(_DOMAIN.fullmatch(segment.strip())) or self._spells_host(segment)

    def names_host(self, segment: str) -> bool:
        """True when the segment is the host's name: its address, its labels ("Katzen Forum" on katzen-forum.net)."""
        return _compact(segment) in self.names or bool(_DOMAIN.fullmatch(segment.strip())) or self._spells_host(segment)

    def holds_host(self, segment: str) -> bool:
        """ "EFC Bayrische Bembel Regensburg" on bayrische-bembel.de: a short segment (five words at most) that holds
        the words of a hyphenated host name in a row is the site's name with its club's or town's."""
        words = [w.translate(_HOST_SPELLING) for w in _words(segment)]
        if not 2 <= len(words) <= 5:
            return False
        return any(
            words[i : i + len(run)] == list(run) for run in self.host_runs for i in range(len(words) - len(run) + 1)
        )

    def _spells_host(self, segment: str) -> bool:
        """ "Python Wiki" on wiki.python.org, "Nalas Löwenseiten" on nalas-loewenseiten.info: a segment whose words,
        spelt as a host name spells them, are the host's words (two words at least: one word may be the topic)."""
        words = [w for w in _words(segment) if w not in ("the", "der", "die", "das")]
        if len(words) < 2 or not self.host_words:
            return False
        spelt = [w.translate(_HOST_SPELLING) for w in words]
        plain = ["".join(c for c in unicodedata.normalize("NFKD", w) if c.isascii()) for w in words]
        joined = "".join(spelt), "".join(plain)
        return all(a in self.host_words or b in self.host_words for a, b in zip(spelt, plain, strict=True)) or any(
            j in self.host_words for j in joined
        )


def strip_site(title: str, names: SiteNames) -> str:
    """Drop site-name segments (and any tagline after them) and date-only segments from the ends of a title."""
    title = clean_text(title)
    pieces = _SEPARATOR.split(title)
    if len(pieces) == 1:
        return _ISSUE.sub("", title) or title
    seps = _SEPARATOR.findall(title)
    flags = [names.matches(p, last=i == len(pieces) - 1 and seps[-1].strip() == "|") for i, p in enumerate(pieces)]
    # "EFC Bayrische Bembel Regensburg - Story - Eintracht Presse - News": a first of three segments or more that
    # holds the host's name leads the site's path (a two-part title may be a story that names the site).
    if len(pieces) >= 3 and names.holds_host(pieces[0]):
        flags[0] = True
    start, end = 0, len(pieces)
    # "Story | Site | Tagline": everything from the first site segment after the story is site furniture.
    for i in range(1, len(pieces)):
        if flags[i] and not all(flags[:i]):
            end = i
            break
    # "Site » Blog Archive » Story": everything up to the last leading site segment is furniture.
    while start < end - 1 and flags[start]:
        start += 1
    # "23.01.2022 - Story", "Story : 31.10.2023, 10.19 Uhr": a date is no part of the title.
    while start < end - 1 and _DATEISH.fullmatch(pieces[start]):
        start += 1
    while end - 1 > start and _DATEISH.fullmatch(pieces[end - 1]):
        end -= 1
    if (start, end) == (0, len(pieces)):
        return _ISSUE.sub("", title) or title
    out = pieces[start]
    for i in range(start + 1, end):
        out += seps[i - 1] + pieces[i]
    return out.strip()


def _corroborates(headline: str, declared: str) -> bool:
    """True when most words of the shorter title are in the longer one."""
    a, b = set(_words(headline)), set(_words(declared))
    if not a or not b:
        return False
    shared = len(a & b)
    return shared / min(len(a), len(b)) >= 0.6 and (shared >= 2 or max(len(a), len(b)) <= 2)


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def _headed_segment(tree: LexborHTMLParser, title: str) -> str | None:
    """The longest segment of a declared title ("Blog Name - News » Story"), when the page sets it as a
    sub-headline (<h2>, <h3>): where no <h1> names the story, the segment the page shows as a heading is the
    story's title, the others name the site and section, whatever their order. A shorter one shown as a heading
    is a column's or series' name ("Kolumne: Queer Royal – Über Dragqueens und Dragkings …")."""
    pieces = _segments(title)
    if len(pieces) < 2:
        return None
    longest = max(pieces, key=len)
    if sum(len(p) == len(longest) for p in pieces) > 1:
        return None
    return longest if _compact(longest) in _subheadings(tree) else None


def _segments(title: str) -> list[str]:
    """The segments of a declared title that could name a story: two words or more."""
    return [p for p in _SEPARATOR.split(title) if len(p.split()) >= 2]


def _subheadings(tree: LexborHTMLParser) -> set[str]:
    """The page's <h2> and <h3> texts, compacted for comparison."""
    return {_compact(h.text()) for h in tree.css("h2, h3")}


def _compact(text: str) -> str:
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())
