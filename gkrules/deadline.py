"""The reply deadline of an application and the procedure checks on its dates (domain.md section 4).

Counting (条例第三十条、第三十一条、第三十二条、第三十三条、第三十四条):

- the period runs from the receipt date (Art 31), or from ``correction_received`` when a 补正 was
  supplied (Art 30); day 1 is the first working day after that date;
- the deadline is the 20th counted working day; replying on that day is on time;
- an extension is valid when ``extension_notified`` is on or before the first deadline (that day
  included); then the deadline is the 40th counted working day. A later notice extends nothing;
- consultation (Art 32, 34): every working day from ``consultation_sent`` to
  ``consultation_replied``, both included, is not counted; the count resumes on the first working day
  after the reply;
- the 补正 notice is due by the 7th working day after receipt; the third party's 15 working days are
  counted from ``consultation_sent`` (day 1 = the first working day after it);
- 条例第三十五条 (延迟答复): where the agency, within the period above, notified the applicant of a
  reasonable later reply date (``delayed_reply_notified``, ``delayed_reply_by``), a reply by that date
  is not late; a notice after the period delays nothing.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from string import Formatter
from typing import NamedTuple, cast

from . import params
from .evaluator import Evaluator
from .findings import effective_severity, finding, fired, message_of
from .models import PROCEDURE_DATES
from .rulebook import Rule
from .workdays import (
    WEEKDAYS,
    CalendarError,
    DayInfo,
    WorkdayCalendar,
    default_calendar_dir,
)

# the periods and the key date are dated, cited parameters (rules/params/periods.yml, dates.yml)
REPLY_DAYS = params.value("reply_days")
EXTENSION_DAYS = params.value("extension_days")
CORRECTION_NOTICE_DAYS = params.value("correction_notice_days")
THIRD_PARTY_DAYS = params.value("consultation_days")
ONE_DAY = _dt.timedelta(days=1)
REGULATION_2019 = params.date("regulation_2019")  # the revised 条例 applies to applications received from this day

_DEFAULT_CALENDAR: WorkdayCalendar | None = None


def default_calendar() -> WorkdayCalendar:
    """The package-only calendar plus the project's ``calendar/`` files, built once."""
    global _DEFAULT_CALENDAR
    if _DEFAULT_CALENDAR is None:
        _DEFAULT_CALENDAR = WorkdayCalendar(default_calendar_dir())
    return _DEFAULT_CALENDAR


@dataclass(frozen=True)
class CountedDay:
    number: int
    date: _dt.date
    kind: str
    name: str | None
    source: str

    def to_json(self) -> dict:
        return {
            "n": self.number,
            "date": self.date.isoformat(),
            "weekday": f"星期{WEEKDAYS[self.date.weekday()]}",
            "kind": self.kind,
            "name": self.name,
            "source": self.source,
        }


