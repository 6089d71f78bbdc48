"""Benchmark 2, re-parse: rebuilding the archive from N stored raw pages, offline.

Each size: a child process stores N generated pages (three markups, see benchmarks.corpus)
through Archive.store_page, and the archive is copied. Each copy is rebuilt by
khenthuong.ingest.reparse in a fresh child process: one with its pool of worker processes
(one per CPU, what `khenthuong reparse` does by default), one in a single process (jobs=1).

Each of those children also times page processing, benchmark 1's work (parse and award
extraction), on a sample spread evenly over the stored pages (`sample` of them, one drawn in
each of `sample` equal runs, so each markup weighs its share), just before and just after
its reparse, in wall and CPU time; its baseline is the mean of the two, so a change of load
during the run weighs on both sides. The figures:
- with the pool: the reparse's pages per wall second against the baseline's, the throughput a
  user sees;
- in one process: pages per CPU second against the baseline's, so the cost of reading,
  writing and indexing each page stays visible whatever the number of CPUs;
- peak resident memory of the writing process (read just after its reparse) and of the
  largest worker.

    python -m benchmarks.reparse store DB N
    python -m benchmarks.reparse measure DB SAMPLE JOBS
"""

import itertools
import json
import os
import random
import resource
import shutil
import sys
import time
from pathlib import Path

from benchmarks.corpus import pages
from benchmarks.measure import peak_rss_mib, run_child
from crawler.sources import get_source
from khenthuong.archive import Archive, Fetch
from khenthuong.ingest import reparse

SOURCE = "demo"


def store(db_path: Path, count: int) -> dict:
    archive = Archive.open(db_path)
    archive.register_sources([get_source(SOURCE)])
    start = time.perf_counter()
    with archive.db.atomic():
        for url, html in pages(count):
            archive.store_page(
                SOURCE, Fetch(url, html, status=200, fetched="2026-01-01T00:00:00+00:00")
            )
    seconds = time.perf_counter() - start
    archive.close()
    return {"stored": count, "store_seconds": seconds, "db_bytes": db_path.stat().st_size}


