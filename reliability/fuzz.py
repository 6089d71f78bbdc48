"""Mutation fuzzing of page, listing, date and award parsing with real and demo pages.

Each input is a seed page (the demo paper, the test fixtures, and the real saved pages of
../shared when present) put through one mutation: truncation, byte flips, invalid UTF-8,
10,000-deep nesting, a page grown to a given size, a splice of two pages, markup noise or a
lying charset. Every parser is called on it; the only exception allowed out is the documented
ParseError of page parsing (recorded by the archive as the page's failure). Each call is timed,
and a watchdog ends the process (with a traceback) if one call hangs.
"""

from __future__ import annotations

import faulthandler
import hashlib
import random
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.heuristics import parse_feed, parse_sitemap
from parsers.article import ParseError, parse_article
from parsers.dates import parse_date
from parsers.extract import analyse_article
from parsers.listing import parse_listing

ROOT = Path(__file__).resolve().parents[1]
SHARED_PAGES = ROOT.parent / "shared" / "corpus" / "pages"
SEED_DIRS = (ROOT / "demo" / "site", ROOT / "tests" / "fixtures")
URL = "https://baodanang.vn/tong-ket-thi-dua-3300001.html"
NESTING = 10_000
WATCHDOG_SECONDS = 300  # only a hang trips it; the slowest real call is far below


def seed_pages(shared: Path | None = SHARED_PAGES) -> list[tuple[str, bytes]]:
    """(name, bytes) of every HTML and XML page the fuzzer mutates."""
    paths = [
        path
        for directory in (*SEED_DIRS, shared)
        if directory is not None and directory.is_dir()
        for path in sorted(directory.rglob("*"))
        if path.suffix in {".html", ".xml", ".rss"}
    ]
    return [(str(path.relative_to(path.parents[1])), path.read_bytes()) for path in paths]


# --- mutations: (rng, page, other page, size for grown pages) -> mutated bytes ---------------

Mutation = Callable[[random.Random, bytes, bytes, int], bytes]

_BAD_UTF8 = (
    b"\xff",
    b"\xfe\xff",
    b"\xc3",  # a lead byte without its continuation
    b"\x80\x80",  # continuations without a lead
    b"\xed\xa0\x80",  # an encoded surrogate
    b"\xe0\x80\xaf",  # overlong
    b"\xf4\x90\x80\x80",  # beyond U+10FFFF
    b"\x00",
)
_NOISE = (
    b"<p>",
    b"</div>",
    b"<!--",
    b"<![CDATA[",
    b"<script>",
    b"</html>",
    b"<table><tr><td>",
    b"&#xD800;",
    b"&#99999999;",
    b'<meta charset="utf-16">',
    b'<base href="javascript:alert(1)">',
    b'<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": ',
    b"\xe2\x80\xae",  # right-to-left override
)
_CHARSETS = (b"windows-1258", b"iso-8859-1", b"utf-16", b"x-unknown", b"utf-7", b"")


def truncate(rng: random.Random, page: bytes, other: bytes, size: int) -> bytes:
    return page[: rng.randrange(len(page) + 1)]


def flip_bytes(rng: random.Random, page: bytes, other: bytes, size: int) -> bytes:
    data = bytearray(page)
    for _ in range(rng.randint(1, 64)):
        if data:
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return bytes(data)


def _insert(rng: random.Random, page: bytes, pieces: tuple[bytes, ...], most: int) -> bytes:
    """`page` with 1 to `most` of `pieces` inserted at random places."""
    data = bytearray(page)
    for _ in range(rng.randint(1, most)):
        at = rng.randrange(len(data) + 1)
        data[at:at] = rng.choice(pieces)
    return bytes(data)


def invalid_utf8(rng: random.Random, page: bytes, other: bytes, size: int) -> bytes:
    return _insert(rng, page, _BAD_UTF8, 32)


def deep_nesting(rng: random.Random, page: bytes, other: bytes, size: int) -> bytes:
    tag = rng.choice((b"div", b"b", b"span", b"table", b"ul", b"p", b"font"))
    opening = b"<" + tag + b">"
    nest = opening * NESTING + b"khen thuong" + (b"</" + tag + b">") * rng.choice((0, NESTING))
    at = page.find(b"<body")
    at = page.find(b">", at) + 1 if at >= 0 else rng.randrange(len(page) + 1)
    return page[:at] + nest + page[at:]


