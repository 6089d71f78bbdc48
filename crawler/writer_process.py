"""The crawl's archive writes, in a process of their own: fetching never waits on parsing.

Parsing a page, extracting its award facts and writing the rows cost several milliseconds of
CPU a page. Done on Scrapy's reactor thread, as they were, every download, every scheduling
decision and every other spider of the crawl waited on them (BENCHMARKS.md, benchmark 3). Here
one writer process per archive file does them, in the order the pages arrive: the reactor
sends it each fetched page and goes on fetching, and counts the result when it comes back.

One process, not a pool: SQLite takes one writer at a time, and pages written in the order they
were fetched keep an article's fetches, and so its versions, in order. The pages waiting in the
pipe are written together, in one transaction (`write_batch`): when fetching outruns writing,
the writer catches up with fewer commits instead of falling further behind. The crawl's other
writes (its run row, the sources) stay in the crawl's own process; they are few and short, and
SQLite's lock (BEGIN IMMEDIATE with a busy timeout) orders them with the writer's.

The two talk over the writer's stdin and stdout, in length-prefixed pickles, through asyncio
pipes: no thread in the crawl's process contends with the reactor for the GIL (a process pool's
feeder threads did, profiled), and the writer starts fresh, without the crawl's open SQLite
connections or its archive lock. When the crawl's process is gone, killed included, its end of
the pipe closes and the writer stops after the page in hand: nothing is left running, and what
it committed is as safe as if the crawl had written it itself.

    python -m crawler.writer_process ARCHIVE    (started by ArchiveWriter, not by hand)
"""

from __future__ import annotations

import asyncio
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
from collections import deque
from collections.abc import Mapping, Sequence
from typing import Any, BinaryIO, ClassVar

from khenthuong.archive import Archive, Fetch
from khenthuong.ingest import IngestResult, IngestSource, ingest_page

# The program that writes: this module, run by the crawl's own Python.
WRITER_COMMAND = (sys.executable, "-m", "crawler.writer_process")
_LENGTH = struct.Struct(">I")
# Pages written in one transaction at most: enough to make the commit a small share of their
# writing, few enough that the crawl's own writes (its run row) wait a fraction of a second.
BATCH_LIMIT = 50


class WriterGone(RuntimeError):
    """The writer process ended while pages were still to be written."""


