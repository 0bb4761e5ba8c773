"""Where a case's category is decided: the procedure of domain.md section 3, driven by the rules.

1. Case-level rules (scope ``case``): if any fires, the one with the lowest priority decides the
   case and the items are not classified.
2. Otherwise each item is matched against the ``item`` rules; the lowest priority wins.
3. ``separation`` rules may turn an item's exemption into ``partial`` (条例第三十七条).
4. ``aggregate`` rules combine the items' categories into the case's category.

Every step asks an evaluator (the durable-rules engine, or the reference evaluator in tests) which
rules fire; this module only orders the answers. The rules' content lives in ``rules/classify/``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from . import categories
from .errors import EngineError, NotApplicableError, RuleFileError
from .evaluator import Evaluator
from .fees import FEE_RULES_FROM, fee_rules_apply
from .models import CASE_FACTS, ITEM_FACTS, Case, CaseFacts, ItemFacts
from .rulebook import Rule, RuleSet

#: the scopes of the classification procedure, in its order
CLASSIFY_SCOPES = ("case", "item", "separation", "aggregate")
#: aggregate rules name one of these instead of a category code
SAME_AS_ITEMS = "same-as-items"
FIRST_IN_FORM_ORDER = "first-in-form-order"


@dataclass(frozen=True)
class Decision:
    """The rules that fired at one step, in priority order; the first is the winner."""

    fired: tuple[Rule, ...]

    @property
    def winner(self) -> Rule:
        return self.fired[0]

    @property
    def beaten(self) -> tuple[Rule, ...]:
        return self.fired[1:]


@dataclass(frozen=True)
class ItemOutcome:
    index: int
    text: str
    category: str
    decision: Decision
    separation: Rule | None = None  # the rule that made an exemption partial

    @property
    def rules(self) -> tuple[Rule, ...]:
        return (self.decision.winner,) + ((self.separation,) if self.separation else ())


@dataclass(frozen=True)
class Outcome:
    case_id: str
    category: str
    on: _dt.date
    ruleset_hash: str
    case_decision: Decision | None
    items: tuple[ItemOutcome, ...] = ()
    aggregation: Decision | None = None
    facts: dict = field(default_factory=dict, compare=False)

    @property
    def label(self) -> str:
        return categories.label(self.category)

    @property
    def decisive_rules(self) -> tuple[Rule, ...]:
        """The winning rules that produced the category, without duplicates, in procedure order."""
        if self.case_decision is not None:
            return (self.case_decision.winner,)
        seen: dict[str, Rule] = {}
        for item in self.items:
            for rule in item.rules:
                seen.setdefault(rule.code, rule)
        if self.aggregation is not None:
            seen.setdefault(self.aggregation.winner.code, self.aggregation.winner)
        return tuple(seen.values())

    @property
    def deciding_rule(self) -> Rule:
        """The one rule a reviewer is pointed to: the case rule, the aggregation, or the single item's."""
        if self.case_decision is not None:
            return self.case_decision.winner
        if len(self.items) == 1:
            return self.items[0].rules[-1]
        assert self.aggregation is not None
        if self.aggregation.winner.category in (SAME_AS_ITEMS, FIRST_IN_FORM_ORDER):
            for item in self.items:
                if item.category == self.category:
                    return item.rules[-1]
        return self.aggregation.winner


def _order(ruleset: RuleSet, codes: frozenset[str]) -> tuple[Rule, ...]:
    rules = [ruleset.get(code) for code in codes]
    rules.sort(key=lambda r: (r.priority if r.priority is not None else 10**9, r.code))
    return tuple(rules)


def case_facts(case: Case) -> dict[str, bool]:
    """The case facts by name, in the vocabulary's order (a model's ``__dict__`` holds its fields in that order)."""
    return dict(case.facts.__dict__)


def item_facts(case: Case) -> list[dict[str, bool]]:
    return [dict(item.facts.__dict__) for item in case.items]


