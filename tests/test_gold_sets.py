"""Validate the hand-annotated gold files against the annotation guidelines' contract.

A gold file that drifts from the contract (a misspelt award name, an evidence string
that no longer occurs in the article, a date after publication) silently corrupts every
score computed against it, so each gold set is checked here line by line.
"""

import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest

from parsers.text import fold

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
VOCABULARY = ROOT / "parsers" / "data" / "award_vocabulary.json"
EXTRA = ROOT / "tests" / "eval" / "extra.jsonl"
HOLDOUT = ROOT / "tests" / "eval" / "holdout.jsonl"
HOLDOUT2 = ROOT / "tests" / "eval" / "holdout2.jsonl"
HOLDOUT3 = ROOT / "tests" / "eval" / "holdout3.jsonl"
HOLDOUT4 = ROOT / "tests" / "eval" / "holdout4.jsonl"

RECIPIENT_KINDS = {"collective", "individual", "unspecified"}
STATUSES = {"conferred", "proposed"}
EVENT_TYPES = {"so_ket", "tong_ket", "trao_tang", "phat_dong", "dai_hoi", "other"}
EVENT_KEYS = {"type", "period", "year", "date", "organizer"}
FACT_KEYS = {"award", "recipient_kind", "count", "status", "conferrer", "recipient", "evidence"}
ARTICLE_FIELDS = {"id": str, "title": str, "body": str, "relevant": bool, "awards": list}
# The guidelines let an input article omit these; when present they must be text.
OPTIONAL_TEXT_FIELDS = ("sapo", "published", "source", "province")
# A count written in words ("mười hai", "một trăm") has no digits to find.
NUMBER_WORDS = re.compile(
    r"\b(một|hai|ba|bốn|tư|năm|lăm|sáu|bảy|tám|chín|mười|mươi|trăm|nghìn|ngàn)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class GoldSet:
    """One gold file and whether the checkout is expected to have it."""

    name: str
    path: Path
    required: bool


GOLD_SETS = [
    GoldSet("extra", EXTRA, required=True),
    GoldSet("holdout", HOLDOUT, required=True),
    GoldSet("holdout2", HOLDOUT2, required=True),
    GoldSet("holdout3", HOLDOUT3, required=True),
    GoldSet("holdout4", HOLDOUT4, required=True),
    GoldSet("demo", ROOT / "demo" / "gold.jsonl", required=False),
    GoldSet("dev", SHARED / "eval" / "dev.jsonl", required=False),
]


def load_rows(path: Path) -> list[tuple[int, dict]]:
    """Parse a JSON Lines file into (line number, object) pairs, skipping blank lines."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            rows.append((number, json.loads(line)))
    return rows


def canonical_awards() -> set[str]:
    vocabulary = json.loads(VOCABULARY.read_text(encoding="utf-8"))
    return set(vocabulary["commendation_forms"]) | set(vocabulary["emulation_titles"])


def count_is_stated(count: int, evidence: str) -> bool:
    """True when the evidence can plausibly state the count: as digits, or in words."""
    digits = re.sub(r"(?<=\d)\.(?=\d{3}\b)", "", evidence)  # "1.250" -> "1250"
    if re.search(rf"(?<![\d,.])0*{count}(?![\d,])", digits):  # also "02 tập thể"
        return True
    # "năm" before a year ("năm 2023", "năm học 2022 - 2023") is the word "year", not five.
    words = re.sub(r"\bnăm\s+(?:học\s+)?\d", " ", evidence, flags=re.IGNORECASE)
    return count == 1 or bool(NUMBER_WORDS.search(words))


def article_problems(row: dict, canonical: set[str]) -> list[str]:
    """Every way one annotated article breaks the contract; empty when it is valid."""
    problems = []
    for field, kind in ARTICLE_FIELDS.items():
        if not isinstance(row.get(field), kind):
            problems.append(f"{field} missing or not {kind.__name__}")
    for field in OPTIONAL_TEXT_FIELDS:
        if field in row and not isinstance(row[field], str):
            problems.append(f"{field} is not text")
    if "event" not in row:
        problems.append("event missing")
    if problems:
        return problems

    text = row.get("sapo", "") + "\n" + row["body"]
    published = datetime.fromisoformat(row["published"]).date() if row.get("published") else None
    event = row["event"]
    if event is not None:
        problems += event_problems(event, published)
    if not row["relevant"] and row["awards"]:
        problems.append("not relevant but has awards")

    seen = Counter(json.dumps(fact, sort_keys=True, ensure_ascii=False) for fact in row["awards"])
    problems += [f"fact annotated {n} times: {fact[:80]}" for fact, n in seen.items() if n > 1]
    for fact in row["awards"]:
        problems += [f"{fact.get('award')}: {p}" for p in fact_problems(fact, text, canonical)]
    return problems


def event_problems(event: object, published: date | None) -> list[str]:
    if not isinstance(event, dict) or set(event) != EVENT_KEYS:
        return [f"event must be null or have exactly {sorted(EVENT_KEYS)}"]
    problems = []
    if event["type"] not in EVENT_TYPES:
        problems.append(f"event type {event['type']!r}")
    year, period = event["year"], event["period"]
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        problems.append("event year is not an integer")
    if period is not None and not isinstance(period, str):
        problems.append("event period is not text")
    if isinstance(period, str) and isinstance(year, int):
        # "year" is the last year of the period: "năm học 2022 - 2023" -> 2023.
        years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", period)]
        if years and max(years) != year:
            problems.append(f"event year {year} is not the last year of {period!r}")
    if event["organizer"] is not None and not isinstance(event["organizer"], str):
        problems.append("event organizer is not text")
    if event["date"] is not None:
        try:
            held = date.fromisoformat(event["date"])
        except (TypeError, ValueError):
            return [*problems, f"event date {event['date']!r} is not ISO YYYY-MM-DD"]
        if published is not None and held > published:
            problems.append(f"event date {held} is after publication {published}")
    return problems


def fact_problems(fact: object, text: str, canonical: set[str]) -> list[str]:
    if not isinstance(fact, dict) or set(fact) != FACT_KEYS:
        return [f"fact must have exactly {sorted(FACT_KEYS)}"]
    problems = []
    if fact["award"] not in canonical:
        problems.append("award name is not canonical")
    if fact["recipient_kind"] not in RECIPIENT_KINDS:
        problems.append(f"recipient_kind {fact['recipient_kind']!r}")
    if fact["status"] not in STATUSES:
        problems.append(f"status {fact['status']!r}")
    count, evidence = fact["count"], fact["evidence"]
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        problems.append(f"count {count!r} is not a positive integer")
    if not isinstance(evidence, str) or not evidence.strip() or evidence not in text:
        return [*problems, "evidence does not occur verbatim in the sapo or body"]
    if isinstance(count, int) and not count_is_stated(count, evidence):
        problems.append(f"count {count} is not stated in its evidence")
    # The guidelines take conferrer and recipient from the fact's own sentence.
    for field in ("conferrer", "recipient"):
        value = fact[field]
        if value is None:
            continue
        if not isinstance(value, str) or fold(value.lower()) not in fold(evidence.lower()):
            problems.append(f"{field} {value!r} does not occur in its evidence")
    return problems


def gold_rows(gold: GoldSet) -> list[tuple[int, dict]]:
    if not gold.path.exists():
        if gold.required:
            pytest.fail(f"{gold.path} is missing")
        reason = "../shared not present" if gold.name == "dev" else f"{gold.path.name} not present"
        pytest.skip(f"{reason}: {gold.path}")
    return load_rows(gold.path)


@pytest.mark.parametrize("gold", GOLD_SETS, ids=lambda g: g.name)
def test_every_article_follows_the_contract(gold: GoldSet) -> None:
    canonical = canonical_awards()
    problems = [
        f"{gold.path.name}:{number} {row.get('id')}: {problem}"
        for number, row in gold_rows(gold)
        for problem in article_problems(row, canonical)
    ]
    assert problems == []


@pytest.mark.parametrize("gold", GOLD_SETS, ids=lambda g: g.name)
def test_ids_are_unique(gold: GoldSet) -> None:
    ids = Counter(row["id"] for _, row in gold_rows(gold))
    assert [i for i, n in ids.items() if n > 1] == []


def test_validator_rejects_broken_annotations() -> None:
    """The checks above must fail on the mistakes they exist to catch."""
    canonical = canonical_awards()
    sentence = "Chủ tịch UBND tỉnh tặng Bằng khen cho 1.250 cá nhân."
    good = {
        "id": "t-1",
        "title": "Tiêu đề",
        "sapo": "Sáng 5/1, Sở Nội vụ tổ chức hội nghị.",
        "body": sentence,
        "published": "2024-01-05T10:00:00+07:00",
        "relevant": True,
        "event": {"type": "tong_ket", "period": "năm 2023", "year": 2023,
                  "date": "2024-01-05", "organizer": "Sở Nội vụ"},
        "awards": [{"award": "Bằng khen", "recipient_kind": "individual", "count": 1250,
                    "status": "conferred", "conferrer": "Chủ tịch UBND tỉnh",
                    "recipient": None, "evidence": sentence}],
    }  # fmt: skip
    assert article_problems(good, canonical) == []

    def broken(**changes: object) -> list[str]:
        row = json.loads(json.dumps(good))
        for key, value in changes.items():
            target, _, field = key.partition("__")
            if target == "fact":
                row["awards"][0][field] = value
            elif target == "event":
                row["event"][field] = value
            else:
                row[key] = value
        return article_problems(row, canonical)

    assert broken(fact__award="Bằng Khen của UBND")
    assert broken(fact__recipient_kind="person")
    assert broken(fact__status="granted")
    assert broken(fact__count=0)
    assert broken(fact__count="1250")
    assert broken(fact__count=125)
    assert broken(fact__evidence="Chủ tịch UBND tỉnh tặng Bằng khen.")
    assert broken(fact__conferrer="Thủ tướng Chính phủ")
    assert broken(event__type="hoi_nghi")
    assert broken(event__date="5/1/2024")
    assert broken(event__date="2024-01-06")
    assert broken(event__year=2024)
    assert broken(relevant=False)
    assert broken(relevant="yes")


@pytest.mark.parametrize(
    ("count", "evidence", "stated"),
    [
        (1250, "tặng Giấy khen cho 1.250 cá nhân", True),
        (2, "tặng Bằng khen cho 02 tập thể", True),
        (12, "tặng Bằng khen cho mười hai tập thể", True),
        (1, "được Chủ tịch nước tặng Huân chương Lao động hạng Nhì", True),
        (25, "tặng Bằng khen cho 125 cá nhân", False),
        (46, "tỷ lệ đạt 46,2%", False),
        (5, "Năm 2023, Chủ tịch UBND tỉnh tặng Bằng khen cho 8 tập thể", False),
    ],
)
def test_count_is_stated(count: int, evidence: str, stated: bool) -> None:
    assert count_is_stated(count, evidence) is stated


def test_extra_set_covers_its_brief() -> None:
    """The held-back set must keep the mix it was written for, or it stops testing it."""
    rows = [row for _, row in load_rows(EXTRA)]
    relevant = [row for row in rows if row["relevant"]]
    assert len(rows) >= 26
    assert len(rows) - len(relevant) >= 8
    assert all(row["id"].startswith("xtr-") for row in rows)
    assert all(row[field] for row in rows for field in OPTIONAL_TEXT_FIELDS)
    assert {row["event"]["type"] for row in relevant} == EVENT_TYPES
    statuses = {fact["status"] for row in rows for fact in row["awards"]}
    kinds = {fact["recipient_kind"] for row in rows for fact in row["awards"]}
    assert statuses == STATUSES
    assert kinds == RECIPIENT_KINDS
    assert any(fact["recipient"] for row in rows for fact in row["awards"])


@pytest.mark.parametrize(
    "independent", [EXTRA, HOLDOUT, HOLDOUT2, HOLDOUT3, HOLDOUT4], ids=lambda p: p.stem
)
def test_independent_sets_share_no_text_with_dev(independent: Path) -> None:
    """Each independent set is written apart from dev: no id and no sentence of dev may reappear."""
    dev_path = SHARED / "eval" / "dev.jsonl"
    if not dev_path.exists():
        pytest.skip(f"../shared not present: {dev_path}")
    dev = [row for _, row in load_rows(dev_path)]
    written = [row for _, row in load_rows(independent)]
    assert not {row["id"] for row in dev} & {row["id"] for row in written}

    def sentences(rows: list[dict]) -> set[str]:
        found = set()
        for row in rows:
            for part in re.split(r"(?<=[.!?])\s+|\n+", row["sapo"] + "\n" + row["body"]):
                if len(part.split()) >= 8:
                    found.add(part.strip())
        return found

    assert sentences(dev) & sentences(written) == set()
