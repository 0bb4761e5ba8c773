"""Hypothesis strategies for valid cases."""

from __future__ import annotations

import datetime as _dt

from hypothesis import strategies as st

from gkrules.models import APPLICANT_TYPES, CASE_FACTS, ITEM_FACTS, Case

AGENCIES = ["福州市鼓楼区审计局", "泉州市丰泽区自然资源局", "福州市鼓楼区人力资源和社会保障局", "泉州市市场监督管理局"]


def fact_dicts(names, rare: float = 0.25):
    """Mostly-false boolean facts: each is true with probability about ``rare``."""
    return st.fixed_dictionaries({n: st.sampled_from([True] + [False] * max(1, round(1 / rare) - 1)) for n in names})


item_facts = fact_dicts(ITEM_FACTS)
case_fact_sets = st.one_of(
    st.just({n: False for n in CASE_FACTS}),
    fact_dicts(CASE_FACTS, rare=0.2),
)
FEE_RULES_FROM = _dt.date(2021, 1, 1)
dates = st.dates(min_value=_dt.date(2019, 5, 15), max_value=_dt.date(2026, 12, 31))


@st.composite
def cases(draw, min_items: int = 1, max_items: int = 4, case_facts=None) -> Case:
    n = draw(st.integers(min_items, max_items))
    items = [{"text": f"申请事项{i + 1}", "facts": draw(item_facts)} for i in range(n)]
    data = {
        "id": f"GEN-{draw(st.integers(1, 10**6))}",
        "agency": draw(st.sampled_from(AGENCIES)),
        "received": draw(dates),
        "applicant": {"name": "张某", "type": draw(st.sampled_from(APPLICANT_TYPES))},
        "request": "申请公开相关政府信息",
        "facts": draw(case_facts if case_facts is not None else case_fact_sets),
        "items": items,
    }
    if data["facts"].get("fee_unpaid_in_time") and data["received"] < FEE_RULES_FROM:
        data["received"] = FEE_RULES_FROM + (data["received"] - _dt.date(2019, 5, 15))  # 109号: from 2021-01-01
    return Case.model_validate(data)
