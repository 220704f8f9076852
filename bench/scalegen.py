"""Generate a realistic archive of N articles fast: the schema store_article writes, filled in bulk.

Text comes from real paragraphs (the fixtures' expected bodies and, when the corpora are there, the
readability corpus's expected articles), shuffled into 400–1,500-word bodies. Snapshots are real
pages of 50–150 KB (fixtures and corpus pages) with a title and canonical link of their own put at
the top of the head; each snapshot is stored as a two-member gzip stream (the per-article head
compressed per row, the rest of the page compressed once per pool page), which `gzip.decompress`
reads as one file, so every row is distinct without compressing 100,000 pages.

Rows go in with executemany inside one transaction per batch; the FTS triggers and secondary
indexes are dropped first and the full-text index rebuilt and the triggers and indexes recreated
(from their saved SQL) at the end.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import re
import sqlite3
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.corpora import load_corpus, read_bytes  # noqa: E402

START = datetime(2024, 6, 1, tzinfo=UTC)
DAYS = 365
PLACES = (
    "Riverbend",
    "Harborline",
    "Kettlebay",
    "Marlow Valley",
    "Northgate",
    "Pinecrest",
    "Tri-County",
    "Tuscarora",
    "Westmoor",
    "Fenwick",
    "Corliss County",
    "Alder Springs",
    "Colton Falls",
    "Eastbrook",
    "Granite Bay",
    "Hollow Creek",
    "Ironwood",
    "Juniper",
    "Lakeside",
    "Millbrook",
    "Oak Harbor",
    "Redfield",
    "Silver Lake",
    "Stonebridge",
    "Cedar Point",
    "Bayview",
    "Highland",
    "Maple Ridge",
    "Sunnyvale",
    "Brookhaven",
)
PAPERS = (
    "Gazette",
    "Herald",
    "Courier",
    "Post",
    "Sentinel",
    "Dispatch",
    "Ledger",
    "Chronicle",
    "Times",
    "Observer",
    "Tribune",
    "Journal",
    "Record",
    "Review",
)
SECTIONS = (
    "Politics",
    "Local",
    "Business",
    "Sports",
    "Opinion",
    "World",
    "Health",
    "Science",
    "Technology",
    "Culture",
    "Education",
    "Environment",
    "Transportation",
    "Crime",
    "Weather",
    "Food",
    "Arts",
    "Housing",
    "Economy",
    "Elections",
    "National",
    "Obituaries",
    "Religion",
    "Travel",
    "Media",
)
FIRST = (
    "James",
    "Mary",
    "Ana",
    "Wei",
    "Fatima",
    "Lucas",
    "Olivia",
    "Mateo",
    "Priya",
    "Noah",
    "Chloe",
    "Ivan",
    "Amara",
    "Kenji",
    "Sofia",
    "Daniel",
    "Leila",
    "Omar",
    "Grace",
    "Tomas",
    "Hannah",
    "Yusuf",
    "Elena",
    "Jonah",
    "Mira",
    "Renata",
    "Samuel",
    "Aisha",
    "Liam",
    "Nora",
    "Diego",
    "Ruth",
    "Felix",
    "Ines",
    "Kofi",
    "Zoe",
)
LAST = (
    "Smith",
    "Garcia",
    "Chen",
    "Okonkwo",
    "Patel",
    "Novak",
    "Souza",
    "Kim",
    "Haddad",
    "Murphy",
    "Rossi",
    "Nguyen",
    "Schmidt",
    "Kowalski",
    "Tanaka",
    "Adeyemi",
    "Larsen",
    "Moreau",
    "Silva",
    "Cohen",
    "Brennan",
    "Ivanova",
    "Mendez",
    "Fischer",
    "Oduya",
    "Walsh",
    "Petrov",
    "Lindqvist",
    "Baker",
    "Reyes",
    "Ahmed",
    "Clarke",
    "Duarte",
    "Hughes",
    "Jensen",
    "Khan",
    "Lopez",
    "Martin",
    "Nakamura",
    "O'Brien",
    "Park",
    "Quinn",
    "Ramos",
)
NOISE = (("generic:newsletter-prompt", "Sign up for our daily newsletter to get the latest headlines in your inbox."),
         ("generic:share", "Share this article"), ("generic:ad-label", "Advertisement"),
         ("generic:furniture-label", "Related articles"), ("generic:image-credit", "Photo: staff photographer"),
         ("generic:promo", "READ MORE: Council approves new budget after long debate"),
         ("generic:toggle", "Show less"), ("generic:follow", "Follow us on Facebook, X and Instagram"),
         ("site:drop", "Comments are closed for this story."), ("generic:teaser", "Keep reading"),
         ("generic:author-contact", "Reach the reporter at newsdesk@example.com or follow her on X."),
         ("generic:subscribe", "Subscribe now for unlimited access. Cancel anytime."))  # fmt: skip
NOTE_KINDS = (("update", "UPDATE"), ("correction", "Correction:"), ("editors_note", "Editor's note:"),
              ("clarification", "Clarification:"))  # fmt: skip
_HEAD = re.compile(rb"<head\b[^>]*>", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")


@dataclass(frozen=True)
class Snapshot:
    """A pool page split for two-member gzip: the prefix up to <head>, the rest compressed once."""

    prefix: bytes
    rest: bytes
    rest_gz: bytes


def paragraph_pool(corpora: Path, fixtures: Path, seeds: Path | None = None) -> list[list[str]]:
    """Real prose paragraphs (25–220 words) grouped by document: fixture bodies, readability articles, seeds."""
    seen: set[str] = set()
    docs = [[_prose(t, seen) for t in md.read_text("utf-8").split("\n\n")]
            for md in sorted(fixtures.glob("*/*.expected.md"))]  # fmt: skip
    if seeds and seeds.is_dir():
        docs += [[_prose(t, seen) for t in p.read_text("utf-8").split("\n\n")] for p in sorted(seeds.glob("*.txt"))]
    from selectolax.lexbor import LexborHTMLParser

    for ref in load_corpus("readability", corpora, fixtures):
        if not Path(ref.expect["expected_html"]).is_file():
            continue
        tree = LexborHTMLParser(read_bytes(ref.expect["expected_html"]))
        docs.append([_prose(node.text(separator=" "), seen) for node in tree.css("p")])
    return [[p for p in doc if p] for doc in docs if any(doc)]


def _prose(text: str, seen: set[str]) -> str:
    """The paragraph normalised, or '' when it is too short, too long or already seen."""
    text = " ".join(re.sub(r"^[#>*\-\d.\s]+", "", text).split())
    if not 25 <= len(text.split()) <= 220 or text in seen:
        return ""
    seen.add(text)
    return text


def snapshot_pool(corpora: Path, fixtures: Path, limit: int = 300) -> list[Snapshot]:
    """Pages of 50–150 KB (fixtures too, whatever their size) split for the two-member gzip trick."""
    raw = [p.read_bytes() for p in sorted(fixtures.glob("*/*.html"))]
    for corpus in ("trafilatura-eval", "readability"):
        for ref in load_corpus(corpus, corpora, fixtures):
            data = read_bytes(ref.html_path)
            if 50_000 <= len(data) <= 150_000:
                raw.append(data)
            if len(raw) >= limit:
                break
    pool = []
    for data in raw:
        match = _HEAD.search(data[:20_000])
        cut = match.end() if match else 0
        pool.append(Snapshot(data[:cut], data[cut:], gzip.compress(data[cut:], 6, mtime=0)))
    return pool


class Generator:
    """Makes the rows of one article at a time, deterministic for a seed."""

    def __init__(self, docs: list[list[str]], snapshots: list[Snapshot], n: int, seed: int = 1) -> None:
        self.rng = random.Random(seed)
        self.docs = docs
        self.paragraphs = [p for doc in docs for p in doc]
        self.snapshots = snapshots
        self.n = n
        rng = self.rng
        self.sites = [(f"The {p} {q}", f"{p}-{q}".lower().replace(" ", "") + ".example")
                      for p in PLACES for q in rng.sample(PAPERS, 4)]  # fmt: skip
        self.site_weights = [1 / (i + 1) ** 0.8 for i in range(len(self.sites))]  # a few big sites, a long tail
        self.authors = [f"{f} {ln}" for f in FIRST for ln in LAST]
        rng.shuffle(self.authors)
        self.ids = {"version": 0, "snapshot": 0}

    def article(self, article_id: int) -> dict[str, list[tuple]]:
        """Rows for every table for one article (its versions, notes, snapshots, fetches, removals…)."""
        rng = self.rng
        site, host = rng.choices(self.sites, self.site_weights)[0]
        section = rng.choice(SECTIONS)
        published = START + timedelta(days=DAYS * article_id / self.n, minutes=rng.randint(-600, 600))
        first_seen = published + timedelta(minutes=rng.randint(5, 180))
        title = self._title()
        slug = "-".join(w.lower() for w in _WORD.findall(title)[:8]) or "story"
        url = f"https://{host}/{published:%Y/%m/%d}/{slug}-{article_id}"
        authors = rng.sample(self.authors[:1500], rng.choice((1, 1, 1, 2)))
        tags = rng.sample(SECTIONS, rng.randint(0, 4))
        paras = self._body(rng.randint(400, 1500))
        language = rng.choices(("en", "de", "fr", "es"), (90, 5, 3, 2))[0]
        r = rng.random()
        versions_n = 1 if r > 0.04 else rng.choice((2, 2, 3))
        has_v1_note = r > 0.97  # an editor's note from the start
        rows: dict[str, list[tuple]] = {t: [] for t in ("versions", "update_notes", "snapshots", "fetches",
                                                        "removals")}  # fmt: skip
        bodies = [list(paras)]
        notes: list[tuple[int, str, str, datetime, str, int]] = []  # version, kind, label, at, text, position
        if has_v1_note:
            at = first_seen - timedelta(minutes=5)
            text = f"Editor's note: This story was produced with {rng.choice(('reporting', 'data'))} from partners."
            bodies[0].insert(0, text)
            notes.append((1, "editors_note", "Editor's note:", at, text, 0))
        fetched = [first_seen]
        for v in range(2, versions_n + 1):
            at = fetched[-1] + timedelta(hours=rng.randint(1, 30))
            body = list(bodies[-1])
            kind, label = rng.choice(NOTE_KINDS)
            if rng.random() < 0.6:
                stamp = f"{label} ({at:%b. %-d at %-I:%M %p})" if kind == "update" else label
                text = f"{stamp} {self.paragraphs[rng.randrange(len(self.paragraphs))]}"
                pos = rng.randint(0, len(body))
                body.insert(pos, text)
                notes.append((v, kind, stamp, at, text, pos))
            else:  # an edit in the body
                body[rng.randrange(len(body))] = self.paragraphs[rng.randrange(len(self.paragraphs))]
            bodies.append(body)
            fetched.append(at)
        from archiver.diff import classify_change, paragraph_diff

        for v, body in enumerate(bodies, start=1):
            self.ids["version"] += 1
            self.ids["snapshot"] += 1
            body_text = "\n\n".join(body)
            prev = "\n\n".join(bodies[v - 2]) if v > 1 else None
            diff = json.dumps(paragraph_diff(prev, body_text)) if prev is not None else None
            new_kinds = [n[1] for n in notes if n[0] == v]
            change = classify_change(title, title, prev, body_text, new_kinds) if prev is not None else "first"
            digest = hashlib.sha256(f"{article_id}:{v}:{title}".encode()).hexdigest()
            meta = {"url": url, "canonical_url": url, "title": title, "subtitle": None, "authors": authors,
                    "published_at": _iso(published), "modified_at": _iso(fetched[v - 1]) if v > 1 else None,
                    "site_name": site, "section": section, "tags": tags, "language": language,
                    "image_url": f"https://{host}/images/{article_id}.jpg", "image_caption": None,
                    "image_credit": None, "description": body[0][:200],
                    "update_notes": [{"kind": n[1], "label": n[2], "noted_at": _iso(n[3]), "text": n[4],
                                      "position": n[5]} for n in notes if n[0] <= v],
                    "metadata_sources": {"title": "jsonld", "authors": "jsonld", "published_at": "jsonld"}}  # fmt: skip
            snap = self._snapshot(title, url, fetched[v - 1])
            rows["snapshots"].append((self.ids["snapshot"], *snap))
            rows["versions"].append((self.ids["version"], article_id, v, _iso(fetched[v - 1]), title,
                                     json.dumps(authors), body_text, self._markdown(body, host), digest, diff,
                                     change, self.ids["snapshot"], json.dumps(meta)))  # fmt: skip
            rows["fetches"].append((url, _iso(fetched[v - 1]), 200, snap[7], round(rng.uniform(0.1, 1.5), 3), None,
                                    article_id, self.ids["snapshot"], "new" if v == 1 else "changed"))  # fmt: skip
            for rule, text in rng.sample(NOISE, rng.randint(0, 9)):
                rows["removals"].append((article_id, v, rule, text))
        for v, kind, label, at, text, pos in notes:
            rows["update_notes"].append((article_id, v, kind, label, _iso(at), text, pos))
        last = fetched[-1]
        checks = rng.randint(1, 5)
        for c in range(checks):  # rechecks that found nothing new: 304s mostly
            at = last + timedelta(hours=6 * (c + 1) + rng.randint(0, 5))
            status = 304 if rng.random() < 0.8 else 200
            rows["fetches"].append((url, _iso(at), status, 0 if status == 304 else snap[7],
                                    round(rng.uniform(0.05, 0.8), 3), None, article_id, None,
                                    "not_modified" if status == 304 else "unchanged"))  # fmt: skip
        last_checked = last + timedelta(hours=6 * checks + 5)
        body_text = "\n\n".join(bodies[-1])
        end = START + timedelta(days=DAYS)
        next_check = _iso(last_checked + timedelta(days=3)) if end - published < timedelta(days=7) else None
        word_count = len(body_text.split())
        rows["articles"] = [(
            article_id, url, title, self._subtitle(), json.dumps(authors), site, section, json.dumps(tags), language,
            _iso(published), _iso(fetched[-1]) if versions_n > 1 else None, f"https://{host}/images/{article_id}.jpg",
            None, None, bodies[-1][0][:200], body_text, self._markdown(bodies[-1], host), word_count,
            sum(1 for n in notes), hashlib.sha256(f"{article_id}:{versions_n}:{title}".encode()).hexdigest(),
            _iso(first_seen), _iso(last_checked), _iso(fetched[-1]), versions_n, next_check, checks, article_id,
        )]  # fmt: skip
        rows["article_urls"] = [(url, article_id)]
        if rng.random() < 0.1:
            rows["article_urls"].append((f"{url}?utm_source=rss", article_id))
        rows["validators"] = [(url, f'"{digest[:16]}"', None, _iso(last_checked))]
        rows["queue"] = [(url, 1 + article_id % 1000, _iso(first_seen - timedelta(minutes=3)), None, "done", 1, None,
                          _iso(first_seen))]  # fmt: skip
        return rows

    def _title(self) -> str:
        words = self.paragraphs[self.rng.randrange(len(self.paragraphs))].split()
        start = self.rng.randrange(max(1, len(words) - 12))
        title = " ".join(words[start : start + self.rng.randint(6, 12)]).strip(" ,;:.")
        return title[:1].upper() + title[1:]

    def _subtitle(self) -> str | None:
        if self.rng.random() < 0.6:
            return None
        words = self.paragraphs[self.rng.randrange(len(self.paragraphs))].split()[:20]
        return " ".join(words).rstrip(",;:") + "."

    def _body(self, target: int) -> list[str]:
        """Paragraphs of one document in a shuffled order, then of a second, then any: topical, like news."""
        rng = self.rng
        paras, words = [], 0
        for source in (rng.choice(self.docs), rng.choice(self.docs), self.paragraphs):
            picks = rng.sample(source, len(source)) if source is not self.paragraphs else []
            while words < target and (picks or source is self.paragraphs):
                p = picks.pop() if picks else source[rng.randrange(len(source))]
                paras.append(p)
                words += len(p.split())
            if words >= target:
                break
        return paras

    def _markdown(self, paras: list[str], host: str) -> str:
        out = []
        for i, p in enumerate(paras):
            if i and i % 7 == 0:
                out.append("## " + " ".join(p.split()[:5]).rstrip(",.;:"))
            if i % 5 == 2:
                words = p.split(" ")
                k = len(words) // 2
                words[k] = f"[{words[k]}](https://{host}/related/{i})"
                p = " ".join(words)
            out.append(p)
        return "\n\n".join(out)

    def _snapshot(self, title: str, url: str, at: datetime) -> tuple:
        snap = self.snapshots[self.rng.randrange(len(self.snapshots))]
        head = snap.prefix + f'<title>{title}</title><link rel="canonical" href="{url}">'.encode()
        content_gz = gzip.compress(head, 6, mtime=0) + snap.rest_gz
        sha = hashlib.sha256(head)
        sha.update(snap.rest)
        size = len(head) + len(snap.rest)
        headers = json.dumps({"content-type": "text/html; charset=utf-8", "etag": f'"{sha.hexdigest()[:16]}"'})
        return url, url, _iso(at), 200, headers, "utf-8", content_gz, size, sha.hexdigest()


COLUMNS = {
    "articles": ("id", "url", "title", "subtitle", "authors", "site_name", "section", "tags", "language",
                 "published_at", "modified_at", "image_url", "image_caption", "image_credit", "description",
                 "body_text", "body_markdown", "word_count", "note_count", "content_hash", "first_seen_at",
                 "last_fetched_at", "last_changed_at", "version", "next_check_at", "check_count", "search_id"),
    "snapshots": ("id", "url", "final_url", "fetched_at", "status", "headers", "encoding", "content_gz", "size",
                  "sha256"),
    "versions": ("id", "article_id", "version", "fetched_at", "title", "authors", "body_text", "body_markdown",
                 "content_hash", "diff", "change_class", "snapshot_id", "metadata"),
    "update_notes": ("article_id", "version", "kind", "label", "noted_at", "text", "position"),
    "fetches": ("url", "at", "status", "bytes", "elapsed", "error", "article_id", "snapshot_id", "outcome"),
    "removals": ("article_id", "version", "rule", "text"),
    "article_urls": ("url", "article_id"),
    "validators": ("url", "etag", "last_modified", "checked_at"),
    "queue": ("url", "source_id", "discovered_at", "lastmod", "state", "attempts", "last_error", "done_at"),
}  # fmt: skip


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat(timespec="seconds") if value else None


def check_columns() -> None:
    """Every generated column exists in archiver.schema.SCHEMA (so rows match what store_article writes)."""
    from archiver.schema import SCHEMA

    for table, cols in COLUMNS.items():
        unknown = set(cols) - set(SCHEMA[table][0])
        if unknown:
            raise SystemExit(f"generator out of date: {table} has no column(s) {sorted(unknown)} in schema.SCHEMA")


def generate(db_path: Path, n: int, corpora: Path, fixtures: Path, batch: int = 2000, seed: int = 1) -> dict[str, Any]:
    """Create the archive at ``db_path`` with ``n`` articles; figures on how long each stage took."""
    from archiver.schema import open_archive

    check_columns()
    started = time.perf_counter()
    docs = paragraph_pool(corpora, fixtures, ROOT.parent / "shared" / "seeds")
    snapshots = snapshot_pool(corpora, fixtures)
    paragraphs = sum(len(d) for d in docs)
    print(f"  pools: {paragraphs} paragraphs in {len(docs)} documents, {len(snapshots)} pages for snapshots",
          file=sys.stderr)  # fmt: skip
    open_archive(db_path).conn.close()  # the real schema, indexes, FTS table and triggers
    conn = sqlite3.connect(db_path, isolation_level=None)
    saved = conn.execute("select type, name, sql from sqlite_master where type in ('trigger', 'index') "
                         "and sql is not null").fetchall()  # fmt: skip
    for kind, name, _sql in saved:
        conn.execute(f"drop {kind} [{name}]")
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-262144")
    gen = Generator(docs, snapshots, n, seed)
    sql = {t: f"insert into {t} ({', '.join(c)}) values ({', '.join('?' * len(c))})" for t, c in COLUMNS.items()}
    for first in range(1, n + 1, batch):
        rows: dict[str, list[tuple]] = {t: [] for t in COLUMNS}
        for article_id in range(first, min(first + batch, n + 1)):
            for table, items in gen.article(article_id).items():
                rows[table] += items
        conn.execute("begin")
        for table in COLUMNS:
            conn.executemany(sql[table], rows[table])
        conn.execute("commit")
        done = min(first + batch - 1, n)
        print(f"  generated {done:,}/{n:,} articles, {time.perf_counter() - started:.0f} s", file=sys.stderr,
              flush=True)  # fmt: skip
    conn.execute("begin")
    _extras(conn, gen)
    conn.execute("commit")
    rows_s = time.perf_counter() - started
    print("  rebuilding the full-text index and the indexes ...", file=sys.stderr, flush=True)
    conn.execute("insert into articles_fts(articles_fts) values ('rebuild')")
    for _kind, _name, ddl in saved:
        conn.execute(ddl)
    fts_s = time.perf_counter() - started - rows_s
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    open_archive(db_path).conn.close()  # as the CLI would open it next: any migration store.py does happens now
    return {"articles": n, "paragraph_pool": paragraphs, "documents": len(docs), "snapshot_pool": len(snapshots),
            "rows_s": round(rows_s, 1), "fts_and_indexes_s": round(fts_s, 1),
            "total_s": round(time.perf_counter() - started, 1)}  # fmt: skip


def _extras(conn: sqlite3.Connection, gen: Generator) -> None:
    """Sources (1,000 feeds across the sites), robots.txt per site and a year of runs every 15 minutes."""
    at = _iso(START + timedelta(days=DAYS))
    conn.executemany(
        "insert into sources (url, kind, name, etag, last_checked_at, added_at, last_status, url_count) "
        "values (?, 'feed', ?, ?, ?, ?, 304, 30)",
        [(f"https://{gen.sites[i % len(gen.sites)][1]}/feeds/{i}.xml", gen.sites[i % len(gen.sites)][0],
          f'"feed{i}"', at, _iso(START)) for i in range(1000)],
    )  # fmt: skip
    conn.executemany("insert into robots (origin, body, fetched_at) values (?, ?, ?)",
                     [(f"https://{h}", "User-agent: *\nAllow: /\n", at) for _, h in gen.sites])  # fmt: skip
    runs = []
    for i in range(DAYS * 96):
        t = START + timedelta(minutes=15 * i)
        runs.append((i + 1, 1000 + i, _iso(t), _iso(t + timedelta(seconds=40)), "finished", 11, 1, 20, 950, 0, 0, 0,
                     0))  # fmt: skip
    conn.executemany(
        "insert into runs (id, pid, started_at, finished_at, status, new, changed, unchanged, "
        "not_modified, notes_added, failed, skipped, queued) values (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        runs,
    )


def verify(db_path: Path) -> dict[str, Any]:
    """The generated archive against schema.SCHEMA: columns, indexes, triggers, FTS integrity, row counts."""
    from archiver.schema import FACET_SEARCH_INDEXES, INDEXES, SCHEMA

    conn = sqlite3.connect(db_path)
    problems = []
    for table, (columns, _opts) in SCHEMA.items():
        have = [r[1] for r in conn.execute(f"pragma table_info([{table}])")]
        if set(have) != set(columns):
            problems.append(f"{table}: columns {sorted(set(have) ^ set(columns))} differ")
    indexed = {tuple(r[2] for r in conn.execute(f"pragma index_info([{name}])"))
               for (name,) in conn.execute("select name from sqlite_master where type = 'index'")}  # fmt: skip
    problems += [f"missing index on {t}{cols}" for t, cols, _ in INDEXES if tuple(cols) not in indexed]
    names = {name for (name,) in conn.execute("select name from sqlite_master where type = 'index'")}
    problems += [f"missing index {name}" for name in FACET_SEARCH_INDEXES if name not in names]
    from archiver.schema import open_archive

    fresh = open_archive(":memory:")  # what store.py creates today: triggers must match it exactly
    want = {r[0]: r[1] for r in fresh.execute("select name, sql from sqlite_master where type = 'trigger'")}
    fresh.conn.close()
    have = dict(conn.execute("select name, sql from sqlite_master where type = 'trigger'").fetchall())
    triggers = sorted(have)
    if have != want:
        problems.append(f"triggers differ from store.py's: {sorted(set(have.items()) ^ set(want.items()))}")
    try:
        conn.execute("insert into articles_fts(articles_fts) values ('integrity-check')")
    except sqlite3.DatabaseError as exc:
        problems.append(f"FTS integrity: {exc}")
    counts = {t: conn.execute(f"select count(*) from [{t}]").fetchone()[0] for t in SCHEMA}
    counts["articles_fts"] = conn.execute("select count(*) from articles_fts").fetchone()[0]
    conn.close()
    return {"problems": problems, "rows": counts, "triggers": triggers}
