"""Questions asked of a parsed letter, one function each; pure (the parsed letter is not changed).

These are the building blocks for reading a letter without a case file: what the letter decides (as a
whole and item by item), which articles it cites, its dates, the agency that signs it and the applicant
it addresses.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence

from .. import patterns
from . import meaning
from .elements.names import SIGNATURE_MARKS
from .parse import Citation, ParsedLetter
from .wordings import load

#: the start of the answer to one item: 关于第1项 / 一、关于第二项 / （一）… / 1.…
_ITEM_MARK = patterns.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])?\s*"
    r"(?:关于|对于|对)?(?:您申请的?)?第\s*(?P<n>[一二三四五六七八九十\d]+)\s*项"
    r"|^[（(](?P<n2>[一二三四五六七八九十\d]+)[）)]|^(?P<n3>[一二三四五六七八九十]+|\d+)[、.．]"
)


def _decision_part(parsed: ParsedLetter) -> tuple[tuple[int, str], ...]:
    return parsed.before_remedy()


def decisions(parsed: ParsedLetter) -> tuple[meaning.Decision, ...]:
    """The deciding phrases before the remedy notice (quoted text, negations and modifiers left out)."""
    return meaning.decisions(_decision_part(parsed), parsed.received_on)


def decision_groups(parsed: ParsedLetter) -> tuple[str, ...]:
    """The decision groups the letter states, in order; ``partial`` first where it discloses some items and
    withholds others."""
    found = decisions(parsed)
    groups = meaning.decision_groups([d for d in found if not d.support]) or meaning.decision_groups(found)
    if "partial" not in groups and meaning.states(found, "partial"):
        return ("partial", *groups)
    return groups


def _number(text: str) -> int | None:
    from .parse import cn_to_int

    return cn_to_int(text)


def decision_by_item(parsed: ParsedLetter, item_texts: Sequence[str]) -> list[str | None]:
    """For each requested item, the group decided in the part of the letter that answers it: the part
    introduced by 关于第N项 (or 一、…), else the sentences naming the item; None where nothing answers it."""
    part = _decision_part(parsed)
    segments: dict[int, list[tuple[int, str]]] = {}
    current: int | None = None
    for line, sentence in part:
        m = _ITEM_MARK.match(sentence)
        if m:
            current = _number(m.group("n") or m.group("n2") or m.group("n3"))
        if current is not None:
            segments.setdefault(current, []).append((line, sentence))
    out: list[str | None] = []
    for i, text in enumerate(item_texts, 1):
        sents = segments.get(i) or [(n, s) for n, s in part if text and text in s]
        found = meaning.decisions(sents, parsed.received_on)
        strong = [d for d in found if not d.support]
        pick = strong or list(found)
        out.append(pick[0].group if pick else None)
    return out


def articles_cited(parsed: ParsedLetter) -> tuple[Citation, ...]:
    """The citations of the 政府信息公开条例 (by name or as 本条例／该条例)."""
    return tuple(c for c in parsed.citations if c.of_regulation)


def letter_date(parsed: ParsedLetter) -> _dt.date | None:
    return parsed.letter_date.date if parsed.letter_date else None


def receipt_date(parsed: ParsedLetter) -> _dt.date | None:
    return parsed.receipt_date.date if parsed.receipt_date else None


def agency(parsed: ParsedLetter) -> str | None:
    """The agency as signed; without a signature, the agency named at the head of the title."""
    sig = parsed.elements.get("signature")
    if sig is not None:
        return SIGNATURE_MARKS.sub("", sig.text).strip() or None
    title = parsed.elements.get("title")
    if title is not None:
        head = re.split(r"政府信息|关于|依申请公开", title.text, maxsplit=1)[0]
        return head or None
    return None


def applicant(parsed: ParsedLetter) -> str | None:
    """The name in the salutation, without 尊敬的 and 先生／女士／同志 (a surname alone where so addressed)."""
    sal = parsed.elements.get("salutation")
    if sal is None:
        return None
    w = load("salutation")
    name = re.sub(r"[：:]$", "", sal.text).strip()
    name = w.regex("prefixes").sub("", name)
    return w.regex("honorifics").sub("", name).strip() or None
