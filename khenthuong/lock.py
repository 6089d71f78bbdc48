"""One writer at a time: an exclusive lock on a file beside the archive (crawl, reparse, write)."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

# sysexits.h EX_TEMPFAIL: "try again later"; cron and systemd logs show it apart from a failure.
EXIT_BUSY = 75


class ArchiveBusy(Exception):
    """Another writer (crawl, reparse, the scale-out writer, the demo) holds the archive's lock."""


def lock_path(db_path: str | Path) -> Path:
    """The lock file of an archive: archive.db -> archive.db.lock, beside it."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".lock")


@contextmanager
def archive_lock(db_path: str | Path, what: str) -> Iterator[Path]:
    """Hold the archive's lock while `what` (e.g. "crawl") runs; raise ArchiveBusy if taken.

    flock is released by the kernel when the process ends, however it ends: a crawl killed
    half-way never leaves a stale lock behind. The file says who holds it, for the message.
    """
    path = lock_path(db_path)
    handle = path.open("a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise ArchiveBusy(
            f"{db_path} is in use by {holder}; not starting a second one (try again later)"
        ) from None
    try:
        handle.seek(0)
        handle.truncate()
        since = datetime.now(UTC).isoformat(timespec="seconds")
        handle.write(f"{what} (pid {os.getpid()}, since {since})\n")
        handle.flush()
        yield path
    finally:
        handle.seek(0)
        handle.truncate()
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()
