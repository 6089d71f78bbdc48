"""Where the crawler may go and how much it downloads: real crawls against hostile local sites."""

from __future__ import annotations

import contextlib
import gzip
import sqlite3
import threading
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import brotli
import pytest
from backports import zstd

from crawler import settings as production
from crawler.heuristics import parse_feed, parse_sitemap
from crawler.runner import crawl_settings
from crawler.safety import address_refusal, url_refusal
from reliability.harness import JobResult, crawl_command, run_job

MIB = 1024 * 1024
# Small enough to keep the test quick; the production limit is checked separately.
TEST_MAXSIZE = 1 * MIB
BOMB_SIZE = 64 * MIB  # what each bomb expands to: 64 times the limit


@pytest.mark.parametrize(
    ("address", "allow_loopback", "refusal"),
    [
        ("93.184.216.34", False, None),
        ("2606:2800:220:1:248:1893:25c8:1946", False, None),
        ("127.0.0.1", False, "a loopback address"),
        ("127.0.0.1", True, None),
        ("127.8.9.10", False, "a loopback address"),
        ("::1", False, "a loopback address"),
        ("::1", True, None),
        ("::ffff:127.0.0.1", False, "a loopback address"),
        ("10.0.0.5", False, "a private address"),
        ("10.0.0.5", True, "a private address"),
        ("172.16.3.4", False, "a private address"),
        ("192.168.1.1", True, "a private address"),
        ("fd00::1", False, "a private address"),
        ("169.254.169.254", False, "a link-local address"),  # cloud metadata
        ("169.254.169.254", True, "a link-local address"),
        ("fe80::1", False, "a link-local address"),
        ("0.0.0.0", True, "an unspecified address"),
        ("224.0.0.1", False, "a multicast address"),
        ("100.64.0.1", False, "a non-public address"),  # carrier-grade NAT
        ("::ffff:10.1.2.3", False, "a private address"),
    ],
)
def test_only_public_addresses_are_allowed(
    address: str, allow_loopback: bool, refusal: str | None
) -> None:
    assert address_refusal(address, allow_loopback=allow_loopback) == refusal


@pytest.mark.parametrize(
    ("url_parts", "allowed"),
    [
        (("https", "baodanang.vn"), True),
        (("https", "www.baodanang.vn"), True),
        (("http", "BAODANANG.VN."), True),
        (("https", "baodanang.vn.evil.example"), False),
        (("https", "evilbaodanang.vn"), False),
        (("https", "169.254.169.254"), False),
        (("file", "baodanang.vn"), False),
        (("ftp", "baodanang.vn"), False),
        (("https", None), False),
    ],
)
def test_only_the_sources_domains_over_http_are_allowed(
    url_parts: tuple[str, str | None], allowed: bool
) -> None:
    scheme, host = url_parts
    assert (url_refusal(scheme, host, ["baodanang.vn"]) is None) == allowed


def test_production_settings_bound_downloads_and_refuse_loopback() -> None:
    settings = crawl_settings("archive.db")
    assert 0 < settings.getint("DOWNLOAD_WARNSIZE") < settings.getint("DOWNLOAD_MAXSIZE")
    assert settings.getint("DOWNLOAD_MAXSIZE") <= 64 * MIB
    assert settings.getbool("KHENTHUONG_ALLOW_LOOPBACK") is False
    assert settings.getdict("DOWNLOADER_MIDDLEWARES")["crawler.safety.SafeDestinationMiddleware"]
    assert production.KHENTHUONG_ALLOW_LOOPBACK is False


