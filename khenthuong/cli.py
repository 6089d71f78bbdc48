"""The khenthuong command line: crawl and keep the archive, inspect it, serve it, the demo."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from khenthuong import __version__

if TYPE_CHECKING:
    from khenthuong.archive import Archive

DEFAULT_DB = "archive.db"
PROJECT_ROOT = Path(__file__).resolve().parents[1]
METADATA = PROJECT_ROOT / "datasette-metadata.json"
DEMO_SITE = PROJECT_ROOT / "demo" / "site"

db_option = click.option(
    "--db",
    "db_path",
    default=DEFAULT_DB,
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The SQLite archive file.",
)


def log_level_option(default: str) -> Callable[[Callable], Callable]:
    """The --log-level option, whose default differs between a nightly crawl and the demo."""
    return click.option(
        "--log-level",
        default=default,
        show_default=True,
        type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False),
        help="How much of Scrapy's log to show (on standard error).",
    )


def sources_option(help: str) -> Callable[[Callable], Callable]:
    """The repeatable --source option of crawl and write; with none, every enabled source."""
    return click.option(
        "--source",
        "source_names",
        multiple=True,
        metavar="NAME",
        help=f"{help} (repeatable). Default: every enabled source.",
    )


def redis_option(help: str, required: bool = False) -> Callable[[Callable], Callable]:
    """The --redis option of the scale-out commands, crawl (workers) and write (the writer)."""
    return click.option(
        "--redis",
        "redis_url",
        required=required,
        metavar="URL",
        help=f"{help} E.g. redis://127.0.0.1:6379/0.",
    )


# The demo paper is served from this machine: no need to pace requests as for a real site.
# It is served on 127.0.0.1, which a production crawl refuses to visit (crawler.safety).
DEMO_SETTINGS = {
    "DOWNLOAD_DELAY": 0.05,
    "AUTOTHROTTLE_START_DELAY": 0.05,
    "KHENTHUONG_ALLOW_LOOPBACK": True,
}


@click.group()
@click.version_option(__version__, prog_name="khenthuong")
def cli() -> None:
    """An archive of commendation news from Vietnamese provincial newspapers.

    Crawl the papers into an SQLite archive, search and count their award
    reporting with Datasette.

    \b
    Example:
        khenthuong crawl --source baodanang --since 2025-07-01
        khenthuong serve
    """


@cli.command()
@db_option
@sources_option("Crawl only this source")
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Skip articles published before this date (YYYY-MM-DD) where the site says when.",
)
@click.option(
    "--base-url",
    help="Crawl the source at another origin, e.g. a local copy (needs exactly one --source).",
)
@click.option(
    "--allow-loopback",
    is_flag=True,
    help="Let the crawl visit 127.0.0.1 (a local copy); refused by default, like private "
    "and link-local addresses, which are always refused.",
)
@redis_option("Be one worker of a shared crawl (see `khenthuong write`); --db is then unused.")
@click.option(
    "--registry",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read the sources from this TOML file instead of crawler/sources.toml.",
)
@log_level_option("INFO")
def crawl(
    db_path: Path,
    source_names: tuple[str, ...],
    since: date | None,
    base_url: str | None,
    allow_loopback: bool,
    redis_url: str | None,
    registry: Path | None,
    log_level: str,
) -> None:
    """Fetch new articles from the newspapers' sites into the archive.

    Politely: robots.txt obeyed, AutoThrottle, at most two requests at a time
    per site, a user agent that says who we are. Incrementally: an article
    already archived is never fetched again, except planned revisits 1 and 7
    days after publication that record later edits. Ends with a table of what
    each source did. A source that yields no article, or looks broken, makes
    the command exit with status 1 (not an unverified source that never
    yielded one: its registry entry is a guess, see `khenthuong sources`);
    another crawl or reparse of the same archive still running makes it exit
    with status 75 at once. Safely: only the source's domains, at public
    addresses; responses over 16 MiB (or decompressing beyond it) are refused.

    With --redis, this process is one of several crawler workers sharing a
    request queue and duplicate filter in Redis; the pages go to Redis, and
    `khenthuong write` (one process, started first) archives them.

    \b
    Examples:
        khenthuong crawl
        khenthuong crawl --source baodanang --since 2026-01-01 --db archive.db
        khenthuong crawl --source demo --base-url http://127.0.0.1:8765 --allow-loopback
        khenthuong crawl --redis redis://10.0.0.5:6379/0
        khenthuong crawl --registry my-sources.toml --db /srv/khenthuong/archive.db
    """
    from crawler.runner import run_crawl

    sources = _crawl_sources(source_names, base_url, registry)
    # A worker of a shared crawl never opens the archive; the writer holds its lock.
    with ExitStack() if redis_url else _exclusive(db_path, "crawl"):
        summaries = run_crawl(
            db_path,
            sources,
            since=since.date() if since else None,
            settings_overrides={
                "LOG_LEVEL": log_level,
                "KHENTHUONG_ALLOW_LOOPBACK": allow_loopback,
            },
            redis_url=redis_url,
        )
    if redis_url:
        for summary in summaries:
            pushed = summary.stats.pages_fetched
            click.echo(
                f"{summary.source}: worker of run {summary.run_id} {summary.stats.status} in "
                f"{summary.seconds:.0f}s; {summary.stats.requests} requests, "
                f"{pushed} article pages pushed to {redis_url} for the writer"
            )
        # The writer judges the run; a worker fails when it never joined one or did not finish.
        if any(s.run_id is None or s.stats.status != "ok" for s in summaries):
            sys.exit(1)
        return
    _report_crawl(summaries, db_path, sources)
    if _failing(summaries, db_path, sources):
        sys.exit(1)


@cli.command()
@db_option
@sources_option("Open a run only for this source")
@click.option(
    "--base-url",
    help="The source is crawled at another origin, as in `crawl --base-url` (one --source).",
)
@redis_option("The Redis the crawler workers share.", required=True)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="Finish once this many workers have crawled each source to the end.",
)
@log_level_option("INFO")
def write(
    db_path: Path,
    source_names: tuple[str, ...],
    base_url: str | None,
    redis_url: str,
    workers: int,
    log_level: str,
) -> None:
    """Be the archive writer of a crawl shared by several `crawl --redis` workers.

    The only process that opens the archive: for each source it opens a run,
    publishes the URLs already archived (the workers never fetch them), then
    archives the pages the workers push to Redis, exactly as a single-process
    crawl does. It stops when --workers workers have each finished every
    source and all their pages are archived; Ctrl-C archives what was pushed
    and records the runs as failed. Start it first, then the workers, with
    the same --source options.

    \b
    Example (one writer, three workers, possibly on other machines):
        khenthuong write --redis redis://10.0.0.5:6379/0 --db archive.db --workers 3
        khenthuong crawl --redis redis://10.0.0.5:6379/0    # on each of 3 machines
    """
    import logging

    import redis

    from crawler.scaleout import drain

    logging.basicConfig(
        level=log_level.upper(), format="%(asctime)s [%(name)s] %(levelname)s: %(message)s"
    )
    sources = _crawl_sources(source_names, base_url)
    click.echo(f"Writing {db_path.resolve()}; waiting for {workers} worker(s) on {redis_url}")
    try:
        with _exclusive(db_path, "write"):
            summaries = drain(db_path, redis_url, sources, workers=workers)
    except redis.ConnectionError as error:
        raise click.ClickException(f"cannot reach Redis at {redis_url}: {error}") from None
    for summary in summaries:
        s = summary.stats
        click.echo(
            f"{summary.source}: {s.status} in {summary.seconds:.0f}s with {summary.workers} "
            f"workers; {s.requests} requests, {s.pages_fetched} article pages archived, "
            f"{s.articles_new} articles new, {s.articles_updated} updated, "
            f"{s.parse_failures} failed to parse, {s.skipped_archived} already archived "
            "(not fetched)" + (f" — {s.message}" if s.status != "ok" and s.message else "")
        )
    if _failing(summaries, db_path, sources):
        sys.exit(1)


def _crawl_sources(
    source_names: tuple[str, ...], base_url: str | None, registry: Path | None = None
) -> list:
    """The registry sources named by --source (all enabled ones by default), --base-url applied.

    `registry` is another registry file than crawler/sources.toml (crawl --registry).
    """
    from crawler.sources import load_sources

    sources = _select_sources(load_sources(registry), source_names)
    if base_url:
        if len(sources) != 1:
            raise click.UsageError("--base-url needs exactly one --source")
        sources = [sources[0].rebased(base_url)]
    return sources


@cli.command()
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also show each source's last crawl run and article count from this archive.",
)
@click.option("--enabled", "only_enabled", is_flag=True, help="Only the sources crawled nightly.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per source instead.")
def sources(db_path: Path | None, only_enabled: bool, as_json: bool) -> None:
    """List the newspapers in the source registry (crawler/sources.toml) and their state.

    One row per paper: province where it published and province today (since
    the merger of 1 July 2025), its own domains (-> where its site
    redirects), how its articles are discovered, whether the registry's facts
    about it were seen or are unverified guesses, and whether a nightly crawl
    includes it. With --db, also the status of its last crawl run and how
    many of its articles the archive holds. --json adds the lead prefix and
    the evidence for each fact.

    \b
    Examples:
        khenthuong sources
        khenthuong sources --enabled --db archive.db
        khenthuong sources --json | jq -r 'select(.state == "verified") | .name'
    """
    from crawler.sources import load_sources
    from khenthuong.archive import SourceState

    states: dict[str, SourceState] | None = None
    if db_path is not None:
        archive = _open_existing(db_path)
        states = archive.source_states()
        archive.close()
    rows = []
    for source in load_sources():
        if only_enabled and not source.enabled:
            continue
        row = {
            "name": source.name,
            "title": source.title,
            "province": source.province,
            "province_today": source.province_today,
            "domains": list(source.own_domains),
            "redirects_to": list(source.redirects_to),
            "successor": source.successor,
            "lead_prefix": source.lead_prefix,
            "discovery": list(source.discovery),
            "state": source.verification,
            "enabled": source.enabled,
            "evidence": dict(source.evidence),
        }
        if states is not None:
            state = states.get(source.name, SourceState())
            row |= {"last_run": state.last_status, "articles": state.articles}
        rows.append(row)
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    click.echo(_sources_table(rows))
    counts = {state: sum(r["state"] == state for r in rows) for state in ("verified", "unverified")}
    click.echo(
        f"{len(rows)} sources, {sum(r['enabled'] for r in rows)} crawled nightly; "
        f"{counts['verified']} verified, {counts['unverified']} unverified "
        "(see crawler/sources.toml for the evidence of each fact)."
    )


def _sources_table(rows: list[dict]) -> str:
    """The rows of `khenthuong sources` as a plain-text table a person reads at a glance."""
    from khenthuong.health import aligned_lines

    header = ["name", "province (today)", "domains", "discovery", "state", "enabled"]
    with_db = bool(rows) and "articles" in rows[0]
    if with_db:
        header += ["last run", "articles"]
    lines = [header]
    for row in rows:
        province = row["province"]
        if row["province_today"] != province:
            province += f" ({row['province_today']})"
        domains = ", ".join(row["domains"])
        if row["redirects_to"]:
            domains += " -> " + ", ".join(row["redirects_to"])
        cells = [
            row["name"],
            province,
            domains,
            ",".join(row["discovery"]),
            row["state"],
            "yes" if row["enabled"] else "no",
        ]
        if with_db:
            cells += [row["last_run"] or "-", str(row["articles"])]
        lines.append(cells)
    return "\n".join(aligned_lines(lines))


@cli.command()
@db_option
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes parsing pages  [default: one per CPU]; 1: parse in this process.",
)
def reparse(db_path: Path, jobs: int | None) -> None:
    """Rebuild articles (and their award facts) from the raw pages kept in the archive.

    No network: every page a crawl fetched is stored as a WARC record, so an
    improved parser can be re-run over the whole archive. Articles keep their
    ids. Exits with status 75 at once if a crawl or reparse of the same
    archive is running.

    \b
    Pages are parsed in --jobs worker processes (one per CPU by default) and
    written by this one, in fetch order: the archive ends the same whatever
    the number; --jobs 1 parses in this process.

    \b
    Examples:
        khenthuong reparse --db archive.db
        khenthuong reparse --db archive.db --jobs 4
    """
    from crawler.sources import load_sources
    from khenthuong.ingest import reparse as reparse_archive

    if not db_path.exists():
        raise click.ClickException(f"{db_path} does not exist: crawl first")
    with _exclusive(db_path, "reparse"):
        archive = _open_existing(db_path)
        summary = reparse_archive(
            archive, {s.name: s for s in load_sources()}, jobs=jobs or os.cpu_count() or 1
        )
        archive.close()
    outcomes = ", ".join(f"{n} {k}" for k, n in sorted(summary.outcomes.items())) or "nothing"
    click.echo(f"Reparsed {summary.pages} stored pages: {outcomes}; {summary.removed} removed.")


@cli.command()
@db_option
def status(db_path: Path) -> None:
    """Show each source's health: its latest crawl, with the sources needing a look first.

    Per source: status (ok, empty, broken, failed), requests, articles new and
    updated, planned revisits and the edits they found, pages that failed to
    parse, failed requests by kind, the newest publication date seen and how
    many articles came without a required field. Exits with status 1 when a
    source's latest run is not ok, so a monitoring check can call it.

    \b
    Example:
        khenthuong status --db /srv/khenthuong/archive.db
    """
    from khenthuong.health import health_table, latest_runs

    archive = _open_existing(db_path)
    rows = latest_runs(archive)
    archive.close()
    if not rows:
        click.echo(f"No crawl recorded in {db_path} yet.")
        return
    click.echo(health_table(rows))
    if any(row["status"] != "ok" for row in rows):
        sys.exit(1)


@cli.command("export-warc")
@db_option
@click.option(
    "--source",
    "source_name",
    metavar="NAME",
    help="Export only this source's pages. Default: every page.",
)
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
def export_warc(db_path: Path, source_name: str | None, output: Path) -> None:
    """Write every raw page of the archive to a .warc.gz file, oldest fetch first.

    The archive keeps each fetch as a gzipped WARC response record (status
    line, headers, body as received); the export is a warcinfo record followed
    by those records byte for byte, readable by warcio, pywb and other WARC
    tools. Fetches that got no response at all are not in it (see failed_pages).

    \b
    Examples:
        khenthuong export-warc archive.warc.gz
        khenthuong export-warc --source baodanang --db archive.db baodanang.warc.gz
    """
    from khenthuong.warc import warcinfo_record

    archive = _open_existing(db_path)
    count = 0
    with output.open("wb") as out:
        out.write(warcinfo_record(f"raw pages of {db_path.name}"))
        for record in archive.iter_warc_records(source_name):
            out.write(record)
            count += 1
    archive.close()
    click.echo(f"Wrote {count} WARC response records to {output}")


@cli.command()
@db_option
@click.argument("url")
def page(db_path: Path, url: str) -> None:
    """Show a page as it was fetched: status line, headers, then the body bytes.

    URL is the address fetched or an article's canonical URL; the most recent
    fetch is shown, after a line saying when it was fetched, what it gave and
    how many other fetches of it are kept.

    \b
    Example:
        khenthuong page https://baodanang.vn/bai-viet-3300001.html | less
    """
    archive = _open_existing(db_path)
    rows = archive.db.execute(
        """
        SELECT id, fetched, article_id, error FROM pages
        WHERE url = ? OR id IN (SELECT page_id FROM articles WHERE url = ?)
            OR article_id IN (SELECT id FROM articles WHERE url = ?)
        ORDER BY id DESC
        """,
        [url, url, url],
    ).fetchall()
    if not rows:
        archive.close()
        raise click.ClickException(f"no fetch of {url} in {db_path}")
    page_id, fetched, article_id, error = rows[0]
    outcome = f"article {article_id}" if article_id else (error or "not parsed")
    click.echo(f"# page {page_id}, fetched {fetched}: {outcome}; {len(rows) - 1} older fetches")
    stored = archive.warc_record(page_id)
    archive.close()
    if stored is None:
        click.echo("# no response was received, nothing was kept")
        return
    click.echo(stored.status_line)
    for name, value in stored.headers:
        click.echo(f"{name}: {value}")
    click.echo("")
    # The body as received, bytes untouched: it may be in any encoding, or broken.
    click.echo(stored.body, nl=False)


@cli.command()
@db_option
@click.argument("dest", type=click.Path(dir_okay=False, path_type=Path))
def backup(db_path: Path, dest: Path) -> None:
    """Copy the archive to DEST, consistently, while crawls and Datasette go on.

    SQLite's online backup takes one snapshot of the archive; the copy is
    checked with integrity_check before it replaces DEST, so DEST is never a
    half-written file. Restore it with `khenthuong restore`.

    \b
    Example:
        khenthuong backup --db archive.db /srv/backups/archive-$(date +%F).db
    """
    from khenthuong.backup import backup_archive

    with _backup_errors_reported():
        result = backup_archive(db_path, dest)
    click.echo(
        f"Backed up {db_path} to {result.path}: {result.articles} articles, "
        f"{result.pages} pages, {result.size} bytes, integrity_check ok."
    )


@cli.command()
@db_option
@click.argument("backup_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace the archive if it exists.")
def restore(db_path: Path, backup_file: Path, force: bool) -> None:
    """Replace the archive with a copy made by `khenthuong backup`.

    The copy is checked first (integrity_check); an existing archive is only
    replaced with --force. Datasette may keep serving and sees the restored
    content; a crawl or reparse still running on the archive makes the command
    exit with status 75 at once, leaving it alone.

    \b
    Example:
        khenthuong restore --db archive.db --force /srv/backups/archive-2026-11-28.db
    """
    from khenthuong.backup import restore_archive

    # A crawl writing on would mix its rows into the restored archive: take the writers' lock.
    with _exclusive(db_path, "restore"), _backup_errors_reported():
        result = restore_archive(backup_file, db_path, force=force)
    click.echo(
        f"Restored {result.path} from {backup_file}: {result.articles} articles, "
        f"{result.pages} pages, integrity_check ok."
    )


@contextmanager
def _backup_errors_reported() -> Iterator[None]:
    """A failed backup or restore ends the command with its one-line reason, no traceback."""
    from khenthuong.backup import BackupError

    try:
        yield
    except BackupError as error:
        raise click.ClickException(str(error)) from None


@cli.command()
@click.argument("input_file", type=click.File("r", encoding="utf-8"), default="-")
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="Write here instead of standard output.",
)
def extract(input_file, output) -> None:
    """Find the award news and award facts in articles given as JSON Lines.

    Each input line is an object with id, title, sapo, body (paragraphs
    separated by blank lines) and published (ISO 8601); each output line has
    the same id with relevant, event and awards, in the format of the
    annotation guidelines. A line that is not a valid article is reported on
    standard error with its number, the others are still written, and the
    command exits with status 1.

    \b
    Examples:
        khenthuong extract articles.jsonl > awards.jsonl
        sqlite-utils query archive.db \\
            "select id, title, sapo, body, published from articles" --nl \\
            | khenthuong extract
    """
    from khenthuong.evaluate import extract_line

    bad = 0
    for number, line in enumerate(input_file, 1):
        if not line.strip():
            continue
        try:
            result = extract_line(line)
        except ValueError as error:
            bad += 1
            click.echo(f"line {number}: {error}", err=True)
            continue
        output.write(json.dumps(result, ensure_ascii=False) + "\n")
    if bad:
        sys.exit(1)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True, type=int)
@click.option(
    "--metadata",
    "metadata_path",
    default=str(METADATA),
    show_default=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
def serve(db_path: Path, host: str, port: int, metadata_path: Path) -> None:
    """Serve the archive with Datasette for searching, faceting and CSV export.

    Search ignores diacritics: "khen thuong" finds "khen thưởng", "da nang"
    finds "Đà Nẵng".

    \b
    Example:
        khenthuong serve --db archive.db --port 8001
    """
    if not db_path.exists():
        raise click.ClickException(f"{db_path} does not exist: crawl first")
    _exec_datasette(db_path, metadata_path, host, port)


def datasette_args(db_path: Path, metadata_path: Path, host: str, port: int) -> list[str]:
    """The `datasette serve` command line for an archive, its metadata keyed by the file's name."""
    from khenthuong.datasette_plugin import DATASETTE_SETTINGS

    metadata = json.loads(metadata_path.read_text("utf-8"))
    databases = metadata.get("databases", {})
    if db_path.stem not in databases and "archive" in databases:
        # Datasette names a database after its file; carry the metadata over to that name,
        # and the charts' queries with it.
        databases[db_path.stem] = databases.pop("archive")
        _rename_database(metadata.get("plugins", {}), "archive", db_path.stem)
        with tempfile.NamedTemporaryFile(
            "w", suffix=".json", prefix="khenthuong-metadata-", delete=False, encoding="utf-8"
        ) as handle:
            json.dump(metadata, handle, ensure_ascii=False)
        metadata_path = Path(handle.name)
    datasette = Path(sys.executable).with_name("datasette")
    return [
        str(datasette) if datasette.exists() else "datasette",
        "serve",
        str(db_path),
        "--metadata",
        str(metadata_path),
        "--host",
        host,
        "--port",
        str(port),
        *(
            arg
            for name, value in DATASETTE_SETTINGS.items()
            for arg in ("--setting", name, _setting_value(value))
        ),
    ]


