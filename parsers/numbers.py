"""Read Vietnamese counts: digits with dot thousands ("1.250") and number words ("hai mươi mốt")."""

import re

from parsers.patterns import NUMBER_WORD_UNITS, NUMBER_WORD_VALUES

# "1.250" and "12.500" are thousands; "02" is a zero-padded 2. A comma is a decimal mark in
# Vietnamese, so "2,5" is never a count.
_DIGITS = re.compile(r"^\d{1,3}(?:\.\d{3})+$|^\d+$")


def parse_digits(token: str) -> int | None:
    """Read "184", "02" or "1.250" as an integer; None for anything else ("2,5", "5.1.2")."""
    if not _DIGITS.match(token):
        return None
    return int(token.replace(".", ""))


def parse_number_words(words: list[str]) -> int | None:
    """Read a run of Vietnamese number words ("mười lăm", "hai mươi mốt", "một trăm") as an integer.

    Words are compared lower-cased but with their diacritics: folded, "sáu" (six) would read as
    "sau" (after). Returns None when a word is not a number word or the run is empty.
    """
    # "trăm" or "nghìn" alone is no number: "hàng trăm" is vague, "một trăm" is 100.
    if not words or NUMBER_WORD_UNITS.get(words[0].lower(), 10) > 10:
        return None
    total = 0  # completed thousands and hundreds
    current = 0  # the part below the next multiplier
    for word in words:
        key = word.lower()
        if key in NUMBER_WORD_UNITS:
            multiplier = NUMBER_WORD_UNITS[key]
            if multiplier == 10:  # "hai mươi" = 20, and a bare "mười" is 10: "mười lăm" = 15
                current = (current or 1) * 10
            elif multiplier == 100:
                current = (current or 1) * 100
                total, current = total + current, 0
            else:  # nghìn / ngàn / triệu scale everything read so far
                total = (total + (current or 1)) * multiplier
                current = 0
        elif key in NUMBER_WORD_VALUES:
            current += NUMBER_WORD_VALUES[key]
        else:
            return None
    return total + current


def parse_count(token: str) -> int | None:
    """Read one count written in digits or words: "184", "1.250", "mười lăm"."""
    token = token.strip()
    if token.isdecimal():  # plain digits, most counts: what `parse_digits` reads, without its regex
        return int(token)
    digits = parse_digits(token)
    if digits is not None:
        return digits
    return parse_number_words(token.split())
