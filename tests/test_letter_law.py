"""Checks of the 条例 that rest on one article each; every test names the article it enforces.

Expected findings were set by hand from the article's words: where the 条例 says 应当 the finding is as
the rule file says; where it says 可以 (第三十九条第二款) a missing element is only a warning.
"""

from __future__ import annotations

from pathlib import Path

from gkrules.caseio import load_case
from gkrules.check import check_case
from gkrules.rulebook import load_ruleset

ROOT = Path(__file__).resolve().parent.parent
LETTERS = ROOT / "tests" / "letters"
RULES = load_ruleset(ROOT / "rules")


def _codes(name: str) -> dict[str, str]:
    path = LETTERS / f"{name}.yml"
    return {f["code"]: f["severity"] for f in check_case(load_case(path), path)["findings"]}


def _cites(code: str, article: str) -> bool:
    return any(article in c.cite for c in RULES.get(code).law)


def test_article_32_disclosure_over_objection_needs_the_written_notice():
    """条例第三十二条: 决定予以公开的，将决定公开的政府信息内容和理由书面告知第三方."""
    assert _cites("GK-L-048", "条例第三十二条") and RULES.get("GK-L-048").severity == "warning"
    assert _codes("d-guidance-over-objection-no-notice-2023").get("GK-L-048") == "warning"
    assert "GK-L-048" not in _codes("c110-open-over-objection-notified-2023")
    # a third party that consented is no objection: nothing to notify (c26 discloses with consent)
    assert "GK-L-048" not in _codes("c26-open-third-party-consent-2023")


def test_article_36_item_4_not_held_says_a_search_was_made():
    """条例第三十六条第（四）项: 经检索没有所申请公开信息的，告知申请人该政府信息不存在."""
    assert _cites("GK-L-049", "条例第三十六条第（四）项") and RULES.get("GK-L-049").severity == "warning"
    assert _codes("d-reasons-not-held-no-search-2024").get("GK-L-049") == "warning"
    assert "GK-L-049" not in _codes("c111-not-held-archives-searched-2024")
    # 第（五）项 (another agency holds it and is named) needs no search statement
    assert "GK-L-049" not in _codes("d-guidance-holder-without-contact")


def test_article_39_para_2_publication_guidance_is_a_warning():
    """条例第三十九条第二款: 行政机关可以告知获取的途径 — discretion, so a missing route is a warning."""
    assert _cites("GK-L-028", "条例第三十九条第二款") and RULES.get("GK-L-028").severity == "warning"
    assert _codes("d-guidance-publication-none-customs").get("GK-L-028") == "warning"
    assert "GK-L-028" not in _codes("c112-publication-yearbook-bookstore-2024")


def test_article_14_law_prohibited_names_the_law():
    """条例第十四条: 法律、行政法规禁止公开的政府信息 — the reasons name that law (第三十六条第（三）项)."""
    assert _cites("GK-L-047", "条例第十四条") and RULES.get("GK-L-047").severity == "warning"
    assert _codes("d-reasons-law-not-named").get("GK-L-047") == "warning"


def test_gb_9704_malformed_doc_number_is_reported_with_the_expected_form():
    """GB/T 9704-2012 第7.2.5条: 发文字号由发文机关代字、年份、发文顺序号组成."""
    path = LETTERS / "d-docno-malformed-yigao.yml"
    found = [f for f in check_case(load_case(path), path)["findings"] if f["element"] == "doc_number"]
    assert [f["code"] for f in found] == ["GK-L-046"]
    assert "〔2021〕" in found[0]["message"] and "(2021)第5号一告" in found[0]["message"]
