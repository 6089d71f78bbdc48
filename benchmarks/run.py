"""Benchmarks (`make bench`): every figure a ratio against a baseline measured in the same run.

    python -m benchmarks.run [--scale quick|full] [--only pages,reparse,crawl,archive,search]
                             [--archive N] [--reparse N,M] [--no-write]

quick (the default) runs in a few minutes; full is the documented run (100,000 stored pages,
a 1,000,000-article archive: about an hour on 2 cores). The results go to the scale's block of
BENCHMARKS.md and to benchmarks/results-SCALE.json; timings are medians of repetitions.
"""

import argparse
import json
import os
import platform
import re
import sqlite3
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from benchmarks.measure import ROOT

SCALES = {
    "quick": {
        "pages_repetitions": 3,
        "reparse": (1_000, 5_000),
        "crawl_articles": 120,
        "crawl_repetitions": 2,
        "archive": 20_000,
        "archive_repetitions": 2,
    },
    "full": {
        "pages_repetitions": 7,
        "reparse": (10_000, 100_000),
        "crawl_articles": 600,
        "crawl_repetitions": 3,
        "archive": 1_000_000,
        "archive_repetitions": 5,
    },
}
TARGETS = {
    "pages_over_floor": 3.0,  # at most, on the real pages
    "trafilatura_over_pages": 8.0,  # at least, on the real pages
    "reparse_over_processing": 0.8,  # at least
    "reparse_memory_growth": 1.25,  # at most: 10x the pages, flat memory
    "crawl_overhead": 0.25,  # at most
    "article_requests_per_new": 1.2,  # at most, plus discovery pages
    "search_p95_ms": 200.0,  # at most
}
REPORT = ROOT / "BENCHMARKS.md"


