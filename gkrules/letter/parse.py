"""Locating the elements of a reply letter (letter-template.md) and parsing 文号, dates and citations.

Plain Python over the letter's lines: each element is found by its substance (the variants of
letter-template.md), in template order. Nothing here judges the letter; ``facts.py`` does.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

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
DATE_RE = re.compile(rf"(?P<y>{_DNUM}{{2,4}})\s*年\s*(?P<m>{_DNUM}{{1,3}})\s*月\s*(?P<d>{_DNUM}{{1,3}})\s*日")
OTHER_DATE_RE = re.compile(r"(?<!\d)(?P<y>\d{4})\s*(?P<sep>[-./／])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})(?!\d)")
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

DOC_NUMBER_RE = re.compile(
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
ARTICLE_RE = re.compile(_ART + _PARA + _ITEM)
LAW_NAME_RE = re.compile(r"《[^》]{2,40}》")
_LIST_RE = re.compile(rf"^[、和及或与]\s*(?=第[{CN_NUM}0-9０-９]+[条款]|第?[（(][{CN_NUM}0-9]+[）)])")


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


def parse_citations(text: str, line: int = 0) -> list[Citation]:
    """Article citations with the law they belong to: the nearest 《…》 name before them in the same
    sentence (so 《行政复议法》第九条 is not read as the 条例's 第九条)."""
    out: list[Citation] = []
    for sentence in re.split(r"[。；;！!？?\n]", text):
        names = [(m.start(), m.end(), m.group(0)) for m in LAW_NAME_RE.finditer(sentence)]
        for m in ARTICLE_RE.finditer(sentence):
            # the law named last before this article, if only connectors or other articles lie between
            law = ""
            for start, end, name in names:
                if end <= m.start():
                    law = name
                    between = re.sub(r"（[^（）]*）|\([^()]*\)", "", sentence[end : m.start()])
                    if re.search(r"[^\s第条款项（）()、和及或与的规定之" + CN_NUM + r"0-9]", between):
                        law = ""
            if not law:
                before = sentence[max(0, m.start() - 4) : m.start()]
                if before.endswith("条例") or before.endswith("本条例"):
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

TITLE_RE = re.compile(r"(答复书|告知书|答复|告知|通知书|通知|决定书|决定|函|意见书)$")
TITLE_OK_RE = re.compile(r"政府信息.{0,12}(答复书|告知书)$")
SALUTATION_RE = re.compile(r"^(?P<name>[^：:。，,]{1,60}?)\s*(?P<colon>[：:])$")
RECEIPT_RE = re.compile(
    r"(收到|收悉|受理)(?!本答复|本告知|行政复议|复议决定)[^。；]{0,30}申请|申请[^。；]{0,10}(已)?(收悉|收到)"
)
REQUEST_RE = re.compile(
    r"((申请|要求)(公开|获取|提供|查阅|复制)(?!的)[^。；]{2,}|申请(的)?(内容|事项)(为|是|：|:|如下)|所需(的)?信息为)"
)
REMEDY_RE = re.compile(r"(行政复议|行政诉讼|复议|诉讼)")
PLACEHOLDER_RE = re.compile(r"【[^】]*(请|填写|待)[^】]*】")


@dataclass
class Element:
    name: str
    line: int
    text: str


@dataclass
class ParsedLetter:
    lines: list[str]  # as read, unnormalised
    elements: dict[str, Element] = field(default_factory=dict)
    doc_number: DocNumber | None = None
    doc_number_candidate: str | None = None
    receipt_date: DateText | None = None
    letter_date: DateText | None = None
    dates: list[DateText] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    body: list[tuple[int, str]] = field(default_factory=list)  # (line, text) between salutation and signature

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
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        for line, text in self.body:
            if line >= start and rx.search(text):
                return line, text
        return None


def _looks_like_date_line(text: str) -> DateText | None:
    stripped = text.strip(_BLANK)
    d = parse_date(stripped)
    if d is None:
        return None
    rest = stripped.replace(d.raw, "").strip(_BLANK)
    return d if len(rest) <= 2 else None


def parse_letter(lines: list[str]) -> ParsedLetter:
    """Locate every element in template order; a missing element is simply absent from ``elements``."""
    clean = [(i + 1, raw.strip(_BLANK)) for i, raw in enumerate(lines)]
    nonblank = [(n, t) for n, t in clean if t]
    p = ParsedLetter(list(lines))
    if not nonblank:
        return p
    idx = 0
    n, t = nonblank[0]

    # title: first line unless it is already a 文号, a salutation or a sentence
    def title_like(text: str) -> bool:
        return (
            not parse_doc_number(text)
            and not SALUTATION_RE.match(text)
            and "。" not in text
            and len(text) <= 60
            and bool(TITLE_RE.search(text))
        )

    if title_like(t):
        p.elements["title"] = Element("title", n, t)
        idx = 1
    elif len(nonblank) > 1 and title_like(nonblank[1][1]) and len(t) <= 30 and not re.search(r"[。，：:；\d]", t):
        # the agency's name on its own line above the document type
        p.elements["title"] = Element("title", n, t + nonblank[1][1])
        idx = 2
    # 文号: within the next lines before the salutation
    for j in range(idx, min(idx + 3, len(nonblank))):
        n, t = nonblank[j]
        dn = parse_doc_number(t)
        if dn:
            dn = DocNumber(dn.raw, n, dn.prefix, dn.open, dn.year_text, dn.close, dn.di, dn.number_text)
            p.doc_number = dn
            p.elements["doc_number"] = Element("doc_number", n, t)
            idx = j + 1
            break
        if re.search(r"号$", t) and re.search(r"\d", t) and len(t) <= 40:
            p.doc_number_candidate = t
            p.elements["doc_number"] = Element("doc_number", n, t)
            idx = j + 1
            break
        if SALUTATION_RE.match(t):
            break
    # salutation
    for j in range(idx, min(idx + 3, len(nonblank))):
        n, t = nonblank[j]
        if SALUTATION_RE.match(t) and len(t) <= 62:
            p.elements["salutation"] = Element("salutation", n, t)
            idx = j + 1
            break
    # tail: date and signature, from the end
    end = len(nonblank)
    same_line_signature = None
    for j in range(len(nonblank) - 1, max(idx - 1, len(nonblank) - 4), -1):
        n, t = nonblank[j]
        d = _looks_like_date_line(t)
        if d is None:
            # signature and date on one line: 福州市鼓楼区审计局  2020年5月28日
            d2 = parse_date(t)
            head = t[: t.rfind(d2.raw)].strip(_BLANK) if d2 and t.endswith(d2.raw) else None
            if head and len(head) <= 40 and not re.search(r"[。，,；;：:]", head):
                d, same_line_signature = d2, head
        if d:
            p.letter_date = DateText(d.raw, n, d.date, d.style, d.leading_zero, d.fullwidth)
            p.elements["date"] = Element("date", n, t)
            if same_line_signature:
                p.elements["signature"] = Element("signature", n, same_line_signature)
            end = j
            break
    for j in range(end - 1, max(idx - 1, end - 3), -1):
        if "signature" in p.elements:
            break
        n, t = nonblank[j]
        if len(t) <= 40 and not re.search(r"[。，,；;：:]", t) and not parse_date(t):
            p.elements["signature"] = Element("signature", n, t)
            end = j
            break
    p.body = nonblank[idx:end]
    # body elements
    for line, text in p.body:
        for sentence in re.split(r"(?<=[。；;])", text):
            if "receipt" not in p.elements and RECEIPT_RE.search(sentence) and not REMEDY_RE.search(sentence):
                p.elements["receipt"] = Element("receipt", line, sentence)
                p.receipt_date = parse_date(sentence, line)
        for d in DATE_RE.finditer(text):
            pd = parse_date(d.group(0), line)
            if pd:
                p.dates.append(pd)
        p.citations.extend(parse_citations(text, line))
    receipt_line = p.line_of("receipt") or 0
    found = p.find(REQUEST_RE, receipt_line)
    if found:
        p.elements["request"] = Element("request", *found)
    found = p.find(REMEDY_RE)
    if found:
        p.elements["remedy"] = Element("remedy", *found)
    return p


def sentences(parsed: ParsedLetter, until: int | None = None) -> list[tuple[int, str]]:
    """Body sentences (line, text), optionally only those on lines before ``until``."""
    out = []
    for line, text in parsed.body:
        if until is not None and line >= until:
            continue
        for s in re.split(r"(?<=[。；;！!？?])", text):
            if s.strip(_BLANK):
                out.append((line, s.strip(_BLANK)))
    return out
