"""Downloader middleware: never download an archived article reached through a redirect."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.exceptions import IgnoreRequest

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


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
            spider.count_skipped_archived()
            raise IgnoreRequest(f"already archived: {request.url}")
