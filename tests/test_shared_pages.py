"""The parsers against the real pages in ../shared/corpus/pages and their expected.json."""

import dataclasses
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from parsers.article import Article, Selectors, parse_article
from parsers.listing import parse_listing

PAGES = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "pages"
ARTICLES = ["baocantho-article-a196670.html", "baolaocai-article-post404649.html"]
LISTING = "baocantho-category-thoi-su.html"
# What the source registry must carry for Báo Cần Thơ's category pages: the main column
# also holds the category heading and RSS links, which the URL shape filter drops, while
# the sidebars (#colcate2, #col3b) and the mega-menu repeat other sections' articles.
BAOCANTHO_LISTING_LINKS = "#topcate a"
# The per-site hints the source registry carries for these papers (crawler/sources.toml):
# the heuristics alone already pass, and the hints must not change the answer.
SITE_SELECTORS = {
    ARTICLES[0]: Selectors(
        title="h1.fw700",
        body="#newscontents div.content-fck",
        published=".pubdate",
        tags="div.block_tag a.tag_item",
        drop=("div[class^='AMN_res']",),
    ),
    ARTICLES[1]: Selectors(
        title="h1.article__title",
        sapo="div.article__sapo",
        body="div.article__body, div[data-field=body]",
        tags="div.article__tags a",
    ),
}


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    if not PAGES.is_dir():
        pytest.skip(f"../shared not present: {PAGES}")
    return json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def articles(expected: dict[str, Any]) -> dict[str, Article]:
    return {
        name: parse_article((PAGES / name).read_bytes(), expected[name]["url"]) for name in ARTICLES
    }


@pytest.mark.parametrize("name", ARTICLES)
@pytest.mark.parametrize(
    "field", ["url", "title", "author", "sapo_prefix", "sapo", "tags", "image_captions"]
)
def test_article_field(
    articles: dict[str, Article], expected: dict[str, Any], name: str, field: str
) -> None:
    assert getattr(articles[name], field) == expected[name][field]


@pytest.mark.parametrize("name", ARTICLES)
def test_article_published_to_the_minute(
    articles: dict[str, Article], expected: dict[str, Any], name: str
) -> None:
    published = datetime.fromisoformat(articles[name].published)
    wanted = datetime.fromisoformat(expected[name]["published"])
    assert published.utcoffset() == wanted.utcoffset()
    assert published.replace(second=0) == wanted


@pytest.mark.parametrize("name", ARTICLES)
def test_article_body(articles: dict[str, Article], expected: dict[str, Any], name: str) -> None:
    body = articles[name].body
    assert len(body) == expected[name]["body_paragraphs"]
    for sentence in expected[name]["body_must_contain"]:
        assert sum(sentence in paragraph for paragraph in body) == 1, sentence
    everything = " ".join([articles[name].title, articles[name].sapo, *body])
    for text in expected[name]["body_must_not_contain"]:
        assert text not in everything, text


@pytest.mark.parametrize("name", ARTICLES)
def test_site_selectors_give_the_same_article(
    articles: dict[str, Article], expected: dict[str, Any], name: str
) -> None:
    html = (PAGES / name).read_bytes()
    with_hints = parse_article(html, expected[name]["url"], SITE_SELECTORS[name])
    plain = dataclasses.asdict(articles[name])
    plain.pop("published_from")  # "selector" instead of "byline" for Can Tho
    assert {
        k: v for k, v in dataclasses.asdict(with_hints).items() if k != "published_from"
    } == plain


def test_baocantho_date_comes_from_the_byline_not_the_date_only_json_ld(
    articles: dict[str, Article],
) -> None:
    assert articles[ARTICLES[0]].published_from == "byline"


@pytest.mark.parametrize(
    ("link_selector", "next_selector"),
    [
        (BAOCANTHO_LISTING_LINKS, None),
        # As crawler/sources.toml writes them: the three boxes, and the link after the <b>1</b>.
        (
            "h2.h2cate a, div.boxtopcate a.b-content, div.boxtinmoi a.b-title",
            "#page li:has(> b) + li > a",
        ),
    ],
)
def test_listing_with_site_selector(
    expected: dict[str, Any], link_selector: str, next_selector: str | None
) -> None:
    wanted = expected[LISTING]
    listing = parse_listing(
        (PAGES / LISTING).read_bytes(), wanted["url"], link_selector, next_selector
    )
    assert listing.article_urls == wanted["article_urls"]
    assert listing.next_page_url == wanted["next_page_url"]
    assert not set(listing.article_urls) & set(wanted["sidebar_article_urls"])


def test_listing_without_selector_still_finds_the_next_page(expected: dict[str, Any]) -> None:
    """Generic link harvesting over-collects here (sidebars), which is why the site needs one."""
    wanted = expected[LISTING]
    listing = parse_listing((PAGES / LISTING).read_bytes(), wanted["url"])
    assert listing.next_page_url == wanted["next_page_url"]
    assert set(wanted["article_urls"]) <= set(listing.article_urls)
