"""khenthuong backup and restore: consistent copies of an archive that is being written."""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from khenthuong.cli import cli
from khenthuong.lock import EXIT_BUSY, archive_lock
from reliability.harness import Writer, canonical_dump, check_archive, dump_differences


def wait_for(condition, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def article_numbers(db: Path) -> list[int]:
    with sqlite3.connect(db) as connection:
        urls = [url for (url,) in connection.execute("SELECT url FROM articles")]
    return sorted(int(re.search(r"(\d{7})\.html$", url).group(1)) for url in urls)


def test_backup_while_a_writer_runs_is_a_consistent_snapshot(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    writer = Writer(db)
    writer.start()
    copies = []
    try:
        for round_ in range(3):
            wait_for(lambda r=round_: writer.written >= 10 * (r + 1) or writer.error, "writes")
            written_before = writer.written
            copy = tmp_path / f"copy-{round_}.db"
            result = CliRunner().invoke(cli, ["backup", "--db", str(db), str(copy)])
            assert result.exit_code == 0, result.output
            assert "integrity_check ok" in result.output
            copies.append((copy, written_before))
        assert writer.is_alive(), writer.error  # the writer was never blocked into failing
    finally:
        writer.stop()
    assert writer.error is None, writer.error
    for copy, written_before in copies:
        # A snapshot between two article transactions: healthy, and holding articles 1..k
        # for some k at least what was committed when the backup began.
        assert check_archive(copy, complete=False) == [], copy
        numbers = article_numbers(copy)
        assert numbers == list(range(1, len(numbers) + 1))
        assert len(numbers) >= written_before
        assert not Path(f"{copy}-wal").exists()  # a standalone file
    assert not list(tmp_path.glob("*.partial"))


def test_restore_gives_back_the_archive_exactly(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    writer = Writer(db, limit=25)
    writer.start()
    writer.join(timeout=120)
    assert writer.error is None and writer.written == 25
    copy = tmp_path / "backup.db"
    assert CliRunner().invoke(cli, ["backup", "--db", str(db), str(copy)]).exit_code == 0

    restored = tmp_path / "restored.db"
    result = CliRunner().invoke(cli, ["restore", "--db", str(restored), str(copy)])

    assert result.exit_code == 0, result.output
    assert "Restored" in result.output and "25 articles" in result.output
    assert check_archive(restored) == []
    assert dump_differences(canonical_dump(db), canonical_dump(restored)) == []
    with sqlite3.connect(restored) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_restore_replaces_an_archive_only_when_forced_and_a_reader_sees_it(
    tmp_path: Path,
) -> None:
    db = tmp_path / "archive.db"
    writer = Writer(db, limit=5)
    writer.start()
    writer.join(timeout=120)
    copy = tmp_path / "backup.db"
    assert CliRunner().invoke(cli, ["backup", "--db", str(db), str(copy)]).exit_code == 0
    later = Writer(db, limit=12)  # the archive moves on after the backup: 12 articles
    later.start()
    later.join(timeout=120)
    reader = sqlite3.connect(db)  # as Datasette holds it
    try:
        refused = CliRunner().invoke(cli, ["restore", "--db", str(db), str(copy)])
        assert refused.exit_code == 1
        assert "exists: pass --force" in refused.output
        assert reader.execute("SELECT count(*) FROM articles").fetchone() == (12,)

        forced = CliRunner().invoke(cli, ["restore", "--db", str(db), "--force", str(copy)])

        assert forced.exit_code == 0, forced.output
        assert reader.execute("SELECT count(*) FROM articles").fetchone() == (5,)
    finally:
        reader.close()
    assert check_archive(db) == []
    assert dump_differences(canonical_dump(copy), canonical_dump(db)) == []


def test_a_damaged_backup_is_refused_and_the_archive_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    writer = Writer(db, limit=3)
    writer.start()
    writer.join(timeout=120)
    before = canonical_dump(db)
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)

    result = CliRunner().invoke(cli, ["restore", "--db", str(db), "--force", str(damaged)])

    assert result.exit_code == 1
    assert "damaged.db" in result.output
    assert dump_differences(before, canonical_dump(db)) == []


def test_restore_waits_for_no_crawl(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    writer = Writer(db, limit=3)
    writer.start()
    writer.join(timeout=120)
    copy = tmp_path / "backup.db"
    assert CliRunner().invoke(cli, ["backup", "--db", str(db), str(copy)]).exit_code == 0
    before = canonical_dump(db)

    with archive_lock(db, "crawl"):  # as a running crawl holds it
        busy = CliRunner().invoke(cli, ["restore", "--db", str(db), "--force", str(copy)])

    assert busy.exit_code == EXIT_BUSY, busy.output
    assert "is in use by crawl" in busy.output
    assert dump_differences(before, canonical_dump(db)) == []
