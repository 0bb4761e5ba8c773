"""Reading a reply letter from ``.txt`` or ``.docx`` into plain text, one paragraph per line.

``.txt``: UTF-8 (with or without BOM); GBK/GB18030 is detected and reported as a warning. ``.docx``:
headers, body paragraphs and table cells in document order; tracked insertions are kept and tracked
deletions dropped, so the text is the document as it would be after accepting all changes. The text
is never normalised (NFKC would turn ［］ into [] and hide the very defects the checks look for).

A page header is printed on every page beside the letter, not in it: its lines come first and are
listed in ``Letter.margin``, so that the parser never reads them as part of the title. The rows of a
table are listed in ``Letter.table_rows``: a form laid out between the 文号 and the salutation does
not stand in the letter's order of elements.
"""

from __future__ import annotations

import re
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from ..errors import LetterError, os_error_text  # LetterError re-exported
from ..regular_files import NotRegularFile, TooLarge, read_regular

MAX_TXT_BYTES = 1 * 1024 * 1024
MAX_DOCX_BYTES = 10 * 1024 * 1024
#: what the parts gkrules reads may expand to, all together: a zip bomb is judged by this, since a
#: letter of 100,000 identical paragraphs compresses 250:1 and is still a letter
MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_ENTRIES = 2000
#: nesting of elements in a part (runs in content controls in tables …); Word writes a few dozen
MAX_XML_DEPTH = 200

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
    #: line numbers (1-based) of page-header paragraphs: printed beside the letter, not part of it
    margin: frozenset[int] = frozenset()
    #: line numbers (1-based) of table rows
    table_rows: frozenset[int] = frozenset()

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
    try:
        info = path.stat()
    except FileNotFoundError:
        raise LetterError("找不到答复书文件", file=str(path)) from None
    except OSError as exc:
        raise LetterError(f"无法读取答复书：{os_error_text(exc)}", file=str(path)) from None
    if not stat.S_ISREG(info.st_mode):
        raise LetterError("答复书不是普通文件（是目录、管道或设备），未读取", file=str(path))
    if suffix == ".txt":
        return read_txt(path)
    return read_docx(path)


def chinese_plausibility(text: str) -> float:
    """How much the non-ASCII characters of ``text`` look like Chinese prose, from 0 to 1.

    The 3,755 characters of GB2312 level 1 (the common ones) and Chinese punctuation count 1, the
    less common characters of level 2 one half, other CJK characters a tenth, anything else (the "¥"
    or "Â" of GBK bytes read as UTF-8) nothing. ASCII says nothing either way and is left out.
    """
    total = 0
    score = 0.0
    for ch in text:
        if ch < "\x80":
            continue
        total += 1
        if "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or "\u2010" <= ch <= "\u2027":
            score += 1
            continue
        try:
            code = ch.encode("gb2312")
        except UnicodeEncodeError:
            score += 0.1 if "\u4e00" <= ch <= "\u9fff" else 0
            continue
        if len(code) == 2 and 0xB0 <= code[0] <= 0xD7:
            score += 1
        elif len(code) == 2 and 0xD8 <= code[0] <= 0xF7:
            score += 0.5
        elif len(code) == 2 and 0xA1 <= code[0] <= 0xA9:
            score += 0.5  # GB2312 symbols: full-width forms, numbered items, Greek and Cyrillic
    return score / total if total else 1.0


#: the margin by which a GBK reading must look more like Chinese than the UTF-8 reading to win
_GBK_MARGIN = 0.2
#: both readings at least this plausible: the letter is read as UTF-8 and the reader is warned
_BOTH_PLAUSIBLE = 0.5


