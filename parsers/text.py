"""Text helpers shared by every parser: whitespace clean-up and diacritic folding."""

import re
import unicodedata

_SPACE = re.compile(r"\s+")
# SQLite's unicode61 tokenizer and NFD both leave đ alone: it is a letter, not d plus a mark.
_D_STROKE = str.maketrans({"đ": "d", "Đ": "D"})


def normalize_space(text: str) -> str:
    """NFC-normalise, turn non-breaking spaces into spaces, collapse whitespace and trim."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return _SPACE.sub(" ", text).strip()


def fold(text: str) -> str:
    """Remove every Vietnamese diacritic and turn đ into d: "Đà Nẵng" -> "Da Nang".

    Case is kept; search and comparisons lower-case separately when they need to.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_D_STROKE))
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", stripped)
