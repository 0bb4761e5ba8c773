"""Row labels as agencies print them, matched to the rows of the official forms.

A printed label may number its rows differently (``1、`` ``1．`` ``（1）``), carry stray spaces, half- or
full-width brackets, be split over lines or cells, or have a typo (``2.其他法律行政止公开``). The match
uses the numbering (section 一…四, sub-row （一）…（七）, item 1…8, with the sub-row of an earlier row when
a rowspan cell is printed only once) and the similarity of the text; the printed text itself is never
changed, only compared.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .forms import FORMS, ROWS, Row

_MATCH_MAP = str.maketrans(
    {"（": "(", "）": ")", "，": ",", "：": ":", "\u3000": " ", "．": ".", "〔": "(", "〕": ")", "“": '"', "”": '"'}
)
_VERTICAL_HEAD = "三、本年度办理结果"
_ROMAN = "一二三四五六七"


def squash(text: str) -> str:
    """Text for finding a row label only (never for checking content): no spaces, ASCII brackets."""
    return re.sub(r"\s+", "", text.translate(_MATCH_MAP))


def official_text(row: Row) -> str:
    """The row's own words without numbering, e.g. ``属于国家秘密``, ``部分公开(区分处理的, …)``."""
    cell = row.cells[2] or row.cells[1] or row.cells[0]
    cell = re.sub(r"^\s*(?:[一二三四]、|\([一二三四五六七]\)|\d+\.)\s*", "", cell)
    return cell


def official_cell(row: Row) -> str:
    """The row's most specific label cell as the form prints it, e.g. ``2. 其他法律行政法规禁止公开``."""
    return (row.cells[2] or row.cells[1] or row.cells[0]).strip()


@dataclass(frozen=True)
class PrintedLabel:
    text: str  # the words of the row, squashed, without numbering
    top: str | None = None  # 一 二 四 (三 is the vertical head of the result rows)
    roman: str | None = None  # （一）…（七）
    number: int | None = None  # 1 … 8


def _is_vertical_head(cell: str) -> bool:
    s = squash(cell)
    return bool(s) and s in _VERTICAL_HEAD


def parse_label(cells: list[str]) -> PrintedLabel | None:
    """The numbering and words of a printed label given as its cells (a rowspan cell may be missing)."""
    kept = [c for c in cells if c and c.strip() and not _is_vertical_head(c)]
    s = squash("".join(kept))
    s = re.sub(r"^三、?本年度办理结果", "", s)
    if not s:
        return None
    top = roman = None
    number = None
    m = re.match(r"^([一二四])[、.,](.*)$", s)
    if m:
        top, s = m.group(1), m.group(2)
    m = None
    for m in re.finditer(r"\(([一二三四五六七])\)", s):
        pass
    if m is not None:
        roman, s = m.group(1), s[m.end() :]
    m = re.search(r"\((\d{1,2})\)|(?<!\d)(\d{1,2})[.、,]", s)
    if m:
        number, s = int(m.group(1) or m.group(2)), s[m.end() :]
    return PrintedLabel(s, top, roman, number)


_CANDIDATES: list[Row] = []
for _form in FORMS:
    for _row in ROWS[_form]:
        if all(r.key != _row.key for r in _CANDIDATES):
            _CANDIDATES.append(_row)


@dataclass(frozen=True)
class LabelMatch:
    row: Row
    score: float
    differs: bool  # the printed words differ from the official ones (beyond spaces and brackets)


def match_label(label: PrintedLabel, context_roman: str | None = None, form: str | None = None) -> LabelMatch | None:
    """The form row a printed label names (of ``form``, or of either form), or None when nothing is close enough.

    The words must be alike (similarity at least 0.5, or 0.3 when the item number and its sub-row agree);
    the numbering then decides between rows of similar words.
    """
    roman = label.roman or (context_roman if label.number is not None else None)
    best: tuple[float, Row] | None = None
    for row in ROWS[form] if form else _CANDIDATES:
        top, row_roman, row_number = row.numbering
        official = squash(official_text(row))
        text_score = difflib.SequenceMatcher(None, label.text, official, autojunk=False).ratio()
        if label.text and official.startswith(label.text) and len(label.text) >= 2:
            text_score = max(text_score, 0.8)  # a label cut short by the page
        numbered = label.number is not None and label.number == row_number and roman == row_roman
        if text_score < (0.3 if numbered else 0.5):
            continue
        score = text_score
        if label.top is not None:
            score += 0.6 if label.top == top and not row_roman else -0.6
        if roman is not None:
            score += 0.6 if roman == row_roman else -0.6
        if label.number is not None:
            score += 0.6 if label.number == row_number else -0.6
        elif row_number is not None:
            score -= 0.3
        if best is None or score > best[0]:
            best = (score, row)
    if best is None or best[0] < 0.6:
        return None
    row = best[1]
    differs = label.text != squash(official_text(row))
    return LabelMatch(row, best[0], differs)
