"""The working-day calendar: Monday–Friday, minus statutory holidays, plus weekend days declared
working days (调休), per the State Council's yearly holiday arrangement.

Two sources, in this order:

1. the ``chinesecalendar`` package (import name ``chinese_calendar``), which carries the arrangements
   it was released with (2004–2026 in version 1.11.0);
2. reviewed holiday-arrangement files ``calendar/<year>.yml`` (see :mod:`gkrules.holiday_files`) for
   the years the package lacks.

A file for a year the package covers is compared with the package day by day; differences are kept in
:attr:`WorkdayCalendar.conflicts` and the package decides, unless ``prefer_file=True``. A date that no
source covers raises :class:`CalendarError`; the calendar never guesses.
"""

from __future__ import annotations

import datetime as _dt
import os
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .errors import CalendarError  # CalendarError re-exported
from .holiday_files import HolidayFile, _display, load_directory

ONE_DAY = _dt.timedelta(days=1)
WEEKDAYS = "一二三四五六日"

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def default_calendar_dir() -> Path | None:
    """``GKRULES_CALENDAR``, else the project's ``calendar/`` when it exists, else None (package only)."""
    env = os.environ.get("GKRULES_CALENDAR")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent.parent / "calendar"
    return here if here.is_dir() else None


@dataclass(frozen=True)
class DayInfo:
    """What the calendar says about one day."""

    date: _dt.date
    workday: bool
    kind: str  # workday | weekend | holiday | adjusted_workday (调休上班的周末)
    name: str | None  # the holiday a holiday or adjusted working day belongs to
    source: str

    @property
    def label(self) -> str:
        """Chinese description, e.g. ``节假日（春节）`` or ``调休上班（国庆节）``."""
        if self.kind == "holiday":
            return f"节假日（{self.name}）" if self.name else "节假日"
        if self.kind == "adjusted_workday":
            return f"调休上班（{self.name}）" if self.name else "调休上班"
        return "周末" if self.kind == "weekend" else "工作日"

    def to_json(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "weekday": f"星期{WEEKDAYS[self.date.weekday()]}",
            "workday": self.workday,
            "kind": self.kind,
            "name": self.name,
            "source": self.source,
        }


@dataclass(frozen=True)
class Conflict:
    """A day on which a holiday file and the package disagree."""

    date: _dt.date
    file: str
    file_says: str
    package_says: str

    def __str__(self) -> str:
        return f"{self.date}（星期{WEEKDAYS[self.date.weekday()]}）：{self.file} 为{self.file_says}，chinesecalendar 为{self.package_says}"

    def to_json(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "file": self.file,
            "file_says": self.file_says,
            "package_says": self.package_says,
        }


