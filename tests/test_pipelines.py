"""How a crawl run is judged from its Scrapy stats: a broken or renamed site is never silent."""

import pytest
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from crawler.pipelines import judge_run


def stats(**values: int) -> MemoryStatsCollector:
    collector = MemoryStatsCollector(get_crawler())
    for key, value in values.items():
        name = "downloader/request_count" if key == "requests" else f"khenthuong/{key}"
        collector.set_value(name, value)
    return collector


@pytest.mark.parametrize(
    ("counts", "reason", "status", "why"),
    [
        ({"requests": 40, "pages_fetched": 30, "articles_new": 30}, "finished", "ok", ""),
        # Nothing new, but the sitemap listed archived articles: a quiet night, not a failure.
        ({"requests": 5, "skipped_archived": 120}, "finished", "ok", ""),
        # A stub page that always fails does not make a healthy site broken.
        ({"pages_fetched": 1, "parse_failures": 1, "skipped_archived": 32}, "finished", "ok", ""),
        ({"requests": 3}, "finished", "empty", "no article URL discovered"),
        (
            {"pages_fetched": 4, "parse_failures": 4, "new_parse_failures": 4},
            "finished",
            "empty",
            "no article page could be parsed",
        ),
        (
            {
                "pages_fetched": 6,
                "parse_failures": 6,
                "new_parse_failures": 6,
                "skipped_archived": 90,
            },
            "finished",
            "broken",
            "markup changed?",
        ),
        (
            {"pages_fetched": 6, "articles_new": 5, "parse_failures": 1, "new_parse_failures": 1},
            "finished",
            "ok",
            "",
        ),
        ({"pages_fetched": 3, "articles_new": 3}, "shutdown", "failed", "closed: shutdown"),
    ],
)
def test_judge_run(counts: dict[str, int], reason: str, status: str, why: str) -> None:
    judged, message = judge_run(stats(**counts), reason)
    assert judged == status
    assert why in message


def parsed(count: int, **empty: int) -> MemoryStatsCollector:
    """Stats of a run that parsed `count` articles, `empty[field]` of them lacking that field."""
    collector = stats(pages_fetched=count, articles_new=count, articles_parsed=count)
    for name, missing in empty.items():
        collector.set_value(f"khenthuong/empty/{name}", missing)
    return collector


@pytest.mark.parametrize(
    ("run", "history", "status", "why"),
    [
        # Sapo gone from 8 of 10 articles of a source whose 200 earlier articles had it.
        (parsed(10, sapo=8), (200, {"sapo": 3}), "broken", "sapo empty in 8/10 articles"),
        # A source that never gives authors is not broken for lacking them tonight.
        (parsed(10, author=10), (200, {"author": 180}), "ok", ""),
        # Too few articles tonight, or too little history, to tell.
        (parsed(2, sapo=2), (200, {}), "ok", ""),
        (parsed(10, sapo=10), (4, {}), "ok", ""),
        (parsed(10, sapo=10), None, "ok", ""),
        # Half is enough: a field that fails on every other page is a broken selector too.
        (parsed(10, published=5, sapo=1), (50, {}), "broken", "published empty in 5/10"),
    ],
)
def test_required_fields_going_empty_against_history_break_a_run(
    run: MemoryStatsCollector, history: tuple | None, status: str, why: str
) -> None:
    judged, message = judge_run(run, "finished", history)
    assert judged == status
    assert why in message
