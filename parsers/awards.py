"""Find award facts in Vietnamese news text: who gave which award, to how many, and whether.

A sentence is read clause by clause (clauses end at ";"). In each clause the parser finds the award
names it mentions and the counts of recipients ("184 tập thể", "mười lăm cá nhân", "8 Bằng khen"),
ties each run of counts to an award (the award before it, or the award after it when the counts are
the subject: "2 cá nhân được ... tặng Huân chương"), and reads the conferrer and status from the
words before the award. An award with no count but a named recipient is one fact with count 1.
"""

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import accumulate, chain

from parsers import patterns as p
from parsers.numbers import parse_count
from parsers.sentences import split_sentences
from parsers.text import fold, fold_each

COLLECTIVE = "collective"
INDIVIDUAL = "individual"
UNSPECIFIED = "unspecified"
CONFERRED = "conferred"
PROPOSED = "proposed"


@dataclass
class AwardFact:
    """One stated count of recipients of one award form, from one conferrer, with one status."""

    award: str
    recipient_kind: str
    count: int
    status: str
    conferrer: str | None
    recipient: str | None
    evidence: str


@dataclass
class _Mention:
    """An award named in a clause; `end` takes in a quoted name after it (Kỷ niệm chương “...”)."""

    award: str
    start: int
    end: int
    generic: bool = False
    conferrer: str | None = None
    status: str = CONFERRED
    # The conferrer read before the award, which a later award in the clause inherits rather
    # than this one's "của X" ("tặng Cờ thi đua của Chính phủ ... và Bằng khen cho ...").
    left_conferrer: str | None = None
    # "Huy chương Chiến sĩ vẻ vang" with no class: gives no fact, only the medal its classes take.
    classless: bool = False


@dataclass
class _Count:
    """A count of recipients; `award` is set when awards themselves are counted ("8 Bằng khen")."""

    value: int
    kind: str
    start: int
    end: int
    award: _Mention | None = None


@dataclass
class _Clause:
    """A stretch of a sentence between semicolons, with what it mentions."""

    text: str
    key: str  # folded, lower-cased, same length as text
    mentions: list[_Mention] = field(default_factory=list)
    counts: list[_Count] = field(default_factory=list)


# --- Regular expressions built once from the pattern tables --------------------------------------


def _folded_key(text: str) -> str:
    """Folded lower-case text whose positions are positions in `text`.

    NFC Vietnamese folds one character to one by `fold_each`; anything else (a letter whose lower
    case is longer) is folded character by character.
    """
    key = fold_each(text).lower()
    if len(key) == len(text):
        return key
    return "".join((fold(c).lower() or c)[:1] for c in text)


def _key(text: str) -> str:
    """Lower-case, diacritics kept: cue words differ only by them ("phòng" and "phong tặng")."""
    key = text.lower()
    if len(key) == len(text):
        return key
    return "".join((c.lower() or c)[:1] for c in text)


def _spaced_letter(char: str) -> str:
    """A phrase's letter in a regex; a space stands for any whitespace, as in `_alternation`."""
    return r"\s+" if char == " " else re.escape(char)


def _alternation(phrases: tuple[str, ...] | list[str], fold_them: bool = False) -> str:
    forms = {p.folded(x) if fold_them else x.lower() for x in phrases}
    return "|".join(
        re.escape(f).replace(r"\ ", r"\s+") for f in sorted(forms, key=len, reverse=True)
    )