def _setting_value(value: object) -> str:
    return ("on" if value else "off") if isinstance(value, bool) else str(value)


def _rename_database(config: object, old: str, new: str) -> None:
    """Point every `"db": old` in plugin configuration (the dashboards' charts) to `new`."""
    if isinstance(config, dict):
        for key, value in config.items():
            if key == "db" and value == old:
                config[key] = new
            else:
                _rename_database(value, old, new)
    elif isinstance(config, list):
        for item in config:
            _rename_database(item, old, new)


@cli.command()
@db_option
@click.option("--site-port", default=8765, show_default=True, type=int)
@click.option("--port", default=8001, show_default=True, type=int)
@click.option("--serve/--no-serve", default=True, help="Start Datasette afterwards.")
@log_level_option("WARNING")
def demo(db_path: Path, site_port: int, port: int, serve: bool, log_level: str) -> None:
    """Run the main job on the bundled demo newspapers: serve them, crawl them, serve the archive.

    Three demo papers in three markup families are served on 127.0.0.1: the
    ONECMS one (demo/site, a Báo Quảng Nam) on SITE_PORT, a Báo Cần Thơ and a
    Báo Lào Cai (demo/families) on the next two ports. The real spider crawls
    all three over HTTP into the archive (sitemaps from robots.txt, feeds,
    listings), and Datasette is started on 127.0.0.1:PORT.

    \b
    Example:
        khenthuong demo --db archive.db
        khenthuong demo --site-port 0 --no-serve   # any free ports, no Datasette
    """
    from crawler.runner import run_crawl
    from crawler.sources import load_sources
    from demo.families import site_dir
    from demo.server import serve_demo

    sites = {
        "demo": DEMO_SITE,
        "demo_cantho": site_dir("cantho"),
        "demo_laocai": site_dir("laocai"),
    }
    sources = _select_sources(load_sources(), tuple(sites))
    with ExitStack() as stack:
        stack.enter_context(_exclusive(db_path, "demo crawl"))
        rebased = []
        for offset, source in enumerate(sources):
            # --site-port 0 lets every site pick a free port; otherwise they sit side by side.
            server = stack.enter_context(
                serve_demo(sites[source.name], port=site_port + offset if site_port else 0)
            )
            click.echo(f"{source.title} served at {server.base_url}")
            rebased.append(source.rebased(server.base_url))
        summaries = run_crawl(
            db_path, rebased, settings_overrides={**DEMO_SETTINGS, "LOG_LEVEL": log_level}
        )
    _report_crawl(summaries, db_path)
    if any(s.stats.status != "ok" for s in summaries):
        sys.exit(1)
    if serve:
        _exec_datasette(db_path, METADATA, "127.0.0.1", port)


