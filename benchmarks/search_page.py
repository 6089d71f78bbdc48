"""The search page's cost over the bare ranked FTS5 lookup it starts from (reported).

The "Tìm kiếm" canned query (ranking, province filter, snippets, award facts) against the bare
ranked FTS5 lookup of the same words, over every demo article copied until the archive holds
3,000, queried directly through SQLite with the Datasette plugin's functions.
"""

import json
import sqlite3
import tempfile
from pathlib import Path

from benchmarks.measure import per_call
from benchmarks.pages import page_sets
from khenthuong.archive import Archive
from khenthuong.cli import METADATA
from khenthuong.datasette_plugin import prepare_connection
from parsers.article import parse_article


def search_ratio(articles: int = 3000) -> float:
    """The search page's query over the bare ranked FTS5 lookup it starts from."""
    rows = []
    for page in page_sets()["demo"]:
        article = parse_article(page.html, page.url)
        rows.append(
            {
                "title": article.title,
                "sapo": article.sapo,
                "body": "\n\n".join(article.body),
                "published": article.published,
                "province": "Quảng Nam",
                "province_today": "Đà Nẵng",
                "relevant": 1,
            }
        )
    queries = json.loads(METADATA.read_text("utf-8"))["databases"]["archive"]["queries"]
    bare = (
        "select rowid from articles_fts where articles_fts match fts_query(:q) "
        "order by bm25(articles_fts) limit 1000"
    )
    params = {"q": "khen thuong", "province": ""}
    with tempfile.TemporaryDirectory() as folder:
        archive = Archive.open(Path(folder) / "bench.db")
        with archive.db.conn:
            for n in range(articles):
                archive.save_article({**rows[n % len(rows)], "url": f"https://bench.example/{n}"})
        archive.close()
        connection = sqlite3.connect(Path(folder) / "bench.db")
        prepare_connection(connection)
        page_time = min(
            per_call(lambda: connection.execute(queries["search"]["sql"], params).fetchall(), 1)
            for _ in range(5)
        )
        bare_time = min(
            per_call(lambda: connection.execute(bare, params).fetchall(), 1) for _ in range(5)
        )
        connection.close()
    return page_time / bare_time