@dataclass
class DeadlineResult:
    """The last permitted day and how it was counted.

    The day lists (``counted``, ``excluded``, ``days``) and ``sources`` are built from the calendar the
    first time they are read: a batch that only needs the dates never builds them.
    """

    received: _dt.date
    start: _dt.date  # the day counting runs from (received, or correction_received)
    restarted_by_correction: bool
    first_deadline: _dt.date  # the 20th counted working day
    last_day: _dt.date  # the deadline that applies (first or extended)
    extension: str  # none | valid | late
    extension_notified: _dt.date | None
    calendar: WorkdayCalendar = field(repr=False, compare=False)
    consultation_sent: _dt.date | None = None
    consultation_replied: _dt.date | None = None
    correction_notice_due: _dt.date | None = None
    third_party_due: _dt.date | None = None
    _lists: tuple | None = field(default=None, repr=False, compare=False)

    @property
    def counted(self) -> list[CountedDay]:
        """The counted working days, numbered from 1 to the period."""
        return self._walk()[0]

    @property
    def excluded(self) -> list[DayInfo]:
        """Working days not counted (consultation)."""
        return self._walk()[1]

    @property
    def days(self) -> list[DayInfo]:
        """Every day from the day after ``start`` to ``last_day``, for the calendar view."""
        return self._walk()[2]

    @property
    def excluded_count(self) -> int:
        """How many working days the consultation kept out of the count (without listing them)."""
        if self.consultation_sent is None or self.consultation_replied is None:
            return 0
        first = max(self.consultation_sent, self.start + ONE_DAY)
        return self.calendar.count_workdays(first, min(self.consultation_replied, self.last_day))

    @property
    def sources(self) -> list[str]:
        """The calendar sources that decided the counted days."""
        return sorted({d.source for d in self.counted})

    def _walk(self) -> tuple[list[CountedDay], list[DayInfo], list[DayInfo]]:
        if self._lists is None:
            self._lists = _walk_days(self)
        return self._lists

    @property
    def period(self) -> int:
        return REPLY_DAYS + (EXTENSION_DAYS if self.extension == "valid" else 0)

    def to_json(self) -> dict:
        """The record as JSON data, built anew on each call (the caller may change it)."""
        return {
            "deadline": self.last_day.isoformat(),
            "received": self.received.isoformat(),
            "counted_from": self.start.isoformat(),
            "restarted_by_correction": self.restarted_by_correction,
            "working_days": self.period,
            "first_deadline": self.first_deadline.isoformat(),
            "extension": {"status": self.extension, "notified": _iso(self.extension_notified)},
            "consultation": {
                "sent": _iso(self.consultation_sent),
                "replied": _iso(self.consultation_replied),
                "excluded_days": [d.date.isoformat() for d in self.excluded],
                "third_party_due": _iso(self.third_party_due),
            },
            "correction_notice_due": _iso(self.correction_notice_due),
            "counted_days": [d.to_json() for d in self.counted],
            "sources": self.sources,
        }


#: counted periods kept per calendar (about one for each receipt date of eight years); cleared when full.
#: A period whose day lists were read keeps them (a few kB), so the memo stays within tens of MB.
PERIOD_MEMO_SIZE = 8192


def compute_period(
    received: _dt.date,
    *,
    correction_received: _dt.date | None = None,
    extension_notified: _dt.date | None = None,
    extended: bool = False,
    consultation_sent: _dt.date | None = None,
    consultation_replied: _dt.date | None = None,
    calendar: WorkdayCalendar | None = None,
) -> DeadlineResult:
    """Count the period from dates. ``extended`` without ``extension_notified`` means a valid extension.

    A consultation without a reply date excludes nothing (the caller decides what that means).
    The result depends only on the dates and the calendar, so a calendar keeps the results it has
    counted (batches repeat the same dates); treat a result as read-only.
    """
    key = (received, correction_received, extension_notified, extended, consultation_sent, consultation_replied)
    return _memo_period(calendar or default_calendar(), key)


def _memo_period(cal: WorkdayCalendar, key: tuple) -> DeadlineResult:
    """:func:`compute_period` for its dates in the order of its arguments, from the calendar's memo."""
    memo = cal.periods
    found = memo.get(key)
    if found is None:
        if len(memo) >= PERIOD_MEMO_SIZE:
            memo.clear()
        found = memo[key] = _count_period(cal, *key)
    return cast(DeadlineResult, found)


def _count_period(
    cal: WorkdayCalendar,
    received: _dt.date,
    correction_received: _dt.date | None,
    extension_notified: _dt.date | None,
    extended: bool,
    consultation_sent: _dt.date | None,
    consultation_replied: _dt.date | None,
) -> DeadlineResult:
    start = correction_received or received
    first_excluded = None  # the first day a consultation keeps out of the count
    if consultation_sent is not None and consultation_replied is not None:
        first_excluded = max(consultation_sent, start + ONE_DAY)
        if consultation_replied < first_excluded:
            first_excluded = None

    def nth(n: int) -> _dt.date:
        """The n-th counted working day after ``start``."""
        day = cal.add_workdays(start, n)
        if first_excluded is None or day < first_excluded:
            return day
        # the count stops at the consultation and resumes after its reply
        before = cal.count_workdays(start + ONE_DAY, first_excluded - ONE_DAY)
        return cal.add_workdays(consultation_replied, n - before)

    first_deadline = nth(REPLY_DAYS)
    extension = "none"
    if extended and extension_notified is None:
        extension = "valid"
    elif extension_notified is not None:
        extension = "valid" if extension_notified <= first_deadline else "late"
    last_day = nth(REPLY_DAYS + EXTENSION_DAYS) if extension == "valid" else first_deadline
    return DeadlineResult(
        received=received,
        start=start,
        restarted_by_correction=correction_received is not None,
        first_deadline=first_deadline,
        last_day=last_day,
        extension=extension,
        extension_notified=extension_notified,
        calendar=cal,
        consultation_sent=consultation_sent,
        consultation_replied=consultation_replied,
        correction_notice_due=cal.add_workdays(received, CORRECTION_NOTICE_DAYS),
        third_party_due=third_party_due(consultation_sent, cal) if consultation_sent else None,
    )


