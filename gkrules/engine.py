"""The durable-rules engine. This module is the only one that imports ``durable``.

Each rule file becomes one durable-rules rule whose condition is the file's ``when`` (as described by
:meth:`gkrules.conditions.Condition.durable_terms`: facts equal to ``True``/``False``) and its ``in_force`` period (the ``on`` date as ``YYYYMMDD``). One ruleset per
scope is compiled once per process. :meth:`DurableEvaluator.fire` asserts a batch of fact sets under
a fresh session id, takes every rule match durable-rules has for that session (which rule matched
which fact set) and deletes the session's state (without that, durable-rules leaks and fails after
about a thousand sessions). The matches are taken from the engine's action queue directly rather than
through durable-rules' Python action machinery, which cost about 50 µs per match (a closure object,
the session state serialised back as JSON, two clock readings) and made up most of a call.

durable-rules' default host (``durable.lang``) starts two timer threads that call into the engine every
0.2 s to run pending actions; the engine is not thread-safe, so when an ``assert_facts`` call takes
longer than that (a case with thousands of items) the timer thread ran actions of the same session at
the same time, and the process crashed (segmentation fault) or the engine failed with error 307 in
about half the runs. This module registers its rulesets on a host of its own that starts no thread,
and takes each session's matches synchronously after ``assert_facts``, under one lock.

Facts are passed as strict booleans; durable-rules matches loosely (``true`` matches ``1``), so the
evaluator refuses anything that is not a ``bool`` before it reaches the engine.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import json
import threading
from collections.abc import Callable, Mapping, Sequence

import durable_rules_engine as _dre
from pydantic_core import from_json as _from_json
from durable import engine as _dengine
from durable import lang as _dl

from .errors import EngineError
from .rulebook import LATEST, Rule, RuleSet

#: durable-rules fails with error 307 on 400+ facts in one call; 200 keeps well below
BATCH = 200
_SINK = "__seen__"
_lock = threading.RLock()
_compiled: dict[tuple[str, str], _CompiledScope] = {}
_sid = itertools.count(1)


class _QuietHost(_dengine.Host):
    """A durable-rules host without the background dispatch threads (see the module docstring)."""

    def _run(self) -> None:  # the base class starts the timer threads here
        pass


_host: _QuietHost | None = None


def _get_host() -> _QuietHost:
    global _host
    if _host is None:
        _host = _QuietHost()
    return _host


def _day(day: _dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def _never_called(c) -> None:
    """The action durable-rules registers for each rule; :meth:`_CompiledScope._run` takes the matches itself."""


class _CompiledScope:
    """One durable-rules ruleset for one scope of one rule set."""

    def __init__(self, ruleset: RuleSet, scope: str, facts: Sequence[str]):
        self.name = f"gk_{scope}_{ruleset.digest[:20]}"
        self.scope = scope
        self.facts = tuple(facts)
        self.results: dict[str, list[set[str]]] = {}
        rules = ruleset.scope(scope)
        self._codes = [rule.code for rule in rules]
        definition = _dl.ruleset(self.name)
        with definition:
            for rule in rules:
                self._add(rule)
            # a sink so that a fact set no rule matches is not "unhandled"
            _dl.when_all(_dl.m.gk_scope == scope)(_never_called)
        # taken out of durable.lang's registry, so that its own host (and its threads) never starts
        _dl._rulesets.pop(self.name, None)
        name, body = definition.define()
        host = _get_host()
        host.register_rulesets({name: body})
        registered = host.get_ruleset(name)
        self._handle = registered._handle
        # durable-rules names the rules r_0, r_1 … in the order they were added (the sink last)
        self._on_match = {f"r_{i}": self._action(code) for i, code in enumerate([*self._codes, None])}
        assert set(self._on_match) == set(body), "durable-rules named the rules differently"

    def _add(self, rule: Rule) -> None:
        m = _dl.m
        cond = m.gk_scope == rule.scope
        start, end = rule.in_force
        cond = cond & (m.gk_on >= _day(start))
        if end < LATEST:
            cond = cond & (m.gk_on <= _day(end))
        terms = rule.when.condition.durable_terms()
        for name, value in terms.required:
            cond = cond & (getattr(m, name) == value)
        if terms.alternatives:
            alternatives = [getattr(m, name) == True for name in terms.alternatives]  # noqa: E712 - durable-rules expression
            any_cond = alternatives[0]
            for alt in alternatives[1:]:
                any_cond = any_cond | alt
            cond = cond & any_cond
        _dl.when_all(cond)(_never_called)

    def _action(self, code: str | None) -> Callable[[dict], None]:
        """What is done with a fact that the rule ``code`` matched: the code joins that fact set's results."""
        results = self.results
        if code is None:  # the sink

            def sink(matched: dict) -> None:
                pass

            return sink

        def action(matched: dict) -> None:
            results[matched["gk_sid"]][matched["gk_idx"]].add(code)

        return action

    def fire(self, fact_sets: Sequence[Mapping[str, bool]], on: _dt.date) -> list[frozenset[str]]:
        out: list[frozenset[str]] = []
        day = _day(on)
        for start in range(0, len(fact_sets), BATCH):
            chunk = fact_sets[start : start + BATCH]
            sid = f"s{next(_sid)}"
            self.results[sid] = [set() for _ in chunk]
            payload = []
            for idx, facts in enumerate(chunk):
                fact = {"sid": sid, "gk_sid": sid, "gk_idx": idx, "gk_scope": self.scope, "gk_on": day}
                for name in self.facts:
                    value = facts.get(name, False)
                    if type(value) is not bool:
                        raise EngineError(f"事实 {name} 应为布尔值，实为 {value!r}")
                    fact[name] = value
                payload.append(fact)
            try:
                self._run(sid, payload)
            finally:
                try:
                    _dre.delete_state(self._handle, sid)
                except Exception:  # the state may not exist when assert_facts failed early
                    pass
                fired = self.results.pop(sid)
            out.extend(frozenset(s) for s in fired)
        return out

    def _run(self, sid: str, payload: list[dict]) -> None:
        """Assert the facts of one session and take every rule match the engine has for it.

        This is what durable-rules' ``Host.assert_facts`` does, without its per-match bookkeeping (a
        closure object, the state written back as JSON, two clock readings): the actions here only
        record which rule matched which fact set, and never change the session's state.
        """
        handle = self._handle
        status, state = _dre.assert_facts(handle, json.dumps(payload, ensure_ascii=False))
        if status in (1, 2):  # not handled; already observed (each fact of a session differs in gk_idx)
            raise EngineError(f"规则引擎未处理事实（durable-rules 状态 {status}，会话 {sid}）")
        if status == 3:
            state = 0
        started = _dre.start_action_for_state(handle, state)
        message = started[1] if started else None
        on_match = self._on_match
        while message:
            for rule_name, matched in _from_json(message).items():
                try:
                    on_match[rule_name](matched["m"])
                except Exception as exc:
                    _dre.abandon_action(handle, state)
                    raise EngineError(f"规则引擎动作出错：{exc!r}") from None
            message = _dre.complete_and_start_action(handle, state)


