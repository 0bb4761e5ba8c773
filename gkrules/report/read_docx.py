"""A report as Word (.docx), as agencies draft it: the table from the document's tables, the title from its text.

Merged cells are read as Word stores them: a cell spanning columns (``gridSpan``) once, a cell merged
down (``vMerge``) on its first row only, so a rowspan label stands only on its first row.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from ..errors import InputError
from .grid import FilledReport, RawRow, table_from_rows

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_DOCX_BYTES = 20 * 1024 * 1024
MAX_DOCUMENT_XML = 50 * 1024 * 1024  # expanded size of word/document.xml, whatever the zip declares


def _text(node: ET.Element) -> str:
    out = []
    for el in node.iter():
        if el.tag == W + "t":
            out.append(el.text or "")
        elif el.tag == W + "tab":
            out.append(" ")
    return "".join(out)


def _guard(zf: zipfile.ZipFile, name: str) -> None:
    from ..letter.read import _guard_zip

    _guard_zip(zf, name)


def read_docx_report(path: Path) -> tuple[FilledReport, str]:
    name = str(path)
    if path.stat().st_size > MAX_DOCX_BYTES:
        raise InputError(f"文件过大（上限 {MAX_DOCX_BYTES} 字节）", file=name)
    try:
        with zipfile.ZipFile(path) as zf:
            _guard(zf, name)
            with zf.open("word/document.xml") as fh:
                data = fh.read(MAX_DOCUMENT_XML + 1)
    except InputError:
        raise
    except (zipfile.BadZipFile, KeyError, RuntimeError, NotImplementedError, OSError, EOFError):
        raise InputError(
            "不是有效的 .docx 文件（可能是改了扩展名的 .doc/.wps，或已加密）：请用 WPS 或 Word 另存为 .docx", file=name
        ) from None
    if len(data) > MAX_DOCUMENT_XML:
        raise InputError(f".docx 正文解压后超过 {MAX_DOCUMENT_XML} 字节，疑为压缩炸弹，已拒绝读取", file=name)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise InputError(".docx 内含 DTD/实体声明（Word 不会写入），疑为恶意文件，已拒绝读取", file=name)
    try:
        root = ET.fromstring(data)
    except (ET.ParseError, RecursionError):
        raise InputError(".docx 内容无法解析（XML 错误）", file=name) from None
    body = root.find(W + "body")
    if body is None:
        raise InputError(".docx 中没有正文", file=name)
    rows: list[RawRow] = []
    paragraphs: list[str] = []
    try:
        for tbl in body.iter(W + "tbl"):
            for n, tr in enumerate(tbl.iter(W + "tr"), start=1):
                rows.append(RawRow([_text(tc) for tc in tr.findall(W + "tc")], len(rows) + 1))
        for p in body.iter(W + "p"):
            if len(paragraphs) >= 40:
                break
            paragraphs.append(_text(p))
    except RecursionError:
        raise InputError(".docx 嵌套层次过深，疑为异常文件，已拒绝读取", file=name) from None
    return table_from_rows(rows, name, reader="docx", unit="表格行"), "\n".join(paragraphs)
