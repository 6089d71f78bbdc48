"""The archive: the schema of archive.db and every write to it, in one place."""

import hashlib
import json
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, Protocol

import sqlite_utils

from khenthuong.provinces import province_map
from khenthuong.warc import Headers, WarcPage, read_record, response_record
from parsers.dates import VIETNAM
from parsers.text import fold

Outcome = Literal["new", "updated", "unchanged"]

# The facets datasette-metadata.json shows on the articles and awards pages (source and
# published are indexed already).
FACET_COLUMNS = {
    "articles": ("province", "province_today", "relevant", "year", "month", "category"),
    "awards": (
        *("award", "status", "recipient_kind", "event_type", "province", "province_today"),
        *("year", "month", "source"),
    ),
}

FACET_INDEX_MIN_ROWS = 10_000

# Diacritics are folded by the tokenizer for tones; đ never is, hence the extra `folded` column.
FTS_TOKENIZE = "unicode61 remove_diacritics 2"


class SourceLike(Protocol):
    """What the archive needs to know of a source (crawler.sources.Source satisfies it)."""

    name: str
    title: str
    homepage: str
    province: str
    domains: tuple[str, ...]


@dataclass
class RunStats:
    """What one crawl of one source did; stored in crawl_runs."""

    requests: int = 0
    pages_fetched: int = 0
    articles_new: int = 0
    articles_updated: int = 0
    articles_unchanged: int = 0
    parse_failures: int = 0
    http_errors: int = 0
    skipped_archived: int = 0
    status: str = "ok"  # ok | empty | broken | failed (| running | interrupted in crawl_runs)
    message: str = ""
    revisits: int = 0  # archived articles fetched again as planned (see due_revisits)
    articles_versioned: int = 0  # revisits that found the article changed (article_versions)
    robots_forbidden: int = 0
    discovery_failures: int = 0  # sitemaps, feeds or listings that named no article
    # JSON objects: {"404": 2, "timeout": 1}; {"sapo": 3} (articles parsed with it empty).
    http_errors_by_status: str = "{}"
    articles_parsed: int = 0  # pages that gave an article: new, updated or unchanged
    empty_fields: str = "{}"
    newest_published: str | None = None


# Fields every article should have; a source whose articles start coming without one is
# flagged (its markup changed under the selectors or the heuristics).
REQUIRED_FIELDS = ("title", "published", "sapo", "body", "author")
# Fields compared when a newer fetch changes an article; "awards" is its list of award facts.
VERSIONED_FIELDS = ("title", "sapo", "body", "published", "author", "awards")


@dataclass
class SourceState:
    """What the archive says of one source: its last crawl run and how many articles it holds."""

    last_status: str | None = None
    last_started: str | None = None
    articles: int = 0


@dataclass(frozen=True)
class Fetch:
    """One response as the crawl received it: what a `pages` row keeps, as a WARC record."""

    url: str  # after redirects: the URL that answered
    body: bytes
    status: int
    fetched: str  # ISO 8601, UTC
    encoding: str | None = None  # the response's, if it declared one
    headers: Headers = ()  # in the order received
    protocol: str = "HTTP/1.1"  # of the status line


