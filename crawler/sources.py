"""The source registry: which papers to crawl, how to discover their articles, parse hints."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from crawler.heuristics import GENERIC_ARTICLE_PATTERN, host_in_domains, is_article_url
from khenthuong.provinces import province_map
from parsers.article import Selectors

REGISTRY_PATH = Path(__file__).with_name("sources.toml")
DEFAULT_MAX_LISTING_PAGES = 20

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_SELECTOR_KEYS = {f.name for f in fields(Selectors)}

# How sure the registry is of a fact: read in a real page, URL or crawler configuration
# ("seen: where"), reasoned from other papers ("inferred: why"), or nobody has looked.
EVIDENCE_KINDS = ("seen", "inferred", "unverified")
# The facts a [source.evidence] table may speak for; a fact present without a word is unverified.
EVIDENCE_FACTS = (
    "title",
    "domains",
    "redirects_to",
    "article_pattern",
    "robots",
    "sitemaps",
    "feeds",
    "listings",
    "link_selector",
    "next_selector",
    "lead_prefix",
    "successor",
    "selectors",
)
# What a source's state says: its site's addresses and article URLs were seen, or only some of
# its facts were, or none (a registry entry from general knowledge, kept for coverage).
VERIFIED, PARTIAL, UNVERIFIED, FIXTURE = "verified", "partial", "unverified", "fixture"


class SourceError(ValueError):
    """The registry is malformed; the message names the source and the key at fault."""


@dataclass(frozen=True)
class Source:
    """One newspaper: where to start, which URLs are articles, and selectors for the parser."""

    name: str
    title: str
    province: str  # where the paper published: a pre-merger province for a merged paper
    homepage: str
    domains: tuple[str, ...]  # every host the crawl may visit, redirect targets included
    article_pattern: re.Pattern[str]
    article_exclude: re.Pattern[str] | None = None
    # Hosts of `domains` that are another paper's, reached because this site redirects there.
    redirects_to: tuple[str, ...] = ()
    robots: bool = True  # read the Sitemap: lines of robots.txt
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()
    link_selector: str | None = None
    next_selector: str | None = None
    max_listing_pages: int = DEFAULT_MAX_LISTING_PAGES
    enabled: bool = True  # False: crawled only when named (`khenthuong crawl --source NAME`)
    prefix_provinces: dict[str, str] = field(default_factory=dict)
    selectors: Selectors = field(default_factory=Selectors)
    lead_prefix: str | None = None  # the code in the paper's lead, "CTO" in "(CTO) - "
    successor: str | None = None  # the paper that carries this one's province since the merger
    fixture: bool = False  # a local demo or test site, not a newspaper
    evidence: dict[str, str] = field(default_factory=dict)

    @property
    def province_today(self) -> str:
        """The province in force since 1 July 2025 that the paper's province is part of."""
        return province_map().today(self.province)

    @property
    def own_domains(self) -> tuple[str, ...]:
        """The paper's own hosts: its domains without the ones it redirects to."""
        return tuple(d for d in self.domains if d not in self.redirects_to)

    @property
    def discovery(self) -> tuple[str, ...]:
        """How articles are found, in the order the spider tries them."""
        methods = (
            ("robots", self.robots),
            ("sitemap", self.sitemaps),
            ("feed", self.feeds),
            ("listing", self.listings),
        )
        return tuple(name for name, present in methods if present)

    @property
    def verification(self) -> str:
        """verified: addresses and article URLs seen; partial: some facts seen; else unverified."""
        if self.fixture:
            return FIXTURE
        seen = {fact for fact, word in self.evidence.items() if word.startswith("seen")}
        if {"domains", "article_pattern"} <= seen:
            return VERIFIED
        return PARTIAL if seen else UNVERIFIED

    def is_article(self, url: str) -> bool:
        """Does `url` name an article page of this source (by host and registry pattern)?"""
        return is_article_url(url, self.domains, self.article_pattern, self.article_exclude)

    def start_urls(self, paths: tuple[str, ...]) -> list[str]:
        """Absolute URLs of registry paths, which are relative to the homepage."""
        return [urljoin(self.homepage, path) for path in paths]

    def rebased(self, base_url: str) -> Source:
        """This source served from another origin, e.g. the demo site on a test server's port.

        Discovery paths are relative to the homepage, so only the homepage and the allowed host
        change.
        """
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SourceError(f"{self.name}: cannot rebase onto {base_url!r}, not an http(s) URL")
        return replace(
            self,
            homepage=f"{parts.scheme}://{parts.netloc}/",
            domains=(parts.hostname,),
            redirects_to=(),
        )


