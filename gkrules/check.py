"""``check``: a case's draft decision and reply letter against the rules and the standard template.

Three kinds of findings, one list sorted by the letter's line:
- ``category``: the draft ``decision.category`` differs from the rules' category (rule GK-K-001);
- letter elements (rules ``GK-L-…``): facts from ``gkrules.letter`` fired through the evaluator;
- ``deadline``: from ``gkrules.deadline.deadline_findings``; ``deadline_detail`` holds the counted days
  and the calendar source that decided each.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import categories
from .deadline import DeadlineResult, deadline_findings
from .errors import EXIT_FINDINGS, EXIT_OK, InputError
from .evaluator import Evaluator
from .findings import Finding, run
from .letter.consistency import consistency_facts
from .letter.facts import item_exemptions, letter_facts
from .letter.parse import ELEMENTS, ParsedLetter, parse_letter
from .letter.profile import Profile, letter_codes, load_profile
from .letter.read import Letter, read_letter
from .models import Case
from .rulebook import Rule

ORDER = {name: i for i, name in enumerate(("category",) + ELEMENTS + ("deadline", "case"))}


def _details(ruleset, lf) -> dict:
    """Message details per rule code: the element's, then those of the rule's facts (``all`` last, so they win)."""
    out: dict[str, dict] = {}
    extra = {"legal_basis": "legal_basis", "reasons": "reasons"}
    for rule in ruleset.scope("letter"):
        merged: dict = {}
        key = extra.get(rule.element or "")
        if key and key in lf.details:
            merged.update({k: v for k, v in lf.details[key].items() if v is not None})
        for name in [*rule.when.none, *rule.when.any, *rule.when.all]:
            for k, v in lf.details.get(name, {}).items():
                if v is not None:
                    merged[k] = v
        out[rule.code] = merged
    return out


def _anchor(finding: Finding, parsed: ParsedLetter | None) -> tuple:
    """Sort key: the finding's line, or for a missing element the line where it would stand."""
    order = ORDER.get(finding.element, len(ORDER))
    if finding.line is not None:
        return (finding.line, order, finding.code)
    if finding.element == "category":
        return (0, order, finding.code)
    if parsed is None:
        return (10**6, order, finding.code)
    before = [parsed.line_of(e) for e in ELEMENTS[: max(0, order - 1)] if parsed.line_of(e)]
    return ((max(before) if before else 0) + 0.5, order, finding.code)


def resolve_letter(case: Case, case_path: str | Path | None) -> Path | None:
    if case.decision is None or not case.decision.letter:
        return None
    path = Path(case.decision.letter)
    if not path.is_absolute() and case_path is not None:
        path = Path(case_path).parent / path
    return path


def letter_findings(
    case: Case, outcome, parsed: ParsedLetter | None, profile: Profile, evaluator: Evaluator
) -> list[Finding]:
    """Findings of the ``letter`` rules (and GK-K-001) for a parsed letter; without a letter only ``category``."""
    decision = case.decision
    rule = outcome.deciding_rule
    if parsed is None:  # no letter: only the draft category against the rules
        differs = decision is not None and decision.category != outcome.category
        details = {
            "expected": categories.label(outcome.category),
            "found": categories.label(decision.category) if decision else None,
            "rule": rule.code,
            "article": rule.article,
        }
        on = (decision.reply_date if decision else None) or case.received
        return run(
            evaluator,
            "letter",
            {"draft_category_differs": differs},
            details,
            on,
            severities=profile.severity,
            profile=profile.name,
            elements=frozenset({"category"}),
        )
    letter_category = decision.category if decision else outcome.category
    item_categories = [it.category for it in outcome.items] if outcome.items else None
    exemptions = item_exemptions(outcome) if outcome.items else None
    lf = letter_facts(parsed, case, letter_category, profile, item_categories, outcome.category, exemptions)
    own_facts, own_details = consistency_facts(parsed)  # the decision against its own grounds (GK-L-070…076)
    lf.facts.update(own_facts)
    lf.details.update(own_details)
    details = _details(evaluator.ruleset, lf)
    shared = {"rule": rule.code, "article": rule.article}
    for code in details:
        details[code] = {**shared, **details[code]}
    return run(evaluator, "letter", lf.facts, details, lf.on, severities=profile.severity, profile=profile.name)


