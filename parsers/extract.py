"""Turn one JSON Lines article into the GUIDELINES output: relevance, event and award facts."""

from dataclasses import asdict

from parsers.awards import AwardFact, extract_awards
from parsers.events import extract_event
from parsers.relevance import score_relevance


def _fact_key(fact: AwardFact) -> tuple[str, str, int, str]:
    return (fact.award, fact.recipient_kind, fact.count, fact.status)


def article_awards(sapo: str, body: str, published: str | None) -> list[AwardFact]:
    """Facts of the body, plus those of the lead the body does not repeat (titles carry none)."""
    body_facts = extract_awards(body, published)
    seen = {_fact_key(f) for f in body_facts}
    lead_facts = [f for f in extract_awards(sapo, published) if _fact_key(f) not in seen]
    return lead_facts + body_facts


def extract_record(record: dict) -> dict:
    """One input object ({"id", "title", "sapo", "body", "published"}) -> one output object.

    An article that is not award news has no event and no facts.
    """
    title = record.get("title") or ""
    sapo = record.get("sapo") or ""
    body = record.get("body") or ""
    published = record.get("published") or None
    facts = article_awards(sapo, body, published)
    relevance = score_relevance(title, sapo, body, published, facts=facts)
    if not relevance.relevant:
        return {"id": record.get("id"), "relevant": False, "event": None, "awards": []}
    event = extract_event(title, sapo, body, published)
    return {
        "id": record.get("id"),
        "relevant": True,
        "event": asdict(event) if event else None,
        "awards": [asdict(f) for f in facts],
    }
