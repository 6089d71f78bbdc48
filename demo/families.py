"""Render the demo's other markup families, a Báo Cần Thơ and a Báo Lào Cai, from demo/families.

Each family imitates the markup of a real paper's saved pages (../shared/corpus/pages): the
Báo Cần Thơ family has its byline date in `.pubdate`, the lead prefix in bold inside the body,
a date-only JSON-LD NewsArticle, a sitemap index announced by robots.txt, a category feed and
listings paged with `?p=N`; the Báo Lào Cai family has `article:published_time`, a sapo and body
in `article__` blocks with <div> paragraphs, an Organization-only JSON-LD, a news sitemap, an RSS
feed and listings whose items print their time, paged by a rel=next "Xem thêm" link. The
articles are our own text (demo/families/<family>.toml).

    python -m demo.families            # rebuild demo/families/<family>/ in place
    python -m demo.families --out DIR  # write DIR/<family>/site and DIR/<family>/expected.json

The output depends only on the TOML files, so it is byte-for-byte reproducible. Pages name their
origin as demo/server.py's DEMO_ORIGIN, which the server rewrites to the served one.
"""

from __future__ import annotations

import argparse
import json
import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from html import escape
from pathlib import Path

from demo.server import DEMO_ORIGIN as ORIGIN

FAMILIES_DIR = Path(__file__).resolve().parent / "families"
VN_TZ = timezone(timedelta(hours=7))
MOST_READ_SIZE = 4


@dataclass(frozen=True)
class Article:
    id: str
    slug: str
    category: str
    title: str
    sapo: str
    author: str
    published: datetime
    tags: tuple[str, ...]
    paragraphs: tuple[str, ...]
    caption: str | None = None
    credit: str | None = None  # "Tin, ảnh" before the author on the Báo Cần Thơ family


@dataclass(frozen=True)
class Family:
    name: str  # the source registry's name for this demo site
    family: str  # "cantho" or "laocai": which markup
    site_name: str
    lead_prefix: str | None
    page_size: int
    categories: dict[str, str]
    articles: tuple[Article, ...]  # newest first

    def path(self, article: Article) -> str:
        """The article's path without the leading slash, as the real paper shapes it."""
        marker = "a" if self.family == "cantho" else "post"
        return f"{article.slug}-{marker}{article.id}.html"

    def url(self, article: Article) -> str:
        return f"{ORIGIN}/{self.path(article)}"

    def in_category(self, category: str) -> list[Article]:
        return [a for a in self.articles if a.category == category]

    def listing_pages(self, category: str) -> list[list[Article]]:
        items = self.in_category(category)
        size = self.page_size
        return [items[start : start + size] for start in range(0, len(items), size)] or [[]]

    def listing_url(self, category: str, number: int) -> str:
        """Page 1 is the category's own address; later pages add the family's query."""
        if self.family == "cantho":
            return f"{ORIGIN}/{category}/" if number == 1 else f"{ORIGIN}/{category}?p={number}"
        return f"{ORIGIN}/{category}/" if number == 1 else f"{ORIGIN}/{category}/?page={number}"


def load_family(path: Path) -> Family:
    """Read demo/families/<family>.toml."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    articles = [
        Article(
            id=item["id"],
            slug=item["slug"],
            category=item["category"],
            title=item["title"],
            sapo=item["sapo"],
            author=item["author"],
            published=datetime.fromisoformat(item["published"]).replace(tzinfo=VN_TZ),
            tags=tuple(item["tags"]),
            paragraphs=tuple(item["paragraphs"]),
            caption=item.get("caption"),
            credit=item.get("credit"),
        )
        for item in data["article"]
    ]
    return Family(
        name=data["name"],
        family=data["family"],
        site_name=data["site_name"],
        lead_prefix=data.get("lead_prefix"),
        page_size=data["page_size"],
        categories=dict(data["categories"]),
        articles=tuple(sorted(articles, key=lambda a: a.published, reverse=True)),
    )


def load_families(directory: Path = FAMILIES_DIR) -> list[Family]:
    return [load_family(path) for path in sorted(directory.glob("*.toml"))]


def _most_read(family: Family, shown: set[str]) -> list[Article]:
    """A fixed "most read" column of other articles: links a listing parser must leave out."""
    ranked = sorted(family.articles, key=lambda a: (len(a.paragraphs), a.id), reverse=True)
    return [a for a in ranked if family.path(a) not in shown][:MOST_READ_SIZE]


# --- the Báo Cần Thơ family -----------------------------------------------------------------


def _cantho_page(family: Family, title: str, canonical: str, head: str, main: str) -> str:
    menu = " ".join(
        f'<li><a href="{ORIGIN}/{slug}/">{escape(name)}</a></li>'
        for slug, name in family.categories.items()
    )
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>{escape(title)}</title>
<link rel="canonical" href="{canonical}">
{head}
</head><body>
<div id="header"><a class="logo" href="{ORIGIN}/">{escape(family.site_name)}</a>
<ul class="menu">{menu}<li><a href="{ORIGIN}/bao-giay/">Đọc báo giấy Online</a></li></ul></div>
<div id="main">
{main}
</div>
<div id="footer"><p>{escape(family.site_name)} (bản demo) - Cơ quan của Đảng bộ thành phố.</p>
<p>Bản demo của dự án khenthuong, nội dung do dự án viết.</p></div>
</body></html>
"""


