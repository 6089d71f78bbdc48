"""What every trial shares: crawls in a child process, and checks of an archive's health.

`check_archive` says what is wrong with an archive file (nothing, when it is healthy);
`canonical_dump` is its content without what legitimately differs between two runs that
archived the same pages (row ids, fetch and archive times, crawl runs), so two archives can
be compared for equality.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

# A local site needs no politeness delay, and it is on loopback, which only tests allow.
LOCAL_SETTINGS: dict[str, Any] = {
    "AUTOTHROTTLE_START_DELAY": 0.01,
    "DOWNLOAD_DELAY": 0,
    "RETRY_TIMES": 0,
    "KHENTHUONG_ALLOW_LOOPBACK": True,
    "LOG_LEVEL": "INFO",
}

ARCHIVE_TABLES = ("sources", "pages", "articles", "events", "awards", "articles_fts", "awards_fts")
MISSING_TABLES = "tables missing"
JOB_TIMEOUT = 300  # seconds; a crawl of the demo takes a few

# Columns that differ between two runs archiving the same pages: when, and under which row id.
_VOLATILE = {"id", "page_id", "first_archived", "last_changed", "article_id", "event_id"}


def crawl_command(
    db: Path,
    *,
    base_url: str | None = None,
    registry: Path | None = None,
    settings: dict[str, Any] | None = None,
    max_db_pages: int | None = None,
) -> list[str]:
    """The command line of one crawl job (reliability.crawl_job) of the demo or a registry."""
    job = {
        "db": str(db),
        "base_url": base_url,
        "registry": str(registry) if registry else None,
        "settings": {**LOCAL_SETTINGS, **(settings or {})},
        "max_db_pages": max_db_pages,
    }
    return [sys.executable, "-m", "reliability.crawl_job", json.dumps(job)]


def reparse_command(db: Path) -> list[str]:
    """The command line of `khenthuong reparse` on `db`, in a child process."""
    return [sys.executable, "-m", "khenthuong.cli", "reparse", "--db", str(db)]


@dataclass
class JobResult:
    returncode: int
    summaries: list[dict[str, Any]]
    log: str


def run_job(command: list[str], timeout: float = 180) -> JobResult:
    """Run a crawl or reparse job to its end; its summaries are the crawl's last output line."""
    done = subprocess.run(
        command, capture_output=True, text=True, cwd=ROOT, timeout=timeout, check=False
    )
    lines = done.stdout.strip().splitlines()
    summaries = json.loads(lines[-1]) if lines and lines[-1].startswith("[") else []
    return JobResult(done.returncode, summaries, done.stderr)


@dataclass
class Watched:
    """A job watched from its start: when it first wrote to the archive, when it ended."""

    killed: bool
    first_write: float | None  # seconds from start until the archive's WAL first held data
    seconds: float  # from start until it exited or was killed
    result: JobResult | None  # its output, when it ran to its end


def watch_job(
    command: list[str], db: Path, *, kill_after_first_write: float | None = None
) -> Watched:
    """Run a job on `db`; with `kill_after_first_write`, SIGKILL it that long after it first
    wrote to the archive (its WAL file growing), unless it has ended by then.

    Timing kills from the first write, not from the start, puts them inside the job's work
    instead of in Python's and Scrapy's start-up.
    """
    wal = Path(f"{db}-wal")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        began = time.monotonic()
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err)
        first_write = None
        killed = False
        try:
            while process.poll() is None:
                now = time.monotonic() - began
                if first_write is None and file_size(wal) > 0:
                    first_write = now
                due = kill_after_first_write is not None and first_write is not None
                if due and now >= first_write + kill_after_first_write:
                    process.send_signal(signal.SIGKILL)
                    killed = True
                    break
                if now > JOB_TIMEOUT:
                    raise TimeoutError(f"{command[:4]} ran over {JOB_TIMEOUT} s")
                time.sleep(0.002)
        finally:
            if process.poll() is None:
                process.kill()  # the watch failed: leave no job running behind the test
            process.wait()
        seconds = time.monotonic() - began
        if killed:
            return Watched(True, first_write, seconds, None)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        lines = stdout.strip().splitlines()
        summaries = json.loads(lines[-1]) if lines and lines[-1].startswith("[") else []
        result = JobResult(process.returncode, summaries, err.read().decode("utf-8", "replace"))
        return Watched(False, first_write, seconds, result)


