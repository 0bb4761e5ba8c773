"""Verification of the whole rule set: what ``gkrules rules lint`` reports.

One module per concern: ``fields`` (each rule file on its own), ``examples``, ``overlaps`` (pairs of
rules), ``gaps`` (decision tables per period), ``issued`` (the issued-codes list), ``render`` (text
and counterexamples), ``model`` (the report).

Every rule file under ``rules/`` is checked on its own (article, dates, examples, explanation, codes,
slug, category, fact names, a condition that can never hold) and against the others of its scope.

What "complete" means differs by scope, following the procedure of ``classify.py``:

- ``case``: no rule firing is the normal case (the items are then classified), so there are no gaps
  here; overlaps and shadowed rules are still reported.
- ``item``: every combination of item facts must be decided by some rule in force — otherwise
  ``classify`` stops with "规则集不完整". A gap is such a combination.
- ``separation``: no rule firing is normal (the item keeps its category; no ``partial``); no gaps.
- ``aggregate``: every combination of its facts must be decided, as for items.
- ``letter`` / ``deadline`` (finding scopes): every rule that fires is reported, so there is no winner,
  no gap and no overlap to resolve; two rules of one scope with the same condition are reported instead
  (they would always report together).

Completeness and shadowing are checked for every period in which the set of rules in force is constant
(``RuleSet.boundaries``): a gap can open on the day a rule stops applying. Within a period the facts
tested by the scope's rules are enumerated exhaustively when there are at most ``EXHAUSTIVE_LIMIT`` of
them; beyond that a seeded search tries the combinations with fewest true facts first, then random
ones, and shrinks a gap it finds until no true fact can be removed; the counterexample is printed as YAML.

Two rules of one classification scope that can fire together are decided only by ``priority``; each such
pair is listed as a *note* for a reviewer to confirm — unless both have the same priority, which leaves
the winner to the order of codes and is a *problem*.
"""

from __future__ import annotations

from pathlib import Path

from ..rulebook import RuleSet, load_ruleset
from .data import check_data
from .examples import check_examples, order_key, winner
from .fields import check_codes, check_rule, finding_elements, never_holds_reason
from .gaps import (
    COMPLETE_SCOPES,
    EXHAUSTIVE_LIMIT,
    SAMPLE_EXAMPLES,
    check_tables,
    periods,
)
from .issued import ISSUED_FILE, check_issued, issued_path, read_issued, record_codes
from .model import KINDS, NOTE, PROBLEM, Coverage, Problem, Report
from .overlaps import (
    check_finding_duplicates,
    check_overlaps,
    in_force_together,
    joint_witness,
)
from .render import kinds_help, render_text

__all__ = [
    "COMPLETE_SCOPES",
    "EXHAUSTIVE_LIMIT",
    "ISSUED_FILE",
    "KINDS",
    "NOTE",
    "PROBLEM",
    "SAMPLE_EXAMPLES",
    "Coverage",
    "Problem",
    "Report",
    "finding_elements",
    "in_force_together",
    "issued_path",
    "joint_witness",
    "kinds_help",
    "lint",
    "lint_root",
    "never_holds_reason",
    "order_key",
    "periods",
    "read_issued",
    "record_codes",
    "render_text",
    "winner",
]


def lint_root(root: str | Path | None = None, **options) -> Report:
    """Load the rules under ``root`` leniently (so duplicates and unknown facts are reported) and lint."""
    return lint(load_ruleset(root, strict=False), **options)


def lint(rs: RuleSet, *, exhaustive_limit: int = EXHAUSTIVE_LIMIT, max_examples: int = SAMPLE_EXAMPLES) -> Report:
    """Every check, in the order of the package's modules: fields, examples, overlaps, gaps, issued codes."""
    report = Report(ruleset=rs.hash, rules=len(rs.all_rules))
    out = report.items
    out += check_codes(rs)
    for rule in rs.all_rules:
        out += check_rule(rs, rule)
    for rule in rs.rules:
        out += check_examples(rs, rule)
    out += check_overlaps(rs)
    tables, coverage = check_tables(rs, exhaustive_limit, max_examples)
    out += tables
    report.coverage = coverage
    out += check_finding_duplicates(rs)
    out += check_issued(rs)
    out += check_data(rs)
    return report
