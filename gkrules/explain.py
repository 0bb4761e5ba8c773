"""The explanation record of a classification: everything needed to see, and later reproduce, why.

``record(case, outcome, ruleset)`` gives a stable, JSON-ready dict: the input digest, the rule set
hash, the rules in force on the case's date, every rule fired at each step, the winner and those it
beat on priority, and the aggregation. ``render_text`` prints the same record for a reviewer.
"""

from __future__ import annotations

import hashlib
import json

from . import categories
from .caseio import case_to_data
from .classify import Decision, Outcome
from .models import Case
from .rulebook import CLASSIFY_SCOPES, Rule, RuleSet

RECORD_VERSION = 1


def input_digest(case: Case) -> str:
    canonical = json.dumps(case_to_data(case), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def rule_ref(rule: Rule) -> dict:
    return {"id": rule.code, "title": rule.title, "article": rule.article, "priority": rule.priority}


def lifted(ruleset: RuleSet, scope: str, facts: dict, on) -> list[dict]:
    """Rules whose facts hold but which an exception in their ``none`` list kept from firing."""
    out = []
    for rule in ruleset.in_force_on(on, scope):
        if not rule.when.all:
            continue  # a rule that asks for no fact is not "lifted" by an exception
        failure = rule.when.condition.failure(facts)
        if failure.only_blocked:
            out.append({"id": rule.code, "title": rule.title, "because": list(failure.blocking)})
    return out


def _step(decision: Decision, facts: dict) -> dict:
    return {
        "facts": {k: v for k, v in facts.items() if v},
        "fired": [rule_ref(r) for r in decision.fired],
        "winner": decision.winner.code,
        "beaten": [{"id": r.code, "priority": r.priority, "lost_to": decision.winner.code} for r in decision.beaten],
    }


def record(case: Case, outcome: Outcome, ruleset: RuleSet, engine: str = "durable-rules") -> dict:
    in_force = [r.code for r in ruleset.in_force_on(outcome.on) if r.scope in CLASSIFY_SCOPES]
    rec: dict = {
        "record_version": RECORD_VERSION,
        "id": case.id,
        "input_digest": input_digest(case),
        "ruleset": ruleset.digest,
        "engine": engine,
        "on": outcome.on.isoformat(),
        "rules_in_force": in_force,
        "category": outcome.category,
        "label": categories.label(outcome.category),
        "report_row": categories.get(outcome.category).report_row,
        "decided_by": "case" if outcome.case_decision is not None else "items",
        "deciding_rule": rule_ref(outcome.deciding_rule),
    }
    if outcome.case_decision is not None:
        rec["case_step"] = _step(outcome.case_decision, outcome.facts["case"])
        rec["items"] = []
        rec["aggregation"] = None
        return rec
    rec["case_step"] = {"facts": {}, "fired": [], "winner": None, "beaten": []}
    items = []
    for item, facts in zip(outcome.items, outcome.facts["items"]):
        entry = {"index": item.index + 1, "text": item.text, "category": item.category}
        entry.update(_step(item.decision, facts))
        entry["lifted"] = lifted(ruleset, "item", facts, outcome.on)
        entry["separation"] = rule_ref(item.separation) if item.separation else None
        items.append(entry)
    rec["items"] = items
    assert outcome.aggregation is not None
    agg = _step(outcome.aggregation, outcome.facts["aggregate"])
    agg["item_categories"] = [it.category for it in outcome.items]
    agg["result"] = outcome.category
    rec["aggregation"] = agg
    return rec


def render_text(rec: dict) -> str:
    out = [
        f"案件 {rec['id']}：{rec['label']}（{rec['category']}，年度报告 {rec['report_row']}）",
        f"  收到日期 {rec['on']}；规则集 {rec['ruleset'][:16]}；引擎 {rec['engine']}；输入摘要 {rec['input_digest'][:23]}",
        f"  在 {rec['on']} 施行的分类规则 {len(rec['rules_in_force'])} 条",
        "",
    ]
    step = rec["case_step"]
    if rec["decided_by"] == "case":
        out.append("第一步 案件层面事实（先于各申请事项判断）：")
        out += _render_fired(step, indent="  ")
        out.append("  各申请事项不再分类。")
    else:
        out.append("第一步 案件层面事实：无规则适用，转入各申请事项。")
        out.append("第二步 各申请事项：")
        for item in rec["items"]:
            out.append(f"  第 {item['index']} 项「{item['text']}」→ {categories.label(item['category'])}")
            out += _render_fired(item, indent="    ")
            for rule in item.get("lifted", []):
                out.append(f"    未适用 {rule['id']} {rule['title']} — 例外成立：{'、'.join(rule['because'])}")
            if item["separation"]:
                sep = item["separation"]
                out.append(f"    区分处理：{sep['id']} {sep['title']}（{sep['article']}）→ 部分公开")
        agg = rec["aggregation"]
        out.append("第三步 汇总：")
        out.append("  各项结果：" + "、".join(categories.label(c) for c in agg["item_categories"]))
        winner = agg["fired"][0]
        out.append(f"  {winner['id']} {winner['title']}（{winner['article']}）")
        out.append(f"  → {categories.label(agg['result'])}")
    d = rec["deciding_rule"]
    out += ["", f"结论：{rec['label']}；决定规则 {d['id']}（{d['article']}）"]
    return "\n".join(out)


def _render_fired(step: dict, indent: str) -> list[str]:
    lines = []
    facts = "、".join(step["facts"]) or "（无）"
    lines.append(f"{indent}为真的事实：{facts}")
    for i, rule in enumerate(step["fired"]):
        mark = "胜出" if i == 0 else f"优先级 {rule['priority']}，让位于 {step['winner']}"
        lines.append(
            f"{indent}命中 {rule['id']}（优先级 {rule['priority']}）{rule['title']} ［{rule['article']}］ — {mark}"
        )
    return lines
