"""The source registry: what it holds, how it rejects a bad entry, and the demo rebasing."""

import dataclasses
import json
from pathlib import Path

import pytest
from lxml import html

from crawler.sources import REGISTRY_PATH, Source, SourceError, get_source, load_sources
from khenthuong.provinces import province_map
from parsers.article import Selectors

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def test_registry_holds_the_papers_the_project_crawls() -> None:
    sources = load_sources()
    assert [source.name for source in sources] == [
        "demo",
        "baodanang",
        "baoquangnam",
        "baocantho",
        "baolaocai",
        "hanoimoi",
        "baonghean",
    ]
    for source in sources:
        assert source.sitemaps or source.feeds or source.listings, source.name
        assert isinstance(source.selectors, Selectors)
        assert source.is_article(source.homepage) is False, source.name


def test_provinces_and_lead_prefixes() -> None:
    assert get_source("baodanang").province == "Đà Nẵng"
    assert dict(get_source("baodanang").prefix_provinces) == {"QNO": "Quảng Nam"}
    assert get_source("baoquangnam").province == "Quảng Nam"
    assert get_source("demo").province == "Quảng Nam"
    assert get_source("baocantho").province == "Cần Thơ"
    assert get_source("baolaocai").province == "Lào Cai"


def test_baodanang_onecms_selectors() -> None:
    source = get_source("baodanang")
    assert source.link_selector == "h3.b-grid__title a"
    assert source.selectors.body == "div.b-maincontent .entry"
    assert source.selectors.drop == ("div.sc-longform-header", "div.sc-empty-layer")
    assert source.start_urls(source.sitemaps) == ["https://baodanang.vn/sitemap-news.xml"]


def test_baoquangnam_may_follow_its_redirect_to_baodanang() -> None:
    source = get_source("baoquangnam")
    assert source.domains == ("baoquangnam.vn", "baodanang.vn")


def test_every_province_is_spelled_as_the_province_map_spells_it() -> None:
    known = set(province_map().old_to_new)
    for source in load_sources():
        assert source.province in known, source.name
        assert set(source.prefix_provinces.values()) <= known, source.name


def test_source_is_frozen() -> None:
    source = get_source("demo")
    with pytest.raises(dataclasses.FrozenInstanceError):
        source.name = "other"  # type: ignore[misc]
    # Plain data all the way down: callers may dataclasses.asdict() a source to show it.
    assert dataclasses.asdict(source)["prefix_provinces"] == {"QNO": "Quảng Nam"}


def test_rebased_demo_moves_every_start_url_to_the_new_origin() -> None:
    demo = get_source("demo").rebased("http://127.0.0.1:40123/ignored/path")
    assert demo.homepage == "http://127.0.0.1:40123/"
    assert demo.domains == ("127.0.0.1",)
    assert demo.start_urls(demo.sitemaps) == ["http://127.0.0.1:40123/sitemap-news.xml"]
    assert demo.start_urls(demo.feeds) == ["http://127.0.0.1:40123/rss/home.rss"]
    assert demo.start_urls(demo.listings)[0] == "http://127.0.0.1:40123/chinh-tri"
    assert demo.selectors == get_source("demo").selectors


def test_only_the_demo_is_left_out_of_a_crawl_of_every_source() -> None:
    assert [s.name for s in load_sources() if not s.enabled] == ["demo"]


def test_rebase_onto_a_non_http_url_is_refused() -> None:
    with pytest.raises(SourceError, match="demo: cannot rebase"):
        get_source("demo").rebased("file:///tmp/site")


def test_unknown_source_names_the_known_ones() -> None:
    with pytest.raises(SourceError, match=r"unknown source 'baoxyz'; known: .*baocantho"):
        get_source("baoxyz")


