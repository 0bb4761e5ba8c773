"""The durable-rules wrapper: sessions cleaned up, strict booleans, swallowed exceptions surfaced."""

from __future__ import annotations

import datetime as _dt
import shutil

import pytest

from gkrules import engine as engine_module
from gkrules.engine import DurableEvaluator
from gkrules.errors import EngineError
from gkrules.rulebook import load_ruleset

DAY = _dt.date(2021, 6, 1)


def test_thousands_of_sessions_keep_working(ruleset):
    # without deleting each session's state durable-rules stops handling messages after ~1,000 sessions
    ev = DurableEvaluator(ruleset)
    for i in range(3000):
        (codes,) = ev.fire("item", [{"state_secret": i % 2 == 0}], DAY)
        assert ("GK-C-003" in codes) == (i % 2 == 0)
        assert "GK-C-011" in codes


def test_batches_larger_than_one_engine_call(ruleset):
    ev = DurableEvaluator(ruleset)
    facts = [{"not_held": i % 3 == 0} for i in range(engine_module.BATCH * 2 + 7)]
    fired = ev.fire("item", facts, DAY)
    assert len(fired) == len(facts)
    assert [("GK-C-001" in f) for f in fired] == [i % 3 == 0 for i in range(len(facts))]


@pytest.mark.parametrize("value", [1, 0, "true", None])
def test_non_boolean_facts_are_refused(ruleset, value):
    # durable-rules would match 1 against true; the wrapper must not let it reach the engine
    with pytest.raises(EngineError):
        DurableEvaluator(ruleset).fire("item", [{"state_secret": value}], DAY)


def test_rules_out_of_force_do_not_fire(ruleset):
    (codes,) = DurableEvaluator(ruleset).fire("item", [{}], _dt.date(2019, 5, 14))
    assert codes == frozenset()


def test_an_exception_inside_an_action_is_not_swallowed(tmp_path, monkeypatch, root):
    rules = tmp_path / "rules"
    shutil.copytree(root / "rules" / "classify", rules / "classify")
    (rules / "classify" / "facts.yml").write_text(
        (root / "rules" / "classify" / "facts.yml").read_text(encoding="utf-8") + "\n# a different digest\n",
        encoding="utf-8",
    )
    rs = load_ruleset(rules)

    def failing_action(self, code):
        def action(c):
            raise RuntimeError("boom")

        return action

    monkeypatch.setattr(engine_module._CompiledScope, "_action", failing_action)
    with pytest.raises(EngineError) as info:
        DurableEvaluator(rs).fire("item", [{}], DAY)
    assert "boom" in str(info.value)