class _Package:
    """The ``chinesecalendar`` data, read once."""

    def __init__(self) -> None:
        import chinese_calendar

        self.holidays: dict[_dt.date, str] = dict(chinese_calendar.holidays)
        self.workdays: dict[_dt.date, str] = dict(chinese_calendar.workdays)
        self.first_year = min(self.holidays).year
        self.last_year = max(self.holidays).year
        try:
            version = metadata.version("chinesecalendar")
        except metadata.PackageNotFoundError:  # pragma: no cover - installed as a dependency
            version = getattr(chinese_calendar, "__version__", "?")
        self.label = f"chinesecalendar {version}"
        self._years: dict[int, tuple[_dt.date, ...]] = {}

    def covers(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year

    def year_workdays(self, year: int) -> tuple[_dt.date, ...]:
        """The working days of a year the package covers, in order (listed once per process)."""
        days = self._years.get(year)
        if days is None:
            first = _dt.date(year, 1, 1)
            every = (first + _dt.timedelta(days=k) for k in range((_dt.date(year + 1, 1, 1) - first).days))
            days = self._years[year] = tuple(
                d for d in every if d in self.workdays or (d not in self.holidays and d.weekday() < 5)
            )
        return days

    def info(self, day: _dt.date) -> DayInfo:
        if day in self.workdays:
            name = HOLIDAY_NAMES.get(self.workdays[day], self.workdays[day])
            return DayInfo(day, True, "adjusted_workday", name, self.label)
        if day in self.holidays:
            name = HOLIDAY_NAMES.get(self.holidays[day], self.holidays[day])
            return DayInfo(day, False, "holiday", name, self.label)
        if day.weekday() >= 5:
            return DayInfo(day, False, "weekend", None, self.label)
        return DayInfo(day, True, "workday", None, self.label)


@lru_cache(maxsize=1)
def _package() -> _Package:
    return _Package()


def _file_info(f: HolidayFile, day: _dt.date) -> DayInfo:
    if day in f.working_days:
        return DayInfo(day, True, "adjusted_workday", f.working_days[day], f.label)
    if day in f.holidays:
        return DayInfo(day, False, "holiday", f.holidays[day], f.label)
    if day.weekday() >= 5:
        return DayInfo(day, False, "weekend", None, f.label)
    return DayInfo(day, True, "workday", None, f.label)


def _status(info: DayInfo) -> str:
    return (
        info.label if info.kind in ("holiday", "adjusted_workday") else ("工作日" if info.workday else "休息日（周末）")
    )


class WorkdayCalendar:
    """Working days from the package and from holiday-arrangement files.

    ``directory``: a folder of ``<year>.yml`` files (None: package only). ``prefer_file``: where a file
    and the package disagree, the file decides (otherwise the package does; the difference is in
    :attr:`conflicts` either way).
    """

    def __init__(
        self,
        directory: str | Path | None = None,
        prefer_file: bool = False,
        files: dict[int, HolidayFile] | None = None,
    ):
        self.directory = None if directory is None else Path(directory)
        self.prefer_file = prefer_file
        self.files: dict[int, HolidayFile] = dict(files or {})
        if self.directory is not None:
            self.files.update(load_directory(self.directory))
        self.package = _package()
        self._info: dict[_dt.date, DayInfo] = {}  # answers are fixed once the files are loaded
        self._workdays: dict[int, list[_dt.date]] = {}  # year -> its working days, in order
        self.periods: dict[tuple, object] = {}  # gkrules.deadline keeps counted periods here
        self.conflicts: list[Conflict] = []
        for year, f in sorted(self.files.items()):
            if self.package.covers(year):
                self.conflicts.extend(self._compare(f))

    def _compare(self, f: HolidayFile) -> list[Conflict]:
        out = []
        day = _dt.date(f.year, 1, 1)
        while day.year == f.year:
            mine, theirs = _file_info(f, day), self.package.info(day)
            if mine.workday != theirs.workday:
                out.append(Conflict(day, f.path, _status(mine), _status(theirs)))
            day += ONE_DAY
        return out

    # -- coverage ---------------------------------------------------------------------------

    def covered_years(self) -> list[int]:
        years = set(range(self.package.first_year, self.package.last_year + 1)) | set(self.files)
        return sorted(years)

    def coverage_text(self) -> str:
        parts = [f"{self.package.first_year}–{self.package.last_year} 年（{self.package.label}）"]
        extra = [f"{y} 年（{self.files[y].path}）" for y in sorted(self.files) if not self.package.covers(y)]
        return "、".join(parts + extra)

    def covers(self, day: _dt.date) -> bool:
        return self.package.covers(day.year) or day.year in self.files

    def _missing(self, day: _dt.date) -> CalendarError:
        where = _display(self.directory) if self.directory is not None else "calendar"
        return CalendarError(
            f"没有 {day.year} 年的节假日安排，无法判断 {day.isoformat()} 是否为工作日（不作推测）。"
            f"已有：{self.coverage_text()}。国务院办公厅公布 {day.year} 年节假日安排后，"
            f"请按 calendar/README.md 的格式新建 {where}/{day.year}.yml（写明通知文号和日期），"
            f"再用 --calendar {where} 运行",
            file=where,
        )

    # -- questions ---------------------------------------------------------------------------

    def info(self, day: _dt.date) -> DayInfo:
        if isinstance(day, _dt.datetime):
            day = day.date()
        known = self._info.get(day)
        if known is not None:
            return known
        self._info[day] = found = self._lookup(day)
        return found

    def _package_decides(self, year: int) -> bool:
        """The package decides the days of ``year``: it covers the year, and no holiday file of that year is
        preferred to it."""
        return self.package.covers(year) and (year not in self.files or not self.prefer_file)

    def _lookup(self, day: _dt.date) -> DayInfo:
        if self._package_decides(day.year):
            return self.package.info(day)
        f = self.files.get(day.year)
        if f is not None:
            return _file_info(f, day)
        raise self._missing(day)

    def is_workday(self, day: _dt.date) -> bool:
        return self.info(day).workday

    def source(self, day: _dt.date) -> str:
        """The source that decides ``day``, e.g. ``chinesecalendar 1.11.0`` or ``calendar/2027.yml（…）``."""
        return self.info(day).source

    def next_workday(self, day: _dt.date) -> _dt.date:
        """The first working day strictly after ``day``."""
        return self.add_workdays(day, 1)

    def add_workdays(self, day: _dt.date, n: int) -> _dt.date:
        """The ``n``-th working day after ``day`` (day 1 = the first working day after it); n ≥ 1."""
        if n < 1:
            raise ValueError("n must be at least 1")
        year = day.year
        days = self._year_days(year, day)
        if days is None:  # an uncovered year: counting may only start on its last day
            if day != _dt.date(year, 12, 31):
                raise self._missing(day + ONE_DAY)
            days, index = [], 0
        else:
            index = bisect_right(days, day)
        while index + n > len(days):
            n -= len(days) - index
            year += 1
            days, index = self._year_days(year, day, needed=True), 0
        return days[index + n - 1]

    def count_workdays(self, first: _dt.date, last: _dt.date) -> int:
        """Working days from ``first`` to ``last``, both included (0 when last < first)."""
        count = 0
        for year in range(first.year, last.year + 1):
            days = self._year_days(year, first - ONE_DAY, needed=True)
            count += bisect_right(days, last) - bisect_left(days, first)
        return max(count, 0)

    # -- the working-day index ---------------------------------------------------------------
    #
    # Counting walks no days: each covered year's working days are kept as one sorted list, so "the
    # n-th working day after d" is a bisection in d's year (and in the next, across New Year). A year
    # enters the index the first time a count needs it; a count that needs a year no source covers
    # raises CalendarError naming the first day it needed, as walking day by day would.

    def _year_days(self, year: int, after: _dt.date, needed: bool = False) -> list[_dt.date] | None:
        """The working days of ``year`` in order; None for a year no source covers, or CalendarError when
        ``needed`` (naming its first day after ``after``)."""
        days = self._workdays.get(year)
        if days is None:
            if year >= _dt.MAXYEAR:  # no calendar reaches the last representable year: never walk past it
                if needed:
                    raise self._missing(after + ONE_DAY if after < _dt.date.max else after)
                return None
            day = _dt.date(year, 1, 1)
            if not self.covers(day):
                if needed:
                    raise self._missing(max(day, after + ONE_DAY))
                return None
            if self._package_decides(year):
                days = list(self.package.year_workdays(year))
            else:
                days = []
                while day.year == year:
                    if self.info(day).workday:
                        days.append(day)
                    day += ONE_DAY
            self._workdays[year] = days
        return days
