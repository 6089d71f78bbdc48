"""Real crawls: the Scrapy engine against sites served on 127.0.0.1, into a real SQLite archive.

Each crawl runs in a subprocess (Scrapy's event loop cannot restart within one process); the
servers run here, so the test sees every request as the site saw it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sitekit import FAST, run_crawl_script
from sitekit import registry as sitekit_registry

from crawler import settings as crawler_settings
from crawler.heuristics import parse_sitemap
from crawler.sources import get_source

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_SITE = Path(__file__).parent / "fixtures" / "site"


@dataclass
class SiteLog:
    """Every request the test site received: (host, path with query, user agent)."""

    hits: list[tuple[str, str, str]] = field(default_factory=list)

    def paths(self) -> list[str]:
        return [path for _, path, _ in self.hits]


class FixtureSite(BaseHTTPRequestHandler):
    """Serves tests/fixtures/site as its README says, recording each request."""

    log: SiteLog

    def do_GET(self) -> None:
        host = self.headers.get("Host", "")
        self.log.hits.append((host.split(":")[0], self.path, self.headers.get("User-Agent", "")))
        parts = urlsplit(self.path)
        port = self.server.server_address[1]
        if parts.path.startswith("/cu/"):
            # The paper moved: old addresses answer with a redirect to the new host.
            self.send_response(301)
            self.send_header("Location", f"http://localhost:{port}/moi/{parts.path[4:]}")
            self.end_headers()
            return
        name = parts.path.strip("/") or "index.html"
        if parts.query.startswith("page="):
            name += f"-page-{parts.query[5:]}"
        file = next(
            (p for p in (FIXTURE_SITE / name, FIXTURE_SITE / f"{name}.html") if p.is_file()), None
        )
        if file is None:
            self.send_error(404)
            return
        body = file.read_bytes().replace(b"{origin}", f"http://{host}".encode())
        kind = {".xml": "application/xml", ".txt": "text/plain"}.get(file.suffix, "text/html")
        self.send_response(200)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep pytest quiet; requests are in self.log


@pytest.fixture
def fixture_site() -> Iterator[tuple[str, SiteLog]]:
    log = SiteLog()
    handler = type("Handler", (FixtureSite,), {"log": log})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", log
    finally:
        server.shutdown()
        server.server_close()


def fixture_registry(tmp_path: Path, base_url: str, **overrides: str) -> Path:
    """A registry with one source for the fixture site (the redirect target host included)."""
    return sitekit_registry(
        tmp_path,
        base_url,
        **{
            "name": '"fixture"',
            "domains": '["127.0.0.1", "localhost"]',
            "article_pattern": r"'^/(?:cu/|moi/)?[a-z0-9-]+-\d{7}\.html$'",
            "listings": '["/thoi-su"]',
            "link_selector": '"h3.b-grid__title a"',
            "next_selector": '"a.c-pagination__next"',
            **overrides,
        },
    )


CRAWL_SCRIPT = """
import dataclasses, json, sys
from datetime import date
from crawler.runner import run_crawl
from crawler.sources import load_sources

args = json.loads(sys.argv[1])
sources = load_sources(args["registry"]) if args["registry"] else None
if args["demo_url"]:
    sources = [s.rebased(args["demo_url"]) for s in load_sources() if s.name == "demo"]
    changes = {k: tuple(v) for k, v in args["demo_changes"].items()}
    sources = [dataclasses.replace(s, **changes) for s in sources]
