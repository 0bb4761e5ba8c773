"""``--calendar DIR`` and ``--prefer-file``: options every command that counts working days shares."""

from __future__ import annotations

import functools
from pathlib import Path

import click

from ..workdays import WorkdayCalendar, default_calendar_dir


def calendar_options(func):
    """Add ``--calendar DIR`` and ``--prefer-file``; the command receives ``calendar_dir`` and ``prefer_file``."""

    @click.option(
        "--calendar",
        "calendar_dir",
        type=click.Path(file_okay=False, exists=True),
        default=None,
        help="节假日安排目录，内含 <年份>.yml（默认：项目的 calendar/；也可用环境变量 GKRULES_CALENDAR）。"
        "chinesecalendar 未收录的年份从这里读取。",
    )
    @click.option(
        "--prefer-file",
        is_flag=True,
        default=False,
        help="安排文件与 chinesecalendar 不一致时以文件为准（默认以 chinesecalendar 为准，并报告差异）。",
    )
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def calendar_from_options(calendar_dir: str | None, prefer_file: bool) -> WorkdayCalendar:
    """The calendar a command should use; differences between a file and the package are printed to stderr."""
    directory = Path(calendar_dir) if calendar_dir else default_calendar_dir()
    cal = WorkdayCalendar(directory, prefer_file=prefer_file)
    if cal.conflicts:
        winner = "安排文件" if prefer_file else "chinesecalendar（如需以文件为准，加 --prefer-file）"
        click.echo(
            f"注意：节假日安排文件与 chinesecalendar 有 {len(cal.conflicts)} 处不一致，以{winner}为准：", err=True
        )
        for c in cal.conflicts[:20]:
            click.echo(f"  {c}", err=True)
        if len(cal.conflicts) > 20:
            click.echo(f"  ……另有 {len(cal.conflicts) - 20} 处", err=True)
    return cal
