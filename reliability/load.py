"""Datasette under bounded load on 127.0.0.1 while the archive is being written.

A real `datasette serve` of the archive (as `khenthuong serve` runs it), N concurrent clients
asking for searches, facets, JSON, CSV and rows for a fixed time, while a writer process keeps
archiving articles through the crawl's write path (and, optionally, a crawl of the demo).
Every request must succeed; none may see "database is locked".

    python -m reliability.load writer DB   # the writer process: archives until terminated
"""

from __future__ import annotations

import asyncio
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from reliability.harness import ROOT, Writer

# What journalists do: search (with and without diacritics), facet, read a row, export.
PATHS = (
    "/{db}/articles?_search=khen+thuong",
    "/{db}/articles.json?_search=bằng+khen&_shape=objects",
    "/{db}/articles?_facet=province&_facet=category",
    "/{db}/awards?_facet=award&_facet=province_today",
    "/{db}/awards.json?_search=huan+chuong&_shape=array",
    "/{db}/articles.csv?_search=thi+dua&_size=100",
    "/{db}/articles?_sort_desc=published",
    "/{db}/articles/{article_id}",
    "/{db}.json",
)


@dataclass
class LoadReport:
    clients: int
    seconds: float
    requests: int = 0
    errors: list[str] = field(default_factory=list)  # first few, with their URL
    error_count: int = 0
    locked: int = 0  # responses or errors mentioning "database is locked"
    latencies_ms: list[float] = field(default_factory=list, repr=False)
    articles_before: int = 0
    articles_after: int = 0

    def figures(self) -> dict[str, Any]:
        ordered = sorted(self.latencies_ms)

        def percentile(p: float) -> float:
            return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1) if ordered else 0

        return {
            "clients": self.clients,
            "seconds": self.seconds,
            "requests": self.requests,
            "requests_per_second": round(self.requests / self.seconds, 1),
            "errors": self.error_count,
            "database_locked": self.locked,
            "p50_ms": percentile(0.5),
            "p95_ms": percentile(0.95),
            "max_ms": round(ordered[-1], 1) if ordered else 0,
            "articles_written_during_load": self.articles_after - self.articles_before,
            "first_errors": self.errors[:5],
        }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_datasette(db: Path, port: int) -> subprocess.Popen[bytes]:
    """`datasette serve` of the archive with the project's metadata, as `khenthuong serve`."""
    from khenthuong.cli import METADATA, datasette_args

    args = datasette_args(db, METADATA, "127.0.0.1", port)
    return subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_until_serving(base: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"datasette exited: {process.stderr.read().decode()[-2000:]}")
        try:
            if httpx.get(f"{base}/-/versions.json", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise TimeoutError("datasette did not start")


def start_writer(db: Path) -> subprocess.Popen[bytes]:
    """A process archiving synthetic articles through ingest_page until terminated."""
    return subprocess.Popen(
        [sys.executable, "-m", "reliability.load", "writer", str(db)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


async def _client(
    http: httpx.AsyncClient, paths: list[str], deadline: float, seed: int, report: LoadReport
) -> None:
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        path = rng.choice(paths)
        began = time.perf_counter()
        try:
            response = await http.get(path)
            failed = (
                f"HTTP {response.status_code}: {response.text[:200]}"
                if response.status_code != 200
                else None
            )
        except httpx.HTTPError as error:
            failed = f"{type(error).__name__}: {error}"
        report.latencies_ms.append((time.perf_counter() - began) * 1000)
        report.requests += 1
        if failed:
            report.error_count += 1
            report.locked += "database is locked" in failed
            report.errors.append(f"{path}: {failed}")


async def _load(
    base: str, db_name: str, article_id: int, clients: int, seconds: float, report: LoadReport
) -> None:
    paths = [path.format(db=db_name, article_id=article_id) for path in PATHS]
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
        await asyncio.gather(
            *(_client(http, paths, deadline, seed, report) for seed in range(clients))
        )


def _first_article(db: Path) -> int:
    with sqlite3.connect(db, timeout=30) as connection:
        return connection.execute("SELECT min(id) FROM articles").fetchone()[0]


def _wait_for_an_article(db: Path, writer: subprocess.Popen[bytes], timeout: float = 60) -> None:
    """The load starts once the writer has archived something (a row page needs a row)."""
    deadline = time.monotonic() + timeout
    while _articles(db) == 0:
        if writer.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the writer archived nothing: {writer.stderr.read().decode()}")
        time.sleep(0.05)


def _articles(db: Path) -> int:
    with sqlite3.connect(db, timeout=30) as connection:
        return connection.execute("SELECT count(*) FROM articles").fetchone()[0]


def run_load(
    db: Path, clients: int, seconds: float, crawl: list[str] | None = None, write: bool = True
) -> LoadReport:
    """Serve `db` with Datasette, write to it from another process, and load it.

    `crawl`, a crawl job's command line on `db`, is started with the load as well. Without
    `write`, nothing writes: the same load on a quiet archive, a baseline for the figures.
    """
    from khenthuong.archive import Archive

    Archive.open(db).close()  # Datasette serves a file that exists: an empty archive at worst
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    datasette = start_datasette(db, port)
    writer = crawler = None
    try:
        wait_until_serving(base, datasette)
        if write:
            writer = start_writer(db)
            _wait_for_an_article(db, writer)
        report = LoadReport(clients=clients, seconds=seconds, articles_before=_articles(db))
        if crawl:
            crawler = subprocess.Popen(
                crawl, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        article_id = _first_article(db)
        asyncio.run(_load(base, db.stem, article_id, clients, seconds, report))
        report.articles_after = _articles(db)
        if writer is not None and writer.poll() is not None:
            report.errors.append(f"writer died: {writer.stderr.read().decode()[-1000:]}")
            report.error_count += 1
        if crawler is not None and crawler.wait(timeout=300) != 0:
            report.errors.append(f"the crawl during the load exited {crawler.returncode}")
            report.error_count += 1
        return report
    finally:
        for process in (writer, crawler, datasette):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=30)
            if process is not None and process.stderr is not None:
                process.stderr.close()


def _write_until_terminated(db: Path) -> None:
    writer = Writer(db, start=_articles(db) + 1_000_000)
    signal.signal(signal.SIGTERM, lambda *_: writer.stop_soon())
    writer.run()
    if writer.error is not None:
        raise writer.error


if __name__ == "__main__":
    if sys.argv[1:2] == ["writer"]:
        _write_until_terminated(Path(sys.argv[2]))
