"""Render the demo newspaper, its expected.json and gold.jsonl from demo/articles/*.toml.

Run `python -m demo.build_site` to regenerate everything in place, or
`python -m demo.build_site --out DIR` to write DIR/site, DIR/expected.json and DIR/gold.jsonl.
The output depends only on the article files, so it is byte-for-byte reproducible.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import tomllib
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from html import escape, unescape
from pathlib import Path

from parsers.text import fold

DEMO_DIR = Path(__file__).resolve().parent
ARTICLES_DIR = DEMO_DIR / "articles"
VOCABULARY = DEMO_DIR.parent / "parsers" / "data" / "award_vocabulary.json"

ORIGIN = "https://baoquangnam.demo"
SITE_NAME = "Báo Quảng Nam"
VN_TZ = timezone(timedelta(hours=7))
LEAD_PREFIX = "(QNO) - "
MERGER_DAY = date(2025, 7, 1)
PAGE_SIZE = 8
RSS_SIZE = 20
HOME_SIZE = 10

# Category slug -> name shown in the menu, breadcrumb and JSON-LD articleSection.
CATEGORIES = {
    "chinh-tri": "Chính trị",
    "xa-hoi": "Xã hội",
    "kinh-te": "Kinh tế",
    "van-hoa": "Văn hóa",
}
# Header menu links besides the categories; they lead nowhere on the demo, as on a partial mirror.
EXTRA_MENU = {"/toa-soan-ban-doc": "Tòa soạn - Bạn đọc", "/tim-kiem": "Tìm kiếm"}
# The "Đọc nhiều" (most read) sidebar is the same on every page, as on the real site.
MOST_READ_SIZE = 5
SHARE_TEXT = "Chia sẻ bài viết"
FOOTER_NOTICE = "Không sao chép, phát hành lại nội dung khi chưa có sự đồng ý của Báo Quảng Nam."
FOOTER_POWERED = "POWERED BY ONECMS - A PRODUCT OF NEKO"

# The deliberately broken article: header and footer but no h1 and no entry, so a crawler records a
# parse failure. It sits in a listing like any article but in no sitemap or feed.
BROKEN_ID = "3100099"
BROKEN_SLUG = "trang-loi"
BROKEN_TITLE = "Nội dung bài viết đang được cập nhật"
BROKEN_CATEGORY = "xa-hoi"
BROKEN_PUBLISHED = datetime(2024, 5, 14, 9, 0, tzinfo=VN_TZ)

# A 1x1 transparent GIF: the lazy-loading placeholder every <img> points at.
GREY_GIF = bytes.fromhex(
    "47494638396101000100800000ffffff00000021f90401000000002c00000000010001000002024401003b"
)

BYLINE_FORMATS = ("plain", "weekday", "dash")
WEEKDAYS = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]

NUMBER_WORDS = {
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
    "mười": 10, "mười một": 11, "mười hai": 12, "mười ba": 13, "mười bốn": 14, "mười lăm": 15,
    "mười sáu": 16, "mười bảy": 17, "mười tám": 18, "mười chín": 19, "hai mươi": 20,
}  # fmt: skip

# A sentence may end at . ! ? or … (maybe followed by a closing quote) before a space; it really
# ends only when the next piece starts with a capital or a digit. Dates written "5.1" or "18/7"
# have no space after the dot, so they survive.
SENTENCE_END = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][”\"]))\s+")


@dataclass
class Figure:
    """One inline photo of an article: shown after paragraph `after` (1-based)."""

    after: int
    caption: str
    credit: str
    image: str

    @property
    def text(self) -> str:
        return f"{self.caption} Ảnh: {self.credit}"


@dataclass
class Article:
    """One article as kept in demo/articles/<id>.toml."""

    id: str
    slug: str
    category: str
    title: str
    sapo: str
    author: str
    published: datetime
    tags: list[str]
    paragraphs: list[str]
    figures: list[Figure]
    prefix: bool = True
    structured_date: bool = True
    byline: str = "plain"
    related: list[str] | None = None
    gold: dict = field(default_factory=dict)

    @property
    def path(self) -> str:
        return f"{self.slug}-{self.id}.html"

    @property
    def url(self) -> str:
        return f"{ORIGIN}/{self.path}"

    @property
    def printed_sapo(self) -> str:
        return f"{LEAD_PREFIX}{self.sapo}" if self.prefix else self.sapo

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def section(self) -> str:
        return CATEGORIES[self.category]


def load_articles(articles_dir: Path = ARTICLES_DIR) -> list[Article]:
    """Read every article file, oldest first (ids grow with the publication date)."""
    articles = []
    for path in sorted(articles_dir.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if data["id"] != path.stem:
            raise ValueError(f"{path.name}: id {data['id']} does not match the file name")
        published = datetime.fromisoformat(data.pop("published")).replace(tzinfo=VN_TZ)
        figures = []
        for number, figure in enumerate(data.pop("figures", []), start=1):
            # Photos live on the CMS image host under the publication day, as on the real site.
            default = f"https://bqn.1cdn.vn/{published:%Y/%m/%d}/{data['slug'][:40]}-{number}.jpg"
            figures.append(Figure(image=figure.pop("image", default), **figure))
        article = Article(figures=figures, published=published, **data)
        if article.byline not in BYLINE_FORMATS or article.category not in CATEGORIES:
            raise ValueError(f"{path.name}: unknown byline {article.byline!r} or category")
        articles.append(article)
    articles.sort(key=lambda a: (a.published, a.id))
    if [a.id for a in articles] != sorted(a.id for a in articles):
        raise ValueError("article ids must grow with the publication date")
    return articles


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences, well enough for the demo's own text."""
    sentences: list[str] = []
    for piece in SENTENCE_END.split(paragraph):
        first = piece.lstrip('“"(')[:1]
        if sentences and not (first.isupper() or first.isdigit()):
            sentences[-1] += " " + piece
        elif piece:
            sentences.append(piece)
    return sentences


