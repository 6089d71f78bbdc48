"""Benchmark 4, the archive at scale: a generated archive of N articles with award facts, then
Datasette serving it (a subprocess on 127.0.0.1) while a writer ingests pages into it.

Articles come from TEMPLATES distinct generated texts (benchmarks.corpus), each analysed once
by the real award parsers, so every row's facts are what the parsers say of its text; each
row gets its own URL, paper, province and publication day. The build writes in bulk (one
executemany per chunk in big transactions, the search index filled alongside, merged once
at the end), not through Archive's one-article path, which the re-parse benchmark measures.

    python -m benchmarks.archive_scale build DB N
    python -m benchmarks.archive_scale shape DB
    python -m benchmarks.archive_scale write DB MAX_SECONDS STOP_FILE
"""

import csv
import http.client
import io
import json
import os
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from benchmarks.corpus import pages, varied_articles
from benchmarks.measure import ROOT, median, percentile, run_child
from crawler.sources import load_sources
from khenthuong.archive import Archive, Fetch
from khenthuong.provinces import province_map
from parsers.extract import analyse_article
from parsers.text import fold

TEMPLATES = 4000
CHUNK = 20_000
FIRST_DAY = date(2016, 1, 1)
DAYS = 3650
# Searches a reader types, without diacritics: common words, a place, a named award, rare ones.
SEARCHES = (
    "khen thuong",
    "thi dua",
    "huan chuong lao dong",
    "bang khen",
    "tam ky",
    "bao so 6",
    "co thi dua",
    "nui thanh",
    "chien si thi dua",
    "dai hoi thi dua yeu nuoc",
    "tuyen sinh lop 10",
    "le hoi ba thu bon",
)


@dataclass
class Template:
    title: str
    sapo: str
    body: str
    author: str
    tags: list[str]
    category: str
    folded: str
    analysis: dict
    score: float


def templates(count: int) -> list[Template]:
    result = []
    for article in varied_articles(count, seed=4):
        body = article.body
        analysis = analyse_article(article.title, article.sapo, body, None)
        values = [article.title, article.sapo, body, " ".join(article.tags)]
        result.append(
            Template(
                title=article.title,
                sapo=article.sapo,
                body=body,
                author=article.author,
                tags=article.tags,
                category=article.section,
                folded=fold(" ".join(values)),
                analysis=analysis.as_output(None),
                score=analysis.relevance.score,
            )
        )
    return result


def _papers() -> list[tuple[str, str, str]]:
    """(source, province, province today) of every paper in the registry."""
    provinces = province_map()
    return [(s.name, s.province, provinces.today(s.province)) for s in load_sources() if s.province]


