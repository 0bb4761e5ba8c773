"""The review body by kind of agency (行政复议法 2023, in force 2024-01-01; the 2017 text before).

Expected bodies are read off the articles by hand; each test names its article.
"""

import datetime as _dt

import pytest

from gkrules.letter.profile import DEFAULT, Profile, RemedyRules
from gkrules.letter.remedy import review_body, review_body_findings
from gkrules.review_body import agency_kind, bodies, place_units

NEW = _dt.date(2024, 3, 20)
OLD = _dt.date(2023, 6, 20)


def test_local_department_art_24_1_1_only_the_local_government():
    """第二十四条第一款第（一）项: 本级人民政府工作部门 → 本级人民政府; the 上一级主管部门 no longer."""
    found = bodies("福州市鼓楼区审计局", on=NEW)
    assert found.reference == "行政复议法第二十四条第一款第（一）项"
    assert found.names == ("福州市鼓楼区人民政府",)
    assert found.accepts("福州市鼓楼区人民政府") and found.accepts("鼓楼区人民政府")
    assert not found.accepts("福州市审计局")
    assert not found.accepts("福州市人民政府")
    assert not found.accepts("福州市鼓楼区人民政府或者福州市审计局")  # naming the 上一级主管部门 as well


def test_local_department_before_2024_art_12_either():
    """2017 第十二条第一款: 本级人民政府 or 上一级主管部门, at the applicant's choice."""
    found = bodies("福州市鼓楼区审计局", on=OLD)
    assert found.reference == "行政复议法（2017年修正）第十二条第一款"
    assert found.accepts("福州市鼓楼区人民政府") and found.accepts("福州市审计局")
    assert not found.accepts("福州市人民政府")


def test_market_regulation_bureau_is_not_a_place_named_shichang():
    assert place_units("福州市鼓楼区市场监督管理局") == ["福州市", "鼓楼区"]
    assert bodies("泉州市市场监督管理局", on=NEW).names == ("泉州市人民政府",)


@pytest.mark.parametrize(
    ("name", "units"),
    [
        ("昆山市周市镇人民政府", ["昆山市"]),  # the town 周市镇, not a city 周市
        ("桐乡市新市镇人民政府", ["桐乡市"]),  # 桐乡市, not a 乡 桐乡
        ("乌鲁木齐市新市区人民政府", ["乌鲁木齐市", "新市区"]),
        ("济南市市中区财政局", ["济南市", "市中区"]),
        ("沛县市场监督管理局", ["沛县"]),
        ("徐州市沛县城关镇人民政府", ["徐州市", "沛县"]),
        ("乡宁县昌宁镇人民政府", ["乡宁县"]),
    ],
)
def test_place_names_are_read_by_their_levels_not_by_the_first_shi(name, units):
    assert place_units(name) == units


def test_town_named_with_shi_art_24_1_2_county_government():
    """第二十四条第一款第（二）项: a town's body is the county-level government above it, whatever the town's name."""
    found = bodies("昆山市周市镇人民政府", on=NEW)
    assert found.kind == "town_government"
    assert found.names == ("昆山市人民政府",)
    assert not found.accepts("苏州市人民政府")
    # a 苏木 is a town of Inner Mongolia (乡级)
    assert bodies("鄂尔多斯市鄂托克旗苏米图苏木人民政府", on=NEW).names == ("鄂尔多斯市鄂托克旗人民政府",)


def test_district_government_art_24_1_2_upper_government_not_itself():
    """第二十四条第一款第（二）项: 下一级人民政府 → 上一级人民政府; naming itself is wrong."""
    found = bodies("福州市鼓楼区人民政府", on=NEW)
    assert found.reference == "行政复议法第二十四条第一款第（二）项"
    assert found.names == ("福州市人民政府",)
    assert not found.accepts("福州市鼓楼区人民政府")


def test_town_government_art_24_1_2_county_government():
    found = bodies("晋江市安海镇人民政府", on=NEW)
    assert found.kind == "town_government"
    assert found.reference == "行政复议法第二十四条第一款第（二）项"
    assert found.names == ("晋江市人民政府",)


def test_subdistrict_office_art_24_1_3_district_government():
    """第二十四条第一款第（三）项: 本级人民政府依法设立的派出机关 (街道办事处) → that government."""
    found = bodies("福州市鼓楼区鼓东街道办事处", on=NEW)
    assert found.reference == "行政复议法第二十四条第一款第（三）项"
    assert found.names == ("福州市鼓楼区人民政府",)


