"""The archive (khenthuong.archive) on a real SQLite file: schema, writes, search, runs."""

import gzip
from dataclasses import dataclass
from pathlib import Path

import pytest

from khenthuong.archive import Archive, Fetch, RunStats, ensure_db_shape
from khenthuong.provinces import province_map


@dataclass(frozen=True)
class FakeSource:
    name: str = "baotest"
    title: str = "Báo Thử Nghiệm"
    homepage: str = "https://baotest.example/"
    province: str = "Quảng Nam"
    domains: tuple[str, ...] = ("baotest.example",)


def article(url: str = "https://baotest.example/a-3100001.html", **changes: object) -> dict:
    row = {
        "url": url,
        "source": "baotest",
        "title": "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024",
        "sapo": "Sáng nay, Ban Thi đua - Khen thưởng tỉnh tổ chức hội nghị tại Tam Kỳ.",
        "body": "Đoàn công tác từ Đà Nẵng dự hội nghị.\n\nNhiều tập thể được tặng Bằng khen.",
        "author": "HOÀNG AN",
        "published": "2025-01-10T09:30:00+07:00",
        "tags": ["thi đua", "khen thưởng"],
        "province": "Quảng Nam",
        "province_today": "Đà Nẵng",
    }
    row.update(changes)
    return row


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    archive = Archive.open(tmp_path / "archive.db")
    archive.register_sources([FakeSource()])
    yield archive
    archive.close()


def search(archive: Archive, query: str) -> list[str]:
    rows = archive.db.execute(
        "SELECT articles.url FROM articles JOIN articles_fts ON articles_fts.rowid = articles.id "
        "WHERE articles_fts MATCH ? ORDER BY articles.id",
        [query],
    ).fetchall()
    return [row[0] for row in rows]


def test_open_creates_schema_in_wal_mode(archive: Archive, tmp_path: Path) -> None:
    assert archive.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {"sources", "articles", "pages", "crawl_runs", "articles_fts"} <= set(
        archive.db.table_names()
    )
    assert "failed_pages" in archive.db.view_names()
    # Opening again is harmless: ensure_db_shape is idempotent.
    Archive.open(tmp_path / "archive.db").close()


def test_sources_record_province_today(archive: Archive) -> None:
    assert archive.db["sources"].get("baotest") == {
        "name": "baotest",
        "title": "Báo Thử Nghiệm",
        "homepage": "https://baotest.example/",
        "domains": '["baotest.example"]',
        "province": "Quảng Nam",
        "province_today": "Đà Nẵng",
    }


def test_same_url_is_one_row_new_then_unchanged_then_updated(archive: Archive) -> None:
    first_id, outcome = archive.save_article(article())
    assert outcome == "new"
    assert archive.save_article(article()) == (first_id, "unchanged")
    changed_id, outcome = archive.save_article(article(title="Tiêu đề đã sửa"))
    assert (changed_id, outcome) == (first_id, "updated")
    assert archive.db["articles"].count == 1
    assert archive.db["articles"].get(first_id)["title"] == "Tiêu đề đã sửa"
    assert search(archive, "sua") == [article()["url"]]


@pytest.mark.parametrize(
    "query",
    ["khen thưởng", "khen thuong", "Đà Nẵng", "da nang", "DA NANG", "tam ky", "Bằng khen"],
)
def test_search_ignores_diacritics_and_d_stroke(archive: Archive, query: str) -> None:
    archive.save_article(article())
    archive.save_article(
        article(
            "https://baotest.example/b-3100002.html",
            title="Mưa lớn",
            sapo="",
            body="Nước lên nhanh.",
            tags=["thời tiết"],
        )
    )
    assert search(archive, query) == ["https://baotest.example/a-3100001.html"]


