"""Benchmark 2, re-parse: rebuilding the archive from N stored raw pages, offline.

Each size runs in child processes: one stores N generated pages (three markups, see
benchmarks.corpus) through Archive.store_page; a fresh one times page processing alone (parse
and award extraction, benchmark 1's work) on a sample of the same pages, then runs
khenthuong.ingest.reparse over the archive, so its peak resident memory is the reparse's.

    python -m benchmarks.reparse store DB N
    python -m benchmarks.reparse measure DB SAMPLE
"""

import json
import sys
import time
from itertools import islice
from pathlib import Path

from benchmarks.corpus import pages
from benchmarks.measure import median, peak_rss_mib, run_child
from crawler.sources import get_source
from khenthuong.archive import Archive
from khenthuong.ingest import reparse

SOURCE = "demo"


def store(db_path: Path, count: int) -> dict:
    archive = Archive.open(db_path)
    archive.register_sources([get_source(SOURCE)])
    start = time.perf_counter()
    with archive.db.atomic():
        for url, html in pages(count):
            archive.store_page(SOURCE, url, html, status=200, fetched="2026-01-01T00:00:00+00:00")
    seconds = time.perf_counter() - start
    archive.close()
    return {"stored": count, "store_seconds": seconds, "db_bytes": db_path.stat().st_size}


def measure(db_path: Path, sample: int) -> dict:
    from benchmarks.pages import process

    archive = Archive.open(db_path)
    stored = list(islice(archive.iter_pages(), sample))
    process_times = []
    for page in stored:
        start = time.process_time()
        process(page.body, page.url)
        process_times.append(time.process_time() - start)
    del stored
    baseline_rss = peak_rss_mib()
    start, cpu = time.perf_counter(), time.process_time()
    summary = reparse(archive, {SOURCE: get_source(SOURCE)})
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    archive.close()
    return {
        "pages": summary.pages,
        "outcomes": summary.outcomes,
        "reparse_seconds": seconds,
        "reparse_cpu_seconds": cpu_seconds,
        "process_ms": median(process_times) * 1e3,
        "process_mean_ms": sum(process_times) / len(process_times) * 1e3,
        "rss_before_mib": baseline_rss,
        "peak_rss_mib": peak_rss_mib(),
    }


def run(sizes: tuple[int, ...], folder: Path, sample: int = 300) -> dict[int, dict]:
    """Store then reparse each size in fresh processes; the figures of each size."""
    results = {}
    for size in sizes:
        db = folder / f"reparse-{size}.db"
        stored = run_child("benchmarks.reparse", "store", str(db), str(size))
        measured = run_child("benchmarks.reparse", "measure", str(db), str(min(sample, size)))
        pages_per_second = measured["pages"] / measured["reparse_cpu_seconds"]
        # Benchmark 1's throughput on these pages, from the mean cost (a throughput is a mean).
        processing_per_second = 1e3 / measured["process_mean_ms"]
        results[size] = {
            **stored,
            **measured,
            "pages_per_second": pages_per_second,
            "wall_pages_per_second": measured["pages"] / measured["reparse_seconds"],
            "processing_pages_per_second": processing_per_second,
            "reparse_over_processing": pages_per_second / processing_per_second,
        }
        db.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    return results


def main(argv: list[str]) -> None:
    command, db, number = argv[0], Path(argv[1]), int(argv[2])
    result = store(db, number) if command == "store" else measure(db, number)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
