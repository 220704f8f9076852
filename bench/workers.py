"""Worker benchmark: `archive reextract` (archiver.pipeline.reextract) with 1 worker against 2, on the same archive.

Run from the repo root (see bench/README.md, "Speed and scale"):

    .venv/bin/python bench/workers.py                         # 1,000 articles, workers 1 then 2
    .venv/bin/python bench/workers.py --articles 2000 --rounds 2 --keep

The archive is built once the real way (extract + store_article, snapshots kept) from the corpus
pages and the fixtures, under a temporary directory. Each measurement runs reextract on a fresh copy
of it, so every run starts from the same state; nothing changed, so every article comes out
"unchanged" (the storing cost is the cheap path, as after a rule change that touches few articles).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.corpora import CORPORA, DEFAULT_FIXTURES, resolve_corpora  # noqa: E402
from bench.realarchive import build, page_pool  # noqa: E402
from bench.timing import Window, host_info, loadavg  # noqa: E402

DEFAULT_OUT = ROOT / "bench" / "results" / "workers.json"


def time_reextract(source: Path, workdir: Path, workers: int, label: str) -> dict[str, Any]:
    """reextract(workers=N) on a fresh copy of the archive: wall time, articles/s, outcomes, CPU and load."""
    import logging

    from archiver.pipeline import reextract
    from archiver.schema import open_archive

    copy = workdir / f"reextract-{label}.db"
    shutil.copyfile(source, copy)
    logging.disable(logging.WARNING)
    db = open_archive(copy)
    articles = db.execute("select count(*) from articles").fetchone()[0]
    window = Window()
    started = time.perf_counter()
    results = reextract(db, workers=workers)
    wall = time.perf_counter() - started
    figures = window.close()
    db.conn.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    return {
        "workers": workers,
        "articles": articles,
        "wall_s": round(wall, 2),
        "articles_per_s": round(len(results) / wall, 2),
        "ms_per_article": round(1000 * wall / max(len(results), 1), 2),
        "outcomes": dict(Counter(r.outcome for r in results)),
        **figures,
    }


def measure(source: Path, workdir: Path, worker_list: list[int], rounds: int) -> list[dict[str, Any]]:
    """Every worker count, ``rounds`` times, alternating (1, 2, 1, 2, …) so drift in load hits both."""
    runs = []
    for r in range(rounds):
        for workers in worker_list:
            print(f"reextract with workers={workers} (round {r + 1}) ...", file=sys.stderr, flush=True)
            result = time_reextract(source, workdir, workers, f"w{workers}-r{r}")
            result["round"] = r + 1
            print(f"  {result['wall_s']} s, {result['articles_per_s']} articles/s, load {result['loadavg_start']}",
                  file=sys.stderr, flush=True)  # fmt: skip
            runs.append(result)
    return runs


def speedups(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Per worker count the best wall time over the rounds, and the speed-up of each against the first count."""
    best: dict[int, float] = {}
    for run in runs:
        best[run["workers"]] = min(best.get(run["workers"], float("inf")), run["wall_s"])
    base = best[runs[0]["workers"]]
    return {str(w): {"best_wall_s": t, "speedup": round(base / t, 2)} for w, t in best.items()}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="articles in the archive (default 1000)")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts (default 1,2)")
    parser.add_argument("--rounds", type=int, default=1, help="times to measure each worker count (default 1)")
    parser.add_argument("--corpus", action="append", choices=CORPORA, help="pages to build from (default all)")
    parser.add_argument("--corpora", help="corpora directory (default $ARCHIVER_CORPORA or ../shared/corpora)")
    parser.add_argument("--fixtures", default=str(DEFAULT_FIXTURES), help="fixtures directory (default fixtures/)")
    parser.add_argument("--db", type=Path, help="reuse (or build at) this archive instead of a temporary one")
    parser.add_argument("--keep", action="store_true", help="keep the built archive (printed at the end)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"JSON results (default {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    args.worker_list = [int(w) for w in args.workers.split(",") if w.strip()]
    if not args.worker_list or min(args.worker_list) < 1 or args.articles < 1 or args.rounds < 1:
        parser.error("--articles, --rounds and every --workers value must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    """Build (or reuse) the archive, time reextract per worker count, print and write the results."""
    args = parse_args(argv)
    load_start = loadavg()
    workdir = Path(tempfile.mkdtemp(prefix="bench-workers-"))
    source = args.db or workdir / "archive.db"
    try:
        if source.exists():
            built = {"reused": str(source)}
        else:
            pool = page_pool(resolve_corpora(args.corpora), Path(args.fixtures), args.corpus)
            print(f"building an archive of {args.articles} articles from {len(pool)} real pages ...", file=sys.stderr)
            built = build(source, pool, args.articles)
        runs = measure(source, workdir, args.worker_list, args.rounds)
    finally:
        if not args.keep and not args.db:
            shutil.rmtree(workdir, ignore_errors=True)
    report = {
        "bench": "workers",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "bench/workers.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "host": host_info() | {"loadavg_start": load_start, "loadavg_end": loadavg()},
        "archive": built,
        "runs": runs,
        "speedup": speedups(runs),
    }
    print(f"\narchive: {built}")
    print(f"{'workers':>7} {'round':>5} {'wall s':>8} {'articles/s':>10} {'ms/article':>10} {'own CPU s':>9} "
          f"{'others CPU s':>12} {'load at start':>18}  outcomes")  # fmt: skip
    for r in runs:
        print(f"{r['workers']:>7} {r['round']:>5} {r['wall_s']:>8.2f} {r['articles_per_s']:>10.2f} "
              f"{r['ms_per_article']:>10.2f} {r['own_cpu_s']:>9.1f} {r['other_processes_cpu_s']:>12.1f} "
              f"{r['loadavg_start']!s:>18}  {r['outcomes']}")  # fmt: skip
    for w, s in report["speedup"].items():
        print(f"workers {w}: best {s['best_wall_s']} s, speed-up {s['speedup']}x")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}" + (f"; archive kept at {source}" if args.keep and not args.db else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
