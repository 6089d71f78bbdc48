"""Read a category page: the article links it lists, in order, and its next page."""

from dataclasses import dataclass
from urllib.parse import urldefrag, urlsplit

from parsers import xpaths
from parsers.article import Page, drop, element_text, select


@dataclass
class Listing:
    """Article URLs of one listing page, newest first as printed, and the next page."""

    article_urls: list[str]
    next_page_url: str | None


def parse_listing(
    html: str | bytes,
    url: str,
    link_selector: str | None = None,
    next_selector: str | None = None,
) -> Listing:
    """Parse a listing page fetched from `url`.

    Links come from `link_selector` (the source registry's CSS for this site) or the
    known listing markup; failing both, from every link outside menus and sidebars.
    Either way only same-site links shaped like an article URL are kept, each once.
    """
    page = Page.from_html(html, url)
    return Listing(
        article_urls=extract_article_urls(page, link_selector),
        next_page_url=extract_next_page(page, next_selector),
    )


def extract_article_urls(page: Page, link_selector: str | None = None) -> list[str]:
    """Article links in page order: site selector, known listing markup, then all links."""
    root = page.root
    links = list(select(root, (link_selector,))) if link_selector else []
    if not links:
        links = list(select(root, xpaths.LISTING_LINKS))
    if not links:
        drop(root, select(root, xpaths.LISTING_DROP))  # Page.from_html parsed a fresh tree
        links = root.iter("a")
    host = urlsplit(page.url).hostname
    urls: dict[str, None] = {}
    for link in links:
        href = page.absolute(link.get("href"))
        if href is None:
            continue
        href = urldefrag(href).url  # "#binh-luan" points into the same article
        parts = urlsplit(href)
        if parts.hostname == host and xpaths.ARTICLE_URL.search(parts.path):
            urls.setdefault(href, None)
    return list(urls)


def extract_next_page(page: Page, next_selector: str | None = None) -> str | None:
    """Next page: site selector, rel=next and known pager classes, then a ">" pager link."""
    candidates = list(select(page.root, (next_selector,))) if next_selector else []
    candidates += list(select(page.root, xpaths.NEXT_PAGE))
    candidates += [
        link for link in page.root.iter("a") if element_text(link).lower() in xpaths.NEXT_PAGE_TEXTS
    ]
    for node in candidates:
        href = page.absolute(node.get("href"))
        if href is not None and href != page.url:
            return href
    return None
