"""deploy/: the systemd unit and the cron line run a crawl command the CLI accepts."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

import click
import pytest

from khenthuong.cli import cli
from khenthuong.lock import EXIT_BUSY

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def parses(command: list[str]) -> click.Context:
    """The click context the khenthuong command line would run with, without running it."""
    assert Path(command[0]).name == "khenthuong", command
    name, *args = command[1:]
    return cli.commands[name].make_context(name, args)


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / name, encoding="utf-8")
    return parser


def test_the_service_runs_a_crawl_and_tolerates_a_busy_archive() -> None:
    service = unit("khenthuong-crawl.service")["Service"]
    context = parses(shlex.split(service["ExecStart"]))
    assert context.info_name == "crawl"
    assert str(context.params["db_path"]) == "/srv/khenthuong/archive.db"
    assert service["Type"] == "oneshot"
    assert service["SuccessExitStatus"] == str(EXIT_BUSY)


def test_the_timer_starts_the_service_nightly() -> None:
    timer = unit("khenthuong-crawl.timer")
    assert timer["Timer"]["OnCalendar"].startswith("*-*-* ")
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"


def test_the_cron_line_runs_a_crawl_nightly() -> None:
    lines = [
        line
        for line in (DEPLOY / "crontab").read_text("utf-8").splitlines()
        if line and not line.startswith("#") and "=" not in line.split()[0]
    ]
    assert len(lines) == 1
    minute, hour, day, month, weekday, *command = lines[0].split(maxsplit=5)
    assert (day, month, weekday) == ("*", "*", "*")
    assert 0 <= int(minute) < 60 and 0 <= int(hour) < 24
    (shell,) = command
    crawl = shell.split("&&")[1].split(">>")[0]
    assert parses(shlex.split(crawl)).info_name == "crawl"


@pytest.mark.parametrize("name", ["khenthuong-crawl.service", "khenthuong-crawl.timer", "crontab"])
def test_deploy_files_are_documented(name: str) -> None:
    readme = (DEPLOY.parent / "README.md").read_text("utf-8")
    assert f"deploy/{name}" in readme
