"""Scale benchmark: a generated archive of 100,000 articles; size, search, Datasette pages, reextract, no-op run.

Run from the repo root (see bench/README.md, "Speed and scale"):

    .venv/bin/python bench/scale.py                            # everything, 100,000 articles under /tmp
    .venv/bin/python bench/scale.py --articles 20000 --parts generate,fts,datasette
    .venv/bin/python bench/scale.py --db /tmp/bench-scale/archive.db --parts fts,datasette   # reuse an archive

Parts (all by default):
- generate: the archive (bench/scalegen.py: real paragraphs shuffled into 400–1,500-word bodies, authors,
  sites, sections, a year of dates, ~4% with 2–3 versions and notes, gzip'd real pages as snapshots,
  removals, fetch log, queue), inserted in bulk with the FTS index rebuilt at the end; DB size per table.
- fts: 20 typical queries, two ways: ranked (the best_matches canned query: bm25, the 20 best, their snippets)
  and Datasette's table search (`search_id in (select rowid … match escape_fts(?)) order by published_at desc
  limit 51` plus its count).
- datasette: home, database, table, search, canned query, reading and diff pages through Datasette's
  in-process client, configured as `archive serve` does (make_datasette); p50/p95 over --requests each.
- reextract: reextract() timed on a 2,000-article archive built the real way from real pages (all 100,000
  generated bodies have no matching snapshot), extrapolated to 100,000 articles.
- run: `archive run` over 1,000 feeds on 1,000 local origins (bench/feedserver.py, a separate process, ETag/304):
  a fill run archives each feed's items, then the timed no-op runs, where nothing changed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
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

from bench.corpora import DEFAULT_FIXTURES, resolve_corpora  # noqa: E402
from bench.timing import Window, host_info, loadavg, summarize_ms  # noqa: E402

DEFAULT_OUT = ROOT / "bench" / "results" / "scale.json"
PARTS = ("generate", "fts", "datasette", "reextract", "run")
QUERIES = ("council", "school board", "police", "election", "climate change", "hospital", "budget", "government",
           "president", "court", "tax increase", "strike", "library", "water", "war", "economy", "facebook privacy",
           "iran", "students", "correction")  # fmt: skip


def _search_sql() -> tuple[str, str, str]:
    """The app's ranked search (the best_matches canned query) and Datasette's table search, as served."""
    from archiver.datasette.config import load_metadata

    meta = load_metadata()
    pk = meta["tables"]["articles"]["fts_pk"]  # what Datasette's ?_search= filters on
    match = f"{pk} in (select rowid from articles_fts where articles_fts match escape_fts(:q))"
    return (meta["queries"]["best_matches"]["sql"],
            f"select * from articles where {match} order by published_at desc limit 51",
            f"select count(*) from articles where {match}")  # fmt: skip


RANKED_SQL, DATASETTE_SQL, DATASETTE_COUNT = _search_sql()


def archive_command() -> list[str]:
    """The `archive` console script of this checkout's venv (or `python -m archiver`)."""
    script = ROOT / ".venv" / "bin" / "archive"
    return [str(script)] if script.exists() else [sys.executable, "-m", "archiver"]


# ---------------------------------------------------------------- size


def db_size(db_path: Path) -> dict[str, Any]:
    """Bytes on disk (database + WAL) and per table/index (dbstat) in MB."""
    files = sum(p.stat().st_size for p in (db_path, Path(f"{db_path}-wal")) if p.exists())
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute("select name, sum(pgsize) from dbstat group by name order by 2 desc").fetchall()
        tables = {name: round(size / 1e6, 1) for name, size in rows}
    except sqlite3.OperationalError:  # sqlite built without dbstat
        tables = {}
    payload = {
        "body_text_mb": conn.execute("select sum(length(body_text)) from articles").fetchone()[0] / 1e6,
        "snapshot_gz_mb": conn.execute("select sum(length(content_gz)) from snapshots").fetchone()[0] / 1e6,
        "snapshot_raw_mb": conn.execute("select sum(size) from snapshots").fetchone()[0] / 1e6,
        "avg_words": conn.execute("select avg(word_count) from articles").fetchone()[0],
    }
    conn.close()
    return {"total_mb": round(files / 1e6, 1), "per_object_mb": tables,
            **{k: round(v, 1) for k, v in payload.items()}}  # fmt: skip


