"""Findings: what a finding rule (scope ``letter`` or ``deadline``) reports when it fires.

Detection and message are apart: plain Python computes boolean facts and, beside them, the details a
message needs (``expected``, ``found``, ``line`` …); the evaluator says which rules fire; the message is
the rule file's ``message`` filled with those details.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .evaluator import Evaluator
from .rulebook import Rule, RuleSet

SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class Finding:
    code: str
    element: str
    severity: str
    message: str
    line: int | None = None
    expected: str | None = None
    found: str | None = None
    profile: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


class _Details:
    """The values a message template asks for, as text: None prints as nothing, a missing one as （未知）."""

    __slots__ = ("values",)

    def __init__(self, values: "Mapping[str, object] | _Layered"):
        self.values = values

    def __getitem__(self, key: str) -> str:
        value = self.values.get(key, _MISSING)
        if value is _MISSING:
            return "（未知）"
        return "" if value is None else str(value)


_MISSING = object()


def format_message(template: str, details: "Mapping[str, object] | _Layered") -> str:
    """Fill ``{name}`` placeholders; a missing detail prints as （未知） instead of failing."""
    return template.format_map(_Details(details))


def finding(
    rule: Rule,
    details: Mapping[str, object],
    severity: str | None = None,
    profile: str | None = None,
    shared: Mapping[str, object] | None = None,
) -> Finding:
    """``shared``: the values of ``details`` that are not per-rule mappings (computed once by ``run``)."""
    if shared is None:
        shared = _shared(details)
    values = _values_for(rule, details, shared)
    line = values.get("line")
    expected, found = values.get("expected"), values.get("found")
    return Finding(
        code=rule.code,
        element=rule.element or rule.scope,
        severity=effective_severity(rule, severity),
        message=format_message(rule.message or rule.title, values),
        line=int(line) if isinstance(line, int) else None,
        expected=None if expected is None else str(expected),
        found=None if found is None else str(found),
        profile=profile,
    )


def message_of(rule: Rule, details: Mapping[str, object], shared: Mapping[str, object]) -> str:
    """The message of :func:`finding` alone (``shared`` given, as ``run`` gives it)."""
    return format_message(rule.message or rule.title, _values_for(rule, details, shared))


def _values_for(
    rule: Rule, details: Mapping[str, object], shared: Mapping[str, object]
) -> "Mapping[str, object] | _Layered":
    """What a rule's message is filled from: its own details (under its code), over the shared ones."""
    rule_details = details.get(rule.code)
    return _Layered(rule_details, shared) if isinstance(rule_details, dict) else shared


class _Layered:
    """A rule's own values over the shared ones, as ``{**shared, **own}`` would read, without the copy."""

    __slots__ = ("own", "shared")

    def __init__(self, own: Mapping[str, object], shared: Mapping[str, object]):
        self.own = own
        self.shared = shared

    def get(self, key: str, default: object = None) -> object:
        value = self.own.get(key, _MISSING)
        return self.shared.get(key, default) if value is _MISSING else value


def effective_severity(rule: Rule, severity: str | None) -> str:
    """A finding's severity: the profile's for its code, else the rule's, else ``error``."""
    return severity or rule.severity or "error"


def _shared(details: Mapping[str, object]) -> dict[str, object]:
    """The values every rule shares: all but the per-rule dicts."""
    return {k: v for k, v in details.items() if not isinstance(v, dict)}


def run(
    evaluator: Evaluator,
    scope: str,
    facts: Mapping[str, bool],
    details: Mapping[str, object] | Callable[[], Mapping[str, object]],
    on: _dt.date,
    severities: Mapping[str, str] | None = None,
    profile: str | None = None,
    elements: frozenset[str] | None = None,
) -> list[Finding]:
    """Fire the finding rules of ``scope`` on one fact set and build their findings.

    ``details`` holds message values shared by all rules, and per-rule values (a dict) under the rule's code.
    ``severities`` (from an agency profile) maps a code to ``error``, ``warning`` or ``off``.
    ``elements``: report only findings of these elements (e.g. ``category`` when there is no letter).
    ``details`` may be a function that builds them: it is called only when a finding is reported.
    """
    chosen = fired(evaluator, scope, facts, on, severities, elements)
    if not chosen:
        return []
    values = details() if callable(details) else details
    shared = _shared(values)
    return [finding(rule, values, severity, profile, shared) for rule, severity in chosen]


def fired(
    evaluator: Evaluator,
    scope: str,
    facts: Mapping[str, bool],
    on: _dt.date,
    severities: Mapping[str, str] | None = None,
    elements: frozenset[str] | None = None,
) -> list[tuple[Rule, str | None]]:
    """The rules of ``scope`` that fire on ``facts`` and are reported, in code order, each with the
    profile's severity for it (None: the rule's own): what :func:`run` makes findings of."""
    ruleset: RuleSet = evaluator.ruleset
    codes = evaluator.fire_one(scope, facts, on)
    if not codes:
        return []
    out = []
    for code in sorted(codes):
        rule = ruleset.get(code)
        if elements is not None and (rule.element or rule.scope) not in elements:
            continue
        severity = (severities or {}).get(code)
        if severity == "off":
            continue
        out.append((rule, severity))
    return out