def test_store_page_keeps_compressed_bytes_and_dedupes_identical_refetch(archive: Archive) -> None:
    html = "<html><body><h1>Tiêu đề</h1></body></html>".encode()
    first = archive.store_page(
        "baotest",
        Fetch(
            "https://baotest.example/x.html", html, status=200, fetched="2026-01-01T00:00:00+00:00"
        ),
    )
    again = archive.store_page(
        "baotest",
        Fetch(
            "https://baotest.example/x.html", html, status=200, fetched="2026-01-02T00:00:00+00:00"
        ),
    )
    other = archive.store_page(
        "baotest",
        Fetch(
            "https://baotest.example/x.html",
            html + b" ",
            status=200,
            fetched="2026-01-03T00:00:00+00:00",
        ),
    )
    assert first == again != other
    row = archive.db["pages"].get(first)
    assert gzip.decompress(row["warc"]).startswith(b"WARC/1.0\r\n")
    assert archive.page(first).body == html
    assert row["fetched"] == "2026-01-02T00:00:00+00:00"
    assert [p.id for p in archive.iter_pages()] == [first, other]


def test_archived_urls_are_fetched_and_canonical_urls_of_parsed_pages(archive: Archive) -> None:
    page = archive.store_page(
        "baotest",
        Fetch("https://baotest.example/a-3100001.html?utm=x", b"<html/>", status=200, fetched="t"),
    )
    failed = archive.store_page(
        "baotest", Fetch("https://baotest.example/broken.html", b"<html/>", status=200, fetched="t")
    )
    article_id, _ = archive.save_article(article())
    archive.mark_page(page, article_id=article_id, error=None)
    archive.mark_page(failed, article_id=None, error="parse error: no title")
    assert archive.archived_urls("baotest") == {
        "https://baotest.example/a-3100001.html?utm=x",
        "https://baotest.example/a-3100001.html",
    }
    assert [row["url"] for row in archive.db["failed_pages"].rows] == [
        "https://baotest.example/broken.html"
    ]
    assert archive.failed_urls("baotest") == {"https://baotest.example/broken.html"}


def test_crawl_run_is_recorded(archive: Archive) -> None:
    run_id = archive.start_run("baotest")
    assert archive.db["crawl_runs"].get(run_id)["status"] == "running"
    archive.finish_run(
        run_id, RunStats(requests=12, pages_fetched=10, articles_new=9, parse_failures=1)
    )
    row = archive.db["crawl_runs"].get(run_id)
    assert (row["status"], row["requests"], row["articles_new"], row["parse_failures"]) == (
        "ok",
        12,
        9,
        1,
    )
    assert row["finished"] >= row["started"]


@pytest.mark.parametrize(
    ("home", "published", "at_publication", "today"),
    [
        ("Quảng Nam", "2023-07-18T17:25:00+07:00", "Quảng Nam", "Đà Nẵng"),
        ("Quảng Nam", "2025-06-30T23:59:00+07:00", "Quảng Nam", "Đà Nẵng"),
        ("Quảng Nam", "2025-07-01T08:00:00+07:00", "Đà Nẵng", "Đà Nẵng"),
        ("Hà Giang", "2024-01-01T08:00:00+07:00", "Hà Giang", "Tuyên Quang"),
        ("Cần Thơ", "2026-01-08T18:21:00+07:00", "Cần Thơ", "Cần Thơ"),
        ("Quảng Nam", None, "Quảng Nam", "Đà Nẵng"),
    ],
)
def test_province_at_publication_and_today(
    home: str, published: str | None, at_publication: str, today: str
) -> None:
    provinces = province_map()
    assert provinces.at(home, published) == at_publication
    assert provinces.today(provinces.at(home, published)) == today


def test_province_map_covers_63_old_and_34_new() -> None:
    mapping = province_map().old_to_new
    assert len(mapping) == 63
    assert len(set(mapping.values())) == 34


