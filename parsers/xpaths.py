"""Extraction heuristics as data: where each field lives on Vietnamese newspaper pages.

Written as CSS selectors because the source registry speaks CSS too; `article.py`
compiles them to XPath once. Each tuple is tried in order and the first match wins,
so put the precise, platform-specific selectors before the generic ones.
"""

import re

# Article container. ONECMS (Báo Quảng Nam, Đà Nẵng, Hà Nội Mới, Nghệ An) first, then the
# other platforms seen in SITES.md, then generic names.
BODY: tuple[str, ...] = (
    ".b-maincontent .entry",
    "article.entry",
    "div.entry",
    "[itemprop=articleBody]",
    "div[data-field=body]",
    ".article__body",
    "div.content-fck",
    "#newscontents",
    "div.body-content",
    ".detail-content",
    ".article-content",
    ".detail__content",
    ".post-content",
    "#content",
)

# Never body text, wherever they sit: menus, related-link boxes, share widgets, ads, forms.
DROP: tuple[str, ...] = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "form",
    "button",
    "nav",
    "aside",
    "header",
    "footer",
    "ins",
    ".sc-empty-layer",
    ".sc-longform-header",
    ".box-related",
    ".related",
    ".related-news",
    ".tin-lien-quan",
    ".c-share",
    ".social-share",
    ".sharelike",
    ".fb-like",
    ".sda_middle",
    ".rennab",
    "[class*=AMN_]",
    "[class*=advert]",
    "[class*=banner]",
    "[id*=banner]",
    ".ads",
    ".c-tags",
    ".article__tags",
    ".block_tag",
)

TITLE: tuple[str, ...] = (
    "h1.sc-longform-header-title",
    ".sc-longform-header-title",
    "h1.article__title",
    "h1.c-detail-head__title",
    "article h1",
    "h1.title",
    "h1",
)

SAPO: tuple[str, ...] = (
    ".sc-longform-header-text .block-sc-sapo",
    "p.block-sc-sapo",
    ".sc-longform-header-sapo",
    ".article__sapo",
    ".c-detail-head__sapo",
    "div.chapeau",
    "p.sapo",
    "h2.sapo",
    ".sapo",
    ".detail-sapo",
)

AUTHOR: tuple[str, ...] = (
    ".sc-longform-header-meta .block-sc-author",
    ".block-sc-author",
    ".c-detail-head__author",
    ".article__author",
    "[rel=author]",
    ".author-name",
    ".author",
    ".tac-gia",
)

# Visible bylines that carry the publication date and time.
PUBLISHED: tuple[str, ...] = (
    ".sc-longform-header-meta .block-sc-publish-time",
    ".block-sc-publish-time",
    ".c-detail-head__time",
    ".article__meta time",
    "span.pubdate",
    ".pubdate",
    ".publish-date",
    ".post-date",
    ".detail-time",
    ".sc-longform-header-meta",
    "time",
    ".date",
    ".time",
)

TAGS: tuple[str, ...] = (
    ".c-tags a",
    ".article__tags a",
    ".block_tag a.tag_item",
    "a.tag_item",
    ".box-tag a",
    ".tags a",
    ".tag-list a",
    "a[rel=tag]",
)

CATEGORY: tuple[str, ...] = (
    ".c-breadcrumb a",
    ".breadcrumbs a",
    ".breadcrumb a",
)

# Meta tags, best first, as (attribute, value) pairs.
META_PUBLISHED: tuple[tuple[str, str], ...] = (
    ("property", "article:published_time"),
    ("itemprop", "datePublished"),
    ("name", "article:published_time"),
    ("property", "og:article:published_time"),
    ("name", "pubdate"),
    ("name", "publishdate"),
    ("name", "dc.date.issued"),
)
META_AUTHOR: tuple[tuple[str, str], ...] = (("name", "author"), ("property", "article:author"))
META_TAGS: tuple[tuple[str, str], ...] = (
    ("property", "article:tag"),
    ("name", "news_keywords"),
    ("name", "keywords"),
)
META_SECTION: tuple[tuple[str, str], ...] = (("property", "article:section"),)
META_DESCRIPTION: tuple[tuple[str, str], ...] = (
    ("name", "description"),
    ("property", "og:description"),
)