ARTICLE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{title}</title></head><body><article><h1>{title}</h1>
<div class="entry"><p>Sáng 5/3, hội nghị tổng kết công tác thi đua năm 2025 đã diễn ra tại hội
trường tỉnh với nhiều đơn vị tham dự và phát biểu ý kiến.</p>
<p>Dịp này, UBND tỉnh tặng Bằng khen cho 4 tập thể có thành tích xuất sắc.</p></div>
</article></body></html>"""


class HostileSite(BaseHTTPRequestHandler):
    """A paper gone bad: oversized pages, compression bombs, redirects off the registry."""

    protocol_version = "HTTP/1.1"
    hits: list[tuple[str, str]]
    bombs: dict[str, tuple[str, bytes]]

    def do_GET(self) -> None:
        host = self.headers.get("Host", "")
        self.hits.append((host.split(":")[0], self.path))
        port = self.server.server_address[1]
        origin = f"http://{host}"
        if self.path == "/robots.txt":
            return self.reply(b"User-agent: *\nAllow: /\n", "text/plain")
        if self.path == "/sitemap.xml":
            names = [*self.bombs, "lon-3300001", "dong-3300002", "xa-3300003", "tot-3300009"]
            urls = "".join(f"<url><loc>{origin}/{name}.html</loc></url>" for name in names)
            body = f'<?xml version="1.0"?><urlset xmlns="{SITEMAP_NS}">{urls}</urlset>'
            return self.reply(body.encode(), "application/xml")
        if self.path == "/lon-3300001.html":  # declared huge: refused before the body comes
            return self.reply(b"<p>" + b"x" * (2 * TEST_MAXSIZE), "text/html")
        if self.path == "/dong-3300002.html":  # huge with no length: cut off while streaming
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for _ in range(2 * TEST_MAXSIZE // 65536 + 1):
                    self.wfile.write(b"<p>" + b"y" * 65533)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the crawler hung up, as it should
            self.close_connection = True
            return None
        if self.path == "/xa-3300003.html":  # a redirect to a host not in the registry
            self.send_response(302)
            self.send_header("Location", f"http://localhost:{port}/tot-3300009.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if self.path == "/tot-3300009.html":
            body = ARTICLE.format(title="Tỉnh tổng kết công tác thi đua năm 2025")
            return self.reply(body.encode(), "text/html")
        name = self.path.strip("/").removesuffix(".html")
        if name in self.bombs:
            encoding, body = self.bombs[name]
            return self.reply(body, "text/html", encoding)
        self.send_error(404)
        return None

    def reply(self, body: bytes, kind: str, encoding: str | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def make_bombs() -> dict[str, tuple[str, bytes]]:
    """Small bodies that expand to BOMB_SIZE bytes of zeros, one per Content-Encoding."""
    zeros = bytes(BOMB_SIZE)
    deflate = zlib.compressobj(9)
    return {
        "gzip-3300004": ("gzip", gzip.compress(zeros, 9)),
        "deflate-3300005": ("deflate", deflate.compress(zeros) + deflate.flush()),
        "br-3300006": ("br", brotli.compress(zeros, quality=5)),
        "zstd-3300007": ("zstd", zstd.compress(zeros)),
    }


@pytest.fixture(scope="module")
def hostile_site() -> Iterator[tuple[str, list[tuple[str, str]]]]:
    hits: list[tuple[str, str]] = []
    handler = type("Handler", (HostileSite,), {"hits": hits, "bombs": make_bombs()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


def hostile_registry(tmp_path: Path, base_url: str, domains: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(
        "[[source]]\n"
        'name = "hostile"\ntitle = "Báo Thử"\nprovince = "Quảng Nam"\n'
        f'homepage = "{base_url}/"\ndomains = {domains}\n'
        "article_pattern = '^/[a-z-]+-\\d{7}\\.html$'\n"
        'sitemaps = ["/sitemap.xml"]\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def hostile_crawl(
    tmp_path_factory: pytest.TempPathFactory, hostile_site: tuple[str, list[tuple[str, str]]]
) -> tuple[JobResult, Path, str, list[tuple[str, str]]]:
    """One crawl of the hostile site (loopback allowed, as in every test), shared by checks."""
    base_url, hits = hostile_site
    tmp_path = tmp_path_factory.mktemp("hostile")
    db = tmp_path / "archive.db"
    registry = hostile_registry(tmp_path, base_url, '["127.0.0.1"]')
    hits.clear()
    command = crawl_command(db, registry=registry, settings={"DOWNLOAD_MAXSIZE": TEST_MAXSIZE})
    return run_job(command), db, base_url, list(hits)


def test_oversized_pages_and_compression_bombs_are_refused_with_a_clear_record(
    hostile_crawl: tuple[JobResult, Path, str, list[tuple[str, str]]],
) -> None:
    result, db, base_url, _ = hostile_crawl
    assert result.returncode == 0, result.log[-3000:]
    (summary,) = result.summaries
    # Each refusal is logged as an error naming the page and the limit, and counted.
    for name in ("lon-3300001", "dong-3300002"):
        assert f"{name}.html page larger than DOWNLOAD_MAXSIZE (1048576 bytes)" in result.log
    for name in make_bombs():
        assert f"{name}.html decompression bomb refused, not archived" in result.log, name
    assert summary["stats"]["http_errors"] == 6
    with sqlite3.connect(db) as connection:
        ((runs_errors,),) = connection.execute("SELECT http_errors FROM crawl_runs").fetchall()
        pages = [url for (url,) in connection.execute("SELECT url FROM pages")]
    assert runs_errors == 6
    # Nothing of them reached the archive, and the crawl went on to the good article.
    assert pages == [f"{base_url}/tot-3300009.html"]


def test_a_redirect_off_the_registry_is_refused_and_the_rest_archived(
    hostile_crawl: tuple[JobResult, Path, str, list[tuple[str, str]]],
) -> None:
    result, db, base_url, hits = hostile_crawl
    port = base_url.rsplit(":", 1)[1]
    assert (
        f"Refused http://localhost:{port}/tot-3300009.html "
        f"(redirected from {base_url}/xa-3300003.html): host 'localhost' is not one of "
        "the source's domains ['127.0.0.1']"
    ) in result.log
    assert ("127.0.0.1", "/xa-3300003.html") in hits
    assert "localhost" not in {host for host, _ in hits}
    with sqlite3.connect(db) as connection:
        urls = [url for (url,) in connection.execute("SELECT url FROM articles")]
    assert urls == [f"{base_url}/tot-3300009.html"]  # found through the sitemap itself
    assert result.summaries[0]["stats"]["status"] == "ok"


def test_production_settings_refuse_loopback_even_by_name(
    tmp_path: Path, hostile_site: tuple[str, list[tuple[str, str]]]
) -> None:
    base_url, hits = hostile_site
    port = base_url.rsplit(":", 1)[1]
    db = tmp_path / "archive.db"
    # The registry names the host; only resolving it shows it is this machine.
    registry = hostile_registry(tmp_path, f"http://localhost:{port}", '["localhost"]')
    hits.clear()

    result = run_job(
        crawl_command(db, registry=registry, settings={"KHENTHUONG_ALLOW_LOOPBACK": False})
    )

    assert hits == []  # not even robots.txt was asked for
    assert (
        f"Refused http://localhost:{port}/sitemap.xml: localhost is a loopback address (127.0.0.1)"
    ) in result.log
    (summary,) = result.summaries
    assert summary["stats"]["status"] == "empty"
    assert result.returncode == 0


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [
  <!ENTITY a "ha">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
  <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
  <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
  <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
  <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
  <!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">
]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://baodanang.vn/a-&i;-3000001.html</loc></url>
<url><loc>https://baodanang.vn/b-3000002.html</loc></url>
</urlset>"""


