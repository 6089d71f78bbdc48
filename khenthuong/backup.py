"""Consistent copies of a live archive (SQLite's online backup API) and restoring from one."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path


class BackupError(RuntimeError):
    """A backup or restore could not be made; the message says why and what was left alone."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    articles: int
    pages: int


def _verify(path: Path) -> tuple[int, int]:
    """integrity_check a copy; return its article and page counts."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        verdict = connection.execute("PRAGMA integrity_check").fetchall()
        if verdict != [("ok",)]:
            raise BackupError(f"{path} fails integrity_check: {verdict[:3]}")
        counts = tuple(
            connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("articles", "pages")
        )
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a readable archive: {error}") from None
    finally:
        connection.close()
    return counts[0], counts[1]


def _copy(source: sqlite3.Connection, dest: Path) -> None:
    target = sqlite3.connect(dest)
    try:
        # One step (pages=-1): the copy is of one read transaction, a snapshot taken while
        # writers go on in WAL mode. Copying in several steps would restart on every write.
        source.backup(target, pages=-1)
        # A standalone file: no -wal beside it to lose when the copy is moved or mailed.
        target.execute("PRAGMA journal_mode = DELETE")
    finally:
        target.close()


def backup_archive(db: Path, dest: Path) -> BackupResult:
    """Copy the archive at `db` to `dest` while it may be in use; verify the copy.

    Written beside `dest` first and renamed into place once it passes integrity_check, so
    `dest` is never a half-written file. Crawls and Datasette may keep running.
    """
    if not db.is_file():
        raise BackupError(f"{db} does not exist")
    if dest.exists() and dest.resolve() == db.resolve():
        raise BackupError(f"{dest} is the archive itself")
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        _copy(source, partial)
        articles, pages = _verify(partial)
    except (sqlite3.Error, BackupError) as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"backup of {db} failed, {dest} left as it was: {error}") from None
    finally:
        source.close()
    os.replace(partial, dest)
    return BackupResult(dest, dest.stat().st_size, articles, pages)


def restore_archive(backup: Path, db: Path, *, force: bool = False) -> BackupResult:
    """Replace the archive at `db` with the copy `backup`, after checking the copy.

    Through SQLite's backup API into `db`, so a reader (Datasette) holding it open sees the
    restored content instead of a file swapped under it. Without `force`, an existing archive
    is not overwritten.
    """
    if not backup.is_file():
        raise BackupError(f"{backup} does not exist")
    _verify(backup)
    if db.exists() and not force:
        raise BackupError(f"{db} exists: pass --force to replace it with {backup}")
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    target = sqlite3.connect(db, timeout=30)
    try:
        source.backup(target, pages=-1)
        target.execute("PRAGMA journal_mode = WAL")  # as Archive.open keeps it
    except sqlite3.Error as error:
        raise BackupError(f"restore of {db} from {backup} failed: {error}") from None
    finally:
        source.close()
        target.close()
    articles, pages = _verify(db)
    return BackupResult(db, db.stat().st_size, articles, pages)
