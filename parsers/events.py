"""Read the event an award article reports: its type, reviewed period, date and organiser."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from parsers import patterns as p
from parsers.awards import award_names
from parsers.text import normalize_space


@dataclass
class Event:
    """One event per article (GUIDELINES "Event"); `date` is ISO YYYY-MM-DD."""

    type: str
    period: str | None
    year: int | None
    date: str | None
    organizer: str | None


_TYPE_CUES = [
    (kind, cues, re.compile(r"(?<!\w)(?:" + "|".join(re.escape(c) for c in cues) + r")(?!\w)"))
    for kind, cues in p.EVENT_TYPE_CUES
]
_PERIODS = [
    re.compile(r"(?<!\w)" + pattern + r"(?!\d)", re.IGNORECASE) for pattern in p.PERIOD_PATTERNS
]
_BARE_YEAR_PERIOD, _BARE_SPAN_PERIOD = _PERIODS[-2:]
_TIME_WORD = "|".join(p.TIME_OF_DAY)
_RELATIVE = "|".join(sorted((re.escape(w) for w in p.RELATIVE_DAYS), key=len, reverse=True))
# "Chiều nay 18/7", "Sáng 5.1", "Ngày 27-12", "sáng thứ Hai (8/1)", "chiều 29/12/2023".
_DAY_MONTH = re.compile(
    rf"(?<!\w)(?:{_TIME_WORD})(?:\s+(?:{_RELATIVE}))?(?:\s+thứ\s+\w+)?\s*\(?\s*"
    r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{4}))?(?![\d])",
    re.IGNORECASE,
)
# "sáng nay", "chiều qua", "hôm nay" with no day written.
_RELATIVE_DAY = re.compile(rf"(?<!\w)(?:{_TIME_WORD})\s+({_RELATIVE})(?!\w)", re.IGNORECASE)
# Every relative day ends in "nay" or "qua", in any case (`patterns.RELATIVE_DAYS`): most texts
# hold neither, and this search skips ahead to the letters n and q where _RELATIVE_DAY, opening
# with a lookbehind, is tried at every character.
_MAY_HOLD_RELATIVE_DAY = re.compile(r"[nN][aA][yY]|[qQ][uU][aA]")
_CEREMONY_VERB_BEFORE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(v) for v in sorted(p.CEREMONY_VERBS, key=len, reverse=True))
    + r")(?:\s+(?:"
    + "|".join(re.escape(w) for w in p.CEREMONY_VERB_GAP)
    + r"))?\s*[“\"]?\s*$"
)
_NOT_EVENT_DAY_BEFORE = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(w) for w in p.NOT_EVENT_DAY_CUES) + r")\s*\(?\s*$",
    re.IGNORECASE,
)
_ORGANIZER = re.compile(
    r"^\s*[,:]?\s*(.{3,160}?)\s+(?:"
    + "|".join(re.escape(v) for v in sorted(p.ORGANIZING_VERBS, key=len, reverse=True))
    + r")(?!\w)"
)
_ORGANIZER_MAX_WORDS = 16
_YEAR = re.compile(r"\d{4}")
# Every day _DAY_MONTH reads holds a digit, a separator and a digit ("18/7"): text without one
# is passed over without the slower search for a time of day.
_MAY_HOLD_DAY = re.compile(r"\d\s*[/.\-]\s*\d")


def _gives_award(text: str) -> bool:
    """True when a giving or receiving verb comes right before an award ("được trao danh hiệu
    Nhà giáo ưu tú", "nhận Huy hiệu Đảng")."""
    lower = text.lower()
    return any(_CEREMONY_VERB_BEFORE.search(lower, 0, start) for _, start, _ in award_names(text))


def event_type(title: str, sapo: str) -> str | None:
    """The event type named in the title, else in the lead; None when neither names one.

    Words naming a kind come first; then an award given or received names a ceremony.
    """
    for text in (title, sapo):
        text = normalize_space(text)
        lower = text.lower()
        # A congress comes first ("Đại hội ... nhằm tổng kết"); otherwise the kind named first
        # is the event, and one named later happened beside it ("tổng kết ...; cũng tại hội nghị,
        # tỉnh phát động ...").
        # A cue phrase is a plain substring first: most are absent, and `in` is far cheaper
        # than the regex, which checks word boundaries as well.
        found = [
            (m.start(), i, kind)
            for i, (kind, cues, regex) in enumerate(_TYPE_CUES)
            if any(cue in lower for cue in cues) and (m := regex.search(lower))
        ]
        if found:
            first = min(found, key=lambda x: (x[2] != "dai_hoi", x[0], x[1]))
            return first[2]
        if _gives_award(text):
            return "trao_tang"
    return None


def event_period(
    title: str, sapo: str, kind: str | None, published_year: int | None = None, body: str = ""
) -> str | None:
    """The reviewed period as written: the earliest (then longest) in the title, else the lead.

    A ceremony or a council meeting has a period only when one is stated beyond a bare year
    ("năm 2023"). Only a launch looks ahead: for any other kind a period ending after the
    publication year ("khai giảng năm học 2024 - 2025" in September 2024) is none reviewed.
    A congress reviews a term of years: only a span is its period, read from the body when the
    title and lead state none.
    """
    term = kind in p.TERM_KINDS
    for text in (title, sapo, body) if term else (title, sapo):
        text = normalize_space(text)
        found = []
        # Every period names a year (`patterns.PERIOD_PATTERNS`): text without four digits has none.
        for regex in _PERIODS if _YEAR.search(text) else ():
            if kind in p.BARE_YEAR_NOT_PERIOD and regex in (_BARE_YEAR_PERIOD, _BARE_SPAN_PERIOD):
                continue
            for m in regex.finditer(text):
                ahead = _ahead(m.group(0), published_year)
                if ahead and kind not in p.FORWARD_PERIOD_KINDS:
                    continue
                if term and len(_YEAR.findall(m.group(0))) < 2:
                    continue
                found.append((m.start(), -len(m.group(0)), m.group(0)))
        if found:
            return min(found)[2]
    return None


def _ahead(period: str, published_year: int | None) -> bool:
    """True when `period` ends after publication, beyond a closing term of several years."""
    years = [int(y) for y in _YEAR.findall(period)]
    if published_year is None or not years or years[-1] <= published_year:
        return False
    closing_term = years[-1] - years[0] >= 2
    return not (closing_term and years[-1] <= published_year + p.TERM_CLOSING_YEARS_AHEAD)


def period_year(period: str | None) -> int | None:
    """The last year of a period: "giai đoạn 2020 - 2025" -> 2025."""
    years = _YEAR.findall(period or "")
    return int(years[-1]) if years else None


def published_date(published: str | None) -> date | None:
    """The calendar day of an ISO publication timestamp, as written (local time of the paper)."""
    m = re.match(r"^\s*(\d{4})-(\d{2})-(\d{2})", published or "")
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def resolve_day(day: int, month: int, year: int | None, published: date | None) -> date | None:
    """Day and month as the latest such date on or before publication ("29/12" on 2 Jan: Dec)."""
    try:
        if year is not None:
            return date(year, month, day)
        if published is None:
            return None
        candidate = date(published.year, month, day)
        if candidate > published:
            candidate = date(published.year - 1, month, day)
        return candidate
    except ValueError:
        return None


def _event_day(text: str, published: date | None) -> tuple[re.Match[str], date] | None:
    """The first day in `text` that can be the event's, and its resolved date.

    Passed over: a deadline or a tally's cut-off ("trước ngày 20/12", "Tính đến ngày 5/12"), a
    day being celebrated ("chào mừng ngày 20.11"), an anniversary's founding day ("Ngày
    23/11/1945"), and a day that would fall long before publication.
    """
    for m in _DAY_MONTH.finditer(text) if _MAY_HOLD_DAY.search(text) else ():
        if _NOT_EVENT_DAY_BEFORE.search(text, max(0, m.start() - 20), m.start()):
            continue
        year = int(m.group(3)) if m.group(3) else None
        resolved = resolve_day(int(m.group(1)), int(m.group(2)), year, published)
        if resolved is None:
            continue
        if published is not None and not (
            timedelta(0) <= published - resolved <= timedelta(days=p.EVENT_DAYS_BEFORE_PUBLISHED)
        ):
            continue
        return m, resolved
    return None


_DayCues = tuple[tuple[re.Match[str], date] | None, re.Match[str] | None]


def _day_cues(text: str, published: date | None) -> _DayCues:
    """The event's day in normalised `text` (`_event_day`) and its first relative day, if any."""
    relative = _RELATIVE_DAY.search(text) if _MAY_HOLD_RELATIVE_DAY.search(text) else None
    return _event_day(text, published), relative


def _date_of(cues: _DayCues, published: date | None) -> str | None:
    """The ISO date the day cues of one text give: the earlier of a day and a relative day."""
    found, relative = cues
    if found and (relative is None or found[0].start() <= relative.start()):
        return found[1].isoformat()
    if relative and published:
        days_back = p.RELATIVE_DAYS[relative.group(1).lower()]
        return (published - timedelta(days=days_back)).isoformat()
    return None


def event_date(texts: list[str], published: str | None) -> str | None:
    """The first "Chiều 18/7" or "sáng nay" in the texts, resolved against `published`."""
    published_day = published_date(published)
    for text in texts:
        found = _date_of(_day_cues(normalize_space(text), published_day), published_day)
        if found:
            return found
    return None


def event_organizer(title: str, sapo: str, published: str | None = None) -> str | None:
    """Who held the event: "Chiều 12/12, Hội Nông dân tỉnh tổ chức ..." -> "Hội Nông dân tỉnh"."""
    sapo = normalize_space(sapo)
    return _organizer(normalize_space(title), sapo, _day_cues(sapo, published_date(published)))


def _organizer(title: str, sapo: str, sapo_cues: _DayCues) -> str | None:
    """`event_organizer` of a normalised title and lead, given the lead's day cues."""
    candidates = []
    found, relative = sapo_cues
    opening = found[0] if found else relative
    if opening:
        candidates.append(sapo[opening.end() :])
    candidates.append(title)
    for text in candidates:
        m = _ORGANIZER.match(text)
        if m and len(m.group(1).split()) <= _ORGANIZER_MAX_WORDS:
            return m.group(1).strip(" ,")
    return None


def extract_event(
    title: str, sapo: str, body: str, published: str | None, default_type: str | None = None
) -> Event | None:
    """The event of an award article, or None when the title and lead name no event.

    `default_type` is the kind when they name none (an article reporting awards given is about
    their ceremony: `patterns.DEFAULT_AWARD_EVENT`).
    """
    kind = event_type(title, sapo) or default_type
    if kind is None:
        return None
    day = published_date(published)
    period = event_period(title, sapo, kind, day.year if day else None, body)
    # The lead's day cues serve both the date and the organiser (who follows the day): read once.
    title, sapo = normalize_space(title), normalize_space(sapo)
    sapo_cues = _day_cues(sapo, day)
    first_paragraph = normalize_space((body or "").strip().split("\n", 1)[0])
    return Event(
        type=kind,
        period=period,
        year=period_year(period),
        # As event_date([sapo, title, first_paragraph], published), the first text with a day.
        date=_date_of(sapo_cues, day)
        or _date_of(_day_cues(title, day), day)
        or _date_of(_day_cues(first_paragraph, day), day),
        organizer=_organizer(title, sapo, sapo_cues),
    )
