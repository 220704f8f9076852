"""Choosing a page's authors: JSON-LD, then author meta tags, then the byline, a forum's or a blog's own marks;
people first, organisations only when no person."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from archiver.author_tags import AUTHOR_META, SITE_SEPARATOR, tag_authors
from archiver.byline_dom import AUTHOR_ARCHIVE, dom_authors, elsewhere, node_text
from archiver.bylines import full_name, is_organisation, is_weak, name_like, people, split_authors
from archiver.full_names import (
    from_labelled_line,
    name_key,
    same_person,
    spelled_by_slug,
    spelled_out,
    with_host_surname,
)

# An editor's initials in an agency credit line: "det" of "det/dpa", "bb" of "hessenschau.de/bb".
_EDITOR_CODE = re.compile(r"[a-zäöü]{2,4}")
_ARCHIVE_SLUG = re.compile(r"/(?:author|autor|autoren)/([^/?#]+)")
# A forum thread's first post and its author: XenForo's message article, phpBB's author line.
_FORUM_FIRST_POST = "article.message[data-author], .post p.author a.username, .postprofile a.username"
# WordPress marks each comment the post's own author wrote: <li class="comment byuser comment-author-jancak
# bypostauthor">; the name stands in the comment's header (.fn, "comment__author-name", or .comment-author itself).
_POST_AUTHOR_COMMENT = ".bypostauthor"
_COMMENTER = (".fn", "[class*='author-name']", "[class*='author_name']", ".comment-author", ".author")
# Yoast's reading aids: <meta name="twitter:label1" content="Written by"> <meta name="twitter:data1" content="…">.
_WRITTEN_BY = re.compile(
    r"(?:written|geschrieben|verfasst)\s+(?:by|von)|[ée]crit\s+par|escrito\s+por|scritto\s+da", re.I
)


def choose_authors(
    tree: LexborHTMLParser,
    metas: dict[str, list[str]],
    ld_author: Any,
    by_id: dict[str, dict],
    sites: list[str | None],
    host: str | None = None,
) -> tuple[list[str], str | None]:
    """People from JSON-LD, then author meta tags, then the page's byline; organisations only when no person. A
    name that holds the ``host``'s name and more ("EFC Bayrische Bembel" on bayrische-bembel.de) is the site's."""
    # "Achtsam durch die Krise | Die FURCHE" in og:site_name: each segment may be the site's name.
    site_names = [part for s in sites if s for part in {s, *SITE_SEPARATOR.split(s)}]
    found: list[tuple[str, list[str]]] = []
    orgs: list[tuple[str, list[str]]] = []
    if ld_author is not None:
        persons, organisations = people(ld_author, by_id)
        found.append(("json-ld", persons))
        orgs.append(("json-ld", organisations))
    sites_folded = {name.casefold() for name in site_names}
    for key in AUTHOR_META:
        names, bodies = tag_authors(key, metas.get(key, []), sites_folded)
        found.append((f"meta:{key}", names))
        orgs.append((f"meta:{key}", bodies))
    found.append(("byline", []))
    for number in "123":
        if _WRITTEN_BY.fullmatch(metas.get(f"twitter:label{number}", [""])[0].strip()):
            found.append(("meta:twitter:data", split_authors(metas.get(f"twitter:data{number}", [""])[0])))
    found.append(("forum", []))
    found.append(("comments", []))

    labels = [name_key(label) for label in (host or "").removeprefix("www.").split(".")[:-1]]
    host_names = [label for label in labels if len(label) >= 6]

    def person(name: str) -> bool:
        key = name_key(name)
        if any(label in key and label != key for label in host_names):
            return False  # the site's name with its club's or town's ("EFC Bayrische Bembel"), not a person's
        return not is_organisation(name, site_names)

    byline: list[str] | None = None
    for source, names in found:
        if source == "byline":
            names = byline = dom_authors(tree) if byline is None else byline
            if names and not any(person(n) for n in names):
                # "The Planetary Press" in the byline box, "Written by: Julie Mollins" over the story: a site's or
                # desk's name where a byline stands does not end the search for a person's full name.
                names = dom_authors(tree, person=lambda n: full_name(n, site_names)) or names
        elif source == "forum":
            names = thread_starter(tree)
        elif source == "comments":
            names = post_author_commenter(tree)
        # "Nada Tawfik, BBC News, New York": what follows the newsroom after the names is the place it files from.
        newsroom = next((i for i, n in enumerate(names) if not person(n)), len(names))
        if 0 < newsroom < len(names) - 1:
            names = names[: newsroom + 1]
        persons = [n for n in names if person(n)]
        orgs.append((source, [n for n in names if not person(n)]))
        if not persons:
            continue
        if len(persons) < len(names) and all(_EDITOR_CODE.fullmatch(p) for p in persons):
            return names, source  # "det/dpa": an editor's code and the agency, a credit line kept whole
        if all(is_weak(p) for p in persons) and source != "byline":
            # "todd" in the meta tag, "Todd Bates" on the page: the byline says more.
            byline = dom_authors(tree) if byline is None else byline
            fuller = [n for n in byline if person(n) and not is_weak(n)]
            if any(same_person(p, f) for p in persons for f in fuller):
                persons, source = fuller, "byline"
            elif completed := from_labelled_line(tree, persons) or spelled_out(tree, persons):
                persons, source = completed, "byline"
        elif source == "byline" and (full := _completed_byline(tree, persons, host_names)):
            persons = full
        elif source == "meta:author" and (posted_by := _archive_link_author(tree)):
            # <meta name=author content="Matthias Hille - Lukas Balbach"> on every page of the site, "Erstellt von
            # <a href=/author/fabian/>Fabian</a>" over the post: the template names the site's owners, the
            # blog's author link the post's writer.
            if not any(same_person(p, q) or same_person(q, p) for p in persons for q in posted_by):
                persons, source = posted_by, "byline"
        elif len(persons) == 1 and source == "json-ld":
            # Yoast's schema names the first author only: "Sadhbh O'Sullivan" where the author meta tag says
            # "Sadhbh O'Sullivan,Elisabeth Kochan" and the byline "von Rudolf Fischer, Simon Kohler".
            persons, source = _with_coauthors(persons, source, found, tree, site_names)
        return persons, source
    # An agency named on the page ("Agencia EFE") says more than a publisher put in the author field.
    for source, names in sorted(orgs, key=lambda item: item[0] != "byline"):
        if names and source == "byline" and (full := _completed_byline(tree, names, host_names)):
            return full, source  # "DT", an agency's shape, linked to the author archive "/author/donaldtownsend/"
        if names:
            return names, source
    return [], None


def thread_starter(tree: LexborHTMLParser) -> list[str]:
    """The login that opened a forum thread: the first post's author, as XenForo (``data-author``) and phpBB (the
    post's author line) mark it. A thread page has no byline; its first post is the page's text."""
    node = tree.css_first(_FORUM_FIRST_POST)
    if node is None:
        return []
    login = node.attributes.get("data-author") or node.text()
    login = " ".join((login or "").split())
    return [login] if 0 < len(login) <= 40 else []


def post_author_commenter(tree: LexborHTMLParser) -> list[str]:
    """The post's author as the blog names them where they answer a reader (WordPress's ``bypostauthor`` comment):
    a blog whose template prints no byline still says who wrote the post there."""
    comment = tree.css_first(_POST_AUTHOR_COMMENT)
    for selector in _COMMENTER if comment is not None else ():
        name = comment.css_first(selector)
        if name is not None and (text := node_text(name)):
            # The header's own text: "MoritzMeyer 19. Juni 2018 um 20:41 Uhr - Antworten", "Martina Berg Autor".
            names = split_authors(text)
            return names if len(names) == 1 else []
    return []


def _completed_byline(tree: LexborHTMLParser, names: list[str], host_labels: list[str]) -> list[str]:
    """A byline of initials or first names as the page spells each person out: "DT" linked to
    "/author/donaldtownsend/" is "Donald Townsend", "Henry" on steinhau.com is "Henry Steinhau"; [] unless every
    name is found so."""
    if not all(is_weak(name) for name in names):
        return []  # only a bare first name or initials can be completed: spare reading the page's text
    body = tree.body
    text = body.text(separator=" ") if body is not None else ""
    slugs: dict[str, str] = {}
    for link, slug in _archive_links(tree):
        slugs.setdefault(node_text(link), slug)
    out = []
    for name in names:
        slug = slugs.get(name)
        full = (slug and spelled_by_slug(name, slug, text)) or with_host_surname(name, host_labels, text)
        if not full:
            return []
        out.append(full)
    return out


def _archive_link_author(tree: LexborHTMLParser) -> list[str]:
    """The name a blog links to its author archive ("<a href=/author/fabian/>Fabian</a>"), outside comments and
    sidebars."""
    for node, slug in _archive_links(tree):
        if elsewhere(node):
            continue
        names = split_authors(node_text(node))
        # The archive's address spells the name ("/author/fabian/"): not a "Feed" or "Alle Beiträge" link.
        if len(names) == 1 and name_like(names[0]) and name_key(names[0]) == slug:
            return names
    return []


def _archive_links(tree: LexborHTMLParser) -> Iterator[tuple[LexborNode, str]]:
    """Each link to an author archive, with the name its address spells ("/author/fabian/" → "fabian")."""
    for node in tree.css(AUTHOR_ARCHIVE):
        if slug := _ARCHIVE_SLUG.search(node.attributes.get("href") or ""):
            yield node, name_key(slug.group(1))


def _with_coauthors(
    persons: list[str], source: str, found: list[tuple[str, list[str]]], tree: LexborHTMLParser, sites: list[str]
) -> tuple[list[str], str]:
    """The author meta tags' or byline's names when they are the JSON-LD's one person and more."""
    key = name_key(persons[0])
    metas = ((other, names) for other, names in found if other not in (source, "byline"))
    # The byline last, and its semantic markup only: reading all of it costs more than the meta tags.
    for other, names in itertools.chain(metas, [("byline", None)]):
        names = dom_authors(tree, scan=False) if names is None else names
        more = [n for n in names if not is_organisation(n, sites)]
        # Full names only: a byline box's "Seguir" and "Actualizado" are buttons and labels, not co-authors.
        if len(more) > 1 and key in {name_key(n) for n in more} and not any(is_weak(n) for n in more):
            return more, other
    return persons, source
