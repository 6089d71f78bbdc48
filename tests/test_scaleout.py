"""Scale-out: two crawler processes and one writer share a crawl through a real redis-server.

Everything runs as separate OS processes on 127.0.0.1: a redis-server started here (a temporary
directory, no persistence), the demo site served from this process so that it sees every
request, the writer (`khenthuong write`) and two workers. The result is compared with a
single-process crawl of the same site.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from crawler.items import RawPage
from crawler.scaleout import (
    WriterRun,
    decode_page,
    decode_prepared,
    encode_page,
    prepare_fetched,
    reserve_turn,
    worker_settings,
    write_pages,
)
from crawler.sources import get_source
from demo.families import site_dir
from demo.server import DemoHandler, DemoServer
from khenthuong.archive import Archive

ROOT = Path(__file__).resolve().parents[1]
DEMO_SITE = ROOT / "demo" / "site"
# No politeness delay against our own local server.
FAST = {
    "AUTOTHROTTLE_START_DELAY": 0.01,
    "DOWNLOAD_DELAY": 0,
    "RETRY_TIMES": 0,
    "KHENTHUONG_ALLOW_LOOPBACK": True,
}
# pytest's filterwarnings=error does not reach the crawl processes; this does (scrapy-redis 0.9.1
# as published warns on every request under Scrapy 2.19; crawler.scaleout must not).
ENV = {**os.environ, "PYTHONWARNINGS": "error"}
WORKER_AGENTS = ("khenthuong-test-worker-1", "khenthuong-test-worker-2")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A private redis-server on a free loopback port, without persistence, stopped afterwards."""
    binary = shutil.which("redis-server")
    if binary is None:
        message = "redis-server is not installed: `make test` installs it (apt-get install)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    port = free_port()
    data = tmp_path / "redis"
    data.mkdir()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(data), "--save", ""],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        for _ in range(200):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.02)
        else:
            pytest.fail("redis-server did not start")
        yield url
    finally:
        client.close()
        server.terminate()
        server.wait(timeout=10)


class GatedSite(DemoServer):
    """A demo site counting each request per (user agent, path).

    Article pages asked for by the gated user agents are answered only once each of them has
    asked for one (or 30 s passed): the first worker cannot take the whole queue before the
    second starts, so the test really has two processes fetching articles.
    """

    def __init__(self, root: Path, gate_agents: tuple[str, ...] = ()) -> None:
        super().__init__(root)
        self.hits: Counter[tuple[str, str]] = Counter()
        self.lock = threading.Lock()
        self.gate_agents = set(gate_agents)
        self.gate = threading.Event()
        site = self

        class Handler(DemoHandler):
            def do_GET(self) -> None:
                agent = self.headers.get("User-Agent", "")
                with site.lock:
                    site.hits[agent, self.path] += 1
                    article_agents = {a for a, p in site.hits if p.endswith(".html")}
                    if site.gate_agents <= article_agents:
                        site.gate.set()
                if agent in site.gate_agents and self.path.endswith(".html"):
                    site.gate.wait(timeout=30)
                super().do_GET()

        self.httpd.RequestHandlerClass = Handler

    def per_path(self, agents: tuple[str, ...] | None = None) -> Counter[str]:
        """Requests per path, from every user agent or only these."""
        counts: Counter[str] = Counter()
        for (agent, path), n in self.hits.items():
            if agents is None or agent in agents:
                counts[path] += n
        return counts


@pytest.fixture
def demo_sites() -> Iterator[dict[str, GatedSite]]:
    """The three demo papers, one server each; the ONECMS one gated for the two workers."""
    sites = {
        "demo": GatedSite(DEMO_SITE, gate_agents=WORKER_AGENTS),
        "demo_cantho": GatedSite(site_dir("cantho")),
        "demo_laocai": GatedSite(site_dir("laocai")),
    }
    try:
        yield sites
    finally:
        for site in sites.values():
            site.close()


# A crawl (single-process, or a worker with a Redis URL) or the writer, in its own process.
PROCESS_SCRIPT = """
import dataclasses, json, sys
from crawler.runner import run_crawl
from crawler.scaleout import drain
from crawler.sources import get_source, load_sources

args = json.loads(sys.argv[1])
if args["registry"]:
    sources = load_sources(args["registry"])
else:
    sources = [get_source(name).rebased(url) for name, url in args["origins"].items()]
if args["write"]:
    summaries = drain(args["db"], args["redis_url"], sources, args["workers"], args["settings"])
else:
    summaries = run_crawl(
        args["db"], sources, settings_overrides=args["settings"], redis_url=args["redis_url"]
    )
print(json.dumps([dataclasses.asdict(s) for s in summaries]))
"""


