"""Random but realistic cases, for benchmarks and property tests.

A batch looks like an agency's year: mostly disclosures and "not held", some refusals, a few
applications not processed. Every case is valid under the case-file contract. Most carry the staff's
draft decision with a reply date; a small share of drafts disagree with the rules on purpose, and
some cases are still open (no decision). No letter files are referenced.
"""

from __future__ import annotations

import datetime as _dt
import json
import random
from collections.abc import Iterator
from pathlib import Path

from .fees import FEE_RULES_FROM
from .models import Case

FIRST_DAY = _dt.date(2019, 5, 15)
LAST_DAY = _dt.date(2026, 12, 31)
#: receipts stop early enough that every reply period (补正 restart, then up to 40 working days, plus
#: consultation time) ends inside the holiday data, which runs to 2026-12-31
LAST_RECEIPT = _dt.date(2026, 9, 15)

AGENCIES = {
    "ZJ": "福州市鼓楼区住房和城乡建设局",
    "SJ": "福州市鼓楼区审计局",
    "ZR": "泉州市丰泽区自然资源局",
    "RS": "福州市鼓楼区人力资源和社会保障局",
    "SC": "泉州市市场监督管理局",
    "ZF": "泉州市鲤城区人民政府办公室",
    "GA": "福州市公安局鼓楼分局",
    "CZ": "泉州市财政局",
    "ST": "福州市生态环境局",
    "JY": "泉州市洛江区教育局",
}
SURNAMES = "陈林黄张李王吴刘蔡杨郑许谢洪郭邱曾廖赖徐周叶苏庄吕江何萧罗高潘简朱钟彭游詹胡施沈余卢梁"
GIVEN = "志明建华丽芳伟强秀英国平小红海燕文杰俊宇婷玉梅晓东金水春生"
ORG_NAMES = {
    "commercial_enterprise": [
        "福建{x}建设工程有限公司",
        "泉州{x}贸易有限公司",
        "福州{x}科技有限公司",
        "{x}置业（福建）有限公司",
    ],
    "research_institution": ["福建省{x}研究院", "{x}大学法学院", "泉州市{x}研究所"],
    "public_interest_org": ["福州市{x}环保志愿者协会", "泉州市{x}公益服务中心", "福建省{x}慈善基金会"],
    "legal_service_org": ["福建{x}律师事务所", "泉州{x}律师事务所", "福州市{x}法律服务所"],
    "other_org": ["福州市鼓楼区{x}社区居民委员会", "泉州市{x}村民委员会", "{x}小区业主委员会"],
}
ORG_WORDS = ["闽江", "东街", "鼓山", "丰泽", "刺桐", "清源", "海峡", "榕城", "温泉", "西湖", "晋江", "洛阳"]
#: the applicant mix seen in published reports: mostly natural persons
APPLICANT_WEIGHTS = {
    "natural_person": 78,
    "commercial_enterprise": 10,
    "research_institution": 1,
    "public_interest_org": 2,
    "legal_service_org": 6,
    "other_org": 3,
}
PLACES = [
    "鼓楼区东街口",
    "丰泽区东海片区",
    "鲤城区中山路",
    "洛江区万安街道",
    "台江区上下杭",
    "晋安区新店镇",
    "泉港区山腰街道",
]
SUBJECTS = [
    "{y}年度部门预算和“三公”经费预算",
    "{y}年度部门决算公开表",
    "{p}旧城改造项目房屋征收决定及补偿方案",
    "{p}地块建设用地规划许可证及附图",
    "{p}道路改造工程的立项批复",
    "{y}年度区本级预算执行审计报告",
    "{p}小区电梯加装项目的审批材料",
    "{y}年度公开招聘事业单位工作人员拟聘用人员名单",
    "{p}农贸市场改造项目招标文件",
    "{p}河道整治工程环境影响评价批复",
    "{y}年度最低生活保障对象名单",
    "{p}违法建筑查处的处理决定",
    "{y}年度义务教育学校招生划片方案",
    "{p}地块土地出让合同",
]
OTHER_AGENCIES = [
    ("福州市自然资源和规划局", "0591-83365000"),
    ("泉州市不动产登记中心", "0595-22500000"),
    ("福州市鼓楼区人民政府", None),
    ("泉州市住房和城乡建设局", "0595-22180000"),
]

