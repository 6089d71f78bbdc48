"""Run one crawl described by a JSON job: the process the reliability trials start and kill.

    python -m reliability.crawl_job '{"db": "archive.db", "base_url": "http://127.0.0.1:8765"}'

`base_url` crawls the demo source served there; `registry` names a sources.toml instead.
`settings` are Scrapy setting overrides. `max_db_pages` injects a full disk at the SQLite layer:
the archive refuses to grow past that many pages (SQLITE_FULL). The last line printed is the
crawl summaries as JSON.
"""

import dataclasses
import json
import sys
from pathlib import Path

from crawler import writer_process
from crawler.runner import run_crawl
from crawler.sources import get_source, load_sources
from khenthuong.archive import Archive


def limit_archive_size(pages: int) -> None:
    """Fault injection: every archive this process opens refuses to grow past `pages` pages,
    failing its writes with SQLITE_FULL ("database or disk is full") as a full disk does."""
    open_archive = Archive.open.__func__

    def open_limited(cls: type[Archive], path: str | Path) -> Archive:
        archive = open_archive(cls, path)
        archive.db.execute(f"PRAGMA max_page_count = {int(pages)}")
        return archive

    Archive.open = classmethod(open_limited)


def main(argv: list[str]) -> None:
    if argv[1] == "writer":  # the crawl's writer process, under the same size limit
        limit_archive_size(int(argv[2]))
        writer_process.main(argv[3:])
        return
    job = json.loads(argv[1])
    settings = dict(job.get("settings") or {})
    if job.get("max_db_pages"):
        limit_archive_size(job["max_db_pages"])
        # The pages and articles are written by the crawl's writer process: limit it too.
        writer = [sys.executable, "-m", "reliability.crawl_job", "writer", str(job["max_db_pages"])]
        settings["KHENTHUONG_WRITER_COMMAND"] = writer
    if job.get("registry"):
        sources = load_sources(job["registry"])
    else:
        sources = [get_source("demo").rebased(job["base_url"])]
    summaries = run_crawl(job["db"], sources, settings_overrides=settings)
    print(json.dumps([dataclasses.asdict(s) for s in summaries]), flush=True)


if __name__ == "__main__":
    main(sys.argv)
