"""Deadline counting (domain.md section 4) and the deadline rules.

Every expected date below was counted by hand on the official arrangement of its year; the comment
next to it shows the count.
"""

from __future__ import annotations

import datetime as _dt
import json
import subprocess
import sys
from datetime import date as D

import pytest
from clirun import gkrules
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import dated_case as case

from gkrules.classify import make_evaluator
from gkrules.deadline import (
    compute,
    compute_period,
    deadline_facts,
    deadline_findings,
    deadline_fired,
    third_party_due,
)
from gkrules.models import PROCEDURE_DATES
from gkrules.rulebook import load_ruleset
from gkrules.workdays import CalendarError, WorkdayCalendar

ONE = _dt.timedelta(days=1)
CAL = WorkdayCalendar()


@pytest.mark.parametrize(
    "received,expected",
    [
        # 春节 2026: 2-11,12,13 (1–3), 2-14 Sat 调休 (4), 2-15..23 off, 2-24..27 (5–8), 2-28 Sat 调休 (9),
        # 3-2..6 (10–14), 3-9..13 (15–19), 3-16 (20)
        (D(2026, 2, 10), D(2026, 3, 16)),
        # 国庆 2025: 9-23..26 (1–4), 9-28 Sun 调休 (5), 9-29,30 (6,7), 10-1..8 off, 10-9,10 (8,9),
        # 10-11 Sat 调休 (10), 10-13..17 (11–15), 10-20..24 (16–20)
        (D(2025, 9, 22), D(2025, 10, 24)),
        # 春节 2024: 2-2 (1), 2-4 Sun 调休 (2), 2-5..9 (3–7), 2-10..17 off, 2-18 Sun 调休 (8), 2-19..23 (9–13),
        # 2-26..3-1 (14–18), 3-4 (19), 3-5 (20)
        (D(2024, 2, 1), D(2024, 3, 5)),
        # 国庆 2023: 9-26..28 (1–3), 9-29..10-6 off, 10-7 Sat, 10-8 Sun 调休 (4, 5), 10-9..13 (6–10),
        # 10-16..20 (11–15), 10-23..27 (16–20)
        (D(2023, 9, 25), D(2023, 10, 27)),
        # 春节 2021: 2-7 Sun 调休 (1), 2-8..10 (2–4), 2-11..17 off, 2-18,19 (5,6), 2-20 Sat 调休 (7),
        # 2-22..26 (8–12), 3-1..5 (13–17), 3-8..10 (18–20)
        (D(2021, 2, 5), D(2021, 3, 10)),
        # received on a holiday (2025-10-03): 10-9 is day 1 … 11-4 day 20
        (D(2025, 10, 3), D(2025, 11, 4)),
        # received on a 调休 Saturday (2025-10-11): 10-13 is day 1; 10-13..17, 20..24, 27..31, 11-3..7 → 11-7
        (D(2025, 10, 11), D(2025, 11, 7)),
    ],
)
def test_deadline_across_holidays(received, expected):
    result = compute(case(received), CAL)
    assert result.last_day == expected
    assert len(result.counted) == 20
    assert [c.number for c in result.counted] == list(range(1, 21))
    assert result.counted[0].date > received


def test_counted_days_record_their_source():
    data = compute(case(D(2025, 9, 22)), CAL).to_json()
    assert data["deadline"] == "2025-10-24"
    assert data["counted_days"][4] == {
        "n": 5,
        "date": "2025-09-28",
        "weekday": "星期日",
        "kind": "adjusted_workday",
        "name": "国庆节",
        "source": CAL.package.label,
    }
    assert data["sources"] == [CAL.package.label]
    json.dumps(data, ensure_ascii=False)


def test_correction_restarts_the_period():
    # received 2025-03-03; supplement received 2025-03-12 (Wed): 3-13,14 (1,2), 3-17..21 (3–7),
    # 3-24..28 (8–12), 3-31..4-3 (13–16), 4-4 清明 off, 4-7..10 (17–20)
    result = compute(
        case(D(2025, 3, 3), {"correction_requested": D(2025, 3, 5), "correction_received": D(2025, 3, 12)}), CAL
    )
    assert result.start == D(2025, 3, 12)
    assert result.restarted_by_correction
    assert result.last_day == D(2025, 4, 10)


