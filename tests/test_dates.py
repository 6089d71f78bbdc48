"""Dates as Vietnamese papers print them, and the traps that must not become dates."""

from datetime import timedelta

import pytest

from parsers.dates import parse_date, parse_vietnam_datetime


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        # Machine values (JSON-LD, meta tags): aware ones are converted to +07:00.
        ("2026-01-08T18:21:00+07:00", "2026-01-08T18:21:00+07:00"),
        ("2025-06-17T13:43:02+0700", "2025-06-17T13:43:02+07:00"),
        ("2024-03-05T03:30:00Z", "2024-03-05T10:30:00+07:00"),
        ("2024-03-04T20:30:00+00:00", "2024-03-05T03:30:00+07:00"),
        ("2024-03-05T10:30:00.123+07:00", "2024-03-05T10:30:00+07:00"),
        ("2024-03-05 10:30", "2024-03-05T10:30:00+07:00"),  # naive: Vietnam time
        ("2024-03-05T10:30:00", "2024-03-05T10:30:00+07:00"),
        # Visible bylines.
        ("15/03/2017 17:15", "2017-03-15T17:15:00+07:00"),
        ("MINH THÔNG 15/03/2017 17:15", "2017-03-15T17:15:00+07:00"),
        ("08/01/2026 - 18:21", "2026-01-08T18:21:00+07:00"),
        ("17:22 17/08/2025", "2025-08-17T17:22:00+07:00"),
        ("15-01-2024 13:04", "2024-01-15T13:04:00+07:00"),
        ("Thứ bảy, 03/08/2013 10:50", "2013-08-03T10:50:00+07:00"),
        ("Chủ nhật, 4/8/2024, 07:05 (GMT+7)", "2024-08-04T07:05:00+07:00"),
        ("Cập nhật: 12.12.2023 | 09:00", "2023-12-12T09:00:00+07:00"),
        ("10h30 ngày 5/3/2024", "2024-03-05T10:30:00+07:00"),
        ("05/03/2024 lúc 9 giờ 15", "2024-03-05T09:15:00+07:00"),
        ("15/03/2017 05:15 CH", "2017-03-15T17:15:00+07:00"),
        ("15/03/2017 12:05 SA", "2017-03-15T00:05:00+07:00"),
        ("ngày 5 tháng 3 năm 2024 lúc 14:00", "2024-03-05T14:00:00+07:00"),
        ("Thu bay, 03/08/2013 10:50", "2013-08-03T10:50:00+07:00"),  # typed without accents
    ],
)
def test_datetimes(text: str, iso: str) -> None:
    parsed = parse_date(text)
    assert parsed is not None and parsed.has_time
    assert parsed.isoformat() == iso
    assert parse_vietnam_datetime(text).utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2026-01-08", "2026-01-08"),  # JSON-LD date only: a calendar day, not shifted
        ("15/03/2017", "2017-03-15"),
        ("ngày 5 tháng 3 năm 2024", "2024-03-05"),
        ("Ngày 05 tháng 03 năm 2024", "2024-03-05"),
        ("Hà Nội, ngày 5 tháng 3 năm 2024", "2024-03-05"),
        ("Thứ Hai, 1/7/2025", "2025-07-01"),
    ],
)
def test_dates_without_a_time(text: str, iso: str) -> None:
    parsed = parse_date(text)
    assert parsed is not None and not parsed.has_time
    assert parsed.isoformat() == iso
    assert parse_vietnam_datetime(text).isoformat() == iso + "T00:00:00+07:00"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "khen thưởng năm 2022",  # a year alone is what a report covers, not a date
        "Chiều 18/7",  # no year: guessing one is how articles get misfiled
        "sáng 12.12",
        "ngày 27-12",
        "tháng 6/2025",
        "12/31/2024 10:00",  # month first is not Vietnamese; never swapped
        "31/02/2024",  # no such day
        "15/03/17 17:15",  # two-digit years are not trusted
        "115/03/2017",  # part of a longer number
        "15/03/20171",
        "66.032 cuộc thanh tra, 79.894 đơn vị",
        "2024-13-01",
        "Số 15/2024/QĐ-UBND",
        "17:15",
    ],
)
def test_not_dates(text: str) -> None:
    assert parse_date(text) is None
    assert parse_vietnam_datetime(text) is None


def test_invalid_time_keeps_only_the_date() -> None:
    parsed = parse_date("15/03/2017 25:70")
    assert parsed is not None and parsed.isoformat() == "2017-03-15"


def test_first_date_in_a_byline_wins() -> None:
    assert parse_date("08/01/2026 - 18:21 (cập nhật 09/01/2026 07:00)").isoformat() == (
        "2026-01-08T18:21:00+07:00"
    )
