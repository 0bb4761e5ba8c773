"""The typed seams between modules: one error module with did-you-mean as data, the Evaluator protocol."""

from __future__ import annotations

import datetime as _dt
import inspect

import pytest

import gkrules.caseio
import gkrules.holiday_files
import gkrules.letter.profile
import gkrules.letter.read
import gkrules.workdays
from gkrules import errors, findings
from gkrules.cache import CachedEvaluator
from gkrules.engine import DurableEvaluator
from gkrules.evaluator import Evaluator
from gkrules.reference import ReferenceEvaluator


def test_every_error_class_is_defined_in_the_errors_module_and_reexported_where_it_was():
    moved = {
        gkrules.caseio: ["CaseErrors"],
        gkrules.workdays: ["CalendarError"],
        gkrules.holiday_files: ["HolidayFileError", "HolidayFileErrors"],
        gkrules.letter.read: ["LetterError"],
        gkrules.letter.profile: ["ProfileError"],
    }
    for module, names in moved.items():
        for name in names:
            assert getattr(module, name) is getattr(errors, name), f"{module.__name__}.{name}"
            assert getattr(errors, name).__module__ == "gkrules.errors"


def test_unknown_rule_code_keeps_the_suggestion_as_data(ruleset):
    with pytest.raises(errors.UnknownRuleError) as caught:
        ruleset.get("GK-C-001X")
    assert caught.value.code == "GK-C-001X" and caught.value.suggestion == "GK-C-001"
    assert str(caught.value) == "没有编号为 GK-C-001X 的规则（是否应为 GK-C-001？）"
    with pytest.raises(errors.UnknownRuleError) as caught:
        ruleset.get("XYZ")
    assert caught.value.suggestion is None
    assert str(caught.value) == "没有编号为 XYZ 的规则；用 gkrules rules list 查看全部规则"


def test_lint_problem_keeps_the_suggestion_as_data(tmp_path):
    from test_lint import _unknown_fact, copy_valid, problems

    root = copy_valid(tmp_path)
    _unknown_fact(root)  # state_secrets for state_secret
    (p,) = [p for p in problems(root) if p.kind == "unknown-fact"]
    assert p.suggestion == "state_secret" and "是否应为 state_secret" in p.message


@pytest.mark.parametrize("cls", [DurableEvaluator, ReferenceEvaluator, CachedEvaluator])
def test_each_evaluator_has_the_protocols_methods_with_its_signatures(cls):
    for method in ("fire", "fire_one"):
        want = list(inspect.signature(getattr(Evaluator, method)).parameters)
        assert list(inspect.signature(getattr(cls, method)).parameters) == want


def test_findings_ask_the_evaluator_for_one_fact_set_through_fire_one(ruleset):
    class OnlyFireOne:
        name = "fire_one only"

        def __init__(self) -> None:
            self.ruleset = ruleset
            self.calls: list[tuple] = []

        def fire(self, scope, fact_sets, on):  # pragma: no cover - must not be called
            raise AssertionError("run() must use fire_one for one fact set")

        def fire_one(self, scope, facts, on):
            self.calls.append((scope, dict(facts), on))
            return frozenset()

    ev = OnlyFireOne()
    day = _dt.date(2024, 1, 2)
    assert findings.run(ev, "deadline", {"x": True}, {}, day) == []
    assert ev.calls == [("deadline", {"x": True}, day)]


def test_check_gives_a_typed_result_whose_json_is_check_case(root):
    from gkrules.caseio import load_case
    from gkrules.check import CheckResult, check, check_case
    from gkrules.findings import Finding

    path = root / "cases" / "letters" / "bad-doc-number.yml"
    result = check(load_case(path), path)
    assert isinstance(result, CheckResult)
    assert all(isinstance(f, Finding) for f in result.findings)
    assert sorted(f.code for f in result.findings) == ["GK-L-005", "GK-L-006", "GK-L-007"]
    assert result.deciding_rule.code == check_case(load_case(path), path)["deciding_rule"]["id"]
    assert result.as_dict() == check_case(load_case(path), path)
