"""Where the crawler may go: the registry's hosts at public addresses, and bounded downloads.

A hostile or broken site can redirect the crawler (or list a sitemap) anywhere: to another
domain, to the machine's own services on 127.0.0.1, to the private network or to a cloud
metadata address (169.254.169.254). `SafeDestinationMiddleware` refuses every such request
before it is sent, redirects included, because a redirect comes back through the downloader
middlewares as a new request. Tests and the demo serve pages on 127.0.0.1 and say so with
the `KHENTHUONG_ALLOW_LOOPBACK` setting; production settings leave it off.
"""

from __future__ import annotations

import ipaddress
import logging
from typing import TYPE_CHECKING

from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached

from crawler.heuristics import host_in_domains

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)

ALLOWED_SCHEMES = ("http", "https")


class RefusedRequest(IgnoreRequest):
    """A request the crawler will not send: off the registry, or to a non-public address."""


def address_refusal(address: str, *, allow_loopback: bool = False) -> str | None:
    """Why the crawler must not connect to this IP address, or None when it may.

    Only globally routable addresses are allowed; loopback only when `allow_loopback`.
    """
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    if ip.is_loopback:
        return None if allow_loopback else "a loopback address"
    # Checked before is_private, which also covers link-local and unspecified addresses.
    for kind, applies in (
        ("a link-local address", ip.is_link_local),
        ("an unspecified address", ip.is_unspecified),
        ("a multicast address", ip.is_multicast),
        ("a private address", ip.is_private),
        ("a reserved address", ip.is_reserved),
        ("a non-public address", not ip.is_global),
    ):
        if applies:
            return kind
    return None


def url_refusal(scheme: str, host: str | None, domains: tuple[str, ...] | list[str]) -> str | None:
    """Why a URL is off limits before any address is looked up, or None."""
    if scheme not in ALLOWED_SCHEMES:
        return f"scheme {scheme!r} is not http(s)"
    if not host_in_domains(host, domains):
        return f"host {host!r} is not one of the source's domains {list(domains)}"
    return None


def _ip_literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return None


class SafeDestinationMiddleware:
    """Refuse requests off the source's domains or to non-public addresses, resolved first.

    The host name is resolved through the reactor's resolver, which Scrapy caches
    (DNS_RESOLVER), so the address checked is the one the download then connects to.
    Refusals are logged as warnings and counted in the `khenthuong/refused` stat.
    """

    def __init__(self, crawler: Crawler, allow_loopback: bool) -> None:
        self.crawler = crawler
        self.allow_loopback = allow_loopback

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SafeDestinationMiddleware:
        return cls(crawler, crawler.settings.getbool("KHENTHUONG_ALLOW_LOOPBACK"))

    async def process_request(self, request: Request) -> None:
        parts = urlparse_cached(request)
        domains = getattr(self.crawler.spider, "allowed_domains", None) or []
        reason = url_refusal(parts.scheme, parts.hostname, domains)
        if reason is None:
            address = _ip_literal(parts.hostname) or await self._resolve(parts.hostname)
            reason = address_refusal(address, allow_loopback=self.allow_loopback)
            if reason is not None:
                reason = f"{parts.hostname} is {reason} ({address})"
        if reason is not None:
            self.crawler.stats.inc_value("khenthuong/refused")
            redirected = request.meta.get("redirect_urls")
            via = f" (redirected from {redirected[0]})" if redirected else ""
            logger.warning("Refused %s%s: %s", request.url, via, reason)
            raise RefusedRequest(f"refused {request.url}: {reason}")

    async def _resolve(self, host: str) -> str:
        # A lookup failure propagates: the request fails with the DNS error, recorded as such.
        from twisted.internet import reactor

        return await maybe_deferred_to_future(reactor.resolve(host))


def size_refusal(failure: Failure, max_size: int) -> str | None:
    """A clear account of a download refused for its size, or None for any other failure.

    Scrapy cancels a response larger than DOWNLOAD_MAXSIZE (DownloadCancelledError, the only
    cancellation its HTTP handler makes) and ignores one whose body decompresses beyond it
    (IgnoreRequest, with a message naming DOWNLOAD_MAXSIZE).
    """
    value = failure.value
    if isinstance(value, DownloadCancelledError):
        detail = f": {value}" if str(value) else ""
        return f"page larger than DOWNLOAD_MAXSIZE ({max_size} bytes), not archived{detail}"
    if isinstance(value, IgnoreRequest) and "DOWNLOAD_MAXSIZE" in str(value):
        return f"decompression bomb refused, not archived: {value}"
    return None
