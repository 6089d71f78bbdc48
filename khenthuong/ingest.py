"""From a fetched page to archived rows: the one path shared by the crawl and by reparse."""

import multiprocessing
import os
import re
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field, replace
from itertools import chain, islice
from typing import Any, Literal, Protocol, TypeVar

from khenthuong.archive import REQUIRED_FIELDS, Archive, Fetch, PageRecord, StoredPage
from khenthuong.provinces import province_map
from parsers.article import Article, ParseError, Selectors, parse_article
from parsers.extract import analyse_article

IngestOutcome = Literal["new", "updated", "unchanged", "failed"]

# Pages a reparse writes in one transaction: its commit becomes a small share of their parsing,
# and the write-ahead log of one batch stays a few MB.
REPARSE_BATCH = 200

# "(QNO) - " -> "QNO"; the code names the paper that wrote the lead.
_PREFIX_CODE = re.compile(r"\(\s*([^()]+?)\s*\)")


class IngestSource(Protocol):
    """What ingest needs to know of a source (crawler.sources.Source satisfies it)."""

    name: str
    province: str
    prefix_provinces: Mapping[str, str]
    selectors: Selectors | None


@dataclass(frozen=True)
class IngestResult:
    outcome: IngestOutcome
    page_id: int
    article_id: int | None = None
    article_url: str | None = None
    reason: str | None = None
    published: str | None = None
    empty_fields: tuple[str, ...] = ()  # required fields the article came without
    changed: tuple[str, ...] = ()  # what a newer fetch changed (recorded in article_versions)


def ingest_page(
    archive: Archive,
    source: IngestSource,
    fetch: Fetch,
    prepared: "PreparedPage | None" = None,
) -> IngestResult:
    """Keep the raw page, then parse it into the archive; a failure loses and damages nothing.

    The page is committed first, on its own: if writing what it gives fails, the page is still
    there for `reparse`, and the article's rows are written all or not at all. `prepared` is
    the page already parsed from these same bytes elsewhere (by a scale-out crawler worker,
    crawler.scaleout): it is written as it is, without parsing the page again.
    """
    page_id = archive.store_page(source.name, fetch)
    if prepared is None:
        prepared = prepare_fetch(source, fetch)
    return commit_page(archive, prepared.stored_as(page_id))


def prepare_fetch(source: IngestSource, fetch: Fetch) -> "PreparedPage":
    """prepare_page of a fetch as received, before it is stored (its id 0): storing it gives
    its id, which PreparedPage.stored_as puts in (a scale-out worker parses what the writer
    stores later)."""
    page = StoredPage(
        id=0,
        source=source.name,
        url=fetch.url,
        status=fetch.status,
        encoding=fetch.encoding,
        body=fetch.body,
        fetched=fetch.fetched,
        headers=tuple(fetch.headers),
    )
    return prepare_page(source, page)


@dataclass(frozen=True)
class PreparedPage:
    """What parsing a stored page gives, before any archive access: its rows or its failure.

    Made of plain values, so a worker process can prepare pages and send them to the one
    process that writes the archive.
    """

    page_id: int
    fetched: str
    ends_html: bool  # the page reaches </html> (a newer fetch that does not may be cut short)
    failure: str | None = None  # why the page gave no article
    row: dict[str, Any] | None = None  # its `articles` row (article_row)
    analysis: dict[str, Any] | None = None  # the award analysis (Analysis.as_output)
    score: float = 0.0  # the relevance score

    def stored_as(self, page_id: int) -> "PreparedPage":
        """The same page prepared before it was stored, given the id its storing gave it."""
        row = None if self.row is None else {**self.row, "page_id": page_id}
        return replace(self, page_id=page_id, row=row)


def prepare_page(source: IngestSource, page: StoredPage) -> PreparedPage:
    """Decode and parse one stored page, extract its awards; pure: no archive, no network."""
    ends_html = _ends_html(page.body)
    if page.status >= 400:
        return PreparedPage(page.id, page.fetched, ends_html, failure=f"HTTP {page.status}")
    if not page.body.strip():
        return PreparedPage(page.id, page.fetched, ends_html, failure="empty body")
    try:
        article = parse_article(_decode(page), page.url, source.selectors)
        row = article_row(article, source, page)
        analysis = analyse_article(article.title, article.sapo, row["body"], article.published)
    except ParseError as error:
        return PreparedPage(page.id, page.fetched, ends_html, failure=f"parse error: {error}")
    except Exception as error:
        # A parser bug met on hostile input: recorded as the page's failure (reparse retries it
        # once fixed) instead of leaving the page unparsed and the crawl's log the only trace.
        failure = f"parser crash: {type(error).__name__}: {error}"
        return PreparedPage(page.id, page.fetched, ends_html, failure=failure)
    return PreparedPage(
        page.id,
        page.fetched,
        ends_html,
        row=row,
        analysis=analysis.as_output(None),
        score=analysis.relevance.score,
    )


