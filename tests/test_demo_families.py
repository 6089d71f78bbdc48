"""The demo's Báo Cần Thơ and Báo Lào Cai markup families: pages, discovery, extraction.

Each family is served on 127.0.0.1 by demo/server.py and crawled by the real Scrapy engine in a
subprocess, into a real SQLite archive; the server records every request, so discovery is checked
as the site saw it.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path

import pytest
import sitekit

from crawler.sources import get_source
from demo.families import FAMILIES_DIR, build, load_families, site_dir
from demo.server import DEMO_ORIGIN, serve_demo
from parsers.article import parse_article
from parsers.listing import parse_listing

FAMILIES = {family.family: family for family in load_families()}
EXPECTED = {
    name: json.loads((FAMILIES_DIR / name / "expected.json").read_text("utf-8"))
    for name in FAMILIES
}
FAST = {**sitekit.FAST, "LOG_LEVEL": "INFO"}


def article_cases() -> list[tuple[str, str]]:
    return [(name, path) for name, expected in EXPECTED.items() for path in expected["articles"]]


def served_path(url: str) -> Path:
    """The file a listing URL is served from (as demo.server.resolve maps it)."""
    path, _, query = url.removeprefix(DEMO_ORIGIN + "/").partition("?")
    number = query.partition("=")[2] or "1"
    return Path(path.rstrip("/")) / ("index.html" if number == "1" else f"page-{number}.html")


def test_build_reproduces_the_committed_family_sites(tmp_path: Path) -> None:
    build(tmp_path)
    for name in FAMILIES:
        fresh = sorted(p.relative_to(tmp_path) for p in (tmp_path / name).rglob("*") if p.is_file())
        committed = sorted(
            p.relative_to(FAMILIES_DIR) for p in (FAMILIES_DIR / name).rglob("*") if p.is_file()
        )
        assert fresh == committed
        for relative in fresh:
            assert (tmp_path / relative).read_bytes() == (FAMILIES_DIR / relative).read_bytes()


def test_each_family_has_commendation_news_and_pagination() -> None:
    for name, expected in EXPECTED.items():
        assert len(expected["articles"]) >= 8, name
        assert any(listing["next_page_url"] for listing in expected["listings"].values()), name
        bodies = " ".join(" ".join(a["body"]) for a in expected["articles"].values())
        assert "Bằng khen" in bodies and "khen" in bodies, name


@pytest.mark.parametrize(("family", "path"), article_cases())
def test_generic_extraction_reads_each_family_page(family: str, path: str) -> None:
    """No site selectors: JSON-LD, meta tags and the markup heuristics alone."""
    want = EXPECTED[family]["articles"][path]
    article = parse_article((site_dir(family) / path).read_bytes(), want["url"])
    got = dataclasses.asdict(article)
    got["body"] = list(article.body)
    got["published"] = article.published[:16] + article.published[19:]  # to the minute
    assert {key: got[key] for key in want} == want


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_listings_with_the_registry_selectors(family: str) -> None:
    source = get_source(f"demo_{family}")
    for url, want in EXPECTED[family]["listings"].items():
        html = (site_dir(family) / served_path(url)).read_bytes()
        listing = parse_listing(html, url, source.link_selector, source.next_selector)
        assert listing.article_urls == want["article_urls"], url
        assert listing.next_page_url == want["next_page_url"], url
        assert listing.published == want["published"], url


CRAWL_SCRIPT = """
import dataclasses, json, sys
from datetime import date
from crawler.runner import run_crawl
from crawler.sources import get_source

