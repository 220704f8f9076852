"""Kill test: SIGKILL `archive run` at random moments, check the archive after each kill, then finish the job.

Run from the repo root:

    .venv/bin/python bench/kill_test.py                      # 50 kills, a 2,000-page local publisher
    .venv/bin/python bench/kill_test.py --kills 5 --pages 60 --seed 1

Every kill lands at a random moment between 0.05 s and --max-delay s after the start (start-up,
schema creation, source discovery, fetching, storing); every --fresh-every kills the next run starts on a
new database, so kills also land while an archive is being created. After each kill the archive must pass
`check_archive` (integrity, foreign keys, FTS, no article without its version, no half-written article).
At the end one unkilled run on each database must archive every page.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.run_site import SiteServer  # noqa: E402

RUN_ARGS = ["--delay", "0", "--allow-private", "--max-pages", "20000", "--max-minutes", "30", "--concurrency", "4"]
DEFAULT_OUT = ROOT / "bench" / "results" / "kill_test.json"

# Each query returns rows only when the archive is inconsistent; the name says what went wrong.
CONSISTENCY = {
    "article without its current version": """select a.id from articles a where not exists
        (select 1 from versions v where v.article_id = a.id and v.version = a.version)""",
    "version without its article": "select v.id from versions v left join articles a on a.id = v.article_id "
    "where a.id is null",
    "gap in an article's version numbers": "select article_id from versions group by article_id "
    "having count(*) != max(version)",
    "article without a fetch log row": """select a.id from articles a where not exists
        (select 1 from fetches f where f.article_id = a.id)""",
    "version whose snapshot is missing": """select v.id from versions v where v.snapshot_id is not null
        and not exists (select 1 from snapshots s where s.id = v.snapshot_id)""",
    "article with an empty body": "select id from articles where body_text is null or body_text = ''",
    "queue row done without its article": """select q.url from queue q where q.state = 'done'
        and not exists (select 1 from article_urls u where u.url = q.url)
        and not exists (select 1 from articles a where a.url = q.url)""",
    "search index out of step with articles": "select 1 where (select count(*) from articles_fts) != "
    "(select count(*) from articles)",
}


def archive_command() -> list[str]:
    """`python -m archiver` of this checkout."""
    return [sys.executable, "-m", "archiver"]


def add_sources(db: Path, site: Any) -> None:
    """Point a new archive at the publisher's sitemap index and feed."""
    for url, kind in ((site.site.sitemap_index, "sitemap"), (site.site.feed, "feed")):
        subprocess.run([*archive_command(), "sources", "add", url, "--kind", kind, "--db", str(db)], check=True,
                       capture_output=True, cwd=ROOT)  # fmt: skip


def check_archive(db: Path) -> dict[str, Any]:
    """Integrity and consistency of an archive (opened read-only); 'problems' lists what is wrong."""
    problems: list[str] = []
    counts: dict[str, int] = {}
    if not db.exists():
        return {"problems": problems, "counts": counts}
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    try:
        tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
        integrity = conn.execute("pragma integrity_check").fetchall()
        if integrity != [("ok",)]:
            problems.append(f"integrity_check: {integrity[:3]}")
        if conn.execute("pragma foreign_key_check").fetchall():
            problems.append("foreign_key_check found dangling references")
        if "articles" not in tables:  # killed before the schema was made: nothing more to check
            return {"problems": problems, "counts": counts}
        for name, sql in CONSISTENCY.items():
            if "articles_fts" in sql and "articles_fts" not in tables:
                continue
            if conn.execute(sql).fetchone():
                problems.append(name)
        if "articles_fts" in tables:
            try:  # FTS5's own check that the index matches its content table
                conn.execute("insert into articles_fts(articles_fts) values ('integrity-check')")
            except sqlite3.DatabaseError as exc:
                if "read" not in str(exc).lower():  # read-only connection: the check itself may not write
                    problems.append(f"fts integrity-check: {exc}")
        for table in ("articles", "versions", "snapshots", "fetches", "queue"):
            if table in tables:
                counts[table] = conn.execute(f"select count(*) from {table}").fetchone()[0]
    finally:
        conn.close()
    return {"problems": problems, "counts": counts}


