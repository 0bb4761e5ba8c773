"""``draft``: a reply letter for a case, following the standard template for the rules' category.

Filled from the case: agency, applicant, dates, the request restated, the decision in the category's
words, the fitting article in the cited form, guidance and the remedy notice as of the letter date
(domain.md section 5). Where only staff can write the substance (the reasons for withholding) the
letter holds a placeholder 【请填写理由：…】; ``check`` reports it as an error (GK-L-045) until it is
filled in, since a refusal cannot be sent without its reasons.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from . import categories
from .errors import InputError
from .letter.articles import FULL_NAME
from .letter.facts import item_exemptions
from .letter.parse import cite_form, format_date
from .letter.profile import DEFAULT, Profile
from .letter.remedy import REVIEW_LAW_2023, review_body, withholds
from .models import Case

INDENT = "    "
#: the article (as cited) and the reason the placeholder asks for, per category (the category table's
#: first article and ``reason_prompt``)
BASIS: dict[str, tuple[str, str]] = {
    c.code: (cite_form(*c.articles[0]), c.reason_prompt)
    for c in categories.CATEGORIES
    if c.reason_prompt and c.articles
}


#: what a partial letter says of an item that is not disclosed for lack of information
PARTIAL_REASONS = {
    "cannot_provide/not_held": "经检索，本机关未制作、未获取、未保存该信息，无法提供",
    "cannot_provide/needs_creation": "因提供该信息需要对现有信息进行加工、分析，无法提供",
    "cannot_provide/unclear": "因补正后申请内容仍不明确，无法提供",
}


def _pronoun(case: Case) -> str:
    kind = case.applicant.type
    if kind == "natural_person":
        return "您"
    return "贵公司" if kind == "commercial_enterprise" else "贵单位"


def _cite(*forms: str) -> str:
    return FULL_NAME + "、".join(forms)


def _items(case: Case, indexes=None) -> str:
    chosen = [it for i, it in enumerate(case.items) if indexes is None or i in indexes]
    return "、".join(f"“{it.text}”" for it in chosen)


def _decision(
    case: Case, category: str, item_categories: list[str], you: str, exemptions: list[str | None] | None = None
) -> list[str]:
    """The decision paragraph(s): reasons, the article, the decision words, guidance."""
    if category == "open":
        disclosed = [it for it in case.items if it.facts.proactively_disclosed]
        if disclosed:
            where = (
                "、".join(it.disclosed_at for it in disclosed if it.disclosed_at) or "本机关门户网站政府信息公开专栏"
            )
            basis = cite_form(36, item=1) if len(disclosed) == len(case.items) else "第三十六条第（一）项、第（二）项"
            text = (
                f"经审查，{you}申请的信息属于可以公开的政府信息，其中{_items(case, {i for i, it in enumerate(case.items) if it.facts.proactively_disclosed})}"
                f"已主动公开。根据{_cite(basis)}的规定，予以公开，{you}可通过{where}查阅获取"
            )
            if len(disclosed) < len(case.items):
                text += "，其余信息现随本答复书提供"
            return [text + "。"]
        return [
            f"经审查，{you}申请的信息属于可以公开的政府信息，根据{_cite(cite_form(36, item=2))}的规定，予以公开，现随本答复书提供。"
        ]
    if category == "partial":
        articles = [cite_form(37)]
        parts = []
        for i, (it, cat) in enumerate(zip(case.items, item_categories)):
            if cat == "open" and it.facts.proactively_disclosed:
                where = it.disclosed_at or "本机关门户网站政府信息公开专栏"
                parts.append(f"“{it.text}”已主动公开，予以公开，{you}可通过{where}查阅获取")
            elif cat == "open":
                parts.append(f"“{it.text}”予以公开，现随本答复书提供")
            elif cat == "partial":
                parts.append(f"“{it.text}”中不应公开的内容作区分处理后，其余部分予以公开")
            elif cat in PARTIAL_REASONS:
                parts.append(f"“{it.text}”{PARTIAL_REASONS[cat]}")
            else:
                parts.append(f"“{it.text}”{categories.label(cat)}")
            exemption = exemptions[i] if exemptions and i < len(exemptions) else None
            for spec in _articles_for(exemption or cat):
                if spec not in articles:
                    articles.append(spec)
        if not withholds(category, item_categories):
            return [
                f"经审查，根据{_cite(*articles)}的规定，对{you}的申请作区分处理，部分公开：" + "；".join(parts) + "。"
            ]
        return [
            f"经审查，{you}申请的信息中含有不应公开的内容，能够作区分处理。根据{_cite(*articles)}的规定，部分公开："
            + "；".join(parts)
            + "。",
            "不予公开部分的理由：【请填写理由：逐项说明不予公开的内容及其为何属于所引条款的情形】。",
        ]
    if category in BASIS:
        article, ask = BASIS[category]
        return [
            f"经审查，{you}申请的{_items(case)}【请填写理由：{ask}】。该信息中不应公开的内容无法作区分处理。"
            f"根据{_cite(article)}的规定，不予公开。"
        ]
    if category == "refused/admin_query":
        return [
            f"经审查，{you}申请的信息属于工商、不动产登记资料等有关法律、行政法规对信息的获取有特别规定的信息，"
            f"根据{_cite(cite_form(36, item=7))}的规定，不予公开，请{you}依照有关法律、行政法规的规定办理。"
        ]
    if category == "cannot_provide/not_held":
        others = [it.other_agency for it in case.items if it.facts.not_held and it.other_agency]
        if others:
            refer = "；".join(
                f"该信息由{a.name}掌握" + (f"，联系方式：{a.contact}" if a.contact else "") for a in others
            )
            return [
                f"经检索，本机关未制作、未获取、未保存{you}申请的信息，该信息不属于本机关负责公开的范围。"
                f"根据{_cite(cite_form(36, item=5))}的规定，本机关无法提供，{refer}。"
            ]
        return [
            f"经检索，本机关未制作、未获取、未保存{you}申请的信息，该信息不存在。"
            f"根据{_cite(cite_form(36, item=4))}的规定，本机关无法提供。"
        ]
    if category == "cannot_provide/needs_creation":
        return [
            f"经审查，提供{you}申请的信息需要对现有信息进行加工、分析，本机关没有现成信息。"
            f"根据{_cite(cite_form(38))}的规定，无法提供。"
        ]
    if category == "cannot_provide/unclear":
        when = case.procedure.correction_requested
        said = f"本机关已于{format_date(when)}通知{you}补正" if when else f"本机关已通知{you}补正"
        return [
            f"{said}，因补正后申请内容仍不明确，本机关无法确定{you}所需的政府信息。"
            f"根据{_cite(cite_form(30))}的规定，无法提供。"
        ]
    if category == "not_processed/petition":
        return [
            f"经审查，{you}的申请属于以政府信息公开申请的形式进行信访、投诉、举报，根据{_cite(cite_form(39, 1))}的规定，"
            f"不作为政府信息公开申请处理，即不予处理，{you}可以通过信访、投诉、举报渠道反映。"
        ]
    if category == "not_processed/repeat":
        return [
            f"因{you}的申请与本机关已经答复的申请内容相同，属于重复申请，根据{_cite(cite_form(36, item=6))}的规定，"
            "本机关不再重复处理。"
        ]
    if category == "not_processed/publication":
        return [
            f"经审查，{you}申请获取的是公开出版物，根据{_cite(cite_form(39, 2))}的规定，不予处理，"
            f"{you}可通过公开发行渠道、公共图书馆或本机关政府信息公开查阅点获取。"
        ]
    if category == "not_processed/excessive":
        return [
            f"因{you}申请的数量、频次明显超过合理范围，且说明的理由不合理，根据{_cite(cite_form(35))}的规定，不予处理。"
        ]
    if category == "not_processed/confirm_reissue":
        return [
            f"经审查，{you}要求本机关确认或重新出具已获取的信息，该要求不属于政府信息公开申请的处理范围，本机关不予处理。"
        ]
    if category == "other":
        if case.facts.fee_unpaid_in_time and not case.facts.no_correction_in_time:
            return [
                f"因{you}逾期未按收费通知要求缴纳信息处理费，根据{_cite(cite_form(42))}的规定，本机关不再处理该政府信息公开申请。"
            ]
        return [
            f"因{you}无正当理由逾期未补正，根据{_cite(cite_form(30))}的规定，视为放弃申请，本机关不再处理该政府信息公开申请。"
        ]
    raise InputError(f"无法为类别 {category} 起草答复书")


def _articles_for(category: str) -> list[str]:
    """The article a partial letter cites for an item of ``category`` (the first that fits, domain.md section 2)."""
    if category in BASIS:
        return [BASIS[category][0]]
    specs = categories.articles(category)
    return [cite_form(*specs[0])] if specs and category not in ("open", "partial") else []


def remedy_notice(
    agency: str, category: str, day: _dt.date, profile: Profile = DEFAULT, item_categories: list[str] | None = None
) -> str:
    body = review_body(agency, profile, day)
    if profile.remedy.review_address:
        body += f"（地址：{profile.remedy.review_address}）"
    if day >= REVIEW_LAW_2023 and withholds(category, item_categories):
        return (
            f"如对本答复不服，可以自收到本答复之日起60日内向{body}申请行政复议；"
            "对行政复议决定不服的，可以自收到行政复议决定书之日起15日内向人民法院提起行政诉讼。"
        )
    return f"如对本答复不服，可以自收到本答复之日起60日内向{body}申请行政复议，或者在6个月内向人民法院提起行政诉讼。"


def draft_letter(
    case: Case, outcome, profile: Profile | None = None, *, number: int = 1, day: _dt.date | None = None
) -> str:
    """The reply letter as text (one paragraph per line), for the rules' category in ``outcome``."""
    profile = profile or DEFAULT
    category = outcome.category
    item_categories = [it.category for it in outcome.items]
    day = day or (case.decision.reply_date if case.decision and case.decision.reply_date else _dt.date.today())
    you = _pronoun(case)
    prefix = profile.doc_number.prefix or "依申请公开"
    lines = [
        f"{case.agency}政府信息公开申请答复书",
        f"{prefix}〔{day.year}〕{number}号",
        f"{case.applicant.name}：",
        f"{INDENT}本机关于{format_date(case.received)}收到{you}提交的政府信息公开申请，{you}申请公开{_items(case)}。",
    ]
    lines += [INDENT + p for p in _decision(case, category, item_categories, you, item_exemptions(outcome))]
    if category in ("open", "partial") and any(
        it.facts.third_party_rights and not it.facts.third_party_consent and it.facts.public_interest_override
        for it in case.items
    ):
        # 条例第三十二条: disclosure over the third party's objection is notified to it in writing
        lines.append(INDENT + "本机关已将决定公开的政府信息内容和理由书面告知第三方。")
    lines.append(INDENT + remedy_notice(case.agency, category, day, profile, item_categories))
    lines += [case.agency, format_date(day)]
    return "\n".join(lines) + "\n"


def write_docx(text: str, path: str | Path) -> None:
    """Write the letter as .docx: title centred and bold, body paragraphs indented, signature and date right."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    lines = text.rstrip("\n").split("\n")
    for i, line in enumerate(lines):
        para = doc.add_paragraph()
        content = line[len(INDENT) :] if line.startswith(INDENT) else line
        run = para.add_run(content)
        if i == 0:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold = True
            run.font.size = Pt(16)
        elif i == 1:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif i >= len(lines) - 2:
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif line.startswith(INDENT):
            para.paragraph_format.first_line_indent = Pt(24)
    doc.save(str(path))
