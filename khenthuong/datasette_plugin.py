"""Datasette plugin: search and fold() SQL functions, Excel CSV, highlighted snippets, safe feeds.

Canned queries compare names with `fold(column) like '%' || fold(:param) || '%'`, so
"cong an tinh" matches "Công an tỉnh", and search with `articles_fts match fts_query(:q)`, which
never fails on what a journalist types; the ranked search page bounds its work with
`search_candidates()` (khenthuong.search.RANKED_CANDIDATES). `?_excel=1` on any CSV URL gives
the Excel-ready CSV (khenthuong.excel_csv); the plain CSV is Datasette's own, untouched.
"""

import json
import re
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.filters import FilterArguments
from datasette.utils import escape_sqlite
from datasette.utils.asgi import BadRequest, Response
from markupsafe import Markup, escape

from khenthuong.excel_csv import ASGIApp, Receive, Scope, Send, excel_csv
from khenthuong.search import (
    INDEX_WALK_SHARE,
    MARK_END,
    MARK_START,
    fts_query,
    ranked_candidates,
    search_snippet,
)
from parsers.text import fold

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_WORD = re.compile(r"\w")

# How the archive is served, by `khenthuong serve` and the tests alike.
DATASETTE_SETTINGS: dict[str, Any] = {
    # A query that runs longer is stopped with an error; facets get less.
    "sql_time_limit_ms": 3000,
    # A facet counts a whole table through its column's index: 0.3-0.5 s over 3.6 million award
    # facts on a loaded 2-core machine, past 1 s when nine run at once (BENCHMARKS.md, 4).
    "facet_time_limit_ms": 3000,
    # The facets are chosen in the metadata. Suggesting more tries every column of a table, each
    # up to 50 ms: 3 s of a 20,000-article page's 3.1 s.
    "suggest_facets": False,
    "truncate_cells_html": 400,
    # The archive is written while it is served and holds every raw page: no file download.
    "allow_download": False,
    "allow_csv_stream": True,
}


@hookimpl
def asgi_wrapper(datasette) -> Callable[[ASGIApp], ASGIApp]:
    return lambda app: excel_csv(clean_search_args(app))


def clean_search_args(app: ASGIApp) -> ASGIApp:
    """Drop a table search that has nothing to search for, and control characters from any.

    Datasette 0.65 quotes what is typed in a table's search box, but an empty box, a lone quote
    or a NUL character still reach FTS5 as a syntax error page.
    """

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        query_string = scope.get("query_string", b"") if scope["type"] == "http" else b""
        if b"_search" in query_string:
            args = []
            for key, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
                if key == "_search" or key.startswith("_search_"):
                    value = _CONTROL.sub(" ", value)
                    if not _WORD.search(value):
                        continue
                args.append((key, value))
            scope = {**scope, "query_string": urlencode(args).encode("latin-1")}
        await app(scope, receive, send)

    return wrapped


def sql_fold(text: object) -> str | None:
    """fold() for SQL: lower-cased, without diacritics; NULL stays NULL."""
    return None if text is None else fold(str(text)).lower()


@hookimpl
def prepare_connection(conn) -> None:
    conn.create_function("fold", 1, sql_fold, deterministic=True)
    conn.create_function("fts_query", 1, fts_query, deterministic=True)
    conn.create_function("search_snippet", 2, search_snippet, deterministic=True)
    conn.create_function("search_candidates", 0, ranked_candidates, deterministic=True)


# The tables with a search box, each with its search index (whose rowids are the table's ids).
SEARCH_INDEXES = {"articles": "articles_fts", "awards": "awards_fts"}


