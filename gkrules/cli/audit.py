"""``gkrules audit``: a batch of cases against the rules and the checks, with output that streams."""

from __future__ import annotations

import csv
import io
import json
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator

import click

from .. import audit as aud
from .. import categories
from ..errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from ..redact import printable
from ._calendar import calendar_options
from ._common import dump_json, ensure_writable, open_output, output_options, pass_context, spreadsheet_cell

# ------------------------------------------------------------------------------------------ the command


class _Progress:
    """A one-line counter on stderr, only when stderr is a terminal."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.done = 0
        self.start = time.monotonic()
        self.last = 0.0

    def add(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if self.enabled and now - self.last > 0.2:
            self.last = now
            rate = self.done / max(now - self.start, 1e-9)
            sys.stderr.write(f"\r已审查 {self.done} 件（{rate:,.0f} 件/秒）")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            sys.stderr.write("\r" + " " * 40 + "\r")
            sys.stderr.flush()


#: how the JSON text of a row of unusable input begins (rows are dicts whose first key is "kind")
_INVALID = '{"kind": "invalid",'


class _Rows:
    """Rows needing a reviewer, spooled to a temporary file so memory stays flat on any batch."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.count = 0

    def add_texts(self, texts: list[str]) -> None:
        """Rows given as their JSON text (``ChunkResult.row_texts``), one line each."""
        if texts:
            self.file.write("\n".join(texts) + "\n")
            self.count += len(texts)

    def __iter__(self):
        for line in self.json_lines():
            yield json.loads(line)

    def of_kind(self, invalid: bool):
        """The rows of unusable input (``invalid``) or the others, read back as dicts; the others are not
        decoded (a spooled row begins with its kind)."""
        for line in self.json_lines():
            if line.startswith(_INVALID) == invalid:
                yield json.loads(line)

    def json_lines(self):
        """Each row as the JSON text it was spooled as (one line, without the line end)."""
        self.file.seek(0)
        for line in self.file:
            yield line.rstrip("\n")

    def close(self) -> None:
        self.file.close()


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@output_options("text", "json", "csv", "xlsx")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="并行的工作进程数（每个进程各自建立规则引擎）。",
)
@click.option("--show-names", is_flag=True, default=False, help="输出申请人姓名或名称（默认不输出）。")
@click.option("--no-checks", is_flag=True, default=False, help="只比对类别，不运行答复书和期限检查。")
@click.option(
    "--letters",
    "letters_dir",
    type=click.Path(file_okay=False, exists=True),
    default=None,
    help="答复书所在的目录（默认只读取所审查目录之内的答复书）。",
)
@calendar_options
@pass_context
def audit(ctx, paths, fmt, output, force, jobs, show_names, no_checks, letters_dir, calendar_dir, prefer_file):
    """批量审查：逐件按规则分类，与经办人拟定的类别比对，并运行 gkrules check 的各项检查。

    PATH 可以是案件目录（递归读取 *.yml/*.yaml，索引文件 index.yml 除外并在摘要中列出）、
    .jsonl 文件（每行一件案件）或 -（从标准输入读取 JSONL）。逐块流式处理，案件再多内存也不增长。
    没有案件文件的目录中的答复书（.docx、.txt）逐件审查：案件由答复书推断，结果与
    gkrules check 答复书 相同（有案件文件的目录中，答复书属于这些案件，不单独审查）。

    \b
    输出先是摘要（案件数、一致、不一致——按决定规则和法律依据分组、检查发现、无法使用的输入），
    然后是需要复核的案件表：拟定类别与规则结论不一致的，以及有错误级别发现的。
    无法使用的案件（格式错误等）列出文件和行号并计数，其余案件照常审查。
    申请人姓名默认不输出（提示信息中的姓名也以“张*”代替），需要时加 --show-names。
    案件引用的答复书（decision.letter）只从命令行给出的目录（.jsonl 为其所在目录）或 --letters 目录中读取；
    指向其他位置的，该案件列为无法使用。符号链接指向的子目录也会读取（每个目录只读一次）；
    无法读取的目录或文件在摘要中列出，退出码为 2。

    \b
    示例：
      gkrules audit cases/
      gkrules audit 2024年度.jsonl --jobs 2 --format csv -o 审查结果.csv
      gkrules gen --count 10000 | gkrules audit - --format json
      gkrules audit cases/ --calendar calendar/

    --format xlsx（须用 -o 指定文件）：“摘要”和“需复核的案件”两张表，表头冻结并可筛选。

    退出码：0 全部一致且无错误；1 有不一致或错误级别的发现；2 有无法使用的输入；130 被 Ctrl-C 中断
    （输出文件只在全部写完后出现，已有的文件不被改动）。
    """
    if fmt == "xlsx":
        from .audit_xlsx import require_file

        require_file(output)
    ensure_writable(output, force, paths)
    settings = aud.Settings(
        rules_dir=ctx.rules_dir,
        calendar_dir=calendar_dir,
        prefer_file=prefer_file,
        show_names=show_names,
        checks=not no_checks,
        letters_dir=letters_dir,
    )
    if settings.checks and (calendar_dir or prefer_file):
        from ._calendar import calendar_from_options

        calendar_from_options(calendar_dir, prefer_file)  # reports file/package differences once
    skipped: list[str] = []
    rows = _Rows()
    progress = _Progress()
    table = _TextTable(show_names) if fmt == "text" else None

    def on_chunk(result: aud.ChunkResult) -> None:
        rows.add_texts(result.row_texts())
        if table is not None:
            table.measure(result.rows)
        progress.add(result.counts["cases"] + result.counts["invalid"])

    units = aud.iter_units(paths, skipped=lambda p, why: skipped.append(f"{p}（{why}）"))
    try:
        total = aud.run(units, settings, jobs=jobs, on_chunk=on_chunk)
    finally:
        progress.close()
    summary = summarize(total, skipped, checks=settings.checks)
    try:
        from .audit_xlsx import xlsx_output

        with (
            xlsx_output(output, force, summary, rows, show_names)
            if fmt == "xlsx"
            else open_output(output, force, newline="" if fmt == "csv" else None)
        ) as out:
            if fmt == "json":
                write_json(out, summary, rows)
            elif fmt == "csv":
                write_csv(out, rows, show_names)
            elif fmt == "text":
                out.write(render_text(summary, rows, show_names, table))
    finally:
        rows.close()
    if fmt == "csv" or output:
        click.echo(printable(summary_text(summary)), err=True)
    c = total.counts
    code = EXIT_ERROR if c["invalid"] else EXIT_FINDINGS if (c["disagree"] or c["with_error_findings"]) else EXIT_OK
    raise click.exceptions.Exit(code)


