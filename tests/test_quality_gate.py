"""Quality gate: our F1 on trafilatura-eval must not drop below bench/baseline.json minus 0.005.

The corpora live outside the repo (../shared/corpora, or $ARCHIVER_CORPORA); without them the
gate is skipped with the reason. bench/quality.py --write-baseline raises the baseline.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import corpora, quality, runner, scoring  # noqa: E402

TOLERANCE = 0.005


def corpora_dir() -> Path:
    """$ARCHIVER_CORPORA, else ../shared/corpora beside the repo."""
    return Path(os.environ.get("ARCHIVER_CORPORA") or ROOT / ".." / "shared" / "corpora").resolve()


def test_trafilatura_eval_f1_not_below_baseline() -> None:
    """Run archiver.extract over all trafilatura-eval pages and compare F1 with the baseline."""
    base = corpora_dir()
    if not (base / "trafilatura-eval" / "index.json").is_file():
        pytest.skip(f"corpus absent: {base / 'trafilatura-eval'} (set ARCHIVER_CORPORA to run the gate)")
    baseline = (quality.load_baseline() or {}).get("trafilatura-eval")
    if not baseline:
        pytest.skip("no bench/baseline.json yet: run `python bench/quality.py --write-baseline`")
    refs = corpora.load_trafilatura_eval(base)
    settings = runner.Settings(extractors=("ours",), metadata=False, timeout=60.0)
    run = runner.run_corpus("trafilatura-eval", refs, settings, jobs=min(2, os.cpu_count() or 1))
    ours = run.summary["extractors"]["ours"]
    floor = baseline["f1"] - TOLERANCE
    worst = sorted(run.records, key=lambda r: (r["results"]["ours"]["f1"], r["id"]))[:5]
    assert ours["f1"] >= floor, (
        f"trafilatura-eval F1 {ours['f1']:.4f} < baseline {baseline['f1']:.4f} - {TOLERANCE}"
        f" (P {ours['precision']:.4f}, R {ours['recall']:.4f}, crashes {ours['crashes']});"
        f" worst pages: {', '.join(r['id'] for r in worst)} — see `python bench/quality.py --page ID`"
    )


def test_snippet_scoring_follows_trafilatura_eval() -> None:
    """Whitespace-normalised substring hits; a missing result misses every `with` snippet."""
    found = scoring.score_snippets("Alpha  beta\ngamma. Share this", ["alpha beta gamma", "Alpha beta"], ["Share"])
    assert (found.counts.tp, found.counts.fn, found.counts.fp, found.counts.tn) == (1, 1, 1, 0)
    none = scoring.score_snippets(None, ["a", "b"], ["c"])
    assert (none.counts.tp, none.counts.fn, none.counts.fp, none.counts.tn) == (0, 2, 0, 1)


def test_metadata_rules_are_symmetric() -> None:
    """Title suffixes, author separators and calendar days are compared the same both ways."""
    assert scoring.titles_agree("Big News | Daily Paper", "Big News")
    assert scoring.titles_agree("Big News", "Big News - Daily Paper")
    assert not scoring.titles_agree("Big News", "Other News")
    assert scoring.authors_agree("By Ann Lee and Bo Wu", ["Bo Wu", "ann lee"])
    assert not scoring.authors_agree("Ann Lee", ["Ann Lee", "Bo Wu"])
    assert scoring.dates_agree("2022-11-1", "2022-11-01T23:30:00-05:00")
    assert scoring.dates_agree("2018-06-12T23:00:00.000Z", "2018-06-13T00:00:00+01:00")  # one instant
    assert not scoring.dates_agree("2018-06-12", "2018-06-13T00:00:00+01:00")  # a bare day has no instant
