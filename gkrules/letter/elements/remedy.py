"""救济途径: review and suit, their periods, the review body (行政复议法 as in force on the letter date,
``gkrules.review_body``), and from 2024-01-01 review first where disclosure is refused (行政复议法第二十三条).
A reply on several items may state the remedy item by item."""

from __future__ import annotations

import datetime as _dt
import re

from ... import patterns
from ... import review_body as _rb
from ..profile import Profile
from ..remedy import REVIEW_LAW_2023, expected_body_text, review_body_findings, withholds
from . import Context, produces

REVIEW_BODY_RE = patterns.compile(r"向(?P<body>[^，。；,;]{2,40}?)(申请行政复议|提出行政复议申请|申请复议)")
#: the body named apart: 申请行政复议（复议机关：福州市鼓楼区人民政府）
REVIEW_BODY_NAMED = patterns.compile(r"(?:行政)?复议机关\s*(?:为|是|：|:)\s*(?P<body>[^，。；,;）)、]{2,40})")
#: the body named in a sentence about review whose verb leaves 行政复议申请 implied (申请行政复议的，应当自收到本
#: 答复之日起60日内向福州市长乐区人民政府提出)
REVIEW_BODY_IMPLIED = patterns.compile(r"向(?P<body>[^，。；,;]{2,40}?)(?:提出|提交|申请)(?=[。；;，,）)]|$)")
AFTER_REVIEW = patterns.compile(r"复议决定|复议机关|复议后|复议期满")
#: the paths after a 国务院部门's own review decision (行政复议法第二十六条): suit, or the 国务院's final ruling
STATE_COUNCIL_PATH = patterns.compile(r"行政复议法》?第二十六条")
#: the remedy stated for one item or part of the reply (如对本答复第一项不服……)
PER_ITEM = patterns.compile(r"第[一二三四五六七八九十\d]+项|[一二三四五六七八九十\d]+项|部分")
#: where a remedy is given for one part of the reply: 对（本答复中）……不服 / 就……有异议 / 不服……的 (not 对复议决定不服)
PART_SCOPE = patterns.compile(
    r"(?:对|就)(?!(?:行政)?复议决定)(?P<part>[^，。；,;]{0,40}?)(?:不服|有异议)"
    r"|不服(?!(?:行政)?复议决定)(?P<part2>[^，。；,;]{2,40}?)的"
)
#: the part withheld (行政复议法第二十三条第一款第（四）项: review first) …
WITHHELD_PART = patterns.compile(r"不予公开|不公开|未予公开|未公开|不予提供|删除|隐去|遮盖|区分处理")
#: … the rest of the reply (review or suit, either) …
OTHER_PART = patterns.compile(
    r"其他|其余|其它|予以公开|公开的|提供的|以外|之外|公开(?:的)?(?:部分|内容|事项)|提供(?:的)?(?:部分|内容)"
)
#: … or items named by number (对第1、3项的答复不服的)
ITEM_PART = patterns.compile(r"第?[一二三四五六七八九十\d]+(?:[、，和及至]\s*第?[一二三四五六七八九十\d]+)*项|序号")


#: a period counted from a day: 自（本答复）……之日起60日内 / 6个月内
PERIOD_FROM = patterns.compile(
    r"(?:自|从|在|于)(?P<start>[^，。；,;]{0,24}?)(?:之日|日)(?:起)?[^，。；,;]{0,6}?(?:60|六十|６０)\s*(?:日|天)"
    r"|(?:自|从|在|于)(?P<start2>[^，。；,;]{0,24}?)(?:之日|日)(?:起)?[^，。；,;]{0,6}?(?:6|六|６)\s*个月"
)
#: the day the applicant knew of the reply: its receipt or service
KNOWN_DAY = patterns.compile(r"收到|送达|知道|知悉|接到|签收|领取|获知|收悉")
#: the notice says review comes first (行政复议法第二十三条第二款)
REVIEW_FIRST_SAID = patterns.compile(r"(?:应当|应|须|需|必须)先|复议前置|先(?:行)?申请(?:行政)?复议")
#: a basic court named (闽侯县人民法院, 鼓楼区人民法院), not an intermediate or higher one
BASIC_COURT = patterns.compile(r"向(?P<court>(?:(?!中级|高级|最高)[^，。；,;向]){2,20}?(?:县|区|市|旗)人民法院)")
#: kinds of agency whose acts go to an intermediate court at first instance (行政诉讼法第十五条第（一）项)
INTERMEDIATE_KINDS = frozenset({"state_council_department", "provincial_government", "local_government"})