@dataclass(frozen=True)
class StoredPage:
    """A raw fetched page as kept in the `pages` table, decompressed."""

    id: int
    source: str
    url: str
    status: int
    encoding: str | None
    body: bytes
    fetched: str
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PageRecord:
    """A stored response as its `pages` row holds it: the WARC record still compressed.

    Plain values, so a worker process can read the record while the archive's one process
    writes (see khenthuong.ingest.reparse).
    """

    id: int
    source: str
    url: str
    status: int
    encoding: str | None
    warc: bytes
    fetched: str

    def read(self) -> StoredPage:
        """The page its record holds, decompressed."""
        record = read_record(self.warc)
        return StoredPage(
            id=self.id,
            source=self.source,
            url=self.url,
            status=self.status,
            encoding=self.encoding,
            body=record.body,
            fetched=self.fetched,
            headers=record.headers,
        )


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Archive:
    """archive.db: sources, crawl runs, raw pages, articles and their search index."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        ensure_db_shape(db)

    @classmethod
    def open(cls, path: str | Path) -> "Archive":
        """Open or create an archive file in WAL mode, so Datasette can read during a crawl."""
        db = sqlite_utils.Database(path)
        db.enable_wal()
        # In WAL mode NORMAL never corrupts the file; a power cut may lose the last commits,
        # which the next crawl fetches again. FULL waits for the disk at every article commit:
        # two thirds of a reparse's time went there.
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA busy_timeout = 10000")
        return cls(db)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction that takes the write lock first (BEGIN IMMEDIATE).

        A plain BEGIN reads first and asks for the lock at its first write; in WAL mode, if
        another process (a second crawl, a reparse) committed in between, SQLite must refuse
        at once with "database is locked", which busy_timeout does not wait out, since what
        was read is stale. Asking first, a writer waits its turn instead.
        """
        connection = self.db.conn
        if connection.in_transaction:  # inside another transaction: a savepoint
            with self.db.atomic():
                yield
            return
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield
            connection.execute("COMMIT")
        except BaseException:  # the body failed, or the commit did (disk full): nothing stays
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.db.close()

    # --- sources and crawl runs -------------------------------------------------------------

    def register_sources(self, sources: Iterable[SourceLike]) -> None:
        provinces = province_map()
        self.db["sources"].upsert_all(
            (
                {
                    "name": s.name,
                    "title": s.title,
                    "homepage": s.homepage,
                    "domains": list(s.domains),
                    "province": s.province,
                    "province_today": provinces.today(s.province),
                }
                for s in sources
            ),
            pk="name",
        )

    def start_run(self, source: str) -> int:
        table = self.db["crawl_runs"]
        table.insert({"source": source, "started": utc_now(), "status": "running"})
        return table.last_pk

    def finish_run(self, run_id: int, stats: RunStats) -> None:
        self.db["crawl_runs"].update(run_id, {**asdict(stats), "finished": utc_now()})

    def close_interrupted_runs(self) -> int:
        """Mark runs left "running" by a process that died (killed, power cut) as interrupted.

        Call it only while holding the archive's lock (khenthuong.lock): then no run can still
        be live, so a "running" row is an orphan. Writes nothing when there is none.
        """
        orphans = self.db.execute("SELECT id FROM crawl_runs WHERE status = 'running'").fetchall()
        for (run_id,) in orphans:
            self.db["crawl_runs"].update(
                run_id,
                {
                    "status": "interrupted",
                    "message": "interrupted: the process ended before the run finished",
                },
            )
        return len(orphans)

    def source_states(self) -> dict[str, SourceState]:
        """Per source with a run or an article: its last run's status and start, its articles."""
        states: dict[str, SourceState] = {}
        for source, status, started in self.db.execute(
            "SELECT source, status, started FROM crawl_runs"
            " WHERE id IN (SELECT max(id) FROM crawl_runs GROUP BY source)"
        ):
            states[source] = SourceState(last_status=status, last_started=started)
        for source, count in self.db.execute(
            "SELECT source, count(*) FROM articles GROUP BY source"
        ):
            states.setdefault(source, SourceState()).articles = count
        return states

    def field_history(self, source: str, before_run: int) -> tuple[int, dict[str, int]]:
        """Articles parsed by a source's earlier runs, and how many of them lacked each field."""
        parsed, empty = 0, dict.fromkeys(REQUIRED_FIELDS, 0)
        for count, fields in self.db.execute(
            "SELECT articles_parsed, empty_fields FROM crawl_runs "
            "WHERE source = ? AND id < ? AND articles_parsed > 0",
            [source, before_run],
        ):
            parsed += count
            for name, missing in json.loads(fields or "{}").items():
                empty[name] = empty.get(name, 0) + missing
        return parsed, empty

    # --- planned revisits -------------------------------------------------------------------

    def due_revisits(
        self, source: str, now: datetime, days: Iterable[float]
    ) -> list[tuple[str, str]]:
        """(article URL, URL to fetch) of the articles due a planned revisit at `now`.

        An article is due when, for one of `days`, publication + that many days has passed and
        its URL has not been fetched since (a revisit that failed counts as done: a deleted
        article is not asked for every night). An article archived after its last planned
        revisit was already seen in its final state and is never revisited.
        """
        due = []
        rows = self.db.execute(
            """
            SELECT url, coalesce(fetched_url, url), published,
                (SELECT max(fetched) FROM pages
                 WHERE pages.url IN (articles.url, articles.fetched_url)
                    OR pages.article_id = articles.id)
            FROM articles WHERE source = ? AND published IS NOT NULL ORDER BY id
            """,
            [source],
        ).fetchall()
        for url, fetch_url, published, last in rows:
            published_at, last_at = _moment(published), _moment(last)
            if published_at is None:
                continue
            for day in days:
                planned = published_at + timedelta(days=day)
                if planned <= now and (last_at is None or last_at < planned):
                    due.append((url, fetch_url))
                    break
        return due

    # --- raw pages --------------------------------------------------------------------------

    def store_page(self, source: str, fetch: Fetch) -> int:
        """Keep a fetched page as a gzipped WARC response record (status line, headers, body).

        Re-fetching identical bytes only updates `fetched`.
        """
        sha256 = hashlib.sha256(fetch.body).hexdigest()
        same = self.db.execute(
            "SELECT id FROM pages WHERE url = ? AND sha256 = ? AND status = ?",
            [fetch.url, sha256, fetch.status],
        ).fetchone()
        if same:
            self._update("pages", same[0], {"fetched": fetch.fetched})
            return same[0]
        return self._insert(
            "pages",
            {
                "source": source,
                "url": fetch.url,
                "fetched": fetch.fetched,
                "status": fetch.status,
                "encoding": fetch.encoding,
                "size": len(fetch.body),
                "sha256": sha256,
                "warc": response_record(
                    fetch.url,
                    fetch.body,
                    status=fetch.status,
                    headers=fetch.headers,
                    fetched=fetch.fetched,
                    protocol=fetch.protocol,
                ),
            },
        )

    def record_fetch_failure(self, source: str, url: str, *, fetched: str, reason: str) -> int:
        """Keep the record of a fetch that got no response at all (timeout, lost connection...).

        The row has no WARC record (there was nothing to keep) but says why, like a page that
        failed to parse; `reparse` leaves it as it is.
        """
        return self._insert(
            "pages", {"source": source, "url": url, "fetched": fetched, "error": reason}
        )

    def mark_page(self, page_id: int, *, article_id: int | None, error: str | None) -> None:
        """Record what parsing a page gave: the article it produced, or why it failed."""
        # SQLite rewrites a whole row, its WARC record included, on an update: a page that
        # gives what it gave before (a reparse, mostly) is left alone.
        self.db.execute(
            "UPDATE pages SET article_id = ?, error = ?"
            " WHERE id = ? AND (article_id IS NOT ? OR error IS NOT ?)",
            [article_id, error, page_id, article_id, error],
        )

    def iter_pages(self, source: str | None = None) -> Iterator[StoredPage]:
        """Every stored response, oldest fetch first, so replaying them reproduces the archive.

        Pages are read one at a time: an archive's raw pages need not fit in memory. Fetches
        that got no response (no WARC record) are not pages and are left out.
        """
        for page_id in self._ids_of_kept_pages(source):
            page = self.page(page_id)
            if page is not None:
                yield page

    def _ids_of_kept_pages(self, source: str | None) -> list[int]:
        """Ids of the fetches that kept a WARC record, oldest first; only ids are held in
        memory, each record is read when its turn comes."""
        where, params = ("AND source = ?", [source]) if source else ("", [])
        return [
            row[0]
            for row in self.db.execute(
                f"SELECT id FROM pages WHERE warc IS NOT NULL {where} ORDER BY id", params
            )
        ]

    def page(self, page_id: int) -> StoredPage | None:
        """One stored response, read back from its WARC record; None if there is none."""
        row = self.db.execute(
            f"SELECT {_PAGE_RECORD_COLUMNS} FROM pages WHERE id = ? AND warc IS NOT NULL",
            [page_id],
        ).fetchone()
        return PageRecord(*row).read() if row else None

    def page_record_batches(self, size: int) -> Iterator[list[PageRecord]]:
        """Every stored response, oldest fetch first, `size` records at a time, undecoded.

        Each batch is read when asked for, so a consumer that reads ahead a few batches holds
        only those; the archive's pages need not fit in memory.
        """
        last = 0
        while True:
            rows = self.db.execute(
                f"SELECT {_PAGE_RECORD_COLUMNS} FROM pages"
                " WHERE warc IS NOT NULL AND id > ? ORDER BY id LIMIT ?",
                [last, size],
            ).fetchall()
            if not rows:
                return
            yield [PageRecord(*row) for row in rows]
            last = rows[-1][0]

    def warc_record(self, page_id: int) -> WarcPage | None:
        """A stored fetch exactly as its WARC record holds it; None if no response was kept."""
        row = self.db.execute("SELECT warc FROM pages WHERE id = ?", [page_id]).fetchone()
        return read_record(row[0]) if row and row[0] is not None else None

    def iter_warc_records(self, source: str | None = None) -> Iterator[bytes]:
        """The stored WARC records as they are, oldest fetch first (for `export-warc`)."""
        for page_id in self._ids_of_kept_pages(source):
            (data,) = self.db.execute("SELECT warc FROM pages WHERE id = ?", [page_id]).fetchone()
            yield data

    def archived_urls(self, source: str) -> set[str]:
        """Fetched and canonical URLs of a source's articles; the crawl never requests them."""
        rows = self.db.execute(
            """
            SELECT pages.url FROM pages WHERE source = ? AND article_id IS NOT NULL
            UNION SELECT url FROM articles WHERE source = ?
            """,
            [source, source],
        ).fetchall()
        return {row[0] for row in rows}

    def failed_urls(self, source: str) -> set[str]:
        """URLs of this source that were fetched but never produced an article."""
        rows = self.db.execute(
            """
            SELECT url FROM pages WHERE source = ? AND error IS NOT NULL
            EXCEPT SELECT url FROM pages WHERE source = ? AND article_id IS NOT NULL
            """,
            [source, source],
        ).fetchall()
        return {row[0] for row in rows}

    # --- articles -----------------------------------------------------------------------------

    def save_article(self, row: dict[str, Any]) -> tuple[int, Outcome]:
        """Insert or update one article by canonical URL; never a second row for the same URL."""
        row = dict(row)
        row["content_sha256"] = _content_hash(row)
        # Derived after the fingerprint, which stays a fingerprint of the parsed content.
        row.update(_published_period(row.get("published")))
        existing = self.db.execute(
            f"SELECT id, page_id, content_sha256, {', '.join(_INDEXED_ARTICLE_COLUMNS)}"
            " FROM articles WHERE url = ?",
            [row["url"]],
        ).fetchone()
        now = utc_now()
        if existing is None:
            article_id = self._insert(
                "articles", {**row, "first_archived": now, "last_changed": now}
            )
            self._index(article_id, row)
            return article_id, "new"
        article_id, page_id, content_sha256, *indexed = existing
        if content_sha256 == row["content_sha256"]:
            if page_id != row.get("page_id"):
                self._update("articles", article_id, {"page_id": row.get("page_id")})
            return article_id, "unchanged"
        self._update("articles", article_id, {**row, "last_changed": now})
        # An edit of the date or the author leaves the search index as it was.
        if indexed != [_sql_value(row.get(name)) for name in _INDEXED_ARTICLE_COLUMNS]:
            self._index(article_id, row)
        return article_id, "updated"

    def article_state(self, url: str) -> dict[str, Any] | None:
        """An article's versioned fields and its page, as archived now; None if not archived."""
        row = self.db.execute(
            "SELECT id, page_id, title, sapo, body, published, author FROM articles WHERE url = ?",
            [url],
        ).fetchone()
        if row is None:
            return None
        names = ("id", "page_id", "title", "sapo", "body", "published", "author")
        state = dict(zip(names, row, strict=True))
        keys = ("award", "recipient_kind", "count", "status", "recipient", "conferrer")
        state["awards"] = [
            _award_line(dict(zip(keys, award, strict=True)))
            for award in self.db.execute(
                f"SELECT {', '.join(keys)} FROM awards WHERE article_id = ? ORDER BY position",
                [row[0]],
            )
        ]
        return state

    def record_version(
        self, before: dict[str, Any], after: dict[str, Any], *, page_id: int, recorded: str
    ) -> list[str]:
        """Keep what a newer fetch changed in an article (article_versions); return the fields.

        One row per (article, page that changed it): replaying the pages again (reparse)
        rewrites the same rows rather than adding more.
        """
        changed = [name for name in VERSIONED_FIELDS if before.get(name) != after.get(name)]
        if not changed:
            return []
        old_awards, new_awards = before["awards"], after["awards"]
        self.db["article_versions"].upsert(
            {
                "article_id": after["id"],
                "page_id": page_id,
                "previous_page_id": before["page_id"],
                "recorded": recorded,
                "changed": changed,
                **{f"{name}_before": before[name] for name in ("title", "sapo", "body")},
                **{f"{name}_after": after[name] for name in ("title", "sapo", "body")},
                "published_before": before["published"],
                "published_after": after["published"],
                "awards_added": [a for a in new_awards if a not in old_awards],
                "awards_removed": [a for a in old_awards if a not in new_awards],
            },
            pk=("article_id", "page_id"),
        )
        return changed

    def clear_versions(self) -> None:
        """Forget every recorded edit (reparse rebuilds them by replaying the pages in order)."""
        self.db.execute("DELETE FROM article_versions")

    def _index(self, article_id: int, row: dict[str, Any]) -> None:
        columns = {k: row.get(k) for k in ("title", "sapo", "body")}
        self._index_row(
            "articles_fts", article_id, {**columns, "tags": " ".join(row.get("tags") or [])}
        )

    def _index_row(self, fts_table: str, rowid: int, columns: dict[str, str | None]) -> None:
        """Replace one row of a search index: its columns and, in `folded`, all of them folded."""
        values = [value or "" for value in columns.values()]
        names = ", ".join(columns)
        # OR REPLACE: one statement, which looks for a row to drop only by its rowid (a new
        # article's or award's, mostly none) instead of a DELETE before every INSERT.
        self.db.execute(
            f"INSERT OR REPLACE INTO {fts_table} (rowid, {names}, folded) "
            f"VALUES (?, {', '.join('?' * len(values))}, ?)",
            [rowid, *values, fold(" ".join(values))],
        )

    def delete_articles_not_in(self, keep_ids: set[int]) -> int:
        """Drop the articles whose ids are not in `keep_ids`."""
        stale = [
            row[0]
            for row in self.db.execute("SELECT id FROM articles").fetchall()
            if row[0] not in keep_ids
        ]
        return self._delete_articles(stale)

    def delete_articles_without_pages(self) -> int:
        """Drop articles that no stored page produces (used by reparse, which marks every page).

        Asked of the index on pages.article_id: the archive's article ids are never all held
        in memory (a reparse's memory stays flat however many articles there are).
        """
        stale = [
            row[0]
            for row in self.db.execute(
                "SELECT id FROM articles WHERE NOT EXISTS "
                "(SELECT 1 FROM pages WHERE pages.article_id = articles.id)"
            )
        ]
        return self._delete_articles(stale)

    def _delete_articles(self, article_ids: list[int]) -> int:
        for article_id in article_ids:
            self.db.execute("UPDATE pages SET article_id = NULL WHERE article_id = ?", [article_id])
            self._delete_analysis(article_id)
            self.db.execute("DELETE FROM articles_fts WHERE rowid = ?", [article_id])
            self.db.execute("DELETE FROM articles WHERE id = ?", [article_id])
        return len(article_ids)

    def save_analysis(self, article_id: int, analysis: dict[str, Any], score: float) -> None:
        """Replace an article's award analysis: relevance, its event and its award facts.

        `analysis` is the guideline-format object of `khenthuong extract` (relevant, event,
        awards). Award rows repeat the article's province, year, month and event type so Datasette
        can facet them. An analysis equal to the archived one is left as it is, so award and
        event ids stay the same across reparses.
        """
        published, province, province_today, source, relevant, old_score = self.db.execute(
            "SELECT published, province, province_today, source, relevant, relevance_score"
            " FROM articles WHERE id = ?",
            [article_id],
        ).fetchone()
        if (relevant, old_score) != (int(bool(analysis["relevant"])), score):
            self._update(
                "articles",
                article_id,
                {"relevant": int(bool(analysis["relevant"])), "relevance_score": score},
            )
        event = analysis.get("event")
        event_row = {"article_id": article_id, **_event_columns(event)} if event else None
        happened = (event or {}).get("date") or (published or "")[:10] or None
        context = {
            "article_id": article_id,
            "date": happened,
            "year": int(happened[:4]) if happened else None,
            "month": happened[:7] if happened else None,
            "event_type": (event or {}).get("type"),
            "province": province,
            "province_today": province_today,
            "source": source,
        }
        awards = [
            {**context, "position": position, **_award_columns(fact)}
            for position, fact in enumerate(analysis.get("awards") or [], 1)
        ]
        archived_event, archived_awards = self._archived_analysis(article_id)
        if archived_event == _row_values(event_row) and archived_awards == [
            _row_values(award) for award in awards
        ]:
            return
        if archived_event is not None or archived_awards:
            self._delete_analysis(article_id)
        event_id = self._insert("events", event_row) if event_row else None
        searched = ("award", "recipient", "conferrer", "evidence")
        for award in awards:
            award_id = self._insert("awards", {**award, "event_id": event_id})
            self._index_row("awards_fts", award_id, {k: award[k] for k in searched})

    def _archived_analysis(self, article_id: int) -> tuple[tuple | None, list[tuple]]:
        """An article's event and award rows as archived, in the order save_analysis builds
        them (without their ids), to tell whether a new analysis changes anything."""
        event = self.db.execute(
            f"SELECT {_EVENT_COLUMNS} FROM events WHERE article_id = ?", [article_id]
        ).fetchone()
        awards = self.db.execute(
            f"SELECT {_AWARD_COLUMNS} FROM awards WHERE article_id = ? ORDER BY position",
            [article_id],
        ).fetchall()
        return event, awards

    # Rows are written with plain SQL: sqlite-utils' insert and update read the table's
    # schema on every call, which cost as much as the writes themselves in a reparse.

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        """Insert one row (lists and dicts stored as JSON, as sqlite-utils does); its rowid."""
        names = ", ".join(f"[{name}]" for name in row)
        cursor = self.db.execute(
            f"INSERT INTO [{table}] ({names}) VALUES ({', '.join('?' * len(row))})",
            [_sql_value(value) for value in row.values()],
        )
        return cursor.lastrowid

    def _update(self, table: str, row_id: int, values: dict[str, Any]) -> None:
        assignments = ", ".join(f"[{name}] = ?" for name in values)
        self.db.execute(
            f"UPDATE [{table}] SET {assignments} WHERE id = ?",
            [*(_sql_value(value) for value in values.values()), row_id],
        )

    def _delete_analysis(self, article_id: int) -> None:
        # By rowid, one by one: `rowid IN (SELECT ...)` took 0.3 ms a page in a profiled reparse.
        for (award_id,) in self.db.execute(
            "SELECT id FROM awards WHERE article_id = ?", [article_id]
        ).fetchall():
            self.db.execute("DELETE FROM awards_fts WHERE rowid = ?", [award_id])
        self.db.execute("DELETE FROM awards WHERE article_id = ?", [article_id])
        self.db.execute("DELETE FROM events WHERE article_id = ?", [article_id])