def kill_once(db: Path, delay: float, log: Path) -> dict[str, Any]:
    """Start `archive run`, SIGKILL it after ``delay`` seconds (if still running), then check the archive."""
    with log.open("ab") as out:
        proc = subprocess.Popen([*archive_command(), "run", "--db", str(db), *RUN_ARGS], stdout=out, stderr=out,
                                stdin=subprocess.DEVNULL, cwd=ROOT)  # fmt: skip
        try:
            proc.wait(timeout=delay)
            finished = True
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            finished = False
    return {"delay": round(delay, 3), "finished_before_kill": finished, "returncode": proc.returncode,
            **check_archive(db)}  # fmt: skip


def final_run(db: Path, pages: int) -> dict[str, Any]:
    """One run left alone: it must complete the archive."""
    started = time.perf_counter()
    proc = subprocess.run([*archive_command(), "run", "--db", str(db), *RUN_ARGS], capture_output=True, text=True,
                          cwd=ROOT)  # fmt: skip
    result = check_archive(db)
    with sqlite3.connect(db) as conn:
        statuses = dict(conn.execute("select status, count(*) from runs group by status").fetchall())
        pending = conn.execute("select count(*) from queue where state != 'done'").fetchone()[0]
    complete = result["counts"].get("articles") == pages and result["counts"].get("versions") == pages
    return {"returncode": proc.returncode, "summary": proc.stdout.strip().splitlines()[-1:], "seconds":
            round(time.perf_counter() - started, 1), "complete": complete and pending == 0, "runs": statuses,
            **result}  # fmt: skip


def kill_test(kills: int, pages: int, seed: int, max_delay: float, fresh_every: int, workdir: Path,
              quiet: bool = False) -> dict[str, Any]:  # fmt: skip
    """Run the whole test; return a report (also the per-kill records)."""
    rng = random.Random(seed)
    site = SiteServer(pages)
    records: list[dict[str, Any]] = []
    log = workdir / "runs.log"
    db = workdir / "archive-0.db"
    try:
        killed = 0
        while killed < kills and len(records) < 3 * kills:  # a run that finishes before its kill does not count
            if killed % fresh_every == 0 and (not records or not records[-1]["finished_before_kill"]):
                db = workdir / f"archive-{killed // fresh_every}.db"
                if not db.exists():
                    add_sources(db, site)
            record = {"kill": killed + 1, "db": db.name, **kill_once(db, rng.uniform(0.05, max_delay), log)}
            records.append(record)
            killed += not record["finished_before_kill"]
            if not quiet:
                state = "finished first" if record["finished_before_kill"] else "killed"
                print(f"kill {record['kill']:>3}/{kills}: {state} at {record['delay']:5.2f} s  {record['counts']}  "
                      f"{'OK' if not record['problems'] else 'PROBLEMS: ' + '; '.join(record['problems'])}",
                      flush=True)  # fmt: skip
        # Every database that was killed must be completed by one run left alone.
        finals = {name: final_run(workdir / name, pages) for name in dict.fromkeys(r["db"] for r in records)}
    finally:
        site.close()
    survived = sum(1 for r in records if not r["problems"] and not r["finished_before_kill"])
    final = {"complete": all(f["complete"] and not f["problems"] and f["returncode"] == 0 for f in finals.values()),
             "databases": finals}  # fmt: skip
    return {"kills": sum(not r["finished_before_kill"] for r in records), "survived": survived, "runs": len(records),
            "all_runs_consistent": all(not r["problems"] for r in records), "pages": pages, "seed": seed,
            "final_run": final, "records": records}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--pages", type=int, default=2000, help="articles on the local publisher")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--max-delay", type=float, default=8.0, help="latest kill, seconds after the start")
    parser.add_argument("--fresh-every", type=int, default=5, help="start a new database every N kills")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kill-test-") as tmp:
        report = kill_test(args.kills, args.pages, args.seed, args.max_delay, args.fresh_every, Path(tmp))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    final = report["final_run"]
    print(
        f"\nkills survived: {report['survived']}/{report['kills']} ({report['runs']} runs started; every archive "
        f"{'consistent' if report['all_runs_consistent'] else 'NOT consistent'} after each)"
    )
    for name, run in final["databases"].items():
        print(
            f"final run on {name}: {'complete' if run['complete'] else 'INCOMPLETE'} ({run['counts']}, "
            f"{run['seconds']} s, exit {run['returncode']}, runs {run['runs']}) {'; '.join(run['problems'])}"
        )
    print(f"report in {args.out}")
    ok = report["survived"] == report["kills"] == args.kills and report["all_runs_consistent"] and final["complete"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