args = json.loads(sys.argv[1])
sources = [get_source(name).rebased(url) for name, url in args["sources"]]
since = date.fromisoformat(args["since"]) if args["since"] else None
summaries = run_crawl(args["db"], sources, since=since, settings_overrides=args["settings"])
print(json.dumps([dataclasses.asdict(s) for s in summaries]))
"""


def crawl(db: Path, sources: list[tuple[str, str]], since: str | None = None) -> list[dict]:
    """One crawl in a fresh Python process (Scrapy's reactor cannot restart); its summaries."""
    args = {"db": str(db), "sources": sources, "since": since, "settings": FAST}
    return sitekit.run_crawl_script(CRAWL_SCRIPT, args)[0]


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchall()


def test_both_families_crawled_at_once_discover_and_extract_every_article(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    with serve_demo(site_dir("cantho")) as cantho, serve_demo(site_dir("laocai")) as laocai:
        sites = {"cantho": cantho, "laocai": laocai}
        names = [(f"demo_{name}", site.base_url) for name, site in sites.items()]
        summaries = crawl(db, names)
        first_requests = {name: list(site.requests) for name, site in sites.items()}
        second = crawl(db, names)

    for summary in summaries:
        name = summary["source"].removeprefix("demo_")
        articles = EXPECTED[name]["articles"]
        assert summary["stats"]["status"] == "ok", summary
        assert summary["stats"]["articles_new"] == len(articles)
        # Sitemaps, feeds and listings name the same articles: each fetched exactly once.
        assert summary["stats"]["pages_fetched"] == len(articles)

    cantho_hits = first_requests["cantho"]
    # robots.txt announced the sitemap index; the index led to every monthly sitemap. It was
    # asked for once: its rules and its Sitemap lines come from the same fetch.
    assert cantho_hits[0] == "/robots.txt"
    assert cantho_hits.count("/robots.txt") == 1
    assert {"/sitemap.xml", "/sitemaps/2026-01.xml", "/sitemaps/2025-12.xml"} <= set(cantho_hits)
    assert {"/rss/thoi-su.rss", "/thoi-su/", "/thoi-su?p=2", "/xa-hoi/"} <= set(cantho_hits)
    laocai_hits = first_requests["laocai"]
    assert {"/robots.txt", "/sitemap-news.xml", "/rss/home.rss"} <= set(laocai_hits)
    assert laocai_hits.count("/robots.txt") == 1
    assert {"/chinh-tri/", "/chinh-tri/?page=2", "/chinh-tri/?page=3"} <= set(laocai_hits)

    # What each page says is what the archive holds, read without any site selector.
    for name, site_url in ((n, s.base_url) for n, s in sites.items()):
        for want in EXPECTED[name]["articles"].values():
            url = want["url"].replace(DEMO_ORIGIN, site_url)
            ((title, sapo, author, published, tags, body, province),) = rows(
                db,
                "SELECT title, sapo, author, published, tags, body, province FROM articles"
                f" WHERE url = '{url}'",
            )
            assert (title, sapo, author) == (want["title"], want["sapo"], want["author"])
            assert published[:16] == want["published"][:16]
            assert json.loads(tags) == want["tags"]
            assert body.split("\n\n") == want["body"]
            assert province == {"cantho": "Cần Thơ", "laocai": "Lào Cai"}[name]

    # The second crawl requests no article and stops each listing at its first page, which
    # holds only archived articles.
    for summary in second:
        assert summary["stats"]["pages_fetched"] == 0, summary
        assert summary["stats"]["articles_new"] == 0
    later = {name: site.requests[len(first_requests[name]) :] for name, site in sites.items()}
    assert "/thoi-su?p=2" not in later["cantho"]
    assert "/chinh-tri/?page=2" not in later["laocai"]
    assert not [path for hits in later.values() for path in hits if path.endswith(".html")]


def test_crawl_window_filters_sitemaps_feeds_and_stops_listings_at_older_pages(
    tmp_path: Path,
) -> None:
    db = tmp_path / "archive.db"
    with serve_demo(site_dir("cantho")) as cantho, serve_demo(site_dir("laocai")) as laocai:
        crawl(
            db,
            [("demo_cantho", cantho.base_url), ("demo_laocai", laocai.base_url)],
            since="2026-01-01",
        )
        cantho_hits = list(cantho.requests)
        crawl(db, [("demo_laocai", laocai.base_url)], since="2025-07-02")
        laocai_hits = list(laocai.requests)

    # The index's December sitemap has a lastmod before the window: never fetched.
    assert "/sitemaps/2026-01.xml" in cantho_hits and "/sitemaps/2025-12.xml" not in cantho_hits
    # Báo Cần Thơ's listings print no date (as the real site's): an undated listing item is
    # fetched to learn its date, so the window saves the December sitemap, not these pages.
    cantho_fetched = {path.lstrip("/") for path in cantho_hits if path.endswith(".html")}
    assert cantho_fetched == set(EXPECTED["cantho"]["articles"])

    # Báo Lào Cai's listing prints times: page 2 holds only articles older than the window, so
    # page 3 is never asked for; nothing older than the window is fetched from any source.
    assert "/chinh-tri/?page=2" in laocai_hits and "/chinh-tri/?page=3" not in laocai_hits
    laocai_fetched = {path.lstrip("/") for path in laocai_hits if path.endswith(".html")}
    assert laocai_fetched == {
        path
        for path, article in EXPECTED["laocai"]["articles"].items()
        if article["published"] >= "2025-07-02"
    }
    sources = dict(rows(db, "SELECT source, count(*) FROM articles GROUP BY source"))
    assert sources == {"demo_cantho": len(cantho_fetched), "demo_laocai": len(laocai_fetched)}
