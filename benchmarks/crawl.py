"""Benchmarks 3 and 5: the crawl against a generated paper served on 127.0.0.1.

3. Crawl overhead: the full spider and pipeline (discovery, fetching, parsing, award
   extraction, archiving) with politeness off, against a no-op spider that fetches the same
   URLs, the ones the site saw the full crawl request, and does nothing with them.
4. Nightly cost: after a first crawl, the paper publishes 5% new articles; the re-crawl's
   requests per new article, counting article fetches apart from discovery pages (robots.txt,
   sitemap, feed, listing pages).

The paper is the demo's ONECMS site (demo.build_site.write_site) over generated articles
(benchmarks.corpus). Each crawl runs in its own process (Scrapy's reactor cannot restart):

    python -m benchmarks.crawl full DB BASE_URL
    python -m benchmarks.crawl noop URLS_FILE
"""

import json
import re
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from benchmarks.corpus import varied_articles
from benchmarks.measure import median, run_child
from demo.build_site import write_site
from demo.server import DemoHTTPServer

# Politeness off: no delay, no AutoThrottle, many requests at once. Only against 127.0.0.1.
UNTHROTTLED: dict[str, Any] = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
    "RETRY_TIMES": 0,
    "KHENTHUONG_ALLOW_LOOPBACK": True,
    "LOG_LEVEL": "ERROR",
}
ARTICLE_PATH = re.compile(r"-\d{7}\.html$")
NEW_SHARE = 0.05


def take_hits(server: DemoHTTPServer) -> list[str]:
    """The request targets the demo server logged since the last call, in order."""
    hits = list(server.requests)
    del server.requests[: len(hits)]  # only those taken: a request arriving meanwhile stays
    return hits


def build_site(folder: Path, count: int) -> Path:
    site = folder / f"site-{count}"
    write_site(site, list(varied_articles(count)))
    return site


def serve(root: Path) -> tuple[DemoHTTPServer, threading.Thread]:
    server = DemoHTTPServer(root, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def full_crawl(db: Path, base_url: str) -> dict:
    """Child process: the real crawl of the demo source, rebased onto base_url."""
    from crawler.runner import run_crawl
    from crawler.sources import get_source

    before = cpu_seconds(resource.RUSAGE_SELF)
    (summary,) = run_crawl(db, [get_source("demo").rebased(base_url)], None, UNTHROTTLED)
    return {
        "seconds": summary.seconds,
        "stats": vars(summary.stats),
        # CPU while crawling, start-up imports apart: this process's, and its writer process's
        # (crawler.writer_process, its imports included: they run while the crawl does).
        "crawl_cpu_seconds": cpu_seconds(resource.RUSAGE_SELF) - before,
        "writer_cpu_seconds": cpu_seconds(resource.RUSAGE_CHILDREN),
    }


def noop_crawl(urls_file: Path) -> dict:
    """Child process: fetch the listed URLs with the same concurrency, keeping nothing."""
    import scrapy
    from scrapy.crawler import AsyncCrawlerProcess

    urls = json.loads(urls_file.read_text("utf-8"))

    class NoopSpider(scrapy.Spider):
        name = "noop"

        async def start(self):  # type: ignore[override]
            for url in urls:
                yield scrapy.Request(url, callback=self.parse, dont_filter=True)

        def parse(self, response: scrapy.http.Response) -> None:
            return None

    settings = {
        key: value for key, value in UNTHROTTLED.items() if not key.startswith("KHENTHUONG")
    }
    process = AsyncCrawlerProcess({**settings, "TELNETCONSOLE_ENABLED": False})
    crawler = process.create_crawler(NoopSpider)
    process.crawl(crawler)
    before = cpu_seconds(resource.RUSAGE_SELF)
    process.start()
    return {
        "seconds": float(crawler.stats.get_value("elapsed_time_seconds", 0.0)),
        "responses": crawler.stats.get_value("response_received_count", 0),
        "crawl_cpu_seconds": cpu_seconds(resource.RUSAGE_SELF) - before,
    }


def overhead(articles: int, repetitions: int, folder: Path) -> dict:
    """Benchmark 3: median crawl times, full and no-op, alternating, on one served site."""
    site = build_site(folder, articles)
    server, thread = serve(site)
    full_times, noop_times, requests, new = [], [], 0, 0
    full_cpu, writer_cpu, noop_cpu = [], [], []
    try:
        for repetition in range(repetitions):
            db = folder / f"overhead-{repetition}.db"
            result = run_child("benchmarks.crawl", "full", str(db), server.base_url)
            full_times.append(result["seconds"])
            full_cpu.append(result["crawl_cpu_seconds"])
            writer_cpu.append(result["writer_cpu_seconds"])
            new = result["stats"]["articles_new"]
            hits = take_hits(server)
            requests = len(hits)
            urls_file = folder / "urls.json"
            urls_file.write_text(json.dumps([server.base_url + path for path in hits]), "utf-8")
            noop = run_child("benchmarks.crawl", "noop", str(urls_file))
            take_hits(server)
            noop_times.append(noop["seconds"])
            noop_cpu.append(noop["crawl_cpu_seconds"])
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    full, noop = median(full_times), median(noop_times)
    return {
        "articles": articles,
        "articles_new": new,
        "requests": requests,
        "full_seconds": full,
        "noop_seconds": noop,
        "full_ms_per_request": full / requests * 1e3,
        "noop_ms_per_request": noop / requests * 1e3,
        "overhead": full / noop - 1,
        # Where the CPU goes (robust to a busy machine, unlike the elapsed times): the full
        # crawl's process and its writer process, against the no-op crawl's process.
        "full_crawl_cpu_seconds": median(full_cpu),
        "full_writer_cpu_seconds": median(writer_cpu),
        "noop_cpu_seconds": median(noop_cpu),
    }


def nightly(articles: int, folder: Path) -> dict:
    """Benchmark 5: a first crawl, then a re-crawl after 5% new articles appear."""
    first_site = build_site(folder, articles)
    added = max(1, round(articles * NEW_SHARE))
    second_site = build_site(folder, articles + added)
    server, thread = serve(first_site)
    db = folder / "nightly.db"
    try:
        run_child("benchmarks.crawl", "full", str(db), server.base_url)
        first_hits = take_hits(server)
        server.root = second_site.resolve()
        second = run_child("benchmarks.crawl", "full", str(db), server.base_url)
        hits = take_hits(server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    article_hits = [path for path in hits if ARTICLE_PATH.search(path.split("?")[0])]
    new = second["stats"]["articles_new"]
    return {
        "articles": articles,
        "added": added,
        "first_crawl_requests": len(first_hits),
        "requests": len(hits),
        "article_requests": len(article_hits),
        "discovery_requests": len(hits) - len(article_hits),
        "articles_new": new,
        "article_requests_per_new": len(article_hits) / new if new else float("inf"),
        "requests_per_new": len(hits) / new if new else float("inf"),
        "discovery_paths": sorted({path for path in hits if path not in article_hits}),
    }


def run(articles: int, repetitions: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="khenthuong-bench-crawl-") as name:
        folder = Path(name)
        return {
            "overhead": overhead(articles, repetitions, folder),
            "nightly": nightly(articles, folder),
        }


def main(argv: list[str]) -> None:
    start = time.perf_counter()
    full = argv[0] == "full"
    result = full_crawl(Path(argv[1]), argv[2]) if full else noop_crawl(Path(argv[1]))
    result["process_seconds"] = time.perf_counter() - start
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
