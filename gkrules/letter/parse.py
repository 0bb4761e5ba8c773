"""Locating the elements of a reply letter (letter-template.md) and parsing 文号, dates and citations.

Plain Python over the letter's lines: each element is found by its substance (the wordings of
``rules/letter/wordings/``, read through ``meaning.py``), in template order, into an immutable
:class:`ParsedLetter`. Nothing here judges the letter; the element modules of ``elements/`` do.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from .. import patterns

ELEMENTS: tuple[str, ...] = (
    "title",
    "doc_number",
    "salutation",
    "receipt",
    "request",
    "decision",
    "legal_basis",
    "reasons",
    "guidance",
    "remedy",
    "signature",
    "date",
    "fee",
)

_BLANK = " \t\u3000\u00a0\ufeff"

# ---------------------------------------------------------------- Chinese numerals

_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "Ｏ": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUM = "〇零○一二两三四五六七八九十百千"


def cn_to_int(text: str) -> int | None:
    """``三十六`` → 36, ``十五`` → 15, ``二〇二〇`` → 2020 (digit by digit); Arabic digits pass through."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if all(ch in _DIGITS for ch in text) and len(text) > 1:
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        else:
            return None
    return total + current


_CN_DIGIT = "〇一二三四五六七八九"


def int_to_cn(n: int) -> str:
    """36 → ``三十六``; 10 → ``十``; 105 → ``一百零五`` (article numbers of the 条例 are below 100)."""
    if n < 10:
        return _CN_DIGIT[n] if n else "〇"
    if n < 20:
        return "十" + (_CN_DIGIT[n - 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGIT[n // 10] + "十" + (_CN_DIGIT[n % 10] if n % 10 else "")
    hundreds, rest = divmod(n, 100)
    tail = (
        ""
        if rest == 0
        else ("零" + int_to_cn(rest) if rest < 10 else ("一" + int_to_cn(rest) if rest < 20 else int_to_cn(rest)))
    )
    return _CN_DIGIT[hundreds] + "百" + tail


def cn_year(year: int) -> str:
    return "".join("〇一二三四五六七八九"[int(d)] for d in str(year))


# ---------------------------------------------------------------- dates

_DNUM = r"[0-9０-９〇零○Ｏ一二三四五六七八九十]"
DATE_RE = patterns.compile(rf"(?P<y>{_DNUM}{{2,4}})\s*年\s*(?P<m>{_DNUM}{{1,3}})\s*月\s*(?P<d>{_DNUM}{{1,3}})\s*日")
OTHER_DATE_RE = patterns.compile(
    r"(?<!\d)(?P<y>\d{4})\s*(?P<sep>[-./／])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})(?!\d)"
)
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


@dataclass(frozen=True)
class DateText:
    raw: str
    line: int
    date: _dt.date | None
    style: str  # arabic | chinese | mixed | other (2020-05-28, 2020.5.28)
    leading_zero: bool = False
    fullwidth: bool = False

    @property
    def well_formed(self) -> bool:
        """``YYYY年M月D日`` in ASCII Arabic digits without leading zeros."""
        return self.style == "arabic" and not self.leading_zero and not self.fullwidth and self.date is not None


def _num(part: str) -> tuple[int | None, str]:
    part = part.translate(_FULLWIDTH)
    if part.isdigit():
        return int(part), "arabic"
    if all(ch in CN_NUM for ch in part):
        return cn_to_int(part), "chinese"
    return None, "mixed"


def parse_date(raw: str, line: int = 0) -> DateText | None:
    m = DATE_RE.search(raw)
    if m:
        values, styles = [], set()
        for key in ("y", "m", "d"):
            value, style = _num(m.group(key))
            values.append(value)
            styles.add(style)
        style = styles.pop() if len(styles) == 1 else "mixed"
        date = None
        if None not in values:
            y = values[0]
            if y < 100:
                y += 2000
            try:
                date = _dt.date(y, values[1], values[2])
            except ValueError:
                date = None
        leading = any(
            m.group(k).translate(_FULLWIDTH).isdigit() and len(m.group(k)) == 2 and m.group(k)[0] in "0０"
            for k in ("m", "d")
        )
        fullwidth = any(ch in m.group(0) for ch in "０１２３４５６７８９")
        return DateText(m.group(0), line, date, style, leading, fullwidth)
    m = OTHER_DATE_RE.search(raw)
    if m:
        try:
            date = _dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            date = None
        return DateText(m.group(0), line, date, "other")
    return None


def format_date(day: _dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# ---------------------------------------------------------------- 文号

DOC_NUMBER_RE = patterns.compile(
    r"^(?P<prefix>[^\s〔〕\[\]［］()（）【】0-9０-９]*?)\s*"
    r"(?P<open>[〔\[［(（【{｛<《]?)\s*(?P<year>[0-9０-９]{2,4})\s*(?P<close>[〕\]］)）】}｝>》]?)\s*"
    r"(?P<di>第?)\s*(?P<num>[0-9０-９]+)\s*号$"
)


@dataclass(frozen=True)
class DocNumber:
    raw: str
    line: int
    prefix: str
    open: str
    year_text: str
    close: str
    di: bool
    number_text: str

    @property
    def year(self) -> int:
        y = int(self.year_text.translate(_FULLWIDTH))
        return y + 2000 if y < 100 else y

    @property
    def number(self) -> int:
        return int(self.number_text.translate(_FULLWIDTH))

    @property
    def bracket(self) -> str:
        return self.open + self.close


def parse_doc_number(text: str, line: int = 0) -> DocNumber | None:
    m = DOC_NUMBER_RE.match(text.strip(_BLANK))
    if not m:
        return None
    return DocNumber(
        m.group(0),
        line,
        m.group("prefix"),
        m.group("open"),
        m.group("year"),
        m.group("close"),
        bool(m.group("di")),
        m.group("num"),
    )


# ---------------------------------------------------------------- citations

REG_2019_NAMES = ("《中华人民共和国政府信息公开条例》", "《政府信息公开条例》")
_ART = rf"第(?P<art>[{CN_NUM}0-9０-９]+)条"
_PARA = rf"(?:第(?P<para>[{CN_NUM}0-9０-９]+)款)?"
_ITEM = rf"(?:第?[（(](?P<item>[{CN_NUM}0-9０-９]+)[）)]项?|第(?P<item2>[{CN_NUM}0-9０-９]+)项)?"
ARTICLE_RE = patterns.compile(_ART + _PARA + _ITEM)
LAW_NAME_RE = patterns.compile(r"《[^》]{2,40}》")
_LIST_RE = patterns.compile(rf"^[、和及或与]\s*(?=第[{CN_NUM}0-9０-９]+[条款]|第?[（(][{CN_NUM}0-9]+[）)])")


@dataclass(frozen=True)
class Citation:
    law: str  # the law's name as written (《…》), or 本条例/条例 for a back-reference
    article: int
    para: int | None
    item: int | None
    raw: str
    line: int
    arabic: bool

    @property
    def of_regulation(self) -> bool:
        """A citation of the 政府信息公开条例 (either version, by name)."""
        return "政府信息公开条例" in self.law or self.law in ("《条例》", "条例", "本条例")

    def cited_form(self) -> str:
        return cite_form(self.article, self.para, self.item)


def cite_form(article: int, para: int | None = None, item: int | None = None) -> str:
    out = f"第{int_to_cn(article)}条"
    if para:
        out += f"第{int_to_cn(para)}款"
    if item:
        out += f"第（{int_to_cn(item)}）项"
    return out


def _blank_quotes(text: str) -> str:
    """``text`` with the inside of quotation marks blanked (same length), so quoted words are not read."""
    return re.sub(
        r"“[^“”]*”|「[^「」]*」", lambda m: m.group(0)[0] + "　" * (len(m.group(0)) - 2) + m.group(0)[-1], text
    )


def parse_citations(text: str, line: int = 0) -> list[Citation]:
    """Article citations with the law they belong to: the last 《…》 name before them in the same
    sentence outside quotation marks (so 《行政复议法》第九条 is not read as the 条例's 第九条, and in
    “依照《…条例》第十六条第二款‘……’，根据第三十六条第（二）项” both articles are the 条例's)."""
    out: list[Citation] = []
    for sentence in re.split(r"[。；;！!？?\n]", _blank_quotes(text)):
        names = [(m.start(), m.end(), m.group(0)) for m in LAW_NAME_RE.finditer(sentence)]
        for m in ARTICLE_RE.finditer(sentence):
            law = ""
            for _start, end, name in names:
                if end <= m.start():
                    law = name
            before = sentence[max(0, m.start() - 4) : m.start()]
            if before.endswith("条例") and not before.endswith("》"):
                law = "条例"
            art = cn_to_int(m.group("art").translate(_FULLWIDTH))
            if art is None:
                continue
            para = cn_to_int(m.group("para").translate(_FULLWIDTH)) if m.group("para") else None
            item_text = m.group("item") or m.group("item2")
            item = cn_to_int(item_text.translate(_FULLWIDTH)) if item_text else None
            arabic = any(ch.isdigit() for ch in m.group(0))
            out.append(Citation(law, art, para, item, m.group(0), line, arabic))
    return out


# ---------------------------------------------------------------- the letter

PLACEHOLDER_RE = patterns.compile(r"【[^】]*(请|填写|待)[^】]*】")
SALUTATION_RE = patterns.compile(r"^(?P<name>[^：:。，,]{1,60}?)\s*(?P<colon>[：:])$")
DOC_NUMBER_LIKE = patterns.compile(r"[0-9０-９]{2,4}.{0,6}号|[〔\[［(（【].{0,6}[〕\]］)）】].{0,8}号")


@dataclass(frozen=True)
class Element:
    name: str
    line: int
    text: str


def _frozen(mapping: dict) -> Mapping:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class ParsedLetter:
    """A letter's elements as found by :func:`parse_letter`; immutable."""

    lines: tuple[str, ...]  # as read, unnormalised
    elements: Mapping[str, Element] = field(default_factory=lambda: MappingProxyType({}))
    doc_number: DocNumber | None = None
    doc_number_candidate: str | None = None
    receipt_date: DateText | None = None
    letter_date: DateText | None = None
    dates: tuple[DateText, ...] = ()
    citations: tuple[Citation, ...] = ()
    body: tuple[tuple[int, str], ...] = ()  # (line, text) between salutation and signature
    sentences: tuple[tuple[int, str], ...] = ()  # (line, sentence) of the body
    margin: frozenset[int] = frozenset()  # lines of the page header, beside the letter
    #: where the remedy notice starts: (line, offset in that body line's text), None without one
    remedy_at: tuple[int, int] | None = None

    def letter_lines(self) -> tuple[tuple[int, str], ...]:
        """``(line, text)`` of the letter itself: every line but the page header's."""
        return tuple((n, t) for n, t in enumerate(self.lines, 1) if n not in self.margin)

    @property
    def received_on(self) -> _dt.date | None:
        """The day the receipt sentence says the application was received."""
        return self.receipt_date.date if self.receipt_date else None

    def line_of(self, name: str) -> int | None:
        el = self.elements.get(name)
        return el.line if el else None

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def body_text(self) -> str:
        return "\n".join(t for _, t in self.body)

    def find(self, pattern: re.Pattern | str, start: int = 0) -> tuple[int, str] | None:
        """The first body line at or after line ``start`` that matches ``pattern``."""
        rx = patterns.compile(pattern) if isinstance(pattern, str) else pattern
        for line, text in self.body:
            if line >= start and rx.search(text):
                return line, text
        return None

    def decision_body(self) -> tuple[tuple[int, str], ...]:
        """The body lines before the remedy notice (:func:`_before_remedy`)."""
        return _before_remedy(self.body, self.remedy_at)

    def remedy_body(self) -> tuple[tuple[int, str], ...]:
        """The body lines from the start of the remedy notice on (its first line from where it starts)."""
        if self.remedy_at is None:
            return ()
        line, offset = self.remedy_at
        return tuple((n, t[offset:] if n == line else t) for n, t in self.body if n >= line)

    def remedy_text(self) -> str:
        return "\n".join(t for _, t in self.remedy_body())

    def before_remedy(self) -> tuple[tuple[int, str], ...]:
        """The body sentences before the remedy notice (the decision part)."""
        return split_sentences(self.decision_body()) if self.remedy_at is not None else self.sentences


def _before_remedy(body: tuple[tuple[int, str], ...], remedy_at: tuple[int, int] | None) -> tuple[tuple[int, str], ...]:
    """The body lines before the remedy notice that starts at ``remedy_at``; the line on which it starts is cut
    where it starts (a letter written in one paragraph keeps its receipt, request, decision and reasons)."""
    if remedy_at is None:
        return body
    line, offset = remedy_at
    out = []
    for n, t in body:
        if n < line:
            out.append((n, t))
        elif n == line and t[:offset].strip(_BLANK):
            out.append((n, t[:offset].rstrip(_BLANK)))
    return tuple(out)


#: the words that say the application arrived, strongest first (条例第三十一条: 签收 for post, the day of
#: submission for an application handed in)
_RECEIPT_WORDS = ("签收", "收悉", "收讫", "收到", "接收", "受理", "确认", "提交", "递交", "提出")


def receipt_date_of(sentence: str, line: int = 0) -> DateText | None:
    """The date the receipt sentence gives for receiving the application: the date written nearest before
    the strongest receipt word (本局于2024年5月9日签收 in a sentence that also says when it was sent),
    else the first date of the sentence."""
    found = [(m.start(), m.group(0)) for m in DATE_RE.finditer(sentence)]
    if not found:
        return parse_date(sentence, line)
    for word in _RECEIPT_WORDS:
        at = sentence.rfind(word)
        if at < 0:
            continue
        before = [raw for start, raw in found if start < at]
        if before:
            return parse_date(before[-1], line)
    return parse_date(found[0][1], line)


#: a date line without its day mark or day (2025年3月18 / 2025年3月): the letter's date, written wrongly
_INCOMPLETE_DATE = patterns.compile(rf"^{_DNUM}{{2,4}}\s*年\s*{_DNUM}{{1,3}}\s*月\s*(?:{_DNUM}{{1,3}})?$")


def _looks_like_date_line(text: str) -> DateText | None:
    stripped = text.strip(_BLANK)
    d = parse_date(stripped)
    if d is None:
        if _INCOMPLETE_DATE.match(stripped):
            style = "arabic" if re.search(r"[0-9０-９]", stripped) else "chinese"
            return DateText(stripped, 0, None, style)
        return None
    rest = stripped.replace(d.raw, "").strip(_BLANK)
    return d if len(rest) <= 2 else None


def split_sentences(body: Sequence[tuple[int, str]]) -> tuple[tuple[int, str], ...]:
    """Body sentences ``(line, sentence)``: split after 。；！？ outside quotation marks (a quoted article
    stays inside the sentence that quotes it)."""
    out = []
    for line, text in body:
        depth, start = 0, 0
        for i, ch in enumerate(text):
            if ch in "“「『":
                depth += 1
            elif ch in "”」』":
                depth = max(0, depth - 1)
            elif ch in "。；;！!？?" and depth == 0:
                if text[start : i + 1].strip(_BLANK):
                    out.append((line, text[start : i + 1].strip(_BLANK)))
                start = i + 1
        if text[start:].strip(_BLANK):
            out.append((line, text[start:].strip(_BLANK)))
    return tuple(out)


#: a line printed below the date and signature: contacts, 抄送, a page number, a note on how the letter is
#: released (（此件依申请公开）)
AFTER_CLOSE_RE = patterns.compile(
    r"^(?:[（(]?(?:联系人|联系电话|联系方式|电话|联系地址|通讯地址|地址|邮编|邮政编码|传真|电子邮箱|邮箱|经办人|承办人)\s*[：:]"
    r"|抄送[：:]|[（(]此件|[—\-－]\s*\d+\s*[—\-－]$|第\s*\d+\s*页|\d+\s*/\s*\d+$)"
)


#: a note where the seal goes or that a page holds no text (（印章）, （盖章）, （此页无正文）): no element of the letter,
#: least of all the signature above which it stands
SEAL_NOTE_RE = patterns.compile(
    r"^[（(\[［【]?\s*(?:(?:单位|机关)?(?:印章|盖章|公章|签章|章)(?:处)?|此页无正文|本页无正文|以下无正文)\s*[）)\]］】]?$"
)


#: a page number printed between the pages of a letter copied out of a PDF (— 2 —, - 2 -, 第2页, 第2页共3页, 2/3)
PAGE_NUMBER_RE = patterns.compile(
    r"^(?:[—\-－–]+\s*[0-9０-９]+\s*[—\-－–]+|第\s*[0-9０-９]+\s*页(?:\s*[，,/]?\s*共\s*[0-9０-９]+\s*页)?"
    r"|[0-9０-９]+\s*/\s*[0-9０-９]+)$"
)
_CJK = r"[\u3400-\u9fff\uf900-\ufaff]"
#: a line of CJK characters each set apart by a space (a title copied out of a PDF: 福 建 省 教 育 厅)
_SPACED_RE = patterns.compile(rf"^(?:{_CJK}[ \u3000\u00a0]{{1,3}})+{_CJK}$")
#: where a sentence ends at a line's end: the next line starts another
_LINE_ENDS = "。；;！!？?：:"
#: a line that starts an item, a heading or an enclosure note, never the rest of the line before it
_STARTS_ITEM = patterns.compile(
    rf"^(?:[{CN_NUM}]+[、.．]|[（(][{CN_NUM}0-9０-９]+[）)]|[0-9０-９]+[、.．]|附件|附：|抄送|联系)"
)


def unspaced(text: str) -> str:
    """``福 建 省 教 育 厅`` → ``福建省教育厅``; any other text as it is."""
    return re.sub(r"[ \u3000\u00a0]+", "", text) if _SPACED_RE.match(text) else text


def _reading_lines(
    body: Sequence[tuple[int, str]], raw: Mapping[int, str], repeated: Collection[str], rows: Collection[int]
) -> tuple[tuple[int, str], ...]:
    """The body as it reads: page numbers and page headers repeated from the letter's opening dropped, and a
    line broken before its sentence ends (by a PDF's line wrap or a soft line break) joined to the line that
    continues it. A joined line keeps the number of the line on which it starts."""
    kept = [(n, t) for n, t in body if not PAGE_NUMBER_RE.match(t) and not (n not in rows and unspaced(t) in repeated)]
    out: list[tuple[int, str]] = []
    for n, t in kept:
        if out:
            prev_n, prev = out[-1]
            if (
                prev_n not in rows
                and n not in rows
                and prev[-1] not in _LINE_ENDS
                and len(prev) >= 12
                and not raw[n][:1].isspace()
                and not _STARTS_ITEM.match(t)
            ):
                out[-1] = (prev_n, prev + t)
                continue
        out.append((n, t))
    return tuple(out)


def parse_letter(lines: Sequence[str], margin: Collection[int] = (), table_rows: Collection[int] = ()) -> ParsedLetter:
    """Locate every element in template order; a missing element is simply absent from ``elements``.

    ``margin``: line numbers (1-based) of page-header lines, printed beside the letter: they are never part
    of the title or the body, and a 文号 is taken from them only when the letter itself has none.
    ``table_rows``: line numbers of table rows: a form between the 文号 and the salutation (an application
    register) does not count among the lines in which the title, 文号 and salutation are looked for."""
    from . import meaning

    clean = [(i + 1, raw.strip(_BLANK)) for i, raw in enumerate(lines)]
    margin = frozenset(margin)
    rows = frozenset(table_rows)
    nonblank = [
        (n, unspaced(t))
        for n, t in clean
        if t and n not in margin and not SEAL_NOTE_RE.match(t) and not PAGE_NUMBER_RE.match(t)
    ]
    found: dict[str, Element] = {}
    if not nonblank:
        return ParsedLetter(tuple(lines), margin=margin)

    def window(start: int, size: int = 3) -> list[int]:
        """Indices of ``nonblank`` from ``start``: the next ``size`` lines that are not table rows."""
        out: list[int] = []
        for j in range(start, len(nonblank)):
            if nonblank[j][0] in rows:
                continue
            out.append(j)
            if len(out) == size:
                break
        return out

    # title: first line unless it is already a 文号, a salutation or a sentence
    def title_like(text: str) -> bool:
        return (
            not parse_doc_number(text)
            and not SALUTATION_RE.match(text)
            and "。" not in text
            and len(text) <= 80
            and meaning.is_title(text)
        )

    idx = 0
    opening = window(0, 2)
    if opening and title_like(nonblank[opening[0]][1]):
        n, t = nonblank[opening[0]]
        found["title"] = Element("title", n, t)
        idx = opening[0] + 1
    elif len(opening) > 1:
        n, t = nonblank[opening[0]]
        second = nonblank[opening[1]][1]
        if title_like(second) and len(t) <= 30 and not re.search(r"[。，：:；\d]", t):
            # the agency's name on its own line above the document type
            found["title"] = Element("title", n, t + second)
            idx = opening[1] + 1
    # 文号: within the next lines before the salutation
    doc_number = None
    candidate = None
    for j in window(idx):
        n, t = nonblank[j]
        dn = parse_doc_number(t)
        if dn:
            doc_number = DocNumber(dn.raw, n, dn.prefix, dn.open, dn.year_text, dn.close, dn.di, dn.number_text)
            found["doc_number"] = Element("doc_number", n, t)
            idx = j + 1
            break
        if SALUTATION_RE.match(t):
            break
        if DOC_NUMBER_LIKE.search(t) and re.search(r"\d", t) and len(t) <= 40 and not re.search(r"[。，；]", t):
            candidate = t
            found["doc_number"] = Element("doc_number", n, t)
            idx = j + 1
            break
    if "doc_number" not in found:
        for n, t in clean:
            if n in margin and t and (dn := parse_doc_number(t)):
                doc_number = DocNumber(dn.raw, n, dn.prefix, dn.open, dn.year_text, dn.close, dn.di, dn.number_text)
                found["doc_number"] = Element("doc_number", n, t)
                break
    # salutation
    for j in window(idx):
        n, t = nonblank[j]
        if SALUTATION_RE.match(t) and len(t) <= 62:
            found["salutation"] = Element("salutation", n, t)
            idx = j + 1
            break
    # tail: date and signature, from the end; a table after the date (contacts, a list of what is enclosed) is
    # no part of the letter's close: where the last lines give no date, they are looked for before such a table
    end = len(nonblank)
    same_line_signature = None
    letter_date = None
    # lines printed after the close (contacts, 抄送, a page number) are no part of it either
    while end > idx + 1 and AFTER_CLOSE_RE.match(nonblank[end - 1][1]):
        end -= 1
    last = list(range(end - 1, max(idx - 1, end - 4), -1))
    if rows and not any(_looks_like_date_line(nonblank[j][1]) or parse_date(nonblank[j][1]) for j in last):
        outside = [j for j in range(len(nonblank) - 1, idx - 1, -1) if nonblank[j][0] not in rows]
        if outside:
            last = outside[:3]
            end = outside[0] + 1
    for j in last:
        n, t = nonblank[j]
        d = _looks_like_date_line(t)
        if d is None:
            # signature and date on one line: 福州市鼓楼区审计局  2020年5月28日
            d2 = parse_date(t)
            head = t[: t.rfind(d2.raw)].strip(_BLANK) if d2 and t.endswith(d2.raw) else None
            if head and len(head) <= 40 and not re.search(r"[。，,；;：:]", head):
                d, same_line_signature = d2, head
        if d:
            letter_date = DateText(d.raw, n, d.date, d.style, d.leading_zero, d.fullwidth)
            found["date"] = Element("date", n, t)
            if same_line_signature:
                found["signature"] = Element("signature", n, same_line_signature)
            end = j
            break
    for j in range(end - 1, max(idx - 1, end - 3), -1):
        if "signature" in found:
            break
        n, t = nonblank[j]
        if len(t) <= 40 and not re.search(r"[。，,；;：:]", t) and not parse_date(t):
            found["signature"] = Element("signature", n, t)
            end = j
            break
    heads = {t for n, t in nonblank[:idx] if "salutation" not in found or n != found["salutation"].line}
    body = _reading_lines(nonblank[idx:end], dict(enumerate(lines, 1)), heads, rows)
    sentences = split_sentences(body)
    dates: list[DateText] = []
    citations: list[Citation] = []
    for line, text in body:
        for d in DATE_RE.finditer(text):
            pd = parse_date(d.group(0), line)
            if pd:
                dates.append(pd)
        citations.extend(parse_citations(text, line))
    # body elements, by their substance: the remedy notice first, where its words start
    receipt_date = None
    remedy_at = meaning.remedy_start(body)
    head = sentences
    head_body = _before_remedy(body, remedy_at)
    if remedy_at is not None:
        line, offset = remedy_at
        text = next(t for n, t in body if n == line)[offset:]
        found["remedy"] = Element("remedy", line, split_sentences(((line, text),))[0][1])
        head = split_sentences(head_body)
    located = meaning.locate(head)
    for name, (line, sentence) in located.items():
        found[name] = Element(name, line, sentence)
        if name == "receipt":
            receipt_date = receipt_date_of(sentence, line)
    regulation = [c for line, text in head_body for c in parse_citations(text, line) if c.of_regulation]
    if regulation:
        first = regulation[0]
        text = next((s for n, s in sentences if n == first.line and first.raw in s), "")
        found["legal_basis"] = Element("legal_basis", first.line, text)
    ordered = {name: found[name] for name in ELEMENTS if name in found}
    return ParsedLetter(
        lines=tuple(lines),
        elements=_frozen(ordered),
        doc_number=doc_number,
        doc_number_candidate=candidate,
        receipt_date=receipt_date,
        letter_date=letter_date,
        dates=tuple(dates),
        citations=tuple(citations),
        body=body,
        sentences=sentences,
        margin=margin,
        remedy_at=remedy_at,
    )
