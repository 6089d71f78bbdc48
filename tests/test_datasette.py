"""The archive served by Datasette itself: search, facets, canned queries, CSV, feeds, safety."""

import csv
import io
import json
import re
import sqlite3
from pathlib import Path
from xml.etree import ElementTree

import pytest
from datasette.app import Datasette
from hostile import FORMULA_TITLE, HOSTILE_ARTICLES, IMG_TITLE, SCRIPT_TITLE, save_hostile
from served import serve_archive
from test_search import NASTY

from khenthuong.archive import Archive
from khenthuong.cli import METADATA
from khenthuong.datasette_plugin import DATASETTE_SETTINGS
from parsers.text import fold

ATOM = "http://www.w3.org/2005/Atom"

ARTICLES = [
    {
        "url": "https://baotest.example/tong-ket-thi-dua-3100001.html",
        "title": "Tổng kết công tác thi đua, khen thưởng năm 2024",
        "sapo": "Sáng 10/1, UBND thị xã Điện Bàn tổng kết công tác thi đua.",
        "body": "Chủ tịch UBND tỉnh tặng Bằng khen cho 12 tập thể.",
        "published": "2025-01-10T09:30:00+07:00",
        "province": "Quảng Nam",
        "province_today": "Đà Nẵng",
        "category": "Chính trị",
    },
    {
        "url": "https://baotest.example/doan-cong-tac-da-nang-3100002.html",
        "title": "Đoàn công tác thành phố Đà Nẵng thăm Hội An",
        "sapo": "Chiều qua, đoàn đến thăm phố cổ.",
        "body": "Hai bên trao đổi về du lịch.",
        "published": "2025-08-02T15:00:00+07:00",
        "province": "Đà Nẵng",
        "province_today": "Đà Nẵng",
        "category": "Xã hội",
    },
    {
        "url": "https://baotest.example/mua-lon-3100003.html",
        "title": "Mưa lớn gây ngập cục bộ",
        "sapo": "Nước dâng nhanh ở vùng trũng.",
        "body": "Người dân di dời tài sản.",
        "published": "2024-10-20T07:00:00+07:00",
        "province": "Quảng Nam",
        "province_today": "Đà Nẵng",
        "category": "Xã hội",
    },
]


AWARD_ANALYSIS = {
    "relevant": True,
    "event": {
        "type": "tong_ket",
        "period": "năm 2024",
        "year": 2024,
        "date": "2025-01-10",
        "organizer": "UBND thị xã Điện Bàn",
    },
    "awards": [
        {
            "award": "Bằng khen",
            "recipient_kind": "collective",
            "count": 12,
            "status": "conferred",
            "conferrer": "Chủ tịch UBND tỉnh",
            "recipient": None,
            "evidence": "Chủ tịch UBND tỉnh tặng Bằng khen cho 12 tập thể.",
        },
        {
            "award": "Bằng khen",
            "recipient_kind": "collective",
            "count": 3,
            "status": "proposed",
            "conferrer": "Thủ tướng Chính phủ",
            "recipient": None,
            "evidence": "Đề nghị Thủ tướng Chính phủ tặng Bằng khen cho 3 tập thể.",
        },
        {
            "award": "Cờ thi đua",
            "recipient_kind": "collective",
            "count": 1,
            "status": "conferred",
            "conferrer": "UBND tỉnh",
            "recipient": "Công an thị xã Điện Bàn",
            "evidence": "Công an thị xã Điện Bàn được UBND tỉnh tặng Cờ thi đua.",
        },
    ],
}


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("datasette") / "archive.db"
    archive = Archive.open(path)
    for row in ARTICLES:
        archive.save_article({**row, "source": None, "tags": []})
    archive.save_analysis(1, AWARD_ANALYSIS, score=9.0)
    archive.close()
    return path


@pytest.fixture(scope="module")
def datasette(db_path: Path) -> Datasette:
    return serve_archive(db_path)


