"""理由: the reasons a withholding reply must give (条例第三十六条第（三）项至第（七）项, 第三十八条, 第三十九条),
recognised by what they say (``rules/letter/wordings/reasons.yml``, by category); placeholders left
unfilled; reasons that only repeat the article's words; whether separation was considered (第三十七条);
the law named where a law forbids disclosure (第十四条); a search stated where the agency does not hold
the information (第三十六条第（四）项)."""

from __future__ import annotations

from ... import patterns
from ... import categories
from .. import meaning
from ..parse import PLACEHOLDER_RE
from ..wordings import load
from . import Context, produces

REASONS_PLACEHOLDER = patterns.compile(r"理由")
#: 条例第十五条 and the discretionary grounds of 第十六条: reasons must say why this information falls under them
MINIMAL_USE = frozenset(
    {"refused/third_party", "refused/internal_affairs", "refused/process_info", "refused/enforcement_file"}
)


#: categories decided by what the application itself is (a report or complaint, 条例第三十九条第一款; the
#: same application again, 第三十六条第（六）项): the receipt or request sentence that says so gives the reason
NATURE_OF_APPLICATION = frozenset({"not_processed/petition", "not_processed/repeat"})


def _part(ctx: Context) -> tuple[tuple[int, str], ...]:
    """The sentences that may give reasons: before the remedy notice, without the receipt and request
    sentences (unless such a sentence goes on to cite an article and decide)."""
    return meaning.without_head(ctx.parsed)


def only_article_words(text: str) -> bool:
    """Whether ``text`` says little beyond the words of the articles (the wordings' ``article_words``)."""
    text = patterns.compile(r"《[^》]*》").sub("", text)
    text = patterns.compile(r"第[^条]{1,4}条(第[^款]{1,3}款)?(第?[（(][^）)]{1,3}[）)]项?)?").sub("", text)
    words = sorted((e.pattern for e in load("reasons").entries("article_words")), key=len, reverse=True)
    for w in words:
        text = patterns.compile(w).sub("", text)
    rest = patterns.compile(r"[\W\d_a-zA-Z]").sub("", text)
    return len(rest) < 8


def _categories(ctx: Context) -> list[str]:
    if ctx.category == "partial":
        return [c for c in (ctx.item_categories or []) if c not in ("open", "partial")] + [
            e for e in (ctx.exemptions or []) if e
        ]
    return [ctx.category]


@produces(
    "reasons_required",
    "has_reasons",
    "reasons_placeholder",
    "unfilled_placeholder",
    "minimal_use_ground",
    "reasons_only_article_words",
    "whole_document_refusal",
    "separation_considered",
    "withheld_content_within",
    "law_prohibited_law_not_named",
    "not_held_search_not_stated",
)
def reasons(ctx: Context) -> None:
    parsed, group, category = ctx.parsed, ctx.group, ctx.category
    required = group in ("refused", "partial", "cannot_provide", "not_processed")
    ctx.put("reasons_required", required)
    part = _part(ctx)
    reason_cat = None if category == "partial" else category
    sents = list(meaning.reason_sentences(part, reason_cat))
    if category in NATURE_OF_APPLICATION:
        # the receipt and request sentences may say what the application is (再次提交与前次相同的申请,
        # 在申请表中举报……): read them with the category's own wordings, not the general ones
        own = meaning.category_reasons_regex(category)
        head = [x for x in parsed.before_remedy() if x not in part and own.search(meaning.unquoted(x[1]))]
        sents += [x for x in head if x not in sents]
    sents += [x for x in part if PLACEHOLDER_RE.search(x[1]) and x not in sents]
    sents.sort()
    ctx.put("has_reasons", bool(sents), sents[0][0] if sents else None)
    ctx.detail(
        "reasons",
        sents[0][0] if sents else parsed.line_of("decision"),
        "不予公开、无法提供或不予处理的理由",
        "（未说明理由）",
    )
    marks = [(n, m.group(0)) for n, t in parsed.body for m in PLACEHOLDER_RE.finditer(t)]
    # a reasons placeholder in a letter that must give reasons cannot be sent (GK-L-045); other placeholders remind
    reason_marks = [(n, m) for n, m in marks if REASONS_PLACEHOLDER.search(m)]
    blocking = reason_marks if required else []
    ctx.put(
        "reasons_placeholder",
        bool(reason_marks),
        reason_marks[0][0] if reason_marks else None,
        "写明" + ("部分公开中不予公开部分" if group == "partial" else categories.GROUP_LABELS[group]) + "的具体理由",
        reason_marks[0][1] if reason_marks else None,
    )
    rest = [x for x in marks if x not in blocking]
    ctx.put("unfilled_placeholder", bool(rest), rest[0][0] if rest else None, "填写完整", rest[0][1] if rest else None)
    cats = _categories(ctx)
    ctx.put("minimal_use_ground", any(c in MINIMAL_USE for c in cats))
    has_ph = any(PLACEHOLDER_RE.search(t) for _, t in parsed.body)
    # what is said of separation (第三十七条) is not a reason for withholding
    sep = load("reasons").regex("separation")
    said = [meaning.unquoted(s) for _, s in sents if not sep.search(s)]
    only = bool(said) and not has_ph and only_article_words(" ".join(said))
    ctx.put(
        "reasons_only_article_words",
        only,
        sents[0][0] if sents else None,
        "说明该信息为何属于该情形（具体内容、对谁的何种权益造成何种损害、为何属于内部事务或过程性信息）",
        sents[0][1] if sents else None,
    )
    ctx.put("whole_document_refusal", category in categories.EXEMPTIONS)
    ctx.put("separation_considered", bool(load("reasons").search("separation", parsed.body_text())))
    # 条例第三十七条 is about information that contains what may not be disclosed: a reason saying so (含有商业秘密)
    # leaves room for separation; one saying the information as a whole is of a kind (属于过程性信息) does not
    contains = load("reasons").regex("contains")
    ctx.put("withheld_content_within", any(contains.search(meaning.unquoted(s)) for _, s in sents))
    ctx.detail(
        "whole_document_refusal",
        parsed.line_of("decision"),
        "说明不应公开的部分能否区分处理（条例第三十七条）",
        "（未提及区分处理）",
    )
    law_rx = load("reasons").regex("refused/law_prohibited")
    part_text = "".join(meaning.unquoted(s) for _, s in part)
    ctx.put(
        "law_prohibited_law_not_named",
        category == "refused/law_prohibited" and not has_ph and not law_rx.search(part_text),
        parsed.line_of("reasons") or parsed.line_of("decision"),
        "禁止公开该信息的法律、行政法规的名称及条款",
        "（未指明法律、行政法规）",
    )
    searched = load("guidance").search("search", part_text)
    ctx.put(
        "not_held_search_not_stated",
        "cannot_provide/not_held" in cats
        and any(it.facts.not_held and it.other_agency is None for it in ctx.case.items)
        and not searched,
        parsed.line_of("decision"),
        "经检索（查找）没有所申请的信息",
        "（未说明已经检索）",
    )
