"""``draft``: for any case the drafted letter passes ``check`` but for its unfilled placeholders (GK-L-045,
an error, for the reasons a refusal must give; GK-L-023 for others), with them filled in it has no finding
at all, and each mutation of a drafted letter makes the matching finding appear."""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from strategies import fact_dicts

from gkrules import categories
from gkrules.check import letter_findings
from gkrules.classify import classifier
from gkrules.draft import draft_letter, review_body, write_docx
from gkrules.letter.parse import parse_letter
from gkrules.letter.profile import DEFAULT, load_profile
from gkrules.letter.read import read_letter
from gkrules.letter.remedy import withholds
from gkrules.models import APPLICANT_TYPES, CASE_FACTS, ITEM_FACTS, Case

ROOT = Path(__file__).resolve().parent.parent
CLASSIFIER = classifier(str(ROOT / "rules"))
EVALUATOR = CLASSIFIER.evaluator
#: a drafted letter is a draft: the only findings allowed are the unfilled placeholders —
#: GK-L-045 (error) for the reasons a refusal must give, GK-L-023 (warning) for any other placeholder
PLACEHOLDER_CODES = {"GK-L-045", "GK-L-023"}
REASONS_PLACEHOLDER = "GK-L-045"
FILLED_REASON = "载有某公司的成本构成和供应商报价，该公司书面表示不同意公开"
FILLED_LAW = "载有涉案未成年人的身份信息，《中华人民共和国未成年人保护法》第一百零三条禁止披露"


def fill_in(text: str) -> str:
    """The drafted letter with every 【请填写…】 written out as staff would."""
    # where the placeholder asks for the law that forbids disclosure (条例第十四条), staff name it
    return re.sub(r"【[^】]*】", lambda m: FILLED_LAW if "法律、行政法规" in m.group(0) else FILLED_REASON, text)


def _only_placeholders(findings, text, case):
    codes = [f.code for f in findings]
    assert [c for c in codes if c not in PLACEHOLDER_CODES] == [], (codes, text)
    needs = categories.get(case.decision.category).group in ("refused", "partial", "cannot_provide", "not_processed")
    # the reasons placeholder is an error exactly when it is there and the category needs reasons
    assert (REASONS_PLACEHOLDER in codes) == (needs and "【请填写理由" in text), (codes, text)


AGENCIES = [
    "福州市鼓楼区审计局",
    "泉州市丰泽区自然资源局",
    "福州市鼓楼区人力资源和社会保障局",
    "泉州市市场监督管理局",
    "福建省财政厅",
    "国家税务总局福州市税务局",
    "福州市仓山区住房和城乡建设局",
]
NAMES = ["张某", "李明", "王小红", "福建某某律师事务所", "泉州某某贸易有限公司", "某某研究院", "欧阳某"]
TEXTS = [
    "2019年度区本级预算执行审计报告",
    "某小区规划许可证及附图",
    "2021年度行政处罚决定书",
    "某项目环评批复文件",
    "单位内部考勤制度",
    "某专项资金使用情况",
    "局务会议纪要",
]

dates = st.dates(min_value=_dt.date(2019, 5, 15), max_value=_dt.date(2026, 12, 31))


def _facts(names, p=4):
    """Each fact true with probability 1 / (p + 1)."""
    return fact_dicts(names, rare=1 / (p + 1))


# the strategies are built once: a strategy built inside a composite is built and validated again for
# every example drawn, which costs more than the drawing (the examples drawn are the same either way)
_ITEM_FACTS = _facts(ITEM_FACTS)
_TEXTS = st.sampled_from(TEXTS)
_OTHER_AGENCY_NAMES = st.sampled_from(["福州市审计局", "福建省统计局"])
_OTHER_AGENCY_CONTACTS = st.sampled_from(["0591-87000000", "0591-12345678", None])


@st.composite
def items(draw):
    facts = draw(_ITEM_FACTS)
    item = {"text": draw(_TEXTS), "facts": facts}
    if facts["not_held"] and draw(st.booleans()):
        item["other_agency"] = {
            "name": draw(_OTHER_AGENCY_NAMES),
            "contact": draw(_OTHER_AGENCY_CONTACTS),
        }
        if item["other_agency"]["contact"] is None:
            del item["other_agency"]["contact"]
    if facts["proactively_disclosed"] and draw(st.booleans()):
        item["disclosed_at"] = "http://www.gl.gov.cn/xxgk/"
    return item


