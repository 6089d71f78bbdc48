"""Datasette plugin: fold() for diacritic-free SQL, Excel-ready CSV, folded column descriptions.

Canned queries compare names with `fold(column) like '%' || fold(:param) || '%'`, so
"cong an tinh" matches "Công an tỉnh". Excel reads a CSV file without a byte-order mark in
the local ANSI code page, which turns "Đà Nẵng" into mojibake; with the UTF-8 BOM it reads
UTF-8, and other tools ignore the mark.
"""

from collections.abc import Awaitable, Callable
from typing import Any

from datasette import hookimpl

from parsers.text import fold

BOM = "\ufeff".encode()

Scope = dict[str, Any]
Message = dict[str, Any]
ASGIApp = Callable[
    [Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]
]


def add_bom_to_csv(app: ASGIApp) -> ASGIApp:
    """Wrap an ASGI app so that every successful CSV response body starts with a UTF-8 BOM.

    Datasette sends `.csv` as text/csv when downloading (`_dl=1`) and as text/plain when the
    "CSV" link shows it in the browser, from where it is saved too: both get the mark.
    """

    async def wrapped(scope: Scope, receive, send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        is_csv = False
        body_started = False

        async def send_with_bom(message: Message) -> None:
            nonlocal is_csv, body_started
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                content_type = dict(headers).get(b"content-type", b"")
                is_csv = message.get("status") == 200 and (
                    content_type.startswith(b"text/csv")
                    or (scope["path"].endswith(".csv") and content_type.startswith(b"text/plain"))
                )
                if is_csv:
                    message = {**message, "headers": _longer_by_bom(headers)}
            elif message["type"] == "http.response.body" and is_csv and not body_started:
                body_started = True
                message = {**message, "body": BOM + message.get("body", b"")}
            await send(message)

        await app(scope, receive, send_with_bom)

    return wrapped


def _longer_by_bom(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """Fix a Content-Length header, if the response has one, for the three added bytes."""
    return [
        (name, str(int(value) + len(BOM)).encode() if name.lower() == b"content-length" else value)
        for name, value in headers
    ]


@hookimpl
def asgi_wrapper(datasette) -> Callable[[ASGIApp], ASGIApp]:
    return add_bom_to_csv


def sql_fold(text: object) -> str | None:
    """fold() for SQL: lower-cased, without diacritics; NULL stays NULL."""
    return None if text is None else fold(str(text)).lower()


@hookimpl
def prepare_connection(conn) -> None:
    conn.create_function("fold", 1, sql_fold, deterministic=True)


# Datasette 0.65 lists every column's description above a table's rows; with twenty documented
# columns the rows start below the fold. Keep the list one click away instead.
FOLD_COLUMN_DESCRIPTIONS = """
const list = document.querySelector("dl.column-descriptions");
if (list) {
  const details = document.createElement("details");
  details.className = "column-descriptions-details";
  const summary = document.createElement("summary");
  summary.textContent = "Mô tả các cột / Column descriptions";
  list.parentNode.insertBefore(details, list);
  details.append(summary, list);
}
"""


@hookimpl
def extra_body_script(view_name) -> str:
    return FOLD_COLUMN_DESCRIPTIONS if view_name == "table" else ""
