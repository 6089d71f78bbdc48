import csv
import io
import json
import re
from pathlib import Path

import pytest
from datasette.app import Datasette

from khenthuong.archive import Archive
from khenthuong.cli import METADATA

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
    metadata = json.loads(METADATA.read_text("utf-8"))
    return Datasette([str(db_path)], metadata=metadata)


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
    assert {"source", "province", "province_today", "category", "published"} <= set(facets)
    province_counts = {v["value"]: v["count"] for v in facets["province"]["results"]}
    assert province_counts == {"Quảng Nam": 2, "Đà Nẵng": 1}


async def test_csv_export_of_a_search_opens_in_excel(datasette: Datasette) -> None:
    response = await datasette.client.get(
        "/archive/articles.csv", params={"_search": "da nang", "_dl": "1"}
    )
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["title"] for row in rows] == ["Đoàn công tác thành phố Đà Nẵng thăm Hội An"]
    assert rows[0]["province"] == "Đà Nẵng"


async def test_csv_shown_in_the_browser_has_the_bom_too(datasette: Datasette) -> None:
    response = await datasette.client.get("/archive/articles.csv", params={"_search": "da nang"})
    assert response.headers["content-type"].startswith("text/plain")
    assert response.content.startswith(b"\xef\xbb\xbfid,url,")


async def test_json_and_errors_are_not_given_a_bom(datasette: Datasette) -> None:
    response = await datasette.client.get("/archive/articles.json")
    assert response.content.startswith(b"{")
    missing = await datasette.client.get("/archive/no_such_table.csv")
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
    finally:
        archive.close()
    assert missing == []
    assert undescribed == []
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
    assert {"award", "status", "recipient_kind", "province", "year"} <= set(data["facet_results"])
