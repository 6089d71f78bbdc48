"""The articles table's own search box, served by Datasette: the same answer as Datasette's own
search, read down the publication index when the words are common (datasette_plugin)."""

import json
import sqlite3
from pathlib import Path

import pytest
from datasette.app import Datasette
from datasette.utils import escape_fts

from khenthuong.archive import Archive
from khenthuong.cli import METADATA
from khenthuong.datasette_plugin import DATASETTE_SETTINGS
from khenthuong.search import INDEX_WALK_SHARE
from parsers.text import fold

ARTICLES = 200
COMMON = "thi đua"  # in every other article: far above INDEX_WALK_SHARE of the archive
RARE = "Huân chương Lao động"  # in three articles: below it
PROVINCES = ("Quảng Nam", "Đà Nẵng", "Nghệ An")


def article(number: int) -> dict:
    words = []
    if number % 2 == 0:
        words.append(f"Hội nghị {COMMON} lần {number}")
    if number in (17, 90, 151):
        words.append(f"Trao {RARE} hạng Ba")
    return {
        "url": f"https://baotest.example/bai-{number}.html",
        "source": None,
        "tags": [],
        # Titles out of publication order, so sorting by title is another order.
        "title": f"Bài {(number * 37) % ARTICLES:03d}: "
        + (words[0] if words else "Tin địa phương"),
        "sapo": "Tin trong tỉnh.",
        "body": " ".join(words) or "Nước dâng ở vùng trũng.",
        # Every article its own minute, not in archive order: the order is publication's alone.
        "published": f"2025-{1 + number % 12:02d}-{1 + number % 28:02d}T{number % 24:02d}:"
        f"{number % 60:02d}:00+07:00",
        "province": PROVINCES[number % 3],
        "province_today": "Đà Nẵng" if number % 3 < 2 else "Nghệ An",
        "category": "Xã hội",
    }


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("table-search") / "archive.db"
    archive = Archive.open(path)
    for number in range(ARTICLES):
        archive.save_article(article(number))
    archive.close()
    return path


@pytest.fixture(scope="module")
def datasette(db_path: Path) -> Datasette:
    metadata = json.loads(METADATA.read_text("utf-8"))
    return Datasette([str(db_path)], metadata=metadata, settings=DATASETTE_SETTINGS)


def datasettes_own(
    db_path: Path, text: str, order: str = "published desc", *, raw: bool = False
) -> list[int]:
    """The ids Datasette 0.65's own search clause gives, in `order` (one column, no ties here)."""
    with sqlite3.connect(db_path) as connection:
        rows = connection.execute(
            "select id from articles where id in (select rowid from articles_fts"
            f" where articles_fts match ?) order by {order}",
            [text if raw else escape_fts(text)],
        ).fetchall()
    return [row[0] for row in rows]


async def every_page(datasette: Datasette, params: dict) -> tuple[list[int], list[str]]:
    """The ids of every page of a table search, following `next`, and each page's SQL."""
    ids, sqls, params = [], [], {**params, "_shape": "objects", "_size": "7", "_extra": "query"}
    while True:
        response = await datasette.client.get("/archive/articles.json", params=params)
        assert response.status_code == 200, response.text
        data = response.json()
        ids += [row["id"] for row in data["rows"]]
        sqls.append(data["query"]["sql"])
        if not data["next"]:
            return ids, sqls
        params = {**params, "_next": data["next"]}


def test_the_two_searches_fall_either_side_of_the_share(db_path: Path) -> None:
    assert len(datasettes_own(db_path, COMMON)) >= ARTICLES * INDEX_WALK_SHARE
    assert 0 < len(datasettes_own(db_path, "huan chuong lao dong")) < ARTICLES * INDEX_WALK_SHARE


