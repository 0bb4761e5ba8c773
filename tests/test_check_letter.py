"""``check LETTER``: the letter alone against the letter with its case file; ``case from-letter``.

- Every letter of cases/letters/ and tests/letters/ gives, checked alone, the findings it gives with its case
  file, but for the rules that compare the letter with a case-file value (``NEEDS_CASE_FACTS``) and the
  letters listed in ``DIFFERENT`` with the reason each differs.
- The case read from a correct letter has the case file's category, dates, agency and applicant, but for
  the letters listed in ``NOT_FROM_LETTER`` (what the letter does not say).
- ``case from-letter`` writes a file the strict case model loads, and ``check`` of it agrees with ``check``
  of the letter alone.
- Hypothesis: a drafted letter (placeholders filled in) checked alone has no error finding the case does not
  have, and the case read from it has the case's category, dates, applicant and agency.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import shutil
import subprocess
from pathlib import Path

import corpus
import pytest
from clirun import gkrules as run_gkrules
from click.testing import CliRunner
from hypothesis import assume, given, settings

from gkrules import categories
from gkrules.caseio import load_case
from gkrules.check import check
from gkrules.check_letter import NEEDS_CASE_FACTS, case_fact_codes, check_letter
from gkrules.classify import classifier
from gkrules.cli import cli
from gkrules.letter.parse import parse_letter
from gkrules.letter.to_case import letter_case, letter_case_from_file
from gkrules.models import Procedure

ROOT = Path(__file__).resolve().parent.parent
CLASSIFIER = classifier(str(ROOT / "rules"))
EVALUATOR = CLASSIFIER.evaluator
CASE_FACT_CODES = case_fact_codes(EVALUATOR.ruleset)


_LETTER_KEY = re.compile(r"^ +letter: *(['\"]?)([^'\"#\n]+?)\1 *(?:#.*)?$", re.MULTILINE)


def _case_files() -> list[Path]:
    return [
        path
        for directory in (ROOT / "cases" / "letters", ROOT / "tests" / "letters")
        for path in sorted(directory.glob("*.yml"))
        if path.name not in ("corpus.yml", "known_failures.yml")
    ]


def _pairs() -> list:
    """Each case file with the letter its decision names, found by the ``letter:`` line (the case files are
    loaded by the tests themselves, which check that the strict loader names the same letter, and
    ``test_every_case_file_naming_a_letter_is_paired`` checks that none is left out)."""
    out = []
    for path in _case_files():
        found = _LETTER_KEY.search(path.read_text(encoding="utf-8"))
        if found:
            out.append(pytest.param(path, path.parent / found.group(2), id=path.stem))
    return out


PAIRS = _pairs()


def _load_pair(case_path: Path, letter_path: Path):
    case = corpus.load_case_once(case_path)
    assert case.decision is not None and case.decision.letter, case_path
    assert case_path.parent / case.decision.letter == letter_path
    return case


@functools.lru_cache(maxsize=None)
def _alone(letter_path: Path):
    """``check_letter`` of a corpus letter, once per test process (the tests only read the result)."""
    return check_letter(letter_path, evaluator=EVALUATOR)


@functools.lru_cache(maxsize=None)
def _read(letter_path: Path):
    """``letter_case_from_file`` of a corpus letter, once per test process (the tests only read it)."""
    return letter_case_from_file(letter_path)


def test_every_case_file_naming_a_letter_is_paired():
    paired = {p.values[0] for p in PAIRS}
    for path in _case_files():
        if path not in paired:
            case = load_case(path)
            assert case.decision is None or not case.decision.letter, path
    assert len(PAIRS) > 200


# Reasons a letter checked alone differs from the letter checked with its case file (beyond NEEDS_CASE_FACTS).
HOLDER = "负责公开的机关由案件文件的 other_agency 给出，答复书未写，只从答复书无从比较（GK-L-072 提示代替）"
DRAFT_CATEGORY = "案件文件拟定的类别与答复书所写的决定不同：答复书单独检查时类别取自答复书本身"
SHORT_NAME = "标题与落款都用机关简称（交通运输部），案件文件用全称：单独检查时机关取自落款，无从比较"
AMBIGUOUS = "“不予提供”既是不予公开也是无法提供的用语，所引第三十六条第（三）项不能区分：类别须由案件文件给出"
ARTICLE_14 = "第十四条包括国家秘密、法律行政法规禁止、危及安全稳定三种情形，理由未指明时，哪一种须由案件文件给出"
UNDATED = "答复书未写明征求意见的起止日期：期限未扣除征求意见的时间（单独检查时为提示，并说明原因）"
LOCAL_SHORT = "落款和标题都省略了所在地名（鼓楼区审计局）：单独检查时无从得知全称，机关类别和复议机关须由案件文件判断"
ITEMS_IN_DECISION = "申请内容只复述为一项，处理决定中才把它分为两部分分别答复：事项的划分须由案件文件给出"
CREATION_UNDER_36_4 = (
    "案件文件定为需要另行制作，答复书引第三十六条第（四）项：单独检查时类别取自所引条文（本机关不掌握），"
    "于是由决定与其理由不符（GK-L-076）代替条文与类别不符（GK-L-019），并提示未说明检索（GK-L-049）"
)
DIFFERENT: dict[str, dict[str, str]] = {
    "d-legal-basis-36-4-for-creation-districtgov-2024": {
        c: CREATION_UNDER_36_4 for c in ("GK-L-019", "GK-L-076", "GK-L-049")
    },
    "c137-open-short-signature-applicant-prefix-2024": {c: LOCAL_SHORT for c in ("GK-L-050", "GK-L-051", "GK-L-043")},
    "c136-refused-and-not-held-items-subdistrict-2024": {"GK-L-017": ITEMS_IN_DECISION},
    "bad-decision-words": {"GK-L-017": DRAFT_CATEGORY, "GK-L-019": DRAFT_CATEGORY, "GK-L-075": DRAFT_CATEGORY},
    "d-decision-refused-for-open-range-2024": {
        code: DRAFT_CATEGORY for code in ("GK-L-017", "GK-L-025", "GK-L-030", "GK-L-019", "GK-L-022", "GK-L-075")
    },
    "d-legal-basis-36-3-for-creation": {"GK-L-017": AMBIGUOUS},
    "d-reasons-law-not-named": {"GK-L-047": ARTICLE_14},
    "bad-guidance-other-agency": {"GK-L-027": HOLDER, "GK-L-072": HOLDER},
    "c05-refused-third-party-no-consent-2022": {"GK-D-001": UNDATED},
    "c27-open-public-interest-override-districtgov-2024": {"GK-D-001": UNDATED},
    "c64-partial-privacy-town-2023": {"GK-D-001": UNDATED},
    "c67-refused-third-party-ministry-2022": {"GK-D-001": UNDATED, "GK-L-044": SHORT_NAME},
    "c71-refused-third-party-customs-2023": {"GK-D-001": UNDATED},
    "d-legal-basis-2007": {"GK-D-001": UNDATED},
    "d-reasons-missing": {"GK-D-001": UNDATED},
    **{
        name: {"GK-L-044": SHORT_NAME}
        for name in (
            "c13-not-held-mot-shortname-2024",
            "c31-open-ministry-2023",
            "c53-needs-creation-docx-ministry-2024",
            "c61-refused-process-ministry-2024",
            "c78-open-ministry-email-2024",
            "c85-excessive-ministry-2024",
            "d-docno-di",
            "d-docno-parentheses",
            "d-remedy-ministry-state-council-2024",
            "d-request-missing-ministry",
        )
    },
    "d-guidance-no-holder-ministry": {"GK-L-044": SHORT_NAME},
    "d-guidance-holder-without-contact": {"GK-L-027": HOLDER, "GK-L-072": HOLDER},
    # the drafted category of these cases is not what the letter says: the difference is the defect
    **{
        name: {code: DRAFT_CATEGORY for code in ("GK-L-017", "GK-L-019", "GK-L-022", "GK-L-024", "GK-L-025")}
        for name in (
            "d-category-consent-drafted-refused",
            "d-category-creation-drafted-not-held",
            "d-category-law-requires-drafted-process",
            "d-category-separable-drafted-refused",
            "d-decision-not-processed-for-creation",
            "d-decision-open-in-refusal",
            "d-decision-partial-for-open",
            "d-decision-refused-for-not-held",
            "d-legal-basis-wrong-article",
        )
    },
}


def _keys(findings) -> set[tuple[str, int | None]]:
    return {(f.code, f.line) for f in findings if f.code not in CASE_FACT_CODES}


@pytest.mark.parametrize("case_path,letter_path", PAIRS)
def test_letter_alone_gives_the_findings_of_letter_and_case(case_path, letter_path):
    with_case = check(_load_pair(case_path, letter_path), case_path, evaluator=EVALUATOR)
    alone = _alone(letter_path).result
    a, b = _keys(with_case.findings), _keys(alone.findings)
    allowed = DIFFERENT.get(case_path.stem, {})
    unexplained = sorted((code, line) for code, line in a ^ b if code not in allowed)
    assert unexplained == [], f"{case_path.name}: 只在案件检查中 {sorted(a - b)}，只在答复书单独检查中 {sorted(b - a)}"


def test_the_rules_needing_case_facts_are_the_comparisons_with_the_case_file():
    # each fact of NEEDS_CASE_FACTS compares the letter with a case-file value (rules/letter/facts.yml)
    facts = EVALUATOR.ruleset.facts["letter"]
    assert set(NEEDS_CASE_FACTS) <= set(facts)
    assert {"GK-K-001", "GK-L-040"} <= set(CASE_FACT_CODES)  # the draft category; the reply date
    assert all(reason for reason in CASE_FACT_CODES.values())


# ------------------------------------------------------------------------------------ the case read


def _correct_letters() -> list:
    correct = {e["case"] for e in corpus.entries() if e["kind"] == "correct"}
    return [p for p in PAIRS if p.values[0].name in correct or p.values[0].name.startswith("ok-")]


#: what a correct letter does not state the way the case file records it
NOT_FROM_LETTER: dict[str, set[str]] = {
    # the salutation 张先生 / 林女士 does not give the full name (张某某)
    **{
        n: {"applicant"}
        for n in (
            "c01-open-dept-tigong-2023",
            "c56-open-subdistrict-nvshi-2024",
            "c71-refused-third-party-customs-2023",
            "c77-open-districtgov-2020",
        )
    },
    # a 国务院部门 signs with its official short name (交通运输部 for 中华人民共和国交通运输部)
    **{
        n: {"agency"}
        for n in (
            "c13-not-held-mot-shortname-2024",
            "c31-open-ministry-2023",
            "c53-needs-creation-docx-ministry-2024",
            "c61-refused-process-ministry-2024",
            "c78-open-ministry-email-2024",
            "c85-excessive-ministry-2024",
            "c103-open-sent-by-email-ministry-2024",
            "c144-open-docx-header-ministry-review-ruling-2024",
        )
    },
    "c67-refused-third-party-ministry-2022": {"agency"},
    "c107-open-post-respected-mr-2024": {"applicant"},
    "c137-open-short-signature-applicant-prefix-2024": {"agency"},  # 鼓楼区审计局 for 福州市鼓楼区审计局
}


@pytest.mark.parametrize("case_path,letter_path", _correct_letters())
def test_case_read_from_a_correct_letter_is_the_case_file(case_path, letter_path):
    expected = _load_pair(case_path, letter_path)
    _letter, _parsed, lc = _read(letter_path)
    got = lc.case
    skip = NOT_FROM_LETTER.get(case_path.stem, set())
    assert got.decision.category == expected.decision.category
    assert got.received == expected.received
    assert got.decision.reply_date == expected.decision.reply_date
    if "agency" not in skip:
        assert got.agency == expected.agency
    if "applicant" not in skip:
        assert got.applicant.name == expected.applicant.name


def test_every_value_taken_from_the_letter_names_its_line():
    path = ROOT / "tests" / "letters" / "c05-refused-third-party-no-consent-2022.txt"
    result = check_letter(path, evaluator=EVALUATOR).as_dict()
    lines = path.read_text(encoding="utf-8").split("\n")
    facts = {f["field"]: f for f in result["from_letter"]["facts"]}
    assert result["source"] == "letter"
    for name in ("agency", "received", "applicant.name", "decision.category", "decision.reply_date"):
        assert facts[name]["line"] is not None, name
    # the line given is the line the value stands on
    assert facts["agency"]["value"] in lines[facts["agency"]["line"] - 1]
    assert "2022年3月1日" in lines[facts["received"]["line"] - 1]
    assert facts["received"]["value"] == "2022-03-01"
    assert facts["decision.category"]["value"] == "refused/third_party"
    # what only the case file can say is said, not guessed
    unknown = result["from_letter"]["not_established"]
    assert any("商业秘密" in u for u in unknown)


def test_a_receipt_without_date_is_said_and_not_guessed():
    text = (
        "福州市鼓楼区审计局政府信息公开申请答复书\n鼓审公开〔2020〕3号\n张某：\n"
        "    本机关收到您提交的政府信息公开申请，您申请公开“2019年度区本级预算执行审计报告”。\n"
        "    经审查，根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，予以公开，现随本答复书提供。\n"
        "    如对本答复不服，可以自收到本答复之日起60日内向福州市鼓楼区人民政府申请行政复议，或者在6个月内向人民法院提起行政诉讼。\n"
        "福州市鼓楼区审计局\n2020年5月28日"
    )
    lc = letter_case(parse_letter(text.split("\n")), "x")
    assert lc.source("received").line is None
    assert any(u.startswith("收到申请的日期") for u in lc.not_established)


# ------------------------------------------------------------------------------------ case from-letter


@pytest.mark.parametrize("case_path,letter_path", PAIRS[::4])
def test_case_from_letter_loads_and_checks_as_the_letter(tmp_path, case_path, letter_path):
    out = tmp_path / "案件.yml"
    result = CliRunner().invoke(cli, ["case", "from-letter", str(letter_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    case = load_case(out)  # the strict case model
    assert "# 由答复书第" in text
    # every line holding a value read from the letter names that line, and the line holds the value
    letter_lines = _alone(letter_path).letter_case
    for s in letter_lines.sources:
        if s.line is not None and s.field in ("agency", "received", "decision.reply_date"):
            assert f"# 由答复书第{s.line}行推断" in text
    written = check(case, out, evaluator=EVALUATOR)
    alone = _alone(letter_path).result
    assert {(f.code, f.line) for f in written.findings} == {(f.code, f.line) for f in alone.findings}


def gkrules(*args: str) -> subprocess.CompletedProcess:
    return run_gkrules(*args, cwd=ROOT)


def test_case_from_letter_refuses_to_overwrite(tmp_path):
    letter = ROOT / "cases" / "letters" / "ok-open-budget-report.txt"
    out = tmp_path / "案件.yml"
    out.write_text("old", encoding="utf-8")
    result = gkrules("case", "from-letter", str(letter), "-o", str(out))
    assert result.returncode == 2 and out.read_text(encoding="utf-8") == "old"
    assert "--force" in result.stderr and "Traceback" not in result.stderr
    result = gkrules("case", "from-letter", str(letter), "-o", str(out), "--force")
    assert result.returncode == 0 and load_case(out).decision.category == "open"


# ------------------------------------------------------------------------------------ drafted letters


def same_grounds(a: str, b: str) -> bool:
    """Categories a letter cannot tell apart: the same articles in the category table (条例第十四条 for
    state secrets, laws forbidding disclosure and security; 第十六条第二款 for process information and
    enforcement files) unless its reasons name the ground."""
    return a == b or categories.articles(a) == categories.articles(b)


def _hypothesis_helpers():
    from test_draft import cases, drafted, fill_in

    return cases, drafted, fill_in


_cases, _drafted, _fill_in = _hypothesis_helpers()


@settings(max_examples=100, deadline=None)
@given(_cases())
def test_drafted_letter_alone_has_no_error_the_case_does_not_have(examples_dir, case):
    # the deadline is counted in the calendar's years (2026 the last): replies due by then
    assume(case.received <= _dt.date(2026, 10, 31))
    # a drafted letter does not state 补正 or consultation dates: those stay in the case file
    case = case.model_copy(update={"procedure": Procedure()})
    text = _fill_in(_drafted(case))
    path = examples_dir / "答复书.txt"
    path.write_text(text, encoding="utf-8")
    alone = check_letter(path, evaluator=EVALUATOR)
    with_case = check(case, None, evaluator=EVALUATOR, letter_path=path)
    case_errors = {(f.code, f.line) for f in with_case.findings if f.severity == "error"}
    errors = [f for f in alone.findings if f.severity == "error" and (f.code, f.line) not in case_errors]
    assert errors == [], (text, [f.message for f in errors])
    got = alone.letter_case.case
    assert same_grounds(got.decision.category, case.decision.category), text
    assert got.received == case.received
    assert got.decision.reply_date == case.decision.reply_date
    assert got.agency == case.agency
    assert got.applicant.name == case.applicant.name


@pytest.mark.parametrize(
    ("stem", "told", "by"),
    [
        # 于6月20日书面告知您……确定延迟至8月30日前答复 (one sentence)
        ("c190-open-delayed-reply-35-countygov-2024", _dt.date(2024, 6, 20), _dt.date(2024, 8, 30)),
        # 于4月26日送达了《……延迟答复告知书》。……确定于7月15日前作出答复 (the date in the next sentence)
        ("c194-open-delayed-reply-notice-letter-districtgov-2024", _dt.date(2024, 4, 26), _dt.date(2024, 7, 15)),
    ],
)
def test_a_later_reply_date_under_article_35_is_read_with_its_notice(stem, told, by):
    _letter, _parsed, lc = letter_case_from_file(ROOT / "tests" / "letters" / f"{stem}.txt")
    assert lc.case.procedure is not None
    assert (lc.case.procedure.delayed_reply_notified, lc.case.procedure.delayed_reply_by) == (told, by)


def test_reply_date_read_is_the_letters_date():
    lc = letter_case(
        parse_letter(
            (ROOT / "cases" / "letters" / "ok-open-budget-report.txt").read_text(encoding="utf-8").split("\n")
        ),
        "x",
    )
    assert lc.case.decision.reply_date == _dt.date(2020, 5, 28)


# ------------------------------------------------------------------------------------ audit of letters


def test_audit_of_a_folder_of_letters(tmp_path):
    import json

    letters = ROOT / "tests" / "letters"
    alone = ["d-docx-docno-square-brackets.docx", "d-receipt-missing.txt", "c50-open-docx-education-2020.docx"]
    for name in alone:
        shutil.copy(letters / name, tmp_path / name)
    # a directory of case files holds their letters: each letter audited once, with its case
    (tmp_path / "案件").mkdir()
    for name in ("ok-open-budget-report.yml", "ok-open-budget-report.txt", "bad-doc-number.txt"):
        shutil.copy(ROOT / "cases" / "letters" / name, tmp_path / "案件" / name)
    (tmp_path / "说明.txt").write_text("这个目录存放2024年的文件。\n", encoding="utf-8")
    (tmp_path / "残稿.txt").write_text("申请与答复情况统计表\n\n", encoding="utf-8")
    result = gkrules("audit", str(tmp_path), "--format", "json")
    assert result.returncode == 2, result.stderr  # 残稿.txt is no letter: unusable input, the rest audited
    data = json.loads(result.stdout)
    assert data["summary"]["cases"] == len(alone) + 1
    assert data["summary"]["invalid"] == 1
    assert len(data["summary"]["skipped"]) == 1 and "说明.txt" in data["summary"]["skipped"][0]
    rows = {Path(r["file"]).name: r for r in data["rows"]}
    assert "不像政府信息公开申请答复书" in rows["残稿.txt"]["message"]
    # the rows of letters give the error findings check LETTER gives
    for name in alone:
        checked = check_letter(tmp_path / name, evaluator=EVALUATOR)
        errors = sorted(f.code for f in checked.findings if f.severity == "error")
        got = sorted(f["code"] for f in rows[name]["findings"] if f["severity"] == "error") if name in rows else []
        assert got == errors, name


def test_unusable_letters_exit_2_with_a_chinese_message(tmp_path):
    empty = tmp_path / "空.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    old = tmp_path / "答复书.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    for path, says in ((empty, "没有内容"), (old, "另存为” .docx"), (tmp_path / "无.docx", "找不到答复书文件")):
        for args in (("check", str(path)), ("case", "from-letter", str(path), "-o", str(tmp_path / "c.yml"))):
            result = gkrules(*args)
            assert result.returncode == 2 and says in result.stderr and str(path) in result.stderr, args
            assert "Traceback" not in result.stderr


# ------------------------------------------------------------------------------------ consistency


@pytest.mark.parametrize("case_path,letter_path", _correct_letters())
def test_a_correct_letter_agrees_with_its_own_grounds(case_path, letter_path):
    from gkrules.letter.consistency import consistency_facts

    _letter, parsed, _lc = _read(letter_path)
    facts, details = consistency_facts(parsed)
    assert [name for name, holds in facts.items() if holds] == [], details


def test_consistency_names_its_evidence_and_lines():
    from gkrules.letter.consistency import consistency_facts

    text = (
        "福州市鼓楼区审计局政府信息公开申请答复书\n鼓审公开〔2024〕3号\n张某：\n"
        "    本机关于2024年5月6日收到您提交的政府信息公开申请，您申请公开“2023年度内部审计工作底稿”。\n"
        "    经审查，该底稿不属于可以公开的政府信息。\n"
        "    根据《中华人民共和国政府信息公开条例》第三十六条第（三）项的规定，本机关不予公开。\n"
        "    如对本答复不服，可以自收到本答复之日起60日内向福州市鼓楼区人民政府申请行政复议；"
        "对行政复议决定不服的，可以自收到行政复议决定书之日起15日内向人民法院提起行政诉讼。\n"
        "福州市鼓楼区审计局\n2024年5月28日"
    )
    facts, details = consistency_facts(parse_letter(text.split("\n")))
    assert facts["refusal_cites_only_article_36"]
    assert details["refusal_cites_only_article_36"]["line"] == 6
    assert "第三十六条第（三）项（第6行）" in details["refusal_cites_only_article_36"]["found"]
    assert not facts["decision_words_disagree_with_articles"]  # 第三十六条第（三）项 is no category's article


def test_a_wrong_decision_word_is_one_finding_in_both_modes():
    # 不予公开 written where the reasons and 第三十八条 say the information would have to be created: the
    # decision's words are the one defect; the words against the cited article say the same and are not
    # reported again, whether the category comes from the case file or from the letter's own articles
    case_path = ROOT / "tests" / "letters" / "d-decision-refused-words-for-creation-county-dept-2024.yml"
    letter_path = case_path.with_suffix(".txt")
    with_case = check(_load_pair(case_path, letter_path), case_path, evaluator=EVALUATOR)
    alone = check_letter(letter_path, evaluator=EVALUATOR).result
    for result in (with_case, alone):
        errors = [f for f in result.findings if f.severity == "error"]
        assert [f.element for f in errors] == ["decision"], [f.code for f in errors]
    assert alone.category == "cannot_provide/needs_creation"
