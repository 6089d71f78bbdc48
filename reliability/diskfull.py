"""A crawl whose archive runs out of space: on a small tmpfs when the machine lets us mount
one (a private mount namespace, `unshare -rm`, no privileges needed where user namespaces are
allowed), or at the SQLite layer (max_page_count) everywhere.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reliability.harness import (
    MISSING_TABLES,
    ROOT,
    JobResult,
    canonical_dump,
    check_archive,
    crawl_command,
    dump_differences,
    run_job,
)

# Mount a tmpfs of $1 bytes on $2, run the command after $3 with its archive there, then copy
# what it left to $3 (the mount vanishes with the namespace) and exit with its status.
_ON_SMALL_FS = """
size=$1; mnt=$2; out=$3; shift 3
mount -t tmpfs -o size="$size" tmpfs "$mnt" || exit 99
"$@"; status=$?
cp "$mnt"/archive.db* "$out"/ 2>/dev/null
exit $status
"""


def small_filesystem_unavailable() -> str | None:
    """Why a small tmpfs cannot be mounted here, or None when it can."""
    if shutil.which("unshare") is None:
        return "no unshare command"
    with tempfile.TemporaryDirectory() as directory:
        tried = subprocess.run(
            ["unshare", "-rm", "sh", "-c", 'mount -t tmpfs -o size=64k tmpfs "$0"', directory],
            capture_output=True,
            text=True,
            check=False,
        )
    if tried.returncode != 0:
        return f"cannot mount a tmpfs in a user namespace: {tried.stderr.strip()[:200]}"
    return None


def run_on_small_filesystem(
    command_for: Callable[[Path], list[str]], size: int, out: Path, timeout: float = 300
) -> JobResult:
    """Run `command_for(db)` with db on a tmpfs of `size` bytes; the archive it left (and its
    WAL) is copied to `out`."""
    mount_point = out / "mnt"
    mount_point.mkdir(parents=True, exist_ok=True)
    command = command_for(mount_point / "archive.db")
    shell = ["unshare", "-rm", "sh", "-c", _ON_SMALL_FS, "sh", str(size), str(mount_point)]
    done = subprocess.run(
        [*shell, str(out), *command],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    summaries = json.loads(lines[-1]) if lines and lines[-1].startswith("[") else []
    return JobResult(done.returncode, summaries, done.stderr)


def full_crawl_problems(
    result: JobResult, db: Path, expected: dict[str, Any], base_url: str
) -> tuple[list[str], int]:
    """What is wrong after a crawl that ran out of space, then a crawl with room again.

    It must have stopped with a clear error and left a healthy archive of complete articles
    (each as the uninterrupted crawl archived it, `expected`); the crawl with room must end
    with the same archive as the uninterrupted one. Also returns how many articles the full
    archive held.
    """
    problems = []
    stats = result.summaries[0]["stats"] if result.summaries else {}
    if result.returncode != 0 or stats.get("status") != "failed":
        problems.append(f"crawl ended {result.returncode} {stats.get('status')}")
    if not str(stats.get("message", "")).startswith("closed: archive_full;"):
        problems.append(f"run message: {stats.get('message')!r}")
    if "is full (database or disk is full)" not in result.log:
        problems.append("no clear 'is full' error in the log")
    if "Traceback" in result.log:
        problems.append("a traceback in the log")
    found = check_archive(db, complete=False)
    if "nothing of this run is archived" in result.log and db.exists():
        # Full while the archive was being created: some tables may not exist yet, which the
        # next open completes. Nothing else may be wrong.
        found = [problem for problem in found if not problem.startswith(MISSING_TABLES)]
    problems += found
    if any(problem.startswith(MISSING_TABLES) for problem in check_archive(db, complete=False)):
        left: dict[str, Any] = {"articles": {}, "awards": {}}
    else:
        left = canonical_dump(db)
    for url, article in left["articles"].items():
        if article != expected["articles"].get(url):
            problems.append(f"article differs from the uninterrupted crawl's: {url}")
        if left["awards"].get(url) != expected["awards"].get(url):
            problems.append(f"awards differ from the uninterrupted crawl's: {url}")
    resumed = run_job(crawl_command(db, base_url=base_url))
    if resumed.returncode != 0 or [s["stats"]["status"] for s in resumed.summaries] != ["ok"]:
        problems.append(f"the crawl with room again failed: {resumed.log[-500:]}")
    problems += check_archive(db)
    problems += dump_differences(expected, canonical_dump(db))
    return problems, len(left["articles"])
