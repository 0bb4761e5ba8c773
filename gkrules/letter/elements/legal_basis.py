"""法律依据: the article(s) of the 条例 the category needs (``rules/params/categories.yml``), cited by the
full name with Chinese numerals, and no citation of the 2007 regulation."""

from __future__ import annotations


from ... import patterns
from ..articles import FULL_NAME, article_groups, article_text, fits
from ..wordings import load
from . import Context, produces

#: the regulation's name, in its full form and in the short forms that name it
REGULATION = "政府信息公开条例"
OLD_REGULATION_TEXT = patterns.compile(
    r"国务院令第\s*492\s*号|492号令|2007年4月5日|2008年5月1日起施行|生产、生活、科研等特殊需要|"
    r"2007年.{0,6}《中华人民共和国政府信息公开条例》"
)


def _old_regulation(ctx: Context, regulation) -> tuple[int, str] | None:
    for n, t in enumerate(ctx.parsed.lines, 1):
        m = OLD_REGULATION_TEXT.search(t)
        if m:
            return n, m.group(0)
    for c in regulation:
        if c.article in (8, 21) or (c.article == 14 and c.para == 4):
            return c.line, c.law + c.raw
    return None


@produces(
    "legal_basis_required",
    "cites_regulation",
    "cites_fitting_article",
    "citation_form_wrong",
    "citation_form_informal",
    "cites_2007_regulation",
)
def legal_basis(ctx: Context) -> None:
    parsed = ctx.parsed
    regulation = [c for c in parsed.citations if c.of_regulation]
    override = bool(load("reasons").search("public_interest_override", parsed.body_text()))
    groups = article_groups(ctx.category, ctx.item_categories, ctx.exemptions, override)
    ctx.put("legal_basis_required", bool(groups))
    first = regulation[0].line if regulation else None
    ctx.put("cites_regulation", bool(regulation), first)
    ctx.put(
        "cites_fitting_article",
        bool(groups) and all(any(fits(c, s) for c in regulation for s in g) for g in groups),
    )
    ctx.detail(
        "legal_basis", first, article_text(groups), "、".join(c.law + c.raw for c in regulation) or "（未引用条例）"
    )
    text = parsed.text
    # the regulation cannot be told: 《条例》 with no mention of the 政府信息公开条例 by name in the letter
    unknown = [c for c in regulation if REGULATION not in c.law and REGULATION not in text]
    # told beyond doubt, but not in the template's form: Arabic numerals, or the short name
    # 《政府信息公开条例》 with no full mention (a short name defined by 以下简称 after the full name is the form)
    informal = [
        c for c in regulation if c not in unknown and (c.arabic or (c.law != FULL_NAME and FULL_NAME not in text))
    ]
    for name, bad in (("citation_form_wrong", unknown), ("citation_form_informal", informal)):
        ctx.put(
            name,
            bool(bad),
            bad[0].line if bad else None,
            FULL_NAME + (bad[0].cited_form() if bad else "第X条"),
            bad[0].law + bad[0].raw if bad else None,
        )
    old = _old_regulation(ctx, regulation)
    ctx.put(
        "cites_2007_regulation",
        old is not None,
        old[0] if old else None,
        "《中华人民共和国政府信息公开条例》（国务院令第711号，2019年5月15日施行）",
        old[1] if old else None,
    )
