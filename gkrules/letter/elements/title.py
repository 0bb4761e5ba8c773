"""标题: present, of an accepted form (the wordings' ``titles``), naming this agency."""

from __future__ import annotations

import re

from ..meaning import title_accepted
from ..wordings import load
from . import Context, produces
from .names import abbreviated, agency_names


@produces(
    "title_missing",
    "title_wrong_type",
    "title_informal_type",
    "title_agency_mismatch",
    "title_agency_abbreviated",
    "title_without_agency",
)
def title(ctx: Context) -> None:
    parsed, agency = ctx.parsed, ctx.case.agency
    el = parsed.elements.get("title")
    want = f"{agency}政府信息公开申请答复书"
    first = next(((n, t.strip()) for n, t in parsed.letter_lines() if t.strip()), (1, "（空）"))
    ctx.put("title_missing", el is None, first[0], "<机关名称>政府信息公开申请答复书", first[1])
    if el is None:
        ctx.put_rest_false()
        return
    ok = title_accepted(el.text, ctx.profile.title.wordings)
    informal = not ok and bool(load("titles").search("informal", el.text))
    ctx.put("title_informal_type", informal, el.line, want, el.text)
    ctx.put(
        "title_wrong_type",
        not ok and not informal,
        el.line,
        "…政府信息公开申请答复书 / …告知书 / 关于……政府信息公开申请的答复",
        el.text,
    )
    head = re.split(r"政府信息|关于|依申请公开", el.text, maxsplit=1)[0]
    names = agency_names(agency)
    short = bool(head) and abbreviated(head, agency)
    # the spaces between the names of agencies replying together are layout, not another agency
    unspaced = {re.sub(r"\s", "", n) for n in names}
    ctx.put(
        "title_agency_mismatch",
        bool(head) and re.sub(r"\s", "", head) not in unspaced and len(head) >= 4 and not short,
        el.line,
        want,
        el.text,
    )
    ctx.put("title_agency_abbreviated", short, el.line, want, el.text)
    without = (
        (ok or informal)
        and not head
        and not any(n in el.text for n in names)
        and ctx.profile.title.agency_name == "required"
    )
    ctx.put("title_without_agency", without, el.line, want, el.text)
