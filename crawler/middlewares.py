"""Downloader middlewares: robots.txt, archived redirect targets, redirect loops, Retry-After."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred
from twisted.internet.task import deferLater
from w3lib.url import safe_url_string

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.robotstxt import RobotParser

logger = logging.getLogger(__name__)

# Request meta: the spider reads robots.txt (for its Sitemap lines), which the robots.txt
# middleware has fetched, or fetches, for its rules; it answers from that one fetch.
READ_ROBOTS = "khenthuong_read_robots"


class SharedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's RobotsTxtMiddleware, with every request waiting for robots.txt getting its rules,
    and robots.txt fetched once a host.

    In Scrapy 2.19 the requests that arrive while a host's robots.txt is being fetched all await
    one shared Deferred; the first awaiter consumes its result and the others receive None, which
    means "no robots.txt", so they go out unchecked (the start requests, typically). Each waiter
    here gets its own Deferred, as before scrapy/scrapy#6802.

    The spider reads robots.txt too, for its Sitemap lines (a request marked READ_ROBOTS): it is
    answered with the response fetched for the rules instead of asking the site a second time.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._robots_responses: dict[str, Response] = {}

    async def process_request(self, request: Request) -> Response | None:
        if request.meta.get(READ_ROBOTS):
            await self.robot_parser(request)  # fetches it, unless it was fetched already
            fetched = self._robots_responses.get(urlparse_cached(request).netloc)
            if fetched is not None:
                return fetched.replace(request=request)
            return None  # the fetch failed (no response at all): the spider's request tries again
        return await super().process_request(request)

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        self._robots_responses[netloc] = response
        await super()._parse_robots(response, netloc, request)

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
        if request.meta.get("revisit"):
            return  # an archived article asked for again on purpose
        if spider.is_archived(request.url):
            spider.count_skipped_archived(request.url)
            raise IgnoreRequest(f"already archived: {request.url}")


class RedirectLoop(IgnoreRequest):
    """A redirect back to a URL already visited on the way: the page can never be reached.

    Carries the redirect response that closed the loop, so it is kept like any other answer.
    """

    def __init__(self, message: str, response: Response) -> None:
        super().__init__(message)
        self.response = response


class RedirectLoopMiddleware:
    """Stop a redirect that leads back to a URL of its own chain, and say so.

    Left alone, Scrapy's duplicate filter silently drops the second visit of a loop, and the
    article would vanish without a record; here the request fails with a RedirectLoop that
    the spider records like any failed fetch. Runs just before RedirectMiddleware.
    """

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get("Location")
        if not (300 <= response.status < 400 and location):
            return response
        target = safe_url_string(urljoin(request.url, location.decode("latin-1")))
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if target in chain:
            hops = " -> ".join([*chain[chain.index(target) :], target])
            raise RedirectLoop(f"redirect loop: {hops}", response)
        return response


class RetryAfterMiddleware:
    """Honour Retry-After on 429 and 503: wait as asked, then let RetryMiddleware retry.

    The wait happens while the request still holds its download slot, so the site gets fewer
    requests meanwhile, not more. A wait longer than RETRY_AFTER_MAX seconds is not waited
    for in this run: the request is not retried and fails with the header in its reason, for
    the next night to try.
    """

    def __init__(self, max_wait: float) -> None:
        self.max_wait = max_wait

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler.settings.getfloat("RETRY_AFTER_MAX", 120.0))

    async def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in (429, 503):
            return response
        wait = retry_after_seconds(response.headers.get("Retry-After"))
        if wait is None:
            return response
        if wait > self.max_wait:
            request.meta["dont_retry"] = True
            return response
        logger.info(
            "%s: HTTP %s, waiting %.0f s as Retry-After asks", request.url, response.status, wait
        )
        # Imported here: importing the reactor at module load would install the default one
        # before Scrapy installs its asyncio reactor.
        from twisted.internet import reactor

        await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
        return response


def retry_after_seconds(value: bytes | None) -> float | None:
    """Seconds a Retry-After header asks to wait (seconds or an HTTP date); None if unreadable."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