def build(db_path: Path, count: int) -> dict:
    """Write `count` articles with their analyses and search index; the seconds it took."""
    start = time.perf_counter()
    archive = Archive.open(db_path)
    archive.register_sources(load_sources())
    db = archive.db
    db.execute("PRAGMA synchronous = OFF")  # a benchmark archive: rebuilt, never recovered
    made = templates(min(TEMPLATES, count))
    papers = _papers()
    templates_seconds = time.perf_counter() - start
    award_id = 0
    event_id = 0
    for first in range(0, count, CHUNK):
        articles, article_fts, events, awards, award_fts = [], [], [], [], []
        for n in range(first, min(count, first + CHUNK)):
            article_id = n + 1
            t = made[n % len(made)]
            source, province, province_today = papers[n % len(papers)]
            day = FIRST_DAY + timedelta(days=(n * 7919) % DAYS)
            published = f"{day.isoformat()}T{8 + n % 10:02d}:{n % 60:02d}:00+07:00"
            relevant = t.analysis["relevant"]
            articles.append(
                (
                    article_id,
                    f"https://{source}.example/bai-{article_id}.html",
                    source,
                    t.title,
                    t.sapo,
                    t.body,
                    t.author,
                    published,
                    "json-ld",
                    t.category,
                    json.dumps(t.tags, ensure_ascii=False),
                    province,
                    province_today,
                    int(relevant),
                    t.score,
                    "2026-01-01T00:00:00+00:00",
                    day.year,
                    published[:7],
                )
            )
            article_fts.append((article_id, t.title, t.sapo, t.body, " ".join(t.tags), t.folded))
            event = t.analysis["event"]
            this_event = None
            if event:
                event_id += 1
                this_event = event_id
                events.append(
                    (
                        event_id,
                        article_id,
                        event["type"],
                        event["period"],
                        event["year"],
                        event["date"],
                        event["organizer"],
                    )
                )
            happened = (event or {}).get("date") or day.isoformat()
            for position, fact in enumerate(t.analysis["awards"], 1):
                award_id += 1
                awards.append(
                    (
                        award_id,
                        article_id,
                        this_event,
                        position,
                        fact["award"],
                        fact["recipient_kind"],
                        fact["count"],
                        fact["status"],
                        fact["conferrer"],
                        fact["recipient"],
                        fact["evidence"],
                        happened,
                        int(happened[:4]),
                        happened[:7],
                        (event or {}).get("type"),
                        province,
                        province_today,
                        source,
                    )
                )
                searched = [fact[k] or "" for k in ("award", "recipient", "conferrer", "evidence")]
                award_fts.append((award_id, *searched, fold(" ".join(searched))))
        with db.atomic():
            db.conn.executemany(
                "INSERT INTO articles (id, url, source, title, sapo, body, author, published, "
                "published_from, category, tags, province, province_today, relevant, "
                "relevance_score, first_archived, year, month) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                articles,
            )
            db.conn.executemany(
                "INSERT INTO articles_fts (rowid, title, sapo, body, tags, folded) "
                "VALUES (?,?,?,?,?,?)",
                article_fts,
            )
            db.conn.executemany(
                "INSERT INTO events (id, article_id, type, period, year, date, organizer) "
                "VALUES (?,?,?,?,?,?,?)",
                events,
            )
            db.conn.executemany(
                "INSERT INTO awards (id, article_id, event_id, position, award, recipient_kind, "
                "count, status, conferrer, recipient, evidence, date, year, month, event_type, "
                "province, province_today, source) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                awards,
            )
            db.conn.executemany(
                "INSERT INTO awards_fts (rowid, award, recipient, conferrer, evidence, folded) "
                "VALUES (?,?,?,?,?,?)",
                award_fts,
            )
    rows_seconds = time.perf_counter() - start
    for table in ("articles_fts", "awards_fts"):
        db.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
    db.execute("ANALYZE")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    awards_count = award_id
    archive.close()
    return {
        "articles": count,
        "awards": awards_count,
        "events": event_id,
        "templates_seconds": templates_seconds,
        "rows_seconds": rows_seconds,
        "build_seconds": time.perf_counter() - start,
        "db_bytes": db_path.stat().st_size,
    }


def write(db_path: Path, seconds: float, stop: Path) -> dict:
    """The crawl's writes, without the network: ingest generated pages until `stop` exists."""
    from crawler.sources import get_source
    from khenthuong.ingest import ingest_page

    archive = Archive.open(db_path)
    source = get_source("demo")
    archive.register_sources([source])
    start = time.monotonic()
    written = 0
    for url, html in pages(100_000, seed=9):
        if stop.exists() or time.monotonic() - start > seconds:
            break
        ingest_page(
            archive, source, Fetch(url, html, status=200, fetched="2026-06-01T00:00:00+00:00")
        )
        written += 1
    archive.close()
    elapsed = time.monotonic() - start
    return {"pages_written": written, "seconds": elapsed, "pages_per_second": written / elapsed}


