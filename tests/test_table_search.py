"""The search box of the articles and awards tables, served by Datasette: the same answer as
Datasette's own search, read down the index of the table's order when the words are common
(datasette_plugin.filters_from_request)."""

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from datasette.app import Datasette
from datasette.utils import escape_fts
from served import serve_archive

from khenthuong.archive import Archive
from khenthuong.search import INDEX_WALK_SHARE
from parsers.text import fold

ARTICLES = 200
COMMON = "thi đua"  # in every other article: far above INDEX_WALK_SHARE of the archive
RARE = "Huân chương Lao động"  # in three articles: below it
PROVINCES = ("Quảng Nam", "Đà Nẵng", "Nghệ An")
# Each table's order, and the index its common searches walk.
TABLES = {
    "articles": ("published desc", "idx_articles_published"),
    "awards": ("date desc", "idx_awards_date"),
}


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


def analysis(number: int) -> dict:
    """One award fact an article, its sentence holding the article's words; every fact its own
    day, out of archive order."""
    day = date(2024, 1, 1) + timedelta(days=(number * 37) % ARTICLES)
    return {
        "relevant": True,
        "event": {"type": "trao_tang", "period": None, "year": day.year, "date": day.isoformat()},
        "awards": [
            {
                "award": RARE if number in (17, 90, 151) else "Bằng khen",
                "recipient_kind": "collective",
                "count": 1 + number % 5,
                "status": "conferred",
                "conferrer": "Chủ tịch UBND tỉnh",
                "recipient": None,
                "evidence": article(number)["body"],
            }
        ],
    }


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("table-search") / "archive.db"
    archive = Archive.open(path)
    for number in range(ARTICLES):
        article_id, _ = archive.save_article(article(number))
        archive.save_analysis(article_id, analysis(number), score=5.0)
    archive.close()
    return path


@pytest.fixture(scope="module")
def datasette(db_path: Path) -> Datasette:
    return serve_archive(db_path)


def datasettes_own(
    db_path: Path, table: str, text: str, order: str = "", *, raw: bool = False
) -> list[int]:
    """The ids Datasette 0.65's own search clause gives, in `order` (one column, no ties here;
    the table's own order by default)."""
    with sqlite3.connect(db_path) as connection:
        rows = connection.execute(
            f"select id from {table} where id in (select rowid from {table}_fts"
            f" where {table}_fts match ?) order by {order or TABLES[table][0]}",
            [text if raw else escape_fts(text)],
        ).fetchall()
    return [row[0] for row in rows]


async def every_page(datasette: Datasette, table: str, params: dict) -> tuple[list[int], list[str]]:
    """The ids of every page of a table search, following `next`, and each page's SQL."""
    ids, sqls, params = [], [], {**params, "_shape": "objects", "_size": "7", "_extra": "query"}
    while True:
        response = await datasette.client.get(f"/archive/{table}.json", params=params)
        assert response.status_code == 200, response.text
        data = response.json()
        ids += [row["id"] for row in data["rows"]]
        sqls.append(data["query"]["sql"])
        if not data["next"]:
            return ids, sqls
        params = {**params, "_next": data["next"]}


@pytest.mark.parametrize("table", TABLES)
def test_the_two_searches_fall_either_side_of_the_share(db_path: Path, table: str) -> None:
    assert len(datasettes_own(db_path, table, COMMON)) >= ARTICLES * INDEX_WALK_SHARE
    rare = len(datasettes_own(db_path, table, "huan chuong lao dong"))
    assert 0 < rare < ARTICLES * INDEX_WALK_SHARE


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize(
    ("text", "walks"),
    [(COMMON, True), ("thi dua", True), (RARE, False), ("huan chuong lao dong", False)],
)
async def test_a_search_gives_datasettes_own_answer_page_after_page(
    datasette: Datasette, db_path: Path, table: str, text: str, walks: bool
) -> None:
    ids, sqls = await every_page(datasette, table, {"_search": text})

    assert ids == datasettes_own(db_path, table, fold(text))
    # A common search walks the index of the table's order (`+id` keeps the list of matches
    # from driving the query); a rare one looks its few matches up.
    assert all((f"+id in (select rowid from {table}_fts" in sql) is walks for sql in sqls)
    assert all(f"id in (select rowid from {table}_fts" in sql for sql in sqls)


