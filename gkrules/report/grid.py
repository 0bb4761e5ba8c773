"""From rows of cells, as any reader finds them, to the filled table: find the table, match labels, read numbers.

Every reader (PDF, Word, web page, text, CSV) yields the rows of the document as lists of cells. The
table starts at the row 一、本年新收… and ends at 四、结转下年度继续办理; rows before and after (other
tables of the report) are ignored. A row's last seven cells are its values; a blank cell is a cell
not filled (reported as a warning), never a zero.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import InputError
from .balance import Finding
from .forms import FORM_NAMES, HEADERS, NCOLS, OTHER_2021, ROWS, Table, form_for_year
from .labels import match_label, official_cell, parse_label

MAX_DIGITS = 9  # far above any agency's yearly count; longer numbers are misread cells
_BLANK_MARKS = ("", "-", "—", "－", "/", "／", "—", "–")
_NUMBER = re.compile(r"\d+|\d{1,3}(?:,\d{3})+")


class TableNotFound(InputError):
    """A readable file without the table (not a report, or a report without section 三)."""


@dataclass
class RawRow:
    cells: list[str]
    line: int | None = None  # line of a text file, page of a PDF, row of a Word or web table


@dataclass
class FilledReport:
    """A filled table read from one file, with what the reading noticed (blank cells, labels, form)."""

    file: str
    table: Table
    lines: dict[str, int] = field(default_factory=dict)  # row key → line (or page)
    findings: list[Finding] = field(default_factory=list)
    agency: str | None = None
    year: int | None = None
    reader: str = "text"
    unit: str = "行"  # what ``lines`` count: 行 (lines of a text), 页 (pages of a PDF), 表格行 (rows of the tables)

    def where(self, key: str | None = None, n: int | None = None) -> str:
        n = self.lines.get(key) if key else n
        if n is None:
            return self.file
        if self.unit == "行":
            return f"{self.file}:{n}"
        return f"{self.file}（第 {n} 页）" if self.unit == "页" else f"{self.file}（表格第 {n} 行）"


def _is_value(cell: str) -> bool:
    c = cell.strip()
    return c in _BLANK_MARKS or bool(_NUMBER.fullmatch(c))


def _number(cell: str, name: str, line: int | None, label: str, column: str) -> int | None:
    c = cell.strip()
    if c in _BLANK_MARKS:
        return None
    digits = c.replace(",", "")
    if len(digits) > MAX_DIGITS:
        raise InputError(
            f"“{label}”行“{column}”列的数字有 {len(digits)} 位，超过 {MAX_DIGITS} 位，不可能是件数，请核对",
            file=name,
            line=line,
        )
    return int(digits)


def table_from_rows(
    rows: list[RawRow], name: str, *, pad: bool = False, reader: str = "text", unit: str = "行"
) -> FilledReport:
    """The table among ``rows``; ``pad``: a row with fewer than seven value cells lost its trailing blanks."""
    found: dict[str, tuple[list[int | None], int | None, str]] = {}
    findings: list[Finding] = []
    started = False
    context: str | None = None
    label_only: dict[str, int | None] = {}  # rows printed with a label and no value at all
    orphans = 0  # lines of numbers without a label inside the table (labels wrapped around numbers)
    for raw in rows:
        cells = [(c or "").strip() for c in raw.cells]
        i = len(cells)
        while i > 0 and NCOLS > len(cells) - i and _is_value(cells[i - 1]):
            i -= 1
        values, label_cells = cells[i:], cells[:i]
        label = parse_label(label_cells)
        if label is None:
            if started and any(v.strip() for v in values):
                orphans += 1
            continue
        match = match_label(label, context)
        if label.top is not None:
            context = None
        if label.roman is not None:
            context = label.roman
        has_number = any(v.strip() and v.strip() not in _BLANK_MARKS for v in values)
        if match is None:
            if started and has_number:
                raise InputError(
                    f"无法识别的行（有数字，但行名不是表中的行）：{' '.join(label_cells)[:60]}",
                    file=name,
                    line=raw.line,
                )
            continue
        row = match.row
        if not started:
            if row.key != "new":
                continue
            started = True
        printed = " ".join(c for c in label_cells if c)
        if len(values) < NCOLS:
            if pad and label_cells:
                values = values + [""] * (NCOLS - len(values))
            elif not has_number:
                label_only.setdefault(row.key, raw.line)
                continue  # a label printed on a line of its own
            else:
                raise InputError(
                    f"“{printed[:40]}”行应有 {NCOLS} 个数字（{'、'.join(HEADERS)}），实为 {len(values)} 个",
                    file=name,
                    line=raw.line,
                )
        if row.key in found:
            raise InputError(f"行“{row.label}”重复出现（第 {found[row.key][1]} {unit}已有）", file=name, line=raw.line)
        nums = [_number(v, name, raw.line, row.label, HEADERS[j]) for j, v in enumerate(values)]
        found[row.key] = (nums, raw.line, printed)
        if match.differs:
            findings.append(
                Finding(
                    row.label,
                    None,
                    f"行名“{printed}”与表格样式不同，样式中为“{official_cell(row)}”",
                    line=raw.line,
                    severity="warning",
                    kind="label",
                )
            )
        if row.key == "next_year":
            break
    if not started:
        raise TableNotFound(
            "文件中没有找到年度报告表（三、收到和处理政府信息公开申请情况）：没有“一、本年新收政府信息公开申请数量”一行",
            file=name,
        )
    has_2021 = any(k in found for k in OTHER_2021)
    if has_2021 and "other" in found:
        raise InputError("同时出现“(六) 其他处理”合计行和 2021 年格式的分项行，无法判断表格格式", file=name)
    form = "2021" if has_2021 else "2019"
    if not orphans:  # no numbers stand apart from their labels: a label alone is a row left blank
        for key, line in label_only.items():
            if key not in found and any(r.key == key for r in ROWS[form]):
                found[key] = ([None] * NCOLS, line, "")
    missing = [r.label for r in ROWS[form] if r.key not in found]
    if missing:
        raise InputError(f"缺少以下行：{'；'.join(missing)}", file=name)
    table = Table(form, None, {k: vals for k, (vals, _, _) in found.items()})
    lines = {k: n for k, (_, n, _) in found.items() if n is not None}
    findings += blank_findings(table, lines)
    return FilledReport(name, table, lines, findings, reader=reader, unit=unit)


def blank_findings(table: Table, lines: dict[str, int]) -> list[Finding]:
    """A warning for every cell left blank: the balances that need it are not checked."""
    out = []
    for key, j in table.blanks():
        row = next(r for r in table.rows if r.key == key)
        out.append(
            Finding(
                row.label,
                HEADERS[j],
                f"“{row.label}”行“{HEADERS[j]}”列为空（未填写）；涉及该单元格的勾稽关系未核对",
                line=lines.get(key),
                severity="warning",
                kind="blank",
            )
        )
    return out


def form_findings(report: FilledReport) -> list[Finding]:
    """The form a report of its year should use, when it uses the other one."""
    year, form = report.year, report.table.form
    if year is None or form_for_year(year) == form:
        return []
    right = form_for_year(year)
    if right == "2021":
        msg = (
            f"{year} 年度报告应使用 2021 年格式（{FORM_NAMES['2021']}，“（六）其他处理”分三行），"
            f"本表为 2019 年格式（“（六）其他处理”只有一行）"
        )
    else:
        msg = f"{year} 年度报告应使用 2019 年格式（{FORM_NAMES['2019']}），本表为 2021 年格式"
    return [Finding(None, None, msg, severity="warning", kind="form")]
