"""Reuse of the rules' answer for a fact combination already seen.

The rules are a pure function of the facts and of which rules are in force, so the key is the scope,
the fact values and the rule set's epoch for the date (see :meth:`RuleSet.epoch`). The cache is
bounded and cleared when full, so memory stays flat on any batch.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from itertools import repeat

from .errors import EngineError
from .evaluator import Evaluator


class CachedEvaluator:
    """An :class:`~gkrules.evaluator.Evaluator` that asks ``inner`` only for fact sets it has not seen."""

    def __init__(self, inner: Evaluator, max_entries: int = 200_000):
        self.inner = inner
        self.ruleset = inner.ruleset
        self.name = f"{inner.name}+cache"
        self.max_entries = max_entries
        self._cache: dict[tuple, frozenset[str]] = {}
        self._names = {scope: tuple(names) for scope, names in self.ruleset.facts.items()}
        self.hits = 0
        self.misses = 0

    def fire_one(self, scope: str, facts: Mapping[str, bool], on: _dt.date) -> frozenset[str]:
        """:meth:`fire` for one fact set (the common call of the finding rules)."""
        codes = self._cache.get((scope, self.ruleset.epoch(on, scope), _values(self._names.get(scope, ()), facts)))
        if codes is None:
            return self.fire(scope, [facts], on)[0]
        self.hits += 1
        return codes

    def fire(self, scope: str, fact_sets: Sequence[Mapping[str, bool]], on: _dt.date) -> list[frozenset[str]]:
        epoch = self.ruleset.epoch(on, scope)
        names = self._names.get(scope, ())
        cache = self._cache
        keys = [(scope, epoch, _values(names, facts)) for facts in fact_sets]
        found = [cache.get(key) for key in keys]
        missing = [i for i, codes in enumerate(found) if codes is None]
        if missing:
            self.misses += len(missing)
            if len(cache) + len(missing) > self.max_entries:
                cache.clear()
            fired = self.inner.fire(scope, [fact_sets[i] for i in missing], on)
            for i, codes in zip(missing, fired):
                cache[keys[i]] = found[i] = codes
        self.hits += len(keys) - len(missing)
        return found  # type: ignore[return-value]  # every None was filled in


def _values(names: tuple[str, ...], facts: Mapping[str, bool]) -> tuple[bool, ...]:
    """The fact values in vocabulary order (missing = False); a non-boolean is refused before any lookup,
    as (1,) == (True,) would find another key."""
    values = tuple(map(facts.get, names, repeat(False)))
    if not _ONLY_BOOL.issuperset(map(type, values)):
        bad = next(n for n, v in zip(names, values) if v is not True and v is not False)
        raise EngineError(f"事实 {bad} 应为布尔值，实为 {facts[bad]!r}")
    return values


_ONLY_BOOL = frozenset({bool})