class Datasette:
    """`khenthuong serve` of the archive as a subprocess on a free port of 127.0.0.1."""

    def __init__(self, db_path: Path, port: int) -> None:
        from khenthuong.cli import METADATA, datasette_args

        self.port = port
        self.name = db_path.stem
        args = datasette_args(db_path, METADATA, "127.0.0.1", port)
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                self.get("/-/versions.json")
                return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(self.process.stderr.read().decode()[-2000:]) from None
                time.sleep(0.2)
        raise RuntimeError("Datasette did not start within 120 s")

    def get(self, path: str, timeout: float = 60) -> tuple[int, bytes, float]:
        """(status, body, seconds) of one GET, the body read to its end."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        start = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        seconds = time.perf_counter() - start
        connection.close()
        return response.status, body, seconds

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ranked_search_path(name: str, query: str) -> str:
    """The ranked search page: the metadata's canned `search` query when there is one (it
    folds and quotes the words itself), else our own query by FTS5 rank."""
    from khenthuong.cli import METADATA

    queries = json.loads(METADATA.read_text("utf-8"))["databases"]["archive"].get("queries", {})
    if "search" in queries:
        return f"/{name}/search?" + urlencode({"q": query, "province": ""})
    query = _fts_query(query)
    sql = (
        "select articles.id, articles.title, articles.published, articles.source "
        "from articles_fts join articles on articles.id = articles_fts.rowid "
        "where articles_fts match :q order by articles_fts.rank limit 50"
    )
    return f"/{name}?" + urlencode({"sql": sql, "q": query})


def _configured_facets(table: str) -> set[str]:
    from khenthuong.cli import METADATA

    tables = json.loads(METADATA.read_text("utf-8"))["databases"]["archive"]["tables"]
    facets = tables[table].get("facets", [])
    return {f if isinstance(f, str) else next(iter(f.values())) for f in facets}


def _fts_query(text: str) -> str:
    """Each word as a quoted token, as Datasette's escaped search does."""
    return " ".join(f'"{word}"' for word in text.split())


def serve_and_measure(db_path: Path, repetitions: int) -> dict[str, Any]:
    """Datasette's answers, timed while a writer process ingests pages into the archive."""
    site = Datasette(db_path, _free_port())
    name = site.name
    stop = db_path.with_name("stop-writer")
    stop.unlink(missing_ok=True)
    writer = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "benchmarks.archive_scale",
            "write",
            str(db_path),
            "3600",
            str(stop),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        timings: dict[str, list[float]] = {
            "search": [],
            "table_search": [],
            "search_page": [],
            "ranked": [],
        }
        statuses: list[int] = []
        failed: dict[str, int] = {}
        for query in SEARCHES:  # warm the page cache once, as a server that has been up would
            site.get(f"/{name}/newest_matches.json?" + urlencode({"q": query}))
        for _ in range(repetitions):
            for query in SEARCHES:
                q = quote(query)
                status, _, seconds = site.get(
                    f"/{name}/newest_matches.json?_shape=objects&" + urlencode({"q": query})
                )
                statuses.append(status)
                failed["search"] = failed.get("search", 0) + (status != 200)
                timings["search"].append(seconds)
                status, _, seconds = site.get(
                    f"/{name}/articles.json?_search={q}&_nofacet=1&_nocount=1&_shape=objects"
                )
                statuses.append(status)
                failed["table_search"] = failed.get("table_search", 0) + (status != 200)
                timings["table_search"].append(seconds)
                status, _, seconds = site.get(f"/{name}/articles?_search={q}")
                statuses.append(status)
                failed["search_page"] = failed.get("search_page", 0) + (status != 200)
                timings["search_page"].append(seconds)
                status, _, seconds = site.get(ranked_search_path(name, query))
                statuses.append(status)
                failed["ranked"] = failed.get("ranked", 0) + (status != 200)
                timings["ranked"].append(seconds)
        facet_pages = {}
        for table in ("articles", "awards"):
            runs, timed_out = [], set()
            configured = _configured_facets(table)
            for _ in range(repetitions):
                status, body, seconds = site.get(f"/{name}/{table}.json?_size=50")
                statuses.append(status)
                runs.append(seconds)
                # A facet that timed out is left out of the results (Datasette 0.65).
                timed_out |= configured - set(json.loads(body).get("facet_results", {}))
            facet_pages[table] = {
                "ms": median(runs) * 1e3,
                "facets": len(configured),
                "facets_timed_out": sorted(timed_out),
            }
        csv_runs, csv_rows = [], 0
        for _ in range(repetitions):
            status, body, seconds = site.get(
                f"/{name}/articles.csv?_stream=on&_size=max&id__lte=10000", timeout=300
            )
            statuses.append(status)
            csv_runs.append(seconds)
            csv_rows = sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8-sig")))) - 1
    finally:
        stop.touch()
        site.close()
        out, err = writer.communicate(timeout=300)
    if writer.returncode != 0:
        raise RuntimeError(f"the writer failed: {err[-2000:]}")
    written = json.loads(out.strip().splitlines()[-1])
    return {
        "search_p50_ms": median(timings["search"]) * 1e3,
        "search_p95_ms": percentile(timings["search"], 0.95) * 1e3,
        "table_search_p50_ms": median(timings["table_search"]) * 1e3,
        "table_search_p95_ms": percentile(timings["table_search"], 0.95) * 1e3,
        "search_page_p50_ms": median(timings["search_page"]) * 1e3,
        "search_page_p95_ms": percentile(timings["search_page"], 0.95) * 1e3,
        "ranked_p50_ms": median(timings["ranked"]) * 1e3,
        "ranked_p95_ms": percentile(timings["ranked"], 0.95) * 1e3,
        "facet_pages": facet_pages,
        "csv_10000_ms": median(csv_runs) * 1e3,
        "csv_rows": csv_rows,
        "errors": sum(status != 200 for status in statuses),
        "errors_by_kind": failed,
        "writer": written,
    }


