"""The examples of each rule file, judged with the same "who decides" as ``classify.py``."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import suggest
from ..rulebook import CLASSIFY_SCOPES, Rule, RuleSet
from .model import NOTE, Problem, problem


def order_key(rule: Rule) -> tuple[int, str]:
    return (rule.priority if rule.priority is not None else 10**9, rule.code)


def winner(rules: Iterable[Rule], facts: dict[str, bool]) -> Rule | None:
    """The rule that decides a classification step: lowest priority, then code (as classify.py)."""
    fired = [r for r in rules if r.when.holds(facts)]
    return min(fired, key=order_key) if fired else None


def check_examples(rs: RuleSet, rule: Rule) -> list[Problem]:
    out = []
    vocabulary = rs.facts.get(rule.scope, {})
    start = rule.in_force[0]
    classifying = rule.scope in CLASSIFY_SCOPES
    for expected, examples in ((True, rule.examples.fires), (False, rule.examples.does_not_fire)):
        section = "fires" if expected else "does_not_fire"
        for ex in examples:
            unknown = [n for n in ex.facts if n not in vocabulary]
            for name in unknown:
                hint = suggest(name, vocabulary)
                out.append(
                    problem(
                        rule,
                        "unknown-fact",
                        f"示例「{ex.name}」（{section}）中的事实 {name} 未在作用域 {rule.scope} 的 facts.yml 中定义"
                        + (f"（是否应为 {hint}？）" if hint else ""),
                        suggestion=hint,
                    )
                )
            if "facts" not in ex.model_fields_set and (ex.letter is not None or ex.case is not None):
                out.append(
                    problem(
                        rule,
                        "unchecked-example",
                        f"示例「{ex.name}」（{section}）只给出输入、未给出 facts，lint 未核对",
                        NOTE,
                    )
                )
                continue
            day = ex.on or start
            in_force = rs.in_force_on(day, rule.scope)
            if classifying:
                won = winner(in_force, ex.facts)
                got = won is not None and won.code == rule.code
                if got != expected:
                    actual = f"胜出的是 {won.code}" if won else "没有规则适用"
                    want = "应由本规则决定结果" if expected else "不应由本规则决定结果"
                    out.append(
                        problem(
                            rule,
                            "wrong-example",
                            f"示例「{ex.name}」（{section}，{day.isoformat()}）{want}，实际{actual}",
                        )
                    )
            else:
                got = rule in in_force and rule.when.holds(ex.facts)
                if got != expected:
                    want = "应报告" if expected else "不应报告"
                    actual = "报告了" if got else "未报告"
                    out.append(
                        problem(
                            rule,
                            "wrong-example",
                            f"示例「{ex.name}」（{section}，{day.isoformat()}）{want}本规则的问题，实际{actual}",
                        )
                    )
    return out