def test_correction_notice_due_on_seventh_working_day():
    # 2025-09-22: 9-23..26 (1–4), 9-28 Sun 调休 (5), 9-29 (6), 9-30 (7)
    assert compute(case(D(2025, 9, 22)), CAL).correction_notice_due == D(2025, 9, 30)


@pytest.mark.parametrize(
    "notified,status,last",
    [
        # first deadline 2025-03-31 (3-4..7, 10..14, 17..21, 24..28, 31); with extension, day 40:
        # 4-1..3 (21–23), 4-4 清明, 4-7..11 (24–28), 4-14..18 (29–33), 4-21..25 (34–38),
        # 4-27 Sun 调休 (39), 4-28 (40)
        (D(2025, 3, 31), "valid", D(2025, 4, 28)),
        (D(2025, 3, 3), "valid", D(2025, 4, 28)),
        (D(2025, 4, 1), "late", D(2025, 3, 31)),
    ],
)
def test_extension_valid_only_within_the_first_period(notified, status, last):
    result = compute(case(D(2025, 3, 3), {"extension_notified": notified}), CAL)
    assert result.first_deadline == D(2025, 3, 31)
    assert result.extension == status
    assert result.last_day == last


def test_extended_flag_without_date():
    assert compute_period(D(2025, 3, 3), extended=True, calendar=CAL).last_day == D(2025, 4, 28)


def test_consultation_days_are_excluded_both_ends_included():
    # consultation 3-5 (Wed) .. 3-11 (Tue): 3-5,6,7,10,11 not counted. Counted: 3-4 (1), 3-12..14 (2–4),
    # 3-17..21 (5–9), 3-24..28 (10–14), 3-31..4-3 (15–18), 4-4 清明, 4-7 (19), 4-8 (20)
    result = compute(
        case(D(2025, 3, 3), {"consultation_sent": D(2025, 3, 5), "consultation_replied": D(2025, 3, 11)}), CAL
    )
    assert [d.date for d in result.excluded] == [
        D(2025, 3, 5),
        D(2025, 3, 6),
        D(2025, 3, 7),
        D(2025, 3, 10),
        D(2025, 3, 11),
    ]
    assert result.last_day == D(2025, 4, 8)
    assert D(2025, 3, 4) in [c.date for c in result.counted]


def test_consultation_same_day_excludes_one_day_and_weekend_excludes_none():
    one_day = compute(
        case(D(2025, 3, 3), {"consultation_sent": D(2025, 3, 5), "consultation_replied": D(2025, 3, 5)}), CAL
    )
    assert len(one_day.excluded) == 1 and one_day.last_day == D(2025, 4, 1)
    weekend = compute(
        case(D(2025, 3, 3), {"consultation_sent": D(2025, 3, 8), "consultation_replied": D(2025, 3, 9)}), CAL
    )
    assert weekend.excluded == [] and weekend.last_day == D(2025, 3, 31)


def test_consultation_and_extension_together():
    # the 5 excluded days move the first deadline from 3-31 to 4-8; notice on 4-8 is in time → day 40:
    # 4-9..11 (21–23), 4-14..18 (24–28), 4-21..25 (29–33), 4-27 Sun 调休 (34), 4-28..30 (35–37),
    # 5-1..5 劳动节, 5-6..8 (38–40)
    result = compute(
        case(
            D(2025, 3, 3),
            {
                "consultation_sent": D(2025, 3, 5),
                "consultation_replied": D(2025, 3, 11),
                "extension_notified": D(2025, 4, 8),
            },
        ),
        CAL,
    )
    assert result.first_deadline == D(2025, 4, 8)
    assert result.extension == "valid"
    assert result.last_day == D(2025, 5, 8)


def test_third_party_fifteen_working_days():
    assert third_party_due(D(2025, 3, 3), CAL) == D(2025, 3, 24)  # 3-4..7, 10..14, 17..21, 24
    # over 国庆 2025: 9-28 Sun 调休 (1), 9-29,30 (2,3), 10-9,10 (4,5), 10-11 Sat (6), 10-13..17 (7–11),
    # 10-20..23 (12–15)
    assert third_party_due(D(2025, 9, 26), CAL) == D(2025, 10, 23)


