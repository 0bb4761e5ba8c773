"""The wording corpus of tests/letters/: reply letters written as agencies really write them.

Each entry of tests/letters/corpus.yml names a letter, its case file and what it must give under
``check``: a correct letter gives no finding of severity ``error`` (warnings are allowed unless the
entry says ``no_warnings: true``); a defective letter gives, for each expected element, a finding on
that element of the expected severity (an ``error`` where an error is expected; a warning or an error
where a warning is expected). Rule codes are deliberately not pinned: the element and the severity are
the contract. The expectations were set by hand from the 条例, the 行政复议法 and letter-template.md.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter

import corpus
import pytest
from ruamel.yaml import YAML

from gkrules.check import check_case

LETTERS = corpus.LETTERS
MANIFEST = corpus.MANIFEST

ELEMENTS = (
    "title",
    "doc_number",
    "salutation",
    "receipt",
    "request",
    "decision",
    "legal_basis",
    "reasons",
    "guidance",
    "remedy",
    "signature",
    "date",
    "fee",
    "category",
    "deadline",
)
AGENCY_KINDS = (
    "department",
    "district_government",
    "town",
    "subdistrict",
    "dispatched",
    "state_council_dept",
    "customs",
    "tax",
    "vertical",
)
REVIEW_LAW_IN_FORCE = _dt.date(2024, 1, 1)  # 行政复议法（2023年修订）施行之日


def _manifest() -> list[dict]:
    return corpus.entries()


def _known_failures() -> dict[str, str]:
    with open(LETTERS / "known_failures.yml", encoding="utf-8") as f:
        return YAML(typ="safe").load(f) or {}


ENTRIES = _manifest()
CORRECT = [e for e in ENTRIES if e["kind"] == "correct"]
DEFECTIVE = [e for e in ENTRIES if e["kind"] == "defective"]
#: letters the checker does not yet judge right, by class; strict: a fixed class must be struck off the list
KNOWN_FAILURES = _known_failures()


def _params(entries: list[dict]) -> list:
    return [
        pytest.param(
            e,
            id=e["file"],
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[e["file"]])]
            if e["file"] in KNOWN_FAILURES
            else [],
        )
        for e in entries
    ]


def _check(entry: dict) -> dict:
    path = LETTERS / entry["case"]
    return check_case(corpus.load_case_once(path), path)


def _show(findings: list[dict]) -> str:
    return "\n".join(f"  {f['severity']} {f['element']} {f['code']}: {f['message']}" for f in findings) or "  (none)"


@pytest.mark.parametrize("entry", _params(CORRECT))
def test_correct_letter_has_no_error(entry):
    result = _check(entry)
    # the case facts decide the category: the drafted category of a correct letter is the rules' category
    assert result["category"] == result["draft_category"], entry["file"]
    findings = result["findings"]
    errors = [f for f in findings if f["severity"] == "error"]
    assert not errors, f"{entry['file']}（{entry['shows']}）被误判：\n{_show(errors)}"
    if entry.get("no_warnings"):
        assert not findings, f"{entry['file']} 不应有任何提示：\n{_show(findings)}"


@pytest.mark.parametrize("entry", _params(DEFECTIVE))
def test_defective_letter_is_caught_on_its_element(entry):
    result = _check(entry)
    if all(w["element"] != "category" for w in entry["expect"]):
        # only the letter is defective: the drafted category is still the one the case facts decide
        assert result["category"] == result["draft_category"], entry["file"]
    findings = result["findings"]
    for want in entry["expect"]:
        allowed = {"error"} if want["severity"] == "error" else {"warning", "error"}
        hits = [f for f in findings if f["element"] == want["element"] and f["severity"] in allowed]
        assert hits, (
            f"{entry['file']}（{entry['shows']}）应在 {want['element']} 上有 {want['severity']}，"
            f"实际：\n{_show(findings)}"
        )


def test_manifest_entries_are_complete_and_files_exist():
    seen = set()
    for e in ENTRIES:
        assert e["kind"] in ("correct", "defective"), e
        assert e["agency_kind"] in AGENCY_KINDS, e
        assert set(e["elements"]) <= set(ELEMENTS), e
        assert e["shows"].strip(), e
        assert (LETTERS / e["file"]).is_file(), e["file"]
        assert (LETTERS / e["case"]).is_file(), e["case"]
        assert e["file"] not in seen, e["file"]
        seen.add(e["file"])
        if e["kind"] == "defective":
            assert e["expect"] and all(
                w["element"] in ELEMENTS and w["severity"] in ("error", "warning") for w in e["expect"]
            ), e
        else:
            assert "expect" not in e, e
        # the case file names this letter, and its reply date is the one the manifest records
        case = corpus.load_case_once(LETTERS / e["case"])
        assert case.decision is not None and case.decision.letter == e["file"], e["file"]
        assert case.decision.reply_date == e["reply_date"], e["file"]
    on_disk = {p.name for p in LETTERS.iterdir() if p.suffix in (".txt", ".docx")}
    assert on_disk == seen, "letters on disk and in corpus.yml differ"


def test_known_failures_name_corpus_letters():
    assert set(KNOWN_FAILURES) <= {e["file"] for e in ENTRIES}
    assert all(str(reason).strip() for reason in KNOWN_FAILURES.values())


def test_corpus_keeps_its_coverage():
    """The corpus cannot shrink silently: ≥120 letters, ≥5 correct and ≥3 defective per element,
    every agency kind among the correct letters and every kind but town and subdistrict among the
    defective ones, reply dates on both sides of 2024-01-01, and ≥5 .docx letters."""
    assert len(ENTRIES) >= 120
    correct = Counter(el for e in CORRECT for el in e["elements"])
    defective = Counter(w["element"] for e in DEFECTIVE for w in e["expect"])
    for el in ELEMENTS:
        assert correct[el] >= 5, f"correct letters for {el}: {correct[el]}"
        assert defective[el] >= 3, f"defective letters for {el}: {defective[el]}"
    assert {e["agency_kind"] for e in CORRECT} == set(AGENCY_KINDS)
    assert {e["agency_kind"] for e in DEFECTIVE} >= {
        "department",
        "district_government",
        "state_council_dept",
        "customs",
        "tax",
        "dispatched",
        "vertical",
    }
    before = [e for e in CORRECT if e["reply_date"] < REVIEW_LAW_IN_FORCE]
    after = [e for e in CORRECT if e["reply_date"] >= REVIEW_LAW_IN_FORCE]
    assert len(before) >= 20 and len(after) >= 20
    assert sum(e["file"].endswith(".docx") for e in CORRECT) >= 5


def test_correct_letters_cover_every_category_group_and_the_named_categories():
    cats = Counter(corpus.load_case_once(LETTERS / e["case"]).decision.category for e in CORRECT)
    needed = {
        "open",
        "partial",
        "refused/state_secret",
        "refused/law_prohibited",
        "refused/security_stability",
        "refused/third_party",
        "refused/internal_affairs",
        "refused/process_info",
        "refused/enforcement_file",
        "refused/admin_query",
        "cannot_provide/not_held",
        "cannot_provide/needs_creation",
        "not_processed/petition",
        "not_processed/repeat",
        "not_processed/publication",
        "not_processed/excessive",
    }
    assert needed <= set(cats), needed - set(cats)
