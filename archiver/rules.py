"""Load and validate site/platform rule files; pick the rules that apply to a page.

A rule file is TOML with a small, closed vocabulary (see ``archiver/sites/README.md``):

    name, description            what the file is for
    [match] hosts, fingerprints  which pages it applies to (a host, or a substring of the HTML)
    body, drop, keep,            CSS selectors (the default layout)
    caption, credit
    drop_text                    whole-paragraph regexes, applied after extraction
    [[layout]]                   a dated variant: valid_from / valid_until + the same verbs

Unknown keys, bad selectors and bad regexes raise RuleError naming the file and key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, SelectolaxError

from archiver.errors import RuleError
from archiver.urls import bare_host

SELECTOR_VERBS = ("body", "drop", "keep", "caption", "credit")
REGEX_VERBS = ("drop_text",)
VERBS = SELECTOR_VERBS + REGEX_VERBS
TOP_KEYS = {"name", "description", "match", "layout", *VERBS}
MATCH_KEYS = {"hosts", "fingerprints"}
LAYOUT_KEYS = {"valid_from", "valid_until", *VERBS}


@dataclass(frozen=True)
class Layout:
    """One dated set of verbs of a rule file."""

    body: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    caption: tuple[str, ...] = ()
    credit: tuple[str, ...] = ()
    drop_text: tuple[re.Pattern[str], ...] = ()
    valid_from: date | None = None
    valid_until: date | None = None

    def valid_on(self, day: date) -> bool:
        """True when this layout was in force on ``day``."""
        return (self.valid_from is None or day >= self.valid_from) and (
            self.valid_until is None or day <= self.valid_until
        )


@dataclass(frozen=True)
class RuleFile:
    """A validated rule file."""

    name: str
    path: str
    hosts: tuple[str, ...] = ()
    fingerprints: tuple[str, ...] = ()
    layouts: tuple[Layout, ...] = ()
    description: str = ""

    def matches(self, host: str, html: str | bytes) -> bool:
        """True when the page's host or one of the platform fingerprints matches (``html`` as text, or as bytes in
        an ASCII-compatible charset: a byte search is several times faster)."""
        if any(host == h or host.endswith("." + h) for h in self.hosts):
            return True
        if isinstance(html, bytes):
            return any(fp.encode() in html for fp in self.fingerprints)
        return any(fp in html for fp in self.fingerprints)

    def layout_for(self, day: date) -> Layout | None:
        """The first layout valid on ``day`` (files list the newest first)."""
        return next((lay for lay in self.layouts if lay.valid_on(day)), None)


@dataclass(frozen=True)
class RuleSet:
    """The merged rules for one page: (rule name, selector/regex) pairs per verb."""

    names: tuple[str, ...] = ()
    body: tuple[tuple[str, str], ...] = ()
    drop: tuple[tuple[str, str], ...] = ()
    keep: tuple[tuple[str, str], ...] = ()
    caption: tuple[tuple[str, str], ...] = ()
    credit: tuple[tuple[str, str], ...] = ()
    drop_text: tuple[tuple[str, re.Pattern[str]], ...] = field(default=())


_PROBE = LexborHTMLParser("<html><body><p>probe</p></body></html>")


def load_rule_file(path: str | Path, text: str | None = None) -> RuleFile:
    """Parse and validate one rule file; raise RuleError naming the file and key."""
    path = str(path)
    name = Path(path).stem
    try:
        data = tomllib.loads(text if text is not None else Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RuleError(f"{path}: cannot read rule file: {exc}") from exc
    _check_keys(path, "", data, TOP_KEYS)
    match = data.get("match", {})
    if not isinstance(match, dict):
        raise RuleError(f"{path}: key 'match' must be a table")
    _check_keys(path, "match.", match, MATCH_KEYS)
    fingerprints = tuple(_strings(path, "match.fingerprints", match.get("fingerprints", [])))
    if not all(fp.isascii() for fp in fingerprints):
        # They are searched for in the page's raw bytes, where only ASCII reads the same in every charset.
        raise RuleError(f"{path}: 'match.fingerprints' must be ASCII (an asset host, a class name)")
    layouts = [_layout(path, "layout", raw) for raw in _tables(path, data.get("layout", []))]
    if any(verb in data for verb in VERBS):
        layouts.append(_layout(path, "", {k: v for k, v in data.items() if k in VERBS}))
    return RuleFile(
        name=str(data.get("name", name)),
        path=path,
        description=str(data.get("description", "")),
        hosts=tuple(h.lower().removeprefix("www.") for h in _strings(path, "match.hosts", match.get("hosts", []))),
        fingerprints=fingerprints,
        layouts=tuple(layouts),
    )


def _check_keys(path: str, prefix: str, data: dict, allowed: set[str]) -> None:
    for key in data:
        if key not in allowed:
            raise RuleError(f"{path}: unknown key '{prefix}{key}' (allowed: {', '.join(sorted(allowed))})")


def _tables(path: str, value: object) -> list[dict]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise RuleError(f"{path}: key 'layout' must be an array of tables ([[layout]])")
    return value


def _strings(path: str, key: str, value: object) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(f"{path}: key '{key}' must be a string or a list of strings")
    return value


def _layout(path: str, where: str, raw: dict) -> Layout:
    prefix = f"{where}." if where else ""
    _check_keys(path, prefix, raw, LAYOUT_KEYS)
    verbs: dict[str, tuple] = {}
    for verb in SELECTOR_VERBS:
        selectors = _strings(path, prefix + verb, raw.get(verb, []))
        for selector in selectors:
            try:
                _PROBE.css(selector)
            except (SelectolaxError, ValueError) as exc:
                raise RuleError(f"{path}: bad CSS selector in '{prefix}{verb}': {selector!r}") from exc
        verbs[verb] = tuple(selectors)
    patterns = []
    for pattern in _strings(path, prefix + "drop_text", raw.get("drop_text", [])):
        try:
            patterns.append(re.compile(pattern))
        except re.error as exc:
            raise RuleError(f"{path}: bad regex in '{prefix}drop_text': {pattern!r} ({exc})") from exc
    return Layout(
        **verbs,
        drop_text=tuple(patterns),
        valid_from=_date(path, prefix + "valid_from", raw.get("valid_from")),
        valid_until=_date(path, prefix + "valid_until", raw.get("valid_until")),
    )


def _date(path: str, key: str, value: object) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise RuleError(f"{path}: key '{key}' must be a date (YYYY-MM-DD)")


@lru_cache(maxsize=8)
def load_rules(directory: str | None = None) -> tuple[RuleFile, ...]:
    """Load every rule file (the packaged ones, or those in ``directory``), generic first."""
    if directory is None:
        folder = resources.files("archiver") / "sites"
        files = [(entry.name, entry.read_text(encoding="utf-8")) for entry in folder.iterdir()]
        base = str(folder)
    else:
        files = [(p.name, p.read_text(encoding="utf-8")) for p in Path(directory).iterdir()]
        base = directory
    files = sorted((n, t) for n, t in files if n.endswith(".toml"))
    return tuple(load_rule_file(f"{base}/{name}", text) for name, text in files)


def rules_for(
    url: str | None, html: str | bytes, fetched_at: datetime | date | None = None, directory: str | None = None
) -> RuleSet:
    """Merge the generic rules with every site/platform file that matches this page."""
    host = bare_host(url)
    day = fetched_at.date() if isinstance(fetched_at, datetime) else (fetched_at or date.today())
    merged: dict[str, list] = {verb: [] for verb in VERBS}
    names = []
    for rule_file in load_rules(directory):
        generic = rule_file.name.startswith("_")
        if not generic and not rule_file.matches(host, html):
            continue
        layout = rule_file.layout_for(day)
        if layout is None:
            continue
        names.append(rule_file.name)
        for verb in VERBS:
            # Site bodies come before generic ones: the most specific container wins.
            items = [(rule_file.name, item) for item in getattr(layout, verb)]
            merged[verb] = merged[verb] + items if generic else items + merged[verb]
    return RuleSet(names=tuple(names), **{verb: tuple(items) for verb, items in merged.items()})
