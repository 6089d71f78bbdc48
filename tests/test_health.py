"""Source health: a source whose articles start coming without a field is flagged broken, the
crawl exits 1 with a summary table, `khenthuong status` and the source_health view say so."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from sitekit import crawl, page, path, registry, serve, sitemap

from khenthuong.cli import cli

# The real `khenthuong` command, without the production politeness delay (a second a request
# to a site on 127.0.0.1 proves nothing more): crawler.settings is read when a crawl starts.
QUICK_CLI = (
    "import crawler.settings as s; s.DOWNLOAD_DELAY = 0; s.AUTOTHROTTLE_START_DELAY = 0.01; "
    "from khenthuong.cli import cli; cli(prog_name='khenthuong')"
)


def test_a_source_whose_sapo_vanishes_is_flagged_broken(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    routes = {"/sitemap.xml": sitemap(*range(1, 7))}
    routes |= {f"/{path(n)}": page(n) for n in range(1, 7)}
    with serve(routes) as site:
        source = registry(tmp_path, site.base_url)
        first = crawl(db, source)
        assert first.stats["status"] == "ok" and first.stats["articles_new"] == 6

        # The paper's new template moves the lead where the selectors no longer find it.
        site.routes["/sitemap.xml"] = sitemap(*range(1, 11))
        site.routes |= {f"/{path(n)}": page(n, sapo="") for n in range(7, 11)}
        command = ["crawl", "--registry", str(source), "--db", str(db), "--allow-loopback"]
        command += ["--log-level", "WARNING"]
        second = subprocess.run(
            [sys.executable, "-c", QUICK_CLI, *command],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    assert second.returncode == 1, second.stderr[-2000:]
    table = second.stdout.splitlines()
    assert table[0].split() == [
        "source", "status", "took", "req", "new", "upd", "revisit", "edited", "unparsed",
        "errors", "newest", "article", "empty", "fields",
    ]  # fmt: skip
    assert table[2].split()[:2] == ["thu", "broken"]
    assert "sapo 4/4" in table[2]
    assert "! thu: broken: sapo empty in 4/4 articles (before: 0/6): markup changed?" in (
        second.stdout
    )
    assert "thu: crawl broken: sapo empty in 4/4" in second.stderr

    status = CliRunner().invoke(cli, ["status", "--db", str(db)])
    assert status.exit_code == 1
    lines = status.output.splitlines()
    assert lines[0].split()[:4] == ["source", "status", "last", "run"]
    assert lines[2].split()[:2] == ["thu", "broken"]
    assert "2026-03-02 08:00" in lines[2]  # the newest article's publication time
    assert lines[-1].startswith("! thu: broken: sapo empty in 4/4 articles")

    with sqlite3.connect(db) as connection:
        health = connection.execute(
            "SELECT source, status, articles_new, articles_parsed, empty_fields, last_ok "
            "FROM source_health"
        ).fetchall()
    ((name, state, new, parsed, empty, last_ok),) = health
    assert (name, state, new, parsed, empty) == ("thu", "broken", 4, 4, '{"sapo": 4}')
    assert last_ok is not None  # the first run was ok


def test_status_of_an_archive_never_crawled(tmp_path: Path) -> None:
    from khenthuong.archive import Archive

    Archive.open(tmp_path / "archive.db").close()
    result = CliRunner().invoke(cli, ["status", "--db", str(tmp_path / "archive.db")])
    assert result.exit_code == 0
    assert "No crawl recorded" in result.output


async def test_datasette_shows_source_health_with_the_sources_needing_a_look_first(
    tmp_path: Path,
) -> None:
    import json

    from datasette.app import Datasette

    from khenthuong.archive import Archive, RunStats
    from khenthuong.cli import METADATA
    from khenthuong.datasette_plugin import DATASETTE_SETTINGS

    db = tmp_path / "archive.db"
    archive = Archive.open(db)
    archive.db["sources"].insert_all(
        [{"name": "baotot", "title": "Báo Tốt"}, {"name": "baohong", "title": "Báo Hỏng"}],
        pk="name",
    )
    for source, status, errors in (
        ("baohong", "ok", "{}"),
        ("baotot", "ok", "{}"),
        ("baohong", "broken", '{"timeout": 3}'),
    ):
        run = archive.start_run(source)
        archive.finish_run(
            run, RunStats(requests=9, status=status, message=status, http_errors_by_status=errors)
        )
    archive.start_run("baotot")  # still running: its last finished run is what counts
    archive.close()

    datasette = Datasette(
        [str(db)],
        metadata=json.loads(METADATA.read_text("utf-8")),
        settings=DATASETTE_SETTINGS,
    )
    page = await datasette.client.get("/archive/source_health")
    assert page.status_code == 200
    assert "Tình trạng nguồn / Source health" in page.text
    rows = (await datasette.client.get("/archive/source_health.json?_shape=array")).json()
    assert [(r["source"], r["status"], r["http_errors_by_status"]) for r in rows] == [
        ("baohong", "broken", '{"timeout": 3}'),
        ("baotot", "ok", "{}"),
    ]
    assert rows[0]["last_ok"] is not None