def decode_text(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """``(text, encoding, warnings)`` of the whole file: UTF-8 or GB18030 (a superset of GBK).

    Bytes that are valid in only one encoding are read in it (GB18030 with a warning). Bytes valid in
    both (GBK 楼 is C2 A5, which UTF-8 reads as "¥") are read in the encoding whose reading looks more
    like Chinese text (:func:`chinese_plausibility`); UTF-8 unless GBK is clearly better; when both
    readings are plausible a warning says so.
    """
    if data.startswith(b"\xef\xbb\xbf"):  # a byte-order mark says UTF-8
        if not _valid(data[3:], "utf-8"):
            _neither(data, name)
        return data[3:].decode("utf-8"), "utf-8", []
    utf8 = data.decode("utf-8") if _valid(data, "utf-8") else None
    gbk = data.decode("gb18030") if _valid(data, "gb18030") else None
    if utf8 is None and gbk is None:
        _neither(data, name)
    if gbk is None or utf8 == gbk:  # not GBK, or pure ASCII
        return utf8, "utf-8", []  # type: ignore[return-value]
    gbk_warning = f"{name}: 答复书为 GBK/GB18030 编码，已自动识别；建议另存为 UTF-8"
    if utf8 is None:
        return gbk, "gb18030", [gbk_warning]
    u, g = chinese_plausibility(utf8), chinese_plausibility(gbk)
    if g >= u + _GBK_MARGIN:
        return gbk, "gb18030", [gbk_warning + "（这些字节也能按 UTF-8 读取，但读出的不像中文）"]
    if g >= _BOTH_PLAUSIBLE:
        return (
            utf8,
            "utf-8",
            [f"{name}: 答复书的字节按 UTF-8 和 GBK 都能读取，已按 UTF-8 读取；如显示的文字不对，请另存为 UTF-8"],
        )
    return utf8, "utf-8", []


def _valid(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _neither(data: bytes, name: str):
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start
    else:  # pragma: no cover - only called when UTF-8 failed
        start = 0
    raise LetterError(
        f"答复书既不是 UTF-8 也不是 GBK/GB18030 编码（第 {start} 字节起无法解码）；请另存为 UTF-8 编码的 .txt",
        file=name,
    )


def _read_capped(path: Path, limit: int) -> bytes:
    """The bytes of a regular file, at most ``limit`` (a file that grows past it is refused)."""
    try:
        return read_regular(path, limit)
    except NotRegularFile:
        raise LetterError("答复书不是普通文件（是目录、管道或设备），未读取", file=str(path)) from None
    except TooLarge:
        raise LetterError(f"答复书文件过大（上限 {limit} 字节）", file=str(path)) from None
    except OSError as exc:
        raise LetterError(f"无法读取答复书：{os_error_text(exc)}", file=str(path)) from None


def read_txt(path: Path) -> Letter:
    data = _read_capped(path, MAX_TXT_BYTES)
    if b"\x00" in data[:4096]:
        raise LetterError(
            "答复书不是文本文件（含 NUL 字节，可能是 UTF-16 或二进制文件）；请另存为 UTF-8 的 .txt", file=str(path)
        )
    text, encoding, warnings = decode_text(data, str(path))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return Letter(str(path), lines, encoding, warnings)


def _guard_zip(zf: zipfile.ZipFile, name: str) -> None:
    """Refuses what cannot be a letter before anything is expanded: too many entries, encrypted entries
    (Word encrypts the whole file, never one entry), parts declared larger than the cap. What the parts
    really expand to is checked while they are read (:func:`_read_part`)."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise LetterError(f".docx 内含条目过多（{len(infos)} 个，上限 {MAX_ENTRIES}），疑为异常文件", file=name)
    for info in infos:
        if info.flag_bits & 0x1:
            raise LetterError(f".docx 条目 {info.filename} 已加密，无法读取；请取消密码保护后另存为 .docx", file=name)
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise LetterError(
            f".docx 解压后过大（{total} 字节，上限 {MAX_UNCOMPRESSED} 字节），疑为压缩炸弹，已拒绝读取", file=name
        )


def _read_part(zf: zipfile.ZipFile, part: str, name: str, budget: list[int]) -> bytes:
    """One part, expanded at most to what is left of ``budget`` (shared by the parts of one file): an
    entry that under-declares its size is stopped at the cap, not expanded to the end."""
    chunks: list[bytes] = []
    try:
        with zf.open(part) as handle:
            while True:
                chunk = handle.read(min(1 << 20, budget[0] + 1))
                if not chunk:
                    break
                budget[0] -= len(chunk)
                if budget[0] < 0:
                    raise LetterError(f".docx 解压后超过 {MAX_UNCOMPRESSED} 字节，疑为压缩炸弹，已拒绝读取", file=name)
                chunks.append(chunk)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as exc:
        raise LetterError(f".docx 已损坏（{_zip_problem(exc)}）：{_CONVERT}", file=name) from None
    except RuntimeError:  # an encrypted entry not flagged in the directory
        raise LetterError(f".docx 条目 {part} 已加密，无法读取；请取消密码保护后另存为 .docx", file=name) from None
    return b"".join(chunks)


def _zip_problem(exc: Exception) -> str:
    text = str(exc)
    if "CRC" in text:
        return "内容校验和不符"
    if "compression method" in text or isinstance(exc, NotImplementedError):
        return "使用了不支持的压缩方式"
    if "Truncated" in text or isinstance(exc, EOFError):
        return "内容不完整"
    return "压缩包结构错误"


def _check_depth(root: ET.Element, name: str) -> None:
    """Refuses elements nested deeper than :data:`MAX_XML_DEPTH` (walked without recursion)."""
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_XML_DEPTH:
            raise LetterError(f".docx 内容嵌套层数过多（上限 {MAX_XML_DEPTH} 层），疑为异常文件，已拒绝读取", file=name)
        stack.extend((child, depth + 1) for child in node)


#: the elements of tracked deletions: their text is not the letter's
DELETED = (W + "del", W + "moveFrom", W + "delText")


def paragraph_text(p) -> str:
    """Text of a ``w:p`` with insertions kept and deletions dropped (final view of tracked changes).

    ``p`` is an ElementTree or an lxml element (the latter when the letter is annotated); comments and
    processing instructions, whose tag is not a string, add nothing."""
    out: list[str] = []
    stack = [p]
    while stack:
        node = stack.pop()
        tag = node.tag
        if not isinstance(tag, str) or tag in DELETED:
            continue
        if tag == W + "t":
            out.append(node.text or "")
        elif tag == W + "tab":
            out.append("\t")
        elif tag in (W + "br", W + "cr"):
            out.append("\n")
        stack.extend(reversed(list(node)))  # children in document order
    return "".join(out)


_CONTAINERS = (W + "sdt", W + "sdtContent", W + "body", W + "ins", W + "customXml", W + "smartTag")


@dataclass(frozen=True)
class BlockLine:
    """A line of a body, header or footer as read: the ``w:p`` it stands in (a table row: its first
    paragraph with text, None when no cell has text), where in that paragraph's text it starts (a paragraph
    with line breaks gives several lines), its text, and whether it is a table row."""

    paragraph: Any
    offset: int
    text: str
    row: bool = False


_CN_COUNT = "〇一二三四五六七八九"


def _chinese_count(n: int) -> str:
    if n < 10:
        return _CN_COUNT[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN_COUNT[tens]) + "十" + (_CN_COUNT[ones] if ones else "")
    return str(n)


def _number_text(fmt: str, n: int) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "japaneseCounting"):
        return _chinese_count(n)
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return "甲乙丙丁戊己庚辛壬癸"[n - 1]
    if fmt == "lowerLetter" and 1 <= n <= 26:
        return chr(ord("a") + n - 1)
    if fmt == "upperLetter" and 1 <= n <= 26:
        return chr(ord("A") + n - 1)
    if fmt == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    return str(n)


class Numbering:
    """Word's automatic numbering (``w:numPr`` of a paragraph or of its style): the number Word shows before a
    list paragraph (1. / 一、 / （一）), which is no part of the paragraph's text but is read as written."""

    def __init__(self, numbering: ET.Element | None, styles: ET.Element | None) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # abstractNumId → ilvl → (fmt, text, start)
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstractNumId, start overrides)
        self.styles: dict[str, tuple[str | None, int]] = {}  # styleId → (numId, ilvl)
        self.counts: dict[str, dict[int, int]] = {}
        if numbering is not None:
            for a in numbering.findall(W + "abstractNum"):
                lvls = {}
                for lvl in a.findall(W + "lvl"):
                    fmt, text, start = lvl.find(W + "numFmt"), lvl.find(W + "lvlText"), lvl.find(W + "start")
                    lvls[int(lvl.get(W + "ilvl", "0"))] = (
                        fmt.get(W + "val", "decimal") if fmt is not None else "decimal",
                        text.get(W + "val", "") if text is not None else "",
                        int(start.get(W + "val", "1")) if start is not None else 1,
                    )
                self.levels[a.get(W + "abstractNumId", "")] = lvls
            for num in numbering.findall(W + "num"):
                ref = num.find(W + "abstractNumId")
                overrides = {}
                for o in num.findall(W + "lvlOverride"):
                    so = o.find(W + "startOverride")
                    if so is not None:
                        overrides[int(o.get(W + "ilvl", "0"))] = int(so.get(W + "val", "1"))
                self.nums[num.get(W + "numId", "")] = (ref.get(W + "val", "") if ref is not None else "", overrides)
        if styles is not None:
            for st in styles.findall(W + "style"):
                pr = st.find(f"{W}pPr/{W}numPr")
                if pr is not None:
                    self.styles[st.get(W + "styleId", "")] = self._num_pr(pr)

    @staticmethod
    def _num_pr(pr: ET.Element) -> tuple[str | None, int]:
        num, lvl = pr.find(W + "numId"), pr.find(W + "ilvl")
        return (num.get(W + "val") if num is not None else None), int(lvl.get(W + "val", "0")) if lvl is not None else 0

    def label(self, p) -> str:
        """The number Word shows before paragraph ``p`` ("" for none or a bullet); counts the paragraph."""
        ppr = p.find(W + "pPr")
        if ppr is None:
            return ""
        num_id, ilvl = None, 0
        style = ppr.find(W + "pStyle")
        if style is not None and style.get(W + "val") in self.styles:
            num_id, ilvl = self.styles[style.get(W + "val", "")]
        pr = ppr.find(W + "numPr")
        if pr is not None:
            own, own_lvl = self._num_pr(pr)
            num_id = own if own is not None else num_id
            ilvl = own_lvl if pr.find(W + "ilvl") is not None else ilvl
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract, overrides = self.nums[num_id]
        lvls = self.levels.get(abstract, {})
        if ilvl not in lvls or lvls[ilvl][0] in ("bullet", "none"):
            return ""
        counts = self.counts.setdefault(num_id, {})
        start = overrides.get(ilvl, lvls[ilvl][2])
        counts[ilvl] = counts.get(ilvl, start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        text = lvls[ilvl][1]
        for level, (fmt, _t, lvl_start) in lvls.items():
            if f"%{level + 1}" in text:
                value = counts.get(level, overrides.get(level, lvl_start))
                text = text.replace(f"%{level + 1}", _number_text(fmt, value))
        return text


def _paragraph_lines(p, numbering: Numbering | None = None) -> Iterator[BlockLine]:
    offset = 0
    label = numbering.label(p) if numbering is not None else ""
    for part in paragraph_text(p).split("\n"):
        yield BlockLine(p, offset, label + part if offset == 0 and part.strip() else part)
        offset += len(part) + 1


def block_lines(root, numbering: Numbering | None = None) -> Iterator[BlockLine]:
    """The paragraphs and table rows of a body, header or footer, in document order, one line each (a
    table row's non-empty cells joined by tabs).

    A table before any text (the 红头 laid out in a table: the agency's name, the title, the 文号 in its
    cells) is the letter's opening, not a form: its cells' paragraphs are read as lines of their own, row by
    row and cell by cell, in reading order."""
    stack = list(reversed(list(root)))
    text_seen = False
    while stack:
        child = stack.pop()
        tag = child.tag
        if tag == W + "p":
            for line in _paragraph_lines(child, numbering):
                text_seen = text_seen or bool(line.text.strip())
                yield line
        elif tag == W + "tbl" and not text_seen:
            for p in child.iter(W + "p"):
                for line in _paragraph_lines(p):
                    if line.text.strip():
                        text_seen = True
                        yield line
        elif tag == W + "tbl":
            for row in child.iter(W + "tr"):
                cells, first = [], None
                for cell in row.findall(W + "tc"):
                    texts = []
                    for p in cell.iter(W + "p"):
                        t = paragraph_text(p)
                        texts.append(t)
                        if first is None and t.strip():
                            first = p
                    cells.append("".join(texts))
                yield BlockLine(first, 0, "\t".join(c for c in cells if c), row=True)
        elif tag in _CONTAINERS:
            stack.extend(reversed(list(child)))


def _block_lines(
    root: ET.Element, rows: list[int] | None = None, first: int = 1, numbering: Numbering | None = None
) -> list[str]:
    """The texts of :func:`block_lines`; the line numbers of the table rows (the first line being ``first``)
    are appended to ``rows``."""
    lines: list[str] = []
    for line in block_lines(root, numbering):
        if line.row and rows is not None:
            rows.append(first + len(lines))
        lines.append(line.text)
    return lines


_STYLE_USED = re.compile(rb"<(?:\w+:)?pStyle\s+(?:\w+:)?val=\"([^\"]*)\"")


def _numbering_styles_used(document: bytes, styles: bytes) -> bool:
    """Whether a paragraph of ``document`` has a style that numbers it (``w:numPr`` in the style's own
    definition, as :class:`Numbering` reads styles): only then are the styles parsed, which in Word's
    template are hundreds, read for nothing by a letter that numbers no paragraph through its style."""
    if b"numPr" not in styles:
        return False
    for style_id in set(_STYLE_USED.findall(document)):
        start = styles.find(b'styleId="' + style_id + b'"')
        if start == -1:
            continue
        end = styles.find(b'styleId="', start + 9)  # the next style's: this one's definition lies between
        if b"numPr" in styles[start : end if end != -1 else len(styles)]:
            return True
    return False


def read_docx(path: Path) -> Letter:
    import io

    name = str(path)
    raw = _read_capped(path, MAX_DOCX_BYTES)
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError):
        raise LetterError(f"不是有效的 .docx 文件（可能是改了扩展名的 .doc/.wps）：{_CONVERT}", file=name) from None
    with zf:
        _guard_zip(zf, name)
        budget = [MAX_UNCOMPRESSED]
        if "word/document.xml" not in zf.namelist():
            raise LetterError(f".docx 中没有 word/document.xml：{_CONVERT}", file=name)
        headers = sorted(n for n in zf.namelist() if n.startswith("word/header") and n.endswith(".xml"))
        parts = [_read_part(zf, h, name, budget) for h in headers]
        document = _read_part(zf, "word/document.xml", name, budget)
        lists = [
            _read_part(zf, part, name, budget) if part in zf.namelist() else b""
            for part in ("word/numbering.xml", "word/styles.xml")
        ]
        for data in (*parts, document, *lists):
            if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
                raise LetterError(".docx 内含 DTD/实体声明（Word 不会写入），疑为恶意文件，已拒绝读取", file=name)
        rows: list[int] = []
        try:
            lines: list[str] = []
            for part in parts:
                root = ET.fromstring(part)
                _check_depth(root, name)
                lines.extend(_block_lines(root))
            margin = frozenset(range(1, len(lines) + 1))
            root = ET.fromstring(document)
            _check_depth(root, name)
            body = root.find(W + "body")
            # numbering and styles are only looked up by fixed paths (no walk that a deep nesting could
            # exhaust); styles count only where one of them numbers its paragraphs (Word's template has
            # hundreds of styles, none of which a letter without automatic numbering needs)
            numbering_xml, styles_xml = lists
            numbering = None
            if numbering_xml:
                styles = ET.fromstring(styles_xml) if _numbering_styles_used(document, styles_xml) else None
                numbering = Numbering(ET.fromstring(numbering_xml), styles)
            if body is not None:
                lines.extend(_block_lines(body, rows, len(lines) + 1, numbering))
        except ET.ParseError as exc:
            raise LetterError(f".docx 内容无法解析（XML 错误：{exc}）", file=name) from None
    return Letter(name, lines, "docx", [], margin, frozenset(rows))
