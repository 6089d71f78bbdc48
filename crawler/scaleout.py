"""Scale-out crawling on scrapy-redis: many crawler processes, one Redis, one archive writer.

Crawler workers (`khenthuong crawl --redis URL`) share, per source, one request queue and one
duplicate filter in Redis (scrapy-redis's scheduler and RFPDupeFilter), so a URL is fetched by
exactly one of them; each fetched article page is parsed by the worker that fetched it and
pushed, as received and with what its parsing gave, to one Redis list. The writer (`khenthuong
write --redis URL`) is the only process that opens the SQLite archive: it opens a run per
source, tells the workers which URLs are already archived, and drains the pages through the same
ingest path as a single-process crawl (the raw page stored, then the parsed rows committed; the
parse is the same pure function, khenthuong.ingest.prepare_page, run on the worker), so the
archive comes out the same, and the one writer does not spend its time parsing.

Incremental crawling: the workers cannot read the archive (it lives on the writer's machine), so
the writer copies each source's archived URLs into a Redis set before the run starts, and the
workers load it in place of the SQLite query the single-process spider makes. They are not put
in the duplicate filter: the spider must *know* a URL is archived (to count it, to stop paging a
listing whose links are all archived, to drop a redirect onto one), not just see it vanish.

Keys, per source S (all under `khenthuong:`): `S:run` the open run (the writer's signal to
start), `S:requests` and `S:dupefilter` (scrapy-redis), `S:archived` (archived URLs), `S:failed`
(URLs fetched before that never gave an article), `S:skipped`
(archived URLs seen linked this run), `S:idle` (which workers are idle), `S:done` (one report
per worker); `pages`, the fetched pages of every source; `pace:HOST`, the next free turn at a
host (politeness across workers, SharedPaceMiddleware).
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import json
import logging
import os
import socket
import time
import uuid
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis
import scrapy
from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, DropItem
from scrapy.settings import Settings
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import load_object
from scrapy_redis.connection import get_redis, get_redis_from_settings
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler

from crawler import settings as crawler_settings
from crawler.heuristics import request_url
from crawler.items import RawPage
from crawler.pipelines import HTTP_ERROR_STATS, count_item, judge_run, run_stats
from crawler.runner import crawl_settings
from crawler.sources import Source
from crawler.spiders.news import NewsSpider, crawl_clock
from crawler.writer_process import BATCH_LIMIT, fetch_of, write_batch
from khenthuong.archive import Archive, RunStats
from khenthuong.ingest import PreparedPage, prepare_fetch

logger = logging.getLogger(__name__)

PREFIX = "khenthuong"
PAGES_KEY = f"{PREFIX}:pages"
# How long a worker waits for the writer to open a source's run before giving up.
DEFAULT_WAIT_FOR_WRITER = 300.0
# How long an idle worker waits for a busy one (its responses may enqueue more requests).
DEFAULT_WORKER_PATIENCE = 600.0
# How soon an idle worker looks at the shared queue again.
LOOK_AGAIN_AFTER = 0.5
# A sorted set: on_idle counts what is queued with ZCARD in the same transaction as the flags.
QUEUE_CLASS = "scrapy_redis.queue.PriorityQueue"


def key(source: str, name: str) -> str:
    """The Redis key `name` of one source's shared crawl state."""
    return f"{PREFIX}:{source}:{name}"


def worker_settings(redis_url: str) -> dict[str, Any]:
    """Scrapy settings that turn a crawl process into a worker of the shared crawl at redis_url."""
    return {
        "REDIS_URL": redis_url,
        "SCHEDULER": "crawler.scaleout.SharedScheduler",
        # The writer owns the run's keys: a worker that finishes first must not delete the
        # queue and the duplicate filter the others still use (scrapy-redis's persist=False).
        "SCHEDULER_PERSIST": True,
        "ITEM_PIPELINES": {"crawler.scaleout.RedisPagePipeline": 300},
        # After every middleware that may drop a request (safety, robots.txt, archived redirect
        # targets): only a request about to be sent, robots.txt fetches included, takes a turn.
        "DOWNLOADER_MIDDLEWARES": {
            **crawler_settings.DOWNLOADER_MIDDLEWARES,
            "crawler.scaleout.SharedPaceMiddleware": 800,
        },
        # Nothing in this process writes SQLite; the writer does.
        "KHENTHUONG_DB": None,
    }


