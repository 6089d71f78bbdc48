"""URL decisions, sitemap and feed reading, and the recency and pagination rules of the crawler."""

import gzip
import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from crawler.heuristics import (
    GENERIC_ARTICLE_PATTERN,
    VIETNAM_TIME,
    Link,
    gunzip_sitemap,
    host_in_domains,
    is_article_url,
    is_news,
    is_recent,
    parse_date,
    parse_feed,
    parse_sitemap,
    request_url,
    robots_sitemaps,
    should_follow_next_page,
)
from crawler.sources import load_sources

SOURCES = {source.name: source for source in load_sources()}


@pytest.mark.parametrize(
    ("source", "url", "expected"),
    [
        # demo: ONECMS slug-<7-digit id>.html on the local server
        ("demo", "http://127.0.0.1:8765/le-trao-tang-huan-chuong-lao-dong-3100001.html", True),
        ("demo", "http://127.0.0.1:8765/trang-loi-3100099.html", True),
        ("demo", "http://127.0.0.1:8765/le-trao-tang-3100001.html#binh-luan", True),
        ("demo", "http://127.0.0.1:8765/chinh-tri", False),
        ("demo", "http://127.0.0.1:8765/chinh-tri?page=2", False),
        ("demo", "http://127.0.0.1:8765/tags/thi-dua.html", False),
        ("demo", "http://127.0.0.1:8765/tim-kiem?q=khen-thuong", False),
        ("demo", "http://127.0.0.1:8765/sitemap-news.xml", False),
        ("demo", "http://127.0.0.1:8765/slug-310000.html", False),  # six digits
        ("demo", "http://example.org/le-trao-tang-3100001.html", False),  # another host
        ("demo", "ftp://127.0.0.1/le-trao-tang-3100001.html", False),
        # baodanang: ONECMS ids and the old /channel/ URLs
        ("baodanang", "https://baodanang.vn/truoc-them-chan-troi-moi-3202358.html", True),
        ("baodanang", "https://baodanang.vn/quy-hoach-do-thi-mien-nui-3129831.html", True),
        ("baodanang", "https://www.baodanang.vn/quy-hoach-do-thi-mien-nui-3129831.html", True),
        ("baodanang", "https://baodanang.vn/channel/5399/202306/mot-bai-cu-3951234", True),
        ("baodanang", "https://baodanang.vn/chinh-tri", False),
        ("baodanang", "https://baodanang.vn/tin-moi-nhat?page=3", False),
        ("baodanang", "https://baodanang.vn/channel/5399/", False),
        ("baodanang", "https://bqn.1cdn.vn/2023/07/18/anh-3129831.html", False),  # image CDN
        ("baodanang", "https://baoquangnam.vn/quy-hoach-do-thi-mien-nui-3129831.html", False),
        # baoquangnam: both platforms; the merged paper's host is allowed too
        ("baoquangnam", "https://baoquangnam.vn/quy-hoach-do-thi-mien-nui-3129831.html", True),
        ("baoquangnam", "https://baoquangnam.vn/chinh-tri/hoi-nghi-thi-dua-155265.html", True),
        ("baoquangnam", "https://baoquangnam.vn/xa-hoi/tuyen-duong-guong-tot-98765.html", True),
        ("baoquangnam", "https://baodanang.vn/quy-hoach-do-thi-mien-nui-3129831.html", True),
        ("baoquangnam", "https://baoquangnam.vn/tags/khen-thuong-2024.html", False),
        ("baoquangnam", "https://baoquangnam.vn/tags/thi-dua.html", False),
        ("baoquangnam", "https://baoquangnam.vn/chinh-tri/", False),
        ("baoquangnam", "https://baoquangnam.vn/", False),
        # baocantho: slug-a<id>.html; classifieds, videos and event pages are not articles
        ("baocantho", "https://baocantho.com.vn/hoi-nghi-tong-ket-a196670.html", True),
        ("baocantho", "https://baocantho.com.vn/-infographics-bay-hanh-vi-a196544.html", True),
        ("baocantho", "https://baocantho.com.vn/rao-vat-thong-bao-tuyen-dung-591.html", False),
        ("baocantho", "https://baocantho.com.vn/video/xem-video/tap-ba-3869.html", False),
        ("baocantho", "https://baocantho.com.vn/su-kien/dai-hoi-dang-cac-cap-.31.html", False),
        ("baocantho", "https://baocantho.com.vn/thoi-su?p=2", False),
        ("baocantho", "https://baocantho.com.vn/gop-y.html", False),
        # baolaocai: slug-post<id>.html
        ("baolaocai", "https://baolaocai.vn/song-tot-moi-ngay-post404649.html", True),
        ("baolaocai", "https://baolaocai.vn/tu-khoa/thieu-ta-tag40212.html", False),
        ("baolaocai", "https://baolaocai.vn/dia-phuong/xa-bac-ha/85.html", False),
        ("baolaocai", "https://en.baolaocai.vn/song-tot-moi-ngay-post404649.html", True),
        # hanoimoi: event pages share the shape but are excluded
        ("hanoimoi", "https://hanoimoi.vn/trao-bang-khen-cho-tap-the-712345.html", True),
        ("hanoimoi", "https://hanoimoi.vn/tuan-le-van-hoa-event712345.html", False),
        ("hanoimoi", "https://hanoimoi.vn/sitemap-article-2025-01.xml", False),
        # baonghean: -<id>.html and -post<id>.html
        ("baonghean", "https://baonghean.vn/ky-niem-ngay-truyen-thong-10293847.html", True),
        ("baonghean", "https://baonghean.vn/ky-niem-ngay-truyen-thong-post293847.html", True),
        ("baonghean", "https://baonghean.vn/thoi-su/", False),
    ],
)
def test_article_url_decision(source: str, url: str, expected: bool) -> None:
    assert SOURCES[source].is_article(url) is expected