since = date.fromisoformat(args["since"]) if args["since"] else None
summaries = run_crawl(args["db"], sources, since=since, settings_overrides=args["settings"])
print(json.dumps([dataclasses.asdict(s) for s in summaries]))
"""


@dataclass
class Crawl:
    summary: dict
    stats: dict
    log: str


def crawl(
    db: Path,
    *,
    registry: Path | None = None,
    demo_url: str | None = None,
    demo_changes: dict | None = None,
    since: str | None = None,
) -> Crawl:
    """Run one crawl in a fresh Python process; return its summary and its log."""
    args = {
        "db": str(db),
        "registry": str(registry) if registry else None,
        "demo_url": demo_url,
        "demo_changes": demo_changes or {},
        "since": since,
        "settings": {**FAST, "LOG_LEVEL": "DEBUG"},
    }
    (summary,), log = run_crawl_script(CRAWL_SCRIPT, args)
    return Crawl(summary=summary, stats=summary["stats"], log=log)


def rows(db: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql, params).fetchall()


def test_fixture_site_crawl_archives_each_article_once_then_fetches_nothing_old(
    tmp_path: Path, fixture_site: tuple[str, SiteLog]
) -> None:
    base_url, site = fixture_site
    db = tmp_path / "archive.db"
    registry = fixture_registry(tmp_path, base_url)

    first = crawl(db, registry=registry)

    article_ids = sorted(url[-12:-5] for (url,) in rows(db, "SELECT url FROM articles"))
    assert article_ids == ["3200001", "3200002", "3200003", "3200005", "3200006"]
    assert first.stats["articles_new"] == 5
    assert first.stats["parse_failures"] == 1
    assert first.stats["status"] == "ok"
    # The moved article was followed to the other host of the same paper.
    assert ("localhost", "/moi/don-vi-tien-tien-3200006.html") in [h[:2] for h in site.hits]
    assert rows(db, "SELECT url FROM articles WHERE url LIKE '%3200006%'") == [
        (f"http://localhost:{urlsplit(base_url).port}/moi/don-vi-tien-tien-3200006.html",)
    ]
    # ...and the article keeps the source that found it, and that source's province.
    assert rows(db, "SELECT source, province FROM articles WHERE url LIKE '%3200006%'") == [
        ("fixture", "Quảng Nam")
    ]
    # The broken page is kept with the reason it could not be read.
    ((error,),) = rows(db, "SELECT error FROM pages WHERE url LIKE '%trang-hong-3200004%'")
    assert error.startswith("parse error")
    # robots.txt forbids /ban-nhap-: listed in the sitemap, never fetched.
    assert not [path for path in site.paths() if path.startswith("/ban-nhap-")]
    assert "Forbidden by robots.txt" in first.log
    # Every request carried the configured user agent.
    assert {agent for _, _, agent in site.hits} == {crawler_settings.USER_AGENT}
    # Each article page was fetched once although the sitemap and the listing both list some.
    article_paths = [p for p in site.paths() if p.endswith(".html") and "320000" in p]
    assert len(article_paths) == len(set(article_paths))

    site.hits.clear()
    second = crawl(db, registry=registry)

    refetched = {path for path in site.paths() if "320000" in path}
    # Only the unreadable page and the old address of the moved article are asked again; the
    # moved article itself is recognised as archived after the redirect and not downloaded.
    assert refetched == {"/trang-hong-3200004.html", "/cu/don-vi-tien-tien-3200006.html"}
    assert second.stats["articles_new"] == 0
    assert second.stats["skipped_archived"] == 5
    assert second.stats["pages_fetched"] == 1
    assert second.stats["status"] == "ok"
    assert rows(db, "SELECT count(*) FROM articles") == [(5,)]
    runs = rows(db, "SELECT status, articles_new, skipped_archived FROM crawl_runs ORDER BY id")
    assert runs == [("ok", 5, 0), ("ok", 0, 5)]


def test_since_skips_sitemap_entries_published_before_it(
    tmp_path: Path, fixture_site: tuple[str, SiteLog]
) -> None:
    base_url, site = fixture_site
    db = tmp_path / "archive.db"
    registry = fixture_registry(tmp_path, base_url, listings="[]")

    result = crawl(db, registry=registry, since="2025-01-01")

    assert [url[-12:-5] for (url,) in rows(db, "SELECT url FROM articles")] == ["3200001"]
    assert "/hoi-thi-tieng-hat-cong-nhan-3200002.html" not in site.paths()
    assert result.stats["articles_new"] == 1


def test_source_whose_start_urls_are_missing_ends_empty_with_an_error(
    tmp_path: Path, fixture_site: tuple[str, SiteLog]
) -> None:
    base_url, _ = fixture_site
    db = tmp_path / "archive.db"
    registry = fixture_registry(
        tmp_path, base_url, sitemaps='["/khong-co.xml"]', listings='["/khong-co"]'
    )

    result = crawl(db, registry=registry)

    assert result.stats["status"] == "empty"
    assert result.stats["http_errors"] == 2
    assert "no article URL discovered" in result.stats["message"]
    assert "[news] ERROR: fixture: crawl empty" in result.log
    assert f"{base_url}/khong-co failed: HTTP 404" in result.log
    assert rows(db, "SELECT status FROM crawl_runs") == [("empty",)]
    assert rows(db, "SELECT count(*) FROM articles") == [(0,)]


DEMO_SITE = ROOT / "demo" / "site"


def demo_article_ids() -> set[str]:
    """Ids of every demo article, read from the demo's own news sitemap."""
    links = parse_sitemap((DEMO_SITE / "sitemap-news.xml").read_bytes()).links
    return {link.url.rsplit("-", 1)[1].removesuffix(".html") for link in links}


