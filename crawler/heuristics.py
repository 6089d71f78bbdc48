"""Pure discovery decisions: which URLs are articles, what sitemaps and feeds list, what is new."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urldefrag, urlsplit

from lxml import etree

# Vietnamese papers print and stamp Vietnam time; a date without an offset is read as such.
from parsers.dates import VIETNAM as VIETNAM_TIME
from parsers.xpaths import ARTICLE_URL

# The article URL of a paper whose own shape nobody has seen: the shape the known papers share
# (slug-3202358.html, slug-a196670.html, slug-post404649.html, /thoi-su/slug/12345.htm), the one
# generic listing parsing already relies on.
GENERIC_ARTICLE_PATTERN = ARTICLE_URL.pattern


@dataclass(frozen=True)
class Link:
    """A URL found in a sitemap or feed, with the date it gives (publication, else modification)."""

    url: str
    published: datetime | None = None


@dataclass(frozen=True)
class SitemapDoc:
    """A parsed sitemap: either an index of child sitemaps or a list of page URLs."""

    is_index: bool
    links: list[Link]


def host_in_domains(host: str | None, domains: tuple[str, ...] | list[str]) -> bool:
    """True when `host` is one of `domains` or a subdomain of one (www.baodanang.vn)."""
    if not host:
        return False
    host = host.lower().rstrip(".")
    return any(host == domain or host.endswith("." + domain) for domain in domains)


def request_url(url: str) -> str:
    """The form of a URL used to request it and to deduplicate: stripped, without fragment."""
    return urldefrag(url.strip())[0]


def is_article_url(
    url: str,
    domains: tuple[str, ...] | list[str],
    pattern: re.Pattern[str],
    exclude: re.Pattern[str] | None = None,
) -> bool:
    """Does this URL name an article page of the source?

    The pattern is matched against the path (plus "?query" when there is one), so the same registry
    entry works on the real host and on a local test server.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not host_in_domains(parts.hostname, domains):
        return False
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    if exclude is not None and exclude.search(target):
        return False
    return pattern.search(target) is not None


def parse_date(text: str | None) -> datetime | None:
    """A sitemap or feed date (W3C datetime or RFC 822) as an aware datetime, or None."""
    if not text or not text.strip():
        return None
    text = text.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VIETNAM_TIME)
    return moment


def is_recent(published: datetime | None, since: date | None) -> bool:
    """Keep a link published on or after `since` (Vietnam calendar day); keep undated links."""
    if since is None or published is None:
        return True
    return published.astimezone(VIETNAM_TIME).date() >= since


def _local(tag: object) -> str:
    # Namespaced tags look like "{http://...}loc"; comments and PIs have non-string tags.
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child_text(element: etree._Element, *names: str) -> str | None:
    """Text of the first descendant whose local name is one of `names`, in that preference."""
    found: dict[str, str] = {}
    for child in element.iter():
        name = _local(child.tag)
        if name in names and name not in found and child.text and child.text.strip():
            found[name] = child.text.strip()
    return next((found[name] for name in names if name in found), None)


def _parse_xml(body: bytes) -> etree._Element | None:
    # recover=True survives the odd stray ampersand; entities are never resolved (XXE).
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError:
        return None


# The sitemap protocol's own limit on an uncompressed sitemap; a .xml.gz inflating past it is
# not a sitemap (or is a decompression bomb) and is read as empty.
MAX_SITEMAP_BYTES = 50 * 1024 * 1024


def gunzip_sitemap(body: bytes, limit: int = MAX_SITEMAP_BYTES) -> bytes | None:
    """The XML of a gzipped sitemap file (sitemap.xml.gz), the body itself when not gzipped.

    None when it inflates beyond `limit` or is not valid gzip. A server that sends the gzip
    with Content-Encoding is already undone by Scrapy; this is for the file served as is.
    """
    if body[:2] != b"\x1f\x8b":
        return body
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        xml = inflater.decompress(body, limit)
    except zlib.error:
        return None
    return None if inflater.unconsumed_tail else xml


def parse_sitemap(body: bytes) -> SitemapDoc:
    """URLs of a sitemap or sitemap index (gzipped or not); news:publication_date over lastmod."""
    xml = gunzip_sitemap(body)
    if xml is None:
        return SitemapDoc(is_index=False, links=[])
    root = _parse_xml(xml)
    if root is None:
        return SitemapDoc(is_index=False, links=[])
    is_index = _local(root.tag) == "sitemapindex"
    entry_tag = "sitemap" if is_index else "url"
    links = []
    for entry in root:
        if _local(entry.tag) != entry_tag:
            continue
        loc = _child_text(entry, "loc")
        if loc:
            published = parse_date(_child_text(entry, "publication_date", "lastmod"))
            links.append(Link(url=loc, published=published))
    return SitemapDoc(is_index=is_index, links=links)


def parse_feed(body: bytes) -> list[Link]:
    """Item links of an RSS 2.0 or Atom feed, with their publication dates."""
    root = _parse_xml(body)
    if root is None:
        return []
    links = []
    for entry in root.iter():
        name = _local(entry.tag)
        if name == "item":  # RSS
            url = _child_text(entry, "link")
            published = parse_date(_child_text(entry, "pubDate", "date"))
        elif name == "entry":  # Atom: <link href=...>, preferring rel="alternate" (the default)
            hrefs = [
                link.get("href")
                for link in entry
                if _local(link.tag) == "link" and link.get("rel", "alternate") == "alternate"
            ]
            url = next((href for href in hrefs if href), None)
            published = parse_date(_child_text(entry, "published", "updated"))
        else:
            continue
        if url:
            links.append(Link(url=url.strip(), published=published))
    return links


def robots_sitemaps(text: str) -> list[str]:
    """The sitemap URLs robots.txt announces ("Sitemap: https://..."), in order, each once."""
    found: dict[str, None] = {}
    for line in text.splitlines():
        field, colon, value = line.split("#", 1)[0].partition(":")
        value = value.strip()
        if (
            colon
            and field.strip().lower() == "sitemap"
            and value.startswith(("http://", "https://"))
        ):
            found.setdefault(value, None)
    return list(found)


def is_news(seen: bool, published: datetime | None, since: date | None) -> bool:
    """A link that is news: not seen (archived, or a known failure), not before the window."""
    return not seen and is_recent(published, since)


def should_follow_next_page(fresh_articles: int, page: int, max_pages: int) -> bool:
    """Paginate a listing only while it still brings news (`is_news`), up to a depth limit.

    Listings are newest first, so a page made only of articles seen before (archived, or fetched
    and recorded failed), or older than the crawl window, means the pages after it hold nothing
    new either.
    """
    return fresh_articles > 0 and page < max_pages