def review_body_named(remedy_text: str) -> str | None:
    """The review body the remedy notice names: 向……申请行政复议, 复议机关为……, or, in a sentence about
    review, 向……提出 (not a court)."""
    m = REVIEW_BODY_RE.search(remedy_text) or REVIEW_BODY_NAMED.search(remedy_text)
    if m:
        return m.group("body")
    for sentence in re.split(r"[。；;\n]", remedy_text):
        if "复议" not in sentence:
            continue
        for m in REVIEW_BODY_IMPLIED.finditer(sentence):
            if "法院" not in m.group("body"):
                return m.group("body")
    return None


def _part_kind(part: str) -> str | None:
    if WITHHELD_PART.search(part):
        return "withheld"
    if OTHER_PART.search(part):
        return "other"
    if ITEM_PART.search(part):
        return "items"
    return None


def _scoped_clauses(remedy_text: str) -> list[tuple[tuple[int, str] | None, str]]:
    """The remedy's clauses, each with the part of the reply it is given for — ``(n, kind)``: the n-th part
    named, of kind ``withheld``, ``other`` or ``items`` — or None (the whole reply). A clause keeps the part
    of the 对……不服 that last introduced it."""
    out: list[tuple[tuple[int, str] | None, str]] = []
    scope: tuple[int, str] | None = None
    n = 0
    for sentence in re.split(r"[；;。]", remedy_text):
        for m in PART_SCOPE.finditer(sentence):
            part = m.group("part") or m.group("part2") or ""
            kind = _part_kind(part)
            if kind is not None:
                n += 1
                scope = (n, kind)
            elif re.search(r"本答复|本决定|上述答复", part):
                scope = None
            break
        for clause in re.split(r"，或者|，或|，也可以|或者(?=.{0,20}诉讼)", sentence):
            if clause.strip():
                out.append((scope, clause))
    return out


def _remedy_by_part(remedy_text: str) -> bool:
    """Review first for one part of the reply and review or direct suit for another: the withheld part is
    given review first, and direct suit is offered only for parts other than it."""
    scoped = _scoped_clauses(remedy_text)
    parts = {sc for sc, _ in scoped if sc is not None}
    if len(parts) < 2:
        return False

    def direct(clause: str) -> bool:
        return "诉讼" in clause and not AFTER_REVIEW.search(clause)

    suit_parts = {sc for sc, c in scoped if direct(c)}
    review_only = {sc for sc, c in scoped if sc is not None and "复议" in c} - suit_parts
    # parts named by their items: the one given review only is taken as the withheld one, unless the letter
    # names a part as withheld in words
    named_withheld = any(sc[1] == "withheld" for sc in parts)
    first = [sc for sc in review_only if sc is not None and (sc[1] == "withheld" or not named_withheld)]
    return bool(first) and all(sc is not None and sc[1] != "withheld" for sc in suit_parts)


def remedy_expected(refusal: bool, on: _dt.date, profile: Profile) -> str:
    body = profile.remedy.review_body or "本级人民政府（或上一级主管部门）"
    if on >= REVIEW_LAW_2023 and refusal:
        return f"自收到本答复之日起60日内向{body}申请行政复议；对复议决定不服的，可自收到复议决定书之日起15日内提起行政诉讼"
    return f"自收到本答复之日起60日内向{body}申请行政复议，或者在6个月内向人民法院提起行政诉讼"


