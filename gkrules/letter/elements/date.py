"""成文日期: present, written 2024年6月14日 (GB/T 9704-2012 第7.3.5.4条), the reply date, and the letter's dates in
one kind of numerals."""

from __future__ import annotations

from ..parse import format_date
from . import Context, produces


@produces("date_missing", "date_format_wrong", "date_mismatch", "dates_mixed_numerals")
def date(ctx: Context) -> None:
    parsed, reply_date = ctx.parsed, ctx.reply_date
    ld = parsed.letter_date
    want = format_date(reply_date) if reply_date else "YYYY年M月D日"
    ctx.put("date_missing", ld is None, None, want, "（无落款日期）")
    if ld is not None:
        bad = ld.style in ("other", "mixed") or ld.leading_zero or ld.fullwidth or ld.date is None
        ctx.put("date_format_wrong", bad, ld.line, want, ld.raw)
        ctx.put(
            "date_mismatch",
            reply_date is not None and ld.date is not None and ld.date != reply_date,
            ld.line,
            want,
            ld.raw,
        )
    else:
        ctx.put("date_format_wrong", False)
        ctx.put("date_mismatch", False)
    all_dates = [*parsed.dates, *([ld] if ld else [])]
    chinese = [x for x in all_dates if x.style == "chinese"]
    arabic = [x for x in all_dates if x.style == "arabic"]
    mixed = bool(chinese) and bool(arabic)
    culprit = (chinese[0] if ld is None or ld.style != "chinese" else arabic[0]) if mixed else None
    ctx.put(
        "dates_mixed_numerals",
        mixed,
        culprit.line if culprit else None,
        "全文日期统一使用阿拉伯数字（或统一使用汉字）",
        culprit.raw if culprit else None,
    )