_PAGE_RECORD_COLUMNS = "id, source, url, status, encoding, warc, fetched"
_INDEXED_ARTICLE_COLUMNS = ("title", "sapo", "body", "tags")
# The columns save_analysis writes, in the order it builds them (ids aside).
_EVENT_COLUMNS = "article_id, type, period, year, date, organizer"
_AWARD_COLUMNS = (
    "article_id, date, year, month, event_type, province, province_today, source, position, "
    "award, recipient_kind, count, status, conferrer, recipient, evidence"
)


def _row_values(row: dict[str, Any] | None) -> tuple | None:
    """A row about to be written as SQLite would give it back."""
    return None if row is None else tuple(_sql_value(value) for value in row.values())


def _sql_value(value: Any) -> Any:
    """What sqlite-utils would store: lists, tuples and dicts as JSON text."""
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, default=repr, ensure_ascii=False)
    return value


def _award_line(award: dict[str, Any]) -> str:
    """One award fact as a line a reader compares at a glance: award, to whom, how many, by."""
    parts = [award["award"] or "?", award["recipient_kind"] or "?"]
    if award["count"] is not None:
        parts.append(f"x{award['count']}")
    parts.append(award["status"] or "?")
    for key in ("recipient", "conferrer"):
        if award[key]:
            parts.append(award[key])
    return " | ".join(parts)


