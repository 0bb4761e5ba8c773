"""Reading a reply letter from ``.txt`` or ``.docx`` into plain text, one paragraph per line.

``.txt``: UTF-8 (with or without BOM); GBK/GB18030 is detected and reported as a warning. ``.docx``:
headers, body paragraphs and table cells in document order; tracked insertions are kept and tracked
deletions dropped, so the text is the document as it would be after accepting all changes. The text
is never normalised (NFKC would turn ［］ into [] and hide the very defects the checks look for).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from ..errors import LetterError  # LetterError re-exported

MAX_TXT_BYTES = 1 * 1024 * 1024
MAX_DOCX_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_RATIO = 100

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_CONVERT = (
    "请用 WPS 或 Word 打开后“另存为” .docx（或 .txt，UTF-8 编码），"
    "或运行 `libreoffice --headless --convert-to docx 文件名`"
)
_REFUSED = {
    ".doc": "旧版 Word 文档（.doc）",
    ".wps": "WPS 文字文档（.wps）",
    ".pdf": "PDF 文件",
    ".rtf": "RTF 文件",
    ".odt": "OpenDocument 文档（.odt）",
}


@dataclass
class Letter:
    path: str
    lines: list[str]
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def read_letter(path: str | Path) -> Letter:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in _REFUSED:
        raise LetterError(f"不支持{_REFUSED[suffix]}作为答复书：{_CONVERT}", file=str(path))
    if suffix not in (".txt", ".docx"):
        raise LetterError(
            f"不支持的答复书文件类型 {suffix or '（无扩展名）'}：应为 .txt（UTF-8）或 .docx。{_CONVERT}", file=str(path)
        )
    if not path.is_file():
        raise LetterError("找不到答复书文件", file=str(path))
    if suffix == ".txt":
        return read_txt(path)
    return read_docx(path)


def decode_text(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """``(text, encoding, warnings)``; UTF-8 first, then GB18030 (a superset of GBK) with a warning."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise LetterError(
            f"答复书既不是 UTF-8 也不是 GBK/GB18030 编码（第 {utf8_error.start} 字节起无法解码）；"
            "请另存为 UTF-8 编码的 .txt",
            file=name,
        ) from None
    return text, "gb18030", [f"{name}: 答复书为 GBK/GB18030 编码，已自动识别；建议另存为 UTF-8"]


def read_txt(path: Path) -> Letter:
    size = path.stat().st_size
    if size > MAX_TXT_BYTES:
        raise LetterError(f"答复书文件过大（{size} 字节，上限 {MAX_TXT_BYTES} 字节）", file=str(path))
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise LetterError("答复书不是文本文件（含 NUL 字节，可能是 UTF-16 或二进制文件）；请另存为 UTF-8 的 .txt", file=str(path))
    text, encoding, warnings = decode_text(data, str(path))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return Letter(str(path), lines, encoding, warnings)


def _guard_zip(zf: zipfile.ZipFile, name: str) -> None:
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise LetterError(f".docx 内含条目过多（{len(infos)} 个，上限 {MAX_ENTRIES}），疑为异常文件", file=name)
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise LetterError(
            f".docx 解压后过大（{total} 字节，上限 {MAX_UNCOMPRESSED} 字节），疑为压缩炸弹，已拒绝读取", file=name
        )
    for info in infos:
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1024 * 1024:
            raise LetterError(
                f".docx 条目 {info.filename} 压缩比异常（{info.file_size // info.compress_size}:1，上限 {MAX_RATIO}:1），"
                "疑为压缩炸弹，已拒绝读取",
                file=name,
            )


def _paragraph_text(p: ET.Element) -> str:
    """Text of a ``w:p`` with insertions kept and deletions dropped (final view of tracked changes)."""
    out: list[str] = []

    def walk(node: ET.Element) -> None:
        tag = node.tag
        if tag in (W + "del", W + "moveFrom"):
            return
        if tag == W + "t":
            out.append(node.text or "")
        elif tag == W + "tab":
            out.append("\t")
        elif tag in (W + "br", W + "cr"):
            out.append("\n")
        elif tag == W + "delText":
            return
        for child in node:
            walk(child)

    walk(p)
    return "".join(out)


def _block_lines(root: ET.Element) -> list[str]:
    """Paragraphs and table rows of a body, header or footer, in document order."""
    lines: list[str] = []

    def walk(node: ET.Element) -> None:
        for child in node:
            if child.tag == W + "p":
                lines.extend(_paragraph_text(child).split("\n"))
            elif child.tag == W + "tbl":
                for row in child.iter(W + "tr"):
                    cells = []
                    for cell in row.findall(W + "tc"):
                        cells.append("".join(_paragraph_text(p) for p in cell.iter(W + "p")))
                    lines.append("\t".join(c for c in cells if c))
            elif child.tag in (W + "sdt", W + "sdtContent", W + "body", W + "ins", W + "customXml", W + "smartTag"):
                walk(child)

    walk(root)
    return lines


def read_docx(path: Path) -> Letter:
    name = str(path)
    size = path.stat().st_size
    if size > MAX_DOCX_BYTES:
        raise LetterError(f"答复书文件过大（{size} 字节，上限 {MAX_DOCX_BYTES} 字节）", file=name)
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise LetterError(f"不是有效的 .docx 文件（可能是改了扩展名的 .doc/.wps）：{_CONVERT}", file=name) from None
    with zf:
        _guard_zip(zf, name)
        try:
            document = zf.read("word/document.xml")
        except KeyError:
            raise LetterError(f".docx 中没有 word/document.xml：{_CONVERT}", file=name) from None
        headers = sorted(n for n in zf.namelist() if n.startswith("word/header") and n.endswith(".xml"))
        parts = [zf.read(h) for h in headers]
        for data in (*parts, document):
            if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
                raise LetterError(".docx 内含 DTD/实体声明（Word 不会写入），疑为恶意文件，已拒绝读取", file=name)
        try:
            lines: list[str] = []
            for part in parts:
                lines.extend(_block_lines(ET.fromstring(part)))
            body = ET.fromstring(document).find(W + "body")
            if body is not None:
                lines.extend(_block_lines(body))
        except ET.ParseError as exc:
            raise LetterError(f".docx 内容无法解析（XML 错误：{exc}）", file=name) from None
    return Letter(name, lines, "docx", [])
