"""``gkrules report``: the annual-report table from cases; ``gkrules report check``: a filled table's balance."""

from __future__ import annotations

from pathlib import Path

import click

from .. import report as rep
from ..batch_input import JSONL_SUFFIXES, iter_cases
from ..case_ids import IdRegistry, duplicate_message
from ..errors import EXIT_ERROR, EXIT_FINDINGS, GkError, InputError
from ._common import dump_json, ensure_writable, open_output, output_options, pass_context


class _DefaultGroup(click.Group):
    """A group whose arguments go to ``build`` unless the first names a subcommand; its help shows build's options."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["build", *args]
        return super().parse_args(ctx, args)

    def format_usage(self, ctx, formatter):
        path = ctx.command_path
        formatter.write_usage(path, "[build] --year YYYY PATH... [OPTIONS]")
        formatter.write_usage(path, "check FILE|DIR... [--format text|json|csv|xlsx]", prefix=" " * len("Usage: "))

    def format_options(self, ctx, formatter):
        super().format_options(ctx, formatter)
        build_cmd = self.commands.get("build")
        if build_cmd is None:
            return
        with click.Context(build_cmd, info_name="build", parent=ctx) as sub:
            records = [
                r
                for p in build_cmd.get_params(sub)
                if isinstance(p, click.Option) and "--help" not in p.opts and (r := p.get_help_record(sub))
            ]
        with formatter.section("生成表格（build，默认子命令）的选项；完整说明见 gkrules report build --help"):
            formatter.write_dl(records)


@click.group(cls=_DefaultGroup)
def report():
    """年度报告表“三、收到和处理政府信息公开申请情况”：由案件生成（build，默认子命令，可省略），或核对已填好的表（check）。

    \b
    示例：
      gkrules report --year 2024 cases/                     由案件生成 2024 年度的表（2021 年格式：（六）其他处理分三行）
      gkrules report --year 2024 cases/ --form 2019         2019 年格式：（六）其他处理一行
      gkrules report --year 2024 batch.jsonl --format csv -o 表.csv
      gkrules report --year 2024 cases/ --carried-over 上年结转.yml
      gkrules report --year 2024 cases/ --format xlsx -o 表.xlsx   按公开的表格版式写入 Excel
      gkrules report check 年报/ 2024年度报告.pdf           核对已公开的年度报告（PDF、Word、网页、表格）

    “gkrules report build --help”查看生成表格的全部选项。
    """


@report.command("build")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--year", type=click.IntRange(2019, 2100), required=True, help="报告年度，如 2024。")
@click.option(
    "--form",
    type=click.Choice(rep.FORMS),
    default=None,
    help="表格格式：2019（国办公开办函〔2019〕60号）或 2021（国办公开办函〔2021〕30号，"
    "“（六）其他处理”分三行）。默认：2021 年及以后的年度用 2021，此前用 2019。",
)
@click.option(
    "--carried-over",
    "carried",
    type=click.Path(dir_okay=False, exists=True),
    help="上年结转文件（YAML 或 CSV，格式见下）。",
)
@click.option(
    "--by",
    type=click.Choice(["rules", "draft"]),
    default="rules",
    show_default=True,
    help="rules：按规则得出的类别计数；draft：按经办人拟定的类别（decision.category）计数。",
)
@output_options("text", "json", "csv", "xlsx")
@pass_context
def build(ctx, paths, year, form, carried, by, fmt, output, force):
    """由案件生成年度报告表“三、收到和处理政府信息公开申请情况”。

    PATH 可以是案件目录（递归读取 *.yml/*.yaml，索引文件 index.yml 除外）、.jsonl 文件或 -（标准输入）。

    \b
    计数办法（每件申请只计一行，“区分处理的，只计这一情形”）：
      - 本年收到的申请计入“一、本年新收”；
      - 此前收到、本年初尚未答复的申请计入“二、上年结转”，再加上 --carried-over 文件中的件数；
      - 本年内答复的（decision.reply_date 不晚于 12 月 31 日）按类别计入“三”的一行；
      - 年底仍未答复的（没有 reply_date，或答复在次年）计入“四、结转下年度继续办理”；
      - 其他年度的案件不计入，并在说明中列出件数。
    生成后核对勾稽关系：一+二 = 三(七)+四（每列），各总计行、总计列等于各项之和。

    \b
    上年结转文件：
      YAML：列表，每项 type（申请人类型）、result（本年度办理结果：类别代码；2021 年格式可写
      other/no_correction、other/fee_unpaid、other/other；年底仍未办结写 pending）、count（件数）
        - {type: natural_person, result: open, count: 2}
        - {type: legal_service_org, result: pending, count: 1}
      CSV（UTF-8）：表头 type,result,count，每行一项。

    \b
    输出：text 按公开的表格版式（中文对齐）；csv 为带 BOM 的 UTF-8（Excel 可直接打开）；json；
    xlsx 按公开的表格版式（合并的表头单元格、行名原文），可直接粘贴到年度报告中，须用 -o 指定文件。
    案件编号（id）在一批中应唯一：编号重复的案件只计第一次，其余在标准错误中列出两处位置。
    退出码：0 成功；2 有无法使用的案件文件或重复编号（仍输出其余案件的表，并在标准错误中列出文件和行号）。
    """
    if fmt == "xlsx" and not output:
        raise GkError("xlsx 是二进制文件，不能输出到终端：请用 -o 指定输出文件，如 -o 年度报告表.xlsx")
    ensure_writable(output, force)
    form = form or ("2021" if year >= 2021 else "2019")
    builder = rep.ReportBuilder(year, form, ctx.classifier(), by=by)
    skipped: list[str] = []
    invalid = 0
    if carried:
        for entry in rep.load_carried_over(carried):
            builder.add_carried(entry.type, entry.result, entry.count)
    with IdRegistry() as ids:
        for source, line, item in iter_cases(paths, skipped=lambda p, why: skipped.append(f"{p}（{why}）")):
            if isinstance(item, InputError):
                invalid += 1
                click.echo(f"错误：{item}", err=True)
                continue
            line = line if source.lower().endswith(JSONL_SUFFIXES) or source == "<stdin>" else None
            first = ids.add(item.id, source, line)
            if first is not None:
                builder.tally.duplicates += 1
                where = f"{source}:{line}" if line else source
                click.echo(f"错误：{where}: {duplicate_message(item.id, first)}", err=True)
                continue
            try:
                builder.add(item)
            except GkError as exc:
                invalid += 1
                where = f"{source}:{line}" if line else source
                click.echo(f"错误：{where}: {exc}", err=True)
    builder.tally.invalid = invalid
    table = builder.result()
    notes = _notes(builder, skipped, year)
    if fmt == "xlsx":
        from ..report.render_xlsx import save, table_workbook

        save(table_workbook(table, notes), output, force)
    else:
        _write(output, force, fmt, table, builder, notes)
    if fmt != "text":
        for n in notes:
            click.echo(f"说明：{n}", err=True)
    if invalid or builder.tally.duplicates:
        raise click.exceptions.Exit(EXIT_ERROR)


def _write(output, force, fmt, table, builder, notes) -> None:
    with open_output(output, force) as out:
        if fmt == "json":
            data = rep.table_json(table, builder.tally)
            data["notes"] = notes
            out.write(dump_json(data) + "\n")
        elif fmt == "csv":
            out.write(rep.render_csv(table))
        else:
            out.write(rep.render_text(table, notes))


def _notes(builder: rep.ReportBuilder, skipped: list[str], year: int) -> list[str]:
    t = builder.tally
    notes = [
        f"本年新收 {t.counted} 件；上年结转 {t.carried_cases + t.carried_from_file} 件"
        f"（案件文件 {t.carried_cases} 件，结转文件 {t.carried_from_file} 件）；"
        f"计数依据：{'规则结论' if builder.by == 'rules' else '经办人拟定的类别'}。"
    ]
    if t.other_years:
        notes.append(f"{t.other_years} 件案件不属于 {year} 年度（此后收到，或在 {year} 年之前已答复），未计入。")
    if t.invalid:
        notes.append(f"{t.invalid} 件案件无法使用，未计入（见标准错误中的文件和行号）。")
    if t.duplicates:
        notes.append(f"{t.duplicates} 件案件的编号与此前的案件重复，未重复计入（见标准错误中的两处位置）。")
    for s in skipped:
        notes.append(f"未读取：{s}")
    return notes


@report.command("check")
@click.argument("paths", nargs=-1, required=True, metavar="FILE|DIR...")
@output_options("text", "json", "csv", "xlsx")
def check(paths, fmt, output, force):
    """核对已公开的年度报告中“三、收到和处理政府信息公开申请情况”表：勾稽关系、空单元格、行名、表格格式、跨年度结转。

    \b
    FILE 可以是：
      - 年度报告 PDF（有文字层；扫描件无法读取，会说明）；
      - Word 文档（.docx）、从政府网站保存的网页（.html）；
      - 从网页复制的表格（每行一行，单元格以制表符或多个空格分隔，空白单元格、合并单元格只在首行的行名都可）；
      - Excel 表格（.xlsx，如 gkrules report --format xlsx 的输出）、CSV（如 gkrules report --format csv 的输出）、gkrules report 的文本输出、年度报告全文的文本。
    DIR：读取目录中（含子目录）上述类型的全部文件。按内容和扩展名识别文件类型，在全文中找到这张表。
    年度和机关取自报告标题（如“淮安市人民政府2024年政府信息公开工作年度报告”），没有标题时年度取自文件名。

    \b
    核对：
      - 每行的总计 = 自然人 + 五类法人或其他组织；
      - 每列的 (七) 总计 = (一) 至 (六) 各行之和；
      - 每列：一、本年新收 + 二、上年结转 = 三(七) 总计 + 四、结转下年度；
      - 空单元格视为“未填写”（警告，指明行和列），不涉及它的勾稽关系照常核对；
      - 行名与表格样式不同（如错字）：警告并给出样式中的行名；
      - 2021 年及以后的年度应使用 2021 年格式（国办公开办函〔2021〕30号），用 2019 年格式的给出警告；
      - 同一机关相邻两年：上一年“四、结转下年度继续办理”应等于下一年“二、上年结转”（每列）。
    只有一个单元格能解释全部不平衡时，指出该单元格及其应有的值（该值满足全部勾稽关系）；
    否则说明哪些等式互相矛盾、哪些行最可疑。

    \b
    输出：先是每份报告一行的汇总（文件、机关、年度、格式、结论、发现数），然后是各项发现。
    --format csv 每项发现一行（带 BOM，Excel 可直接打开）；--format xlsx 须用 -o 指定文件（“汇总”和“发现”两张表）。

    \b
    示例：
      gkrules report check 2024年度报告.pdf
      gkrules report check 年报/ --format xlsx -o 核对结果.xlsx
      gkrules report check 表.csv --format json

    退出码：0 全部平衡（可有警告）；1 有错误（不平衡、跨年度不符）或有文件中找不到这张表；
    2 有文件完全无法读取（扫描件、损坏、编码无法识别、缺行等；其余文件照常核对）。
    """
    if fmt == "xlsx" and not output:
        raise GkError("xlsx 是二进制文件，不能输出到终端：请用 -o 指定输出文件，如 -o 核对结果.xlsx")
    ensure_writable(output, force)
    from ..report import render_check as rc
    from ..report.check import check_reports, collect_files

    if output and output != "-":
        target = Path(output).resolve()
        if any(f.resolve() == target for f in collect_files(list(paths))[0]):
            raise InputError("输出文件是要核对的报告之一，已拒绝覆盖；请换一个输出文件名", file=output)
    results, mismatches, skipped = check_reports(list(paths))
    if fmt == "xlsx":
        from ..report.render_xlsx import save

        save(rc.check_workbook(results), output, force)
    else:
        with open_output(output, force, newline="" if fmt == "csv" else None) as out:
            if fmt == "json":
                out.write(dump_json(rc.render_json(results, mismatches, skipped)) + "\n")
            elif fmt == "csv":
                out.write(rc.render_csv(results))
            else:
                out.write(rc.render_text(results, mismatches, skipped))
    if fmt != "text" and output:
        click.echo(rc.render_text(results, mismatches, skipped).splitlines()[-1], err=True)
    if skipped or any(r.status == "unreadable" for r in results):
        if fmt != "text":
            for r in results:
                if r.error is not None:
                    click.echo(f"错误：{r.error}", err=True)
        raise click.exceptions.Exit(EXIT_ERROR)
    if any(r.status in ("error", "no_table") for r in results):
        raise click.exceptions.Exit(EXIT_FINDINGS)


COMMANDS = [report]