@hookimpl(trylast=True)
def filters_from_request(request, database, table, datasette) -> Callable | None:
    """The search box of the articles and awards tables: Datasette's own `?_search=` and
    `?_search_<column>=`, written so SQLite can walk the index of the table's sort column
    (`published`, `date`) when the words are common.

    Datasette 0.65 writes a search as `id in (select rowid from articles_fts where ...)`, and
    SQLite, assuming such a list holds 25 rows, then looks up and sorts every match: 0.7-1.9 s
    for a common word at 1,000,000 articles. Written `+id in (...)`, the list can no longer drive
    the query, and the page's 50 newest come down the index. That walk reads the whole index
    for a rare word, so the list drives a search matching less than INDEX_WALK_SHARE of the
    table, as before. The answer is the same either way.

    The metadata names no `fts_table` for these tables, or Datasette would add its own clause
    beside this one; `trylast` lets this hook show the search box Datasette's own search hook,
    run before it, hides.
    """
    search_index = SEARCH_INDEXES.get(table)
    if search_index is None:
        return None

    async def inner() -> FilterArguments | None:
        db = datasette.get_database(database)
        if not await db.table_exists(search_index):
            return None
        context: dict[str, Any] = {"supports_search": True}
        searches = [k for k in request.args if k.startswith("_search") and k != "_searchmode"]
        if not searches:  # the table's page without a search: only its box
            return FilterArguments([], extra_context=context)
        raw = request.args.get("_searchmode") == "raw"
        columns = await db.table_columns(search_index)
        (rows,) = (await db.execute(f"select max(rowid) from {table}")).first()
        clauses, params, descriptions, shown = [], {}, [], None
        for number, key in enumerate(searches):
            column = search_index if key == "_search" else key.split("_search_", 1)[1]
            if column != search_index and column not in columns:
                raise BadRequest("Cannot search by that column")
            name = "search" if key == "_search" else f"search_{number}"
            text = shown = request.args[key]
            match = f":{name}" if raw else f"escape_fts(:{name})"
            matches = (
                f"select rowid from {search_index} where {escape_sqlite(column)} match {match}"
            )
            walk = await _matches_at_least(
                db, matches, {name: text}, (rows or 0) * INDEX_WALK_SHARE
            )
            clauses.append(f"{'+id' if walk else 'id'} in ({matches})")
            params[name] = text
            what = "search" if key == "_search" else f'search column "{column}"'
            descriptions.append(f'{what} matches "{text}"')
        context["search"] = shown
        return FilterArguments(clauses, params, descriptions, context)

    return inner


async def _matches_at_least(db, matches: str, params: dict[str, str], rows: float) -> bool:
    """Whether `matches` (a select of rowids) gives at least `rows` rows; it reads no more.

    A raw-mode search that is not valid FTS5 gives False: the page's own query reports it.
    """
    bound = max(1, int(rows))
    try:
        result = await db.execute(f"select count(*) from ({matches} limit {bound})", params)
    except (sqlite3.OperationalError, QueryInterrupted):
        return False
    return result.first()[0] >= bound


_MARKED = re.compile(re.escape(MARK_START) + "([^" + MARK_START + MARK_END + "]*)" + MARK_END)


@hookimpl
def render_cell(row, value, column, table, database, datasette) -> Markup | None:
    """Highlight a search snippet; link a search result's title to the archived article.

    Article text is escaped first: only the marks become HTML.
    """
    if table is not None or not isinstance(value, str):
        return None
    if column == "snippet" and MARK_START in value:
        return Markup(_MARKED.sub(r"<mark>\1</mark>", str(escape(value))))
    keys = row.keys() if hasattr(row, "keys") else []
    if column == "title" and "article_id" in keys and isinstance(row["article_id"], int):
        href = datasette.urls.row(database, "articles", str(row["article_id"]))
        return Markup('<a href="{}">{}</a>').format(href, value)
    return None


@hookimpl(trylast=True)
def register_output_renderer(datasette) -> dict[str, Any] | None:
    """datasette-atom's .atom, answering an empty feed (not an error) for a search with no rows.

    A feed reader follows a saved search before anything matches it. `trylast` makes this the
    renderer Datasette keeps for the extension.
    """
    try:
        import datasette_atom
    except ImportError:  # pragma: no cover - datasette-atom is a dependency
        return None

    def render(
        datasette, request, sql, columns, rows, database, table, query_name, view_name, data
    ):
        if rows:
            return datasette_atom.render_atom(
                datasette, request, sql, columns, rows, database, table, query_name, view_name, data
            )
        return _empty_feed(datasette, request, database, query_name)

    return {
        "extension": "atom",
        "render": render,
        "can_render": datasette_atom.can_render_atom,
    }


