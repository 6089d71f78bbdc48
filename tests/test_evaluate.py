import pytest

from khenthuong.evaluate import GOLD_SETS, SCORER, evaluate, extract_lines, load_scorer, main


def test_extract_lines_skips_blank_lines_and_names_a_bad_one() -> None:
    good = '{"id": "a", "title": "Mưa lớn", "body": "Nước lên."}'
    assert [r["id"] for r in extract_lines([good, "\n", good])] == ["a", "a"]
    with pytest.raises(ValueError, match="line 3: not JSON"):
        list(extract_lines([good, "", "{"]))


def test_evaluate_scores_a_gold_file_with_the_shared_scorer(tmp_path) -> None:
    if not SCORER.exists():
        pytest.skip("../shared not present: the scorer lives in ../shared/eval")
    gold = tmp_path / "gold.jsonl"
    # A gold file claiming a fact the text does not state: the scorer must see it missed.
    gold.write_text(
        '{"id": "x", "title": "Mưa lớn", "body": "Nước lên.", "relevant": true, "event": null,'
        ' "awards": [{"award": "Bằng khen", "recipient_kind": "collective", "count": 3}]}\n',
        encoding="utf-8",
    )
    report = evaluate(gold, load_scorer())
    assert report["relevance"]["recall"] == 0.0
    assert report["facts"]["recall"] == 0.0


def test_make_eval_prints_every_gold_set(capsys: pytest.CaptureFixture[str]) -> None:
    if not SCORER.exists():
        pytest.skip("../shared not present: the scorer lives in ../shared/eval")
    assert main([]) == 0
    printed = capsys.readouterr().out
    for name, path in GOLD_SETS.items():
        assert f"{name} ({path}):" in printed