def _trie(
    phrases: list[str], letter: Callable[[str], str] = re.escape, word_start: str | None = None
) -> str:
    """One regex alternation of `phrases` sharing their prefixes, longer matches tried first.

    A flat alternation of a hundred spellings tries each in turn at every position; the trie
    tries each first letter once, which makes the award-name search about three times faster.
    `word_start` (a lookbehind) is placed after the first letter, see `_words`.
    """
    tree: dict[str, dict] = {}
    for phrase in phrases:
        node = tree
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}  # a phrase ends here

    def emit(node: dict[str, dict], after_letter: str = "") -> str:
        branches = [
            letter(char) + after_letter + emit(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Greedy: the longer spelling is tried before the one ending here.
        return f"(?:{body})?" if "" in node else body

    return emit(tree, word_start or "")


def _words(phrases: tuple[str, ...] | list[str], not_after: tuple[str, ...] = ()) -> str:
    """A regex for any of `phrases` starting a word (lower-cased, a space matching any
    whitespace), not right after one of the words `not_after` ("công nhận" is no "nhận").

    The checks look back from after the phrase's first letter ("(?<!\\w.)": no letter before
    that one), so the pattern opens with letters the regex engine skips ahead to; a pattern
    opening with a lookbehind is tried at every character, and searches two times slower.
    """
    word_start = r"(?<!\w.)" + "".join(f"(?<!{re.escape(w)} .)" for w in not_after)
    forms = sorted({x.lower() for x in phrases})
    return "(?:" + _trie(forms, _spaced_letter, word_start) + ")"


def _word_regex(phrases: tuple[str, ...] | list[str]) -> re.Pattern[str]:
    """Any of `phrases` as whole words."""
    return re.compile(_words(phrases) + r"(?!\w)")


# Longest spellings first, so "Huân chương Lao động hạng Nhất" is not read as a shorter name.
_AWARD_NAMES = re.compile(r"(?<!\w)(?:" + _trie([s for s, _ in p.award_spellings()]) + r")(?!\w)")


def _ascii_fold(text: str) -> bytes:
    """Lower-cased text with every mark and non-ASCII character dropped, đ as d.

    Cheaper than `_folded_key` (C routines only), at the price of positions: enough to tell that
    a sentence names no award, since each letter of an award spelling survives as its bare letter.
    """
    decomposed = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    return decomposed.encode("ascii", "ignore")


_AWARD_BY_SPELLING = dict(p.award_spellings())
_CANONICAL_NAMES = frozenset(_AWARD_BY_SPELLING.values())
# A classed medal named without its class ("được tặng Huy chương Chiến sĩ vẻ vang, cụ thể: hạng
# Nhất: ..."): the name before " hạng " of every classed award, when it is no award by itself.
_CLASSLESS_BY_SPELLING = {
    p.folded(name.rpartition(" hạng ")[0]): name.rpartition(" hạng ")[0]
    for name in _CANONICAL_NAMES
    if " hạng " in name
}
_CLASSLESS_BY_SPELLING = {
    k: v for k, v in _CLASSLESS_BY_SPELLING.items() if k not in _AWARD_BY_SPELLING
}
_CLASSLESS = re.compile(
    "(?:" + _trie(list(_CLASSLESS_BY_SPELLING), word_start=r"(?<!\w.)") + r")(?!\w)(?!\s+hang\s)"
)
# Every class `patterns.ELLIPTIC_CLASS` finds: a literal start the regex engine scans for quickly,
# where ELLIPTIC_CLASS opens with what may come before the class, tried at every character.
_MAY_HOLD_CLASS = re.compile(p.CLASS_PHRASE + r"(?!\w)")
_CLASS_BY_SPELLING = {
    p.folded(spelling): written
    for written, spellings in p.CLASS_SPELLINGS.items()
    for spelling in spellings
}
# Every sentence naming an award holds one of these in its ASCII fold (`_ascii_fold`). Most
# sentences name none, and this spares them the exact, position-keeping fold and the clause reading.
_MAY_NAME_AWARD = re.compile(
    _trie(
        [s for s, _ in p.award_spellings()]
        + list(_CLASSLESS_BY_SPELLING)
        + [p.folded(w) for w in p.AWARD_TRIGGER_WORDS]
    ).encode()
)


_TITLE_ANAPHOR = re.compile(
    r"(?<!\w)danh hieu(?:\s+(?:noi tren|nay|do|tren))?(?=\s*(?:[,.;:)]|$|(?:"
    + _alternation(p.TITLE_ANAPHOR_FOLLOWERS, fold_them=True)
    + r")(?!\w)))"
)
_OTHER_TITLE = re.compile(r"(?<!\w)danh hiệu(?!\w)")
_GENERIC = re.compile(r"(?<!\w)khen thuong(?!\w)")
# Whether the text before "khen thưởng" ends with one of GENERIC_AWARD_NOT_AFTER: matched at the
# start of that text reversed, which reads a few characters, where a search for the words at its
# end ("(?:...)\s*$") is tried at every character of it.
_GENERIC_NOT_AFTER_REVERSED = re.compile(
    r"\s*(?:" + _alternation([x[::-1] for x in p.GENERIC_AWARD_NOT_AFTER], True) + r")"
)
_GENERIC_NOT_BEFORE = re.compile(r"\s*(?:" + _alternation(p.GENERIC_AWARD_NOT_BEFORE, True) + r")")
# These and the patterns after a count (`_kind_after`) are only matched at a position of a text
# (`pattern.match(text, pos)`), which anchors them there without cutting the rest of the text off.
_QUOTED_NAME = re.compile(r"\s*[“\"«][^”\"»]{1,120}[”\"»]")
_CLOSING_QUOTE = re.compile(r"[”\"»]")

_NUMBER_WORD = _alternation(list(p.NUMBER_WORD_VALUES) + list(p.NUMBER_WORD_UNITS), fold_them=False)
# Counts are read on the lower-cased text with diacritics: number words need them. A count is
# digits ("184", "1.250") or up to five number words ("hai mươi mốt"), not after a letter, digit,
# "." "," or "/" and not before a letter or a decimal part. The two kinds are found by two
# patterns, each opening with the characters it can start with, which the regex engine skips
# ahead to; the check before the count follows its first character. About 35% faster than one
# pattern opening with that check, which the engine tries at every character.
_NOT_AFTER_COUNT_START = r"(?<![\w.,/].)"
_COUNT_END = r"(?![\w]|[.,/]\d)"
_DIGIT_COUNT = re.compile(
    r"(\d" + _NOT_AFTER_COUNT_START + r"(?:\d{0,2}(?:\.\d{3})+|\d*))" + _COUNT_END
)
# Number words hold no space (tests/test_awards.py checks), so a shorter word never leads on to
# more words where a longer one matched: "a word, then up to four more" finds the same runs as
# "up to four words, then one".
_NUMBER_WORDS = sorted({w.lower() for w in (*p.NUMBER_WORD_VALUES, *p.NUMBER_WORD_UNITS)})
_WORD_COUNT = re.compile(
    "("
    + _trie(_NUMBER_WORDS, word_start=_NOT_AFTER_COUNT_START)
    + r"(?:\s+(?:"
    + _trie(_NUMBER_WORDS)
    + r")){0,4})"
    + _COUNT_END
)


def _numbers(lower: str) -> list[re.Match[str]]:
    """The counts in lower-cased text, in order; group 1 is the count as written."""
    found = [*_DIGIT_COUNT.finditer(lower), *_WORD_COUNT.finditer(lower)]
    found.sort(key=lambda m: m.start())
    return found


_TIMES = re.compile(r"\s+" + p.TIMES_WORD + r"(?!\w)")
_TIMES_ALONE = re.compile(r"\s*(?=[,;:.)]|và(?!\w)|$)")
_COLLECTIVE_NOUN = re.compile(r"\s+(" + _alternation(p.COLLECTIVE_NOUNS, False) + r")(?!\w)")
_INDIVIDUAL_NOUN = re.compile(r"\s+(" + _alternation(p.INDIVIDUAL_NOUNS, False) + r")(?!\w)")
_NON_AWARD_NOUN = re.compile(r"\s+(" + _alternation(p.NON_AWARD_COUNT_NOUNS, False) + r")(?!\w)")
# "hạng Nhì 9, hạng Ba 15": a number with no noun, between an award and the end of a list item.
_BARE_COUNT_GAP = re.compile(r"^\s*:?\s*$")
_BARE_COUNT_END = re.compile(r"\s*(?:[,;.)]|và(?!\w)|$)")
_YEAR_LIKE = re.compile(r"^(?:19|20)\d\d$")
_LIST_GAP = re.compile(r"^\s*(?:,|và|cùng|,\s*và)?\s*$")
# What may stand between a count and the award it counts: spaces (group 1), then "danh hiệu" and
# the spaces after it (group 2).
_COUNTED_GAP = re.compile(r"(\s*)(?:danh\s+hiệu(\s*))?")

_RECEIVING = re.compile(_words(p.RECEIVING_CUES, p.RECEIVING_NOT_AFTER) + r"(?!\w)")
_PASSIVE = _word_regex(("được",))
# The last "được" of a text, straight before the giving verb: "7 tập thể khác được tặng".
_AGENTLESS_PASSIVE = re.compile(
    r"(?<!\w)được\s+(?:" + _alternation(p.GIVING_VERBS) + r")(?!\w)(?!.*(?<!\w)được(?!\w))"
)
_GIVING_AT_END = re.compile(_words(p.GIVING_VERBS) + r"\s*$")
_GIVING = _word_regex(p.GIVING_VERBS)
_PROPOSAL = re.compile(
    # "chương trình", "quy trình", "tờ trình": nouns that end in the verb "trình"
    _words(p.PROPOSAL_VERBS, ("chương", "quy", "công", "lộ", "hành", "tiến", "tờ"))
    # "theo đề nghị của Sở Nội vụ", "tờ trình của": the noun, not the act of proposing
    + r"(?!\w)(?! bày)(?! độ)(?! diễn)(?! chiếu)(?! của)"
)
_SUBORDINATE_OPENER = re.compile(r"^\s*(?:" + _alternation(p.SUBORDINATE_OPENERS) + r")(?!\w)")
_DELEGATION = re.compile(r"(?:" + _alternation(p.DELEGATION_CUES) + r")\s+([^,;]{2,80}?)\s*,")
_DECISION = re.compile(r"(?:" + _alternation(p.DECISION_CUES) + r")\s+([^,;]{2,80}?)\s*(?:,|$)")
# "Bằng khen của Thủ tướng", "Bằng khen do Chủ tịch UBND tỉnh trao tặng": the giver after the
# award; "do" only before a giving verb ("do có thành tích" gives a reason).
_OF = re.compile(
    r"^\s*(?:của\s+|do\s+(?=[^,;]{2,80}?\s(?:" + _alternation(p.GIVING_VERBS) + r")(?!\w)))"
)
_OF_END = re.compile(
    r"\s+(?:cho|tặng|trao|tại|vì|nhân|để|về|và|đã|trong|năm|được|khen thưởng|ký)(?!\w)"
    r"|[,;:.(]|\s+\d"
)
_LEVEL = re.compile(r"^\s*(?:của\s+)?(" + _alternation(p.LEVEL_PHRASES) + r")(?!\w)")
_CONFERRER_TRIM = re.compile(
    r"^(?:(?:"
    + _alternation(p.CONFERRER_TRIM_WORDS)
    + r")(?:\s+|$))+|(?:\s+(?:"
    + _alternation(p.CONFERRER_TRIM_WORDS)
    + r"))+$"
)
_CONFERRER_LIST_NOUNS = frozenset(x.lower() for x in p.CONFERRER_LIST_NOUNS)
_NOT_CONFERRER_OPENER = re.compile(r"^(?:" + _alternation(p.NOT_CONFERRER_OPENERS) + r")(?!\w)")
_HANDING_OVER = re.compile(r"^(?:" + _alternation(p.HANDING_OVER_SUBJECTS) + r")(?!\w)")
_HONORIFIC = re.compile(r"^(?:" + _alternation(p.HONORIFICS) + r")\s+(?=[A-ZÀ-ỸĐ])", re.IGNORECASE)
_CONFERRER_HEAD = re.compile(
    r"^(?:"
    + _alternation(p.COLLECTIVE_NAME_HEADS + p.CONFERRER_OFFICE_HEADS + tuple(p.ABBREVIATIONS))
    + r")(?!\w)"
)
_COLLECTIVE_HEAD = re.compile(r"^(?:" + _alternation(p.COLLECTIVE_NAME_HEADS) + r")(?!\w)")
_VAGUE = re.compile(r"^(?:" + _alternation(p.VAGUE_AMOUNTS) + r")(?!\w)")
_PAST = _word_regex(p.PAST_CUES)
# The same cues without the word-start lookbehind, which makes the regex engine try every
# character: a third of the cost, and most clauses hold none, so `_PAST` rarely runs at all.
_MAY_BE_PAST = re.compile(_trie(sorted({c.lower() for c in p.PAST_CUES}), _spaced_letter))
# "từng" recalls the past unless it means "each" ("từng tập thể") or leads a career ("từng giữ").
_EACH_OR_ROLE = re.compile(
    r"\s+(?:"
    + _alternation(p.PAST_CUE_EACH_OR_ROLE + p.COLLECTIVE_NOUNS + p.INDIVIDUAL_NOUNS)
    + r")(?!\w)"
)
_NOT_COUNT_BEFORE = p.VAGUE_BEFORE_NUMBER + p.ORIGIN_BEFORE_NUMBER
_VAGUE_BEFORE = re.compile(r"(?<!\w)(?:" + _alternation(_NOT_COUNT_BEFORE) + r")$")
_VAGUE_LONGEST = max(map(len, _NOT_COUNT_BEFORE))
_CURRENT_PERIOD = re.compile(
    r"từ đầu (?:" + _alternation(p.CURRENT_PERIOD_STARTS) + r")[^,;]{0,20}đến nay"
)
_FUTURE = _word_regex(p.FUTURE_CUES)
_REASON = _word_regex(p.REASON_CUES)
_BREAKDOWN_OPENER = re.compile(r"^\s*(?:" + _alternation(p.BREAKDOWN_OPENERS) + r")(?!\w)")
_BIOGRAPHY = _word_regex(p.BIOGRAPHY_CUES)
# A range's start ("từ năm 2018 đến năm 2023") does not date anything by itself. The lookbehinds
# follow "năm" so that the pattern opens with a literal, which the regex engine scans for quickly.
_YEAR = re.compile(r"năm(?<!học năm)(?<!từ năm) (\d{4})(?!\s*[-–]\s*\d)")
# A recipient's name ends at a reason, a place, a comma or the next verb ("... và tặng Bằng khen").
_NAME_END = re.compile(
    r"\s*(?:[,;:(]|\s(?:vì|do|đã|có|với|nhân|tại|trong|về|nhằm|để|ở)(?!\w)"
    r"|\svà\s+(?:(?:" + _alternation(p.GIVING_VERBS + p.PROPOSAL_VERBS) + r")(?!\w)|\d)"
    r"|\s(?:và|cùng)\s+(?:\d|(?:" + _NUMBER_WORD + r")\s)|$)"
)
_SUBJECT_COUNT_LEAD = re.compile(
    r"^\s*(?:(?:" + _alternation(p.SUBJECT_COUNT_LEAD_WORDS) + r")(?!\w)\s*)*$"
)
_LIST_END = re.compile(r"(?:,|" + _words(("và", "cùng")) + r")\s*$")
# "Đồn Biên phòng X cùng 3 cá nhân": a name joined to the counted group after it.
_JOINED_BEFORE = re.compile(r"(?:^|,)\s*([^,]{3,120}?)\s+(?:và|cùng với|cùng)\s*$")
# After the award (and its "của X"), the recipient follows "cho" or "tặng".
_TO_RECIPIENT = re.compile(
    r"^\s*(?:\([^)]{0,40}\)\s*)?(?:được\s+)?(?:" + _alternation(p.RECIPIENT_OBJECT_CUES) + r")\s+"
)
_TOPIC_COMMA = re.compile(r"\s*[”\"»]?\s*,")
_TOPIC_TO = re.compile(_words(("cho",)) + r"\s+")
_TO = _word_regex(("cho",))
_DIRECT_OBJECT = re.compile(r"^\s*(?:đột xuất\s+)?(?=\S)")
_TITLE_ONLY = re.compile(r"^\s*(?:(?:" + _alternation(p.HONORIFICS) + r")\s*)+$", re.IGNORECASE)
_RECIPIENT_LEAD = re.compile(r"^(?:(?:" + _alternation(p.RECIPIENT_LEAD_WORDS) + r")\s+)+")
_SUBJECT_TAIL = re.compile(r"(?:\s+(?:" + _alternation(p.SUBJECT_TAIL_WORDS) + r"))+\s*$")
# "bác sĩ A, Trưởng khoa X và bác sĩ B": "và" before a title starts the next person.
_PERSON_AFTER_AND = re.compile(
    r"\s+và\s+(?=(?:" + _alternation(p.HONORIFICS) + r")\s+(?:[a-zà-ỹđ]+\s+)*[A-ZÀ-ỸĐ])",
    re.IGNORECASE,
)
_HOLDS_EVENT = _word_regex(p.EVENT_HOLDING)
_AND = re.compile(r"\s+và\s+")
_ROMAN = re.compile(r"^[IVX]+$")
_RECIPIENT_MAX_WORDS = 14
_CONFERRER_MAX_WORDS = 16


def _kind_regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    collective = _alternation(p.COLLECTIVE_NOUNS, False)
    individual = _alternation(p.INDIVIDUAL_NOUNS, False)
    pattern = r"\s*(?:,|và|hoặc)\s+(?:{})(?!\w)(?!\s*\d)"
    return re.compile(pattern.format(individual)), re.compile(pattern.format(collective))


# After "N tập thể", ", cá nhân" without its own number makes the count cover both kinds.
_THEN_INDIVIDUALS, _THEN_COLLECTIVES = _kind_regexes()
# "5 tập thể khoa, phòng": a noun of the same kind may follow with no list mark.
_THEN_SAME = {
    kind: re.compile(r"\s+(?:" + _alternation(nouns) + r")(?!\w)(?!\s*\d)")
    for kind, nouns in ((COLLECTIVE, p.COLLECTIVE_NOUNS), (INDIVIDUAL, p.INDIVIDUAL_NOUNS))
}


# --- Reading a clause ----------------------------------------------------------------------------


def _find_mentions(
    text: str,
    earlier_title: str | None = None,
    earlier_medal: str | None = None,
    earlier_badge: bool = False,
) -> list[_Mention]:
    """Awards named in a clause; a bare "danh hiệu" stands for the title named last before it
    (in this clause or, as `earlier_title`, in an earlier clause of the sentence), and a bare
    class ("hạng Nhì: 24 đồng chí") for the medal named last (`earlier_medal` likewise), and a
    bare "65 năm tuổi Đảng" after a Party badge (`earlier_badge`: one in an earlier clause)."""
    key = _folded_key(text)
    taken = [False] * len(key)
    mentions: list[_Mention] = []

    def add(start: int, end: int, award: str, generic: bool = False) -> None:
        if any(taken[start:end]):
            return
        taken[start:end] = [True] * (end - start)
        quoted = _QUOTED_NAME.match(text, end) or _CLOSING_QUOTE.match(text, end)
        mentions.append(_Mention(award, start, quoted.end() if quoted else end, generic))

    for m in _AWARD_NAMES.finditer(key):
        add(m.start(), m.end(), _AWARD_BY_SPELLING[m.group(0)])
    # Each rule below needs a literal word; most clauses lack it, and `in` is cheaper than a scan.
    for m in p.PARTY_BADGE_YEARS.finditer(key) if "huy hieu" in key else ():
        for year in p.BADGE_YEAR.finditer(key, m.start(1), m.end(1)):
            add(
                m.start() if year.start() == m.start(1) else year.start(),
                year.end(),
                p.PARTY_BADGE_AWARD,
            )
    for m in p.PARTY_BADGE.finditer(key) if "huy hieu" in key else ():
        add(m.start(), m.end(), p.PARTY_BADGE_AWARD)
    badge_before = earlier_badge or any(x.award == p.PARTY_BADGE_AWARD for x in mentions)
    for m in p.ELLIPTIC_BADGE.finditer(key) if badge_before and " nam" in key else ():
        if earlier_badge or any(
            x.award == p.PARTY_BADGE_AWARD and x.end <= m.start(1) for x in mentions
        ):
            add(m.start(1), m.end(1), p.PARTY_BADGE_AWARD)
    for m in _CLASSLESS.finditer(key):
        add(m.start(), m.end(), _CLASSLESS_BY_SPELLING[m.group(0)])
        mentions[-1].classless = True
    for m in p.ELLIPTIC_CLASS.finditer(key) if _MAY_HOLD_CLASS.search(key) else ():
        before = [x for x in mentions if x.end <= m.start(1)]
        medal = max(before, key=lambda x: x.end).award if before else earlier_medal
        award = _with_class(medal, m.group(2)) if medal else None
        if award is not None:
            add(m.start(1), m.end(1), award)
    # "hạng Nhất, Nhì, Ba": each class after a class is the same medal's.
    for mention in sorted(mentions, key=lambda x: x.start):
        end = mention.end
        while " hạng " in mention.award and (bare := p.BARE_CLASS.match(key, end)) is not None:
            award = _with_class(mention.award, bare.group(1))
            if award is None or any(taken[bare.start(1) : bare.end(1)]):
                break
            add(bare.start(1), bare.end(1), award)
            end = bare.end(1)
    for m in _GENERIC.finditer(key) if "khen thuong" in key else ():
        if _GENERIC_NOT_AFTER_REVERSED.match(key[: m.start()][::-1]) or _GENERIC_NOT_BEFORE.match(
            key, m.end()
        ):
            continue
        add(m.start(), m.end(), p.GENERIC_AWARD, generic=True)
    for m in _TITLE_ANAPHOR.finditer(key) if "danh hieu" in key else ():
        if any(x.start <= m.end() + 2 and x.end > m.start() for x in mentions):
            continue  # "danh hiệu Lao động tiên tiến": the title is named
        before = [x for x in mentions if x.end <= m.start() and x.award in p.TITLES]
        title = max(before, key=lambda x: x.end).award if before else earlier_title
        if title is not None:
            add(m.start(), m.end(), title)
    return sorted(mentions, key=lambda m: m.start)


def _with_class(award: str, spelling: str) -> str | None:
    """ "Huân chương Lao động hạng Nhất" with class "nhi" -> "Huân chương Lao động hạng Nhì"."""
    base, found, _ = award.rpartition(" hạng ")
    name = f"{base if found else award} hạng {_CLASS_BY_SPELLING[spelling]}"
    return name if name in _CANONICAL_NAMES else None


def _kind_after(lower: str, end: int) -> tuple[str, int] | None:
    """The recipient kind named after a number ending at `end`, and where that noun ends."""
    # Every pattern is matched at a position of `lower`, not on a copy of the rest of it: this
    # runs for each number of a clause, and may copy the rest several times.
    if not lower[end : end + 1].isspace():  # every pattern below opens with a space
        return None
    times = _TIMES.match(lower, end)
    start = times.end() if times else end
    noun = None
    for kind, regex in ((COLLECTIVE, _COLLECTIVE_NOUN), (INDIVIDUAL, _INDIVIDUAL_NOUN)):
        m = regex.match(lower, start)
        if m and (noun is None or m.end() > noun[1]):
            noun = (kind, m.end())
    if noun is None:
        if times and _TIMES_ALONE.match(lower, start):  # "khen thưởng cấp Nhà nước 64 lượt, ..."
            return UNSPECIFIED, start
        return None
    non_award = _NON_AWARD_NOUN.match(lower, start)
    if non_award and non_award.end() >= noun[1]:
        return None
    kind, noun_end = noun
    other, same = (
        (_THEN_INDIVIDUALS, _THEN_COLLECTIVES)
        if kind == COLLECTIVE
        else (_THEN_COLLECTIVES, _THEN_INDIVIDUALS)
    )
    both = other.match(lower, noun_end)
    # "214 cán bộ, hội viên": the longer noun of the same kind wins over "hội" (a unit).
    longer = same.match(lower, noun_end)
    if both and longer and longer.end() > both.end():
        both = None
    if both:  # "65 tập thể, cá nhân": one number for both kinds
        return UNSPECIFIED, both.end()
    # "42 cán bộ, viên chức": more nouns of the same kind name the same people.
    then_same = _THEN_SAME[kind]
    while (more := same.match(lower, noun_end) or then_same.match(lower, noun_end)) is not None:
        noun_end = more.end()
    return kind, noun_end


def _find_counts(
    text: str, mentions: list[_Mention], earlier_kind: str | None = None
) -> list[_Count]:
    """Counts of recipients in a clause. A bare number straight after an award ("hạng Nhất 6,
    hạng Nhì 9") counts the people or units counted last before it (`earlier_kind`: the last
    count of an earlier clause of the sentence), else those the award's title goes to."""
    lower = text.lower()
    key = lower if len(lower) == len(text) else _key(text)  # `_key`, without lowering twice
    counts: list[_Count] = []
    # "lần lượt cho 9, 15 và 42 đồng chí": numbers listed after "lần lượt" share the last noun.
    respectively = lower.find(p.RESPECTIVELY)
    bare: list[_Count] = []
    for m in _numbers(lower):
        value = parse_count(m.group(1))
        if value is None or value == 0 or _vague_before(lower, m.start()):
            continue
        # "8 Bằng khen", "12 danh hiệu Lao động tiên tiến": the awards are counted themselves.
        direct = _counted_award(key, m.end(), mentions)
        if direct is not None:
            counts.append(
                _Count(value, _title_kind(direct.award), m.start(), m.end(), award=direct)
            )
            continue
        if bare and not _LIST_GAP.match(key[bare[-1].end : m.start()]):
            bare = []
        found = _kind_after(lower, m.end())
        if found is None:
            after_award = _bare_after_award(key, m, mentions)
            if after_award is not None:
                kind = counts[-1].kind if counts else earlier_kind
                kind = kind or _title_kind(after_award.award)
                counts.append(_Count(value, kind, m.start(), m.end()))
                continue
            if 0 <= respectively < m.start():
                bare.append(_Count(value, UNSPECIFIED, m.start(), m.end()))
            continue
        kind, end = found
        counts.extend(_Count(b.value, kind, b.start, b.end) for b in bare)
        bare = []
        counts.append(_Count(value, kind, m.start(), end))
    return counts


def _counted_award(key: str, end: int, mentions: list[_Mention]) -> _Mention | None:
    """The award a count ending at `end` counts itself ("8 Bằng khen", "12 danh hiệu Lao động tiên
    tiến"): the first named award after it, not the generic one, with only spaces or "danh hiệu"
    between."""
    # What follows the count is read once, and the mentions after it are passed over by where
    # they start, instead of cutting out and matching the text up to each: a long list names many
    # awards, and this runs for each of its counts.
    gap = _COUNTED_GAP.match(key, end)
    titled = gap.group(2) is not None
    for mention in mentions:  # in order of their start
        if mention.start <= end or mention.generic:
            continue
        if mention.start > gap.end():
            break
        if mention.start <= gap.end(1) or (titled and mention.start >= gap.start(2)):
            return mention
    return None


def _bare_after_award(key: str, number: re.Match[str], mentions: list[_Mention]) -> _Mention | None:
    """The award a bare number follows straight ("hạng Nhì 9,", "hạng Ba: 15)"), when it ends a
    list item; a year after an award ("Cờ thi đua 2023") is none."""
    if not _BARE_COUNT_END.match(key, number.end()) or _YEAR_LIKE.match(number.group(1)):
        return None
    return next(
        (
            mention
            for mention in mentions
            if mention.end <= number.start()
            and _BARE_COUNT_GAP.match(key[mention.end : number.start()])
        ),
        None,
    )


def _respectively(clause: _Clause, group: list[_Count]) -> list[tuple[_Mention, _Count]] | None:
    """ "Bằng khen và Giấy khen lần lượt cho 8 và 20 tập thể": the i-th award, the i-th count."""
    cue = clause.key.rfind(p.RESPECTIVELY, 0, group[0].start)
    if cue < 0 or len(group) < 2 or group[0].award is not None:
        return None
    # The awards stand before the cue ("Bằng khen và Giấy khen lần lượt cho") or after it
    # ("lần lượt trao Bằng khen và Giấy khen cho"), before the counts either way.
    listed = [m for m in clause.mentions if m.end <= group[0].start and not m.classless]
    if len(listed) < len(group):
        return None
    return list(zip(listed[-len(group) :], group, strict=True))


def _vague_before(lower: str, start: int) -> bool:
    """True when "hàng", "vài", "từ" ... stands right before `start` ("hàng 100 người")."""
    # Searched backwards from the number over a few characters, not over the whole prefix.
    end = start
    while end > 0 and lower[end - 1].isspace():
        end -= 1
    if end == start:
        return False
    return _VAGUE_BEFORE.search(lower, max(0, end - _VAGUE_LONGEST), end) is not None


def _has_count(text: str) -> bool:
    """True when the text counts recipients ("2 cá nhân"); "Bộ Tư lệnh" holds a number word only."""
    lower = text.lower()
    # `_numbers` without putting them in order, which does not matter here.
    numbers = chain(_DIGIT_COUNT.finditer(lower), _WORD_COUNT.finditer(lower))
    return any(_kind_after(lower, m.end()) for m in numbers)


def _title_kind(award: str) -> str:
    if award in p.INDIVIDUAL_TITLES:
        return INDIVIDUAL
    if award in p.COLLECTIVE_TITLES:
        return COLLECTIVE
    return UNSPECIFIED


def _groups(clause: _Clause) -> list[list[_Count]]:
    """Runs of counts joined by commas or "và": "184 tập thể, 196 cá nhân"."""
    groups: list[list[_Count]] = []
    for count in clause.counts:
        if count.award is not None:
            groups.append([count])
            continue
        previous = groups[-1][-1] if groups else None
        if (
            previous is not None
            and previous.award is None
            and _LIST_GAP.match(clause.key[previous.end : count.start])
        ):
            groups[-1].append(count)
        else:
            groups.append([count])
    return groups


def _bind(clause: _Clause, group: list[_Count]) -> _Mention | None:
    """The award a run of counts belongs to: before it, or after it when the counts receive it."""
    if group[0].award is not None:
        return group[0].award
    start, end = group[0].start, group[-1].end
    after = next((m for m in clause.mentions if m.start >= end), None)
    if after is not None:
        gap = clause.key[end : after.start]
        counted = any(c.start >= end and c.end <= after.start for c in clause.counts)
        receiving = _RECEIVING.search(gap)
        # "... cứu hai học sinh bị lũ cuốn, cũng được tặng": a comma before the verb means the
        # count sits inside another phrase (an object, an apposition), not the subject.
        # A count opening its clause ("Nhân dịp này, 26 tập thể, cá nhân tiêu biểu trong ...,
        # vận hành ..., được tặng") is the subject, however long the description after it.
        chunk_start = clause.key.rfind(",", 0, start) + 1
        opens = _SUBJECT_COUNT_LEAD.match(clause.key[chunk_start:start]) is not None
        if (
            receiving
            and (opens or "," not in gap[: receiving.start()])
            and not _TO.search(gap)
            and not counted
        ):
            return after
        # "trao tặng 15 tập thể, 37 cá nhân Bằng khen": the counts are the verb's objects;
        # "gồm 3 đồng chí 60 năm tuổi Đảng": the badge of the people counted.
        if not gap.strip() and (
            _GIVING_AT_END.search(clause.key, 0, start) or after.award == p.PARTY_BADGE_AWARD
        ):
            return after
    before = next((m for m in reversed(clause.mentions) if m.end <= start), None)
    if before is None:
        return None
    # "tặng Giấy khen vì đã phối hợp với 14 trạm y tế": a count in the reason is no recipient.
    if _REASON.search(clause.key, before.end, start):
        return None
    # "... cho 2 cá nhân và danh hiệu Lá cờ đầu cho 1 đơn vị": the count after a title outside
    # the vocabulary is that title's.
    if _OTHER_TITLE.search(clause.key, before.end, start):
        return None
    # "tặng Huân chương Dũng cảm cho anh X, 29 tuổi, người đã cứu 2 người": the award went to
    # the person named; a count later on, not listed beside the name, describes them.
    name_end = _object_name_end(clause, before)
    if (
        name_end is not None
        and name_end < start
        and not _LIST_GAP.match(clause.key[name_end:start])
    ):
        return None
    return before


def _object_start(clause: _Clause, mention: _Mention) -> int | None:
    """Where the name after "cho" begins, past any "của X" after the award; None without "cho"."""
    rest_key = clause.key[mention.end :]
    of = _OF.match(rest_key)
    start = 0
    if of:
        stop = _OF_END.search(rest_key, of.end())
        start = stop.start() if stop else len(rest_key)
    to = _TO_RECIPIENT.match(rest_key[start:])
    return mention.end + start + to.end() if to else None


def _object_name_end(clause: _Clause, mention: _Mention) -> int | None:
    """Where the name after "cho" ends, when the award's object is a named recipient."""
    begin = _object_start(clause, mention)
    if begin is None:
        return None
    end_match = _NAME_END.search(clause.key, begin)
    end = end_match.start() if end_match else len(clause.key)
    return end if _person_or_unit(clause.text[begin:end]) else None


# --- Conferrer and status ------------------------------------------------------------------------


def _clean_conferrer(text: str) -> str | None:
    text = text.strip(" ,:;.-–")
    key = _key(text)
    while True:
        m = _CONFERRER_TRIM.search(key)
        if not m or m.end() == m.start():
            break
        text, key = (
            (text[m.end() :], key[m.end() :])
            if m.start() == 0
            else (text[: m.start()], key[: m.start()])
        )
        text, key = text.strip(" ,:;.-–"), _key(text.strip(" ,:;.-–"))
    if not text or len(text.split()) > _CONFERRER_MAX_WORDS or re.search(r"\d+\s+\w", text[:1]):
        return None
    return text


def _of_conferrer(clause: _Clause, mention: _Mention) -> str | None:
    """ "Bằng khen của Thủ tướng Chính phủ": the conferrer written after the award."""
    rest_key = clause.key[mention.end :]
    of = _OF.match(rest_key)
    if not of:
        level = _LEVEL.match(rest_key)
        if level and mention.generic:
            return clause.text[mention.end + level.start(1) : mention.end + level.end(1)]
        return None
    stop = _OF_END.search(rest_key, of.end())
    end = stop.start() if stop else len(rest_key)
    return _clean_conferrer(clause.text[mention.end + of.end() : mention.end + end])


def _governing(regex: re.Pattern[str], key: str) -> re.Match[str] | None:
    """The last match of a proposal or passive cue that governs what follows it in `key`.

    One inside a fronted phrase ("Sau khi được Hội đồng đề nghị, Chủ tịch UBND tỉnh đã tặng")
    belongs to that phrase: the main verb after the comma confers.
    """
    for m in reversed(list(regex.finditer(key))):
        chunk_start = key.rfind(",", 0, m.start()) + 1
        fronted = _SUBORDINATE_OPENER.match(key, chunk_start) and "," in key[m.end() :]
        if not fronted:
            return m
    return None


def _left_conferrer(
    text: str, key: str, mention: _Mention, proposal: re.Match[str] | None
) -> str | None:
    """The conferrer in the words before an award, by the cues of GUIDELINES in order.

    `proposal` is `_governing(_PROPOSAL, key)`, which the callers read for the status too.
    """
    delegation = list(_DELEGATION.finditer(key))
    if delegation:
        m = delegation[-1]
        return _clean_conferrer(text[m.start(1) : m.end(1)])
    if proposal:
        after = proposal.end()
        verb = _GIVING.search(key, after)
        if verb and verb.start() > after + 1:
            return _clean_conferrer(text[after : verb.start()])
        if mention.generic and key[after:].strip():
            return _clean_conferrer(text[after:])
        if verb and not mention.generic:  # "đề nghị công nhận ...": who would give is not named
            return None
        if not key[after:].strip():  # "đã xét, đề nghị khen thưởng": nor here
            return None
    passive = _governing(_PASSIVE, key)
    if passive:
        after = passive.end()
        verb = _GIVING.search(key, after)
        if verb and verb.start() > after + 1:
            return _clean_conferrer(text[after : verb.start()])
        if mention.generic and key[after:].strip() and not _RECEIVING.search(key, after):
            return _clean_conferrer(text[after:])
        return None
    verbs = list(_GIVING.finditer(key))
    if mention.generic:
        subject_end = len(key)
    elif verbs:
        subject_end = verbs[-1].start()
    else:
        return None
    subject = text[:subject_end]
    pieces = subject.split(",")
    chunk = first = pieces.pop()
    # "UBND các huyện, thị xã, thành phố đã tặng": the listed places belong to one conferrer.
    while pieces and _CONFERRER_TRIM.sub("", _key(first).strip()) in _CONFERRER_LIST_NOUNS:
        first = pieces.pop()
        chunk = first + "," + chunk
    # "Ủy ban MTTQ tỉnh, LĐLĐ tỉnh, Tỉnh đoàn tặng": bodies listed before one verb give together.
    while pieces and _is_body(first) and _is_body(pieces[-1]):
        first = pieces.pop()
        chunk = first + "," + chunk
    chunk_key = _key(chunk).strip()
    if not chunk_key or _HANDING_OVER.match(chunk_key):
        return None
    # "cho Xí nghiệp X và tặng ...": the earlier award's recipient; "Công an tỉnh tổ chức lễ trao
    # ...": the host of the ceremony. Neither confers.
    if _NOT_CONFERRER_OPENER.match(chunk_key) or _HOLDS_EVENT.search(chunk_key):
        return None
    conferrer = _clean_conferrer(chunk)
    # Nor do counted recipients ("2 cá nhân được tặng"); asked last, as the dearest check.
    return conferrer if conferrer is not None and not _has_count(chunk) else None


def _is_body(text: str) -> bool:
    """True for a capitalised name headed by a unit or an office: "LĐLĐ tỉnh", "Tỉnh đoàn"."""
    text = _CONFERRER_TRIM.sub("", text.strip())
    return text[:1].isupper() and _CONFERRER_HEAD.match(_key(text)) is not None


def _without_awards(clause: _Clause) -> str:
    """The clause's key with its award names blanked: "Giấy khen" holds the verb "khen"."""
    key = clause.key
    for mention in reversed(clause.mentions):
        key = key[: mention.start] + " " * (mention.end - mention.start) + key[mention.end :]
    return key


def _has_verb(key: str) -> bool:
    return bool(_GIVING.search(key) or _PROPOSAL.search(key) or _RECEIVING.search(key))


# A clause that starts with its verb, after discourse words: "; đồng thời tặng Giấy khen ...".
_VERB_FIRST = re.compile(
    r"^\s*(?:(?:"
    + _alternation(p.CONFERRER_TRIM_WORDS)
    + r")(?!\w)[\s,]*)*(?:"
    + _GIVING.pattern
    + r"|"
    + _PROPOSAL.pattern
    + r")"
)


def _read_clause(clause: _Clause, previous: _Clause | None, sentence_conferrer: str | None) -> None:
    """Set each mention's conferrer and status, inheriting where the clause leaves them out."""
    last_end = 0
    inherited_conferrer = inherited_status = None
    subjectless = False
    lead = clause.key[: clause.mentions[0].start] if clause.mentions else clause.key
    # A clause that starts with its verb ("; công nhận danh hiệu ... cho 486 cá nhân") shares the
    # subject of the clause before; one with no verb at all (a colon list item) shares its status.
    if previous is not None and previous.mentions:
        subjectless = _VERB_FIRST.match(lead) is not None
        # "X được Bộ Tư lệnh tặng Cờ thi đua; 7 tập thể khác được tặng ...": a passive naming
        # no giver keeps the giver of the clause before.
        agentless = _AGENTLESS_PASSIVE.search(lead) is not None
        if subjectless or agentless:
            inherited_conferrer = previous.mentions[-1].conferrer
        verbless = not _has_verb(_without_awards(clause))
        if subjectless or verbless:
            inherited_status = previous.mentions[-1].status
        # "Giám đốc tặng Bằng khen cho 5 tập thể; Giấy khen cho 12 tập thể": the verb and its
        # subject are left out, so the giver read before the last award gives this one too. A
        # list item ("; 60 năm: 8 đồng chí") names no giver (a breakdown).
        if (
            verbless
            and not _BREAKDOWN_OPENER.match(clause.key)
            and _TO_RECIPIENT.match(clause.key[clause.mentions[0].end :])
        ):
            inherited_conferrer = previous.mentions[-1].left_conferrer
    for i, mention in enumerate(clause.mentions):
        left_text = clause.text[last_end : mention.start]
        left_key = clause.key[last_end : mention.start]
        proposal = _governing(_PROPOSAL, left_key)
        left = _left_conferrer(left_text, left_key, mention, proposal)
        own = _of_conferrer(clause, mention) or left
        if i > 0:
            before = clause.mentions[i - 1]
            inherited_conferrer = before.left_conferrer or before.conferrer
            inherited_status = before.status
        mention.left_conferrer = left or inherited_conferrer
        mention.conferrer = own or inherited_conferrer or sentence_conferrer
        if proposal:
            mention.status = PROPOSED
        elif i == 0 and subjectless and inherited_status:
            # "đề nghị Chủ tịch nước tặng ... ; tặng ...": the second verb is proposed too.
            mention.status = inherited_status
        elif inherited_status and not _GIVING.search(left_key) and not _RECEIVING.search(left_key):
            mention.status = inherited_status
        elif inherited_status == PROPOSED and i > 0 and not _PASSIVE.search(left_key):
            mention.status = PROPOSED
        last_end = mention.end


def _topic_verb(clause: _Clause, mention: _Mention, end: int) -> tuple[str, str | None] | None:
    """ "Về danh hiệu X, Hội đồng đề nghị Y xem xét, tặng cho 2 cá nhân": an award fronted as the
    topic takes the status and conferrer of the verb between it and its recipients at `end`."""
    if end < mention.end:
        return None
    gap_key = clause.key[mention.end : end]
    # The topic is set off by a comma; "Bằng khen, Giấy khen lần lượt trao cho ..." lists awards.
    # Asked first: most awards are not, and the verbs are looked for in all the text before.
    if not _TOPIC_COMMA.match(gap_key) or any(mention.end < m.start < end for m in clause.mentions):
        return None
    if _has_verb(clause.key[: mention.start]):
        return None
    if not (_GIVING.search(gap_key) or _PROPOSAL.search(gap_key)):
        return None
    gap_text = clause.text[mention.end : end]
    proposal = _governing(_PROPOSAL, gap_key)
    status = PROPOSED if proposal else CONFERRED
    return status, _left_conferrer(gap_text, gap_key, mention, proposal)


def _topic_object(clause: _Clause, mention: _Mention) -> int | None:
    """Where the recipient of a fronted award is named: "Với danh hiệu Chiến sĩ thi đua toàn
    quốc, Hội đồng đề nghị Thủ tướng xét tặng cho đồng chí X" -> the start of "đồng chí X"."""
    if not _TOPIC_COMMA.match(clause.key, mention.end):
        return None
    to = _TOPIC_TO.search(clause.key, mention.end)
    if to is None or _topic_verb(clause, mention, to.start()) is None:
        return None
    return to.end()


# --- Recipients ----------------------------------------------------------------------------------


def _person_name(text: str) -> str | None:
    """The capitalised name after titles and degrees: "chuyên khoa II Lâm Văn Phước" -> the name."""
    words = text.split()
    start = next((i for i, w in enumerate(words) if w[:1].isupper() and not _ROMAN.match(w)), None)
    if start is None:
        return None
    end = start
    while end < len(words) and words[end][:1].isupper():
        end += 1
    return " ".join(words[start:end])


def _person_or_unit(name: str) -> tuple[str, str] | None:
    """("Nguyễn Thị Tư", individual) from "mẹ Nguyễn Thị Tư"; a unit name stays as written.

    A unit is named by a capitalised head ("Trường THPT Trần Phú") or a lower-case head before a
    proper name ("huyện Si Ma Cai").
    """
    name = name.strip(' ,.;:“”"')
    lead = _RECIPIENT_LEAD.match(_key(name))
    if lead:
        name = name[lead.end() :]
    key = _key(name)
    if not name or _VAGUE.match(key):
        return None
    found = _named(name, key)
    # Words that count recipients ("2 cá nhân") name none. Asked last, of a name found: most
    # words read are no name, and counting is the dearest check.
    return found if found is not None and not _has_count(name) else None


def _named(name: str, key: str) -> tuple[str, str] | None:
    """`_person_or_unit` of a stripped name and its key, before ruling out a count."""
    honorific = _HONORIFIC.match(name)
    if honorific:
        person = name[honorific.end() :].replace(",", " ").strip()
        while (more := _HONORIFIC.match(person)) is not None:  # "liệt sĩ, Thượng úy X"
            person = person[more.end() :]
        person = _person_name(person)
        return (person, INDIVIDUAL) if person else None
    if len(name.split()) > _RECIPIENT_MAX_WORDS:
        return None
    head = _COLLECTIVE_HEAD.match(key)
    if head and (name[0].isupper() or name[head.end() :].strip()[:1].isupper()):
        return name, COLLECTIVE
    return None


def _name_after(clause: _Clause, begin: int) -> tuple[str, str] | None:
    """The recipient named from `begin` on; "liệt sĩ, Thượng úy Lò Văn Pọm" reads past the title."""
    end_match = _NAME_END.search(clause.key, begin)
    end = end_match.start() if end_match else len(clause.key)
    # "cho Sở Tư pháp và Bằng khen cho ...": the name ends before the next award and its "và".
    following = next((m.start for m in clause.mentions if begin < m.start < end), None)
    if following is not None:
        listed = _LIST_END.search(clause.key, begin, following)
        end = listed.start() if listed else following
    if _TITLE_ONLY.match(clause.text[begin:end]) and clause.key[end : end + 1] == ",":
        end_match = _NAME_END.search(clause.key, end + 1)
        end_after = end_match.start() if end_match else len(clause.key)
        return _person_or_unit(clause.text[begin:end] + clause.text[end + 1 : end_after])
    return _person_or_unit(clause.text[begin:end])


def _unit_list_after(clause: _Clause, begin: int) -> list[tuple[str, str]]:
    """ "cho Sở Nội vụ, Công an tỉnh và UBND phường X": units listed with commas and a final "và"
    after "cho", one recipient each; [] unless every listed part is a unit."""
    end = begin
    while (stop := _NAME_END.search(clause.key, end)) is not None and clause.key[
        stop.start() : stop.end()
    ].strip() == ",":
        end = stop.end()
    if end == begin or stop is None:
        return []
    chunks = clause.text[begin : stop.start()].split(",")
    *listed, last = chunks
    # The last part first: it rarely joins units, and then the others need not be read.
    joined = _recipients(_person_or_unit(last))
    if len(joined) < 2:
        return []
    units = [_person_or_unit(chunk) for chunk in listed]
    if not all(u is not None and u[1] == COLLECTIVE for u in units):
        return []
    return [u for u in units if u is not None] + joined


def _recipients(name: tuple[str, str] | None) -> list[tuple[str, str]]:
    """ "Trường THPT A và Trường THCS B": units joined by "và" are one recipient each, when every
    part is a unit by itself ("Sở Giáo dục và Đào tạo" stays one)."""
    if name is None:
        return []
    parts = _AND.split(name[0])
    if name[1] == COLLECTIVE and len(parts) > 1:
        units = [_person_or_unit(part) for part in parts]
        if all(unit is not None and unit[1] == COLLECTIVE for unit in units):
            return [unit for unit in units if unit is not None]
    return [name]


def _named_recipient(
    clause: _Clause, mention: _Mention, last_end: int, object_only: bool = False
) -> list[tuple[str, str]]:
    """Named recipients, one fact each: "cho Trường THPT Trần Phú", "ông Phạm Văn A được tặng".

    `object_only` looks only after the award: the subject of a clause with counts
    ("Công an tỉnh có 479 lượt tập thể được khen thưởng") holds them and receives nothing itself.
    """
    begin = _object_start(clause, mention)
    if begin is not None:
        return _unit_list_after(clause, begin) or _recipients(_name_after(clause, begin))
    # "quyết định khen thưởng Đội Cảnh sát hình sự": the unnamed form takes its object directly.
    direct = _DIRECT_OBJECT.match(clause.key[mention.end :])
    if mention.generic and direct:
        return _recipients(_name_after(clause, mention.end + direct.end()))
    topic = _topic_object(clause, mention)
    if topic is not None:
        return _recipients(_name_after(clause, topic))
    if object_only:
        return []
    left_key = clause.key[last_end : mention.start]
    # The subject before "được", "nhận", "đón nhận", "đạt" receives: try the nearest first.
    for cue in reversed(list(_RECEIVING.finditer(left_key))):
        subject = clause.text[last_end : last_end + cue.start()]
        subject = _SUBJECT_TAIL.sub("", subject.strip())
        holds = _HOLDS_EVENT.search(_key(subject))
        if holds:  # "Bệnh viện X tổ chức lễ kỷ niệm ... và đón nhận": the host receives
            subject = subject[: holds.start()]
        chunks = [c.strip() for c in subject.strip(" ,").split(",")]
        if not chunks[-1] or _key(chunks[-1]).startswith("cho "):
            continue
        # "bác sĩ A, Phó Giám đốc bệnh viện và bác sĩ B, Trưởng khoa ... được": each person.
        people = _PERSON_AFTER_AND.split(subject)
        if len(people) > 1:
            titled = [_titled_chunk(part.split(",")) for part in people]
            named = [_person_or_unit(chunk) for chunk in titled if chunk is not None]
            if len(named) == len(people) and all(named):
                return [person for person in named if person is not None]
        titled_chunk = _titled_chunk(chunks)
        named = _recipients(
            _person_or_unit(titled_chunk if titled_chunk is not None else chunks[-1])
        )
        # "Sở Nội vụ, Công an tỉnh và UBND phường X được tặng": units listed with commas
        # before the "và" are one recipient each too.
        if titled_chunk is None and len(named) > 1:
            for chunk in reversed(chunks[:-1]):
                unit = _person_or_unit(chunk)
                if unit is None or unit[1] != COLLECTIVE:
                    break
                named.insert(0, unit)
        return named
    return []


def _listed_after(clause: _Clause, last_end: int, mention: _Mention) -> bool:
    """True when an award only follows the one before in a list ("Cờ thi đua vì ... và Bằng
    khen"): no verb, count or recipient of its own between them."""
    if last_end == 0:
        return False
    gap_key = clause.key[last_end : mention.start]
    return (
        _LIST_END.search(gap_key) is not None
        and not _has_verb(gap_key)
        and not _TOPIC_TO.search(gap_key)
        and not _has_count(clause.text[last_end : mention.start])
    )


def _named_beside(clause: _Clause, group: list[_Count]) -> tuple[str, str] | None:
    """The unit or person named just before a counted group, joined to it by "và" or "cùng"."""
    if group[0].award is not None:
        return None
    joined = _JOINED_BEFORE.search(clause.text, 0, group[0].start)
    return _person_or_unit(joined.group(1)) if joined else None


def _one(named: tuple[str, str] | None) -> list[tuple[str, str]]:
    return [named] if named is not None else []


def _titled_chunk(chunks: list[str]) -> str | None:
    """ "kỹ sư Phạm Quang Vinh, Tổng Giám đốc công ty": the first chunk with a title (the person's
    name), before any post or unit after it."""
    for chunk in chunks:
        chunk = chunk.strip()
        lead = _RECIPIENT_LEAD.match(_key(chunk))
        if _HONORIFIC.match(chunk[lead.end() :] if lead else chunk):
            return chunk
    return None


# --- Whether a clause reports news ---------------------------------------------------------------


def _past_cue(key: str) -> bool:
    if _MAY_BE_PAST.search(key) is None:
        return False
    return any(
        m.group(0) != "từng" or not _EACH_OR_ROLE.match(key, m.end()) for m in _PAST.finditer(key)
    )


def _is_past(clause_key: str, published_year: int | None) -> bool:
    """Cumulative tallies and honours from years before the reviewed period are not news.

    A year inside the reason for an award ("vì thành tích từ năm 2018 đến năm 2023") dates the
    work rewarded, not the award, so only years outside a reason phrase count.
    """
    if _past_cue(clause_key) and not _CURRENT_PERIOD.search(clause_key):
        return True
    if published_year is None:
        return False
    for year in _YEAR.finditer(clause_key):
        if int(year.group(1)) >= published_year - 1:
            continue
        chunk_start = max(
            clause_key.rfind(",", 0, year.start()), clause_key.rfind("(", 0, year.start()), 0
        )
        if _REASON.search(clause_key, chunk_start, year.start()):
            continue
        if _BIOGRAPHY.search(clause_key, chunk_start, year.end()):
            continue
        return True
    return False


# --- Public API ----------------------------------------------------------------------------------


def _clauses(sentence: str) -> list[_Clause]:
    clauses = []
    earlier_title = None
    earlier_medal = None
    earlier_badge = False
    earlier_kind = None
    for part in sentence.split(";"):
        if not part.strip():
            continue
        clause = _Clause(part, _key(part))
        clause.mentions = _find_mentions(clause.text, earlier_title, earlier_medal, earlier_badge)
        earlier_badge = earlier_badge or any(
            m.award == p.PARTY_BADGE_AWARD for m in clause.mentions
        )
        titles = [m.award for m in clause.mentions if m.award in p.TITLES]
        earlier_title = titles[-1] if titles else earlier_title
        medals = [m.award for m in clause.mentions if m.classless or " hạng " in m.award]
        earlier_medal = medals[-1] if medals else earlier_medal
        clause.counts = _find_counts(clause.text, clause.mentions, earlier_kind)
        earlier_kind = clause.counts[-1].kind if clause.counts else earlier_kind
        clauses.append(clause)
    return clauses


def _breakdown(
    clause: _Clause, previous: _Clause | None, published_year: int | None
) -> list[AwardFact]:
    """ "tặng Bằng khen cho 15 tập thể; trong đó 9 tập thể là doanh nghiệp": a clause opening a
    breakdown counts recipients of the award named last in the clause before."""
    if previous is None or not previous.mentions or not clause.counts:
        return []
    if not _BREAKDOWN_OPENER.match(clause.key) or _is_past(clause.key, published_year):
        return []
    mention = previous.mentions[-1]
    if mention.classless:
        return []
    return [
        AwardFact(
            mention.award,
            count.kind if count.kind != UNSPECIFIED else _title_kind(mention.award),
            count.value,
            mention.status,
            mention.conferrer,
            None,
            "",
        )
        for group in _groups(clause)
        for count in group
    ]


def sentence_awards(sentence: str, published_year: int | None = None) -> list[AwardFact]:
    """Award facts stated in one sentence, in the order they are written."""
    if not _MAY_NAME_AWARD.search(_ascii_fold(sentence)):
        return []
    return _read_sentence(sentence, published_year)


def _naming_awards(sentences: list[str]) -> list[bool]:
    """For each sentence, whether it may name an award (`_MAY_NAME_AWARD` in its ASCII fold).

    One fold of the sentences joined by newlines, and one search per sentence that names one,
    instead of a fold and a search per sentence: most sentences name none. The fold of the joined
    text is the folds joined (the newline is a character of its own in every step), and no
    spelling holds a newline, so what is found is in one sentence.
    """
    folded = _ascii_fold("\n".join(sentences))
    if folded.count(b"\n") != len(sentences) - 1:  # a sentence with a newline of its own
        return [_MAY_NAME_AWARD.search(_ascii_fold(s)) is not None for s in sentences]
    naming = [False] * len(sentences)
    index = start = 0
    while (found := _MAY_NAME_AWARD.search(folded, start)) is not None:
        index += folded.count(b"\n", start, found.start())
        naming[index] = True
        # On to the next sentence.
        start = folded.find(b"\n", found.end()) + 1
        if start == 0:
            break
        index += 1
    return naming


def _read_sentence(sentence: str, published_year: int | None) -> list[AwardFact]:
    """`sentence_awards` of a sentence that may name an award."""
    facts: list[AwardFact] = []
    sentence_key = _key(sentence)
    decision = _DECISION.search(sentence_key)
    sentence_conferrer = (
        _clean_conferrer(sentence[decision.start(1) : decision.end(1)]) if decision else None
    )
    previous = None
    for clause in _clauses(sentence):
        if not clause.mentions:
            breakdown = _breakdown(clause, previous, published_year)
            if breakdown:
                facts.extend(replace(fact, evidence=sentence) for fact in breakdown)
                continue  # the award clause stays the one later breakdowns refer to
            previous = clause
            continue
        _read_clause(clause, previous, sentence_conferrer)
        previous = clause
        if _is_past(clause.key, published_year):
            continue
        # Plans ("UBND tỉnh sẽ tặng ...") are not awards yet: a mention after a future cue is none.
        future = {
            id(m) for m in clause.mentions if _FUTURE.search(clause.key, 0, m.start) is not None
        }
        bound: set[int] = set(future)
        for group in _groups(clause):
            pairs = _respectively(clause, group)
            if pairs is None:
                mention = _bind(clause, group)
                if mention is None:
                    continue
                pairs = [(mention, count) for count in group]
            recipient = None
            if group[0].award is not None:  # "Công an tỉnh được ... tặng 8 Bằng khen"
                named = _named_recipient(clause, pairs[0][0], 0)
                recipient = named[0][0] if named else None
            for mention, count in pairs:
                if id(mention) in future:
                    continue
                bound.add(id(mention))
                if mention.classless:
                    continue
                status, conferrer = _topic_verb(clause, mention, count.start) or (
                    mention.status,
                    mention.conferrer,
                )
                # "công nhận danh hiệu Tập thể lao động tiên tiến cho 28 tập thể, cá nhân": a
                # title only units (or only people) hold says who its count is.
                kind = count.kind if count.kind != UNSPECIFIED else _title_kind(mention.award)
                facts.append(
                    AwardFact(
                        mention.award,
                        kind,
                        count.value,
                        status,
                        conferrer,
                        recipient,
                        sentence,
                    )
                )
            # "Đồn Biên phòng X cùng 3 cá nhân nhận Bằng khen": the unit named beside the counted
            # group receives too, one fact of its own.
            mention = pairs[-1][0]
            beside = _named_beside(clause, group) if mention.start >= group[-1].end else None
            if beside is not None and id(mention) not in future and not mention.classless:
                name, kind = beside
                if _title_kind(mention.award) in (UNSPECIFIED, kind):
                    facts.append(
                        AwardFact(
                            mention.award,
                            kind,
                            1,
                            mention.status,
                            mention.conferrer,
                            name,
                            sentence,
                        )
                    )
        last_end = 0
        earlier_named: list[tuple[str, str]] = []
        for mention in clause.mentions:
            if id(mention) not in future and not mention.classless:
                # "khen thưởng Đội Cảnh sát hình sự và 6 cán bộ": a unit named beside the counts.
                counted = id(mention) in bound
                named = _named_recipient(clause, mention, last_end, object_only=counted)
                if not named and not counted and _listed_after(clause, last_end, mention):
                    named = earlier_named  # "X được tặng Cờ thi đua và Bằng khen": X gets both
                earlier_named = named
                topic = _topic_object(clause, mention) if named else None
                status, conferrer = (
                    _topic_verb(clause, mention, topic) if topic is not None else None
                ) or (mention.status, mention.conferrer)
                for name, kind in named:
                    # A person's title ("Thầy thuốc ưu tú") never goes to a unit, nor the reverse.
                    if _title_kind(mention.award) not in (UNSPECIFIED, kind):
                        continue
                    facts.append(
                        AwardFact(
                            mention.award,
                            kind,
                            1,
                            status,
                            conferrer,
                            name,
                            sentence,
                        )
                    )
            last_end = mention.end
    return facts


def award_names(text: str) -> list[tuple[str, int, int]]:
    """Every award named in `text`, as (canonical name, start, end), in order."""
    if not _MAY_NAME_AWARD.search(_ascii_fold(text)):
        return []
    return [(m.award, m.start, m.end) for m in _find_mentions(text)]


def is_past_sentence(sentence: str, published_year: int | None = None) -> bool:
    """True when a sentence recalls past honours or a cumulative tally ("năm 1985 ông được ...")."""
    return _is_past(_key(sentence), published_year)


# Any "năm" and four digits: _YEAR without its lookarounds, which only ever leave some out.
_ANY_YEAR = re.compile(r"năm (\d{4})")


def past_sentences(sentences: list[str], published_year: int | None = None) -> list[bool]:
    """`is_past_sentence` of each sentence, reading only those that may be past.

    One look at the sentences joined finds them: each sentence that is past holds a past cue
    (`_MAY_BE_PAST`) or an earlier year after "năm", and either is still there, and found, in the
    joined text. Most sentences hold neither, and reading each one costs a key and several
    searches.
    """
    key = _key("\n".join(sentences))
    starts = list(accumulate((len(s) + 1 for s in sentences[:-1]), initial=0))
    maybe: set[int] = set()
    start = 0
    while (cue := _MAY_BE_PAST.search(key, start)) is not None:
        index = bisect_right(starts, cue.start()) - 1
        maybe.add(index)
        if index + 1 == len(starts):
            break
        # On from the next sentence: a cue spanning the newline ("\s+" in a cue) must not hide
        # one that starts there.
        start = starts[index + 1]
    if published_year is not None:
        for year in _ANY_YEAR.finditer(key):  # never across sentences: its space is a space
            if int(year.group(1)) < published_year - 1:
                maybe.add(bisect_right(starts, year.start()) - 1)
    return [i in maybe and is_past_sentence(s, published_year) for i, s in enumerate(sentences)]


def published_year(published: str | None) -> int | None:
    """The year of an ISO publication timestamp ("2024-01-02T09:15:00+07:00" -> 2024)."""
    m = re.match(r"^\s*(\d{4})-\d{2}-\d{2}", published or "")
    return int(m.group(1)) if m else None


def extract_awards(text: str, published: str | None) -> list[AwardFact]:
    """Every award fact in `text` (paragraphs separated by blank lines), photo captions left out."""
    return sentences_awards(split_sentences(text), published)


def sentences_awards(sentences: list[str], published: str | None) -> list[AwardFact]:
    """Every award fact in sentences already split (`split_sentences`), in order."""
    year = published_year(published)
    facts: list[AwardFact] = []
    for sentence, naming in zip(sentences, _naming_awards(sentences), strict=True):
        if naming:
            facts.extend(_read_sentence(sentence, year))
    return facts