def summarize(total: aud.ChunkResult, skipped: list[str], checks: bool) -> dict:
    c = total.counts
    return {
        "cases": c["cases"],
        "agree": c["agree"],
        "disagree": c["disagree"],
        "no_draft": c["no_draft"],
        "with_error_findings": c["with_error_findings"],
        "invalid": c["invalid"],
        "duplicate_ids": c["duplicate_ids"],
        "checks": checks,
        "disagreements_by_rule": [
            {"rule": rule, "article": article, "count": n}
            for (rule, article), n in sorted(total.by_rule.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "findings_by_code": [
            {"code": code, "severity": sev, "count": n}
            for (code, sev), n in sorted(total.by_finding.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "skipped": skipped,
    }


def summary_text(s: dict) -> str:
    lines = [
        f"审查案件 {s['cases']} 件：与拟定类别一致 {s['agree']} 件，不一致 {s['disagree']} 件，"
        f"未拟定类别 {s['no_draft']} 件；有错误级别发现 {s['with_error_findings']} 件；无法使用的输入 {s['invalid']} 件。"
    ]
    if s["duplicate_ids"]:
        lines.append(f"其中案件编号重复 {s['duplicate_ids']} 件：重复的案件未再计入。")
    if not s["checks"]:
        lines.append("（未运行答复书和期限检查，只比对了类别。）")
    if s["disagreements_by_rule"]:
        lines.append("不一致，按决定规则：")
        lines += [f"  {d['rule']}  {d['article']}  {d['count']} 件" for d in s["disagreements_by_rule"]]
    if s["findings_by_code"]:
        lines.append("检查发现，按规则：")
        lines += [
            f"  {f['code']}  {_SEVERITY.get(f['severity'], f['severity'])}  {f['count']} 处"
            for f in s["findings_by_code"]
        ]
    for item in s["skipped"]:
        lines.append(f"未读取：{item}")
    return "\n".join(lines)


# the columns and words of a row are the same in CSV and .xlsx: one definition, in audit_xlsx
from .audit_xlsx import HEADERS as CSV_HEADERS  # noqa: E402
from .audit_xlsx import KIND as _KIND  # noqa: E402
from .audit_xlsx import SEVERITY as _SEVERITY  # noqa: E402
from .audit_xlsx import findings_cell, invalid_cells  # noqa: E402

TABLE_HEADERS = ["位置", "案件", "申请人", "拟定类别", "规则结论", "决定规则", "法律依据", "检查发现"]


def _where(row: dict) -> str:
    return printable(f"{row['file']}:{row['line']}" if row.get("line") else str(row["file"]))


def _label(code: str | None) -> str:
    if not code:
        return "（未拟定）"
    return f"{code} {categories.label(code)}" if code in categories.BY_CODE else code


class _TextTable:
    """The text output's table of cases to review: its columns' widths are measured as the rows arrive
    (while the workers audit), so that writing it at the end reads each row once."""

    def __init__(self, show_names: bool) -> None:
        from wcwidth import wcswidth

        self.wcswidth = wcswidth
        self.show_names = show_names
        self.headers = [h for h in TABLE_HEADERS if show_names or h != "申请人"]
        self.widths = [wcswidth(h) for h in self.headers]

    def cells(self, row: dict) -> list[str]:
        out = [_where(row), row["id"]] + ([row.get("applicant") or ""] if self.show_names else [])
        out += [_label(row["draft"]), _label(row["category"]), row["rule"], row["article"], findings_cell(row)]
        return [printable(str(c)).replace("\n", " ") for c in out]

    def measure(self, rows: Iterable[dict]) -> None:
        """Widen the columns for these rows (the last column is not padded)."""
        widths, wcswidth = self.widths, self.wcswidth
        for row in rows:
            if row["kind"] == "invalid":
                continue
            for i, cell in enumerate(self.cells(row)[:-1]):
                w = wcswidth(cell)
                if w > widths[i]:
                    widths[i] = w


def render_text(summary: dict, rows: _Rows, show_names: bool, table: _TextTable | None = None) -> str:
    """The text output; ``table`` has measured every row already, or is made here and measures them."""
    if table is None:
        table = _TextTable(show_names)
        table.measure(rows)
    headers, widths, wcswidth = table.headers, table.widths, table.wcswidth
    buf = io.StringIO()
    buf.write(printable(summary_text(summary)) + "\n")

    def line(values):
        parts = [v + " " * (widths[i] - wcswidth(v)) for i, v in enumerate(values[:-1])]
        buf.write("  ".join(parts + [values[-1]]).rstrip() + "\n")

    if summary["disagree"] or summary["with_error_findings"]:
        buf.write("\n需要复核的案件：\n")
        line(headers)
        line(["-" * w for w in widths[:-1]] + ["-" * wcswidth(headers[-1])])
        for row in rows.of_kind(invalid=False):
            line(table.cells(row))
    if summary["invalid"]:
        buf.write("\n无法使用的输入：\n")
        for text in _invalid_lines(rows.of_kind(invalid=True)):
            buf.write(f"  {printable(text)}\n")
    return buf.getvalue()


def _invalid_lines(rows) -> Iterator[str]:
    """The unusable inputs, one a line; a run of lines of one file with the same problem (a file saved in
    GBK, say) is one line naming the first and last line (JSON and CSV keep a row for each)."""
    run: list[dict] = []
    problem = None

    def flush():
        if len(run) >= RUN_MIN:
            first, last = run[0], run[-1]
            yield f"{first['file']}:{first['line']}–{last['line']}（共 {len(run)} 行）: {problem}"
        else:
            yield from (r["message"] for r in run)

    for row in rows:
        prefix = f"{row['file']}:{row['line']}: "
        same = row["message"][len(prefix) :] if row["line"] and row["message"].startswith(prefix) else None
        if (
            run
            and same is not None
            and same == problem
            and row["file"] == run[-1]["file"]
            and row["line"] == run[-1]["line"] + 1
        ):
            run.append(row)
            continue
        yield from flush()
        run, problem = ([row], same) if same is not None else ([], None)
        if same is None:
            yield _located(row)
    yield from flush()


def _located(row: dict) -> str:
    """An unusable input's message, led by the case's file and line when the message names another file
    (a holiday-arrangement directory, say)."""
    message = row["message"]
    if message.startswith(row["file"]):
        return message
    where = f"{row['file']}:{row['line']}" if row.get("line") else row["file"]
    return f"{where}: {message}"


#: consecutive lines with the same problem shown as one line in the text output
RUN_MIN = 3


def write_json(out, summary: dict, rows: _Rows) -> None:
    out.write('{"summary": ' + dump_json(summary) + ',\n "rows": [\n')
    first = True
    for line in rows.json_lines():  # spooled by json.dumps(row, ensure_ascii=False): written as it is
        out.write(("" if first else ",\n") + line)
        first = False
    out.write("\n]}\n")


def write_csv(out, rows: _Rows, show_names: bool) -> None:
    """UTF-8 with a BOM so that spreadsheet programs read the Chinese text; one row per case to review."""
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    for row in rows:
        if row["kind"] == "invalid":
            cells = invalid_cells(row)
        else:
            cells = [
                _KIND[row["kind"]],
                row["file"],
                row.get("line") or "",
                row["id"],
                (row.get("applicant") or "") if show_names else "（不输出）",
                row["received"],
                row["draft"] or "",
                row["category"],
                row["rule"],
                row["article"],
                findings_cell(row),
                "",
            ]
        # a cell that a spreadsheet would run as a formula (an id "=HYPERLINK(…)") stays text
        writer.writerow([spreadsheet_cell(c) for c in cells])


COMMANDS = [audit]
