"""The journalist's view: `khenthuong serve` on the demo archive, in a real headless Chromium.

The archive is the demo paper crawled by `khenthuong demo --no-serve`, plus the hostile articles
of tests/hostile.py. Set KHENTHUONG_SCREENSHOTS=DIR (`make screenshots`) to also save the main
pages as PNG files in DIR.
"""

import csv
import io
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote_plus
from xml.etree import ElementTree

import pytest
from hostile import IMG_TITLE, SCRIPT_TITLE, save_hostile

from khenthuong.archive import Archive
from khenthuong.search import fts_query

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Chromium reaches for Google's services at start; this machine's closed network refuses them.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ATOM = "{http://www.w3.org/2005/Atom}"
SCREENSHOTS = os.environ.get("KHENTHUONG_SCREENSHOTS")

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found: `make browser` installs Debian's chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    path = tmp_path_factory.mktemp("browser") / "archive.db"
    demo = [sys.executable, "-m", "khenthuong.cli", "demo", "--no-serve", "--db", str(path)]
    subprocess.run(
        [*demo, "--site-port", "0"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    archive = Archive.open(path)
    save_hostile(archive)
    archive.close()
    return path


@pytest.fixture(scope="module")
def server(db_path: Path) -> Iterator[str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "khenthuong.cli", "serve", "--db", str(db_path)]
    with subprocess.Popen(
        [*command, "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    ) as process:
        try:
            _wait_for(base, process)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=10)


def _wait_for(base: str, process: subprocess.Popen) -> None:
    for _ in range(100):
        if process.poll() is not None:
            raise RuntimeError(f"datasette exited: {process.stdout.read().decode()}")
        try:
            urllib.request.urlopen(f"{base}/-/versions.json", timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("datasette did not answer within 10 seconds")


@pytest.fixture(scope="module")
def page(server: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": 1280, "height": 800}, accept_downloads=True
        )
        yield context.new_page()
        browser.close()


def rows(db_path: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(db_path) as connection:
        return connection.execute(sql, params).fetchall()


def screenshot(page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"))


def test_search_page_ranks_the_demo_award_articles_first(server: str, page, db_path: Path) -> None:
    page.goto(f"{server}/archive/search")
    assert page.locator("h1").first.inner_text() == "Tìm kiếm / Search"
    page.fill("input[name=q]", "khen thuong")
    page.click("input[type=submit]")
    page.wait_for_url("**q=khen+thuong**")
    titles = page.locator("table.rows-and-columns td.col-title").all_inner_texts()
    award_news = {t for (t,) in rows(db_path, "SELECT title FROM articles WHERE relevant = 1")}
    matching = rows(
        db_path,
        "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?",
        fts_query("khen thuong"),
    )[0][0]
    assert len(titles) == matching
    matching_award_news = [t for t in titles if t in award_news]
    assert len(matching_award_news) >= 10
    assert titles[: len(matching_award_news)] == matching_award_news, "award news first"
    marks = page.locator("td.col-snippet mark").all_inner_texts()
    assert {m.lower() for m in marks} >= {"khen thưởng"}
    first_link = page.locator("td.col-title a").first
    assert first_link.get_attribute("href").startswith("/archive/articles/")
    screenshot(page, "search")


def test_table_search_box_still_works_without_diacritics(server: str, page) -> None:
    page.goto(f"{server}/archive/articles")
    assert "Một dòng cho mỗi bài báo" in page.content()
    page.fill("input#_search", "da nang")
    page.press("input#_search", "Enter")
    page.wait_for_url("**_search=da+nang**")
    titles = page.locator("table.rows-and-columns td.col-title").all_inner_texts()
    assert "Đà Nẵng tổng kết công tác thi đua, khen thưởng năm 2025" in titles
    page.fill("input#_search", "1234/QĐ-UBND")
    page.press("input#_search", "Enter")
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text() == "Bài báo / Articles"


def test_clicking_a_province_facet_narrows_the_award_facts(
    server: str, page, db_path: Path
) -> None:
    page.goto(f"{server}/archive/awards")
    screenshot(page, "awards-facets")
    facet = page.locator(".facet-info[data-column=province_today]")
    facet.get_by_role("link", name="Đà Nẵng").click()
    page.wait_for_url("**province_today=**")
    expected = rows(db_path, "SELECT count(*) FROM awards WHERE province_today = 'Đà Nẵng'")[0][0]
    assert f"{expected} row" in page.locator("h3").first.inner_text()
    provinces = set(page.locator("td.col-province_today").all_inner_texts())
    assert provinces == {"Đà Nẵng"}
    # Foreign keys show what they point to: the article's title, not its id.
    article_cells = page.locator("td.col-article_id a").all_inner_texts()
    assert article_cells and not any(cell.strip().isdigit() for cell in article_cells)


def test_the_charts_draw(server: str, page) -> None:
    errors: list[str] = []
    data: list = []
    listeners = {
        "pageerror": lambda error: errors.append(str(error)),
        "console": lambda message: message.type == "error" and errors.append(message.text),
        "response": lambda r: "/archive.json?sql=" in r.url and data.append(r),
    }
    for event, listener in listeners.items():
        page.on(event, listener)
    drawn = page.locator(".vega-embed canvas, .vega-embed svg.marks")
    try:
        page.goto(f"{server}/-/dashboards")
        page.get_by_role("link", name="Biểu đồ khen thưởng / Award charts").click()
        page.wait_for_url("**/-/dashboards/khen-thuong")
        drawn.nth(3).wait_for(timeout=15000)
        assert drawn.count() == 4
        screenshot(page, "charts")
        # The province filter narrows every chart: each chart's data comes filtered.
        data.clear()
        page.select_option("select#province_today", "Cần Thơ")
        page.click("input[type=submit][value=Apply]")
        page.wait_for_url("**province_today=C%E1%BA%A7n+Th%C6%A1**")
        drawn.nth(3).wait_for(timeout=15000)
        [by_province] = [r.json()["rows"] for r in data if "by province" in unquote_plus(r.url)]
        assert {row["province"] for row in by_province} == {"Cần Thơ"}
        page.goto(f"{server}/-/dashboards/khen-thuong/awards-by-province")
        drawn.first.wait_for(timeout=15000)
    finally:
        for event, listener in listeners.items():
            page.remove_listener(event, listener)
    assert errors == []


def download(page, selector: str) -> bytes:
    with page.expect_download() as info:
        page.click(selector)
    return Path(info.value.path()).read_bytes()


def test_excel_csv_downloads_with_bom_and_intact_vietnamese(
    server: str, page, db_path: Path
) -> None:
    page.goto(f"{server}/archive/articles?_search=huan+chuong")
    body = download(page, "a.excel-csv")
    assert body.startswith(b"\xef\xbb\xbfid,url,"), "Excel needs the UTF-8 byte-order mark"
    found = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    expected = rows(
        db_path,
        "SELECT articles.title FROM articles JOIN articles_fts ON articles_fts.rowid = articles.id "
        "WHERE articles_fts MATCH ?",
        fts_query("huan chuong"),
    )
    assert sorted(r["title"] for r in found) == sorted(t for (t,) in expected)
    assert "Trường THCS Nguyễn Duy Hiệu đón nhận Huân chương Lao động hạng Ba" in {
        r["title"] for r in found
    }
    # The export form's Excel option gives the same file.
    page.check("input[name=_excel]")
    assert download(page, "input[type=submit][value='Export CSV']") == body


def test_search_page_downloads_every_match_for_excel(server: str, page, db_path: Path) -> None:
    page.goto(f"{server}/archive/search?q=khen+thuong&province=")
    body = download(page, "a.excel-csv-all")
    assert body.startswith(b"\xef\xbb\xbf")
    found = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    shown = page.locator("table.rows-and-columns td.col-title").count()
    assert len(found) == shown


def test_atom_feed_of_a_saved_search(server: str, db_path: Path) -> None:
    url = f"{server}/archive/new_award_articles.atom?q=huan+chuong&province=quang+nam"
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.headers["content-type"].startswith("application/xml")
        feed = ElementTree.fromstring(response.read())
    assert feed.tag == f"{ATOM}feed"
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]
    expected = rows(
        db_path,
        "SELECT title FROM articles WHERE relevant = 1 "
        "AND 'Quảng Nam' IN (province, province_today) AND id IN "
        "(SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?) ORDER BY published DESC",
        fts_query("huan chuong"),
    )
    assert titles == [t for (t,) in expected]
    assert titles


@pytest.mark.parametrize(
    "path",
    [
        "/archive/articles?_sort=published",
        "/archive/articles/{script}",
        "/archive/articles/{img}",
        "/archive/awards?_sort=date",
        "/archive/search?q=ky+la&province=",
        "/archive/articles?_search=ky+la",
        "/archive/new_award_articles?q=&province=",
    ],
)
def test_hostile_article_text_is_shown_and_never_run(
    server: str, page, db_path: Path, path: str
) -> None:
    ids = dict(rows(db_path, "SELECT title, id FROM articles"))
    page.goto(server + path.format(script=ids[SCRIPT_TITLE], img=ids[IMG_TITLE]))
    page.wait_for_load_state("load")
    assert page.evaluate("window.pwned") is None
    text = page.locator("body").inner_text()
    assert "window.pwned" in text, "the hostile text is shown as text"
    live = page.locator("a[href^='javascript:' i], iframe, img[src=x]")
    assert live.count() == 0
    assert page.evaluate("window.pwned") is None


def test_column_descriptions_are_one_click_away(server: str, page) -> None:
    page.goto(f"{server}/archive/articles")
    description = page.locator("dl.column-descriptions dd").first
    assert not description.is_visible()
    assert page.locator("table.rows-and-columns").is_visible()
    screenshot(page, "articles")
    page.click("details.column-descriptions-details > summary")
    assert description.is_visible()
    assert description.inner_text() == "Mã bài trong kho / article id in this archive."


def test_robots_are_turned_away(server: str) -> None:
    with urllib.request.urlopen(f"{server}/robots.txt", timeout=10) as response:
        assert response.read().decode().splitlines() == ["User-agent: *", "Disallow: /"]
