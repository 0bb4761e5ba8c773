"""称呼: the applicant's name (or, for a person, surname with 先生／女士) followed by a colon."""

from __future__ import annotations

import re

from . import Context, produces
from .names import salutation_fits


@produces("salutation_missing", "salutation_name_mismatch")
def salutation(ctx: Context) -> None:
    el = ctx.parsed.elements.get("salutation")
    applicant = ctx.case.applicant
    ctx.put("salutation_missing", el is None, None, f"{applicant.name}：", "（无称呼）")
    if el is None:
        ctx.put_rest_false()
        return
    written = re.sub(r"[：:]$", "", el.text).strip()
    fits = salutation_fits(written, applicant.name, applicant.type == "natural_person")
    ctx.put("salutation_name_mismatch", not fits, el.line, f"{applicant.name}：", el.text)
