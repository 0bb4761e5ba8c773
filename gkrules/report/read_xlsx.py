"""A table in a spreadsheet (.xlsx), such as the one ``gkrules report --format xlsx`` writes or staff fill in.

Every sheet's rows are read as cells (values, not formulas: a formula cell counts as its cached value,
blank when the file was never opened in a spreadsheet program).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import InputError
from .grid import FilledReport, RawRow, table_from_rows

MAX_XLSX_BYTES = 20 * 1024 * 1024


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx_report(path: Path) -> tuple[FilledReport, str]:
    name = str(path)
    if path.stat().st_size > MAX_XLSX_BYTES:
        raise InputError(f"文件过大（上限 {MAX_XLSX_BYTES} 字节）", file=name)
    from openpyxl import load_workbook

    from ..letter.read import _guard_zip

    try:
        with zipfile.ZipFile(path) as zf:
            _guard_zip(zf, name)
        wb = load_workbook(path, read_only=True, data_only=True)
    except InputError:
        raise
    except Exception:  # noqa: BLE001 - openpyxl raises many types for a damaged or encrypted file
        raise InputError(
            "不是有效的 .xlsx 文件（可能已加密或损坏）：请用 WPS 或 Excel 另存为 .xlsx 或 CSV", file=name
        ) from None
    rows: list[RawRow] = []
    title: list[str] = []
    try:
        for ws in wb.worksheets:
            for values in ws.iter_rows(values_only=True):
                cells = [_cell(v) for v in values]
                rows.append(RawRow(cells, len(rows) + 1))
                if len(title) < 40:
                    title.append(" ".join(c for c in cells if c))
    finally:
        wb.close()
    return table_from_rows(rows, name, reader="xlsx", unit="表格行"), "\n".join(title)