async def titles(datasette: Datasette, query: str) -> list[str]:
    response = await datasette.client.get(
        "/archive/articles.json", params={"_search": query, "_shape": "array"}
    )
    assert response.status_code == 200, response.text
    return [row["title"] for row in response.json()]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("khen thuong", ["Tổng kết công tác thi đua, khen thưởng năm 2024"]),
        ("khen thưởng", ["Tổng kết công tác thi đua, khen thưởng năm 2024"]),
        ("da nang", ["Đoàn công tác thành phố Đà Nẵng thăm Hội An"]),
        ("Đà Nẵng", ["Đoàn công tác thành phố Đà Nẵng thăm Hội An"]),
        ("dien ban", ["Tổng kết công tác thi đua, khen thưởng năm 2024"]),
        ("hoi an", ["Đoàn công tác thành phố Đà Nẵng thăm Hội An"]),
        ("bang khen", ["Tổng kết công tác thi đua, khen thưởng năm 2024"]),
        ("ngập", ["Mưa lớn gây ngập cục bộ"]),
    ],
)
async def test_search_box_works_with_and_without_diacritics(
    datasette: Datasette, query: str, expected: list[str]
) -> None:
    assert await titles(datasette, query) == expected


async def test_articles_default_to_newest_first_with_facets(datasette: Datasette) -> None:
    response = await datasette.client.get("/archive/articles.json?_shape=objects")
    data = response.json()
    assert [row["published"] for row in data["rows"]] == sorted(
        (a["published"] for a in ARTICLES), reverse=True
    )
    facets = data["facet_results"]
    assert {"source", "province", "province_today", "category", "year", "month"} <= set(facets)
    province_counts = {v["value"]: v["count"] for v in facets["province"]["results"]}
    assert province_counts == {"Quảng Nam": 2, "Đà Nẵng": 1}
    month_counts = {v["value"]: v["count"] for v in facets["month"]["results"]}
    assert month_counts == {"2025-01": 1, "2025-08": 1, "2024-10": 1}


async def test_plain_csv_is_datasettes_own(datasette: Datasette) -> None:
    response = await datasette.client.get(
        "/archive/articles.csv", params={"_search": "da nang", "_dl": "1"}
    )
    assert response.status_code == 200
    assert response.content.startswith(b"id,url,"), "the plain CSV has no byte-order mark"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert [row["title"] for row in rows] == ["Đoàn công tác thành phố Đà Nẵng thăm Hội An"]


