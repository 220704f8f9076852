"""Load test: one `archive run` over 10,000 distinct pages from a local publisher, under a memory ceiling.

Run from the repo root:

    .venv/bin/python bench/load_test.py                          # 10,000 pages, 1.5 GB address-space ceiling
    .venv/bin/python bench/load_test.py --pages 1000 --ceiling-mb 1024

The publisher (bench/run_site.py's generator: every page a distinct article with its own canonical URL,
og:url and JSON-LD url) runs in its own process. The run is a subprocess limited with RLIMIT_AS; its RSS
is sampled from /proc every half second together with the number of articles stored so far, so the report
shows RSS at 1k, 5k and 10k pages (memory must not grow with the number of pages), peak RSS (VmHWM) and
pages per second.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.run_site import SiteServer  # noqa: E402

DEFAULT_OUT = ROOT / "bench" / "results" / "load_test.json"
MARKS = (100, 1_000, 2_500, 5_000, 7_500, 10_000)


def rss_kb(pid: int, field: str = "VmRSS") -> int | None:
    """The resident set size of ``pid`` in kB, now (VmRSS) or at its peak (VmHWM); None once it has exited."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def stored(db: Path) -> int:
    """Articles in the archive so far (0 while it is being created)."""
    try:
        with sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def sample(pid: int, db: Path, samples: list[tuple[float, int, int]], started: float, stop: threading.Event,
           peak: list[int]) -> None:  # fmt: skip
    """Every half second: (seconds since start, articles stored, RSS kB) of the run, and its peak RSS so far.

    The peak is the process's own high-water mark (VmHWM), reset at exec; wait4's ru_maxrss is not used
    because it also counts this benchmark process (which holds the whole site) as the child starts.
    """
    while not stop.wait(0.5):
        rss, hwm = rss_kb(pid), rss_kb(pid, "VmHWM")
        if rss is None or hwm is None:
            return
        peak[0] = max(peak[0], hwm)
        samples.append((round(time.perf_counter() - started, 1), stored(db), rss))


def load_test(pages: int, ceiling_mb: int, workdir: Path) -> dict[str, Any]:
    """Serve ``pages`` articles, archive them in one run under the ceiling, and measure."""
    site = SiteServer(pages)
    db = workdir / "archive.db"
    cmd = [sys.executable, "-m", "archiver"]
    try:
        for url, kind in ((site.site.sitemap_index, "sitemap"), (site.site.feed, "feed")):
            subprocess.run([*cmd, "sources", "add", url, "--kind", kind, "--db", str(db)], check=True,
                           capture_output=True, cwd=ROOT)  # fmt: skip
        limit = ceiling_mb * 1024 * 1024
        run_args = ["run", "--db", str(db), "--max-pages", str(pages * 2), "--max-minutes", "120", "--delay", "0",
                    "--allow-private"]  # fmt: skip
        samples: list[tuple[float, int, int]] = []
        peak = [0]
        stop = threading.Event()
        out_path = workdir / "run.out"
        with out_path.open("wb") as out:
            started = time.perf_counter()
            # The ceiling is set right after the start, before the run allocates anything to speak of.
            proc = subprocess.Popen([*cmd, *run_args], stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    cwd=ROOT)  # fmt: skip
            resource.prlimit(proc.pid, resource.RLIMIT_AS, (limit, limit))
            sampler = threading.Thread(target=sample, args=(proc.pid, db, samples, started, stop, peak),
                                       daemon=True)  # fmt: skip
            sampler.start()
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - started
            stop.set()
            sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        server = site.stats()
    finally:
        site.close()
    output = out_path.read_text(errors="replace").strip().splitlines()
    articles = stored(db)
    first = next((t for t, n, _ in samples if n > 0), None)
    at_marks = {}
    for mark in MARKS:
        hit = next(((t, n, rss) for t, n, rss in samples if n >= mark), None)
        if hit:
            at_marks[f"{mark:,}"] = {"seconds": hit[0], "articles": hit[1], "rss_mb": round(hit[2] / 1024, 1)}
    steady = [rss for _, n, rss in samples if n >= min(1_000, pages // 10)]
    return {
        "pages": pages, "ceiling_mb": ceiling_mb, "returncode": proc.returncode, "summary": output[-1:],
        "articles": articles, "wall_seconds": round(wall, 1),
        "pages_per_second": round(articles / wall, 1),
        "pages_per_second_after_first_article": round(articles / (wall - first), 1) if first else None,
        "peak_rss_mb": round(peak[0] / 1024, 1), "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
        "rss_at": at_marks,
        "rss_growth_mb_after_1k": round((max(steady) - min(steady)) / 1024, 1) if steady else None,
        "db_mb": round(db.stat().st_size / 2**20, 1), "server_requests": server.get("requests"),
        "errors_in_output": [line for line in output if line.startswith(("FAILED", "Traceback", "MemoryError"))][:5],
        "samples": samples,
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--ceiling-mb", type=int, default=1536, help="RLIMIT_AS of the run process")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="load-test-") as tmp:
        report = load_test(args.pages, args.ceiling_mb, Path(tmp))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print(json.dumps({k: v for k, v in report.items() if k != "samples"}, indent=2))
    ok = report["returncode"] == 0 and report["articles"] == args.pages
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
