"""Does the decision agree with its own grounds? Facts of rules GK-L-070…076, from the letter alone.

The category a letter's decision words imply (read outside quotations and negated clauses, as in
:mod:`gkrules.letter.to_case`) must agree with the 条例 articles it cites and with the reasons it gives:
第十五条 cited with no third party or consultation mentioned; 第三十六条第（五）项 with no other agency
named; 部分公开 without 第三十七条 or without saying what is withheld; 不予公开 citing only 第三十六条; decision
words of one group with only the articles of another; 第三十六条第（四）项 (not held) with reasons that say the
information would have to be compiled or analysed (第三十八条). Which articles belong to which category is the
category table (``rules/params/categories.yml``). Each fact carries its evidence: what was found on
which lines, for the rule's message.
"""

from __future__ import annotations


from .. import patterns
from .. import categories
from .parse import LAW_NAME_RE, PLACEHOLDER_RE, ParsedLetter, parse_citations
from .wordings import load
from .to_case import OTHER_AGENCY, _decisive, _group, decision_groups, phrase_groups, table_groups, unquoted_sentences

FACTS = (
    "refusal_cites_only_article_36",
    "third_party_article_without_third_party",
    "referral_article_without_other_agency",
    "partial_without_article_37",
    "partial_without_withheld_part",
    "decision_words_disagree_with_articles",
    "not_held_article_for_creation_reasons",
)

#: anyone else whose rights 第十五条 protects, or asking them: a third party named or described
THIRD_PARTY_WORDS = patterns.compile(
    r"第三方|商业秘密|个人隐私|隐私|权利人|征求[^。；]{0,16}意见|利害关系人|当事人|他人|(?<![不未])同意|不同意|"
    r"公司|企业|单位|医院|学校|个人|自然人|身份证|住址|联系方式|报价|成本|经营"
)
SEPARATION_WORDS = patterns.compile(r"部分公开|(?<!无法)(?<!不能)(?<!不可)(?<!无法作)(?<!不能作)(?<!无法进行)区分处理")
WITHHELD_WORDS = patterns.compile(
    r"不予公开|不公开|不应(当)?公开|不得公开|删除|删去|隐去|遮盖|遮挡|涂黑|屏蔽|除[^。；]{1,40}(外|以外)|"
    r"其余|无法提供|不予提供|未制作|未获取|不存在|不属于"
)


def _lines(items) -> str:
    lines = sorted({n for n in items if n})
    return "、".join(f"第{n}行" for n in lines)


def _cites(parsed: ParsedLetter, sentences: list[tuple[int, str]]):
    """Citations of the 条例 in the deciding text (quotations and negated clauses left out)."""
    out = []
    for line, sentence in sentences:
        text = _decisive(sentence)
        for c in parse_citations(text, line):
            if c.of_regulation:
                out.append(c)
            elif not c.law:
                # 依照《…条例》第十六条第二款，根据第三十六条第（二）项: the last law named before it
                names = LAW_NAME_RE.findall(text[: max(0, text.find(c.raw))])
                if names and "政府信息公开条例" in names[-1]:
                    out.append(c)
    return out


def _shown(cites) -> str:
    seen: dict[str, list[int]] = {}
    for c in cites:
        seen.setdefault(c.cited_form(), []).append(c.line)
    return "、".join(f"{form}（{_lines(lines)}）" for form, lines in seen.items())


#: a removal within one document: what 条例第三十七条 is for
REMOVAL_WORDS = patterns.compile(
    r"删除|删去|隐去|遮盖|遮挡|涂黑|屏蔽|技术处理|除[^。；]{1,40}(外|以外)|其余(部分|内容)"
)


def _mixed_answers(deciding: list[tuple[int, str]], cites, parsed: ParsedLetter) -> bool:
    """The letter answers its items each on its own: sentences that disclose and sentences that withhold or
    cannot provide, each citing an article of its own answer, and nothing removed from a document."""
    if any(REMOVAL_WORDS.search(_decisive(s)) for _, s in deciding):
        return False
    groups: set[str] = set()
    for n, s in deciding:
        if SEPARATION_WORDS.search(_decisive(s)):
            continue
        own = [c for c in cites if c.line == n and c.raw in s]
        found = decision_groups([(n, s)], own, parsed.received_on)
        if own and len(found) == 1:
            groups |= set(found)
    return "open" in groups and bool(groups & {"refused", "cannot_provide", "not_processed"})


