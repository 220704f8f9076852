"""Run benchmark: `archive run` end to end against a local publisher of N distinct article pages.

Run from the repo root (see bench/README.md, "Run benchmark"):

    .venv/bin/python bench/run_bench.py                       # 1,000 pages, --workers 1 then 2
    .venv/bin/python bench/run_bench.py --pages 200 --workers 2 --out /tmp/run_bench.json

For each worker count, on a fresh database: run 1 archives the whole site (wall time, pages/s, CPU
time and peak RSS of the `archive run` process tree, database size); run 2 is the no-op re-run
(nothing changed: only the source documents are asked, all 304); run 3 makes every article due and
re-runs, so every article is a conditional request answered 304. The publisher runs in its own process.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.run_site import FEED_ITEMS, SiteServer  # noqa: E402

DEFAULT_OUT = ROOT / "bench" / "results" / "run_bench.json"
SUMMARY_RE = re.compile(
    r"(?P<new>\d+) new, (?P<changed>\d+) changed, (?P<notes_added>\d+) note\(s\) added, (?P<unchanged>\d+) unchanged "
    r"\((?P<not_modified>\d+) not modified\), (?P<failed>\d+) failed, (?P<skipped>\d+) skipped by robots/policy; "
    r"(?P<sources>\d+) source\(s\) checked \((?P<sources_not_modified>\d+) not modified\), "
    r"(?P<requests>\d+) request\(s\)"
    r"(?:; (?P<left>\d+) left)?"
)
CLK_TCK = os.sysconf("SC_CLK_TCK")


def archive_command() -> list[str]:
    """The `archive` console script of this checkout's venv (or `python -m archiver`)."""
    script = ROOT / ".venv" / "bin" / "archive"
    return [str(script)] if script.exists() else [sys.executable, "-m", "archiver"]


def loadavg() -> list[float]:
    """The 1, 5 and 15 minute load averages, rounded."""
    return [round(x, 2) for x in os.getloadavg()]


def cpu_jiffies() -> tuple[int, int]:
    """Machine-wide (busy, total) CPU time in clock ticks from /proc/stat (0, 0 where there is none)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0, 0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    total = sum(fields[:8])  # guest time is already inside user/nice
    return total - idle, total


def measure(cmd: list[str], workdir: Path, name: str) -> dict[str, Any]:
    """Run ``cmd`` to completion; wall time, CPU and peak RSS of its process tree (wait4), and its summary line."""
    out_path, err_path = workdir / f"{name}.out", workdir / f"{name}.err"
    busy0, total0 = cpu_jiffies()
    load = loadavg()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=workdir)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    busy1, total1 = cpu_jiffies()
    stdout = out_path.read_text(errors="replace")
    match = None
    for line in reversed(stdout.splitlines()):
        match = SUMMARY_RE.search(line)
        if match:
            break
    cpu = usage.ru_utime + usage.ru_stime
    machine_busy = (busy1 - busy0) / CLK_TCK
    return {
        "wall_s": round(wall, 3),
        "cpu_user_s": round(usage.ru_utime, 3),
        "cpu_sys_s": round(usage.ru_stime, 3),
        "cpu_s": round(cpu, 3),
        "max_rss_mb": round(usage.ru_maxrss / 1024, 1),  # kB on Linux; the largest process of the tree
        "exit_code": proc.returncode,
        "summary": {k: int(v or 0) for k, v in match.groupdict().items()} if match else None,
        "summary_line": match.group(0) if match else None,
        "stderr_tail": err_path.read_text(errors="replace")[-2000:],
        "loadavg_before": load,
        "machine_busy_cpu_s": round(machine_busy, 2),
        "machine_cpu_capacity_s": round((total1 - total0) / CLK_TCK, 2),
    }


def git_state() -> dict[str, Any]:
    """The checkout measured: HEAD and the files modified in the working tree (read-only git calls)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        status = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True)
    except OSError:
        return {}
    changed = [line[3:] for line in status.stdout.splitlines() if line[3:].startswith("archiver/")]
    return {"head": head.stdout.strip(), "archiver_files_changed": changed}


