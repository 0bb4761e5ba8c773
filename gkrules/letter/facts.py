"""Letter facts: the parsed letter, the case, the category and the agency profile turned into booleans.

Every fact is a plain Python judgement (regexes, dates, numbers); the rules in ``rules/letter/``
decide which combinations are findings. Beside the booleans travel the details a message needs
(``expected``, ``found``, ``line``), keyed by fact name.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from .. import categories
from ..models import Case
from .parse import (
    PLACEHOLDER_RE,
    TITLE_OK_RE,
    ParsedLetter,
    cite_form,
    format_date,
    sentences,
)
from .profile import DEFAULT, Profile
from .remedy import expected_body_text, review_body_findings, withholds

FULL_NAME = "《中华人民共和国政府信息公开条例》"

#: (article, paragraph, item) that fit each category (domain.md section 2); None = not stated / any
ARTICLES: dict[str, list[tuple[int, int | None, int | None]]] = {
    "open": [(36, None, 1), (36, None, 2)],
    "partial": [(37, None, None)],
    "refused/state_secret": [(14, None, None)],
    "refused/law_prohibited": [(14, None, None)],
    "refused/security_stability": [(14, None, None)],
    "refused/third_party": [(15, None, None), (32, None, None)],
    "refused/internal_affairs": [(16, 1, None)],
    "refused/process_info": [(16, 2, None)],
    "refused/enforcement_file": [(16, 2, None)],
    "refused/admin_query": [(36, None, 7)],
    "cannot_provide/not_held": [(36, None, 4), (36, None, 5)],
    "cannot_provide/needs_creation": [(38, None, None)],
    "cannot_provide/unclear": [(30, None, None)],
    "not_processed/petition": [(39, 1, None)],
    "not_processed/repeat": [(36, None, 6)],
    "not_processed/publication": [(39, 2, None)],
    "not_processed/excessive": [(35, None, None)],
    "not_processed/confirm_reissue": [],
    "other": [(30, None, None), (42, None, None)],
}

DECISION_WORDS: dict[str, str] = {
    "open": r"予以公开|同意公开|予以提供|随(本答复书|本告知书|函|文)(附|提供)|现(予|将)?提供|已(经|于)?[^，。；]{0,12}主动公开|现予公开",
    "partial": r"部分公开|区分处理|部分予以公开|部分内容.{0,12}(不予公开|予以公开)",
    "refused": r"不予公开|不得公开|不能公开|不属于公开范围|不应当公开|不宜公开|不予提供",
    "cannot_provide": r"无法提供|不能提供|未制作|未获取|未保存|不存在|不掌握|不属于本(机关|局|单位)|非本(机关|局|单位)|另行制作|不予提供|仍不明确|仍然不明确",
    "not_processed": r"不予处理|不作为政府信息公开申请处理|不再(重复)?(处理|答复)|不属于政府信息公开申请|不予受理",
    "other": r"不再处理|视为放弃|终止(处理|办理)",
}
#: words that contradict a category wherever they stand in the decision part
CONFLICT_WORDS: dict[str, str] = {
    "open": r"不予公开|无法提供|不予处理|不予提供|不能提供",
    "refused": r"(?<!部分)(?<!其余部分)(?<!其余内容)予以公开|(?<![不未])同意公开",
    "cannot_provide": r"(?<!部分)(?<!其余部分)(?<!其余内容)予以公开|(?<![不未])同意公开",
    "not_processed": r"(?<!部分)(?<!其余部分)(?<!其余内容)予以公开|(?<![不未])同意公开",
    "other": r"(?<!部分)(?<!其余部分)(?<!其余内容)予以公开|(?<![不未])同意公开",
}
PUBLICATION_WORDS = r"可(以)?(通过|到|至|向|在).{0,40}(获取|购买|查阅|订阅)"

REASON_MARKERS = re.compile(
    r"因|由于|鉴于|理由|属于|涉及|系|包含|含有|载有|不符合|需要对|需对|已(经)?(答复|主动公开|作出)|不掌握|未制作|未获取|"
    r"未保存|不存在|出版物|信访|投诉|举报|逾期|经检索|经查"
)
ARTICLE_WORDS = [
    "中华人民共和国政府信息公开条例",
    "政府信息公开条例",
    "商业秘密",
    "个人隐私",
    "第三方",
    "合法权益",
    "造成损害",
    "损害",
    "内部事务信息",
    "内部事务",
    "人事管理",
    "后勤管理",
    "内部工作流程",
    "过程性信息",
    "讨论记录",
    "过程稿",
    "磋商信函",
    "请示报告",
    "行政执法案卷信息",
    "行政执法案卷",
    "执法案卷",
    "可以不予公开",
    "不予公开",
    "不得公开",
    "不能公开",
    "公开会对",
    "政府信息",
    "您申请公开的",
    "您申请的",
    "你申请的",
    "所申请的",
    "申请的",
    "信息",
    "属于",
    "涉及",
    "根据",
    "依据",
    "按照",
    "的规定",
    "规定",
    "经审查",
    "经审核",
    "本机关",
    "本局",
    "决定",
    "因此",
    "故",
    "等",
    "该",
    "的",
    "条例",
    "和",
    "及",
    "对",
    "会",
    "公开",
    "予以",
    "现",
    "您",
    "你",
    "了",
    "内容",
    "其",
    "此",
    "为",
    "是",
    "有关",
    "相关",
]
REASONS_PLACEHOLDER = re.compile(r"理由")
SEPARATION_WORDS = re.compile(r"区分处理|第三十七条|分离|区分|剔除|删除|遮盖|隐去|拆分|去除")
GUIDANCE_WORDS = re.compile(r"网站|网址|https?://|www\.|平台|专栏|栏目|公报|查阅|登录|访问|可通过|可在|可到|可至")
PUBLICATION_GUIDANCE = re.compile(r"可(以)?(通过|到|至|向|在)|购买|订阅|图书馆|档案馆|查阅|书店|邮局|发行")
REVIEW_BODY_RE = re.compile(r"向(?P<body>[^，。；,;]{2,40}?)(申请行政复议|提出行政复议申请|申请复议)")
SIGNATURE_MARKS = re.compile(r"[（(](盖章|印章|公章|章)[)）]$")

#: 条例第十五条 and the discretionary grounds of 第十六条: reasons must say why this information falls under them
MINIMAL_USE = frozenset(
    {"refused/third_party", "refused/internal_affairs", "refused/process_info", "refused/enforcement_file"}
)

OLD_REGULATION_TEXT = re.compile(
    r"国务院令第\s*492\s*号|492号令|2007年4月5日|2008年5月1日起施行|生产、生活、科研等特殊需要|"
    r"2007年.{0,6}《中华人民共和国政府信息公开条例》"
)


FEE_CHARGE = re.compile(r"(收取|缴纳|支付|交纳)[^。；]{0,12}信息处理费|信息处理费[^。；]{0,20}\d+\s*元")
FEE_UNPAID = re.compile(r"逾期未(按收费通知要求)?(缴纳|支付|交纳)|逾期不(缴纳|支付|交纳)")


def fee_in_letter(parsed: ParsedLetter) -> tuple[bool, int | None, int | None, int | None]:
    """``(charged, requests this month, pages, line)`` as the letter states them."""
    charged, requests, pages, line = False, None, None, None
    for n, s in sentences(parsed):
        if FEE_CHARGE.search(s) and not FEE_UNPAID.search(s):
            charged, line = True, line or n
    if charged:
        text = parsed.body_text()
        req = [int(x) for x in re.findall(r"(\d+)\s*件", text)]
        pg = [int(x) for x in re.findall(r"(\d+)\s*页", text)]
        requests = max(req) if req else None
        pages = max(pg) if pg else None
    return charged, requests, pages, line


@dataclass
class LetterFacts:
    facts: dict[str, bool]
    details: dict[str, dict] = field(default_factory=dict)
    on: _dt.date | None = None


Spec = tuple[int, int | None, int | None]


def item_exemptions(outcome) -> list[str | None]:
    """Per item of a classification outcome: the exemption category an item was separated from (条例第三十七条),
    else None."""
    return [it.decision.winner.category if it.separation is not None else None for it in outcome.items]


def article_groups(
    category: str, item_categories: list[str] | None = None, exemptions: list[str | None] | None = None
) -> list[list[Spec]]:
    """What the letter must cite: one article of each group.

    ``partial`` from a separable exemption: 第三十七条 and the exemption's article; ``partial`` from mixed
    items: the article of each withheld item's category (and 第三十七条 where an item was separated)."""
    if category != "partial":
        specs = list(ARTICLES.get(category, []))
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
        specs = list(ARTICLES.get(cat, []))
        if specs and specs not in groups:
            groups.append(specs)
    if separated or not groups:
        groups.insert(0, list(ARTICLES["partial"]))
    return groups