@dataclass(frozen=True)
class CheckResult:
    """What checking one case found; :meth:`as_dict` is the JSON of case-format.md."""

    case: Case
    category: str
    deciding_rule: Rule
    letter: Path | None
    letter_category: str
    profile: str
    findings: tuple[Finding, ...]
    deadline: DeadlineResult
    parsed: ParsedLetter | None
    warnings: tuple[str, ...]

    def as_dict(self) -> dict:
        decision = self.case.decision
        rule = self.deciding_rule
        parsed = self.parsed
        return {
            "id": self.case.id,
            "category": self.category,
            "label": categories.label(self.category),
            "draft_category": decision.category if decision else None,
            "deciding_rule": {"id": rule.code, "article": rule.article},
            "letter": str(self.letter) if self.letter else None,
            "letter_category": self.letter_category,
            "profile": self.profile,
            "findings": [f.as_dict() for f in self.findings],
            "deadline": self.deadline.last_day.isoformat(),
            # which source (package or holiday file) decided each counted day travels with the deadline
            "deadline_detail": self.deadline.to_json(),
            "elements": {e: parsed.line_of(e) for e in ELEMENTS} if parsed else None,
            "warnings": list(self.warnings),
        }


def check_case(*args, **kwargs) -> dict:
    """:func:`check` as the JSON of case-format.md (``id``, ``category``, ``draft_category``, ``findings``,
    ``deadline``) plus ``label``, ``letter``, ``profile`` and ``warnings``."""
    return check(*args, **kwargs).as_dict()


def check(
    case: Case,
    case_path: str | Path | None = None,
    *,
    profile: Profile | None = None,
    calendar=None,
    evaluator: Evaluator | None = None,
    letter_path: str | Path | None = None,
    rules_dir: str | None = None,
) -> CheckResult:
    """Check one case: the rules' category, the draft letter's findings and the deadline's."""
    from .classify import Classifier, classifier

    cls = Classifier(evaluator) if evaluator is not None else classifier(rules_dir)
    outcome = cls.classify(case)
    ev = cls.evaluator
    rs = ev.ruleset
    if profile is None:
        profile = load_profile(None, letter_codes(rs))
    unknown = [c for c in profile.severity if c not in letter_codes(rs)]
    if unknown:
        raise InputError(
            f"配置文件 severity 中的规则编号 {unknown[0]} 不是答复书或期限检查规则", file=profile.path or None
        )
    decision = case.decision
    letter_category = decision.category if decision else outcome.category

    path = Path(letter_path) if letter_path else resolve_letter(case, case_path)
    letter: Letter | None = None
    parsed: ParsedLetter | None = None
    warnings: list[str] = []
    if profile.agency and profile.agency != case.agency:
        warnings.append(f"机关配置 {profile.name} 适用于{profile.agency}，本案机关为{case.agency}")
    if path is not None and not letter_path and not path.exists():
        raise InputError(
            f"找不到答复书文件 {path}", file=str(case_path) if case_path else None, field="decision.letter"
        )
    if path is not None:
        letter = read_letter(path)
        warnings.extend(letter.warnings)
        parsed = parse_letter(letter.lines, letter.margin, letter.table_rows)
    found = letter_findings(case, outcome, parsed, profile, ev)
    rule = outcome.deciding_rule
    findings = list(found)

    result, dfind = deadline_findings(case, ev, calendar, severities=profile.severity, profile=profile.name)
    findings.extend(dfind)
    findings.sort(key=lambda f: _anchor(f, parsed))
    return CheckResult(
        case=case,
        category=outcome.category,
        deciding_rule=rule,
        letter=path,
        letter_category=letter_category,
        profile=profile.name,
        findings=tuple(findings),
        deadline=result,
        parsed=parsed,
        warnings=tuple(warnings),
    )


def check_exit_code(result: dict) -> int:
    return EXIT_FINDINGS if any(f["severity"] == "error" for f in result["findings"]) else EXIT_OK
