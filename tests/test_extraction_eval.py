"""Generic extraction (no site selectors) on every saved page set, gated by pinned floors."""

import pytest

from khenthuong.extraction_eval import FIELDS, SHARED_PAGES, Page, page_sets, report, score

# The share of pages each field must get exactly right; every set reads perfectly today, so a
# floor below 1.0 would let a regression on one page of a small set through.
FLOORS = dict.fromkeys(FIELDS, 1.0)
SETS = page_sets()


@pytest.mark.parametrize(
    "name", ["real pages (../shared)", "demo ONECMS", "demo cantho", "demo laocai"]
)
def test_generic_extraction_meets_the_floor_on_each_page_set(name: str) -> None:
    if name not in SETS:
        pytest.skip(f"../shared not present: {SHARED_PAGES}")
    result = score(name, SETS[name])
    assert result.pages >= 2
    assert {f: result.accuracy(f) for f in FIELDS if result.accuracy(f) < FLOORS[f]} == {}, report(
        [result]
    )


def test_a_wrong_field_is_counted_and_named() -> None:
    pages = SETS["demo ONECMS"]
    page = pages[0]
    wrong = Page(page.name, page.path, {**page.expected, "title": "Một tiêu đề khác"})
    result = score("altered", [wrong, *pages[1:3]])
    assert result.accuracy("title") == pytest.approx(2 / 3)
    assert result.misses == [(page.name, "title")]
    assert "altered" in report([result]) and f"{page.name} title" in report([result])
