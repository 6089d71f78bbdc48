"""SIGKILL a crawl or a reparse at seeded random moments, run it again, check nothing was lost.

Each trial starts the job on its own copy of the starting archive, kills it with SIGKILL after
a delay drawn from a seeded generator (a fraction of the uninterrupted job's duration, measured
first), checks the archive as the kill left it, runs the job again to its end, and compares the
result with the uninterrupted run's archive.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from reliability.harness import (
    JobResult,
    Writer,
    canonical_dump,
    check_archive,
    crawl_command,
    dump_differences,
    file_size,
    reparse_command,
    watch_job,
)

Kind = Literal["crawl", "reparse"]
# Extra articles in the archive a reparse trial starts from, so that its work lasts long
# enough for kills to land inside it rather than in Python's start-up.
REPARSE_EXTRA_ARTICLES = 150


@dataclass
class KillTrial:
    """One kill and rerun, and everything found wrong (nothing, when the trial passed)."""

    kind: Kind
    point: int
    delay: float  # seconds after the job first wrote to the archive
    killed: bool  # False when the job had already finished at that moment
    articles_at_kill: int
    unparsed_pages_at_kill: int  # pages kept whose article was not yet written
    wal_bytes_at_kill: int
    problems_after_kill: list[str] = field(default_factory=list)
    problems_after_rerun: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)  # archived before the kill, gone or changed
    differences: list[str] = field(default_factory=list)  # final archive vs uninterrupted
    rerun_failed: str = ""

    @property
    def passed(self) -> bool:
        return not (
            self.problems_after_kill
            or self.problems_after_rerun
            or self.lost
            or self.differences
            or self.rerun_failed
        )


@dataclass
class Baseline:
    """The uninterrupted run a kind of trial is compared with."""

    start: Path  # the archive every trial of this kind starts from (may not exist: empty)
    final: dict[str, Any]  # canonical dump after the uninterrupted run
    writing_seconds: float  # from its first write to the archive to its end


class KillTrials:
    """Kill trials of crawls of a site served at `base_url` and of reparses, under `workdir`."""

    def __init__(
        self, workdir: Path, base_url: str, extra_articles: int = REPARSE_EXTRA_ARTICLES
    ) -> None:
        self.workdir = workdir
        self.base_url = base_url
        self.extra_articles = extra_articles
        self.baselines: dict[Kind, Baseline] = {}

    def command(self, kind: Kind, db: Path) -> list[str]:
        if kind == "crawl":
            return crawl_command(db, base_url=self.base_url)
        return reparse_command(db)

    def baseline(self, kind: Kind) -> Baseline:
        """Run the job once uninterrupted (measuring it) from the starting archive."""
        if kind in self.baselines:
            return self.baselines[kind]
        start = self.workdir / f"{kind}-start.db"
        if kind == "reparse":
            # A crawled archive, with extra articles so the reparse's work takes a while.
            self.baseline("crawl")
            _copy_archive(self.workdir / "crawl-baseline.db", start)
            writer = Writer(start, limit=self.extra_articles)
            writer.run()  # in this thread: the archive must be complete before timing
            if writer.error is not None:
                raise writer.error
        db = self.workdir / f"{kind}-baseline.db"
        _copy_archive(start, db)
        watched = watch_job(self.command(kind, db), db)
        _require_success(kind, watched.result)
        problems = check_archive(db)
        if problems:
            raise AssertionError(f"uninterrupted {kind} left problems: {problems}")
        writing = watched.seconds - (watched.first_write or 0.0)
        baseline = Baseline(start=start, final=canonical_dump(db), writing_seconds=writing)
        self.baselines[kind] = baseline
        return baseline

    def trial(self, kind: Kind, point: int, delay: float) -> KillTrial:
        """Kill the job `delay` seconds after its first write, check, rerun, compare."""
        baseline = self.baseline(kind)
        db = self.workdir / f"{kind}-{point}.db"
        _copy_archive(baseline.start, db)
        killed = watch_job(self.command(kind, db), db, kill_after_first_write=delay).killed
        # Measured before anything opens the archive: the first connection replays the WAL.
        wal_bytes = file_size(Path(f"{db}-wal"))
        trial = KillTrial(
            kind=kind,
            point=point,
            delay=round(delay, 3),
            killed=killed,
            articles_at_kill=_count(db, "SELECT count(*) FROM articles"),
            unparsed_pages_at_kill=_count(
                db, "SELECT count(*) FROM pages WHERE article_id IS NULL AND error IS NULL"
            ),
            wal_bytes_at_kill=wal_bytes,
        )
        if db.exists():
            trial.problems_after_kill = check_archive(db, complete=False)
            before = canonical_dump(db)
        else:
            before = {"articles": {}, "events": {}, "awards": {}, "pages": []}
        try:
            _require_success(kind, watch_job(self.command(kind, db), db).result)
        except AssertionError as error:
            trial.rerun_failed = str(error)[-500:]
            return trial
        trial.problems_after_rerun = check_archive(db)
        after = canonical_dump(db)
        trial.lost = [
            url
            for url, article in before["articles"].items()
            if after["articles"].get(url) != article
        ]
        trial.differences = dump_differences(baseline.final, after)
        return trial


def kill_delays(seed: int, count: int, seconds: float) -> list[float]:
    """`count` seeded moments within a job's `seconds` of writing."""
    rng = random.Random(seed)
    return [rng.uniform(0.0, 1.0) * seconds for _ in range(count)]


