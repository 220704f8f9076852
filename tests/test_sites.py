"""Golden test: every fixture page extracts exactly as its hand-written expectation says."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from archiver import extract
from archiver.rules import load_rules

from .conftest import FIXTURES, fixture_pages, load_expected

SCALAR_FIELDS = (
    "canonical_url", "title", "subtitle", "authors", "site_name", "section", "tags", "language",
    "image_url", "image_caption", "image_credit", "description",
)  # fmt: skip
EXTRACTED = (*SCALAR_FIELDS, "published_at", "modified_at", "update_notes")


def _instant(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _notes(article) -> list[dict]:
    return [
        {"kind": n.kind, "label": n.label, "noted_at": n.noted_at.isoformat() if n.noted_at else None,
         "noted_on": n.noted_on.isoformat() if n.noted_on else None, "text_startswith": n.text[:40],
         "position": n.position}
        for n in article.update_notes
    ]  # fmt: skip


@pytest.mark.parametrize("page", fixture_pages(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture_page(page: Path, request: pytest.FixtureRequest) -> None:
    expected = load_expected(page)
    article = extract(page.read_bytes(), expected.get("url"))
    md_path = page.with_suffix(".expected.md")
    if request.config.getoption("--update-golden"):
        _update_golden(page, expected, article)
        return
    problems = []
    for field in SCALAR_FIELDS:
        if field in expected and getattr(article, field) != expected[field]:
            problems.append(f"{field}: got {getattr(article, field)!r}, expected {expected[field]!r}")
    for field in ("published_at", "modified_at"):
        if field in expected and getattr(article, field) != _instant(expected[field]):
            problems.append(f"{field}: got {getattr(article, field)}, expected {expected[field]}")
    if "update_notes" in expected:
        got = _notes(article)
        want = expected["update_notes"]
        if len(got) != len(want):
            problems.append(f"update_notes: got {len(got)}, expected {len(want)}: {got}")
        for g, w in zip(got, want, strict=False):
            for key in ("kind", "label", "position", "noted_on"):
                if key in w and g[key] != w[key]:
                    problems.append(f"note {w.get('position')} {key}: got {g[key]!r}, expected {w[key]!r}")
            if "noted_at" in w and _instant(g["noted_at"]) != _instant(w["noted_at"]):
                problems.append(f"note {w.get('position')} noted_at: got {g['noted_at']}, expected {w['noted_at']}")
            if "text_startswith" in w and not article.update_notes[got.index(g)].text.startswith(
                w["text_startswith"].replace("**", "")
            ):
                problems.append(f"note {w.get('position')} text: got {g['text_startswith']!r}")
    for snippet in expected.get("must_contain", []):
        if snippet not in article.body_text:
            problems.append(f"missing from body: {snippet!r}")
    for snippet in expected.get("must_not_contain", []):
        if snippet in article.body_text:
            problems.append(f"noise in body: {snippet!r}")
    if md_path.exists():
        want_md = md_path.read_text(encoding="utf-8").strip()
        if article.body_markdown.strip() != want_md:
            problems.append("body_markdown differs from .expected.md:\n" + _md_diff(want_md, article.body_markdown))
    assert not problems, "\n".join(problems)


def _md_diff(want: str, got: str) -> str:
    import difflib

    return "\n".join(difflib.unified_diff(want.split("\n\n"), got.split("\n\n"), "expected", "got", lineterm="", n=0))


def _update_golden(page: Path, expected: dict, article) -> None:
    """Rewrite extracted fields only; must_contain / must_not_contain are never touched."""
    data = article.to_dict()
    for field in EXTRACTED:
        if field in expected:
            expected[field] = _notes(article) if field == "update_notes" else data[field]
    page.with_suffix(".expected.json").write_text(json.dumps(expected, indent=2, ensure_ascii=False) + "\n")
    page.with_suffix(".expected.md").write_text(article.body_markdown + "\n", encoding="utf-8")


def test_every_site_rule_file_has_a_fixture() -> None:
    """A site or platform rule with no fixture page is untested; fail until one is written."""
    hosts = {p.name.removeprefix("www.") for p in FIXTURES.iterdir() if p.is_dir()}
    pages = {p: p.read_text(encoding="utf-8", errors="replace") for p in FIXTURES.glob("*/*.html")}
    for rule_file in load_rules():
        if rule_file.name.startswith("_"):
            continue
        covered = any(h in hosts for h in rule_file.hosts) or any(
            any(fp in text for fp in rule_file.fingerprints) for text in pages.values()
        )
        assert covered, f"rule file {rule_file.path} has no fixture page under fixtures/"
