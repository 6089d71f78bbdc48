"""The source registry: what it holds, how it rejects a bad entry, and the demo rebasing."""

import dataclasses
import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from lxml import html

from crawler.sources import (
    REGISTRY_PATH,
    Source,
    SourceError,
    fails_the_crawl,
    get_source,
    load_sources,
)
from khenthuong.provinces import province_map
from parsers.article import Selectors

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def test_registry_holds_the_papers_the_project_crawls() -> None:
    sources = load_sources()
    assert [source.name for source in sources if source.fixture] == [
        "demo",
        "demo_cantho",
        "demo_laocai",
    ]
    for source in sources:
        assert source.sitemaps or source.feeds or source.listings, source.name
        assert isinstance(source.selectors, Selectors)
        assert source.is_article(source.homepage) is False, source.name


PAPERS = [source for source in load_sources() if not source.fixture]
PROVINCES = province_map()


def test_every_province_of_today_has_exactly_one_current_paper() -> None:
    current = [source for source in PAPERS if source.successor is None]
    assert sorted(source.province_today for source in current) == sorted(
        set(PROVINCES.old_to_new.values())
    )
    assert len(current) == 34
    for source in current:
        # Each of today's units is named after a former province whose paper carries on.
        assert source.province == source.province_today, source.name


def test_every_former_province_has_exactly_one_paper() -> None:
    assert sorted(source.province for source in PAPERS) == sorted(PROVINCES.old_to_new)
    assert len(PAPERS) == 63


def test_merged_papers_name_their_successor_and_are_left_out_of_the_nightly_crawl() -> None:
    by_name = {source.name: source for source in PAPERS}
    merged = [source for source in PAPERS if source.successor is not None]
    assert len(merged) == 63 - 34
    for source in merged:
        successor = by_name[source.successor]
        assert successor.successor is None, source.name
        assert successor.province_today == source.province_today != source.province, source.name
        assert source.enabled is False, source.name
        # Its old site may redirect to the successor's: those hosts must be allowed.
        assert set(source.redirects_to) <= set(successor.own_domains), source.name


def test_every_current_paper_is_crawled_every_night() -> None:
    assert all(source.enabled for source in PAPERS if source.successor is None)


def test_own_domains_are_unique_and_hold_the_homepage() -> None:
    owners: dict[str, str] = {}
    for source in PAPERS:
        assert source.own_domains, source.name
        for domain in source.own_domains:
            assert domain == domain.lower() and "/" not in domain, domain
            assert domain not in owners, f"{domain}: {owners.get(domain)} and {source.name}"
            owners[domain] = source.name
    for source in PAPERS:
        assert source.is_article(source.homepage) is False
        assert set(source.redirects_to) <= set(owners), source.name


def test_every_fact_is_marked_seen_inferred_or_unverified() -> None:
    states = {}
    for source in PAPERS:
        assert "domains" in source.evidence and "article_pattern" in source.evidence, source.name
        for fact, word in source.evidence.items():
            kind, _, where = word.partition(":")
            assert kind in ("seen", "inferred", "unverified"), (source.name, fact)
            assert kind == "unverified" or where.strip(), (source.name, fact)
            # A "seen" fact says where: SITES.md or a saved page of ../shared/corpus/pages.
            assert kind != "seen" or "SITES.md" in where or "pages/" in where, (source.name, fact)
        states[source.name] = source.verification
    verified = sorted(name for name, state in states.items() if state == "verified")
    # The papers SITES.md speaks of, and no other.
    assert verified == sorted(
        [
            "baocantho",
            "baodanang",
            "baolaocai",
            "baonghean",
            "baoquangnam",
            "baoquangngai",
            "baothanhhoa",
            "hanoimoi",
        ]
    )
    assert set(states.values()) == {"verified", "unverified"}


def test_lead_prefixes_of_merged_papers_go_to_their_successor() -> None:
    by_name = {source.name: source for source in PAPERS}
    for source in PAPERS:
        if source.successor and source.lead_prefix:
            successor = by_name[source.successor]
            assert successor.prefix_provinces[source.lead_prefix] == source.province


def test_registry_patterns_compile_and_tell_articles_from_pages() -> None:
    for source in PAPERS:
        assert isinstance(source.article_pattern, re.Pattern), source.name
        assert not source.is_article(urljoin(source.homepage, "/chinh-tri")), source.name
        assert not source.is_article("https://elsewhere.example/tin-1234567.html"), source.name


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
    assert source.redirects_to == ("baodanang.vn",)
    assert source.own_domains == ("baoquangnam.vn",)
    assert source.successor == "baodanang"
    assert (source.province, source.province_today) == ("Quảng Nam", "Đà Nẵng")


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


def test_only_fixtures_and_merged_papers_are_left_out_of_a_crawl_of_every_source() -> None:
    left_out = [s for s in load_sources() if not s.enabled]
    assert {s.name for s in left_out if s.fixture} == {"demo", "demo_cantho", "demo_laocai"}
    assert all(s.fixture or s.successor for s in left_out)


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
        (lambda t: t + 'robots = "yes"\n', "robots must be true or false"),
        (lambda t: t.replace('"Huế"', '"Thừa Thiên"'), "not in the province map"),
        (lambda t: t + 'redirects_to = ["b.example"]\n', "redirects_to must be among domains"),
        (lambda t: t + '[source.evidence]\ndomains = "seen"\n', "must say where or why"),
        (lambda t: t + '[source.evidence]\ndomains = "maybe: x"\n', "must start with one of"),
        (lambda t: t + '[source.evidence]\ncolour = "seen: x"\n', r"unknown facts \['colour'\]"),
        (lambda t: t + 'successor = "nobody"\n', "unknown successor 'nobody'"),
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
    assert source.robots is True and source.discovery == ("robots", "listing")
    assert source.evidence == dict.fromkeys(
        ["title", "domains", "article_pattern", "listings", "selectors"], "unverified"
    )
    assert source.verification == "unverified"


def test_article_pattern_defaults_to_the_generic_one(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(GOOD.replace("article_pattern = '-\\d+\\.html$'\n", ""), encoding="utf-8")
    (source,) = load_sources(path)
    assert source.is_article("https://bao.example/tin-moi-12345.html")
    assert not source.is_article("https://bao.example/tin-12.html")
    assert source.evidence["article_pattern"].startswith("inferred:")


def test_successor_in_another_province_is_rejected(tmp_path: Path) -> None:
    other = GOOD.replace('"bao"', '"cu"').replace('"Huế"', '"Hà Giang"')
    path = tmp_path / "sources.toml"
    path.write_text(GOOD + other + 'successor = "bao"\n', encoding="utf-8")
    with pytest.raises(SourceError, match="successor bao is in Huế, not Tuyên Quang"):
        load_sources(path)


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


@pytest.mark.parametrize(
    ("name", "status", "archived", "fails"),
    [
        ("baocantho", "ok", 0, False),
        ("baocantho", "empty", 0, True),  # verified: its site broke or moved
        ("baocantho", "broken", 120, True),
        ("baolaichau", "ok", 0, False),
        ("baolaichau", "empty", 0, False),  # unverified and never worked: the guess is wrong
        ("baolaichau", "failed", 0, False),
        ("baolaichau", "empty", 15, True),  # it worked before: now it broke
        ("baolaichau", "broken", 3, True),
        ("baoyenbai", "empty", 0, False),
    ],
)
def test_which_runs_fail_the_crawl(name: str, status: str, archived: int, fails: bool) -> None:
    assert fails_the_crawl(get_source(name), status, archived) is fails