# JSON-LD types that describe the article itself (not the site or the breadcrumb).
ARTICLE_TYPES: frozenset[str] = frozenset(
    {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting"}
)

# Breadcrumb entries that are not a category.
NOT_A_CATEGORY: frozenset[str] = frozenset({"trang chủ", "home", "trang chu"})

# Caption elements around images.
CAPTION: tuple[str, ...] = (
    "figcaption",
    ".PhotoCMS_Caption",
    ".image-caption",
    ".image_desc",
    ".caption",
)

# "(QNO) - ", "(CTO) - ", "(Baonghean.vn) - ", "(Báo Quảng Ngãi)- ": the paper's name
# before the lead. Short and free of digits, so "(Ảnh: 2024) - ..." is not taken for one.
SAPO_PREFIX = re.compile(r"^\(\s*[^()\d]{2,40}?\s*\)\s*[-–—]\s*")

# Credit lines printed at the end of the body: "Tin, ảnh: P.Y", "Bài và ảnh: MINH THÔNG".
CREDIT_LINE = re.compile(
    r"^(?:tin|bài|ảnh|video|clip|nhóm pv)"
    r"(?:\s*(?:,|và|/|&|-)\s*(?:tin|bài|ảnh|video|clip))?\s*:\s*(?P<name>.{1,60})$",
    re.IGNORECASE,
)

# A trailing byline is a short name, every word capitalised: "Anh Dũng", "MINH THÔNG",
# "P.Y", "N.Đ - T.H"; names may be joined by these separators.
BYLINE_MAX_WORDS = 6
BYLINE_SEPARATORS = re.compile(r"\s*[-–,&]\s*|\s+")
# The paper's own name is not a person: "Báo Lào Cai điện tử" in meta author.
PAPER_NAME = re.compile(r"^(?:báo|tạp chí|đài)\s", re.IGNORECASE)

# Block elements the body walker treats as one paragraph each when they hold only inline
# content; containers holding other blocks are walked into.
BLOCK_TAGS: frozenset[str] = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "blockquote",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "table",
        "tbody",
        "thead",
        "tr",
        "td",
        "th",
        "figure",
        "center",
        "pre",
    }
)

# Listing pages: links to articles, and the "next page" link.
LISTING_LINKS: tuple[str, ...] = (
    "h3.b-grid__title a",
    ".b-grid__title a",
    ".story__title a",
    ".article__title a",
)
# Regions of a listing page that hold other articles than the listed ones.
LISTING_DROP: tuple[str, ...] = (
    "header",
    "nav",
    "footer",
    "aside",
    ".c-sidebar",
    ".c-menu",
    ".c-header",
    ".c-footer",
    ".sidebar",
    ".mega-menu",
    "script",
    "style",
)
# Where a listing item prints its date, most explicit first.
LISTING_DATES: tuple[str, ...] = (
    "time[datetime]",
    "time",
    ".time, .date, .pubdate, .publish-time",
    "[class*=__time], [class*=__date], [class*=-time], [class*=-date], [class*=publish]",
)
NEXT_PAGE: tuple[str, ...] = (
    "a.c-pagination__next",
    "link[rel=next]",
    "a[rel=next]",
    ".pagination a.next",
    "a.next",
)
# The current page's number in a numbered pager: unlinked, in bold or marked active.
CURRENT_PAGE: tuple[str, ...] = (
    "b, strong",
    ".active, .current, .is-active, [aria-current=page]",
)
# Pager link texts that mean "next page" ("»" means last page, so it is not here).
NEXT_PAGE_TEXTS: frozenset[str] = frozenset({">", "›", "trang sau", "sau", "tiếp", "next"})

# An article URL ends in its id: "-3100001.html", "-a196670.html", "-post404649.html",
# "/155265.htm" (five digits or more, so "-2024.html" is not one); category, tag and video
# pages carry none.
ARTICLE_URL = re.compile(r"(?:-|/)(?:a|post|p)?\d{5,}\.html?$")