def start(
    sites: dict[str, GatedSite] | None = None,
    *,
    registry: Path | None = None,
    settings: dict | None = None,
    db: Path | None = None,
    redis_url: str | None = None,
    agent: str = "",
    write: bool = False,
    workers: int = 0,
) -> subprocess.Popen:
    """A crawl of the demo papers (or of the registry's sources), or their writer, in its own
    Python process."""
    settings = {**FAST, "LOG_LEVEL": "INFO", **(settings or {})}
    if agent:
        settings["USER_AGENT"] = agent
    args = {
        "origins": {name: site.base_url for name, site in (sites or {}).items()},
        "registry": str(registry) if registry else None,
        "db": str(db) if db else None,
        "redis_url": redis_url,
        "write": write,
        "workers": workers,
        "settings": settings,
    }
    return subprocess.Popen(
        [sys.executable, "-c", PROCESS_SCRIPT, json.dumps(args)],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen) -> list[dict]:
    """Wait for a process, check it succeeded; the summaries it printed."""
    try:
        out, err = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"still running after 120 s: {process.args}\n{err[-3000:]}")
    assert process.returncode == 0, err[-3000:]
    return json.loads(out.strip().splitlines()[-1])


def canonical_dump(db: Path) -> dict[str, list]:
    """The archive's pages, articles, events and awards, rows keyed by URL instead of row ids.

    Ids, fetch and archive timestamps and run ids depend on the order and time pages arrived in;
    everything else must be the same however the crawl was split.
    """
    with sqlite3.connect(db) as connection:

        def rows(sql: str, drop: set[str]) -> list:
            cursor = connection.execute(sql)
            names = [column[0] for column in cursor.description]
            found = [
                {k: v for k, v in zip(names, row, strict=True) if k not in drop}
                for row in cursor.fetchall()
            ]
            return sorted(json.dumps(row, sort_keys=True, ensure_ascii=False) for row in found)

        return {
            "pages": rows(
                "SELECT pages.*, articles.url AS article_url FROM pages "
                "LEFT JOIN articles ON articles.id = pages.article_id",
                {"id", "article_id", "fetched", "warc"},  # sha256 stands for the body
            ),
            "articles": rows(
                "SELECT * FROM articles",
                {"id", "page_id", "first_archived", "last_changed"},
            ),
            "events": rows(
                "SELECT events.*, articles.url AS article_url FROM events "
                "JOIN articles ON articles.id = events.article_id",
                {"id", "article_id"},
            ),
            "awards": rows(
                "SELECT awards.*, articles.url AS article_url FROM awards "
                "JOIN articles ON articles.id = awards.article_id",
                {"id", "article_id", "event_id"},
            ),
        }


def crawl_runs(db: Path) -> list[dict]:
    """crawl_runs rows, oldest first per source, without ids, times, requests and message."""
    with sqlite3.connect(db) as connection:
        connection.row_factory = sqlite3.Row
        rows = connection.execute("SELECT * FROM crawl_runs ORDER BY source, id").fetchall()
    drop = {"id", "started", "finished", "requests", "message"}
    return [{k: row[k] for k in row.keys() if k not in drop} for row in rows]  # noqa: SIM118


def test_page_survives_the_trip_through_redis_byte_for_byte() -> None:
    body = "<html><body>Bằng khen</body></html>".encode() + bytes(range(256))
    page = RawPage(
        "demo",
        "http://127.0.0.1/a-3100001.html",
        200,
        body,
        "utf-8",
        "2026-11-28T00:00:00+00:00",
        headers=[("Content-Type", "text/html; charset=utf-8"), ("Set-Cookie", "a=1")],
        protocol="HTTP/1.0",
    )
    assert decode_page(encode_page(page, 7)) == (page, 7)
    assert decode_prepared(encode_page(page, 7)) is None  # nothing parsed: the writer parses


def test_the_writer_writes_what_the_worker_parsed_without_parsing_again(tmp_path: Path) -> None:
    (page_file,) = [p for p in (ROOT / "demo" / "site").rglob("*.html") if "3100001" in p.name]
    source = get_source("demo")
    page = RawPage(
        "demo",
        "https://baoquangnam.demo/" + page_file.name,
        200,
        page_file.read_bytes(),
        "utf-8",
        "2026-11-28T00:00:00+00:00",
    )
    prepared = prepare_fetched(source, page)
    assert prepared.row is not None and prepared.analysis is not None
    message = encode_page(page, 7, prepared)
    assert decode_prepared(message) == prepared  # the parse travels exactly, as JSON
    # What the worker parsed is what gets written: mark its title to see it arrive.
    marked = dataclasses.replace(prepared, row={**prepared.row, "title": "parsed by the worker"})
    archive = Archive.open(tmp_path / "archive.db")
    archive.register_sources([source])
    run = WriterRun(source, archive.start_run("demo"), set())
    write_pages(archive, {"demo": run}, [encode_page(page, 7, marked)])
    ((title, page_id),) = archive.db.execute("SELECT title, page_id FROM articles").fetchall()
    assert title == "parsed by the worker"
    assert archive.db.execute("SELECT url FROM pages WHERE id = ?", [page_id]).fetchone() == (
        page.url,
    )
    assert run.stats.get_value("khenthuong/articles_new") == 1
    archive.close()