def _cantho_sidebar(family: Family, shown: set[str]) -> str:
    links = "".join(
        f'<li><a href="{family.url(a)}">{escape(a.title)}</a></li>'
        for a in _most_read(family, shown)
    )
    return f'<div id="colcate2"><div class="titletd">Đọc nhiều</div><ul>{links}</ul></div>'


def _cantho_article(family: Family, article: Article) -> str:
    url = family.url(article)
    prefix = f"({family.lead_prefix})"
    paragraphs = [
        f'<p style="text-align: justify;"><strong>{prefix}</strong> - {escape(article.sapo)}</p>'
    ]
    for number, text in enumerate(article.paragraphs):
        paragraphs.append(f'<p style="text-align: justify;">{escape(text)}</p>')
        if number == 0:
            paragraphs.append(
                '<div class="AMN_res_demo_mid"><a href="/quang-cao">Quảng cáo</a></div>'
            )
            if article.caption:
                paragraphs.append(
                    f'<p style="text-align: justify;"><img class="zoomimg" src="{ORIGIN}/images/'
                    f'{article.id}.jpg" alt="{escape(article.title)}"></p>'
                    f'<p style="text-align: center;"><em>{escape(article.caption)}</em></p>'
                )
    byline = f"{article.credit}: {article.author}" if article.credit else article.author
    paragraphs.append(f'<p style="text-align: right;"><strong>{escape(byline)}</strong></p>')
    tags = " ".join(
        f'<a class="tag_item" href="{ORIGIN}/tim-kiem/{escape(tag)}">{escape(tag)}</a>'
        for tag in article.tags
    )
    ld = {
        "@context": "https://schema.org/",
        "@type": "NewsArticle",
        "name": article.title,
        "datePublished": article.published.date().isoformat(),
        "description": f"{prefix} - {article.sapo}",
        "publisher": {"@type": "Organization", "name": family.site_name},
    }
    head = f"""<meta property="og:type" content="article">
<meta property="og:url" content="{url}">
<meta property="og:title" content="{escape(article.title)}">
<meta property="og:description" content="{escape(prefix)} - {escape(article.sapo)}">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>"""
    category = family.categories[article.category]
    main = f"""<div id="colcate1">
<div class="titlecate"><h1><a href="{ORIGIN}/{article.category}/">{escape(category.upper())}</a></h1></div>
<div class="sharemxh"><span class="pubdate">{article.published:%d/%m/%Y - %H:%M}</span>
<div class="fright"><a class="ashare btn-facebook" href="https://www.facebook.com/sharer/sharer.php">Chia sẻ</a></div></div>
<h1 class="margintopbot10 fw700">{escape(article.title)}</h1>
<div id="newscontents"><div class="content-fck">
{chr(10).join(paragraphs)}
</div></div>
<div class="block_tag marginbottom10"><div class="txt_tag">Từ khóa</div> {tags}</div>
<div id="comment"><b>BÌNH LUẬN</b><textarea>Ý kiến của bạn</textarea></div>
</div>
{_cantho_sidebar(family, {family.path(article)})}"""
    return _cantho_page(family, f"{article.title} - {family.site_name}", url, head, main)


