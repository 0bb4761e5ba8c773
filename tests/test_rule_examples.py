"""Every rule file's examples run as tests, through the engine and the reference evaluator.

Classification rules: a ``fires`` example makes the rule the winner at its step; a ``does_not_fire``
example does not. Finding rules: the rule fires, or does not. Ids read ``GK-C-006::第三方同意公开``.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest

from gkrules.classify import make_evaluator
from gkrules.rulebook import CLASSIFY_SCOPES, load_ruleset

ROOT = Path(__file__).resolve().parent.parent
RULESET = load_ruleset(ROOT / "rules")
EVALUATORS = {name: make_evaluator(RULESET, name, cached=False) for name in ("durable", "reference")}


def _examples():
    for rule in RULESET.rules:
        for expected, examples in ((True, rule.examples.fires), (False, rule.examples.does_not_fire)):
            for ex in examples:
                yield pytest.param(rule, ex, expected, id=f"{rule.code}::{ex.name}")


def _outcome(evaluator, rule, example) -> bool:
    on = example.on or rule.in_force[0]
    facts = {n: False for n in RULESET.facts.get(rule.scope, {})} | dict(example.facts)
    (codes,) = evaluator.fire(rule.scope, [facts], on)
    if rule.scope in CLASSIFY_SCOPES:
        if not codes:
            return False
        winner = min((RULESET.get(c) for c in codes), key=lambda r: (r.priority, r.code))
        return winner.code == rule.code
    return rule.code in codes


@pytest.mark.parametrize("evaluator", sorted(EVALUATORS))
@pytest.mark.parametrize("rule,example,expected", list(_examples()))
def test_rule_example(evaluator, rule, example, expected):
    got = _outcome(EVALUATORS[evaluator], rule, example)
    verb = "决定结果/报告问题" if expected else "不决定结果/不报告问题"
    assert got == expected, f"{rule.path}: 示例「{example.name}」应{verb}"


def test_every_rule_has_examples_on_both_sides():
    missing = [r.code for r in RULESET.rules if not r.examples.fires or not r.examples.does_not_fire]
    assert missing == []


def test_example_facts_are_known_facts():
    unknown = [
        (r.code, ex.name, name)
        for r in RULESET.rules
        for ex in [*r.examples.fires, *r.examples.does_not_fire]
        for name in ex.facts
        if name not in RULESET.facts.get(r.scope, {})
    ]
    assert unknown == []


def test_classification_facts_are_the_case_file_contract():
    from gkrules.models import CASE_FACTS, ITEM_FACTS

    assert tuple(RULESET.facts["case"]) == CASE_FACTS
    assert tuple(RULESET.facts["item"]) == ITEM_FACTS


def test_codes_are_unique_and_match_file_names():
    codes = [r.code for r in RULESET.all_rules]
    assert len(codes) == len(set(codes))
    assert all(Path(r.path).stem == r.code for r in RULESET.all_rules)


def test_every_category_is_reachable_by_some_rule():
    from gkrules import categories

    reachable = {r.category for r in RULESET.rules if r.scope in CLASSIFY_SCOPES}
    assert set(categories.CODES) <= reachable


def test_rules_start_with_the_2019_regulation():
    """Every classification rule applies from the 2019 条例, except GK-C-027 (fee unpaid), which applies
    from the day 国办函〔2020〕109号 does: 2021-01-01 (本办法自2021年1月1日起施行)."""
    for rule in RULESET.rules:
        if rule.scope in CLASSIFY_SCOPES:
            start = _dt.date(2021, 1, 1) if rule.code == "GK-C-027" else _dt.date(2019, 5, 15)
            assert rule.in_force[0] == start, rule.code


def test_fee_unpaid_before_2021_is_refused_with_a_message():
    from gkrules.classify import Classifier, make_evaluator
    from gkrules.errors import NotApplicableError
    from gkrules.models import Case

    engine = Classifier(make_evaluator(RULESET, "reference"))
    data = {
        "id": "F-1",
        "agency": "福州市鼓楼区审计局",
        "received": "2020-12-31",
        "applicant": {"name": "张某", "type": "natural_person"},
        "request": "申请公开某信息",
        "facts": {"fee_unpaid_in_time": True},
        "items": [{"text": "某信息"}],
    }
    with pytest.raises(NotApplicableError, match="109号.*2021-01-01"):
        engine.classify(Case.model_validate(data))
    data["received"] = "2021-01-04"
    assert engine.classify(Case.model_validate(data)).category == "other"


def test_exemption_categories_are_the_rules_marked_exemption():
    from gkrules import categories

    marked = {r.category for r in RULESET.scope("item") if r.exemption}
    assert marked == categories.EXEMPTIONS