@pytest.mark.parametrize(
    ("text", "walks"),
    [(COMMON, True), ("thi dua", True), (RARE, False), ("huan chuong lao dong", False)],
)
async def test_a_search_gives_datasettes_own_answer_page_after_page(
    datasette: Datasette, db_path: Path, text: str, walks: bool
) -> None:
    ids, sqls = await every_page(datasette, {"_search": text})

    assert ids == datasettes_own(db_path, fold(text))
    # A common search walks the publication index (`+id` keeps the list of matches from
    # driving the query); a rare one looks its few matches up.
    assert all(("+id in (select rowid from articles_fts" in sql) is walks for sql in sqls)
    assert all("id in (select rowid from articles_fts" in sql for sql in sqls)


async def test_a_search_sorted_by_another_column_gives_the_same_rows(
    datasette: Datasette, db_path: Path
) -> None:
    for text in (COMMON, RARE):
        ids, _ = await every_page(datasette, {"_search": text, "_sort": "title"})
        assert ids == datasettes_own(db_path, text, order="title")


async def test_a_common_search_reads_the_newest_down_the_index_without_sorting(
    datasette: Datasette, db_path: Path
) -> None:
    response = await datasette.client.get(
        "/archive/articles.json", params={"_search": COMMON, "_extra": "query"}
    )
    query = response.json()["query"]
    with sqlite3.connect(db_path) as connection:
        connection.create_function("escape_fts", 1, escape_fts)
        plan = [
            row[3]
            for row in connection.execute("explain query plan " + query["sql"], query["params"])
        ]

    assert any("USING INDEX idx_articles_published" in step for step in plan), plan
    assert not any("TEMP B-TREE FOR ORDER BY" in step for step in plan), plan


async def test_facets_and_count_of_a_search_count_its_matches(
    datasette: Datasette, db_path: Path
) -> None:
    for text in (COMMON, RARE):
        response = await datasette.client.get(
            "/archive/articles.json", params={"_search": text, "_facet": "province"}
        )
        data = response.json()
        matches = datasettes_own(db_path, text)
        with sqlite3.connect(db_path) as connection:
            expected = dict(
                connection.execute(
                    "select province, count(*) from articles where id in"
                    f" ({','.join(map(str, matches))}) group by province"
                ).fetchall()
            )
        counted = {v["value"]: v["count"] for v in data["facet_results"]["province"]["results"]}
        assert data["filtered_table_rows_count"] == len(matches)
        assert counted == expected


async def test_a_column_search_searches_that_column_alone(
    datasette: Datasette, db_path: Path
) -> None:
    in_titles, _ = await every_page(datasette, {"_search_title": COMMON})
    in_sapos, _ = await every_page(datasette, {"_search_sapo": COMMON})

    assert len(in_titles) == ARTICLES // 2
    assert in_sapos == []
    response = await datasette.client.get("/archive/articles.json?_search_nosuch=x")
    assert response.status_code == 400
    assert "Cannot search by that column" in response.text


async def test_the_search_box_is_on_the_page_with_what_was_searched(
    datasette: Datasette,
) -> None:
    page = (await datasette.client.get("/archive/articles")).text
    searched = (await datasette.client.get("/archive/articles?_search=thi+dua")).text

    assert '<input id="_search" type="search" name="_search" value="">' in page
    assert '<input id="_search" type="search" name="_search" value="thi dua">' in searched
    assert "100 rows where search matches &#34;thi dua&#34;" in searched


async def test_raw_mode_takes_fts5_syntax_and_reports_a_mistake_in_it(
    datasette: Datasette, db_path: Path
) -> None:
    either, _ = await every_page(datasette, {"_search": "lao OR nuoc", "_searchmode": "raw"})
    broken = await datasette.client.get(
        "/archive/articles.json", params={"_search": 'lao AND "', "_searchmode": "raw"}
    )

    assert either == datasettes_own(db_path, "lao OR nuoc", raw=True)
    assert len(either) == len(datasettes_own(db_path, "lao")) + len(datasettes_own(db_path, "nuoc"))
    assert broken.status_code == 400