def run_kill_trials(
    workdir: Path,
    base_url: str,
    points: int,
    seed: int,
    kinds: tuple[Kind, ...] = ("crawl", "reparse"),
    extra_articles: int = REPARSE_EXTRA_ARTICLES,
) -> list[KillTrial]:
    """`points` trials of each kind, at moments drawn from `seed`."""
    trials = KillTrials(workdir, base_url, extra_articles)
    results = []
    for index, kind in enumerate(kinds):
        baseline = trials.baseline(kind)
        for point, delay in enumerate(kill_delays(seed + index, points, baseline.writing_seconds)):
            results.append(trials.trial(kind, point, delay))
    return results


def summarize(trials: list[KillTrial]) -> dict[str, Any]:
    """Figures per kind: trials, kills that landed mid-job, failures, articles lost."""
    summary: dict[str, Any] = {}
    for kind in sorted({t.kind for t in trials}):
        mine = [t for t in trials if t.kind == kind]
        summary[kind] = {
            "trials": len(mine),
            "killed_mid_job": sum(t.killed for t in mine),
            "killed_with_articles_written": sum(t.killed and t.articles_at_kill > 0 for t in mine),
            "killed_between_page_and_article": sum(t.unparsed_pages_at_kill > 0 for t in mine),
            "passed": sum(t.passed for t in mine),
            "articles_lost": sum(len(t.lost) for t in mine),
            "failures": [asdict(t) for t in mine if not t.passed],
        }
    return summary


def _require_success(kind: Kind, result: JobResult | None) -> None:
    if result is None:
        raise AssertionError(f"{kind} was killed")
    if result.returncode != 0:
        raise AssertionError(f"{kind} exited {result.returncode}: {result.log[-2000:]}")
    if kind == "crawl" and [s["stats"]["status"] for s in result.summaries] != ["ok"]:
        raise AssertionError(f"crawl ended {result.summaries}: {result.log[-2000:]}")


def _copy_archive(source: Path, dest: Path) -> None:
    """A copy of an archive (or no file, when the source is none: a first crawl)."""
    for path in (dest, Path(f"{dest}-wal"), Path(f"{dest}-shm")):
        path.unlink(missing_ok=True)
    if source.exists():
        with sqlite3.connect(source) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copyfile(source, dest)


def _count(db: Path, sql: str) -> int:
    if not db.exists():
        return 0
    connection = sqlite3.connect(db, timeout=30)
    try:
        return connection.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # killed before the tables were made
    finally:
        connection.close()
