"""Reading a published report, whatever its shape: chosen by content first, then by extension.

PDF (``%PDF``), Word (.docx: a zip holding word/document.xml), a spreadsheet (.xlsx), a web page (.html/.htm, or text that
starts like HTML), CSV (.csv), or text (a TAB-separated browser copy, aligned text such as gkrules'
own output, or a whole report's text). The year and the agency come from the report's title
(``淮安市人民政府 2024 年政府信息公开工作年度报告``), the year else from the file name.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError, os_error_text
from .grid import FilledReport, form_findings

SUFFIXES = (".pdf", ".docx", ".xlsx", ".html", ".htm", ".txt", ".csv", ".tsv", ".text")
_REFUSED = {
    ".doc": "旧版 Word 文档（.doc）",
    ".wps": "WPS 文字文档（.wps）",
    ".xls": "旧版 Excel 表格（.xls）",
    ".rtf": "RTF 文件",
    ".odt": "OpenDocument 文档（.odt）",
}
_TITLE = re.compile(
    r"((?:19|20)\d{2})\s*年\s*度?\s*(?:的)?\s*政\s*府\s*信\s*息\s*公\s*开\s*(?:工\s*作\s*)?(?:年\s*度\s*)?报\s*告"
)


def title_info(text: str) -> tuple[str | None, int | None]:
    """The agency and the year from the report's title, within its first lines."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()][:40]
    for i, line in enumerate(lines):
        m = _TITLE.search(line)
        if not m:
            continue
        year = int(m.group(1))
        agency = re.sub(r"\s+", "", line[: m.start()])
        if not agency and i > 0:
            prev = re.sub(r"\s+", "", lines[i - 1])
            if 2 <= len(prev) <= 40 and not re.search(r"\d|[。，；：]", prev):
                agency = prev
        return agency or None, year
    m = re.search(r"收到和处理政府信息公开申请情况\s*[（(]\s*((?:19|20)\d{2})\s*年度", text)  # gkrules' own tables
    return None, int(m.group(1)) if m else None


def _year_from_name(path: Path) -> int | None:
    m = re.search(r"(?<!\d)(20\d{2})(?!\d)", path.stem)
    return int(m.group(1)) if m else None


def read_report(path: str | Path) -> FilledReport:
    """The filled table of one report, with its reading findings (blank cells, labels, form); InputError if unusable."""
    path = Path(path)
    name = str(path)
    suffix = path.suffix.lower()
    if suffix in _REFUSED:
        raise InputError(f"不支持{_REFUSED[suffix]}：请另存为 .docx、PDF、网页（.html）或 CSV", file=name)
    try:
        if not path.is_file():
            raise InputError("不是普通文件，已跳过", file=name)
        with open(path, "rb") as fh:
            head = fh.read(2048)
    except OSError as exc:
        raise InputError(f"无法读取文件：{os_error_text(exc)}", file=name) from None
    if head.startswith(b"%PDF"):
        from .read_pdf import read_pdf_report

        report, text = read_pdf_report(path)
    elif head.startswith(b"PK\x03\x04") and (suffix == ".xlsx" or b"xl/" in head):
        from .read_xlsx import read_xlsx_report

        report, text = read_xlsx_report(path)
    elif head.startswith(b"PK\x03\x04"):
        from .read_docx import read_docx_report

        report, text = read_docx_report(path)
    elif suffix in (".html", ".htm") or re.match(
        rb"\s*(<!doctype html|<html|<meta|<table)", head.lower().lstrip(b"\xef\xbb\xbf")
    ):
        from .read_html import read_html_report

        report, text = read_html_report(path)
    else:
        from .read_text import read_text_report

        report, text = read_text_report(path)
    report.agency, report.year = title_info(text)
    if report.year is None:
        report.year = _year_from_name(path)
    report.table.year = report.year
    report.findings += form_findings(report)
    return report
