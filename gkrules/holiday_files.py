"""Holiday-arrangement files: one reviewed YAML file per year, for years the calendar package lacks.

The State Council publishes each year's 节假日安排 in late autumn. An agency copies it into
``calendar/<year>.yml``::

    year: 2027
    source:
      文号: 国办发明电〔2026〕X号        # required: the notice's document number
      date: 2026-11-05                  # required: the notice's date
      title: 国务院办公厅关于2027年部分节假日安排的通知   # optional
    holidays:                           # days off, with the weekend days inside each span
      - {name: 元旦, date: 2027-01-01}
      - {name: 春节, from: 2027-02-06, to: 2027-02-13}
    working_days:                       # weekend days declared working days (调休上班)
      - {date: 2027-02-20, name: 春节调休}
      - 2027-02-21                      # a bare date is accepted too

Loading is strict and reports every error of a file (and of a directory) at once, each with its
file and line: unknown keys, dates outside the year, a day
both a holiday and a working day, a day listed twice, a "working day" that is not a Saturday or
Sunday, a span whose end precedes its start, a missing source.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import HolidayFileError, HolidayFileErrors, suggest  # the error classes re-exported
from .yamlio import Positions, load_file

FILE_NAME = re.compile(r"^(\d{4})\.ya?ml$")
TOP_KEYS = ("year", "source", "holidays", "working_days")
SOURCE_KEYS = ("文号", "date", "title")
HOLIDAY_KEYS = ("name", "date", "from", "to")
WORKDAY_KEYS = ("date", "name")
MAX_SPAN_DAYS = 15


def _raise_all(errors: list[HolidayFileError]) -> None:
    flat = [x for e in errors for x in (e.errors if isinstance(e, HolidayFileErrors) else [e])]
    if len(flat) == 1:
        raise flat[0]
    if flat:
        raise HolidayFileErrors(flat)


@dataclass(frozen=True)
class HolidayFile:
    """One year's arrangement as read from a file."""

    path: str
    year: int
    doc_number: str  # 文号
    doc_date: _dt.date
    title: str | None
    holidays: dict[_dt.date, str] = field(default_factory=dict)  # day off → holiday name
    working_days: dict[_dt.date, str] = field(default_factory=dict)  # 调休上班的周末 → note

    @property
    def label(self) -> str:
        """How a counted day decided by this file is credited, e.g. ``calendar/2027.yml（国办发明电〔2026〕1号）``."""
        return f"{self.path}（{self.doc_number}）"

    def is_workday(self, day: _dt.date) -> bool:
        if day in self.working_days:
            return True
        return day.weekday() < 5 and day not in self.holidays


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


class _Reader:
    def __init__(self, path: str, positions: Positions):
        self.path = path
        self.positions = positions

    def error(self, message: str, at: tuple, suggestion: str | None = None) -> HolidayFileError:
        line, col = self.positions.find(at)
        field_name = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in at).replace(".[", "[")
        return HolidayFileError(
            message, file=self.path, line=line, column=col, field=field_name or None, suggestion=suggestion
        )

    def keys(self, data: dict, allowed: tuple[str, ...], at: tuple) -> None:
        for key in data:
            if key not in allowed:
                raise self.error("未知字段", at + (key,), suggest(str(key), allowed))

    def date(self, value: object, at: tuple, year: int | None) -> _dt.date:
        if isinstance(value, _dt.datetime) or not isinstance(value, _dt.date):
            raise self.error(f"应为日期 YYYY-MM-DD，实为 {value!r}", at)
        if year is not None and value.year != year:
            raise self.error(f"日期 {value.isoformat()} 不在 {year} 年内", at)
        return value


def load_holiday_file(path: str | Path) -> HolidayFile:
    """Read and validate one ``<year>.yml`` file."""
    path = Path(path)
    shown = _display(path)
    data, positions = load_file(path)
    r = _Reader(shown, positions)
    if not isinstance(data, dict):
        raise HolidayFileError("文件顶层应为映射（year、source、holidays、working_days）", file=shown, line=1)
    r.keys(data, TOP_KEYS, ())
    for key in ("year", "source", "holidays"):
        if key not in data:
            raise HolidayFileError(f"缺少必填字段 {key}", file=shown, line=1, field=key)

    year = data["year"]
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200:
        raise r.error(f"year 应为四位年份，实为 {year!r}", ("year",))
    named = FILE_NAME.match(path.name)
    if not named or int(named.group(1)) != year:
        raise r.error(f"文件名应为 {year}.yml（与 year 一致），实为 {path.name}", ("year",))

    errors: list[HolidayFileError] = []
    doc_number, doc_date, title = "", None, None
    try:
        doc_number, doc_date, title = _source(r, data["source"])
    except HolidayFileError as exc:
        errors.append(exc)

    holidays: dict[_dt.date, str] = {}
    seen_at: dict[_dt.date, tuple] = {}
    entries = data["holidays"]
    if not isinstance(entries, list) or not entries:
        errors.append(r.error("holidays 应为非空列表，每项为 {name, date} 或 {name, from, to}", ("holidays",)))
        entries = []
    for i, entry in enumerate(entries):
        try:
            _holiday(r, year, ("holidays", i), entry, holidays, seen_at)
        except HolidayFileError as exc:
            errors.append(exc)

    working: dict[_dt.date, str] = {}
    entries = data.get("working_days") or []
    if not isinstance(entries, list):
        errors.append(r.error("working_days 应为列表：调休上班的周末日期", ("working_days",)))
        entries = []
    for i, entry in enumerate(entries):
        try:
            _working_day(r, year, ("working_days", i), entry, holidays, seen_at, working)
        except HolidayFileError as exc:
            errors.append(exc)
    _raise_all(errors)
    return HolidayFile(
        path=shown,
        year=year,
        doc_number=doc_number,
        doc_date=doc_date,
        title=title,
        holidays=holidays,
        working_days=working,
    )


