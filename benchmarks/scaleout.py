"""Capacity of one machine, for deciding when to scale out (`make bench-scaleout`).

Measures, on a site of N demo-like article pages served on 127.0.0.1 with politeness off
(no delay, no AutoThrottle, 16 concurrent requests):

- single: one `khenthuong crawl` process, fetching, parsing and archiving (the baseline);
- worker: one `crawl --redis` worker, fetching and pushing pages to Redis only;
- 2 workers: two such processes sharing the queue, pages per second together;
- writer: the writer archiving the pages the workers left in Redis (its drain rate).

Each is the median of several runs, shown in pages per second and as a ratio to `single` in the
same run. Crawl rates are Scrapy's own elapsed time (process start-up excluded).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import redis

from crawler.scaleout import archive_pushed_pages, finish_run, open_runs
from crawler.sources import Source, get_source
from demo.server import DEMO_ORIGIN
from khenthuong.archive import Archive

ROOT = Path(__file__).resolve().parents[1]
DEMO_PAGES = sorted(
    p for p in (ROOT / "demo" / "site").glob("*-31*.html") if "trang-loi" not in p.name
)
POLITENESS_OFF = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "RETRY_TIMES": 0,
    "KHENTHUONG_ALLOW_LOOPBACK": True,
    "LOG_LEVEL": "WARNING",
}
CRAWL_SCRIPT = """
import dataclasses, json, sys
from crawler.runner import run_crawl
from crawler.sources import get_source

args = json.loads(sys.argv[1])
source = dataclasses.replace(
    get_source("demo").rebased(args["base_url"]),
    sitemaps=("/sitemap-bench.xml",), feeds=(), listings=(),
)
(summary,) = run_crawl(args["db"], [source], settings_overrides=args["settings"],
                       redis_url=args["redis_url"])
print(json.dumps({"pages": summary.stats.pages_fetched, "seconds": summary.seconds}))
"""


class BenchSite(BaseHTTPRequestHandler):
    """N distinct article pages (the demo's, each under its own URL), listed in one sitemap."""

    server: BenchServer

    def do_GET(self) -> None:
        origin = self.server.origin
        if self.path == "/robots.txt":
            body = b"User-agent: *\nAllow: /\n"
        elif self.path == "/sitemap-bench.xml":
            urls = "".join(f"<url><loc>{origin}{path}</loc></url>" for path in self.server.paths)
            body = (
                '<?xml version="1.0" encoding="UTF-8"?>'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
            ).encode()
        elif self.path in self.server.pages:
            template = self.server.pages[self.path]
            # The page names itself (canonical link) by the URL it is served under.
            html = template.read_text("utf-8")
            html = html.replace(f"{DEMO_ORIGIN}/{template.name}", f"{origin}{self.path}")
            body = html.replace(DEMO_ORIGIN, origin).encode()
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class BenchServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, pages: int) -> None:
        super().__init__(("127.0.0.1", 0), BenchSite)
        self.origin = f"http://127.0.0.1:{self.server_address[1]}"
        templates = [DEMO_PAGES[n % len(DEMO_PAGES)] for n in range(pages)]
        self.pages = {
            f"/{template.stem.rsplit('-', 1)[0]}-{4_000_000 + n}.html": template
            for n, template in enumerate(templates)
        }
        self.paths = list(self.pages)


def bench_source(origin: str) -> Source:
    return dataclasses.replace(
        get_source("demo").rebased(origin),
        sitemaps=("/sitemap-bench.xml",),
        feeds=(),
        listings=(),
    )


def crawl_process(origin: str, db: Path | None, redis_url: str | None) -> subprocess.Popen:
    args = {"base_url": origin, "db": str(db) if db else None, "redis_url": redis_url}
    return subprocess.Popen(
        [sys.executable, "-c", CRAWL_SCRIPT, json.dumps({**args, "settings": POLITENESS_OFF})],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def result(process: subprocess.Popen) -> dict:
    out, _ = process.communicate(timeout=600)
    if process.returncode != 0:
        sys.exit(f"crawl failed: {process.args}")
    return json.loads(out.strip().splitlines()[-1])


def start_redis(directory: Path) -> tuple[subprocess.Popen, str]:
    binary = shutil.which("redis-server")
    if binary is None:
        sys.exit("redis-server is not installed: make redis")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(directory), "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(200):
        try:
            redis.Redis.from_url(url).ping()
            return server, url
        except redis.ConnectionError:
            time.sleep(0.02)
    sys.exit("redis-server did not start")


def one_round(origin: str, redis_url: str, work: Path, pages: int) -> dict[str, float]:
    """pages/s of each configuration, measured once, on fresh archives."""
    rates = {}
    single = result(crawl_process(origin, work / "single.db", None))
    rates["single"] = single["pages"] / single["seconds"]

    server = redis.Redis.from_url(redis_url)
    for workers in (1, 2):
        server.flushdb()
        archive = Archive.open(work / f"shared-{workers}.db")
        runs = open_runs(server, archive, [bench_source(origin)])
        processes = [crawl_process(origin, None, redis_url) for _ in range(workers)]
        reports = [result(p) for p in processes]
        fetched = sum(r["pages"] for r in reports)
        if fetched != pages:
            sys.exit(f"{workers} workers fetched {fetched} pages, not {pages}")
        label = "worker" if workers == 1 else "2 workers"
        rates[label] = fetched / max(r["seconds"] for r in reports)
        if workers == 1:
            start = time.perf_counter()
            drained = archive_pushed_pages(server, archive, runs, workers=1)
            rates["writer"] = drained / (time.perf_counter() - start)
        else:
            archive_pushed_pages(server, archive, runs, workers=2)
        for run in runs:
            finish_run(server, archive, run, "finished")
        archive.close()
    for db in work.glob("*.db*"):
        db.unlink()
    return rates


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=500, help="article pages on the site")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="khenthuong-scaleout-") as tmp:
        work = Path(tmp)
        redis_server, redis_url = start_redis(work)
        site = BenchServer(args.pages)
        threading.Thread(target=site.serve_forever, daemon=True).start()
        try:
            rounds = [
                one_round(site.origin, redis_url, work, args.pages) for _ in range(args.repeat)
            ]
        finally:
            site.shutdown()
            redis_server.terminate()
            redis_server.wait()
    medians = {name: statistics.median(r[name] for r in rounds) for name in rounds[0]}
    print(f"{args.pages} article pages, median of {args.repeat} runs, politeness off\n")
    print("| configuration | pages/s | ratio to single |")
    print("|---|---:|---:|")
    for name, rate in medians.items():
        print(f"| {name} | {rate:.0f} | {rate / medians['single']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