def test_district_branch_art_24_4_both_governments():
    """第二十四条第四款: a 派出机构 set up by district → 本级人民政府, or also the 所在地人民政府."""
    found = bodies("福州市公安局鼓楼分局", on=NEW)
    assert found.reference == "行政复议法第二十四条第四款"
    assert found.accepts("福州市人民政府") and found.accepts("福州市鼓楼区人民政府")
    assert not found.accepts("福州市公安局")
    assert found.accepts("福州市人民政府或者福州市鼓楼区人民政府")  # both are right
    old = bodies("福州市公安局鼓楼分局", on=OLD)
    assert old.reference == "行政复议法（2017年修正）第十五条第一款第（二）项"
    assert old.accepts("福州市公安局")


@pytest.mark.parametrize("agency", ["国家市场监督管理总局", "海关总署", "国家税务总局", "国务院办公厅", "交通运输部"])
def test_state_council_departments_including_vertical_headquarters_art_25(agency):
    """第二十五条: the headquarters of a vertical system is itself a 国务院部门 (第二十七条 is for its lower offices)."""
    found = bodies(agency, on=NEW)
    assert found.kind == "state_council_department" and found.reference == "行政复议法第二十五条第（一）项"
    assert found.accepts(agency)


def test_state_council_department_art_25_itself():
    """第二十五条: 国务院部门 → itself; the short official name counts."""
    found = bodies("中华人民共和国交通运输部", on=NEW)
    assert found.reference == "行政复议法第二十五条第（一）项"
    assert found.accepts("交通运输部") and found.accepts("中华人民共和国交通运输部")
    assert not found.accepts("国务院")


@pytest.mark.parametrize(
    "agency",
    [
        "厦门海关",
        "国家税务总局福州市税务局",
        "国家外汇管理局福建省分局",
        "福建省国家安全厅",
        "中国人民银行福州中心支行",
        "国家金融监督管理总局福建监管局",
        "中国证券监督管理委员会福建监管局",
        "国家税务总局福建省税务局第一稽查局",
    ],
)
def test_vertical_agencies_art_27_upper_department(agency):
    """第二十七条: 海关、金融、外汇管理、税务、国家安全 → 上一级主管部门, never a government."""
    found = bodies(agency, on=NEW)
    assert found.kind == "vertical"
    assert found.reference == "行政复议法第二十七条"
    assert found.accepts("上一级主管部门")
    assert not found.accepts("福州市人民政府")


def test_local_finance_bureau_is_an_ordinary_department_art_24():
    """A 地方金融监督管理局 is a local department (第二十四条第一款第（一）项), not a vertical agency (第二十七条)."""
    found = bodies("福建省地方金融监督管理局", on=NEW)
    assert found.kind == "local_finance_department"
    assert found.reference == "行政复议法第二十四条第一款第（一）项"
    assert found.names == ("福建省人民政府",)


def test_justice_bureau_art_28_government_or_upper_justice():
    found = bodies("福州市司法局", on=NEW)
    assert found.reference == "行政复议法第二十八条"
    assert found.accepts("福州市人民政府") and found.accepts("福建省司法厅")


def test_provincial_government_art_24_2_itself():
    found = bodies("福建省人民政府", on=NEW)
    assert found.reference == "行政复议法第二十四条第二款"
    assert found.accepts("福建省人民政府")


def test_undecided_kind_says_what_to_set():
    found = bodies("国家统计局福州调查队", on=NEW)
    assert not found.decided
    assert "remedy.review_body" in found.message
    facts = review_body_findings("国家统计局福州调查队", DEFAULT, NEW, "国家统计局福建调查总队")
    assert facts["review_body_kind_undecided"][0]
    assert "【请填写" in review_body("国家统计局福州调查队", DEFAULT, NEW)


def test_profile_review_body_prevails():
    profile = Profile(name="p", remedy=RemedyRules(review_body="某某人民政府"))
    assert bodies("国家统计局福州调查队", profile, NEW).names == ("某某人民政府",)
    assert review_body("国家统计局福州调查队", profile, NEW) == "某某人民政府"
    assert not any(v[0] for v in review_body_findings("国家统计局福州调查队", profile, NEW, "别的机关").values())


def test_wrong_body_is_a_fact_by_date():
    """A local department naming the 上一级主管部门: a defect from 2024-01-01 (GK-L-043), fine before."""
    on_new = review_body_findings("福州市鼓楼区审计局", DEFAULT, NEW, "福州市审计局")
    assert on_new["review_body_not_local_government"][0]
    assert "第二十四条第一款第（一）项" in on_new["review_body_not_local_government"][1]
    on_old = review_body_findings("福州市鼓楼区审计局", DEFAULT, OLD, "福州市审计局")
    assert not any(v[0] for v in on_old.values())
    # a district government naming itself: GK-L-060
    itself = review_body_findings("福州市鼓楼区人民政府", DEFAULT, NEW, "福州市鼓楼区人民政府")
    assert itself["review_body_wrong_for_kind"][0]


