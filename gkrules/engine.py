"""The durable-rules engine. This module is the only one that imports ``durable``.

Each rule file becomes one durable-rules rule whose condition is the file's ``when`` (as described by
:meth:`gkrules.conditions.Condition.durable_terms`: facts equal to ``True``/``False``) and its ``in_force`` period (the ``on`` date as ``YYYYMMDD``). One ruleset per
scope is compiled once per process. :meth:`DurableEvaluator.fire` asserts a batch of fact sets under
a fresh session id, collects every rule that fired for each, checks the session for swallowed
exceptions and deletes the session's state (without that, durable-rules leaks and fails after about
a thousand sessions).

durable-rules' default host (``durable.lang``) starts two timer threads that call into the engine every
0.2 s to run pending actions; the engine is not thread-safe, so when an ``assert_facts`` call takes
longer than that (a case with thousands of items) the timer thread ran actions of the same session at
the same time, and the process crashed (segmentation fault) or the engine failed with error 307 in
about half the runs. This module registers its rulesets on a host of its own that starts no thread:
every action runs synchronously inside ``assert_facts``, under one lock.

Facts are passed as strict booleans; durable-rules matches loosely (``true`` matches ``1``), so the
evaluator refuses anything that is not a ``bool`` before it reaches the engine.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import threading
from collections.abc import Mapping, Sequence

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


class _CompiledScope:
    """One durable-rules ruleset for one scope of one rule set."""

    def __init__(self, ruleset: RuleSet, scope: str, facts: Sequence[str]):
        self.name = f"gk_{scope}_{ruleset.digest[:20]}"
        self.scope = scope
        self.facts = tuple(facts)
        self.results: dict[str, list[set[str]]] = {}
        rules = ruleset.scope(scope)
        definition = _dl.ruleset(self.name)
        with definition:
            for rule in rules:
                self._add(rule)
            # a sink so that a fact set no rule matches is not "unhandled"
            _dl.when_all(_dl.m.gk_scope == scope)(lambda c: None)
        # taken out of durable.lang's registry, so that its own host (and its threads) never starts
        _dl._rulesets.pop(self.name, None)
        name, body = definition.define()
        _get_host().register_rulesets({name: body})

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
        _dl.when_all(cond)(self._action(rule.code))

    def _action(self, code: str):
        # durable-rules passes a completion callback as a second argument to two-argument
        # actions, so the code is bound by a closure, never by a default argument
        results = self.results

        def action(c):
            results[c.m.gk_sid][c.m.gk_idx].add(code)

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
                host = _get_host()
                host.assert_facts(self.name, payload)
                state = host.get_state(self.name, sid)
                if state and "exception" in state:
                    raise EngineError(f"规则引擎动作出错：{state['exception']}")
            except _dengine.MessageNotHandledException as exc:
                raise EngineError(f"规则引擎未处理事实：{exc}") from None
            finally:
                try:
                    _get_host().delete_state(self.name, sid)
                except Exception:  # the state may not exist when assert_facts failed early
                    pass
                fired = self.results.pop(sid)
            out.extend(frozenset(s) for s in fired)
        return out


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
