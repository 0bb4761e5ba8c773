"""The table as text in the published layout, as CSV for spreadsheets, and as JSON."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from ..output_cells import spreadsheet_cell
from .balance import check_values
from .build import Tally
from .forms import BALANCE_NOTE, CSV_HEADER, HEADERS, NCOLS, TITLE, Table


def render_text(table: Table, notes: Iterable[str] = ()) -> str:
    import tabulate as _tabulate

    _tabulate.WIDE_CHARS_MODE = True
    headers = [
        "",
        "",
        "",
        "申请人情况\n自然人",
        "法人或其他组织\n商业企业",
        "\n科研机构",
        "\n社会公益组织",
        "\n法律服务机构",
        "\n其他",
        "\n总计",
    ]
    body = _tabulate.tabulate(
        table.as_rows(),
        headers=headers,
        tablefmt="simple",
        disable_numparse=True,
        colalign=("left",) * 3 + ("center",) * NCOLS,
    )
    title = TITLE + (f"（{table.year} 年度，{table.form} 年格式）" if table.year else "")
    lines = [title, BALANCE_NOTE, body]
    lines += [f"说明：{n}" for n in notes]
    return "\n".join(lines) + "\n"


def render_csv(table: Table) -> str:
    """CSV with a UTF-8 BOM, so that spreadsheet programs read the Chinese text."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows([spreadsheet_cell(c) for c in row] for row in table.as_rows())
    return out.getvalue()


def table_json(table: Table, tally: Tally | None = None) -> dict:
    return {
        "year": table.year,
        "form": table.form,
        "columns": list(HEADERS),
        "rows": [
            {
                "key": row.key,
                "label": row.label,
                "cells": list(row.cells),
                "values": dict(zip(HEADERS, table.values[row.key])),
            }
            for row in table.rows
        ],
        "balanced": not check_values(table),
        **({"cases": tally.as_dict()} if tally is not None else {}),
    }
