"""The rule book: each rule rendered as a Markdown section a reviewer reads without Python.

``rule_section`` is what ``gkrules rules show CODE`` prints; ``rule_book`` joins every section,
grouped by area, into ``docs/rules.md``.
"""

from __future__ import annotations

import re

from . import categories
from .rulebook import LATEST, Example, Rule, RuleSet

HEADER = (
    "<!-- 本文件由 `gkrules rules doc` 从 rules/ 生成，请勿手工编辑；修改规则后运行 gkrules rules doc 重新生成。 -->\n"
)
AREA_TITLES = {"classify": "分类规则", "letter": "答复书模板规则", "deadline": "期限与程序规则"}
SCOPE_TITLES = {
    "case": "案件层面",
    "item": "申请事项",
    "separation": "区分处理",
    "aggregate": "多事项汇总",
    "letter": "答复书",
    "deadline": "期限",
}


_CJK = "\u2018-\u201d\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_FOLDED_SPACE = re.compile(f"(?<=[{_CJK}])[ \t\n]+(?=[{_CJK}])")


def cjk_text(text: str) -> str:
    """Text of a folded YAML scalar without the spaces folding put between Chinese characters."""
    return _FOLDED_SPACE.sub("", text.strip())


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
        return f"报告问题：要素 `{rule.element}`，严重程度为{sev}"
    return "—"


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _flatten(data, prefix: str = "") -> list[str]:
    """A case given in an example as ``field: value`` pairs, e.g. ``items[1].facts.not_held: true``."""
    out = []
    if isinstance(data, dict):
        for key, value in data.items():
            out += _flatten(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(data, list):
        for i, value in enumerate(data, 1):
            out += _flatten(value, f"{prefix}[{i}]")
    else:
        out.append(f"`{prefix}: {_scalar(data)}`")
    return out


def _example(rs: RuleSet, rule: Rule, ex: Example) -> str:
    """One example in words: its name, the facts that hold and those stated not to, its date and input."""
    vocabulary = rs.facts.get(rule.scope, {})
    yes = [vocabulary.get(n, n) + f"（`{n}`）" for n, v in ex.facts.items() if v]
    no = [vocabulary.get(n, n) + f"（`{n}`）" for n, v in ex.facts.items() if not v]
    parts = []
    if yes:
        parts.append("成立：" + "；".join(yes))
    if no:
        parts.append("不成立：" + "；".join(no))
    if not ex.facts:
        parts.append("没有任何事实成立")
    if ex.on:
        parts.append(f"日期 {ex.on.isoformat()}")
    if ex.case:
        parts.append("案件：" + "，".join(_flatten(ex.case)))
    text = f"{ex.name}。" + "。".join(parts) + "。"
    if ex.letter is not None:
        letter = ex.letter.strip("\n").splitlines()
        text += "答复书见下。\n\n  <details><summary>答复书原文</summary>\n\n  ```text\n"
        text += "".join(f"  {line}".rstrip() + "\n" for line in letter)
        text += "  ```\n\n  </details>\n"
    return text


def precedence(rs: RuleSet, rule: Rule) -> tuple[list[str], list[str]]:
    """Codes of the rules of the same classification scope that can fire together with ``rule``:
    those that win over it, and those it wins over (``gkrules rules lint`` lists the same pairs)."""
    from .lint import in_force_together, joint_witness, order_key

    if rule.priority is None or not rule.active:
        return [], []
    before: list[str] = []
    after: list[str] = []
    for other in sorted(rs.scope(rule.scope), key=order_key):
        if other is rule or other.priority is None or not in_force_together(rule, other):
            continue
        if joint_witness([rule, other]) is None:
            continue
        (before if order_key(other) < order_key(rule) else after).append(other.code)
    return before, after


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
        lines.append(
            f"- 年度报告行：{rule.report_row}"
            + (f"（2021 年格式：{rule.report_row_2021}）" if rule.report_row_2021 else "")
        )
    before, after = precedence(rs, rule)
    if before:
        lines.append("- 同时适用时让位于：" + "、".join(before))
    if after:
        lines.append("- 同时适用时优先于：" + "、".join(after))
    if rule.exemption:
        lines.append("- 属于条例第十四条至第十六条的不予公开情形：可区分处理时转为部分公开（条例第三十七条）")
    lines.append(f"- 施行期间：{start.isoformat()} 起" + (f"，至 {end.isoformat()} 止" if end < LATEST else ""))
    lines += ["", "**法律依据**", ""]
    for cite in rule.law:
        period = f"{cite.in_force.start.isoformat()} 起" + (
            f" 至 {cite.in_force.end.isoformat()}" if cite.in_force.end else ""
        )
        lines.append(f"- {cite.cite}（{period}）" + (f"：“{cite.quote}”" if cite.quote else ""))
    lines += ["", "**条件**", ""]
    lines += [f"- {c}" for c in conditions_text(rs, rule)]
    if rule.message:
        lines += ["", "**提示信息**", "", f"> {cjk_text(rule.message)}"]
    if rule.explain:
        lines += ["", "**说明**", "", cjk_text(rule.explain)]
    if rule.interpretation:
        lines += ["", "**解释（非条文原文）**", "", cjk_text(rule.interpretation)]
    word_yes, word_no = ("决定结果", "不决定结果") if rule.priority is not None else ("报告问题", "不报告问题")
    lines += ["", "**示例**", ""]
    lines += [f"- {word_yes}：{_example(rs, rule, ex)}" for ex in rule.examples.fires]
    lines += [f"- {word_no}：{_example(rs, rule, ex)}" for ex in rule.examples.does_not_fire]
    return "\n".join(lines) + "\n"


def _area(rs: RuleSet, rule: Rule) -> str:
    return rs.area(rule) or "."


def _period(rule: Rule) -> str:
    start, end = rule.in_force
    return f"{start.isoformat()} 起" + (f"至 {end.isoformat()}" if end < LATEST else "")


def rule_book(rs: RuleSet) -> str:
    """The whole rule book: an index per area, then one section per rule, grouped by area."""
    parts = [
        HEADER,
        "# gkrules 规则手册",
        "",
        f"规则集哈希：`{rs.digest[:16]}`。每条规则一节：编号、标题、所引条文原文、用中文写出的条件、说明和示例。"
        "条件中括注的英文名是案件文件字段或由答复书、日期计算得出的事实名。",
        "",
    ]
    by_area: dict[str, list[Rule]] = {}
    for rule in rs.all_rules:
        by_area.setdefault(_area(rs, rule), []).append(rule)
    areas = sorted(by_area, key=lambda a: (list(AREA_TITLES).index(a) if a in AREA_TITLES else 99, a))
    for area in areas:
        rules = sorted(by_area[area], key=lambda r: r.code)
        parts += [f"## {AREA_TITLES.get(area, area)}（rules/{area}/）", ""]
        parts += ["| 编号 | 标题 | 作用域 | 施行期间 |", "|---|---|---|---|"]
        for rule in rules:
            title = rule.title.replace("|", "\\|") + ("（已废止）" if not rule.active else "")
            parts.append(f"| {rule.code} | {title} | {SCOPE_TITLES.get(rule.scope, rule.scope)} | {_period(rule)} |")
        parts.append("")
        for rule in rules:
            parts.append(rule_section(rs, rule))
    from .data_tables import markdown

    parts.append(markdown(rs.root))
    return "\n".join(parts)
