"""The one generic spider: finds a source's articles (sitemaps, feeds, listings), fetches them."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urljoin

import scrapy
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.heuristics import (
    is_news,
    is_recent,
    parse_date,
    parse_feed,
    parse_sitemap,
    request_url,
    robots_sitemaps,
    should_follow_next_page,
)
from crawler.items import RawPage
from crawler.middlewares import READ_ROBOTS, RedirectLoop
from crawler.pipelines import is_archive_full, stop_for_full_archive
from crawler.safety import size_refusal
from crawler.sources import Source, get_source
from khenthuong.archive import Archive
from parsers.listing import parse_listing

if TYPE_CHECKING:
    from scrapy.settings import Settings


class NewsSpider(scrapy.Spider):
    """Crawl one source: `scrapy crawl news -a source=baodanang [-a since=2025-07-01]`.

    `source` is a registry name or, from crawler.runner, a Source object (e.g. the demo rebased
    onto a test port). Archived article URLs are never requested again.
    """

    name = "news"
    # Discovery in the order the issue asks for: sitemaps announced by robots.txt, the registry's
    # sitemaps, feeds, then listings; Scrapy sends higher priorities first.
    PRIORITY: ClassVar[dict[str, int]] = {"robots": 40, "sitemap": 30, "feed": 20, "listing": 10}

    def __init__(
        self, source: str | Source, since: str | date | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.source = get_source(source) if isinstance(source, str) else source
        self.since = date.fromisoformat(since) if isinstance(since, str) else since
        # Offsite filtering (Scrapy's OffsiteMiddleware) keeps the crawl on the paper's hosts.
        self.allowed_domains = list(self.source.domains)
        self.archived: set[str] = set()
        # Fetched before and recorded failed: refetched, but no news for stopping a listing.
        self.known_failures: set[str] = set()
        self.requested: set[str] = set()
        self.revisits: list[str] = []

    async def start(self) -> AsyncIterator[scrapy.Request]:
        try:
            self.archived = self._load_archived()
            self.known_failures = self._load_known_failures()
            self.revisits = self._due_revisits()
        except sqlite3.OperationalError as error:
            if not is_archive_full(error):
                raise
            stop_for_full_archive(self.crawler, "nothing of this run is archived", error)
            return
        self.logger.info(
            "%s: %d article URLs already archived, %d due a planned revisit",
            self.source.name,
            len(self.archived),
            len(self.revisits),
        )
        for url in self.revisits:
            # Requested once, here: discovery finding the same URL skips it as archived.
            self.requested.add(request_url(url))
            self.crawler.stats.inc_value("khenthuong/revisits")
            request = self._request(url, self.parse_article)
            request.meta.update(article=True, revisit=True)
            yield request
        source = self.source
        if source.robots:
            # Not found or refused is common and no error: the site just announces no sitemap.
            request = self._request(urljoin(source.homepage, "/robots.txt"), self.parse_robots)
            # The robots.txt middleware answers it from its own fetch, made for the rules.
            request.meta.update(handle_httpstatus_all=True, dont_obey_robotstxt=True)
            request.meta[READ_ROBOTS] = True
            request.priority = self.PRIORITY["robots"]
            yield request
        for url in source.start_urls(source.sitemaps):
            yield self._request(url, self.parse_sitemap, priority=self.PRIORITY["sitemap"])
        for url in source.start_urls(source.feeds):
            yield self._request(url, self.parse_feed, priority=self.PRIORITY["feed"])
        for url in source.start_urls(source.listings):
            yield self._request(url, self.parse_listing, priority=self.PRIORITY["listing"], page=1)

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        if response.status != 200 or not isinstance(response, TextResponse):
            return
        for url in robots_sitemaps(response.text):
            # The same sitemap may also be in the registry: Scrapy's duplicate filter drops it.
            yield self._request(url, self.parse_sitemap, priority=self.PRIORITY["sitemap"])

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        sitemap = parse_sitemap(response.body)
        if not sitemap.links:
            self.discovery_failed(response, "sitemap names no URL (not a sitemap? not XML?)")
        links = [link for link in sitemap.links if is_recent(link.published, self.since)]
        if sitemap.is_index:
            for link in links:
                yield self._request(link.url, self.parse_sitemap, priority=self.PRIORITY["sitemap"])
        else:
            yield from self.follow_articles(link.url for link in links)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        links = parse_feed(response.body)
        if not links:
            self.discovery_failed(response, "feed names no item (not RSS or Atom?)")
        yield from self.follow_articles(
            link.url for link in links if is_recent(link.published, self.since)
        )

    def parse_listing(self, response: Response, page: int) -> Iterator[scrapy.Request]:
        listing = parse_listing(
            response.body, response.url, self.source.link_selector, self.source.next_selector
        )
        urls = [url for url in listing.article_urls if self.source.is_article(url)]
        if not urls:
            self.discovery_failed(response, "listing shows no article link (markup changed?)")
        dated = {url: parse_date(listing.published.get(url)) for url in urls}
        yield from self.follow_articles(url for url in urls if is_recent(dated[url], self.since))
        fresh = sum(is_news(self.is_seen(url), dated[url], self.since) for url in urls)
        if listing.next_page_url and should_follow_next_page(
            fresh, page, self.source.max_listing_pages
        ):
            yield self._request(
                listing.next_page_url,
                self.parse_listing,
                priority=self.PRIORITY["listing"],
                page=page + 1,
            )

    def parse_article(self, response: Response) -> Iterator[RawPage]:
        yield self._raw_page(response)

    def _raw_page(self, response: Response, error: str | None = None) -> RawPage:
        return RawPage(
            source=self.source.name,
            url=response.url,
            status=response.status,
            body=response.body,
            encoding=response.encoding if isinstance(response, TextResponse) else None,
            fetched=self.fetch_time(),
            headers=[
                (name.decode("latin-1"), value.decode("latin-1"))
                for name, values in response.headers.items()
                for value in values
            ],
            protocol=response.protocol or "HTTP/1.1",
            error=error,
        )

    def fetch_time(self) -> str:
        """Now, as fetch times are stored; KHENTHUONG_NOW fixes it (tests, replays)."""
        return crawl_clock(self.settings).isoformat(timespec="seconds")

    def discovery_failed(self, response: Response, why: str) -> None:
        """A discovery page (sitemap, feed, listing) that named nothing: say so and count it."""
        self.logger.warning("%s: %s: %s", self.source.name, response.url, why)
        self.crawler.stats.inc_value("khenthuong/discovery_failures")

    def follow_articles(self, urls: Iterable[str]) -> Iterator[scrapy.Request]:
        """Requests for the article URLs not yet archived nor already requested in this run."""
        for raw in urls:
            url = request_url(raw)
            if not self.source.is_article(url) or url in self.requested:
                continue
            self.requested.add(url)
            if self.is_archived(url):
                self.count_skipped_archived(url)
                continue
            request = self._request(url, self.parse_article)
            request.meta["article"] = True
            yield request

    def is_archived(self, url: str) -> bool:
        return request_url(url) in self.archived

    def is_seen(self, url: str) -> bool:
        """Archived, or fetched before and failed (a page that never parses is nothing new)."""
        url = request_url(url)
        return url in self.archived or url in self.known_failures

    def count_skipped_archived(self, url: str) -> None:
        """Count an archived URL the crawl did not fetch (scale-out workers count it in Redis)."""
        self.crawler.stats.inc_value("khenthuong/skipped_archived")

    def on_error(self, failure: Failure) -> Iterator[RawPage]:
        """Log a request that failed (HTTP error, timeout, redirect loop...) and count it by kind.

        The crawl goes on. A failed article request also leaves a pages row with the reason
        (and the response, when there was one), except a page refused for its size, which is
        not archived at all: its record is the log line and the run's counts.
        """
        too_large = size_refusal(failure, self.settings.getint("DOWNLOAD_MAXSIZE"))
        if too_large:
            self.logger.error("%s: %s %s", self.source.name, failure.request.url, too_large)
            self.crawler.stats.inc_value("khenthuong/too_large")
            self.crawler.stats.inc_value("khenthuong/http_errors")
            self.crawler.stats.inc_value("khenthuong/http_errors/too large")
            return
        if failure.check(IgnoreRequest) and not failure.check(HttpError, RedirectLoop):
            return  # robots.txt, offsite or already archived: a decision, not an error
        request = failure.request
        kind, reason = failure_reason(failure)
        self.logger.error("%s: %s failed: %s", self.source.name, request.url, reason)
        self.crawler.stats.inc_value("khenthuong/http_errors")
        self.crawler.stats.inc_value(f"khenthuong/http_errors/{kind}")
        if not request.meta.get("article"):
            return
        response = getattr(failure.value, "response", None)
        if response is not None:
            yield self._raw_page(response, error=reason)
        else:
            yield RawPage(
                source=self.source.name,
                url=request.url,
                status=0,
                body=b"",
                encoding=None,
                fetched=self.fetch_time(),
                error=reason,
            )

    def _request(
        self, url: str, callback: Any, priority: int = 0, **cb_kwargs: Any
    ) -> scrapy.Request:
        return scrapy.Request(
            url, callback=callback, errback=self.on_error, priority=priority, cb_kwargs=cb_kwargs
        )

    def _load_archived(self) -> set[str]:
        """Archived article URLs: never requested again (except planned revisits)."""
        return self._archive_urls(Archive.archived_urls)

    def _load_known_failures(self) -> set[str]:
        """URLs fetched before that never produced an article (still fetched again)."""
        return self._archive_urls(Archive.failed_urls)

    def _archive_urls(self, query: Callable[[Archive, str], set[str]]) -> set[str]:
        """The source's URLs that `query` finds in the archive, as requested; none without one."""
        db_path = self.settings.get("KHENTHUONG_DB")
        if not db_path:
            return set()
        archive = Archive.open(db_path)
        try:
            return {request_url(url) for url in query(archive, self.source.name)}
        finally:
            archive.close()

    def _due_revisits(self) -> list[str]:
        """URLs of the archived articles due a planned revisit now (KHENTHUONG_REVISIT_DAYS)."""
        db_path = self.settings.get("KHENTHUONG_DB")
        days = [float(day) for day in self.settings.getlist("KHENTHUONG_REVISIT_DAYS")]
        if not db_path or not days:
            return []
        archive = Archive.open(db_path)
        try:
            due = archive.due_revisits(self.source.name, crawl_clock(self.settings), days)
        finally:
            archive.close()
        return [fetch_url for _, fetch_url in due]


