"""Reparse in worker processes: the same archive as one process, bounded reading, no orphans."""

import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from benchmarks.corpus import pages
from crawler.sources import get_source
from khenthuong import ingest
from khenthuong.archive import Archive, Fetch
from khenthuong.ingest import in_order, reparse

ROOT = Path(__file__).resolve().parents[1]
SOURCE = "demo"
FETCHED = "2026-01-01T00:00:{:02d}+00:00"
# Written when the row is, so they differ between two reparses of the same pages.
CLOCK_COLUMNS = {"first_archived", "last_changed"}


def store_pages(path: Path, count: int) -> None:
    """An archive of `count` raw pages, never parsed: a reparse makes every row from them.

    Some articles are fetched again later with a changed lead (a version to record) and one
    page is an error page, so the order of writing shows in ids and versions.
    """
    archive = Archive.open(path)
    archive.register_sources([get_source(SOURCE)])
    generated = list(pages(count))
    with archive.transaction():
        for url, html in generated:
            archive.store_page(SOURCE, Fetch(url, html, status=200, fetched=FETCHED.format(0)))
        for n, (url, html) in enumerate(generated[::7], 1):
            edited = html.replace(
                b"<p", b"<p>M\xe1\xbb\x99t \xc4\x91o\xe1\xba\xa1n m\xe1\xbb\x9bi.</p><p", 1
            )
            archive.store_page(SOURCE, Fetch(url, edited, status=200, fetched=FETCHED.format(n)))
        archive.store_page(
            SOURCE,
            Fetch(generated[0][0], b"<html>busy</html>", status=503, fetched=FETCHED.format(59)),
        )
    archive.close()


def tables(path: Path) -> dict[str, list[tuple]]:
    """Every row the reparse writes, clock columns aside, in rowid order."""
    archive = Archive.open(path)
    snapshot = {}
    for table in ("articles", "events", "awards", "pages", "article_versions"):
        columns = [c for c in archive.db[table].columns_dict if c not in CLOCK_COLUMNS]
        names = ", ".join(f"[{c}]" for c in columns)
        snapshot[table] = archive.db.execute(
            f"SELECT {names} FROM [{table}] ORDER BY rowid"
        ).fetchall()
    for fts in ("articles_fts", "awards_fts"):
        snapshot[fts] = archive.db.execute(f"SELECT rowid, * FROM {fts} ORDER BY rowid").fetchall()
    archive.close()
    return snapshot


def reparse_file(path: Path, **options: int) -> ingest.ReparseSummary:
    archive = Archive.open(path)
    try:
        return reparse(archive, {SOURCE: get_source(SOURCE)}, **options)
    finally:
        archive.close()


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stored") / "archive.db"
    store_pages(path, 40)
    return path


def test_worker_processes_build_the_same_archive_as_one_process(
    stored: Path, tmp_path: Path
) -> None:
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    shutil.copy(stored, one)
    shutil.copy(stored, two)

    alone = reparse_file(one, jobs=1, batch=6)
    pooled = reparse_file(two, jobs=2, batch=6)

    assert alone == pooled
    assert alone.pages == 40 + 6 + 1
    assert alone.outcomes["failed"] == 1 and alone.outcomes["new"] == 40
    built = tables(one)
    assert built == tables(two)
    assert len(built["articles"]) == 40 and built["awards"] and built["article_versions"]
    # A second pass over a reparsed archive changes nothing, award and event ids included.
    reparse_file(two, jobs=2, batch=6)
    assert tables(two) == built


def test_a_pooled_reparse_reads_at_most_its_window_ahead_of_what_it_wrote(
    stored: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "archive.db"
    shutil.copy(stored, path)
    batch, window = 4, 3
    read: list[int] = []  # pages read from the archive when each page is written
    counted = {"read": 0}
    original_batches = Archive.page_record_batches

    def counting_batches(self: Archive, size: int) -> Iterator[list]:
        for records in original_batches(self, size):
            counted["read"] += len(records)
            yield records

    original_commit = ingest.commit_page

    def counting_commit(archive: Archive, prepared: ingest.PreparedPage) -> ingest.IngestResult:
        read.append(counted["read"])
        return original_commit(archive, prepared)

    monkeypatch.setattr(Archive, "page_record_batches", counting_batches)
    monkeypatch.setattr(ingest, "commit_page", counting_commit)

    summary = reparse_file(path, jobs=2, batch=batch, window=window)

    assert summary.pages == len(read) == 47
    for written, read_then in enumerate(read):
        # The batch being written and window - 1 more have been read, never the rest.
        assert read_then == min((written // batch + window) * batch, 47)


def test_a_failed_write_stops_the_workers_and_keeps_what_was_committed(
    stored: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "archive.db"
    shutil.copy(stored, path)
    written = []
    original_commit = ingest.commit_page

    def disk_full_on_the_tenth(archive: Archive, prepared: ingest.PreparedPage):
        if len(written) == 9:
            raise OSError("disk full")
        written.append(prepared.page_id)
        return original_commit(archive, prepared)

    monkeypatch.setattr(ingest, "commit_page", disk_full_on_the_tenth)
    with pytest.raises(OSError, match="disk full"):
        reparse_file(path, jobs=2, batch=4)
    # No worker outlives the failed reparse.
    assert multiprocessing.active_children() == []
    # Two batches of four were committed; the third, failed halfway, left nothing.
    archive = Archive.open(path)
    marked = archive.db.execute("SELECT id FROM pages WHERE article_id IS NOT NULL ORDER BY id")
    assert [row[0] for row in marked] == written[:8]
    archive.close()


def test_in_order_hands_results_in_order_never_taking_more_than_window_ahead() -> None:
    taken = []

    def items() -> Iterator[int]:
        for n in range(50):
            taken.append(n)
            yield n

    def slow_for_small(n: int) -> int:
        time.sleep(0.001 * (n % 5))  # later items often finish first
        return n * n

    results = []
    with ThreadPoolExecutor(4) as pool:
        for result in in_order(pool, slow_for_small, items(), window=5):
            results.append(result)
            assert len(taken) - len(results) < 5
    assert results == [n * n for n in range(50)]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _alive(pid: int) -> bool:
    """Running, not exited: a zombie waits only for a parent (or init) to collect it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_a_killed_reparse_leaves_no_worker_behind(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    store_pages(path, 600)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "khenthuong.cli", "reparse", "--db", str(path), "--jobs", "2"]
    process = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.DEVNULL)
    try:
        workers: list[int] = []
        while len(workers) < 2 and process.poll() is None:
            workers = [pid for pid in _children(process.pid) if b"spawn_main" in _cmdline(pid)]
            time.sleep(0.01)
        assert len(workers) == 2, "the reparse ended before its workers were seen"
        everything = _children(process.pid)  # the workers and multiprocessing's helper
        process.send_signal(signal.SIGKILL)
        process.wait()
        deadline = time.monotonic() + 60  # generous: a loaded machine, not a measured time
        while any(_alive(pid) for pid in everything) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [pid for pid in everything if _alive(pid)] == []
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