def commit_page(archive: Archive, prepared: PreparedPage) -> IngestResult:
    """Write a prepared page: its article and analysis, or the reason it gave none.

    A newer fetch that looks broken next to the archived article is kept with the reason and
    the article stays as it was.
    """
    if prepared.failure is not None or prepared.row is None or prepared.analysis is None:
        return _fail(archive, prepared.page_id, prepared.failure or "nothing parsed")
    row, page_id = prepared.row, prepared.page_id
    # One transaction: an article is never left without its analysis or its page link.
    with archive.transaction():
        before = archive.article_state(row["url"])
        newer = before is not None and (before["page_id"] or 0) < page_id
        damage = _damage(archive, before, row, prepared.ends_html) if newer else None
        if damage:
            return _fail(archive, page_id, f"kept the archived version: {damage}")
        article_id, outcome = archive.save_article(row)
        archive.save_analysis(article_id, {**prepared.analysis, "id": article_id}, prepared.score)
        archive.mark_page(page_id, article_id=article_id, error=None)
        changed: list[str] = []
        if newer and outcome == "updated":
            after = archive.article_state(row["url"])
            changed = archive.record_version(
                before, after, page_id=page_id, recorded=prepared.fetched
            )
    return IngestResult(
        outcome,
        page_id,
        article_id,
        row["url"],
        published=row["published"],
        empty_fields=tuple(name for name in REQUIRED_FIELDS if not row.get(name)),
        changed=tuple(changed),
    )


def _damage(archive: Archive, before: dict, row: dict, ends_html: bool) -> str | None:
    """Why a newer fetch of an archived article looks broken rather than edited, if it does.

    A page cut short (a dropped connection without Content-Length, a server error page served
    with status 200) still parses; it must not replace the good copy. A page that stops before
    `</html>` where the archived one did not, or an edit that empties a field the article had
    or drops over half of its body, is taken for such a fetch; the page is kept with this
    reason and the archived article stays as it was.
    """
    if not ends_html:
        previous = archive.page(before["page_id"]) if before.get("page_id") else None
        if previous is not None and _ends_html(previous.body):
            return "the page stops before </html> (cut short?)"
    lost = [name for name in REQUIRED_FIELDS if before.get(name) and not row.get(name)]
    if lost:
        return f"it lacks {', '.join(lost)}"
    old_body, new_body = before.get("body") or "", row.get("body") or ""
    if len(new_body) * 2 < len(old_body):
        return f"its body is {len(new_body)} characters, the archived one {len(old_body)}"
    return None


@dataclass
class ReparseSummary:
    pages: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    removed: int = 0


def reparse(
    archive: Archive,
    sources: Mapping[str, IngestSource],
    *,
    jobs: int = 1,
    batch: int = REPARSE_BATCH,
    window: int | None = None,
) -> ReparseSummary:
    """Rebuild every parsed row from the stored raw pages, offline, oldest fetch first.

    With `jobs` above 1, pages are read and parsed in that many worker processes, a batch of
    `batch` pages per task, with at most `window` batches (2 per job by default) read and not
    yet written: memory stays flat however large the archive. This process writes every
    result, in the pages' order, so the archive ends the same whatever `jobs` is.
    """
    summary = ReparseSummary()
    with archive.transaction():
        # Versions are rebuilt from the pages in fetch order, as the crawl recorded them.
        archive.clear_versions()
    known: dict[str, IngestSource] = {}

    def with_sources(records: list[PageRecord]) -> _ReparseTask:
        for name in {record.source for record in records} - known.keys():
            known[name] = sources.get(name) or _unknown_source(archive, name)
        return records, {record.source: known[record.source] for record in records}

    tasks = map(with_sources, archive.page_record_batches(batch))
    # Commits in batches: a commit a page was 5% of a reparse's wall time (profiled). A reparse
    # killed between commits leaves a mix of old and rebuilt rows, as it did page by page; the
    # next reparse rebuilds all of them from the pages again and ends the same. A failed write
    # stops the workers there and then (closing), not whenever the traceback is dropped.
    with closing(_prepared_batches(tasks, jobs, window or 2 * jobs)) as prepared_batches:
        for prepared_batch in prepared_batches:
            with archive.transaction():
                for prepared in prepared_batch:
                    result = commit_page(archive, prepared)
                    summary.pages += 1
                    outcomes = summary.outcomes
                    outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
    with archive.transaction():
        # Every stored page was marked with what it produced, or nothing: the articles no page
        # names are gone from the pages (the page ids are not held here, for flat memory).
        summary.removed = archive.delete_articles_without_pages()
    return summary


