"""The letter checker's structure: one producer per fact, an immutable parsed letter, wordings as cited data."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from gkrules.letter import extract, wordings
from gkrules.letter.elements import PRODUCERS, produced_facts
from gkrules.letter.parse import ELEMENTS, parse_letter
from gkrules.lint import lint_root
from gkrules.rulebook import load_ruleset

ROOT = Path(__file__).resolve().parent.parent
RULESET = load_ruleset(ROOT / "rules")

FULL_LETTER = """福州市鼓楼区审计局政府信息公开申请答复书
鼓审公开〔2024〕3号
张某：
    本机关于2024年5月6日收到您提交的政府信息公开申请，您申请公开“2023年度区本级预算执行审计报告”。
    经审查，该报告已于2024年3月1日在本机关门户网站“审计结果公告”栏目主动公开，属于可以公开的政府信息。根据《中华人民共和国政府信息公开条例》第三十六条第（一）项的规定，予以公开，您可以登录本机关门户网站查阅。本次提供信息不收取信息处理费。
    如对本答复不服，可以自收到本答复之日起60日内向福州市鼓楼区人民政府申请行政复议，或者在6个月内向人民法院提起行政诉讼。
福州市鼓楼区审计局
2024年5月28日
"""


def test_every_declared_fact_has_exactly_one_producer():
    from gkrules.letter.consistency import FACTS as CONSISTENCY

    # the decision against its own grounds (GK-L-070…076) spans elements: consistency.py produces those
    assert set(CONSISTENCY).isdisjoint(produced_facts())
    declared = set(RULESET.facts["letter"]) - set(CONSISTENCY)
    produced = produced_facts()
    assert {f for f, els in produced.items() if len(els) > 1} == set()
    assert declared - set(produced) == set(), "declared in facts.yml but produced by no element module"
    assert set(produced) - declared == set(), "produced but not declared in rules/letter/facts.yml"


def test_each_element_module_produces_facts_of_its_element():
    modules = {p.element for p in PRODUCERS}
    assert modules == set(ELEMENTS), set(ELEMENTS) ^ modules


def test_parse_finds_all_the_elements_of_a_full_letter():
    p = parse_letter(FULL_LETTER.split("\n"))
    assert set(p.elements) == set(ELEMENTS), set(ELEMENTS) - set(p.elements)
    assert p.line_of("title") == 1 and p.line_of("doc_number") == 2 and p.line_of("salutation") == 3
    assert p.line_of("receipt") == 4 and p.line_of("request") == 4
    assert p.line_of("decision") == 5 and p.line_of("legal_basis") == 5 and p.line_of("fee") == 5
    assert p.line_of("remedy") == 6 and p.line_of("signature") == 7 and p.line_of("date") == 8


def test_parsed_letter_is_immutable():
    p = parse_letter(FULL_LETTER.split("\n"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.doc_number = None  # type: ignore[misc]
    with pytest.raises(TypeError):
        p.elements["decision"] = p.elements["title"]  # type: ignore[index]
    assert isinstance(p.lines, tuple) and isinstance(p.body, tuple) and isinstance(p.citations, tuple)


def test_checking_does_not_change_the_parsed_letter():
    from gkrules.caseio import load_case
    from gkrules.check import check

    case_path = ROOT / "tests" / "letters" / "c08-partial-item-by-item-2024.yml"
    result = check(load_case(case_path), case_path)
    again = parse_letter(list(result.parsed.lines))
    assert again == result.parsed


def test_extraction_api():
    p = parse_letter(FULL_LETTER.split("\n"))
    assert extract.decision_groups(p) == ("open",)
    assert [(c.article, c.item) for c in extract.articles_cited(p)] == [(36, 1)]
    assert str(extract.letter_date(p)) == "2024-05-28" and str(extract.receipt_date(p)) == "2024-05-06"
    assert extract.agency(p) == "福州市鼓楼区审计局" and extract.applicant(p) == "张某"


def test_decision_by_item():
    text = FULL_LETTER.replace(
        "    经审查，该报告已于",
        "    一、关于第1项。该报告予以公开。\n    二、关于第2项。会议记录属于过程性信息，不予公开。\n    经审查，该报告已于",
    )
    p = parse_letter(text.split("\n"))
    assert extract.decision_by_item(p, ["审计报告", "会议记录"]) == ["open", "refused"]
    # numbered （一）（二）（三） answers, as in a town's reply on three items
    town = parse_letter(
        (ROOT / "tests" / "letters" / "c104-partial-three-items-town-2024.txt").read_text("utf-8").split("\n")
    )
    assert extract.decision_by_item(town, ["清单", "台账", "分析"]) == ["open", "cannot_provide", "cannot_provide"]


def test_every_wording_cites_its_source():
    for path in sorted(wordings.WORDINGS_DIR.glob("*.yml")):
        w = wordings.load(path.stem)
        for group, entries in w.groups.items():
            assert entries, (path.name, group)
            assert all(e.source.strip() for e in entries), (path.name, group)
    assert wordings.check(wordings.WORDINGS_DIR) == []


def test_lint_reports_a_wording_without_source(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    path = rules / "letter" / "wordings" / "receipt.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    source: 条例第三十一条\n", "    source: ''\n", 1), encoding="utf-8")
    report = lint_root(rules)
    assert "bad-data" in report.kinds()


def test_rule_book_shows_the_wordings():
    from gkrules.ruledoc import rule_book

    book = rule_book(RULESET)
    assert "## 答复书措辞（rules/letter/wordings/）" in book and "签收" in book


def test_category_articles_come_only_from_the_category_table():
    import gkrules.draft as draft
    import gkrules.letter.facts as facts

    assert not hasattr(facts, "ARTICLES")
    src = (ROOT / "gkrules" / "draft.py").read_text(encoding="utf-8")
    assert "categories.CATEGORIES" in src and draft.BASIS


def test_agency_short_forms():
    """An official short name (交通运输部) is the agency; a name without its place names is only a reminder;
    another agency's name is an error (《党政机关公文处理工作条例》第九条: 全称或者规范化简称)."""
    from gkrules.letter.elements.names import abbreviated, is_agency

    assert is_agency("交通运输部", "中华人民共和国交通运输部")
    assert is_agency("福州市鼓楼区审计局（盖章）", "福州市鼓楼区审计局")
    assert abbreviated("鼓楼区审计局", "福州市鼓楼区审计局") and not is_agency("鼓楼区审计局", "福州市鼓楼区审计局")
    assert not abbreviated("审计局", "福州市鼓楼区审计局")  # too short to tell which
    assert not abbreviated("福州市台江区审计局", "福州市鼓楼区审计局")


