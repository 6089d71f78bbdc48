"""The journalist's view: `khenthuong serve` in a real headless Chromium."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from khenthuong.archive import Archive

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

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found: `make browser` installs Debian's chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    db_path = tmp_path_factory.mktemp("browser") / "archive.db"
    archive = Archive.open(db_path)
    for n, (title, province) in enumerate(
        [
            ("Trao Huân chương Lao động hạng Ba cho Trường THPT Lê Lợi", "Quảng Nam"),
            ("Đà Nẵng phát động phong trào thi đua năm 2026", "Đà Nẵng"),
            ("Nông dân Duy Xuyên xuống giống vụ đông", "Quảng Nam"),
        ],
        start=1,
    ):
        archive.save_article(
            {
                "url": f"https://baotest.example/bai-{n}.html",
                "title": title,
                "sapo": "Tin thử nghiệm.",
                "body": "Nội dung.",
                "published": f"2026-0{n}-15T08:00:00+07:00",
                "province": province,
                "province_today": "Đà Nẵng",
                "tags": [],
            }
        )
    archive.close()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with subprocess.Popen(
        [
            sys.executable,
            "-m",
            "khenthuong.cli",
            "serve",
            "--db",
            str(db_path),
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
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
        page = browser.new_page()
        yield page
        browser.close()


def test_search_box_finds_da_nang_without_diacritics(server: str, page, tmp_path: Path) -> None:
    page.goto(f"{server}/archive/articles")
    assert "Một dòng cho mỗi bài báo" in page.content()
    page.fill("input#_search", "da nang")
    page.press("input#_search", "Enter")
    page.wait_for_url("**_search=da+nang**")
    titles = page.locator("table.rows-and-columns td.col-title").all_inner_texts()
    assert titles == ["Đà Nẵng phát động phong trào thi đua năm 2026"]
    page.screenshot(path=str(tmp_path / "search.png"), full_page=True)


def test_export_csv_of_a_search_downloads_excel_ready_file(server: str, page) -> None:
    page.goto(f"{server}/archive/articles?_search=huan+chuong")
    page.check("input[name=_dl]")
    with page.expect_download() as download_info:
        page.click("input[type=submit][value='Export CSV']")
    body = Path(download_info.value.path()).read_bytes()
    assert body.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 byte-order mark"
    lines = body.decode("utf-8-sig").splitlines()
    assert len(lines) == 2  # the header and the one matching article
    assert "Trao Huân chương Lao động hạng Ba cho Trường THPT Lê Lợi" in lines[1]


def test_province_facet_is_shown(server: str, page) -> None:
    page.goto(f"{server}/archive/articles")
    facet = page.locator(".facet-info[data-column=province]")
    assert "Quảng Nam" in facet.inner_text()
    assert "Đà Nẵng" in facet.inner_text()


def test_column_descriptions_are_one_click_away(server: str, page) -> None:
    page.goto(f"{server}/archive/articles")
    description = page.locator("dl.column-descriptions dd").first
    assert not description.is_visible()
    assert page.locator("table.rows-and-columns").is_visible()
    page.click("details.column-descriptions-details > summary")
    assert description.is_visible()
    assert description.inner_text() == "Article id in this archive."
