"""信息处理费 (条例第四十二条, 国办函〔2020〕109号): a fee asked for only above the free limits, and the fee
of this application (by count: its number in the month; by volume: its pages)."""

from __future__ import annotations

import re

from ... import fees
from .. import meaning
from . import Context, produces


def _stated(ctx: Context) -> tuple[int | None, int | None, int | None, int | None]:
    """``(line, requests this month, pages, amount)`` as the letter states them; line None: no fee asked."""
    hit = meaning.fee_charged(ctx.parsed.before_remedy())
    if hit is None:
        return None, None, None, None
    line, sentence = hit
    text = ctx.parsed.body_text()
    req = [int(x) for x in re.findall(r"(\d{1,6})\s*件", text)]
    pg = [int(x) for x in re.findall(r"(\d{1,8})\s*页", text)]
    amount = re.search(r"(\d{1,9})\s*元", sentence)
    return (
        line,
        max(req) if req else None,
        max(pg) if pg else None,
        int(amount.group(1)) if amount else None,
    )


@produces("fee_charged", "fee_charged_not_allowed", "fee_amount_not_this_application")
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
    ctx.put(
        "fee_amount_not_this_application",
        charged and not not_allowed and fees.amount_facts(requests, pages, amount)["fee_amount_not_this_application"],
        line,
        fees.expected_text(requests, pages),
        f"{amount}元",
    )
