"""What a rule's ``when`` means, written once.

A condition on boolean facts has three lists: every fact of ``all`` is true, at least one fact of
``any`` is true (an empty ``any`` asks nothing), and no fact of ``none`` is true. A fact a fact set
does not mention is false. :class:`Condition` turns that meaning into what each consumer needs:

- the reference evaluator and lint: a Python predicate (:meth:`Condition.holds`) and, for lint's
  enumeration, a predicate on bit masks (:meth:`Condition.bit_predicate`);
- the durable-rules engine: the tests to build, as plain data (:meth:`Condition.durable_terms`);
  ``engine.py`` alone turns them into durable-rules expressions;
- explain: which part of the condition failed on a fact set (:meth:`Condition.failure`);
- lint: the sets it reasons with (:meth:`Condition.never_holds_reason`, :meth:`Condition.key`,
  :func:`joint_witness`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol


class WhenLike(Protocol):
    """The ``when`` of a rule file: three lists of fact names."""

    @property
    def all(self) -> Sequence[str]: ...

    @property
    def any(self) -> Sequence[str]: ...

    @property
    def none(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class DurableTerms:
    """A condition as the engine builds it: each ``(fact, value)`` of ``required`` must hold, and when
    ``alternatives`` is not empty at least one of those facts must be true."""

    required: tuple[tuple[str, bool], ...]
    alternatives: tuple[str, ...]


@dataclass(frozen=True)
class Failure:
    """Why a condition does not hold on a fact set (all empty: it holds)."""

    missing: tuple[str, ...]  # facts of ``all`` that are false
    no_alternative: tuple[str, ...]  # the ``any`` list, when none of its facts is true
    blocking: tuple[str, ...]  # facts of ``none`` that are true

    @property
    def holds(self) -> bool:
        return not (self.missing or self.no_alternative or self.blocking)

    @property
    def only_blocked(self) -> bool:
        """The positive part holds and only exceptions (``none`` facts) keep the condition from holding."""
        return bool(self.blocking) and not self.missing and not self.no_alternative


@dataclass(frozen=True)
class Condition:
    all: tuple[str, ...] = ()
    any: tuple[str, ...] = ()
    none: tuple[str, ...] = ()

    @classmethod
    def of(cls, when: WhenLike) -> Condition:
        return cls(tuple(when.all), tuple(when.any), tuple(when.none))

    def names(self) -> tuple[str, ...]:
        return (*self.all, *self.any, *self.none)

    # ------------------------------------------------------------------ the reference evaluator, lint

    def holds(self, facts: Mapping[str, bool]) -> bool:
        get = facts.get
        for name in self.all:
            if not get(name, False):
                return False
        for name in self.none:
            if get(name, False):
                return False
        if not self.any:
            return True
        for name in self.any:
            if get(name, False):
                return True
        return False

    def bit_predicate(self, index: Mapping[str, int]) -> Callable[[int], bool]:
        """:meth:`holds` for a fact set given as bits (fact ``n`` true when bit ``index[n]`` is set)."""

        def mask(names: Sequence[str]) -> int:
            m = 0
            for n in names:
                m |= 1 << index[n]
            return m

        all_m, any_m, none_m = mask(self.all), mask(self.any), mask(self.none)
        if any_m:
            return lambda bits: bits & all_m == all_m and not bits & none_m and bool(bits & any_m)
        return lambda bits: bits & all_m == all_m and not bits & none_m

    # ------------------------------------------------------------------ the durable-rules engine

    def durable_terms(self) -> DurableTerms:
        required = tuple((n, True) for n in self.all) + tuple((n, False) for n in self.none)
        return DurableTerms(required, self.any)

    # ------------------------------------------------------------------ explain

    def failure(self, facts: Mapping[str, bool]) -> Failure:
        get = facts.get
        missing = tuple(n for n in self.all if not get(n, False))
        no_alternative = self.any if self.any and not any(get(n, False) for n in self.any) else ()
        blocking = tuple(n for n in self.none if get(n, False))
        return Failure(missing, no_alternative, blocking)

    # ------------------------------------------------------------------ lint

    def never_holds_reason(self) -> str | None:
        """Why no fact set satisfies the condition, or None when one does (exact for these conditions)."""
        both = sorted(set(self.all) & set(self.none))
        if both:
            return f"事实 {'、'.join(both)} 同时出现在 all 和 none 中"
        if self.any and set(self.any) <= set(self.none):
            return "any 中的事实都出现在 none 中"
        return None

    def key(self) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        """Equal keys, equal conditions: an ``any`` list already met by a fact of ``all`` asks nothing."""
        anys = frozenset(self.any)
        if anys & set(self.all):
            anys = frozenset()
        return frozenset(self.all), anys, frozenset(self.none)


def joint_witness(conditions: Sequence[Condition]) -> dict[str, bool] | None:
    """A small fact set (only the facts that must be true) on which every condition holds, or None if
    no fact set satisfies them all."""
    true: set[str] = set()
    false: set[str] = set()
    for c in conditions:
        true |= set(c.all)
        false |= set(c.none)
    if true & false:
        return None
    for c in conditions:
        if c.any and not (set(c.any) & true):
            pick = next((n for n in c.any if n not in false), None)
            if pick is None:
                return None
            true.add(pick)
    facts = {n: True for n in sorted(true)}
    return facts if all(c.holds(facts) for c in conditions) else None
