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
    pg = _pages(text)
    return (
        line,
        max(req) if req else None,
        max(pg) if pg else None,
        _amount(sentence),
    )


#: the pages the letter states for this application (共60页, 计60页, 页数为60页)
_PAGES_STATED = patterns.compile(r"(?:共|共计|计|合计|总计|总共|页数为|页数|约)\s*(\d{1,8})\s*页")
#: a number of pages that is a bound of the tariff, not this application's pages: 31至100页, 30页以下, 超过30页
_PAGES_BAND = patterns.compile(
    r"(?:[至到—\-–~～]\s*|(?:超过|超出|不超过|满|以内|每)\s*)(\d{1,8})\s*页|(\d{1,8})\s*页\s*(?:以下|以内|以上|及以下|（含|\(含|的部分|部分)"
)


def _pages(text: str) -> list[int]:
    """The pages of this application as the letter states them: a statement of its pages (共60页), else any
    number of pages that is not a bound of the tariff's bands."""
    stated = [int(x) for x in _PAGES_STATED.findall(text)]
    if stated:
        return stated
    bands = {m.start(1) if m.group(1) else m.start(2) for m in _PAGES_BAND.finditer(text)}
    return [int(m.group(1)) for m in re.finditer(r"(\d{1,8})\s*页", text) if m.start(1) not in bands]


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


@produces(
    "fee_charged",
    "fee_charged_not_allowed",
    "fee_charged_within_free_pages",
    "fee_amount_not_this_application",
    "fee_amount_by_method_wrong",
)
def fee(ctx: Context) -> None:
    line, requests, pages, amount = _stated(ctx)
    charged = line is not None
    ctx.put("fee_charged", charged, line)
    not_allowed = charged and fees.fee_facts(requests, pages, True)["fee_charged_not_allowed"]
    method = _method(ctx, requests, pages) if charged else None
    # the letter's own ground is the pages, and they are within the 30 free ones (109号第五条)
    free_pages = not_allowed and pages is not None and (method == "by_volume" or requests is None)
    ctx.put(
        "fee_charged_within_free_pages",
        free_pages,
        line,
        "按量计收：30页以下（含30页）不收费",
        f"本件{pages}页",
    )
    ctx.put(
        "fee_charged_not_allowed",
        not_allowed and not free_pages,
        line,
        "本月申请超过10件或页数超过30页才可收费",
        f"本月{requests if requests is not None else '（未写）'}件，{pages if pages is not None else '（未写）'}页",
    )
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
