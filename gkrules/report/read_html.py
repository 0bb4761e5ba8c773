"""A report saved from the agency's website (.html): the table from the page's tables (stdlib html.parser)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from .balance import Finding
from .grid import FilledReport, RawRow, table_from_rows
from .read_text import decode, read_bytes


class _Tables(HTMLParser):
    """Rows of every table (cells as text, a rowspan cell only on its first row) and the page's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.text: list[str] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "tr":
            self._close_row()
            self._row = []
        elif tag in ("td", "th"):
            self._close_cell()
            if self._row is None:
                self._row = []
            self._cell = []
        elif tag in ("br", "p", "div") and self._cell is None:
            self.text.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in ("td", "th"):
            self._close_cell()
        elif tag == "tr" or tag == "table":
            self._close_row()
        elif tag in ("p", "div", "h1", "h2", "h3", "title") and self._cell is None:
            self.text.append("\n")

    def handle_data(self, data):
        if self._skip:
            return
        if self._cell is not None:
            self._cell.append(data)
        else:
            self.text.append(data)

    def _close_cell(self) -> None:
        if self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
        self._cell = None

    def _close_row(self) -> None:
        self._close_cell()
        if self._row is not None:
            self.rows.append(self._row)
        self._row = None


def read_html_report(path: Path) -> tuple[FilledReport, str]:
    name = str(path)
    data = read_bytes(path)
    declared = re.search(rb"<meta[^>]+charset=[\"']?\s*(gb2312|gbk|gb18030)", data[:4096], re.IGNORECASE)
    if declared:  # the page says it is GBK: no warning needed
        try:
            text, warnings = data.decode("gb18030"), list[Finding]()
        except UnicodeDecodeError:
            text, warnings = decode(data, name)
    else:
        text, warnings = decode(data, name)
    parser = _Tables()
    parser.feed(text)
    parser.close()
    parser._close_row()
    rows = [RawRow(cells, n) for n, cells in enumerate(parser.rows, start=1)]
    report = table_from_rows(rows, name, reader="html", unit="表格行")
    report.findings[:0] = warnings
    return report, "".join(parser.text)
