"""``gkrules audit --format xlsx``: a summary sheet and the rows to review, with a frozen header and filters.

Written to the file given with -o only (a spreadsheet is never written to a terminal). Every text cell
goes through :func:`gkrules.output_cells.spreadsheet_cell`; applicants' names only with --show-names.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from .. import categories
from ..errors import GkError

HEADERS = [
    "类型",
    "文件",
    "行",
    "案件",
    "申请人",
    "收到日期",
    "拟定类别",
    "规则结论",
    "决定规则",
    "法律依据",
    "检查发现",
    "说明",
]
KIND = {"disagreement": "类别不一致", "findings": "检查发现", "invalid": "无法使用"}
SEVERITY = {"error": "错误", "warning": "提示"}
WIDTHS = [12, 40, 6, 18, 12, 12, 22, 22, 12, 30, 60, 40]


def require_file(output: str | None) -> None:
    """Refuse, before any work, an .xlsx with no -o file."""
    if not output or output == "-":
        raise GkError("xlsx 是二进制文件，不能输出到终端或标准输出：请用 -o 指定输出文件，如 -o 审查结果.xlsx")


def _category(code: str | None) -> str:
    if not code:
        return "（未拟定）"
    return f"{code} {categories.label(code)}" if code in categories.BY_CODE else code


def invalid_cells(row: dict) -> list:
    """The cells of an unusable case's row: where it is and why, the other columns empty."""
    return [KIND["invalid"], row["file"], row.get("line") or "", row.get("id") or "", *([""] * 7), row["message"]]


def findings_cell(row: dict) -> str:
    """The findings of a row in one cell: ``code（severity）message``, separated by ；."""
    return "；".join(
        f"{f['code']}（{SEVERITY.get(f['severity'], f['severity'])}）{f['message']}" for f in row.get("findings", [])
    )


def row_cells(row: dict, show_names: bool) -> list:
    if row["kind"] == "invalid":
        return invalid_cells(row)
    return [
        KIND.get(row["kind"], row["kind"]),
        row["file"],
        row.get("line") or "",
        row["id"],
        (row.get("applicant") or "") if show_names else "（不输出）",
        str(row.get("received") or ""),
        _category(row.get("draft")),
        _category(row.get("category")),
        row.get("rule") or "",
        row.get("article") or "",
        findings_cell(row),
        "",
    ]


def summary_cells(summary: dict) -> list[list]:
    out = [
        ["审查案件", summary["cases"]],
        ["与拟定类别一致", summary["agree"]],
        ["不一致", summary["disagree"]],
        ["未拟定类别", summary["no_draft"]],
        ["有错误级别发现", summary["with_error_findings"]],
        ["无法使用的输入", summary["invalid"]],
        ["案件编号重复", summary.get("duplicate_ids", 0)],
        ["运行了答复书和期限检查", "是" if summary.get("checks") else "否"],
    ]
    out += [[f"不一致：{d['rule']} {d['article']}", d["count"]] for d in summary.get("disagreements_by_rule", [])]
    out += [
        [f"检查发现：{f['code']}（{SEVERITY.get(f['severity'], f['severity'])}）", f["count"]]
        for f in summary.get("findings_by_code", [])
    ]
    out += [[f"未读取：{s}", ""] for s in summary.get("skipped", [])]
    return out


def write_audit_xlsx(output: str, force: bool, summary: dict, rows: Iterable[dict], show_names: bool) -> None:
    from openpyxl import Workbook

    from ..report.render_xlsx import save, sheet_with_rows

    wb = Workbook()
    sheet_with_rows(wb, "摘要", ["项目", "数量"], summary_cells(summary), [50, 12])
    sheet_with_rows(wb, "需复核的案件", HEADERS, [row_cells(r, show_names) for r in rows], WIDTHS)
    save(wb, output, force)


@contextlib.contextmanager
def xlsx_output(output: str, force: bool, summary: dict, rows: Iterable[dict], show_names: bool):
    """Stands where the text output is opened: the workbook is written, the text stream receives nothing."""
    write_audit_xlsx(output, force, summary, rows, show_names)
    yield _Nothing()


class _Nothing:
    def write(self, text: str) -> None:
        pass