def _cantho_listing(family: Family, category: str, number: int) -> str:
    pages = family.listing_pages(category)
    items = pages[number - 1]
    lead, rest = (items[0], items[1:]) if items else (None, [])
    lead_html = (
        f'<h2 class="h2cate"><a href="{family.url(lead)}">{escape(lead.title)}</a></h2>'
        f'<p class="desc">{escape(lead.sapo)}</p>'
        if lead
        else ""
    )
    latest = "".join(
        f'<li class="news-img-left"><a class="b-title" href="{family.url(a)}"><h3>{escape(a.title)}'
        f'</h3></a><p class="b-content desc">({family.lead_prefix}) - {escape(a.sapo)}</p></li>'
        for a in rest
    )
    pager = "".join(
        f"<li><b>{other}</b></li>"
        if other == number
        else f'<li><a href="{family.listing_url(category, other)}">{other}</a></li>'
        for other in range(1, len(pages) + 1)
    )
    name = family.categories[category]
    main = f"""<div id="colcate1">
<div class="titlecate"><h1><a href="{ORIGIN}/{category}/">{escape(name.upper())}</a></h1>
<a href="{ORIGIN}/rss/{category}.rss">RSS</a></div>
<div id="topcate">{lead_html}
<div class="boxtinmoi"><ul class="list-news-img-style-1">{latest}</ul></div></div>
<div id="page"><ul>{pager}</ul></div>
</div>
{_cantho_sidebar(family, {family.path(a) for a in items})}"""
    title = f"{name} - {family.site_name}"
    return _cantho_page(family, title, family.listing_url(category, number), "", main)


def _cantho_discovery(family: Family) -> dict[str, str]:
    """robots.txt announcing a sitemap index of monthly sitemaps, and a feed per category."""
    months: dict[str, list[Article]] = {}
    for article in family.articles:
        months.setdefault(f"{article.published:%Y-%m}", []).append(article)
    files = {
        "robots.txt": f"User-agent: *\nDisallow: /tim-kiem/\n\nSitemap: {ORIGIN}/sitemap.xml\n"
    }
    children = []
    for month, articles in sorted(months.items(), reverse=True):
        newest = max(a.published for a in articles)
        children.append(
            f"<sitemap><loc>{ORIGIN}/sitemaps/{month}.xml</loc>"
            f"<lastmod>{newest.isoformat(timespec='seconds')}</lastmod></sitemap>"
        )
        urls = "".join(
            f"<url><loc>{family.url(a)}</loc>"
            f"<lastmod>{a.published.isoformat(timespec='seconds')}</lastmod></url>"
            for a in articles
        )
        files[f"sitemaps/{month}.xml"] = _xml(
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        )
    files["sitemap.xml"] = _xml(
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(children)
        + "</sitemapindex>"
    )
    for category in family.categories:
        files[f"rss/{category}.rss"] = _rss(family, family.in_category(category))
    return files


# --- the Báo Lào Cai family -----------------------------------------------------------------


def _story(family: Family, article: Article, with_time: bool) -> str:
    time = (
        f'<time class="time" datetime="{_laocai_time(article)}">{article.published:%d/%m/%Y %H:%M}'
        "</time>"
        if with_time
        else ""
    )
    return f"""<article class="story"><figure class="story__thumb"><a class="cms-link" href="{family.url(article)}"><img class="lazyload" src="{ORIGIN}/images/{article.id}.jpg" alt=""></a></figure>
<h2 class="story__heading"><a class="cms-link" href="{family.url(article)}">{escape(article.title)}</a></h2>{time}</article>"""


def _laocai_time(article: Article) -> str:
    return article.published.strftime("%Y-%m-%dT%H:%M:%S%z")  # "2025-06-17T13:43:02+0700"