GOOD = """
[[source]]
name = "bao"
title = "Báo"
province = "Huế"
homepage = "https://bao.example/"
domains = ["bao.example"]
article_pattern = '-\\d+\\.html$'
listings = ["/thoi-su"]
"""


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace('name = "bao"\n', ""), r"missing required keys \['name'\]"),
        (lambda t: t.replace('"bao"', '"Bao Moi"'), "name must be lower-case"),
        (lambda t: t + 'colour = "red"\n', r"bao\): unknown keys \['colour'\]"),
        (lambda t: t.replace("'-\\d+\\.html$'", "'-(\\d+\\.html$'"), "not a valid regular exp"),
        (lambda t: t.replace('"https://bao.example/"', '"bao.example"'), "absolute http"),
        (lambda t: t.replace('["bao.example"]', "[]"), "domains is empty"),
        (lambda t: t.replace('["bao.example"]', '["other.example"]'), "not in domains"),
        (lambda t: t.replace('listings = ["/thoi-su"]', ""), "no sitemaps, feeds or listings"),
        (lambda t: t.replace('["/thoi-su"]', '"/thoi-su"'), "listings must be a list"),
        (lambda t: t + "max_listing_pages = 0\n", "max_listing_pages must be a positive"),
        (lambda t: t + 'enabled = "no"\n', "enabled must be true or false"),
        (lambda t: t + '[source.selectors]\nbdoy = "div"\n', r"unknown selector keys \['bdoy'\]"),
        (lambda t: t + '[source.selectors]\ndrop = "div.ad"\n', "drop must be a list"),
        (lambda t: t + "[source.prefix_provinces]\nQNO = 1\n", "prefix_provinces must be a table"),
        (lambda t: t + t, r"duplicate source names \['bao'\]"),
        (lambda t: t.replace("[[source]]", "[source]"), "no \\[\\[source\\]\\] tables"),
        (lambda t: t + "[other]\n", "unknown top-level keys"),
        (lambda t: t.replace('title = "Báo"', "title = [1"), "not valid TOML"),
    ],
)
def test_bad_registry_is_rejected_with_a_clear_message(tmp_path: Path, edit, message: str) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(edit(GOOD), encoding="utf-8")
    with pytest.raises(SourceError, match=message):
        load_sources(path)


def test_good_minimal_registry_gets_defaults(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(GOOD + '[source.selectors]\ndrop = ["div.ad"]\n', encoding="utf-8")
    (source,) = load_sources(path)
    assert isinstance(source, Source)
    assert source.sitemaps == () and source.feeds == ()
    assert source.max_listing_pages == 20
    assert source.selectors == Selectors(drop=("div.ad",))
    assert source.is_article("https://bao.example/tin-12.html")


def test_missing_registry_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not found"):
        load_sources(tmp_path / "nope.toml")


def test_default_registry_is_the_packaged_file() -> None:
    assert REGISTRY_PATH.name == "sources.toml" and REGISTRY_PATH.parent.name == "crawler"


def _shared_page(name: str) -> tuple[str, dict]:
    pages = SHARED / "corpus" / "pages"
    if not (pages / name).exists():
        pytest.skip(f"../shared not present: {pages / name}")
    expected = json.loads((pages / "expected.json").read_text(encoding="utf-8"))[name]
    return (pages / name).read_text(encoding="utf-8"), expected


def test_baocantho_listing_selectors_find_the_main_column_and_the_next_page() -> None:
    page, expected = _shared_page("baocantho-category-thoi-su.html")
    source = get_source("baocantho")
    root = html.fromstring(page)
    links = [a.get("href") for a in root.cssselect(source.link_selector)]
    articles = list(dict.fromkeys(url for url in links if source.is_article(url)))
    assert articles == expected["article_urls"]
    assert not set(articles) & set(expected["sidebar_article_urls"])
    (next_link,) = root.cssselect(source.next_selector)
    assert next_link.get("href") == expected["next_page_url"]
    assert source.is_article(expected["url"]) is False


def test_baocantho_and_baolaocai_article_urls_match_the_saved_pages() -> None:
    _, cantho = _shared_page("baocantho-article-a196670.html")
    _, laocai = _shared_page("baolaocai-article-post404649.html")
    assert get_source("baocantho").is_article(cantho["url"])
    assert get_source("baolaocai").is_article(laocai["url"])


@pytest.mark.parametrize(
    ("source", "page", "field"),
    [
        ("baocantho", "baocantho-article-a196670.html", "title"),
        ("baocantho", "baocantho-article-a196670.html", "body"),
        ("baocantho", "baocantho-article-a196670.html", "tags"),
        ("baolaocai", "baolaocai-article-post404649.html", "title"),
        ("baolaocai", "baolaocai-article-post404649.html", "sapo"),
        ("baolaocai", "baolaocai-article-post404649.html", "body"),
    ],
)
def test_seen_selectors_match_the_saved_pages(source: str, page: str, field: str) -> None:
    text, _ = _shared_page(page)
    selector = getattr(get_source(source).selectors, field)
    assert html.fromstring(text).cssselect(selector), f"{source}.{field}: {selector}"
