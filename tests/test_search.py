"""The search helpers: FTS5 queries that never fail, snippets highlighted in the original text."""

import sqlite3

import pytest

from khenthuong.archive import FTS_TOKENIZE
from khenthuong.search import MARK_END, MARK_START, fts_query, search_snippet
from parsers.text import fold

DOCUMENTS = [
    "Quyết định số 1234/QĐ-UBND tặng Bằng khen cho Công an tỉnh Quảng Nam",
    "Đà Nẵng tổng kết công tác thi đua, khen thưởng năm 2025",
    'Bài viết có "ngoặc kép" và (ngoặc đơn) AND OR NOT NEAR',
]

# What journalists type, and FTS5 syntax they may type by accident.
NASTY = [
    "1234/QĐ-UBND",
    '"khen thưởng',
    'khen"thưởng',
    '""',
    '"',
    "(",
    ")",
    "((khen",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "NEAR(khen thưởng)",
    "khen AND",
    "- khen",
    "+",
    "*",
    "khen*",
    "^khen",
    "title:khen",
    "{title body}: khen",
    ":",
    "'; drop table articles; --",
    "\\",
    "\x00",
    "khen\tthưởng\n",
    "",
    "   ",
    "đ" * 500,
    "🎖️ huân chương",
]


@pytest.fixture(scope="module")
def index() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(text, folded, tokenize='{FTS_TOKENIZE}')")
    conn.executemany(
        "INSERT INTO t (rowid, text, folded) VALUES (?, ?, ?)",
        [(n, doc, fold(doc)) for n, doc in enumerate(DOCUMENTS, 1)],
    )
    return conn


def matches(index: sqlite3.Connection, query: str) -> list[int]:
    rows = index.execute(
        "SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid", [fts_query(query)]
    ).fetchall()
    return [row[0] for row in rows]


@pytest.mark.parametrize("query", NASTY)
def test_no_input_is_an_fts5_syntax_error(index: sqlite3.Connection, query: str) -> None:
    matches(index, query)  # raises sqlite3.OperationalError on a syntax error
    assert search_snippet(query, DOCUMENTS[0]) is not None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("1234/QĐ-UBND", [1]),
        ("1234/qd-ubnd", [1]),
        ("QĐ 1234", [1]),
        ("khen thuong", [2]),
        ("khen thưởng", [2]),
        ('"thi đua khen thưởng"', [2]),
        ('"khen thi đua"', []),
        ("da nang", [2]),
        ("Đà Nẵng", [2]),
        ("DA NANG", [2]),
        ("quang*", [1]),
        ("bằng khen", [1]),
        ('"ngoặc kép"', [3]),
        ("(ngoặc đơn)", [3]),
        ("NEAR", [3]),
        ("", []),
        ("(", []),
    ],
)
def test_search_is_accent_insensitive_both_ways_and_literal(
    index: sqlite3.Connection, query: str, expected: list[int]
) -> None:
    assert matches(index, query) == expected


def test_fts_query_quotes_every_phrase() -> None:
    assert fts_query('1234/QĐ-UBND "Khen  thưởng" khen* (') == (
        '"1234 qd ubnd" "khen thuong" "khen" *'
    )
    assert fts_query(None) == '""'


def test_snippet_marks_the_original_words_whatever_was_typed() -> None:
    assert search_snippet("da nang khen thuong", DOCUMENTS[1]) == (
        f"{MARK_START}Đà Nẵng{MARK_END} tổng kết công tác thi đua, "
        f"{MARK_START}khen thưởng{MARK_END} năm 2025"
    )
    assert search_snippet("1234/qd-ubnd", DOCUMENTS[0]) == (
        f"Quyết định số {MARK_START}1234/QĐ-UBND{MARK_END} tặng Bằng khen "
        "cho Công an tỉnh Quảng Nam"
    )


def test_snippet_of_a_long_text_is_cut_at_words_around_the_match() -> None:
    text = " ".join(f"từ{n}" for n in range(200)) + " Huân chương Lao động " + "cuối " * 100
    snippet = search_snippet("huan chuong", text, width=120)
    assert snippet.startswith("…từ") and snippet.endswith("…")
    assert f"{MARK_START}Huân chương{MARK_END} Lao động" in snippet
    assert len(snippet) <= 122
    words = snippet.strip("…").replace(MARK_START, "").replace(MARK_END, "").split()
    assert all(word in text.split() for word in words)


def test_snippet_without_a_match_is_the_start_of_the_text() -> None:
    assert search_snippet("không có", "Một hai ba.") == "Một hai ba."
    assert search_snippet("x", None) is None


def test_snippet_marks_whole_words_only() -> None:
    assert search_snippet("an", "Quảng Nam an toàn, bình an.") == (
        f"Quảng Nam {MARK_START}an{MARK_END} toàn, bình {MARK_START}an{MARK_END}."
    )
    assert search_snippet("khen*", "Được khen thưởng") == (
        f"Được {MARK_START}khen{MARK_END} thưởng"
    )


def test_snippet_of_a_text_whose_lower_case_is_longer() -> None:
    # "İ" lower-cases to two characters: positions would shift, so it alone keeps its case.
    assert (
        search_snippet("da nang", "İzmir và Đà Nẵng") == f"İzmir và {MARK_START}Đà Nẵng{MARK_END}"
    )