def _empty_feed(datasette, request, database: str, query_name: str | None) -> Response:
    from feedgen.feed import FeedGenerator

    queries = (datasette.metadata(database=database) or {}).get("queries") or {}
    title = (queries.get(query_name) or {}).get("title") or "khenthuong"
    feed = FeedGenerator()
    feed.id(request.url)
    feed.link(href=request.url, rel="self")
    feed.title(title)
    feed.updated(datetime.now(UTC))
    return Response(feed.atom_str(pretty=True), content_type="application/xml; charset=utf-8")


# Datasette 0.65 lists every column's description above a table's rows; with twenty documented
# columns the rows start below the fold. Keep the list one click away instead. Then offer the
# Excel CSV beside the plain one: a link, an option of the export form, and on the search page
# a link that downloads every match (the canned query shows the best 100).
PAGE_SCRIPT = """
(() => {
const list = document.querySelector("dl.column-descriptions");
if (list) {
  const details = document.createElement("details");
  details.className = "column-descriptions-details";
  const summary = document.createElement("summary");
  summary.textContent = "Mô tả các cột / Column descriptions";
  list.parentNode.insertBefore(details, list);
  details.append(summary, list);
}
const excelUrl = (href, extra) => {
  const url = new URL(href, location.href);
  url.searchParams.set("_excel", "1");
  for (const [key, value] of Object.entries(extra || {})) url.searchParams.set(key, value);
  url.searchParams.delete("_size");
  return url.toString();
};
const addLink = (parent, href, text, className) => {
  const link = document.createElement("a");
  link.href = href;
  link.textContent = text;
  link.className = className;
  parent.append(", ", link);
};
const exportLinks = document.querySelector("p.export-links");
const csvLink = exportLinks && [...exportLinks.querySelectorAll("a")].find(
  (a) => new URL(a.href, location.href).pathname.endsWith(".csv"));
if (csvLink) {
  const place = document.createElement("span");
  csvLink.after(place);
  addLink(place, excelUrl(csvLink.href), "CSV cho Excel / Excel CSV", "excel-csv");
  if (document.querySelector("input[name=_stream]")) {
    addLink(place, excelUrl(csvLink.href, {_stream: "1"}),
      "CSV cho Excel, mọi dòng / Excel CSV, all rows", "excel-csv-all");
  }
}
const streamBox = document.querySelector("form input[name=_dl]");
if (streamBox) {
  const label = document.createElement("label");
  const box = document.createElement("input");
  box.type = "checkbox";
  box.name = "_excel";
  box.value = "1";
  label.append(box, " cho Excel (BOM, an toàn công thức) / for Excel");
  streamBox.closest("label").after(" ", label);
}
const searchTable = document.body.dataset.khenthuongSearchTable;
const q = new URLSearchParams(location.search).get("q");
if (searchTable && q && exportLinks) {
  const base = location.pathname.replace(/\\/[^/]*$/, "");
  const url = new URL(base + "/" + searchTable + ".csv", location.href);
  url.search = new URLSearchParams({_search: q, _stream: "1", _excel: "1"}).toString();
  const span = document.createElement("span");
  exportLinks.append(span);
  addLink(span, url.toString(),
    "tải mọi bài khớp, cho Excel / every matching article, for Excel", "excel-csv-all");
}
})();
"""


@hookimpl
def extra_body_script(template, database, table, columns, view_name, request, datasette) -> str:
    # Datasette 0.65 names a canned query's page view "" (its QueryView has no name); the
    # script looks for what it changes, so it is harmless on any page.
    script = PAGE_SCRIPT
    query_name = (request.url_vars or {}).get("table") if request else None
    queries = (datasette.metadata(database=database) or {}).get("queries") or {} if database else {}
    search_table = (queries.get(query_name) or {}).get("search_table") if query_name else None
    if search_table:
        # The canned query names the table whose streamed CSV holds every match.
        script = (
            f"document.body.dataset.khenthuongSearchTable = {json.dumps(search_table)};" + script
        )
    return script