def test_received_late_december_2026_needs_a_2027_file(root):
    with pytest.raises(CalendarError) as exc:
        compute(case(D(2026, 12, 20)), CAL)
    assert "2027" in str(exc.value) and "calendar/README.md" in str(exc.value)
    fixture = WorkdayCalendar(root / "tests/fixtures/calendar")
    # 12-21..25 (1–5), 12-28..31 (6–9), 2027-1-1..3 off (fixture), 1-4..8 (10–14), 1-11..15 (15–19),
    # 1-16 Sat, a working day in the fixture (20)
    result = compute(case(D(2026, 12, 20)), fixture)
    assert result.last_day == D(2027, 1, 16)
    sources = {c.date.year: c.source for c in result.counted}
    assert sources[2026].startswith("chinesecalendar")
    assert sources[2027].endswith("（测试用〔2026〕0号）")


# --- properties -------------------------------------------------------------------------------

RECEIVED = st.dates(min_value=D(2019, 5, 15), max_value=D(2026, 10, 31))


def _plain_deadline(received, n=20):
    import chinese_calendar

    d, count = received, 0
    while count < n:
        d += ONE
        if d in chinese_calendar.workdays or (d.weekday() < 5 and d not in chinese_calendar.holidays):
            count += 1
    return d


@settings(max_examples=300)
@given(RECEIVED)
def test_deadline_is_a_working_day_and_matches_a_plain_count(received):
    last = compute_period(received, calendar=CAL).last_day
    assert CAL.is_workday(last)
    assert last == _plain_deadline(received)


@settings(max_examples=300)
@given(RECEIVED, RECEIVED)
def test_deadline_is_monotone_in_receipt_date(a, b):
    a, b = min(a, b), max(a, b)
    assert compute_period(a, calendar=CAL).last_day <= compute_period(b, calendar=CAL).last_day


@settings(max_examples=150)
@given(RECEIVED, st.integers(0, 30), st.integers(0, 20))
def test_consultation_exclusion_adds_exactly_the_excluded_working_days(received, offset, length):
    sent = received + _dt.timedelta(days=offset)
    replied = sent + _dt.timedelta(days=length)
    result = compute_period(received, consultation_sent=sent, consultation_replied=replied, calendar=CAL)
    window = CAL.count_workdays(received + ONE, result.last_day)
    assert window == 20 + len(result.excluded)
    assert all(sent <= d.date <= replied and CAL.is_workday(d.date) for d in result.excluded)
    assert not CAL.is_workday(result.last_day) or not (sent <= result.last_day <= replied)


def _plain_is_workday(d):
    import chinese_calendar

    return d in chinese_calendar.workdays or (d.weekday() < 5 and d not in chinese_calendar.holidays)


def _plain_period(start, sent, replied, notified, extended):
    """domain.md section 4 walked one day at a time: (first deadline, last day, counted, excluded)."""
    counted, excluded, d, target, first = [], [], start, 20, None
    while len(counted) < target:
        d += ONE
        if not _plain_is_workday(d):
            continue
        if sent is not None and replied is not None and sent <= d <= replied:
            excluded.append(d)
            continue
        counted.append(d)
        if len(counted) == 20:
            first = d
            if (extended and notified is None) or (notified is not None and notified <= first):
                target = 40
    return first, counted[-1], counted, excluded


DAYS = st.integers(-5, 70)


