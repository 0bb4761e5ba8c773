"""Decision tables per period: fact combinations no rule decides (gaps) and rules that never win.

Within each period in which the rules in force do not change, the facts a scope's rules test are
enumerated when there are at most ``EXHAUSTIVE_LIMIT`` of them; beyond that a seeded search tries the
combinations with fewest true facts first, then random ones, and shrinks a gap it finds.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..rulebook import CLASSIFY_SCOPES, LATEST, Rule, RuleSet
from .examples import order_key, winner
from .fields import never_holds_reason
from .model import PROBLEM, Coverage, Problem, problem
from .overlaps import joint_witness
from .render import example_yaml, facts_text

EXHAUSTIVE_LIMIT = 20
SAMPLE_EXAMPLES = 2000
#: classification scopes in which every fact combination must be decided
COMPLETE_SCOPES = ("item", "aggregate")


def periods(rs: RuleSet) -> list[tuple[_dt.date, _dt.date]]:
    """The periods in which the rules in force do not change: ``(first day, last day)``."""
    bounds = list(rs.boundaries)
    out = []
    for i, start in enumerate(bounds):
        end = bounds[i + 1] - _dt.timedelta(days=1) if i + 1 < len(bounds) else LATEST
        out.append((start, end))
    return out


@dataclass
class _Table:
    """What one search of a scope's fact space found."""

    facts: list[str]
    method: str
    combinations: int
    gap: dict[str, bool] | None = None
    winners: set[str] = field(default_factory=set)


def _exhaustive(rules: Sequence[Rule], names: list[str], need_complete: bool) -> _Table:
    index = {n: i for i, n in enumerate(names)}
    compiled = [(r.code, r.when.condition.bit_predicate(index)) for r in rules]  # rules in priority order
    table = _Table(names, "exhaustive", 1 << len(names))
    best_gap = None
    for m in range(1 << len(names)):
        for code, holds in compiled:
            if holds(m):
                table.winners.add(code)
                break
        else:
            if need_complete and (best_gap is None or (m.bit_count(), m) < (best_gap.bit_count(), best_gap)):
                best_gap = m
    if best_gap is not None:
        table.gap = {n: bool(best_gap >> i & 1) for i, n in enumerate(names)}
    return table


def _weight_first(names: list[str], fixed: dict[str, bool], budget: int) -> Iterable[dict[str, bool]]:
    """Fact combinations with the fewest free facts true first (0, then 1, then 2 …), up to ``budget``."""
    free = [n for n in names if n not in fixed]
    count = 0
    for k in range(len(free) + 1):
        for true in itertools.combinations(free, k):
            if count >= budget:
                return
            count += 1
            chosen = set(true)
            yield {n: fixed[n] if n in fixed else n in chosen for n in names}


def _random(names: list[str], fixed: dict[str, bool], budget: int, rng: random.Random) -> Iterable[dict[str, bool]]:
    """``budget`` random combinations; the share of true facts varies so that sparse and dense ones both occur."""
    for i in range(budget):
        p = (0.1, 0.3, 0.5, 0.7, 0.9)[i % 5]
        yield {n: fixed[n] if n in fixed else rng.random() < p for n in names}


def _search(names: list[str], fixed: dict[str, bool], budget: int, wanted) -> dict[str, bool] | None:
    """The first combination ``wanted`` accepts: sparse ones first, then random ones (seeded, reproducible)."""
    rng = random.Random(0)
    small = budget // 2
    for facts in itertools.chain(_weight_first(names, fixed, small), _random(names, fixed, budget - small, rng)):
        if wanted(facts):
            return facts
    return None


def _shrink(facts: dict[str, bool], wanted) -> dict[str, bool]:
    """Turn true facts false one at a time while ``wanted`` still holds: no single true fact can then go."""
    facts = dict(facts)
    changed = True
    while changed:
        changed = False
        for name in sorted(n for n, v in facts.items() if v):
            trial = {**facts, name: False}
            if wanted(trial):
                facts = trial
                changed = True
    return facts


def _sampled(rules: Sequence[Rule], names: list[str], need_complete: bool, max_examples: int) -> _Table:
    """A search of a fact space too large to enumerate: sparse combinations first, then seeded random
    ones; a gap found is shrunk to a combination from which no true fact can be removed."""
    table = _Table(names, "sampled", max_examples)

    def is_gap(f: dict[str, bool]) -> bool:
        return winner(rules, f) is None

    if need_complete:
        gap = _search(names, {}, max_examples, is_gap)
        if gap is not None:
            table.gap = _shrink(gap, is_gap)
    for rule in rules:
        if never_holds_reason(rule):
            continue
        fixed = {**{n: True for n in rule.when.all}, **{n: False for n in rule.when.none}}
        if _search(names, fixed, max_examples, lambda f, r=rule: winner(rules, f) is r) is not None:
            table.winners.add(rule.code)
    return table


def check_tables(rs: RuleSet, limit: int, max_examples: int) -> tuple[list[Problem], list[Coverage]]:
    out: list[Problem] = []
    coverage: list[Coverage] = []
    ever_won: set[str] = set()
    in_force_somewhere: dict[str, tuple[_dt.date, Rule]] = {}
    cache: dict[tuple[str, tuple[str, ...]], _Table] = {}
    for start, end in periods(rs):
        if not rs.in_force_on(start, "item"):
            continue  # classification does not apply (NotApplicableError); nothing to decide
        for scope in CLASSIFY_SCOPES:
            rules = sorted(rs.in_force_on(start, scope), key=order_key)
            need_complete = scope in COMPLETE_SCOPES
            if not rules and not need_complete:
                continue
            names = sorted({n for r in rules for n in r.when.names()})
            key = (scope, tuple(r.code for r in rules))
            if key not in cache:
                if len(names) <= limit:
                    cache[key] = _exhaustive(rules, names, need_complete)
                else:
                    cache[key] = _sampled(rules, names, need_complete, max_examples)
            table = cache[key]
            coverage.append(Coverage(scope, start, end, len(names), table.method, table.combinations))
            ever_won |= table.winners
            for rule in rules:
                in_force_somewhere.setdefault(rule.code, (start, rule))
            if table.gap is not None:
                period = f"{start.isoformat()} 起" + (f"至 {end.isoformat()}" if end < LATEST else "")
                how = "穷举" if table.method == "exhaustive" else "抽样搜索并化简"
                out.append(
                    Problem(
                        "gap",
                        None,
                        str(rs.root / "classify"),
                        f"{scope} 作用域（{period}）有事实组合没有任何规则作出决定（{how}）；"
                        f"例：{facts_text(table.gap)}",
                        PROBLEM,
                        example_yaml(scope, start, table.gap),
                    )
                )
    for code, (start, rule) in sorted(in_force_somewhere.items()):
        if code in ever_won or never_holds_reason(rule):
            continue
        sample = joint_witness([rule]) or {}
        won = winner(rs.in_force_on(start, rule.scope), sample)
        by = f"如 {won.code}（优先级 {won.priority}）" if won and won is not rule else ""
        out.append(
            problem(
                rule,
                "shadowed",
                f"规则永远不会胜出：凡其条件成立的事实组合，都有优先级更高的规则适用{('，' + by) if by else ''}",
                example=example_yaml(rule.scope, start, sample),
            )
        )
    return out, coverage
