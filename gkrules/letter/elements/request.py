"""申请内容: the request restated (您申请公开“……” and its variants, the wordings' ``request``), or, failing
those words, a sentence before the decision that names a requested item, or a table that lists every item."""

from __future__ import annotations

from . import Context, produces


def _pairs(text: str) -> set[str]:
    chars = [ch for ch in text if ch.isalnum()]
    return {a + b for a, b in zip(chars, chars[1:])}


#: the share of an item's pairs of adjacent characters a sentence must hold to name it in other words
#: (“2023年度……的分配方案” for the item “2023年……分配方案”)
_NAMES_SHARE = 0.75


def _names(sentence: str, item: str) -> bool:
    if item in sentence:
        return True
    pairs = _pairs(item)
    return len(pairs) >= 6 and len(pairs & _pairs(sentence)) >= _NAMES_SHARE * len(pairs)


def _names_an_item(ctx: Context) -> bool:
    parsed = ctx.parsed
    stop = parsed.line_of("decision") or parsed.line_of("legal_basis")
    texts = [it.text for it in ctx.case.items if len(it.text) >= 4]
    if any(_names(s, t) for n, s in parsed.before_remedy() if stop is None or n < stop for t in texts):
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