def test_draft_names_the_right_body():
    assert review_body("福州市鼓楼区人民政府", DEFAULT, NEW) == "福州市人民政府"
    assert review_body("交通运输部", DEFAULT, NEW) == "交通运输部"
    assert review_body("厦门海关", DEFAULT, NEW) == "上一级主管部门"
    assert agency_kind("福州市鼓楼区审计局").kind == "local_department"


def test_draft_letter_of_a_district_government_names_the_city_government():
    """`gkrules draft` for 福州市鼓楼区人民政府 in 2024 names 福州市人民政府 (第二十四条第一款第（二）项)."""
    from gkrules.classify import classifier
    from gkrules.draft import draft_letter
    from gkrules.models import Case

    case = Case.model_validate(
        {
            "id": "RB-1",
            "agency": "福州市鼓楼区人民政府",
            "received": "2024-03-01",
            "applicant": {"name": "张某", "type": "natural_person"},
            "request": "申请公开某报告",
            "items": [{"text": "某报告"}],
            "decision": {"category": "open", "reply_date": "2024-03-20"},
        }
    )
    text = draft_letter(case, classifier().classify(case))
    assert "向福州市人民政府申请行政复议" in text
    assert "向福州市鼓楼区人民政府申请行政复议" not in text


def _findings(agency: str, received: str, reply: str, body: str, category: str = "open") -> set[str]:
    from gkrules.check import letter_findings
    from gkrules.classify import classifier
    from gkrules.draft import draft_letter
    from gkrules.letter.parse import parse_letter
    from gkrules.models import Case

    cls = classifier()
    case = Case.model_validate(
        {
            "id": "RB-2",
            "agency": agency,
            "received": received,
            "applicant": {"name": "张某", "type": "natural_person"},
            "request": "申请公开某报告",
            "items": [{"text": "某报告"}],
            "decision": {"category": category, "reply_date": reply},
        }
    )
    outcome = cls.classify(case)
    text = draft_letter(case, outcome)
    text = __import__("re").sub(r"向[^，。；]+?申请行政复议", f"向{body}申请行政复议", text)
    return {f.code for f in letter_findings(case, outcome, parse_letter(text.split("\n")), DEFAULT, cls.evaluator)}


def test_check_district_government_naming_itself_gk_l_060_art_24():
    assert "GK-L-060" in _findings("福州市鼓楼区人民政府", "2024-03-01", "2024-03-20", "福州市鼓楼区人民政府")
    assert _findings("福州市鼓楼区人民政府", "2024-03-01", "2024-03-20", "福州市人民政府") == set()


def test_check_customs_naming_a_government_before_2024_gk_l_061_art_12():
    assert "GK-L-061" in _findings("厦门海关", "2023-06-01", "2023-06-20", "厦门市人民政府")
    assert _findings("厦门海关", "2023-06-01", "2023-06-20", "海关总署") == set()


def test_check_department_naming_upper_department_in_2024_gk_l_043_art_24_1_1():
    assert "GK-L-043" in _findings("福州市鼓楼区审计局", "2024-03-01", "2024-03-20", "福州市审计局")
    assert _findings("福州市鼓楼区审计局", "2023-06-01", "2023-06-20", "福州市审计局") == set()


def test_check_undecided_kind_warns_gk_l_062():
    codes = _findings("国家统计局福州调查队", "2024-03-01", "2024-03-20", "国家统计局福建调查总队")
    assert "GK-L-062" in codes


def test_development_zone_committee_art_24_1_3_the_setting_government():
    """第二十四条第一款第（三）项: a 开发区管理委员会 is a 派出机关 of the government that set it up; its name does not
    say which, so no body is made up from the zone's name (福州高新技术产业开发区人民政府 does not exist)."""
    found = bodies("福州高新技术产业开发区管理委员会", on=NEW)
    assert found.kind == "development_zone"
    assert found.reference == "行政复议法第二十四条第一款第（三）项"
    assert "福州高新技术产业开发区人民政府" not in found.expected
    assert found.accepts("福州市人民政府")
    facts = review_body_findings("福州高新技术产业开发区管理委员会", DEFAULT, NEW, "闽侯县人民政府")
    assert facts["review_body_kind_undecided"][0]  # a body of another place: doubtful, told as a warning
    assert not facts["review_body_wrong_for_kind"][0] and not facts["review_body_not_local_government"][0]
    assert bodies("福州高新技术产业开发区管理委员会", on=OLD).reference.startswith("行政复议法（2017年修正）第十五条")
