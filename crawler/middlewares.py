"""Downloader middlewares: robots.txt for every first request, and no archived redirect target."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.robotstxt import RobotParser


class SharedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's RobotsTxtMiddleware, with every request waiting for robots.txt getting its rules.

    In Scrapy 2.19 the requests that arrive while a host's robots.txt is being fetched all await
    one shared Deferred; the first awaiter consumes its result and the others receive None, which
    means "no robots.txt", so they go out unchecked (the start requests, typically). Each waiter
    here gets its own Deferred, as before scrapy/scrapy#6802.
    """

    async def robot_parser(self, request: Request) -> RobotParser | None:
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if not isinstance(pending, Deferred):
            return await super().robot_parser(request)
        waiter: Deferred[RobotParser | None] = Deferred()

        def hand_on(parser: RobotParser | None) -> RobotParser | None:
            waiter.callback(parser)
            return parser  # leave the result in place for the next waiter

        pending.addCallback(hand_on)
        return await maybe_deferred_to_future(waiter)


class SkipArchivedRedirectMiddleware:
    """Drop a redirected article request whose target URL is already in the archive.

    The spider skips archived URLs before requesting them; a paper that moved (old Báo Quảng Nam
    URLs answering with a redirect to baodanang.vn) only reveals the archived target after the
    first hop, so the check is repeated here for redirected requests.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SkipArchivedRedirectMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        spider = self.crawler.spider
        if not request.meta.get("redirect_urls") or not request.meta.get("article"):
            return
        if spider.is_archived(request.url):
            spider.count_skipped_archived(request.url)
            raise IgnoreRequest(f"already archived: {request.url}")