def _moment(text: str | None) -> datetime | None:
    """An aware datetime from an ISO 8601 string (a time without zone is Vietnam time)."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM)


def _event_columns(event: dict[str, Any]) -> dict[str, Any]:
    return {k: event.get(k) for k in ("type", "period", "year", "date", "organizer")}


def _award_columns(fact: dict[str, Any]) -> dict[str, Any]:
    keys = ("award", "recipient_kind", "count", "status", "conferrer", "recipient", "evidence")
    return {k: fact.get(k) for k in keys}


def _published_period(published: str | None) -> dict[str, Any]:
    """The year and the month ('2025-01') an article was published, for facets."""
    if not published or len(published) < 7 or not published[:4].isdigit():
        return {"year": None, "month": None}
    return {"year": int(published[:4]), "month": published[:7]}


def _content_hash(row: dict[str, Any]) -> str:
    fields = {k: v for k, v in row.items() if k not in {"page_id", "fetched_url", "content_sha256"}}
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()


def _migrate_zlib_pages(db: sqlite_utils.Database) -> None:
    """Archives written before WARC storage kept bodies zlib-compressed in `html_zlib`.

    Each such body becomes a WARC response record with the headers the archive knows of (its
    status and charset; the others were never kept), then the old column is dropped. One
    transaction: an interrupted migration leaves the old archive as it was.
    """
    columns = db["pages"].columns_dict
    if "html_zlib" not in columns:
        return
    with db.atomic():
        if "warc" not in columns:
            db.execute("ALTER TABLE pages ADD COLUMN warc BLOB")
        ids = [
            row[0]
            for row in db.execute("SELECT id FROM pages WHERE html_zlib IS NOT NULL ORDER BY id")
        ]
        for page_id in ids:
            url, status, encoding, fetched, data = db.execute(
                "SELECT url, status, encoding, fetched, html_zlib FROM pages WHERE id = ?",
                [page_id],
            ).fetchone()
            charset = f"; charset={encoding}" if encoding else ""
            record = response_record(
                url,
                zlib.decompress(data),
                status=status or 200,
                headers=[("Content-Type", f"text/html{charset}")],
                fetched=fetched or "",
            )
            db.execute("UPDATE pages SET warc = ? WHERE id = ?", [record, page_id])
        db.execute("ALTER TABLE pages DROP COLUMN html_zlib")


def ensure_db_shape(db: sqlite_utils.Database) -> None:
    """Create every table, index and view if missing. Idempotent: safe on every open.

    One transaction: a new archive's schema is written once (not statement by statement, which
    takes several times the space in the write-ahead log) and never left half-made.
    """
    with db.atomic():
        _create_shape(db)


def _create_shape(db: sqlite_utils.Database) -> None:
    """The body of ensure_db_shape, run inside its transaction."""
    db["sources"].create(
        {
            "name": str,
            "title": str,
            "homepage": str,
            "domains": str,
            "province": str,
            "province_today": str,
        },
        pk="name",
        if_not_exists=True,
    )
    run_columns = {
        name: (int if spec.type is int else str)
        for name, spec in RunStats.__dataclass_fields__.items()
    }
    db["crawl_runs"].create(
        {"id": int, "source": str, "started": str, "finished": str, **run_columns},
        pk="id",
        foreign_keys=[("source", "sources", "name")],
        if_not_exists=True,
    )
    existing = db["crawl_runs"].columns_dict
    for name, kind in run_columns.items():
        if name not in existing:  # an archive from before this health figure was kept
            db["crawl_runs"].add_column(name, kind)
    db["articles"].create(
        {
            "id": int,
            "url": str,
            "source": str,
            "title": str,
            "sapo": str,
            "body": str,
            "author": str,
            "published": str,
            "published_from": str,
            "category": str,
            "tags": str,
            "image_captions": str,
            "sapo_prefix": str,
            "province": str,
            "province_today": str,
            "relevant": int,
            "relevance_score": float,
            "fetched_url": str,
            "page_id": int,
            "first_archived": str,
            "last_changed": str,
            "content_sha256": str,
            "year": int,
            "month": str,
        },
        pk="id",
        foreign_keys=[("source", "sources", "name")],
        if_not_exists=True,
    )
    db["pages"].create(
        {
            "id": int,
            "source": str,
            "url": str,
            "fetched": str,
            "status": int,
            "encoding": str,
            "size": int,
            "sha256": str,
            "warc": bytes,
            "article_id": int,
            "error": str,
        },
        pk="id",
        foreign_keys=[("source", "sources", "name"), ("article_id", "articles", "id")],
        if_not_exists=True,
    )
    _migrate_zlib_pages(db)
    db["events"].create(
        {
            "id": int,
            "article_id": int,
            "type": str,
            "period": str,
            "year": int,
            "date": str,
            "organizer": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
        if_not_exists=True,
    )
    db["awards"].create(
        {
            "id": int,
            "article_id": int,
            "event_id": int,
            "position": int,
            "award": str,
            "recipient_kind": str,
            "count": int,
            "status": str,
            "conferrer": str,
            "recipient": str,
            "evidence": str,
            "date": str,
            "year": int,
            "month": str,
            "event_type": str,
            "province": str,
            "province_today": str,
            "source": str,
        },
        pk="id",
        foreign_keys=[
            ("article_id", "articles", "id"),
            ("event_id", "events", "id"),
            ("source", "sources", "name"),
        ],
        if_not_exists=True,
    )
    _add_period_columns(db)
    db["article_versions"].create(
        {
            "article_id": int,
            "page_id": int,
            "previous_page_id": int,
            "recorded": str,
            "changed": str,
            "title_before": str,
            "title_after": str,
            "sapo_before": str,
            "sapo_after": str,
            "body_before": str,
            "body_after": str,
            "published_before": str,
            "published_after": str,
            "awards_added": str,
            "awards_removed": str,
        },
        pk=("article_id", "page_id"),
        foreign_keys=[
            ("article_id", "articles", "id"),
            ("page_id", "pages", "id"),
            ("previous_page_id", "pages", "id"),
        ],
        if_not_exists=True,
    )
    db["awards"].create_index(["article_id"], if_not_exists=True)
    # Deleting an event makes SQLite look for awards naming it: without this, a scan of every
    # award for each article a reparse or a revisit changes.
    db["awards"].create_index(["event_id"], if_not_exists=True)
    # The awards table lists its facts newest first, and its search box walks this index for a
    # common word (datasette_plugin.filters_from_request); without it, a sort of every fact.
    db["awards"].create_index(["date"], if_not_exists=True)
    db["events"].create_index(["article_id"], unique=True, if_not_exists=True)
    db["articles"].create_index(["url"], unique=True, if_not_exists=True)
    db["articles"].create_index(["published"], if_not_exists=True)
    db["articles"].create_index(["source"], if_not_exists=True)
    # The search page lists the archive's provinces by seeking these indexes (a skip scan of a
    # few dozen names) to filter its bounded read; without them it would read every article.
    db["articles"].create_index(["province"], if_not_exists=True)
    db["articles"].create_index(["province_today"], if_not_exists=True)
    db["pages"].create_index(["url"], if_not_exists=True)
    db["pages"].create_index(["article_id"], if_not_exists=True)
    # Datasette counts each configured facet over the whole table on every table page; with
    # an index per facet column that is a scan of the index, not of the rows (their bodies and
    # evidence): no facet times out on a million articles (BENCHMARKS.md, benchmark 4). A small
    # archive is counted fast without them and spared their pages; a growing one gets them on
    # the first open past the threshold.
    for table, columns in FACET_COLUMNS.items():
        (rows,) = db.execute(f"SELECT coalesce(max(rowid), 0) FROM [{table}]").fetchone()
        if rows >= FACET_INDEX_MIN_ROWS:
            for column in columns:
                db[table].create_index([column], if_not_exists=True)
    db.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts "
        f"USING fts5(title, sapo, body, tags, folded, tokenize='{FTS_TOKENIZE}')"
    )
    db.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS awards_fts "
        f"USING fts5(award, recipient, conferrer, evidence, folded, tokenize='{FTS_TOKENIZE}')"
    )
    db.create_view(
        "failed_pages",
        """
        SELECT id, source, url, fetched, status, error FROM pages
        WHERE error IS NOT NULL ORDER BY fetched DESC
        """,
        ignore=True,
    )
    # Replaced when its definition changed, so an archive always has the current one; opening
    # an archive otherwise writes nothing (a full disk must not stop a crawl from starting).
    current = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'view' AND name = 'source_health'"
    ).fetchone()
    if current is None or SOURCE_HEALTH_SQL.strip() not in current[0]:
        db.create_view("source_health", SOURCE_HEALTH_SQL, replace=True)


SOURCE_HEALTH_SQL = """
SELECT sources.name AS source, sources.title, sources.province_today,
    runs.status, runs.started AS last_run, runs.requests, runs.articles_new,
    runs.articles_updated, runs.revisits, runs.articles_versioned, runs.parse_failures,
    runs.http_errors, runs.http_errors_by_status, runs.articles_parsed, runs.empty_fields,
    runs.newest_published,
    (SELECT max(started) FROM crawl_runs AS ok
     WHERE ok.source = sources.name AND ok.status = 'ok') AS last_ok,
    runs.message
FROM sources JOIN crawl_runs AS runs ON runs.id = (
    SELECT max(id) FROM crawl_runs AS latest
    WHERE latest.source = sources.name AND latest.status != 'running'
)
ORDER BY runs.status = 'ok', sources.name
"""


def _add_period_columns(db: sqlite_utils.Database) -> None:
    """Give an archive made before them the month and event-type columns the facets use.

    Filled from the columns they derive from once, when added; every later write sets them.
    """
    articles = db["articles"].columns_dict
    if "month" not in articles:
        db["articles"].add_column("year", int)
        db["articles"].add_column("month", str)
        db.execute(
            "UPDATE articles SET year = CAST(substr(published, 1, 4) AS INTEGER), "
            "month = substr(published, 1, 7) WHERE published GLOB '[0-9][0-9][0-9][0-9]-[0-9]*'"
        )
    awards = db["awards"].columns_dict
    if "month" not in awards:
        db["awards"].add_column("month", str)
        db.execute("UPDATE awards SET month = substr(date, 1, 7) WHERE date IS NOT NULL")
    if "event_type" not in awards:
        db["awards"].add_column("event_type", str)
        db.execute(
            "UPDATE awards SET event_type = (SELECT type FROM events WHERE events.id = event_id)"
        )