# --- the wire format of a page -----------------------------------------------------------------


def _to_json(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"b64": base64.b64encode(value).decode("ascii")}
    if isinstance(value, dict):
        return {"map": [[_to_json(k), _to_json(v)] for k, v in value.items()]}
    if isinstance(value, tuple):
        return {"tuple": [_to_json(v) for v in value]}
    if isinstance(value, list):
        return [_to_json(v) for v in value]
    return value


def _from_json(value: Any) -> Any:
    if isinstance(value, dict):
        if "b64" in value:
            return base64.b64decode(value["b64"])
        if "tuple" in value:
            return tuple(_from_json(v) for v in value["tuple"])
        return {_from_json(k): _from_json(v) for k, v in value["map"]}
    if isinstance(value, list):
        return [_from_json(v) for v in value]
    return value


class JsonSerializer:
    """The queue's request serializer: JSON, where scrapy-redis defaults to pickle.

    Unpickling what another process put in Redis runs whatever it says; a request dict (URL,
    callback name, headers, meta of plain values) travels as JSON just as well.
    """

    @staticmethod
    def dumps(obj: dict) -> bytes:
        return json.dumps(_to_json(obj)).encode("utf-8")

    @staticmethod
    def loads(data: bytes) -> dict:
        return _from_json(json.loads(data))


def encode_page(page: RawPage, run_id: int | None, prepared: PreparedPage | None = None) -> bytes:
    """A RawPage as JSON for the pages list: every field, bytes in base64 (never pickle).

    Every field of the item travels, so whatever the spider records of a page (its headers, for
    instance) reaches the writer without this format changing; so does what the worker's
    parsing made of it (`prepared`), so that the writer only writes.
    """
    fields = {f.name: _to_json(getattr(page, f.name)) for f in dataclasses.fields(page)}
    message = {"run": run_id, "page": fields}
    if prepared is not None:
        message["prepared"] = _to_json(dataclasses.asdict(prepared))
    return json.dumps(message, ensure_ascii=False).encode("utf-8")


def decode_page(data: bytes) -> tuple[RawPage, int | None]:
    """The RawPage and run id that encode_page wrote."""
    message = json.loads(data)
    names = {f.name for f in dataclasses.fields(RawPage)}
    values = {k: _from_json(v) for k, v in message["page"].items() if k in names}
    return RawPage(**values), message.get("run")


def decode_prepared(data: bytes) -> PreparedPage | None:
    """What the worker's parsing made of the page encode_page wrote, if it parsed it."""
    prepared = json.loads(data).get("prepared")
    return None if prepared is None else PreparedPage(**_from_json(prepared))


# --- the crawler workers ---------------------------------------------------------------------


def prepare_fetched(source: Source, page: RawPage) -> PreparedPage:
    """Parse a fetched page as the writer would once it has stored it (its id not yet known)."""
    return prepare_fetch(source, fetch_of(vars(page)))


