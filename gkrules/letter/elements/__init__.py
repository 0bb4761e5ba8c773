"""One module per element of the reply letter, each producing the facts of that element.

A module registers each function with ``@produces("fact", …)``, naming the facts it produces; a function
receives the :class:`Context` and may ``put`` only those facts (and any message details). ``run`` calls
every producer in template order. ``tests/test_letter_elements.py`` requires every fact of
``rules/letter/facts.yml`` to have exactly one producer and every produced fact to be declared there.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass, field

from ...models import Case
from ..parse import ParsedLetter
from ..profile import Profile


@dataclass
class Context:
    """What the producers read (the parsed letter, the case, the category, the profile) and what they write
    (facts and details). The parsed letter is immutable."""

    parsed: ParsedLetter
    case: Case
    category: str
    group: str
    profile: Profile
    item_categories: list[str] | None
    rules_category: str | None
    exemptions: list[str | None] | None
    on: _dt.date
    facts: dict[str, bool] = field(default_factory=dict)
    details: dict[str, dict] = field(default_factory=dict)
    allowed: tuple[str, ...] = ()  # the facts of the running producer, in the order it declares them

    @property
    def reply_date(self) -> _dt.date | None:
        return self.case.decision.reply_date if self.case.decision else None

    @property
    def letter_day(self) -> _dt.date | None:
        ld = self.parsed.letter_date
        return ld.date if ld else None

    def put(self, name: str, value: bool, line: int | None = None, expected: object = None, found: object = None):
        if name not in self.allowed:
            raise KeyError(f"fact {name} is not declared by its producer")
        self.facts[name] = bool(value)
        if value:
            self.details[name] = {"line": line, "expected": expected, "found": found}

    def put_rest_false(self) -> None:
        """Every fact of the running producer not put yet is false (the element it looks at is absent)."""
        for name in self.allowed:
            if name not in self.facts:
                self.put(name, False)

    def detail(self, key: str, line: int | None, expected: object, found: object) -> None:
        """Message details that are not a fact's (kept under the element's name)."""
        self.details[key] = {"line": line, "expected": expected, "found": found}


@dataclass(frozen=True)
class Producer:
    element: str
    facts: tuple[str, ...]
    func: Callable[[Context], None]


PRODUCERS: list[Producer] = []


def produces(*facts: str) -> Callable:
    """Register the decorated function as the producer of ``facts`` for its module's element."""

    def register(func: Callable[[Context], None]) -> Callable[[Context], None]:
        element = func.__module__.rsplit(".", 1)[-1]
        PRODUCERS.append(Producer(element, tuple(facts), func))
        return func

    return register


def run(ctx: Context) -> None:
    from ..parse import ELEMENTS

    order = {name: i for i, name in enumerate(ELEMENTS)}
    for p in sorted(PRODUCERS, key=lambda p: order.get(p.element, len(order))):
        ctx.allowed = p.facts
        p.func(ctx)
        missing = [f for f in p.facts if f not in ctx.facts]
        if missing:
            raise KeyError(f"{p.element}: facts declared but not produced: {missing}")
    ctx.allowed = ()


def produced_facts() -> dict[str, list[str]]:
    """Fact name → the elements whose modules produce it."""
    out: dict[str, list[str]] = {}
    for p in PRODUCERS:
        for f in p.facts:
            out.setdefault(f, []).append(p.element)
    return out


from . import (  # noqa: E402  (the modules register their producers on import)
    date,
    decision,
    doc_number,
    fee,
    guidance,
    legal_basis,
    reasons,
    receipt,
    remedy,
    request,
    salutation,
    signature,
    title,
)

__all__ = [
    "Context",
    "PRODUCERS",
    "Producer",
    "date",
    "decision",
    "doc_number",
    "fee",
    "guidance",
    "legal_basis",
    "produced_facts",
    "produces",
    "reasons",
    "receipt",
    "remedy",
    "request",
    "run",
    "salutation",
    "signature",
    "title",
]
