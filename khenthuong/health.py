"""Source health at a glance: the latest run of each source as a plain-text table."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from khenthuong.archive import Archive

COLUMNS = (
    ("source", "source"),
    ("status", "status"),
    ("last run", "last_run"),
    ("req", "requests"),
    ("new", "articles_new"),
    ("upd", "articles_updated"),
    ("revisit", "revisits"),
    ("edited", "articles_versioned"),
    ("unparsed", "parse_failures"),
    ("errors", "http_errors_by_status"),
    ("newest article", "newest_published"),
    ("empty fields", "empty_fields"),
)


def latest_runs(archive: Archive) -> list[dict[str, Any]]:
    """The source_health view: each source's latest finished run, those not ok first."""
    return list(archive.db["source_health"].rows)


def health_table(
    rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]] = COLUMNS
) -> str:
    """Rows of source_health (or crawl_runs) as an aligned table, then a line per problem.

    `columns` are (heading, key) pairs; the default is the `khenthuong status` table.
    """
    cells = [[name for name, _ in columns]]
    cells.extend([_cell(key, row) for _, key in columns] for row in rows)
    lines = aligned_lines(cells, rule=True)
    problems = [row for row in rows if row.get("status") != "ok"]
    for row in problems:
        lines.append(f"! {row['source']}: {row['status']}: {row.get('message') or ''}")
    return "\n".join(lines)


def aligned_lines(cells: Sequence[Sequence[str]], *, rule: bool = False) -> list[str]:
    """Rows of cells (the first one the heading) as lines of left-aligned columns two spaces
    apart; with `rule`, a line of dashes under the heading."""
    widths = [max(len(line[i]) for line in cells) for i in range(len(cells[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in cells
    ]
    if rule:
        lines.insert(1, "  ".join("-" * width for width in widths))
    return lines


def _cell(key: str, row: dict[str, Any]) -> str:
    value = row.get(key)
    if key == "http_errors_by_status":
        counts = json.loads(value or "{}")
        return " ".join(f"{kind}x{n}" for kind, n in counts.items()) or "-"
    if key == "empty_fields":
        counts = json.loads(value or "{}")
        parsed = row.get("articles_parsed") or 0
        return " ".join(f"{name} {n}/{parsed}" for name, n in counts.items() if n) or "-"
    if key in ("last_run", "newest_published"):
        return (value or "-")[:16].replace("T", " ")
    if key == "status" and value != "ok":
        return f"{value} !"
    return "-" if value is None else str(value)
