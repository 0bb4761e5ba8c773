"""Reuse of the rules' answer for a fact combination already seen.

The rules are a pure function of the facts and of which rules are in force, so the key is the scope,
the fact values and the rule set's epoch for the date (see :meth:`RuleSet.epoch`). The cache is
bounded and cleared when full, so memory stays flat on any batch.

A command run by hand (``check``, ``classify`` …) also keeps the engine's answers between runs: a
:class:`DecisionStore` in the cache directory, one file per rule set (the digest of its files) and per
engine (the code that turns rules into the engine's conditions, durable-rules' build). An answer found
there is the answer the engine gave for the same scope, facts and epoch; every other question goes to
the engine, which is imported and compiled only then (:class:`DeferredEvaluator`).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
from collections.abc import Callable, Mapping, Sequence
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING

from . import kept_json
from .errors import EngineError
from .evaluator import Evaluator

if TYPE_CHECKING:
    from .rulebook import RuleSet


class CachedEvaluator:
    """An :class:`~gkrules.evaluator.Evaluator` that asks ``inner`` only for fact sets it has not seen."""

    def __init__(self, inner: Evaluator, max_entries: int = 200_000, store: DecisionStore | None = None):
        self.inner = inner
        self.ruleset = inner.ruleset
        self.name = f"{inner.name}+cache"
        self.max_entries = max_entries
        self._cache: dict[tuple, frozenset[str]] = {}
        self._names = {scope: tuple(names) for scope, names in self.ruleset.facts.items()}
        self.hits = 0
        self.misses = 0
        self.store = store

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
        if missing and self.store is not None:
            for i in missing:
                found[i] = self.store.get(keys[i])
            missing = [i for i, codes in enumerate(found) if codes is None]
        if missing:
            self.misses += len(missing)
            if len(cache) + len(missing) > self.max_entries:
                cache.clear()
            fired = self.inner.fire(scope, [fact_sets[i] for i in missing], on)
            for i, codes in zip(missing, fired):
                cache[keys[i]] = found[i] = codes
            if self.store is not None:
                self.store.learn((keys[i], codes) for i, codes in zip(missing, fired))
        self.hits += len(keys) - len(missing)
        return found  # type: ignore[return-value]  # every None was filled in

    def save(self) -> None:
        """Keep this run's new answers in the store, if there is one."""
        if self.store is not None:
            self.store.save()


def _values(names: tuple[str, ...], facts: Mapping[str, bool]) -> tuple[bool, ...]:
    """The fact values in vocabulary order (missing = False); a non-boolean is refused before any lookup,
    as (1,) == (True,) would find another key."""
    values = tuple(map(facts.get, names, repeat(False)))
    if not _ONLY_BOOL.issuperset(map(type, values)):
        bad = next(n for n, v in zip(names, values) if v is not True and v is not False)
        raise EngineError(f"事实 {bad} 应为布尔值，实为 {facts[bad]!r}")
    return values


_ONLY_BOOL = frozenset({bool})


class DeferredEvaluator:
    """An evaluator made when it is first asked: the engine is not imported while the answers are known."""

    def __init__(self, ruleset: RuleSet, name: str, make: Callable[[], Evaluator]):
        self.ruleset = ruleset
        self.name = name
        self._make = make
        self._made: Evaluator | None = None

    @property
    def made(self) -> Evaluator:
        if self._made is None:
            self._made = self._make()
        return self._made

    def fire(self, scope: str, fact_sets: Sequence[Mapping[str, bool]], on: _dt.date) -> list[frozenset[str]]:
        return self.made.fire(scope, fact_sets, on)

    def fire_one(self, scope: str, facts: Mapping[str, bool], on: _dt.date) -> frozenset[str]:
        return self.made.fire_one(scope, facts, on)


