"""The ranked search page's bound: it ranks the newest matching articles only, so its work stops
at khenthuong.search.RANKED_CANDIDATES however common the words are; fewer matches rank in full.

Lowering RANKED_CANDIDATES (read by the SQL function search_candidates() at each query) shows
the cut-off on a few articles, where a million would be needed at the production value.
"""

import json
import sqlite3
from collections.abc import Iterator

import pytest
from datasette.app import Datasette
from served import serve_archive
from test_search import NASTY

from benchmarks import archive_scale
from khenthuong import search as search_module
from khenthuong.archive import Archive
from khenthuong.cli import METADATA
from khenthuong.datasette_plugin import prepare_connection

QUERIES = json.loads(METADATA.read_text("utf-8"))["databases"]["archive"]["queries"]
# The rows the page shows: the best of the ranking.
PAGE = 100

# The search page's query before the bound, ranking every match and showing the best 1,000:
# what a search with fewer matches than the bound must still give, row for row, as far as the
# page goes. `text_ids` and `award_ids`, when given, restrict each branch to the candidates the
# bound keeps, to state the bounded page's answer.
UNBOUNDED = """
with matches as (
  select rowid as article_id, bm25(articles_fts, 4.0, 2.0, 1.0, 1.0, 1.0) as score
  from articles_fts where articles_fts match fts_query(:q)
    and (:text_ids is null or rowid in (select value from json_each(:text_ids)))
  union all
  select awards.article_id, 0.0 as score
  from awards_fts join awards on awards.id = awards_fts.rowid
  where awards_fts match fts_query(:q)
    and (:award_ids is null or awards.article_id in (select value from json_each(:award_ids)))
), best as (
  select matches.article_id,
    min(matches.score) * (case when articles.relevant = 1 then 2.0 else 1.0 end) as score
  from matches join articles on articles.id = matches.article_id
  where :province = '' or fold(articles.province) like '%' || fold(:province) || '%'
    or fold(articles.province_today) like '%' || fold(:province) || '%'
  group by matches.article_id
  order by score, articles.published desc
  limit 1000
)
select articles.id as article_id, articles.title,
  search_snippet(:q, coalesce(articles.sapo, '') || ' ' || coalesce(articles.body, '')) as snippet,
  coalesce(sources.title, articles.source) as source,
  substr(articles.published, 1, 10) as published,
  articles.province, articles.province_today,
  (select group_concat(award || coalesce(' ×' || total, ''), '; ')
   from (select award, sum(count) as total from awards
         where awards.article_id = articles.id group by award order by min(position))) as awards,
  articles.url
from best join articles on articles.id = best.article_id
left join sources on sources.name = articles.source
order by best.score, articles.published desc
"""


def _in_province(conn: sqlite3.Connection, article_id: int, province: str) -> bool:
    if not province:
        return True
    wanted = conn.execute("select fold(?)", [province]).fetchone()[0]
    names = conn.execute(
        "select fold(province), fold(province_today) from articles where id = ?", [article_id]
    ).fetchone()
    return any(name is not None and wanted in name for name in names)


def bounded_answer(conn: sqlite3.Connection, q: str, province: str, bound: int) -> list[tuple]:
    """What the page should answer, stated plainly: the `bound` newest articles whose text
    matches and the articles of the newest matching award facts (up to `bound` articles), both
    in the province asked for, ranked as the unbounded query ranks them."""
    text_ids: list[int] = []
    for (rowid,) in conn.execute(
        "select rowid from articles_fts where articles_fts match fts_query(?) order by rowid desc",
        [q],
    ):
        if len(text_ids) < bound and _in_province(conn, rowid, province):
            text_ids.append(rowid)
    award_ids: list[int] = []
    for (article_id,) in conn.execute(
        "select awards.article_id from awards_fts join awards on awards.id = awards_fts.rowid "
        "where awards_fts match fts_query(?) order by awards_fts.rowid desc",
        [q],
    ):
        if (
            len(award_ids) < bound
            and article_id not in award_ids
            and _in_province(conn, article_id, province)
        ):
            award_ids.append(article_id)
    params = {
        "q": q,
        "province": province,
        "text_ids": json.dumps(text_ids),
        "award_ids": json.dumps(award_ids),
    }
    return conn.execute(UNBOUNDED, params).fetchall()[:PAGE]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    """A real archive of generated articles, with the award facts the parsers find in them,
    spread over the registry's papers and provinces (benchmark 4's archive, small)."""
    path = tmp_path_factory.mktemp("ranked") / "archive.db"
    archive_scale.build(path, 240)
    conn = sqlite3.connect(path)
    prepare_connection(conn)
    yield conn
    conn.close()


