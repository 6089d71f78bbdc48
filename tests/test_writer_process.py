"""The crawl's writer process: pages written in order, errors handed back, no orphan left."""

import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sitekit

from crawler.sources import Source, load_sources
from crawler.writer_process import ArchiveWriter, FrameReader, WriterGone, _frame, write_batch
from khenthuong.archive import Archive
from khenthuong.ingest import IngestResult


def thu(tmp_path: Path, base_url: str = "http://127.0.0.1:9") -> Source:
    (source,) = load_sources(sitekit.registry(tmp_path, base_url))
    return source


def item(number: int, **fields: object) -> dict:
    url = f"http://127.0.0.1:9/{sitekit.path(number)}"
    html = sitekit.article_html(number).replace("{origin}", "http://127.0.0.1:9")
    return {
        "source": "thu",
        "url": url,
        "status": 200,
        "body": html.encode(),
        "encoding": "utf-8",
        "fetched": "2026-03-02T01:00:00+00:00",
        "headers": [("Content-Type", "text/html; charset=utf-8")],
        "protocol": "HTTP/1.1",
        "error": None,
        **fields,
    }


def test_the_writer_answers_each_page_and_hands_errors_back(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    source = thu(tmp_path)
    archive = Archive.open(db)
    archive.register_sources([source])  # as the pipeline does when the spider opens
    archive.close()

    async def session() -> list[object]:
        writer = ArchiveWriter.shared(str(db))
        answers: list[object] = list(
            await asyncio.gather(
                writer.write(source, item(1)),
                writer.write(source, item(2, status=0, body=b"", error="timeout")),
                writer.write(source, item(3)),
            )
        )
        with pytest.raises(KeyError, match="body"):  # raised in the writer, re-raised here
            broken = item(4)
            del broken["body"]
            await writer.write(source, broken)
        answers.append(await writer.write(source, item(5)))  # the writer goes on
        await writer.release()
        return answers

    first, failed_fetch, third, fifth = asyncio.run(session())
    assert isinstance(first, IngestResult) and first.outcome == "new"
    assert failed_fetch is None  # a failed fetch gives a pages row, no article
    assert isinstance(third, IngestResult) and third.outcome == "new"
    assert isinstance(fifth, IngestResult) and fifth.outcome == "new"
    with sqlite3.connect(db) as connection:
        urls = [row[0] for row in connection.execute("SELECT url FROM articles ORDER BY id")]
        errors = connection.execute("SELECT url, error FROM pages WHERE error IS NOT NULL")
        assert [u.rsplit("/", 1)[1] for u in urls] == [sitekit.path(n) for n in (1, 3, 5)]
        assert list(errors) == [(item(2)["url"], "timeout")]


def registered(tmp_path: Path) -> tuple[Archive, Source]:
    source = thu(tmp_path)
    archive = Archive.open(tmp_path / "archive.db")
    archive.register_sources([source])
    return archive, source


def test_the_frames_waiting_in_the_pipe_come_as_one_batch(tmp_path: Path) -> None:
    read, write = os.pipe()
    frames = FrameReader(read)
    try:
        os.write(write, b"".join(_frame(number) for number in range(5)))
        assert frames.batch(3) == [0, 1, 2]  # at most the limit
        assert frames.batch(10) == [3, 4]  # what is there, without waiting for more
        half = _frame("late")
        os.write(write, half[:3])
        os.write(write, half[3:])
        assert frames.batch(10) == ["late"]  # a frame in pieces is waited for whole
    finally:
        os.close(write)
    assert frames.batch(10) == []  # the crawl closed the pipe
    os.close(read)


def test_a_batch_is_written_in_one_commit(tmp_path: Path) -> None:
    archive, source = registered(tmp_path)
    commits = []
    archive.db.conn.set_trace_callback(
        lambda sql: commits.append(sql) if sql.strip().upper() == "COMMIT" else None
    )
    answers = write_batch(archive, [(source, item(n)) for n in (1, 2, 3)])
    assert [(ok, result.outcome) for ok, result in answers] == [(True, "new")] * 3
    assert len(commits) == 1
    assert archive.db["articles"].count == 3


def test_a_page_that_fails_in_a_batch_fails_alone(tmp_path: Path) -> None:
    archive, source = registered(tmp_path)
    broken = item(2)
    del broken["body"]
    answers = write_batch(archive, [(source, item(1)), (source, broken), (source, item(3))])
    assert [ok for ok, _ in answers] == [True, False, True]
    assert isinstance(answers[1][1], KeyError)
    urls = [row["url"] for row in archive.db["articles"].rows]
    assert [url.rsplit("/", 1)[1] for url in urls] == [sitekit.path(1), sitekit.path(3)]
    assert archive.db["pages"].count == 2  # the broken item had nothing to keep


def test_a_batch_meeting_a_full_disk_answers_only_what_was_committed(tmp_path: Path) -> None:
    archive, source = registered(tmp_path)
    write_batch(archive, [(source, item(1))])
    # SQLITE_FULL at the SQLite layer: room for a few articles more, not for thirty.
    pages = archive.db.execute("PRAGMA page_count").fetchone()[0]
    archive.db.execute(f"PRAGMA max_page_count = {pages + 4}")
    answers = write_batch(archive, [(source, item(n)) for n in range(2, 32)])
    failed = [error for ok, error in answers if not ok]
    assert failed and all("full" in str(error) for error in failed)
    written = {result.article_url for ok, result in answers if ok}
    assert written, "the first pages had room: written one by one once the batch failed"
    with sqlite3.connect(tmp_path / "archive.db") as reader:  # what another process sees
        archived = {url for (url,) in reader.execute("SELECT url FROM articles")}
        stored = {url for (url,) in reader.execute("SELECT url FROM pages")}
    assert archived == written | {item(1)["url"]}
    assert stored >= archived


def test_a_writer_that_ends_fails_its_pages_clearly(tmp_path: Path) -> None:
    command = [sys.executable, "-c", "import sys; sys.stdin.read(1); sys.exit(3)"]

    async def session() -> None:
        writer = ArchiveWriter.shared(str(tmp_path / "archive.db"), command)
        try:
            with pytest.raises(WriterGone, match="exit code 3"):
                await writer.write(thu(tmp_path), item(1))
            with pytest.raises(WriterGone, match="exit code 3"):  # and every page after it
                await writer.write(thu(tmp_path), item(2))
        finally:
            await writer.release()

    asyncio.run(session())


def _children(parent: int) -> dict[int, str]:
    """The processes whose parent is `parent`, with their command lines."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue  # ended meanwhile
        if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
            found[int(entry.name)] = command
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc (Linux)")
def test_a_killed_crawl_leaves_no_writer_running(tmp_path: Path) -> None:
    numbers = range(1, 41)
    # Slow article pages: the crawl is still fetching when it is killed.
    routes: dict[str, sitekit.Route] = {"/sitemap.xml": sitekit.sitemap(*numbers)}
    for number in numbers:
        routes[f"/{sitekit.path(number)}"] = sitekit.Reply(
            body=sitekit.article_html(number).encode(), delay=0.5
        )
    with sitekit.serve(routes) as site:
        args = {
            "db": str(tmp_path / "archive.db"),
            "registry": str(sitekit.registry(tmp_path, site.base_url)),
            "demo_url": None,
            "settings": {**sitekit.FAST, "CONCURRENT_REQUESTS_PER_DOMAIN": 1},
        }
        crawl = subprocess.Popen(
            [sys.executable, "-c", sitekit.CRAWL_SCRIPT, json.dumps(args)],
            cwd=sitekit.ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            writers: list[int] = []
            deadline = time.monotonic() + 60
            while not writers and crawl.poll() is None and time.monotonic() < deadline:
                found = _children(crawl.pid)
                writers = [pid for pid, cmd in found.items() if "crawler.writer_process" in cmd]
                time.sleep(0.05)
            assert writers, "the crawl started no writer process"
            while not site.paths().count(f"/{sitekit.path(1)}") and crawl.poll() is None:
                time.sleep(0.05)  # an article is being fetched: the writer is in use
            os.kill(crawl.pid, signal.SIGKILL)
            crawl.wait()
        finally:
            if crawl.poll() is None:
                crawl.kill()
                crawl.wait()
        deadline = time.monotonic() + 60
        while any(_alive(pid) for pid in writers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in writers), "the writer outlived its crawl"
