"""The annual-report table 三、收到和处理政府信息公开申请情况: built from cases, read from published reports, checked.

Modules: :mod:`.forms` (the 2019 and 2021 forms), :mod:`.build` (counting cases), :mod:`.carried`
(the carried-over file), :mod:`.balance` and :mod:`.corrections` (the balance and its explanation),
:mod:`.labels` (printed row labels), :mod:`.grid` and :mod:`.flow` (finding the table in rows of cells
or in lines of text), the readers :mod:`.read_pdf`, :mod:`.read_docx`, :mod:`.read_html`,
:mod:`.read_text` and their dispatcher :mod:`.read`, :mod:`.crossyear` (carry-over between years),
:mod:`.check` (many reports at once), :mod:`.render` and :mod:`.render_xlsx` (output).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import EngineError, InputError
from .balance import BalanceError, Finding, check_values, equations
from .build import ReportBuilder, Tally
from .carried import CARRY_HELP, MAX_CARRIED, CarryEntry, load_carried_over
from .forms import (
    BALANCE_NOTE,
    CARRY_RESULTS,
    COLUMN_LABELS,
    COLUMNS,
    CSV_HEADER,
    FORM_NAMES,
    FORMS,
    HEADERS,
    NCOLS,
    OTHER_2021,
    ROWS,
    TITLE,
    TOTAL,
    Row,
    Table,
    form_for_year,
    result_keys,
    row_key,
)
from .grid import FilledReport
from .read import read_report
from .render import render_csv, render_text, table_json


def read_table(path: str | Path) -> tuple[Table, dict[str, int]]:
    """A filled table and each row's line (or page)."""
    report = read_report(path)
    return report.table, report.lines


def check_table(path: str | Path) -> tuple[Table, list[BalanceError]]:
    """Read a filled table and return every balance error, each naming its cell (row and column)."""
    report = read_report(path)
    return report.table, check_values(report.table, report.lines)


__all__ = [
    "BALANCE_NOTE",
    "CARRY_HELP",
    "CARRY_RESULTS",
    "COLUMNS",
    "COLUMN_LABELS",
    "CSV_HEADER",
    "FORMS",
    "FORM_NAMES",
    "HEADERS",
    "MAX_CARRIED",
    "NCOLS",
    "OTHER_2021",
    "ROWS",
    "TITLE",
    "TOTAL",
    "BalanceError",
    "CarryEntry",
    "EngineError",
    "FilledReport",
    "Finding",
    "InputError",
    "ReportBuilder",
    "Row",
    "Table",
    "Tally",
    "check_table",
    "check_values",
    "equations",
    "form_for_year",
    "load_carried_over",
    "read_report",
    "read_table",
    "render_csv",
    "render_text",
    "result_keys",
    "row_key",
    "table_json",
]
