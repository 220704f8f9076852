"""Quality benchmark: archiver.extract against bare trafilatura on the same pages.

Run from the repo root (see bench/README.md for the scoring rules):

    .venv/bin/python bench/quality.py                          # every corpus, both extractors
    .venv/bin/python bench/quality.py --corpus readability --limit 20
    .venv/bin/python bench/quality.py --page 0042              # one page, side by side
    .venv/bin/python bench/quality.py --corpus trafilatura-eval --write-baseline
"""

from __future__ import annotations

import argparse
import difflib
import json
import logging
import sys
import textwrap
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import scoring  # noqa: E402
from bench.corpora import (  # noqa: E402
    CORPORA,
    DEFAULT_FIXTURES,
    META_FIELDS,
    PageRef,
    load_corpus,
    resolve_corpora,
)
from bench.runner import EXTRACTORS, CorpusRun, Output, Settings, evaluate, ours_problem, run_corpus  # noqa: E402

RESULTS_DIR = ROOT / "bench" / "results"
BASELINE = ROOT / "bench" / "baseline.json"


# ---------------------------------------------------------------- reports


def _fmt(value: float | None, digits: int = 3) -> str:
    """A number for the table, or a dash."""
    return "—" if value is None else f"{value:.{digits}f}"


def print_summary(run: CorpusRun) -> None:
    """Print one corpus's score table, time ratio and metadata agreement."""
    summary, corpus = run.summary, run.corpus
    exts = summary["extractors"]
    print(f"\n{corpus}: {summary['pages']} pages  (wall {summary['wall_seconds']:.0f} s, jobs {summary['jobs']})")
    cols = ["precision", "recall", "F1"] + (["accuracy"] if corpus == "trafilatura-eval" else [])
    cols += ["exact", "must_not"] if corpus == "fixtures" else []
    cols += ["crashes", "empty", "median ms"]
    print("  " + f"{'':12}" + "".join(f"{c:>11}" for c in cols))
    for name, s in exts.items():
        cells = [_fmt(s["precision"]), _fmt(s["recall"]), _fmt(s["f1"])]
        if corpus == "trafilatura-eval":
            cells.append(_fmt(s["accuracy"]))
        if corpus == "fixtures":
            cells += [f"{s['exact']}/{s['exact_n']}" if s["exact_n"] else "—", str(s["must_not_hits"])]
        cells += [str(s["crashes"]), str(s["empty"]), _fmt(s["median_ms"], 1)]
        print("  " + f"{name:12}" + "".join(f"{c:>11}" for c in cells))
        if s["crash_types"]:
            print(f"  {'':12}crashes: {s['crash_types']}")
    if summary["time_ratio"] is not None:
        print(f"  median time ours/trafilatura: {summary['time_ratio']:.2f}")
    fields = sorted({f for s in exts.values() for f in s["meta"]}, key=META_FIELDS[corpus].index)
    if fields:
        print("  metadata agreement" + "".join(f"{n:>13}" for n in exts) + "      n")
        for f in fields:
            n = next(s["meta"][f]["n"] for s in exts.values() if f in s["meta"])
            rates = "".join(f"{_fmt(s['meta'].get(f, {}).get('rate')):>13}" for s in exts.values())
            print(f"    {f:16}{rates}{n:>7}")


def write_results(run: CorpusRun, results_dir: Path, limited: bool) -> Path:
    """Write per-page scores, worst first by our F1, to bench/results/quality-<corpus>.json."""
    exts = list(run.summary["extractors"])
    key = "ours" if "ours" in exts else exts[0]
    pages = sorted(run.records, key=lambda r: (r["results"][key]["f1"], r["id"]))
    payload = {
        "corpus": run.corpus,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "trafilatura": _version("trafilatura"),
        "partial": limited,
        "summary": run.summary,
        "pages": pages,
    }
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / f"quality-{run.corpus}.json"
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1, default=str), "utf-8")
    return path


