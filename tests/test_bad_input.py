"""Bad input, nothing lost: one real crawl of a site that answers badly in every common way.

Each bad answer leaves a clear record (a pages row with its reason, the run's counts by kind)
and the crawl goes on to archive the good articles. (A huge page and a crawl killed half-way
are tested with the crawler's safety and reliability: tests/test_safety.py, reliability/.)
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections.abc import Callable
from pathlib import Path

from sitekit import Reply, article_html, crawl, page, path, registry, serve, sitemap

TITLE = "Tuyên dương 12 điển hình tiên tiến"
ROBOTS = b"User-agent: *\nDisallow: /bi-cam-\n"


def legacy_1258(text: str) -> bytes:
    """Vietnamese in windows-1258: base letters precomposed, tone marks as combining characters."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def once_then(first: Reply, then: Reply) -> Callable[[], Reply]:
    """A route answering `first` to the first request and `then` to every later one."""
    served: list[Reply] = []

    def answer() -> Reply:
        served.append(first if not served else then)
        return served[-1]

    return answer


def bad_site() -> dict:
    good = page(1)
    numbers = range(1, 14)
    return {
        "/robots.txt": Reply(body=ROBOTS, content_type="text/plain"),
        "/sitemap.xml": Reply(
            body=sitemap(*numbers).body.replace(
                b"</urlset>",
                b"<url><loc>{origin}/bi-cam-99.html</loc></url>"
                b"<url><loc>{origin}/vong-a-98.html</loc></url></urlset>",
            ),
            content_type="application/xml",
        ),
        # Announced as a sitemap, served as an error page in HTML with status 200.
        "/sitemap-tin-moi.xml": Reply(body=b"<html><body>Trang dang bao tri</body></html>"),
        # A listing after a redesign: links no longer where the registry's selector looks.
        "/thoi-su": Reply(
            body=b'<html><body><div class="new-grid"><a href="/tin-tuc-1.html">x</a></div></body>'
            b"</html>"
        ),
        f"/{path(1)}": good,
        f"/{path(2)}": Reply(status=404, body=b"<html><body>Khong tim thay</body></html>"),
        f"/{path(3)}": Reply(status=410, body=b"<html><body>Da go bai</body></html>"),
        f"/{path(4)}": Reply(status=500, body=b"<html><body>Loi may chu</body></html>"),
        f"/{path(5)}": once_then(
            Reply(status=429, headers={"Retry-After": "1"}, body=b"cham lai"), page(5)
        ),
        f"/{path(6)}": Reply(status=429, headers={"Retry-After": "3600"}, body=b"mai quay lai"),
        f"/{path(7)}": Reply(delay=8, body=good.body),  # answers after DOWNLOAD_TIMEOUT
        f"/{path(8)}": Reply(body=good.body, cut_at=len(good.body) // 2),  # Content-Length lies
        f"/{path(9)}": Reply(body=b""),
        f"/{path(10)}": Reply(
            body=legacy_1258(article_html(10, title=TITLE, charset="windows-1258")),
            content_type="text/html; charset=windows-1258",
        ),
        # UTF-8 bytes under a wrong charset header (a common server misconfiguration).
        f"/{path(11)}": Reply(
            body=article_html(11, title=TITLE).encode(),
            content_type="text/html; charset=iso-8859-1",
        ),
        f"/{path(12)}": Reply(status=301, headers={"Location": "/tin-tuc-12.html"}),
        f"/{path(13)}": page(13),
        "/vong-a-98.html": Reply(status=302, headers={"Location": "/vong-b-97.html"}),
        "/vong-b-97.html": Reply(status=302, headers={"Location": "/vong-a-98.html"}),
    }


def test_every_kind_of_bad_answer_is_recorded_and_the_crawl_goes_on(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    with serve(bad_site()) as site:
        source = registry(
            tmp_path,
            site.base_url,
            sitemaps='["/sitemap.xml", "/sitemap-tin-moi.xml"]',
            listings='["/thoi-su"]',
            link_selector='"h3.b-grid__title a"',
        )
        result = crawl(db, source, DOWNLOAD_TIMEOUT=3, RETRY_TIMES=1)
        retry_times = site.times(f"/{path(5)}")
        paths = site.paths()

    stats = result.stats
    assert stats["status"] == "ok", stats["message"]
    origin = len(site.base_url)
    with sqlite3.connect(db) as connection:
        articles = {
            url[origin:]: t for url, t in connection.execute("SELECT url, title FROM articles")
        }
        pages = connection.execute(
            "SELECT url, status, error, warc IS NOT NULL FROM pages WHERE error IS NOT NULL"
        ).fetchall()
    errors = {url[origin:]: (status, error, kept) for url, status, error, kept in pages}

    # The good pages are archived, in whatever encoding they came.
    assert sorted(articles) == sorted(f"/tin-tuc-{n}.html" for n in (1, 5, 10, 11, 13))
    assert articles["/tin-tuc-10.html"] == TITLE
    assert articles["/tin-tuc-11.html"] == TITLE
    assert stats["articles_new"] == 5

    # HTTP errors: the response is kept as received, with the status as the reason.
    assert errors["/tin-tuc-2.html"] == (404, "HTTP 404", 1)
    assert errors["/tin-tuc-3.html"] == (410, "HTTP 410", 1)
    assert errors["/tin-tuc-4.html"] == (500, "HTTP 500", 1)
    # 429 asking for 1 s: waited for, then retried once, and archived. (A lower bound on the
    # wait, not a timing: the retry cannot come sooner than the site asked.)
    assert len(retry_times) == 2 and retry_times[1] - retry_times[0] >= 1.0
    assert "waiting 1 s as Retry-After asks" in result.log
    # 429 asking for an hour: not waited for tonight, not hammered either.
    assert paths.count(f"/{path(6)}") == 1
    assert errors["/tin-tuc-6.html"] == (429, "HTTP 429 (Retry-After: 3600)", 1)
    # No response at all: the reason, and nothing else, is kept.
    assert errors["/tin-tuc-7.html"][0::2] == (None, 0)
    assert errors["/tin-tuc-7.html"][1].startswith("no response in time")
    assert errors["/tin-tuc-8.html"][0::2] == (None, 0)
    assert errors["/tin-tuc-8.html"][1].startswith("response cut short")
    assert errors["/tin-tuc-9.html"] == (200, "empty body", 1)
    # A redirect onto itself, or round two pages, is followed no further; the redirect that
    # closed the loop is kept.
    assert paths.count(f"/{path(12)}") == 1
    self_loop = f"{site.base_url}/tin-tuc-12.html"
    assert errors["/tin-tuc-12.html"] == (301, f"redirect loop: {self_loop} -> {self_loop}", 1)
    a, b = f"{site.base_url}/vong-a-98.html", f"{site.base_url}/vong-b-97.html"
    assert errors["/vong-b-97.html"] == (302, f"redirect loop: {a} -> {b} -> {a}", 1)
    assert paths.count("/vong-a-98.html") == paths.count("/vong-b-97.html") == 1
    # robots.txt forbids /bi-cam-: listed in the sitemap, never requested.
    assert not [p for p in paths if p.startswith("/bi-cam-")]
    assert stats["robots_forbidden"] == 1

    # The run's record counts each kind; the sitemap that is not XML and the listing whose
    # markup changed are discovery failures, said in the log.
    assert json.loads(stats["http_errors_by_status"]) == {
        "404": 1,
        "410": 1,
        "500": 1,
        "429": 1,
        "timeout": 1,
        "data loss": 1,
        "redirect loop": 2,
    }
    assert stats["discovery_failures"] == 2
    assert "sitemap-tin-moi.xml: sitemap names no URL (not a sitemap? not XML?)" in result.log
    assert "thoi-su: listing shows no article link (markup changed?)" in result.log
