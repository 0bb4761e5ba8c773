"""告知事项: where to get information already disclosed (条例第三十六条第（一）项), the agency that holds it
and how to reach it (第（五）项), where to get a publication (第三十九条第二款, 可以: a reminder), and the
written notice to a third party whose objection is overridden (第三十二条)."""

from __future__ import annotations

import re

from ... import patterns
from .. import meaning
from ..wordings import load
from . import Context, produces

REMEDY_CLAUSE = patterns.compile(r"不服|复议|诉讼")


def guidance_text(sentences) -> str:
    """The sentences without the remedy notice: each sentence up to its first clause about 不服/复议/诉讼."""
    kept = []
    for _, sentence in sentences:
        for clause in re.split(r"(?<=[，,])", sentence):
            if REMEDY_CLAUSE.search(clause):
                break
            kept.append(clause)
        kept.append("\n")
    return "".join(kept)


@produces(
    "needs_disclosure_guidance",
    "has_disclosure_guidance",
    "needs_other_agency_referral",
    "other_agency_named_with_contact",
    "needs_publication_guidance",
    "has_publication_guidance",
)
def guidance(ctx: Context) -> None:
    parsed, case = ctx.parsed, ctx.case
    ic = ctx.item_categories
    disclosed = [
        it
        for i, it in enumerate(case.items)
        if it.facts.proactively_disclosed and (ic is None or i >= len(ic) or ic[i] == "open")
    ]
    ctx.put("needs_disclosure_guidance", ctx.group in ("open", "partial") and bool(disclosed))
    where = [it.disclosed_at for it in disclosed if it.disclosed_at]
    text = guidance_text(parsed.sentences)
    w = load("guidance")
    has_where = any(x in text for x in where) or bool(w.search("disclosure_where", meaning.unquoted(text)))
    ctx.put("has_disclosure_guidance", has_where)
    ctx.detail(
        "needs_disclosure_guidance",
        parsed.line_of("guidance") or parsed.line_of("decision"),
        "、".join(where) or "获取途径（网址、栏目或查阅地点）",
        "（未告知获取途径）",
    )
    referral = [it.other_agency for it in case.items if it.facts.not_held and it.other_agency]
    ctx.put("needs_other_agency_referral", ctx.category == "cannot_provide/not_held" and bool(referral))
    full = parsed.text
    ctx.put(
        "other_agency_named_with_contact",
        all(a.name in full and (not a.contact or a.contact in full) for a in referral),
    )
    ctx.detail(
        "needs_other_agency_referral",
        parsed.line_of("decision"),
        "；".join(f"{a.name}（{a.contact or '联系方式'}）" for a in referral),
        "、".join(x for a in referral for x in (a.name, a.contact or "") if x and x in full) or "（未告知）",
    )
    ctx.put("needs_publication_guidance", ctx.category == "not_processed/publication")
    ctx.put("has_publication_guidance", bool(w.search("publication", text)))
    ctx.detail("needs_publication_guidance", parsed.line_of("decision"), "获取该出版物的途径", "（未告知获取途径）")


@produces("third_party_disclosure_over_objection", "third_party_notice_stated")
def third_party_notice(ctx: Context) -> None:
    """条例第三十二条: disclosing over a third party's objection, the letter should say the third party was
    told in writing of what is disclosed and why."""
    ic = ctx.item_categories
    over = [
        it
        for i, it in enumerate(ctx.case.items)
        if it.facts.third_party_rights
        and not it.facts.third_party_consent
        and it.facts.public_interest_override
        and (ic is None or i >= len(ic) or ic[i] in ("open", "partial"))
    ]
    ctx.put("third_party_disclosure_over_objection", ctx.group in ("open", "partial") and bool(over))
    ctx.put(
        "third_party_notice_stated",
        bool(load("guidance").search("third_party_notice", meaning.unquoted(ctx.parsed.body_text()))),
    )
    ctx.detail(
        "third_party_disclosure_over_objection",
        ctx.parsed.line_of("decision"),
        "已将决定公开的内容和理由书面告知第三方",
        "（未说明已书面告知第三方）",
    )
