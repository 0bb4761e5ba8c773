"""The working-day calendar against a hand-written table of the State Council's 2020–2026 arrangements.

The table below is a second source, written from the 国务院办公厅 notices (国办发明电) for each
year, not from the package: holiday spans (every day off) and the weekend days declared working days.
"""

from __future__ import annotations

import datetime as _dt
from datetime import date as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gkrules.errors import InputError
from gkrules.workdays import CalendarError, WorkdayCalendar

ONE = _dt.timedelta(days=1)

# year -> (holiday spans (first, last) inclusive, 调休上班 weekend days)
ARRANGEMENTS = {
    2020: (
        [
            (D(2020, 1, 1), D(2020, 1, 1)),
            (D(2020, 1, 24), D(2020, 1, 30)),
            (D(2020, 4, 4), D(2020, 4, 6)),
            (D(2020, 5, 1), D(2020, 5, 5)),
            (D(2020, 6, 25), D(2020, 6, 27)),
            (D(2020, 10, 1), D(2020, 10, 8)),
        ],
        [D(2020, 1, 19), D(2020, 4, 26), D(2020, 5, 9), D(2020, 6, 28), D(2020, 9, 27), D(2020, 10, 10)],
    ),
    2021: (
        [
            (D(2021, 1, 1), D(2021, 1, 3)),
            (D(2021, 2, 11), D(2021, 2, 17)),
            (D(2021, 4, 3), D(2021, 4, 5)),
            (D(2021, 5, 1), D(2021, 5, 5)),
            (D(2021, 6, 12), D(2021, 6, 14)),
            (D(2021, 9, 19), D(2021, 9, 21)),
            (D(2021, 10, 1), D(2021, 10, 7)),
        ],
        [D(2021, 2, 7), D(2021, 2, 20), D(2021, 4, 25), D(2021, 5, 8), D(2021, 9, 18), D(2021, 9, 26), D(2021, 10, 9)],
    ),
    2022: (
        [
            (D(2022, 1, 1), D(2022, 1, 3)),
            (D(2022, 1, 31), D(2022, 2, 6)),
            (D(2022, 4, 3), D(2022, 4, 5)),
            (D(2022, 4, 30), D(2022, 5, 4)),
            (D(2022, 6, 3), D(2022, 6, 5)),
            (D(2022, 9, 10), D(2022, 9, 12)),
            (D(2022, 10, 1), D(2022, 10, 7)),
        ],
        [D(2022, 1, 29), D(2022, 1, 30), D(2022, 4, 2), D(2022, 4, 24), D(2022, 5, 7), D(2022, 10, 8), D(2022, 10, 9)],
    ),
    2023: (
        [
            (D(2023, 1, 1), D(2023, 1, 2)),
            (D(2023, 1, 21), D(2023, 1, 27)),
            (D(2023, 4, 5), D(2023, 4, 5)),
            (D(2023, 4, 29), D(2023, 5, 3)),
            (D(2023, 6, 22), D(2023, 6, 24)),
            (D(2023, 9, 29), D(2023, 10, 6)),
        ],
        [D(2023, 1, 28), D(2023, 1, 29), D(2023, 4, 23), D(2023, 5, 6), D(2023, 6, 25), D(2023, 10, 7), D(2023, 10, 8)],
    ),
    2024: (
        [
            (D(2024, 1, 1), D(2024, 1, 1)),
            (D(2024, 2, 10), D(2024, 2, 17)),
            (D(2024, 4, 4), D(2024, 4, 6)),
            (D(2024, 5, 1), D(2024, 5, 5)),
            (D(2024, 6, 10), D(2024, 6, 10)),
            (D(2024, 9, 15), D(2024, 9, 17)),
            (D(2024, 10, 1), D(2024, 10, 7)),
        ],
        [
            D(2024, 2, 4),
            D(2024, 2, 18),
            D(2024, 4, 7),
            D(2024, 4, 28),
            D(2024, 5, 11),
            D(2024, 9, 14),
            D(2024, 9, 29),
            D(2024, 10, 12),
        ],
    ),
    2025: (
        [
            (D(2025, 1, 1), D(2025, 1, 1)),
            (D(2025, 1, 28), D(2025, 2, 4)),
            (D(2025, 4, 4), D(2025, 4, 6)),
            (D(2025, 5, 1), D(2025, 5, 5)),
            (D(2025, 5, 31), D(2025, 6, 2)),
            (D(2025, 10, 1), D(2025, 10, 8)),
        ],
        [D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11)],
    ),
    2026: (
        [
            (D(2026, 1, 1), D(2026, 1, 3)),
            (D(2026, 2, 15), D(2026, 2, 23)),
            (D(2026, 4, 4), D(2026, 4, 6)),
            (D(2026, 5, 1), D(2026, 5, 5)),
            (D(2026, 6, 19), D(2026, 6, 21)),
            (D(2026, 9, 25), D(2026, 9, 27)),
            (D(2026, 10, 1), D(2026, 10, 7)),
        ],
        [D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10)],
    ),
}


