"""落款: the agency's name (or its official short name) above the date."""

from __future__ import annotations

from . import Context, produces
from .names import SIGNATURE_MARKS, abbreviated, is_agency


@produces("signature_missing", "signature_mismatch", "signature_agency_abbreviated")
def signature(ctx: Context) -> None:
    parsed, agency = ctx.parsed, ctx.case.agency
    el = parsed.elements.get("signature")
    agency_lines = [n for n, t in parsed.letter_lines() if is_agency(t, agency)]
    ctx.put("signature_missing", el is None and not agency_lines, parsed.line_of("date"), agency, "（无落款）")
    short = el is not None and not agency_lines and abbreviated(el.text, agency)
    ctx.put(
        "signature_mismatch",
        el is not None and not agency_lines and not short and not is_agency(SIGNATURE_MARKS.sub("", el.text), agency),
        el.line if el else None,
        agency,
        el.text if el else None,
    )
    ctx.put("signature_agency_abbreviated", short, el.line if el else None, agency, el.text if el else None)