# ---------------------------------------------------------------------------------------------
# HTML


def fmt_byline_time(article: Article) -> str:
    """The visible date under the headline, in the format the article's variant asks for."""
    stamp = article.published
    if article.byline == "weekday":
        return f"{WEEKDAYS[stamp.weekday()]}, {stamp:%d/%m/%Y %H:%M}"
    if article.byline == "dash":
        return f"{stamp:%d/%m/%Y - %H:%M}"
    return f"{stamp:%d/%m/%Y %H:%M}"


def iso_seconds(stamp: datetime) -> str:
    return stamp.isoformat(timespec="seconds")


def iso_minutes(stamp: datetime) -> str:
    return stamp.isoformat(timespec="minutes")


def page(title: str, canonical: str, head_extra: str, main: str, sidebar: str) -> str:
    """Wrap a page's main column in the header, menu, sidebar and footer every page shares."""
    menu = ['<a href="/">Trang chủ</a>']
    menu += [f'<a href="/{slug}">{escape(name)}</a>' for slug, name in CATEGORIES.items()]
    menu += [f'<a href="{href}">{escape(name)}</a>' for href, name in EXTRA_MENU.items()]
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="canonical" href="{canonical}">
{head_extra}
</head>
<body>
<header class="c-header">
<div class="c-header__logo"><a href="/"><img src="/images/grey.gif" alt="{SITE_NAME}"></a></div>
<nav class="c-menu">
{chr(10).join(menu)}
</nav>
</header>
<div class="l-container">
{main}
{sidebar}
</div>
<footer class="c-footer">
<p>{SITE_NAME} - Cơ quan của Đảng bộ tỉnh Quảng Nam. Tổng Biên tập: Nguyễn Văn Demo.</p>
<p>{FOOTER_NOTICE}</p>
<p>{FOOTER_POWERED}</p>
</footer>
</body>
</html>
"""


def breadcrumb(category: str) -> str:
    name = escape(CATEGORIES[category])
    links = f'<a href="/">Trang chủ</a> <a href="/{category}">{name}</a>'
    return f'<div class="c-breadcrumb">{links}</div>'


def render_sidebar(most_read: list[Article]) -> str:
    items = "\n".join(f'<li><a href="/{a.path}">{escape(a.title)}</a></li>' for a in most_read)
    return f"""<aside class="c-sidebar">