@settings(max_examples=400)
@given(
    st.dates(min_value=D(2019, 5, 15), max_value=D(2026, 8, 31)),
    st.one_of(st.none(), DAYS),
    st.one_of(st.none(), DAYS),
    st.integers(0, 40),
    st.one_of(st.none(), DAYS),
    st.booleans(),
)
def test_bisected_count_equals_a_day_by_day_walk(received, correction, sent_offset, length, notified, extended):
    """The calendar's working-day index gives the same days as walking the plain calendar."""
    c_rec = None if correction is None or correction < 0 else received + _dt.timedelta(days=correction)
    sent = None if sent_offset is None else received + _dt.timedelta(days=sent_offset)
    replied = None if sent is None else sent + _dt.timedelta(days=length)
    ext = None if notified is None else received + _dt.timedelta(days=notified)
    start = c_rec or received
    cal = WorkdayCalendar(None)  # a fresh index each time: building it from any year must agree
    first, last, counted, excluded = _plain_period(start, sent, replied, ext, extended)
    notice = _plain_period(received, None, None, None, False)[2][6]
    third_party = _plain_period(sent, None, None, None, False)[2][14] if sent else None
    needed = max(d for d in (last, notice, third_party) if d is not None)
    if needed.year > 2026:  # the package's arrangements end with 2026: the count must refuse, not guess
        with pytest.raises(CalendarError):
            compute_period(
                received,
                correction_received=c_rec,
                consultation_sent=sent,
                consultation_replied=replied,
                extension_notified=ext,
                extended=extended,
                calendar=cal,
            )
        return
    result = compute_period(
        received,
        correction_received=c_rec,
        consultation_sent=sent,
        consultation_replied=replied,
        extension_notified=ext,
        extended=extended,
        calendar=cal,
    )
    assert (result.first_deadline, result.last_day) == (first, last)
    assert [c.date for c in result.counted] == counted
    assert [d.date for d in result.excluded] == excluded
    assert result.excluded_count == len(excluded)
    assert result.correction_notice_due == notice
    assert result.third_party_due == third_party


@settings(max_examples=200)
@given(RECEIVED, RECEIVED)
def test_count_workdays_equals_a_plain_count(a, b):
    cal = WorkdayCalendar(None)
    plain = sum(_plain_is_workday(a + _dt.timedelta(days=k)) for k in range((b - a).days + 1))
    assert cal.count_workdays(a, b) == plain


def test_a_calendar_with_a_missing_year_still_counts_inside_the_years_it_has(tmp_path, root):
    text = (root / "tests/fixtures/calendar/2027.yml").read_text(encoding="utf-8")
    (tmp_path / "2028.yml").write_text(text.replace("2027", "2028"), encoding="utf-8")  # 2027 itself missing
    cal = WorkdayCalendar(tmp_path)
    # 2028-03-01 is a Wednesday: Thu 2, Fri 3, Mon 6, Tue 7, Wed 8
    assert cal.add_workdays(D(2028, 3, 1), 5) == D(2028, 3, 8)
    assert cal.add_workdays(D(2025, 3, 3), 20) == _plain_deadline(D(2025, 3, 3))
    with pytest.raises(CalendarError) as exc:
        cal.add_workdays(D(2026, 12, 30), 5)
    assert "2027-01-01" in str(exc.value)


def test_counting_into_a_missing_year_names_the_first_missing_day():
    cal = WorkdayCalendar(None)
    assert cal.count_workdays(D(2026, 12, 31), D(2026, 12, 31)) == 1
    with pytest.raises(CalendarError) as exc:
        cal.add_workdays(D(2026, 12, 30), 3)
    assert "2027-01-01" in str(exc.value)
    with pytest.raises(CalendarError) as exc:
        cal.count_workdays(D(2027, 3, 2), D(2027, 3, 9))
    assert "2027-03-02" in str(exc.value)
    # the index is unharmed: counting inside the covered years still works
    assert cal.add_workdays(D(2026, 9, 30), 1) == _plain_deadline(D(2026, 9, 30), 1)


# --- facts and findings -----------------------------------------------------------------------

RULESET = load_ruleset()
EVALUATORS = {name: make_evaluator(RULESET, name, cached=False) for name in ("durable", "reference")}


def test_facts_are_the_vocabulary():
    _, facts, _ = deadline_facts(case(D(2025, 3, 3)), CAL)
    assert set(facts) == set(RULESET.facts["deadline"])
    assert all(type(v) is bool for v in facts.values())


def _examples():
    for rule in RULESET.scope("deadline"):
        for side, examples in (("fires", rule.examples.fires), ("does_not_fire", rule.examples.does_not_fire)):
            for ex in examples:
                yield pytest.param(rule, ex, side == "fires", id=f"{rule.code}::{ex.name}")


