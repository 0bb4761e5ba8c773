"""Pairs of rules: classification rules that can fire together (decided only by priority), and finding
rules of one scope with the same condition."""

from __future__ import annotations

import datetime as _dt
import itertools
from collections.abc import Sequence
from dataclasses import asdict

from .. import conditions
from ..rulebook import CLASSIFY_SCOPES, Rule, RuleSet
from .examples import order_key
from .fields import never_holds_reason
from .model import NOTE, Problem, problem
from .render import example_yaml, facts_text


def joint_witness(rules: Sequence[Rule]) -> dict[str, bool] | None:
    """A small fact combination on which every rule's condition holds, or None if none exists."""
    return conditions.joint_witness([r.when.condition for r in rules])


def in_force_together(a: Rule, b: Rule) -> _dt.date | None:
    start = max(a.in_force[0], b.in_force[0])
    end = min(a.in_force[1], b.in_force[1])
    return start if start <= end else None


def check_overlaps(rs: RuleSet) -> list[Problem]:
    out = []
    for scope in CLASSIFY_SCOPES:
        rules = sorted(rs.scope(scope), key=order_key)
        for a, b in itertools.combinations(rules, 2):
            day = in_force_together(a, b)
            if day is None or never_holds_reason(a) or never_holds_reason(b):
                continue
            facts = joint_witness([a, b])
            if facts is None:
                continue
            if a.priority == b.priority:
                out.append(
                    problem(
                        b,
                        "ambiguous-priority",
                        f"{a.code} 与 {b.code}（{scope}）可同时适用且优先级同为 {a.priority}，胜出者只由编号顺序决定；"
                        f"例：{facts_text(facts)}",
                        example=example_yaml(scope, day, facts),
                    )
                )
            else:
                out.append(
                    problem(
                        b,
                        "overlap",
                        f"{a.code} 与 {b.code}（{scope}）可同时适用，由优先级决定：{a.code} 优先（{a.priority} < {b.priority}）；"
                        f"例：{facts_text(facts)}",
                        NOTE,
                    )
                )
                out[-1] = Problem(**{**asdict(out[-1]), "other": a.code})
    return out


def check_finding_duplicates(rs: RuleSet) -> list[Problem]:
    out = []
    for scope in sorted({r.scope for r in rs.rules} - set(CLASSIFY_SCOPES)):
        rules = sorted(rs.scope(scope), key=lambda r: r.code)
        for a, b in itertools.combinations(rules, 2):
            if in_force_together(a, b) and a.when.condition.key() == b.when.condition.key():
                out.append(
                    problem(
                        b,
                        "duplicate-condition",
                        f"{a.code} 与 {b.code}（{scope}）条件相同，两者总是同时报告；应合并或区分条件",
                    )
                )
    return out
