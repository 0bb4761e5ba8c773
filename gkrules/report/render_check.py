"""The results of ``gkrules report check`` as text, JSON, CSV and .xlsx: a summary row per report, then findings."""

from __future__ import annotations

import csv
import io
import re

from .check import ReportResult
from .crossyear import CarryMismatch
from .forms import HEADERS

SUMMARY_HEADERS = ["文件", "机关", "年度", "格式", "结论", "发现数"]
FINDING_HEADERS = ["文件", "位置", "级别", "类别", "行", "列", "说明", "应为"]
SEVERITY = {"error": "错误", "warning": "警告"}
KIND = {
    "balance": "勾稽关系",
    "blank": "空单元格",
    "label": "行名",
    "form": "表格格式",
    "encoding": "编码",
    "carry-over": "跨年度结转",
    "unreadable": "无法读取",
    "no_table": "未找到表格",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text) -> str:
    """Text from an input file, without terminal control sequences."""
    return _CONTROL.sub("", "" if text is None else str(text))


def summary_rows(results: list[ReportResult]) -> list[list]:
    return [
        [
            s["file"],
            s["agency"] or "",
            s["year"] or "",
            f"{s['form']} 年格式" if s["form"] else "",
            s["verdict"],
            s["findings"],
        ]
        for s in (r.summary() for r in results)
    ]


def finding_rows(results: list[ReportResult]) -> list[list]:
    out: list[list] = []
    for r in results:
        if r.report is None:
            err = r.error
            where = err.location() if err is not None else r.file
            out.append([r.file, where, "错误", KIND[r.status], "", "", err.message if err else "", ""])
            continue
        for f in r.findings:
            out.append(
                [
                    r.file,
                    r.report.where(n=f.line),
                    SEVERITY[f.severity],
                    KIND.get(f.kind, f.kind),
                    f.row or "",
                    f.column or "",
                    f.message,
                    "" if f.expected is None else f.expected,
                ]
            )
        for m in r.carry:
            out.append(
                [r.file, f"{m.file} / {m.next_file}", "错误", KIND["carry-over"], "四 / 二", m.column, m.message, ""]
            )
    return out


def render_text(results: list[ReportResult], mismatches: list[CarryMismatch], skipped: list[str]) -> str:
    from ..output_cells import text_table as table

    lines = [table([[clean(c) for c in row] for row in summary_rows(results)], SUMMARY_HEADERS), ""]
    for r in results:
        if r.report is None:
            lines.append(f"{clean(r.error)}" if r.error else f"{r.file}: 无法读取")
            continue
        if not r.findings:
            continue
        rep = r.report
        head = "，".join(
            x for x in (rep.agency, f"{rep.year} 年度" if rep.year else "", f"{rep.table.form} 年格式") if x
        )
        lines.append(f"{r.file}（{clean(head)}）：")
        shown, grouped = _group_blanks(r)
        lines += [f"  {r.file}: 警告 {text}" for text in grouped]
        for f in sorted(shown, key=lambda f: (f.line is None, f.line or 0)):
            cell = f" [{' / '.join(x for x in (f.row, f.column) if x)}]" if f.row or f.column else ""
            lines.append(f"  {rep.where(n=f.line)}: {SEVERITY[f.severity]}{clean(cell)} {clean(f.message)}")
    if mismatches:
        lines.append("跨年度核对（四 结转下年度 = 次年 二 上年结转）：")
        lines += [f"  错误 {clean(m.message)}" for m in mismatches]
    for s in skipped:
        lines.append(f"未读取：{clean(s)}")
    counts = {v: sum(1 for r in results if r.verdict == v) for v in ("平衡", "有警告", "有错误", "无法读取")}
    if any(r.status == "no_table" for r in results):
        counts["未找到表格"] = sum(1 for r in results if r.status == "no_table")
    lines.append(f"共 {len(results)} 份报告：" + "，".join(f"{k} {n}" for k, n in counts.items()) + "。")
    return "\n".join(lines) + "\n"


def _group_blanks(result: ReportResult) -> tuple[list, list[str]]:
    """Blank-cell warnings of a whole column or a whole row told once (text output only; the others list each cell)."""
    assert result.report is not None  # only readable reports have findings
    table = result.report.table
    blank = [f for f in result.findings if f.kind == "blank"]
    cells = set(table.blanks())
    keys = [r.key for r in table.rows]
    labels = {r.key: r.label for r in table.rows}
    columns = [j for j in range(len(HEADERS)) if all((k, j) in cells for k in keys)]
    rows = [k for k in keys if all((k, j) in cells for j in range(len(HEADERS))) and not columns]
    grouped = [f"“{HEADERS[j]}”列全部 {len(keys)} 行为空（未填写）；涉及该列的勾稽关系未核对" for j in columns]
    grouped += [f"“{labels[k]}”行全部为空（未填写）；涉及该行的勾稽关系未核对" for k in rows]
    covered = {HEADERS[j] for j in columns}
    row_labels = {labels[k] for k in rows}
    shown = [f for f in result.findings if f not in blank or (f.column not in covered and f.row not in row_labels)]
    return shown, grouped


def render_json(results: list[ReportResult], mismatches: list[CarryMismatch], skipped: list[str]) -> dict:
    return {
        "reports": [r.as_dict() for r in results],
        "carry_over": [m.as_dict() for m in mismatches],
        "skipped": skipped,
    }


def render_csv(results: list[ReportResult]) -> str:
    """One row per finding (and one per report without findings), the report's summary on every row; BOM for Excel."""
    from ..output_cells import spreadsheet_cell

    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(SUMMARY_HEADERS + FINDING_HEADERS[1:])
    findings = finding_rows(results)
    for summary in summary_rows(results):
        mine = [f for f in findings if f[0] == summary[0]] or [[summary[0]] + [""] * (len(FINDING_HEADERS) - 1)]
        for f in mine:
            writer.writerow([spreadsheet_cell(v) for v in summary + f[1:]])
    return out.getvalue()


def check_workbook(results: list[ReportResult]):
    from openpyxl import Workbook

    from .render_xlsx import sheet_with_rows

    wb = Workbook()
    sheet_with_rows(wb, "汇总", SUMMARY_HEADERS, summary_rows(results), [40, 24, 8, 12, 10, 8])
    sheet_with_rows(wb, "发现", FINDING_HEADERS, finding_rows(results), [40, 30, 6, 10, 36, 12, 80, 8])
    return wb