# (scenario, weight, category the rules give) — weights follow the shares in published annual reports
SCENARIOS = [
    ("open", 330, "open"),
    ("open_disclosed", 60, "open"),
    ("open_third_party_consent", 10, "open"),
    ("open_law_requires", 10, "open"),
    ("partial_mixed", 50, "partial"),
    ("partial_separable", 30, "partial"),
    ("not_held", 170, "cannot_provide/not_held"),
    ("needs_creation", 40, "cannot_provide/needs_creation"),
    ("unclear", 15, "cannot_provide/unclear"),
    ("state_secret", 4, "refused/state_secret"),
    ("law_prohibited", 4, "refused/law_prohibited"),
    ("security_stability", 4, "refused/security_stability"),
    ("third_party", 40, "refused/third_party"),
    ("internal_affairs", 20, "refused/internal_affairs"),
    ("process_info", 30, "refused/process_info"),
    ("enforcement_file", 20, "refused/enforcement_file"),
    ("admin_query", 25, "refused/admin_query"),
    ("refused_mixed", 10, "refused/third_party"),
    ("petition", 40, "not_processed/petition"),
    ("repeat", 25, "not_processed/repeat"),
    ("publication", 8, "not_processed/publication"),
    ("excessive", 8, "not_processed/excessive"),
    ("confirm_reissue", 10, "not_processed/confirm_reissue"),
    ("no_correction", 25, "other"),
    ("fee_unpaid", 6, "other"),
]
_NAMES = [s[0] for s in SCENARIOS]
_WEIGHTS = [s[1] for s in SCENARIOS]
EXPECTED = {s[0]: s[2] for s in SCENARIOS}
ALL_CATEGORIES = sorted({s[2] for s in SCENARIOS})

_ITEM_SCENARIO_FACT = {
    "not_held": "not_held",
    "needs_creation": "needs_creation",
    "state_secret": "state_secret",
    "law_prohibited": "prohibited_by_law",
    "security_stability": "endangers_security_stability",
    "third_party": "third_party_rights",
    "internal_affairs": "internal_affairs",
    "process_info": "process_information",
    "enforcement_file": "enforcement_file",
    "admin_query": "administrative_query",
}
_CASE_SCENARIO_FACT = {
    "petition": "petition_complaint",
    "repeat": "repeat_request",
    "publication": "public_publication",
    "excessive": "excessive_requests",
    "confirm_reissue": "confirm_or_reissue",
    "no_correction": "no_correction_in_time",
    "fee_unpaid": "fee_unpaid_in_time",
    "unclear": "unclear_after_correction",
}
SHARE_WITH_DECISION = 0.85
SHARE_DISAGREEING = 0.06


