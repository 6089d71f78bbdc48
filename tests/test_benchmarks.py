"""The benchmark code runs at a tiny scale and computes its ratios (timings are never asserted)."""

import json
import random
import sqlite3
from pathlib import Path

import pytest

from benchmarks import archive_scale, corpus, crawl, reparse, run
from benchmarks.pages import BenchPage, accuracy_ours, body_score, page_sets
from crawler.sources import get_source
from khenthuong.archive import Archive, Fetch
from parsers.article import parse_article


@pytest.mark.parametrize("template", corpus.TEMPLATES)
def test_generated_pages_parse_as_their_article(template: str) -> None:
    for article in corpus.varied_articles(4, start=3):
        parsed = parse_article(corpus.render(article, template), article.url)
        assert parsed.title == article.title
        assert parsed.url == article.url
        assert parsed.author == article.author
        assert parsed.published == article.published.isoformat()
        assert parsed.body == article.paragraphs


def test_varied_articles_differ_and_repeat() -> None:
    first = list(corpus.varied_articles(40))
    assert len({a.id for a in first}) == 40
    assert len({a.body for a in first}) == 40  # the same base article comes back varied
    assert [a.body for a in corpus.varied_articles(40)] == [a.body for a in first]


def test_body_score_is_the_harmonic_mean_of_containment_and_exclusion() -> None:
    expected = {
        "body_must_contain": ["Câu thứ nhất.", "Câu thứ hai."],
        "body_must_not_contain": ["Trang chủ", "Đọc nhiều"],
    }
    assert body_score("Câu thứ nhất. Câu thứ hai.", expected) == 1.0
    # Half the sentences, no boilerplate: 2 * 0.5 * 1 / 1.5.
    assert body_score("Câu thứ nhất.  Tin khác", expected) == pytest.approx(2 / 3)
    assert body_score("Trang chủ Đọc nhiều", expected) == 0.0


def test_demo_pages_are_scored_against_their_expected_fields() -> None:
    demo = page_sets()["demo"]
    assert len(demo) >= 30
    assert accuracy_ours(demo[0]) == {"title": 1.0, "date": 1.0, "author": 1.0, "body": 1.0}
    broken = BenchPage(demo[0].url, b"<html><body><p>x</p></body></html>", demo[0].expected)
    assert accuracy_ours(broken)["title"] == 0.0


def test_reparse_benchmark_measures_two_sizes(tmp_path: Path) -> None:
    results = reparse.run((6, 12), tmp_path, sample=4, jobs=2)
    assert set(results) == {6, 12}
    for size, figures in results.items():
        for run_ in ("pooled", "single"):
            assert figures[run_]["pages"] == size
            assert figures[run_]["outcomes"] == {"new": size}
            # The sample asked for, one page in each of 4 runs of pages.
            assert figures[run_]["sample"] == 4
            assert figures[run_]["peak_rss_mib"] > 0
        assert figures["reparse_over_processing"] == pytest.approx(
            figures["wall_pages_per_second"] / figures["processing_wall_pages_per_second"]
        )
        assert figures["single_cpu_over_processing"] == pytest.approx(
            figures["single_cpu_pages_per_second"] / figures["processing_cpu_pages_per_second"]
        )
    assert list(tmp_path.iterdir()) == []


def test_crawl_benchmark_compares_the_same_requests(tmp_path: Path) -> None:
    figures = crawl.overhead(6, 1, tmp_path)
    assert figures["articles_new"] == 6  # every generated article archived by the full crawl
    assert figures["requests"] > 6  # and discovery pages: robots.txt, sitemap, listings
    assert figures["overhead"] == pytest.approx(
        figures["full_seconds"] / figures["noop_seconds"] - 1
    )
    # The CPU of both crawls, and of the full crawl's writer process, which did the parsing.
    assert figures["full_writer_cpu_seconds"] > 0
    assert figures["full_crawl_cpu_seconds"] > 0 and figures["noop_cpu_seconds"] > 0