class DurableEvaluator:
    """Fires the rules of a rule set with durable-rules (a :class:`gkrules.evaluator.Evaluator`).

    ``fire(scope, fact_sets, on)`` returns, for each fact set, the codes of every rule in that scope
    whose condition holds and which is in force on ``on``.
    """

    name = "durable-rules"

    def __init__(self, ruleset: RuleSet):
        self.ruleset = ruleset
        self._scopes: dict[str, _CompiledScope] = {}

    def _scope(self, scope: str) -> _CompiledScope:
        compiled = self._scopes.get(scope)
        if compiled is None:
            key = (self.ruleset.digest, scope)
            with _lock:
                compiled = _compiled.get(key)
                if compiled is None:
                    facts = tuple(self.ruleset.facts.get(scope, {}))
                    compiled = _CompiledScope(self.ruleset, scope, facts)
                    _compiled[key] = compiled
            self._scopes[scope] = compiled
        return compiled

    def fire(self, scope: str, fact_sets: Sequence[Mapping[str, bool]], on: _dt.date) -> list[frozenset[str]]:
        if not fact_sets:
            return []
        with _lock:
            return self._scope(scope).fire(fact_sets, on)

    def fire_one(self, scope: str, facts: Mapping[str, bool], on: _dt.date) -> frozenset[str]:
        return self.fire(scope, [facts], on)[0]