@pytest.mark.parametrize(("table", "column"), [("articles", "title"), ("awards", "article_id")])
async def test_a_search_sorted_by_another_column_gives_the_same_rows(
    datasette: Datasette, db_path: Path, table: str, column: str
) -> None:
    for text in (COMMON, RARE):
        ids, _ = await every_page(datasette, table, {"_search": text, "_sort": column})
        assert ids == datasettes_own(db_path, table, text, order=column)


@pytest.mark.parametrize("table", TABLES)
async def test_a_common_search_reads_the_newest_down_the_index_without_sorting(
    datasette: Datasette, db_path: Path, table: str
) -> None:
    response = await datasette.client.get(
        f"/archive/{table}.json", params={"_search": COMMON, "_extra": "query"}
    )
    query = response.json()["query"]
    with sqlite3.connect(db_path) as connection:
        connection.create_function("escape_fts", 1, escape_fts)
        plan = [
            row[3]
            for row in connection.execute("explain query plan " + query["sql"], query["params"])
        ]

    assert any(f"USING INDEX {TABLES[table][1]}" in step for step in plan), plan
    assert not any("TEMP B-TREE FOR ORDER BY" in step for step in plan), plan


@pytest.mark.parametrize("table", TABLES)
async def test_facets_and_count_of_a_search_count_its_matches(
    datasette: Datasette, db_path: Path, table: str
) -> None:
    for text in (COMMON, RARE):
        response = await datasette.client.get(
            f"/archive/{table}.json", params={"_search": text, "_facet": "province"}
        )
        data = response.json()
        matches = datasettes_own(db_path, table, text)
        with sqlite3.connect(db_path) as connection:
            expected = dict(
                connection.execute(
                    f"select province, count(*) from {table} where id in"
                    f" ({','.join(map(str, matches))}) group by province"
                ).fetchall()
            )
        counted = {v["value"]: v["count"] for v in data["facet_results"]["province"]["results"]}
        assert data["filtered_table_rows_count"] == len(matches)
        assert counted == expected


async def test_a_column_search_searches_that_column_alone(
    datasette: Datasette, db_path: Path
) -> None:
    in_titles, _ = await every_page(datasette, "articles", {"_search_title": COMMON})
    in_sapos, _ = await every_page(datasette, "articles", {"_search_sapo": COMMON})
    in_awards, _ = await every_page(datasette, "awards", {"_search_award": "huan chuong"})

    assert len(in_titles) == ARTICLES // 2
    assert in_sapos == []
    assert len(in_awards) == 3
    for table in TABLES:
        response = await datasette.client.get(f"/archive/{table}.json?_search_nosuch=x")
        assert response.status_code == 400
        assert "Cannot search by that column" in response.text


@pytest.mark.parametrize("table", TABLES)
async def test_the_search_box_is_on_the_page_with_what_was_searched(
    datasette: Datasette, table: str
) -> None:
    page = (await datasette.client.get(f"/archive/{table}")).text
    searched = (await datasette.client.get(f"/archive/{table}?_search=thi+dua")).text

    assert '<input id="_search" type="search" name="_search" value="">' in page
    assert '<input id="_search" type="search" name="_search" value="thi dua">' in searched
    assert "100 rows where search matches &#34;thi dua&#34;" in searched


async def test_raw_mode_takes_fts5_syntax_and_reports_a_mistake_in_it(
    datasette: Datasette, db_path: Path
) -> None:
    params = {"_search": "lao OR nuoc", "_searchmode": "raw"}
    either, _ = await every_page(datasette, "articles", params)
    broken = await datasette.client.get(
        "/archive/articles.json", params={"_search": 'lao AND "', "_searchmode": "raw"}
    )

    assert either == datasettes_own(db_path, "articles", "lao OR nuoc", raw=True)
    lao, nuoc = (datasettes_own(db_path, "articles", word) for word in ("lao", "nuoc"))
    assert len(either) == len(lao) + len(nuoc)
    assert broken.status_code == 400
