"""Read publication dates as Vietnamese papers print them, always in Vietnam time (UTC+7)."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache

from parsers.text import fold, normalize_space

VIETNAM = timezone(timedelta(hours=7), "ICT")

# Machine values: ISO 8601 as found in JSON-LD and meta tags. Papers write the offset as
# "+07:00", "+0700" or "Z"; some leave it off (then it is Vietnam time) or give only a date.
_ISO = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:[T ](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?$"
)

# Visible formats, tried in order on folded, lower-cased text (diacritics removed, so
# "Thứ bảy" and "tháng" match without caring how the page composed its accents).
# Day comes before month everywhere in Vietnam: "12/31/2024" is not a date, not a swap.
_DAY_MONTH_YEAR = r"(?P<day>\d{1,2})\s*[/.-]\s*(?P<month>\d{1,2})\s*[/.-]\s*(?P<year>\d{4})"
_WORDY_DATE = r"ngay\s+(?P<day>\d{1,2})\s+thang\s+(?P<month>\d{1,2})\s+nam\s+(?P<year>\d{4})"
_TIME = r"(?P<hour>\d{1,2})\s*(?:[:h]|gio)\s*(?P<minute>\d{2})(?:\s*:\s*(?P<second>\d{2}))?"
_MERIDIEM = r"(?:\s*(?P<meridiem>am|pm|sa|ch)\b)?"
_JOIN = r"\s*(?:[-|,]|luc|\()?\s*"  # "08/01/2026 - 18:21", "03/08/2013, 10:50", "lúc 10:50"

VISIBLE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern)
    for pattern in (
        _DAY_MONTH_YEAR + _JOIN + _TIME + _MERIDIEM,  # 15/03/2017 17:15, 08/01/2026 - 18:21
        _TIME + _MERIDIEM + _JOIN + r"(?:ngay\s+)?" + _DAY_MONTH_YEAR,  # 17:22 17/08/2025
        _WORDY_DATE + _JOIN + _TIME + _MERIDIEM,  # ngày 5 tháng 3 năm 2024 lúc 10:30
        _TIME + _MERIDIEM + _JOIN + _WORDY_DATE,  # 10:30 ngày 5 tháng 3 năm 2024
        _DAY_MONTH_YEAR,  # 15/03/2017
        _WORDY_DATE,  # ngày 5 tháng 3 năm 2024
    )
)
# A number glued to the match ("115/03/2017", "15/03/20171") means it was something else.
_GLUED = re.compile(r"\d")


@dataclass(frozen=True)
class ParsedDate:
    """A publication moment in Vietnam time, and whether the source gave a time of day."""

    value: datetime
    has_time: bool

    def isoformat(self) -> str:
        """Full ISO 8601 with +07:00 when the time is known, else the date alone."""
        return self.value.isoformat() if self.has_time else self.value.date().isoformat()


def parse_vietnam_datetime(text: str) -> datetime | None:
    """Parse a machine or printed date into an aware datetime in +07:00, or None.

    Naive values are Vietnam time; aware ones are converted. A date without a time
    comes back at midnight: use `parse_date` to know whether the time was printed.

    >>> parse_vietnam_datetime("MINH THÔNG 15/03/2017 17:15").isoformat()
    '2017-03-15T17:15:00+07:00'
    """
    parsed = parse_date(text)
    return parsed.value if parsed else None


def parse_date(text: str) -> ParsedDate | None:
    """Parse ISO 8601 or the first Vietnamese printed date in `text` (a byline, not a body).

    Only complete dates count: "Chiều 18/7" or "khen thưởng năm 2022" give None, because
    guessing a year from them is how articles get filed under the wrong year.
    """
    text = normalize_space(text)
    if not text:
        return None
    return _parse_iso(text) or _parse_visible(text)


def _parse_iso(text: str) -> ParsedDate | None:
    match = _ISO.match(text)
    if not match:
        return None
    has_time = match["hour"] is not None
    offset = match["tz"]
    tzinfo = VIETNAM
    if offset:
        tzinfo = UTC if offset == "Z" else _offset(offset)
        if tzinfo is None:
            return None
    value = _build(match, tzinfo)
    if value is None:
        return None
    if not has_time:
        # A bare date names a Vietnamese calendar day; shifting it would change the day.
        return ParsedDate(value.replace(tzinfo=VIETNAM), has_time=False)
    return ParsedDate(value.astimezone(VIETNAM), has_time=True)


def _parse_visible(text: str) -> ParsedDate | None:
    folded = fold(text).lower()
    for pattern in VISIBLE_PATTERNS:
        for match in pattern.finditer(folded):
            before = folded[match.start() - 1 : match.start()]
            after = folded[match.end() : match.end() + 1]
            if _GLUED.match(before) or _GLUED.match(after):
                continue
            value = _build(match, VIETNAM)
            if value is not None:
                return ParsedDate(value, has_time="hour" in match.groupdict())
    return None


def _build(match: re.Match[str], tzinfo: timezone) -> datetime | None:
    """Turn named groups into a datetime, or None when they name an impossible moment."""
    groups = match.groupdict()
    hour = int(groups.get("hour") or 0)
    minute = int(groups.get("minute") or 0)
    second = int(groups.get("second") or 0)
    meridiem = groups.get("meridiem")
    if meridiem:
        if hour > 12:
            return None
        # "SA" (sáng) is morning, "CH" (chiều) afternoon: Vietnamese AM/PM.
        if meridiem in ("pm", "ch") and hour < 12:
            hour += 12
        elif meridiem in ("am", "sa") and hour == 12:
            hour = 0
    try:
        day = date(int(groups["year"]), int(groups["month"]), int(groups["day"]))
        return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=tzinfo)
    except ValueError:
        return None


@lru_cache(maxsize=64)  # pages give a handful of offsets; building a timezone costs 7 µs
def _offset(text: str) -> timezone | None:
    """The UTC offset "+07:00" names, or None for one no clock has ("+75:00", found by fuzzing)."""
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))