class DecisionStore:
    """The engine's answers kept between runs, in one file of the cache directory.

    The file is named by the rule set's digest and by ``engine`` (a digest of what turns rules into the
    engine's answers); its first line holds a marker and the SHA-256 of the JSON that follows, which maps
    ``scope:epoch:facts`` (the fact values in vocabulary order, as a hexadecimal number) to the codes
    that fired. A file edited by hand or cut short is ignored (and replaced at the next save); one that
    cannot be read or written costs only time. :meth:`save` merges the answers learnt in this run into
    the file as it is then and replaces it in one step, so that runs at the same time never leave half a
    file; at most :attr:`MAX_ENTRIES` answers are kept.
    """

    MAX_ENTRIES = 4096
    #: stores kept in the cache directory (one per rule set and engine); older ones are deleted
    MAX_STORES = 16
    MARKER = "gkrules-decisions/1"

    def __init__(self, path: Path):
        self.path = path
        self._known: dict[str, list[str]] | None = None
        self._learnt: dict[str, list[str]] = {}

    @classmethod
    def for_ruleset(cls, ruleset: RuleSet, engine: str) -> DecisionStore | None:
        """The store of ``ruleset`` in the cache directory (None when the cache is off)."""
        from .rulebook import cache_dir

        directory = cache_dir()
        if directory is None:
            return None
        return cls(directory / f"decisions-{ruleset.digest[:32]}-{engine}.json")

    def get(self, key: tuple) -> frozenset[str] | None:
        if self._known is None:
            self._known = kept_json.read(self.path, self.MARKER)
        codes = self._known.get(_store_key(key))
        return frozenset(codes) if isinstance(codes, list) else None

    def learn(self, answers) -> None:
        for key, codes in answers:
            self._learnt[_store_key(key)] = sorted(codes)

    def save(self) -> None:
        """Add the answers learnt in this run to the file (nothing is written when there are none)."""
        if not self._learnt:
            return
        created = not self.path.exists()
        if not kept_json.merge_into(self.path, self.MARKER, self._learnt, self.MAX_ENTRIES):
            return
        if created:
            try:
                self._prune()
            except OSError:
                return
        self._learnt.clear()

    def _prune(self) -> None:
        """Delete the oldest stores beyond :attr:`MAX_STORES` (only files that start with the marker)."""
        stores = []
        for path in self.path.parent.glob("decisions-*.json"):
            try:
                with open(path, "rb") as handle:
                    if handle.read(len(self.MARKER) + 1) == (self.MARKER + " ").encode():
                        stores.append((path.stat().st_mtime, path))
            except OSError:
                continue
        stores.sort(reverse=True)
        for _, old in stores[self.MAX_STORES :]:
            old.unlink(missing_ok=True)


def _store_key(key: tuple) -> str:
    scope, epoch, values = key
    number = 0
    for value in values:
        number = number * 2 + value
    return f"{scope}:{epoch}:{number:x}"


def durable_evaluator(ruleset: RuleSet, remember: bool = False) -> CachedEvaluator:
    """The durable-rules engine behind the answer cache, imported when first asked; ``remember``: with the
    rule set's :class:`DecisionStore`."""

    def make() -> Evaluator:
        from .engine import DurableEvaluator

        return DurableEvaluator(ruleset)

    store = DecisionStore.for_ruleset(ruleset, _durable_digest()) if remember else None
    return CachedEvaluator(DeferredEvaluator(ruleset, DURABLE_NAME, make), store=store)


#: :attr:`gkrules.engine.DurableEvaluator.name`, known before the engine is imported
DURABLE_NAME = "durable-rules"


def _durable_digest() -> str:
    """What turns rule files into durable-rules' answers: the modules that read the rules and build the
    engine's conditions, this module's keys, and durable-rules' compiled engine (its file's size and time)."""
    from importlib.util import find_spec

    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in ("engine.py", "conditions.py", "rulebook.py", "cache.py"):
        digest.update((here / name).read_bytes())
    spec = find_spec("durable_rules_engine")
    if spec is not None and spec.origin:
        try:
            st = os.stat(spec.origin)
            digest.update(f"{spec.origin} {st.st_size} {st.st_mtime_ns}".encode())
        except OSError:
            pass
    return digest.hexdigest()[:12]
