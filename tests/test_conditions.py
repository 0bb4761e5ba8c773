"""The meaning of a rule's ``when`` (gkrules.conditions), with expected values worked out by hand, and the
four consumers (reference evaluator, engine terms, explain, lint) agreeing on it."""

from __future__ import annotations

import itertools

from gkrules.conditions import Condition, DurableTerms, joint_witness

# "all a and b, any of c or d, none of e"
C = Condition(all=("a", "b"), any=("c", "d"), none=("e",))
NAMES = ("a", "b", "c", "d", "e")


def test_holds_by_hand():
    assert C.holds({"a": True, "b": True, "c": True})
    assert C.holds({"a": True, "b": True, "d": True, "c": False})
    assert not C.holds({"a": True, "b": True})  # no alternative of any
    assert not C.holds({"a": True, "c": True})  # b missing (unmentioned = false)
    assert not C.holds({"a": True, "b": True, "c": True, "e": True})  # the exception
    assert Condition().holds({})  # asks nothing
    assert Condition(none=("e",)).holds({}) and not Condition(none=("e",)).holds({"e": True})


def test_bit_predicate_agrees_with_holds_on_every_combination():
    index = {n: i for i, n in enumerate(NAMES)}
    holds_bits = C.bit_predicate(index)
    seen = 0
    for values in itertools.product((False, True), repeat=len(NAMES)):
        facts = dict(zip(NAMES, values))
        bits = sum(1 << index[n] for n, v in facts.items() if v)
        assert holds_bits(bits) == C.holds(facts)
        seen += C.holds(facts)
    assert seen == 3  # a, b true; e false; c/d: 3 of 4 combinations


def test_durable_terms_are_the_condition_as_data():
    assert C.durable_terms() == DurableTerms(required=(("a", True), ("b", True), ("e", False)), alternatives=("c", "d"))
    assert Condition(all=("a",)).durable_terms().alternatives == ()


def test_failure_names_the_part_that_failed():
    f = C.failure({"a": True, "c": True, "e": True})
    assert f.missing == ("b",) and f.no_alternative == () and f.blocking == ("e",)
    assert not f.holds and not f.only_blocked
    f = C.failure({"a": True, "b": True, "e": True})
    assert f.no_alternative == ("c", "d") and not f.only_blocked
    f = C.failure({"a": True, "b": True, "d": True, "e": True})
    assert f.only_blocked and f.blocking == ("e",)
    assert C.failure({"a": True, "b": True, "d": True}).holds


def test_never_holds_and_key():
    assert "a" in Condition(all=("a",), none=("a",)).never_holds_reason()
    assert Condition(any=("c", "d"), none=("c", "d")).never_holds_reason() == "any 中的事实都出现在 none 中"
    assert C.never_holds_reason() is None
    # an any-list met by a fact of all asks nothing more
    assert Condition(all=("a",), any=("a", "x")).key() == Condition(all=("a",)).key()
    assert Condition(all=("a",), any=("x",)).key() != Condition(all=("a",)).key()


def test_joint_witness_by_hand():
    assert joint_witness([C]) == {"a": True, "b": True, "c": True}
    assert joint_witness([C, Condition(any=("c",), none=("c",))]) is None
    assert joint_witness([C, Condition(none=("c",))]) == {"a": True, "b": True, "d": True}
    assert joint_witness([C, Condition(all=("e",))]) is None


def test_explain_lists_a_rule_kept_from_firing_only_by_its_exception(ruleset):
    """GK-C-0xx rules with a ``none`` list: explain names the exception that kept each from firing."""
    from gkrules.explain import lifted

    on = max(ruleset.boundaries)
    rule = next(r for r in ruleset.in_force_on(on, "item") if r.when.all and r.when.none and not r.when.any)
    facts = {n: True for n in rule.when.all} | {rule.when.none[0]: True}
    assert {"id": rule.code, "title": rule.title, "because": [rule.when.none[0]]} in lifted(ruleset, "item", facts, on)
    facts[rule.when.none[0]] = False
    assert rule.code not in [x["id"] for x in lifted(ruleset, "item", facts, on)]