@pytest.mark.parametrize("rule,example,fires", list(_examples()))
def test_example_case_gives_the_claimed_facts(rule, example, fires):
    assert example.case is not None, f"{rule.path}: 示例「{example.name}」应给出 case 日期"
    _, facts, _ = deadline_facts(example.case, CAL)
    expected = {n: False for n in RULESET.facts["deadline"]} | dict(example.facts)
    assert facts == expected
    for evaluator in EVALUATORS.values():
        data = dict(example.case)
        built = case(
            data["received"],
            data.get("procedure"),
            (data.get("decision") or {}).get("reply_date"),
            (data.get("decision") or {}).get("category", "open"),
        )
        _, findings = deadline_findings(built, evaluator, CAL)
        assert (rule.code in {f.code for f in findings}) == fires


@pytest.mark.parametrize("engine", sorted(EVALUATORS))
def test_late_reply_finding_message(engine):
    result, findings = deadline_findings(case(D(2025, 9, 22), reply=D(2025, 10, 28)), EVALUATORS[engine], CAL)
    assert result.last_day == D(2025, 10, 24)
    (f,) = findings
    assert f.code == "GK-D-001" and f.element == "deadline" and f.severity == "error"
    assert "2025-10-24" in f.message and "2025-10-28" in f.message and "逾期 2 个工作日" in f.message
    assert f.expected == "不晚于 2025-10-24" and f.found == "2025-10-28"
    assert "（未知）" not in f.message
    assert "， " not in f.message and "\n" not in f.message  # no space left by folded YAML


@settings(max_examples=300)
@given(
    received=st.dates(D(2019, 5, 1), D(2026, 8, 31)),
    offsets=st.fixed_dictionaries({}, optional={name: st.integers(-15, 70) for name in PROCEDURE_DATES}),
    reply=st.none() | st.integers(-5, 90),
    severities=st.sampled_from([{}, {"GK-D-001": "warning"}, {"GK-D-001": "off", "GK-D-007": "warning"}]),
)
def test_counted_findings_are_those_reported_with_messages(received, offsets, reply, severities):
    # the audit counts findings by (code, severity) without building their messages: the same list
    procedure = {name: received + _dt.timedelta(days=days) for name, days in offsets.items()}
    c = case(received, procedure, None if reply is None else received + _dt.timedelta(days=reply))
    ev = EVALUATORS["durable"]
    _, findings = deadline_findings(c, ev, CAL, severities=severities)
    assert deadline_fired(c, ev, CAL, severities=severities) == [(f.code, f.severity) for f in findings]
    if "GK-D-001" in {f.code for f in findings}:
        assert dict(deadline_fired(c, ev, CAL, severities=severities))["GK-D-001"] == (
            severities.get("GK-D-001") or "error"
        )


def test_late_extension_keeps_first_deadline_and_reports_both():
    c = case(D(2025, 3, 3), {"extension_notified": D(2025, 4, 1)}, reply=D(2025, 4, 2))
    result, findings = deadline_findings(c, EVALUATORS["durable"], CAL)
    assert result.last_day == D(2025, 3, 31)
    assert {f.code for f in findings} == {"GK-D-001", "GK-D-003"}


def test_no_reply_date_computes_but_reports_no_lateness():
    result, findings = deadline_findings(case(D(2025, 9, 22)), EVALUATORS["durable"], CAL)
    assert result.last_day == D(2025, 10, 24) and findings == []


def test_pending_correction_or_open_consultation_suppresses_lateness():
    pending = case(D(2025, 3, 3), {"correction_requested": D(2025, 3, 5)}, reply=D(2025, 6, 1))
    assert deadline_facts(pending, CAL)[1]["reply_late"] is False
    open_c = case(D(2025, 3, 3), {"consultation_sent": D(2025, 3, 5)}, reply=D(2025, 6, 1))
    facts = deadline_facts(open_c, CAL)[1]
    assert facts["reply_late"] is False and facts["consultation_reply_missing"] is True


# --- command line -----------------------------------------------------------------------------


def gk(*args, cwd=None):
    return gkrules(*args, cwd=cwd)


