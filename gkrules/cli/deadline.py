"""``gkrules deadline`` (答复期限计算器), ``gkrules fee`` (信息处理费) and ``gkrules calendar check``."""

from __future__ import annotations

import datetime as _dt
import re

import click

from ..deadline import (
    CORRECTION_NOTICE_DAYS,
    REGULATION_2019,
    compute_period,
    delay_moves_last_day,
    late_text,
    regulation_2019_applies,
)
from ..errors import EXIT_ERROR, EXIT_FINDINGS
from ..fees import MAX_PAGES, MAX_REQUESTS, compute_fee
from ..holiday_files import HolidayFileError, HolidayFileErrors, load_directory
from ..workdays import WEEKDAYS, WorkdayCalendar
from ._calendar import calendar_from_options, calendar_options, default_calendar_dir
from ._common import dump_json, format_option, table

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class DateType(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, _dt.date):
            return value
        text = str(value).strip()
        if not _DATE.match(text):
            self.fail(f"日期格式应为 YYYY-MM-DD，实为 {value!r}", param, ctx)
        try:
            return _dt.date.fromisoformat(text)
        except ValueError:
            self.fail(f"不存在的日期 {value!r}", param, ctx)


class RangeType(click.ParamType):
    name = "FROM..TO"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        parts = str(value).split("..")
        if len(parts) != 2:
            self.fail(f"应为 起..止，例如 2025-03-05..2025-03-20，实为 {value!r}", param, ctx)
        start, end = (DateType().convert(p, param, ctx) for p in parts)
        if end < start:
            self.fail(f"收到意见日期 {end} 早于征求意见日期 {start}", param, ctx)
        return start, end


DATE = DateType()


def _check_order(received, correction_received, extension_notified, consultation, reply_date) -> None:
    """Refuse dates that cannot follow the receipt date, and applications the 2019 条例 does not govern."""
    if not regulation_2019_applies(received):
        raise click.BadParameter(
            f"收到申请日期 {received} 早于 {REGULATION_2019}：此前收到的申请适用2007年《政府信息公开条例》"
            f"（15个工作日），2019年修订的条例及其20个工作日的期限不适用，本命令不计算",
            param_hint="'--received'",
        )
    dates = [
        ("--correction-received", correction_received),
        ("--extension-notified", extension_notified),
        ("--reply-date", reply_date),
    ]
    if consultation:
        dates += [("--consultation", consultation[0])]
    for option, day in dates:
        if day is not None and day < received:
            raise click.BadParameter(f"{option} {day} 早于收到申请日期 {received}", param_hint=f"'{option}'")


def _wd(day: _dt.date) -> str:
    return f"星期{WEEKDAYS[day.weekday()]}"


def _calendar_rows(result) -> list[list[str]]:
    numbers = {c.date: c.number for c in result.counted}
    excluded = {d.date for d in result.excluded}
    rows = []
    for info in result.days:
        if info.date in numbers:
            mark = str(numbers[info.date])
            note = info.label if info.kind == "adjusted_workday" else ""
            if info.date == result.first_deadline and result.extension == "valid":
                note = (note + " 原期限最后一日").strip()
            if info.date == result.last_day:
                note = (note + " ← 答复期限最后一日").strip()
        elif info.date in excluded:
            mark, note = "不计", "征求意见期间"
        else:
            mark, note = "—", info.label
        rows.append([info.date.isoformat(), WEEKDAYS[info.date.weekday()], mark, note])
    return rows