_CASE_FACTS = st.one_of(st.just({}), _facts(CASE_FACTS, p=8))
_AGENCIES = st.sampled_from(AGENCIES)
_NAMES = st.sampled_from(NAMES)
_APPLICANT_TYPES = st.sampled_from(APPLICANT_TYPES)
_ITEMS = st.lists(items(), min_size=1, max_size=3)


@st.composite
def cases(draw) -> Case:
    received = draw(dates)
    case_facts = draw(_CASE_FACTS)
    if case_facts.get("fee_unpaid_in_time") and received < _dt.date(2021, 1, 1):
        received = _dt.date(2021, 1, 1) + (received - _dt.date(2019, 5, 15))  # 国办函〔2020〕109号 from 2021-01-01
    reply = received + _dt.timedelta(days=draw(st.integers(0, 40)))
    data = {
        "id": f"GEN-{draw(st.integers(1, 10**6))}",
        "agency": draw(_AGENCIES),
        "received": received.isoformat(),
        "applicant": {"name": draw(_NAMES), "type": draw(_APPLICANT_TYPES)},
        "request": "申请公开相关政府信息",
        "facts": case_facts,
        "items": draw(_ITEMS),
    }
    if draw(st.booleans()):
        data["procedure"] = {"correction_requested": (received + _dt.timedelta(days=2)).isoformat()}
    case = Case.model_validate(data)
    outcome = CLASSIFIER.classify(case)
    return case.model_copy(
        update={
            "decision": Case.model_fields["decision"].annotation.__args__[0](
                category=outcome.category, reply_date=reply
            )
        }
    )


def check_text(case: Case, text: str, profile=DEFAULT):
    outcome = CLASSIFIER.classify(case)
    return letter_findings(case, outcome, parse_letter(text.split("\n")), profile, EVALUATOR)


def drafted(case: Case, profile=DEFAULT) -> str:
    return draft_letter(case, CLASSIFIER.classify(case), profile)


@settings(max_examples=500, deadline=None)
@given(cases())
def test_drafted_letter_passes_check(case):
    text = drafted(case)
    _only_placeholders(check_text(case, text), text, case)


@settings(max_examples=300, deadline=None)
@given(cases())
def test_drafted_letter_with_placeholders_filled_in_has_no_finding(case):
    text = fill_in(drafted(case))
    assert "【" not in text
    assert [f.code for f in check_text(case, text)] == [], text


@settings(max_examples=100, deadline=None)
@given(cases())
def test_drafted_letter_passes_with_agency_profile(case):
    profile = load_profile(ROOT / "profiles" / "fuzhou-gulou-audit.yml")
    text = drafted(case, profile)
    _only_placeholders(check_text(case, text, profile), text, case)
    assert [f.code for f in check_text(case, fill_in(text), profile)] == []


def _drop_line(text, index):
    lines = text.split("\n")
    del lines[index]
    return "\n".join(lines)


def _codes(case, text):
    return {f.code for f in check_text(case, text)}


