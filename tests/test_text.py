import pytest

from parsers.text import fold, fold_each, normalize_space


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đà Nẵng", "Da Nang"),
        ("khen thưởng", "khen thuong"),
        ("Huân chương Lao động hạng Ba", "Huan chuong Lao dong hang Ba"),
        ("Cờ thi đua", "Co thi dua"),
        ("ĐỒNG ĐỘI", "DONG DOI"),
        ("already plain", "already plain"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_handles_decomposed_input() -> None:
    decomposed = "khen th\u01b0\u01a1\u0309ng"  # ở written as ơ + combining hook
    assert fold(decomposed) == "khen thuong"


def test_normalize_space() -> None:
    assert normalize_space("  Tin,\u00a0ảnh:\n  P.Y ") == "Tin, ảnh: P.Y"
    assert normalize_space("th\u01b0\u01a1\u0309ng") == "thưởng"


def test_fold_each_keeps_positions() -> None:
    text = "Trao Huân chương cho Đồn Biên phòng"
    folded = fold_each(text)
    assert folded == "Trao Huan chuong cho Don Bien phong"
    assert len(folded) == len(text)
    start = folded.index("Huan chuong")
    assert text[start : start + len("Huan chuong")] == "Huân chương"


@pytest.mark.parametrize(
    "text",
    [
        *("Ωμέγα ñandú", "Ǆ ligature", "x\u0301y", "Đắk Lắk, Hòa Bình"),
        # Left non-ASCII by the letter table: punctuation (the fast way), a stray mark after
        # it, Hangul jamo that compose, a mark outside the combining block (the slow way).
        *("“Bằng khen” – Đội", "“\u0301x", "\u1100\u1161 ở", "ký\u0951 …"),
    ],
)
def test_fold_agrees_with_unicode_decomposition_everywhere(text: str) -> None:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    slow = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    assert fold(text) == unicodedata.normalize("NFC", slow)


def test_normalize_space_collapses_every_unicode_space_like_a_regex_would() -> None:
    import re

    spaces = "".join(chr(c) for c in range(0x3000 + 1) if re.match(r"\s", chr(c)))
    assert spaces == "".join(chr(c) for c in range(0x3000 + 1) if chr(c).isspace())
    text = f"{spaces}Sáng{spaces}nay{spaces}"
    assert normalize_space(text) == "Sáng nay"


def test_fold_each_folds_latin_letters_one_to_one_and_leaves_the_rest() -> None:
    latin = [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]
    for code in latin:
        folded = fold(chr(code))
        assert fold_each(chr(code)) == (folded if len(folded) == 1 else chr(code)), hex(code)
    others = "".join(chr(c) for c in range(0x10000) if c not in set(latin))
    assert fold_each(others) == others


def test_normalize_space_passes_normalised_text_through_and_catches_each_space_alone() -> None:
    import sys

    # normalize_space returns printable text with single inner spaces as it is: that is right
    # only while the space is the one printable whitespace character.
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    assert [c for c in spaces if c.isprintable()] == [" "]
    for space in spaces:
        assert normalize_space(f"Sáng{space}nay") == "Sáng nay", hex(ord(space))
        assert normalize_space(f"{space}nay") == normalize_space(f"nay{space}") == "nay"
    assert normalize_space("Sáng  nay") == normalize_space(" Sáng nay ") == "Sáng nay"
    assert normalize_space("Tin, ảnh: P.Y") == "Tin, ảnh: P.Y"
    # Paragraphs joined by line breaks, and line breaks beside other whitespace.
    assert normalize_space("Một.\n\nHai.\nBa.") == "Một. Hai. Ba."
    for joint in ("\n\n\n", "\n\n\n\n", " \n", "\n ", "\n\t", "\r\n", "\n\u00a0\n"):
        assert normalize_space(f"Một.{joint}Hai.") == "Một. Hai.", repr(joint)
    assert normalize_space("\nMột.\n") == normalize_space("\n\nMột.\n\n") == "Một."
    assert normalize_space("") == normalize_space(" ") == ""
