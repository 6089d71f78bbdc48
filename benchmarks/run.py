"""Benchmarks (`make bench`): costs as ratios against baselines measured in the same run.

Absolute times on these shared machines mean little, so every figure is a ratio to a baseline
timed moments before on the same input, and each target is a bound on a ratio:

- extract/parse: extracting award facts from an article costs well under parsing its HTML
  (target: at most 0.5 of `parse_article`).
- parse/lxml: `parse_article` against the bare lxml parse of the same bytes (reported).
- ingest/parse: archiving a page (compress, store, parse, index, analyse) against parsing it
  alone (reported).
- reparse memory: peak memory replaying 10x more pages grows by less than 2x (streaming).
- search page/bare FTS: the "Tìm kiếm" canned query (ranking, province filter, snippets, award
  facts) against the bare ranked FTS5 lookup of the same words, over every demo article copied
  until the archive holds 3,000 (reported).
"""

import json
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import lxml.html

from crawler.sources import get_source
from khenthuong.archive import Archive
from khenthuong.cli import METADATA
from khenthuong.datasette_plugin import prepare_connection
from khenthuong.ingest import ingest_page, reparse
from parsers.article import parse_article
from parsers.extract import extract_record

ROOT = Path(__file__).resolve().parents[1]
SHARED_PAGES = ROOT.parent / "shared" / "corpus" / "pages"
EXTRACT_TO_PARSE_TARGET = 0.5
MEMORY_GROWTH_TARGET = 2.0
REAL_PAGE_ORIGIN = "https://example.org"  # the saved real pages, parsed as if from there


def article_pages() -> list[tuple[str, bytes]]:
    """Demo article pages, plus the real saved article pages when ../shared is here."""
    pages = [
        (f"https://baoquangnam.demo/{path.name}", path.read_bytes())
        for path in sorted((ROOT / "demo" / "site").glob("*-31*.html"))
        if "trang-loi" not in path.name
    ]
    if SHARED_PAGES.exists():
        pages += [
            (f"{REAL_PAGE_ORIGIN}/{path.name}", path.read_bytes())
            for path in sorted(SHARED_PAGES.glob("*article*.html"))
        ]
    if not pages:
        sys.exit("no pages to benchmark: build the demo site first (python -m demo.build_site)")
    return pages


def best_of(function: Callable[[], object], repeat: int = 5, number: int = 3) -> float:
    """The fastest of `repeat` runs of `number` calls: the least disturbed by other load."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            function()
        runs.append((time.perf_counter() - start) / number)
    return min(runs)


def speed(pages: list[tuple[str, bytes]]) -> dict[str, float]:
    lxml_times, parse_times, extract_times = [], [], []
    for url, html in pages:
        article = parse_article(html, url)
        record = {
            "id": url,
            "title": article.title,
            "sapo": article.sapo,
            "body": "\n\n".join(article.body),
            "published": article.published,
        }
        lxml_times.append(best_of(lambda html=html: lxml.html.fromstring(html)))
        parse_times.append(best_of(lambda html=html, url=url: parse_article(html, url)))
        extract_times.append(best_of(lambda record=record: extract_record(record)))
    ratios = {
        "parse/lxml": [p / b for p, b in zip(parse_times, lxml_times, strict=True)],
        "extract/parse": [e / p for e, p in zip(extract_times, parse_times, strict=True)],
    }
    return {name: statistics.median(values) for name, values in ratios.items()} | {
        "extract/parse (worst page)": max(ratios["extract/parse"])
    }


def ingest_ratio(pages: list[tuple[str, bytes]]) -> float:
    """Median cost of archiving one page over the cost of parsing it alone."""
    source = get_source("demo")
    with tempfile.TemporaryDirectory() as folder:
        archive = Archive.open(Path(folder) / "bench.db")
        archive.register_sources([source])
        ratios = []
        for n, (url, html) in enumerate(pages):
            parse_time = best_of(lambda html=html, url=url: parse_article(html, url), number=1)
            start = time.perf_counter()
            ingest_page(archive, source, url, html, status=200, fetched=f"bench-{n}")
            ratios.append((time.perf_counter() - start) / parse_time)
        archive.close()
    return statistics.median(ratios)


def reparse_memory_growth(pages: list[tuple[str, bytes]]) -> float:
    """Peak traced memory of a reparse over 10x the pages, divided by that over 1x."""
    peaks = []
    for copies in (1, 10):
        with tempfile.TemporaryDirectory() as folder:
            archive = Archive.open(Path(folder) / "bench.db")
            source = get_source("demo")
            archive.register_sources([source])
            for copy in range(copies):
                for url, html in pages:
                    archive.store_page(
                        source.name, f"{url}?copy={copy}", html, status=200, fetched="bench"
                    )
            tracemalloc.start()
            reparse(archive, {source.name: source})
            peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
            archive.close()
    return peaks[1] / peaks[0]


def search_ratio(pages: list[tuple[str, bytes]], articles: int = 3000) -> float:
    """The search page's query over the bare ranked FTS5 lookup it starts from."""
    rows = []
    for url, html in pages:
        article = parse_article(html, url)
        rows.append(
            {
                "title": article.title,
                "sapo": article.sapo,
                "body": "\n\n".join(article.body),
                "published": article.published,
                "province": "Quảng Nam",
                "province_today": "Đà Nẵng",
                "relevant": 1,
            }
        )
    queries = json.loads(METADATA.read_text("utf-8"))["databases"]["archive"]["queries"]
    bare = (
        "select rowid from articles_fts where articles_fts match fts_query(:q) "
        "order by bm25(articles_fts) limit 1000"
    )
    params = {"q": "khen thuong", "province": ""}
    with tempfile.TemporaryDirectory() as folder:
        archive = Archive.open(Path(folder) / "bench.db")
        with archive.db.conn:
            for n in range(articles):
                archive.save_article({**rows[n % len(rows)], "url": f"https://bench.example/{n}"})
        archive.close()
        connection = sqlite3.connect(Path(folder) / "bench.db")
        prepare_connection(connection)
        page_time = best_of(
            lambda: connection.execute(queries["search"]["sql"], params).fetchall(), number=1
        )
        bare_time = best_of(lambda: connection.execute(bare, params).fetchall(), number=1)
        connection.close()
    return page_time / bare_time


def main() -> int:
    pages = article_pages()
    print(f"{len(pages)} article pages")
    ratios = speed(pages)
    for name, value in ratios.items():
        print(f"{name:28} {value:8.3f}")
    # The demo's pages carry far less markup than a real paper's (6 KB against 150 KB), so
    # extraction weighs more against their parse; show the real pages on their own too.
    real = [page for page in pages if page[0].startswith(REAL_PAGE_ORIGIN)]
    if real:
        print(f"{'extract/parse, real pages':28} {speed(real)['extract/parse']:8.3f}")
    print(f"{'ingest/parse':28} {ingest_ratio(pages):8.3f}")
    growth = reparse_memory_growth(pages)
    print(f"{'reparse memory 10x/1x':28} {growth:8.3f}")
    print(f"{'search page/bare FTS':28} {search_ratio(pages):8.3f}")
    failures = []
    if ratios["extract/parse"] > EXTRACT_TO_PARSE_TARGET:
        failures.append(f"extract/parse {ratios['extract/parse']:.3f} > {EXTRACT_TO_PARSE_TARGET}")
    if growth > MEMORY_GROWTH_TARGET:
        failures.append(f"reparse memory grows {growth:.2f}x > {MEMORY_GROWTH_TARGET}x")
    for failure in failures:
        print(f"TARGET MISSED: {failure}")
    if not failures:
        print("all targets met")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
