"""Run archiver.extract and bare trafilatura over corpus pages, score each page, summarise."""

from __future__ import annotations

import signal
import statistics
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from time import perf_counter
from typing import Any

from bench import scoring
from bench.corpora import META_FIELDS, PageRef, read_bytes

EXTRACTORS = ("ours", "trafilatura")


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
        # The whole time with its offset: the scorer counts the same instant as the same date (see dates_agree).
        published=article.published_at.isoformat() if article.published_at else None,
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
    # An author expectation that is only a date line ("April 28, 2019 … Updated …") names nobody: not judged.
    judged = {f: scoring.has_author(expect.get(f)) if f in ("author", "byline") else scoring.has_value(expect.get(f))
              for f in fields}  # fmt: skip
    return {f: checks[f](expect.get(f)) if judged[f] else None for f in fields}


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