def test_rebased_demo_recognises_articles_on_its_new_port_only() -> None:
    demo = SOURCES["demo"].rebased("http://127.0.0.1:40123")
    assert demo.is_article("http://127.0.0.1:40123/bai-viet-3100001.html")
    assert demo.is_article("http://localhost:40123/bai-viet-3100001.html") is False


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("baodanang.vn", True),
        ("www.baodanang.vn", True),
        ("BAODANANG.VN", True),
        ("baodanang.vn.", True),
        ("fakebaodanang.vn", False),
        ("baodanang.vn.evil.example", False),
        ("", False),
        (None, False),
    ],
)
def test_host_in_domains(host: str | None, expected: bool) -> None:
    assert host_in_domains(host, ("baodanang.vn",)) is expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.vn/x-3100001.html#top", "https://a.vn/x-3100001.html"),
        ("  https://a.vn/x-3100001.html\n", "https://a.vn/x-3100001.html"),
        ("https://a.vn/chinh-tri?page=2", "https://a.vn/chinh-tri?page=2"),
    ],
)
def test_request_url(url: str, expected: str) -> None:
    assert request_url(url) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-07-18T17:25:00+07:00", datetime(2023, 7, 18, 17, 25, tzinfo=VIETNAM_TIME)),
        ("2023-07-18T10:25:00Z", datetime(2023, 7, 18, 10, 25, tzinfo=UTC)),
        ("2023-07-18", datetime(2023, 7, 18, tzinfo=VIETNAM_TIME)),
        ("Tue, 18 Jul 2023 17:25:00 +0700", datetime(2023, 7, 18, 17, 25, tzinfo=VIETNAM_TIME)),
        ("Tue, 18 Jul 2023 10:25:00 GMT", datetime(2023, 7, 18, 10, 25, tzinfo=UTC)),
        ("18/07/2023 17:25", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(text: str | None, expected: datetime | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("published", "since", "expected"),
    [
        (None, date(2025, 7, 1), True),  # undated links are kept: better fetched than lost
        (datetime(2025, 7, 1, 0, 30, tzinfo=VIETNAM_TIME), date(2025, 7, 1), True),
        # 23:30 UTC on 30 June is already 1 July in Vietnam
        (datetime(2025, 6, 30, 23, 30, tzinfo=UTC), date(2025, 7, 1), True),
        (datetime(2025, 6, 30, 16, 59, tzinfo=UTC), date(2025, 7, 1), False),
        (datetime(2024, 1, 15, tzinfo=timezone(timedelta(hours=7))), date(2025, 7, 1), False),
        (datetime(2020, 1, 1, tzinfo=UTC), None, True),
    ],
)
def test_is_recent(published: datetime | None, since: date | None, expected: bool) -> None:
    assert is_recent(published, since) is expected


NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://bao.example/hoi-nghi-thi-dua-3100001.html</loc>
    <lastmod>2026-01-02T08:00:00+07:00</lastmod>
    <news:news><news:publication><news:name>B\xc3\xa1o</news:name></news:publication>
      <news:publication_date>2023-07-18T17:25:00+07:00</news:publication_date></news:news></url>
  <url><loc> https://bao.example/trao-bang-khen-3100002.html </loc>
    <lastmod>2024-03-05</lastmod></url>
  <url><loc>https://bao.example/khong-ngay-3100003.html</loc></url>
  <url><lastmod>2024-03-05</lastmod></url>
</urlset>"""

SITEMAP_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://bao.example/sitemap-article-2025-06.xml</loc>
    <lastmod>2025-06-30T23:00:00+07:00</lastmod></sitemap>
  <sitemap><loc>https://bao.example/sitemap-article-2025-07.xml</loc></sitemap>
</sitemapindex>"""


def test_news_sitemap_prefers_publication_date_over_lastmod() -> None:
    doc = parse_sitemap(NEWS_SITEMAP)
    assert doc.is_index is False
    assert [(link.url, link.published) for link in doc.links] == [
        (
            "https://bao.example/hoi-nghi-thi-dua-3100001.html",
            datetime(2023, 7, 18, 17, 25, tzinfo=VIETNAM_TIME),
        ),
        (
            "https://bao.example/trao-bang-khen-3100002.html",
            datetime(2024, 3, 5, tzinfo=VIETNAM_TIME),
        ),
        ("https://bao.example/khong-ngay-3100003.html", None),
    ]


def test_sitemap_index_lists_child_sitemaps() -> None:
    doc = parse_sitemap(SITEMAP_INDEX)
    assert doc.is_index is True
    assert [link.url for link in doc.links] == [
        "https://bao.example/sitemap-article-2025-06.xml",
        "https://bao.example/sitemap-article-2025-07.xml",
    ]
    assert doc.links[0].published == datetime(2025, 6, 30, 23, 0, tzinfo=VIETNAM_TIME)


@pytest.mark.parametrize(
    "body",
    [b"", b"<html><body>Not found</body></html>", b"\x00\x01 garbage"],
)
def test_sitemap_that_is_not_one_lists_nothing(body: bytes) -> None:
    assert parse_sitemap(body).links == []


def test_sitemap_does_not_resolve_external_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("https://attacker.example/leak-3100001.html")
    body = f"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY leak SYSTEM "file://{secret}">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&leak;</loc></url></urlset>"""
    assert not any("attacker" in link.url for link in parse_sitemap(body.encode()).links)


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Báo ví dụ</title><link>https://bao.example/</link>
  <item><title>Trao Huân chương Lao động</title>
    <link>https://bao.example/trao-huan-chuong-3100005.html</link>
    <pubDate>Sat, 03 Aug 2024 10:50:00 +0700</pubDate></item>
  <item><title>Không có ngày</title><link>https://bao.example/khong-ngay-3100006.html</link></item>
  <item><title>Không có link</title></item>
</channel></rss>""".encode()

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Bao</title>
  <link href="https://bao.example/"/>
  <entry><title>Mot</title>
    <link rel="enclosure" href="https://bao.example/anh.jpg"/>
    <link href="https://bao.example/mot-bai-3100007.html"/>
    <updated>2025-07-02T09:00:00+07:00</updated><published>2025-07-01T08:00:00+07:00</published>
  </entry>
</feed>"""


def test_rss_items_with_dates() -> None:
    assert parse_feed(RSS) == [
        Link(
            "https://bao.example/trao-huan-chuong-3100005.html",
            datetime(2024, 8, 3, 10, 50, tzinfo=VIETNAM_TIME),
        ),
        Link("https://bao.example/khong-ngay-3100006.html", None),
    ]


def test_atom_entries_use_the_alternate_link_and_published() -> None:
    assert parse_feed(ATOM) == [
        Link(
            "https://bao.example/mot-bai-3100007.html",
            datetime(2025, 7, 1, 8, 0, tzinfo=VIETNAM_TIME),
        )
    ]


@pytest.mark.parametrize(
    ("fresh", "page", "max_pages", "expected"),
    [
        (8, 1, 20, True),
        (1, 19, 20, True),
        (8, 20, 20, False),  # depth limit reached
        (0, 1, 20, False),  # a page of archived articles: the rest of the listing is older
        (0, 5, 20, False),
    ],
)
def test_should_follow_next_page(fresh: int, page: int, max_pages: int, expected: bool) -> None:
    assert should_follow_next_page(fresh, page, max_pages) is expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # The shapes seen on the known papers (SITES.md), on a host whose own shape is unseen.
        ("https://bao.example/truoc-them-chan-troi-moi-3202358.html", True),
        ("https://bao.example/hoi-nghi-tong-ket-a196670.html", True),
        ("https://bao.example/song-dep-tu-nhung-dieu-gian-di-post404649.html", True),
        ("https://bao.example/quy-hoach-do-thi-12345.htm", True),
        ("https://bao.example/thoi-su/hoi-nghi-thi-dua/155265.htm", True),
        ("https://bao.example/chinh-tri/hoi-nghi-thi-dua-155265.html", True),
        # Pages that are not articles.
        ("https://bao.example/", False),
        ("https://bao.example/chinh-tri", False),
        ("https://bao.example/chinh-tri/trang-2.html", False),
        ("https://bao.example/tong-ket-nam-2024.html", False),  # a year is not an id
        ("https://bao.example/tuan-le-van-hoa-event712345.html", False),
        ("https://bao.example/tu-khoa/thieu-ta-tag40212.html", False),
        ("https://bao.example/rss/home.rss", False),
        ("https://bao.example/sitemap-article-2025-01.xml", False),
        ("https://bao.example/video/tap-ba-3869.html", False),
        ("https://elsewhere.example/hoi-nghi-tong-ket-a196670.html", False),
    ],
)
def test_generic_article_pattern(url: str, expected: bool) -> None:
    pattern = re.compile(GENERIC_ARTICLE_PATTERN)
    assert is_article_url(url, ("bao.example",), pattern) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sitemap: https://bao.example/sitemap.xml\n", ["https://bao.example/sitemap.xml"]),
        (
            "User-agent: *\nDisallow: /tim-kiem\n\nSITEMAP:https://bao.example/a.xml  # news\n"
            "sitemap: https://bao.example/b.xml\nSitemap: https://bao.example/a.xml\n",
            ["https://bao.example/a.xml", "https://bao.example/b.xml"],
        ),
        ("# Sitemap: https://bao.example/commented.xml\n", []),
        ("Sitemap: /relative.xml\n", []),  # the standard asks for an absolute URL
        ("User-agent: *\nDisallow:\n", []),
        ("<html><body>Not found</body></html>", []),
        ("", []),
    ],
)
def test_robots_sitemaps(text: str, expected: list[str]) -> None:
    assert robots_sitemaps(text) == expected


