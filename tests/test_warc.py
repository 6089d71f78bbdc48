"""Raw pages as WARC records: stored, read back, exported, migrated from the zlib column."""

from __future__ import annotations

import sqlite3
import zlib
from pathlib import Path

import sqlite_utils
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from khenthuong.archive import Archive, Fetch
from khenthuong.cli import cli
from khenthuong.warc import iter_records, read_record, response_record

PAGE = "<html><head><title>Tuyên dương</title></head><body>Bằng khen</body></html>".encode()
HEADERS = [
    ("Content-Type", "text/html; charset=utf-8"),
    ("Content-Encoding", "gzip"),  # Scrapy already undid it: must not reach the record
    ("Content-Length", "42"),
    ("Last-Modified", "Mon, 05 Jan 2026 01:00:00 GMT"),
]


def test_a_record_holds_the_response_as_received() -> None:
    data = response_record(
        "https://bao.example/a-1.html",
        PAGE,
        status=200,
        headers=HEADERS,
        fetched="2026-01-05T08:30:00+07:00",
    )
    page = read_record(data)
    assert page.url == "https://bao.example/a-1.html"
    assert page.date == "2026-01-05T01:30:00Z"
    assert page.status_line == "HTTP/1.1 200 OK"
    assert page.body == PAGE
    assert page.headers == (
        ("Content-Type", "text/html; charset=utf-8"),
        ("Last-Modified", "Mon, 05 Jan 2026 01:00:00 GMT"),
        ("Content-Length", str(len(PAGE))),
    )


def test_error_responses_keep_their_status() -> None:
    page = read_record(response_record("https://bao.example/x", b"gone", status=410))
    assert (page.status, page.status_line, page.body) == (410, "HTTP/1.1 410 Gone", b"gone")


def stored_archive(path: Path) -> tuple[Archive, list[bytes]]:
    archive = Archive.open(path)
    bodies = [PAGE, b"", "<p>Trang th\u1ee9 ba</p>".encode(), bytes(range(256))]
    for n, body in enumerate(bodies):
        archive.db["sources"].insert({"name": f"bao{n % 2}"}, pk="name", replace=True)
        archive.store_page(
            f"bao{n % 2}",
            Fetch(
                f"https://bao.example/p-{n}.html",
                body,
                status=200 if n != 1 else 500,
                headers=HEADERS,
                fetched=f"2026-01-0{n + 1}T00:00:00+00:00",
            ),
        )
    archive.record_fetch_failure(
        "bao0", "https://bao.example/slow.html", fetched="2026-01-09T00:00:00+00:00", reason="t"
    )
    return archive, bodies


def test_export_is_a_warc_file_warcio_reads_back_byte_identical(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    archive, bodies = stored_archive(db)
    archive.close()
    out = tmp_path / "archive.warc.gz"

    result = CliRunner().invoke(cli, ["export-warc", "--db", str(db), str(out)])

    assert result.exit_code == 0, result.output
    assert "Wrote 4 WARC response records" in result.output
    with out.open("rb") as stream:
        types = [record.rec_type for record in ArchiveIterator(stream)]
    assert types == ["warcinfo"] + ["response"] * 4
    with out.open("rb") as stream:
        pages = list(iter_records(stream))
    assert [p.body for p in pages] == bodies
    assert [p.url for p in pages] == [f"https://bao.example/p-{n}.html" for n in range(4)]
    assert [p.status for p in pages] == [200, 500, 200, 200]
    # The export is the stored records themselves, not a re-encoding of them.
    with sqlite3.connect(db) as connection:
        stored = b"".join(
            row[0] for row in connection.execute("SELECT warc FROM pages WHERE warc IS NOT NULL")
        )
    assert out.read_bytes().endswith(stored)

    one = tmp_path / "bao1.warc.gz"
    CliRunner().invoke(cli, ["export-warc", "--db", str(db), "--source", "bao1", str(one)])
    with one.open("rb") as stream:
        assert [p.url[-8:] for p in iter_records(stream)] == ["p-1.html", "p-3.html"]


def test_page_command_shows_the_latest_fetch_as_received(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    stored_archive(db)[0].close()

    shown = CliRunner().invoke(cli, ["page", "--db", str(db), "https://bao.example/p-0.html"])

    assert shown.exit_code == 0, shown.output
    lines = shown.stdout_bytes.split(b"\n")
    assert lines[0].startswith(b"# page 1, fetched 2026-01-01T00:00:00+00:00: not parsed")
    assert lines[1:5] == [
        b"HTTP/1.1 200 OK",
        b"Content-Type: text/html; charset=utf-8",
        b"Last-Modified: Mon, 05 Jan 2026 01:00:00 GMT",
        f"Content-Length: {len(PAGE)}".encode(),
    ]
    assert shown.stdout_bytes.endswith(b"\n\n" + PAGE)

    failed = CliRunner().invoke(cli, ["page", "--db", str(db), "https://bao.example/slow.html"])
    assert "t; 0 older fetches" in failed.output
    assert "no response was received" in failed.output
    missing = CliRunner().invoke(cli, ["page", "--db", str(db), "https://bao.example/none"])
    assert missing.exit_code == 1
    assert "no fetch of https://bao.example/none" in missing.output


def test_an_archive_of_zlib_pages_is_migrated_to_warc_records(tmp_path: Path) -> None:
    """An archive written before WARC storage keeps its pages, now as records; reparse works."""
    db = tmp_path / "old.db"
    old = sqlite_utils.Database(db)
    old["pages"].insert_all(
        [
            {
                "id": 1,
                "source": "bao",
                "url": "https://bao.example/old-1.html",
                "fetched": "2025-12-01T00:00:00+00:00",
                "status": 200,
                "encoding": "utf-8",
                "size": len(PAGE),
                "sha256": "x",
                "html_zlib": zlib.compress(PAGE),
                "article_id": None,
                "error": "parse error: no body",
            },
            {
                "id": 2,
                "source": "bao",
                "url": "https://bao.example/old-2.html",
                "fetched": "2025-12-02T00:00:00+00:00",
                "status": 404,
                "encoding": None,
                "size": 4,
                "sha256": "y",
                "html_zlib": zlib.compress(b"none"),
                "article_id": None,
                "error": "HTTP 404",
            },
        ],
        pk="id",
    )
    old.close()

    archive = Archive.open(db)
    Archive(archive.db)  # a second open finds nothing left to migrate

    assert "html_zlib" not in archive.db["pages"].columns_dict
    pages = list(archive.iter_pages())
    assert [(p.url[-10:], p.status, p.body) for p in pages] == [
        ("old-1.html", 200, PAGE),
        ("old-2.html", 404, b"none"),
    ]
    assert pages[0].headers[0] == ("Content-Type", "text/html; charset=utf-8")
    assert archive.warc_record(1).date == "2025-12-01T00:00:00Z"
    assert archive.db["pages"].get(2)["error"] == "HTTP 404"
    archive.close()