<div class="box-most-read"><h3>Đọc nhiều</h3>
<ul>
{items}
</ul>
</div>
</aside>"""


def render_grid_item(path: str, title: str, lead: str, image: str) -> str:
    img = f'<img src="/images/grey.gif" data-src="{image}" alt="{escape(title)}">'
    return f"""<article class="b-grid"><div class="b-grid__img"><a href="/{path}">{img}</a></div>
<div class="b-grid__content"><h3 class="b-grid__title"><a href="/{path}">{escape(title)}</a></h3>
<div class="b-grid__desc">{escape(lead)}</div></div></article>"""


def thumbnail(article: Article) -> str:
    if article.figures:
        return article.figures[0].image
    return f"https://bqn.1cdn.vn/{article.published:%Y/%m/%d}/{article.slug[:40]}-thumb.jpg"


def render_article(article: Article, related: list[Article], sidebar: list[Article]) -> str:
    """An ONECMS article page, with the variations the parser must cope with."""
    head = [
        f'<meta property="og:url" content="{article.url}">',
        f'<meta property="og:title" content="{escape(article.title)}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:image" content="{thumbnail(article)}">',
        f'<meta name="description" content="{escape(article.printed_sapo)}">',
        f'<meta name="keywords" content="{escape(", ".join(article.tags))}">',
    ]
    if article.structured_date:
        head.append(
            f'<meta property="article:published_time" content="{iso_seconds(article.published)}">'
        )
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title,
            "datePublished": iso_seconds(article.published),
            "author": {"@type": "Person", "name": article.author},
            "publisher": {"@type": "Organization", "name": SITE_NAME},
            "articleSection": article.section,
            "keywords": article.tags,
            "mainEntityOfPage": article.url,
        }
        # "</" inside a script would end it early; JSON allows the escaped slash.
        ld_text = json.dumps(ld, ensure_ascii=False).replace("</", "<\\/")
        head.append(f'<script type="application/ld+json">{ld_text}</script>')

    entry: list[str] = []
    related_after = max(1, len(article.paragraphs) // 2)
    for number, paragraph in enumerate(article.paragraphs, start=1):
        entry.append(f"<p>{escape(paragraph)}</p>")
        for figure in article.figures:
            if figure.after == number:
                entry.append(
                    f'<figure class="image"><img src="/images/grey.gif" data-src="{figure.image}"'
                    f' alt="{escape(figure.caption)}">\n'
                    f"<figcaption>{escape(figure.text)}</figcaption></figure>"
                )
        if number == 1:
            entry.append('<div class="sc-empty-layer"></div>')
        if number == related_after and related:
            links = "\n".join(
                f'<li><a href="/{r.path}">{escape(r.title)}</a></li>' for r in related
            )
            entry.append(
                f'<div class="box-related"><h4>Tin liên quan</h4>\n<ul>\n{links}\n</ul></div>'
            )
    tags = " ".join(
        f'<a href="/tags/{tag_slug(tag)}.html">{escape(tag)}</a>' for tag in article.tags
    )
    sapo = f'<p class="block-sc-sapo">{escape(article.printed_sapo)}</p>'
    main = f"""{breadcrumb(article.category)}
<div class="b-maincontent">
<div class="sc-longform-header">
<h1 class="sc-longform-header-title">{escape(article.title)}</h1>
<div class="sc-longform-header-meta"><span class="block-sc-author">{escape(article.author)}</span>
<span class="block-sc-publish-time">{fmt_byline_time(article)}</span></div>
<div class="sc-longform-header-text">{sapo}</div>
</div>
<div class="entry">
{chr(10).join(entry)}
</div>
<div class="c-tags"><span>Từ khóa:</span> {tags}</div>
<div class="c-share">{SHARE_TEXT}</div>
</div>"""
    return page(
        f"{article.title} | {SITE_NAME}",
        article.url,
        "\n".join(head),
        main,
        render_sidebar(sidebar),
    )


def render_broken(sidebar: list[Article]) -> str:
    url = f"{ORIGIN}/{BROKEN_SLUG}-{BROKEN_ID}.html"
    main = f"""{breadcrumb(BROKEN_CATEGORY)}