# A batch of stored pages and the sources they belong to: what a worker needs to prepare them.
_ReparseTask = tuple[list[PageRecord], dict[str, IngestSource]]

_T = TypeVar("_T")
_R = TypeVar("_R")


def _prepare_task(task: _ReparseTask) -> list[PreparedPage]:
    """Read and prepare a batch of stored pages (in a worker process, or in this one)."""
    records, sources = task
    return [prepare_page(sources[record.source], record.read()) for record in records]


def _prepared_batches(
    tasks: Iterable[_ReparseTask], jobs: int, window: int
) -> Iterator[list[PreparedPage]]:
    """The tasks prepared in order: by `jobs` worker processes, `window` batches at most ahead,
    or in this process when `jobs` is 1 or there is a single batch (a pool would gain nothing).

    Workers are spawned, not forked: they inherit no SQLite connection and no descriptor of
    the archive's lock, and each exits when this process dies, however it dies.
    """
    tasks = iter(tasks)
    first = list(islice(tasks, 2))
    if jobs <= 1 or len(first) < 2:
        yield from map(_prepare_task, chain(first, tasks))
        return
    pool = ProcessPoolExecutor(
        jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(os.getpid(),),
    )
    try:
        yield from in_order(pool, _prepare_task, chain(first, tasks), max(window, len(first)))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def in_order(
    pool: Executor, function: Callable[[_T], _R], items: Iterable[_T], window: int
) -> Iterator[_R]:
    """`function` of each item, run in `pool`, yielded in the items' order.

    At most `window` items are taken from `items` and not yet yielded: the next item is taken
    only when a result has been handed on, so a lazy `items` is read as fast as results are
    used, never all at once.
    """
    pending: deque[Future[_R]] = deque()
    iterator = iter(items)
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < window:
                item = next(iterator, _END)
                if item is _END:
                    exhausted = True
                else:
                    pending.append(pool.submit(function, item))
            if not pending:
                return
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


_END: Any = object()


def _start_worker(parent: int) -> None:
    """Set a reparse worker up: the parent handles Ctrl-C; the worker dies with the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """Exit as soon as `parent` is gone (a SIGKILLed reparse must leave no worker behind)."""
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(1)


def article_row(article: Article, source: IngestSource, page: StoredPage) -> dict:
    """The `articles` row for a parsed article, with its provinces at publication and today."""
    provinces = province_map()
    home = _home_province(article, source)
    province = provinces.at(home, article.published)
    return {
        "url": article.url,
        "source": source.name,
        "title": article.title,
        "sapo": article.sapo,
        "body": "\n\n".join(article.body),
        "author": article.author,
        "published": article.published,
        "published_from": article.published_from,
        "category": article.category,
        "tags": list(article.tags),
        "image_captions": list(article.image_captions),
        "sapo_prefix": article.sapo_prefix,
        "province": province,
        "province_today": provinces.today(province),
        "fetched_url": page.url,
        "page_id": page.id,
    }


def _home_province(article: Article, source: IngestSource) -> str:
    """The paper's own province; a lead prefix can say the article came from a merged paper."""
    if article.sapo_prefix:
        match = _PREFIX_CODE.search(article.sapo_prefix)
        if match and match.group(1) in source.prefix_provinces:
            return source.prefix_provinces[match.group(1)]
    return source.province


def _ends_html(body: bytes) -> bool:
    return b"</html" in body[-4096:].lower()


def _decode(page: StoredPage) -> str | bytes:
    """Decode with the encoding the server declared; otherwise let the parser sniff the bytes.

    Text that is valid UTF-8 is read as UTF-8 whatever the header says: Vietnamese written in
    a legacy code page (windows-1258, latin-1 mislabels) is practically never valid UTF-8,
    while servers that send UTF-8 under a wrong charset header are common.
    """
    if not page.body.isascii():
        try:
            return page.body.decode("utf-8")
        except UnicodeDecodeError:
            pass
    if page.encoding:
        try:
            return page.body.decode(page.encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    return page.body


def _fail(archive: Archive, page_id: int, reason: str) -> IngestResult:
    archive.mark_page(page_id, article_id=None, error=reason)
    return IngestResult("failed", page_id, reason=reason)


@dataclass(frozen=True)
class _UnknownSource:
    """A source whose pages are archived but which the registry no longer lists."""

    name: str
    province: str
    prefix_provinces: Mapping[str, str] = field(default_factory=dict)
    selectors: Selectors | None = None


def _unknown_source(archive: Archive, name: str) -> _UnknownSource:
    """Fall back on what the archive remembers of a source dropped from the registry."""
    row = archive.db.execute("SELECT province FROM sources WHERE name = ?", [name]).fetchone()
    return _UnknownSource(name=name, province=row[0] if row else "")