MUTATIONS = {
    "drop-title": (lambda t, c: _drop_line(t, 0), "GK-L-001"),
    "drop-doc-number": (lambda t, c: _drop_line(t, 1), "GK-L-004"),
    "drop-salutation": (lambda t, c: _drop_line(t, 2), "GK-L-011"),
    "drop-receipt": (lambda t, c: re.sub(r"本机关于[^，]+收到[^，]+申请，", "", t, count=1), "GK-L-013"),
    "drop-request": (lambda t, c: re.sub(r"，(您|贵公司|贵单位)申请公开[^。\n]*。", "。", t, count=1), "GK-L-015"),
    "drop-remedy": (lambda t, c: "\n".join(l for l in t.split("\n") if "如对本答复不服" not in l), "GK-L-029"),
    "drop-signature": (lambda t, c: t.replace(f"\n{c.agency}\n", "\n"), "GK-L-036"),
    "drop-date": (lambda t, c: t.rstrip("\n").rsplit("\n", 1)[0] + "\n", "GK-L-038"),
    "doc-number-brackets": (lambda t, c: t.replace("〔", "[", 1).replace("〕", "]", 1), "GK-L-005"),
    "doc-number-di": (lambda t, c: re.sub(r"〕(\d+)号", r"〕第\1号", t, count=1), "GK-L-006"),
    "doc-number-zero": (lambda t, c: re.sub(r"〕(\d+)号", r"〕0\1号", t, count=1), "GK-L-007"),
    "doc-number-year": (
        lambda t, c: re.sub(r"〔(\d{4})〕", lambda m: f"〔{int(m.group(1)) - 1}〕", t, count=1),
        "GK-L-009",
    ),
    "date-iso": (lambda t, c: t.replace(_last_date(t), c.decision.reply_date.isoformat()), "GK-L-039"),
    "date-other-day": (
        lambda t, c: t.replace(_last_date(t), _fmt(c.decision.reply_date + _dt.timedelta(days=1))),
        "GK-L-040",
    ),
    "swap-article": (
        lambda t, c: re.sub(r"(《中华人民共和国政府信息公开条例》)第[^的]+?的规定", r"\1第十二条的规定", t),
        "GK-L-019",
    ),
    "drop-legal-basis": (
        lambda t, c: re.sub(r"根据《中华人民共和国政府信息公开条例》[^的]*的规定，?", "", t),
        "GK-L-018",
    ),
    "cite-2007-regulation": (
        lambda t, c: t.replace(
            "《中华人民共和国政府信息公开条例》", "《中华人民共和国政府信息公开条例》（国务院令第492号）", 1
        ),
        "GK-L-021",
    ),
    "open-says-refused": (lambda t, c: t.replace("予以公开", "不予公开"), "GK-L-017"),
    "refusal-offers-direct-suit": (
        lambda t, c: re.sub(r"；对行政复议决定不服的，[^。]*。", "，或者在6个月内向人民法院提起行政诉讼。", t),
        "GK-L-030",
    ),
    "change-agency": (lambda t, c: t.replace(f"\n{c.agency}\n", "\n福州市某某局\n"), "GK-L-037"),
    "title-of-another-agency": (lambda t, c: t.replace(c.agency + "政府信息", "福州市某某局政府信息", 1), "GK-L-044"),
    "change-applicant": (lambda t, c: t.replace(f"\n{c.applicant.name}：", "\n某某某：", 1), "GK-L-012"),
}


def _fmt(day):
    return f"{day.year}年{day.month}月{day.day}日"


def _last_date(text):
    return text.rstrip("\n").rsplit("\n", 1)[1]


@settings(max_examples=500, deadline=None)
@given(cases(), st.sampled_from(sorted(MUTATIONS)))
def test_mutated_letter_reports_the_matching_finding(case, name):
    mutate, code = MUTATIONS[name]
    text = drafted(case)
    category = case.decision.category
    if name in ("swap-article", "drop-legal-basis", "cite-2007-regulation"):
        assume(category != "not_processed/confirm_reissue")
    if name == "open-says-refused":
        assume(category == "open")
    if name == "refusal-offers-direct-suit":
        items = [it.category for it in CLASSIFIER.classify(case).items] or None
        assume(withholds(category, items) and case.decision.reply_date >= _dt.date(2024, 1, 1))
    mutated = mutate(text, case)
    assert mutated != text, name
    assert code in _codes(case, mutated), (name, mutated)


def test_review_body_by_agency():
    assert review_body("福州市鼓楼区审计局") == "福州市鼓楼区人民政府"
    assert review_body("泉州市市场监督管理局") == "泉州市人民政府"
    assert review_body("国家税务总局福州市税务局") == "上一级主管部门"


