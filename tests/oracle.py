"""domain.md section 3 written out by hand, independently of the rule files.

The tests compare the rules (through both evaluators) with this transcription of the specification,
so a rule file that says something other than the law is caught even if engine and reference agree.
"""

from __future__ import annotations

from gkrules.categories import ORDER

CASE_ORDER = [
    ("petition_complaint", "not_processed/petition"),
    ("repeat_request", "not_processed/repeat"),
    ("public_publication", "not_processed/publication"),
    ("excessive_requests", "not_processed/excessive"),
    ("confirm_or_reissue", "not_processed/confirm_reissue"),
    ("no_correction_in_time", "other"),
    ("fee_unpaid_in_time", "other"),
    ("unclear_after_correction", "cannot_provide/unclear"),
]

EXEMPTIONS = {
    "refused/state_secret",
    "refused/law_prohibited",
    "refused/security_stability",
    "refused/third_party",
    "refused/internal_affairs",
    "refused/process_info",
    "refused/enforcement_file",
}


def item_category(f: dict) -> str:
    def lifted_by_law() -> bool:
        return f.get("law_requires_disclosure", False)

    if f.get("not_held"):
        first = "cannot_provide/not_held"
    elif f.get("needs_creation"):
        first = "cannot_provide/needs_creation"
    elif f.get("state_secret"):
        first = "refused/state_secret"
    elif f.get("prohibited_by_law"):
        first = "refused/law_prohibited"
    elif f.get("endangers_security_stability"):
        first = "refused/security_stability"
    elif f.get("third_party_rights") and not (f.get("third_party_consent") or f.get("public_interest_override")):
        first = "refused/third_party"
    elif f.get("internal_affairs") and not lifted_by_law():
        first = "refused/internal_affairs"
    elif f.get("process_information") and not lifted_by_law():
        first = "refused/process_info"
    elif f.get("enforcement_file") and not lifted_by_law():
        first = "refused/enforcement_file"
    elif f.get("administrative_query"):
        first = "refused/admin_query"
    else:
        first = "open"
    if first in EXEMPTIONS and f.get("separable"):
        return "partial"
    return first


def case_category(case_facts: dict, items: list[dict]) -> str:
    for fact, category in CASE_ORDER:
        if case_facts.get(fact):
            return category
    cats = [item_category(f) for f in items]
    if len(set(cats)) == 1:
        return cats[0]
    if any(c in ("open", "partial") for c in cats):
        return "partial"
    return min(cats, key=ORDER.__getitem__)