async def test_excel_csv_of_a_search_has_the_bom_and_downloads(datasette: Datasette) -> None:
    response = await datasette.client.get(
        "/archive/articles.csv", params={"_search": "da nang", "_excel": "1"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == 'attachment; filename="articles.csv"'
    assert response.content.startswith(b"\xef\xbb\xbfid,url,"), "Excel needs the UTF-8 BOM"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert [row["title"] for row in rows] == ["Đoàn công tác thành phố Đà Nẵng thăm Hội An"]
    assert rows[0]["province"] == "Đà Nẵng"


async def test_excel_csv_of_a_canned_query(datasette: Datasette) -> None:
    response = await datasette.client.get(
        "/archive/proposals_vs_conferrals.csv", params={"_excel": "1"}
    )
    assert response.content.startswith(b"\xef\xbb\xbfprovince,year,award,proposed,conferred\r\n")
    assert "Quảng Nam,2025,Bằng khen,3,12" in response.content.decode("utf-8-sig")


async def test_json_and_errors_are_not_given_a_bom(datasette: Datasette) -> None:
    response = await datasette.client.get("/archive/articles.json", params={"_excel": "1"})
    assert response.content.startswith(b"{")
    missing = await datasette.client.get("/archive/no_such_table.csv", params={"_excel": "1"})
    assert missing.status_code == 404
    assert not missing.content.startswith(b"\xef\xbb\xbf")


async def test_every_table_and_column_is_described(datasette: Datasette, db_path: Path) -> None:
    metadata = json.loads(METADATA.read_text("utf-8"))["databases"]["archive"]
    archive = Archive.open(db_path)
    try:
        visible = [
            t
            for t in archive.db.table_names()
            if not re.search(r"_fts($|_)", t) and not t.startswith("sqlite_")
        ]
        missing = [
            f"{table}.{column.name}"
            for table in visible
            for column in archive.db[table].columns
            if column.name not in metadata["tables"].get(table, {}).get("columns", {})
        ]
        undescribed = [
            name
            for name in visible + archive.db.view_names()
            if not metadata["tables"].get(name, {}).get("description")
        ]
        # Vietnamese first, English beside: "Bài báo / Articles".
        untitled = [
            name
            for name in visible + archive.db.view_names()
            if " / " not in metadata["tables"].get(name, {}).get("title", "")
        ]
    finally:
        archive.close()
    assert missing == []
    assert undescribed == []
    assert untitled == []
    response = await datasette.client.get("/archive/articles")
    assert "Một dòng cho mỗi bài báo" in response.text


async def test_fts_shadow_tables_are_hidden(datasette: Datasette) -> None:
    response = await datasette.client.get("/archive.json")
    tables = {t["name"]: t for t in response.json()["tables"]}
    assert not tables["articles"]["hidden"]
    assert all(tables[name]["hidden"] for name in tables if re.search(r"_fts($|_)", name))


async def canned(datasette: Datasette, name: str, **params: str) -> list[dict]:
    response = await datasette.client.get(
        f"/archive/{name}.json", params={**params, "_shape": "array"}
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_canned_query_everything_about_an_organisation_ignores_diacritics(
    datasette: Datasette,
) -> None:
    rows = await canned(datasette, "organisation", organisation="cong an thi xa dien ban")
    assert [(r["award"], r["recipient"], r["title"]) for r in rows] == [
        ("Cờ thi đua", "Công an thị xã Điện Bàn", ARTICLES[0]["title"])
    ]


async def test_canned_query_proposals_vs_conferrals(datasette: Datasette) -> None:
    rows = await canned(datasette, "proposals_vs_conferrals")
    assert rows == [
        {
            "province": "Quảng Nam",
            "year": 2025,
            "award": "Bằng khen",
            "proposed": 3,
            "conferred": 12,
        },
        {
            "province": "Quảng Nam",
            "year": 2025,
            "award": "Cờ thi đua",
            "proposed": 0,
            "conferred": 1,
        },
    ]


async def test_canned_queries_by_province_and_most_honoured(datasette: Datasette) -> None:
    rows = await canned(datasette, "awards_by_province_and_year", province="quang nam")
    assert {(r["award"], r["status"], r["recipients"]) for r in rows} == {
        ("Bằng khen", "conferred", 12),
        ("Bằng khen", "proposed", 3),
        ("Cờ thi đua", "conferred", 1),
    }
    assert await canned(datasette, "awards_by_province_and_year", province="ha noi") == []
    honoured = await canned(datasette, "most_honoured")
    assert [(r["recipient"], r["times"]) for r in honoured] == [("Công an thị xã Điện Bàn", 1)]


async def test_awards_table_facets_and_search(datasette: Datasette) -> None:
    response = await datasette.client.get("/archive/awards.json?_shape=objects&_search=cong+an")
    data = response.json()
    assert [row["award"] for row in data["rows"]] == ["Cờ thi đua"]
    facets = data["facet_results"]
    assert {"award", "status", "recipient_kind", "event_type", "province", "year", "month"} <= set(
        facets
    )
    assert [(v["value"], v["count"]) for v in facets["event_type"]["results"]] == [("tong_ket", 1)]


async def test_foreign_keys_show_labels_not_ids(datasette: Datasette) -> None:
    response = await datasette.client.get("/archive/awards.json?_shape=objects&_labels=on")
    row = response.json()["rows"][0]
    assert row["article_id"] == {"value": 1, "label": ARTICLES[0]["title"]}
    assert row["event_id"] == {"value": 1, "label": "UBND thị xã Điện Bàn"}
    page = await datasette.client.get("/archive/awards")
    assert f">{ARTICLES[0]['title']}</a>" in page.text


async def search(datasette: Datasette, q: str, province: str = "") -> list[dict]:
    return await canned(datasette, "search", q=q, province=province)


@pytest.mark.parametrize("q", NASTY)
async def test_no_search_input_errors_in_datasette(datasette: Datasette, q: str) -> None:
    await search(datasette, q)
    for path, params in [
        ("/archive/new_award_articles.json", {"q": q, "province": ""}),
        ("/archive/articles.json", {"_search": q, "_nofacet": "1"}),
        ("/archive/awards.json", {"_search": q, "_nofacet": "1"}),
    ]:
        response = await datasette.client.get(path, params=params)
        assert response.status_code == 200, (path, response.text)


@pytest.mark.parametrize(
    ("q", "province", "titles"),
    [
        ("khen thuong", "", [ARTICLES[0]["title"]]),
        ("KHEN THƯỞNG", "", [ARTICLES[0]["title"]]),
        ("da nang", "", [ARTICLES[1]["title"]]),
        ("đà nẵng", "quang nam", []),
        ("cong an thi xa", "", [ARTICLES[0]["title"]]),
        ('"12 tập thể"', "Quảng Nam", [ARTICLES[0]["title"]]),
        ("ngap", "da nang", [ARTICLES[2]["title"]]),
    ],
)
async def test_search_page_finds_articles_with_or_without_diacritics(
    datasette: Datasette, q: str, province: str, titles: list[str]
) -> None:
    assert [row["title"] for row in await search(datasette, q, province)] == titles


async def test_search_results_carry_snippet_source_date_awards_and_link(
    datasette: Datasette,
) -> None:
    [row] = await search(datasette, "bang khen")
    assert row == {
        "article_id": 1,
        "title": ARTICLES[0]["title"],
        "snippet": "Sáng 10/1, UBND thị xã Điện Bàn tổng kết công tác thi đua. Chủ tịch UBND tỉnh "
        "tặng ⟦Bằng khen⟧ cho 12 tập thể.",
        "source": None,
        "published": "2025-01-10",
        "province": "Quảng Nam",
        "province_today": "Đà Nẵng",
        "awards": "Bằng khen ×15; Cờ thi đua ×1",
        "url": ARTICLES[0]["url"],
    }
    page = await datasette.client.get("/archive/search", params={"q": "bang khen", "province": ""})
    assert "tặng <mark>Bằng khen</mark> cho 12 tập thể" in page.text
    assert f'<a href="/archive/articles/1">{ARTICLES[0]["title"]}</a>' in page.text
    assert f'<a href="{ARTICLES[0]["url"]}">' in page.text


async def test_award_news_ranks_first(datasette: Datasette) -> None:
    # Both mention Đà Nẵng; only the first is award news.
    assert [row["article_id"] for row in await search(datasette, "da nang")] == [2]
    rows = await search(datasette, "thi")
    assert rows[0]["article_id"] == 1


async def test_canned_query_titles_are_vietnamese_first(datasette: Datasette) -> None:
    metadata = json.loads(METADATA.read_text("utf-8"))["databases"]["archive"]
    for name, query in metadata["queries"].items():
        title = query["title"]
        vietnamese, _, english = title.partition(" / ")
        assert vietnamese and english, name
        assert vietnamese != fold(vietnamese) or name == "search", name
        assert not query.get("write"), f"{name} must not write"


async def test_every_chart_query_runs(datasette: Datasette) -> None:
    config = json.loads(METADATA.read_text("utf-8"))["plugins"]["datasette-dashboards"]
    page = await datasette.client.get("/-/dashboards/khen-thuong")
    assert page.status_code == 200
    assert "Biểu đồ khen thưởng / Award charts" in page.text
    results = {}
    for name, chart in config["khen-thuong"]["charts"].items():
        sql = chart["query"].replace("[[ and province_today = :province_today ]]", "")
        sql = sql.replace("[[ and articles.province_today = :province_today ]]", "")
        response = await datasette.client.get(
            "/archive.json", params={"sql": sql, "_shape": "array"}
        )
        assert response.status_code == 200, (name, response.text)
        results[name] = response.json()
    assert results["awards-by-province"] == [{"province": "Quảng Nam", "facts": 3}]
    assert {(r["month"], r["facts"]) for r in results["awards-by-month"]} == {
        ("2025-01", 2),
        ("2025-01", 1),
    }
    weeks = results["articles-per-source-per-week"]
    assert [r["week"] for r in weeks] == ["2024-10-14", "2025-01-06", "2025-07-28"]


def parse_feed(body: bytes) -> tuple[str, list[dict[str, str]]]:
    root = ElementTree.fromstring(body)
    assert root.tag == f"{{{ATOM}}}feed"
    entries = [
        {
            "id": entry.findtext(f"{{{ATOM}}}id"),
            "title": entry.findtext(f"{{{ATOM}}}title"),
            "updated": entry.findtext(f"{{{ATOM}}}updated"),
            "link": entry.find(f"{{{ATOM}}}link").get("href"),
        }
        for entry in root.findall(f"{{{ATOM}}}entry")
    ]
    return root.findtext(f"{{{ATOM}}}title"), entries


async def test_saved_search_is_an_atom_feed(datasette: Datasette) -> None:
    response = await datasette.client.get(
        "/archive/new_award_articles.atom", params={"q": "bang khen", "province": "quang nam"}
    )
    assert response.status_code == 200
    title, entries = parse_feed(response.content)
    assert title == "Tin khen thưởng mới / New award news"
    assert entries == [
        {
            "id": "tag:khenthuong,2025:article:1",
            "title": ARTICLES[0]["title"],
            "updated": "2025-01-10T09:30:00+07:00",
            "link": ARTICLES[0]["url"],
        }
    ]
    content = ElementTree.fromstring(response.content).find(f"{{{ATOM}}}entry/{{{ATOM}}}content")
    assert content.text == (
        f"{ARTICLES[0]['sapo']}\n\nKhen thưởng / awards: Bằng khen ×15; Cờ thi đua ×1"
    )
    elsewhere = await datasette.client.get(
        "/archive/new_award_articles.atom", params={"q": "bang khen", "province": "ha noi"}
    )
    assert elsewhere.status_code == 200
    assert parse_feed(elsewhere.content) == (title, [])


async def test_robots_are_turned_away(datasette: Datasette) -> None:
    response = await datasette.client.get("/robots.txt")
    assert response.text.splitlines() == ["User-agent: *", "Disallow: /"]


async def test_served_read_only(datasette: Datasette) -> None:
    db = datasette.get_database("archive")
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        await db.execute("INSERT INTO sources (name) VALUES ('x')")
    response = await datasette.client.get(
        "/archive.json", params={"sql": "DELETE FROM articles", "_shape": "array"}
    )
    assert response.status_code == 400
    assert (await db.execute("SELECT count(*) FROM articles")).rows[0][0] == len(ARTICLES)
    assert not datasette.setting("allow_download")
    download = await datasette.client.get("/archive.db")
    assert download.status_code in (403, 404)


async def test_only_reading_plugins_are_installed(datasette: Datasette) -> None:
    response = await datasette.client.get("/-/plugins.json")
    names = {plugin["name"] for plugin in response.json()}
    # None of them writes: a new plugin is a decision to review, not a dependency's surprise.
    assert names == {
        "khenthuong",
        "datasette-atom",
        "datasette-block-robots",
        "datasette-dashboards",
        "datasette-leaflet",
        "datasette-render-markdown",
    }


async def test_a_runaway_query_is_stopped(db_path: Path) -> None:
    # The limit served is DATASETTE_SETTINGS'; a tighter one keeps this test quick.
    assert DATASETTE_SETTINGS["sql_time_limit_ms"] <= 5000
    strict = Datasette([str(db_path)], settings={**DATASETTE_SETTINGS, "sql_time_limit_ms": 50})
    runaway = (
        "with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n"
    )
    response = await strict.client.get("/archive.json", params={"sql": runaway})
    assert response.status_code == 400
    assert "took too long" in response.text


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Datasette:
    path = tmp_path_factory.mktemp("hostile") / "archive.db"
    archive = Archive.open(path)
    save_hostile(archive)
    archive.close()
    return serve_archive(path)


@pytest.mark.parametrize(
    "path",
    [
        "/archive/articles",
        "/archive/articles/1",
        "/archive/articles/2",
        "/archive/awards",
        "/archive/awards/1",
        "/archive/search?q=ky+la&province=",
        "/archive/new_award_articles?q=&province=",
        "/archive/articles?_search=ky+la",
    ],
)
async def test_article_text_is_escaped_on_every_page(hostile: Datasette, path: str) -> None:
    response = await hostile.client.get(path)
    assert response.status_code == 200
    html = response.text
    assert "window.pwned" in html  # the text is shown...
    assert "<script>window.pwned" not in html  # ...never as markup
    assert "<img src=x" not in html
    assert "<iframe" not in html
    assert not re.search(r"""href=["']?\s*javascript:""", html, re.IGNORECASE)


async def test_excel_csv_streams_every_row_with_formulas_made_text(hostile: Datasette) -> None:
    # Pages of two rows, so that every row takes more than one page.
    page = {"_size": "2", "_sort": "id"}
    one_page = await hostile.client.get("/archive/articles.csv", params={**page, "_excel": "1"})
    assert len(list(csv.reader(io.StringIO(one_page.text.lstrip("\ufeff"))))) == 1 + 2
    response = await hostile.client.get(
        "/archive/articles.csv", params={**page, "_excel": "1", "_stream": "1"}
    )
    assert response.content.startswith(b"\xef\xbb\xbfid,")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert [row["title"] for row in rows] == [SCRIPT_TITLE, IMG_TITLE, "'" + FORMULA_TITLE]
    assert [row["sapo"][:2] for row in rows] == ["<s", "'+", "'-"]
    assert [row["body"][:2] for row in rows] == ["Nộ", "'@", "'\t"]
    plain = await hostile.client.get(
        "/archive/articles.csv", params={"_stream": "1", "_sort": "id"}
    )
    assert FORMULA_TITLE.replace('"', '""') in plain.text, "the plain CSV is left as it is"


async def test_feed_entries_never_link_to_javascript(hostile: Datasette) -> None:
    response = await hostile.client.get(
        "/archive/new_award_articles.atom", params={"q": "", "province": ""}
    )
    _, entries = parse_feed(response.content)
    assert [entry["title"] for entry in entries] == [SCRIPT_TITLE]
    assert entries[0]["link"] == HOSTILE_ARTICLES[0]["url"]
    every = await hostile.client.get(
        "/archive.atom",
        params={
            "sql": "select id as atom_id, title as atom_title, published as atom_updated, "
            "case when url like 'http%' then url else 'articles/' || id end as atom_link "
            "from articles"
        },
    )
    assert "javascript:" not in every.text


@pytest.mark.parametrize("query", ["cong tac", "công tác", "CÔNG TÁC"])
async def test_newest_matches_lists_the_newest_archived_first(
    datasette: Datasette, query: str
) -> None:
    """The fast search of a big archive: matches in archive order, newest first, any accents."""
    rows = await canned(datasette, "newest_matches", q=query)
    # "công tác" is in the first two articles' titles, archived in that order.
    assert [r["title"] for r in rows] == [ARTICLES[1]["title"], ARTICLES[0]["title"]]
    assert [r["article_id"] for r in rows] == [2, 1]


async def test_newest_matches_of_a_word_no_article_has(datasette: Datasette) -> None:
    assert await canned(datasette, "newest_matches", q="xyzzy") == []
