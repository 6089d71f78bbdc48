"""Faults survived: crawls and reparses killed with SIGKILL, a full disk: nothing is lost.

A few seeded kill points here; `make reliability` runs the same trials at many more
(reliability/kill.py) and writes the figures RELIABILITY.md reports.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reliability import harness
from reliability.diskfull import (
    full_crawl_problems,
    run_on_small_filesystem,
    small_filesystem_unavailable,
)
from reliability.harness import (
    crawl_command,
    demo_site,
    run_job,
    watch_job,
)
from reliability.kill import KillTrials, kill_delays

SEED = 20261128


@pytest.fixture(scope="module")
def kill_trials(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KillTrials]:
    with demo_site() as base_url:
        yield KillTrials(tmp_path_factory.mktemp("kills"), base_url, extra_articles=40)


@pytest.mark.parametrize("point", [0, 1])
def test_a_crawl_killed_and_run_again_ends_as_an_uninterrupted_one(
    kill_trials: KillTrials, point: int
) -> None:
    baseline = kill_trials.baseline("crawl")
    delay = kill_delays(SEED, 2, baseline.writing_seconds)[point]

    trial = kill_trials.trial("crawl", point, delay)

    # Healthy as the kill left it, healthy after the rerun, nothing archived before the kill
    # changed or lost, and the same archive as the uninterrupted crawl's.
    assert trial.problems_after_kill == []
    assert trial.rerun_failed == ""
    assert trial.problems_after_rerun == []
    assert trial.lost == []
    assert trial.differences == []


def test_a_reparse_killed_and_run_again_ends_as_an_uninterrupted_one(
    kill_trials: KillTrials,
) -> None:
    baseline = kill_trials.baseline("reparse")
    delay = kill_delays(SEED, 1, baseline.writing_seconds)[0]

    trial = kill_trials.trial("reparse", 0, delay)

    assert trial.problems_after_kill == []
    assert trial.rerun_failed == ""
    assert trial.problems_after_rerun == []
    assert trial.lost == []
    assert trial.differences == []
    assert len(baseline.final["articles"]) == 32 + 40


def archive_pages(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return connection.execute("PRAGMA page_count").fetchone()[0]


def test_a_full_archive_stops_the_crawl_clearly_and_loses_nothing(
    kill_trials: KillTrials, tmp_path: Path
) -> None:
    """SQLITE_FULL injected at the SQLite layer: the archive may not pass half its final size."""
    kill_trials.baseline("crawl")
    limit = archive_pages(kill_trials.workdir / "crawl-baseline.db") // 2
    db = tmp_path / "archive.db"

    result = run_job(crawl_command(db, base_url=kill_trials.base_url, max_db_pages=limit))

    baseline = kill_trials.baseline("crawl")
    problems, articles_left = full_crawl_problems(result, db, baseline.final, kill_trials.base_url)
    assert problems == []
    assert 0 < articles_left < len(baseline.final["articles"])


@pytest.mark.skipif(
    (why := small_filesystem_unavailable()) is not None, reason=f"no small filesystem: {why}"
)
def test_a_full_filesystem_stops_the_crawl_clearly_and_loses_nothing(
    kill_trials: KillTrials, tmp_path: Path
) -> None:
    """A real ENOSPC: the archive on a tmpfs too small for the whole crawl."""
    kill_trials.baseline("crawl")
    full_db = kill_trials.workdir / "crawl-baseline.db"
    archive_pages(full_db)  # checkpointed: the file holds the whole archive, none of it in WAL
    # Twice the archive: the WAL takes room as well (every page a write touches, each time).
    size = full_db.stat().st_size * 2

    result = run_on_small_filesystem(
        lambda db: crawl_command(db, base_url=kill_trials.base_url), size, tmp_path
    )

    baseline = kill_trials.baseline("crawl")
    db = tmp_path / "archive.db"
    problems, articles_left = full_crawl_problems(result, db, baseline.final, kill_trials.base_url)
    assert problems == []
    assert 0 < articles_left < len(baseline.final["articles"])


def test_watching_a_job_survives_its_archive_wal_coming_and_going(tmp_path: Path) -> None:
    # SQLite deletes the WAL when the last connection closes, so it can vanish between the
    # watcher seeing it and reading its size; the watch once failed on exactly that. An empty
    # WAL keeps the watcher looking (it waits for one holding data), a last write ends it.
    wal = tmp_path / "archive.db-wal"
    flicker = (
        "import pathlib, time\n"
        f"wal = pathlib.Path({str(wal)!r})\n"
        "end = time.monotonic() + 1.5\n"
        "while time.monotonic() < end:\n"
        "    wal.touch()\n"
        "    wal.unlink()\n"
        "wal.write_bytes(b'page')\n"
        "time.sleep(0.2)\n"
    )

    watched = watch_job([sys.executable, "-c", flicker], tmp_path / "archive.db")

    assert watched.result is not None and watched.result.returncode == 0, watched
    assert watched.first_write is not None


def test_a_watch_that_fails_leaves_no_job_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid_file = tmp_path / "pid"
    sleeper = (
        "import os, pathlib, time\n"
        f"pathlib.Path({str(pid_file)!r}).write_text(str(os.getpid()))\n"
        "time.sleep(60)\n"
    )

    def unreadable_once_started(path: Path) -> int:
        if pid_file.exists():
            raise PermissionError(f"cannot read {path}")
        return 0

    monkeypatch.setattr(harness, "file_size", unreadable_once_started)
    with pytest.raises(PermissionError):
        watch_job([sys.executable, "-c", sleeper], tmp_path / "archive.db")

    with pytest.raises(ProcessLookupError):  # killed and reaped, not left to a later test
        os.kill(int(pid_file.read_text()), 0)
