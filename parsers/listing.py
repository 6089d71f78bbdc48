"""Read a category page: the article links it lists, in order, and its next page."""

from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

from lxml.html import HtmlElement

from parsers import xpaths
from parsers.article import Page, drop, element_text, select
from parsers.dates import parse_date


@dataclass
class Listing:
    """Article URLs of one listing page, newest first as printed, and the next page.

    `published` gives, for the article URLs whose listing item prints one, the publication date
    or time (ISO 8601, Vietnam time): it lets a crawl stop paging once items are older than its
    window.
    """

    article_urls: list[str]
    next_page_url: str | None
    published: dict[str, str] = field(default_factory=dict)


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
    links = article_links(page, link_selector)
    return Listing(
        article_urls=list(dict.fromkeys(href for href, _ in links)),
        next_page_url=extract_next_page(page, next_selector),
        published=extract_item_dates(links),
    )


def extract_article_urls(page: Page, link_selector: str | None = None) -> list[str]:
    """Article links in page order: site selector, known listing markup, then all links."""
    return list(dict.fromkeys(href for href, _ in article_links(page, link_selector)))


def article_links(page: Page, link_selector: str | None = None) -> list[tuple[str, HtmlElement]]:
    """Each link to an article with its element, in page order (a URL may appear twice)."""
    root = page.root
    links = list(select(root, (link_selector,))) if link_selector else []
    if not links:
        links = list(select(root, xpaths.LISTING_LINKS))
    if not links:
        drop(root, select(root, xpaths.LISTING_DROP))  # Page.from_html parsed a fresh tree
        links = root.iter("a")
    host = urlsplit(page.url).hostname
    found = []
    for link in links:
        href = page.absolute(link.get("href"))
        if href is None:
            continue
        href = urldefrag(href).url  # "#binh-luan" points into the same article
        parts = urlsplit(href)
        if parts.hostname == host and xpaths.ARTICLE_URL.search(parts.path):
            found.append((href, link))
    return found


def extract_item_dates(links: list[tuple[str, HtmlElement]]) -> dict[str, str]:
    """The date each article's listing item prints, where it prints one.

    An item is the largest ancestor of the link that links to no other article; its date comes
    from a <time datetime>, then an element whose class says it holds the time or date. Never
    from the item's free text: a title or lead names other days ("hoàn thành trước 30-6-2026"),
    and a wrong old date would stop a crawl before the news.
    """
    urls_by_node: dict[HtmlElement, set[str]] = {}
    for href, link in links:
        for node in link.iterancestors():
            urls_by_node.setdefault(node, set()).add(href)
    dates: dict[str, str] = {}
    for href, link in links:
        if href in dates:
            continue
        item = link
        for node in link.iterancestors():
            if len(urls_by_node[node]) > 1 or node.tag in ("body", "html"):
                break
            item = node
        found = _item_date(item)
        if found:
            dates[href] = found
    return dates


def _item_date(item: HtmlElement) -> str | None:
    for node in select(item, xpaths.LISTING_DATES):
        parsed = parse_date(node.get("datetime") or element_text(node))
        if parsed:
            return parsed.isoformat()
    return None


def extract_next_page(page: Page, next_selector: str | None = None) -> str | None:
    """Next page: site selector, rel=next and known pager classes, then a ">" pager link."""
    candidates = list(select(page.root, (next_selector,))) if next_selector else []
    candidates += list(select(page.root, xpaths.NEXT_PAGE))
    candidates += [
        link for link in page.root.iter("a") if element_text(link).lower() in xpaths.NEXT_PAGE_TEXTS
    ]
    candidates += _numbered_pager_next(page)
    for node in candidates:
        href = page.absolute(node.get("href"))
        if href is not None and href != page.url:
            return href
    return None


def _numbered_pager_next(page: Page) -> list[HtmlElement]:
    """In a numbered pager, the link to the number after the current one, shown unlinked.

    "<li><b>1</b></li><li><a href='?p=2'>2</a></li>" (Báo Cần Thơ), "<span class='active'>3</span>
    <a>4</a>": the current page is a number in bold or marked active, next to links to the others.
    """
    found = []
    for node in select(page.root, xpaths.CURRENT_PAGE):
        number = element_text(node)
        if not number.isdigit() or node.tag == "a" or node.find(".//a") is not None:
            continue
        # The pager is the closest ancestor holding links; most of them must be page numbers,
        # or this is a bold number in some text next to article links.
        pager = next((up for up in node.iterancestors() if up.find(".//a") is not None), None)
        if pager is None:
            continue
        texts = [element_text(a) for a in pager.iter("a")]
        if 2 * sum(text.isdigit() for text in texts) < len(texts):
            continue
        wanted = str(int(number) + 1)
        found += [a for a, text in zip(pager.iter("a"), texts, strict=True) if text == wanted][:1]
    return found