<div class="b-maincontent">
<div class="c-error">Trang bạn yêu cầu tạm thời không hiển thị được.</div>
</div>"""
    return page(f"{SITE_NAME}", url, "", main, render_sidebar(sidebar))


def tag_slug(tag: str) -> str:
    """ASCII slug of a tag, as the CMS builds /tags/{slug}.html."""
    return re.sub(r"[^a-z0-9]+", "-", fold(tag).lower()).strip("-")


@dataclass
class ListingItem:
    """One entry of a category listing: an article or the broken page."""

    path: str
    title: str
    lead: str
    image: str
    published: datetime


def listing_items(articles: list[Article], category: str) -> list[ListingItem]:
    items = [
        ListingItem(a.path, a.title, a.sapo, thumbnail(a), a.published)
        for a in articles
        if a.category == category
    ]
    if category == BROKEN_CATEGORY:
        items.append(
            ListingItem(
                f"{BROKEN_SLUG}-{BROKEN_ID}.html",
                BROKEN_TITLE,
                "Bài viết đang được biên tập lại.",
                f"https://bqn.1cdn.vn/{BROKEN_PUBLISHED:%Y/%m/%d}/trang-loi.jpg",
                BROKEN_PUBLISHED,
            )
        )
    return sorted(items, key=lambda item: item.published, reverse=True)


def page_href(category: str, number: int) -> str:
    return f"/{category}" if number == 1 else f"/{category}?page={number}"


def render_listing(
    category: str, items: list[ListingItem], number: int, pages: int, sidebar: list[Article]
) -> str:
    grid = "\n".join(render_grid_item(i.path, i.title, i.lead, i.image) for i in items)
    pager = []
    if number > 1:
        previous = page_href(category, number - 1)
        pager.append(f'<a class="c-pagination__prev" href="{previous}">Trang trước</a>')
    for other in range(1, pages + 1):
        if other == number:
            pager.append(f'<span class="c-pagination__item is-active">{other}</span>')
        else:
            pager.append(
                f'<a class="c-pagination__item" href="{page_href(category, other)}">{other}</a>'
            )
    if number < pages:
        pager.append(
            f'<a class="c-pagination__next" href="{page_href(category, number + 1)}">Trang sau</a>'
        )
    name = CATEGORIES[category]
    main = f"""{breadcrumb(category)}
<div class="b-maincontent">
<h1 class="c-cate-title">{escape(name)}</h1>
<div class="c-listing">
{grid}
</div>
<div class="c-pagination">{" ".join(pager)}</div>
</div>"""
    canonical = ORIGIN + page_href(category, number)
    title = f"{name} | {SITE_NAME}" if number == 1 else f"{name} - Trang {number} | {SITE_NAME}"
    return page(title, canonical, "", main, render_sidebar(sidebar))


def render_home(newest: list[Article], sidebar: list[Article]) -> str:
    grid = "\n".join(render_grid_item(a.path, a.title, a.sapo, thumbnail(a)) for a in newest)
    sections = "\n".join(
        f'<li><a href="/{slug}">{escape(name)}</a></li>' for slug, name in CATEGORIES.items()
    )
    main = f"""<div class="b-maincontent">
<h2 class="c-box-title">Tin mới</h2>
<div class="c-listing">
{grid}
</div>
<div class="c-sections"><h2>Chuyên mục</h2><ul>
{sections}
</ul></div>
</div>"""
    head = f'<meta name="description" content="{SITE_NAME} - tin tức Quảng Nam">'
    return page(f"{SITE_NAME} - Tin tức Quảng Nam", f"{ORIGIN}/", head, main,
                render_sidebar(sidebar))  # fmt: skip


def render_robots() -> str:
    return f"User-agent: *\nAllow: /\nDisallow: /tim-kiem\n\nSitemap: {ORIGIN}/sitemap-news.xml\n"


def render_sitemap(articles: list[Article]) -> str:
    urls = []
    for a in sorted(articles, key=lambda a: a.published, reverse=True):
        urls.append(f"""<url>
