"""The articles of the 条例 a letter of each category must cite: read from the category table
(``rules/params/categories.yml``), never written here."""

from __future__ import annotations

from .. import categories
from .parse import Citation, cite_form

FULL_NAME = "《中华人民共和国政府信息公开条例》"
Spec = categories.Spec


def article_groups(
    category: str,
    item_categories: list[str] | None = None,
    exemptions: list[str | None] | None = None,
    override: bool = False,
) -> list[list[Spec]]:
    """What the letter must cite: one article of each group.

    ``partial`` from a separable exemption: 第三十七条 and the exemption's article; ``partial`` from mixed
    items: the article of each withheld item's category (and 第三十七条 where an item was separated).
    ``override``: the letter states the public-interest override, so the category's ``override_articles``
    (第十五条、第三十二条 for a disclosure) ground it too."""
    if category != "partial":
        specs = list(categories.articles(category))
        if override and category in categories.BY_CODE:
            specs += [s for s in categories.BY_CODE[category].override_articles if s not in specs]
        return [specs] if specs else []
    groups: list[list[Spec]] = []
    separated = False
    for i, cat in enumerate(item_categories or []):
        exemption = exemptions[i] if exemptions and i < len(exemptions) else None
        if exemption is not None or cat == "partial":
            separated = True
            cat = exemption or cat
        if cat in ("open", "partial"):
            continue
        specs = list(categories.articles(cat))
        if specs and specs not in groups:
            groups.append(specs)
    if separated or not groups:
        groups.insert(0, list(categories.articles("partial")))
    return groups


def expected_articles(
    category: str, item_categories: list[str] | None = None, exemptions: list[str | None] | None = None
) -> list[Spec]:
    """Every article of :func:`article_groups`, flattened."""
    return [s for g in article_groups(category, item_categories, exemptions) for s in g]


def _group_text(group: list[Spec]) -> str:
    return "或".join(dict.fromkeys(cite_form(*s) for s in group))


def article_text(specs: list[Spec] | list[list[Spec]]) -> str:
    """``specs`` as alternatives, or groups (all needed) of alternatives."""
    if not specs:
        return "（无）"
    if isinstance(specs[0], tuple):
        return FULL_NAME + _group_text(specs)  # type: ignore[arg-type]
    if len(specs) == 1:
        return FULL_NAME + _group_text(specs[0])  # type: ignore[arg-type]
    return FULL_NAME + "和".join(_group_text(g) if len(g) == 1 else f"（{_group_text(g)}）" for g in specs)  # type: ignore[arg-type]


def fits(c: Citation, spec: Spec) -> bool:
    art, para, item = spec
    if c.article != art:
        return False
    if para is not None and c.para not in (None, para):
        return False
    if item is not None and c.item != item:
        return False
    return True
