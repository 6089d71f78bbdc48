"""Vietnamese counts in digits and words."""

import pytest

from parsers.numbers import parse_count, parse_digits, parse_number_words


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("184", 184),
        ("02", 2),
        ("1.250", 1250),
        ("12.500", 12500),
        ("1.000.000", 1000000),
        ("2,5", None),
        ("5.1.2", None),
        ("12a", None),
    ],
)
def test_parse_digits(token: str, expected: int | None) -> None:
    assert parse_digits(token) == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("một", 1),
        ("hai", 2),
        ("năm", 5),
        ("mười", 10),
        ("mười lăm", 15),
        ("mười một", 11),
        ("hai mươi", 20),
        ("hai mươi mốt", 21),
        ("ba mươi tư", 34),
        ("chín mươi chín", 99),
        ("một trăm", 100),
        ("một trăm linh năm", 105),
        ("ba trăm hai mươi", 320),
        ("hai nghìn", 2000),
        ("hai nghìn ba trăm", 2300),
        ("Mười Lăm", 15),
        ("sau", None),
        ("nhiều", None),
        ("", None),
    ],
)
def test_parse_number_words(words: str, expected: int | None) -> None:
    assert parse_number_words(words.split()) == expected


@pytest.mark.parametrize(("token", "expected"), [("1.250", 1250), ("mười hai", 12), (" 7 ", 7)])
def test_parse_count_reads_digits_or_words(token: str, expected: int) -> None:
    assert parse_count(token) == expected


@pytest.mark.parametrize("words", ["trăm", "nghìn", "trăm năm"])
def test_a_bare_hundred_or_thousand_is_no_number(words: str) -> None:
    assert parse_number_words(words.split()) is None
