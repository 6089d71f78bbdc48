"""Datasette serving the archive under load on 127.0.0.1 while a crawl and a writer write to it.

A few seconds and a few clients here; `make reliability` runs 20 clients for 60 seconds and
reports requests, errors and latency percentiles (reliability/load.py).
"""

from __future__ import annotations

from pathlib import Path

from reliability.harness import crawl_command, demo_site
from reliability.load import run_load


def test_datasette_answers_every_request_while_the_archive_is_written(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    with demo_site() as base_url:
        report = run_load(db, clients=4, seconds=4, crawl=crawl_command(db, base_url=base_url))

    figures = report.figures()
    assert figures["first_errors"] == []
    assert figures["errors"] == 0 and figures["database_locked"] == 0
    assert figures["requests"] >= 4
    # The load overlapped real writes: the crawl's 32 articles and the writer's.
    assert figures["articles_written_during_load"] > 32