class SharedScheduler(Scheduler):
    """scrapy-redis's scheduler with per-source keys, fixed for Scrapy 2.19.

    - Keys are named after the source, not the spider: every source is crawled by the same
      `news` spider, and each must have its own queue and duplicate filter.
    - scrapy-redis 0.9.1 passes `spider=` to the stats collector and calls Spider.log(), which
      Scrapy 2.19 deprecates (a ScrapyDeprecationWarning on every request); these methods do
      not. Only the queue, the duplicate filter and the constructor of scrapy-redis are used.
    - A popped request marks this worker busy for SharedNewsSpider's idle protocol.
    """

    spider: SharedNewsSpider

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedScheduler:
        # Not the base class's from_settings: it builds DUPEFILTER_CLASS, which is Scrapy's own
        # filter unless overridden; the shared filter is made per source in open().
        server = get_redis_from_settings(crawler.settings)
        server.ping()  # fail at start, not at the first request, when Redis is unreachable
        scheduler = cls(
            server=server, persist=True, queue_cls=QUEUE_CLASS, serializer=JsonSerializer
        )
        scheduler.stats = crawler.stats
        return scheduler

    def open(self, spider: scrapy.Spider) -> None:
        # Not the base class's open(): it names keys after the spider and logs through
        # Spider.log(), deprecated in Scrapy 2.19, when it joins a queue already filled.
        if not isinstance(spider, SharedNewsSpider):
            raise TypeError(f"{type(self).__name__} schedules SharedNewsSpider, not {spider!r}")
        self.spider = spider
        name = spider.source.name
        self.queue_key = key(name, "requests")
        self.queue = load_object(self.queue_cls)(
            server=self.server, spider=spider, key=self.queue_key, serializer=self.serializer
        )
        self.df = RFPDupeFilter(
            self.server,
            key=key(name, "dupefilter"),
            debug=spider.settings.getbool("DUPEFILTER_DEBUG"),
        )
        if queued := len(self.queue):
            spider.logger.info("%s: joining a crawl with %d requests queued", name, queued)

    def enqueue_request(self, request: scrapy.Request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            if self.stats:
                self.stats.inc_value("dupefilter/filtered")
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> scrapy.Request | None:
        request = self.queue.pop(self.idle_before_close)
        if request is not None:
            self.spider.mark_busy()
            if self.stats:
                self.stats.inc_value("scheduler/dequeued/redis")
        return request


class SharedNewsSpider(NewsSpider):
    """NewsSpider as one worker of a shared crawl: archived URLs and idleness come from Redis.

    A worker whose queue runs dry stays open while another worker is still busy (its responses
    may enqueue more requests), and closes when the shared queue is empty and every worker of
    the run is idle: the crawl is then over for all of them. (A worker marks itself busy just
    after taking a request, so one may close while another takes the last queued request;
    nothing is lost by it, as a worker finishes whatever its own responses enqueue.)
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.run_id: int | None = None
        self.busy = True
        self.idle_since: float | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SharedNewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.server = get_redis_from_settings(crawler.settings)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        self.run_id = await self._wait_for_run()
        self.crawler.stats.set_value("khenthuong/run_id", self.run_id)
        self.server.hset(key(self.source.name, "idle"), self.worker, 0)
        async for request in super().start():
            yield request

    async def _wait_for_run(self) -> int:
        """The run the writer opened for this source; wait for it when the writer is not up yet."""
        patience = self.settings.getfloat("KHENTHUONG_WAIT_FOR_WRITER", DEFAULT_WAIT_FOR_WRITER)
        deadline = time.monotonic() + patience
        warned = False
        while (run := self.server.get(key(self.source.name, "run"))) is None:
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"{self.source.name}: no run opened in Redis after {patience:.0f}s: "
                    "start `khenthuong write --redis ...` for this source"
                )
            if not warned:
                self.logger.info("%s: waiting for the writer to open a run", self.source.name)
                warned = True
            await asyncio.sleep(0.2)
        return int(run)

    def _load_archived(self) -> set[str]:
        return {
            url.decode("utf-8") for url in self.server.smembers(key(self.source.name, "archived"))
        }

    def _load_known_failures(self) -> set[str]:
        return {
            url.decode("utf-8") for url in self.server.smembers(key(self.source.name, "failed"))
        }

    def _due_revisits(self) -> list[str]:
        # The writer published them: every worker asks, the shared filter lets one request in.
        due = self.server.lrange(key(self.source.name, "revisits"), 0, -1)
        return [url.decode("utf-8") for url in due]

    def count_skipped_archived(self, url: str) -> None:
        # A URL linked from pages that different workers parse is counted once, in Redis.
        self.server.sadd(key(self.source.name, "skipped"), request_url(url))

    def mark_busy(self) -> None:
        self.idle_since = None
        if not self.busy:
            self.busy = True
            self.server.hset(key(self.source.name, "idle"), self.worker, 0)

    def on_idle(self) -> None:
        """spider_idle: close only once the whole shared crawl of this source is over."""
        if self.run_id is None:
            return  # never joined a run (no writer): nothing to wait for
        name = self.source.name
        self.busy = False
        pipe = self.server.pipeline(transaction=True)
        pipe.hset(key(name, "idle"), self.worker, 1)
        pipe.zcard(key(name, "requests"))
        pipe.hvals(key(name, "idle"))
        _, queued, flags = pipe.execute()
        # One atomic snapshot: nothing queued and nobody busy means nothing can be enqueued again.
        if queued == 0 and all(flag == b"1" for flag in flags):
            return
        # A worker that died while busy never says it is idle: do not wait for it forever.
        now = time.monotonic()
        self.idle_since = self.idle_since or now
        patience = self.settings.getfloat("KHENTHUONG_WORKER_PATIENCE", DEFAULT_WORKER_PATIENCE)
        if now - self.idle_since > patience:
            self.logger.warning(
                "%s: idle for %.0fs while another worker looks busy; closing", name, patience
            )
            return
        self._look_again_soon()
        raise DontCloseSpider

    def _look_again_soon(self) -> None:
        """Have the engine look at the shared queue again in a moment, not at its next heartbeat.

        An idle engine asks its scheduler for requests only every 5 s (its heartbeat); another
        worker may fill the shared queue at any moment. There is no public way to wake the
        engine, so this uses its private call-later handle when it has one, and otherwise
        leaves it to the heartbeat.
        """
        slot = getattr(self.crawler.engine, "_slot", None)
        next_call = getattr(slot, "nextcall", None)
        if next_call is not None and callable(getattr(next_call, "schedule", None)):
            next_call.schedule(LOOK_AGAIN_AFTER)


# Reserve the next turn at a host: its start on Redis's clock, at least `delay` seconds after the
# turn reserved before it. One script, so two workers can never take the same turn.
RESERVE_TURN = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local start = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
local delay = tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.format('%.6f', start + delay), 'PX',
           math.ceil((start + delay - now) * 1000) + 60000)
return {string.format('%.6f', start), string.format('%.6f', start - now)}
"""


def reserve_turn(server: redis.Redis, host: str, delay: float) -> tuple[float, float]:
    """Reserve the next request slot at `host`: (its start on Redis's clock, seconds to wait)."""
    start, wait = server.eval(RESERVE_TURN, 1, f"{PREFIX}:pace:{host}", f"{delay:.6f}")
    return float(start), float(wait)


class SharedPaceMiddleware:
    """DOWNLOAD_DELAY between requests to a host across all workers, not only within each.

    Scrapy paces each host per process: N workers crawling one site would each send a request
    every DOWNLOAD_DELAY seconds, N times a single crawl's pace. Each request here first takes
    its turn at the host from Redis and waits for it, turns DOWNLOAD_DELAY apart, so the site
    sees at most one request per DOWNLOAD_DELAY on average however many workers there are (a
    worker's own delay and AutoThrottle may hold a request longer, never less).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.delay = crawler.settings.getfloat("DOWNLOAD_DELAY")
        self.server: redis.Redis = get_redis_from_settings(crawler.settings)
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedPaceMiddleware:
        return cls(crawler)

    async def process_request(self, request: scrapy.Request) -> None:
        if self.delay <= 0:
            return
        host = urlparse_cached(request).hostname or ""
        _, wait = reserve_turn(self.server, host, self.delay)
        if wait > 0:
            self.crawler.stats.inc_value("khenthuong/shared_pace_waits")
            await asyncio.sleep(wait)


class RedisPagePipeline:
    """Push each fetched page to Redis for the writer, and a report when the spider closes."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.server: redis.Redis = get_redis_from_settings(crawler.settings)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisPagePipeline:
        return cls(crawler)

    def process_item(self, item: object) -> object:
        spider = self.crawler.spider
        if not isinstance(item, RawPage) or item.source != spider.source.name:
            raise DropItem(f"not a page of {spider.source.name}: {ItemAdapter(item).asdict()!r}")
        # Parsed here, on the worker, so that the one writer only writes: parsing is most of
        # a page's cost, and workers are as many as the crawl needs (docs/SCALE-OUT.md).
        prepared = None if item.error else prepare_fetched(spider.source, item)
        self.server.rpush(PAGES_KEY, encode_page(item, spider.run_id, prepared))
        self.crawler.stats.inc_value("khenthuong/pages_fetched")
        return item

    def spider_closed(self, spider: SharedNewsSpider, reason: str) -> None:
        # Sent after every page of this worker was pushed: the writer may count on that order.
        stats = self.crawler.stats
        report = {
            "worker": spider.worker,
            "run": spider.run_id,
            "reason": reason,
            "pages": int(stats.get_value("khenthuong/pages_fetched", 0)),
            "stats": {
                name: value
                for name, value in stats.get_stats().items()
                if name in WORKER_COUNTS or name.startswith(HTTP_ERROR_STATS)
            },
        }
        stats.set_value("khenthuong/status", "ok" if reason == "finished" else "failed")
        self.server.rpush(key(spider.source.name, "done"), json.dumps(report))
        if spider.run_id is not None:
            self.server.hdel(key(spider.source.name, "idle"), spider.worker)


# --- the archive writer ----------------------------------------------------------------------

# What the workers count of a run (fetching), summed by the writer; the writer counts the rest
# (what archiving gave), and the planned revisits, which it publishes.
WORKER_COUNTS = (
    "downloader/request_count",
    "khenthuong/http_errors",
    "khenthuong/discovery_failures",
    "robotstxt/forbidden",
)


class _Stats(dict):
    """Scrapy-stats-shaped counts, so the writer judges a run as a single-process crawl does."""

    def get_value(self, name: str, default: Any = None) -> Any:
        return self.get(name, default)

    def inc_value(self, name: str, count: int = 1, start: int = 0) -> None:
        self[name] = self.get(name, start) + count

    def max_value(self, name: str, value: Any) -> None:
        self[name] = max(self.get(name, value), value)

    def get_stats(self) -> dict[str, Any]:
        return dict(self)


@dataclass
class WriterRun:
    """What the writer knows of one source's run."""

    source: Source
    run_id: int
    known_failures: set[str]
    revisits: list[str] = field(default_factory=list)
    stats: _Stats = field(default_factory=_Stats)
    reports: list[dict] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)