def file_size(path: Path) -> int:
    """The size of `path`, 0 while it does not exist (SQLite deletes a WAL on its last close,
    so it can go between any two looks at it)."""
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def connect(db: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(db, timeout=30)
    connection.execute("PRAGMA busy_timeout = 30000")
    return connection


def check_archive(db: Path, *, complete: bool = True) -> list[str]:
    """Everything wrong with the archive at `db`; an empty list means healthy.

    Checked: SQLite's integrity_check and foreign keys, each FTS5 index's own
    integrity-check, every search row agreeing with its article or award (same rows, same
    text), no duplicate article, page, event or award. With `complete`, also that every stored
    page was parsed (a run killed between keeping a page and parsing it leaves one; the next
    run must finish it).
    """
    problems: list[str] = []
    with connect(db) as connection:
        if (verdict := connection.execute("PRAGMA integrity_check").fetchall()) != [("ok",)]:
            problems.append(f"integrity_check: {verdict[:5]}")
        if bad := connection.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(f"foreign_key_check: {bad[:5]}")
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if missing := sorted(set(ARCHIVE_TABLES) - names):
            return [*problems, f"{MISSING_TABLES}: {missing}"]
        for fts in ("articles_fts", "awards_fts"):
            try:
                connection.execute(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")
            except sqlite3.DatabaseError as error:
                problems.append(f"{fts} integrity-check: {error}")
        problems += _fts_agrees(
            connection,
            "articles",
            "articles_fts",
            "id, coalesce(title, ''), coalesce(sapo, ''), coalesce(body, '')",
            "rowid, title, sapo, body",
        )
        problems += _fts_agrees(
            connection,
            "awards",
            "awards_fts",
            "id, coalesce(award, ''), coalesce(recipient, ''), coalesce(conferrer, ''), "
            "coalesce(evidence, '')",
            "rowid, award, recipient, conferrer, evidence",
        )
        for what, sql in (
            (
                "articles with the same url",
                "SELECT url FROM articles GROUP BY url HAVING count(*) > 1",
            ),
            (
                "pages stored twice",
                "SELECT url FROM pages GROUP BY url, sha256, status HAVING count(*) > 1",
            ),
            (
                "articles with two events",
                "SELECT article_id FROM events GROUP BY article_id HAVING count(*) > 1",
            ),
            (
                "awards stored twice",
                "SELECT article_id FROM awards GROUP BY article_id, position HAVING count(*) > 1",
            ),
        ):
            if duplicates := connection.execute(sql).fetchall():
                problems.append(f"{what}: {duplicates[:5]}")
        if complete:
            unparsed = connection.execute(
                "SELECT url FROM pages WHERE article_id IS NULL AND error IS NULL"
            ).fetchall()
            if unparsed:
                problems.append(f"pages stored but never parsed: {unparsed[:5]}")
    return problems


def _fts_agrees(
    connection: sqlite3.Connection, table: str, fts: str, columns: str, fts_columns: str
) -> list[str]:
    rows = set(connection.execute(f"SELECT {columns} FROM {table}").fetchall())
    indexed = set(connection.execute(f"SELECT {fts_columns} FROM {fts}").fetchall())
    if rows == indexed:
        return []
    missing = sorted(row[0] for row in rows - indexed)
    extra = sorted(row[0] for row in indexed - rows)
    return [f"{fts} disagrees with {table}: not indexed {missing[:5]}, stale {extra[:5]}"]


def canonical_dump(db: Path) -> dict[str, Any]:
    """The archive's content keyed by URL, without row ids, times and crawl runs.

    Articles by URL; events and awards by their article's URL (awards in order); pages as the
    set of (url, status, sha256, what they produced).
    """
    with connect(db) as connection:
        connection.row_factory = sqlite3.Row
        url_of = dict(connection.execute("SELECT id, url FROM articles").fetchall())
        articles = {
            row["url"]: _stable(row) for row in connection.execute("SELECT * FROM articles")
        }
        events = {
            url_of[row["article_id"]]: _stable(row)
            for row in connection.execute("SELECT * FROM events")
        }
        awards: dict[str, list[dict[str, Any]]] = {}
        for row in connection.execute("SELECT * FROM awards ORDER BY article_id, position"):
            awards.setdefault(url_of[row["article_id"]], []).append(_stable(row))
        pages = sorted(
            (row["url"], row["status"], row["sha256"], url_of.get(row["article_id"]), row["error"])
            for row in connection.execute("SELECT * FROM pages")
        )
    return {"articles": articles, "events": events, "awards": awards, "pages": pages}


def _stable(row: sqlite3.Row) -> dict[str, Any]:
    return {key: row[key] for key in row.keys() if key not in _VOLATILE}  # noqa: SIM118


def dump_differences(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """What differs between two canonical dumps, by table and URL (empty when equal)."""
    differences: list[str] = []
    for table in ("articles", "events", "awards"):
        old, new = before[table], after[table]
        for url in sorted(set(old) | set(new)):
            if old.get(url) != new.get(url):
                differences.append(f"{table}: {url}")
    if before["pages"] != after["pages"]:
        differences.append("pages differ")
    return differences


SYNTHETIC_ARTICLE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{title}</title></head><body><article><h1>{title}</h1>
<div class="entry"><p>Sáng 5/3, hội nghị tổng kết công tác thi đua, khen thưởng năm 2025 của
đơn vị số {n} đã diễn ra tại hội trường tỉnh với nhiều đơn vị tham dự.</p>
<p>Dịp này, Chủ tịch UBND tỉnh tặng Bằng khen cho {n} tập thể và 3 cá nhân có thành tích
xuất sắc trong phong trào thi đua.</p></div></article></body></html>"""


def synthetic_page(n: int) -> tuple[str, bytes]:
    """The URL and HTML of the n-th article a test writer archives (our own text)."""
    title = f"Đơn vị số {n} tổng kết công tác thi đua, khen thưởng năm 2025"
    url = f"http://127.0.0.1/don-vi-so-{n:07d}.html"
    return url, SYNTHETIC_ARTICLE.format(title=title, n=n).encode("utf-8")


class Writer(threading.Thread):
    """Archives synthetic articles one after another through ingest_page, as a crawl does.

    `written` counts the articles committed; a failure stops the thread and is kept in
    `error`. Stop it with stop().
    """

    def __init__(self, db: Path, limit: int = 100_000, start: int = 1) -> None:
        super().__init__(daemon=True)
        self.db = db
        self.limit = limit
        self.start_number = start  # of the first synthetic article, so runs need not overlap
        self.written = 0
        self.error: BaseException | None = None
        self._stop_event = threading.Event()

    def run(self) -> None:
        from crawler.sources import get_source
        from khenthuong.archive import Archive, Fetch, utc_now
        from khenthuong.ingest import ingest_page

        source = get_source("demo")
        archive = Archive.open(self.db)
        try:
            archive.register_sources([source])
            for n in range(self.start_number, self.start_number + self.limit):
                if self._stop_event.is_set():
                    break
                url, body = synthetic_page(n)
                ingest_page(
                    archive,
                    source,
                    Fetch(url, body, status=200, fetched=utc_now(), encoding="utf-8"),
                )
                self.written += 1
        except BaseException as error:  # kept for the test to report, not swallowed
            self.error = error
        finally:
            archive.close()

    def stop_soon(self) -> None:
        """Finish the article being written, then stop (safe from a signal handler)."""
        self._stop_event.set()

    def stop(self) -> None:
        self.stop_soon()
        self.join(timeout=60)


@contextmanager
def demo_site() -> Iterator[str]:
    """The demo paper served on 127.0.0.1; yields its origin.

    A crawler killed mid-request resets its connections: expected here, so not printed.
    """
    from demo.server import SITE_DIR, serve_demo

    with serve_demo(SITE_DIR) as server:
        server.httpd.handle_error = lambda request, client_address: None
        yield server.base_url
