"""A report as PDF: the table from pdfplumber's table finder, or from the text layer's lines when that fails.

A PDF without a text layer (a scan) cannot be read and says so. The table finder gives the cells of
ruled tables, merged and wrapped cells included; when it does not find the table (no ruling lines,
a table cut into pieces), the words of the pages are read as lines (see :mod:`gkrules.report.flow`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InputError
from .grid import FilledReport, RawRow, table_from_rows

MAX_PAGES = 300


def _open(path: Path):
    import pdfplumber

    try:
        return pdfplumber.open(path)
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types for a damaged or encrypted file
        kind = type(exc).__name__
        why = "文件已加密" if "Encrypt" in kind or "Password" in kind else "文件损坏或不是 PDF"
        raise InputError(f"无法打开 PDF：{why}", file=str(path)) from None


def _table_pages(pages: list) -> list[tuple[int, Any]]:
    """The pages from the one with 本年新收 to the one with 结转下年度 (all pages when not found), numbered from 1."""
    texts = ["".join(c["text"] for c in page.chars) for page in pages]
    start = next((i for i, t in enumerate(texts) if "本年新收" in t), None)
    if start is None:
        return list(enumerate(pages, start=1))
    end = next((i for i in range(start, len(texts)) if "结转下年度" in texts[i]), len(texts) - 1)
    return [(i + 1, pages[i]) for i in range(start, end + 1)]


def read_pdf_report(path: Path, method: str = "auto") -> tuple[FilledReport, str]:
    """The table and the text of the first page (for the title); ``method``: auto | tables | lines."""
    name = str(path)
    with _open(path) as pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise InputError(f"PDF 有 {len(pdf.pages)} 页，超过 {MAX_PAGES} 页，不像一份年度报告", file=name)
        try:
            pages = list(pdf.pages)
            if not any(page.chars for page in pages):
                raise InputError(
                    "PDF 没有文字层（可能是扫描件），无法读取表格：请提供带文字的 PDF、Word 或网页版本，"
                    "或先做文字识别（OCR）",
                    file=name,
                )
            title = pages[0].extract_text() or ""
            numbered = _table_pages(pages)
            first: InputError | None = None
            if method in ("auto", "tables"):
                rows = [
                    RawRow(list(cells), n) for n, page in numbered for table in page.extract_tables() for cells in table
                ]
                try:
                    return table_from_rows(rows, name, reader="pdf-table", unit="页"), title
                except InputError as exc:
                    if method == "tables":
                        raise
                    first = exc
            from .flow import flow_lines_from_words, table_from_flow

            words = [page.extract_words() for _, page in numbered]
            try:
                lines = flow_lines_from_words(words, name, first_page=numbered[0][0])
                return table_from_flow(lines, name, reader="pdf-text", unit="页"), title
            except InputError:
                if first is not None:
                    raise first from None
                raise
        except InputError:
            raise
        except Exception as exc:  # noqa: BLE001 - a malformed page: one clear message, never a traceback
            raise InputError(f"PDF 内容无法解析（{type(exc).__name__}）", file=name) from None
