"""``gkrules check`` (draft decision and reply letter against the rules and the template) and ``gkrules draft``."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import click

from ..caseio import load_case
from ..errors import EXIT_ERROR, EXIT_OK, GkError, InputError
from ..redact import printable
from ._calendar import calendar_from_options, calendar_options
from ._common import dump_json, format_option, pass_context, table

SEVERITY_ZH = {"error": "错误", "warning": "提示"}


def _profile(ctx, profile_path):
    from ..letter.profile import letter_codes
    from ..letter.profile import load_profile

    return load_profile(profile_path, letter_codes(ctx.ruleset))


def render_text(result: dict) -> str:
    head = f"{result['id']}  规则类别：{result['category']}（{result['label']}）"
    if result.get("draft_category"):
        head += f"  拟定：{result['draft_category']}"
    if result.get("deadline"):
        head += f"  答复期限：{result['deadline']}"
    lines = [head]
    if result.get("source") == "letter":
        lines.append(f"答复书：{result['letter']}（机关配置：{result['profile']}；无案件文件，案件由答复书推断）")
    elif result.get("letter"):
        lines.append(f"答复书：{result['letter']}（机关配置：{result['profile']}）")
    for w in result.get("warnings", []):
        lines.append(f"注意：{w}")
    rows = []
    for f in result["findings"]:
        message = f["message"]
        rows.append(
            [
                f["code"],
                f["element"],
                SEVERITY_ZH.get(f["severity"], f["severity"]),
                message,
                "" if f.get("line") is None else str(f["line"]),
            ]
        )
    if rows:
        lines.append(table(rows, ["编号", "要素", "级别", "问题（应为／实为）", "行"]))
        errors = sum(1 for f in result["findings"] if f["severity"] == "error")
        lines.append(f"共 {len(rows)} 个问题，其中错误 {errors} 个、提示 {len(rows) - errors} 个。")
    else:
        lines.append("未发现问题。")
    unknown = (result.get("from_letter") or {}).get("not_established") or []
    if unknown:
        lines.append("答复书不能确定、须由案件文件或经办人核实的事项：")
        lines.extend(f"  - {u}" for u in unknown)
    return "\n".join(lines)


@click.command()
@click.argument("cases", nargs=-1, required=True, type=click.Path(dir_okay=False), metavar="CASE|LETTER...")
@click.option(
    "--profile",
    "profile_path",
    type=click.Path(dir_okay=False),
    help="机关配置文件（YAML），默认 profiles/default.yml（严格按标准模板）。",
)
@click.option(
    "--letter",
    "letter_path",
    type=click.Path(dir_okay=False),
    help="答复书文件（.txt 或 .docx），代替案件文件中 decision.letter 指定的文件；只能用于一件案件。",
)
@click.option(
    "--annotate",
    "annotate_path",
    type=click.Path(dir_okay=False),
    help="把每个问题作为批注写入答复书的副本（.docx）；原文件不改动。只能用于一件答复书或案件。",
)
@click.option("--force", is_flag=True, help="--annotate 的输出文件已存在时覆盖。")
@calendar_options
@format_option("text", "json")
@pass_context
def check(ctx, cases, profile_path, letter_path, annotate_path, force, calendar_dir, prefer_file, fmt):
    """发出答复前的检查：拟定的处理结果、答复书、答复期限。

    \b
    可以直接检查答复书（.docx 或 .txt，按扩展名识别），不需要案件文件：机关、申请人、
    收到日期、申请内容、各项的处理决定、所引条文、答复日期都从答复书中读取，检查模板的
    各要素、答复期限、救济途径，以及处理决定与所引条文、理由是否一致（GK-L-07x）；
    答复书不能确定的事项（如该信息是否确属国家秘密）逐条列出，须由案件文件核实。
    --annotate 答复书-审查.docx 把每个问题作为 Word 批注写在相应段落上。

    \b
    检查三方面，问题按答复书的行号排列：
      1. 拟定的处理结果（decision.category）与规则判断的类别是否一致；
      2. 答复书（decision.letter，.txt 或 .docx）是否符合标准模板：标题、文号、称呼、
         收到申请日期、申请内容、处理决定、法律依据、理由、告知事项、救济途径、落款、日期；
      3. 答复期限（条例第三十三条）。

    \b
    示例：
      gkrules check 答复书.docx --annotate 答复书-审查.docx
      gkrules check cases/letters/ok-open-budget-report.txt
      gkrules check cases/letters/ok-open-budget-report.yml
      gkrules check cases/letters/bad-doc-number.yml --format json
      gkrules check 案件.yml --letter 答复书.docx --profile profiles/fuzhou-gulou-audit.yml
      gkrules check cases/letters/*.yml

    \b
    .doc、.wps、.pdf 不能直接检查：请用 WPS/Word “另存为” .docx，或运行
      libreoffice --headless --convert-to docx 答复书.doc

    退出码：0 无错误（可有提示）；1 有错误；2 输入无法使用（文件、行号、字段见错误信息）。
    """
    from ..check import check, check_exit_code
    from ..check_letter import check_letter, is_letter

    if letter_path and len(cases) > 1:
        raise click.UsageError("--letter 只能与一件案件一起使用")
    if letter_path and is_letter(cases[0]):
        raise click.UsageError("--letter 用于案件文件；直接检查答复书时不需要 --letter")
    if annotate_path and len(cases) > 1:
        raise click.UsageError("--annotate 只能用于一件答复书或案件")
    if annotate_path:
        _annotate_target(annotate_path, force, [cases[0], *([letter_path] if letter_path else [])])
    profile = _profile(ctx, profile_path)
    calendar = calendar_from_options(calendar_dir, prefer_file)
    evaluator = ctx.classifier().evaluator
    results, code = [], EXIT_OK
    for path in cases:
        try:
            if is_letter(path):
                checked = check_letter(path, profile=profile, calendar=calendar, evaluator=evaluator)
                typed = checked.result
                result = checked.as_dict()
            else:
                case = load_case(path)
                typed = check(
                    case, path, profile=profile, calendar=calendar, evaluator=evaluator, letter_path=letter_path
                )
                result = typed.as_dict()
            if annotate_path:
                _write_annotated(typed, annotate_path, force)
        except GkError as exc:
            if isinstance(exc, InputError) and exc.file is None:
                exc.file = str(path)  # a problem of this case found without its file (received too early)
            click.echo(f"错误：{exc}", err=True)
            code = EXIT_ERROR
            continue
        results.append(result)
        if code != EXIT_ERROR:
            code = max(code, check_exit_code(result))
        for w in result.get("warnings", []):
            if fmt == "json":
                click.echo(f"注意：{w}", err=True)
    if fmt == "json":
        if results:
            click.echo(dump_json(results[0] if len(cases) == 1 else results))
    else:
        click.echo(printable("\n\n".join(render_text(r) for r in results)))  # no terminal controls from the letter
    if code:
        raise click.exceptions.Exit(code)


@click.command()
@click.argument("case_path", metavar="CASE", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(), help="写入文件（.txt 或 .docx）；不指定则输出到屏幕。")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖。")
@click.option(
    "--profile",
    "profile_path",
    type=click.Path(dir_okay=False),
    help="机关配置文件：文号机关代字、复议机关及地址取自其中。",
)
@click.option("--number", type=click.IntRange(1, 99999), default=1, show_default=True, help="文号顺序号。")
@click.option(
    "--date",
    "day",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="答复日期 YYYY-MM-DD（默认 decision.reply_date，否则今天）。",
)
@pass_context
def draft(ctx, case_path, output, force, profile_path, number, day):
    """按规则判断的类别起草答复书（标准模板）。

    \b
    根据案件文件填写：机关、申请人、收到日期、申请内容、处理决定、所依据的条例条文、
    告知事项和救济途径（2024年1月1日起不予公开须先申请行政复议）。不予公开等须由承办人
    说明的理由以【请填写理由：……】标出；未填写前 gkrules check 报错误 GK-L-045（退出码 1），
    答复书不能发出。

    \b
    示例：
      gkrules draft cases/letters/ok-open-budget-report.yml
      gkrules draft cases/letters/ok-refused-third-party.yml -o 答复书.docx
      gkrules draft 案件.yml -o 答复书.txt --profile profiles/fuzhou-gulou-audit.yml --number 12
      gkrules draft 案件.yml -o 答复书.txt --force      覆盖已有文件
    """
    from ..draft import draft_letter

    profile = _profile(ctx, profile_path)
    case = load_case(case_path)
    reply = day.date() if day else None
    _check_reply_date(case, case_path, reply)
    outcome = ctx.classifier().classify(case)
    text = draft_letter(case, outcome, profile, number=number, day=reply)
    if output is None:
        click.echo(text, nl=False)
        return
    out = Path(output)
    _write_letter(text, out, force)
    click.echo(f"已写入 {out}（类别：{outcome.category}）", err=True)


def _check_reply_date(case, case_path: str, day) -> None:
    """A reply cannot be dated before the application was received."""
    from ..letter.parse import format_date

    if day is not None and day < case.received:
        raise InputError(
            f"答复日期 {format_date(day)}（--date）早于收到申请的日期 {format_date(case.received)}（received），"
            "请检查 --date",
            file=case_path,
        )
    if (
        day is None
        and case.decision is not None
        and case.decision.reply_date is not None
        and case.decision.reply_date < case.received
    ):
        raise InputError(
            f"答复日期 {format_date(case.decision.reply_date)} 早于收到申请的日期 {format_date(case.received)}"
            "（received），请更正案件文件或用 --date 指定答复日期",
            file=case_path,
            field="decision.reply_date",
        )
    if day is None and (case.decision is None or case.decision.reply_date is None) and _dt.date.today() < case.received:
        raise InputError(
            f"收到申请的日期 {format_date(case.received)}（received）晚于今天，答复日期默认为今天；"
            "请用 --date 指定答复日期",
            file=case_path,
            field="received",
        )


def _write_letter(text: str, out: Path, force: bool) -> None:
    """Write the drafted letter to ``out`` (.txt or .docx); every failure is an InputError naming the file."""
    from ..draft import write_docx

    if out.is_dir():
        raise InputError("这是一个目录，不是文件；请给出答复书文件名，如 答复书.txt 或 答复书.docx", file=str(out))
    if out.suffix.lower() not in (".txt", ".docx"):
        raise InputError("输出文件应为 .txt 或 .docx", file=str(out))
    if out.exists() and not force:
        raise InputError("输出文件已存在，未覆盖；如需覆盖请加 --force", file=str(out))
    if not out.parent.is_dir():
        raise InputError(f"无法写入输出文件：目录 {out.parent} 不存在", file=str(out))
    try:
        if out.suffix.lower() == ".docx":
            write_docx(text, out)
        else:
            with open(out, "w" if force else "x", encoding="utf-8") as handle:
                handle.write(text)
    except FileExistsError:
        raise InputError("输出文件已存在，未覆盖；如需覆盖请加 --force", file=str(out)) from None
    except OSError as exc:
        raise InputError(f"无法写入输出文件：{exc.strerror or exc}", file=str(out)) from None


def _annotate_target(out: str, force: bool, inputs: list[str]) -> None:
    """The annotated copy must be a new .docx that is not one of the inputs (checked before any work)."""
    from ._output import ensure_writable

    if Path(out).suffix.lower() != ".docx":
        raise InputError("--annotate 的输出文件应为 .docx", file=out)
    ensure_writable(out, force, inputs)


def _write_annotated(result, out: str, force: bool) -> None:
    from ..letter.annotate import anchor_line, annotate
    from ..letter.read import read_letter

    if result.letter is None:
        raise InputError("案件文件没有答复书（decision.letter），无法写批注；请用 --letter 指定答复书", file=out)
    from ._output import ensure_writable

    ensure_writable(out, force, [str(result.letter)])
    letter = read_letter(result.letter)
    placed = [(f, anchor_line(f, result.parsed)) for f in result.findings]
    warnings: list[str] = []
    count = annotate(result.letter, letter.lines, placed, out, force, warnings)
    for w in warnings:
        click.echo(f"注意：{w}", err=True)
    click.echo(f"已写入 {out}（{count} 条批注）", err=True)


COMMANDS = [check, draft]
