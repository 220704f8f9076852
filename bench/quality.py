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
import gzip
import json
import logging
import os
import signal
import statistics
import sys
import textwrap
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from time import perf_counter
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import scoring  # noqa: E402

CORPORA = ("trafilatura-eval", "readability", "fixtures")
EXTRACTORS = ("ours", "trafilatura")
DEFAULT_CORPORA = ROOT / ".." / "shared" / "corpora"
DEFAULT_FIXTURES = ROOT / "fixtures"
RESULTS_DIR = ROOT / "bench" / "results"
BASELINE = ROOT / "bench" / "baseline.json"
META_FIELDS = {
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


@dataclass(frozen=True)
class Settings:
    """What to run on each page."""

    extractors: tuple[str, ...] = EXTRACTORS
    metadata: bool = True
    timeout: float = 60.0


@dataclass
class Output:
    """What one extractor produced for one page; text is None when it crashed or found nothing."""

    text: str | None = None
    markdown: str | None = None
    seconds: float | None = None
    error: str | None = None
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    removed: list[list[str]] = field(default_factory=list)
    meta_error: str | None = None


@dataclass
class CorpusRun:
    """Per-page records and the summary of one corpus run."""

    corpus: str
    records: list[dict[str, Any]]
    summary: dict[str, Any]


# ---------------------------------------------------------------- corpora


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


# ---------------------------------------------------------------- extractors


def ours_problem() -> str | None:
    """None when archiver.extract can be imported, else why not."""
    try:
        import archiver

        archiver.extract  # noqa: B018
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def extract_ours(html: bytes, url: str | None, metadata: bool) -> Output:
    """Run archiver.extract, timing the call only."""
    import archiver

    start = perf_counter()
    article = archiver.extract(html, url=url)
    seconds = perf_counter() - start
    return Output(
        text=article.body_text or None,
        markdown=getattr(article, "body_markdown", None),
        seconds=seconds,
        title=article.title,
        authors=list(article.authors or []),
        published=scoring.day_of(article.published_at),
        removed=[[r.rule, r.text] for r in article.removed or []],
    )


def extract_trafilatura(html: bytes, url: str | None, metadata: bool) -> Output:
    """Run bare trafilatura.extract (timed), then extract_metadata (untimed) when asked."""
    import trafilatura

    start = perf_counter()
    text = trafilatura.extract(html, url=url)
    out = Output(text=text or None, seconds=perf_counter() - start)
    if metadata:
        try:
            meta = trafilatura.extract_metadata(html, default_url=url)
            out.title, out.published = meta.title, scoring.day_of(meta.date)
            out.authors = [meta.author] if meta.author else []
        except Exception as exc:
            out.meta_error = f"{type(exc).__name__}: {exc}"[:300]
    return out


RUNNERS: dict[str, Callable[[bytes, str | None, bool], Output]] = {
    "ours": extract_ours,
    "trafilatura": extract_trafilatura,
}


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise TimeoutError in the block after `seconds` (main thread only; 0 disables)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise TimeoutError(f"no result after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_extractor(name: str, html: bytes, url: str | None, settings: Settings) -> Output:
    """Run one extractor on one page; any exception becomes Output.error (a crash)."""
    try:
        with deadline(settings.timeout):
            return RUNNERS[name](html, url, settings.metadata)
    except Exception as exc:
        return Output(error=f"{type(exc).__name__}: {exc}"[:300])


# ---------------------------------------------------------------- per-page scoring


def _common(out: Output) -> dict[str, Any]:
    """Fields every per-page result carries."""
    return {
        "seconds": out.seconds,
        "error": out.error,
        "meta_error": out.meta_error,
        "empty": out.error is None and out.text is None,
        "words": len((out.text or "").split()),
        "got": {"title": out.title, "authors": out.authors, "published": out.published},
    }


def _meta(expect: dict[str, Any], fields: Sequence[str], out: Output) -> dict[str, bool | None]:
    """Per-field agreement with the expectation; None where nothing is expected."""
    checks = {
        "title": lambda e: scoring.titles_agree(e, out.title),
        "author": lambda e: scoring.authors_agree(e, out.authors),
        "byline": lambda e: scoring.authors_agree(e, out.authors),
        "date": lambda e: scoring.dates_agree(e, out.published),
        "publishedTime": lambda e: scoring.dates_agree(e, out.published),
    }
    return {f: checks[f](expect.get(f)) if scoring.has_value(expect.get(f)) else None for f in fields}


def score_trafilatura_eval(ref: PageRef, out: Output, metadata: bool) -> dict[str, Any]:
    """Snippet counts, per-page P/R/F1 and metadata agreement for one eval page."""
    snip = scoring.score_snippets(out.text, ref.expect["with"] or [], ref.expect["without"] or [])
    c = snip.counts
    fields = META_FIELDS[ref.corpus] if metadata else ()
    return _common(out) | {
        "tp": c.tp,
        "fp": c.fp,
        "fn": c.fn,
        "tn": c.tn,
        "precision": c.precision(),
        "recall": c.recall(),
        "f1": c.f1(),
        "missed": snip.missed,
        "leaked": snip.leaked,
        "meta": _meta(ref.expect, fields, out),
    }


def score_readability(ref: PageRef, out: Output, metadata: bool, reference: str) -> dict[str, Any]:
    """Shingle P/R/F1, uncovered paragraphs and metadata agreement for one readability page."""
    prf = scoring.shingle_prf(out.text, reference)
    fields = META_FIELDS[ref.corpus] if metadata else ()
    return _common(out) | {
        "precision": prf.precision,
        "recall": prf.recall,
        "f1": prf.f1,
        "missed": scoring.uncovered_blocks(scoring.lines_of(reference), out.text)[:30],
        "leaked": scoring.uncovered_blocks(scoring.lines_of(out.text), reference)[:30],
        "meta": _meta(ref.expect, fields, out),
    }


def score_fixture(ref: PageRef, out: Output, expected_md: str | None) -> dict[str, Any]:
    """Exact markdown match, must(_not)_contain checks and shingle P/R/F1 for one fixture."""
    spec = ref.expect["spec"]
    haystack = scoring.norm_ws(out.text or "")
    exact = None
    if expected_md is not None and out.markdown is not None:
        exact = out.markdown.rstrip("\n") == expected_md.rstrip("\n")
    elif expected_md is not None and out.error:
        exact = False
    prf = scoring.shingle_prf(out.text, scoring.markdown_text(expected_md or ""))
    return _common(out) | {
        "precision": prf.precision,
        "recall": prf.recall,
        "f1": prf.f1,
        "exact": exact,
        "leaked": [s for s in spec.get("must_not_contain", []) if scoring.norm_ws(s) in haystack],
        "missed": [s for s in spec.get("must_contain", []) if scoring.norm_ws(s) not in haystack],
        "meta": {},
    }


def evaluate(ref: PageRef, settings: Settings, keep_outputs: bool = False) -> dict[str, Any]:
    """Run every extractor on one page and score them (never raises)."""
    try:
        html = read_bytes(ref.html_path)
        outputs = {name: run_extractor(name, html, ref.url, settings) for name in settings.extractors}
    except Exception as exc:
        problem = f"unreadable page: {type(exc).__name__}: {exc}"
        outputs = {name: Output(error=problem) for name in settings.extractors}
    record: dict[str, Any] = {"id": ref.page_id, "url": ref.url, "results": {}}
    if ref.corpus == "trafilatura-eval":
        for name, out in outputs.items():
            record["results"][name] = score_trafilatura_eval(ref, out, settings.metadata)
    elif ref.corpus == "readability":
        try:
            reference = scoring.html_text(read_bytes(ref.expect["expected_html"]))
        except Exception as exc:
            record["reference_error"] = f"{type(exc).__name__}: {exc}"
            reference = ""
        for name, out in outputs.items():
            record["results"][name] = score_readability(ref, out, settings.metadata, reference)
    else:
        md_path = ref.expect["md"]
        expected_md = Path(md_path).read_text("utf-8") if md_path else None
        for name, out in outputs.items():
            record["results"][name] = score_fixture(ref, out, expected_md)
    if keep_outputs:
        record["_outputs"] = outputs
    return record


# ---------------------------------------------------------------- corpus runs and summaries


def _median_ms(results: list[dict[str, Any]]) -> float | None:
    """Median extraction time in milliseconds over the calls that returned."""
    times = [r["seconds"] * 1000 for r in results if r["seconds"] is not None]
    return statistics.median(times) if times else None


def _mean(values: list[float]) -> float:
    """Arithmetic mean, 0 for no values."""
    return sum(values) / len(values) if values else 0.0


def summarize(corpus: str, records: list[dict[str, Any]], extractors: Sequence[str]) -> dict[str, Any]:
    """Corpus-level scores for each extractor, plus the median-time ratio."""
    summary: dict[str, Any] = {"pages": len(records), "extractors": {}}
    for name in extractors:
        rs = [r["results"][name] for r in records]
        s: dict[str, Any] = {
            "crashes": sum(1 for r in rs if r["error"]),
            "crash_types": dict(Counter(r["error"].split(":")[0] for r in rs if r["error"])),
            "empty": sum(1 for r in rs if r["empty"]),
            "median_ms": _median_ms(rs),
        }
        if corpus == "trafilatura-eval":
            total = scoring.Counts()
            for r in rs:
                total.add(scoring.Counts(r["tp"], r["fp"], r["fn"], r["tn"]))
            s |= {
                "precision": total.precision(),
                "recall": total.recall(),
                "f1": total.f1(),
                "accuracy": total.accuracy(),
                "tp": total.tp,
                "fp": total.fp,
                "fn": total.fn,
                "tn": total.tn,
            }
        else:
            s |= {k: _mean([r[k] for r in rs]) for k in ("precision", "recall", "f1")}
        if corpus == "fixtures":
            s |= {
                "exact": sum(1 for r in rs if r["exact"]),
                "exact_n": sum(1 for r in rs if r["exact"] is not None),
                "must_not_hits": sum(len(r["leaked"]) for r in rs),
                "must_contain_missed": sum(len(r["missed"]) for r in rs),
            }
        meta = {}
        for f in META_FIELDS[corpus]:
            judged = [r["meta"][f] for r in rs if r["meta"].get(f) is not None]
            if judged:
                meta[f] = {"n": len(judged), "agree": sum(judged), "rate": sum(judged) / len(judged)}
        s["meta"] = meta
        summary["extractors"][name] = s
    ours, theirs = (summary["extractors"].get(n, {}).get("median_ms") for n in EXTRACTORS)
    summary["time_ratio"] = ours / theirs if ours and theirs else None
    return summary


def run_corpus(
    corpus: str, refs: Sequence[PageRef], settings: Settings, jobs: int = 1, progress: bool = False
) -> CorpusRun:
    """Evaluate the pages (in this process when jobs == 1) and summarise them."""
    started, records = time.monotonic(), []
    work = partial(evaluate, settings=settings)
    if jobs > 1 and len(refs) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results: Iterator[dict[str, Any]] = pool.map(work, refs, chunksize=4)
            records = _collect(results, len(refs), corpus, started, progress)
    else:
        records = _collect(map(work, refs), len(refs), corpus, started, progress)
    summary = summarize(corpus, records, settings.extractors)
    summary["wall_seconds"] = time.monotonic() - started
    summary["jobs"] = jobs
    return CorpusRun(corpus, records, summary)


def _collect(
    results: Iterator[dict[str, Any]], total: int, corpus: str, started: float, progress: bool
) -> list[dict[str, Any]]:
    """Drain results, printing a progress line to stderr every 100 pages."""
    records = []
    for i, record in enumerate(results, 1):
        records.append(record)
        if progress and (i % 100 == 0 or i == total):
            print(f"  {corpus}: {i}/{total} pages, {time.monotonic() - started:.0f} s", file=sys.stderr)
    return records


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
    header = "".join(f"{n[:11]:>12}" for n in names)
    labels = {
        "trafilatura-eval": ("with", "without"),
        "readability": ("expected paragraph", "extra paragraph"),
        "fixtures": ("must_contain", "must_not_contain"),
    }[ref.corpus]
    if ref.corpus == "trafilatura-eval":
        rows = [(labels[0], s, [s in results[n]["missed"] for n in names]) for s in ref.expect["with"] or []]
        rows += [(labels[1], s, [s in results[n]["leaked"] for n in names]) for s in ref.expect["without"] or []]
        marks = ("MISS", "LEAK")
    else:
        rows = [
            (labels[0], s, [s in results[n]["missed"] for n in names])
            for s in dict.fromkeys(x for n in names for x in results[n]["missed"])
        ]
        rows += [
            (f"{labels[1]} ({n})", s, [s in results[m]["leaked"] if m == n else False for m in names])
            for n in names
            for s in results[n]["leaked"]
        ]
        marks = ("MISS", "LEAK" if ref.corpus == "fixtures" else "EXTRA")
    print(f"\n-- snippets {header}")
    for label, snippet, bad in rows:
        mark = marks[0] if label == labels[0] else marks[1]
        cells = "".join(f"{mark if b else 'ok':>12}" for b in bad)
        print(f"   {label[:20]:20}{cells}  {_short(snippet, 90)}")
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
