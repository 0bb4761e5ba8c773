"""处理决定: the sentence that decides states the category's group, and no phrase decides otherwise.

Read by meaning (``meaning.decisions``): quoted article text, negations and modifiers decide nothing; a
reply on several items that discloses some and withholds others is a partial disclosure. Also the draft
category against the rules' (``draft_category_differs``, element ``category``).
"""

from __future__ import annotations

from ... import categories
from .. import meaning
from . import Context, produces


@produces("draft_category_differs")
def category(ctx: Context) -> None:
    decision = ctx.case.decision
    differs = ctx.rules_category is not None and decision is not None and decision.category != ctx.rules_category
    ctx.put(
        "draft_category_differs",
        differs,
        None,
        ctx.rules_category and categories.label(ctx.rules_category),
        decision and categories.label(decision.category),
    )


def _part(ctx: Context) -> tuple[tuple[int, str], ...]:
    """The sentences that may decide: those before the remedy notice (quoted words are never read)."""
    return ctx.parsed.before_remedy()


@produces("decision_missing", "decision_words_mismatch")
def decision(ctx: Context) -> None:
    part = _part(ctx)
    found = meaning.decisions(part, ctx.parsed.received_on)
    group = ctx.group
    stated = meaning.states(found, group) or (
        ctx.category == "not_processed/publication" and meaning.publication_guidance(part) is not None
    )
    want = categories.GROUP_LABELS[group]
    ctx.put("decision_missing", not stated and not found, None, want, "（未写处理决定）")
    # several items answered one by one: each item's own group may be stated (不予公开 one, 无法提供 another)
    items = {categories.get(c).group for c in ctx.item_categories or () if c in categories.BY_CODE}
    against = meaning.contradicting(found, group, items if len(ctx.case.items) > 1 else ())
    if stated or not found:
        mismatch = bool(against)
        shown = against
    else:
        mismatch = True
        shown = found
    ctx.put(
        "decision_words_mismatch",
        mismatch,
        shown[0].line if shown else None,
        want,
        "、".join(dict.fromkeys(d.phrase for d in shown)),
    )
