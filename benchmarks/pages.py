"""Benchmark 1, page processing: parse_article plus relevance and award extraction of one page,
against the floor (lxml's bare parse of the same bytes) and a peer (trafilatura's
bare_extraction with metadata), with the accuracy of both against the pages' expected.json.

Accuracy, per field, is the share of pages where the field is right:
- title: equal after collapsing whitespace;
- date: the publication day equal (trafilatura gives a day, no time);
- author: equal after collapsing whitespace, ignoring case;
- body: the body score, the harmonic mean of containment (share of `body_must_contain`
  sentences found in the extracted text) and exclusion (share of `body_must_not_contain`
  boilerplate, menus and sidebars, absent from it). The extracted text is title, lead and body
  for both extractors, whitespace collapsed.
"""

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html

from benchmarks.measure import ROOT, median, per_call
from parsers.article import Article, ParseError, Selectors, parse_article
from parsers.extract import analyse_article
from parsers.text import normalize_space

DEMO_SITE = ROOT / "demo" / "site"
DEMO_ORIGIN = "https://baoquangnam.demo"


def shared_pages_dir() -> Path:
    """../shared/corpus/pages, or where KHENTHUONG_SHARED points (a worktree sits elsewhere)."""
    shared = Path(os.environ.get("KHENTHUONG_SHARED", ROOT.parent / "shared"))
    return shared / "corpus" / "pages"


@dataclass
class BenchPage:
    url: str
    html: bytes
    expected: dict


def page_sets() -> dict[str, list[BenchPage]]:
    """The real saved article pages (when ../shared is here) and the demo's article pages."""
    sets: dict[str, list[BenchPage]] = {}
    shared = shared_pages_dir()
    if (shared / "expected.json").exists():
        expected = json.loads((shared / "expected.json").read_text("utf-8"))
        sets["real"] = [
            BenchPage(value["url"], (shared / name).read_bytes(), value)
            for name, value in sorted(expected.items())
            if "body_must_contain" in value and (shared / name).exists()
        ]
    expected = json.loads((ROOT / "demo" / "expected.json").read_text("utf-8"))
    sets["demo"] = [
        BenchPage(f"{DEMO_ORIGIN}/{name}", (DEMO_SITE / name).read_bytes(), value)
        for name, value in sorted(expected.items())
        if "body_must_contain" in value
    ]
    return {name: pages for name, pages in sets.items() if pages}


def process(html: bytes, url: str, selectors: Selectors | None = None) -> tuple[Article, object]:
    """What the archive does with a fetched page: parse it (with its source's selectors, if
    given), then decide and extract awards."""
    article = parse_article(html, url, selectors)
    body = "\n\n".join(article.body)
    analysis = analyse_article(article.title, article.sapo, body, article.published)
    return article, analysis


def trafilatura_extract(html: bytes, url: str) -> dict:
    import trafilatura

    document = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    return document.as_dict() if document is not None else {}


def _same(a: str | None, b: str | None, fold_case: bool = False) -> bool:
    a, b = normalize_space(a or ""), normalize_space(b or "")
    return bool(a) and (a.casefold() == b.casefold() if fold_case else a == b)


def body_score(text: str, expected: dict) -> float:
    """Harmonic mean of containment and exclusion (see the module docstring)."""
    text = normalize_space(text)
    must = expected.get("body_must_contain") or []
    must_not = expected.get("body_must_not_contain") or []
    containment = sum(normalize_space(s) in text for s in must) / len(must) if must else 1.0
    leaked = sum(normalize_space(s) in text for s in must_not) / len(must_not) if must_not else 0.0
    exclusion = 1 - leaked
    total = containment + exclusion
    return 2 * containment * exclusion / total if total else 0.0


def accuracy_ours(page: BenchPage) -> dict[str, float]:
    try:
        article = parse_article(page.html, page.url)
    except ParseError:
        return {"title": 0.0, "date": 0.0, "author": 0.0, "body": 0.0}
    expected = page.expected
    text = " ".join([article.title, article.sapo, *article.body])
    return {
        "title": float(_same(article.title, expected.get("title"))),
        "date": float((article.published or "")[:10] == (expected.get("published") or "")[:10]),
        "author": float(_same(article.author, expected.get("author"), fold_case=True)),
        "body": body_score(text, expected),
    }


def accuracy_trafilatura(page: BenchPage) -> dict[str, float]:
    found = trafilatura_extract(page.html, page.url)
    expected = page.expected
    text = " ".join(str(found.get(k) or "") for k in ("title", "text"))
    return {
        "title": float(_same(found.get("title"), expected.get("title"))),
        "date": float((found.get("date") or "")[:10] == (expected.get("published") or "")[:10]),
        "author": float(_same(found.get("author"), expected.get("author"), fold_case=True)),
        "body": body_score(text, expected),
    }


@dataclass
class PageSetResult:
    pages: int
    floor_ms: float
    ours_ms: float
    parse_ms: float
    trafilatura_ms: float
    ours_over_floor: float  # median over pages of the per-page median ratio
    ours_over_floor_worst: float
    trafilatura_over_ours: float
    accuracy_ours: dict[str, float] = field(default_factory=dict)
    accuracy_trafilatura: dict[str, float] = field(default_factory=dict)


def measure_set(pages: list[BenchPage], repetitions: int) -> PageSetResult:
    """Interleave the three on each page, so a burst of load hits all of them alike."""
    times: dict[str, list[list[float]]] = {k: [] for k in ("floor", "ours", "parse", "peer")}
    for page in pages:
        runs: dict[str, list[float]] = {k: [] for k in times}
        calls: dict[str, Callable[[], object]] = {
            "floor": lambda page=page: lxml.html.fromstring(page.html),
            "ours": lambda page=page: process(page.html, page.url),
            "parse": lambda page=page: parse_article(page.html, page.url),
            "peer": lambda page=page: trafilatura_extract(page.html, page.url),
        }
        for _ in range(repetitions):
            for name, call in calls.items():
                number = 1 if name == "peer" else 3
                runs[name].append(per_call(call, number, clock=time.process_time))
        for name in times:
            times[name].append(runs[name])
    per_page = {name: [median(runs) for runs in values] for name, values in times.items()}
    ratios = [
        median([o / f for o, f in zip(ours, floor, strict=True)])
        for ours, floor in zip(times["ours"], times["floor"], strict=True)
    ]
    peer_ratios = [
        median([p / o for p, o in zip(peer, ours, strict=True)])
        for peer, ours in zip(times["peer"], times["ours"], strict=True)
    ]
    ours_acc = [accuracy_ours(page) for page in pages]
    peer_acc = [accuracy_trafilatura(page) for page in pages]
    fields = ("title", "date", "author", "body")
    return PageSetResult(
        pages=len(pages),
        floor_ms=median(per_page["floor"]) * 1e3,
        ours_ms=median(per_page["ours"]) * 1e3,
        parse_ms=median(per_page["parse"]) * 1e3,
        trafilatura_ms=median(per_page["peer"]) * 1e3,
        ours_over_floor=median(ratios),
        ours_over_floor_worst=max(ratios),
        trafilatura_over_ours=median(peer_ratios),
        accuracy_ours={f: sum(a[f] for a in ours_acc) / len(pages) for f in fields},
        accuracy_trafilatura={f: sum(a[f] for a in peer_acc) / len(pages) for f in fields},
    )


def run(repetitions: int = 5) -> dict[str, PageSetResult]:
    return {name: measure_set(pages, repetitions) for name, pages in page_sets().items()}