def _exec_datasette(db_path: Path, metadata_path: Path, host: str, port: int) -> None:
    """Say where to look, then become Datasette (it stops with Ctrl-C like any server)."""
    args = datasette_args(db_path, metadata_path, host, port)
    url = f"http://{host}:{port}/{db_path.stem}"
    click.echo(f"Datasette: open {url} in your browser.")
    click.echo(f"Try a search without diacritics: {url}/articles?_search=khen+thuong")
    os.execvp(args[0], args)


def _open_existing(db_path: Path) -> Archive:
    """Open an archive that must already exist (commands that only read or rebuild it)."""
    from khenthuong.archive import Archive

    if not db_path.exists():
        raise click.ClickException(f"{db_path} does not exist: crawl first")
    return Archive.open(db_path)


def _select_sources(sources: list, names: tuple[str, ...]) -> list:
    if not names:
        return [s for s in sources if s.enabled]
    by_name = {s.name: s for s in sources}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise click.BadParameter(
            f"unknown source {', '.join(unknown)}; known: {', '.join(sorted(by_name))}",
            param_hint="--source",
        )
    return [by_name[n] for n in names]


def _failing(summaries: list, db_path: Path, sources: list) -> list[str]:
    """Names of the sources whose run fails the crawl (crawler.sources.fails_the_crawl)."""
    from crawler.sources import fails_the_crawl
    from khenthuong.archive import Archive, SourceState

    if all(s.stats.status == "ok" for s in summaries):
        return []
    archive = Archive.open(db_path)
    states = archive.source_states()
    archive.close()
    by_name = {source.name: source for source in sources}
    return [
        s.source
        for s in summaries
        if fails_the_crawl(
            by_name[s.source], s.stats.status, states.get(s.source, SourceState()).articles
        )
    ]