def _source(r: _Reader, source: object) -> tuple[str, _dt.date, str | None]:
    if not isinstance(source, dict):
        raise r.error("source 应为映射：文号、date（国务院办公厅通知的文号和日期）", ("source",))
    r.keys(source, SOURCE_KEYS, ("source",))
    doc_number = source.get("文号")
    if not isinstance(doc_number, str) or not doc_number.strip():
        raise r.error("缺少来源文号 source.文号（国务院办公厅节假日安排通知的文号）", ("source", "文号"))
    if "date" not in source:
        raise r.error("缺少来源日期 source.date（通知的发布日期）", ("source",))
    doc_date = r.date(source["date"], ("source", "date"), None)
    title = source.get("title")
    if title is not None and not isinstance(title, str):
        raise r.error("source.title 应为文本", ("source", "title"))
    return doc_number.strip(), doc_date, title


def _holiday(r: _Reader, year: int, at: tuple, entry: object, holidays: dict, seen_at: dict) -> None:
    if not isinstance(entry, dict):
        raise r.error("每项应为 {name, date} 或 {name, from, to}", at)
    r.keys(entry, HOLIDAY_KEYS, at)
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise r.error("缺少节日名称 name", at)
    if "date" in entry:
        if "from" in entry or "to" in entry:
            raise r.error("date 与 from/to 只能用其一", at)
        days = [r.date(entry["date"], at + ("date",), year)]
    elif "from" in entry and "to" in entry:
        start = r.date(entry["from"], at + ("from",), year)
        end = r.date(entry["to"], at + ("to",), year)
        if end < start:
            raise r.error(f"结束日 {end} 早于开始日 {start}", at + ("to",))
        if (end - start).days + 1 > MAX_SPAN_DAYS:
            raise r.error(f"一段假期超过 {MAX_SPAN_DAYS} 天，请核对", at + ("to",))
        days = [start + _dt.timedelta(days=k) for k in range((end - start).days + 1)]
    else:
        raise r.error("应给出 date，或同时给出 from 和 to", at)
    for day in days:
        if day in holidays:
            line, _ = r.positions.find(seen_at[day])
            raise r.error(f"{day} 重复列为假日（另见第 {line} 行）", at)
        holidays[day] = name.strip()
        seen_at[day] = at


def _working_day(r: _Reader, year: int, at: tuple, entry: object, holidays: dict, seen_at: dict, working: dict) -> None:
    note = "调休上班"
    if isinstance(entry, dict):
        r.keys(entry, WORKDAY_KEYS, at)
        if "date" not in entry:
            raise r.error("缺少 date", at)
        day = r.date(entry["date"], at + ("date",), year)
        if entry.get("name") is not None:
            if not isinstance(entry["name"], str):
                raise r.error("name 应为文本", at + ("name",))
            note = entry["name"]
    else:
        day = r.date(entry, at, year)
    if day.weekday() < 5:
        raise r.error(
            f"{day}（星期{'一二三四五'[day.weekday()]}）本来就是工作日；working_days 只列调休上班的周六、周日", at
        )
    if day in holidays:
        line, _ = r.positions.find(seen_at[day])
        raise r.error(f"{day} 既列为假日（第 {line} 行）又列为调休工作日", at)
    if day in working:
        raise r.error(f"{day} 重复列为调休工作日", at)
    working[day] = note


def load_directory(directory: str | Path) -> dict[int, HolidayFile]:
    """Every ``<year>.yml`` in ``directory``; other ``.yml`` files are an error, other files are ignored."""
    directory = Path(directory)
    if not directory.is_dir():
        raise HolidayFileError("节假日安排目录不存在", file=str(directory))
    out: dict[int, HolidayFile] = {}
    errors: list[HolidayFileError] = []
    for path in sorted(directory.iterdir()):
        if path.suffix not in (".yml", ".yaml") or not path.is_file():
            continue
        if not FILE_NAME.match(path.name):
            errors.append(HolidayFileError("节假日安排文件应命名为 <年份>.yml，例如 2027.yml", file=_display(path)))
            continue
        try:
            loaded = load_holiday_file(path)
        except HolidayFileError as exc:
            errors.append(exc)
            continue
        if loaded.year in out:
            errors.append(
                HolidayFileError(f"{loaded.year} 年有两个安排文件（另见 {out[loaded.year].path}）", file=loaded.path)
            )
            continue
        out[loaded.year] = loaded
    _raise_all(errors)
    return out
