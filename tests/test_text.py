import pytest

from parsers.text import fold, normalize_space


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
