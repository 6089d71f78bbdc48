"""Run crawls from Python (the `khenthuong crawl` command): one spider per source, one process."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from scrapy.crawler import AsyncCrawlerProcess, Crawler
from scrapy.settings import Settings

from crawler.pipelines import run_stats
from crawler.sources import Source
from crawler.spiders.news import NewsSpider
from crawler.writer_process import ArchiveWriter
from khenthuong.archive import RunStats


@dataclass
class CrawlSummary:
    """What one source's crawl did, as recorded in the archive's crawl_runs row `run_id`."""

    source: str
    run_id: int | None
    stats: RunStats
    seconds: float


def crawl_settings(db_path: str | Path, overrides: dict[str, Any] | None = None) -> Settings:
    """The project's Scrapy settings, writing to `db_path`, with `overrides` on top."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("KHENTHUONG_DB", str(db_path), priority="cmdline")
    settings.setdict(overrides or {}, priority="cmdline")
    return settings


def run_crawl(
    db_path: str | Path | None,
    sources: list[Source],
    since: date | None = None,
    settings_overrides: dict[str, Any] | None = None,
    redis_url: str | None = None,
) -> list[CrawlSummary]:
    """Crawl every source into the archive at `db_path` and return one summary per source.

    With `redis_url`, this process is instead one worker of a shared crawl (crawler.scaleout):
    it fetches from the queue shared with the other workers and pushes pages to Redis for the
    writer, touching no archive file (`db_path` is not used).

    The sources are crawled concurrently in one Scrapy process. Scrapy's event loop cannot be
    restarted, so call this once per Python process (tests run each crawl in a subprocess).
    """
    spider_cls: type[NewsSpider] = NewsSpider
    overrides = dict(settings_overrides or {})
    if redis_url:
        from crawler.scaleout import SharedNewsSpider, worker_settings

        spider_cls = SharedNewsSpider
        overrides = {**worker_settings(redis_url), **overrides}
    settings = crawl_settings(db_path or "", overrides)
    if not redis_url:
        # Started now, its imports overlap Scrapy's start-up; the pipeline takes it over.
        ArchiveWriter.prestart(
            settings.get("KHENTHUONG_DB"), settings.getlist("KHENTHUONG_WRITER_COMMAND")
        )
    process = AsyncCrawlerProcess(settings)
    crawlers: list[tuple[Source, Crawler]] = []
    try:
        for source in sources:
            crawler = process.create_crawler(spider_cls)
            process.crawl(crawler, source=source, since=since)
            crawlers.append((source, crawler))
        process.start()
    finally:
        ArchiveWriter.stop_all()
    return [
        CrawlSummary(
            source=source.name,
            run_id=crawler.stats.get_value("khenthuong/run_id"),
            stats=run_stats(crawler.stats),
            seconds=float(crawler.stats.get_value("elapsed_time_seconds", 0.0)),
        )
        for source, crawler in crawlers
    ]
