"""Holiday-arrangement files: strict loading with file:line errors, comparison with the package."""

from __future__ import annotations

import json
import textwrap
from datetime import date as D
from pathlib import Path

import pytest
from clirun import gkrules

from gkrules.holiday_files import HolidayFileError, load_directory, load_holiday_file
from gkrules.workdays import WorkdayCalendar

GOOD_2027 = """\
year: 2027
source:
  文号: 测试用〔2026〕0号
  date: 2026-11-01
holidays:
  - {name: 元旦, from: 2027-01-01, to: 2027-01-03}
  - {name: 春节, date: 2027-02-08}
working_days:
  - {date: 2027-01-16, name: 测试}
  - 2027-02-20
"""

# the official 2025 arrangement (国办发明电〔2024〕12号), written by hand
OFFICIAL_2025 = """\
year: 2025
source:
  文号: 国办发明电〔2024〕12号
  date: 2024-11-12
holidays:
  - {name: 元旦, date: 2025-01-01}
  - {name: 春节, from: 2025-01-28, to: 2025-02-04}
  - {name: 清明节, from: 2025-04-04, to: 2025-04-06}
  - {name: 劳动节, from: 2025-05-01, to: 2025-05-05}
  - {name: 端午节, from: 2025-05-31, to: 2025-06-02}
  - {name: 国庆节、中秋节, from: 2025-10-01, to: 2025-10-08}
working_days:
  - 2025-01-26
  - 2025-02-08
  - 2025-04-27
  - 2025-09-28
  - 2025-10-11
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_good_file_loads(tmp_path):
    f = load_holiday_file(write(tmp_path, "2027.yml", GOOD_2027))
    assert f.year == 2027 and f.doc_number == "测试用〔2026〕0号" and f.doc_date == D(2026, 11, 1)
    assert set(f.holidays) == {D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3), D(2027, 2, 8)}
    assert f.working_days == {D(2027, 1, 16): "测试", D(2027, 2, 20): "调休上班"}


@pytest.mark.parametrize(
    "old,new,line,words",
    [
        ("  - 2027-02-20\n", "  - 2027-02-22\n", 10, "本来就是工作日"),  # a Monday listed as 调休
        ("  - 2027-02-20\n", "  - 2027-01-02\n", 10, "既列为假日"),
        ("  - {name: 春节, date: 2027-02-08}\n", "  - {name: 春节, date: 2028-02-08}\n", 7, "不在 2027 年内"),
        ("  - {name: 春节, date: 2027-02-08}\n", "  - {name: 春节, date: 2027-01-02}\n", 7, "重复列为假日"),
        ("  - 2027-02-20\n", "  - 2027-01-16\n", 10, "重复列为调休工作日"),
        ("  文号: 测试用〔2026〕0号\n", "", 2, "source.文号"),
        ("  date: 2026-11-01\n", "", 2, "source.date"),
        (
            "  - {name: 元旦, from: 2027-01-01, to: 2027-01-03}\n",
            "  - {name: 元旦, from: 2027-01-03, to: 2027-01-01}\n",
            6,
            "早于开始日",
        ),
        ("  - {name: 春节, date: 2027-02-08}\n", "  - {name: 春节, dates: 2027-02-08}\n", 7, "未知字段"),
        ("year: 2027\n", "year: 2027\nnote: x\n", 2, "未知字段"),
        ("year: 2027\n", "year: 2026\n", 1, "文件名应为 2026.yml"),
        ("  - 2027-02-20\n", "  - 2027-02-30\n", 10, "应为日期"),
    ],
)
def test_malformed_file_rejected_with_line(tmp_path, old, new, line, words):
    assert old in GOOD_2027
    path = write(tmp_path, "2027.yml", GOOD_2027.replace(old, new))
    with pytest.raises(HolidayFileError) as exc:
        load_holiday_file(path)
    err = exc.value
    assert err.line == line, str(err)
    assert words in str(err)
    assert str(err).startswith(f"{err.file}:{line}")


def test_missing_source_block(tmp_path):
    text = "year: 2027\nholidays:\n  - {name: 元旦, date: 2027-01-01}\n"
    with pytest.raises(HolidayFileError) as exc:
        load_holiday_file(write(tmp_path, "2027.yml", text))
    assert exc.value.field == "source"


def test_duplicate_key_and_bad_file_name(tmp_path):
    with pytest.raises(Exception) as exc:
        load_holiday_file(write(tmp_path, "2027.yml", GOOD_2027.replace("year: 2027\n", "year: 2027\nyear: 2027\n")))
    assert exc.value.line == 2
    other = tmp_path / "other"
    other.mkdir()
    write(other, "holidays.yml", GOOD_2027)
    with pytest.raises(HolidayFileError) as exc:
        load_directory(other)
    assert "<年份>.yml" in str(exc.value)


def test_official_2025_file_agrees_with_the_package(tmp_path):
    write(tmp_path, "2025.yml", OFFICIAL_2025)
    assert WorkdayCalendar(tmp_path).conflicts == []


def test_conflicting_2025_file_is_reported_and_package_wins_by_default(tmp_path):
    # drop the 10-11 调休 Saturday and add a day off on 2025-03-03 (Monday)
    text = OFFICIAL_2025.replace("  - 2025-10-11\n", "").replace(
        "  - {name: 元旦, date: 2025-01-01}\n",
        "  - {name: 元旦, date: 2025-01-01}\n  - {name: 虚构, date: 2025-03-03}\n",
    )
    write(tmp_path, "2025.yml", text)
    cal = WorkdayCalendar(tmp_path)
    assert [c.date for c in cal.conflicts] == [D(2025, 3, 3), D(2025, 10, 11)]
    assert "chinesecalendar 为调休上班" in str(cal.conflicts[1])
    assert cal.is_workday(D(2025, 10, 11)) and cal.is_workday(D(2025, 3, 3))
    assert cal.source(D(2025, 3, 3)).startswith("chinesecalendar")
    preferred = WorkdayCalendar(tmp_path, prefer_file=True)
    assert not preferred.is_workday(D(2025, 10, 11)) and not preferred.is_workday(D(2025, 3, 3))
    assert preferred.source(D(2025, 3, 3)).endswith("（国办发明电〔2024〕12号）")


def gk(root, *args):
    return gkrules(*args, cwd=root)


def test_cli_calendar_check(root, tmp_path):
    ok = gk(root, "calendar", "check", "tests/fixtures/calendar")
    assert ok.returncode == 0 and "2027 年" in ok.stdout
    write(tmp_path, "2025.yml", OFFICIAL_2025.replace("  - 2025-10-11\n", ""))
    conflict = gk(root, "calendar", "check", str(tmp_path))
    assert conflict.returncode == 1 and "2025-10-11" in conflict.stdout
    notice = gk(root, "deadline", "--received", "2025-09-22", "--calendar", str(tmp_path))
    assert notice.returncode == 0 and "不一致" in notice.stderr and "2025-10-24" in notice.stdout
    preferred = gk(root, "deadline", "--received", "2025-09-22", "--calendar", str(tmp_path), "--prefer-file")
    assert "2025-10-27" in preferred.stdout  # without the 10-11 working Saturday the 20th day moves a day
    bad = tmp_path / "bad"
    bad.mkdir()
    write(bad, "2027.yml", GOOD_2027.replace("  - 2027-02-20\n", "  - 2027-02-22\n"))
    broken = gk(root, "calendar", "check", str(bad))
    assert broken.returncode == 2 and "2027.yml:10" in broken.stderr and "Traceback" not in broken.stderr


BAD = Path(__file__).parent / "fixtures" / "calendar" / "bad"


def test_every_error_of_a_file_is_reported_with_its_line():
    with pytest.raises(HolidayFileError) as info:
        load_directory(BAD)
    errors = info.value.errors
    assert [(e.line, e.field) for e in errors] == [
        (7, "holidays[0].to"),
        (8, "holidays[1].date"),
        (10, "working_days[0]"),
    ]
    assert "2028-01-01 不在 2027 年内" in errors[1].message and "星期一" in errors[2].message


def test_cli_calendar_check_lists_all_errors(root):
    out = gkrules("calendar", "check", str(BAD), cwd=root)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    for where in ("2027.yml:7:", "2027.yml:8:", "2027.yml:10:"):
        assert where in out.stderr
    out = gkrules("calendar", "check", str(BAD), "--format", "json", cwd=root)
    assert out.returncode == 2
    assert [e["line"] for e in json.loads(out.stdout)["errors"]] == [7, 8, 10]