<loc>{a.url}</loc>
<news:news>
<news:publication><news:name>{SITE_NAME}</news:name><news:language>vi</news:language></news:publication>
<news:publication_date>{iso_seconds(a.published)}</news:publication_date>
<news:title>{escape(a.title)}</news:title>
</news:news>
</url>""")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
        + "\n".join(urls)
        + "\n</urlset>\n"
    )


def render_rss(articles: list[Article]) -> str:
    newest = sorted(articles, key=lambda a: a.published, reverse=True)[:RSS_SIZE]
    items = []
    for a in newest:
        items.append(f"""<item>
<title>{escape(a.title)}</title>
<link>{a.url}</link>
<guid isPermaLink="true">{a.url}</guid>
<description>{escape(a.printed_sapo)}</description>
<category>{escape(a.section)}</category>
<pubDate>{format_datetime(a.published)}</pubDate>
</item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
<title>{SITE_NAME} - Tin mới nhất</title>
<link>{ORIGIN}/</link>
<description>Tin tức mới nhất của {SITE_NAME}</description>
<language>vi</language>
<lastBuildDate>{format_datetime(newest[0].published)}</lastBuildDate>
{chr(10).join(items)}
</channel>
</rss>
"""


# ---------------------------------------------------------------------------------------------
# Relations between articles


def related_of(article: Article, articles: list[Article]) -> list[Article]:
    """Explicit `related` ids, else the two newest older articles of the same category."""
    by_id = {a.id: a for a in articles}
    if article.related is not None:
        return [by_id[i] for i in article.related]
    older = [
        a for a in articles if a.category == article.category and a.published < article.published
    ]
    return sorted(older, key=lambda a: a.published, reverse=True)[:2]


def popularity_ranking(articles: list[Article]) -> list[Article]:
    """The order of the 'Đọc nhiều' box: a checksum of the slug stands in for page views, so the
    ranking is fixed from build to build yet mixes categories and years."""
    return sorted(articles, key=lambda a: zlib.crc32(a.slug.encode("utf-8")))


def sidebar_for(ranking: list[Article], shown: set[str]) -> list[Article]:
    """The most-read box of one page: never the page itself nor an article its main column lists,
    as on the real papers, so main and sidebar links can be told apart."""
    return [a for a in ranking if a.path not in shown][:MOST_READ_SIZE]


# ---------------------------------------------------------------------------------------------
# Expected values and gold annotations


def expected_for(article: Article, related: list[Article], sidebar: list[Article]) -> dict:
    """What a correct extractor returns for the page, in the shape of ../shared expected.json."""
    text = "\n".join([article.title, article.sapo, *article.paragraphs])
    first = split_sentences(article.paragraphs[0])[0]
    middle = split_sentences(article.paragraphs[len(article.paragraphs) // 2])
    last = split_sentences(article.paragraphs[-1])[-1]
    must_contain = list(dict.fromkeys([first, middle[len(middle) // 2], last]))
    menu_item = next(name for name in [*EXTRA_MENU.values(), *CATEGORIES.values()]
                     if name not in text)  # fmt: skip
    # One related headline (inside div.entry, so the parser must drop the box) and one sidebar
    # headline; a page without a related box gets a second sidebar headline instead.
    related_titles = [r.title for r in related if r.title not in text][:1]
    sidebar_titles = [s.title for s in sidebar if s.title not in text]
    headlines = related_titles + sidebar_titles[: 2 - len(related_titles)]
    must_not = [menu_item, *headlines, SHARE_TEXT, FOOTER_NOTICE]
    return {
        "url": article.url,
        "title": article.title,
        "published": iso_minutes(article.published),
        "author": article.author,
        "sapo_prefix": LEAD_PREFIX if article.prefix else None,
        "sapo": article.sapo,
        "tags": article.tags,
        "category": article.section,
        "body_must_contain": must_contain,
        "body_must_not_contain": must_not,
        "image_captions": [f.text for f in article.figures],
        "body_paragraphs": len(article.paragraphs),
    }


def expected_for_listing(
    category: str, items: list[ListingItem], number: int, pages: int, sidebar: list[Article]
) -> dict:
    return {
        "url": ORIGIN + page_href(category, number),
        "article_urls": [f"{ORIGIN}/{i.path}" for i in items],
        "sidebar_article_urls": [a.url for a in sidebar],
        "next_page_url": ORIGIN + page_href(category, number + 1) if number < pages else None,
    }


def resolve_facts(article: Article, vocabulary: set[str]) -> list[dict]:
    """Turn the hand annotations into award facts, with the whole evidence sentence.

    An annotation names its evidence by a fragment; the fragment must sit in exactly one
    sentence of the body, and every count must be written in that sentence, so that a typo in
    the annotations fails the build instead of landing in the gold file.
    """
    sentences = [s for p in article.paragraphs for s in split_sentences(p)]
    facts = []
    for group in article.gold.get("facts", []):
        hits = [s for s in sentences if group["evidence"] in s]
        if len(hits) != 1:
            raise ValueError(
                f"{article.id}: evidence {group['evidence']!r} in {len(hits)} sentences"
            )
        sentence = hits[0]
        for fact in group["awards"]:
            if fact["award"] not in vocabulary:
                raise ValueError(f"{article.id}: {fact['award']!r} is not a canonical award")
            if fact["kind"] not in ("collective", "individual", "unspecified"):
                raise ValueError(f"{article.id}: bad recipient kind {fact['kind']!r}")
            status = fact.get("status", "conferred")
            if status not in ("conferred", "proposed"):
                raise ValueError(f"{article.id}: bad status {status!r}")
            if not count_is_written(fact["count"], sentence, fact.get("recipient")):
                raise ValueError(f"{article.id}: count {fact['count']} not in {sentence!r}")
            for name in ("conferrer", "recipient"):
                if fact.get(name) and fact[name] not in sentence:
                    raise ValueError(f"{article.id}: {name} {fact[name]!r} not in {sentence!r}")
            facts.append(
                {
                    "award": fact["award"],
                    "recipient_kind": fact["kind"],
                    "count": fact["count"],
                    "status": status,
                    "conferrer": fact.get("conferrer"),
                    "recipient": fact.get("recipient"),
                    "evidence": sentence,
                }
            )
    return facts


def count_is_written(count: int, sentence: str, recipient: str | None) -> bool:
    """True when the sentence states this count: digits, dotted thousands, a word, or one name."""
    if count == 1 and recipient:
        return True
    lowered = sentence.lower()
    digit_forms = {str(count), f"{count:,}".replace(",", "."), f"{count:02d}"}
    if any(re.search(rf"(?<![\d.]){re.escape(form)}(?![\d])", sentence) for form in digit_forms):
        return True
    words = [w for w, n in NUMBER_WORDS.items() if n == count]
    return any(re.search(rf"(?<!\w){w}(?!\w)", lowered) for w in words)


def gold_for(article: Article, vocabulary: set[str]) -> dict:
    gold = article.gold
    relevant = bool(gold.get("relevant"))
    event = gold.get("event")
    if relevant and event is None:
        raise ValueError(f"{article.id}: a relevant article needs an event")
    if event is not None:
        event = {
            "type": event["type"],
            "period": event.get("period"),
            "year": event.get("year"),
            "date": event.get("date"),
            "organizer": event.get("organizer"),
        }
        if event["date"] and date.fromisoformat(event["date"]) > article.published.date():
            raise ValueError(f"{article.id}: the event cannot happen after publication")
    facts = resolve_facts(article, vocabulary)
    if facts and not relevant:
        raise ValueError(f"{article.id}: an article that is not relevant has no facts")
    province = "Quảng Nam" if article.published.date() < MERGER_DAY else "Đà Nẵng"
    return {
        "id": article.id,
        "source": SITE_NAME,
        "province": province,
        "url": article.url,
        "title": article.title,
        "sapo": article.printed_sapo,
        "body": article.body,
        "published": iso_seconds(article.published),
        "relevant": relevant,
        "event": event,
        "awards": facts,
    }


def load_vocabulary(path: Path = VOCABULARY) -> set[str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return set(data["commendation_forms"]) | set(data["emulation_titles"])


# ---------------------------------------------------------------------------------------------
# Build


EXPECTED_NOTES = {
    "general": " ".join(
        [
            "Generated by demo/build_site.py from demo/articles/*.toml.",
            "Keys are paths under demo/site. published is minute precision, Vietnam time.",
            "sapo is the lead without the '(QNO) - ' prefix, which goes to sapo_prefix",
            "(null when the page prints none). category is the section name of the breadcrumb.",
            "image_captions are the whole figcaption texts, photo credit included.",
            "body_paragraphs counts the <p> of div.entry: not figures, the related box",
            "or the empty layer. Listing entries follow the shape of the shared category",
            "expectation; next_page_url is null on the last page.",
        ]
    ),
    "variants": " ".join(
        [
            "Pages without JSON-LD and article:published_time carry the date only in the",
            "visible byline, in one of three formats: '18/07/2023 17:25',",
            "'Thứ bảy, 03/08/2024 10:50', '08/01/2025 - 18:21'.",
        ]
    ),
}


def build(out_dir: Path = DEMO_DIR, articles_dir: Path = ARTICLES_DIR) -> None:
    """Write out_dir/site, out_dir/expected.json and out_dir/gold.jsonl."""
    articles = load_articles(articles_dir)
    vocabulary = load_vocabulary()
    expected = write_site(out_dir / "site", articles)
    (out_dir / "expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    with (out_dir / "gold.jsonl").open("w", encoding="utf-8") as gold:
        for article in articles:
            gold.write(json.dumps(gold_for(article, vocabulary), ensure_ascii=False) + "\n")


def write_site(site: Path, articles: list[Article]) -> dict[str, dict]:
    """Write the site of `articles` (oldest first) into `site`; return what each page holds.

    The benchmarks build bigger papers from generated articles with it.
    """
    ranking = popularity_ranking(articles)
    if site.exists():
        shutil.rmtree(site)
    (site / "images").mkdir(parents=True)
    (site / "rss").mkdir()
    (site / "images" / "grey.gif").write_bytes(GREY_GIF)

    def write(relative: str, text: str) -> None:
        target = site / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    expected: dict[str, dict] = {}
    for article in articles:
        related = related_of(article, articles)
        sidebar = sidebar_for(ranking, {article.path})
        html_text = render_article(article, related, sidebar)
        write(article.path, html_text)
        expected[article.path] = expected_for(article, related, sidebar)
        for item in expected[article.path]["body_must_not_contain"]:
            if item not in unescape(html_text):
                raise ValueError(f"{article.id}: {item!r} must appear outside the body")

    for category in CATEGORIES:
        items = listing_items(articles, category)
        pages = max(1, -(-len(items) // PAGE_SIZE))
        for number in range(1, pages + 1):
            chunk = items[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
            name = f"{category}/index.html" if number == 1 else f"{category}/page-{number}.html"
            sidebar = sidebar_for(ranking, {item.path for item in chunk})
            write(name, render_listing(category, chunk, number, pages, sidebar))
            expected[name] = expected_for_listing(category, chunk, number, pages, sidebar)

    broken_path = f"{BROKEN_SLUG}-{BROKEN_ID}.html"
    write(broken_path, render_broken(sidebar_for(ranking, {broken_path})))
    expected["_broken"] = {
        "path": broken_path,
        "url": f"{ORIGIN}/{broken_path}",
        "listed_in": f"{ORIGIN}/{BROKEN_CATEGORY}",
        "why": "header, menu, sidebar and footer, but no h1 and no div.entry: a parse failure",
    }
    expected["_notes"] = EXPECTED_NOTES

    newest = sorted(articles, key=lambda a: a.published, reverse=True)[:HOME_SIZE]
    write("index.html", render_home(newest, sidebar_for(ranking, {a.path for a in newest})))
    write("robots.txt", render_robots())
    write("sitemap-news.xml", render_sitemap(articles))
    write("rss/home.rss", render_rss(articles))
    return expected


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEMO_DIR, help="directory to write into")
    args = parser.parse_args(argv)
    build(args.out)
    print(f"wrote {args.out / 'site'}, expected.json and gold.jsonl")


if __name__ == "__main__":
    main()