@pytest.fixture(scope="module")
def cal() -> WorkdayCalendar:
    return WorkdayCalendar()


def _days(first, last):
    while first <= last:
        yield first
        first += ONE


@pytest.mark.parametrize("year", sorted(ARRANGEMENTS))
def test_holiday_spans_are_days_off(cal, year):
    spans, _ = ARRANGEMENTS[year]
    wrong = [d for first, last in spans for d in _days(first, last) if cal.is_workday(d)]
    assert wrong == []


@pytest.mark.parametrize("year", sorted(ARRANGEMENTS))
def test_adjusted_weekend_days_are_working_days(cal, year):
    _, adjusted = ARRANGEMENTS[year]
    assert all(d.weekday() >= 5 for d in adjusted), "the table itself: 调休 days are weekend days"
    wrong = [d for d in adjusted if not cal.is_workday(d)]
    assert wrong == []
    assert {cal.info(d).kind for d in adjusted} == {"adjusted_workday"}


@pytest.mark.parametrize("year", [2021, 2022, 2024, 2025, 2026])
def test_whole_year_agrees_with_table(cal, year):
    """Everything else is Monday–Friday: the package adds no day off or working day the table lacks.

    (2020 and 2023 are left out: the 2020 Spring Festival was extended by a later notice, and the
    2023 New Year span started on 2022-12-31.)"""
    spans, adjusted = ARRANGEMENTS[year]
    off = {d for first, last in spans for d in _days(first, last)}
    disagree = []
    for d in _days(D(year, 1, 1), D(year, 12, 31)):
        expected = d in adjusted or (d.weekday() < 5 and d not in off)
        if cal.is_workday(d) != expected:
            disagree.append(d)
    assert disagree == []


def test_named_days(cal):
    assert cal.info(D(2025, 10, 11)).label == "调休上班（国庆节）"
    assert cal.info(D(2026, 2, 17)).label == "节假日（春节）"
    assert cal.info(D(2025, 3, 8)).label == "周末"
    assert cal.info(D(2025, 3, 7)).label == "工作日"
    assert cal.source(D(2025, 3, 7)).startswith("chinesecalendar ")


def test_next_and_add_workdays_across_spring_festival(cal):
    # 2026-02-13 (Fri) → 2026-02-14 (Sat, 调休上班); 2026-02-14 → 2026-02-24 (after the 9-day holiday)
    assert cal.next_workday(D(2026, 2, 13)) == D(2026, 2, 14)
    assert cal.next_workday(D(2026, 2, 14)) == D(2026, 2, 24)
    assert cal.add_workdays(D(2026, 2, 13), 2) == D(2026, 2, 24)
    assert cal.count_workdays(D(2026, 2, 14), D(2026, 2, 28)) == 6  # 14, 24, 25, 26, 27, 28


def test_add_workdays_rejects_zero(cal):
    with pytest.raises(ValueError):
        cal.add_workdays(D(2025, 1, 2), 0)


def test_date_outside_every_source_is_an_error_not_a_guess(cal):
    with pytest.raises(CalendarError) as exc:
        cal.is_workday(D(2027, 1, 4))
    text = str(exc.value)
    assert isinstance(exc.value, InputError)
    assert "2027" in text and "2004–2026" in text and "2027.yml" in text and "calendar/README.md" in text
    with pytest.raises(CalendarError):
        cal.is_workday(D(2003, 12, 31))


def test_fixture_file_covers_2027(root):
    cal = WorkdayCalendar(root / "tests/fixtures/calendar")
    assert cal.is_workday(D(2027, 1, 4))
    assert not cal.is_workday(D(2027, 1, 1))
    assert cal.is_workday(D(2027, 1, 16))  # a Saturday the fictional file makes a working day
    assert "测试用" in cal.source(D(2027, 1, 4))
    assert cal.source(D(2026, 12, 31)).startswith("chinesecalendar")
    assert 2027 in cal.covered_years() and cal.conflicts == []


# a plain second implementation straight from the package's own dictionaries


def _plain_is_workday(d: _dt.date) -> bool:
    import chinese_calendar

    if d in chinese_calendar.workdays:
        return True
    return d.weekday() < 5 and d not in chinese_calendar.holidays


@settings(max_examples=300)
@given(st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 12, 31)))
def test_agrees_with_plain_lookup(d):
    assert WorkdayCalendar().is_workday(d) == _plain_is_workday(d)


@settings(max_examples=200)
@given(st.dates(min_value=D(2019, 5, 15), max_value=D(2026, 10, 31)), st.integers(1, 40))
def test_add_workdays_counts_exactly_n(d, n):
    cal = WorkdayCalendar()
    end = cal.add_workdays(d, n)
    assert cal.is_workday(end)
    assert cal.count_workdays(d + ONE, end) == n
