"""The table read from a flow of text lines, as a PDF's text layer gives it when its cells cannot be found.

In extracted text a row's label wraps over two or three lines and its seven numbers may stand on the
line before the label, after it or between its halves; the vertical header cell 三、本年度办理结果 comes
out one character per line; page footers (``- 3 -``) interrupt the table. The rows' numbers still come
in the order of the form, so the groups of numbers between 一、本年新收… and 四、结转下年度继续办理 are
given to the form's rows in order (28 groups: 2019 form, 30: 2021 form), and the label text around them
is checked against the form's labels for the numbering and for typos.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from statistics import median

from ..errors import InputError
from .balance import Finding
from .forms import NCOLS, ROWS, Table
from .grid import MAX_DIGITS, FilledReport, TableNotFound, blank_findings
from .labels import PrintedLabel, match_label, official_cell, official_text, squash

_FOOTER = re.compile(r"^[-—–]\s*\d+\s*[-—–]$|^第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?$")
_VERTICAL = set("三、本年度办理结果")
_NUMBER = re.compile(r"\d+")
_MARKER = re.compile(r"[一二四]、|\([一二三四五六七]\)|(?<![\d])\d{1,2}[.、,]")


@dataclass
class FlowLine:
    text: str  # the label text on the line (numbers removed)
    values: list[int | None] | None  # seven values (None: blank) when the line carries a row's numbers
    line: int | None  # line of the text, or page of the PDF


def _strip_text(tokens: list[str]) -> str:
    while tokens and all(ch in _VERTICAL for ch in tokens[0]) and len(tokens[0]) <= 2:
        tokens = tokens[1:]
    text = " ".join(tokens)
    if squash(text) and all(ch in _VERTICAL for ch in squash(text)) and len(squash(text)) <= 2:
        return ""
    return text


def _value(token: str, line: int | None, name: str) -> int:
    if len(token) > MAX_DIGITS:
        raise InputError(
            f"表中的数字有 {len(token)} 位，超过 {MAX_DIGITS} 位，不可能是件数，请核对", file=name, line=line
        )
    return int(token)


def flow_lines_from_text(text: str, name: str = "") -> list[FlowLine]:
    out = []
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or _FOOTER.match(line):
            continue
        tokens = line.split()
        numbers: list[str] = []
        while tokens and _NUMBER.fullmatch(tokens[-1]) and len(numbers) < NCOLS:
            numbers.insert(0, tokens.pop())
        values: list[int | None] | None = None
        if len(numbers) == NCOLS:
            values = [_value(t, n, name) for t in numbers]
        elif numbers:
            tokens += numbers  # a number inside the text, not a row's values
        out.append(FlowLine(_strip_text(tokens), values, n))
    return out


def flow_lines_from_words(pages: list[list[dict]], name: str, first_page: int = 1) -> list[FlowLine]:
    """Lines from a PDF's words (``text``, ``x0``, ``x1``, ``top``), one list per page.

    Numbers are given to columns by their horizontal position, so a cell left blank is seen as blank.
    """
    lines: list[tuple[int, list[dict]]] = []
    for page_no, words in enumerate(pages, start=first_page):
        rows: list[list[dict]] = []
        for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
            if rows and abs(rows[-1][0]["top"] - w["top"]) <= 3:
                rows[-1].append(w)
            else:
                rows.append([w])
        lines += [(page_no, sorted(r, key=lambda w: w["x0"])) for r in rows]
    split = []
    for page_no, words in lines:
        numbers: list[dict] = []
        while words and _NUMBER.fullmatch(words[-1]["text"]) and len(numbers) < NCOLS:
            numbers.insert(0, words[-1])
            words = words[:-1]
        split.append((page_no, words, numbers))
    full = [nums for _, _, nums in split if len(nums) == NCOLS]
    centers = [median((n[j]["x0"] + n[j]["x1"]) / 2 for n in full) for j in range(NCOLS)] if full else None
    width = min((b - a for a, b in pairwise(centers)), default=0) if centers else 0
    out = []
    for page_no, words, numbers in split:
        text = " ".join(w["text"] for w in words)
        if _FOOTER.match(text.strip()):
            continue
        values: list[int | None] | None = None
        if len(numbers) == NCOLS:
            values = [_value(w["text"], page_no, name) for w in numbers]
        elif numbers and centers and all(_near(w, centers, width) is not None for w in numbers):
            values = [None] * NCOLS
            for w in numbers:
                values[_near(w, centers, width) or 0] = _value(w["text"], page_no, name)
        elif numbers:
            text = " ".join([text] + [w["text"] for w in numbers])
        out.append(FlowLine(_strip_text(text.split()), values, page_no))
    return out


def _near(word: dict, centers: list[float], width: float) -> int | None:
    x = (word["x0"] + word["x1"]) / 2
    j = min(range(len(centers)), key=lambda i: abs(centers[i] - x))
    return j if abs(centers[j] - x) <= max(width / 2, 1.0) else None


def table_from_flow(lines: list[FlowLine], name: str, *, reader: str = "text-flow", unit: str = "行") -> FilledReport:
    start = next((i for i, ln in enumerate(lines) if "本年新收" in squash(ln.text)), None)
    if start is None:
        raise TableNotFound(
            "文件中没有找到年度报告表（三、收到和处理政府信息公开申请情况）：没有“一、本年新收政府信息公开申请数量”一行",
            file=name,
        )
    if lines[start].values is None and start > 0 and lines[start - 1].values is not None and not lines[start - 1].text:
        start -= 1
    end = next((i for i in range(start, len(lines)) if "结转下年度" in squash(lines[i].text)), None)
    if end is None:
        raise InputError("表格没有“四、结转下年度继续办理”一行", file=name)
    if lines[end].values is None and end + 1 < len(lines) and lines[end + 1].values is not None:
        end += 1
    span = lines[start : end + 1]
    groups = [ln for ln in span if ln.values is not None]
    text = squash("".join(ln.text for ln in span))
    sizes = {len(ROWS[f]): f for f in ROWS}
    if len(groups) not in sizes:
        raise InputError(
            f"表格中找到 {len(groups)} 行数字，2019 年格式应为 {len(ROWS['2019'])} 行，"
            f"2021 年格式应为 {len(ROWS['2021'])} 行；请提供 Word 或网页版本，或用制表符分隔各列",
            file=name,
            line=span[0].line,
        )
    form = sizes[len(groups)]
    says_2021 = "逾期不补正" in text or "缴纳费用" in text
    if says_2021 != (form == "2021"):
        raise InputError(f"表格的行数（{len(groups)}）与“（六）其他处理”的行名不符，无法判断表格格式", file=name)
    values = {row.key: list(g.values or ()) for row, g in zip(ROWS[form], groups, strict=True)}
    table = Table(form, None, values)
    lines_of = {row.key: g.line for row, g in zip(ROWS[form], groups) if g.line is not None}
    findings = _label_findings(text, form, lines_of)
    findings += blank_findings(table, lines_of)
    return FilledReport(name, table, lines_of, findings, reader=reader, unit=unit)


def _label_findings(text: str, form: str, lines: dict[str, int]) -> list[Finding]:
    """Labels whose words differ from the form's, from the text between the numbering marks."""
    marks = list(_MARKER.finditer(text))
    keys = {r.key for r in ROWS[form]}
    out = []
    context = None
    for i, m in enumerate(marks):
        segment = text[m.end() : marks[i + 1].start() if i + 1 < len(marks) else len(text)]
        mark = m.group(0)
        if mark.startswith("("):
            context = mark[1]
            if any(r.numbering[1] == context and r.numbering[2] is not None for r in ROWS[form]):
                continue  # the title of a group of rows, e.g. (三) 不予公开
            label = PrintedLabel(segment, roman=context)
        elif mark[0] in "一二四":
            context = None
            label = PrintedLabel(segment, top=mark[0])
        else:
            # the sub-row title may stand after its first item in the text: the number and words decide
            label = PrintedLabel(segment, number=int(mark.rstrip(".、,")))
        match = match_label(label, form=form)
        if match is None or match.row.key not in keys:
            continue
        official = squash(official_text(match.row))
        if not _subsequence(official, segment):  # other cells' words may stand between the label's halves
            out.append(
                Finding(
                    match.row.label,
                    None,
                    f"行名“{mark}{segment}”与表格样式不同，样式中为“{official_cell(match.row)}”",
                    line=lines.get(match.row.key),
                    severity="warning",
                    kind="label",
                )
            )
    return out


def _subsequence(needle: str, hay: str) -> bool:
    it = iter(hay)
    return all(ch in it for ch in needle)
