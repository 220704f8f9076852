"""Speed benchmark: our extract() against bare trafilatura, readability-lxml, newspaper4k and a selectolax parse.

Run from the repo root (see bench/README.md, "Speed and scale"):

    .venv/bin/python bench/speed.py                                   # every corpus page, each extractor once
    .venv/bin/python bench/speed.py --corpus fixtures --repeat 5
    .venv/bin/python bench/speed.py --limit 200 --only ours,trafilatura

All extractors run in this one process over the same pages. Each page's raw bytes are read (and
gunzipped) once before any timing; the loop is page-major (every extractor on page 1, then every
extractor on page 2, …, in an order that rotates per page), so load from other processes falls on
all extractors alike. Each call is timed with perf_counter (wall) and thread_time (CPU).
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import signal
import socket
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.corpora import CORPORA, DEFAULT_FIXTURES, load_corpus, read_bytes, resolve_corpora  # noqa: E402
from bench.timing import Window, host_info, summarize_ms  # noqa: E402

DEFAULT_OUT = ROOT / "bench" / "results" / "speed.json"
NAMES = ("ours", "trafilatura", "readability", "newspaper4k", "selectolax")
FALLBACK_URL = "https://www.example.com/news/article"  # newspaper4k wants some URL
WARMUP_PAGES = 3


class CallTimeout(Exception):
    """An extractor call ran past --timeout."""


class NetworkRefused(RuntimeError):
    """An extractor tried to use the network during the benchmark."""


@dataclass
class Page:
    """One page held in memory: where it came from, the URL to pass and its raw bytes."""

    corpus: str
    page_id: str
    url: str | None
    data: bytes


@dataclass
class Timings:
    """Per-page times of one extractor (seconds), and what went wrong."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    empty: int = 0


def refuse_network() -> Counter:
    """Make every socket connect/DNS lookup raise (extraction must be offline); count the attempts."""
    attempts: Counter = Counter()

    def connect(self: socket.socket, address: Any) -> None:
        attempts[str(address)] += 1
        raise NetworkRefused(f"network access refused during the benchmark: {address}")

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        attempts[str(host)] += 1
        raise NetworkRefused(f"DNS lookup refused during the benchmark: {host}")

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo  # type: ignore[assignment]
    return attempts


def make_extractors(only: set[str]) -> tuple[dict[str, Callable[[bytes, str | None], Any]], dict[str, str]]:
    """The extractors that can be imported, each a (raw bytes, url) -> result callable; and why others are missing."""
    found: dict[str, Callable[[bytes, str | None], Any]] = {}
    missing: dict[str, str] = {}
    if "ours" in only:
        try:
            from archiver.extract import extract as ours

            found["ours"] = lambda data, url: ours(data, url).body_text
        except ImportError as exc:
            missing["ours"] = str(exc)
    if "trafilatura" in only:
        import trafilatura

        found["trafilatura"] = lambda data, url: trafilatura.extract(data, url=url)
    if "readability" in only:
        try:
            from readability import Document

            found["readability"] = lambda data, url: Document(data, url=url).summary()
        except ImportError as exc:
            missing["readability"] = f"{exc} (pip install -e '.[bench]')"
    if "newspaper4k" in only:
        try:
            found["newspaper4k"] = _newspaper()
        except ImportError as exc:
            missing["newspaper4k"] = f"{exc} (pip install -e '.[bench]')"
    if "selectolax" in only:
        from selectolax.lexbor import LexborHTMLParser

        found["selectolax"] = lambda data, url: LexborHTMLParser(data).root
    return found, missing


def _newspaper() -> Callable[[bytes, str | None], Any]:
    """newspaper4k from HTML: no download, no image fetching, no NLP; tldextract on its bundled suffix list."""
    import tldextract.tldextract as tld

    # The default extractor fetches the public suffix list from the network on first use.
    tld.TLD_EXTRACTOR = tld.TLDExtract(cache_dir=None, suffix_list_urls=())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "nltk is not installed": only its nlp() step needs it
        import newspaper

    def run(data: bytes, url: str | None) -> str:
        article = newspaper.Article(url or FALLBACK_URL, fetch_images=False)
        article.download(input_html=data)
        article.parse()
        return article.text

    return run


def load_pages(corpora: Path, fixtures: Path, corpus: list[str], limit: int | None) -> list[Page]:
    """Every page of the chosen corpora, bytes in memory (gunzipped), at most ``limit`` per corpus."""
    pages = []
    for name in corpus:
        refs = load_corpus(name, corpora, fixtures)
        for ref in refs[:limit] if limit else refs:
            pages.append(Page(ref.corpus, ref.page_id, ref.url, read_bytes(ref.html_path)))
    return pages