def machine() -> dict[str, str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (
            f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "?",
    )
    return {
        "measured": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": f"{os.cpu_count()} x {cpu}",
        "memory": memory,
        "load_at_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "lxml": _version("lxml"),
        "scrapy": _version("scrapy"),
        "datasette": _version("datasette"),
        "trafilatura": _version("trafilatura"),
    }


def _version(package: str) -> str:
    # trafilatura comes with the bench extra only; the report code also runs under `make test`.
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def run_all(scale: dict, only: set[str]) -> dict:
    results: dict = {}
    if "pages" in only:
        from benchmarks import pages

        started = time.perf_counter()
        results["pages"] = {
            name: asdict(result) for name, result in pages.run(scale["pages_repetitions"]).items()
        }
        results["pages_seconds"] = time.perf_counter() - started
    if "search" in only:
        from benchmarks.search_page import search_ratio

        results["search_page_over_bare_fts"] = search_ratio()
    with tempfile.TemporaryDirectory(prefix="khenthuong-bench-") as name:
        folder = Path(name)
        if "reparse" in only:
            from benchmarks import reparse

            results["reparse"] = {
                str(size): figures
                for size, figures in reparse.run(scale["reparse"], folder).items()
            }
        if "crawl" in only:
            from benchmarks import crawl

            results["crawl"] = crawl.run(scale["crawl_articles"], scale["crawl_repetitions"])
        if "archive" in only:
            from benchmarks import archive_scale

            results["archive"] = archive_scale.run(
                scale["archive"], folder, scale["archive_repetitions"], scale.get("archive_db")
            )
    return results


_COMPARE = {"<=": float.__le__, ">=": float.__ge__, "<": float.__lt__}


def _verdict(name: str, value: float, op: str, target: str, note: str = "") -> tuple:
    """(figure, value, bound, met) of `value` against TARGETS[target] under `op`."""
    bound = TARGETS[target]
    return (name, value, f"{op} {bound}{note}", _COMPARE[op](float(value), bound))


def verdicts(results: dict) -> list[tuple[str, float, str, bool]]:
    """(figure, value, target, met) for every target the results can judge."""
    rows = []
    real = results.get("pages", {}).get("real")
    if real:
        rows.append(
            _verdict(
                "page processing / lxml floor (real pages)",
                real["ours_over_floor"],
                "<=",
                "pages_over_floor",
            )
        )
        rows.append(
            _verdict(
                "trafilatura / page processing (real pages)",
                real["trafilatura_over_ours"],
                ">=",
                "trafilatura_over_pages",
            )
        )
        fields = real["accuracy_ours"]
        peer = real["accuracy_trafilatura"]
        as_good = all(fields[f] >= peer[f] for f in fields)
        rows.append(("accuracy fields at least trafilatura's", float(as_good), "1", as_good))
    reparse = results.get("reparse")
    if reparse:
        sizes = sorted(reparse, key=int)
        slowest = min(reparse[s]["reparse_over_processing"] for s in sizes)
        rows.append(
            _verdict(
                "re-parse (worker pool) / page processing, wall throughput (worst size)",
                slowest,
                ">=",
                "reparse_over_processing",
            )
        )
        first, last = reparse[sizes[0]], reparse[sizes[-1]]
        # Every process of the reparse: the writer with its pool, a worker, the single one.
        processes = ("peak_rss_mib", "workers_peak_rss_mib", "single_peak_rss_mib")
        growth = max(last[k] / first[k] for k in processes if first.get(k) and last.get(k))
        rows.append(
            _verdict(
                f"re-parse peak memory {int(sizes[-1]):,}/{int(sizes[0]):,} pages (worst process)",
                growth,
                "<=",
                "reparse_memory_growth",
            )
        )
    crawl = results.get("crawl")
    if crawl:
        rows.append(
            _verdict(
                "crawl overhead (full / no-op - 1)",
                crawl["overhead"]["overhead"],
                "<=",
                "crawl_overhead",
            )
        )
        rows.append(
            _verdict(
                "nightly article requests per new article",
                crawl["nightly"]["article_requests_per_new"],
                "<=",
                "article_requests_per_new",
                " + discovery",
            )
        )
    archive = results.get("archive")
    if archive:
        rows.append(
            _verdict(
                "search p95, newest matches (ms)", archive["search_p95_ms"], "<", "search_p95_ms"
            )
        )
        if "table_search_p95_ms" in archive:
            # The search box of Datasette's articles table, newest published first.
            rows.append(
                _verdict(
                    "search p95, articles table's search box (ms)",
                    archive["table_search_p95_ms"],
                    "<",
                    "search_p95_ms",
                )
            )
        if "ranked_p95_ms" in archive:
            # The page a journalist searches from: ranked, with snippets and award facts.
            rows.append(
                _verdict(
                    "search p95, ranked search page (ms)",
                    archive["ranked_p95_ms"],
                    "<",
                    "search_p95_ms",
                )
            )
        timed_out = sum(len(p["facets_timed_out"]) for p in archive["facet_pages"].values())
        rows.append(("facets timed out", float(timed_out), "0", timed_out == 0))
    return rows


def _ms(value: float) -> str:
    return f"{value:,.1f} ms" if value < 100 else f"{value:,.0f} ms"


def markdown(scale_name: str, scale: dict, results: dict, host: dict) -> str:
    """The results block of BENCHMARKS.md for one scale."""
    # When the figures were measured: `--render` rewrites the block later from saved results.
    measured = host.get("measured") or datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"Measured {measured} by `make bench SCALE={scale_name}` on {host['cpu']}, "
        f"{host['memory']} (load average at start {host['load_at_start']}; shared with other "
        f"work); Python {host['python']}, SQLite {host['sqlite']}, lxml {host['lxml']}, "
        f"Scrapy {host['scrapy']}, Datasette {host['datasette']}, "
        f"trafilatura {host['trafilatura']}.",
        "",
        "| target | value | bound | met |",
        "|---|---|---|---|",
    ]
    for name, value, bound, met in verdicts(results):
        lines.append(f"| {name} | {value:.2f} | {bound} | {'yes' if met else '**no**'} |")
    if "pages" in results:
        lines += [
            "",
            "**1. Page processing** (parse_article + relevance + award extraction, per page; "
            f"median of {scale['pages_repetitions']} repetitions, each the best of 3 calls "
            "in CPU time)",
            "",
            "| pages | n | ours / lxml floor | worst page | trafilatura / ours | lxml floor "
            "| ours (parse alone) | trafilatura |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for name, r in results["pages"].items():
            lines.append(
                f"| {name} | {r['pages']} | {r['ours_over_floor']:.2f}x "
                f"| {r['ours_over_floor_worst']:.2f}x | {r['trafilatura_over_ours']:.1f}x "
                f"| {_ms(r['floor_ms'])} | {_ms(r['ours_ms'])} ({_ms(r['parse_ms'])}) "
                f"| {_ms(r['trafilatura_ms'])} |"
            )
        lines += [
            "",
            "| pages | extractor | title | date (day) | author | body score |",
            "|---|---|---|---|---|---|",
        ]
        for name, r in results["pages"].items():
            for who, key in (
                ("khenthuong", "accuracy_ours"),
                ("trafilatura", "accuracy_trafilatura"),
            ):
                a = r[key]
                lines.append(
                    f"| {name} | {who} | {a['title']:.2f} | {a['date']:.2f} | {a['author']:.2f} "
                    f"| {a['body']:.2f} |"
                )
    if "reparse" in results:
        lines += [
            "",
            "**2. Re-parse** (khenthuong.ingest.reparse over stored WARC pages of three markups, "
            "against benchmark 1's work on 300 stored pages drawn over the archive, timed just "
            "before and after "
            "each reparse in the same process: with the worker pool in wall time, in one "
            "process in CPU time)",
            "",
            "| stored pages | pool / processing (wall) | pool pages/s | processing pages/s "
            "| pool CPU a page, CPUs it got | one process / processing (CPU) "
            "| one process pages/s (CPU) | processing pages/s (CPU) "
            "| peak RSS: writer, worker, one process | store time |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for size, r in sorted(results["reparse"].items(), key=lambda item: int(item[0])):
            workers = r.get("workers_peak_rss_mib")
            lines.append(
                f"| {int(size):,} | {r['reparse_over_processing']:.2f} "
                f"| {r['wall_pages_per_second']:.0f} "
                f"| {r['processing_wall_pages_per_second']:.0f} "
                f"| {r['pooled_cpu_ms']:.1f} ms, {r['pooled_cpus_used']:.1f} "
                f"| {r['single_cpu_over_processing']:.2f} "
                f"| {r['single_cpu_pages_per_second']:.0f} "
                f"| {r['processing_cpu_pages_per_second']:.0f} "
                f"| {r['peak_rss_mib']:.0f}, {f'{workers:.0f}' if workers else '-'}, "
                f"{r['single_peak_rss_mib']:.0f} MiB "
                f"| {r['store_seconds']:.0f} s |"
            )
        jobs = {r.get("jobs") for r in results["reparse"].values()}
        lines.append("")
        lines.append(f"Worker processes: {', '.join(str(j) for j in sorted(jobs))}.")
    if "crawl" in results:
        o, n = results["crawl"]["overhead"], results["crawl"]["nightly"]
        lines += [
            "",
            f"**3. Crawl overhead** ({o['articles']} generated articles, {o['requests']} "
            f"requests; median of {scale['crawl_repetitions']} crawls each)",
            "",
            "| full / no-op | full crawl | no-op crawl | full per request | no-op per request "
            "| CPU: full crawl + writer | CPU: no-op |",
            "|---|---|---|---|---|---|---|",
            f"| {o['full_seconds'] / o['noop_seconds']:.2f}x "
            f"| {o['full_seconds']:.2f} s | {o['noop_seconds']:.2f} s "
            f"| {_ms(o['full_ms_per_request'])} | {_ms(o['noop_ms_per_request'])} "
            f"| {o.get('full_crawl_cpu_seconds', 0):.2f} "
            f"+ {o.get('full_writer_cpu_seconds', 0):.2f} s "
            f"| {o.get('noop_cpu_seconds', 0):.2f} s |",
            "",
            f"**5. Nightly cost** (re-crawl after {n['added']} new articles on a paper of "
            f"{n['articles']})",
            "",
            "| article requests per new article | requests per new article | new articles "
            "| article requests | discovery requests | first crawl requests |",
            "|---|---|---|---|---|---|",
            f"| {n['article_requests_per_new']:.2f} | {n['requests_per_new']:.2f} "
            f"| {n['articles_new']} | {n['article_requests']} | {n['discovery_requests']} "
            f"| {n['first_crawl_requests']} |",
        ]
    if "search_page_over_bare_fts" in results:
        lines += [
            "",
            "**Search page / bare FTS**: the Tìm kiếm query (rank, province filter, its page of "
            'snippets, award facts) over the bare ranked FTS5 lookup of "khen thuong" in '
            f"3,000 demo articles: {results['search_page_over_bare_fts']:.1f}x (reported).",
        ]
    if "archive" in results:
        a = results["archive"]
        per_article = a["bytes_per_article"] / 1024
        facets = "; ".join(
            f"{table} {_ms(p['ms'])} ({p['facets']} facets, {len(p['facets_timed_out'])} timed out)"
            for table, p in a["facet_pages"].items()
        )
        lines += [
            "",
            f"**4. Archive at scale** ({a['articles']:,} articles, {a['awards']:,} award facts, "
            f"{a['events']:,} events; Datasette timings are medians of "
            f"{scale['archive_repetitions']} repetitions of {a.get('searches', 12)} searches, "
            f"while a writer ingested {a['writer']['pages_written']:,} pages "
            f"({a['writer']['pages_per_second']:.1f}/s))",
            "",
            "| figure | value |",
            "|---|---|",
            f"| build time | {a['build_seconds']:,.0f} s "
            f"({a['build_seconds'] / a['articles'] * 1e3:.2f} ms an article) |",
            f"| size per article (no raw pages) | {per_article:.1f} KiB |",
            f"| search: newest matches, JSON (p50 / p95) | {_ms(a['search_p50_ms'])} "
            f"/ {_ms(a['search_p95_ms'])} |",
            f"| search: the articles table's `_search`, sorted by publication, no facets, JSON "
            f"(p50 / p95) | {_ms(a.get('table_search_p50_ms', float('nan')))} "
            f"/ {_ms(a.get('table_search_p95_ms', float('nan')))} |",
            f"| search page with facets and count (p50 / p95) | {_ms(a['search_page_p50_ms'])} "
            f"/ {_ms(a['search_page_p95_ms'])} |",
            f"| ranked search page (p50 / p95) | {_ms(a['ranked_p50_ms'])} "
            f"/ {_ms(a['ranked_p95_ms'])} |",
            f"| faceted table pages | {facets} |",
            f"| CSV stream of {a['csv_rows']:,} rows | {_ms(a['csv_10000_ms'])} |",
            f"| failed requests (stopped at the 3 s SQL time limit) | {a['errors']} "
            f"{json.dumps(a.get('errors_by_kind', {}))} |",
        ]
    return "\n".join(lines)


def write_report(scale_name: str, block: str) -> None:
    """Replace this scale's block of BENCHMARKS.md (between its two marker comments)."""
    start, end = f"<!-- results:{scale_name} -->", f"<!-- /results:{scale_name} -->"
    text = REPORT.read_text("utf-8") if REPORT.exists() else ""
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    replacement = f"{start}\n{block}\n{end}"
    if pattern.search(text):
        text = pattern.sub(lambda _: replacement, text)
    else:
        text += f"\n## Results: {scale_name}\n\n{replacement}\n"
    REPORT.write_text(text, "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="quick")
    parser.add_argument("--only", default="pages,reparse,crawl,archive,search")
    parser.add_argument("--archive", type=int, help="articles in the generated archive")
    parser.add_argument("--reparse", help="stored page counts, e.g. 10000,100000")
    parser.add_argument(
        "--archive-db",
        type=Path,
        help="measure this archive, built by `python -m benchmarks.archive_scale build` "
        "with its output saved as build.json beside it, instead of building one",
    )
    parser.add_argument("--repetitions", type=int, help="of each Datasette request (archive)")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument(
        "--render", action="store_true", help="rewrite the report from the saved results only"
    )
    args = parser.parse_args(argv)
    scale = dict(SCALES[args.scale])
    if args.archive:
        scale["archive"] = args.archive
    if args.repetitions:
        scale["archive_repetitions"] = args.repetitions
    if args.archive_db:
        scale["archive_db"] = args.archive_db
    if args.reparse:
        scale["reparse"] = tuple(int(n) for n in args.reparse.split(","))
    saved = ROOT / "benchmarks" / f"results-{args.scale}.json"
    if args.render:
        data = json.loads(saved.read_text("utf-8"))
        write_report(args.scale, markdown(args.scale, scale, data["results"], data["machine"]))
        return 0
    host = machine()
    results = run_all(scale, set(args.only.split(",")))
    if not args.no_write and saved.exists():
        # A run of some benchmarks (--only) keeps the figures of the others from the last run.
        results = {**json.loads(saved.read_text("utf-8"))["results"], **results}
    block = markdown(args.scale, scale, results, host)
    print(block)
    if not args.no_write:
        saved.write_text(
            json.dumps({"scale": scale, "machine": host, "results": results}, indent=1, default=str)
            + "\n",
            "utf-8",
        )
        write_report(args.scale, block)
    return 0


if __name__ == "__main__":
    sys.exit(main())
