"""申请内容: the request restated (您申请公开“……” and its variants)."""

from __future__ import annotations

from . import Context, produces


@produces("request_missing")
def request(ctx: Context) -> None:
    ctx.put(
        "request_missing",
        "request" not in ctx.parsed.elements,
        ctx.parsed.line_of("receipt"),
        f"复述申请内容，如：您申请公开“{ctx.case.items[0].text}”",
        "（未复述申请内容）",
    )
