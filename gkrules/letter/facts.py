"""Letter facts: the parsed letter, the case, the category and the agency profile turned into booleans.

Each element's module in ``elements/`` produces the facts of that element (``@produces``); the rules in
``rules/letter/`` decide which combinations are findings. Beside the booleans travel the details a
message needs (``expected``, ``found``, ``line``), keyed by fact name. The parsed letter is not changed.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from .. import categories
from ..models import Case
from .articles import FULL_NAME, article_groups, article_text, expected_articles
from .elements import Context, run
from .parse import ParsedLetter
from .profile import DEFAULT, Profile

__all__ = [
    "FULL_NAME",
    "LetterFacts",
    "article_groups",
    "article_text",
    "expected_articles",
    "item_exemptions",
    "letter_facts",
]


@dataclass
class LetterFacts:
    facts: dict[str, bool]
    details: dict[str, dict] = field(default_factory=dict)
    on: _dt.date | None = None


def item_exemptions(outcome) -> list[str | None]:
    """Per item of a classification outcome: the exemption category an item was separated from (条例第三十七条),
    else None."""
    return [it.decision.winner.category if it.separation is not None else None for it in outcome.items]


def letter_facts(
    parsed: ParsedLetter,
    case: Case,
    category: str,
    profile: Profile = DEFAULT,
    item_categories: list[str] | None = None,
    rules_category: str | None = None,
    exemptions: list[str | None] | None = None,
) -> LetterFacts:
    """Facts of scope ``letter`` for a letter answering ``case`` with decision ``category``."""
    decision = case.decision
    reply_date = decision.reply_date if decision else None
    letter_day = parsed.letter_date.date if parsed.letter_date else None
    on = reply_date or letter_day or case.received
    ctx = Context(
        parsed=parsed,
        case=case,
        category=category,
        group=categories.get(category).group,
        profile=profile,
        item_categories=item_categories,
        rules_category=rules_category,
        exemptions=exemptions,
        on=on,
    )
    run(ctx)
    return LetterFacts(ctx.facts, ctx.details, on)