@dataclass
class WriterSummary:
    """One source's shared crawl, as recorded in crawl_runs row `run_id`."""

    source: str
    run_id: int
    workers: int
    stats: RunStats
    seconds: float


RUN_KEYS = (
    "run",
    "requests",
    "dupefilter",
    "archived",
    "failed",
    "revisits",
    "skipped",
    "idle",
    "done",
)


def open_runs(
    server: redis.Redis, archive: Archive, sources: list[Source], settings: Settings | None = None
) -> list[WriterRun]:
    """Start a crawl run per source: clear the last run's keys, publish what the workers skip.

    That is the archived URLs, the known failures (fetched before, never an article), and the
    planned revisits due (KHENTHUONG_REVISIT_DAYS and KHENTHUONG_NOW of `settings`, the
    project's by default): a single-process spider reads them from the archive itself.
    """
    settings = settings or crawl_settings("")
    days = [float(day) for day in settings.getlist("KHENTHUONG_REVISIT_DAYS")]
    runs = []
    archive.register_sources(sources)
    for source in sources:
        name = source.name
        server.delete(*(key(name, k) for k in RUN_KEYS))
        archived = sorted({request_url(url) for url in archive.archived_urls(name)})
        for start in range(0, len(archived), 10_000):
            server.sadd(key(name, "archived"), *archived[start : start + 10_000])
        failed = archive.failed_urls(name)
        if failed:
            server.sadd(key(name, "failed"), *sorted({request_url(url) for url in failed}))
        due = archive.due_revisits(name, crawl_clock(settings), days) if days else []
        revisits = [fetch_url for _, fetch_url in due]
        if revisits:
            server.rpush(key(name, "revisits"), *revisits)
        run_id = archive.start_run(name)
        run = WriterRun(source, run_id, failed, revisits)
        run.stats["khenthuong/revisits"] = len(revisits)
        runs.append(run)
        # Last: a worker starts crawling as soon as it sees the run, so the rest must be ready.
        server.set(key(name, "run"), run_id)
        logger.info(
            "%s: run %d open, %d archived URLs and %d planned revisits published",
            name,
            run_id,
            len(archived),
            len(revisits),
        )
    return runs


