"""From a fetched page to archived rows (khenthuong.ingest): parse, keep, never damage, reparse."""

import json
import pickle
from pathlib import Path

import pytest

from crawler.sources import get_source
from khenthuong.archive import Archive, Fetch, StoredPage
from khenthuong.ingest import commit_page, ingest_page, prepare_page, reparse

FIXTURES = Path(__file__).parent / "fixtures" / "onecms"
GOOD = "qno-hoi-nghi-thi-dua"  # a Núi Thành year-end review with awards, our own text
BROKEN = "trang-loi"


def fixture(name: str) -> tuple[str, bytes, dict]:
    expected = json.loads((FIXTURES / f"{name}.json").read_text("utf-8"))
    return expected["url"], (FIXTURES / f"{name}.html").read_bytes(), expected


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    archive = Archive.open(tmp_path / "archive.db")
    archive.register_sources([get_source("baoquangnam"), get_source("baodanang")])
    yield archive
    archive.close()


def ingest(
    archive: Archive,
    name: str,
    *,
    status: int = 200,
    fetched: str = "2026-11-01T00:00:00+00:00",
    body: bytes | None = None,
    source: str = "baoquangnam",
):
    url, html, _ = fixture(name)
    return ingest_page(
        archive,
        get_source(source),
        Fetch(
            url, html if body is None else body, status=status, fetched=fetched, encoding="utf-8"
        ),
    )


def test_a_page_becomes_an_article_with_provinces_and_award_facts(archive: Archive) -> None:
    result = ingest(archive, GOOD)
    _, _, expected = fixture(GOOD)
    assert result.outcome == "new"
    row = archive.db["articles"].get(result.article_id)
    assert (row["url"], row["title"], row["sapo"]) == (
        expected["url"],
        expected["title"],
        expected["sapo"],
    )
    assert row["body"].split("\n\n") == expected["body"]
    assert row["published"] == expected["published"]
    assert (row["province"], row["province_today"]) == ("Quảng Nam", "Đà Nẵng")
    assert row["relevant"] == 1 and row["relevance_score"] > 0
    assert archive.db["events"].count == 1
    awards = list(archive.db["awards"].rows)
    assert awards, "a year-end review with Bằng khen must give award facts"
    assert all(a["evidence"] and a["article_id"] == row["id"] for a in awards)
    assert archive.db["pages"].get(result.page_id)["article_id"] == row["id"]


@pytest.mark.parametrize("name", sorted(p.stem for p in FIXTURES.glob("*.html")))
def test_prepare_page_is_pure_and_gives_what_ingest_writes(archive: Archive, name: str) -> None:
    # Preparing needs no archive, and what it gives survives a trip to another process.
    url, html, expected = fixture(name)
    page = StoredPage(
        id=1,
        source="baoquangnam",
        url=url,
        status=200,
        encoding="utf-8",
        body=html,
        fetched="2026-11-01T00:00:00+00:00",
    )
    prepared = prepare_page(get_source("baoquangnam"), page)
    assert pickle.loads(pickle.dumps(prepared)) == prepared
    assert prepare_page(get_source("baoquangnam"), page) == prepared
    result = ingest(archive, name)
    assert result.page_id == prepared.page_id == 1
    if "parse_error" in expected:
        assert (prepared.row, prepared.analysis) == (None, None)
        assert prepared.failure == result.reason == archive.db["pages"].get(1)["error"]
        return
    assert prepared.failure is None
    assert prepared.row["title"] == expected["title"]
    archived = archive.db["articles"].get(result.article_id)
    assert {k: archived[k] for k in ("url", "title", "sapo", "body", "published", "province")} == {
        k: prepared.row[k] for k in ("url", "title", "sapo", "body", "published", "province")
    }
    assert archived["relevance_score"] == prepared.score
    assert archived["relevant"] == int(prepared.analysis["relevant"])
    evidence = [a["evidence"] for a in archive.db["awards"].rows_where(order_by="position")]
    assert evidence == [fact["evidence"] for fact in prepared.analysis["awards"]]


def test_committing_a_prepared_page_twice_is_unchanged(archive: Archive) -> None:
    first = ingest(archive, GOOD)
    page = archive.page(first.page_id)
    again = commit_page(archive, prepare_page(get_source("baoquangnam"), page))
    assert (again.outcome, again.article_id) == ("unchanged", first.article_id)
    assert archive.db["articles"].count == 1


def test_lead_prefix_names_the_merged_paper(archive: Archive) -> None:
    # The same Quảng Nam article served by baodanang.vn keeps its "(QNO) - " lead, and so its
    # province at publication; a post-merger date would make it Đà Nẵng.
    result = ingest(archive, GOOD, source="baodanang")
    row = archive.db["articles"].get(result.article_id)
    assert row["sapo_prefix"] == "(QNO) - "
    assert (row["province"], row["province_today"]) == ("Quảng Nam", "Đà Nẵng")


