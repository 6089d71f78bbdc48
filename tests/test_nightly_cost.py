"""What a night costs: a re-crawl asks for the discovery pages plus one page per new article.

The demo paper is crawled once, then the archive forgets its newest articles, as if they had
been published since; the next night's requests are counted as the site received them.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sitekit import crawl

from crawler.sources import get_source
from demo.server import serve_demo
from khenthuong.archive import Archive

NEW = 3
NIGHT = {"KHENTHUONG_NOW": "2026-06-01T18:30:00+00:00"}  # long after the demo's last article


def forget_newest(db: Path, count: int) -> list[str]:
    """Drop the newest articles and their pages from the archive; return their paths."""
    archive = Archive.open(db)
    rows = archive.db.execute("SELECT id, url FROM articles ORDER BY published DESC").fetchall()
    gone = rows[:count]
    archive.delete_articles_not_in({article_id for article_id, _ in rows[count:]})
    for _, url in gone:
        archive.db.execute("DELETE FROM pages WHERE url = ?", [url])
    archive.close()
    return ["/" + url.split("/", 3)[3] for _, url in gone]


def kinds(paths: list[str]) -> Counter:
    return Counter("article" if p.endswith(".html") else "discovery" for p in paths)


def test_a_night_costs_the_discovery_pages_plus_one_request_per_new_article(
    tmp_path: Path,
) -> None:
    db = tmp_path / "archive.db"
    with serve_demo() as site:  # the server logs every request target, in order
        first = crawl(db, None, demo_url=site.base_url, **NIGHT)
        archived = first.stats["articles_new"]
        new_paths = forget_newest(db, NEW)

        before = len(site.requests)
        night = crawl(db, None, demo_url=site.base_url, **NIGHT)
        night_hits = site.requests[before:]

        before = len(site.requests)
        quiet = crawl(db, None, demo_url=site.base_url, **NIGHT)
        quiet_hits = site.requests[before:]

    assert night.stats["articles_new"] == NEW
    assert quiet.stats["articles_new"] == 0
    # The requests Scrapy counted are the requests the site received.
    assert night.stats["requests"] == len(night_hits)
    assert quiet.stats["requests"] == len(quiet_hits)
    broken = [p for p in quiet_hits if p.endswith(".html")]
    assert broken == ["/trang-loi-3100099.html"]  # the unparseable page is tried every night
    # A quiet night asks only the start of discovery: robots.txt (once: the spider reads its
    # Sitemap lines from the fetch made for the rules), sitemaps, feeds, each listing's first
    # page. No second listing page: the first pages hold only archived articles and the page
    # that never parses, which is no news either.
    demo = get_source("demo")
    starts = ["/robots.txt", *demo.sitemaps, *demo.feeds, *demo.listings]
    assert sorted(p for p in quiet_hits if not p.endswith(".html")) == sorted(starts)
    # Article pages: exactly the new ones (and the page that never parses); nothing archived.
    assert sorted(p for p in night_hits if p.endswith(".html")) == sorted(new_paths + broken)
    # Discovery: what a quiet night asks, plus the second listing page of each section whose
    # first page showed a new article (pagination stops at a page of archived articles only).
    extra = Counter(p for p in night_hits if not p.endswith(".html")) - Counter(
        p for p in quiet_hits if not p.endswith(".html")
    )
    assert all("?page=2" in p for p in extra.elements()), extra
    assert night.stats["requests"] == quiet.stats["requests"] + NEW + extra.total()
    assert set(quiet_hits) - {"/trang-loi-3100099.html"} <= set(night_hits)
    per_new = (night.stats["requests"] - quiet.stats["requests"]) / NEW
    print(
        f"\nnightly cost: {archived} archived, {NEW} new -> {night.stats['requests']} requests "
        f"({kinds(night_hits)['discovery']} discovery, {kinds(night_hits)['article']} article); "
        f"{per_new:.2f} more per new article than a quiet night ({quiet.stats['requests']}); "
        f"first crawl: {first.stats['requests']}"
    )