def _report_crawl(summaries: list, db_path: Path, sources: list | None = None) -> None:
    """End with what each source's crawl did, as recorded in crawl_runs: one table to read."""
    from dataclasses import asdict

    from khenthuong.health import COLUMNS, health_table

    unverified = {s.name for s in sources or [] if s.verification == "unverified"}
    rows = []
    for summary in summaries:
        row = {**asdict(summary.stats), "source": summary.source}
        row["took"] = f"{summary.seconds:.0f} s"
        if summary.source in unverified:
            row["message"] = f"{row['message']} (unverified source)"
        rows.append(row)
    columns = [("took", "took") if key == "last_run" else (name, key) for name, key in COLUMNS]
    click.echo(health_table(rows, columns))
    click.echo(f"Archive: {db_path.resolve()}")


@contextmanager
def _exclusive(db_path: Path, what: str) -> Iterator[None]:
    """Hold the archive's lock, or stop with EXIT_BUSY (75) if another writer of it has it."""
    from khenthuong.archive import Archive
    from khenthuong.lock import EXIT_BUSY, ArchiveBusy, archive_lock

    stack = ExitStack()
    try:
        stack.enter_context(archive_lock(db_path, what))
    except ArchiveBusy as busy:
        click.echo(f"khenthuong {what}: {busy}", err=True)
        sys.exit(EXIT_BUSY)
    with stack:
        if db_path.exists():
            # Holding the lock, no run can be live: a "running" row was left by a killed process.
            archive = Archive.open(db_path)
            try:
                archive.close_interrupted_runs()
            finally:
                archive.close()
        yield


if __name__ == "__main__":
    cli()
