"""The command line: every command documented, extract, sources, reparse, Datasette arguments."""

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from khenthuong.cli import METADATA, cli, datasette_args
from khenthuong.datasette_plugin import DATASETTE_SETTINGS

README = Path(__file__).resolve().parents[1] / "README.md"

ARTICLE = {
    "id": "tn-1",
    "title": "Huyện Đại Từ tổng kết công tác thi đua, khen thưởng năm 2025",
    "sapo": "Sáng 9/1, UBND huyện Đại Từ tổ chức hội nghị tổng kết công tác thi đua, khen thưởng.",
    "body": "Dịp này, Chủ tịch UBND tỉnh tặng Bằng khen cho 6 tập thể và 11 cá nhân.",
    "published": "2026-01-09T16:00:00+07:00",
}


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_is_documented_with_an_example(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    # An example is a command line of this very command, after the "Example" heading...
    examples = result.output.partition("Example")[2]
    assert f"khenthuong {command}" in examples, result.output
    # ...and the README's table of commands has a row for it (not just a mention in prose).
    row = re.compile(rf"^\| `khenthuong {re.escape(command)}[ `]", re.MULTILINE)
    assert row.search(README.read_text("utf-8")), f"no README row for khenthuong {command}"


def test_extract_writes_one_guideline_object_per_line() -> None:
    lines = json.dumps(ARTICLE, ensure_ascii=False) + "\n\n"
    result = CliRunner().invoke(cli, ["extract"], input=lines)
    assert result.exit_code == 0, result.output
    [output] = [json.loads(line) for line in result.output.splitlines()]
    assert output["id"] == "tn-1"
    assert output["relevant"] is True
    assert output["event"]["type"] == "tong_ket"
    assert output["event"]["date"] == "2026-01-09"
    assert sorted((a["award"], a["recipient_kind"], a["count"]) for a in output["awards"]) == [
        ("Bằng khen", "collective", 6),
        ("Bằng khen", "individual", 11),
    ]


def test_extract_reports_bad_lines_and_keeps_the_good_ones(tmp_path: Path) -> None:
    source = tmp_path / "articles.jsonl"
    good = json.dumps(ARTICLE, ensure_ascii=False)
    source.write_text(f"{good}\nnot json\n[1, 2]\n{good}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(source), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 1
    assert "line 2: not JSON" in result.output
    assert "line 3: expected a JSON object with an 'id'" in result.output
    written = (tmp_path / "out.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["id"] for line in written] == ["tn-1", "tn-1"]


def test_serve_and_reparse_refuse_a_missing_archive(tmp_path: Path) -> None:
    for command in ("serve", "reparse"):
        result = CliRunner().invoke(cli, [command, "--db", str(tmp_path / "none.db")])
        assert result.exit_code == 1
        assert "does not exist: crawl first" in result.output


def test_crawl_rejects_an_unknown_source(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["crawl", "--source", "baokhongco", "--db", str(tmp_path / "a.db")]
    )
    assert result.exit_code == 2
    assert "unknown source baokhongco" in result.output


def test_datasette_metadata_follows_the_archive_file_name(tmp_path: Path) -> None:
    metadata = tmp_path / "metadata.json"
    charts = {"d": {"filters": {"f": {"db": "archive"}}, "charts": {"c": {"db": "archive"}}}}
    metadata.write_text(
        json.dumps(
            {"databases": {"archive": {"tables": {}}}, "plugins": {"datasette-dashboards": charts}}
        ),
        encoding="utf-8",
    )
    args = datasette_args(tmp_path / "nightly.db", metadata, "127.0.0.1", 8001)
    used = Path(args[args.index("--metadata") + 1])
    renamed = {"d": {"filters": {"f": {"db": "nightly"}}, "charts": {"c": {"db": "nightly"}}}}
    assert json.loads(used.read_text("utf-8")) == {
        "databases": {"nightly": {"tables": {}}},
        "plugins": {"datasette-dashboards": renamed},
    }
    same = datasette_args(tmp_path / "archive.db", metadata, "127.0.0.1", 8001)
    assert same[same.index("--metadata") + 1] == str(metadata)


def test_reparse_rebuilds_from_the_stored_pages(tmp_path: Path) -> None:
    from crawler.sources import get_source
    from khenthuong.archive import Archive, Fetch
    from khenthuong.ingest import ingest_page

    fixtures = Path(__file__).parent / "fixtures" / "onecms"
    db_path = tmp_path / "archive.db"
    archive = Archive.open(db_path)
    source = get_source("baoquangnam")
    archive.register_sources([source])
    for name in ("qno-hoi-nghi-thi-dua", "trang-loi"):
        url = json.loads((fixtures / f"{name}.json").read_text("utf-8"))["url"]
        body = (fixtures / f"{name}.html").read_bytes()
        ingest_page(
            archive, source, Fetch(url, body, status=200, fetched="2026-11-01T00:00:00+00:00")
        )
    archive.db.execute("DELETE FROM awards")
    archive.close()

    result = CliRunner().invoke(cli, ["reparse", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert result.output == "Reparsed 2 stored pages: 1 failed, 1 unchanged; 0 removed.\n"
    archive = Archive.open(db_path)
    assert archive.db["awards"].count > 0
    archive.close()


def test_sources_lists_every_paper_with_its_provinces_and_state() -> None:
    result = CliRunner().invoke(cli, ["sources"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == [
        "name",
        "province",
        "(today)",
        "domains",
        "discovery",
        "state",
        "enabled",
    ]
    rows = {line.split()[0]: line for line in lines[1:-1]}
    assert len(rows) == 66  # 63 papers and 3 demo sites
    assert rows["baoquangnam"].split() == [
        "baoquangnam",
        "Quảng",
        "Nam",
        "(Đà",
        "Nẵng)",
        "baoquangnam.vn",
        "->",
        "baodanang.vn",
        "robots,sitemap,feed,listing",
        "verified",
        "no",
    ]
    assert rows["baocantho"].split()[-3:] == ["robots,feed,listing", "verified", "yes"]
    assert rows["baohagiang"].split()[-2:] == ["unverified", "no"]
    assert lines[-1].startswith("66 sources, 34 crawled nightly; 8 verified, 55 unverified")


def test_sources_json_and_enabled_only() -> None:
    result = CliRunner().invoke(cli, ["sources", "--enabled", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == 34 and all(row["enabled"] for row in rows)
    danang = next(row for row in rows if row["name"] == "baodanang")
    assert danang == {
        "name": "baodanang",
        "title": "Báo Đà Nẵng",
        "province": "Đà Nẵng",
        "province_today": "Đà Nẵng",
        "domains": ["baodanang.vn"],
        "redirects_to": [],
        "successor": None,
        "lead_prefix": None,
        "discovery": ["robots", "sitemap", "listing"],
        "state": "verified",
        "enabled": True,
        "evidence": danang["evidence"],
    }
    assert danang["evidence"]["domains"].startswith("seen: SITES.md")
    assert danang["evidence"]["sitemaps"].startswith("inferred: ")


def test_sources_with_an_archive_shows_the_last_run_and_the_article_count(tmp_path: Path) -> None:
    from crawler.sources import get_source
    from khenthuong.archive import Archive, Fetch, RunStats
    from khenthuong.ingest import ingest_page

    fixtures = Path(__file__).parent / "fixtures" / "onecms"
    db_path = tmp_path / "archive.db"
    archive = Archive.open(db_path)
    source = get_source("baoquangnam")
    archive.register_sources([source, get_source("baodanang")])
    archive.finish_run(archive.start_run("baodanang"), RunStats(status="empty"))
    run = archive.start_run("baoquangnam")
    url = json.loads((fixtures / "qno-hoi-nghi-thi-dua.json").read_text("utf-8"))["url"]
    body = (fixtures / "qno-hoi-nghi-thi-dua.html").read_bytes()
    ingest_page(archive, source, Fetch(url, body, status=200, fetched="2026-11-01T00:00:00+00:00"))
    archive.finish_run(run, RunStats(pages_fetched=1, articles_new=1))
    archive.close()

    result = CliRunner().invoke(cli, ["sources", "--db", str(db_path), "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in map(json.loads, result.output.splitlines())}
    assert (rows["baoquangnam"]["last_run"], rows["baoquangnam"]["articles"]) == ("ok", 1)
    assert (rows["baodanang"]["last_run"], rows["baodanang"]["articles"]) == ("empty", 0)
    assert (rows["hanoimoi"]["last_run"], rows["hanoimoi"]["articles"]) == (None, 0)

    table = CliRunner().invoke(cli, ["sources", "--db", str(db_path)]).output.splitlines()
    assert table[0].endswith("last run  articles")
    quangnam = next(line for line in table if line.startswith("baoquangnam "))
    assert quangnam.split()[-2:] == ["ok", "1"]
    assert next(line for line in table if line.startswith("hanoimoi ")).split()[-2:] == ["-", "0"]


def test_sources_refuses_a_missing_archive(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["sources", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "does not exist: crawl first" in result.output


def test_crawl_exit_status_excuses_an_unverified_source_that_never_worked(tmp_path: Path) -> None:
    """A site that answers nothing: "empty" is reported, but a guess that failed is not a break.

    (A verified source's "empty" does fail the crawl: tests/test_sources.py, fails_the_crawl.)
    """
    import subprocess
    import sys

    from demo.server import serve_demo

    source, db = "baolaichau", tmp_path / "archive.db"
    with serve_demo(tmp_path) as site:  # an empty directory: every address is 404
        command = ["crawl", "--source", source, "--db", str(db), "--base-url", site.base_url]
        done = subprocess.run(
            [sys.executable, "-m", "khenthuong.cli", *command, "--allow-loopback"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]
    (report,) = [line for line in done.stdout.splitlines() if line.startswith(f"! {source}:")]
    assert report.startswith(f"! {source}: empty: ")
    assert report.endswith("(unverified source)")


def test_serve_passes_the_safety_settings_to_datasette(tmp_path: Path) -> None:
    args = datasette_args(tmp_path / "archive.db", METADATA, "127.0.0.1", 8001)
    settings = {args[i + 1]: args[i + 2] for i, arg in enumerate(args) if arg == "--setting"}
    assert settings["sql_time_limit_ms"] == str(DATASETTE_SETTINGS["sql_time_limit_ms"])
    assert settings["allow_download"] == "off"
    assert settings["allow_csv_stream"] == "on"
