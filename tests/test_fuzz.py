"""Hostile input: property tests and mutation fuzzing of page, listing, date and award parsing.

The budget here is modest (derandomized hypothesis, a few hundred mutated pages); `make
reliability` runs reliability/fuzz.py with thousands. No test times a call: the fuzzer's
watchdog fails only on a hang, and the worst times are figures in RELIABILITY.md.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khenthuong import ingest
from khenthuong.archive import Archive, Fetch, utc_now
from parsers.article import ParseError, parse_article
from parsers.dates import parse_date, parse_vietnam_datetime
from parsers.extract import analyse_article
from parsers.listing import parse_listing
from reliability.fuzz import MUTATIONS, TARGETS, URL, mutated_inputs, run_fuzz, seed_pages
from reliability.harness import check_archive, crawl_command, run_job

# `make reliability` raises the budget through this variable (reliability/__main__.py).
EXAMPLES = int(os.environ.get("KHENTHUONG_FUZZ_EXAMPLES", "60"))
MODEST = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
VIETNAM_OFFSET = timedelta(hours=7)

# Text drawn from what pages hold: Vietnamese letters, digits, date punctuation, spaces.
VIETNAMESE = st.text(
    st.sampled_from(
        list("aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọ")
        + list("ồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵĐKTQHNB0123456789/:-.,h ()\n")
    ),
    max_size=300,
)
DATEISH = st.one_of(
    st.text(max_size=80),
    VIETNAMESE,
    st.builds(
        "{}/{}/{} {}:{}".format,
        st.integers(-5, 40),
        st.integers(-5, 15),
        st.integers(0, 99999),
        st.integers(-1, 30),
        st.integers(0, 99),
    ),
    st.builds(
        "{}-{:02d}-{:02d}T{:02d}:{:02d}:00{}".format,
        st.integers(0, 9999),
        st.integers(0, 99),
        st.integers(0, 99),
        st.integers(0, 99),
        st.integers(0, 99),
        st.sampled_from(["", "Z", "+07:00", "+0700", "-23:59", "+99:99"]),
    ),
)


@MODEST
@given(DATEISH)
def test_dates_parse_to_vietnam_time_or_to_nothing(text: str) -> None:
    parsed = parse_date(text)
    if parsed is not None:
        assert parsed.value.utcoffset() == VIETNAM_OFFSET
        assert parsed.isoformat()
    moment = parse_vietnam_datetime(text)
    assert moment is None or moment.utcoffset() == VIETNAM_OFFSET


TAGS = st.sampled_from(["div", "p", "h1", "article", "span", "table", "td", "b", "figure", "a"])


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    """Random trees of the tags articles are made of, with Vietnamese text and attributes."""
    parts = ["<html><head><title>", draw(VIETNAMESE), "</title></head><body>"]
    for _ in range(draw(st.integers(0, 30))):
        tag = draw(TAGS)
        attribute = draw(st.sampled_from(["", ' class="entry"', ' class="sapo"', ' href="/x"']))
        parts += [f"<{tag}{attribute}>", draw(VIETNAMESE)]
        if draw(st.booleans()):
            parts.append(f"</{tag}>")
    return "".join(parts)


@MODEST
@given(st.one_of(st.binary(max_size=2000), st.text(max_size=2000), html_pages()))
def test_page_parsing_raises_nothing_but_parse_error(page: str | bytes) -> None:
    try:
        article = parse_article(page, URL)
    except ParseError:
        return
    assert article.title and article.body


@MODEST
@given(st.one_of(st.binary(max_size=2000), html_pages()))
def test_listing_links_stay_on_the_pages_site(page: str | bytes) -> None:
    try:
        listing = parse_listing(page, URL)
    except ParseError:
        return
    for url in listing.article_urls:
        assert urlsplit(url).hostname == "baodanang.vn"


@MODEST
@given(VIETNAMESE, VIETNAMESE, VIETNAMESE, st.one_of(st.none(), DATEISH))
def test_award_extraction_gives_a_valid_analysis_for_any_text(
    title: str, sapo: str, body: str, published: str | None
) -> None:
    output = analyse_article(title, sapo, body, published).as_output("x")
    json.dumps(output)  # what the archive and `khenthuong extract` write
    if not output["relevant"]:
        assert output["event"] is None and output["awards"] == []
    for award in output["awards"]:
        assert award["count"] is None or award["count"] >= 0


def test_mutated_real_and_demo_pages_raise_nothing_unexpected() -> None:
    seeds = seed_pages()
    # Ten of each mutation (10,000-deep nesting among them), then a 1 MiB page.
    report = run_fuzz(seeds, count=10 * len(MUTATIONS), seed=7, large_sizes=(1024 * 1024,))

    assert report.escapes == []
    assert report.inputs == 10 * len(MUTATIONS) + 1
    assert report.calls == {target: report.inputs for target in TARGETS}
    assert report.largest_input >= 1024 * 1024


class MutatedSite(BaseHTTPRequestHandler):
    """Serves mutated demo pages at article URLs, and a sitemap listing them."""

    pages: dict[str, bytes]
    hits: list[str]

    def do_GET(self) -> None:
        self.hits.append(self.path)
        if self.path == "/robots.txt":
            return self.reply(b"User-agent: *\nAllow: /\n")
        if self.path == "/sitemap.xml":
            origin = f"http://{self.headers['Host']}"
            urls = "".join(f"<url><loc>{origin}{path}</loc></url>" for path in self.pages)
            return self.reply(f"<urlset>{urls}</urlset>".encode())
        if self.path in self.pages:
            return self.reply(self.pages[self.path])
        self.send_error(404)
        return None

    def reply(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")  # no charset: the page's own, or none
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def mutated_site() -> Iterator[tuple[str, dict[str, bytes], list[str]]]:
    articles = [(name, page) for name, page in seed_pages() if name.startswith("site/")]
    articles = [(name, page) for name, page in articles if "-31000" in name]
    pages = {
        f"/bai-{index:02d}-33{index:05d}.html": data
        for index, (_, _, data) in enumerate(mutated_inputs(articles, 28, seed=11))
    }
    hits: list[str] = []
    handler = type("Handler", (MutatedSite,), {"pages": pages, "hits": hits})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", pages, hits
    finally:
        server.shutdown()
        server.server_close()


def test_a_crawl_of_mutated_pages_records_every_page_and_goes_on(
    tmp_path: Path, mutated_site: tuple[str, dict[str, bytes], list[str]]
) -> None:
    base_url, pages, hits = mutated_site
    registry = tmp_path / "sources.toml"
    registry.write_text(
        '[[source]]\nname = "fuzzed"\ntitle = "Báo Thử"\nprovince = "Quảng Nam"\n'
        f'homepage = "{base_url}/"\ndomains = ["127.0.0.1"]\n'
        "article_pattern = '^/[a-z0-9-]+-\\d{7}\\.html$'\nsitemaps = [\"/sitemap.xml\"]\n",
        encoding="utf-8",
    )
    db = tmp_path / "archive.db"

    result = run_job(crawl_command(db, registry=registry))

    assert result.returncode == 0, result.log[-3000:]
    assert "Traceback" not in result.log
    assert sorted(path for path in hits if path in pages) == sorted(pages)
    with sqlite3.connect(db) as connection:
        recorded = connection.execute(
            "SELECT url, article_id IS NOT NULL, error FROM pages"
        ).fetchall()
    # Every page fetched is in the archive, with the article it gave or why it gave none.
    assert sorted(urlsplit(url).path for url, _, _ in recorded) == sorted(pages)
    for url, parsed, error in recorded:
        assert parsed != bool(error), (url, error)
    assert check_archive(db) == []
    assert any(parsed for _, parsed, _ in recorded)


def test_a_parser_crash_is_recorded_as_the_pages_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crawler.sources import get_source

    def crash(*args: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    # Fault injection: the award parser fails as a bug met on hostile input would.
    monkeypatch.setattr(ingest, "analyse_article", crash)
    archive = Archive.open(tmp_path / "archive.db")
    source = get_source("demo")
    archive.register_sources([source])
    page = (Path(__file__).parents[1] / "demo" / "site").glob("*-3100001.html")
    body = next(page).read_bytes()

    result = ingest.ingest_page(
        archive,
        source,
        Fetch("http://127.0.0.1/a-3100001.html", body, status=200, fetched=utc_now()),
    )

    assert result.outcome == "failed"
    assert result.reason == "parser crash: RecursionError: maximum recursion depth exceeded"
    rows = archive.db.execute("SELECT article_id, error FROM pages").fetchall()
    assert rows == [(None, result.reason)]
    assert archive.db.execute("SELECT count(*) FROM articles").fetchone() == (0,)
    archive.close()