def shared_crawl(sites: dict[str, GatedSite], db: Path, redis_url: str) -> list[dict]:
    """One crawl by a writer and two workers; the writer's summaries, one per source."""
    for site in sites.values():
        site.hits.clear()
    writer = start(sites, db=db, redis_url=redis_url, write=True, workers=len(WORKER_AGENTS))
    # The workers may start before the writer has opened the runs: they wait for them.
    workers = [start(sites, redis_url=redis_url, agent=agent) for agent in WORKER_AGENTS]
    for worker in workers:
        assert all(summary["run_id"] is not None for summary in finish(worker))
    written = finish(writer)
    assert [(w["stats"]["status"], w["workers"]) for w in written] == [("ok", 2)] * len(sites)
    return written


def test_two_workers_and_a_writer_fetch_each_page_once_and_archive_as_one_process(
    tmp_path: Path, redis_url: str, demo_sites: dict[str, GatedSite]
) -> None:
    single, shared = tmp_path / "single.db", tmp_path / "shared.db"
    # The same servers for every crawl: the archived URLs and page bytes name their ports.
    finish(start(demo_sites, db=single))
    single_hits = {name: site.per_path() for name, site in demo_sites.items()}
    shared_crawl(demo_sites, shared, redis_url)
    shared_hits = {name: site.per_path(WORKER_AGENTS) for name, site in demo_sites.items()}
    demo_hits = {
        a: {p for (agent, p) in demo_sites["demo"].hits if agent == a} for a in WORKER_AGENTS
    }
    # Again: incremental, the writer publishes the archived URLs and no worker asks for them.
    shared_crawl(demo_sites, shared, redis_url)
    second_hits = {name: site.per_path(WORKER_AGENTS) for name, site in demo_sites.items()}

    articles = {
        name: {p for p in hits if get_source(name).is_article(demo_sites[name].base_url + p)}
        for name, hits in single_hits.items()
    }
    assert all(len(paths) >= 5 for paths in articles.values()), articles
    # Every page of every paper, articles and discovery pages alike, was fetched exactly once
    # in all by the two workers, and both fetched articles.
    for name, hits in single_hits.items():
        assert {path: n for path, n in shared_hits[name].items() if path != "/robots.txt"} == {
            path: 1 for path in hits if path != "/robots.txt"
        }, name
    assert all(paths & articles["demo"] for paths in demo_hits.values()), demo_hits
    assert canonical_dump(shared) == canonical_dump(single)

    with sqlite3.connect(single) as connection:
        failed = {
            url.split("/", 3)[3]
            for (url,) in connection.execute(
                "SELECT url FROM pages WHERE error IS NOT NULL "
                "EXCEPT SELECT url FROM pages WHERE article_id IS NOT NULL"
            )
        }
        alone = connection.execute(
            "SELECT source, status, pages_fetched, articles_new, parse_failures FROM crawl_runs "
            "ORDER BY source"
        ).fetchall()
    # The second crawl asked again only for the pages that never parsed.
    refetched = {p for name, hits in second_hits.items() for p in hits if p in articles[name]}
    assert refetched == {f"/{path}" for path in failed}
    with sqlite3.connect(shared) as connection:
        runs = connection.execute(
            "SELECT source, status, pages_fetched, articles_new, parse_failures, skipped_archived"
            " FROM crawl_runs ORDER BY source, id"
        ).fetchall()
    expected = []
    for source, status, pages, new, failures in alone:
        expected += [
            (source, status, pages, new, failures, 0),
            (source, "ok", failures, 0, failures, new),
        ]
    assert runs == expected
    # The writer records a shared run as a single crawl records it: every count but the requests
    # (each worker reads robots.txt for itself) and the message that quotes them.
    assert crawl_runs(shared)[::2] == crawl_runs(single)
    # Each run's keys are gone once the writer closed it.
    assert not redis.Redis.from_url(redis_url).keys("khenthuong:demo*")