JAN_10 = datetime(2026, 1, 10, 8, 0, tzinfo=VIETNAM_TIME)


@pytest.mark.parametrize(
    ("seen", "published", "since", "expected"),
    [
        (False, JAN_10, date(2026, 1, 1), True),
        (False, JAN_10, date(2026, 1, 10), True),  # the window's first day counts
        (False, JAN_10, date(2026, 1, 11), False),  # older than the window
        (True, JAN_10, date(2026, 1, 1), False),  # archived, or fetched before and failed
        (False, None, date(2026, 1, 11), True),  # the listing printed no date: fetch to know
        (False, JAN_10, None, True),  # no window
        (True, None, None, False),
    ],
)
def test_is_news(
    seen: bool, published: datetime | None, since: date | None, expected: bool
) -> None:
    assert is_news(seen, published, since) is expected


def test_gzipped_sitemap_is_read() -> None:
    doc = parse_sitemap(gzip.compress(NEWS_SITEMAP))
    assert doc == parse_sitemap(NEWS_SITEMAP) and doc.links


def test_truncated_gzipped_sitemap_gives_what_came_before_the_cut() -> None:
    whole = gzip.compress(NEWS_SITEMAP)
    inflated = gunzip_sitemap(whole[: len(whole) * 3 // 4])
    assert inflated and NEWS_SITEMAP.startswith(inflated)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"<urlset/>", b"<urlset/>"),  # not gzipped: as is
        (gzip.compress(b"<urlset/>"), b"<urlset/>"),
        (b"\x1f\x8b not gzip at all", None),
        (gzip.compress(b" " * 5000), None),  # inflates past the limit: a bomb, read as nothing
    ],
)
def test_gunzip_sitemap(body: bytes, expected: bytes | None) -> None:
    assert gunzip_sitemap(body, limit=4096) == expected
