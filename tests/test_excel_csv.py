"""The Excel CSV rewriter: BOM, CRLF, formula cells made text, any chunking of the stream."""

import csv
import io

import pytest

from khenthuong.excel_csv import BOM, ExcelCsvRewriter, neutralise_cell


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://x","bấm")', '\'=HYPERLINK("http://x","bấm")'),
        ("+84 905 123 456 gọi ngay", "'+84 905 123 456 gọi ngay"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("＝1+1", "'＝1+1"),
        ("-3", "-3"),
        ("+84", "+84"),
        ("-1.5e3", "-1.5e3"),
        ("12", "12"),
        ("Đà Nẵng = Quảng Nam + Đà Nẵng", "Đà Nẵng = Quảng Nam + Đà Nẵng"),
        ("", ""),
    ],
)
def test_formula_cells_are_made_text(cell: str, expected: str) -> None:
    assert neutralise_cell(cell) == expected


ROWS = [
    ["id", "title", "body"],
    ["1", "=cmd|' /C calc'!A0", 'Dòng một\nDòng hai, có "ngoặc"'],
    ["2", "Đà Nẵng tổng kết thi đua", "@người dùng\r\nxuống dòng kiểu Windows"],
    ["3", "-5", ""],
]


def plain_csv() -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(ROWS)  # Datasette's writer: the excel dialect
    return out.getvalue().encode("utf-8")


def rewrite(body: bytes, size: int) -> bytes:
    rewriter = ExcelCsvRewriter()
    out = b"".join(rewriter.feed(body[i : i + size]) for i in range(0, len(body), size))
    return out + rewriter.close()


def test_rewritten_csv_has_bom_crlf_and_safe_cells() -> None:
    body = rewrite(plain_csv(), len(plain_csv()))
    assert body.startswith(BOM)
    text = body[len(BOM) :].decode("utf-8")
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [
        ["id", "title", "body"],
        ["1", "'=cmd|' /C calc'!A0", 'Dòng một\nDòng hai, có "ngoặc"'],
        ["2", "Đà Nẵng tổng kết thi đua", "'@người dùng\r\nxuống dòng kiểu Windows"],
        ["3", "-5", ""],
    ]


def test_any_chunking_of_the_stream_gives_the_same_file() -> None:
    body = plain_csv()
    whole = rewrite(body, len(body))
    # Every chunk size splits somewhere: inside a quoted cell, a CRLF, a multi-byte letter.
    for size in range(1, 40):
        assert rewrite(body, size) == whole, size


def test_an_empty_body_is_just_the_bom() -> None:
    rewriter = ExcelCsvRewriter()
    assert rewriter.feed(b"") + rewriter.close() == BOM
