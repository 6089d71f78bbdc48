"""How well generic extraction reads article pages with no site selectors (`make eval`).

Each page set pairs saved article pages with the values a person read off them: the real pages
in ../shared/corpus/pages, the ONECMS demo paper and the two other demo markup families. Every
page is parsed with `parse_article(html, url)` and no selectors, so what is measured is the
cascade of JSON-LD, Open Graph and article meta tags, then the markup heuristics. A field counts
as right only when it equals the expected value exactly (the time to the minute); the body when
its paragraphs are the expected ones, or, where only a sample was written down, when it has the
expected number of paragraphs, holds each expected sentence once and none of the page's
surrounding text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from khenthuong.health import aligned_lines
from parsers.article import Article, ParseError, parse_article

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED_PAGES = PROJECT_ROOT.parent / "shared" / "corpus" / "pages"
DEMO = PROJECT_ROOT / "demo"
FIELDS = (
    "url",
    "title",
    "published",
    "author",
    "sapo_prefix",
    "sapo",
    "tags",
    "image_captions",
    "body",
)


@dataclass(frozen=True)
class Page:
    """A saved article page and what it must give."""

    name: str
    path: Path
    expected: dict[str, Any]


@dataclass
class SetScore:
    """Per field, how many pages of a set gave exactly the expected value."""

    name: str
    pages: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    misses: list[tuple[str, str]] = field(default_factory=list)  # (page, field)

    def accuracy(self, name: str) -> float:
        return self.right[name] / self.pages if self.pages else 0.0


def page_sets() -> dict[str, list[Page]]:
    """Every page set present here; ../shared's is left out when it is absent."""
    sets: dict[str, list[Page]] = {}
    if (SHARED_PAGES / "expected.json").is_file():
        sets["real pages (../shared)"] = list(
            _expected_pages(SHARED_PAGES / "expected.json", SHARED_PAGES)
        )
    sets["demo ONECMS"] = list(_expected_pages(DEMO / "expected.json", DEMO / "site"))
    for family in ("cantho", "laocai"):
        expected = json.loads((DEMO / "families" / family / "expected.json").read_text("utf-8"))
        site = DEMO / "families" / family / "site"
        sets[f"demo {family}"] = [
            Page(name, site / name, values) for name, values in expected["articles"].items()
        ]
    return sets


def _expected_pages(expected_file: Path, site: Path) -> Iterator[Page]:
    """Pages of an expected.json written as ../shared's is (a sample of the body)."""
    expected = json.loads(expected_file.read_text("utf-8"))
    for name, values in sorted(expected.items()):
        if isinstance(values, dict) and "body_paragraphs" in values:
            yield Page(name, site / name, values)


def field_right(article: Article, expected: dict[str, Any], name: str) -> bool:
    """Does the parsed article give the expected value of one field?"""
    if name == "published":
        got = article.published or ""
        return got[:16] + got[19:] == expected["published"]
    if name == "body":
        body = list(article.body)
        if "body" in expected:
            return body == expected["body"]
        everything = " ".join([article.title, article.sapo, *body])
        return (
            len(body) == expected["body_paragraphs"]
            and all(sum(s in p for p in body) == 1 for s in expected["body_must_contain"])
            and not any(text in everything for text in expected["body_must_not_contain"])
        )
    value = getattr(article, name)
    return (list(value) if isinstance(value, tuple) else value) == expected[name]


def score(name: str, pages: list[Page]) -> SetScore:
    """Parse every page of a set without selectors and count the fields it got right."""
    result = SetScore(name)
    for page in pages:
        result.pages += 1
        try:
            article = parse_article(page.path.read_bytes(), page.expected["url"])
        except ParseError:
            result.misses.extend((page.name, f) for f in FIELDS)
            continue
        for f in FIELDS:
            if field_right(article, page.expected, f):
                result.right[f] += 1
            else:
                result.misses.append((page.name, f))
    return result


def report(scores: list[SetScore]) -> str:
    """A table: one row per page set, the share of pages right for each field."""
    header = ["set", "pages", *FIELDS]
    lines = [header]
    for s in scores:
        lines.append([s.name, str(s.pages), *(f"{s.accuracy(f):.2f}" for f in FIELDS)])
    text = "\n".join(aligned_lines(lines))
    misses = [f"  {s.name}: {page} {f}" for s in scores for page, f in s.misses]
    return text + ("\nmisses:\n" + "\n".join(misses) if misses else "\nno field missed")


def main() -> None:
    print("Generic extraction, no site selectors (share of pages with the exact value):")
    print(report([score(name, pages) for name, pages in page_sets().items()]))


if __name__ == "__main__":
    main()
