"""Full-text search helpers for the archive: a safe FTS5 query and a highlighted snippet.

Both fold the words typed the same way the index's `folded` column was folded (parsers.text.fold),
so "khen thuong" and "khen thưởng" find the same articles, and "da nang" finds "Đà Nẵng".
"""

import re

from parsers.text import fold, fold_each

# Around the highlighted words: Datasette's canned query pages render these as <mark>, and CSV
# and JSON keep them as visible brackets (see datasette_plugin.render_cell).
MARK_START = "⟦"
MARK_END = "⟧"

_WORD = re.compile(r"\w+")
_CHUNK = re.compile(r'"([^"]*)"?|(\S+)')
_ADJACENT_MARKS = re.compile(re.escape(MARK_END) + r"( +)" + re.escape(MARK_START))


def query_phrases(query: str) -> list[tuple[list[str], bool]]:
    """The phrases of a search as folded, lower-case words, each with whether it is a prefix.

    A phrase is a run typed in double quotes or any other whitespace-separated chunk, so
    "1234/QĐ-UBND" is the one phrase 1234 qd ubnd. Punctuation only separates words: quotes,
    brackets, lone AND/OR/NOT/NEAR, colons and stars never reach FTS5 as syntax. A chunk ending
    in `*` (outside quotes) matches words starting with its last word.
    """
    phrases = []
    for match in _CHUNK.finditer(query):
        quoted, bare = match.groups()
        text = quoted if quoted is not None else bare
        words = _WORD.findall(fold(text).lower())
        if words:
            phrases.append((words, bare is not None and bare.endswith("*")))
    return phrases


def fts_query(query: str | None) -> str:
    """An FTS5 MATCH expression for what a journalist typed: every phrase must occur.

    Only words (letters and digits) go into the expression, each phrase in double quotes, so no
    input is an FTS5 syntax error. Nothing to search for gives '""', which matches no row.
    """
    phrases = query_phrases(query or "")
    if not phrases:
        return '""'
    return " ".join(
        '"' + " ".join(words) + '"' + (" *" if prefix else "") for words, prefix in phrases
    )


def _phrase_pattern(words: list[str], prefix: bool) -> str:
    # The tokenizer drops whatever is not a letter or digit between words: so may we.
    body = r"\W+".join(re.escape(word) for word in words)
    return r"(?<!\w)" + body + ("" if prefix else r"(?!\w)")


def search_snippet(query: str | None, text: str | None, width: int = 240) -> str | None:
    """About `width` characters of `text` around the first words that match, with each match
    between MARK_START and MARK_END; the start of the text when nothing in it matches.

    Matching ignores diacritics and case both ways, as the search does; the marks go around the
    original characters.
    """
    if text is None:
        return None
    phrases = query_phrases(query or "")
    # fold_each keeps every position, so a match in the folded text is cut out of the original.
    folded = fold_each(text)
    spans: list[tuple[int, int]] = []
    if phrases:
        pattern = re.compile(
            "|".join(_phrase_pattern(words, prefix) for words, prefix in phrases), re.IGNORECASE
        )
        spans = [m.span() for m in pattern.finditer(folded)]
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 3, len(text) - width))
    end = min(len(text), start + width)
    # Cut at spaces so no word is shown in part.
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > max(start, first) else end
    pieces = []
    position = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        pieces += [text[position:span_start], MARK_START, text[span_start:span_end], MARK_END]
        position = span_end
    pieces.append(text[position:end])
    # Words typed apart but printed together read as one highlighted phrase.
    marked = _ADJACENT_MARKS.sub(r"\1", "".join(pieces))
    return ("…" if start > 0 else "") + marked + ("…" if end < len(text) else "")
