"""Item pipeline: every fetched page goes into the archive; each crawl is recorded as a run."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Collection
from typing import TYPE_CHECKING, Any, Protocol

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import deferred_from_coro

from crawler.writer_process import ArchiveWriter
from khenthuong.archive import Archive, RunStats
from khenthuong.ingest import IngestResult, IngestSource

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler

# Stats key prefixes: HTTP errors by status ("khenthuong/http_errors/404", ".../timeout") and
# articles parsed without a required field ("khenthuong/empty/sapo").
HTTP_ERROR_STATS = "khenthuong/http_errors/"
EMPTY_FIELD_STATS = "khenthuong/empty/"
# Scrapy stats keys for ingest outcomes.
OUTCOME_STATS = {
    "new": "khenthuong/articles_new",
    "updated": "khenthuong/articles_updated",
    "unchanged": "khenthuong/articles_unchanged",
    "failed": "khenthuong/parse_failures",
}


class ArchivePipeline:
    """Ingest RawPage items into the archive named by the KHENTHUONG_DB setting."""

    def __init__(self, crawler: Crawler, db_path: str) -> None:
        self.crawler = crawler
        self.db_path = db_path
        self.archive: Archive | None = None
        self.run_id: int | None = None
        self.known_failures: set[str] = set()
        self.full = False  # the archive ran out of space: nothing more is written
        self.writer: ArchiveWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        db_path = crawler.settings.get("KHENTHUONG_DB")
        if not db_path:
            raise NotConfigured("KHENTHUONG_DB is not set: no archive to write to")
        pipeline = cls(crawler, db_path)
        # spider_closed carries the close reason, which close_spider does not.
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        source = self.crawler.spider.source
        try:
            self.archive = Archive.open(self.db_path)
            self.archive.register_sources([source])
            self.run_id = self.archive.start_run(source.name)
        except sqlite3.OperationalError as error:
            if not is_archive_full(error):
                raise
            self._stop_full("nothing of this run is archived", error, opening=True)
            return
        self.known_failures = self.archive.failed_urls(source.name)
        self.crawler.stats.set_value("khenthuong/run_id", self.run_id)
        self.writer = ArchiveWriter.shared(
            self.db_path, self.crawler.settings.getlist("KHENTHUONG_WRITER_COMMAND")
        )

    async def process_item(self, item: object) -> object:
        adapter = ItemAdapter(item)
        source = self.crawler.spider.source
        if adapter.get("source") != source.name:
            raise DropItem(f"item from {adapter.get('source')!r} in a crawl of {source.name!r}")
        if self.full:
            raise DropItem(f"archive full, not archived: {adapter['url']}")
        spider = self.crawler.spider
        assert self.writer is not None, "the pipeline has no archive writer: not opened?"
        try:
            # In the writer process: the reactor goes on fetching while the page is parsed.
            # dict(adapter), not asdict(): its fields are plain values, and asdict's deep copy
            # (every header pair looked at) took 0.09 ms of the reactor's time an item.
            result = await self.writer.write(source, dict(adapter))
        except sqlite3.OperationalError as error:
            if not is_archive_full(error):
                raise
            if not self.full:
                self._stop_full(f"{adapter['url']} and the pages after it are not archived", error)
            raise DropItem(f"archive full, not archived: {adapter['url']}") from None
        count_item(
            source,
            item,
            result,
            self.crawler.stats,
            known_failures=self.known_failures,
            revisits=spider.revisits,
            logger=spider.logger,
        )
        return item

    async def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.writer is not None:
            # Every item was written (Scrapy closes a spider once its items are processed).
            writer, self.writer = self.writer, None
            await writer.release()
        stats = self.crawler.stats
        history = None
        if self.archive is not None and self.run_id is not None:
            history = self.archive.field_history(spider.source.name, self.run_id)
        status, message = judge_run(stats, reason, history)
        stats.set_value("khenthuong/status", status)
        stats.set_value("khenthuong/message", message)
        if status != "ok":
            spider.logger.error("%s: crawl %s: %s", spider.source.name, status, message)
        if self.archive is not None and self.run_id is not None:
            try:
                self.archive.finish_run(self.run_id, run_stats(stats))
            except sqlite3.OperationalError as error:
                # A full disk may refuse even this last small write; the log still says it all.
                spider.logger.error(
                    "%s: could not record the run's end: %s", spider.source.name, error
                )
        if self.archive is not None:
            self.archive.close()
            self.archive = None

    def _stop_full(
        self, what: str, error: sqlite3.OperationalError, *, opening: bool = False
    ) -> None:
        self.full = True
        stop_for_full_archive(self.crawler, what, error, opening=opening)


def stop_for_full_archive(
    crawler: Crawler, what: str, error: sqlite3.OperationalError, *, opening: bool = False
) -> None:
    """Say clearly that the disk is full, and stop the crawl: every further write would fail.

    SQLite rolled back the write that failed, so the archive is as it was before it. Said and
    done once per crawl (the pipeline and the spider both open the archive). While the spider
    is still opening, it is closed once open (closing it earlier upsets Scrapy's statistics).
    """
    if crawler.stats.get_value("khenthuong/archive_full"):
        return
    crawler.stats.set_value("khenthuong/archive_full", 1)
    spider = crawler.spider
    spider.logger.error(
        "%s: the archive %s is full (%s): %s; "
        "everything archived before is intact. Free space, then crawl again.",
        spider.source.name,
        crawler.settings.get("KHENTHUONG_DB"),
        error,
        what,
    )

    def close() -> None:
        deferred_from_coro(crawler.engine.close_spider_async(reason="archive_full"))

    if opening:
        crawler.signals.connect(close, signal=signals.spider_opened, weak=False)
    else:
        close()


def is_archive_full(error: sqlite3.Error) -> bool:
    """Is this SQLite's SQLITE_FULL: the disk (or the database's size limit) is full?"""
    return getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or (
        "database or disk is full" in str(error)
    )


def count_item(
    source: IngestSource,
    item: object,
    result: IngestResult | None,
    stats: StatsLike,
    *,
    known_failures: Collection[str],
    revisits: Collection[str],
    logger: logging.Logger | logging.LoggerAdapter,
) -> None:
    """The run's side of archiving an item: count what writing it gave (write_item), log what
    went wrong; the pipeline and the scale-out writer (crawler.scaleout) both count this way."""
    if result is None:  # a failed fetch: counted by the spider when it failed
        return
    stats.inc_value("khenthuong/pages_fetched")
    stats.inc_value(OUTCOME_STATS[result.outcome])
    if result.outcome == "failed":
        # Only pages new to the archive say the markup changed; not a failing revisit.
        url = ItemAdapter(item)["url"]
        if url not in known_failures and url not in revisits:
            stats.inc_value("khenthuong/new_parse_failures")
        logger.warning("%s: cannot archive %s: %s", source.name, url, result.reason)
        return
    count_article(stats, result)
    if result.changed:
        logger.info(
            "%s: %s changed since archived: %s",
            source.name,
            result.article_url,
            ", ".join(result.changed),
        )


def count_article(stats: StatsLike, result: IngestResult) -> None:
    """Count a page that gave an article in the run's health figures (a step of count_item).

    Which required fields it lacked, its publication time, whether it changed since archived.
    """
    stats.inc_value("khenthuong/articles_parsed")
    for name in result.empty_fields:
        stats.inc_value(f"{EMPTY_FIELD_STATS}{name}")
    if result.published:
        stats.max_value("khenthuong/newest_published", result.published)
    if result.changed:
        stats.inc_value("khenthuong/articles_versioned")


class StatsLike(Protocol):
    """What judging a run reads: Scrapy's stats collector, or the scale-out writer's counts."""

    def get_value(self, key: str, default: Any = None) -> Any: ...

    def get_stats(self) -> dict[str, Any]: ...

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None: ...

    def max_value(self, key: str, value: Any) -> None: ...


# A field is flagged when at least this share of a run's articles lack it (and at least
# MIN_ARTICLES_JUDGED were parsed) while at most HISTORY_EMPTY_SHARE of the source's earlier
# articles did: a markup change, not a site that never gave the field.
EMPTY_SHARE = 0.5
HISTORY_EMPTY_SHARE = 0.1
MIN_ARTICLES_JUDGED = 3
MIN_HISTORY = 5


def judge_run(
    stats: StatsLike, reason: str, history: tuple[int, dict[str, int]] | None = None
) -> tuple[str, str]:
    """The run's status and a one-line account of it.

    A source that yields no article at all (none archived now, none skipped as already archived,
    none revisited) is reported "empty": its site is down, renamed or no longer matches the
    registry, and the registry must be fixed; a silent zero would hide that. A run in which
    pages that never failed before fail to parse and none parses is "broken": the site's markup
    has probably changed (a page that has always failed, like a stub, does not count). So is
    one whose articles come without a required field (title, published, sapo, body, author)
    that the source's earlier articles had: `history` is (articles parsed before, how many
    of them lacked each field).
    """
    counts = run_stats(stats)
    fetched = int(stats.get_value("khenthuong/pages_fetched", 0))
    archived = counts.articles_new + counts.articles_updated + counts.articles_unchanged
    summary = (
        f"{counts.requests} requests, {fetched} article pages, {counts.articles_new} new, "
        f"{counts.articles_updated} updated, {counts.parse_failures} parse failures, "
        f"{counts.http_errors} HTTP errors, {counts.skipped_archived} skipped as archived"
    )
    if reason != "finished":
        return "failed", f"closed: {reason}; {summary}"
    if archived + counts.skipped_archived + counts.revisits == 0:
        why = "no article URL discovered" if fetched == 0 else "no article page could be parsed"
        return "empty", f"{why}; {summary}"
    if archived == 0 and int(stats.get_value("khenthuong/new_parse_failures", 0)) > 0:
        return "broken", f"new pages fail to parse and none parses: markup changed?; {summary}"
    lost = _fields_gone_empty(counts, history)
    if lost:
        return "broken", f"{'; '.join(lost)}: markup changed?; {summary}"
    return "ok", summary


def _fields_gone_empty(counts: RunStats, history: tuple[int, dict[str, int]] | None) -> list[str]:
    """Required fields this run's articles mostly lack though the source's earlier ones had them."""
    if history is None or counts.articles_parsed < MIN_ARTICLES_JUDGED:
        return []
    parsed_before, empty_before = history
    if parsed_before < MIN_HISTORY:
        return []
    empty_now = json.loads(counts.empty_fields)
    return [
        f"{name} empty in {missing}/{counts.articles_parsed} articles "
        f"(before: {empty_before.get(name, 0)}/{parsed_before})"
        for name, missing in sorted(empty_now.items())
        if missing >= EMPTY_SHARE * counts.articles_parsed
        and empty_before.get(name, 0) <= HISTORY_EMPTY_SHARE * parsed_before
    ]


def run_stats(stats: StatsLike) -> RunStats:
    """The archive's record of a run, read from the crawl's Scrapy stats."""

    def count(key: str) -> int:
        return int(stats.get_value(key, 0))

    every = stats.get_stats()
    return RunStats(
        requests=count("downloader/request_count"),
        pages_fetched=count("khenthuong/pages_fetched"),
        articles_new=count(OUTCOME_STATS["new"]),
        articles_updated=count(OUTCOME_STATS["updated"]),
        articles_unchanged=count(OUTCOME_STATS["unchanged"]),
        parse_failures=count(OUTCOME_STATS["failed"]),
        http_errors=count("khenthuong/http_errors"),
        skipped_archived=count("khenthuong/skipped_archived"),
        status=stats.get_value("khenthuong/status", "ok"),
        message=stats.get_value("khenthuong/message", ""),
        revisits=count("khenthuong/revisits"),
        articles_versioned=count("khenthuong/articles_versioned"),
        robots_forbidden=count("robotstxt/forbidden"),
        discovery_failures=count("khenthuong/discovery_failures"),
        http_errors_by_status=_by_prefix(every, HTTP_ERROR_STATS),
        articles_parsed=count("khenthuong/articles_parsed"),
        empty_fields=_by_prefix(every, EMPTY_FIELD_STATS),
        newest_published=stats.get_value("khenthuong/newest_published"),
    )


def _by_prefix(every: dict, prefix: str) -> str:
    """The stats under `prefix` as a JSON object keyed by the rest of their name."""
    found = {key[len(prefix) :]: value for key, value in every.items() if key.startswith(prefix)}
    return json.dumps(dict(sorted(found.items())), ensure_ascii=False)