def timed_call(fn: Callable[[bytes, str | None], Any], page: Page, timeout: float) -> tuple[float, float, Any, str]:
    """Call ``fn`` on the page under a timeout: (wall s, CPU s, result, error type or '')."""
    signal.setitimer(signal.ITIMER_REAL, timeout)
    cpu0, wall0 = time.thread_time(), time.perf_counter()
    result, error = None, ""
    try:
        result = fn(page.data, page.url)
    except CallTimeout:
        error = "timeout"
    except Exception as exc:
        error = type(exc).__name__
    finally:
        wall, cpu = time.perf_counter() - wall0, time.thread_time() - cpu0
        signal.setitimer(signal.ITIMER_REAL, 0)
    return wall, cpu, result, error


def run(pages: list[Page], extractors: dict[str, Callable], repeat: int, timeout: float) -> dict[str, Any]:
    """The page-major loop: per page, every extractor (rotating order) ``repeat`` times; keep each one's fastest."""

    def on_alarm(signum: int, frame: Any) -> None:
        raise CallTimeout()

    signal.signal(signal.SIGALRM, on_alarm)
    names = list(extractors)
    for page in pages[:WARMUP_PAGES]:  # imports, compiled regexes, lazy tables: not part of any page's time
        for name in names:
            timed_call(extractors[name], page, timeout)
    times = {name: Timings() for name in names}
    per_page: list[dict[str, Any]] = []
    started = time.perf_counter()
    for index, page in enumerate(pages):
        gc.collect()  # garbage from the previous page is not charged to whichever extractor runs first
        order = names[index % len(names) :] + names[: index % len(names)]
        best: dict[str, tuple[float, float, str, bool]] = {}
        for _ in range(repeat):
            for name in order:
                wall, cpu, result, error = timed_call(extractors[name], page, timeout)
                if name not in best or wall < best[name][0]:
                    best[name] = (wall, cpu, error, not result)
        record = {"corpus": page.corpus, "page": page.page_id, "bytes": len(page.data)}
        for name in names:
            wall, cpu, error, empty = best[name]
            t = times[name]
            t.wall.append(wall)
            t.cpu.append(cpu)
            if error:
                t.errors[error] += 1
            elif empty and name != "selectolax":
                t.empty += 1
            record[name] = {"ms": round(1000 * wall, 3), "cpu_ms": round(1000 * cpu, 3), "error": error or None}
        per_page.append(record)
        if (index + 1) % 100 == 0:
            elapsed = time.perf_counter() - started
            print(f"  {index + 1}/{len(pages)} pages, {elapsed:.0f} s", file=sys.stderr, flush=True)
    return {"times": times, "per_page": per_page}


def summarize(times: dict[str, Timings], per_page: list[dict[str, Any]]) -> dict[str, Any]:
    """Per extractor: median/p95 wall and CPU ms, pages/s, errors, and ratios ours/extractor."""
    out: dict[str, Any] = {}
    for name, t in times.items():
        total = sum(t.wall)
        out[name] = {
            **summarize_ms(t.wall),
            "cpu": summarize_ms(t.cpu),
            "total_s": round(total, 3),
            "pages_per_s": round(len(t.wall) / total, 2) if total else None,
            "errors": dict(t.errors),
            "empty": t.empty,
        }
    if "ours" in out:
        ours = out["ours"]
        for s in out.values():
            s["ratio_ours_to_this"] = {
                "median": _ratio(ours["median_ms"], s["median_ms"]),
                "p95": _ratio(ours["p95_ms"], s["p95_ms"]),
                "total": _ratio(ours["total_s"], s["total_s"]),
                "cpu_median": _ratio(ours["cpu"]["median_ms"], s["cpu"]["median_ms"]),
            }
    by_corpus: dict[str, Any] = {}
    for corpus in dict.fromkeys(r["corpus"] for r in per_page):
        rows = [r for r in per_page if r["corpus"] == corpus]
        by_corpus[corpus] = {name: summarize_ms([r[name]["ms"] / 1000 for r in rows]) for name in times}
    return {"extractors": out, "by_corpus": by_corpus}


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a is not None and b else None