def test_sitemaps_and_feeds_do_not_expand_entities() -> None:
    # 10^9 "ha"s were asked for. libxml2 stops at its amplification limit: what came before
    # the bomb is read, nothing of it is expanded, and the rest of this hostile file is lost.
    links = parse_sitemap(BILLION_LAUGHS).links
    assert [link.url for link in links] == ["https://baodanang.vn/a-"]
    feed = BILLION_LAUGHS.replace(b"urlset", b"rss").replace(b"<url><loc>", b"<item><link>")
    feed = feed.replace(b"</loc></url>", b"</link></item>")
    assert [link.url for link in parse_feed(feed)] == ["https://baodanang.vn/a-"]


def test_sitemaps_and_feeds_do_not_read_external_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY x SYSTEM "file://{secret}">]>'
        f'<urlset xmlns="{SITEMAP_NS}"><url><loc>https://baodanang.vn/&x;-3000001.html</loc>'
        "</url><url><loc>https://baodanang.vn/b-3000002.html</loc></url></urlset>"
    ).encode()
    urls = [link.url for link in parse_sitemap(xxe).links]
    assert "https://baodanang.vn/b-3000002.html" in urls
    assert not any("TOP-SECRET" in url for url in urls)
    feed = xxe.replace(b"urlset", b"rss").replace(b"<url><loc>", b"<item><link>")
    feed = feed.replace(b"</loc></url>", b"</link></item>")
    assert not any("TOP-SECRET" in link.url for link in parse_feed(feed))