class _Maker:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.span = (LAST_RECEIPT - FIRST_DAY).days

    def name(self, kind: str) -> str:
        r = self.rng
        if kind == "natural_person":
            return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2))))
        return r.choice(ORG_NAMES[kind]).format(x=r.choice(ORG_WORDS))

    def subject(self, year: int) -> str:
        r = self.rng
        return r.choice(SUBJECTS).format(y=r.randint(max(2005, year - 6), year - 1), p=r.choice(PLACES))

    def item(self, year: int, facts: dict | None = None) -> dict:
        item = {"text": self.subject(year)}
        if facts:
            item["facts"] = dict(facts)
        return item

    def case(self, number: int) -> dict:
        r = self.rng
        received = FIRST_DAY + _dt.timedelta(days=r.randint(0, self.span))
        year = received.year
        prefix = r.choice(list(AGENCIES))
        kind = r.choices(list(APPLICANT_WEIGHTS), weights=list(APPLICANT_WEIGHTS.values()))[0]
        scenario = r.choices(_NAMES, weights=_WEIGHTS)[0]
        if scenario == "fee_unpaid" and received < FEE_RULES_FROM:  # 国办函〔2020〕109号 applies from 2021-01-01
            received = FEE_RULES_FROM + (received - FIRST_DAY)
            year = received.year
        data: dict = {
            "id": f"GK-{prefix}-{year}-{number:07d}",
            "agency": AGENCIES[prefix],
            "received": received.isoformat(),
            "channel": r.choices(["online", "post", "in_person", "fax", "other"], weights=[60, 25, 12, 1, 2])[0],
            "applicant": {"name": self.name(kind), "type": kind},
        }
        items, case_facts, procedure = self.body(scenario, year, received)
        data["request"] = "申请公开：" + "；".join(f"{i + 1}.{it['text']}" for i, it in enumerate(items)) + "。"
        if case_facts:
            data["facts"] = case_facts
        data["items"] = items
        if procedure:
            data["procedure"] = procedure
        if r.random() < SHARE_WITH_DECISION:
            category = EXPECTED[scenario]
            if r.random() < SHARE_DISAGREEING:
                category = r.choice([c for c in ALL_CATEGORIES if c != category])
            start = _dt.date.fromisoformat(procedure.get("correction_received", data["received"]))
            reply = min(start + _dt.timedelta(days=r.choice((3, 8, 12, 18, 22, 26, 27, 28, 35))), LAST_DAY)
            data["decision"] = {"category": category, "reply_date": reply.isoformat()}
        return data

    def body(self, scenario: str, year: int, received: _dt.date) -> tuple[list, dict, dict]:
        r = self.rng
        n = r.choices((1, 2, 3), weights=(70, 22, 8))[0]
        procedure: dict = {}
        case_facts: dict = {}
        if scenario in _CASE_SCENARIO_FACT:
            case_facts[_CASE_SCENARIO_FACT[scenario]] = True
            items = [self.item(year) for _ in range(n)]
            if scenario in ("no_correction", "unclear"):
                asked = received + _dt.timedelta(days=r.randint(1, 6))
                procedure["correction_requested"] = asked.isoformat()
                if scenario == "unclear":
                    procedure["correction_received"] = (asked + _dt.timedelta(days=r.randint(3, 12))).isoformat()
            return items, case_facts, procedure
        if scenario == "open":
            items = [self.item(year) for _ in range(n)]
        elif scenario == "open_disclosed":
            items = [self.item(year, {"proactively_disclosed": True}) for _ in range(n)]
            for it in items:
                it["disclosed_at"] = f"http://www.fz.gov.cn/xxgk/{year}/t{r.randint(10000, 99999)}.htm"
        elif scenario == "open_third_party_consent":
            extra = r.choice(("third_party_consent", "public_interest_override"))
            items = [self.item(year, {"third_party_rights": True, extra: True})]
            procedure = self.consultation(received)
        elif scenario == "open_law_requires":
            fact = r.choice(("process_information", "enforcement_file", "internal_affairs"))
            items = [self.item(year, {fact: True, "law_requires_disclosure": True})]
        elif scenario == "partial_mixed":
            other = r.choice(("not_held", "third_party_rights", "needs_creation", "process_information"))
            items = [self.item(year), self.item(year, {other: True})]
        elif scenario == "partial_separable":
            fact = r.choice(("third_party_rights", "process_information", "enforcement_file", "internal_affairs"))
            items = [self.item(year, {fact: True, "separable": True}) for _ in range(n)]
        elif scenario == "refused_mixed":
            items = [self.item(year, {"third_party_rights": True}), self.item(year, {"not_held": True})]
        else:
            fact = _ITEM_SCENARIO_FACT[scenario]
            items = [self.item(year, {fact: True}) for _ in range(n)]
            if scenario == "not_held" and r.random() < 0.6:
                name, contact = r.choice(OTHER_AGENCIES)
                for it in items:
                    it["other_agency"] = {"name": name} | ({"contact": contact} if contact else {})
            if scenario == "third_party":
                procedure = self.consultation(received)
        if r.random() < 0.05 and "extension_notified" not in procedure:
            procedure["extension_notified"] = (received + _dt.timedelta(days=r.randint(14, 26))).isoformat()
        return items, case_facts, procedure

    def consultation(self, received: _dt.date) -> dict:
        if self.rng.random() < 0.5:
            return {}
        sent = received + _dt.timedelta(days=self.rng.randint(2, 8))
        return {
            "consultation_sent": sent.isoformat(),
            "consultation_replied": (sent + _dt.timedelta(days=self.rng.randint(5, 20))).isoformat(),
        }


def generate_data(count: int, seed: int = 0) -> Iterator[dict]:
    """``count`` case dicts in the case-file contract's JSON form (fast: no validation)."""
    maker = _Maker(random.Random(seed))
    for number in range(1, count + 1):
        yield maker.case(number)


def generate(count: int, seed: int = 0) -> Iterator[Case]:
    """``count`` valid random cases; the same seed gives the same batch."""
    for data in generate_data(count, seed):
        yield Case.model_validate(data)


def write_jsonl(out, count: int, seed: int = 0) -> int:
    """Write ``count`` cases, one JSON object per line, to a text stream; returns the count."""
    dumps = json.dumps
    written = 0
    for data in generate_data(count, seed):
        out.write(dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
        written += 1
    return written


def write_jsonl_file(path: str | Path, count: int, seed: int = 0) -> int:
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        return write_jsonl(out, count, seed)
