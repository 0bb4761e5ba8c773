"""Cells and tables for output: cells for files that Excel or WPS opens (CSV, .xlsx), text tables aligned for Chinese."""

from __future__ import annotations

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: object) -> object:
    """A value safe to put in a CSV or .xlsx cell that Excel or WPS opens.

    A text starting with ``= + - @`` (or TAB/CR) would be read as a formula; as OWASP advises for CSV
    injection, such a text is prefixed with a single quote so it stays text. Numbers pass unchanged.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def text_table(rows: object, headers: object) -> str:
    """A plain text table, aligned by display width (Chinese characters take two columns)."""
    import tabulate as _tabulate

    _tabulate.WIDE_CHARS_MODE = True
    return str(_tabulate.tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True))  # type: ignore[arg-type]