ANALYSIS = {
    "relevant": True,
    "event": {
        "type": "tong_ket",
        "period": "năm 2024",
        "year": 2024,
        "date": "2025-01-09",
        "organizer": "UBND thị xã Điện Bàn",
    },
    "awards": [
        {
            "award": "Bằng khen",
            "recipient_kind": "collective",
            "count": 12,
            "status": "conferred",
            "conferrer": "Chủ tịch UBND tỉnh",
            "recipient": None,
            "evidence": "Chủ tịch UBND tỉnh tặng Bằng khen cho 12 tập thể.",
        },
        {
            "award": "Cờ thi đua",
            "recipient_kind": "collective",
            "count": 1,
            "status": "proposed",
            "conferrer": "Chính phủ",
            "recipient": "Công an thị xã",
            "evidence": "Đề nghị Chính phủ tặng Cờ thi đua cho Công an thị xã.",
        },
    ],
}


def test_analysis_rows_carry_article_context_and_replace_on_resave(archive: Archive) -> None:
    article_id, _ = archive.save_article(article())
    archive.save_analysis(article_id, ANALYSIS, score=7.5)
    archive.save_analysis(article_id, ANALYSIS, score=7.5)
    assert archive.db["articles"].get(article_id)["relevant"] == 1
    assert archive.db["articles"].get(article_id)["relevance_score"] == 7.5
    [event] = archive.db["events"].rows
    assert event["type"] == "tong_ket" and event["article_id"] == article_id
    awards = list(archive.db["awards"].rows_where(order_by="position"))
    assert [(a["award"], a["count"], a["status"], a["recipient"]) for a in awards] == [
        ("Bằng khen", 12, "conferred", None),
        ("Cờ thi đua", 1, "proposed", "Công an thị xã"),
    ]
    assert {(a["date"], a["year"], a["province"], a["province_today"]) for a in awards} == {
        ("2025-01-09", 2025, "Quảng Nam", "Đà Nẵng")
    }
    assert all(a["event_id"] == event["id"] for a in awards)
    folded_hits = archive.db.execute(
        "SELECT rowid FROM awards_fts WHERE awards_fts MATCH 'cong an thi xa'"
    ).fetchall()
    assert [row[0] for row in folded_hits] == [awards[1]["id"]]


def test_an_unchanged_analysis_keeps_its_award_and_event_ids(archive: Archive) -> None:
    article_id, _ = archive.save_article(article())
    archive.save_analysis(article_id, ANALYSIS, score=7.5)
    # Another article's facts after it: rewritten ones would get new ids, after these.
    other_id, _ = archive.save_article(article("https://baotest.example/b-3100002.html"))
    archive.save_analysis(other_id, ANALYSIS, score=7.5)

    def ids() -> tuple[list, list]:
        return (
            [r[0] for r in archive.db.execute("SELECT id FROM awards ORDER BY id")],
            [r[0] for r in archive.db.execute("SELECT id FROM events ORDER BY id")],
        )

    before = ids()
    archive.save_analysis(article_id, ANALYSIS, score=7.5)
    assert ids() == before
    # One fact changed: the analysis is written again, and searched as it is now.
    edited = {**ANALYSIS, "awards": [{**ANALYSIS["awards"][0], "count": 13}, ANALYSIS["awards"][1]]}
    archive.save_analysis(article_id, edited, score=7.5)
    assert ids() == ([3, 4, 5, 6], [2, 3])
    rows = archive.db["awards"].rows_where("article_id = ?", [article_id], order_by="position")
    assert [a["count"] for a in rows] == [13, 1]
    indexed = archive.db.execute("SELECT count(*) FROM awards_fts").fetchone()[0]
    assert indexed == archive.db["awards"].count == 4