def _walk_days(result: DeadlineResult) -> tuple[list[CountedDay], list[DayInfo], list[DayInfo]]:
    """The days from the day after ``start`` to ``last_day``: counted, excluded (consultation), all."""
    cal = result.calendar
    sent, replied = result.consultation_sent, result.consultation_replied
    excluding = sent is not None and replied is not None
    counted: list[CountedDay] = []
    excluded: list[DayInfo] = []
    days: list[DayInfo] = []
    day = result.start
    while day < result.last_day:
        day += ONE_DAY
        info = cal.info(day)
        days.append(info)
        if not info.workday:
            continue
        if excluding and sent <= day <= replied:
            excluded.append(info)
            continue
        counted.append(CountedDay(len(counted) + 1, day, info.kind, info.name, info.source))
    return counted, excluded, days


def third_party_due(consultation_sent: _dt.date, calendar: WorkdayCalendar | None = None) -> _dt.date:
    """Last day of the third party's (or other agency's) 15 working days (条例第三十二条、第三十四条).

    Counted from ``consultation_sent``: day 1 is the first working day after it. The third party's own
    receipt may be later; this is the earliest day its period can end.
    """
    cal = calendar or default_calendar()
    return cal.add_workdays(consultation_sent, THIRD_PARTY_DAYS)


def _dates(case) -> dict:
    """The dates of a :class:`gkrules.models.Case` (or of a mapping shaped like one)."""
    if isinstance(case, dict):
        proc = case.get("procedure") or {}
        decision = case.get("decision") or {}
        return {
            "received": case["received"],
            **{k: proc.get(k) for k in PROCEDURE_DATES},
            "reply_date": decision.get("reply_date"),
        }
    decision = case.decision
    # a model's __dict__ holds its fields in their order: the procedure's are PROCEDURE_DATES
    return {
        "received": case.received,
        **case.procedure.__dict__,
        "reply_date": None if decision is None else decision.reply_date,
    }


def _usable(d: dict) -> tuple[tuple, bool]:
    """The counting dates of ``d`` without those that are out of order (GK-D-007, GK-D-008), as
    ``(correction_received, extension_notified, consultation_sent, consultation_replied)``.

    A 收到补正 before receipt restarts nothing: counting runs from receipt (the later deadline). An
    延期告知 or a consultation dated before receipt, or a reply before the consultation, is left out
    of the count; as those could only lengthen the period, the second value is then False: whether
    the reply is late cannot be judged.
    """
    received = d["received"]
    c_rec, ext = d["correction_received"], d["extension_notified"]
    sent, replied = d["consultation_sent"], d["consultation_replied"]
    judgeable = True
    if c_rec is not None and c_rec < received:
        c_rec = None
    if ext is not None and ext < received:
        ext, judgeable = None, False
    if (
        (sent is not None and sent < received)
        or (replied is not None and replied < received)
        or (sent is not None and replied is not None and replied < sent)
    ):
        sent, replied, judgeable = None, None, False
    return (c_rec, ext, sent, replied), judgeable


def _period(received: _dt.date, usable: tuple, cal: WorkdayCalendar) -> DeadlineResult:
    c_rec, ext, sent, replied = usable
    return _memo_period(cal, (received, c_rec, ext, False, sent, replied))