def print_report(report: dict[str, Any]) -> None:
    """The table: median/p95 ms, pages/s and ratios to ours; then per corpus medians."""
    s = report["summary"]["extractors"]
    print(
        f"\n{report['pages']} pages ({', '.join(f'{k} {v}' for k, v in report['pages_by_corpus'].items())}), "
        f"repeat {report['repeat']}, one process; load average start {report['window']['loadavg_start']}, "
        f"end {report['window']['loadavg_end']}; other processes used "
        f"{report['window']['other_processes_cpu_s']} CPU s of {report['window']['machine_cpu_capacity_s']}"
    )
    head = (
        f"{'extractor':12} {'median ms':>9} {'p95 ms':>8} {'mean ms':>8} {'pages/s':>8} {'CPU med':>8} "
        f"{'ours/x med':>10} {'ours/x p95':>10} {'ours/x tot':>10} {'errors':>6} {'empty':>5}"
    )
    print(head)
    for name, r in s.items():
        ratio = r.get("ratio_ours_to_this", {})
        print(
            f"{name:12} {r['median_ms']:>9.2f} {r['p95_ms']:>8.2f} {r['mean_ms']:>8.2f} {r['pages_per_s']:>8.1f} "
            f"{r['cpu']['median_ms']:>8.2f} {_fmt(ratio.get('median')):>10} {_fmt(ratio.get('p95')):>10} "
            f"{_fmt(ratio.get('total')):>10} {sum(r['errors'].values()):>6} {r['empty']:>5}"
        )
    for name, r in s.items():
        if r["errors"]:
            print(f"  {name} errors: {r['errors']}")
    print("\nmedian ms per corpus")
    names = list(s)
    print(f"{'corpus':18}" + "".join(f"{n:>13}" for n in names))
    for corpus, row in report["summary"]["by_corpus"].items():
        print(f"{corpus:18}" + "".join(f"{_fmt(row[n]['median_ms'], 2):>13}" for n in names))
    if "ours" in s:
        targets = report["targets"]
        for label, value in targets.items():
            print(f"target {label}: {value}")
    for name, why in report["missing"].items():
        print(f"not run: {name}: {why}")


def _fmt(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", action="append", choices=CORPORA,
                        help="corpus to time (repeatable; default: all three)")  # fmt: skip
    parser.add_argument("--corpora", help="corpora directory (default $ARCHIVER_CORPORA or ../shared/corpora)")
    parser.add_argument("--fixtures", default=str(DEFAULT_FIXTURES), help="fixtures directory (default fixtures/)")
    parser.add_argument("--limit", type=int, help="first N pages of each corpus")
    parser.add_argument("--repeat", type=int, default=1, help="calls per page and extractor; the fastest counts")
    parser.add_argument("--only", help=f"comma-separated extractors (default all: {','.join(NAMES)})")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per call before it counts as a timeout")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"JSON results (default {DEFAULT_OUT})")
    parser.add_argument("--verbose", action="store_true", help="keep the extractors' log output")
    args = parser.parse_args(argv)
    args.only_set = set((args.only or ",".join(NAMES)).split(","))
    if unknown := args.only_set - set(NAMES):
        parser.error(f"unknown extractor(s) {sorted(unknown)}; choose from {', '.join(NAMES)}")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    """Load the pages, time every extractor on each, print and write the results."""
    args = parse_args(argv)
    if not args.verbose:
        logging.disable(logging.WARNING)
        warnings.simplefilter("ignore")
    corpora = resolve_corpora(args.corpora)
    corpus = args.corpus or list(CORPORA)
    pages = load_pages(corpora, Path(args.fixtures), corpus, args.limit)
    if not pages:
        print(f"no pages found (corpora {corpora}, fixtures {args.fixtures})", file=sys.stderr)
        return 2
    extractors, missing = make_extractors(args.only_set)
    extractors = {n: extractors[n] for n in NAMES if n in extractors}
    attempts = refuse_network()
    print(f"timing {', '.join(extractors)} on {len(pages)} pages ...", file=sys.stderr, flush=True)
    window = Window()
    started = time.perf_counter()
    result = run(pages, extractors, args.repeat, args.timeout)
    wall = time.perf_counter() - started
    summary = summarize(result["times"], result["per_page"])
    report: dict[str, Any] = {
        "bench": "speed",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "bench/speed.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "host": host_info(),
        "pages": len(pages),
        "pages_by_corpus": dict(Counter(p.corpus for p in pages)),
        "partial": bool(args.limit),
        "repeat": args.repeat,
        "wall_s": round(wall, 1),
        "window": window.close(),
        "network_attempts": dict(attempts),
        "missing": missing,
        "summary": summary,
        "targets": {},
        "per_page": result["per_page"],
    }
    s = summary["extractors"]
    if "ours" in s and "trafilatura" in s:
        r = s["trafilatura"]["ratio_ours_to_this"]["median"]
        report["targets"]["ours <= 1.0x trafilatura (median)"] = f"{r}x -> {'met' if r <= 1.0 else 'MISSED'}"
    if "ours" in s and "selectolax" in s:
        r = s["selectolax"]["ratio_ours_to_this"]["median"]
        report["targets"]["ours <= 25x selectolax parse (median)"] = f"{r}x -> {'met' if r <= 25 else 'MISSED'}"
    print_report(report)
    if attempts:
        print(f"network attempts refused: {dict(attempts)}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