def expected_articles(
    category: str, item_categories: list[str] | None = None, exemptions: list[str | None] | None = None
) -> list[Spec]:
    """Every article of :func:`article_groups`, flattened."""
    return [s for g in article_groups(category, item_categories, exemptions) for s in g]


def _group_text(group: list[Spec]) -> str:
    forms = list(dict.fromkeys(cite_form(*s) for s in group))
    return "或".join(forms)


def article_text(specs: list[Spec] | list[list[Spec]]) -> str:
    """``specs`` as alternatives, or groups (all needed) of alternatives."""
    if not specs:
        return "（无）"
    if isinstance(specs[0], tuple):
        return FULL_NAME + _group_text(specs)
    if len(specs) == 1:
        return FULL_NAME + _group_text(specs[0])
    return FULL_NAME + "和".join(_group_text(g) if len(g) == 1 else f"（{_group_text(g)}）" for g in specs)


def _fits(c, spec) -> bool:
    art, para, item = spec
    if c.article != art:
        return False
    if para is not None and c.para not in (None, para):
        return False
    if item is not None and c.item != item:
        return False
    return True


def _strip_agency_marks(text: str) -> str:
    return SIGNATURE_MARKS.sub("", text).strip()


def _strip_name(text: str) -> str:
    name = re.sub(r"^尊敬的", "", text)
    return re.sub(r"(先生|女士|同志)$", "", name).strip()


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
    f: dict[str, bool] = {}
    d: dict[str, dict] = {}
    text = parsed.text
    group = categories.get(category).group
    decision = case.decision
    reply_date = decision.reply_date if decision else None
    letter_day = parsed.letter_date.date if parsed.letter_date else None
    on = reply_date or letter_day or case.received

    def put(name: str, value: bool, line: int | None = None, expected: object = None, found: object = None, **more):
        f[name] = bool(value)
        if value:
            d[name] = {"line": line, "expected": expected, "found": found, **more}

    # category (draft vs rules)
    differs = rules_category is not None and decision is not None and decision.category != rules_category
    put(
        "draft_category_differs",
        differs,
        None,
        rules_category and categories.label(rules_category),
        decision and categories.label(decision.category),
    )

    # title
    title = parsed.elements.get("title")
    put(
        "title_missing",
        title is None,
        1,
        "<机关名称>政府信息公开申请答复书",
        parsed.lines[0].strip() if parsed.lines else "（空）",
    )
    if title is not None:
        ok = bool(TITLE_OK_RE.search(title.text)) or any(title.text.endswith(w) for w in profile.title.wordings)
        put(
            "title_wrong_type",
            not ok,
            title.line,
            "…政府信息公开申请答复书 / …答复告知书 / 政府信息公开告知书",
            title.text,
        )
        head = re.split(r"政府信息|关于", title.text, maxsplit=1)[0]
        put(
            "title_agency_mismatch",
            bool(head) and head != case.agency and len(head) >= 4,
            title.line,
            f"{case.agency}政府信息公开申请答复书",
            title.text,
        )
        without = ok and title.text.startswith("政府信息") and profile.title.agency_name == "required"
        put("title_without_agency", without, title.line, f"{case.agency}政府信息公开申请答复书", title.text)
    else:
        put("title_wrong_type", False)
        put("title_agency_mismatch", False)
        put("title_without_agency", False)

    # 文号
    dn = parsed.doc_number
    dn_el = parsed.elements.get("doc_number")
    put(
        "doc_number_missing",
        dn_el is None and profile.doc_number.required,
        parsed.line_of("title"),
        f"{profile.doc_number.prefix or '<机关代字>'}〔{on.year}〕N号",
        "（无文号）",
    )
    year = letter_day.year if letter_day else on.year
    good = f"{(dn.prefix if dn else None) or profile.doc_number.prefix or '<机关代字>'}〔{year}〕{dn.number if dn else 'N'}号"
    if dn is not None:
        bracket_ok = (
            dn.bracket == "〔〕"
            or (dn.bracket in ("（）", "()") and profile.tolerates("round-brackets"))
            or (dn.bracket in ("[]", "［］", "【】") and profile.tolerates("square-brackets"))
        )
        put("doc_number_bracket_wrong", not bracket_ok, dn.line, good, dn.raw)
        put("doc_number_has_di", dn.di and not profile.tolerates("di"), dn.line, good, dn.raw)
        put(
            "doc_number_leading_zero",
            dn.number_text[0] in "0０" and not profile.tolerates("leading-zero"),
            dn.line,
            good,
            dn.raw,
        )
        put("doc_number_short_year", len(dn.year_text) != 4, dn.line, good, dn.raw)
        put(
            "doc_number_year_mismatch",
            len(dn.year_text) == 4 and dn.year != year,
            dn.line,
            f"{year}年（答复日期的年份）",
            f"{dn.year}年（{dn.raw}）",
        )
        prefix = profile.doc_number.prefix
        put(
            "doc_number_prefix_wrong",
            bool(prefix) and dn.prefix != prefix,
            dn.line,
            prefix,
            dn.prefix or "（无机关代字）",
        )
    else:
        malformed = dn_el is not None
        put("doc_number_bracket_wrong", malformed, dn_el.line if dn_el else None, good, dn_el.text if dn_el else None)
        for name in (
            "doc_number_has_di",
            "doc_number_leading_zero",
            "doc_number_short_year",
            "doc_number_year_mismatch",
            "doc_number_prefix_wrong",
        ):
            put(name, False)

    # salutation
    sal = parsed.elements.get("salutation")
    name = case.applicant.name
    put("salutation_missing", sal is None, None, f"{name}：", "（无称呼）")
    if sal is not None:
        written = _strip_name(re.sub(r"[：:]$", "", sal.text))
        put("salutation_name_mismatch", written != name, sal.line, f"{name}：", sal.text)
    else:
        put("salutation_name_mismatch", False)

    # receipt
    receipt = parsed.elements.get("receipt")
    put(
        "receipt_missing",
        receipt is None,
        None,
        f"本机关于{format_date(case.received)}收到……申请",
        "（未写收到申请的日期）",
    )
    if receipt is not None:
        rd = parsed.receipt_date
        wrong = rd is None or rd.date != case.received
        put(
            "receipt_date_mismatch",
            wrong,
            receipt.line,
            format_date(case.received),
            rd.raw if rd else "（收到申请一句中没有日期）",
        )
    else:
        put("receipt_date_mismatch", False)

    # request
    put(
        "request_missing",
        "request" not in parsed.elements,
        parsed.line_of("receipt"),
        f"复述申请内容，如：您申请公开“{case.items[0].text}”",
        "（未复述申请内容）",
    )

    # decision words
    body = parsed.body_text()
    remedy_line = parsed.line_of("remedy")
    decision_part = "\n".join(t for n, t in parsed.body if remedy_line is None or n < remedy_line) or body
    found_groups = [g for g, rx in DECISION_WORDS.items() if re.search(rx, decision_part)]
    expected_hit = group in found_groups or (
        category == "not_processed/publication" and re.search(PUBLICATION_WORDS, decision_part)
    )
    want = categories.GROUP_LABELS[group]
    put("decision_missing", not found_groups and not expected_hit, None, want, "（未写处理决定）")
    others = [categories.GROUP_LABELS[g] for g in found_groups if g != group]
    conflict = re.search(CONFLICT_WORDS[group], decision_part) if group in CONFLICT_WORDS else None
    mismatch_line = _line_of(parsed, DECISION_WORDS, found_groups)
    if conflict is not None:
        mismatch_line = next((n for n, t in parsed.body if conflict.group(0) in t), mismatch_line)
    put(
        "decision_words_mismatch",
        (bool(found_groups) and not expected_hit) or conflict is not None,
        mismatch_line,
        want,
        conflict.group(0) if conflict is not None else "、".join(dict.fromkeys(others)),
    )
    hit_line = _line_of(parsed, DECISION_WORDS, [group]) if expected_hit else None
    if hit_line:
        parsed.elements.setdefault("decision", _el("decision", hit_line))

    # fee (条例第四十二条, 国办函〔2020〕109号)
    charged, requests, pages, fee_line = fee_in_letter(parsed)
    from ..fees import fee_facts

    not_allowed = False
    if charged:
        not_allowed = fee_facts(requests, pages, True)["fee_charged_not_allowed"]
    f["fee_charged"] = charged
    put(
        "fee_charged_not_allowed",
        not_allowed,
        fee_line,
        "本月申请超过10件或页数超过30页才可收费",
        f"本月{requests if requests is not None else '（未写）'}件，{pages if pages is not None else '（未写）'}页",
    )
    from ..fees import amount_facts, expected_text

    amount_m = re.search(r"(\d+)\s*元", parsed.lines[fee_line - 1]) if charged and fee_line else None
    amount = int(amount_m.group(1)) if amount_m and len(amount_m.group(1)) <= 9 else None
    put(
        "fee_amount_not_this_application",
        charged and not not_allowed and amount_facts(requests, pages, amount)["fee_amount_not_this_application"],
        fee_line,
        expected_text(requests, pages),
        f"{amount}元",
    )

    # legal basis
    regulation = [c for c in parsed.citations if c.of_regulation]
    groups = article_groups(category, item_categories, exemptions)
    f["legal_basis_required"] = bool(groups)
    first = regulation[0].line if regulation else None
    put("cites_regulation", bool(regulation), first)
    f["cites_fitting_article"] = bool(groups) and all(any(_fits(c, s) for c in regulation for s in g) for g in groups)
    d["legal_basis"] = {
        "line": first,
        "expected": article_text(groups),
        "found": "、".join(c.law + c.raw for c in regulation) or "（未引用条例）",
    }
    if regulation:
        parsed.elements.setdefault("legal_basis", _el("legal_basis", first))
    form_bad = [c for c in regulation if c.arabic or (c.law != FULL_NAME and FULL_NAME not in text)]
    put(
        "citation_form_wrong",
        bool(form_bad),
        form_bad[0].line if form_bad else None,
        FULL_NAME + (form_bad[0].cited_form() if form_bad else "第X条"),
        form_bad[0].law + form_bad[0].raw if form_bad else None,
    )
    old = _old_regulation(parsed, regulation)
    put(
        "cites_2007_regulation",
        old is not None,
        old[0] if old else None,
        "《中华人民共和国政府信息公开条例》（国务院令第711号，2019年5月15日施行）",
        old[1] if old else None,
    )

    # reasons
    reasons_required = group in ("refused", "partial", "cannot_provide", "not_processed")
    f["reasons_required"] = reasons_required
    receipt_line = parsed.line_of("receipt")
    reason_sents = [
        (n, s)
        for n, s in sentences(parsed, remedy_line)
        if (REASON_MARKERS.search(s) or PLACEHOLDER_RE.search(s))
        and not (n == receipt_line and _is_receipt_sentence(s))
    ]
    f["has_reasons"] = bool(reason_sents)
    d["reasons"] = {
        "line": reason_sents[0][0] if reason_sents else parsed.line_of("decision"),
        "expected": "不予公开、无法提供或不予处理的理由",
        "found": "（未说明理由）",
    }
    if reason_sents:
        parsed.elements.setdefault("reasons", _el("reasons", reason_sents[0][0]))
    ph = [(n, t) for n, t in parsed.body if PLACEHOLDER_RE.search(t)]
    marks = [(n, m.group(0)) for n, t in parsed.body for m in PLACEHOLDER_RE.finditer(t)]
    # a reasons placeholder in a letter that must give reasons cannot be sent (GK-L-045); other placeholders remind
    reason_marks = [(n, m) for n, m in marks if REASONS_PLACEHOLDER.search(m)]
    blocking = reason_marks if reasons_required else []
    put(
        "reasons_placeholder",
        bool(reason_marks),
        reason_marks[0][0] if reason_marks else None,
        "写明" + ("部分公开中不予公开部分" if group == "partial" else categories.GROUP_LABELS[group]) + "的具体理由",
        reason_marks[0][1] if reason_marks else None,
    )
    rest = [x for x in marks if x not in blocking]
    put("unfilled_placeholder", bool(rest), rest[0][0] if rest else None, "填写完整", rest[0][1] if rest else None)
    minimal = category in MINIMAL_USE or (
        category == "partial" and any(c in MINIMAL_USE for c in (item_categories or []))
    )
    f["minimal_use_ground"] = minimal
    only_words = bool(reason_sents) and not ph and _only_article_words(" ".join(s for _, s in reason_sents))
    put(
        "reasons_only_article_words",
        only_words,
        reason_sents[0][0] if reason_sents else None,
        "说明该信息为何属于该情形（具体内容、对谁的何种权益造成何种损害、为何属于内部事务或过程性信息）",
        reason_sents[0][1] if reason_sents else None,
    )
    f["whole_document_refusal"] = category in categories.EXEMPTIONS
    sep = SEPARATION_WORDS.search(body)
    f["separation_considered"] = bool(sep)
    d["whole_document_refusal"] = {
        "line": parsed.line_of("decision"),
        "expected": "说明不应公开的部分能否区分处理（条例第三十七条）",
        "found": "（未提及区分处理）",
    }

    # guidance
    disclosed = [
        it
        for i, it in enumerate(case.items)
        if it.facts.proactively_disclosed
        and (item_categories is None or i >= len(item_categories) or item_categories[i] == "open")
    ]
    f["needs_disclosure_guidance"] = group in ("open", "partial") and bool(disclosed)
    where = [it.disclosed_at for it in disclosed if it.disclosed_at]
    # where/how to get it is said outside the remedy notice (its 可在…日内 / 可以在6个月内 is no place)
    guidance_text = _guidance_text(parsed)
    has_where = any(w in guidance_text for w in where) or bool(GUIDANCE_WORDS.search(guidance_text))
    f["has_disclosure_guidance"] = has_where
    d["needs_disclosure_guidance"] = {
        "line": parsed.line_of("decision"),
        "expected": "、".join(where) or "获取途径（网址、栏目或查阅地点）",
        "found": "（未告知获取途径）",
    }
    referral = [it.other_agency for it in case.items if it.facts.not_held and it.other_agency]
    f["needs_other_agency_referral"] = category == "cannot_provide/not_held" and bool(referral)
    named = all(a.name in text and (not a.contact or a.contact in text) for a in referral)
    f["other_agency_named_with_contact"] = named
    d["needs_other_agency_referral"] = {
        "line": parsed.line_of("decision"),
        "expected": "；".join(f"{a.name}（{a.contact or '联系方式'}）" for a in referral),
        "found": "、".join(x for a in referral for x in (a.name, a.contact or "") if x and x in text) or "（未告知）",
    }
    f["needs_publication_guidance"] = category == "not_processed/publication"
    f["has_publication_guidance"] = bool(PUBLICATION_GUIDANCE.search(guidance_text))
    d["needs_publication_guidance"] = {
        "line": parsed.line_of("decision"),
        "expected": "获取该出版物的途径",
        "found": "（未告知获取途径）",
    }

    guidance_rx = None
    if f["needs_other_agency_referral"]:
        guidance_rx = re.compile("|".join(re.escape(a.name) for a in referral))
    elif f["needs_publication_guidance"]:
        guidance_rx = PUBLICATION_GUIDANCE
    elif f["needs_disclosure_guidance"]:
        guidance_rx = GUIDANCE_WORDS
    if guidance_rx is not None:
        hit = parsed.find(guidance_rx)
        if hit and (remedy_line is None or hit[0] < remedy_line):
            parsed.elements.setdefault("guidance", _el("guidance", hit[0]))

    # remedy
    remedy_text = "\n".join(t for n, t in parsed.body if remedy_line is not None and n >= remedy_line)
    f["has_remedy"] = remedy_line is not None
    d["has_remedy"] = {
        "line": parsed.line_of("signature"),
        "expected": _remedy_expected(withholds(category, item_categories), on, profile),
        "found": "（未告知救济途径）",
    }
    clauses = [c for c in re.split(r"[；;。]|，或者|，或|，也可以|或者(?=.{0,20}诉讼)", remedy_text) if c.strip()]
    review = [c for c in clauses if "复议" in c and "复议决定" not in c]
    direct = [c for c in clauses if "诉讼" in c and not re.search(r"复议决定|复议机关|复议后|复议期满", c)]
    after = [c for c in clauses if "诉讼" in c and re.search(r"复议决定|复议机关|复议后|复议期满", c)]
    f["refusal_decision"] = withholds(category, item_categories)
    put("remedy_offers_review", bool(review) or "复议" in remedy_text, remedy_line)
    put(
        "remedy_offers_direct_suit",
        bool(direct),
        remedy_line,
        "先申请行政复议；对复议决定不服的，可在15日内提起行政诉讼",
        direct[0].strip() if direct else None,
    )
    d["refusal_decision"] = {
        "line": remedy_line,
        "expected": _remedy_expected(withholds(category, item_categories), on, profile),
        "found": remedy_text.strip()[:80],
    }
    put(
        "review_period_missing",
        ("复议" in remedy_text) and not re.search(r"(60|六十)(日|天)|两个月|2个月", remedy_text),
        remedy_line,
        "自收到本答复之日起60日内申请行政复议",
        remedy_text.strip()[:80],
    )
    suit_missing = (bool(direct) and not re.search(r"(6|六)个月", remedy_text)) or (
        bool(after) and not re.search(r"(15|十五)(日|天)", remedy_text)
    )
    put(
        "suit_period_missing",
        suit_missing,
        remedy_line,
        "直接起诉：6个月内；复议后起诉：收到复议决定书之日起15日内",
        remedy_text.strip()[:80],
    )
    body_match = REVIEW_BODY_RE.search(remedy_text)
    named_body = body_match.group("body") if body_match else None
    want_body = profile.remedy.review_body
    put(
        "review_body_missing",
        "复议" in remedy_text and named_body is None,
        remedy_line,
        expected_body_text(case.agency, profile, on),
        "（未写向哪个机关申请行政复议）",
    )
    put(
        "review_body_mismatch",
        bool(want_body) and named_body is not None and want_body not in remedy_text,
        remedy_line,
        want_body,
        named_body,
    )
    for name, (holds, expected, found) in review_body_findings(case.agency, profile, on, named_body).items():
        put(name, holds, remedy_line, expected, found)
    addr = profile.remedy.review_address
    put(
        "review_address_missing",
        bool(addr) and "复议" in remedy_text and addr not in text,
        remedy_line,
        addr,
        "（未写地址）",
    )

    # signature
    sig = parsed.elements.get("signature")
    agency_lines = [
        n for n, t in enumerate(parsed.lines, 1) if _strip_agency_marks(t.strip(" \t\u3000")) == case.agency
    ]
    put("signature_missing", sig is None and not agency_lines, parsed.line_of("date"), case.agency, "（无落款）")
    put(
        "signature_mismatch",
        sig is not None and not agency_lines and _strip_agency_marks(sig.text) != case.agency,
        sig.line if sig else None,
        case.agency,
        sig.text if sig else None,
    )

    # date
    ld = parsed.letter_date
    want_date = format_date(reply_date) if reply_date else "YYYY年M月D日"
    put("date_missing", ld is None, None, want_date, "（无落款日期）")
    all_dates = [pd for pd in parsed.dates] + ([ld] if ld else [])
    chinese = [x for x in all_dates if x.style == "chinese"]
    arabic = [x for x in all_dates if x.style == "arabic"]
    if ld is not None:
        bad = ld.style in ("other", "mixed") or ld.leading_zero or ld.fullwidth or ld.date is None
        put("date_format_wrong", bad, ld.line, want_date, ld.raw)
        put(
            "date_mismatch",
            reply_date is not None and ld.date is not None and ld.date != reply_date,
            ld.line,
            want_date,
            ld.raw,
        )
    else:
        put("date_format_wrong", False)
        put("date_mismatch", False)
    mixed = bool(chinese) and bool(arabic)
    culprit = (chinese[0] if ld is None or ld.style != "chinese" else arabic[0]) if mixed else None
    put(
        "dates_mixed_numerals",
        mixed,
        culprit.line if culprit else None,
        "全文日期统一使用阿拉伯数字（或统一使用汉字）",
        culprit.raw if culprit else None,
    )
    return LetterFacts(f, d, on)