def test_write_says_when_redis_is_out_of_reach(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from khenthuong.cli import cli

    url = f"redis://127.0.0.1:{free_port()}/0"
    result = CliRunner().invoke(
        cli, ["write", "--redis", url, "--db", str(tmp_path / "a.db"), "--source", "demo"]
    )
    assert result.exit_code == 1
    assert f"cannot reach Redis at {url}" in result.output
    assert not (tmp_path / "a.db").exists()


def test_workers_take_turns_at_a_host_download_delay_apart(redis_url: str) -> None:
    """Two workers' clients reserving turns at one site get them a delay apart, never together."""
    workers = [redis.Redis.from_url(redis_url) for _ in range(2)]
    delay = 60.0  # far longer than these calls take: each turn must queue behind the last
    turns = [reserve_turn(workers[n % 2], "baodanang.vn", delay) for n in range(5)]
    starts = [start for start, _ in turns]
    assert [b - a for a, b in itertools.pairwise(starts)] == pytest.approx([delay] * 4)
    assert turns[0][1] == 0  # a host nobody asked for yet: no wait
    assert turns[4][1] == pytest.approx(4 * delay, abs=1)
    # Another host has its own turns.
    assert reserve_turn(workers[0], "baonghean.vn", delay)[1] == 0
    assert (
        "crawler.scaleout.SharedPaceMiddleware"
        in worker_settings(redis_url)["DOWNLOADER_MIDDLEWARES"]
    )


def test_shared_scheduler_shares_queue_and_filter_per_source_without_deprecated_calls(
    redis_url: str,
) -> None:
    """Two workers' schedulers (in-process, under filterwarnings=error): one queue per source."""
    from scrapy import Request
    from scrapy.utils.test import get_crawler

    from crawler.scaleout import SharedNewsSpider, SharedScheduler
    from crawler.sources import get_source

    def worker(source: str) -> tuple[SharedScheduler, SharedNewsSpider]:
        crawler = get_crawler(SharedNewsSpider, worker_settings(redis_url))
        spider = SharedNewsSpider.from_crawler(crawler, source=get_source(source))
        crawler.spider = spider
        scheduler = SharedScheduler.from_crawler(crawler)
        scheduler.open(spider)
        return scheduler, spider

    first, _ = worker("demo")
    url = "http://127.0.0.1/khen-thuong-3100001.html"
    assert first.enqueue_request(Request(url)) is True
    # A second worker joins the crawl with a request already queued (scrapy-redis's own open()
    # would call the deprecated Spider.log() here), and sees the first worker's filter.
    second, spider = worker("demo")
    assert second.enqueue_request(Request(url)) is False
    assert second.has_pending_requests()
    assert second.next_request().url == url
    assert first.next_request() is None
    assert spider.busy
    # Another source has its own queue and filter.
    other, _ = worker("baodanang")
    assert other.enqueue_request(Request(url)) is True
    assert other.next_request().url == url
    assert first.stats.get_value("dupefilter/filtered") is None
    assert second.stats.get_value("dupefilter/filtered") == 1


def test_planned_revisits_are_fetched_once_by_the_shared_crawl(
    tmp_path: Path, redis_url: str
) -> None:
    """The writer publishes the revisits due, as a single crawl reads them from the archive."""
    from sitekit import page, path, registry, serve, sitemap

    def now(day: int, hour: int) -> dict[str, str]:  # as tests/test_revisits.py: published 01:00
        return {"KHENTHUONG_NOW": f"2026-03-{2 + day:02d}T{1 + hour:02d}:00:00+00:00"}

    db = tmp_path / "archive.db"
    routes = {"/sitemap.xml": sitemap(1, 2), f"/{path(1)}": page(1), f"/{path(2)}": page(2)}
    with serve(routes) as site:
        source = registry(tmp_path, site.base_url)
        for day, hour in ((0, 2), (1, 1)):
            if day == 1:  # the paper corrects article 1 after publication
                site.routes[f"/{path(1)}"] = page(1, title="Tặng Bằng khen cho 7 tập thể")
            site.hits.clear()
            run = {"registry": source, "redis_url": redis_url, "settings": now(day, hour)}
            writer = start(db=db, write=True, workers=2, **run)
            workers = [start(agent=agent, **run) for agent in WORKER_AGENTS]
            for worker in workers:
                finish(worker)
            finish(writer)
        fetched = sorted(p for p in site.paths() if p.startswith("/tin-tuc-"))
    assert fetched == ["/tin-tuc-1.html", "/tin-tuc-2.html"]  # each revisit once, not per worker
    with sqlite3.connect(db) as connection:
        runs = connection.execute(
            "SELECT status, articles_new, revisits, articles_updated, articles_versioned "
            "FROM crawl_runs ORDER BY id"
        ).fetchall()
    assert runs == [("ok", 2, 0, 0, 0), ("ok", 0, 2, 1, 1)]
