"""The benchmark's corpora: where each page's HTML is, the URL to pass and what is expected."""

from __future__ import annotations

import gzip
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ("trafilatura-eval", "readability", "fixtures")
DEFAULT_CORPORA = ROOT / ".." / "shared" / "corpora"
DEFAULT_FIXTURES = ROOT / "fixtures"
META_FIELDS: dict[str, tuple[str, ...]] = {
    "trafilatura-eval": ("title", "author", "date"),
    "readability": ("title", "byline", "publishedTime"),
    "fixtures": (),
}


@dataclass(frozen=True)
class PageRef:
    """One page of a corpus: where its HTML is, the URL to pass, and what is expected."""

    corpus: str
    page_id: str
    html_path: str
    url: str | None
    expect: dict[str, Any]


def resolve_corpora(path: str | Path | None = None) -> Path:
    """The corpora directory: explicit path, else $ARCHIVER_CORPORA, else ../shared/corpora."""
    chosen = path or os.environ.get("ARCHIVER_CORPORA") or DEFAULT_CORPORA
    return Path(chosen).resolve()


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes, gunzipped when it ends in .gz."""
    data = Path(path).read_bytes()
    return gzip.decompress(data) if str(path).endswith(".gz") else data


def http_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None (the eval set has `hard::name.html` pseudo-URLs)."""
    return url if isinstance(url, str) and url.startswith(("http://", "https://")) else None


def load_trafilatura_eval(corpora: Path) -> list[PageRef]:
    """Pages of trafilatura-eval, in id order."""
    base = corpora / "trafilatura-eval"
    index = json.loads((base / "index.json").read_text("utf-8"))
    keys = ("with", "without", "title", "author", "date")
    return [
        PageRef(
            "trafilatura-eval",
            pid,
            str(base / item["file"]),
            http_url(item.get("url")),
            {k: item.get(k) for k in keys} | {"raw_url": item.get("url")},
        )
        for pid, item in sorted(index.items())
    ]


def load_readability(corpora: Path) -> list[PageRef]:
    """Pages of readability-test-pages, in name order."""
    base = corpora / "readability-test-pages"
    refs = []
    for page in sorted(p for p in base.iterdir() if (p / "source.html.gz").is_file()):
        meta_path = page / "expected-metadata.json"
        meta = json.loads(meta_path.read_text("utf-8")) if meta_path.is_file() else {}
        expect = {k: meta.get(k) for k in META_FIELDS["readability"]}
        expect["expected_html"] = str(page / "expected.html.gz")
        refs.append(PageRef("readability", page.name, str(page / "source.html.gz"), None, expect))
    return refs


def load_fixtures(fixtures: Path) -> list[PageRef]:
    """The project's fixture pages that have an .expected.json, in path order."""
    refs = []
    for html in sorted(fixtures.resolve().glob("*/*.html")):
        spec_path, md_path = html.with_suffix(".expected.json"), html.with_suffix(".expected.md")
        if not spec_path.is_file():
            continue
        spec = json.loads(spec_path.read_text("utf-8"))
        expect = {"spec": spec, "md": str(md_path) if md_path.is_file() else None}
        page_id = str(html.relative_to(fixtures.resolve()))
        refs.append(PageRef("fixtures", page_id, str(html), spec.get("url"), expect))
    return refs


def load_corpus(corpus: str, corpora: Path, fixtures: Path) -> list[PageRef]:
    """Pages of one corpus ([] when it is absent)."""
    try:
        if corpus == "trafilatura-eval":
            return load_trafilatura_eval(corpora)
        if corpus == "readability":
            return load_readability(corpora)
        return load_fixtures(fixtures)
    except FileNotFoundError:
        return []
