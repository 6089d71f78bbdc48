"""Faults survived: crawls and reparses killed with SIGKILL, then run again, lose nothing.

A few seeded kill points here; `make reliability` runs the same trials at many more
(reliability/kill.py) and writes the figures RELIABILITY.md reports.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from reliability.harness import demo_site
from reliability.kill import KillTrials, kill_delays

SEED = 20261128


@pytest.fixture(scope="module")
def kill_trials(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KillTrials]:
    with demo_site() as base_url:
        yield KillTrials(tmp_path_factory.mktemp("kills"), base_url, extra_articles=40)


@pytest.mark.parametrize("point", [0, 1])
def test_a_crawl_killed_and_run_again_ends_as_an_uninterrupted_one(
    kill_trials: KillTrials, point: int
) -> None:
    baseline = kill_trials.baseline("crawl")
    delay = kill_delays(SEED, 2, baseline.writing_seconds)[point]

    trial = kill_trials.trial("crawl", point, delay)

    # Healthy as the kill left it, healthy after the rerun, nothing archived before the kill
    # changed or lost, and the same archive as the uninterrupted crawl's.
    assert trial.problems_after_kill == []
    assert trial.rerun_failed == ""
    assert trial.problems_after_rerun == []
    assert trial.lost == []
    assert trial.differences == []


def test_a_reparse_killed_and_run_again_ends_as_an_uninterrupted_one(
    kill_trials: KillTrials,
) -> None:
    baseline = kill_trials.baseline("reparse")
    delay = kill_delays(SEED, 1, baseline.writing_seconds)[0]

    trial = kill_trials.trial("reparse", 0, delay)

    assert trial.problems_after_kill == []
    assert trial.rerun_failed == ""
    assert trial.problems_after_rerun == []
    assert trial.lost == []
    assert trial.differences == []
    assert len(baseline.final["articles"]) == 32 + 40
