"""The Excel-ready CSV export: Datasette's own CSV, streamed, with a byte-order mark and safe cells.

Excel on Windows reads a CSV file without a byte-order mark in the local ANSI code page, which
turns "Đà Nẵng" into mojibake; with the UTF-8 BOM it reads UTF-8. Excel also runs a cell that
starts with = + - @ (or a tab or carriage return) as a formula, so a headline such as
"=HYPERLINK(...)" could act when a journalist opens the file: such cells get a leading
apostrophe, which Excel shows as text (OWASP's advice for CSV injection).

Any CSV URL Datasette serves becomes an Excel CSV by adding `_excel=1`: a table, a filtered or
searched table, a canned query, arbitrary SQL. With `_stream=1` a table sends every row, not
only the first page, in this variant too: the rows go through as Datasette streams them.
"""

import codecs
import csv
import io
import re
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

BOM = "\ufeff".encode()
EXCEL_ARG = "_excel"

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Characters that make Excel (or LibreOffice, Google Sheets) read a cell as a formula, with the
# full-width forms some input methods type.
FORMULA_STARTS = tuple("=+-@\t\r\n＝＋－＠")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_RECORD_BREAK = re.compile(r'["\n]')


def neutralise_cell(cell: str) -> str:
    """A cell Excel will show as text, never run: a leading apostrophe before a formula start.

    Plain numbers such as "-3" or "+84" stay numbers: Excel does not run them.
    """
    if cell.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


class ExcelCsvRewriter:
    """Rewrites a CSV byte stream, chunk by chunk, into the Excel-ready form.

    A chunk may end in the middle of a record, even of a character or of a quoted cell holding
    line breaks; what is incomplete waits for the next chunk. A record ends at a newline outside
    quotes: Datasette's CSV writer doubles every quote inside a cell, so counting quotes tells.
    """

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = ""
        self._in_quotes = False
        self._scanned = 0  # how much of _pending has been scanned for record ends
        self._started = False

    def feed(self, chunk: bytes) -> bytes:
        """The rewritten form of the complete records that `chunk` finishes."""
        self._pending += self._decoder.decode(chunk)
        last_end = -1
        for match in _RECORD_BREAK.finditer(self._pending, self._scanned):
            if match.group() == '"':
                self._in_quotes = not self._in_quotes
            elif not self._in_quotes:
                last_end = match.end()
        self._scanned = len(self._pending)
        if last_end < 0:
            return self._prefix(b"")
        complete, self._pending = self._pending[:last_end], self._pending[last_end:]
        self._scanned = len(self._pending)
        return self._prefix(self._rewrite(complete))

    def close(self) -> bytes:
        """Whatever is left: a last record without a line break."""
        self._pending += self._decoder.decode(b"", final=True)
        rest, self._pending = self._pending, ""
        return self._prefix(self._rewrite(rest) if rest else b"")

    def _prefix(self, body: bytes) -> bytes:
        if not self._started:
            self._started = True
            return BOM + body
        return body

    @staticmethod
    def _rewrite(text: str) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        for row in csv.reader(io.StringIO(text, newline="")):
            writer.writerow([neutralise_cell(cell) for cell in row])
        return out.getvalue().encode("utf-8")


def wants_excel(scope: Scope) -> bool:
    if scope["type"] != "http":
        return False
    args = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    return any(key == EXCEL_ARG and value not in ("", "0") for key, value in args)


def as_plain_csv_download(scope: Scope) -> Scope:
    """The request Datasette sees: without `_excel`, with `_dl=1` so the file is downloaded."""
    args = [
        (key, value)
        for key, value in parse_qsl(
            scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True
        )
        if key not in (EXCEL_ARG, "_dl")
    ]
    query_string = urlencode([*args, ("_dl", "1")]).encode("latin-1")
    return {**scope, "query_string": query_string}


def excel_csv(app: ASGIApp) -> ASGIApp:
    """Wrap Datasette so that a CSV request carrying `_excel=1` is answered in the Excel form.

    Everything else, the plain CSV included, passes through untouched.
    """

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if not wants_excel(scope):
            await app(scope, receive, send)
            return
        rewriter: ExcelCsvRewriter | None = None

        async def send_excel(message: Message) -> None:
            nonlocal rewriter
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                content_type = dict(headers).get(b"content-type", b"")
                if message.get("status") == 200 and content_type.startswith(b"text/csv"):
                    rewriter = ExcelCsvRewriter()
                    # The body changes length as it streams: drop any stated length.
                    headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
                    message = {**message, "headers": headers}
            elif message["type"] == "http.response.body" and rewriter is not None:
                body = rewriter.feed(message.get("body", b""))
                if not message.get("more_body", False):
                    body += rewriter.close()
                message = {**message, "body": body}
            await send(message)

        await app(as_plain_csv_download(scope), receive, send_excel)

    return wrapped
