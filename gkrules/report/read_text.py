"""Tables as text: CSV, TAB-separated browser copies, aligned text (gkrules' own output), a whole report's text.

A browser copy of a web table has one row a line, a TAB between cells, blank cells where the agency
left them blank, and a rowspan label only on its first row; trailing TABs of a row may be lost, so a
row with fewer value cells is padded with blanks. Aligned text splits on runs of spaces, and a row with
fewer than seven numbers has them placed by their display columns (CJK characters two wide) against
the rows with all seven; a line whose numbers are separated by single spaces (text copied from a PDF)
is read by its trailing numbers.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import statistics
import unicodedata
from pathlib import Path

from ..errors import InputError, os_error_text
from .balance import Finding
from .grid import FilledReport, RawRow, TableNotFound, table_from_rows

_SPACES = re.compile(r"\s{2,}")
_TOKEN_NUMBER = re.compile(r"\d+|\d{1,3}(?:,\d{3})+")


def decode(data: bytes, name: str) -> tuple[str, list[Finding]]:
    """UTF-8 (with or without BOM); otherwise GB18030 with a warning; otherwise a clear refusal."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise InputError(
            "文件既不是 UTF-8 也不是 GBK/GB18030 编码的文本，无法读取；请另存为 UTF-8", file=name
        ) from None
    return text, [
        Finding(
            None, None, "文件不是 UTF-8 编码，已按 GBK/GB18030 读取，请核对文字", severity="warning", kind="encoding"
        )
    ]


MAX_TEXT_BYTES = 50 * 1024 * 1024  # a report's text or web page is far smaller


def read_bytes(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_TEXT_BYTES + 1)
    except OSError as exc:
        raise InputError(f"无法读取文件：{os_error_text(exc)}", file=str(path)) from None
    if len(data) > MAX_TEXT_BYTES:
        raise InputError(f"文件超过 {MAX_TEXT_BYTES // (1024 * 1024)} MB，不像一份年度报告或表格", file=str(path))
    return data


def _split(line: str) -> list[str]:
    if "\t" in line:
        return line.split("\t")
    cells = _SPACES.split(line.strip())
    if len(cells) > 1 and not _TOKEN_NUMBER.fullmatch(cells[-1].strip()):
        return cells
    # trailing numbers separated by single spaces: split them off one by one
    tokens = line.strip().split()
    values: list[str] = []
    while tokens and _TOKEN_NUMBER.fullmatch(tokens[-1]) and len(values) < 7:
        values.insert(0, tokens.pop())
    return _SPACES.split(" ".join(tokens)) + values if tokens else values


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _numbers_at(line: str) -> tuple[str, list[tuple[str, float]]]:
    """The text before a line's trailing numbers, and each number with the display column of its centre."""
    tokens = list(re.finditer(r"\S+", line))
    numbers: list[re.Match] = []
    while tokens and _TOKEN_NUMBER.fullmatch(tokens[-1].group(0)) and len(numbers) < 7:
        numbers.insert(0, tokens.pop())
    head = line[: numbers[0].start()] if numbers else line
    return head, [(m.group(0), _width(line[: m.start()]) + _width(m.group(0)) / 2) for m in numbers]


def _aligned(lines: list[tuple[int, str]]) -> dict[int, list[str]]:
    """Rows of aligned text (runs of spaces) whose blank cells are seen by the columns' positions."""
    parsed = {n: _numbers_at(line) for n, line in lines}
    full = [nums for _, nums in parsed.values() if len(nums) == 7]
    if not full:
        return {}
    centres = [statistics.median(nums[j][1] for nums in full) for j in range(7)]
    gap = min(b - a for a, b in itertools.pairwise(centres))
    out = {}
    for n, (head, nums) in parsed.items():
        if not 0 < len(nums) < 7 or not head.strip():
            continue
        cells = [""] * 7
        for value, x in nums:
            j = min(range(7), key=lambda i: abs(centres[i] - x))
            if abs(centres[j] - x) > gap / 2 or cells[j]:
                break
            cells[j] = value
        else:
            out[n] = _SPACES.split(head.strip()) + cells
    return out


def text_rows(text: str) -> list[RawRow]:
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    aligned = _aligned([(n, ln) for n, ln in lines if "\t" not in ln])
    return [RawRow(aligned.get(n) or _split(line), n) for n, line in lines]


def csv_rows(text: str) -> list[RawRow]:
    rows = []
    reader = csv.reader(io.StringIO(text))
    try:
        for cells in reader:
            rows.append(RawRow(cells, reader.line_num))
    except csv.Error as exc:
        raise InputError(f"CSV 格式错误：{exc}", line=reader.line_num) from None
    return rows


def read_text_report(path: Path, text: str | None = None) -> tuple[FilledReport, str]:
    """A CSV file or a text file holding the table (alone or inside the whole report)."""
    name = str(path)
    warnings: list[Finding] = []
    if text is None:
        text, warnings = decode(read_bytes(path), name)
    if path.suffix.lower() == ".csv":
        try:
            rows = csv_rows(text)
        except InputError as exc:
            raise InputError(exc.message, file=name, line=exc.line) from None
        report = table_from_rows(rows, name, pad=True, reader="csv")
    else:
        try:
            report = table_from_rows(text_rows(text), name, pad="\t" in text, reader="text")
        except InputError as first:
            from .flow import flow_lines_from_text, table_from_flow

            try:  # text copied from a PDF: labels wrapped around their numbers
                report = table_from_flow(flow_lines_from_text(text), name, reader="text-flow")
            except InputError as second:
                # the reading that got further says more: a table found beats "no table"
                raise (second if isinstance(first, TableNotFound) else first) from None
    report.findings[:0] = warnings
    return report, text
