"""Spreadsheets (.xlsx, openpyxl): the table in the official layout, and the results of checking many reports.

The table sheet follows the published form: the header cells 申请人情况, 法人或其他组织 and the five
kinds of organisation merged as printed, row labels verbatim, 三、本年度办理结果 and the sub-row titles
（三）…（六） merged down over their rows — ready to paste into a report. Every text cell goes through
:func:`gkrules.output_cells.spreadsheet_cell`, so nothing is read as a formula.
"""

from __future__ import annotations

from pathlib import Path

from ..atomic_write import EXISTS, atomic_file
from ..errors import InputError
from ..output_cells import spreadsheet_cell
from .forms import BALANCE_NOTE, COLUMN_LABELS, COLUMNS, TITLE, Table

ORG_HEADERS = tuple(COLUMN_LABELS[c] for c in COLUMNS[1:])


def _styles():
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    return (
        Alignment(horizontal="center", vertical="center", wrap_text=True),
        Alignment(horizontal="left", vertical="center", wrap_text=True),
        Border(left=thin, right=thin, top=thin, bottom=thin),
        Font(bold=True),
    )


def table_workbook(table: Table, notes: list[str] | tuple[str, ...] = ()):
    from openpyxl import Workbook

    center, left, border, bold = _styles()
    wb = Workbook()
    ws = wb.active
    ws.title = "申请情况"
    title = TITLE + (f"（{table.year} 年度）" if table.year else "")
    ws.cell(1, 1, spreadsheet_cell(title)).font = bold
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=10)
    header = [
        (2, 1, 4, 3, BALANCE_NOTE),
        (2, 4, 2, 10, "申请人情况"),
        (3, 4, 4, 4, "自然人"),
        (3, 5, 3, 9, "法人或其他组织"),
        (3, 10, 4, 10, "总计"),
    ] + [(4, 5 + i, 4, 5 + i, name) for i, name in enumerate(ORG_HEADERS)]
    for r0, c0, r1, c1, text in header:
        ws.cell(r0, c0, spreadsheet_cell(text))
        if (r0, c0) != (r1, c1):
            ws.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)
    first = 5
    rows = table.rows
    result_rows = [i for i, r in enumerate(rows) if r.numbering[0] == "三"]
    for i, row in enumerate(rows):
        r = first + i
        top, roman, number = row.numbering
        if top != "三":  # 一、二、四: one label over the three label columns
            ws.cell(r, 1, spreadsheet_cell((row.cells[0] + row.cells[1]).strip()))
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
        elif number is None:  # (一) (二) (六 of 2019) (七): the sub-row title over two columns
            ws.cell(r, 2, spreadsheet_cell(row.cells[1]))
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=3)
        else:
            if row.cells[1]:
                span = sum(1 for x in rows if x.numbering[1] == roman and x.numbering[0] == "三")
                ws.cell(r, 2, spreadsheet_cell(row.cells[1]))
                if span > 1:
                    ws.merge_cells(start_row=r, start_column=2, end_row=r + span - 1, end_column=2)
            ws.cell(r, 3, spreadsheet_cell(row.cells[2]))
        for j, value in enumerate(table.values[row.key]):
            ws.cell(r, 4 + j, value)
    head = first + result_rows[0]
    ws.cell(head, 1, spreadsheet_cell(rows[result_rows[0]].cells[0]))
    ws.merge_cells(start_row=head, start_column=1, end_row=first + result_rows[-1], end_column=1)
    last = first + len(rows) - 1
    for line in ws.iter_rows(min_row=2, max_row=last, max_col=10):
        for cell in line:
            cell.border = border
            cell.alignment = center if cell.column != 3 and cell.column != 2 else left
    for i, note in enumerate(notes, start=last + 2):
        ws.cell(i, 1, spreadsheet_cell(f"说明：{note}"))
    for col, width in zip("ABCDEFGHIJ", (10, 22, 40, 9, 9, 9, 11, 11, 9, 9)):
        ws.column_dimensions[col].width = width
    return wb


def sheet_with_rows(wb, title: str, headers: list[str], rows: list[list], widths: list[int] | None = None):
    """A sheet with a bold frozen header row and filters over the data."""
    from openpyxl.utils import get_column_letter

    _, _, _, bold = _styles()
    ws = wb.create_sheet(title)
    if "Sheet" in wb.sheetnames:  # the empty sheet of a new workbook
        del wb["Sheet"]
    ws.append([spreadsheet_cell(h) for h in headers])
    for cell in ws[1]:
        cell.font = bold
    for row in rows:
        ws.append([spreadsheet_cell(v) for v in row])
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(1, len(rows) + 1)}"
    for i, w in enumerate(widths or [], start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    return ws


def save(wb, path: str | Path, force: bool) -> None:
    """Write the workbook to ``path`` whole or not at all, never over an existing file without --force
    (``gkrules.atomic_write``)."""
    target = Path(path)
    if target.exists() and not force:
        raise InputError(EXISTS, file=str(target))
    with atomic_file(target, force, binary=True) as handle:
        wb.save(handle)