def test_generated_archive_holds_articles_awards_and_search(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    built = archive_scale.build(db, 60)
    assert built["articles"] == 60
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == 60
        awards = conn.execute("select count(*) from awards").fetchone()[0]
        assert awards == built["awards"] > 0
        # Every award fact quotes a sentence of its article.
        for evidence, body, sapo in conn.execute(
            "select evidence, body, sapo from awards join articles on articles.id = article_id"
        ):
            assert evidence in body or evidence in sapo
        found = conn.execute(
            "select count(*) from articles_fts where articles_fts match ?", ['"thi" "dua"']
        ).fetchone()[0]
        assert 0 < found <= 60
        provinces = {row[0] for row in conn.execute("select distinct province from articles")}
        assert len(provinces) > 10


def test_verdicts_and_report_compute_the_ratios(tmp_path: Path, monkeypatch) -> None:
    def figures(over: float, rss: float, workers: float, single: float, store: float) -> dict:
        return {
            "reparse_over_processing": over,
            "wall_pages_per_second": 100.0 * over,
            "processing_wall_pages_per_second": 100.0,
            "single_cpu_over_processing": 0.5,
            "single_cpu_pages_per_second": 60.0,
            "processing_cpu_pages_per_second": 120.0,
            "pooled_cpu_ms": 12.5,
            "pooled_cpus_used": 1.6,
            "peak_rss_mib": rss,
            "workers_peak_rss_mib": workers,
            "single_peak_rss_mib": single,
            "store_seconds": store,
            "jobs": 2,
        }

    results = {
        "reparse": {
            "10": figures(0.9, 50.0, 80.0, 40.0, 1.0),
            "100": figures(0.7, 55.0, 80.0, 52.0, 9.0),
        }
    }
    rows = {name: (value, met) for name, value, _, met in run.verdicts(results)}
    assert rows["re-parse (worker pool) / page processing, wall throughput (worst size)"] == (
        0.7,
        False,
    )
    # The one-process run grew most: 52 / 40.
    assert rows["re-parse peak memory 100/10 pages (worst process)"] == (pytest.approx(1.3), False)
    report = tmp_path / "BENCHMARKS.md"
    report.write_text("intro\n<!-- results:quick -->\nold\n<!-- /results:quick -->\nend\n")
    monkeypatch.setattr(run, "REPORT", report)
    block = run.markdown("quick", run.SCALES["quick"], results, run.machine())
    run.write_report("quick", block)
    text = report.read_text()
    assert text.startswith("intro\n") and text.endswith("end\n") and "old" not in text
    assert (
        "| 100 | 0.70 | 70 | 100 | 12.5 ms, 1.6 | 0.50 | 60 | 120 | 55, 80, 52 MiB | 9 s |" in text
    )
    json.dumps(results)  # what results-SCALE.json holds
    # Rendered again later from the saved results, the block keeps when they were measured.
    saved_machine = {**run.machine(), "measured": "2026-01-02 03:04 UTC"}
    again = run.markdown("quick", run.SCALES["quick"], results, saved_machine)
    assert again.startswith("Measured 2026-01-02 03:04 UTC by `make bench SCALE=quick`")


def test_every_search_is_judged_against_the_search_target() -> None:
    archive = {
        "search_p95_ms": 15.0,
        "table_search_p95_ms": 120.0,
        "ranked_p95_ms": 250.0,
        "facet_pages": {"articles": {"facets_timed_out": []}},
    }
    rows = {name: (value, met) for name, value, _, met in run.verdicts({"archive": archive})}
    assert rows["search p95, newest matches (ms)"] == (15.0, True)
    assert rows["search p95, articles table's search box (ms)"] == (120.0, True)
    assert rows["search p95, ranked search page (ms)"] == (250.0, False)
    assert rows["facets timed out"] == (0.0, True)


def test_size_per_article_leaves_out_raw_pages_and_counts_articles_now(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    archive = Archive.open(db)
    archive.save_article({"url": "https://baotest.example/a.html", "title": "Tin", "tags": []})
    archive.close()
    without_pages, articles = archive_scale.archive_bytes(db)

    archive = Archive.open(db)
    archive.register_sources([get_source("demo")])
    for number in range(20):  # a writer's raw pages, and one more article
        body = random.Random(number).randbytes(50_000)  # gzip leaves it 50 KB
        archive.store_page(
            "demo",
            Fetch(
                f"https://baotest.example/{number}",
                body,
                status=200,
                fetched="2026-01-01T00:00:00+00:00",
            ),
        )
    archive.save_article({"url": "https://baotest.example/b.html", "title": "Tin", "tags": []})
    archive.close()
    after, articles_after = archive_scale.archive_bytes(db)

    assert articles == 1 and articles_after == 2
    assert db.stat().st_size > after + 20 * 40_000  # the file holds the pages ...
    assert after - without_pages < 20 * 4096  # ... the figure does not: one article's rows