class ArchiveWriter:
    """Sends fetched page items to the archive's writer process and returns what they gave.

    One per archive file and crawl process, shared by its spiders (`ArchiveWriter.shared`):
    a nightly crawl of every paper runs one writer, not one a paper.
    """

    _shared: ClassVar[dict[tuple[str, tuple[str, ...]], ArchiveWriter]] = {}

    def __init__(self, db_path: str, command: Sequence[str] = WRITER_COMMAND) -> None:
        self.db_path = db_path
        self.command = tuple(command)
        self.users = 0
        self._process: subprocess.Popen | None = None
        self._connected: asyncio.Future | None = None
        self._stdin: asyncio.StreamWriter | None = None
        self._waiting: deque[asyncio.Future] = deque()
        self._reader: asyncio.Future | None = None
        self._gone: BaseException | None = None

    @classmethod
    def prestart(cls, db_path: str, command: Sequence[str] = WRITER_COMMAND) -> None:
        """Start the writer of `db_path` before the crawl's event loop runs.

        Its imports (0.3-0.4 s) then overlap Scrapy's own start-up, which takes as long,
        instead of delaying the first pages; the pipeline takes it with `shared`.
        """
        key = (db_path, tuple(command))
        if key not in cls._shared:
            cls._shared[key] = cls(db_path, command)
            cls._shared[key].start()

    @classmethod
    def stop_all(cls) -> None:
        """After the crawl's event loop: end the writers still running (one no spider took)."""
        for writer in list(cls._shared.values()):
            writer.stop()
        cls._shared.clear()

    @classmethod
    def shared(cls, db_path: str, command: Sequence[str] = WRITER_COMMAND) -> ArchiveWriter:
        """The writer of `db_path` in this process, started if need be; `release` it when done."""
        key = (db_path, tuple(command))
        writer = cls._shared.get(key)
        if writer is None:
            writer = cls._shared[key] = cls(db_path, command)
            writer.start()
        writer.users += 1
        return writer

    async def release(self) -> None:
        """One user fewer; the last one waits for every write and lets the process end."""
        self.users -= 1
        if self.users == 0:
            self._shared.pop((self.db_path, self.command), None)
            await self.close()

    def start(self) -> None:
        """Start the writer process (its pipes are joined to the event loop at the first page)."""
        if self._process is None:
            self._process = subprocess.Popen(
                [*self.command, self.db_path], stdin=subprocess.PIPE, stdout=subprocess.PIPE
            )

    def stop(self) -> None:
        """Close the writer's input and wait for it to end (outside the event loop)."""
        if self._process is not None and self._connected is None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            self._process.wait()

    async def _connect(self) -> None:
        assert self._process is not None and self._process.stdin is not None
        loop = asyncio.get_running_loop()
        stdout = asyncio.StreamReader()
        await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(stdout), self._process.stdout
        )
        transport, protocol = await loop.connect_write_pipe(
            lambda: asyncio.StreamReaderProtocol(asyncio.StreamReader()), self._process.stdin
        )
        self._stdin = asyncio.StreamWriter(transport, protocol, None, loop)
        self._reader = asyncio.ensure_future(self._read_results(stdout))

    async def write(self, source: IngestSource, item: Mapping[str, Any]) -> IngestResult | None:
        """Archive one item in the writer (write_item); its result."""
        self.start()
        if self._connected is None:
            self._connected = asyncio.ensure_future(self._connect())
        await self._connected
        if self._gone is not None:
            raise WriterGone(str(self._gone))
        assert self._stdin is not None
        answer = asyncio.get_running_loop().create_future()
        self._waiting.append(answer)
        self._stdin.write(_frame((source, dict(item))))
        await self._stdin.drain()
        ok, value = await answer
        if not ok:
            raise value
        return value

    async def close(self) -> None:
        """Wait for every page sent to be written, then let the writer end."""
        if self._process is None:
            return
        if self._connected is None:  # never written to
            self.stop()
            return
        await self._connected
        assert self._stdin is not None
        self._stdin.close()
        if self._reader is not None:
            await self._reader

    async def _read_results(self, stdout: asyncio.StreamReader) -> None:
        assert self._process is not None
        try:
            while True:
                head = await stdout.readexactly(_LENGTH.size)
                (length,) = _LENGTH.unpack(head)
                answer = pickle.loads(await stdout.readexactly(length))
                self._waiting.popleft().set_result(answer)
        except asyncio.IncompleteReadError:
            pass  # the writer ended: normally after the last page, when its stdin was closed
        code = await asyncio.get_running_loop().run_in_executor(None, self._process.wait)
        self._gone = WriterGone(f"the archive writer for {self.db_path} ended (exit code {code})")
        while self._waiting:
            self._waiting.popleft().set_result((False, self._gone))


def write_item(
    archive: Archive, source: IngestSource, item: Mapping[str, Any]
) -> IngestResult | None:
    """What the archive does with a fetched item: a failed fetch's row (None), or the page
    ingested (the pipeline and the scale-out writer then count it: crawler.pipelines.count_item)."""
    if item.get("error"):
        record_failed_fetch(archive, source, item)
        return None
    return ingest_item(archive, source, item)


def ingest_item(archive: Archive, source: IngestSource, item: Mapping[str, Any]) -> IngestResult:
    """Archive one fetched page item through ingest_page (a step of write_item)."""
    # `prepared`: parsed by a scale-out worker (crawler.scaleout).
    return ingest_page(archive, source, fetch_of(item), prepared=item.get("prepared"))


def record_failed_fetch(archive: Archive, source: IngestSource, item: Mapping[str, Any]) -> int:
    """A request that failed (no response, or one not to parse) keeps a pages row saying why."""
    url, reason, fetched = item["url"], item["error"], item["fetched"]
    if not item.get("status"):
        return archive.record_fetch_failure(source.name, url, fetched=fetched, reason=reason)
    page_id = archive.store_page(source.name, fetch_of(item))
    archive.mark_page(page_id, article_id=None, error=reason)
    return page_id


def fetch_of(item: Mapping[str, Any]) -> Fetch:
    """The fetch a page item (crawler.items.RawPage, as a dict) carries."""
    return Fetch(
        item["url"],
        item["body"],
        status=item["status"],
        fetched=item["fetched"],
        encoding=item["encoding"],
        headers=item.get("headers") or (),
        protocol=item.get("protocol") or "HTTP/1.1",
    )


