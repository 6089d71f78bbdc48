"""One crawl or reparse at a time per archive: a second one stops at once with status 75."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from khenthuong.archive import Archive
from khenthuong.lock import EXIT_BUSY

HOLD = """
import sys
from khenthuong.lock import archive_lock
with archive_lock(sys.argv[1], "crawl"):
    print("held", flush=True)
    sys.stdin.read()  # until the test closes our stdin
"""


def khenthuong(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "khenthuong.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_a_second_writer_is_refused_while_the_first_runs_then_runs(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    Archive.open(db).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"

        reparse = khenthuong("reparse", "--db", str(db))
        crawl = khenthuong(
            "crawl", "--source", "demo", "--base-url", "http://127.0.0.1:9", "--db", str(db)
        )

        for refused, what in ((reparse, "reparse"), (crawl, "crawl")):
            assert refused.returncode == EXIT_BUSY, refused.stderr
            assert f"khenthuong {what}: {db} is in use by crawl (pid {holder.pid}, since" in (
                refused.stderr
            )
            assert "not starting a second one" in refused.stderr
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
        holder.stdout.close()

    # The holder ended: its lock went with it, and the next reparse runs.
    after = khenthuong("reparse", "--db", str(db))
    assert after.returncode == 0, after.stderr
    assert "Reparsed 0 stored pages" in after.stdout


def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    Archive.open(db).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert holder.stdout.readline().strip() == b"held"
    _kill(holder)

    after = khenthuong("reparse", "--db", str(db))
    assert after.returncode == 0, after.stderr


HOLD_A_RUN = """
import sys
from crawler.sources import get_source
from khenthuong.archive import Archive
from khenthuong.lock import archive_lock
with archive_lock(sys.argv[1], "crawl"):
    archive = Archive.open(sys.argv[1])
    archive.register_sources([get_source("demo")])
    archive.start_run("demo")
    archive.close()
    print("running", flush=True)
    sys.stdin.read()
"""


def test_a_run_left_running_by_a_killed_crawl_is_marked_interrupted(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    Archive.open(db).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_A_RUN, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert holder.stdout.readline().strip() == b"running"
    # Refused while the crawl lives: its run is left as it is.
    assert khenthuong("reparse", "--db", str(db)).returncode == EXIT_BUSY
    assert _run_states(db) == [("running", None)]

    _kill(holder)

    after = khenthuong("reparse", "--db", str(db))
    assert after.returncode == 0, after.stderr
    assert _run_states(db) == [
        ("interrupted", "interrupted: the process ended before the run finished")
    ]


def _run_states(db: Path) -> list[tuple[str, str | None]]:
    archive = Archive.open(db)
    try:
        return [(r["status"], r["message"] or None) for r in archive.db["crawl_runs"].rows]
    finally:
        archive.close()


def _kill(holder: subprocess.Popen[bytes]) -> None:
    """SIGKILL the lock holder, as a crash would end it, and reap it."""
    holder.kill()
    holder.wait(timeout=30)
    holder.stdin.close()
    holder.stdout.close()