def grow(rng: random.Random, page: bytes, other: bytes, size: int) -> bytes:
    """The page with its body's middle repeated until it weighs `size` bytes."""
    middle = len(page) // 2
    chunk = page[middle : middle + 4096] or b"<p>khen thuong</p>"
    copies = max(1, (size - len(page)) // len(chunk) + 1)
    return page[:middle] + chunk * copies + page[middle:]


def splice(rng: random.Random, page: bytes, other: bytes, size: int) -> bytes:
    start, end = sorted(rng.randrange(len(page) + 1) for _ in range(2))
    o_start, o_end = sorted(rng.randrange(len(other) + 1) for _ in range(2))
    return page[:start] + other[o_start:o_end] + page[end:]


def markup_noise(rng: random.Random, page: bytes, other: bytes, size: int) -> bytes:
    return _insert(rng, page, _NOISE, 40)


def lying_charset(rng: random.Random, page: bytes, other: bytes, size: int) -> bytes:
    return page.replace(b"utf-8", rng.choice(_CHARSETS)).replace(b"UTF-8", rng.choice(_CHARSETS))


MUTATIONS: dict[str, Mutation] = {
    "truncate": truncate,
    "flip_bytes": flip_bytes,
    "invalid_utf8": invalid_utf8,
    "deep_nesting": deep_nesting,
    "splice": splice,
    "markup_noise": markup_noise,
    "lying_charset": lying_charset,
}


# --- the parsers under test -------------------------------------------------------------------


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def fuzz_parse_article(data: bytes) -> Any:
    try:
        return parse_article(data, URL)
    except ParseError:
        return None  # documented: the archive records it as the page's failure


def fuzz_parse_listing(data: bytes) -> Any:
    try:
        return parse_listing(data, URL)
    except ParseError:
        return None  # an empty page, the only one Page refuses


def fuzz_analyse_article(data: bytes) -> Any:
    """Award extraction on the parsed article when there is one, else on the raw text."""
    try:
        article = parse_article(data, URL)
        title, sapo, body = article.title, article.sapo, "\n\n".join(article.body)
        published = article.published
    except ParseError:
        text = _text(data)
        title, sapo, body, published = text[:200], text[200:600], text[600:], None
    return analyse_article(title, sapo, body, published).as_output(1)


def fuzz_parse_date(data: bytes) -> Any:
    """Dates read from windows of the mutated page's text (where bylines print them)."""
    text = _text(data)
    step = max(1, len(text) // 40)
    return [parse_date(text[i : i + 60]) for i in range(0, len(text), step)]


def fuzz_sitemap_and_feed(data: bytes) -> Any:
    return parse_sitemap(data), parse_feed(data)


TARGETS: dict[str, Callable[[bytes], Any]] = {
    "parse_article": fuzz_parse_article,
    "parse_listing": fuzz_parse_listing,
    "analyse_article": fuzz_analyse_article,
    "parse_date": fuzz_parse_date,
    "parse_sitemap+feed": fuzz_sitemap_and_feed,
}


@dataclass
class Escape:
    """An exception that escaped a parser, with what reproduces it."""

    target: str
    mutation: str
    seed_page: str
    sha256: str
    error: str


@dataclass
class FuzzReport:
    inputs: int = 0
    calls: dict[str, int] = field(default_factory=dict)
    escapes: list[Escape] = field(default_factory=list)
    worst: dict[str, dict[str, Any]] = field(default_factory=dict)  # per target: seconds, input
    largest_input: int = 0

    def record(self, target: str, seconds: float, described: dict[str, Any]) -> None:
        self.calls[target] = self.calls.get(target, 0) + 1
        if seconds > self.worst.get(target, {}).get("seconds", -1.0):
            self.worst[target] = {"seconds": round(seconds, 4), **described}


def mutated_inputs(
    seeds: list[tuple[str, bytes]],
    count: int,
    seed: int,
    large_sizes: tuple[int, ...] = (),
) -> Iterator[tuple[str, str, bytes]]:
    """(mutation, seed page, bytes): `count` mutations drawn from `seed`, then one grown page
    per size in `large_sizes`."""
    rng = random.Random(seed)
    names = sorted(MUTATIONS)
    for index in range(count):
        name = names[index % len(names)]  # every mutation equally often
        page_name, page = rng.choice(seeds)
        _, other = rng.choice(seeds)
        yield name, page_name, MUTATIONS[name](rng, page, other, 0)
    articles = [(n, p) for n, p in seeds if n.endswith(".html")]
    for size in large_sizes:
        page_name, page = rng.choice(articles)
        yield f"grow to {size} bytes", page_name, grow(rng, page, page, size)


def run_fuzz(
    seeds: list[tuple[str, bytes]],
    count: int,
    seed: int,
    large_sizes: tuple[int, ...] = (),
    watchdog: float = WATCHDOG_SECONDS,
) -> FuzzReport:
    """Every target on every mutated input; escapes and the slowest call of each kept."""
    report = FuzzReport()
    for mutation, page_name, data in mutated_inputs(seeds, count, seed, large_sizes):
        report.inputs += 1
        report.largest_input = max(report.largest_input, len(data))
        digest = hashlib.sha256(data).hexdigest()[:16]
        for target, call in TARGETS.items():
            faulthandler.dump_traceback_later(watchdog, exit=True)
            began = time.perf_counter()
            try:
                call(data)
            except Exception as error:  # the finding this fuzzer exists to make
                report.escapes.append(Escape(target, mutation, page_name, digest, _describe(error)))
            finally:
                faulthandler.cancel_dump_traceback_later()
            described = {"mutation": mutation, "page": page_name, "bytes": len(data)}
            report.record(target, time.perf_counter() - began, described)
    return report


def _describe(error: Exception) -> str:
    frames = traceback.extract_tb(error.__traceback__)[-2:]
    where = "; ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in frames)
    return f"{type(error).__name__}: {str(error)[:200]} at {where}"