def compute(case, calendar: WorkdayCalendar | None = None) -> DeadlineResult:
    """The deadline of a case (``gkrules.models.Case``); dates out of order are not counted from."""
    d = _dates(case)
    usable, _ = _usable(d)
    return _period(d["received"], usable, calendar or default_calendar())


def delay_moves_last_day(
    received: _dt.date, notified: _dt.date | None, by: _dt.date | None, last_day: _dt.date
) -> bool:
    """条例第三十五条: a delay to ``by``, notified within the period of 第三十三条 (from receipt to ``last_day``),
    moves the last day to ``by`` when that is later."""
    return notified is not None and by is not None and received <= notified <= last_day and by > last_day


def late_text(last_day: _dt.date, reply: _dt.date, calendar: WorkdayCalendar | None = None) -> tuple[str, int | None]:
    """How late a reply after ``last_day`` is, in words, and the working days from the day after the
    deadline to the reply day (both included; None when the calendar does not cover them).

    A reply on a rest day is stated in calendar days, so that "逾期 0 个工作日" never appears.
    """
    cal = calendar or default_calendar()
    days = (reply - last_day).days
    try:
        workdays = cal.count_workdays(last_day + ONE_DAY, reply)
        rest = not cal.is_workday(reply)
    except CalendarError:
        return (f"逾期 {days} 日（没有 {reply.year} 年的节假日安排，逾期工作日数未计算）", None)
    if rest:
        return (
            f"逾期 {days} 日（答复日 {reply.isoformat()} 为休息日；期限届满后至答复日有 {workdays} 个工作日）",
            workdays,
        )
    return f"逾期 {workdays} 个工作日（{days} 日）", workdays


def regulation_2019_applies(received: _dt.date) -> bool:
    """Whether the 2019 条例 (and its 20-working-day periods) governs an application received that day."""
    return received >= REGULATION_2019


