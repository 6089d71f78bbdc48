"""A scripted newspaper on 127.0.0.1 for night and bad-input tests, and a crawl in a subprocess.

Each path answers as the test says (any status, headers, body, a delay, a cut-off); every
request is logged with the time it arrived, so a test sees exactly what the site saw.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# No politeness delay against our own server; retries as in production unless a test says.
FAST = {
    "AUTOTHROTTLE_START_DELAY": 0.01,
    "DOWNLOAD_DELAY": 0,
    "RETRY_TIMES": 0,
    "KHENTHUONG_ALLOW_LOOPBACK": True,  # the scripted site is on 127.0.0.1
}


@dataclass
class Reply:
    """How the site answers one request."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0  # seconds before answering (timeouts)
    cut_at: int | None = None  # send only this many bytes of body, Content-Length says all
    no_length: bool = False  # no Content-Length: the body ends when the connection closes


Route = Reply | Callable[[], Reply]


@dataclass
class Site:
    """The scripted site: `routes` maps a path (with query) to its reply; `hits` logs requests."""

    base_url: str = ""
    routes: dict[str, Route] = field(default_factory=dict)
    hits: list[tuple[float, str]] = field(default_factory=list)

    def paths(self) -> list[str]:
        return [path for _, path in self.hits]

    def times(self, path: str) -> list[float]:
        return [moment for moment, hit in self.hits if hit == path]


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            site.hits.append((time.monotonic(), self.path))
            route = site.routes.get(self.path)
            reply = route() if callable(route) else route
            if reply is None:
                reply = Reply(status=404, body=b"<html><body>404</body></html>")
            if reply.delay:
                time.sleep(reply.delay)
            body = reply.body.replace(b"{origin}", site.base_url.encode())
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.no_length:
                self.send_header("Connection", "close")
                self.close_connection = True
            else:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                if reply.cut_at is not None:
                    self.wfile.write(body[: reply.cut_at])
                    self.wfile.flush()
                    self.close_connection = True
                else:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the crawler gave up (a timeout test): nothing to do

        def log_message(self, format: str, *args: object) -> None:
            pass  # requests are in site.hits

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up (timeout tests) is expected, not worth a traceback


@contextmanager
def serve(routes: dict[str, Route] | None = None) -> Iterator[Site]:
    site = Site(routes=dict(routes or {}))
    server = _QuietServer(("127.0.0.1", 0), _handler(site))
    site.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def article_html(
    number: int,
    *,
    title: str = "Tặng Bằng khen cho các tập thể có thành tích",
    sapo: str = "(QNO) - Chiều 1/3, UBND tỉnh tổ chức hội nghị tổng kết phong trào thi đua.",
    body: tuple[str, ...] = (
        "Chủ tịch UBND tỉnh tặng Bằng khen cho 5 tập thể có thành tích xuất sắc.",
        "Hội nghị cũng phát động phong trào thi đua cho năm tới.",
    ),
    published: str = "2026-03-02T08:00:00+07:00",
    author: str = "MINH AN",
    charset: str = "utf-8",
) -> str:
    """An article page in ONECMS-like markup (what `registry()`'s selectors read)."""
    paragraphs = "".join(f"<p>{p}</p>" for p in body)
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="{charset}"><title>{title}</title>'
        f'<link rel="canonical" href="{{origin}}/{path(number)}">'
        f'<meta property="article:published_time" content="{published}"></head><body>'
        '<div class="b-maincontent"><div class="sc-longform-header">'
        f'<h1 class="sc-longform-header-title">{title}</h1>'
        f'<div class="sc-longform-header-meta"><span class="block-sc-author">{author}</span></div>'
        f'<div class="sc-longform-header-text"><p class="block-sc-sapo">{sapo}</p></div></div>'
        f'<div class="entry">{paragraphs}</div></div>'
        "<footer>Bản quyền thuộc Báo Thử</footer></body></html>"
    )


def path(number: int) -> str:
    return f"tin-tuc-{number}.html"


def page(number: int, **fields: str | tuple[str, ...]) -> Reply:
    return Reply(body=article_html(number, **fields).encode())


def sitemap(*numbers: int, published: str = "2026-03-02T08:00:00+07:00") -> Reply:
    urls = "".join(
        f"<url><loc>{{origin}}/{path(n)}</loc><lastmod>{published}</lastmod></url>" for n in numbers
    )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    )
    return Reply(body=body.encode(), content_type="application/xml; charset=utf-8")


def registry(tmp_path: Path, base_url: str, **overrides: str) -> Path:
    """A registry with one source, "thu", for the scripted site."""
    entries = {
        "name": '"thu"',
        "title": '"Báo Thử"',
        "province": '"Quảng Nam"',
        "homepage": f'"{base_url}/"',
        "domains": '["127.0.0.1"]',
        "article_pattern": r"'^/[a-z0-9-]+-\d+\.html$'",
        "sitemaps": '["/sitemap.xml"]',
        **overrides,
    }
    text = "[[source]]\n" + "".join(f"{key} = {value}\n" for key, value in entries.items())
    text += '[source.prefix_provinces]\nQNO = "Quảng Nam"\n'
    text += '[source.selectors]\nbody = "div.b-maincontent .entry"\n'
    file = tmp_path / "sources.toml"
    file.write_text(text, encoding="utf-8")
    return file


CRAWL_SCRIPT = """
import dataclasses, json, sys
from crawler.runner import run_crawl
from crawler.sources import load_sources

args = json.loads(sys.argv[1])
sources = load_sources(args["registry"])
if args["demo_url"]:  # the demo paper of the project's own registry, served at demo_url
    sources = [s.rebased(args["demo_url"]) for s in sources if s.name == "demo"]
summaries = run_crawl(args["db"], sources, settings_overrides=args["settings"])
print(json.dumps([dataclasses.asdict(s) for s in summaries]))
"""


@dataclass
class Crawl:
    stats: dict
    log: str


def crawl(
    db: Path, registry_path: Path | None, demo_url: str | None = None, **settings: object
) -> Crawl:
    """One crawl of the registry's source in a fresh Python process (Scrapy cannot restart).

    With `demo_url`, the crawl is of the demo paper served there (registry_path is ignored).
    """
    args = {
        "db": str(db),
        "registry": None if demo_url else str(registry_path),
        "demo_url": demo_url,
        "settings": {**FAST, "LOG_LEVEL": "DEBUG", **settings},
    }
    (summary,), log = run_crawl_script(CRAWL_SCRIPT, args)
    return Crawl(stats=summary["stats"], log=log)


def run_crawl_script(script: str, args: dict) -> tuple[list[dict], str]:
    """Run a crawl script in a fresh Python process (Scrapy's reactor cannot restart).

    The script gets `args` as JSON in argv[1] and prints the crawl's summaries as a JSON list on
    its last line; returns them and the crawl's log (standard error).
    """
    done = subprocess.run(
        [sys.executable, "-c", script, json.dumps(args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr
