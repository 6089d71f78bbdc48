"""parse_listing: article links in order, each once, and the next page."""

import json
from pathlib import Path
from typing import Any

import pytest

from parsers.listing import parse_listing
from parsers.xpaths import ARTICLE_URL

BASE = "https://baoquangnam.vn"


def grid_item(slug: str) -> str:
    return f"""<article class="b-grid"><div class="b-grid__img"><a href="/{slug}.html">
    <img src="/images/grey.gif" alt=""></a></div><div class="b-grid__content">
    <h3 class="b-grid__title"><a href="/{slug}.html">Tiêu đề {slug}</a></h3>
    <div class="b-grid__desc">Tóm tắt</div></div></article>"""


def onecms_listing(slugs: list[str], pager: str = "") -> str:
    items = "".join(grid_item(slug) for slug in slugs)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
    <header class="c-header"><nav class="c-menu"><a href="/chinh-tri">Chính trị</a>
    <a href="/tin-noi-bat-3100900.html">Tin nổi bật trên menu</a></nav></header>
    <div class="b-maincontent">{items}<div class="c-pagination">{pager}</div></div>
    <aside class="c-sidebar"><h3>Đọc nhiều</h3>
    <ul><li><a href="/doc-nhieu-3100800.html">Đọc nhiều</a></li></ul></aside>
    <footer class="c-footer">POWERED BY ONECMS</footer></body></html>"""


def test_onecms_grid_in_order_without_sidebar_or_menu() -> None:
    html = onecms_listing(
        ["khen-thuong-3100003", "thi-dua-3100002", "trao-tang-3100001"],
        pager='<a class="c-pagination__next" href="/chinh-tri?page=2">Trang sau</a>',
    )
    listing = parse_listing(html, f"{BASE}/chinh-tri")
    assert listing.article_urls == [
        f"{BASE}/khen-thuong-3100003.html",
        f"{BASE}/thi-dua-3100002.html",
        f"{BASE}/trao-tang-3100001.html",
    ]
    assert listing.next_page_url == f"{BASE}/chinh-tri?page=2"


def test_last_page_has_no_next_page() -> None:
    html = onecms_listing(["a-3100001"], pager='<a href="/chinh-tri?page=2">« Trang trước</a>')
    assert parse_listing(html, f"{BASE}/chinh-tri?page=3").next_page_url is None


def test_without_known_markup_every_article_link_outside_menus_and_sidebars() -> None:
    html = """<html><body><header><a href="/menu-3100900.html">Menu</a></header>
    <div id="main"><a href="/bai-mot-3100001.html"><img src="a.jpg"></a>
    <a href="/bai-mot-3100001.html#binh-luan">Bài một</a>
    <a href="/bai-hai-a196670.html">Bài hai</a>
    <a href="/chuyen-muc/chinh-tri">Chuyên mục</a><a href="/tags/thi-dua.html">Thẻ</a>
    <a href="https://baokhac.vn/bai-ba-3100003.html">Báo khác</a>
    <a href="javascript:void(0)">&gt;</a></div>
    <aside><a href="/doc-nhieu-3100800.html">Đọc nhiều</a></aside>
    <footer><a href="/gioi-thieu-3100999.html">Giới thiệu</a></footer></body></html>"""
    listing = parse_listing(html, f"{BASE}/chinh-tri")
    assert listing.article_urls == [f"{BASE}/bai-mot-3100001.html", f"{BASE}/bai-hai-a196670.html"]
    assert listing.next_page_url is None  # a javascript: pager link leads nowhere


def test_site_link_selector_wins() -> None:
    html = """<html><body><div id="topcate"><a href="/mot-a100001.html">Một</a></div>
    <div id="colcate2"><a href="/hai-a100002.html">Hai</a></div>
    <div id="page"><a href="javascript:void(0)">&lt;</a><b>1</b>
    <a href="/thoi-su?p=2">2</a><a href="/thoi-su?p=2">&gt;</a><a href="/thoi-su?p=5">»</a></div>
    </body></html>"""
    listing = parse_listing(html, "https://baocantho.com.vn/thoi-su/", link_selector="#topcate a")
    assert listing.article_urls == ["https://baocantho.com.vn/mot-a100001.html"]
    assert listing.next_page_url == "https://baocantho.com.vn/thoi-su?p=2"


def test_next_selector_and_rel_next() -> None:
    html = """<html><head><link rel="next" href="/xa-hoi?page=3"></head><body>
    <div class="pager"><span class="sau"><a href="/xa-hoi?page=9">Sau nữa</a></span></div>
    </body></html>"""
    url = f"{BASE}/xa-hoi?page=2"
    assert parse_listing(html, url).next_page_url == f"{BASE}/xa-hoi?page=3"
    assert parse_listing(html, url, next_selector=".sau a").next_page_url == f"{BASE}/xa-hoi?page=9"


@pytest.mark.parametrize(
    ("path", "is_article"),
    [
        ("/khen-thuong-3100001.html", True),
        ("/tap-trung-trien-khai-a196670.html", True),
        ("/song-dep-post404649.html", True),
        ("/tin-moi-155265.htm", True),
        ("/thoi-su/chinh-tri/155265.htm", True),
        ("/chinh-tri", False),
        ("/thoi-su/", False),
        ("/tags/thi-dua.html", False),
        ("/video/xem-video/", False),
        ("/trang-2.html", False),
        ("/su-kien-2024.html", False),  # a year is not an id
    ],
)
def test_article_url_shape(path: str, is_article: bool) -> None:
    assert bool(ARTICLE_URL.search(path)) is is_article


DEMO = Path(__file__).resolve().parents[1] / "demo"


def demo_expected() -> dict[str, Any]:
    path = DEMO / "expected.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


DEMO_LISTINGS = sorted(k for k, v in demo_expected().items() if "article_urls" in v)


@pytest.mark.parametrize(
    "path",
    DEMO_LISTINGS
    or [pytest.param("", marks=pytest.mark.skip(reason="demo/expected.json not built yet"))],
)
def test_demo_listing(path: str) -> None:
    """ONECMS listings need no site selector: the b-grid markup is known."""
    expected = demo_expected()[path]
    listing = parse_listing((DEMO / "site" / path).read_bytes(), expected["url"])
    assert listing.article_urls == expected["article_urls"]
    assert listing.next_page_url == expected["next_page_url"]
    assert not set(listing.article_urls) & set(expected["sidebar_article_urls"])


def test_empty_listing() -> None:
    """A category with no articles yet: nothing, and no crash on nested boilerplate."""
    listing = parse_listing(onecms_listing([]), f"{BASE}/van-hoa")
    assert listing.article_urls == [] and listing.next_page_url is None


def test_relative_links_resolve_against_base_href() -> None:
    html = """<html><head><base href="https://baoquangnam.vn/tin/"></head><body>
    <h3 class="b-grid__title"><a href="bai-mot-3100001.html">Một</a></h3>
    <a class="c-pagination__next" href="?page=2">Trang sau</a></body></html>"""
    listing = parse_listing(html, f"{BASE}/chinh-tri")
    assert listing.article_urls == [f"{BASE}/tin/bai-mot-3100001.html"]
    assert listing.next_page_url == f"{BASE}/tin/?page=2"


def test_item_dates_come_from_time_and_date_elements_only() -> None:
    html = """<html><body><div class="b-maincontent">
    <article class="story"><h3 class="story__title"><a href="/mot-3100003.html">Một</a></h3>
      <time datetime="2026-01-09T16:00:00+07:00">9/1/2026</time></article>
    <article class="story"><h3 class="story__title"><a href="/hai-3100002.html">Hai</a></h3>
      <span class="story__time">08/01/2026 - 18:21</span></article>
    <article class="story"><h3 class="story__title">
      <a href="/ba-3100001.html">Ngày 12/12/2024</a></h3>
      <p class="story__sapo">Hoàn thành trước ngày 30/6/2026.</p></article>
    </div></body></html>"""
    listing = parse_listing(html, f"{BASE}/chinh-tri")
    assert listing.published == {
        f"{BASE}/mot-3100003.html": "2026-01-09T16:00:00+07:00",
        f"{BASE}/hai-3100002.html": "2026-01-08T18:21:00+07:00",
    }


def test_item_date_is_not_taken_from_a_neighbouring_item() -> None:
    # One date for a block of two links: it belongs to neither item alone.
    html = """<html><body><div class="b-maincontent"><ul class="box">
    <li><h3 class="story__title"><a href="/mot-3100003.html">Một</a></h3></li>
    <li><h3 class="story__title"><a href="/hai-3100002.html">Hai</a></h3></li>
    <li class="date">09/01/2026</li></ul></div></body></html>"""
    assert parse_listing(html, f"{BASE}/chinh-tri").published == {}


@pytest.mark.parametrize(
    ("pager", "expected"),
    [
        # Báo Cần Thơ: the current page in bold, the others linked.
        (
            '<div id="page"><ul><li><b>1</b></li><li><a href="/thoi-su?p=2">2</a></li>'
            '<li><a href="/thoi-su?p=3">3</a></li></ul></div>',
            f"{BASE}/thoi-su?p=2",
        ),
        (
            '<div id="page"><ul><li><a href="/thoi-su?p=1">1</a></li><li><b>2</b></li>'
            '<li><a href="/thoi-su?p=3">3</a></li></ul></div>',
            f"{BASE}/thoi-su?p=3",
        ),
        # The current page marked active instead.
        (
            '<nav class="pages"><a href="/thoi-su?trang=2">2</a><span class="active">3</span>'
            '<a href="/thoi-su?trang=4">4</a></nav>',
            f"{BASE}/thoi-su?trang=4",
        ),
        # The last page: nothing after it.
        (
            '<div id="page"><ul><li><a href="/thoi-su?p=1">1</a></li><li><b>2</b></li></ul></div>',
            None,
        ),
        # A bold number in a lead is not a pager, even with a link reading "2" far away.
        (
            '<p>Giải <b>1</b> thuộc về đội A.</p><p><a href="/x">2</a> <a href="/y">Xem</a></p>',
            None,
        ),
    ],
)
def test_numbered_pager_next_page(pager: str, expected: str | None) -> None:
    html = onecms_listing(["khen-thuong-3100003"], pager="").replace(
        '<div class="c-pagination"></div>', pager
    )
    assert parse_listing(html, f"{BASE}/thoi-su").next_page_url == expected