def crawl_clock(settings: Settings) -> datetime:
    """The crawl's idea of now: KHENTHUONG_NOW (ISO 8601) when set, else the real time (UTC)."""
    fixed = settings.get("KHENTHUONG_NOW")
    if not fixed:
        return datetime.now(UTC)
    moment = datetime.fromisoformat(fixed)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def failure_reason(failure: Failure) -> tuple[str, str]:
    """(kind, reason) of a failed request: kind keys the run's error counts ("404", "timeout")."""
    error = failure.value
    response = getattr(error, "response", None)
    if failure.check(HttpError) and response is not None:
        retry_after = response.headers.get("Retry-After")
        wait = f" (Retry-After: {retry_after.decode('latin-1')})" if retry_after else ""
        return str(response.status), f"HTTP {response.status}{wait}"
    if failure.check(RedirectLoop):
        return "redirect loop", str(error)
    for kind, exceptions, reason in _FAILURE_KINDS:
        if failure.check(*exceptions):
            return kind, f"{reason}: {error}" if str(error) else reason
    return type(error).__name__, f"{type(error).__name__}: {error}"


_FAILURE_KINDS = (
    ("timeout", (DownloadTimeoutError, TimeoutError), "no response in time"),
    ("data loss", (ResponseDataLossError,), "response cut short"),
    ("dns", (CannotResolveHostError,), "host name not found"),
    ("connection", (DownloadConnectionRefusedError, ConnectionError), "connection refused"),
    ("download", (DownloadFailedError,), "download failed"),
)
