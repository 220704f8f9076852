"""Profile our extract() with pyinstrument over corpus pages; write what dominates to bench/results/profile.txt.

Run from the repo root (see bench/README.md, "Speed and scale"):

    .venv/bin/python bench/hotpath.py                       # 200 pages: trafilatura-eval, readability, fixtures
    .venv/bin/python bench/hotpath.py --limit 100 --corpus trafilatura-eval

The report has the stages of extract() (its direct callees, summed over every page), the functions
with the most inclusive time and with the most self time (each with its share of all sampled time),
and pyinstrument's call tree. Pages' bytes are read before profiling; three warm-up pages go first.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
import warnings
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.corpora import CORPORA, DEFAULT_FIXTURES, load_corpus, read_bytes, resolve_corpora  # noqa: E402
from bench.timing import loadavg  # noqa: E402

DEFAULT_OUT = ROOT / "bench" / "results" / "profile.txt"


def key(frame: Any) -> str:
    """A function's name and where it is defined."""
    return f"{frame.function}  ({frame.file_path_short}:{frame.line_no})"


def aggregate(root: Any) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    """Inclusive time per function (recursion counted once), self time per function, and extract()'s stages."""
    inclusive: dict[str, float] = defaultdict(float)
    own: dict[str, float] = defaultdict(float)
    stages: dict[str, float] = defaultdict(float)

    def walk(frame: Any, active: frozenset[str]) -> None:
        if frame.is_synthetic:
            return
        k = key(frame)
        real = [c for c in frame.children if not c.is_synthetic]
        own[k] += frame.time - sum(c.time for c in real)
        if k not in active:
            inclusive[k] += frame.time
        if frame.function == "extract" and frame.file_path_short.endswith("archiver/extract.py"):
            stages["(extract itself: decode, LexborHTMLParser parse, joins)"] += frame.time - sum(c.time for c in real)
            for child in real:
                stages[key(child)] += child.time
        for child in real:
            walk(child, active | {k})

    walk(root, frozenset())
    return inclusive, own, stages


def table(title: str, items: dict[str, float], total: float, top: int) -> list[str]:
    """Rows "share  seconds  function", largest first."""
    lines = [f"\n{title}", f"{'%':>6} {'seconds':>8}  function"]
    for name, seconds in sorted(items.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"{100 * seconds / total:>6.1f} {seconds:>8.2f}  {name}")
    return lines


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", action="append", choices=CORPORA, help="corpus (repeatable; default all three)")
    parser.add_argument("--corpora", help="corpora directory (default $ARCHIVER_CORPORA or ../shared/corpora)")
    parser.add_argument("--fixtures", default=str(DEFAULT_FIXTURES), help="fixtures directory (default fixtures/)")
    parser.add_argument("--limit", type=int, default=200, help="pages in all, spread over the corpora (default 200)")
    parser.add_argument("--interval", type=float, default=0.0005, help="sampling interval in seconds")
    parser.add_argument("--top", type=int, default=30, help="rows per table (default 30)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"report (default {DEFAULT_OUT})")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Profile extract() over the pages (round-robin over the corpora) and write the report."""
    args = parse_args(argv)
    from pyinstrument import Profiler

    from archiver.extract import extract

    logging.disable(logging.WARNING)
    warnings.simplefilter("ignore")
    corpora, corpus = resolve_corpora(args.corpora), args.corpus or ["trafilatura-eval", "readability", "fixtures"]
    queues = [load_corpus(name, corpora, Path(args.fixtures)) for name in corpus]
    pages: list[tuple[bytes, str | None]] = []  # round-robin over the corpora until the limit
    for i in range(max(map(len, queues), default=0)):
        pages += [(read_bytes(q[i].html_path), q[i].url) for q in queues if i < len(q)]
    pages = pages[: args.limit]
    for data, url in pages[:3]:
        extract(data, url)
    load_start = loadavg()
    profiler = Profiler(interval=args.interval)
    failures = 0
    started = time.perf_counter()
    profiler.start()
    for data, url in pages:
        try:
            extract(data, url)
        except Exception:
            failures += 1
    profiler.stop()
    wall = time.perf_counter() - started
    root = profiler.last_session.root_frame()
    inclusive, own, stages = aggregate(root)
    total = root.time
    lines = [
        f"pyinstrument profile of archiver.extract.extract() over {len(pages)} pages "
        f"({', '.join(corpus)}); {failures} raised",
        f"wall {wall:.1f} s ({1000 * wall / len(pages):.1f} ms/page incl. profiler overhead), sampled {total:.1f} s, "
        f"interval {args.interval * 1000:.1f} ms; load average start {load_start}, end {loadavg()}",
        f"command: bench/hotpath.py {' '.join(argv if argv is not None else sys.argv[1:])}",
    ]
    lines += table("stages of extract() (its direct callees, summed over all pages)", stages, total, args.top)
    lines += table("inclusive time by function (recursion counted once)", inclusive, total, args.top)
    lines += table("self time by function (time in the function itself, including C calls it makes)", own, total,
                   args.top)  # fmt: skip
    tree = profiler.output_text(unicode=True, color=False, show_all=False)
    lines += ["\npyinstrument call tree (first 200 lines)", *tree.splitlines()[:200]]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[: 3 + 3 + 2 * args.top]))
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