def consistency_facts(parsed: ParsedLetter) -> tuple[dict[str, bool], dict[str, dict]]:
    """``(facts, details)``: the six facts, and for each that holds its line, expected and found values."""
    facts = {name: False for name in FACTS}
    details: dict[str, dict] = {}
    decision_part = unquoted_sentences(parsed)
    request_line = parsed.line_of("request")
    deciding = [(n, s) for n, s in decision_part if request_line is None or n >= request_line] or decision_part
    cites = _cites(parsed, deciding)
    found = decision_groups(deciding, cites, parsed.received_on)
    group = _group(found)
    if group is None:
        return facts, details
    text = "".join(s for _, s in deciding)
    word_line = min(found.values())

    def put(name: str, line: int | None, expected: str, found_text: str) -> None:
        facts[name] = True
        details[name] = {"line": line, "expected": expected, "found": found_text}

    if group == "refused" and cites and all(c.article == 36 and c.item != 7 for c in cites):
        put(
            "refusal_cites_only_article_36",
            cites[0].line,
            "不予公开所依据的条文（条例第十四条、第十五条或第十六条，行政查询事项为第三十六条第（七）项）",
            f"只引用了{_shown(cites)}",
        )
    fifteen = [c for c in cites if c.article == 15]
    placeholder = any(PLACEHOLDER_RE.search(t) for _, t in parsed.body)  # reasons still to write: GK-L-045
    if fifteen and group in ("refused", "partial") and not placeholder and not THIRD_PARTY_WORDS.search(text):
        put(
            "third_party_article_without_third_party",
            fifteen[0].line,
            "写明涉及哪一第三方的商业秘密或个人隐私、征求第三方意见的情况",
            f"引用{_shown(fifteen)}，但答复书未提及第三方、商业秘密、个人隐私或征求意见",
        )
    referral = [c for c in cites if c.article == 36 and c.item == 5]
    if referral:
        named = [
            (n, m.group("name"))
            for n, s in deciding
            for m in OTHER_AGENCY.finditer(s)
            if not m.group("name").startswith("本")
        ]
        if not named:
            put(
                "referral_article_without_other_agency",
                referral[0].line,
                "负责公开该信息的机关的名称和联系方式（能够确定的）",
                f"引用{_shown(referral)}，但答复书未写明其他机关",
            )
    separation = [(n, m.group(0)) for n, s in deciding for m in SEPARATION_WORDS.finditer(_decisive(s))]
    if separation and all(w == "部分公开" for _, w in separation) and _mixed_answers(deciding, cites, parsed):
        separation = []  # 部分公开 sums up items answered each on its own article: nothing was separated
    if separation and not any(c.article == 37 for c in cites):
        put(
            "partial_without_article_37",
            separation[0][0],
            "《中华人民共和国政府信息公开条例》第三十七条",
            f"“{separation[0][1]}”（{_lines(n for n, _ in separation)}），所引条文为" + (_shown(cites) or "（无）"),
        )
    if group == "partial" and not any(WITHHELD_WORDS.search(_decisive(s)) for _, s in deciding):
        put(
            "partial_without_withheld_part",
            found.get("partial", word_line),
            "写明不予公开的是哪些内容及其理由（条例第三十七条）",
            "答复书写了部分公开，但未写明哪些内容不予公开",
        )
    not_held = [c for c in cites if c.article == 36 and c.item == 4]
    creation = load("reasons").regex("creation_needed")
    needs = [(n, m.group(0)) for n, s in deciding for m in creation.finditer(_decisive(s))]
    if not_held and needs and not any(c.article == 38 for c in cites):
        put(
            "not_held_article_for_creation_reasons",
            not_held[0].line,
            "《中华人民共和国政府信息公开条例》第三十八条（需要对现有政府信息加工、分析的，可以不予提供）",
            f"理由为“{needs[0][1]}”（{_lines(n for n, _ in needs)}），所引为{_shown(not_held)}（本机关没有所申请的信息）",
        )
    override = any(load("reasons").search("public_interest_override", _decisive(s)) for _, s in deciding)
    tabled = [(c, table_groups(c, override)) for c in cites]
    tabled = [(c, g) for c, g in tabled if g]
    # every group the deciding phrases can be a wording of (不予提供: 不予公开 or 无法提供)
    worded = set().union(*(e[2] for e in phrase_groups(deciding, parsed.received_on) if e[3])) or {group}
    if group != "partial" and tabled and not any(worded & g for _, g in tabled):
        labels = "、".join(dict.fromkeys(categories.GROUP_LABELS[g] for _, gs in tabled for g in sorted(gs)))
        put(
            "decision_words_disagree_with_articles",
            found[group],
            f"“{categories.GROUP_LABELS[group]}”所依据的条文",
            f"处理决定为“{categories.GROUP_LABELS[group]}”（第{found[group]}行），所引{_shown([c for c, _ in tabled])}"
            f"是“{labels}”的依据",
        )
    return facts, details