def _laocai_page(
    family: Family, title: str, canonical: str, head: str, main: str, shown: set[str]
) -> str:
    menu = " ".join(
        f'<a href="{ORIGIN}/{slug}/">{escape(name)}</a>' for slug, name in family.categories.items()
    )
    most_read = "".join(
        f'<li><a href="{family.url(a)}">{escape(a.title)}</a></li>'
        for a in _most_read(family, shown)
    )
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>{escape(title)}</title>
<link rel="canonical" href="{canonical}">
{head}
<script type="application/ld+json">{json.dumps({"@context": "http://schema.org", "@type": "Organization", "name": family.site_name + " điện tử (bản demo)", "url": ORIGIN}, ensure_ascii=False)}</script>
</head><body>
<header class="header"><a class="logo" href="{ORIGIN}/">{escape(family.site_name)}</a><nav class="menu">{menu}</nav></header>
<div class="main"><div class="main-col content-col">
{main}
</div>
<aside class="sidebar"><div class="box-most-read"><h3 class="box-heading">Đọc nhiều</h3><ul>{most_read}</ul></div></aside></div>
<footer class="footer"><p>{escape(family.site_name)} (bản demo) - Cơ quan của Đảng bộ tỉnh.</p></footer>
</body></html>
"""


def _laocai_article(family: Family, article: Article) -> str:
    url = family.url(article)
    blocks = []
    for number, text in enumerate(article.paragraphs):
        blocks.append(f"<div>{escape(text)}</div>")
        if number == 0:
            blocks.append('<div class="sda_middle"><div class="rennab fyi"></div></div>')
            if article.caption:
                blocks.append(
                    f'<figure class="image"><img src="{ORIGIN}/images/{article.id}.jpg" alt="">'
                    f"<figcaption>{escape(article.caption)}</figcaption></figure>"
                )
    blocks.append(f'<div class="t1"><span class="t2">{escape(article.author)}</span></div>')
    tags = " ".join(
        f'<a href="{ORIGIN}/tu-khoa/tag{number}.html">#{escape(tag)}</a>'
        for number, tag in enumerate(article.tags, 1)
    )
    related = "\n".join(
        _story(family, other, with_time=False)
        for other in family.in_category(article.category)
        if other != article
    )
    share = (
        '<div class="row"><div class="social social-share">'
        '<a class="tw" href="javascript:void(0);">Chia sẻ qua Twitter</a> '
        '<a class="print" href="javascript:void(0);">In bài viết</a></div>'
        f'<a class="gg-news" href="https://news.google.com/"><span>Theo dõi {escape(family.site_name)} trên</span></a></div>'
    )
    head = "\n".join(
        [
            f'<meta property="og:url" content="{url}">',
            f'<meta property="og:title" content="{escape(article.title)}">',
            f'<meta property="og:description" content="{escape(article.sapo)}">',
            f'<meta property="article:published_time" content="{_laocai_time(article)}">',
            *(f'<meta property="article:tag" content="{escape(tag)},">' for tag in article.tags),
        ]
    )
    main = f"""<div class="article">
<h1 class="article__title cms-title">{escape(article.title)}</h1>
<div class="article__meta"><div class="row"><time class="time" datetime="{_laocai_time(article)}"><i class="ic-calendar"></i><span>{article.published:%d/%m/%Y %H:%M}</span></time></div>
{share}</div>
<div class="article__sapo cms-desc"><i class="laocai-icon"></i>{escape(article.sapo)}</div>
<div class="article__body zce-content-body cms-body" itemprop="articleBody">
<style>.t2 {{ font-weight: bold; }} .t1 {{ text-align: right; }}</style>
{chr(10).join(blocks)}
</div>
<div class="article__tags"><h3 class="box-heading"><span class="title">Từ khóa:</span></h3><div class="box-content">{tags}</div></div>
<div class="article__meta">{share}</div>
</div>
<div class="box-related"><h3 class="box-heading">Tin cùng chuyên mục</h3>
{related}
</div>"""
    return _laocai_page(family, article.title, url, head, main, {family.path(article)})


def _laocai_listing(family: Family, category: str, number: int) -> str:
    pages = family.listing_pages(category)
    items = pages[number - 1]
    stories = "\n".join(_story(family, article, with_time=True) for article in items)
    more = (
        f'<a class="btn-viewmore" rel="next" href="{family.listing_url(category, number + 1)}">Xem thêm</a>'
        if number < len(pages)
        else ""
    )
    name = family.categories[category]
    main = f"""<h1 class="box-heading">{escape(name)}</h1>