REMEDY_CLAUSE = re.compile(r"不服|复议|诉讼")


def _guidance_text(parsed: ParsedLetter) -> str:
    """The body without the remedy notice: each sentence up to its first clause about 不服/复议/诉讼.

    The signature and date are not part of the body."""
    kept = []
    for _, sentence in sentences(parsed):
        clauses = re.split(r"(?<=[，,])", sentence)
        for clause in clauses:
            if REMEDY_CLAUSE.search(clause):
                break
            kept.append(clause)
        kept.append("\n")
    return "".join(kept)


def _is_receipt_sentence(sentence: str) -> bool:
    return bool(re.search(r"收到|收悉", sentence)) and not re.search(r"因|由于|鉴于|属于|涉及", sentence)


def _el(name: str, line: int):
    from .parse import Element

    return Element(name, line, "")


def _line_of(parsed: ParsedLetter, words: dict[str, str], groups: list[str]) -> int | None:
    for g in groups:
        for n, t in parsed.body:
            if re.search(words[g], t):
                return n
    return None


def _only_article_words(text: str) -> bool:
    text = re.sub(r"《[^》]*》", "", text)
    text = re.sub(r"第[^条]{1,4}条(第[^款]{1,3}款)?(第?[（(][^）)]{1,3}[）)]项?)?", "", text)
    for w in sorted(ARTICLE_WORDS, key=len, reverse=True):
        text = text.replace(w, "")
    rest = re.sub(r"[\W\d_a-zA-Z]", "", text)
    return len(rest) < 8


def _old_regulation(parsed: ParsedLetter, regulation) -> tuple[int, str] | None:
    for n, t in enumerate(parsed.lines, 1):
        m = OLD_REGULATION_TEXT.search(t)
        if m:
            return n, m.group(0)
    for c in regulation:
        if c.article in (8, 21) or (c.article == 14 and c.para == 4):
            return c.line, c.law + c.raw
    return None


def _remedy_expected(refusal: bool, on: _dt.date, profile: Profile) -> str:
    body = profile.remedy.review_body or "本级人民政府（或上一级主管部门）"
    if on >= _dt.date(2024, 1, 1) and refusal:
        return f"自收到本答复之日起60日内向{body}申请行政复议；对复议决定不服的，可自收到复议决定书之日起15日内提起行政诉讼"
    return f"自收到本答复之日起60日内向{body}申请行政复议，或者在6个月内向人民法院提起行政诉讼"
