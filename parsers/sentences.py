"""Split article text into sentences, leaving out photo captions."""

import re

from parsers.patterns import CAPTION_CREDIT, DOTTED_ABBREVIATIONS
from parsers.text import normalize_space

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")
# A sentence ends at . ! ? or … followed by a space and a capital, a digit, a quote or a bracket;
# "1.250", "5.1" and "TP.HCM" have no space after the dot, so they never split. The mark is
# matched rather than looked behind for: a pattern opening with a character class lets the regex
# engine skip to the next mark, one opening with a lookbehind is tried at every character.
_SENTENCE_END = re.compile(r"[.!?…]\s+(?=[\"“'(\[\dA-ZÀ-ỸĐ])")
_ABBREVIATION_BEFORE = re.compile(
    r"(?:^|\s)(?:" + "|".join(re.escape(a) for a in DOTTED_ABBREVIATIONS) + r")\.$"
)
# An abbreviation ends the sentence, so only its last few characters need searching: a space,
# the longest abbreviation and its dot.
_ABBREVIATION_WINDOW = 2 + max(map(len, DOTTED_ABBREVIATIONS))
# Captions are short; a long paragraph that merely ends with a credit is still body text.
_CAPTION_MAX_CHARS = 300


def is_caption(paragraph: str) -> bool:
    """True for a photo caption such as "Lãnh đạo tỉnh trao Bằng khen. Ảnh: T.P"."""
    return len(paragraph) <= _CAPTION_MAX_CHARS and bool(CAPTION_CREDIT.search(paragraph))


def split_sentences(text: str) -> list[str]:
    """Sentences of every paragraph in order, whitespace normalised, captions left out."""
    sentences: list[str] = []
    for raw in _PARAGRAPH_BREAK.split(text or ""):
        paragraph = normalize_space(raw)
        if not paragraph or is_caption(paragraph):
            continue
        start = 0
        for end in _SENTENCE_END.finditer(paragraph):
            sentence = paragraph[start : end.start() + 1]  # up to and with the mark
            if _ABBREVIATION_BEFORE.search(sentence, max(0, len(sentence) - _ABBREVIATION_WINDOW)):
                continue
            sentences.append(sentence)
            start = end.end()
        sentences.append(paragraph[start:])
    return [s for s in sentences if s]
