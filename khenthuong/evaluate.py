"""Score award extraction against the gold sets with the shared scorer (`make eval`)."""

import importlib.util
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from parsers.extract import extract_record

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED = PROJECT_ROOT.parent / "shared"
SCORER = SHARED / "eval" / "score.py"

# dev: the shared development set; extra and demo: our own sets, developed against too. The
# holdout sets were each written by someone who never read the extractor; each was scored unseen
# once, then (all but the newest) used for the next round of rules: tests/eval/README.md.
EVAL = PROJECT_ROOT / "tests" / "eval"
GOLD_SETS = {
    "dev": SHARED / "eval" / "dev.jsonl",
    "extra": EVAL / "extra.jsonl",
    "demo": PROJECT_ROOT / "demo" / "gold.jsonl",
    "holdout": EVAL / "holdout.jsonl",
    "holdout2": EVAL / "holdout2.jsonl",
    "holdout3": EVAL / "holdout3.jsonl",
    "holdout4": EVAL / "holdout4.jsonl",
}


def extract_line(line: str) -> dict[str, Any]:
    """The `khenthuong extract` contract: one JSON article in, its award analysis out."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"not JSON: {error}") from error
    if not isinstance(record, dict) or "id" not in record:
        raise ValueError("expected a JSON object with an 'id'")
    return extract_record(record)


def extract_lines(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """Analyse every non-blank line; a bad line raises ValueError naming its number."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield extract_line(line)
        except ValueError as error:
            raise ValueError(f"line {number}: {error}") from error


def load_scorer() -> ModuleType:
    """The shared scorer, imported from ../shared/eval/score.py: we score as the judges do."""
    if not SCORER.exists():
        raise FileNotFoundError(f"{SCORER} not found: the scorer lives in ../shared/eval")
    spec = importlib.util.spec_from_file_location("khenthuong_shared_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def evaluate(gold_path: Path, scorer: ModuleType, show_errors: bool = False) -> dict[str, Any]:
    """Extract every article of a gold file and score the predictions against it."""
    gold = scorer.load(str(gold_path))
    with gold_path.open(encoding="utf-8") as lines:
        predictions = {p["id"]: p for p in extract_lines(lines)}
    return scorer.score(gold, predictions, show_errors=show_errors)


def main(argv: list[str]) -> int:
    show_errors = "--show-errors" in argv
    try:
        scorer = load_scorer()
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        return 2
    for name, path in GOLD_SETS.items():
        if not path.exists():
            print(f"{name}: {path} not found, skipped")
            continue
        report = evaluate(path, scorer, show_errors)
        for error in report.pop("errors", []):
            print(f"  {error}")
        print(f"{name} ({path}):")
        print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
