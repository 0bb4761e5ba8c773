"""Each rule file on its own: codes and slugs, article and dates, examples present, explanation, the
area it stands in, category and report row, element and severity, message placeholders, fact names."""

from __future__ import annotations

import string
from collections import defaultdict

from .. import categories
from ..errors import suggest
from ..rulebook import CLASSIFY_SCOPES, FINDING_SCOPES, Rule, RuleSet
from .model import NOTE, Problem, problem

AREA_PREFIX = {"classify": "GK-C-", "letter": "GK-L-", "deadline": "GK-D-"}
#: codes an area may hold besides its own prefix: GK-K (the draft category against the rules) is a letter finding
EXTRA_PREFIXES = {"letter": ("GK-K-",)}
AREA_SCOPES = {"classify": CLASSIFY_SCOPES, "letter": FINDING_SCOPES, "deadline": FINDING_SCOPES}
AGGREGATE_CATEGORIES = ("same-as-items", "first-in-form-order")
#: a slug says what is found, not what to do (as ruff's disallowed rule names)
BANNED_SLUG_PREFIXES = ("avoid-", "use-", "prefer-", "dont-", "do-not-")


def check_codes(rs: RuleSet) -> list[Problem]:
    out = []
    where: dict[str, list[Rule]] = defaultdict(list)
    for rule in rs.all_rules:
        for code in [rule.code, *rule.aliases]:
            where[code].append(rule)
    for code, rules in sorted(where.items()):
        if len(rules) > 1:
            files = "、".join(r.path for r in rules)
            for rule in rules[1:]:
                out.append(problem(rule, "duplicate-code", f"规则编号 {code} 重复：{files}"))
    slugs: dict[str, list[Rule]] = defaultdict(list)
    for rule in rs.rules:
        slugs[rule.slug].append(rule)
    for slug, rules in sorted(slugs.items()):
        if len(rules) > 1:
            codes = "、".join(r.code for r in rules)
            for rule in rules[1:]:
                out.append(problem(rule, "duplicate-slug", f"标识 {slug} 重复：{codes}"))
    return out


def finding_elements() -> tuple[str, ...]:
    """The element names a finding rule may name: the letter's elements plus deadline, case, category."""
    from ..letter.parse import ELEMENTS

    return (*ELEMENTS, "deadline", "case", "category")


def never_holds_reason(rule: Rule) -> str | None:
    """Why the rule's condition can never hold, or None (:meth:`Condition.never_holds_reason`)."""
    return rule.when.condition.never_holds_reason()