def sample_ids(archive: Archive, sample: int) -> list[int]:
    """`sample` stored pages spread over the archive (all, if fewer): one drawn in each of
    `sample` equal runs of pages, the same every run.

    Not every k-th page: the generated pages take the three markups in turn, and with k a
    multiple of 3 (33 at 10,000 pages, 333 at 100,000) every sampled page had the demo's
    small ONECMS markup, whose processing costs 2 ms against 3.3 for the mix the reparse
    parses: the baseline was the cheapest third of the work.
    """
    ids = [
        row[0]
        for row in archive.db.execute("SELECT id FROM pages WHERE warc IS NOT NULL ORDER BY id")
    ]
    if len(ids) <= sample:
        return ids
    draw = random.Random(len(ids))
    bounds = [len(ids) * n // sample for n in range(sample + 1)]
    return [ids[draw.randrange(start, end)] for start, end in itertools.pairwise(bounds)]


def time_processing(archive: Archive, ids: list[int]) -> tuple[float, float]:
    """Mean wall and CPU seconds of benchmark 1's work on these pages, read one at a time.

    parse_article gets the source's selectors, as the reparse calls it: the demo source's are
    ONECMS selectors, looked for in vain on the other two markups, a cost of the parse.
    """
    from benchmarks.pages import process

    selectors = get_source(SOURCE).selectors
    wall = cpu = 0.0
    for page_id in ids:
        page = archive.page(page_id)
        started, cpu_started = time.perf_counter(), time.process_time()
        process(page.body, page.url, selectors)
        wall += time.perf_counter() - started
        cpu += time.process_time() - cpu_started
    return wall / len(ids), cpu / len(ids)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(db_path: Path, sample: int, jobs: int) -> dict:
    archive = Archive.open(db_path)
    ids = sample_ids(archive, sample)
    before = time_processing(archive, ids)
    rss_before = peak_rss_mib()
    start, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
    summary = reparse(archive, {SOURCE: get_source(SOURCE)}, jobs=jobs)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    workers_cpu_seconds = _children_cpu() - children
    peak = peak_rss_mib()
    # The pool's workers have been waited for: their largest peak, Linux reports KiB.
    workers_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    after = time_processing(archive, ids)
    archive.close()
    return {
        "jobs": jobs,
        "pages": summary.pages,
        "outcomes": summary.outcomes,
        "sample": len(ids),
        "reparse_seconds": seconds,
        "reparse_cpu_seconds": cpu_seconds,
        "workers_cpu_seconds": workers_cpu_seconds,
        "process_wall_ms": (before[0] + after[0]) / 2 * 1e3,
        "process_cpu_ms": (before[1] + after[1]) / 2 * 1e3,
        "process_wall_ms_before_after": [before[0] * 1e3, after[0] * 1e3],
        "rss_before_mib": rss_before,
        "peak_rss_mib": peak,
        "workers_peak_rss_mib": workers_peak if jobs > 1 else None,
    }


def run(
    sizes: tuple[int, ...], folder: Path, sample: int = 300, jobs: int | None = None
) -> dict[int, dict]:
    """Store then reparse each size, with the pool and in one process; the figures of each."""
    jobs = jobs or os.cpu_count() or 1
    results = {}
    for size in sizes:
        pooled_db, single_db = folder / f"reparse-{size}.db", folder / f"reparse-{size}-one.db"
        stored = run_child("benchmarks.reparse", "store", str(pooled_db), str(size))
        for suffix in ("", "-wal"):  # the log is checkpointed when the store closes; if not
            if Path(f"{pooled_db}{suffix}").exists():
                shutil.copyfile(f"{pooled_db}{suffix}", f"{single_db}{suffix}")
        pooled = run_child("benchmarks.reparse", "measure", str(pooled_db), str(sample), str(jobs))
        single = run_child("benchmarks.reparse", "measure", str(single_db), str(sample), "1")
        wall_rate = pooled["pages"] / pooled["reparse_seconds"]
        processing_wall_rate = 1e3 / pooled["process_wall_ms"]
        cpu_rate = single["pages"] / single["reparse_cpu_seconds"]
        processing_cpu_rate = 1e3 / single["process_cpu_ms"]
        results[size] = {
            **stored,
            "jobs": jobs,
            "pooled": pooled,
            "single": single,
            # With the pool, in wall time: what a user waits for.
            "wall_pages_per_second": wall_rate,
            "processing_wall_pages_per_second": processing_wall_rate,
            "reparse_over_processing": wall_rate / processing_wall_rate,
            # In one process, in CPU time: the per-page machinery beside parsing.
            "single_cpu_pages_per_second": cpu_rate,
            "processing_cpu_pages_per_second": processing_cpu_rate,
            "single_cpu_over_processing": cpu_rate / processing_cpu_rate,
            "single_wall_pages_per_second": single["pages"] / single["reparse_seconds"],
            # CPU a page of the pool's writer and workers, and how many CPUs they got on
            # average: on a shared machine, what the wall figure could buy.
            "pooled_cpu_ms": (pooled["reparse_cpu_seconds"] + pooled["workers_cpu_seconds"])
            / pooled["pages"]
            * 1e3,
            "pooled_cpus_used": (pooled["reparse_cpu_seconds"] + pooled["workers_cpu_seconds"])
            / pooled["reparse_seconds"],
            "peak_rss_mib": pooled["peak_rss_mib"],
            "workers_peak_rss_mib": pooled["workers_peak_rss_mib"],
            "single_peak_rss_mib": single["peak_rss_mib"],
        }
        for db in (pooled_db, single_db):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
    return results


def main(argv: list[str]) -> None:
    command, db, number = argv[0], Path(argv[1]), int(argv[2])
    result = store(db, number) if command == "store" else measure(db, number, int(argv[3]))
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