def fails_the_crawl(source: Source, status: str, archived_articles: int) -> bool:
    """Does this source's run make `khenthuong crawl` exit non-zero?

    Every run that is not "ok" does, except that of an unverified source which has never yielded
    an article: its registry entry is a guess from general knowledge, so "empty" there says the
    guess is wrong, not that a working site broke; the run is still recorded and reported. Once
    such a source has archived articles, its failures count like any other's.
    """
    if status == "ok":
        return False
    return source.verification != UNVERIFIED or archived_articles > 0


def load_sources(path: str | Path | None = None) -> list[Source]:
    """Read and check the registry (crawler/sources.toml unless `path` says otherwise)."""
    registry = Path(path) if path is not None else REGISTRY_PATH
    try:
        data = tomllib.loads(registry.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourceError(f"source registry not found: {registry}") from None
    except tomllib.TOMLDecodeError as error:
        raise SourceError(f"{registry}: not valid TOML: {error}") from None
    unknown = set(data) - {"source"}
    if unknown:
        raise SourceError(f"{registry}: unknown top-level keys {sorted(unknown)}; use [[source]]")
    tables = data.get("source", [])
    if not isinstance(tables, list) or not tables:
        raise SourceError(f"{registry}: no [[source]] tables")
    sources = [_source_from_table(table, index) for index, table in enumerate(tables, 1)]
    names = [source.name for source in sources]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise SourceError(f"{registry}: duplicate source names {duplicates}")
    return _link_successors(sources, registry)


def get_source(name: str, path: str | Path | None = None) -> Source:
    """The registry entry called `name`."""
    sources = {source.name: source for source in load_sources(path)}
    if name not in sources:
        raise SourceError(f"unknown source {name!r}; known: {', '.join(sorted(sources))}")
    return sources[name]


def _link_successors(sources: list[Source], registry: Path) -> list[Source]:
    """Check each merged paper's successor, and teach the successor the merged paper's lead prefix.

    Since the merger a successor prints articles of the merged paper's newsroom under their old
    lead prefix ("(QNO) - " on baodanang.vn); the prefix says which province they came from.
    """
    by_name = {source.name: source for source in sources}
    inherited: dict[str, dict[str, str]] = {}
    for source in sources:
        if source.successor is None:
            continue
        successor = by_name.get(source.successor)
        if successor is None:
            raise SourceError(f"{registry}: {source.name}: unknown successor {source.successor!r}")
        if successor.successor is not None:
            raise SourceError(
                f"{registry}: {source.name}: successor {successor.name} was merged too"
            )
        if successor.province_today != source.province_today:
            raise SourceError(
                f"{registry}: {source.name}: successor {successor.name} is in "
                f"{successor.province_today}, not {source.province_today}"
            )
        if source.lead_prefix:
            inherited.setdefault(successor.name, {})[source.lead_prefix] = source.province
    return [
        replace(s, prefix_provinces={**inherited[s.name], **s.prefix_provinces})
        if s.name in inherited
        else s
        for s in sources
    ]


_REQUIRED = ("name", "title", "province", "homepage", "domains")
_OPTIONAL = (
    "enabled",
    "article_pattern",
    "article_exclude",
    "redirects_to",
    "robots",
    "lead_prefix",
    "successor",
    "fixture",
    "evidence",
    "sitemaps",
    "feeds",
    "listings",
    "link_selector",
    "next_selector",
    "max_listing_pages",
    "prefix_provinces",
    "selectors",
)


def _source_from_table(table: dict[str, Any], index: int) -> Source:
    label = f"source #{index} ({table.get('name', 'unnamed')})"
    missing = [key for key in _REQUIRED if key not in table]
    if missing:
        raise SourceError(f"{label}: missing required keys {missing}")
    unknown = set(table) - set(_REQUIRED) - set(_OPTIONAL)
    if unknown:
        raise SourceError(f"{label}: unknown keys {sorted(unknown)}")
    if not _NAME.match(str(table["name"])):
        raise SourceError(f"{label}: name must be lower-case letters, digits and underscores")
    for key in (
        "title",
        "province",
        "homepage",
        "link_selector",
        "next_selector",
        "lead_prefix",
        "successor",
    ):
        if key in table and not (isinstance(table[key], str) and table[key].strip()):
            raise SourceError(f"{label}: {key} must be a non-empty string")
    homepage = urlsplit(table["homepage"])
    if homepage.scheme not in ("http", "https") or not homepage.hostname:
        raise SourceError(f"{label}: homepage must be an absolute http(s) URL")
    lists = {
        key: _string_tuple(table, key, label)
        for key in ("domains", "redirects_to", "sitemaps", "feeds", "listings")
    }
    if not lists["domains"]:
        raise SourceError(f"{label}: domains is empty")
    if not set(lists["redirects_to"]) <= set(lists["domains"]):
        raise SourceError(f"{label}: redirects_to must be among domains (the crawl may visit them)")
    if str(table["province"]) not in province_map().old_to_new:
        raise SourceError(f"{label}: province {table['province']!r} is not in the province map")
    if not host_in_domains(homepage.hostname, lists["domains"]):
        raise SourceError(f"{label}: homepage host {homepage.hostname} is not in domains")
    if not (lists["sitemaps"] or lists["feeds"] or lists["listings"]):
        raise SourceError(f"{label}: no sitemaps, feeds or listings to discover articles from")
    for key in ("enabled", "robots", "fixture"):
        if not isinstance(table.get(key, True), bool):
            raise SourceError(f"{label}: {key} must be true or false")
    max_pages = table.get("max_listing_pages", DEFAULT_MAX_LISTING_PAGES)
    if not isinstance(max_pages, int) or isinstance(max_pages, bool) or max_pages < 1:
        raise SourceError(f"{label}: max_listing_pages must be a positive integer")
    return Source(
        name=table["name"],
        title=table["title"],
        province=table["province"],
        homepage=table["homepage"],
        article_pattern=_regex(table, "article_pattern", label)
        if "article_pattern" in table
        else re.compile(GENERIC_ARTICLE_PATTERN),
        article_exclude=_regex(table, "article_exclude", label)
        if "article_exclude" in table
        else None,
        link_selector=table.get("link_selector"),
        next_selector=table.get("next_selector"),
        max_listing_pages=max_pages,
        enabled=table.get("enabled", True),
        prefix_provinces=_string_map(table, "prefix_provinces", label),
        selectors=_selectors(table.get("selectors", {}), label),
        robots=table.get("robots", True),
        lead_prefix=table.get("lead_prefix"),
        successor=table.get("successor"),
        fixture=table.get("fixture", False),
        evidence=_evidence(table, label),
        **lists,
    )


def _evidence(table: dict[str, Any], label: str) -> dict[str, str]:
    """The word on each fact the entry states; a stated fact nobody vouched for is unverified."""
    given = _string_map(table, "evidence", label)
    unknown = set(given) - set(EVIDENCE_FACTS)
    if unknown:
        raise SourceError(f"{label}: evidence for unknown facts {sorted(unknown)}")
    for fact, word in given.items():
        kind = word.split(":", 1)[0].strip()
        if kind not in EVIDENCE_KINDS:
            raise SourceError(f"{label}: evidence.{fact} must start with one of {EVIDENCE_KINDS}")
        if kind != "unverified" and not word.partition(":")[2].strip():
            raise SourceError(f"{label}: evidence.{fact} must say where or why after '{kind}:'")
    stated = {fact for fact in EVIDENCE_FACTS if table.get(fact) not in (None, [], {}, "")}
    if "article_pattern" not in table:
        given.setdefault("article_pattern", "inferred: the URL shape the known papers share")
    stated |= set(given)
    return {fact: given.get(fact, "unverified") for fact in EVIDENCE_FACTS if fact in stated}


def _string_tuple(table: dict[str, Any], key: str, label: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise SourceError(f"{label}: {key} must be a list of non-empty strings")
    return tuple(value)


def _string_map(table: dict[str, Any], key: str, label: str) -> dict[str, str]:
    value = table.get(key, {})
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise SourceError(f"{label}: {key} must be a table of strings")
    return dict(value)


def _regex(table: dict[str, Any], key: str, label: str) -> re.Pattern[str]:
    try:
        return re.compile(table[key])
    except (re.error, TypeError) as error:
        raise SourceError(f"{label}: {key} is not a valid regular expression: {error}") from None


def _selectors(table: Any, label: str) -> Selectors:
    if not isinstance(table, dict):
        raise SourceError(f"{label}: selectors must be a table")
    unknown = set(table) - _SELECTOR_KEYS
    if unknown:
        raise SourceError(
            f"{label}: unknown selector keys {sorted(unknown)}; known: {sorted(_SELECTOR_KEYS)}"
        )
    values = dict(table)
    if "drop" in values:
        values["drop"] = _string_tuple(values, "drop", f"{label} selectors")
    for key, value in values.items():
        if key != "drop" and not isinstance(value, str):
            raise SourceError(f"{label}: selector {key} must be a CSS string")
    return Selectors(**values)