assert tuple(CaseFacts().__dict__) == CASE_FACTS and tuple(ItemFacts().__dict__) == ITEM_FACTS


class Classifier:
    """Classifies cases with one evaluator (engine, reference, or a cached one of either)."""

    def __init__(self, evaluator: Evaluator):
        self.evaluator = evaluator
        self.ruleset: RuleSet = evaluator.ruleset
        self._applicable_epochs: set[int] = set()
        # the rules that fired, in priority order, per set of codes (the rule set does not change)
        self._decisions: dict[frozenset[str], Decision] = {}
        # decide()'s memos: the case rules' winner, an item's step, an aggregation's
        self._case_steps: dict[tuple, tuple[str, Rule] | None] = {}
        self._item_steps: dict[tuple, tuple[str, Rule]] = {}
        self._aggregate_steps: dict[tuple, tuple[str, Rule]] = {}
        # decide()'s answer for a one-item case per (epoch, facts of the case and of the item); epoch per day
        self._whole: dict[tuple, tuple[str, Rule]] = {}
        self._epochs: dict[_dt.date, int] = {}

    def _decision(self, codes: frozenset[str]) -> Decision:
        decision = self._decisions.get(codes)
        if decision is None:
            decision = self._decisions[codes] = Decision(_order(self.ruleset, codes))
        return decision

    def check_applicable(self, on: _dt.date) -> None:
        epoch = self.ruleset.epoch(on, CLASSIFY_SCOPES)
        if epoch in self._applicable_epochs:
            return
        if self.ruleset.in_force_on(on, "item"):
            self._applicable_epochs.add(epoch)
            return
        earliest = self.ruleset.earliest("item")
        if earliest is None:
            raise RuleFileError("规则集中没有申请事项（item）分类规则，无法分类", file=str(self.ruleset.root))
        raise NotApplicableError(
            f"收到日期 {on.isoformat()} 早于现行规则的施行日期"
            + (f" {earliest.isoformat()}" if earliest else "")
            + "：修订后的《中华人民共和国政府信息公开条例》（国务院令第711号，2019年5月15日施行）不适用于本案，"
            "gkrules 不对其分类"
        )

    def _check_fee_fact(self, case: Case) -> None:
        on = case.received
        if case.facts.fee_unpaid_in_time and not fee_rules_apply(on):
            raise NotApplicableError(
                f"收到日期 {on.isoformat()} 早于《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的施行日期"
                f" {FEE_RULES_FROM.isoformat()}：此前没有全国统一的信息处理费标准和“逾期未缴纳即不再处理”的规定，"
                "“逾期未缴纳信息处理费”（facts.fee_unpaid_in_time）不适用于本案；请按实际处理结果填写事实",
                field="facts.fee_unpaid_in_time",
            )

    def classify(self, case: Case) -> Outcome:
        on = case.received
        self.check_applicable(on)
        self._check_fee_fact(case)
        fire = self.evaluator.fire
        rs = self.ruleset
        cfacts = case_facts(case)
        (case_codes,) = fire("case", [cfacts], on)
        if case_codes:
            decision = self._decision(case_codes)
            return Outcome(case.id, _category(decision.winner), on, rs.hash, decision, facts={"case": cfacts})

        ifacts = item_facts(case)
        item_codes = fire("item", ifacts, on)
        decisions = []
        for i, codes in enumerate(item_codes):
            if not codes:
                raise EngineError(f"第 {i + 1} 项没有任何规则适用：规则集不完整（请运行 gkrules rules lint）")
            decisions.append(self._decision(codes))
        sep_facts = [
            {"exemption_applies": d.winner.exemption, "separable": f["separable"]} for d, f in zip(decisions, ifacts)
        ]
        sep_codes = fire("separation", sep_facts, on)
        items = []
        for i, (item, decision, codes) in enumerate(zip(case.items, decisions, sep_codes)):
            separation = self._decision(codes).winner if codes else None
            category = _category(separation) if separation else _category(decision.winner)
            items.append(ItemOutcome(i, item.text, category, decision, separation))

        cats = [it.category for it in items]
        agg_facts = _aggregate_facts(cats)
        (agg_codes,) = fire("aggregate", [agg_facts], on)
        if not agg_codes:
            raise EngineError("没有汇总规则适用：规则集不完整（请运行 gkrules rules lint）")
        aggregation = self._decision(agg_codes)
        category = _aggregate_category(aggregation.winner, cats)
        return Outcome(
            case.id,
            category,
            on,
            rs.hash,
            None,
            tuple(items),
            aggregation,
            facts={"case": cfacts, "items": ifacts, "separation": sep_facts, "aggregate": agg_facts},
        )

    def decide(self, case: Case) -> tuple[str, Rule]:
        """``(category, deciding rule)`` of :meth:`classify`, without building the :class:`Outcome`.

        The same procedure, remembered step by step: the case rules' winner per (in-force epoch, case
        facts), each item's category and rule (after separation) per (epoch, item facts), the
        aggregation per (epoch, the items' categories). Every first answer comes from the evaluator, as
        in :meth:`classify`; a batch then meets the same few combinations of an item's facts again and
        again even where whole cases never repeat. For a case of one item the answer is first looked up
        once per (epoch, the facts of the case and of the item). The memos are bounded (cleared when full).
        """
        on = case.received
        epoch = self._epochs.get(on)
        if epoch is None:
            epoch = self._applicable_epoch(on)
        facts = case.facts
        if facts.fee_unpaid_in_time:
            self._check_fee_fact(case)
        items = case.items
        if len(items) != 1:
            return self._decide_steps(case, epoch, on)
        # a case of one item: the facts of the case and of its item at once (the combinations of several
        # items' facts repeat far less; they go step by step)
        whole = (epoch, *facts.__dict__.values(), *items[0].facts.__dict__.values())
        found = self._whole.get(whole)
        if found is None:
            found = self._decide_steps(case, epoch, on)
            if len(self._whole) >= WHOLE_MEMO_ENTRIES:
                self._whole.clear()
            self._whole[whole] = found
        return found

    def _applicable_epoch(self, on: _dt.date) -> int:
        """The epoch of the classification scopes on ``on``, once the rules are known to apply then
        (:meth:`check_applicable` raises otherwise); remembered per day."""
        epoch = self.ruleset.epoch(on, CLASSIFY_SCOPES)
        if epoch not in self._applicable_epochs:
            self.check_applicable(on)
        if len(self._epochs) >= WHOLE_MEMO_ENTRIES:
            self._epochs.clear()
        self._epochs[on] = epoch
        return epoch

    def _decide_steps(self, case: Case, epoch: int, on: _dt.date) -> tuple[str, Rule]:
        """:meth:`decide` step by step (each step remembered on its own)."""
        key = (epoch, *case.facts.__dict__.values())
        step = self._case_steps.get(key, _UNSEEN)
        if step is _UNSEEN:
            self._bound_steps()
            (codes,) = self.evaluator.fire("case", [case_facts(case)], on)
            winner = self._decision(codes).winner if codes else None
            step = self._case_steps[key] = (_category(winner), winner) if winner is not None else None
        if step is not None:
            return step
        item_steps = self._item_steps
        decided: list[tuple[str, Rule]] = []
        for i, item in enumerate(case.items):
            key = (epoch, *item.facts.__dict__.values())
            step = item_steps.get(key)
            if step is None:
                self._bound_steps()
                step = item_steps[key] = self._item_step(i, dict(item.facts.__dict__), on)
            decided.append(step)
        cats = tuple([category for category, _ in decided])
        key = (epoch, *cats)
        agg = self._aggregate_steps.get(key)
        if agg is None:
            self._bound_steps()
            (agg_codes,) = self.evaluator.fire("aggregate", [_aggregate_facts(cats)], on)
            if not agg_codes:
                raise EngineError("没有汇总规则适用：规则集不完整（请运行 gkrules rules lint）")
            winner = self._decision(agg_codes).winner
            agg = self._aggregate_steps[key] = (_aggregate_category(winner, list(cats)), winner)
        category, winner = agg
        if winner.category in (SAME_AS_ITEMS, FIRST_IN_FORM_ORDER):
            # as Outcome.deciding_rule: the rule of the first item of the case's category
            return next(step for step in decided if step[0] == category)
        return category, winner

    def _bound_steps(self) -> None:
        if len(self._case_steps) + len(self._item_steps) + len(self._aggregate_steps) >= STEP_MEMO_ENTRIES:
            self._case_steps.clear()
            self._item_steps.clear()
            self._aggregate_steps.clear()

    def _item_step(self, index: int, facts: dict[str, bool], on: _dt.date) -> tuple[str, Rule]:
        """One item's category and the last rule that decided it (the separation rule, if one fired)."""
        (codes,) = self.evaluator.fire("item", [facts], on)
        if not codes:
            raise EngineError(f"第 {index + 1} 项没有任何规则适用：规则集不完整（请运行 gkrules rules lint）")
        winner = self._decision(codes).winner
        sep = {"exemption_applies": winner.exemption, "separable": facts["separable"]}
        (sep_codes,) = self.evaluator.fire("separation", [sep], on)
        if sep_codes:
            separation = self._decision(sep_codes).winner
            return _category(separation), separation
        return _category(winner), winner


