"""Each rule cites the provision that says what it checks, with the provision's own words.

Articles and wording checked by hand against GB/T 9704-2012, 《党政机关公文处理工作条例》(2012),
the 条例 (2019) and the 行政复议法 (2023).
"""

from pathlib import Path

import pytest

from gkrules.rulebook import load_ruleset

RULES = {r.code: r for r in load_ruleset(Path(__file__).resolve().parent.parent / "rules").all_rules}


def cites(code: str) -> dict[str, str]:
    return {c.cite: c.quote or "" for c in RULES[code].law}


@pytest.mark.parametrize("code", [f"GK-L-{n:03d}" for n in range(4, 11)])
def test_doc_number_is_gbt_9704_7_2_5(code):
    """GB/T 9704-2012 7.2.5 发文字号 (7.2.4 is 发文机关标志)."""
    law = cites(code)
    assert "GB/T 9704-2012 第7.2.5条" in law
    assert "GB/T 9704-2012 第7.2.4条" not in law
    assert "六角括号“〔〕”括入" in law["GB/T 9704-2012 第7.2.5条"]


@pytest.mark.parametrize("code", ["GK-L-039", "GK-L-041"])
def test_date_numerals_are_gbt_9704_7_3_5_4(code):
    """GB/T 9704-2012 7.3.5.4 成文日期中的数字 (7.3.5.1 is 加盖印章的公文)."""
    law = cites(code)
    assert list(law) == ["GB/T 9704-2012 第7.3.5.4条"]
    assert law["GB/T 9704-2012 第7.3.5.4条"].startswith("用阿拉伯数字将年、月、日标全")


@pytest.mark.parametrize("code", ["GK-L-001", "GK-L-002", "GK-L-003", "GK-L-044"])
def test_title_composition_is_regulations_art_9(code):
    """《党政机关公文处理工作条例》第九条: 标题由发文机关名称、事由和文种组成 (not GB/T 9704 7.3.1, which is layout)."""
    law = cites(code)
    assert law.get("《党政机关公文处理工作条例》第九条") == "标题。由发文机关名称、事由和文种组成"
    assert "GB/T 9704-2012 第7.3.1条" not in law


@pytest.mark.parametrize("code", ["GK-D-009", "GK-D-010"])
def test_consultation_time_not_counted_is_art_33_para_3(code):
    """条例第三十三条第三款: 征求意见所需时间不计算在前款规定的期限内."""
    law = cites(code)
    assert law["条例第三十三条第三款"] == "行政机关征求第三方和其他机关意见所需时间不计算在前款规定的期限内"
    assert "条例第三十三条" not in law


def test_deadline_cites_art_33_para_2_and_3():
    law = cites("GK-D-001")
    assert "20个工作日内予以答复" in law["条例第三十三条第二款"]
    assert "不计算在前款规定的期限内" in law["条例第三十三条第三款"]


@pytest.mark.parametrize("code", ["GK-L-045", "GK-L-024"])
def test_duty_to_give_reasons_is_art_36_item_3(code):
    """条例第三十六条第（三）项: 决定不予公开的，告知申请人不予公开并说明理由."""
    law = cites(code)
    assert law["条例第三十六条第（三）项"] == "行政机关依据本条例的规定决定不予公开的，告知申请人不予公开并说明理由"


def test_duty_to_tell_review_first_is_review_law_art_23_para_2():
    """行政复议法第二十三条第二款: the agency must tell the applicant to seek review first."""
    law = cites("GK-L-031")
    assert "行政复议法第二十三条第二款" in law
    assert "先向行政复议机关申请行政复议" in law["行政复议法第二十三条第二款"]
    assert RULES["GK-L-031"].in_force[0].isoformat() == "2024-01-01"


def test_publication_quote_is_art_39_para_2_text():
    assert cites("GK-L-028")["条例第三十九条第二款"].startswith("申请人提出的申请内容为要求行政机关提供政府公报")


def test_no_quote_paraphrases_a_form():
    """A quote is the text itself: the 2019 form's row label, not a description of it."""
    assert cites("GK-C-025")["国办公开办函〔2019〕60号"] == "要求行政机关确认或重新出具已获取信息"