def write_pages(archive: Archive, runs: Mapping[str, WriterRun], messages: list[bytes]) -> None:
    """Archive pushed pages in one transaction (write_batch) and count each in its run.

    The pipeline's own steps (write_item, then count_item once written), as a single-process
    crawl records a page. A page whose writing raised was written alone and failed alone
    (write_batch): the others are counted, then its error is raised.
    """
    pages, batch = [], []
    for data in messages:
        page, _ = decode_page(data)
        run = runs.get(page.source)
        if run is None:
            logger.error(
                "a page of %s, which this writer has no run for: %s", page.source, page.url
            )
            continue
        prepared = decode_prepared(data)  # parsed by the worker that fetched it
        pages.append((run, page))
        batch.append((run.source, {**ItemAdapter(page), "prepared": prepared}))  # shallow
    errors = []
    for (run, page), (ok, result) in zip(pages, write_batch(archive, batch), strict=True):
        if not ok:
            errors.append(result)
            continue
        count_item(
            run.source,
            page,
            result,
            run.stats,
            known_failures=run.known_failures,
            revisits=run.revisits,
            logger=logger,
        )
    if errors:
        raise errors[0]


def finish_run(server: redis.Redis, archive: Archive, run: WriterRun, reason: str) -> RunStats:
    """Record the run in crawl_runs, judged as a single-process crawl is, and close it in Redis."""
    name = run.source.name
    stats = run.stats
    for report in run.reports:
        for counted, value in report["stats"].items():
            stats.inc_value(counted, value)
    stats["khenthuong/skipped_archived"] = server.scard(key(name, "skipped"))
    reasons = {r["reason"] for r in run.reports} - {"finished"}
    status, message = judge_run(
        stats,
        reason if reason != "finished" else next(iter(reasons), reason),
        archive.field_history(name, run.run_id),
    )
    stats["khenthuong/status"], stats["khenthuong/message"] = status, message
    result = run_stats(stats)
    archive.finish_run(run.run_id, result)
    server.delete(*(key(name, k) for k in RUN_KEYS))
    log = logger.info if status == "ok" else logger.error
    log("%s: crawl %s: %s", name, status, message)
    return result


