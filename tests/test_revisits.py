"""Planned revisits: archived articles are fetched again 1 and 7 days after publication, and
what changed is kept in article_versions; a bad later fetch never damages the archived copy.

Real crawls (Scrapy in a subprocess) of a scripted site whose pages change between runs, with
the crawl's clock fixed by KHENTHUONG_NOW.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path

from sitekit import Reply, crawl, page, path, registry, serve, sitemap

from crawler.sources import load_sources
from khenthuong.archive import Archive, Fetch
from khenthuong.ingest import reparse

# Published 2026-03-02 08:00 in Vietnam, i.e. 01:00 UTC.
PUBLISHED = "2026-03-02T08:00:00+07:00"


def at(day: int, hour: int) -> dict[str, str]:
    """Settings for a crawl `day` days and `hour` hours after publication."""
    return {"KHENTHUONG_NOW": f"2026-03-{2 + day:02d}T{1 + hour:02d}:00:00+00:00"}


def rows(db: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql, params).fetchall()


def article_fetches(site_paths: list[str]) -> list[str]:
    return sorted(p for p in site_paths if p.startswith("/tin-tuc-"))


EDITED = {
    "title": "Tặng Bằng khen cho 7 tập thể có thành tích",
    "body": (
        "Chủ tịch UBND tỉnh tặng Bằng khen cho 7 tập thể có thành tích xuất sắc.",
        "Hội nghị cũng phát động phong trào thi đua cho năm tới.",
    ),
}


def test_revisits_at_one_and_seven_days_record_what_changed(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    routes = {"/sitemap.xml": sitemap(1, 2), f"/{path(1)}": page(1), f"/{path(2)}": page(2)}
    with serve(routes) as site:
        source = registry(tmp_path, site.base_url)

        first = crawl(db, source, **at(0, 2))
        assert first.stats["articles_new"] == 2 and first.stats["revisits"] == 0

        # The paper quietly corrects article 1: headline and award count.
        site.routes[f"/{path(1)}"] = page(1, **EDITED)
        site.hits.clear()
        day1 = crawl(db, source, **at(1, 1))
        assert article_fetches(site.paths()) == ["/tin-tuc-1.html", "/tin-tuc-2.html"]
        assert day1.stats["revisits"] == 2
        assert day1.stats["articles_updated"] == 1
        assert day1.stats["articles_unchanged"] == 1
        assert day1.stats["articles_versioned"] == 1
        assert day1.stats["status"] == "ok"
        assert "tin-tuc-1.html changed since archived: title, body, awards" in day1.log

        # Later the same day: both revisits are done, no article page is asked for.
        site.hits.clear()
        again = crawl(db, source, **at(1, 3))
        assert article_fetches(site.paths()) == []
        assert again.stats["revisits"] == 0 and again.stats["skipped_archived"] == 2

        site.hits.clear()
        day7 = crawl(db, source, **at(7, 1))
        assert article_fetches(site.paths()) == ["/tin-tuc-1.html", "/tin-tuc-2.html"]
        assert day7.stats["articles_unchanged"] == 2 and day7.stats["articles_versioned"] == 0

    ((title,),) = rows(db, "SELECT title FROM articles WHERE url LIKE '%tin-tuc-1.html'")
    assert title == EDITED["title"]
    versions = rows(
        db,
        "SELECT changed, title_before, title_after, awards_added, awards_removed,"
        " previous_page_id < page_id FROM article_versions",
    )
    assert len(versions) == 1
    changed, title_before, title_after, added, removed, ordered = versions[0]
    assert json.loads(changed) == ["title", "body", "awards"]
    assert (title_before, title_after) == (
        "Tặng Bằng khen cho các tập thể có thành tích",
        EDITED["title"],
    )
    assert [line.split(" | ")[:3] for line in json.loads(removed)] == [
        ["Bằng khen", "collective", "x5"]
    ]
    assert [line.split(" | ")[:3] for line in json.loads(added)] == [
        ["Bằng khen", "collective", "x7"]
    ]
    assert ordered == 1

    # reparse replays the pages in fetch order and arrives at the same article and version.
    archive = Archive.open(db)
    reparse(archive, {s.name: s for s in load_sources(source)})
    archive.close()
    assert rows(db, "SELECT changed, awards_added FROM article_versions") == [(changed, added)]
    assert rows(db, "SELECT title FROM articles WHERE url LIKE '%tin-tuc-1.html'") == [(title,)]


def test_a_bad_later_fetch_never_damages_the_archived_article(tmp_path: Path) -> None:
    """A 500, an empty body, a page cut short with or without Content-Length: the article stays."""
    db = tmp_path / "archive.db"
    good = {n: page(n) for n in range(1, 5)}
    routes = {"/sitemap.xml": sitemap(*good), **{f"/{path(n)}": good[n] for n in good}}
    columns = "url, title, sapo, body, author, published, content_sha256, relevant"
    with serve(routes) as site:
        source = registry(tmp_path, site.base_url)
        crawl(db, source, **at(0, 2))
        archived = rows(db, f"SELECT {columns} FROM articles ORDER BY url")
        awards = rows(db, "SELECT article_id, award, recipient_kind, count FROM awards")
        assert len(archived) == 4 and len(awards) == 4

        # Cut inside the body's last paragraph: what is left still parses as an article.
        cut = good[3].body.index("Hội nghị cũng".encode()) + 10
        site.routes |= {
            f"/{path(1)}": Reply(status=500, body=b"<html><body>Loi may chu</body></html>"),
            f"/{path(2)}": Reply(body=b""),
            f"/{path(3)}": Reply(body=good[3].body, no_length=True, cut_at=cut),
            f"/{path(4)}": Reply(body=good[4].body, cut_at=cut),
        }
        revisit = crawl(db, source, **at(1, 1))

    assert revisit.stats["revisits"] == 4
    assert revisit.stats["articles_updated"] == 0
    assert revisit.stats["status"] == "ok"  # failing revisits do not make a source broken
    assert rows(db, f"SELECT {columns} FROM articles ORDER BY url") == archived
    assert rows(db, "SELECT article_id, award, recipient_kind, count FROM awards") == awards
    errors = dict(rows(db, "SELECT substr(url, -15), error FROM pages WHERE error IS NOT NULL"))
    assert errors.pop("/tin-tuc-1.html") == "HTTP 500"
    assert errors.pop("/tin-tuc-2.html") == "empty body"
    assert errors.pop("/tin-tuc-3.html") == (
        "kept the archived version: the page stops before </html> (cut short?)"
    )
    assert errors.pop("/tin-tuc-4.html").startswith("response cut short")
    assert rows(db, "SELECT count(*) FROM article_versions") == [(0,)]

    # The pages kept hold what came: replaying them offline keeps the good copies too.
    archive = Archive.open(db)
    reparse(archive, {s.name: s for s in load_sources(source)})
    archive.close()
    assert rows(db, f"SELECT {columns} FROM articles ORDER BY url") == archived


def test_due_revisits_follow_the_plan_and_count_a_failed_revisit_as_done(tmp_path: Path) -> None:
    archive = Archive.open(tmp_path / "archive.db")
    archive.db["sources"].insert({"name": "thu"}, pk="name")
    url = "https://bao.example/tin-tuc-1.html"
    archive.save_article({"url": url, "source": "thu", "title": "T", "published": PUBLISHED})
    (article_id,) = archive.db.execute("SELECT id FROM articles").fetchone()

    def fetch(moment: str, *, fails: bool = False) -> None:
        if fails:
            archive.record_fetch_failure("thu", url, fetched=moment, reason="no response in time")
        else:
            page_id = archive.store_page(
                "thu", Fetch(url, moment.encode(), status=200, fetched=moment)
            )
            archive.mark_page(page_id, article_id=article_id, error=None)

    def due(moment: str) -> list[str]:
        now = datetime.fromisoformat(moment)
        return [u for u, _ in archive.due_revisits("thu", now, [1, 7])]

    fetch("2026-03-02T02:00:00+00:00")
    assert due("2026-03-03T00:59:00+00:00") == []  # not yet a day after publication
    assert due("2026-03-03T01:00:00+00:00") == [url]
    fetch("2026-03-03T01:30:00+00:00", fails=True)
    assert due("2026-03-05T00:00:00+00:00") == []  # a failed revisit is not retried nightly
    assert due("2026-03-09T01:00:00+00:00") == [url]
    fetch("2026-03-09T02:00:00+00:00")
    assert due("2027-01-01T00:00:00+00:00") == []  # the plan is done
    archive.close()