@produces(
    "has_remedy",
    "refusal_decision",
    "remedy_offers_review",
    "remedy_offers_direct_suit",
    "review_period_missing",
    "suit_period_missing",
    "suit_after_review_period_unstated",
    "review_body_missing",
    "review_body_mismatch",
    "review_body_not_local_government",
    "review_body_wrong_for_kind",
    "review_body_kind_undecided",
    "review_address_missing",
    "remedy_period_from_wrong_day",
    "suit_court_wrong_level",
    "remedy_omits_suit",
    "other_part_suit_period_unstated",
)
def remedy(ctx: Context) -> None:
    parsed, profile, on, case = ctx.parsed, ctx.profile, ctx.on, ctx.case
    remedy_line = parsed.line_of("remedy")
    refusal = withholds(ctx.category, ctx.item_categories)
    remedy_text = parsed.remedy_text()
    ctx.put("has_remedy", remedy_line is not None)
    ctx.detail("has_remedy", parsed.line_of("signature"), remedy_expected(refusal, on, profile), "（未告知救济途径）")
    clauses = [c for c in re.split(r"[；;。]|，或者|，或|，也可以|或者(?=.{0,20}诉讼)", remedy_text) if c.strip()]
    review = [c for c in clauses if "复议" in c and "复议决定" not in c]
    direct = [c for c in clauses if "诉讼" in c and not AFTER_REVIEW.search(c)]
    after = [c for c in clauses if "诉讼" in c and AFTER_REVIEW.search(c)]
    ctx.put("refusal_decision", refusal)
    ctx.put("remedy_offers_review", bool(review) or "复议" in remedy_text, remedy_line)
    # item by item: review first for the refused part, review or suit for the disclosed part
    by_item = bool(after) and ctx.category == "partial" and len(PER_ITEM.findall(remedy_text)) >= 2
    if ctx.category == "partial" and not by_item:
        # by part: direct suit offered only for the part not withheld, review first for the withheld one
        by_item = _remedy_by_part(remedy_text)
    ctx.put(
        "remedy_offers_direct_suit",
        bool(direct) and not by_item,
        remedy_line,
        "先申请行政复议；对复议决定不服的，可在15日内提起行政诉讼",
        direct[0].strip() if direct else None,
    )
    ctx.detail("refusal_decision", remedy_line, remedy_expected(refusal, on, profile), remedy_text.strip()[:80])
    # 六十日 (行政复议法第二十条第一款), not 两个月: two calendar months are 59 to 62 days
    ctx.put(
        "review_period_missing",
        ("复议" in remedy_text) and not re.search(r"(60|六十|６０)\s*(日|天|个自然日)", remedy_text),
        remedy_line,
        "自收到本答复之日起60日内申请行政复议",
        remedy_text.strip()[:80],
    )
    # suit after review: its 15 days are part of the notice where review comes first (a refusal dated from
    # 2024-01-01, 行政复议法第二十三条第二款); where review is one choice beside suit, the letter may tell the
    # path after review as the law states it (向人民法院提起行政诉讼，也可以向国务院申请裁决) without its period
    after_unstated = bool(after) and not re.search(r"(15|十五)(日|天)", remedy_text)
    review_first = refusal and on >= REVIEW_LAW_2023
    # a 国务院部门's own review: the paths after it (suit, or the 国务院's final ruling) told by citing
    # 行政复议法第二十六条, which the applicant can read — the suit's 15 days come from 行政诉讼法第四十五条
    state_council = bool(after) and bool(STATE_COUNCIL_PATH.search(remedy_text))
    direct_unstated = bool(direct) and not re.search(r"(6|六)\s*个月", remedy_text)
    # direct suit offered only for the part not withheld (review first for the refusal): its six months
    # (行政诉讼法第四十六条) unstated lengthen the applicant's time (起诉期限未告知的，最长一年), a doubt, not a wrong path
    other_part_unstated = direct_unstated and by_item and ctx.category == "partial"
    suit_missing = (direct_unstated and not other_part_unstated) or (
        after_unstated and review_first and not state_council
    )
    ctx.put(
        "other_part_suit_period_unstated",
        other_part_unstated,
        remedy_line,
        "对公开部分直接起诉的，自收到本答复之日起6个月内",
        direct[0].strip() if direct else None,
    )
    ctx.put(
        "suit_period_missing",
        suit_missing,
        remedy_line,
        "直接起诉：6个月内；复议后起诉：收到复议决定书之日起15日内",
        remedy_text.strip()[:80],
    )
    ctx.put(
        "suit_after_review_period_unstated",
        after_unstated and (not review_first or state_council),
        remedy_line,
        "对复议决定不服的，可自收到复议决定书之日起15日内提起行政诉讼",
        after[0].strip() if after else None,
    )
    named_body = review_body_named(remedy_text)
    want_body = profile.remedy.review_body
    ctx.put(
        "review_body_missing",
        "复议" in remedy_text and named_body is None,
        remedy_line,
        expected_body_text(case.agency, profile, on),
        "（未写向哪个机关申请行政复议）",
    )
    ctx.put(
        "review_body_mismatch",
        want_body is not None and named_body is not None and want_body not in remedy_text,
        remedy_line,
        want_body,
        named_body,
    )
    for name, (holds, expected, found) in review_body_findings(case.agency, profile, on, named_body).items():
        ctx.put(name, holds, remedy_line, expected, found)
    # 行政复议法第二十条第一款、行政诉讼法第四十六条第一款: from the day the applicant knew of the reply (its
    # receipt), not from the day it was made or dated
    wrong_day = next(
        (
            m
            for m in PERIOD_FROM.finditer(remedy_text)
            if not KNOWN_DAY.search(m.group("start") or m.group("start2") or "")
        ),
        None,
    )
    ctx.put(
        "remedy_period_from_wrong_day",
        wrong_day is not None,
        remedy_line,
        "自收到本答复之日起计算（行政复议法第二十条第一款：自知道或者应当知道该行政行为之日起六十日内）",
        wrong_day.group(0) if wrong_day else None,
    )
    # 行政诉讼法第十五条第（一）项: suits over the acts of a 国务院部门 or a 县级以上地方人民政府 go to an
    # intermediate court at first instance
    court = BASIC_COURT.search(remedy_text)
    kind = _rb.agency_kind(case.agency)
    needs_intermediate = kind is not None and kind.kind in INTERMEDIATE_KINDS
    ctx.put(
        "suit_court_wrong_level",
        needs_intermediate and court is not None,
        remedy_line,
        "中级人民法院（行政诉讼法第十五条第（一）项：对国务院部门或者县级以上地方人民政府所作的行政行为提起诉讼的案件，由中级人民法院管辖）",
        court.group("court") if court else None,
    )
    # suit is a path the law gives after review in every case, directly where review does not come first; a
    # notice that names review only says nothing of it (unless review first is all it tells of the refusal)
    ctx.put(
        "remedy_omits_suit",
        remedy_line is not None
        and "复议" in remedy_text
        and "诉讼" not in remedy_text
        and "起诉" not in remedy_text
        and not (review_first and REVIEW_FIRST_SAID.search(remedy_text)),
        remedy_line,
        "告知可以提起行政诉讼（直接起诉6个月内，或对复议决定不服的，收到复议决定书之日起15日内）",
        remedy_text.strip()[:80],
    )
    addr = profile.remedy.review_address
    ctx.put(
        "review_address_missing",
        addr is not None and "复议" in remedy_text and addr not in parsed.text,
        remedy_line,
        addr,
        "（未写地址）",
    )
