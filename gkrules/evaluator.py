"""What classification and the finding rules ask of an evaluator, as a typed seam.

Three classes implement it: :class:`gkrules.engine.DurableEvaluator` (durable-rules),
:class:`gkrules.reference.ReferenceEvaluator` (plain Python, the oracle in tests) and
:class:`gkrules.cache.CachedEvaluator` (either of them behind an answer cache).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .rulebook import RuleSet


class Evaluator(Protocol):
    """Says which rules of a scope fire on fact sets, on a given day."""

    #: shown in explanation records (``durable-rules``, ``reference``, ``durable-rules+cache`` …)
    name: str
    ruleset: RuleSet

    def fire(self, scope: str, fact_sets: Sequence[Mapping[str, bool]], on: _dt.date) -> list[frozenset[str]]:
        """For each fact set, the codes of every rule of ``scope`` in force on ``on`` whose condition holds."""
        ...

    def fire_one(self, scope: str, facts: Mapping[str, bool], on: _dt.date) -> frozenset[str]:
        """:meth:`fire` for one fact set."""
        ...
