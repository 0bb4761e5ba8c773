"""申请内容: the request restated (您申请公开“……” and its variants, the wordings' ``request``), or, failing
those words, a sentence before the decision that names a requested item, or a table that lists every item."""

from __future__ import annotations

from . import Context, produces


def _names_an_item(ctx: Context) -> bool:
    parsed = ctx.parsed
    stop = parsed.line_of("decision") or parsed.line_of("legal_basis")
    texts = [it.text for it in ctx.case.items if len(it.text) >= 4]
    if any(t in s for n, s in parsed.before_remedy() if stop is None or n < stop for t in texts):
        return True
    # the items listed in a table, each row with its answer (申请公开的内容、答复意见)
    cells = {c.strip() for _, line in parsed.decision_body() if "\t" in line for c in line.split("\t")}
    return bool(texts) and all(t in cells for t in texts)


@produces("request_missing")
def request(ctx: Context) -> None:
    ctx.put(
        "request_missing",
        "request" not in ctx.parsed.elements and not _names_an_item(ctx),
        ctx.parsed.line_of("receipt"),
        f"复述申请内容，如：您申请公开“{ctx.case.items[0].text}”",
        "（未复述申请内容）",
    )
