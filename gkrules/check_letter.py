"""``check`` of a reply letter alone (.docx or .txt), without a case file.

The letter gives most of the case (:mod:`gkrules.letter.to_case`); that case, built in memory, is checked
like any other: every element of the template, the deadline from the date received to the letter's date
(working days, the calendars) and the remedy for that date and agency, and the consistency of the decision
with its own grounds (:mod:`gkrules.letter.consistency`). What needs the case file is said instead of
checked: the JSON gives, for each value taken from the letter, the line it came from (``from_letter``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .check import CheckResult, check
from .evaluator import Evaluator
from .letter.profile import Profile
from .letter.to_case import LetterCase, letter_case_from_file

LETTER_SUFFIXES = (".docx", ".txt")
#: documents that are letters in another format: refused by the letter reader, saying how to convert them
OTHER_LETTER_FORMATS = (".doc", ".wps", ".pdf", ".rtf", ".odt")

#: letter facts that compare the letter with a value only a case file holds: built from the letter
#: alone, the case holds the letter's own value, so the rules testing them cannot fire on ``check LETTER``
NEEDS_CASE_FACTS: dict[str, str] = {
    "draft_category_differs": "拟定类别是否与案件事实相符，须由案件文件的事实判断",
    "salutation_name_mismatch": "称呼是否为申请人的姓名或名称，须由案件文件的 applicant.name 判断",
    "receipt_date_mismatch": "收到申请的日期是否与登记的收到日期一致，须由案件文件的 received 判断",
    "signature_mismatch": "落款机关是否为答复机关，须由案件文件的 agency 判断",
    "date_mismatch": "落款日期是否为拟定的答复日期，须由案件文件的 decision.reply_date 判断",
}


def case_fact_codes(ruleset) -> dict[str, str]:
    """Rule code → why it needs the case file: the letter rules whose condition tests one of
    :data:`NEEDS_CASE_FACTS` (``receipt_date_mismatch`` still fires when the sentence has no date)."""
    out = {}
    for rule in ruleset.scope("letter"):
        for name in (*rule.when.all, *rule.when.any):
            if name in NEEDS_CASE_FACTS:
                out[rule.code] = NEEDS_CASE_FACTS[name]
    return out


def is_letter(path: str | Path) -> bool:
    """A letter is named by its extension: ``.docx`` or ``.txt`` — or a format to convert first (.doc, .wps,
    .pdf …), which the letter reader refuses with the way to convert it; anything else is a case file."""
    return Path(path).suffix.lower() in LETTER_SUFFIXES + OTHER_LETTER_FORMATS


@dataclass(frozen=True)
class LetterCheck:
    """The check of the case a letter gives, and where each value of that case came from."""

    result: CheckResult
    letter_case: LetterCase

    @property
    def findings(self):
        return self.result.findings

    def as_dict(self) -> dict:
        out = self.result.as_dict()
        out["source"] = "letter"
        out["from_letter"] = self.letter_case.as_dict()
        return out


def check_letter(
    path: str | Path,
    *,
    profile: Profile | None = None,
    calendar=None,
    evaluator: Evaluator | None = None,
    rules_dir: str | None = None,
) -> LetterCheck:
    """Check a letter file alone; errors of reading it are :class:`~gkrules.errors.LetterError`."""
    letter, _parsed, lc = letter_case_from_file(path)
    result = check(
        lc.case,
        None,
        profile=profile,
        calendar=calendar,
        evaluator=evaluator,
        letter_path=path,
        rules_dir=rules_dir,
    )
    if lc.consultation_undated:
        from .classify import classifier

        ruleset = evaluator.ruleset if evaluator is not None else classifier(rules_dir).ruleset
        result = _undated_consultation(result, ruleset)
    return LetterCheck(result, lc)


def letter_alone(result: CheckResult, ruleset) -> CheckResult:
    """A check of a case built from its letter (``audit`` of a folder of letters), adjusted as
    :func:`check_letter` adjusts it."""
    from .letter.to_case import consultation_undated

    if result.parsed is not None and consultation_undated(result.parsed, result.case):
        return _undated_consultation(result, ruleset)
    return result


#: a deadline fact that depends on the days of a consultation, which are not counted (条例第三十三条第三款)
LATE_FACTS = ("reply_late",)
UNDATED = "（答复书写明曾征求意见，但未写明起止日期，期限未扣除征求意见的时间；是否逾期以案件文件的日期为准）"


def _undated_consultation(result: CheckResult, ruleset) -> CheckResult:
    """A late reply after a consultation the letter does not date is a warning, saying why."""
    rules = {r.code: r for r in ruleset.scope("deadline")}
    changed = []
    for f in result.findings:
        rule = rules.get(f.code)
        if rule is not None and any(n in LATE_FACTS for n in rule.when.all):
            f = replace(f, severity="warning", message=f.message + UNDATED)
        changed.append(f)
    return replace(result, findings=tuple(changed))