@click.command()
@click.option("--received", type=DATE, required=True, help="收到申请之日（条例第三十一条）。")
@click.option("--correction-received", type=DATE, help="收到补正之日：期限自此重新起算（条例第三十条）。")
@click.option("--extended", is_flag=True, help="已依法延期（视为在原期限内告知）：期限为40个工作日。")
@click.option("--extension-notified", type=DATE, help="延期告知日期：不晚于原期限最后一日才有效。")
@click.option(
    "--consultation",
    type=RangeType(),
    help="征求第三方或其他机关意见的 发出..收到 日期；其间工作日（两端均含）不计算（条例第三十三条第三款）。",
)
@click.option(
    "--delayed-reply-notified",
    type=DATE,
    help="告知申请人延迟答复之日（条例第三十五条）：不晚于答复期限最后一日才有效。",
)
@click.option("--delayed-reply-by", type=DATE, help="告知的延迟答复日期：有效告知时，当日及以前答复不逾期。")
@click.option("--reply-date", type=DATE, help="答复日期：给出时判断是否逾期（逾期时退出码为 1）。")
@calendar_options
@format_option("text", "json")
def deadline(
    received,
    correction_received,
    extended,
    extension_notified,
    consultation,
    delayed_reply_notified,
    delayed_reply_by,
    reply_date,
    calendar_dir,
    prefer_file,
    fmt,
):
    """计算依申请公开的答复期限，并列出逐日计数。

    收到申请之日不计入，其后第一个工作日为第1日，第20个工作日为答复期限最后一日（当日答复不逾期）。
    工作日依国务院办公厅节假日安排：周一至周五，扣除法定节假日，加上调休上班的周末。

    \b
    示例：
      gkrules deadline --received 2026-02-10                         春节假期和2月14日、28日调休
      gkrules deadline --received 2025-09-22 --reply-date 2025-10-27 国庆假期后是否逾期
      gkrules deadline --received 2025-03-03 --correction-received 2025-03-12
      gkrules deadline --received 2025-03-03 --extension-notified 2025-03-31
      gkrules deadline --received 2025-03-03 --consultation 2025-03-05..2025-03-20
      gkrules deadline --received 2025-09-22 --delayed-reply-notified 2025-10-20 --delayed-reply-by 2025-12-01
      gkrules deadline --received 2026-12-20 --calendar calendar/      需要 calendar/2027.yml
      gkrules deadline --received 2025-09-22 --format json

    chinesecalendar 只收录到 2026 年；之后的年份请按 calendar/README.md 新建 calendar/<年份>.yml。
    """
    if extended and extension_notified:
        raise click.UsageError("--extended 与 --extension-notified 只能用其一")
    _check_order(received, correction_received, extension_notified, consultation, reply_date)
    cal = calendar_from_options(calendar_dir, prefer_file)
    sent, replied = consultation if consultation else (None, None)
    result = compute_period(
        received,
        correction_received=correction_received,
        extension_notified=extension_notified,
        extended=extended,
        consultation_sent=sent,
        consultation_replied=replied,
        calendar=cal,
    )
    if (delayed_reply_notified is None) != (delayed_reply_by is None):
        raise click.UsageError(
            "--delayed-reply-notified 与 --delayed-reply-by 应一并给出（条例第三十五条：确定延迟答复的合理期限并告知申请人）"
        )
    delay_valid = delay_moves_last_day(received, delayed_reply_notified, delayed_reply_by, result.last_day)
    last_day = delayed_reply_by if delay_valid else result.last_day
    late = reply_date is not None and reply_date > last_day
    verdict, late_days = late_text(last_day, reply_date, cal) if late else ("未逾期", 0)
    if fmt == "json":
        data = result.to_json()
        data["calendar"] = [
            {
                **d.to_json(),
                "counted": d.date in {c.date for c in result.counted},
                "excluded": d.date in {e.date for e in result.excluded},
            }
            for d in result.days
        ]
        if delayed_reply_notified is not None:
            data["delayed_reply"] = {
                "notified": delayed_reply_notified.isoformat(),
                "by": delayed_reply_by.isoformat(),
                "valid": delay_valid,
                "last_day": last_day.isoformat(),
            }
        if reply_date is not None:
            data["reply"] = {
                "date": reply_date.isoformat(),
                "late": late,
                "late_working_days": late_days,
                "late_calendar_days": max(0, (reply_date - last_day).days),
                "verdict": verdict,
            }
        data["calendar_conflicts"] = [c.to_json() for c in cal.conflicts]
        click.echo(dump_json(data))
    else:
        click.echo(f"收到申请：{received}（{_wd(received)}）")
        if result.restarted_by_correction:
            click.echo(f"收到补正：{result.start}（{_wd(result.start)}），期限自此重新起算（条例第三十条）")
        click.echo(f"补正通知最迟：{result.correction_notice_due}（收到申请后第{CORRECTION_NOTICE_DAYS}个工作日）")
        if result.extension == "valid":
            how = f"{extension_notified} 告知，" if extension_notified else ""
            click.echo(f"延期：{how}有效，原期限 {result.first_deadline}，延长至第40个工作日")
        elif result.extension == "late":
            click.echo(f"延期：{extension_notified} 告知，晚于原期限 {result.first_deadline}，不产生延期效果")
        if sent:
            click.echo(
                f"征求意见：{sent} 至 {replied}，其间 {len(result.excluded)} 个工作日不计算；"
                f"第三方15个工作日最迟约至 {result.third_party_due}"
            )
        click.echo("")
        click.echo(table(_calendar_rows(result), ["日期", "星期", "计数", "说明"]))
        click.echo("")
        click.echo(f"答复期限最后一日：{result.last_day}（{_wd(result.last_day)}），第 {result.period} 个计算工作日")
        click.echo(f"工作日依据：{'；'.join(result.sources)}")
        if delayed_reply_notified is not None:
            if delay_valid:
                click.echo(
                    f"延迟答复（条例第三十五条）：{delayed_reply_notified} 告知，答复期限延至 {delayed_reply_by}"
                    f"（{_wd(delayed_reply_by)}）"
                )
            else:
                click.echo(
                    f"延迟答复（条例第三十五条）：{delayed_reply_notified} 告知、延至 {delayed_reply_by}，"
                    f"告知晚于答复期限最后一日 {result.last_day}，或延迟答复日期不晚于该日，不产生延迟效果"
                )
        if reply_date is not None:
            click.echo(f"答复日期：{reply_date}（{_wd(reply_date)}），{verdict}")
    if late:
        click.get_current_context().exit(EXIT_FINDINGS)


def _bounded(limit: int):
    """A click callback: the value must lie in 0..limit (Chinese message)."""

    def check(ctx, param, value):
        if value is not None and not 0 <= value <= limit:
            raise click.BadParameter(f"应为 0 至 {limit} 之间的整数，实为 {value}", ctx=ctx, param=param)
        return value

    return check