def test_salutation_forms():
    from gkrules.letter.elements.names import salutation_fits

    for written in (
        "张某某",
        "尊敬的张某某",
        "张先生",
        "张女士",
        "尊敬的张先生",
        "张某某同志",
        "申请人张某某",
        "张某某（身份证号码略）",
    ):
        assert salutation_fits(written, "张某某"), written
    for written in ("李先生", "张某", "王某某"):
        assert not salutation_fits(written, "张某某"), written
    assert not salutation_fits("福先生", "福建某某有限公司", person=False)
    # the form of a partnership in brackets is part of its name (合伙企业法第十五条): the full name fits, another form does not
    firm = "厦门某某会计师事务所（特殊普通合伙）"
    assert salutation_fits(firm, firm, person=False)
    assert not salutation_fits("厦门某某会计师事务所（普通合伙）", firm, person=False)
    assert salutation_fits("张某某（身份证号码略）", "张某某")


def _title_codes(agency: str, title: str) -> list[str]:
    from gkrules.check import letter_findings
    from gkrules.classify import classifier
    from gkrules.letter.profile import DEFAULT
    from gkrules.models import Case

    cls = classifier(str(ROOT / "rules"))
    case = Case.model_validate(
        {
            "id": "T-1",
            "agency": agency,
            "received": "2024-05-06",
            "applicant": {"name": "张某", "type": "natural_person"},
            "request": "2023年度区本级预算执行审计报告",
            "items": [{"text": "2023年度区本级预算执行审计报告", "facts": {}}],
            "decision": {"category": "open", "reply_date": "2024-05-28"},
        }
    )
    text = FULL_LETTER.replace("福州市鼓楼区审计局政府信息公开申请答复书", title)
    findings = letter_findings(case, cls.classify(case), parse_letter(text.split("\n")), DEFAULT, cls.evaluator)
    return [f.code for f in findings if f.element == "title"]


def test_title_of_agencies_replying_together_is_theirs_whatever_the_spaces_between_them():
    joint = "福州市鼓楼区审计局　　福州市鼓楼区财政局"
    assert _title_codes(joint, "福州市鼓楼区审计局 福州市鼓楼区财政局政府信息公开申请答复书") == []
    assert _title_codes(joint, "福州市鼓楼区审计局　福州市鼓楼区财政局政府信息公开申请答复书") == []
    # another agency's name is still another agency, spaces or not
    assert _title_codes(joint, "福州市鼓楼区审计局 福州市鼓楼区民政局政府信息公开申请答复书") == ["GK-L-044"]


def test_reply_titled_as_an_opinion_or_a_reply_is_a_warning_not_an_error():
    agency = "福州市鼓楼区审计局"
    assert _title_codes(agency, "福州市鼓楼区审计局政府信息公开申请答复意见书") == ["GK-L-052"]
    assert _title_codes(agency, "福州市鼓楼区审计局关于政府信息公开申请的回复") == ["GK-L-052"]
    assert _title_codes(agency, "福州市鼓楼区审计局关于政府信息公开申请的通知") == ["GK-L-002"]