def _iso(day: _dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def deadline_facts(case, calendar: WorkdayCalendar | None = None) -> tuple[DeadlineResult, dict, dict]:
    """The boolean facts of scope ``deadline`` (rules/deadline/facts.yml), and message details per fact."""
    cal = calendar or default_calendar()
    result, facts, dates = _facts(case, cal)
    return result, facts, _details(result, facts, dates, cal)


def _facts(case, cal: WorkdayCalendar) -> tuple[DeadlineResult, dict, dict]:
    """The deadline, the boolean facts, and the dates the messages need (details are built apart)."""
    if not isinstance(case, dict) and not any(case.procedure.__dict__.values()):
        # no procedure date (most cases): what _dated_facts gives with every procedure date None
        decision = case.decision
        reply = None if decision is None else decision.reply_date
        return _facts_without_procedure(case.received, reply, cal)
    return _dated_facts(_dates(case), cal)


def _dated_facts(d: dict, cal: WorkdayCalendar) -> tuple[DeadlineResult, dict, dict]:
    """:func:`_facts` from the dates of :func:`_dates` (any of them None)."""
    received, reply = d["received"], d["reply_date"]
    c_req, c_rec = d["correction_requested"], d["correction_received"]
    ext, sent, replied = d["extension_notified"], d["consultation_sent"], d["consultation_replied"]
    d_note, d_by = d["delayed_reply_notified"], d["delayed_reply_by"]
    usable, judgeable = _usable(d)
    result = _period(received, usable, cal)
    d["third_party_due"] = tp_due = result.third_party_due or (third_party_due(sent, cal) if sent else None)
    consultation_open = sent is not None and replied is None
    correction_pending = c_req is not None and c_rec is None
    d["delay_valid"] = delay_valid = delay_moves_last_day(received, d_note, d_by, result.last_day)
    judged = reply is not None and judgeable and not consultation_open and not correction_pending and reply >= received
    facts = {
        "reply_late": judged and not delay_valid and reply > result.last_day,
        "reply_after_notified_delay": judged and delay_valid and reply > d_by,
        "delayed_reply_notice_late": d_note is not None and d_note > result.last_day,
        "delayed_reply_incomplete": (d_note is None) != (d_by is None),
        "delayed_reply_date_not_after_notice": d_note is not None and d_by is not None and d_by <= d_note,
        "correction_notice_late": c_req is not None and c_req > result.correction_notice_due,
        "extension_notice_late": ext is not None and ext > result.first_deadline,
        "correction_received_before_requested": c_req is not None and c_rec is not None and c_rec < c_req,
        "correction_received_without_request": c_rec is not None and c_req is None,
        "reply_before_received": reply is not None and reply < received,
        "procedure_date_before_received": (c_req is not None and c_req < received)
        or (c_rec is not None and c_rec < received)
        or (ext is not None and ext < received)
        or (sent is not None and sent < received)
        or (replied is not None and replied < received)
        or (d_note is not None and d_note < received),
        "consultation_replied_before_sent": sent is not None and replied is not None and replied < sent,
        "consultation_replied_without_sent": replied is not None and sent is None,
        "consultation_reply_missing": consultation_open and reply is not None,
        "consultation_beyond_third_party_period": sent is not None
        and replied is not None
        and replied >= sent
        and replied > tp_due,
    }
    return result, facts, d


def _facts_without_procedure(
    received: _dt.date, reply: _dt.date | None, cal: WorkdayCalendar
) -> tuple[DeadlineResult, dict, dict]:
    """:func:`_facts` of a case without procedure dates: the period from receipt, and of the facts only
    those about the reply date can hold (the others compare a procedure date)."""
    result = _memo_period(cal, (received, None, None, False, None, None))
    facts = dict(_NO_PROCEDURE_FACTS)
    if reply is not None:
        if reply < received:
            facts["reply_before_received"] = True
        elif reply > result.last_day:
            facts["reply_late"] = True
    d = dict(_NO_PROCEDURE_DATES)
    d["received"] = received
    d["reply_date"] = reply
    return result, facts, d


#: the dates of :func:`_dated_facts` for a case without procedure dates, before its own are filled in
_NO_PROCEDURE_DATES: dict[str, object] = {
    "received": None,
    **dict.fromkeys(PROCEDURE_DATES),
    "reply_date": None,
    "third_party_due": None,
    "delay_valid": False,
}


#: the deadline facts of a case without procedure dates before its reply date is looked at (the
#: order of :func:`_facts`)
_NO_PROCEDURE_FACTS: dict[str, bool] = dict.fromkeys(
    (
        "reply_late",
        "reply_after_notified_delay",
        "delayed_reply_notice_late",
        "delayed_reply_incomplete",
        "delayed_reply_date_not_after_notice",
        "correction_notice_late",
        "extension_notice_late",
        "correction_received_before_requested",
        "correction_received_without_request",
        "reply_before_received",
        "procedure_date_before_received",
        "consultation_replied_before_sent",
        "consultation_replied_without_sent",
        "consultation_reply_missing",
        "consultation_beyond_third_party_period",
    ),
    False,
)


def _details(result: DeadlineResult, facts: dict, d: dict, cal: WorkdayCalendar, only_true: bool = False) -> dict:
    """Message details: ``shared`` by every deadline rule, and ``per_fact`` (expected / found).

    ``only_true``: ``per_fact`` only for the facts that hold (a rule fires only when every fact of its
    ``all`` holds, so the others' values are never shown).
    """
    values = MessageValues(result, d, cal, facts["reply_late"])
    return {
        "shared": dict(values),
        "per_fact": {name: values.per_fact(name) for name in _PER_FACT if not only_true or facts[name]},
    }


class MessageValues(Mapping):
    """The values the deadline rules' messages name (dates as ISO text), each computed when a message
    asks for it and then kept: a finding's message reads a few of them, never all."""

    __slots__ = ("result", "dates", "cal", "late", "_known")

    def __init__(self, result: DeadlineResult, dates: dict, cal: WorkdayCalendar, late: bool):
        self.result, self.dates, self.cal, self.late = result, dates, cal, late
        self._known: dict[str, object] = {}

    def __getitem__(self, key: str) -> object:
        known = self._known
        if key not in known:
            known[key] = _SHARED[key](self)  # KeyError for a name no message may use
        return known[key]

    def get(self, key: str, default: object = None) -> object:
        """As ``Mapping.get``, without raising and catching a KeyError for the names no message uses."""
        known = self._known
        if key in known:
            return known[key]
        compute = _SHARED.get(key)
        if compute is None:
            return default
        value = known[key] = compute(self)
        return value

    def __iter__(self):
        return iter(_SHARED)

    def __len__(self) -> int:
        return len(_SHARED)

    def per_fact(self, name: str) -> dict[str, object]:
        """What was expected and what was found for fact ``name``."""
        words, expected, found = _PER_FACT[name]
        return {"expected": f"{words}{self[expected]}", "found": self[found]}

    def _late(self) -> tuple[str, int | None]:
        if not self.late:
            return ("未逾期", 0)
        return late_text(self.result.last_day, self.dates["reply_date"], self.cal)

    def _before(self) -> str:
        d = self.dates
        received = d["received"]
        return "、".join(
            f"{label} {d[name]}" for label, name in _BEFORE_LABELS if d[name] is not None and d[name] < received
        )


#: the procedure dates a message lists when they are earlier than the receipt, in this order
_BEFORE_LABELS = (
    ("补正通知", "correction_requested"),
    ("收到补正", "correction_received"),
    ("延期告知", "extension_notified"),
    ("征求意见", "consultation_sent"),
    ("收到意见", "consultation_replied"),
    ("延迟答复告知", "delayed_reply_notified"),
)


def _date_text(name: str) -> Callable[[MessageValues], str | None]:
    return lambda v: _iso(v.dates.get(name))


_SHARED: dict[str, Callable[[MessageValues], object]] = {
    "received": _date_text("received"),
    "counted_from": lambda v: _iso(v.result.start),
    "deadline": lambda v: _iso(v.result.last_day),
    "first_deadline": lambda v: _iso(v.result.first_deadline),
    "reply_date": _date_text("reply_date"),
    "late_days": lambda v: v._late()[1],
    "late_text": lambda v: v._late()[0],
    "working_days": lambda v: v.result.period,
    "extension_status": lambda v: _EXTENSION_STATUS[v.result.extension],
    "correction_requested": _date_text("correction_requested"),
    "correction_received": _date_text("correction_received"),
    "correction_notice_due": lambda v: _iso(v.result.correction_notice_due),
    "extension_notified": _date_text("extension_notified"),
    "consultation_sent": _date_text("consultation_sent"),
    "consultation_replied": _date_text("consultation_replied"),
    "third_party_due": _date_text("third_party_due"),
    "excluded_days": lambda v: v.result.excluded_count,
    "delayed_reply_notified": _date_text("delayed_reply_notified"),
    "delayed_reply_by": _date_text("delayed_reply_by"),
    "dates_before_received": lambda v: v._before(),
}

#: per fact, what a message shows as expected (these words, then the date named) and as found
_PER_FACT: dict[str, tuple[str, str, str]] = {
    "reply_late": ("不晚于 ", "deadline", "reply_date"),
    "correction_notice_late": ("不晚于 ", "correction_notice_due", "correction_requested"),
    "extension_notice_late": ("不晚于 ", "first_deadline", "extension_notified"),
    "correction_received_before_requested": ("不早于 ", "correction_requested", "correction_received"),
    "reply_before_received": ("不早于 ", "received", "reply_date"),
    "procedure_date_before_received": ("不早于 ", "received", "dates_before_received"),
    "consultation_replied_before_sent": ("不早于 ", "consultation_sent", "consultation_replied"),
    "reply_after_notified_delay": ("不晚于告知的延迟答复日期 ", "delayed_reply_by", "reply_date"),
    "delayed_reply_notice_late": ("不晚于答复期限最后一日 ", "deadline", "delayed_reply_notified"),
    "delayed_reply_date_not_after_notice": ("晚于告知日 ", "delayed_reply_notified", "delayed_reply_by"),
    "consultation_beyond_third_party_period": ("不晚于 ", "third_party_due", "consultation_replied"),
}


_EXTENSION_STATUS: dict[str, str] = {"none": "未延期", "valid": "已有效延期", "late": "延期告知逾期，未延长"}


def deadline_state(case, calendar: WorkdayCalendar | None = None) -> DeadlineState:
    """The deadline of ``case``, its boolean facts (scope ``deadline``) and the dates its messages
    need: what :func:`deadline_findings` and :func:`deadline_fired` start from."""
    return _new_state(DeadlineState, _facts(case, calendar or default_calendar()))


class DeadlineState(NamedTuple):
    result: DeadlineResult
    facts: dict
    dates: dict


_new_state = tuple.__new__  # a DeadlineState from the three values at once


def deadline_findings(
    case, evaluator: Evaluator, calendar: WorkdayCalendar | None = None, severities=None, profile=None
):
    """The deadline and the findings of the ``deadline`` rules in force on the receipt date.

    Returns ``(DeadlineResult, [gkrules.findings.Finding])``. The messages' details are built only
    when a rule fires.
    """
    cal = calendar or default_calendar()
    state = deadline_state(case, cal)
    return state.result, findings_of(state, evaluator, cal, severities, profile)


def findings_of(
    state: DeadlineState, evaluator: Evaluator, calendar: WorkdayCalendar | None, severities=None, profile=None
) -> list:
    """The findings of the ``deadline`` rules for a :func:`deadline_state`."""
    received = state.result.received
    if not regulation_2019_applies(received):
        return []
    return findings_for(state, fired(evaluator, "deadline", state.facts, received, severities), calendar, profile)


def findings_for(
    state: DeadlineState, chosen: Sequence[tuple[Rule, str | None]], calendar: WorkdayCalendar | None, profile=None
) -> list:
    """The findings of the deadline rules ``chosen`` (each with the profile's severity, None: the rule's
    own), as :func:`findings_of` gives them for the rules that fire on the state's facts."""
    if not chosen:
        return []
    cal = calendar or default_calendar()
    result, facts, dates = state.result, state.facts, state.dates
    values = MessageValues(result, dates, cal, facts["reply_late"])
    return [finding(rule, _own(rule, facts, values), severity, profile, shared=values) for rule, severity in chosen]


def finding_messages(
    state: DeadlineState, chosen: Sequence[tuple[Rule, str]], calendar: WorkdayCalendar | None
) -> list[str]:
    """The message of each finding :func:`findings_for` builds for ``chosen`` (their severities given),
    without the rest of the finding: what a reviewer's row shows besides the rule and severity."""
    if not chosen:
        return []
    facts = state.facts
    values = MessageValues(state.result, state.dates, calendar or default_calendar(), facts["reply_late"])
    return [
        message_of(rule, _own(rule, facts, values) if _names_own(rule.message or rule.title) else {}, values)
        for rule, _ in chosen
    ]


@lru_cache(maxsize=256)
def _names_own(template: str) -> bool:
    """Whether a message names one of the values a rule has of its own (``expected``, ``found``): those
    are worked out only for such a message, the others read the shared values alone."""
    names = {field.split(".", 1)[0].split("[", 1)[0] for _, field, _, _ in Formatter().parse(template) if field}
    return bool(names & _OWN_NAMES)


#: the values :meth:`MessageValues.per_fact` gives a rule of its own
_OWN_NAMES = frozenset({"expected", "found"})


def _own(rule: Rule, facts: dict, values: MessageValues) -> dict:
    """A deadline rule's own message details: expected and found for the first of its facts that holds."""
    own = next((values.per_fact(name) for name in rule.when.all if facts.get(name) and name in _PER_FACT), None)
    return {rule.code: own} if own else {}


def deadline_fired(
    case, evaluator: Evaluator, calendar: WorkdayCalendar | None = None, severities=None
) -> list[tuple[str, str]]:
    """``(code, severity)`` of each finding :func:`deadline_findings` reports, in its order, without
    building the messages (for counting; a reviewer's row needs the findings themselves)."""
    return fired_of(deadline_state(case, calendar), evaluator, severities)


def fired_of(state: DeadlineState, evaluator: Evaluator, severities=None) -> list[tuple[str, str]]:
    """:func:`deadline_fired` for a :func:`deadline_state`."""
    received = state.result.received
    if not regulation_2019_applies(received):
        return []
    return [
        (rule.code, effective_severity(rule, severity))
        for rule, severity in fired(evaluator, "deadline", state.facts, received, severities)
    ]