def check_rule(rs: RuleSet, rule: Rule) -> list[Problem]:
    out: list[Problem] = []
    area = rs.area(rule)
    prefixes = (AREA_PREFIX[area], *EXTRA_PREFIXES.get(area, ())) if area in AREA_PREFIX else ()
    if prefixes and not rule.code.startswith(prefixes):
        out.append(
            problem(
                rule, "wrong-prefix", f"rules/{area}/ 中的规则编号应以 {' 或 '.join(prefixes)} 开头，实为 {rule.code}"
            )
        )
    if area not in AREA_SCOPES:
        out.append(
            problem(rule, "wrong-area", f"规则文件应放在 {'、'.join('rules/' + a + '/' for a in AREA_SCOPES)} 之一")
        )
    elif rule.scope not in AREA_SCOPES[area]:
        out.append(problem(rule, "wrong-area", f"作用域 {rule.scope} 的规则不应放在 rules/{area}/ 中"))
    if not rule.active:
        if rule.removed_since is None:
            out.append(
                problem(rule, "missing-removed-since", "已废止（status: removed）的规则应写明 removed_since 日期")
            )
        return out

    if not rule.law:
        out.append(problem(rule, "missing-article", "没有法律依据：law 中至少应有一条 cite"))
        out.append(problem(rule, "missing-in-force", "没有施行日期：law 中每条依据应写明 in_force: {from: …}"))
    for i, cite in enumerate(rule.law):
        if not (cite.quote or "").strip():
            out.append(problem(rule, "missing-quote", f"law[{i}]（{cite.cite}）没有引用条文原文（quote）", NOTE))
    start, end = rule.in_force
    if start > end:
        out.append(problem(rule, "never-in-force", f"施行期间为空：自 {start.isoformat()} 起，至 {end.isoformat()} 止"))
    if not rule.explain.strip():
        out.append(problem(rule, "missing-explain", "缺少 explain：用中文说明规则的理由"))
    if not rule.examples.fires or not rule.examples.does_not_fire:
        missing = [
            k for k, v in (("fires", rule.examples.fires), ("does_not_fire", rule.examples.does_not_fire)) if not v
        ]
        out.append(problem(rule, "missing-examples", f"缺少示例：{'、'.join(missing)} 中至少应有一个"))
    for prefix in BANNED_SLUG_PREFIXES:
        if rule.slug.startswith(prefix):
            out.append(
                problem(rule, "bad-slug", f"标识 {rule.slug} 以 {prefix} 开头：标识应说明发现了什么，而不是建议怎样做")
            )

    if rule.message is not None:
        try:
            list(string.Formatter().parse(rule.message))
        except ValueError as exc:
            out.append(problem(rule, "bad-message", f"message 中的 {{占位符}} 写法有误：{exc}"))
    vocabulary = rs.facts.get(rule.scope, {})
    for name in rule.when.names():
        if name not in vocabulary:
            hint = suggest(name, vocabulary)
            out.append(
                problem(
                    rule,
                    "unknown-fact",
                    f"条件中的事实 {name} 未在作用域 {rule.scope} 的 facts.yml 中定义"
                    + (f"（是否应为 {hint}？）" if hint else ""),
                    suggestion=hint,
                )
            )
    reason = never_holds_reason(rule)
    if reason:
        out.append(problem(rule, "never-holds", f"条件永远不能成立：{reason}"))

    if rule.scope in CLASSIFY_SCOPES:
        if rule.priority is None:
            out.append(problem(rule, "missing-priority", "分类规则应有 priority（数值小者优先）"))
        allowed = set(categories.CODES) | (set(AGGREGATE_CATEGORIES) if rule.scope == "aggregate" else set())
        if rule.category not in allowed:
            hint = suggest(str(rule.category), allowed)
            out.append(
                problem(
                    rule,
                    "bad-category",
                    f"category {rule.category!r} 不是有效的分类代码" + (f"（是否应为 {hint}？）" if hint else ""),
                    suggestion=hint,
                )
            )
        if rule.category in categories.BY_CODE and rule.report_row is not None:
            row = categories.get(rule.category).report_row
            if rule.report_row != row:
                out.append(
                    problem(
                        rule,
                        "wrong-report-row",
                        f"report_row 应为年度报告表中类别 {rule.category} 的行“{row}”，实为“{rule.report_row}”",
                    )
                )
        exemptions = getattr(categories, "EXEMPTIONS", None) or {
            c for c in categories.CODES if c.startswith("refused/")
        }
        if rule.exemption and (rule.scope != "item" or rule.category not in exemptions):
            out.append(
                problem(
                    rule,
                    "misplaced-exemption",
                    "exemption: true 只用于 item 作用域中条例第十四条至第十六条的不予公开规则",
                )
            )
        elif rule.scope == "item" and rule.category in exemptions and not rule.exemption:
            out.append(
                problem(
                    rule,
                    "missing-exemption",
                    f"{rule.category} 属于条例第十四条至第十六条的不予公开情形，应标 exemption: true（可区分处理时转为部分公开）",
                )
            )
    else:
        if not rule.element:
            out.append(
                problem(
                    rule, "missing-element", "发现类规则应写明 element（答复书要素名，或 deadline / case / category）"
                )
            )
        elements = finding_elements()
        if rule.element and elements and rule.element not in elements:
            hint = suggest(rule.element, elements)
            out.append(
                problem(
                    rule,
                    "bad-element",
                    f"element {rule.element!r} 不是答复书要素名，也不是 deadline / case / category"
                    + (f"（是否应为 {hint}？）" if hint else ""),
                    suggestion=hint,
                )
            )
        if not rule.severity:
            out.append(problem(rule, "missing-severity", "发现类规则应写明 severity：error 或 warning"))
        if rule.exemption:
            out.append(
                problem(
                    rule,
                    "misplaced-exemption",
                    "exemption: true 只用于 item 作用域中条例第十四条至第十六条的不予公开规则",
                )
            )
        if rule.category is not None and rule.category not in categories.CODES:
            out.append(problem(rule, "bad-category", f"category {rule.category!r} 不是有效的分类代码"))
    return out
