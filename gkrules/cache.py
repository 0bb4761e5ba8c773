"""Reuse of the rules' answer for a fact combination already seen.

The rules are a pure function of the facts and of which rules are in force, so the key is the scope,
the fact values and the rule set's epoch for the date (see :meth:`RuleSet.epoch`). The cache is
bounded and cleared when full, so memory stays flat on any batch.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

from .errors import EngineError


class CachedEvaluator:
    def __init__(self, inner, max_entries: int = 200_000):
        self.inner = inner
        self.ruleset = inner.ruleset
        self.name = f"{inner.name}+cache"
        self.max_entries = max_entries
        self._cache: dict[tuple, frozenset[str]] = {}
        self._names = {scope: tuple(names) for scope, names in self.ruleset.facts.items()}
        self.hits = 0
        self.misses = 0

    def fire(self, scope: str, fact_sets: Sequence[dict[str, bool]], on: _dt.date) -> list[frozenset[str]]:
        epoch = self.ruleset.epoch(on)
        names = self._names.get(scope, ())
        keys = []
        for facts in fact_sets:
            values = tuple([facts.get(n, False) for n in names])
            if not all(v is True or v is False for v in values):
                # (1,) == (True,) as keys: refuse a non-boolean before the lookup
                bad = next(n for n, v in zip(names, values) if v is not True and v is not False)
                raise EngineError(f"事实 {bad} 应为布尔值，实为 {facts[bad]!r}")
            keys.append((scope, epoch, values))
        missing = [i for i, k in enumerate(keys) if k not in self._cache]
        if missing:
            self.misses += len(missing)
            if len(self._cache) + len(missing) > self.max_entries:
                self._cache.clear()
            fired = self.inner.fire(scope, [fact_sets[i] for i in missing], on)
            for i, codes in zip(missing, fired):
                self._cache[keys[i]] = codes
        self.hits += len(keys) - len(missing)
        return [self._cache[k] for k in keys]
