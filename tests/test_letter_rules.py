"""Letter rules: the ``letter:`` of each example, read by gkrules.letter, gives the facts the example lists;
and checking that letter reports the rule exactly when the example is under ``fires``."""

from __future__ import annotations

import copy
import datetime as _dt
from pathlib import Path

import pytest

from gkrules.classify import classifier
from gkrules.letter.consistency import consistency_facts
from gkrules.letter.facts import item_exemptions, letter_facts
from gkrules.letter.parse import ELEMENTS, parse_letter
from gkrules.letter.profile import DEFAULT
from gkrules.models import Case
from gkrules.rulebook import load_ruleset

ROOT = Path(__file__).resolve().parent.parent
RULESET = load_ruleset(ROOT / "rules")
LETTER_RULES = RULESET.scope("letter")

BASE_CASE = {
    "id": "EX-1",
    "agency": "福州市鼓楼区审计局",
    "received": "2020-05-06",
    "applicant": {"name": "张某", "type": "natural_person"},
    "request": "申请公开2019年度区本级预算执行审计报告",
    "items": [{"text": "2019年度区本级预算执行审计报告"}],
    "decision": {"category": "open", "reply_date": "2020-05-28"},
}


def _merge(base: dict, over: dict) -> dict:
    out = copy.deepcopy(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


def example_case(example) -> Case:
    data = _merge(BASE_CASE, example.case or {})
    for key in ("received",):
        if isinstance(data.get(key), _dt.date):
            data[key] = data[key].isoformat()
    dec = data.get("decision") or {}
    if isinstance(dec.get("reply_date"), _dt.date):
        dec["reply_date"] = dec["reply_date"].isoformat()
    return Case.model_validate(data)


def extract(example):
    case = example_case(example)
    outcome = classifier(str(ROOT / "rules")).classify(case)
    parsed = parse_letter(example.letter.split("\n"))
    items = [it.category for it in outcome.items] or None
    exemptions = item_exemptions(outcome) or None
    lf = letter_facts(parsed, case, case.decision.category, DEFAULT, items, outcome.category, exemptions)
    lf.facts.update(consistency_facts(parsed)[0])  # GK-L-070…076: the decision against its own grounds
    return lf


def reported_codes(example) -> set[str]:
    """The codes checking the example's letter reports (the letter rules, default profile)."""
    from gkrules.check import letter_findings

    case = example_case(example)
    cls = classifier(str(ROOT / "rules"))
    outcome = cls.classify(case)
    parsed = parse_letter(example.letter.split("\n"))
    return {f.code for f in letter_findings(case, outcome, parsed, DEFAULT, cls.evaluator)}


def _letter_examples():
    for rule in LETTER_RULES:
        for fires, examples in ((True, rule.examples.fires), (False, rule.examples.does_not_fire)):
            for ex in examples:
                if ex.letter is not None:
                    yield pytest.param(rule, ex, fires, id=f"{rule.code}::{ex.name}")


@pytest.mark.parametrize("rule,example,fires", list(_letter_examples()))
def test_letter_gives_the_listed_facts(rule, example, fires):
    lf = extract(example)
    got = {name: lf.facts.get(name) for name in example.facts}
    assert got == dict(example.facts), f"{rule.path}: 示例「{example.name}」"


@pytest.mark.parametrize("rule,example,fires", list(_letter_examples()))
def test_letter_is_reported_exactly_when_the_example_fires(rule, example, fires):
    codes = reported_codes(example)
    assert (rule.code in codes) == fires, f"{rule.path}: 示例「{example.name}」报告了 {sorted(codes)}"


def test_each_letter_example_section_is_present():
    """Both directions are exercised: some examples fire and some do not."""
    fires = [f for _, _, f in (p.values for p in _letter_examples())]
    assert True in fires and False in fires


def test_every_element_has_a_rule():
    elements = {r.element for r in LETTER_RULES}
    assert set(ELEMENTS) - elements == set()
    assert "category" in elements


def test_most_letter_rules_have_letter_examples():
    without = [
        r.code for r in LETTER_RULES if not any(e.letter for e in [*r.examples.fires, *r.examples.does_not_fire])
    ]
    assert len(without) <= 3, without


def test_letter_rule_fields():
    for rule in LETTER_RULES:
        assert rule.element in (*ELEMENTS, "category"), rule.code
        assert rule.severity in ("error", "warning"), rule.code
        assert rule.message and rule.law, rule.code


def test_guidance_in_the_same_sentence_as_the_remedy_still_counts():
    """Only the remedy clauses are left out of the guidance search, not a place named before them."""
    from gkrules.letter.elements.guidance import guidance_text
    from gkrules.letter.parse import parse_letter

    text = (
        "某局政府信息公开申请答复书\n某公开〔2021〕2号\n张某：\n"
        "    本机关于2021年3月2日收到您提交的政府信息公开申请，您申请公开“某报告”。\n"
        "    该信息已主动公开，您可通过本机关门户网站查阅，如对本答复不服，可在收到本答复之日起60日内申请行政复议。\n"
        "某局\n2021年3月16日"
    )
    kept = guidance_text(parse_letter(text.split("\n")).sentences)
    assert "门户网站" in kept and "可在收到" not in kept and "复议" not in kept


def test_partial_article_groups():
    from gkrules.letter.facts import article_groups

    # separable exemption: 第三十七条 and the exemption's article, both needed
    assert article_groups("partial", ["partial"], ["refused/third_party"]) == [
        [(37, None, None)],
        [(15, None, None), (32, None, None)],
    ]
    assert article_groups("partial", ["partial"], ["refused/state_secret"]) == [[(37, None, None)], [(14, None, None)]]
    assert article_groups("partial", ["open", "partial"], [None, "refused/process_info"]) == [
        [(37, None, None)],
        [(16, 2, None)],
    ]
    # mixed items: the article of each withheld item's category
    assert article_groups("partial", ["open", "cannot_provide/not_held"], [None, None]) == [
        [(36, None, 4), (36, None, 5)]
    ]
    assert article_groups("partial", ["refused/third_party", "cannot_provide/needs_creation", "open"]) == [
        [(15, None, None), (32, None, None)],
        [(38, None, None)],
    ]
    # other categories: one group of alternatives
    assert article_groups("open") == [[(36, None, 1), (36, None, 2)]]
    assert article_groups("not_processed/confirm_reissue") == []


@pytest.mark.parametrize(
    "exemption,article",
    [
        ("third_party_rights", "第十五条"),
        ("state_secret", "第十四条"),
        ("process_information", "第十六条第二款"),
    ],
)
def test_partial_from_separable_exemption_needs_both_articles(exemption, article):
    from gkrules.check import letter_findings
    from gkrules.draft import draft_letter

    case = Case.model_validate(
        {
            **BASE_CASE,
            "items": [{"text": "某报告", "facts": {exemption: True, "separable": True}}],
            "decision": {"category": "partial", "reply_date": "2020-05-28"},
        }
    )
    cls = classifier(str(ROOT / "rules"))
    outcome = cls.classify(case)
    assert outcome.category == "partial"
    text = draft_letter(case, outcome)
    assert f"第三十七条、{article}的规定" in text
    codes = {f.code for f in letter_findings(case, outcome, parse_letter(text.split("\n")), DEFAULT, cls.evaluator)}
    assert "GK-L-019" not in codes
    only37 = text.replace(f"第三十七条、{article}的规定", "第三十七条的规定")
    codes = {f.code for f in letter_findings(case, outcome, parse_letter(only37.split("\n")), DEFAULT, cls.evaluator)}
    assert "GK-L-019" in codes