# ---------------------------------------------------------------- fts


def bench_fts(db_path: Path, repeat: int) -> dict[str, Any]:
    """Latency of the 20 queries, ranked and Datasette's way: p50/p95 over repeat rounds, hits per query."""
    from datasette.utils import escape_fts

    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    conn.create_function("escape_fts", 1, escape_fts)  # as Datasette registers it
    hits = {q: conn.execute(DATASETTE_COUNT, {"q": q}).fetchone()[0] for q in QUERIES}  # also warms the cache
    ranked: dict[str, list[float]] = {q: [] for q in QUERIES}
    table: dict[str, list[float]] = {q: [] for q in QUERIES}
    window = Window()
    for _ in range(repeat):
        for q in QUERIES:
            t0 = time.perf_counter()
            conn.execute(RANKED_SQL, {"q": q}).fetchall()
            t1 = time.perf_counter()
            conn.execute(DATASETTE_SQL, {"q": q}).fetchall()
            conn.execute(DATASETTE_COUNT, {"q": q}).fetchone()
            t2 = time.perf_counter()
            ranked[q].append(t1 - t0)
            table[q].append(t2 - t1)
    figures = window.close()
    conn.close()
    per_query = {q: {"hits": hits[q], "ranked_ms": round(1000 * statistics.median(ranked[q]), 2),
                     "datasette_sql_ms": round(1000 * statistics.median(table[q]), 2)} for q in QUERIES}  # fmt: skip
    return {
        "queries": len(QUERIES),
        "repeat": repeat,
        "ranked": summarize_ms([t for ts in ranked.values() for t in ts]),
        "datasette_sql": summarize_ms([t for ts in table.values() for t in ts]),
        "per_query": per_query,
        **figures,
    }


# ---------------------------------------------------------------- datasette


def bench_datasette(db_path: Path, requests: int, settings: dict[str, Any], seed: int = 7) -> dict[str, Any]:
    """p50/p95 of each kind of page over ``requests`` requests through Datasette's in-process client."""
    from archiver.datasette.command import make_datasette

    conn = sqlite3.connect(db_path)
    max_id = conn.execute("select max(id) from articles").fetchone()[0]
    versioned = [r[0] for r in conn.execute("select id from articles where version > 1 limit 200")]
    conn.close()
    name = db_path.stem
    rng = random.Random(seed)
    pages: dict[str, Any] = {
        "home": lambda i: "/",
        "database": lambda i: f"/{name}",
        "table": lambda i: f"/{name}/articles",
        "search": lambda i: f"/{name}/articles?_search={QUERIES[i % len(QUERIES)].replace(' ', '+')}",
        "article": lambda i: f"/-/article/{rng.randint(1, max_id)}",
        "diff": lambda i: f"/-/diff/{versioned[i % len(versioned)]}" if versioned else "/-/diff/1",
        "latest_articles": lambda i: f"/{name}/latest_articles",
    }

    async def go() -> dict[str, Any]:
        ds = make_datasette(str(db_path), **settings)
        await ds.invoke_startup()
        out: dict[str, Any] = {}
        for kind, path_of in pages.items():
            first_path = path_of(0)
            t0 = time.perf_counter()
            first = await ds.client.get(first_path)
            cold = time.perf_counter() - t0
            times, statuses = [], Counter([first.status_code])
            window = Window()
            for i in range(1, requests + 1):
                path = path_of(i)
                t0 = time.perf_counter()
                response = await ds.client.get(path)
                times.append(time.perf_counter() - t0)
                statuses[response.status_code] += 1
            out[kind] = {"example": first_path, "first_ms": round(1000 * cold, 1), **summarize_ms(times),
                         "statuses": dict(statuses), "bytes": len(first.content), **window.close()}  # fmt: skip
            print(f"  datasette {kind}: p50 {out[kind]['median_ms']} ms, p95 {out[kind]['p95_ms']} ms",
                  file=sys.stderr, flush=True)  # fmt: skip
        return out

    return asyncio.run(go())


# ---------------------------------------------------------------- reextract sample


