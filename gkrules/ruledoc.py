"""The rule book: each rule rendered as a Markdown section a reviewer reads without Python.

``rule_section`` is what ``gkrules rules show CODE`` prints; ``rule_book`` joins every section,
grouped by area, into ``docs/rules.md``.
"""

from __future__ import annotations

from pathlib import Path

from . import categories
from .rulebook import LATEST, Example, Rule, RuleSet

HEADER = "<!-- 本文件由 `gkrules rules doc` 从 rules/ 生成，请勿手工编辑。 -->\n"
AREA_TITLES = {"classify": "分类规则", "letter": "答复书模板规则", "deadline": "期限与程序规则"}
SCOPE_TITLES = {
    "case": "案件层面",
    "item": "申请事项",
    "separation": "区分处理",
    "aggregate": "多事项汇总",
    "letter": "答复书",
    "deadline": "期限",
}


def _fact(rs: RuleSet, scope: str, name: str) -> str:
    text = rs.facts.get(scope, {}).get(name)
    return f"{text}（`{name}`）" if text else f"`{name}`"


def conditions_text(rs: RuleSet, rule: Rule) -> list[str]:
    """The rule's condition in plain Chinese, one line per clause."""
    w = rule.when
    lines = []
    if w.all:
        lines.append("同时满足：" + "；".join(_fact(rs, rule.scope, n) for n in w.all))
    if w.any:
        lines.append("至少满足其一：" + "；".join(_fact(rs, rule.scope, n) for n in w.any))
    if w.none:
        lines.append("且不存在下列例外：" + "；".join(_fact(rs, rule.scope, n) for n in w.none))
    if not lines:
        lines.append("无条件（同一作用域中优先的规则都不适用时适用）")
    return lines


def _outcome(rule: Rule) -> str:
    if rule.category in categories.BY_CODE:
        return f"{categories.label(rule.category)}（`{rule.category}`）"
    if rule.category == "same-as-items":
        return "与各项相同的结果"
    if rule.category == "first-in-form-order":
        return "年度报告表中排序在前的结果"
    if rule.element:
        sev = {"error": "错误", "warning": "警告"}.get(rule.severity or "", rule.severity or "")
        return f"报告问题：要素 `{rule.element}`，严重程度 {sev}"
    return "—"


def _example(rs: RuleSet, rule: Rule, ex: Example) -> str:
    facts = [n for n, v in ex.facts.items() if v]
    text = f"{ex.name}："
    text += "、".join(f"`{n}`" for n in facts) if facts else "（无事实为真）"
    if ex.on:
        text += f"；日期 {ex.on.isoformat()}"
    if ex.letter:
        first = ex.letter.strip().splitlines()[0] if ex.letter.strip() else ""
        text += f"；答复书片段「{first[:40]}…」"
    return text


def rule_section(rs: RuleSet, rule: Rule) -> str:
    start, end = rule.in_force
    lines = [f"### {rule.code} {rule.title}", ""]
    if not rule.active:
        lines += [f"> 已废止（{rule.removed_since.isoformat() if rule.removed_since else '日期未填'}）", ""]
    lines += [
        f"- 标识：`{rule.slug}`；作用域：{SCOPE_TITLES.get(rule.scope, rule.scope)}"
        + (f"；优先级 {rule.priority}（数值小者优先）" if rule.priority is not None else ""),
        f"- 结果：{_outcome(rule)}",
    ]
    if rule.report_row:
        lines.append(f"- 年度报告行：{rule.report_row}" + (f"（2021 年格式：{rule.report_row_2021}）" if rule.report_row_2021 else ""))
    if rule.exemption:
        lines.append("- 属于条例第十四条至第十六条的不予公开情形：可区分处理时转为部分公开（条例第三十七条）")
    lines.append(
        f"- 施行期间：{start.isoformat()} 起" + (f"，至 {end.isoformat()} 止" if end < LATEST else "")
    )
    lines += ["", "**法律依据**", ""]
    for cite in rule.law:
        period = f"{cite.in_force.start.isoformat()} 起" + (
            f" 至 {cite.in_force.end.isoformat()}" if cite.in_force.end else ""
        )
        lines.append(f"- {cite.cite}（{period}）" + (f"：“{cite.quote}”" if cite.quote else ""))
    lines += ["", "**条件**", ""]
    lines += [f"- {c}" for c in conditions_text(rs, rule)]
    if rule.message:
        lines += ["", "**提示信息**", "", f"> {rule.message}"]
    if rule.explain:
        lines += ["", "**说明**", "", rule.explain.strip()]
    if rule.interpretation:
        lines += ["", "**解释（非条文原文）**", "", rule.interpretation.strip()]
    word_yes, word_no = ("决定结果", "不决定结果") if rule.priority is not None else ("报告问题", "不报告问题")
    lines += ["", "**示例**", ""]
    lines += [f"- {word_yes}：{_example(rs, rule, ex)}" for ex in rule.examples.fires]
    lines += [f"- {word_no}：{_example(rs, rule, ex)}" for ex in rule.examples.does_not_fire]
    return "\n".join(lines) + "\n"


def rule_book(rs: RuleSet) -> str:
    parts = [HEADER, "# gkrules 规则手册", "", f"规则集哈希：`{rs.digest[:16]}`。每条规则一节；条件中的事实名即案件文件或答复书抽取的事实。", ""]
    by_area: dict[str, list[Rule]] = {}
    for rule in rs.all_rules:
        area = Path(rule.path).resolve().relative_to(rs.root.resolve()).parts[0]
        by_area.setdefault(area, []).append(rule)
    for area in sorted(by_area, key=lambda a: list(AREA_TITLES).index(a) if a in AREA_TITLES else 99):
        parts += [f"## {AREA_TITLES.get(area, area)}（rules/{area}/）", ""]
        for rule in sorted(by_area[area], key=lambda r: r.code):
            parts.append(rule_section(rs, rule))
    return "\n".join(parts)
