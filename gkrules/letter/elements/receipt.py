"""收到申请: the sentence saying when the application was received (条例第三十一条), with that date."""

from __future__ import annotations

from ..parse import format_date
from . import Context, produces


@produces("receipt_missing", "receipt_date_mismatch")
def receipt(ctx: Context) -> None:
    el = ctx.parsed.elements.get("receipt")
    received = ctx.case.received
    ctx.put("receipt_missing", el is None, None, f"本机关于{format_date(received)}收到……申请", "（未写收到申请的日期）")
    if el is None:
        ctx.put_rest_false()
        return
    rd = ctx.parsed.receipt_date
    wrong = rd is None or rd.date != received
    ctx.put(
        "receipt_date_mismatch",
        wrong,
        el.line,
        format_date(received),
        rd.raw if rd else "（收到申请一句中没有日期）",
    )