def test_a_broken_page_is_kept_with_its_reason(archive: Archive) -> None:
    result = ingest(archive, BROKEN)
    assert result.outcome == "failed"
    assert result.reason.startswith("parse error:")
    page = archive.db["pages"].get(result.page_id)
    assert page["error"] == result.reason and page["article_id"] is None
    assert page["size"] == len(fixture(BROKEN)[1])
    assert archive.db["articles"].count == 0
    assert [r["url"] for r in archive.db["failed_pages"].rows] == [fixture(BROKEN)[0]]


def test_a_later_bad_fetch_never_damages_the_archived_article(archive: Archive) -> None:
    good = ingest(archive, GOOD)
    before = archive.db["articles"].get(good.article_id)
    awards_before = list(archive.db["awards"].rows)
    _, broken_html, _ = fixture(BROKEN)
    bad_parse = ingest(archive, GOOD, body=broken_html, fetched="2026-11-02T00:00:00+00:00")
    server_error = ingest(archive, GOOD, status=503, body=b"<html>Service Unavailable</html>")
    assert (bad_parse.outcome, server_error.outcome) == ("failed", "failed")
    assert server_error.reason == "HTTP 503"
    assert archive.db["articles"].get(good.article_id) == before
    assert list(archive.db["awards"].rows) == awards_before
    assert archive.db["pages"].count == 3, "every fetch is kept, good or bad"


def test_refetching_the_same_page_is_unchanged(archive: Archive) -> None:
    first = ingest(archive, GOOD)
    again = ingest(archive, GOOD, fetched="2026-11-03T00:00:00+00:00")
    assert (again.outcome, again.article_id, again.page_id) == (
        "unchanged",
        first.article_id,
        first.page_id,
    )
    assert archive.db["articles"].count == 1
    assert archive.db["awards"].count == len(
        list(archive.db["awards"].rows_where("article_id = ?", [first.article_id]))
    )


def test_reparse_rebuilds_the_same_rows_offline(archive: Archive) -> None:
    for name in (GOOD, "qno-byline-only", "danang-date-only-json-ld", BROKEN):
        ingest(archive, name)

    def snapshot() -> dict:
        return {
            table: [
                {k: v for k, v in row.items() if k not in {"first_archived", "last_changed"}}
                for row in archive.db[table].rows_where(order_by="id")
            ]
            for table in ("articles", "events")
        } | {
            "awards": [
                {k: v for k, v in r.items() if k != "id"}
                for r in archive.db["awards"].rows_where(order_by="article_id, position")
            ]
        }

    before = snapshot()
    # Simulate a parser bug that wrote garbage: reparse must restore the articles from raw pages.
    archive.db.execute(
        "UPDATE articles SET title = 'hỏng', relevant = NULL, content_sha256 = 'old parser'"
    )
    archive.db.execute("UPDATE awards SET count = 0, award = 'Giấy khen'")
    summary = reparse(archive, {"baoquangnam": get_source("baoquangnam")})
    assert summary.pages == 4
    assert summary.outcomes == {"updated": 3, "failed": 1}
    assert summary.removed == 0
    assert snapshot() == before
    found = archive.db.execute(
        "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'nui thanh'"
    ).fetchone()[0]
    assert found >= 1


def test_a_failure_while_writing_keeps_the_raw_page_and_no_half_article(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(archive, "save_analysis", disk_full)
    with pytest.raises(OSError, match="disk full"):
        ingest(archive, GOOD)
    assert archive.db["articles"].count == 0
    assert archive.db.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == 0
    [page] = archive.db["pages"].rows
    assert page["article_id"] is None and page["size"] > 0
    monkeypatch.undo()
    assert reparse(archive, {"baoquangnam": get_source("baoquangnam")}).outcomes == {"new": 1}


def test_reparse_drops_the_articles_no_stored_page_gives(archive: Archive) -> None:
    kept = ingest(archive, GOOD)
    # An article whose page is gone (or, as here, never was): nothing rebuilds it.
    _, _, expected = fixture("qno-byline-only")
    stray_id, _ = archive.save_article({"url": expected["url"], "source": "baoquangnam"})
    summary = reparse(archive, {"baoquangnam": get_source("baoquangnam")})
    assert (summary.pages, summary.removed) == (1, 1)
    assert [row["id"] for row in archive.db["articles"].rows] == [kept.article_id]
    assert (
        archive.db.execute("SELECT rowid FROM articles_fts WHERE rowid = ?", [stray_id]).fetchall()
        == []
    )