SEARCHES = [
    (q, province)
    for q in ("khen thuong", "huan chuong lao dong", "bang khen", "khen*", "xyzzy")
    for province in ("", "quang nam", "ha", "xyz")
]


@pytest.mark.parametrize(("q", "province"), SEARCHES)
def test_fewer_matches_than_the_bound_rank_as_every_match_did(
    generated: sqlite3.Connection, q: str, province: str
) -> None:
    unbounded = generated.execute(
        UNBOUNDED, {"q": q, "province": province, "text_ids": None, "award_ids": None}
    ).fetchall()
    rows = generated.execute(QUERIES["search"]["sql"], {"q": q, "province": province}).fetchall()
    assert rows == unbounded[:PAGE]


@pytest.mark.parametrize(("q", "province"), SEARCHES)
def test_more_matches_than_the_bound_rank_the_newest(
    generated: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch, q: str, province: str
) -> None:
    monkeypatch.setattr(search_module, "RANKED_CANDIDATES", 7)
    rows = generated.execute(QUERIES["search"]["sql"], {"q": q, "province": province}).fetchall()
    assert rows == bounded_answer(generated, q, province, 7)


def test_the_bound_cuts_common_words_at_this_size(generated: sqlite3.Connection) -> None:
    """The cut-off test above is not vacuous: its words match far more articles than 7, and
    the unbounded ranking then differs from the bounded one."""
    (matches,) = generated.execute(
        "select count(*) from articles_fts where articles_fts match fts_query('khen thuong')"
    ).fetchone()
    assert matches > 7 * 4
    every = generated.execute(
        UNBOUNDED,
        {"q": "khen thuong", "province": "", "text_ids": None, "award_ids": None},
    ).fetchall()
    bounded = bounded_answer(generated, "khen thuong", "", 7)
    assert 7 <= len(bounded) <= 14 < len(every)
    assert bounded != every[: len(bounded)]


def test_the_page_shows_the_best_hundred(generated: sqlite3.Connection) -> None:
    params = {"q": "khen thuong", "province": ""}
    every = generated.execute(UNBOUNDED, {**params, "text_ids": None, "award_ids": None})
    assert len(generated.execute(QUERIES["search"]["sql"], params).fetchall()) == PAGE
    assert len(every.fetchall()) > PAGE


def test_province_names_are_read_by_index_not_by_row(generated: sqlite3.Connection) -> None:
    """The province filter finds the archive's province names by seeking the province index
    (a skip scan), never by folding every article's province."""
    plan = " | ".join(
        row[3]
        for row in generated.execute(
            "explain query plan " + QUERIES["search"]["sql"], {"q": "khen", "province": "ha"}
        )
    )
    assert "SCAN articles " not in plan + " "
    assert "COVERING INDEX idx_articles_province (province>?)" in plan
    assert "COVERING INDEX idx_articles_province_today (province_today>?)" in plan


# Served by Datasette: articles written for these tests, newest last.
ARTICLE = {
    "sapo": "Hội nghị tổng kết năm.",
    "body": "Các đơn vị báo cáo kết quả công tác năm qua.",
    "category": "Chính trị",
    "source": None,
    "tags": [],
}


def _article(n: int, title: str, province: str, province_today: str) -> dict:
    return {
        **ARTICLE,
        "url": f"https://baotest.example/bai-{n}.html",
        "title": title,
        "published": f"2025-03-{n:02d}T08:00:00+07:00",
        "province": province,
        "province_today": province_today,
    }


