"""`make reliability`: every trial at full budget; figures to reliability/figures.json.

    python -m reliability [--only kills,fuzz,load,disk-full] [--seed N] [--out PATH]

The tests (tests/test_faults.py, test_fuzz.py, test_load.py, test_safety.py, test_backup.py)
run the same code at a small budget; this runs it at the budget RELIABILITY.md reports.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reliability.harness import ROOT, demo_site

FIGURES = Path(__file__).with_name("figures.json")
KILL_POINTS = 24  # per kind: crawl and reparse
DEFAULT_SEED = 20261128


def kills(seed: int, workdir: Path) -> dict[str, Any]:
    from reliability.kill import run_kill_trials, summarize

    with demo_site() as base_url:
        trials = run_kill_trials(workdir, base_url, KILL_POINTS, seed)
    return {
        "ok": all(t.passed for t in trials),
        "seed": seed,
        "points_per_kind": KILL_POINTS,
        **summarize(trials),
        "trials": [
            {
                "kind": t.kind,
                "delay_after_first_write": t.delay,
                "killed": t.killed,
                "articles_at_kill": t.articles_at_kill,
                "unparsed_pages_at_kill": t.unparsed_pages_at_kill,
                "wal_bytes_at_kill": t.wal_bytes_at_kill,
                "passed": t.passed,
            }
            for t in trials
        ],
    }


FUZZ_INPUTS = 3500  # mutated pages, 500 of each mutation
FUZZ_LARGE = (4 * 1024 * 1024, 16 * 1024 * 1024, 16 * 1024 * 1024)  # up to DOWNLOAD_MAXSIZE
HYPOTHESIS_EXAMPLES = 2000  # per property test
PROPERTY_TESTS = ("-k", "dates or page_parsing or listing_links or award_extraction")


def fuzz(seed: int, workdir: Path) -> dict[str, Any]:
    from reliability.fuzz import TARGETS, run_fuzz, seed_pages

    seeds = seed_pages()
    report = run_fuzz(seeds, FUZZ_INPUTS, seed, FUZZ_LARGE)
    return {
        "ok": not report.escapes,
        "seed": seed,
        "seed_pages": len(seeds),
        "real_pages": sum(name.startswith("pages/") for name in dict(seeds)),
        "mutated_inputs": report.inputs,
        "parser_calls": sum(report.calls.values()),
        "targets": sorted(TARGETS),
        "largest_input_bytes": report.largest_input,
        "escapes": [vars(escape) for escape in report.escapes],
        "worst_seconds_per_call": report.worst,
    }


def properties(seed: int, workdir: Path) -> dict[str, Any]:
    """The hypothesis property tests of tests/test_fuzz.py at 2,000 examples each."""
    properties = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_fuzz.py",
            *PROPERTY_TESTS,
        ],
        cwd=ROOT,
        env={**os.environ, "KHENTHUONG_FUZZ_EXAMPLES": str(HYPOTHESIS_EXAMPLES)},
        capture_output=True,
        text=True,
        check=False,
    )
    return {
        "ok": properties.returncode == 0,
        "examples": HYPOTHESIS_EXAMPLES * 4,
        "result": properties.stdout.strip().splitlines()[-1:],
        "failures": [line for line in properties.stdout.splitlines() if line.startswith("E ")][:10],
    }


# Room for this fraction of the uninterrupted crawl's archive (on tmpfs, of twice its size:
# the WAL needs room as well).
FULL_FRACTIONS = (0.15, 0.3, 0.45, 0.6, 0.75, 0.9)


def disk_full(seed: int, workdir: Path) -> dict[str, Any]:
    """The demo crawl with room for a fraction of its archive, then again with room."""
    import sqlite3

    from reliability.diskfull import (
        full_crawl_problems,
        run_on_small_filesystem,
        small_filesystem_unavailable,
    )
    from reliability.harness import crawl_command, run_job
    from reliability.kill import KillTrials

    trials = []
    unavailable = small_filesystem_unavailable()
    with demo_site() as base_url:
        baseline = KillTrials(workdir, base_url).baseline("crawl")
        full_db = workdir / "crawl-baseline.db"
        with sqlite3.connect(full_db) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            pages = connection.execute("PRAGMA page_count").fetchone()[0]
        size = full_db.stat().st_size
        for index, fraction in enumerate(FULL_FRACTIONS):
            for method in ("sqlite max_page_count", "tmpfs"):
                out = workdir / f"full-{index}-{method.split()[0]}"
                out.mkdir()
                if method == "tmpfs":
                    if unavailable:
                        continue
                    result = run_on_small_filesystem(
                        lambda db: crawl_command(db, base_url=base_url),
                        int(2 * size * fraction),
                        out,
                    )
                else:
                    command = crawl_command(
                        out / "archive.db", base_url=base_url, max_db_pages=int(pages * fraction)
                    )
                    result = run_job(command)
                problems, left = full_crawl_problems(
                    result, out / "archive.db", baseline.final, base_url
                )
                trials.append(
                    {
                        "method": method,
                        "room": fraction,
                        "articles_when_full": left,
                        "problems": problems,
                    }
                )
    return {
        "ok": all(not t["problems"] for t in trials),
        "trials": len(trials),
        "tmpfs": unavailable or "available",
        "articles_in_full_run": len(baseline.final["articles"]),
        "passed": sum(not t["problems"] for t in trials),
        "results": trials,
    }


LOAD_CLIENTS = 20
LOAD_SECONDS = 60
QUIET_SECONDS = 30


def load(seed: int, workdir: Path) -> dict[str, Any]:
    """20 clients for 60 s against Datasette while the demo crawl and a writer write."""
    from reliability.harness import crawl_command
    from reliability.load import run_load

    db = workdir / "archive.db"
    with demo_site() as base_url:
        report = run_load(db, LOAD_CLIENTS, LOAD_SECONDS, crawl_command(db, base_url=base_url))
    figures = report.figures()
    # The same load on the same archive with nothing writing: what writing costs the readers.
    quiet = run_load(db, LOAD_CLIENTS, QUIET_SECONDS, write=False).figures()
    return {
        "ok": figures["errors"] == 0 and figures["database_locked"] == 0 and not quiet["errors"],
        **figures,
        "quiet_baseline": quiet,
        "p50_written_over_quiet": round(figures["p50_ms"] / quiet["p50_ms"], 2),
        "p95_written_over_quiet": round(figures["p95_ms"] / quiet["p95_ms"], 2),
    }


TRIALS: dict[str, Callable[[int, Path], dict[str, Any]]] = {
    "load": load,
    "kills": kills,
    "fuzz": fuzz,
    "properties": properties,
    "disk-full": disk_full,
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(TRIALS), help="comma-separated trials")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=FIGURES)
    args = parser.parse_args(argv)
    figures: dict[str, Any] = json.loads(args.out.read_text("utf-8")) if args.out.exists() else {}
    failed = []
    for name in args.only.split(","):
        began = time.monotonic()
        print(f"== {name} ...", flush=True)
        with tempfile.TemporaryDirectory(prefix=f"khenthuong-{name}-") as workdir:
            result = TRIALS[name](args.seed, Path(workdir))
        result["wall_seconds"] = round(time.monotonic() - began, 1)
        result["measured"] = datetime.now(UTC).isoformat(timespec="seconds")
        result["machine"] = f"{platform.machine()}, Python {platform.python_version()}"
        figures[name] = result
        print(json.dumps(_brief(result), ensure_ascii=False, indent=1), flush=True)
        if not result.get("ok", True):
            failed.append(name)
        args.out.write_text(json.dumps(figures, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"Figures written to {args.out}")
    if failed:
        raise SystemExit(f"failed: {', '.join(failed)}")


def _brief(result: dict[str, Any]) -> dict[str, Any]:
    """The result without its long per-trial lists, for the console."""
    return {key: value for key, value in result.items() if key != "trials"}


if __name__ == "__main__":
    main()