def test_an_edit_outside_the_searched_text_keeps_the_article_searchable(archive: Archive) -> None:
    article_id, _ = archive.save_article(article())
    assert archive.save_article(article(author="LÊ BÌNH")) == (article_id, "updated")
    assert search(archive, "tam ky") == [article()["url"]]
    assert archive.save_article(article(author="LÊ BÌNH", sapo="Sáng nay tại Hội An.")) == (
        article_id,
        "updated",
    )
    assert search(archive, "tam ky") == []
    assert search(archive, "hoi an") == [article()["url"]]
    assert archive.db.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == 1


def test_analysis_of_news_without_event_dates_awards_by_publication(archive: Archive) -> None:
    article_id, _ = archive.save_article(article())
    archive.save_analysis(article_id, {**ANALYSIS, "event": None}, score=3.0)
    assert archive.db["events"].count == 0
    assert {(a["date"], a["event_id"]) for a in archive.db["awards"].rows} == {("2025-01-10", None)}


def test_irrelevant_analysis_clears_previous_facts(archive: Archive) -> None:
    article_id, _ = archive.save_article(article())
    archive.save_analysis(article_id, ANALYSIS, score=7.5)
    archive.save_analysis(article_id, {"relevant": False, "event": None, "awards": []}, score=0.5)
    assert archive.db["articles"].get(article_id)["relevant"] == 0
    assert archive.db["awards"].count == 0
    assert archive.db["events"].count == 0
    assert archive.db.execute("SELECT count(*) FROM awards_fts").fetchone()[0] == 0


def test_articles_and_awards_carry_year_month_and_event_type_for_facets(archive: Archive) -> None:
    article_id, _ = archive.save_article(article())
    archive.save_analysis(article_id, ANALYSIS, score=7.5)
    row = archive.db["articles"].get(article_id)
    assert (row["year"], row["month"]) == (2025, "2025-01")
    assert {(a["month"], a["event_type"]) for a in archive.db["awards"].rows} == {
        ("2025-01", "tong_ket")
    }


def test_an_archive_from_before_the_facet_columns_gets_them_filled(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    archive = Archive.open(path)
    archive.register_sources([FakeSource()])
    article_id, _ = archive.save_article(article())
    archive.save_analysis(article_id, ANALYSIS, score=7.5)
    # Make it look like an archive written before these columns existed.
    for table, column in [
        ("articles", "year"),
        ("articles", "month"),
        ("awards", "month"),
        ("awards", "event_type"),
    ]:
        archive.db.execute(f"DROP INDEX IF EXISTS idx_{table}_{column}")
        archive.db.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    archive.close()
    reopened = Archive.open(path)
    try:
        row = reopened.db["articles"].get(article_id)
        assert (row["year"], row["month"]) == (2025, "2025-01")
        assert {(a["month"], a["event_type"]) for a in reopened.db["awards"].rows} == {
            ("2025-01", "tong_ket")
        }
        # Re-opening again changes nothing.
        ensure_db_shape(reopened.db)
        assert reopened.db["articles"].get(article_id)["month"] == "2025-01"
    finally:
        reopened.close()


def test_every_configured_facet_column_is_indexed(tmp_path, monkeypatch) -> None:
    """Datasette counts each configured facet on every table page: a big archive needs an
    index per facet column, made on the first open past the threshold."""
    import json

    from khenthuong import archive as archive_module
    from khenthuong.archive import Archive
    from khenthuong.cli import METADATA

    path = tmp_path / "archive.db"
    small = Archive.open(path)
    assert not any("province" in index.columns for index in small.db["awards"].indexes)
    small.close()
    monkeypatch.setattr(archive_module, "FACET_INDEX_MIN_ROWS", 0)
    archive = Archive.open(path)
    tables = json.loads(METADATA.read_text("utf-8"))["databases"]["archive"]["tables"]
    for table in ("articles", "awards"):
        indexed = {index.columns[0] for index in archive.db[table].indexes}
        facets = tables[table]["facets"]
        columns = {f if isinstance(f, str) else next(iter(f.values())) for f in facets}
        assert columns <= indexed, f"{table}: {columns - indexed} not indexed"
    archive.close()
