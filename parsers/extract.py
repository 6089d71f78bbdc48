"""Turn one JSON Lines article into the GUIDELINES output: relevance, event and award facts."""

from dataclasses import dataclass

from parsers import patterns as p
from parsers.awards import CONFERRED, AwardFact, sentences_awards
from parsers.events import Event, extract_event
from parsers.relevance import Relevance, score_relevance
from parsers.sentences import split_sentences


def _fact_key(fact: AwardFact) -> tuple[str, str, int, str]:
    return (fact.award, fact.recipient_kind, fact.count, fact.status)


def article_awards(
    sapo: str, body: str, published: str | None, body_sentences: list[str] | None = None
) -> list[AwardFact]:
    """Facts of the body, plus those of the lead the body does not repeat (titles carry none).

    Pass `body_sentences` when the body is already split, to split it once per article.
    """
    if body_sentences is None:
        body_sentences = split_sentences(body)
    body_facts = sentences_awards(body_sentences, published)
    seen = {_fact_key(f) for f in body_facts}
    lead_facts = [
        f for f in sentences_awards(split_sentences(sapo), published) if _fact_key(f) not in seen
    ]
    return lead_facts + body_facts


@dataclass
class Analysis:
    """Everything the award parsers say of one article; an irrelevant one has no event or facts."""

    relevance: Relevance
    event: Event | None
    awards: list[AwardFact]

    def as_output(self, article_id: object) -> dict:
        """The GUIDELINES output object (the `khenthuong extract` line)."""
        return {
            "id": article_id,
            "relevant": self.relevance.relevant,
            # Flat records of plain values: a copy of each one's fields, without asdict's deep copy.
            "event": dict(vars(self.event)) if self.event else None,
            "awards": [dict(vars(f)) for f in self.awards],
        }


def analyse_article(title: str, sapo: str, body: str, published: str | None) -> Analysis:
    """Relevance, event and award facts of one article; body paragraphs joined by blank lines."""
    body_sentences = split_sentences(body)
    facts = article_awards(sapo, body, published, body_sentences)
    relevance = score_relevance(title, sapo, body, published, facts, body_sentences)
    if not relevance.relevant:
        return Analysis(relevance, None, [])
    given = any(f.status == CONFERRED for f in facts)
    default_type = p.DEFAULT_AWARD_EVENT if given else None
    return Analysis(relevance, extract_event(title, sapo, body, published, default_type), facts)


def extract_record(record: dict) -> dict:
    """One input object ({"id", "title", "sapo", "body", "published"}) -> one output object."""
    analysis = analyse_article(
        record.get("title") or "",
        record.get("sapo") or "",
        record.get("body") or "",
        record.get("published") or None,
    )
    return analysis.as_output(record.get("id"))
