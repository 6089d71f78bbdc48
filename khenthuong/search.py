"""Full-text search helpers for the archive: a safe FTS5 query and a highlighted snippet.

Both fold the words typed the same way the index's `folded` column was folded (parsers.text.fold),
so "khen thuong" and "khen thưởng" find the same articles, and "da nang" finds "Đà Nẵng".
"""

import functools
import re
from collections.abc import Iterator

from parsers.text import fold, fold_each

# Around the highlighted words: Datasette's canned query pages render these as <mark>, and CSV
# and JSON keep them as visible brackets (see datasette_plugin.render_cell).
MARK_START = "⟦"
MARK_END = "⟧"

# The ranked search page (the `search` canned query) ranks at most this many of the newest
# matching articles, and the articles of as many newest matching award facts: reading the index
# newest first, it stops there however common the words are, so its cost does not grow with
# the archive (BENCHMARKS.md, benchmark 4). A search matching fewer is ranked in full. The
# query reads it through the SQL function search_candidates(); the page's description says it.
RANKED_CANDIDATES = 2000

# The search box of the articles and awards tables (Datasette's `?_search=`), newest first: a
# search matching at least this share of the table reads its rows down the index on
# `published` (or the award's `date`), stopping at the page's 50, instead of looking up and
# sorting every match (0.7-1.9 s for the articles at 1,000,000). A rarer one is looked up
# match by match, which the index walk would make slower: it would read the whole index to
# find a few rows. (datasette_plugin.filters_from_request; BENCHMARKS.md, benchmark 4.)
INDEX_WALK_SHARE = 0.05

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


def ranked_candidates() -> int:
    """RANKED_CANDIDATES, read at each call (SQL's search_candidates()), so a test can lower it."""
    return RANKED_CANDIDATES


def _letter_variants() -> dict[str, str]:
    """Each bare lower-case letter -> a regex class of every letter that folds to it: a ->
    [aàáảãạăằắẳẵặâầấẩẫậ...], d -> [dđ]; matched against lower-cased text."""
    variants: dict[str, set[str]] = {}
    for code in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
        letter = chr(code)
        bare = fold_each(letter).lower()
        if bare != letter.lower() and bare.isascii():
            variants.setdefault(bare, {bare}).add(letter.lower())
    return {bare: "[" + "".join(sorted(group)) + "]" for bare, group in variants.items()}


_VARIANTS = _letter_variants()


@functools.lru_cache(maxsize=256)
def _phrase_patterns(query: str) -> list[re.Pattern[str]]:
    """A pattern for each phrase that finds it in the printed text, whatever its diacritics.

    The text is not folded: searching it with letter classes is many times faster than folding
    each article (the snippet runs on every search result).
    """
    patterns = []
    for words, prefix in query_phrases(query):
        # The tokenizer drops whatever is not a letter or digit between words: so may we.
        body = r"\W+".join(
            "".join(_VARIANTS.get(char, re.escape(char)) for char in word) for word in words
        )
        # A word's end is checked in the pattern (only where the rest matched); its start by
        # _spans, since an opening \b is tried at every character and costs five times more.
        patterns.append(re.compile(body + ("" if prefix else r"\b")))
    return patterns


def _spans(pattern: re.Pattern[str], text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Where the phrase occurs as whole words in text[start:end] (text lower-cased)."""
    position = start
    while (match := pattern.search(text, position, end)) is not None:
        begin = match.start()
        if begin == 0 or not (text[begin - 1].isalnum() or text[begin - 1] == "_"):
            yield match.span()
            position = match.end()
        else:
            position = begin + 1


def search_snippet(query: str | None, text: str | None, width: int = 240) -> str | None:
    """About `width` characters of `text` around the first words that match, with each match
    between MARK_START and MARK_END; the start of the text when nothing in it matches.

    Matching ignores diacritics and case both ways, as the search does; the marks go around the
    printed words.
    """
    if text is None:
        return None
    phrases = _phrase_patterns(query or "")
    # lower() keeps every position, so a match is cut out of the printed text, but for a few
    # letters outside Vietnamese (İ), which such a text keeps as they are.
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    firsts = [next(_spans(p, lowered, 0, len(text)), None) for p in phrases]
    first = min((span[0] for span in firsts if span), default=0)
    start = max(0, min(first - width // 3, len(text) - width))
    end = min(len(text), start + width)
    # Cut at spaces so no word is shown in part.
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > max(start, first) else end
    # Only the window is searched for the rest of the matches; overlapping ones merge.
    spans = sorted(span for p in phrases for span in _spans(p, lowered, start, end))
    pieces = []
    position = start
    for span_start, span_end in spans:
        if span_start < position:
            continue
        pieces += [text[position:span_start], MARK_START, text[span_start:span_end], MARK_END]
        position = span_end
    pieces.append(text[position:end])
    # Words typed apart but printed together read as one highlighted phrase.
    marked = _ADJACENT_MARKS.sub(r"\1", "".join(pieces))
    return ("…" if start > 0 else "") + marked + ("…" if end < len(text) else "")
