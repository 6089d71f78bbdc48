"""Generated articles and pages for the benchmarks: the demo paper's articles, varied.

Every article starts from one of the demo's own (demo/articles, our text), with its paragraphs
rotated, another article's paragraph added and its small numbers redrawn, so the award
parsers see different facts on every page. Pages are rendered in three markups: the demo's
ONECMS, a news-portal layout with a heavy menu (real papers' pages weigh 150 KB, mostly
navigation) and one with only meta tags and a table-based caption, so the parser's
cascades are all exercised.
"""

import json
import random
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from html import escape

from demo import build_site
from demo.build_site import Article

TEMPLATES = ("onecms", "portal", "classic")
FIRST_ID = 4_000_000  # beyond the demo's 31000xx ids
# A small number standing alone: not part of a date (6.1, 18/07) or a longer figure.
_SMALL_NUMBER = re.compile(r"(?<![\d./,])\d{1,3}(?![\d./,]\d)")
# What a portal's header menu and footer weigh on a real paper, in links.
_MENU_LINKS = 400


def base_articles() -> list[Article]:
    return build_site.load_articles()


def varied_articles(count: int, seed: int = 6, start: int = 0) -> Iterator[Article]:
    """`count` new articles, oldest first, numbered from FIRST_ID + start; the same every run."""
    bases = base_articles()
    newest = max(a.published for a in bases)
    for n in range(start, start + count):
        rng = random.Random(seed * 1_000_003 + n)
        base = bases[n % len(bases)]
        other = bases[(n * 7 + 3) % len(bases)]
        shift = n % len(base.paragraphs)
        paragraphs = base.paragraphs[shift:] + base.paragraphs[:shift]
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), rng.choice(other.paragraphs))

        def redraw(text: str, rng: random.Random = rng) -> str:
            return _SMALL_NUMBER.sub(lambda m: str(rng.randint(2, 150)), text)

        yield replace(
            base,
            id=str(FIRST_ID + n),
            slug=f"{base.slug[:60]}-b{n}",
            title=redraw(base.title),
            sapo=redraw(base.sapo),
            paragraphs=[redraw(p) for p in paragraphs],
            published=newest + timedelta(hours=3 * n + 1),
            figures=[replace(f, after=min(f.after, len(paragraphs))) for f in base.figures],
            related=None,
        )


def render(article: Article, template: str) -> str:
    """One article page in the named markup (see TEMPLATES)."""
    if template == "onecms":
        return build_site.render_article(article, [], [])
    if template == "portal":
        return _portal(article)
    if template == "classic":
        return _classic(article)
    raise ValueError(f"unknown template {template!r}")


def pages(count: int, seed: int = 6) -> Iterator[tuple[str, bytes]]:
    """`count` (url, html bytes) article pages, the templates taking turns."""
    for n, article in enumerate(varied_articles(count, seed)):
        yield article.url, render(article, TEMPLATES[n % len(TEMPLATES)]).encode("utf-8")


def _menu() -> str:
    links = "\n".join(
        f'<li class="menu-item"><a href="/chuyen-muc-{n}">Chuyên mục {n}</a></li>'
        for n in range(_MENU_LINKS)
    )
    return f'<nav class="mega-menu"><ul>{links}</ul></nav>'


def _portal(article: Article) -> str:
    published = article.published.isoformat(timespec="seconds")
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title,
            "datePublished": published,
            "author": {"@type": "Person", "name": article.author},
            "publisher": {"@type": "Organization", "name": "Báo Mẫu"},
        },
        ensure_ascii=False,
    ).replace("</", "<\\/")
    body = "\n".join(f"<p>{escape(p)}</p>" for p in article.paragraphs)
    figures = "\n".join(
        f'<figure><img src="/a.jpg" alt=""><figcaption>{escape(f.text)}</figcaption></figure>'
        for f in article.figures
    )
    tags = " ".join(f'<a href="/tag/{n}">{escape(t)}</a>' for n, t in enumerate(article.tags))
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{escape(article.title)} - Báo Mẫu</title>
<link rel="canonical" href="{article.url}">
<meta property="og:title" content="{escape(article.title)}">
<meta property="article:published_time" content="{published}">
<script type="application/ld+json">{ld}</script>
<script>window.dataLayer = window.dataLayer || []; function track() {{ return 1; }}</script>
</head><body>
<header class="site-header">{_menu()}</header>
<div class="breadcrumb"><a href="/">Trang chủ</a> <a href="/{article.category}">
{escape(article.section)}</a></div>
<main><article class="detail">
<h1 class="article__title">{escape(article.title)}</h1>
<div class="article__meta"><span class="author-name">{escape(article.author)}</span>
<time>{article.published:%d/%m/%Y %H:%M}</time></div>
<div class="article__sapo">{escape(article.printed_sapo)}</div>
<div class="article__body" itemprop="articleBody">{body}
{figures}
<div class="box-related"><a href="/khac-4999999.html">Tin khác</a></div></div>
<div class="tags">{tags}</div>
</article></main>
<aside class="sidebar"><ul>{"".join(f"<li>Tin {n}</li>" for n in range(40))}</ul></aside>
<footer>{_menu()}</footer></body></html>"""


def _classic(article: Article) -> str:
    body = "\n".join(f"<p>{escape(p)}</p>" for p in article.paragraphs)
    captions = "\n".join(
        f'<table class="image"><tr><td><img src="/b.jpg"></td></tr>'
        f'<tr><td class="image_desc">{escape(f.text)}</td></tr></table>'
        for f in article.figures
    )
    return f"""<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{escape(article.title)}</title>
<meta property="og:url" content="{article.url}">
<meta name="description" content="{escape(article.printed_sapo)}">
<meta name="keywords" content="{escape(", ".join(article.tags))}">
<meta name="author" content="{escape(article.author)}">
<meta name="pubdate" content="{article.published.isoformat(timespec="seconds")}">
</head><body><div id="wrapper">
<div class="top-menu">{_menu()}</div>
<div id="content">
<h1 class="title">{escape(article.title)}</h1>
<span class="post-date">{article.published:%d/%m/%Y %H:%M}</span>
<h2 class="sapo">{escape(article.printed_sapo)}</h2>
<div id="newscontents">{body}
{captions}</div>
</div></div></body></html>"""
