"""Lint's output for people: the text report, fact combinations in words, counterexamples as YAML."""

from __future__ import annotations

import datetime as _dt
from collections import Counter, defaultdict

from .model import KINDS, Report, relative_path, sort_key


def facts_text(facts: dict[str, bool]) -> str:
    shown = [n for n, v in facts.items() if v]
    return ("只有 " + "、".join(shown) + " 为真") if shown else "所有事实为假"


def example_yaml(scope: str, day: _dt.date, facts: dict[str, bool]) -> str:
    """A counterexample a reviewer can read, and for item/case scopes save and run as a case file."""
    true = [n for n, v in facts.items() if v]
    if scope in ("item", "case"):
        lines = [
            "id: 反例",
            "agency: 某机关",
            f"received: {day.isoformat()}",
            "applicant: {name: 申请人, type: natural_person}",
            "request: 反例（由 gkrules rules lint 生成）",
        ]
        if scope == "case":
            lines += ["facts:"] + [f"  {n}: true" for n in true] if true else ["facts: {}"]
            lines += ["items:", "  - text: 事项"]
        else:
            lines += ["items:", "  - text: 事项"]
            lines += ["    facts:"] + [f"      {n}: true" for n in true] if true else ["    facts: {}"]
        return "\n".join(lines) + "\n"
    lines = [f"scope: {scope}", f"on: {day.isoformat()}"]
    lines += ["facts:"] + [f"  {n}: {'true' if v else 'false'}" for n, v in facts.items()] if facts else ["facts: {}"]
    return "\n".join(lines) + "\n"


def render_text(report: Report, notes: bool = True) -> str:
    lines = []
    for p in sorted(report.problems, key=sort_key):
        lines.append(f"{relative_path(p.file)}: {p.code or '-'} [{p.kind}] {p.message}")
        if p.counterexample:
            label = "反例" if p.kind == "gap" else "例"
            lines += [f"    {label}（YAML）："] + ["      " + line for line in p.counterexample.splitlines()]
    if notes and report.notes:
        if lines:
            lines.append("")
        lines.append(f"提示（{len(report.notes)} 条，供复核，不算问题）：")
        overlaps: dict[tuple[str, str], list[str]] = defaultdict(list)
        for p in sorted(report.notes, key=lambda p: (p.kind, p.code or "", p.message)):
            if p.kind == "overlap" and p.other:
                overlaps[(relative_path(p.file), p.code or "-")].append(p.other)
                continue
            lines.append(f"  {relative_path(p.file)}: {p.code or '-'} [{p.kind}] {p.message}")
        for (file, code), others in sorted(overlaps.items()):
            lines.append(
                f"  {file}: {code} [overlap] 可与优先的 {'、'.join(sorted(others))} 同时适用，由优先级决定（请确认符合本意）"
            )
    if lines:
        lines.append("")
    searched: Counter[tuple[str, str, int, int]] = Counter()
    for c in report.coverage:
        searched[(c.scope, c.method, c.facts, c.combinations)] += 1
    desc = []
    for (scope, method, facts, combos), n in sorted(searched.items()):
        how = f"穷举 {combos} 种组合" if method == "exhaustive" else f"抽样 {combos} 例"
        desc.append(f"{scope}：{facts} 个事实，{how}" + (f"，{n} 个施行期间" if n > 1 else ""))
    if desc:
        lines.append("检查范围：" + "；".join(desc))
    verdict = "未发现问题" if report.ok else f"发现 {len(report.problems)} 个问题"
    lines.append(f"规则集 {report.ruleset}，共 {report.rules} 条规则：{verdict}；提示 {len(report.notes)} 条")
    return "\n".join(lines)


def kinds_help() -> str:
    return "\n".join(f"  {k:<22}{v}" for k, v in KINDS.items())