#: combinations remembered by :meth:`Classifier.decide` (a few hundred bytes each)
STEP_MEMO_ENTRIES = 50_000
#: one-item cases' combinations of facts, and days, remembered by :meth:`Classifier.decide`
WHOLE_MEMO_ENTRIES = 8_192
_UNSEEN: Any = object()


def _aggregate_facts(cats) -> dict[str, bool]:
    return {
        "items_uniform": len(set(cats)) == 1,
        "any_item_disclosed": any(c in categories.DISCLOSED for c in cats),
    }


def _category(rule: Rule) -> str:
    if rule.category not in categories.BY_CODE:
        raise EngineError(f"规则 {rule.code} 的 category {rule.category!r} 不是有效的分类代码")
    return rule.category


def _aggregate_category(rule: Rule, cats: list[str]) -> str:
    if rule.category == SAME_AS_ITEMS:
        return cats[0]
    if rule.category == FIRST_IN_FORM_ORDER:
        return min(cats, key=categories.ORDER.__getitem__)
    return _category(rule)


@lru_cache(maxsize=4)
def _default_classifier(root: str | None, engine: str, remember: bool = False) -> Classifier:
    from .rulebook import ruleset as load

    rs = load(root)
    return Classifier(make_evaluator(rs, engine, remember=remember))


def make_evaluator(rs: RuleSet, engine: str = "durable", cached: bool = True, remember: bool = False) -> Evaluator:
    """``engine``: ``durable`` (the product) or ``reference`` (the plain-Python oracle). Cached, the engine
    is imported when first asked; ``remember``: its answers are also kept between runs (``cache.DecisionStore``)."""
    if engine == "durable" and cached:
        from .cache import durable_evaluator

        return durable_evaluator(rs, remember)
    if engine == "durable":
        from .engine import DurableEvaluator

        inner: Evaluator = DurableEvaluator(rs)
    elif engine == "reference":
        from .reference import ReferenceEvaluator

        inner = ReferenceEvaluator(rs)
    else:
        raise ValueError(engine)
    if not cached:
        return inner
    from .cache import CachedEvaluator

    return CachedEvaluator(inner)


def classifier(root: str | None = None, engine: str = "durable", remember: bool = False) -> Classifier:
    """A classifier over the rule set under ``root``, built once per process (``remember``: see make_evaluator)."""
    return _default_classifier(str(root) if root is not None else None, engine, remember and engine == "durable")