<div class="box-category">
{stories}
</div>
<div class="pagination">{more}</div>"""
    shown = {family.path(a) for a in items}
    title = f"{name} - {family.site_name}"
    return _laocai_page(family, title, family.listing_url(category, number), "", main, shown)


def _laocai_discovery(family: Family) -> dict[str, str]:
    """robots.txt announcing a news sitemap; an RSS feed of the home page."""
    urls = "".join(
        f"<url><loc>{family.url(a)}</loc><news:news><news:publication>"
        f"<news:name>{escape(family.site_name)}</news:name><news:language>vi</news:language>"
        f"</news:publication><news:publication_date>{a.published.isoformat(timespec='seconds')}"
        f"</news:publication_date><news:title>{escape(a.title)}</news:title></news:news></url>"
        for a in family.articles
    )
    return {
        "robots.txt": f"User-agent: *\nDisallow: /tim-kiem\n\nSitemap: {ORIGIN}/sitemap-news.xml\n",
        "sitemap-news.xml": _xml(
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + urls + "</urlset>"
        ),
        "rss/home.rss": _rss(family, list(family.articles)),
    }


# --- shared -----------------------------------------------------------------------------------


def _xml(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _rss(family: Family, articles: list[Article]) -> str:
    items = "".join(
        f"<item><title>{escape(a.title)}</title><link>{family.url(a)}</link>"
        f"<description>{escape(a.sapo)}</description>"
        f"<pubDate>{format_datetime(a.published)}</pubDate></item>"
        for a in articles
    )
    return _xml(
        f'<rss version="2.0"><channel><title>{escape(family.site_name)}</title>'
        f"<link>{ORIGIN}/</link>{items}</channel></rss>"
    )


def _home(family: Family) -> str:
    links = "".join(
        f'<li><a href="{family.url(a)}">{escape(a.title)}</a></li>' for a in family.articles
    )
    main = f'<div class="home"><ul>{links}</ul></div>'
    title = family.site_name
    if family.family == "cantho":
        return _cantho_page(family, title, f"{ORIGIN}/", "", main)
    return _laocai_page(family, title, f"{ORIGIN}/", "", main, set())


def expected_for(family: Family, article: Article) -> dict:
    """What parse_article must give for the page, from the article data alone."""
    return {
        "url": family.url(article),
        "title": article.title,
        "published": article.published.isoformat(timespec="minutes"),
        "author": article.author,
        "sapo_prefix": f"({family.lead_prefix}) - " if family.lead_prefix else None,
        "sapo": article.sapo,
        "tags": list(article.tags),
        "image_captions": [article.caption] if article.caption else [],
        "body": list(article.paragraphs),
    }


def render(family: Family) -> tuple[dict[str, str], dict]:
    """Every file of the family's site by path, and its expected values."""
    article_page = _cantho_article if family.family == "cantho" else _laocai_article
    listing_page = _cantho_listing if family.family == "cantho" else _laocai_listing
    discovery = _cantho_discovery if family.family == "cantho" else _laocai_discovery
    files = {"index.html": _home(family), **discovery(family)}
    expected: dict = {"articles": {}, "listings": {}}
    for article in family.articles:
        files[family.path(article)] = article_page(family, article)
        expected["articles"][family.path(article)] = expected_for(family, article)
    for category in family.categories:
        pages = family.listing_pages(category)
        for number in range(1, len(pages) + 1):
            name = f"{category}/index.html" if number == 1 else f"{category}/page-{number}.html"
            files[name] = listing_page(family, category, number)
            expected["listings"][family.listing_url(category, number)] = {
                "article_urls": [family.url(a) for a in pages[number - 1]],
                "next_page_url": family.listing_url(category, number + 1)
                if number < len(pages)
                else None,
                "published": {
                    family.url(a): a.published.isoformat()
                    for a in pages[number - 1]
                    if family.family == "laocai"
                },
            }
    return files, expected


def build(out_dir: Path = FAMILIES_DIR) -> None:
    """Write <out_dir>/<family>/site/... and <out_dir>/<family>/expected.json for each family."""
    for family in load_families():
        files, expected = render(family)
        root = out_dir / family.family
        site = root / "site"
        if site.exists():
            for old in sorted(site.rglob("*"), reverse=True):
                old.unlink() if old.is_file() else old.rmdir()
        for relative, text in files.items():
            target = site / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        (root / "expected.json").write_text(
            json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )


def site_dir(family: str, directory: Path = FAMILIES_DIR) -> Path:
    """The served root of a family's built site."""
    return directory / family / "site"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=FAMILIES_DIR, help="directory to write into")
    args = parser.parse_args(argv)
    build(args.out)
    print(f"wrote {', '.join(f.family for f in load_families())} under {args.out}")


if __name__ == "__main__":
    main()