def test_cli_deadline_json_and_exit_codes(root):
    """In a child process, as a shell runs it: the exit codes 1 (late) and 0 come from the process itself."""

    def process(*args):
        return subprocess.run([sys.executable, "-m", "gkrules", *args], capture_output=True, text=True, cwd=root)

    out = process("deadline", "--received", "2025-09-22", "--reply-date", "2025-10-27", "--format", "json")
    assert out.returncode == 1, out.stderr
    data = json.loads(out.stdout)
    assert data["deadline"] == "2025-10-24" and data["reply"]["late"] is True
    assert process("deadline", "--received", "2025-09-22", "--reply-date", "2025-10-24").returncode == 0


def test_cli_deadline_without_2027_file_is_exit_2_without_traceback(root, tmp_path):
    out = gk("deadline", "--received", "2026-12-20", "--calendar", str(tmp_path), cwd=root)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and "2027" in out.stderr
    out = gk("deadline", "--received", "2026-12-20", "--calendar", "tests/fixtures/calendar", cwd=root)
    assert out.returncode == 0, out.stderr
    assert "2027-01-16" in out.stdout and "测试用〔2026〕0号" in out.stdout


def test_cli_deadline_text_marks_adjusted_days(root):
    out = gk("deadline", "--received", "2026-02-10", cwd=root)
    assert out.returncode == 0
    assert "2026-02-14  六      4       调休上班（春节）" in out.stdout
    assert "节假日（春节）" in out.stdout and "2026-03-16" in out.stdout


def test_cli_bad_date_is_exit_2(root):
    out = gk("deadline", "--received", "2025-02-30", cwd=root)
    assert out.returncode == 2 and "不存在的日期" in out.stderr


# --- dates out of order, old applications, replies beyond the calendar ---------------------------


@pytest.mark.parametrize("engine", sorted(EVALUATORS))
def test_correction_before_receipt_does_not_restart_the_count(engine):
    # as /tmp reproducer c03: received Fri 2024-03-01; 3-4..8 (1–5), 3-11..15 (6–10), 3-18..22 (11–15),
    # 3-25..29 (16–20); a 收到补正 of 2024-02-05 is before receipt and restarts nothing
    c = case(
        D(2024, 3, 1),
        {"correction_requested": D(2024, 2, 1), "correction_received": D(2024, 2, 5)},
        reply=D(2024, 3, 20),
    )
    result, findings = deadline_findings(c, EVALUATORS[engine], CAL)
    assert result.last_day == D(2024, 3, 29) and result.start == D(2024, 3, 1)
    assert {f.code for f in findings} == {"GK-D-007"}


@pytest.mark.parametrize(
    "procedure",
    [
        {"extension_notified": D(2025, 2, 28)},
        {"consultation_sent": D(2025, 2, 20), "consultation_replied": D(2025, 3, 20)},
        {"consultation_sent": D(2025, 3, 20), "consultation_replied": D(2025, 3, 10)},
    ],
)
def test_out_of_order_lengthening_dates_leave_lateness_unjudged(procedure):
    # 20th working day after 2025-03-03 is 2025-03-31; a reply on 04-15 would be late without these dates
    c = case(D(2025, 3, 3), procedure, reply=D(2025, 4, 15))
    result, findings = deadline_findings(c, EVALUATORS["durable"], CAL)
    codes = {f.code for f in findings}
    assert "GK-D-001" not in codes and codes & {"GK-D-007", "GK-D-008"}
    assert result.last_day == D(2025, 3, 31) and result.excluded == [] and result.extension == "none"


def test_application_before_2019_05_15_gets_no_2019_findings():
    c = case(D(2019, 5, 1), reply=D(2019, 7, 20))
    _, findings = deadline_findings(c, EVALUATORS["durable"], CAL)
    assert findings == []


@pytest.mark.parametrize("engine", sorted(EVALUATORS))
def test_reply_beyond_the_calendar_is_late_with_working_days_unknown(engine):
    c = case(D(2024, 3, 1), reply=D(2027, 3, 20))
    result, findings = deadline_findings(c, EVALUATORS[engine], WorkdayCalendar())
    (f,) = findings
    assert f.code == "GK-D-001" and "2024-03-29" in f.message and "2027-03-20" in f.message
    assert "没有 2027 年的节假日安排" in f.message and "逾期工作日数未计算" in f.message


