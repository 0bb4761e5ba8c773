"""信息处理费 (条例第四十二条, 国办函〔2020〕109号): a fee asked for only above the free limits, and the fee
of this application (by count: its number in the month; by volume: its pages)."""

from __future__ import annotations

import re

from ... import fees, patterns
from .. import meaning
from ..wordings import load
from . import Context, produces


def _stated(ctx: Context) -> tuple[int | None, int | None, int | None, int | None]:
    """``(line, requests this month, pages, amount)`` as the letter states them; line None: no fee asked."""
    hit = meaning.fee_charged(ctx.parsed.before_remedy())
    if hit is None:
        return None, None, None, None
    line, sentence = hit
    text = ctx.parsed.body_text()
    # the application's place in the month (第35件); else the month's count (已提交35件); a band (第31至40件) is neither
    req = [int(x) for x in re.findall(r"第\s*(\d{1,6})\s*件", text)] or [
        int(x) for x in re.findall(r"(?<![至到—\-–~～])(\d{1,6})\s*件", text)
    ]
    pg = [int(x) for x in re.findall(r"(\d{1,8})\s*页", text)]
    return (
        line,
        max(req) if req else None,
        max(pg) if pg else None,
        _amount(sentence),
    )


_AMOUNT = patterns.compile(r"(\d{1,9})\s*元(?!\s*[/／每]\s*[页件])")


def _amount(sentence: str) -> int | None:
    """The sum asked for: the first amount after 信息处理费 (else the last one), not a rate (每页10元, 100元/件)."""
    found = [m for m in _AMOUNT.finditer(sentence) if "每" not in sentence[max(0, m.start() - 4) : m.start()]]
    if not found:
        return None
    at = sentence.find("信息处理费")
    after = [m for m in found if at >= 0 and m.start() > at]
    return int((after[0] if after else found[-1]).group(1))


def _method(ctx: Context, requests: int | None, pages: int | None) -> str | None:
    """The method the fee rests on (国办函〔2020〕109号第三条: one of the two for each application): the one the
    letter names (按件计收／按量计收), else the one whose count alone it states; None when it cannot be told."""
    w = load("fee")
    text = "".join(meaning.unquoted(s) for _, s in ctx.parsed.before_remedy())
    named = [m for m in ("by_count", "by_volume") if w.search(m, text)]
    if len(named) == 1:
        return named[0]
    if named:
        return None
    if requests is not None and pages is None:
        return "by_count"
    if pages is not None and requests is None:
        return "by_volume"
    return None


@produces("fee_charged", "fee_charged_not_allowed", "fee_amount_not_this_application", "fee_amount_by_method_wrong")
def fee(ctx: Context) -> None:
    line, requests, pages, amount = _stated(ctx)
    charged = line is not None
    ctx.put("fee_charged", charged, line)
    not_allowed = charged and fees.fee_facts(requests, pages, True)["fee_charged_not_allowed"]
    ctx.put(
        "fee_charged_not_allowed",
        not_allowed,
        line,
        "本月申请超过10件或页数超过30页才可收费",
        f"本月{requests if requests is not None else '（未写）'}件，{pages if pages is not None else '（未写）'}页",
    )
    method = _method(ctx, requests, pages) if charged else None
    facts = fees.amount_facts(requests, pages, amount, method)
    ctx.put(
        "fee_amount_not_this_application",
        charged and not not_allowed and facts["fee_amount_not_this_application"],
        line,
        fees.expected_text(requests, pages),
        f"{amount}元",
    )
    ctx.put(
        "fee_amount_by_method_wrong",
        charged and not not_allowed and facts["fee_amount_by_method_wrong"],
        line,
        fees.method_text(requests, pages, method or ""),
        f"{amount}元",
    )
