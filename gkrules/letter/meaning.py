"""What a letter's sentences say, read with the wordings of ``rules/letter/wordings/``.

Sentence-level judgements shared by the parser (to locate the elements) and by the element modules (to
produce facts): which sentence decides and what, which sentence gives reasons, guidance or a fee. The
decision is read by meaning: words inside quotation marks (quoted article text, the restated request),
after a negation (“不涉及……不予公开的情形”) or used as a modifier (“不予公开的范围”) decide nothing.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .. import patterns
from .parse import DATE_RE, parse_date, receipt_date_of
from .wordings import load

_DATE = patterns.compile(
    r"[0-9０-９〇零○一二三四五六七八九]{2,4}\s*年\s*[0-9０-９〇零○一二三四五六七八九十]{1,3}\s*月\s*[0-9０-９〇零○一二三四五六七八九十]{1,3}\s*日"
)

Sentences = Sequence[tuple[int, str]]

#: decision groups whose words decide (and so can contradict another group)
STRONG = ("open", "partial", "refused", "cannot_provide", "not_processed")
#: words that support a group but never contradict another (they also appear in reasons and fee notices)
SUPPORT = {"open_support": "open", "cannot_provide_support": "cannot_provide", "other": "other"}
WITHHELD = frozenset({"refused", "cannot_provide", "not_processed"})

_CITES = patterns.compile(r"第[一二三四五六七八九十百0-9]+条")
_QUOTED = patterns.compile(r"“[^“”]*”|「[^「」]*」|『[^『』]*』")


def unquoted(text: str) -> str:
    """``text`` with the inside of quotation marks blanked (positions kept)."""
    return _QUOTED.sub(lambda m: m.group(0)[0] + "　" * (len(m.group(0)) - 2) + m.group(0)[-1], text)


def is_title(text: str) -> bool:
    return bool(load("titles").search("doc_type", text))


def title_accepted(text: str, extra: Iterable[str] = ()) -> bool:
    """A title of an accepted form (the wordings' ``accepted``) or ending with a profile's wording."""
    return bool(load("titles").search("accepted", text)) or any(text.endswith(w) for w in extra)


@dataclass(frozen=True)
class Decision:
    """A phrase that decides: its group (open, partial, refused, …), whether it only supports that group,
    the phrase, its line and sentence."""

    group: str
    phrase: str
    line: int
    sentence: str
    support: bool = False


def _clause_before(text: str, start: int) -> str:
    """The clause before ``start``: from the last comma (a list of articles with 、 stays in the clause)."""
    cut = max(text.rfind(ch, 0, start) for ch in "，,；;")
    return text[cut + 1 : start]


def _conditioned(text: str, start: int, condition: re.Pattern) -> bool:
    """The phrase at ``start`` is the consequence of a condition (逾期未缴纳的，本局不再处理该申请; 如逾期未补正，
    则视为放弃): the clause before it, or its own clause up to it, states the condition."""
    cut = max(text.rfind(ch, 0, start) for ch in "，,；;")
    own = text[cut + 1 : start]
    if condition.search(own):
        return True
    if cut < 0:
        return False
    prev = max(text.rfind(ch, 0, cut) for ch in "，,；;")
    return bool(condition.search(text[prev + 1 : cut]))


def _clause_end(text: str, start: int) -> int:
    """Where the clause that goes on at ``start`` ends (the next comma or stop), or the end of ``text``."""
    ends = [i for i in (text.find(ch, start) for ch in "，,；;。") if i >= 0]
    return min(ends) if ends else len(text)


#: giving the information to the applicant: on this application it cannot come before the application arrived
_DELIVERY = patterns.compile(r"提供|发送|寄送|送达|邮寄")


#: a time given by year and month or by year alone, as the time something was done (已于2022年6月……)
_WHEN = patterns.compile(
    r"(?:于|在)\s*(?P<y>\d{4})\s*年(?:\s*(?P<m>\d{1,2})\s*月(?!\s*\d{1,2}\s*日))?(?!度|\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"
)


def _before_receipt(text: str, end: int, received: _dt.date | None) -> bool:
    """A date earlier than ``received`` is written in ``text`` before ``end``: what follows it happened on an
    earlier application (本机关于2022年3月10日……向您提供了该信息; 已于2022年6月……向您提供)."""
    if received is None:
        return False
    for m in DATE_RE.finditer(text, 0, end):
        d = parse_date(m.group(0))
        if d is not None and d.date is not None and d.date < received:
            return True
    for m in _WHEN.finditer(text, 0, end):
        year, month = int(m.group("y")), int(m.group("m")) if m.group("m") else None
        if (year, month or 12) < (received.year, received.month):
            return True
    return False


def decisions(sentences: Sentences, received: _dt.date | None = None) -> tuple[Decision, ...]:
    """Every deciding phrase in ``sentences`` (give the sentences before the remedy notice), in order.

    ``received``: the day the application was received; information given to the applicant on a day
    written before it was given on an earlier application and decides nothing now."""
    out: list[Decision] = []
    for line, sentence in sentences:
        out.extend(
            Decision(name, phrase, line, sentence, support) for name, phrase, support in _deciding(sentence, received)
        )
    return tuple(out)


@lru_cache(maxsize=4096)
def _deciding(sentence: str, received: _dt.date | None) -> tuple[tuple[str, str, bool], ...]:
    """The deciding phrases of one sentence as ``(group, phrase, support)``, in the order they stand in it
    (a letter is read several times over, and its sentences recur from letter to letter)."""
    w = load("decisions")
    modifier, negation, condition = w.regex("modifier"), w.regex("negation"), w.regex("condition")
    sent_document, earlier = w.regex("sent_document"), w.regex("earlier_reply")
    out: list[tuple[int, str, str, bool]] = []
    text = unquoted(sentence)
    for group, support in _GROUPS:
        for m in w.regex(group).finditer(text):
            if (
                modifier.search(text[m.end() :])
                or negation.search(_clause_before(text, m.start()))
                or _conditioned(text, m.start(), condition)
            ):
                continue
            # what is sent is a notice of the procedure, or what was provided was the earlier reply's
            if group == "open" and (
                sent_document.search(text[m.start() : _clause_end(text, m.end())])
                or earlier.search(text, 0, m.start())
                or (_DELIVERY.search(m.group(0)) and _before_receipt(text, m.start(), received))
            ):
                continue
            out.append((m.start(), SUPPORT.get(group, group), m.group(0), support))
    out.sort(key=lambda x: x[0])
    return tuple((name, phrase, support) for _, name, phrase, support in out)


_GROUPS = [(g, False) for g in STRONG] + [(g, True) for g in SUPPORT]


def publication_guidance(sentences: Sentences) -> tuple[int, str] | None:
    """The sentence telling where a publication can be had (条例第三十九条第二款), if any."""
    rx = load("decisions").regex("publication")
    remedy = load("remedy").regex("notice")
    return next(((n, s) for n, s in sentences if rx.search(unquoted(s)) and not remedy.search(unquoted(s))), None)


def decision_groups(found: Sequence[Decision]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(d.group for d in found))


def states(found: Sequence[Decision], group: str, category: str = "") -> bool:
    """Whether the phrases state a decision of ``group``; a reply on several items that discloses some
    and withholds others states ``partial`` without the words 部分公开."""
    groups = {d.group for d in found}
    if group in groups:
        return True
    return group == "partial" and "open" in groups and bool(groups & WITHHELD)


def contradicting(found: Sequence[Decision], group: str, also: Iterable[str] = ()) -> tuple[Decision, ...]:
    """Deciding phrases of another group than ``group`` (a partial reply may use any of them); a phrase
    that is also a wording of ``group`` (不予提供, 不再处理) does not contradict it. ``also``: the groups of
    the items' own categories, which a reply answering item by item may state beside ``group``."""
    if group == "partial":
        return ()
    allowed = {group, *also}
    w = load("decisions")
    own = [w.regex(g) for g in allowed] + [w.regex(g) for g, to in SUPPORT.items() if to in allowed]
    return tuple(
        d
        for d in found
        if not d.support
        and d.group not in allowed
        and d.group in STRONG
        and not any(rx.fullmatch(d.phrase) for rx in own)
    )


@lru_cache(maxsize=64)
def reasons_regex(category: str | None = None) -> re.Pattern:
    """Reason wordings: the general ones and those of ``category`` (None: of every category); made once
    per category."""
    w = load("reasons")
    names = ["general", "creation_needed"]  # 需要……加工、分析 is a reason whichever article it is given under
    if category is None:
        names += [g for g in w.groups if "/" in g]
    elif category in w.groups:
        names.append(category)
    words = tuple(e.pattern for g in names for e in w.entries(g))
    return patterns.compile("|".join(f"(?:{p})" for p in words))


def category_reasons_regex(category: str) -> re.Pattern:
    """The reason wordings of ``category`` alone (without the general ones); matches nothing for a category
    without its own wordings."""
    w = load("reasons")
    return w.regex(category) if category in w.groups else patterns.compile(r"(?!x)x")


def reason_sentences(
    sentences: Sentences, category: str | None = None, skip: Iterable[tuple[int, str]] = ()
) -> tuple[tuple[int, str], ...]:
    """Sentences that give a reason (by what they say), quoted words and ``skip`` left out."""
    rx = reasons_regex(category)
    skipped = set(skip)
    return tuple((n, s) for n, s in sentences if (n, s) not in skipped and rx.search(unquoted(s)))


_CLAUSE_MARKS = "，,。；;！!？?：:"


def remedy_start(body: Sentences) -> tuple[int, int] | None:
    """Where the remedy notice starts: ``(line, offset)`` of the clause holding the first words that tell the
    applicant of review or suit (the wordings' ``remedy.notice``: 不服……申请行政复议, a period, a review
    body or court), quoted words left out. A sentence that only mentions 诉讼 (复制件用于诉讼) is not one."""
    rx = load("remedy").regex("notice")
    for line, text in body:
        m = rx.search(unquoted(text))
        if m is None:
            continue
        start = max(text.rfind(ch, 0, m.start()) for ch in _CLAUSE_MARKS) + 1
        while start < len(text) and text[start] in " \t\u3000":
            start += 1
        return line, start
    return None


def locate(before: Sentences) -> dict[str, tuple[int, str]]:
    """The body elements' sentences before the remedy notice: receipt, request, decision, reasons,
    guidance, fee."""
    out: dict[str, tuple[int, str]] = {}
    receipt_rx = load("receipt").regex("verbs")
    receipts = [(n, s) for n, s in before if receipt_rx.search(unquoted(s))]
    # a heading such as 一、收到申请的情况 says no date: the sentence that gives one is the receipt
    receipt = next((x for x in receipts if _DATE.search(x[1])), receipts[0] if receipts else None)
    if receipt:
        out["receipt"] = receipt
    request_rx = load("request").regex("restatement")
    start = receipt[0] if receipt else 0
    request = next(((n, s) for n, s in before if n >= start and request_rx.search(s)), None)
    if request:
        out["request"] = request
    head = {x for x in (receipt, request) if x and not _CITES.search(x[1])}
    rest = [x for x in before if x not in head]
    received = receipt_date_of(receipt[1]) if receipt else None
    found = decisions(before, received.date if received else None)
    strong = [d for d in found if not d.support]
    first = strong[0] if strong else (found[0] if found else None)
    if first is not None:
        out["decision"] = (first.line, first.sentence)
    else:
        pub = publication_guidance(before)
        if pub:
            out["decision"] = pub
    reasons = reason_sentences(rest)
    if reasons:
        out["reasons"] = reasons[0]
    g = load("guidance")
    guidance_rx = patterns.compile(g.regex("disclosure_where").pattern + "|" + g.regex("publication").pattern)
    guidance = next(((n, s) for n, s in rest if guidance_rx.search(unquoted(s))), None)
    if guidance:
        out["guidance"] = guidance
    fee = fee_sentence(before)
    if fee:
        out["fee"] = fee
    return out


def without_head(parsed) -> tuple[tuple[int, str], ...]:
    """The sentences before the remedy notice without the receipt and request sentences, unless such a
    sentence cites an article (then it also decides: 您申请公开的“……”，根据……第三十六条……)."""
    head = {
        (e.line, e.text)
        for e in (parsed.elements.get("receipt"), parsed.elements.get("request"))
        if e and not _CITES.search(e.text)
    }
    return tuple(x for x in parsed.before_remedy() if x not in head)


def fee_sentence(sentences: Sentences) -> tuple[int, str] | None:
    """The sentence about the information processing fee (charged or not)."""
    f = load("fee")
    rx = patterns.compile(f.regex("charge").pattern + "|" + f.regex("not_charged").pattern)
    return next(((n, s) for n, s in sentences if rx.search(s)), None)


def fee_charged(sentences: Sentences) -> tuple[int, str] | None:
    """The first sentence that asks for a fee (“不收取信息处理费” and the notice of non-payment do not)."""
    f = load("fee")
    for n, s in sentences:
        if f.search("charge", s) and not f.search("not_charged", s) and not f.search("unpaid", s):
            return n, s
    return None
