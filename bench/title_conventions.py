"""Which title each corpus expects where a page's visible headline and its declared title differ.

On pages whose one visible headline (its <h1>, kickers and logos aside) says something other than its
og:title or JSON-LD headline, count how often each corpus's expected title is the headline, the declared
title, or neither. The trafilatura-eval titles were written by people; the readability titles are what
Mozilla Readability's own algorithm returned (declared metadata first). The two disagree, so no title
policy can score high on both, and ours follows the people: an archive records the headline readers saw.

    .venv/bin/python bench/title_conventions.py [--corpora PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpora import load_corpus, read_bytes, resolve_corpora
from scoring import titles_agree
from selectolax.lexbor import LexborHTMLParser

from archiver.headlines import clean_text, headline_texts

_DECLARED = ('meta[property="og:title"]', 'meta[name="og:title"]', 'meta[name="twitter:title"]')


def declared_title(tree: LexborHTMLParser) -> str | None:
    """The page's og:title (else twitter:title), else its JSON-LD article headline."""
    for selector in _DECLARED:
        node = tree.css_first(selector)
        if node is not None and (node.attributes.get("content") or "").strip():
            return clean_text(node.attributes["content"] or "")
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(script.text())
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and isinstance(item.get("headline"), str):
                return clean_text(item["headline"])
    return None


def differing(headline: str, declared: str) -> bool:
    """True when neither title is the other, nor holds it (a site suffix or a kicker more)."""
    a, b = headline.casefold(), declared.casefold()
    return not titles_agree(headline, declared) and a not in b and b not in a


def tally(corpus: str, corpora: Path) -> Counter[str]:
    """For one corpus: pages where headline and declared title differ, by which one is expected."""
    counts: Counter[str] = Counter()
    for ref in load_corpus(corpus, corpora, None):
        want = ref.expect.get("title")
        if not want:
            continue
        tree = LexborHTMLParser(read_bytes(ref.html_path))
        _, found = headline_texts(tree)
        declared = declared_title(tree)
        if len(found) != 1 or not declared or not differing(found[0][0], declared):
            continue
        if titles_agree(want, found[0][0]):
            counts["headline"] += 1
        elif titles_agree(want, declared):
            counts["declared"] += 1
        else:
            counts["neither"] += 1
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    """Print, per corpus, which title is expected where headline and declared title differ."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora", type=Path, help="corpora dir (default $ARCHIVER_CORPORA or ../shared/corpora)")
    args = parser.parse_args(argv)
    corpora = resolve_corpora(args.corpora)
    print(f"{'corpus':<18}{'pages':>7}{'headline':>10}{'declared':>10}{'neither':>9}")
    for corpus in ("trafilatura-eval", "readability"):
        counts = tally(corpus, corpora)
        total = sum(counts.values())
        print(f"{corpus:<18}{total:>7}{counts['headline']:>10}{counts['declared']:>10}{counts['neither']:>9}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
