"""Decide whether an article is award news: a commendation event or decision, not a mention."""

import re
from dataclasses import dataclass, field

from parsers import patterns as p
from parsers.awards import (
    AwardFact,
    extract_awards,
    past_sentences,
    published_year,
)
from parsers.sentences import split_sentences
from parsers.text import normalize_space


@dataclass
class Relevance:
    """The verdict, its score against `patterns.RELEVANCE_THRESHOLD`, and the cues behind it."""

    relevant: bool
    score: float
    evidence: list[str] = field(default_factory=list)


def _cue_regex(phrases: dict[str, float]) -> list[tuple[str, float, re.Pattern[str]]]:
    # The phrase as a whole word. The check that no letter comes before it looks back from its
    # end, past the phrase ("(?<!\w.{n})"), so the pattern opens with the phrase itself, which
    # the regex engine finds by a fast literal scan; opening with the check, it would be tried
    # at every character.
    return [
        (
            phrase,
            weight,
            re.compile(re.escape(phrase) + rf"(?<!\w.{{{len(phrase)}}})(?!\w)"),
        )
        for phrase, weight in phrases.items()
    ]


_CUES = _cue_regex(p.RELEVANCE_CUES)
_ANTI_CUES = _cue_regex(p.IRRELEVANCE_CUES)


def _weigh(
    lower: str, cues: list[tuple[str, float, re.Pattern[str]]], factor: float
) -> list[tuple[str, float]]:
    """The cues found in whitespace-normalised, lower-cased text, weighed by `factor`."""
    if cues is _ANTI_CUES:
        for exception in p.IRRELEVANCE_CUE_EXCEPTIONS:
            lower = lower.replace(exception, " ")
    # A plain substring test first: most cues are absent, and it is far cheaper than the regex.
    return [
        (phrase, weight * factor)
        for phrase, weight, regex in cues
        if phrase in lower and regex.search(lower)
    ]


def score_relevance(
    title: str,
    sapo: str,
    body: str,
    published: str | None = None,
    facts: list[AwardFact] | None = None,
    body_sentences: list[str] | None = None,
) -> Relevance:
    """Weigh award cues in the title and lead (double) and body against cues of other news.

    Award facts found in the lead and body add weight, so a court's plain "tổng kết công tác năm"
    article listing the Bằng khen it received is award news, while a profile mentioning one past
    Bằng khen is not (past honours give no fact). Pass `facts` and `body_sentences`
    (`split_sentences(body)`) when they are already at hand.
    """
    # A life's past honours ("năm 1985 ông được phong tặng danh hiệu ...") are no award news.
    year = published_year(published)
    if body_sentences is None:
        body_sentences = split_sentences(body)
    # Sentences come whitespace-normalised, and so does their join.
    past = past_sentences(body_sentences, year)
    current = " ".join(s for s, is_past in zip(body_sentences, past, strict=True) if not is_past)
    head = normalize_space(f"{title}\n{sapo}").lower()  # read for both kinds of cue
    found = _weigh(head, _CUES, p.TITLE_WEIGHT) + _weigh(current.lower(), _CUES, 1.0)
    against = _weigh(head, _ANTI_CUES, p.TITLE_WEIGHT) + _weigh(
        normalize_space(body).lower(), _ANTI_CUES, p.BODY_IRRELEVANCE_WEIGHT
    )
    if facts is None:
        facts = extract_awards(f"{sapo}\n\n{body}", published)
    fact_weight = min(p.FACT_WEIGHT * len(facts), p.FACT_WEIGHT_CAP)
    score = sum(w for _, w in found) + fact_weight - sum(w for _, w in against)
    evidence = [f"+{w:g} {phrase}" for phrase, w in found]
    evidence += [f"-{w:g} {phrase}" for phrase, w in against]
    if facts:
        evidence.append(f"+{fact_weight:g} {len(facts)} award facts")
    return Relevance(score >= p.RELEVANCE_THRESHOLD, round(score, 2), evidence)
