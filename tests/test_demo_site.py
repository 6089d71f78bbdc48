"""The demo newspaper: served over HTTP, reproducible from its data, with truthful expectations."""

from __future__ import annotations

import filecmp
import http.client
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest

from demo.build_site import (
    ARTICLES_DIR,
    CATEGORIES,
    ORIGIN,
    PAGE_SIZE,
    RSS_SIZE,
    build,
    load_articles,
    load_vocabulary,
    split_sentences,
)
from demo.server import SITE_DIR, resolve, serve_demo

DEMO_DIR = SITE_DIR.parent
BROKEN_PATH = "trang-loi-3100099.html"
NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

ARTICLES = load_articles()
ARTICLE_PATHS = [a.path for a in ARTICLES]
EXPECTED = json.loads((DEMO_DIR / "expected.json").read_text(encoding="utf-8"))
GOLD = [json.loads(line) for line in (DEMO_DIR / "gold.jsonl").read_text("utf-8").splitlines()]


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def fetch(base_url: str, target: str, method: str = "GET") -> Reply:
    """One request with http.client, so the raw target (e.g. '/../x') reaches the server as is."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request(method, target)
        response = connection.getresponse()
        return Reply(response.status, dict(response.getheaders()), response.read())
    finally:
        connection.close()


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with serve_demo(SITE_DIR) as server:
        yield server.base_url


def local(url: str, base_url: str) -> str:
    """The request target of an absolute URL on the served origin."""
    assert url.startswith(base_url), url
    return url[len(base_url) :] or "/"


# ---------------------------------------------------------------------------------------------
# The server


@pytest.mark.parametrize(
    ("target", "file"),
    [
        ("/", "index.html"),
        ("/chinh-tri", "chinh-tri/index.html"),
        ("/chinh-tri/", "chinh-tri/index.html"),
        ("/chinh-tri?page=1", "chinh-tri/index.html"),
        ("/chinh-tri?page=2", "chinh-tri/page-2.html"),
        ("/xa-hoi?page=2&utm_source=x", "xa-hoi/page-2.html"),
        ("/robots.txt", "robots.txt"),
        ("/rss/home.rss", "rss/home.rss"),
        (f"/{ARTICLE_PATHS[0]}?utm_source=zalo", ARTICLE_PATHS[0]),
        ("/chinh-tri?page=9", None),
        ("/chinh-tri?page=0", None),
        ("/chinh-tri?page=hai", None),
        ("/khong-co-trang-nay.html", None),
        ("/tim-kiem", None),
        ("/../pyproject.toml", None),
        ("/%2e%2e/pyproject.toml", None),
    ],
)
def test_resolve_maps_targets_to_site_files(target: str, file: str | None) -> None:
    expected = None if file is None else SITE_DIR.resolve() / file
    assert resolve(SITE_DIR.resolve(), target) == expected


def test_home_links_categories_and_newest_articles(site: str) -> None:
    reply = fetch(site, "/")
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    page = lxml.html.fromstring(reply.text)
    menu = {a.get("href") for a in page.cssselect("nav.c-menu a")}
    assert {f"/{slug}" for slug in CATEGORIES} <= menu
    listed = [a.get("href") for a in page.cssselect("h3.b-grid__title a")]
    newest = sorted(ARTICLES, key=lambda a: a.published, reverse=True)
    assert listed == [f"/{a.path}" for a in newest[: len(listed)]]
    assert len(listed) >= 8
    assert page.cssselect("aside.c-sidebar a")


def test_category_pagination_reaches_every_article_exactly_once(site: str) -> None:
    seen: Counter[str] = Counter()
    for category in CATEGORIES:
        target: str | None = f"/{category}"
        previous_dates: list[str] = []
        pages = 0
        while target:
            reply = fetch(site, target)
            assert reply.status == 200, target
            page = lxml.html.fromstring(reply.text)
            items = [a.get("href").lstrip("/") for a in page.cssselect("h3.b-grid__title a")]
            assert 0 < len(items) <= PAGE_SIZE
            seen.update(items)
            previous_dates += [EXPECTED[path]["published"] for path in items if path != BROKEN_PATH]
            sidebar = {a.get("href").lstrip("/") for a in page.cssselect("aside.c-sidebar a")}
            assert sidebar and not sidebar & set(items), "the sidebar repeats no listed article"
            following = page.cssselect("div.c-pagination a.c-pagination__next")
            target = following[0].get("href") if following else None
            pages += 1
        assert previous_dates == sorted(previous_dates, reverse=True), "newest first"
        count = sum(1 for a in ARTICLES if a.category == category)
        count += category == "xa-hoi"  # the broken page is listed there
        assert pages == -(-count // PAGE_SIZE)
    assert set(seen) == {*ARTICLE_PATHS, BROKEN_PATH}
    assert set(seen.values()) == {1}


def test_sitemap_lists_every_article_on_the_served_origin(site: str) -> None:
    reply = fetch(site, "/sitemap-news.xml")
    assert reply.status == 200
    assert ORIGIN not in reply.text
    root = ET.fromstring(reply.body)
    urls = root.findall(f"{SITEMAP_NS}url")
    locs = [u.findtext(f"{SITEMAP_NS}loc") for u in urls]
    assert sorted(locs) == sorted(f"{site}/{path}" for path in ARTICLE_PATHS)
    dates = [u.findtext(f"{NEWS_NS}news/{NEWS_NS}publication_date") for u in urls]
    by_path = {a.path: a for a in ARTICLES}
    for loc, stamp in zip(locs, dates, strict=True):
        assert stamp == by_path[local(loc, site).lstrip("/")].published.isoformat()


def test_robots_txt_points_at_the_served_sitemap(site: str) -> None:
    reply = fetch(site, "/robots.txt")
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "text/plain; charset=utf-8"
    lines = reply.text.splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /tim-kiem" in lines
    assert f"Sitemap: {site}/sitemap-news.xml" in lines


def test_rss_parses_and_lists_the_newest_articles(site: str) -> None:
    reply = fetch(site, "/rss/home.rss")
    assert reply.status == 200
    channel = ET.fromstring(reply.body).find("channel")
    links = [item.findtext("link") for item in channel.findall("item")]
    newest = sorted(ARTICLES, key=lambda a: a.published, reverse=True)[:RSS_SIZE]
    assert links == [f"{site}/{a.path}" for a in newest]
    assert all(item.findtext("pubDate") for item in channel.findall("item"))


def test_missing_page_is_404_and_head_has_no_body(site: str) -> None:
    assert fetch(site, "/khong-co-trang-nay.html").status == 404
    assert fetch(site, "/../pyproject.toml").status == 404
    head = fetch(site, f"/{ARTICLE_PATHS[0]}", method="HEAD")
    get = fetch(site, f"/{ARTICLE_PATHS[0]}")
    assert head.status == get.status == 200
    assert head.body == b""
    assert int(head.headers["Content-Length"]) == len(get.body)


def test_broken_page_is_served_without_headline_or_entry(site: str) -> None:
    reply = fetch(site, f"/{BROKEN_PATH}")
    assert reply.status == 200
    page = lxml.html.fromstring(reply.text)
    assert not page.cssselect("h1")
    assert not page.cssselect("div.entry")
    assert page.cssselect("footer.c-footer")
    assert EXPECTED["_broken"]["path"] == BROKEN_PATH


def test_article_page_names_the_served_origin(site: str) -> None:
    reply = fetch(site, f"/{ARTICLE_PATHS[0]}")
    page = lxml.html.fromstring(reply.text)
    canonical = page.cssselect("link[rel=canonical]")[0].get("href")
    assert canonical == f"{site}/{ARTICLE_PATHS[0]}"
    assert ORIGIN not in reply.text


def test_image_is_served_unchanged(site: str) -> None:
    reply = fetch(site, "/images/grey.gif")
    assert reply.status == 200
    assert reply.headers["Content-Type"] == "image/gif"
    assert reply.body == (SITE_DIR / "images" / "grey.gif").read_bytes()


def test_command_line_prints_its_url_and_serves() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "demo.server", "--port", "0", "--root", str(SITE_DIR)],
        cwd=DEMO_DIR.parent,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        url = line.split(" at ")[1].split("/ ")[0]
        assert url.startswith("http://127.0.0.1:")
        assert fetch(url, "/chinh-tri?page=2").status == 200
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


# ---------------------------------------------------------------------------------------------
# The generated files


def test_build_reproduces_the_committed_site(tmp_path: Path) -> None:
    build(tmp_path)
    comparison = filecmp.dircmp(tmp_path / "site", SITE_DIR)
    differing: list[str] = []

    def collect(cmp: filecmp.dircmp, prefix: str) -> None:
        differing.extend(prefix + name for name in cmp.left_only + cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        differing.extend(prefix + name for name in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            collect(sub, f"{prefix}{name}/")

    collect(comparison, "")
    assert differing == [], "run `python -m demo.build_site` and commit demo/"
    for name in ("expected.json", "gold.jsonl"):
        assert (tmp_path / name).read_bytes() == (DEMO_DIR / name).read_bytes(), name


def test_expected_and_gold_cover_every_article() -> None:
    assert len(ARTICLES) >= 32
    assert len(ARTICLES) == len(list(ARTICLES_DIR.glob("*.toml")))
    assert {p for p in EXPECTED if p.endswith(".html") and "/" not in p} == set(ARTICLE_PATHS)
    assert [g["id"] for g in GOLD] == [a.id for a in ARTICLES]
    relevant = [g for g in GOLD if g["relevant"]]
    assert len(relevant) >= 14
    assert len(GOLD) - len(relevant) >= 14


@pytest.mark.parametrize("path", ARTICLE_PATHS)
def test_expected_values_hold_in_the_page(path: str) -> None:
    """Read each page the way a parser would and check expected.json against it."""
    expected = EXPECTED[path]
    html_text = (SITE_DIR / path).read_text(encoding="utf-8")
    page = lxml.html.fromstring(html_text)
    assert page.cssselect("link[rel=canonical]")[0].get("href") == expected["url"]
    assert page.cssselect("h1.sc-longform-header-title")[0].text_content() == expected["title"]
    sapo = page.cssselect("p.block-sc-sapo")[0].text_content()
    assert sapo == (expected["sapo_prefix"] or "") + expected["sapo"]
    assert page.cssselect("span.block-sc-author")[0].text_content() == expected["author"]
    byline = page.cssselect("span.block-sc-publish-time")[0].text_content()
    day, month, year = (
        expected["published"][8:10],
        expected["published"][5:7],
        expected["published"][:4],
    )
    assert f"{day}/{month}/{year}" in byline
    assert expected["published"][11:16] in byline
    entry = page.cssselect("div.entry")[0]
    assert len(entry.findall("p")) == expected["body_paragraphs"]
    captions = [f.text_content() for f in entry.cssselect("figcaption")]
    assert captions == expected["image_captions"]
    tags = [a.text_content() for a in page.cssselect("div.c-tags a")]
    assert tags == expected["tags"]
    body = [p.text_content() for p in entry.findall("p")]
    for sentence in expected["body_must_contain"]:
        assert any(sentence in paragraph for paragraph in body), sentence
    article_text = "\n".join([expected["title"], expected["sapo"], *body])
    page_text = page.text_content()
    for text in expected["body_must_not_contain"]:
        assert text not in article_text, text
        assert text in page_text, text


def test_structured_dates_vary_as_the_spec_asks() -> None:
    without = [a for a in ARTICLES if not a.structured_date]
    assert {a.byline for a in without} == {"plain", "weekday", "dash"}
    for article in without:
        html_text = (SITE_DIR / article.path).read_text(encoding="utf-8")
        assert "application/ld+json" not in html_text
        assert "article:published_time" not in html_text
    assert sum(not a.prefix for a in ARTICLES) >= 3
    assert max(len(a.figures) for a in ARTICLES) >= 3
    years = {a.published.year for a in ARTICLES}
    assert {2023, 2024, 2025, 2026} <= years


@pytest.mark.parametrize("gold", GOLD, ids=[g["id"] for g in GOLD])
def test_gold_follows_the_guidelines(gold: dict) -> None:
    article = next(a for a in ARTICLES if a.id == gold["id"])
    assert gold["body"] == "\n\n".join(article.paragraphs)
    assert gold["published"] == article.published.isoformat()
    vocabulary = load_vocabulary()
    sentences = [s for p in article.paragraphs for s in split_sentences(p)]
    if not gold["relevant"]:
        assert gold["event"] is None
        assert gold["awards"] == []
        return
    event = gold["event"]
    assert event["type"] in {"so_ket", "tong_ket", "trao_tang", "phat_dong", "dai_hoi", "other"}
    assert event["date"] <= gold["published"][:10]
    for fact in gold["awards"]:
        assert fact["award"] in vocabulary
        assert fact["recipient_kind"] in {"collective", "individual", "unspecified"}
        assert isinstance(fact["count"], int) and fact["count"] > 0
        assert fact["status"] in {"conferred", "proposed"}
        assert fact["evidence"] in sentences
        assert fact["evidence"] not in gold["sapo"]