def test_demo_crawl_archives_every_article_once_and_the_second_crawl_adds_nothing(
    tmp_path: Path,
) -> None:
    from demo.server import serve_demo

    db = tmp_path / "archive.db"
    expected = demo_article_ids()
    assert len(expected) >= 20
    demo = get_source("demo")
    # A search page is disallowed by the demo's robots.txt; listing it proves it is not fetched.
    changes = {"listings": [*demo.listings, "/tim-kiem?q=khen-thuong"]}
    with serve_demo(DEMO_SITE) as server:
        first = crawl(db, demo_url=server.base_url, demo_changes=changes)
        second = crawl(db, demo_url=server.base_url, demo_changes=changes)

    archived = {url.rsplit("-", 1)[1][:-5] for (url,) in rows(db, "SELECT url FROM articles")}
    assert archived == expected
    assert first.stats["articles_new"] == len(expected)
    assert first.stats["status"] == "ok"
    # Sitemap, feed and listings name the same articles: each page was fetched exactly once.
    assert first.stats["pages_fetched"] == len(expected) + 1  # + the broken page
    article_pages = rows(
        db, "SELECT count(*), count(DISTINCT url) FROM pages WHERE article_id IS NOT NULL"
    )
    assert article_pages == [(len(expected), len(expected))]
    broken = rows(db, "SELECT url, error FROM pages WHERE url LIKE '%/trang-loi-3100099.html'")
    assert len(broken) == 1, broken
    ((_, error),) = broken
    assert error.startswith("parse error")
    assert first.stats["parse_failures"] == 1
    assert "Forbidden by robots.txt: <GET http://127.0.0.1" in first.log
    assert not [line for line in first.log.splitlines() if "Crawled" in line and "tim-kiem" in line]

    # Second crawl: no archived article page is requested again, nothing is added.
    assert second.stats["articles_new"] == 0 and second.stats["articles_updated"] == 0
    assert second.stats["skipped_archived"] == len(expected)
    assert second.stats["pages_fetched"] == 1  # only the page that could not be parsed
    assert second.stats["requests"] < first.stats["requests"]
    assert second.stats["status"] == "ok"
    assert rows(db, "SELECT count(*) FROM articles") == [(len(expected),)]


DEMO_EXPECTED = ROOT / "demo" / "expected.json"
DEMO_GOLD = ROOT / "demo" / "gold.jsonl"


@pytest.fixture(scope="module")
def demo_archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One crawl of the demo into a fresh archive, shared by the checks of its contents."""
    from demo.server import serve_demo

    db = tmp_path_factory.mktemp("demo") / "archive.db"
    with serve_demo(DEMO_SITE) as server:
        crawl(db, demo_url=server.base_url)
        return db, server.base_url


def test_demo_archive_holds_what_each_page_says(demo_archive: tuple[Path, str]) -> None:
    """End to end: served pages -> Scrapy -> archive rows equal to the demo's expected values."""
    db, origin = demo_archive
    expected = {
        values["url"].replace("https://baoquangnam.demo", origin): values
        for path, values in json.loads(DEMO_EXPECTED.read_text("utf-8")).items()
        if not path.startswith("_") and "title" in values
    }
    with sqlite3.connect(db) as connection:
        connection.row_factory = sqlite3.Row
        archived = {
            row["url"]: row for row in connection.execute("SELECT * FROM articles").fetchall()
        }
    assert set(archived) == set(expected)
    for url, want in expected.items():
        row = archived[url]
        assert (row["title"], row["sapo"], row["author"]) == (
            want["title"],
            want["sapo"],
            want["author"],
        ), url
        assert row["published"][:16] == want["published"][:16], url
        assert row["category"] == want["category"], url
        assert json.loads(row["tags"]) == want["tags"], url
        paragraphs = row["body"].split("\n\n")
        assert len(paragraphs) == want["body_paragraphs"], url
        for sentence in want["body_must_contain"]:
            assert any(sentence in p for p in paragraphs), (url, sentence)
        for boilerplate in want["body_must_not_contain"]:
            assert boilerplate not in row["body"], (url, boilerplate)


def test_demo_award_articles_come_out_with_their_gold_facts(
    demo_archive: tuple[Path, str],
) -> None:
    """The archive's relevance and award rows for the demo agree with demo/gold.jsonl."""
    db, _ = demo_archive
    gold = [json.loads(line) for line in DEMO_GOLD.read_text("utf-8").splitlines() if line]
    with sqlite3.connect(db) as connection:
        relevant = dict(
            connection.execute("SELECT substr(url, -12, 7), relevant FROM articles").fetchall()
        )
        facts = connection.execute(
            "SELECT substr(articles.url, -12, 7), award, recipient_kind, count, status "
            "FROM awards JOIN articles ON articles.id = awards.article_id"
        ).fetchall()
    assert {g["id"]: int(g["relevant"]) for g in gold} == relevant
    wanted = sorted(
        (g["id"], a["award"], a["recipient_kind"], a["count"], a["status"])
        for g in gold
        for a in g["awards"]
    )
    assert sorted(facts) == wanted
