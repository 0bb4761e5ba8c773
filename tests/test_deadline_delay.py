"""条例第三十五条 延迟答复: a request beyond a reasonable range with reasonable grounds, answered by the
reasonable date the agency set and notified within the period of 第三十三条, is not late.

Received Monday 2025-09-22: the 20th counted working day is Friday 2025-10-24 (the National Day
holiday 10-01…10-08 not counted, 09-28 and 10-11 worked), as GK-D-001's examples state.
"""

import datetime as dt

from gkrules.deadline import deadline_facts
from gkrules.models import Case
from gkrules.rulebook import load_ruleset


def case(**procedure):
    reply = procedure.pop("reply", None)
    data = {
        "id": "D-35",
        "agency": "福州市鼓楼区审计局",
        "received": "2025-09-22",
        "applicant": {"name": "张某", "type": "natural_person"},
        "request": "申请公开某信息",
        "items": [{"text": "某信息"}],
        "procedure": procedure,
    }
    if reply:
        data["decision"] = {"category": "open", "reply_date": reply}
    return Case.model_validate(data)


def facts_of(**procedure):
    return deadline_facts(case(**procedure))[1]


def test_reply_by_the_notified_date_is_not_late_art_35():
    f = facts_of(delayed_reply_notified="2025-10-20", delayed_reply_by="2025-12-01", reply="2025-12-01")
    assert not f["reply_late"] and not f["reply_after_notified_delay"]


def test_without_the_notice_the_same_reply_is_late_art_33():
    f = facts_of(reply="2025-12-01")
    assert f["reply_late"]


def test_reply_after_the_notified_date_is_late_art_35():
    f = facts_of(delayed_reply_notified="2025-10-20", delayed_reply_by="2025-12-01", reply="2025-12-02")
    assert f["reply_after_notified_delay"] and not f["reply_late"]


def test_notice_on_the_last_day_counts_after_it_delays_nothing():
    on_time = facts_of(delayed_reply_notified="2025-10-24", delayed_reply_by="2025-12-01", reply="2025-11-28")
    assert not on_time["reply_late"] and not on_time["delayed_reply_notice_late"]
    late = facts_of(delayed_reply_notified="2025-10-27", delayed_reply_by="2025-12-01", reply="2025-11-28")
    assert late["delayed_reply_notice_late"] and late["reply_late"]


def test_incomplete_delay_dates():
    assert facts_of(delayed_reply_by="2025-12-01")["delayed_reply_incomplete"]
    assert facts_of(delayed_reply_notified="2025-10-20", delayed_reply_by="2025-10-10")[
        "delayed_reply_date_not_after_notice"
    ]


def test_delay_notice_before_receipt_is_a_date_out_of_order():
    assert facts_of(delayed_reply_notified="2025-09-01", delayed_reply_by="2025-12-01")[
        "procedure_date_before_received"
    ]


def test_rules_cite_art_35():
    rules = {r.code: r for r in load_ruleset().all_rules}
    for code in ("GK-D-012", "GK-D-013", "GK-D-014"):
        assert [c.cite for c in rules[code].law] == ["条例第三十五条"]
        assert rules[code].in_force[0] == dt.date(2019, 5, 15)


def _cli(*args):
    from pathlib import Path

    from clirun import gkrules

    return gkrules("deadline", "--received", "2025-09-22", *args, cwd=Path(__file__).resolve().parent.parent)


def test_cli_delayed_reply_by_the_notified_date_is_not_late():
    out = _cli(
        "--delayed-reply-notified", "2025-10-20", "--delayed-reply-by", "2025-12-01", "--reply-date", "2025-12-01"
    )
    assert out.returncode == 0, out.stderr
    assert "答复期限延至 2025-12-01" in out.stdout and "未逾期" in out.stdout


def test_cli_late_delay_notice_delays_nothing():
    out = _cli(
        "--delayed-reply-notified", "2025-10-27", "--delayed-reply-by", "2025-12-01", "--reply-date", "2025-12-01"
    )
    assert out.returncode == 1
    assert "不产生延迟效果" in out.stdout


def test_cli_delay_needs_both_dates():
    out = _cli("--delayed-reply-by", "2025-12-01")
    assert out.returncode == 2 and "一并给出" in out.stderr and "Traceback" not in out.stderr