def drain(
    db_path: str | Path,
    redis_url: str,
    sources: list[Source],
    workers: int = 1,
    settings_overrides: dict[str, Any] | None = None,
) -> list[WriterSummary]:
    """Be the archive writer of one shared crawl: open the runs, archive pages until it is over.

    The crawl of a source is over when `workers` workers have reported on it and every page
    they pushed is archived. Interrupted (Ctrl-C), the pages already pushed are archived and
    the runs recorded as failed.
    """
    server = get_redis(url=redis_url)
    server.ping()
    archive = Archive.open(db_path)
    runs: list[WriterRun] = []
    reason = "finished"
    try:
        settings = crawl_settings(db_path, settings_overrides)
        runs = open_runs(server, archive, sources, settings)
        archive_pushed_pages(server, archive, runs, workers)
    except KeyboardInterrupt:
        reason = "shutdown"
        archive_pushed_pages(server, archive, runs, workers=0)
    try:
        return [
            WriterSummary(
                source=run.source.name,
                run_id=run.run_id,
                workers=len(run.reports),
                stats=finish_run(server, archive, run, reason),
                seconds=time.monotonic() - run.started,
            )
            for run in runs
        ]
    finally:
        archive.close()


def archive_pushed_pages(
    server: redis.Redis,
    archive: Archive,
    runs: list[WriterRun],
    workers: int,
) -> int:
    """Archive the pushed pages until `workers` workers reported on every run; how many pages.

    With workers=0, only the pages already pushed are archived.
    """
    by_name = {run.source.name: run for run in runs}
    count = 0
    while True:
        popped = server.blpop([PAGES_KEY], timeout=1) if workers else None
        if popped is not None:
            # With the pages already waiting behind it: one transaction for them all.
            messages = [popped[1], *(server.lpop(PAGES_KEY, BATCH_LIMIT - 1) or [])]
            write_pages(archive, by_name, messages)
            count += len(messages)
        elif _collect_reports(server, by_name, workers):
            # Every report is in, and each worker pushed its pages before its report.
            while messages := server.lpop(PAGES_KEY, BATCH_LIMIT) or []:
                write_pages(archive, by_name, messages)
                count += len(messages)
            return count


def _collect_reports(server: redis.Redis, runs: dict[str, WriterRun], workers: int) -> bool:
    """Read the workers' reports on this run; are `workers` of them in for every source?"""
    for name, run in runs.items():
        raw = server.lrange(key(name, "done"), 0, -1)
        reports = [json.loads(r) for r in raw]
        run.reports = [r for r in reports if r.get("run") == run.run_id]
    return all(len(run.reports) >= workers for run in runs.values())