def _award(recipient: str) -> dict:
    return {
        "relevant": True,
        "event": None,
        "awards": [
            {
                "award": "Huân chương Lao động hạng Ba",
                "recipient_kind": "collective",
                "count": 1,
                "status": "conferred",
                "conferrer": "Chủ tịch nước",
                "recipient": recipient,
                "evidence": f"{recipient} được tặng Huân chương Lao động hạng Ba.",
            },
            {
                "award": "Huân chương Lao động hạng Nhì",
                "recipient_kind": "collective",
                "count": 1,
                "status": "proposed",
                "conferrer": "Chủ tịch nước",
                "recipient": recipient,
                "evidence": f"Đề nghị tặng {recipient} Huân chương Lao động hạng Nhì.",
            },
        ],
    }


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Datasette:
    path = tmp_path_factory.mktemp("ranked-served") / "archive.db"
    archive = Archive.open(path)
    # 1: the best match of "khen thuong" (in its title, twice), but the oldest.
    archive.save_article(
        _article(1, "Khen thưởng, khen thưởng kịp thời", "Quảng Nam", "Đà Nẵng")
        | {"body": "Khen thưởng người tốt việc tốt."}
    )
    # 2-7: weaker matches (once, in the body), alternating provinces.
    for n in range(2, 8):
        province, today = ("Quảng Nam", "Đà Nẵng") if n % 2 else ("Cần Thơ", "Cần Thơ")
        archive.save_article(
            _article(n, f"Hội nghị số {n}", province, today)
            | {"body": f"Hội nghị số {n} có phần khen thưởng cuối buổi."}
        )
    # 8-11: award news whose text does not name the award; their award facts do.
    for n in range(8, 12):
        article_id, _ = archive.save_article(
            _article(n, f"Lễ đón nhận số {n}", "Cần Thơ", "Cần Thơ")
        )
        archive.save_analysis(article_id, _award(f"Hợp tác xã số {n}"), score=5.0)
    archive.close()
    return serve_archive(path)


async def search(datasette: Datasette, q: str, province: str = "") -> list[int]:
    response = await datasette.client.get(
        "/archive/search.json", params={"q": q, "province": province, "_shape": "array"}
    )
    assert response.status_code == 200, response.text
    return [row["article_id"] for row in response.json()]


async def test_every_match_is_ranked_under_the_bound(served: Datasette) -> None:
    ranked = await search(served, "khen thuong")
    assert ranked[0] == 1  # the best match first, however old
    assert sorted(ranked) == [1, 2, 3, 4, 5, 6, 7]


async def test_past_the_bound_only_the_newest_matches_are_ranked(
    served: Datasette, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_module, "RANKED_CANDIDATES", 3)
    assert sorted(await search(served, "khen thuong")) == [5, 6, 7]


async def test_a_province_gets_its_own_newest_matches(
    served: Datasette, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Of the three newest matches only 5 and 7 are in Quảng Nam: the bounded read keeps
    # reading until it holds three of that province.
    monkeypatch.setattr(search_module, "RANKED_CANDIDATES", 3)
    assert sorted(await search(served, "khen thuong", "quang nam")) == [3, 5, 7]
    assert sorted(await search(served, "khen thuong", "can tho")) == [2, 4, 6]
    # The province today counts too: Quảng Nam's articles are Đà Nẵng's now.
    assert sorted(await search(served, "khen thuong", "da nang")) == [3, 5, 7]
    assert await search(served, "khen thuong", "ha giang") == []


async def test_award_facts_are_bounded_by_article(
    served: Datasette, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert sorted(await search(served, "huan chuong lao dong")) == [8, 9, 10, 11]
    # Each article has two matching facts: the bound counts articles, not facts.
    monkeypatch.setattr(search_module, "RANKED_CANDIDATES", 3)
    assert sorted(await search(served, "huan chuong lao dong")) == [9, 10, 11]


@pytest.mark.parametrize("text", NASTY)
async def test_no_input_errors_in_the_bounded_search(served: Datasette, text: str) -> None:
    await search(served, text)
    await search(served, "khen thuong", text)


def test_the_page_says_what_the_bound_does() -> None:
    vietnamese, english = QUERIES["search"]["description_html"].split("<em>English:</em>")
    bound = search_module.RANKED_CANDIDATES
    assert f"{bound:,}".replace(",", ".") + " bài khớp" in vietnamese
    assert f"{bound:,} most recently archived matching articles" in english
    assert f"hiện {PAGE} kết quả" in vietnamese
    assert f"shows the best {PAGE}" in english
