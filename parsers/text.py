"""Text helpers shared by every parser: whitespace clean-up and diacritic folding."""

import re
import unicodedata

# SQLite's unicode61 tokenizer and NFD both leave đ alone: it is a letter, not d plus a mark.
_D_STROKE = str.maketrans({"đ": "d", "Đ": "D"})


def normalize_space(text: str) -> str:
    """NFC-normalise, collapse every run of whitespace (non-breaking spaces too) and trim."""
    text = unicodedata.normalize("NFC", text)
    # Most text comes already normalised (paragraphs of a parsed page, their sentences) or is
    # such paragraphs joined by line breaks (a body, a title and its lead), and splitting it into
    # words and joining them again costs several times this check. Every whitespace character
    # but the space is unprintable (tests/test_text.py checks), so once the line breaks are
    # spaces, a printable text without a double, leading or trailing space is the collapsed one.
    spaced = text.replace("\n\n", " ").replace("\n", " ") if "\n" in text else text
    if spaced.isprintable() and "  " not in spaced and spaced[:1] != " " and spaced[-1:] != " ":
        return spaced
    # str.split() splits on exactly the characters re's \s matches, and is faster.
    return " ".join(text.split())


def _fold_slowly(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_D_STROKE))
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", stripped)


def _letter_table() -> dict[int, str]:
    """Each precomposed Latin letter (all of Vietnamese is in these blocks) -> its bare letter."""
    blocks = [range(0x00C0, 0x0250), range(0x1E00, 0x1F00)]
    table = {}
    for code in (c for block in blocks for c in block):
        bare = _fold_slowly(chr(code))
        if bare != chr(code) and len(bare) == 1:
            table[code] = bare
    return table


# Folding runs over every word of every article, so the common case is one str.translate.
_LETTERS = _letter_table()
# fold_each runs on every clause the award parser reads: str.translate looks a character up in a
# string indexed by code point about twice as fast as in a dict. Characters past the Basic
# Multilingual Plane fall outside the string and are left as they are, as they would be anyway.
_FOLD_EACH = "".join(_LETTERS.get(code, chr(code)) for code in range(0x10000))


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def fold(text: str) -> str:
    """Remove every Vietnamese diacritic and turn đ into d: "Đà Nẵng" -> "Da Nang".

    Case is kept; search and comparisons lower-case separately when they need to.
    """
    # Folding runs over every article the archive indexes, so no Python step per character:
    # what is left after the letter table is nearly always punctuation (curly quotes, dashes)
    # that neither decomposes nor is a mark, and then the text is already folded. Only other
    # scripts' letters and stray marks take the slow way.
    folded = unicodedata.normalize("NFC", text).translate(_FOLD_EACH)
    if folded.isascii():
        return folded
    if (
        unicodedata.is_normalized("NFD", folded)
        and unicodedata.is_normalized("NFC", folded)
        and not any(unicodedata.category(c) == "Mn" for c in set(_NON_ASCII.findall(folded)))
    ):
        return folded
    return _fold_slowly(folded)


def fold_each(text: str) -> str:
    """Fold each precomposed letter on its own, so that position i of the result is letter i.

    Unlike fold(), no normalisation and no dropped marks: the length never changes, which lets
    a match found in folded text be cut out of the original.
    """
    return text.translate(_FOLD_EACH)