def _version(package: str) -> str | None:
    """Installed version of a distribution, or None."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return None


def update_baseline(summary: dict[str, Any], path: Path = BASELINE) -> str:
    """Store our trafilatura-eval scores in baseline.json if F1 improved; say what happened."""
    ours = summary["extractors"]["ours"]
    data = json.loads(path.read_text("utf-8")) if path.is_file() else {}
    old = data.get("trafilatura-eval", {}).get("f1")
    if old is not None and ours["f1"] <= old:
        return f"baseline kept: F1 {ours['f1']:.4f} does not improve on {old:.4f}"
    data["trafilatura-eval"] = {k: round(ours[k], 4) for k in ("f1", "precision", "recall")}
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", "utf-8")
    return f"baseline written: F1 {ours['f1']:.4f} (was {'none' if old is None else f'{old:.4f}'})"


def load_baseline(path: Path = BASELINE) -> dict[str, Any] | None:
    """The stored baseline, or None when there is none yet."""
    return json.loads(path.read_text("utf-8")) if path.is_file() else None


# ---------------------------------------------------------------- one page, side by side


def find_page(page: str, corpora: Path, fixtures: Path, only: str | None) -> PageRef | None:
    """The page named by an eval id, a readability name or a fixture path."""
    as_path = Path(page).resolve()
    for corpus in [only] if only else CORPORA:
        for ref in load_corpus(corpus, corpora, fixtures):
            if ref.page_id == page or (corpus == "fixtures" and Path(ref.html_path) == as_path):
                return ref
    return None


def _short(text: str, width: int = 110) -> str:
    """One line, shortened for the side-by-side listing."""
    return textwrap.shorten(scoring.norm_ws(text), width, placeholder=" …")


def _snippet_rows(
    ref: PageRef, results: dict[str, dict[str, Any]], names: list[str]
) -> list[tuple[str, str, list[str]]]:
    """Rows (label, snippet, one verdict per extractor) for the side-by-side page listing."""
    if ref.corpus == "readability":
        missed = dict.fromkeys(x for n in names for x in results[n]["missed"])
        rows = [("expected, missed", s, ["MISS" if s in results[n]["missed"] else "ok" for n in names]) for s in missed]
        for n in names:
            rows += [("not expected", s, ["EXTRA" if m == n else "" for m in names]) for s in results[n]["leaked"]]
        return rows
    if ref.corpus == "trafilatura-eval":
        wanted, unwanted = ref.expect["with"] or [], ref.expect["without"] or []
        labels = ("with", "without")
    else:
        spec = ref.expect["spec"]
        wanted, unwanted = spec.get("must_contain", []), spec.get("must_not_contain", [])
        labels = ("must_contain", "must_not_contain")
    rows = [(labels[0], s, ["MISS" if s in results[n]["missed"] else "ok" for n in names]) for s in wanted]
    rows += [(labels[1], s, ["LEAK" if s in results[n]["leaked"] else "ok" for n in names]) for s in unwanted]
    return rows


def print_page(ref: PageRef, settings: Settings) -> None:
    """Print one page: our body and removals, then misses/leaks of each extractor side by side."""
    record = evaluate(ref, settings, keep_outputs=True)
    outputs: dict[str, Output] = record["_outputs"]
    results = record["results"]
    print(f"== {ref.corpus} {ref.page_id}  {ref.url or ref.expect.get('raw_url') or ''}")
    for name, res in results.items():
        ms = _fmt(None if res["seconds"] is None else res["seconds"] * 1000, 1)
        print(
            f"   {name:12} P {res['precision']:.3f}  R {res['recall']:.3f}  F1 {res['f1']:.3f}"
            f"  {res['words']} words  {ms} ms" + (f"  CRASH {res['error']}" if res["error"] else "")
        )
    ours = outputs.get("ours")
    if ours is not None:
        print(f"\n-- our body ({len((ours.text or '').split())} words) --\n{ours.text or '(none)'}")
        print(f"\n-- our removals ({len(ours.removed)}) --")
        for rule, text in ours.removed:
            print(f"  [{rule}] {_short(text)}")
    names = list(results)
    print(f"\n-- snippets {'':10}" + "".join(f"{n[:11]:>12}" for n in names))
    for label, snippet, cells in _snippet_rows(ref, results, names):
        print(f"   {label:18}" + "".join(f"{c:>12}" for c in cells) + f"  {_short(snippet, 90)}")
    if ref.corpus == "fixtures" and ours is not None and ref.expect["md"]:
        want = Path(ref.expect["md"]).read_text("utf-8").rstrip("\n").splitlines()
        got = (ours.markdown or "").rstrip("\n").splitlines()
        diff = list(difflib.unified_diff(want, got, "expected.md", "ours", lineterm=""))
        print("\n-- body_markdown diff --\n" + ("\n".join(diff) if diff else "(identical)"))
    fields = META_FIELDS[ref.corpus]
    if fields and settings.metadata:
        print("\n-- metadata --")
        for f in fields:
            print(f"   {f}: expected {ref.expect.get(f)!r}")
            for n in names:
                got = results[n]["got"]
                value = {"title": got["title"]}.get(
                    f, got["authors"] if f in ("author", "byline") else got["published"]
                )
                verdict = {True: "agree", False: "differ", None: "n/a"}[results[n]["meta"].get(f)]
                print(f"      {n:12} {verdict:7} {value!r}")


# ---------------------------------------------------------------- CLI


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpora", type=Path, default=None, help="corpora dir (default: $ARCHIVER_CORPORA or ../shared/corpora)"
    )
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES, help="fixtures dir")
    parser.add_argument("--corpus", choices=CORPORA, help="run only this corpus")
    parser.add_argument("--only", choices=EXTRACTORS, help="run only this extractor")
    parser.add_argument("--limit", type=int, help="first N pages of each corpus")
    parser.add_argument(
        "--jobs", type=int, default=1, help="worker processes (times are only comparable with the default 1)"
    )
    parser.add_argument("--page", help="one page: eval id, readability name or fixture path")
    parser.add_argument("--no-metadata", action="store_true", help="skip metadata agreement")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per extractor call")
    parser.add_argument("--results", type=Path, default=RESULTS_DIR, help="per-page JSON dir")
    parser.add_argument(
        "--write-baseline", action="store_true", help="update bench/baseline.json if our trafilatura-eval F1 improved"
    )
    parser.add_argument("--verbose", action="store_true", help="keep the extractors' log output")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; return the process exit code."""
    args = build_parser().parse_args(argv)
    if not args.verbose:
        logging.disable(logging.ERROR)
    corpora = resolve_corpora(args.corpora)
    problem = ours_problem()
    extractors = tuple(n for n in EXTRACTORS if not args.only or n == args.only)
    if problem and "ours" in extractors:
        print(f"warning: archiver.extract unavailable ({problem}); running without it", file=sys.stderr)
        extractors = tuple(n for n in extractors if n != "ours")
    if not extractors:
        return 2
    if args.write_baseline and (
        "ours" not in extractors or args.limit or args.corpus not in (None, "trafilatura-eval")
    ):
        print("--write-baseline needs ours on the full trafilatura-eval corpus", file=sys.stderr)
        return 2
    settings = Settings(extractors, metadata=not args.no_metadata, timeout=args.timeout)
    print(f"trafilatura {_version('trafilatura')}; extractors: {', '.join(extractors)}; corpora {corpora}")
    if args.page:
        ref = find_page(args.page, corpora, args.fixtures, args.corpus)
        if ref is None:
            print(f"no page {args.page!r}", file=sys.stderr)
            return 2
        print_page(ref, settings)
        return 0
    started = time.monotonic()
    for corpus in [args.corpus] if args.corpus else CORPORA:
        refs = load_corpus(corpus, corpora, args.fixtures)[: args.limit]
        if not refs:
            print(f"\n{corpus}: no pages found, skipped")
            continue
        run = run_corpus(corpus, refs, settings, jobs=args.jobs, progress=True)
        print_summary(run)
        print(f"  per-page scores: {write_results(run, args.results, bool(args.limit))}")
        if args.write_baseline and corpus == "trafilatura-eval":
            print("  " + update_baseline(run.summary))
    if args.jobs > 1:
        print("\nnote: --jobs > 1, so the times above are not comparable with single-process runs")
    print(f"\ntotal wall time {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