def shape(db_path: Path) -> dict:
    """Open the archive as the crawl does: ensure_db_shape adds what an older build lacks."""
    start = time.perf_counter()
    Archive.open(db_path).close()
    return {"shape_seconds": time.perf_counter() - start}


def run(count: int, folder: Path, repetitions: int = 5, db: Path | None = None) -> dict:
    """Build an archive of `count` articles (or reuse `db`, with the build.json beside it that
    its build printed), then measure it served."""
    if db is None:
        db = folder / "archive.db"
        built = run_child("benchmarks.archive_scale", "build", str(db), str(count), timeout=7200)
    else:
        built = json.loads(db.with_name("build.json").read_text("utf-8"))
    built |= run_child("benchmarks.archive_scale", "shape", str(db), timeout=7200)
    served = serve_and_measure(db, repetitions)
    size, articles = archive_bytes(db)
    return {**built, **served, "db_bytes": db.stat().st_size, "bytes_per_article": size / articles}


def archive_bytes(db_path: Path) -> tuple[int, int]:
    """The archive's bytes without its raw pages (the `pages` table and its indexes), and its
    articles: the writer that ran while it was served, or in an earlier run on the same file,
    stored raw pages and added articles, which the file's size alone would count against the
    built articles."""
    with sqlite3.connect(db_path) as connection:
        (size,) = connection.execute(
            "SELECT sum(pgsize) FROM dbstat WHERE name NOT IN"
            " (SELECT name FROM sqlite_master WHERE tbl_name = 'pages')"
        ).fetchone()
        (articles,) = connection.execute("SELECT count(*) FROM articles").fetchone()
    return size, articles


def main(argv: list[str]) -> None:
    command, db = argv[0], Path(argv[1])
    if command == "build":
        result = build(db, int(argv[2]))
    elif command == "shape":
        result = shape(db)
    else:
        result = write(db, float(argv[2]), Path(argv[3]))
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