def test_reply_on_a_rest_day_after_the_deadline_is_never_late_by_zero_days():
    # received Sun 2022-07-03: 7-4..8 (1–5), 7-11..15 (6–10), 7-18..22 (11–15), 7-25..29 (16–20); reply Sun 7-31
    c = case(D(2022, 7, 3), reply=D(2022, 7, 31))
    result, findings = deadline_findings(c, EVALUATORS["durable"], CAL)
    (f,) = findings
    assert result.last_day == D(2022, 7, 29)
    assert "逾期 0" not in f.message and "逾期 2 日" in f.message and "休息日" in f.message


@pytest.mark.parametrize(
    "option,value",
    [
        ("--correction-received", "2025-02-01"),
        ("--extension-notified", "2025-02-01"),
        ("--reply-date", "2025-02-01"),
        ("--consultation", "2025-02-01..2025-02-05"),
    ],
)
def test_cli_refuses_dates_before_receipt(root, option, value):
    out = gk("deadline", "--received", "2025-03-03", option, value, cwd=root)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert f"{option} {value.split('..')[0]} 早于收到申请日期 2025-03-03" in out.stderr


def test_cli_refuses_consultation_reply_before_sending_and_old_applications(root):
    out = gk("deadline", "--received", "2025-03-03", "--consultation", "2025-03-10..2025-03-05", cwd=root)
    assert out.returncode == 2 and "早于征求意见日期" in out.stderr
    out = gk("deadline", "--received", "2019-05-01", cwd=root)
    assert (
        out.returncode == 2 and "2019-05-15" in out.stderr and "不适用" in out.stderr and "Traceback" not in out.stderr
    )


def test_cli_rest_day_and_beyond_calendar_replies(root):
    out = gk("deadline", "--received", "2022-07-03", "--reply-date", "2022-07-31", cwd=root)
    assert out.returncode == 1 and "逾期 0" not in out.stdout and "逾期 2 日" in out.stdout
    out = gk("deadline", "--received", "2024-03-01", "--reply-date", "2027-03-20", "--format", "json", cwd=root)
    assert out.returncode == 1, out.stderr
    reply = json.loads(out.stdout)["reply"]
    assert reply["late"] is True and reply["late_working_days"] is None
    assert reply["late_calendar_days"] == (D(2027, 3, 20) - D(2024, 3, 29)).days


@settings(max_examples=300)
@given(received=st.dates(D(2019, 1, 1), D(2026, 10, 31)), reply=st.none() | st.integers(-40, 90))
def test_a_case_without_procedure_dates_has_the_facts_of_the_general_computation(received, reply):
    # a case without procedure dates takes a shorter path to its facts; counted the general way, with
    # every procedure date None, its period, facts and message dates are the same
    from gkrules.deadline import _dated_facts, _dates, _facts, deadline_state

    c = case(received, reply=None if reply is None else received + _dt.timedelta(days=reply))
    cal = WorkdayCalendar()
    short = _facts(c, cal)
    assert tuple(deadline_state(c, cal)) == short
    # the short path finds the period where compute_period keeps it, and counts it only once
    assert cal.periods.get((received, None, None, False, None, None)) is short[0]
    assert _facts(c, cal)[0] is short[0] and len(cal.periods) == 1
    general = _dated_facts(_dates(c), WorkdayCalendar())
    assert short[1] == general[1] and list(short[1]) == list(general[1])
    assert short[2] == general[2] and list(short[2]) == list(general[2])
    assert short[0] == general[0]
    # and the facts that name the reply are those of its dates counted by hand from the period
    if reply is not None:
        day = received + _dt.timedelta(days=reply)
        assert short[1]["reply_before_received"] == (day < received)
        assert short[1]["reply_late"] == (day > general[0].last_day)
    assert not any(v for k, v in short[1].items() if k not in ("reply_late", "reply_before_received"))


def test_a_message_gets_a_rule_own_values_only_when_it_names_them():
    from gkrules.deadline import _names_own

    assert _names_own("应不晚于 {deadline}，实为 {found}")
    assert _names_own("{expected.upper}：{received}")
    assert _names_own("{found[0]}")
    assert not _names_own("答复逾期：答复期限最后一日为 {deadline}，答复日期为 {reply_date}")
    assert not _names_own("{{expected}} 不是字段")
    assert not _names_own("没有字段")