def bench_reextract(articles: int, workers: list[int], workdir: Path, corpora: Path, fixtures: Path) -> dict[str, Any]:
    """reextract() over an archive of real pages built the real way; articles/s and the 100,000 extrapolation."""
    from bench.realarchive import build, page_pool
    from bench.workers import time_reextract

    source = workdir / "reextract-sample.db"
    print(f"  building a {articles}-article archive from real pages ...", file=sys.stderr, flush=True)
    built = build(source, page_pool(corpora, fixtures), articles)
    runs = []
    for w in workers:
        print(f"  reextract workers={w} ...", file=sys.stderr, flush=True)
        run = time_reextract(source, workdir, w, f"scale-w{w}")
        run["extrapolated_100k_min"] = round(100_000 / run["articles_per_s"] / 60, 1)
        runs.append(run)
    size = source.stat().st_size
    source.unlink()
    return {"archive": built, "sample_db_mb": round(size / 1e6, 1), "runs": runs}


# ---------------------------------------------------------------- archive run over 1,000 feeds


def _cli(cmd: list[str], workdir: Path, name: str) -> dict[str, Any]:
    """Run one CLI command: wall time, CPU of its process tree, exit code, last output line, load."""
    load = loadavg()
    with (workdir / f"{name}.out").open("wb") as out, (workdir / f"{name}.err").open("wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=workdir)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
    lines = (workdir / f"{name}.out").read_text(errors="replace").strip().splitlines()
    return {"wall_s": round(wall, 3), "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
            "exit_code": os.waitstatus_to_exitcode(status), "summary": lines[-1] if lines else "",
            "stderr_tail": (workdir / f"{name}.err").read_text(errors="replace")[-500:],
            "loadavg_start": load}  # fmt: skip


def bench_run(
    sources: int,
    hosts: int,
    items: int,
    noop_repeat: int,
    workdir: Path,
    latency_ms: float = 0.0,
    run_args: list[str] | None = None,
) -> dict[str, Any]:
    """Fill an archive from ``sources`` local feeds, then time `archive run` when nothing changed."""
    from archiver.schema import open_archive
    from archiver.sources import add_source
    from bench.feedserver import FeedServer

    server = FeedServer(sources, hosts, items, latency_ms / 1000)
    db_path = workdir / "run.db"
    try:
        db = open_archive(db_path)
        with db.atomic():
            for url in server.feed_urls:
                add_source(db, url, kind="feed")
        db.conn.close()
        startup = min(_cli([*archive_command(), "--version"], workdir, "version")["wall_s"] for _ in range(3))
        fill_cmd = [*archive_command(), "run", "--db", str(db_path), "--allow-private", "--workers", "2",
                    "--max-pages", str(sources * items + 100), "--max-minutes", "60"]  # fmt: skip
        print(f"  fill run: {sources} feeds on {server.hosts} origins, {sources * items} articles ...",
              file=sys.stderr, flush=True)  # fmt: skip
        server.reset()
        fill = _cli(fill_cmd, workdir, "fill")
        fill["server"] = server.stats()
        cron_cmd = [*archive_command(), "run", "--db", str(db_path), "--allow-private", *(run_args or [])]
        noops = []
        for i in range(noop_repeat):
            server.reset()
            result = _cli(cron_cmd, workdir, f"noop{i + 1}")
            result["server"] = server.stats()
            noops.append(result)
            print(f"  no-op run {i + 1}: {result['wall_s']} s, {result['server']['requests']} requests, "
                  f"{result['server']['bodies']} bodies", file=sys.stderr, flush=True)  # fmt: skip
        conn = sqlite3.connect(db_path)
        stored = conn.execute("select count(*) from articles").fetchone()[0]
        conn.close()
    finally:
        server.close()
    walls = [r["wall_s"] for r in noops]
    return {
        "sources": sources,
        "origins": server.hosts,
        "items_per_feed": items,
        "latency_ms": latency_ms,
        "cli_startup_s": startup,
        "fill": fill | {"articles_stored": stored},
        "fill_command": " ".join(fill_cmd),
        "noop_command": " ".join(cron_cmd),
        "noop": noops,
        "noop_wall_s_median": round(statistics.median(walls), 3) if walls else None,
        "noop_body_downloads": [r["server"]["bodies"] for r in noops],
        "noop_requests": [r["server"]["requests"] for r in noops],
    }


# ---------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="articles to generate (default 100000)")
    parser.add_argument("--parts", default=",".join(PARTS), help=f"comma-separated parts (default {','.join(PARTS)})")
    parser.add_argument("--db", type=Path, help="the generated archive (default: a new one in a temporary dir); "
                        "an existing file is reused and not regenerated")  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep the generated archive (path printed at the end)")
    parser.add_argument("--fts-repeat", type=int, default=5, help="rounds over the 20 queries (default 5)")
    parser.add_argument("--requests", type=int, default=50, help="requests per Datasette page kind (default 50)")
    parser.add_argument("--setting", action="append", default=[], metavar="KEY=VALUE",
                        help="a Datasette setting for the datasette part, e.g. suggest_facets=false (repeatable; "
                        "default: none, as `archive serve`)")  # fmt: skip
    parser.add_argument("--reextract-articles", type=int, default=2000, help="reextract sample size (default 2000)")
    parser.add_argument("--reextract-workers", default="1,2", help="worker counts for the sample (default 1,2)")
    parser.add_argument("--sources", type=int, default=1000, help="feeds for the run part (default 1000)")
    parser.add_argument("--hosts", type=int, help="origins the feeds are spread over (default: one per feed)")
    parser.add_argument("--items", type=int, default=2, help="articles per feed archived by the fill run (default 2)")
    parser.add_argument("--latency-ms", type=float, default=0.0,
                        help="delay each answer of the feed server, like a network round trip (default 0)")  # fmt: skip
    parser.add_argument("--run-arg", action="append", default=[], metavar="ARG",
                        help="extra argument for the timed no-op runs, e.g. --run-arg=--concurrency=16")  # fmt: skip
    parser.add_argument("--noop-repeat", type=int, default=3, help="timed no-op runs (default 3)")
    parser.add_argument("--corpora", help="corpora directory (default $ARCHIVER_CORPORA or ../shared/corpora)")
    parser.add_argument("--fixtures", default=str(DEFAULT_FIXTURES), help="fixtures directory (default fixtures/)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"JSON results (default {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    args.part_list = [p for p in args.parts.split(",") if p]
    args.settings = {}
    for item in args.setting:
        key, _, value = item.partition("=")
        args.settings[key] = {"true": True, "false": False}.get(value.lower(), int(value) if value.isdigit() else value)
    if unknown := set(args.part_list) - set(PARTS):
        parser.error(f"unknown part(s) {sorted(unknown)}; choose from {', '.join(PARTS)}")
    return args


def print_report(report: dict[str, Any]) -> None:
    """The figures, one block per part."""
    print(f"\nmachine: {report['host']['cpus']} CPUs; load average start {report['host']['loadavg_start']}, "
          f"end {report['host']['loadavg_end']}")  # fmt: skip
    if "generate" in report:
        g = report["generate"]
        print(f"\ngenerate: {g.get('articles', '?'):,} articles in {g.get('total_s', '?')} s "
              f"(rows {g.get('rows_s', '?')} s, FTS + indexes {g.get('fts_and_indexes_s', '?')} s)")  # fmt: skip
    if "size" in report:
        s = report["size"]
        print(
            f"database: {s['total_mb']:,} MB on disk; body text {s['body_text_mb']} MB, snapshots "
            f"{s['snapshot_gz_mb']} MB gzip'd ({s['snapshot_raw_mb']} MB raw), {s['avg_words']:.0f} words/article"
        )
        top = list(s["per_object_mb"].items())[:10]
        print("  largest: " + ", ".join(f"{k} {v} MB" for k, v in top))
        if report.get("verify", {}).get("problems"):
            print(f"  SCHEMA PROBLEMS: {report['verify']['problems']}")
    if "fts" in report:
        f = report["fts"]
        print(f"\nFTS ({f['queries']} queries x {f['repeat']}; load {f['loadavg_start']}):")
        for label in ("ranked", "datasette_sql"):
            r = f[label]
            print(f"  {label:14} p50 {r['median_ms']:8.2f} ms   p95 {r['p95_ms']:8.2f} ms   max {r['max_ms']:8.2f} ms")
        print("  " + ", ".join(f"{q} {v['hits']}" for q, v in f["per_query"].items()) + "  (hits)")
    if "datasette" in report:
        print("\nDatasette (in-process client):")
        print(f"  {'page':16} {'first ms':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'KB':>6}  load at start")
        for kind, r in report["datasette"].items():
            print(f"  {kind:16} {r['first_ms']:>9.1f} {r['median_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['max_ms']:>8.1f} "
                  f"{r['bytes'] / 1000:>6.0f}  {r['loadavg_start']}  {r['statuses']}")  # fmt: skip
    if "reextract" in report:
        r = report["reextract"]
        print(f"\nreextract sample: {r['archive']}")
        for run in r["runs"]:
            print(
                f"  workers {run['workers']}: {run['articles']} articles in {run['wall_s']} s = "
                f"{run['articles_per_s']} articles/s -> 100,000 in ~{run['extrapolated_100k_min']} min "
                f"(load {run['loadavg_start']}, others used {run['other_processes_cpu_s']} CPU s) {run['outcomes']}"
            )
    if "run" in report:
        r = report["run"]
        print(f"\narchive run over {r['sources']} feeds on {r['origins']} origins, answers delayed "
              f"{r['latency_ms']} ms (CLI startup {r['cli_startup_s']} s)")  # fmt: skip
        f = r["fill"]
        print(f"  fill: {f['wall_s']} s, {f['articles_stored']} articles; {f['summary']}")
        for i, n in enumerate(r["noop"], 1):
            print(
                f"  no-op {i}: {n['wall_s']} s wall, {n['cpu_s']} s CPU, {n['server']['requests']} requests, "
                f"{n['server']['bodies']} body downloads, load {n['loadavg_start']}; {n['summary']}"
            )


def main(argv: list[str] | None = None) -> int:
    """Run the chosen parts, print and write the results."""
    args = parse_args(argv)
    corpora, fixtures = resolve_corpora(args.corpora), Path(args.fixtures)
    workdir = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    db_path = args.db or workdir / "archive.db"
    report: dict[str, Any] = {
        "bench": "scale",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "bench/scale.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "host": host_info() | {"loadavg_start": loadavg()},
    }
    import logging

    logging.disable(logging.WARNING)
    needs_db = {"generate", "fts", "datasette"} & set(args.part_list)
    try:
        if needs_db and not db_path.exists():
            print(f"generating {args.articles:,} articles in {db_path} ...", file=sys.stderr, flush=True)
            from bench.scalegen import generate

            report["generate"] = generate(db_path, args.articles, corpora, fixtures) | {"loadavg_end": loadavg()}
        if needs_db:
            from bench.scalegen import verify

            report["verify"] = verify(db_path)
            report["size"] = db_size(db_path)
            report["size"]["rows"] = report["verify"]["rows"]
        if "fts" in args.part_list:
            print("FTS queries ...", file=sys.stderr, flush=True)
            report["fts"] = bench_fts(db_path, args.fts_repeat)
        if "datasette" in args.part_list:
            print("Datasette pages ...", file=sys.stderr, flush=True)
            report["datasette_settings"] = args.settings
            report["datasette"] = bench_datasette(db_path, args.requests, args.settings)
        if "reextract" in args.part_list:
            print("reextract sample ...", file=sys.stderr, flush=True)
            workers = [int(w) for w in args.reextract_workers.split(",") if w]
            report["reextract"] = bench_reextract(args.reextract_articles, workers, workdir, corpora, fixtures)
        if "run" in args.part_list:
            print("archive run over many sources ...", file=sys.stderr, flush=True)
            report["run"] = bench_run(args.sources, args.hosts or args.sources, args.items, args.noop_repeat, workdir,
                                      args.latency_ms, args.run_arg)  # fmt: skip
    finally:
        if not args.keep or args.db is not None:  # with --db the archive lives elsewhere: workdir is scratch
            shutil.rmtree(workdir, ignore_errors=True)
    report["host"]["loadavg_end"] = loadavg()
    print_report(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}" + (f"; archive kept at {db_path}" if args.keep or args.db else ""))
    problems = report.get("verify", {}).get("problems") or []
    noop_bodies = sum(report.get("run", {}).get("noop_body_downloads", []))
    return 1 if problems or noop_bodies else 0


if __name__ == "__main__":
    sys.exit(main())