def _frame(value: Any) -> bytes:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return _LENGTH.pack(len(data)) + data


class FrameReader:
    """The frames the crawl sends, read from a pipe a batch at a time.

    A batch is the frames already there: it waits for the first, never for more. A crawl that
    fetches slowly (politeness, against real papers) gets each page written as it comes; one
    that fetches faster than pages are written gets them written in batches, one commit each.
    """

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = bytearray()
        self.ended = False

    def batch(self, limit: int) -> list[Any]:
        """Up to `limit` frames, at least one unless the crawl closed the pipe (then [])."""
        frames: list[Any] = []
        while len(frames) < limit:
            frame = self._take()
            if frame is not None:
                frames.append(frame)
            elif self.ended or (frames and not self._ready()):
                break
            else:
                self._fill()
        return frames

    def _take(self) -> Any | None:
        if len(self.buffer) < _LENGTH.size:
            return None
        (length,) = _LENGTH.unpack_from(self.buffer)
        end = _LENGTH.size + length
        if len(self.buffer) < end:
            return None
        frame = pickle.loads(memoryview(self.buffer)[_LENGTH.size : end])
        del self.buffer[:end]
        return frame

    def _ready(self) -> bool:
        return bool(select.select([self.fd], [], [], 0)[0])

    def _fill(self) -> None:
        data = os.read(self.fd, 1 << 20)
        if data:
            self.buffer += data
        else:
            self.ended = True  # the crawl closed the pipe; a frame cut short by its death is lost


def write_batch(
    archive: Archive, batch: Sequence[tuple[IngestSource, Mapping[str, Any]]]
) -> list[tuple[bool, Any]]:
    """Write a batch of pages in one transaction; each page's answer: (True, result) or
    (False, error).

    One commit for the batch instead of two a page (the page's row, then what it gives): a
    commit writes every database page a page's rows touched to the write-ahead log, the same
    B-tree and FTS5 pages again and again (160 KB a demo article page by page, 28 KB in
    batches of 50), about a tenth of the writer's CPU. Answers are given after the commit, so
    the crawl counts only what is committed. If any page of the batch raises, or the commit
    fails (a full disk), the batch is rolled back and written again page by page, as pages
    always were: the others are written, and only that page gets the error.
    """
    if len(batch) > 1:
        try:
            with archive.transaction():
                return [(True, write_item(archive, source, item)) for source, item in batch]
        except Exception:
            pass  # found again below, page by page, and answered to that page alone
    answers: list[tuple[bool, Any]] = []
    for source, item in batch:
        try:
            answers.append((True, write_item(archive, source, item)))
        except Exception as error:  # handed back to the pipeline, which decides
            answers.append((False, _picklable(error)))
    return answers


def serve(db_path: str, stdin: int, stdout: BinaryIO, limit: int = BATCH_LIMIT) -> None:
    """The writer's loop: write the pages received, answer each (True, result) or
    (False, error), in order.

    The archive is opened at the first page, not at start: the writer starts before the crawl
    has opened (and, the first time, created) the archive, and two processes making its schema
    at once would collide.
    """
    archive: Archive | None = None
    frames = FrameReader(stdin)
    try:
        while batch := frames.batch(limit):
            try:
                archive = archive or Archive.open(db_path)
                answers = write_batch(archive, batch)
            except Exception as error:  # the archive did not open: every page is told why
                answers = [(False, _picklable(error))] * len(batch)
            stdout.write(b"".join(map(_frame, answers)))
            stdout.flush()
    finally:
        if archive is not None:
            archive.close()


def _picklable(error: Exception) -> Exception:
    try:
        pickle.dumps(error)
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error


def main(argv: list[str]) -> None:
    # Ctrl-C reaches the whole process group, and systemd's stop the whole service: the crawl
    # shuts down gracefully, writing the pages in flight, and this process must live to write
    # them. It ends when the crawl closes the pipe, whichever way the crawl ends.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    # The answers go to the crawl through the real stdout; anything else printed to it (a
    # library's stray print) would break the framing, so fd 1 is pointed at stderr.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    serve(argv[0], sys.stdin.fileno(), answers)


if __name__ == "__main__":
    main(sys.argv[1:])
