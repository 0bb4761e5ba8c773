"""Cells and tables for output: cells for files that Excel or WPS opens (CSV, .xlsx), text tables aligned for Chinese."""

from __future__ import annotations

from bisect import bisect_right

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
    """A plain text table, aligned by display width (Chinese characters take two columns).

    The table is tabulate's ``simple`` format. A table of text cells whose characters all have a width
    listed in :data:`WIDTHS` (ASCII, Latin-1, CJK ideographs and punctuation, full-width forms …) is laid
    out here, as tabulate would; any other table by tabulate itself, which is then imported.
    """
    laid_out = _simple_table(rows, headers)
    if laid_out is not None:
        return laid_out
    import tabulate as _tabulate

    _tabulate.WIDE_CHARS_MODE = True
    return str(_tabulate.tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True))  # type: ignore[arg-type]


#: (first, last code point, display width): ranges whose every character has that width as tabulate
#: measures it (wcwidth); ``tests/test_output_cells.py`` compares each character with wcwidth
WIDTHS: tuple[tuple[int, int, int], ...] = (
    (0x20, 0x7E, 1),  # ASCII
    (0xA1, 0xAC, 1),  # Latin-1 (not the no-break space U+00A0, not the soft hyphen U+00AD)
    (0xAE, 0xFF, 1),
    (0x2010, 0x2027, 1),  # dashes, quotation marks “” ‘’, ellipsis …
    (0x2030, 0x203E, 1),
    (0x2160, 0x217F, 1),  # Roman numerals
    (0x2460, 0x24FF, 1),  # circled numbers ①
    (0x3000, 0x3029, 2),  # ideographic space, 、。〔〕《》【】「」
    (0x3030, 0x303E, 2),
    (0x3041, 0x3096, 2),  # kana
    (0x30A0, 0x30FF, 2),
    (0x3400, 0x4DBF, 2),  # CJK ideographs
    (0x4E00, 0x9FFF, 2),
    (0xFF01, 0xFF60, 2),  # full-width forms （），：；／
    (0xFFE0, 0xFFE6, 2),
)
_STARTS = tuple(r[0] for r in WIDTHS)


def display_width(text: str) -> int | None:
    """The columns ``text`` takes on a terminal, or None when a character is outside :data:`WIDTHS`."""
    if text.isascii():
        return len(text) if text.isprintable() else None
    width = 0
    for ch in text:
        code = ord(ch)
        i = bisect_right(_STARTS, code) - 1
        if i < 0 or code > WIDTHS[i][1]:
            return None
        width += WIDTHS[i][2]
    return width


def _simple_table(rows: object, headers: object) -> str | None:
    """tabulate's ``simple`` table of text cells, or None when tabulate is needed (a cell that is not a
    one-line text of known width, rows of other lengths than the headers, no rows)."""
    if not isinstance(headers, (list, tuple)) or not isinstance(rows, (list, tuple)) or not rows:
        return None
    if not all(isinstance(h, str) for h in headers):
        return None
    header_widths = [display_width(h) for h in headers]
    if None in header_widths:
        return None
    # a column is as wide as its header plus two, or its widest cell; cells lose surrounding blanks
    widths = [w + 2 for w in header_widths if w is not None]
    table: list[list[tuple[str, int]]] = []
    for row in rows:
        if not isinstance(row, (list, tuple)) or len(row) != len(widths):
            return None
        cells = []
        for i, cell in enumerate(row):
            if not isinstance(cell, str):
                return None
            text = cell.strip()
            width = display_width(text)
            if width is None:
                return None
            widths[i] = max(widths[i], width)
            cells.append((text, width))
        table.append(cells)
    lines = ["  ".join(h + " " * (w - hw) for h, w, hw in zip(headers, widths, header_widths)).rstrip()]  # type: ignore[operator]
    lines.append("  ".join("-" * w for w in widths))
    for cells in table:
        lines.append("  ".join(text + " " * (w - cw) for (text, cw), w in zip(cells, widths)).rstrip())
    return "\n".join(lines)
