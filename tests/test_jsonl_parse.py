"""JSONL lines: the one-step parse (``model_validate_json``) gives what the long way gives, line by line.

The long way (decode, ``json.loads``, validation with located Chinese errors) is the contract; the
one step is only allowed to be faster. Each line below is read both ways and the results must be the
same case, or the same error at the same place.
"""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from gkrules.caseio import iter_jsonl, read_jsonl_line
from gkrules.errors import InputError
from gkrules.models import Case

GOOD = {
    "id": "GK-T-1",
    "agency": "福州市鼓楼区审计局",
    "received": "2024-03-04",
    "applicant": {"name": "张某", "type": "natural_person"},
    "request": "申请公开2023年度部门决算",
    "items": [{"text": "2023年度部门决算", "facts": {"not_held": True}}],
    "procedure": {"extension_notified": "2024-03-20"},
    "decision": {"category": "cannot_provide/not_held", "reply_date": "2024-03-25"},
}


def line(data: object, **kw) -> bytes:
    return json.dumps(data, ensure_ascii=False, **kw).encode("utf-8")


def both(raw: bytes) -> tuple[list, list]:
    one_step = list(iter_jsonl([raw], "batch.jsonl", 7))
    long_way = read_jsonl_line(raw, "batch.jsonl", 7)
    return one_step, ([] if long_way is None else [(7, long_way)])


def same(raw: bytes) -> list:
    one_step, long_way = both(raw)
    assert len(one_step) == len(long_way)
    for (n1, a), (n2, b) in zip(one_step, long_way):
        assert n1 == n2 == 7
        assert type(a) is type(b)
        if isinstance(a, InputError):
            assert str(a) == str(b)
            assert a.where() == b.where()
        else:
            assert a == b
    return one_step


def test_a_valid_line_is_the_same_case():
    ((_, case),) = same(line(GOOD))
    assert isinstance(case, Case)
    assert case.items[0].facts.not_held is True
    assert case.decision.reply_date.isoformat() == "2024-03-25"


def test_a_repeated_key_takes_the_last_value_both_ways():
    raw = line(GOOD)[:-1] + b', "id": "GK-T-2"}'
    ((_, case),) = same(raw)
    assert case.id == "GK-T-2"


def test_lines_the_one_step_refuses_give_the_long_way_result():
    cases = [
        "\u3000".encode() + line(GOOD),  # ideographic space before the JSON: str.strip removes it
        line(GOOD) + b"\x1c",  # a separator control character after it: also whitespace to str.strip
        line(GOOD).replace("鼓楼".encode(), b"\\ud800"),  # a lone surrogate escape
        line(GOOD).replace("鼓楼".encode(), "鼓楼".encode("gbk")),  # not UTF-8
        line({**GOOD, "extra": float("nan")}),  # NaN
        line({**GOOD, "received": "2024-02-30"}),
        line({**GOOD, "recieved": "2024-03-04"}),
        line({**GOOD, "items": []}),
        line([GOOD]),
        b'{"id": 1' + b"0" * 5000 + b"}",  # an integer json.loads refuses to read
        line(GOOD)[:-3],
        b"   \t",
    ]
    results = [same(raw) for raw in cases]
    # by hand: the first two are valid cases; the last is a blank line; the others are errors
    assert isinstance(results[0][0][1], Case) and isinstance(results[1][0][1], Case)
    assert results[-1] == []
    for r in results[2:-1]:
        assert isinstance(r[0][1], InputError)
    assert "UTF-8" in str(results[3][0][1])
    assert "数字过长" in str(results[9][0][1])


texts = st.text(max_size=30)
values = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), texts, st.dates().map(str), st.just("2024-03-04"))


@given(
    field=st.sampled_from(
        ["id", "agency", "received", "request", "channel", "applicant.name", "applicant.type", "items.0.text"]
        + ["items.0.facts.not_held", "decision.category", "decision.reply_date", "procedure.consultation_sent"]
    ),
    value=values,
    before=st.text(alphabet=" \t\r\x0b\x0c\x1c\x85\u3000\u00a0", max_size=3),
    after=st.text(alphabet=" \t\r\x0b\x0c\x1c\x85\u3000\u00a0", max_size=3),
    ascii_only=st.booleans(),
)
def test_any_field_value_and_surrounding_space_read_the_same_both_ways(field, value, before, after, ascii_only):
    data = json.loads(json.dumps(GOOD))
    *path, last = field.split(".")
    target = data
    for part in path:
        target = target[int(part)] if part.isdigit() else target[part]
    target[last] = value
    raw = before.encode() + json.dumps(data, ensure_ascii=ascii_only).encode() + after.encode()
    same(raw)