@click.command()
@click.option(
    "--requests-this-month",
    "requests",
    type=click.INT,
    required=True,
    callback=_bounded(MAX_REQUESTS),
    help=f"本件申请是该申请人本自然月的第几件（含本件），0–{MAX_REQUESTS}。",
)
@click.option(
    "--pages",
    type=click.INT,
    default=0,
    show_default=True,
    callback=_bounded(MAX_PAGES),
    help=f"本件申请提供信息的页数，0–{MAX_PAGES}。",
)
@format_option("text", "json")
def fee(requests, pages, fmt):
    """本件申请的信息处理费：按条例第四十二条和国办函〔2020〕109号第三条至第五条，按件、按量两种方法分别计算。

    \b
    109号（2021年1月1日起施行）规定行政机关对每件申请择一按件或按量计收：
    按件计收：本件是该申请人本自然月第1–10件的免费；第11–30件每件100元；
              30件以上每10件为一档，每增加一档每件提高100元（第31–40件每件200元……）。
              收的是本件的费用：本月第31件收200元，不是本月31件之和。
    按量计收：本件30页以下免费；第31–100页每页10元；第101–200页每页20元；200页以上每页40元。
    两种方法由行政机关择一，不得重复收取；是否收费还须以申请数量、频次明显超过合理范围为前提。

    \b
    示例：
      gkrules fee --requests-this-month 12 --pages 0      本月第12件：按件100元
      gkrules fee --requests-this-month 3 --pages 150
      gkrules fee --requests-this-month 35 --pages 250 --format json
    """
    result = compute_fee(requests, pages)
    if fmt == "json":
        click.echo(dump_json(result.to_json()))
        return
    click.echo("本件申请的信息处理费（国办函〔2020〕109号第三条至第五条，2021年1月1日起施行）")
    for method, label in (
        (result.by_count, f"按件计收（本件为本月第{requests}件）"),
        (result.by_volume, f"按量计收（本件{pages}页）"),
    ):
        click.echo(f"{label}：{method.total}元")
        for line in method.lines:
            click.echo(f"  {line}")
        if not method.lines:
            click.echo("  免费")
    month = result.to_json()["month_total_by_count"]
    if month != result.by_count.total:
        click.echo(f"（参考：本月第1至{requests}件按件合计{month}元，各件分别计收）")
    if result.allowed:
        click.echo("本件可以收费（须申请数量、频次明显超过合理范围；两种方法择一）")
    else:
        click.echo("本件不应收费：两种方法均在免费范围内")


@click.group(name="calendar")
def calendar_group():
    """节假日安排文件（calendar/<年份>.yml）的校验。格式见 calendar/README.md。"""


@calendar_group.command(name="check")
@click.argument("directory", required=False, type=click.Path(file_okay=False, exists=True))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="输出格式。"
)
def calendar_check(directory, fmt):
    """校验节假日安排文件，并与 chinesecalendar 逐日比对。

    \b
    示例：
      gkrules calendar check calendar/
      gkrules calendar check tests/fixtures/calendar --format json

    文件有误时逐条报告每一处错误的文件和行号，退出码 2；与 chinesecalendar 不一致时列出差异，退出码 1。
    """
    directory = directory or default_calendar_dir()
    try:
        files = load_directory(directory) if directory else {}
    except HolidayFileError as exc:
        if fmt != "json":
            raise
        errors = exc.errors if isinstance(exc, HolidayFileErrors) else [exc]
        click.echo(dump_json({"directory": str(directory), "errors": [e.as_dict() for e in errors]}))
        click.get_current_context().exit(EXIT_ERROR)
    cal = WorkdayCalendar(files=files)
    if fmt == "json":
        click.echo(
            dump_json(
                {
                    "directory": None if directory is None else str(directory),
                    "files": [
                        {
                            "year": y,
                            "file": f.path,
                            "文号": f.doc_number,
                            "date": f.doc_date.isoformat(),
                            "holidays": len(f.holidays),
                            "working_days": len(f.working_days),
                            "package_covers": cal.package.covers(y),
                        }
                        for y, f in sorted(files.items())
                    ],
                    "covered": cal.coverage_text(),
                    "conflicts": [c.to_json() for c in cal.conflicts],
                }
            )
        )
    else:
        if not files:
            click.echo(f"{directory or 'calendar/'}：没有 <年份>.yml 文件")
        for y, f in sorted(files.items()):
            note = "（软件包已收录，已逐日比对）" if cal.package.covers(y) else ""
            click.echo(
                f"{f.path}：{y} 年，{f.doc_number}（{f.doc_date}），假日 {len(f.holidays)} 天，"
                f"调休上班 {len(f.working_days)} 天{note}"
            )
        click.echo(f"已覆盖：{cal.coverage_text()}")
        for c in cal.conflicts:
            click.echo(f"不一致：{c}")
    if cal.conflicts:
        click.get_current_context().exit(EXIT_FINDINGS)


COMMANDS = [deadline, fee, calendar_group]
