"""Timing and memory helpers shared by the benchmarks: medians of repetitions, child processes."""

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def per_call(
    function: Callable[[], object],
    number: int = 3,
    clock: Callable[[], float] = time.perf_counter,
) -> float:
    """Seconds one call takes: the fastest of `number` calls, the one least disturbed by load.

    Pass clock=time.process_time for CPU-bound work on a loaded machine: a 2 ms C call fits
    in one time slice where a 20 ms Python one is preempted, so wall time favours the floor.
    """
    best = float("inf")
    for _ in range(number):
        start = clock()
        function()
        best = min(best, clock() - start)
    return best


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: Sequence[float], share: float) -> float:
    """The value below which `share` (0..1) of `values` fall (nearest rank)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def run_child(module: str, *args: str, timeout: float = 3600) -> dict[str, Any]:
    """Run `python -m module args` and return the JSON object it prints last.

    Peak memory (ru_maxrss) is only meaningful per process, and Scrapy's reactor cannot be
    restarted, so each measured run gets a process of its own.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=ROOT,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{module} {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def peak_rss_mib() -> float:
    """This process's peak resident memory so far, in MiB (Linux reports KiB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
