"""Hypothesis strategies for valid cases."""

from __future__ import annotations

import datetime as _dt

from hypothesis import strategies as st

from gkrules.models import APPLICANT_TYPES, CASE_FACTS, ITEM_FACTS, Case


def dated_case(received, procedure=None, reply=None, category="open") -> Case:
    """A case of one item whose dates are given: the receipt, the procedure's and, with a reply date,
    a decision of ``category``."""
    data = {
        "id": "T-1",
        "agency": "某区某局",
        "received": received,
        "applicant": {"name": "张某", "type": "natural_person"},
        "request": "申请公开某文件",
        "items": [{"text": "某文件"}],
        "procedure": procedure or {},
    }
    if reply is not None:
        data["decision"] = {"category": category, "reply_date": reply}
    return Case.model_validate(data)


AGENCIES = ["福州市鼓楼区审计局", "泉州市丰泽区自然资源局", "福州市鼓楼区人力资源和社会保障局", "泉州市市场监督管理局"]


def fact_dicts(names, rare: float = 0.25):
    """Mostly-false boolean facts: each is true with probability ``rare`` (to a 256th), independently of the
    others, and shrinks towards true as Hypothesis shrinks a byte towards 0.

    Drawn as one byte a fact in one draw: Hypothesis spends as much on each draw as on a small
    example's test, and a case has up to 68 facts."""
    names = tuple(names)
    cut = round(256 * rare)
    return st.binary(min_size=len(names), max_size=len(names)).map(
        lambda drawn: {n: byte < cut for n, byte in zip(names, drawn)}
    )


item_facts = fact_dicts(ITEM_FACTS)
case_fact_sets = st.one_of(
    st.just({n: False for n in CASE_FACTS}),
    fact_dicts(CASE_FACTS, rare=0.2),
)
FEE_RULES_FROM = _dt.date(2021, 1, 1)
dates = st.dates(min_value=_dt.date(2019, 5, 15), max_value=_dt.date(2026, 12, 31))


# built once: a strategy built inside a composite is built and validated again for every example
_IDS = st.integers(1, 10**6)
_AGENCIES = st.sampled_from(AGENCIES)
_APPLICANT_TYPES = st.sampled_from(APPLICANT_TYPES)


@st.composite
def cases(draw, min_items: int = 1, max_items: int = 4, case_facts=None) -> Case:
    n = draw(st.integers(min_items, max_items))
    items = [{"text": f"申请事项{i + 1}", "facts": draw(item_facts)} for i in range(n)]
    data = {
        "id": f"GEN-{draw(_IDS)}",
        "agency": draw(_AGENCIES),
        "received": draw(dates),
        "applicant": {"name": "张某", "type": draw(_APPLICANT_TYPES)},
        "request": "申请公开相关政府信息",
        "facts": draw(case_facts if case_facts is not None else case_fact_sets),
        "items": items,
    }
    if data["facts"].get("fee_unpaid_in_time") and data["received"] < FEE_RULES_FROM:
        data["received"] = FEE_RULES_FROM + (data["received"] - _dt.date(2019, 5, 15))  # 109号: from 2021-01-01
    return Case.model_validate(data)
