"""文号 (GB/T 9704-2012 第7.2.5条): 机关代字〔年份〕序号 — present, well formed, of the letter's year."""

from __future__ import annotations

from . import Context, produces


@produces(
    "doc_number_missing",
    "doc_number_malformed",
    "doc_number_bracket_wrong",
    "doc_number_has_di",
    "doc_number_leading_zero",
    "doc_number_short_year",
    "doc_number_year_mismatch",
    "doc_number_prefix_wrong",
)
def doc_number(ctx: Context) -> None:
    parsed, profile = ctx.parsed, ctx.profile
    dn = parsed.doc_number
    el = parsed.elements.get("doc_number")
    year = ctx.letter_day.year if ctx.letter_day else ctx.on.year
    prefix = (dn.prefix if dn else None) or profile.doc_number.prefix or "<机关代字>"
    good = f"{prefix}〔{year}〕{dn.number if dn else 'N'}号"
    ctx.put(
        "doc_number_missing",
        el is None and profile.doc_number.required,
        parsed.line_of("title"),
        f"{prefix}〔{ctx.on.year}〕N号",
        "（无文号）",
    )
    ctx.put(
        "doc_number_malformed", el is not None and dn is None, el.line if el else None, good, el.text if el else None
    )
    if dn is None:
        ctx.put_rest_false()
        return
    bracket_ok = (
        dn.bracket == "〔〕"
        or (dn.bracket in ("（）", "()") and profile.tolerates("round-brackets"))
        or (dn.bracket in ("[]", "［］", "【】") and profile.tolerates("square-brackets"))
    )
    ctx.put("doc_number_bracket_wrong", not bracket_ok, dn.line, good, dn.raw)
    ctx.put("doc_number_has_di", dn.di and not profile.tolerates("di"), dn.line, good, dn.raw)
    ctx.put(
        "doc_number_leading_zero",
        dn.number_text[0] in "0０" and not profile.tolerates("leading-zero"),
        dn.line,
        good,
        dn.raw,
    )
    ctx.put("doc_number_short_year", len(dn.year_text) != 4, dn.line, good, dn.raw)
    ctx.put(
        "doc_number_year_mismatch",
        len(dn.year_text) == 4 and dn.year != year,
        dn.line,
        f"{year}年（答复日期的年份）",
        f"{dn.year}年（{dn.raw}）",
    )
    want = profile.doc_number.prefix
    ctx.put("doc_number_prefix_wrong", bool(want) and dn.prefix != want, dn.line, want, dn.prefix or "（无机关代字）")
