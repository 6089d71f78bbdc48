"""Serve the demo newspaper over HTTP on 127.0.0.1, rewriting its origin to the served one.

The files in demo/site name their own origin, https://baoquangnam.demo, in canonical links,
sitemaps and feeds. In text responses the server replaces it with http://127.0.0.1:<port>, so
the served site is self-consistent on any port. `/chinh-tri?page=2` (or `?p=2`, as Báo Cần
Thơ pages) is served from `chinh-tri/page-2.html` and `/chinh-tri` from `chinh-tri/index.html`.
The other markup families (demo/families.py) are served the same way from their own roots.

    python -m demo.server --port 8765 [--root DIR]
"""

from __future__ import annotations

import argparse
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import parse_qs, unquote, urlsplit

SITE_DIR = Path(__file__).resolve().parent / "site"
DEMO_ORIGIN = "https://baoquangnam.demo"

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".gif": "image/gif",
}
# Only these carry the origin and get it rewritten; images are passed through untouched.
TEXT_SUFFIXES = {".html", ".xml", ".rss", ".txt"}

NOT_FOUND_PAGE = (
    '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>404</title></head>'
    "<body><h1>Không tìm thấy trang</h1></body></html>"
)


def resolve(root: Path, target: str) -> Path | None:
    """Map a request target to a file under root, or None when there is none.

    A directory answers with its index.html, or with page-N.html for `?page=N` or `?p=N` (N > 1).
    """
    parts = urlsplit(target)
    relative = unquote(parts.path).lstrip("/")
    candidate = (root / relative).resolve()
    if not candidate.is_relative_to(root):
        return None  # "/../" tricks stay inside the site
    if candidate.is_dir():
        query = parse_qs(parts.query)
        page = (query.get("page") or query.get("p") or ["1"])[0]
        if not page.isdigit() or int(page) < 1:
            return None
        name = "index.html" if int(page) == 1 else f"page-{int(page)}.html"
        candidate = candidate / name
    return candidate if candidate.is_file() else None


class DemoHandler(BaseHTTPRequestHandler):
    """Answers GET and HEAD from the site directory given by the server."""

    server: DemoHTTPServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self.respond(send_body=True)

    def do_HEAD(self) -> None:
        self.respond(send_body=False)

    def respond(self, send_body: bool) -> None:
        self.server.requests.append(self.path)
        path = resolve(self.server.root, self.path)
        if path is None:
            status = HTTPStatus.NOT_FOUND
            content_type = CONTENT_TYPES[".html"]
            body = NOT_FOUND_PAGE.encode("utf-8")
        else:
            status = HTTPStatus.OK
            content_type = CONTENT_TYPES.get(path.suffix, "application/octet-stream")
            body = path.read_bytes()
            if path.suffix in TEXT_SUFFIXES:
                text = body.decode("utf-8").replace(DEMO_ORIGIN, self.server.base_url)
                body = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: tests and `make demo` do not want a line per request on stderr."""


class DemoHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server that knows its site root and its own origin."""

    daemon_threads = True

    def __init__(self, root: Path, port: int) -> None:
        self.root = root.resolve()
        self.requests: list[str] = []  # every request target, in order: what a crawl asked for
        super().__init__(("127.0.0.1", port), DemoHandler)
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"


class DemoServer:
    """A demo site served from a background thread; use it as a context manager."""

    def __init__(self, root: Path, port: int = 0) -> None:
        self.httpd = DemoHTTPServer(root, port)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self) -> str:
        """The served origin, e.g. http://127.0.0.1:8765 (no trailing slash)."""
        return self.httpd.base_url

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def requests(self) -> list[str]:
        """Every request target the site received (path and query), in order."""
        return self.httpd.requests

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()

    def __enter__(self) -> DemoServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def serve_demo(root: Path = SITE_DIR, port: int = 0) -> DemoServer:
    """Start serving root on 127.0.0.1:port (0 picks a free port) and return the running server."""
    return DemoServer(root, port)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the demo newspaper on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8765, help="port to listen on (0: any free)")
    parser.add_argument("--root", type=Path, default=SITE_DIR, help="site directory to serve")
    args = parser.parse_args(argv)
    if not (args.root / "index.html").is_file():
        parser.error(f"{args.root} has no index.html: run `python -m demo.build_site` first")
    server = DemoHTTPServer(args.root, args.port)
    print(f"Serving the demo newspaper at {server.base_url}/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
