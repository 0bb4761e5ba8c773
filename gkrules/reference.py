"""A plain-Python evaluator of the same rule files: the oracle the engine is tested against.

It reads the conditions from the loaded rule files and evaluates them directly; it holds no rule of
its own. It implements :class:`gkrules.evaluator.Evaluator`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence

from .errors import EngineError
from .rulebook import RuleSet


class ReferenceEvaluator:
    name = "reference"

    def __init__(self, ruleset: RuleSet):
        self.ruleset = ruleset

    def fire(self, scope: str, fact_sets: Sequence[Mapping[str, bool]], on: _dt.date) -> list[frozenset[str]]:
        rules = [r for r in self.ruleset.scope(scope) if r.in_force_on(on)]
        out = []
        for facts in fact_sets:
            for name, value in facts.items():
                if type(value) is not bool:
                    raise EngineError(f"事实 {name} 应为布尔值，实为 {value!r}")
            out.append(frozenset(r.code for r in rules if r.when.holds(facts)))
        return out

    def fire_one(self, scope: str, facts: Mapping[str, bool], on: _dt.date) -> frozenset[str]:
        return self.fire(scope, [facts], on)[0]