def startup_time(repeat: int = 3) -> float:
    """Fastest wall time of `archive --version` (interpreter start and importing the CLI)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([*archive_command(), "--version"], check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return round(min(times), 3)


def db_files_size(db_path: Path) -> int:
    """Bytes of the database and its -wal/-shm files."""
    return sum(p.stat().st_size for p in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")) if p.exists())


def _scalar(conn: sqlite3.Connection, sql: str) -> Any:
    """The first column of the first row of ``sql``."""
    return conn.execute(sql).fetchone()[0]


def db_stats(db_path: Path, article_urls: set[str]) -> dict[str, Any]:
    """Size of the archive and row counts that show whether every page became its own article."""
    with closing(sqlite3.connect(db_path)) as conn:
        urls = {row[0] for row in conn.execute("select url from articles")}
        stats = {
            "size_mb": round(db_files_size(db_path) / 1e6, 2),
            "articles": len(urls),
            "articles_at_their_own_url": len(urls & article_urls),
            "versions": _scalar(conn, "select count(*) from versions"),
            "snapshots": _scalar(conn, "select count(*) from snapshots"),
            "snapshot_gz_mb": round((_scalar(conn, "select sum(length(content_gz)) from snapshots") or 0) / 1e6, 2),
            "body_text_mb": round((_scalar(conn, "select sum(length(body_text)) from articles") or 0) / 1e6, 2),
            "failed_fetches": _scalar(conn, "select count(*) from fetches where outcome = 'failed'"),
            "queue_pending": _scalar(conn, "select count(*) from queue where state = 'pending'"),
        }
    return stats


def make_all_due(db_path: Path) -> int:
    """Mark every article due for a recheck now (as if its schedule had come round); return how many."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with closing(sqlite3.connect(db_path)) as conn, conn:
        return conn.execute("update articles set next_check_at = ?", [now]).rowcount


def add_sources(db_path: Path, server: SiteServer) -> None:
    """A fresh archive watching the site's sitemap index and feed (no network: the kinds are given)."""
    from archiver.schema import open_archive
    from archiver.sources import add_source

    db = open_archive(db_path)
    try:
        add_source(db, server.site.sitemap_index, kind="sitemap")
        add_source(db, server.site.feed, kind="feed")
    finally:
        db.conn.close()


def run_command(db: str, args: argparse.Namespace, workers: str) -> list[str]:
    """The measured command line: one local host, so no delay; a page budget above the site's size."""
    budget = str(max(2000, 2 * args.pages))
    return [*archive_command(), "run", "--db", db, "--allow-private", "--delay", "0", "--max-pages", budget,
            "--max-minutes", str(args.max_minutes), "--workers", workers]  # fmt: skip


def timed_run(server: SiteServer, cmd: list[str], workdir: Path, name: str) -> dict[str, Any]:
    """One measured `archive run`, with what the server answered and the server's CPU time meanwhile."""
    server.reset()
    before = server.stats()["cpu_s"]
    result = measure(cmd, workdir, name)
    after = server.stats()
    result["server"] = {k: after[k] for k in ("requests", "bodies", "body_bytes", "by_kind_status")}
    result["server"]["cpu_s"] = round(after["cpu_s"] - before, 3)
    others = result["machine_busy_cpu_s"] - result["cpu_s"] - result["server"]["cpu_s"]
    result["other_processes_cpu_s"] = round(max(others, 0.0), 2)
    return result