def test_remedy_after_2024_for_refusal_is_review_first():
    case = Case.model_validate(
        {
            "id": "R",
            "agency": "福州市鼓楼区审计局",
            "received": "2024-03-01",
            "applicant": {"name": "张某", "type": "natural_person"},
            "request": "r",
            "items": [{"text": "某公司审计底稿", "facts": {"third_party_rights": True}}],
            "decision": {"category": "refused/third_party", "reply_date": "2024-03-20"},
        }
    )
    text = drafted(case)
    assert "6个月" not in text and "15日内" in text and "【请填写理由" in text
    found = check_text(case, text)
    assert {f.code for f in found} == {REASONS_PLACEHOLDER}
    assert [f.severity for f in found] == ["error"]
    filled = text.replace(
        re.search(r"【[^】]+】", text).group(0), "，该底稿载有该公司的成本构成和供应商报价，该公司书面表示不同意公开"
    )
    assert check_text(case, filled) == []


def test_docx_draft_reads_back(tmp_path):
    case = Case.model_validate(
        {
            "id": "D",
            "agency": "福州市鼓楼区审计局",
            "received": "2020-05-06",
            "applicant": {"name": "张某", "type": "natural_person"},
            "request": "r",
            "items": [{"text": "2019年度区本级预算执行审计报告"}],
            "decision": {"category": "open", "reply_date": "2020-05-28"},
        }
    )
    path = tmp_path / "letter.docx"
    write_docx(drafted(case), path)
    letter = read_letter(path)
    assert letter.lines[0] == "福州市鼓楼区审计局政府信息公开申请答复书"
    assert check_text(case, letter.text) == []


@settings(max_examples=60, deadline=None)
@given(cases())
def test_drafted_docx_reads_back_and_passes(examples_dir, case):
    path = examples_dir / "letter.docx"
    text = drafted(case)
    write_docx(text, path)
    letter = read_letter(path)
    assert letter.text.strip() == "\n".join(l.strip() for l in text.strip().split("\n"))
    findings = letter_findings(case, CLASSIFIER.classify(case), parse_letter(letter.lines), DEFAULT, EVALUATOR)
    _only_placeholders(findings, text, case)


REWRITES = {
    "receipt-subject": lambda t, r: t.replace(
        "本机关于", r.choice(["本局于", "我局于", "本单位于", "我单位于", "本府于"]), 1
    ),
    "receipt-verb": lambda t, r: re.sub(
        r"收到(您|贵公司|贵单位)提交的", lambda m: f"收悉{m.group(1)}提出的", t, count=1
    ),
    "title-ending": lambda t, r: t.replace("政府信息公开申请答复书", "政府信息公开申请答复告知书", 1),
    "salutation-respect": lambda t, r: re.sub(r"^(.+\n.+\n)", lambda m: m.group(1) + "尊敬的", t, count=1),
    "seal-mark": lambda t, r: re.sub(r"\n([^\n]+)\n([^\n]+)\n$", r"\n\1（盖章）\n\2\n", t),
    "signature-and-date-on-one-line": lambda t, r: re.sub(r"\n([^\n]+)\n([^\n]+)\n$", "\n\\1\u3000\\2\n", t),
    "blank-lines": lambda t, r: t.replace("\n", "\n\n"),
    "remedy-opening": lambda t, r: t.replace("如对本答复不服，", "如不服本答复，"),
}


@settings(max_examples=300, deadline=None)
@given(cases(), st.lists(st.sampled_from(sorted(REWRITES)), min_size=1, max_size=4, unique=True), st.randoms())
def test_equivalent_wordings_stay_clean(case, names, rnd):
    text = drafted(case)
    for name in names:
        text = REWRITES[name](text, rnd)
    findings = check_text(case, text)
    assert [f.code for f in findings if f.code not in PLACEHOLDER_CODES] == [], (names, text)
    assert [f.code for f in check_text(case, fill_in(text))] == [], (names, text)


def test_partial_without_a_refused_part_may_offer_direct_suit():
    """open + not held is partial, but nothing is refused: 行政复议法第二十三条 does not require review first."""
    case = Case.model_validate(
        {
            "id": "P",
            "agency": "福州市鼓楼区审计局",
            "received": "2024-03-01",
            "applicant": {"name": "张某", "type": "natural_person"},
            "request": "r",
            "items": [{"text": "甲报告"}, {"text": "乙报告", "facts": {"not_held": True}}],
            "decision": {"category": "partial", "reply_date": "2024-03-20"},
        }
    )
    text = drafted(case)
    assert "6个月内" in text
    assert check_text(case, text) == []