def bench_workers(server: SiteServer, workers: int, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    """Run 1 (archive everything), the no-op re-run(s) and the all-due recheck, on a fresh database."""
    db_path = workdir / f"archive-w{workers}.db"
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    add_sources(db_path, server)
    cmd = run_command(str(db_path), args, str(workers))
    pages = len(server.site.articles)
    first = timed_run(server, cmd, workdir, f"w{workers}-run1")
    first["pages_per_s"] = round(pages / first["wall_s"], 2)
    first["cpu_ms_per_page"] = round(1000 * first["cpu_s"] / pages, 1)
    first["db"] = db_stats(db_path, set(server.site.articles))
    noops = [timed_run(server, cmd, workdir, f"w{workers}-noop{i + 1}") for i in range(args.noop_repeat)]
    result: dict[str, Any] = {"workers": workers, "run1": first, "noop": noops}
    result["noop_wall_s_median"] = round(statistics.median(r["wall_s"] for r in noops), 3)
    if not args.no_recheck:
        due = make_all_due(db_path)
        recheck = timed_run(server, cmd, workdir, f"w{workers}-recheck")
        recheck["articles_due"] = due
        recheck["checks_per_s"] = round(due / recheck["wall_s"], 2)
        result["recheck"] = recheck
    result["problems"] = problems(result, pages)
    if not args.keep:
        for suffix in ("", "-wal", "-shm", ".lock"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    return result


def problems(result: dict[str, Any], pages: int) -> list[str]:
    """What differs from a clean run: every page new and its own article, re-runs costing only 304s."""
    found = []
    first = result["run1"]
    s = first["summary"]
    if first["exit_code"] != 0 or s is None:
        found.append(f"run 1 exited {first['exit_code']}: {first['stderr_tail'][-300:]!r}")
    elif (s["new"], s["failed"], s["left"]) != (pages, 0, 0):
        found.append(f"run 1: {first['summary_line']}")
    db = first["db"]
    if db["articles"] != pages or db["articles_at_their_own_url"] != pages:
        found.append(f"run 1 stored {db['articles']} articles ({db['articles_at_their_own_url']} at their own URL)")
    for noop in result["noop"]:
        srv = noop["server"]
        if noop["exit_code"] != 0 or srv["bodies"] or srv["requests"] != 2:
            found.append(f"no-op re-run: exit {noop['exit_code']}, {srv['requests']} requests, {srv['bodies']} bodies")
    recheck = result.get("recheck")
    if recheck:
        srv = recheck["server"]
        if recheck["exit_code"] != 0 or srv["bodies"] or srv["requests"] != recheck["articles_due"] + 2:
            found.append(f"recheck run: exit {recheck['exit_code']}, {srv['requests']} requests, "
                         f"{srv['bodies']} bodies for {recheck['articles_due']} due articles")  # fmt: skip
    return found


def print_report(report: dict[str, Any]) -> None:
    """The tables: run 1 per worker count, then the re-runs."""
    site, host = report["site"], report["host"]
    print(f"\nlocal publisher: {site['pages']} article pages ({site['article_mb']} MB) from {site['fixtures']} "
          f"fixtures, {site['child_sitemaps']} child sitemaps + index, feed of {site['feed_items']}; "
          f"CLI startup {report['startup_s']} s")  # fmt: skip
    print(f"machine: {host['cpus']} CPUs, load average at start {host['loadavg_start']}, "
          f"at end {host['loadavg_end']}")  # fmt: skip
    print("\nrun 1: archive every page (fresh database)")
    head = f"{'workers':>7} {'wall s':>8} {'pages/s':>8} {'speed-up':>8} {'CPU s':>7} {'ms/page':>8} "
    head += f"{'peak RSS MB':>11} {'DB MB':>7} {'server CPU s':>12} {'others CPU s':>12} {'load 1m':>7}"
    print(head)
    for r in report["results"]:
        f = r["run1"]
        print(f"{r['workers']:>7} {f['wall_s']:>8.2f} {f['pages_per_s']:>8.2f} {r.get('speedup', 1.0):>8.2f} "
              f"{f['cpu_s']:>7.2f} {f['cpu_ms_per_page']:>8.1f} {f['max_rss_mb']:>11.1f} {f['db']['size_mb']:>7.2f} "
              f"{f['server']['cpu_s']:>12.2f} {f['other_processes_cpu_s']:>12.2f} "
              f"{f['loadavg_before'][0]:>7.2f}")  # fmt: skip
    print("\nre-runs (same database): no-op = nothing changed; recheck = every article due, all 304")
    print(f"{'workers':>7} {'run':>8} {'wall s':>8} {'CPU s':>7} {'requests':>8} {'304s':>6} {'bodies':>6} "
          f"{'load 1m':>7}")  # fmt: skip
    for r in report["results"]:
        runs = [(f"no-op {i + 1}", n) for i, n in enumerate(r["noop"])]
        runs += [("recheck", r["recheck"])] if "recheck" in r else []
        for label, n in runs:
            srv = n["server"]
            n304 = sum(v for k, v in srv["by_kind_status"].items() if k.endswith(" 304"))
            print(f"{r['workers']:>7} {label:>8} {n['wall_s']:>8.2f} {n['cpu_s']:>7.2f} {srv['requests']:>8} "
                  f"{n304:>6} {srv['bodies']:>6} {n['loadavg_before'][0]:>7.2f}")  # fmt: skip
    for r in report["results"]:
        for problem in r["problems"]:
            print(f"PROBLEM (workers {r['workers']}): {problem}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000, help="article pages on the local site (default 1000)")
    parser.add_argument("--workers", default="1,2", help="comma-separated --workers values to run (default 1,2)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"JSON results (default {DEFAULT_OUT})")
    parser.add_argument("--noop-repeat", type=int, default=3, help="no-op re-runs per worker count (default 3)")
    parser.add_argument("--no-recheck", action="store_true", help="skip the all-articles-due 304 run")
    parser.add_argument("--max-minutes", type=float, default=60.0, help="--max-minutes for archive run")
    parser.add_argument("--keep", action="store_true", help="keep the databases and run logs (printed at the end)")
    args = parser.parse_args(argv)
    args.worker_list = [int(w) for w in args.workers.split(",") if w.strip()]
    if args.pages < 1 or not args.worker_list or min(args.worker_list) < 1:
        parser.error("--pages and every --workers value must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    """Build the site, serve it from another process, measure each worker count, print and write the results."""
    args = parse_args(argv)
    load_start = loadavg()
    workdir = Path(tempfile.mkdtemp(prefix="run_bench-"))
    started = time.perf_counter()
    server = SiteServer(args.pages)
    build_s = time.perf_counter() - started
    site = server.site
    report: dict[str, Any] = {
        "bench": "run",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(run_command("DB", args, "W")),
        "git": git_state(),
        "host": {
            "cpus": os.cpu_count(),
            "loadavg_start": load_start,
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "site": {
            "pages": len(site.articles),
            "article_mb": round(site.article_bytes() / 1e6, 2),
            "fixtures": len(site.origins),
            "child_sitemaps": site.child_sitemaps,
            "feed_items": min(FEED_ITEMS, len(site.articles)),
            "build_s": round(build_s, 2),
        },
        "results": [],
    }
    try:
        report["startup_s"] = startup_time()
        for workers in args.worker_list:
            print(f"workers {workers}: run 1 over {len(site.articles)} pages, then the re-runs ...", flush=True)
            report["results"].append(bench_workers(server, workers, args, workdir))
    finally:
        server.close()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    base = report["results"][0]["run1"]["pages_per_s"]
    for r in report["results"]:
        r["speedup"] = round(r["run1"]["pages_per_s"] / base, 2)
    report["host"]["loadavg_end"] = loadavg()
    print_report(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}" + (f"; databases and logs kept in {workdir}" if args.keep else ""))
    print("note: other processes share this machine; compare 'others CPU s' and the load average before trusting "
          "a difference.")  # fmt: skip
    return 1 if any(r["problems"] for r in report["results"]) else 0


if __name__ == "__main__":
    sys.exit(main())
