"""A case built from a reply letter alone: what the letter states, each value with the line it came from.

Staff have the letter before they have (if ever) a case file. Most of a case can be read from the letter:
the agency (signature, else title), the applicant and their kind (salutation and the pronoun used), the
date received (receipt sentence), the request and its items, the decision on each item and the articles
cited, consultation / 补正 / extension dates stated in the body, and the reply date (the letter's date).

The category is the one the letter itself expresses — decision words read outside quotations and
negations, refined by the articles cited and the reasons given — and the case's facts are the ones that
lead the rules to it. Those facts are what the letter *asserts*; whether they are true (is the information
really a state secret?) only a case file can say, and :attr:`LetterCase.not_established` says so, one line
each. Nothing is guessed beyond the letter's words: a value the letter does not give is listed there too.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import patterns
from .. import categories
from ..models import Case
from .parse import DateText, ParsedLetter, format_date, parse_date
from .wordings import load as load_wordings

_BLANK = " \t\u3000\u00a0\ufeff"

# ------------------------------------------------------------------------------------ decision words

#: decision words per group, read in the letter's own deciding sentences (quotations and negated clauses
#: removed first). Order matters only for :data:`GROUP_ORDER`.
GROUP_WORDS: dict[str, re.Pattern] = {
    "not_processed": patterns.compile(
        r"不予处理|不予重复处理|不再(重复)?(处理|答复)|不作为政府信息公开申请(处理|办理)|不属于政府信息公开申请|不予受理"
    ),
    "other": patterns.compile(r"视为[^。；，]{0,4}放弃|终止(处理|办理)"),
    "partial": patterns.compile(
        r"部分公开|(?<!无法)(?<!不能)(?<!不可)(?<!无法作)区分处理后|(?<!无法)(?<!不能)(?<!不可)作区分处理|其余(部分|内容)[^。；]{0,16}(提供|公开)|删除[^。；]{0,30}后[^。；]{0,12}提供|删除处理后"
    ),
    "refused": patterns.compile(r"不予公开|不得公开|不能公开|不应(当)?公开|不宜公开|决定不公开"),
    "cannot_provide": patterns.compile(
        r"无法提供|不能提供|无法[^。；，]{0,12}提供|未制作|未获取|未保存|不存在|不掌握|非本(机关|局|单位)|不属于本(机关|局|单位)|另行制作|"
        r"(仍|依然|仍然)(不明确|未写明|无法确定)|不予提供"
    ),
    "open": patterns.compile(
        r"予以公开|(?<!不)同意公开|予以提供|提供给(您|你|贵)|随(本答复书|本告知书|函|文)[^。；]{0,6}(附|提供)|"
        r"现(予|将)[^。；]{0,30}提供|以[^。；]{0,8}方式[^。；]{0,6}提供|已[^。；]{0,20}主动公开|附后"
    ),
}
#: a clause that denies a decision word (不涉及……不予公开的情形) or quotes a condition is not the decision
NEGATED = patterns.compile(
    r"不涉及|未涉及|不属于[^，。；]{0,40}(情形|范围)|无[^，。；]{0,10}情形|不存在[^，。；]{0,20}情形|是否|如(果)?|若|但是|但"
)
QUOTED = patterns.compile(r"“[^”]*”|\"[^\"]*\"|「[^」]*」")

ORDINAL = patterns.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十0-9]+[）)]|[0-9]+[.、．])?\s*(?:关于)?"
    r"(?:第\s*(?P<n>[0-9一二三四五六七八九十]+)\s*项|您申请的第\s*(?P<n2>[0-9一二三四五六七八九十]+)\s*项)"
)
#: an answer introduced by a circled number: ①…； or 现答复如下：①…
CIRCLED = patterns.compile(r"^(?:[^。；;：:]{0,12}[：:])?\s*(?P<c>[①-⑳])")
#: a table row answering one item: its number in the first cell (1	申请内容	答复意见)
NUMBERED_ROW = patterns.compile(r"^(?P<n>[0-9]{1,2})[.、．]?\t")
ITEM_LIST = patterns.compile(
    r"(?:^|[：:；;，,。\s])\s*(?:[0-9]+[.、．]|[（(][0-9一二三四五六七八九十]+[）)]|[①-⑳])\s*(?P<text>[^；;。]+)"
)

AGENCY_SUFFIX = r"(?:局|委员会|委|厅|部|署|人民政府|政府|办公室|办事处|中心|院|所|站|队|分局|管理处|海关|银行|公司)"
OTHER_AGENCY = patterns.compile(
    rf"(?:由|向|系|属于|咨询|联系)(?P<name>[^，。；、“”（）()的]{{2,30}}?{AGENCY_SUFFIX})(?!门)"
    r"(?=[^，。；]{0,12}(?:制作|申请|咨询|查询|负责|掌握|保存|职责|联系|获取|，|。|；))"
)
PHONE = patterns.compile(r"(?:电话|联系方式)[：:为是]?\s*(?P<phone>[0-9０-９][0-9０-９\-－（）() ]{5,20}[0-9０-９])")
URL = patterns.compile(r"https?://[^\s，。；、）)”]+|www\.[^\s，。；、）)”]+")

CHANNELS = (
    ("post", patterns.compile(r"签收|邮寄|信函|挂号|快递")),
    ("online", patterns.compile(r"网上|在线|网站|平台|电子邮件|邮箱|网络")),
    ("fax", patterns.compile(r"传真")),
    ("in_person", patterns.compile(r"当面|现场|窗口|递交")),
)

KIND_BY_NAME = (
    ("legal_service_org", patterns.compile(r"律师事务所|法律服务所|公证处")),
    ("commercial_enterprise", patterns.compile(r"公司|企业|厂$|商行|合作社")),
    ("research_institution", patterns.compile(r"大学|学院|研究院|研究所|研究中心|科学院")),
    ("public_interest_org", patterns.compile(r"协会|基金会|学会|促进会|志愿|公益")),
    ("other_org", patterns.compile(r"委员会|中心|医院|学校|社$|会$|村民|居民|业主")),
)
PRONOUNS = (
    ("commercial_enterprise", patterns.compile(r"贵公司|贵企业|贵厂")),
    ("legal_service_org", patterns.compile(r"贵所|贵律师事务所")),
    ("research_institution", patterns.compile(r"贵院|贵校")),
    ("other_org", patterns.compile(r"贵单位|贵中心|贵会|你（单位）|你\(单位\)|你单位")),
)

#: facts a category is reached by: (case facts, item facts); ``partial`` is built from its items
CATEGORY_FACTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "open": ((), ()),
    "refused/state_secret": ((), ("state_secret",)),
    "refused/law_prohibited": ((), ("prohibited_by_law",)),
    "refused/security_stability": ((), ("endangers_security_stability",)),
    "refused/third_party": ((), ("third_party_rights",)),
    "refused/internal_affairs": ((), ("internal_affairs",)),
    "refused/process_info": ((), ("process_information",)),
    "refused/enforcement_file": ((), ("enforcement_file",)),
    "refused/admin_query": ((), ("administrative_query",)),
    "cannot_provide/not_held": ((), ("not_held",)),
    "cannot_provide/needs_creation": ((), ("needs_creation",)),
    "cannot_provide/unclear": (("unclear_after_correction",), ()),
    "not_processed/petition": (("petition_complaint",), ()),
    "not_processed/repeat": (("repeat_request",), ()),
    "not_processed/publication": (("public_publication",), ()),
    "not_processed/excessive": (("excessive_requests",), ()),
    "not_processed/confirm_reissue": (("confirm_or_reissue",), ()),
    "other/no_correction": (("no_correction_in_time",), ()),
    "other/fee_unpaid": (("fee_unpaid_in_time",), ()),
}

#: what only the case file can establish, per category (one line each; never guessed from the letter)
NOT_ESTABLISHED: dict[str, str] = {
    "refused/state_secret": "该信息是否确已依法确定为国家秘密（定密机关、密级）",
    "refused/law_prohibited": "是否确有法律、行政法规禁止公开该信息",
    "refused/security_stability": "公开是否确会危及国家安全、公共安全、经济安全或社会稳定",
    "refused/third_party": "该信息是否确属第三方的商业秘密或个人隐私、第三方是否同意公开、不公开是否会对公共利益造成重大影响",
    "refused/internal_affairs": "该信息是否确属内部事务信息，是否有法律、法规、规章规定应当公开",
    "refused/process_info": "该信息是否确属过程性信息，是否有法律、法规、规章规定应当公开",
    "refused/enforcement_file": "该信息是否确属行政执法案卷，是否有法律、法规、规章规定应当公开",
    "refused/admin_query": "该信息是否确属有关法律、行政法规对获取另有规定的查询事项",
    "cannot_provide/not_held": "本机关是否确未制作、未获取该信息（检索是否充分），持有机关能否确定",
    "cannot_provide/needs_creation": "提供该信息是否确需对现有信息加工、分析",
    "cannot_provide/unclear": "补正通知是否发出、补正后申请内容是否确仍不明确",
    "not_processed/petition": "该申请是否确属以政府信息公开申请形式提出的信访、投诉、举报",
    "not_processed/repeat": "此前是否确已就相同内容作出答复",
    "not_processed/publication": "所申请的是否确为公开出版物",
    "not_processed/excessive": "申请的数量、频次是否确明显超过合理范围、说明的理由是否确不合理",
    "not_processed/confirm_reissue": "申请人是否确已获取该信息",
    "other": "申请人是否确逾期未补正或逾期未缴纳信息处理费",
    "open": "所公开的信息是否确不涉及条例第十四条至第十六条的情形",
    "partial": "不予公开的部分是否确属所引条款的情形、能否作区分处理",
}


@dataclass(frozen=True)
class Sourced:
    """One value of the case as taken from the letter: the case field, the value, the letter's line."""

    field: str
    value: object
    line: int | None
    note: str | None = None

    def as_dict(self) -> dict:
        value = self.value.isoformat() if isinstance(self.value, _dt.date) else self.value
        out = {"field": self.field, "value": value, "line": self.line}
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class LetterCase:
    """The case the letter gives, the source line of each value, and what the letter cannot establish."""

    case: Case
    sources: tuple[Sourced, ...]
    not_established: tuple[str, ...]
    item_categories: tuple[str, ...]
    #: the letter says the agency consulted (条例第三十二条、第三十四条) but not from when to when
    consultation_undated: bool = False

    def source(self, name: str) -> Sourced | None:
        return next((s for s in self.sources if s.field == name), None)

    def as_dict(self) -> dict:
        return {
            "facts": [s.as_dict() for s in self.sources],
            "not_established": list(self.not_established),
        }


@dataclass
class _Builder:
    sources: list[Sourced] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    def put(self, name: str, value: object, line: int | None, note: str | None = None) -> object:
        self.sources.append(Sourced(name, value, line, note))
        return value


# ------------------------------------------------------------------------------------ reading the text


def _decisive(sentence: str) -> str:
    """The sentence without quotations and without clauses that negate or condition a decision word."""
    text = QUOTED.sub("", sentence)
    kept, conditional = [], False
    for clause in re.split(r"[，,：:]", text):
        if not conditional and not NEGATED.search(clause) and not clause.startswith("请"):
            kept.append(clause)
        conditional = clause.endswith("的")  # 逾期未缴纳的，视为放弃申请: a consequence announced, not decided
    return "，".join(kept)


def unquoted_sentences(parsed: ParsedLetter) -> list[tuple[int, str]]:
    """Body sentences before the remedy notice with quotations removed first (a quoted article can span
    sentences)."""
    out = []
    for line, text in parsed.decision_body():
        for s in re.split(r"(?<=[。；;！!？?])", QUOTED.sub("", text)):
            if s.strip(_BLANK):
                out.append((line, s.strip(_BLANK)))
    return out


def table_groups(c, override: bool = False) -> set[str]:
    """The decision groups whose categories rest on citation ``c`` (the category table's articles);
    ``override``: the letter states the public-interest override, so the ``override_articles`` count too."""
    out = set()
    for cat in categories.CATEGORIES:
        for art, para, item in cat.articles + (cat.override_articles if override else ()):
            if c.article == art and (para is None or c.para in (None, para)) and (item is None or c.item == item):
                out.add(cat.wordings)
    return out


def phrase_groups(
    segment: list[tuple[int, str]], received: _dt.date | None = None
) -> list[tuple[int, str, set[str], bool]]:
    """The deciding phrases of :mod:`gkrules.letter.meaning` (wordings in rules/letter/wordings), one entry
    per phrase: ``(line, group, every group whose wording it is, strong)`` — 不予提供 is a wording of both
    不予公开 and 无法提供, 不再处理 of 不予处理 and 其他处理."""
    from . import meaning

    entries: dict[tuple[int, str, str], list] = {}
    for d in meaning.decisions(segment, received):
        key = (d.line, d.sentence, d.phrase)
        if key not in entries:
            entries[key] = [d.line, d.group, set(), False]
        entries[key][2].add(d.group)
        if not d.support:
            if not entries[key][3]:
                entries[key][1] = d.group
            entries[key][3] = True
    return [(e[0], e[1], e[2], e[3]) for e in entries.values()]


def decision_groups(segment: list[tuple[int, str]], cites=(), received: _dt.date | None = None) -> dict[str, int]:
    """The groups the segment decides, with the first line of each. A phrase that is a wording of several
    groups takes the one its articles (``cites``) rest on; phrases that only support a decision (可以登录……
    查阅) yield to the articles. Without any phrase of the wordings, :data:`GROUP_WORDS` outside quotations
    and negated clauses."""
    entries = phrase_groups(segment, received)
    if entries:
        cited = set().union(*(table_groups(c) for c in cites)) if cites else set()
        strong = [e for e in entries if e[3]]
        if not strong:
            if cited and not any(e[2] & cited for e in entries):
                return {}  # e.g. 可以……查阅 under 第三十九条第二款: the article says what was decided
            # only supporting words: those of the groups the articles cited rest on (该信息不存在 under 第三十六条
            # 第（四）项, beside 相关标准已在网站公开 said as a courtesy)
            strong = [e for e in entries if e[2] & cited] if cited else entries
        by_meaning: dict[str, int] = {}
        for line, group, groups, _ in strong:
            picked = sorted(groups & cited) if len(groups) > 1 and groups & cited else [group]
            for g in picked:
                by_meaning.setdefault(g, line)
        return by_meaning
    found: dict[str, int] = {}
    for line, sentence in segment:
        text = _decisive(sentence)
        for group, rx in GROUP_WORDS.items():
            if group not in found and rx.search(text):
                found[group] = line
    # 不予提供 after a 第三十八条 reasoning is 无法提供, not a refusal; 未制作 inside a partial reply is its part
    return found


def _group(found: dict[str, int]) -> str | None:
    groups = set(found)
    if "partial" in groups:
        return "partial"
    if "open" in groups and groups & {"refused", "cannot_provide"}:
        return "partial"
    for g in ("other", "not_processed", "refused", "cannot_provide", "open"):
        if g in groups:
            return g
    return None


def _cited(parsed: ParsedLetter, lines: set[int] | None = None) -> list:
    return [c for c in parsed.citations if c.of_regulation and (lines is None or c.line in lines)]


def _has(cites, article: int, para: int | None = None, item: int | None = None) -> bool:
    return any(
        c.article == article and (para is None or c.para == para) and (item is None or c.item == item) for c in cites
    )


def _group_by_articles(cites) -> str | None:
    if _has(cites, 36, item=7) or any(_has(cites, a) for a in (14, 15, 16)):
        return "refused"
    if _has(cites, 38) or _has(cites, 36, item=4) or _has(cites, 36, item=5):
        return "cannot_provide"
    if _has(cites, 39) or _has(cites, 35) or _has(cites, 36, item=6):
        return "not_processed"
    if _has(cites, 36, item=1) or _has(cites, 36, item=2):
        return "open"
    return None


def category_of(group: str | None, text: str, cites) -> str | None:
    """The category within ``group`` that the articles cited and the words of the reasons point to."""
    if group is None:
        group = _group_by_articles(cites)
    if group == "partial":
        return "partial"
    if group == "refused" or (group is None and _has(cites, 14) | _has(cites, 15) | _has(cites, 16)):
        if _has(cites, 36, item=7):
            return "refused/admin_query"
        if _has(cites, 15) or _has(cites, 32):
            return "refused/third_party"
        if _has(cites, 14):
            if re.search(r"国家秘密|涉密|密级|保密", text):
                return "refused/state_secret"
            if re.search(r"安全|稳定", text):
                return "refused/security_stability"
            if re.search(r"禁止", text):
                return "refused/law_prohibited"
            return "refused/state_secret"
        if _has(cites, 16, para=1) or (_has(cites, 16) and re.search(r"内部事务|人事管理|后勤管理|内部工作流程", text)):
            return "refused/internal_affairs"
        if _has(cites, 16):
            if re.search(r"执法案卷", text):
                return "refused/enforcement_file"
            if re.search(r"案卷|行政处罚|执法", text) and not re.search(r"讨论记录|过程稿|请示|磋商", text):
                return "refused/enforcement_file"
            return "refused/process_info"
        for pattern, code in (
            (r"国家秘密|涉密", "refused/state_secret"),
            (r"商业秘密|个人隐私|第三方", "refused/third_party"),
            (r"内部事务|人事管理|后勤管理", "refused/internal_affairs"),
            (r"执法案卷", "refused/enforcement_file"),
            (r"过程性信息|讨论记录|过程稿|请示报告|磋商信函", "refused/process_info"),
            (r"危及|社会稳定|公共安全", "refused/security_stability"),
        ):
            if re.search(pattern, text):
                return code
        if re.search(r"不动产登记|工商登记|登记资料", text):
            return "refused/admin_query"
        return None
    if (
        group == "cannot_provide"
        or group is None
        and (_has(cites, 38) or _has(cites, 36, item=4) or _has(cites, 36, item=5))
    ):
        if _has(cites, 38) or re.search(r"另行制作|加工|分析|汇总|统计", text) and not _has(cites, 36):
            return "cannot_provide/needs_creation"
        if (
            re.search(r"(仍|依然|仍然)(不明确|未写明|无法确定)|补正后[^。；]{0,30}(仍|依然|仍然)", text)
            or _has(cites, 30)
            and not _has(cites, 36)
        ):
            return "cannot_provide/unclear"
        return "cannot_provide/not_held"
    if group == "not_processed" or group is None and (_has(cites, 39) or _has(cites, 35) or _has(cites, 36, item=6)):
        if _has(cites, 42) or re.search(r"逾期未[^。；]{0,12}(缴纳|缴费|交纳|支付)", text):
            return "other/fee_unpaid"  # 不再处理 after an unpaid fee (条例第四十二条) or no 补正 (第三十条)
        if re.search(r"逾期未[^。；]{0,6}补正", text):
            return "other/no_correction"
        # the article cited decides; the words of the reasons only where no article tells (a 第三十五条 reply
        # may say that many of the applications repeated one another: it is still 第三十五条's)
        if _has(cites, 36, item=6):
            return "not_processed/repeat"
        if _has(cites, 35):
            return "not_processed/excessive"
        if _has(cites, 39, para=2):
            return "not_processed/publication"
        if re.search(r"重复申请|内容相同|已(经)?(作出|作)?答复", text):
            return "not_processed/repeat"
        if re.search(r"出版物|公报|报刊|书籍|年鉴", text):
            return "not_processed/publication"
        if re.search(r"合理范围|大量|反复", text):
            return "not_processed/excessive"
        if re.search(r"重新出具|加盖公章|已(经)?获取", text):
            return "not_processed/confirm_reissue"  # 条例第三十九条第一款 also: not a petition
        if _has(cites, 39) or re.search(r"信访|投诉|举报", text):
            return "not_processed/petition"
        if re.search(r"确认|重新出具|已获取", text):
            return "not_processed/confirm_reissue"
        return None
    if group == "other" or group is None and (_has(cites, 42) or re.search(r"视为放弃", text)):
        if _has(cites, 42) or re.search(r"信息处理费|缴纳|缴费", text):
            return "other/fee_unpaid"
        return "other/no_correction"
    if group == "open":
        return "open"
    return None


def _segment_text(segment: list[tuple[int, str]]) -> str:
    return "".join(s for _, s in segment)


# ------------------------------------------------------------------------------------ the parts


def _agency(parsed: ParsedLetter, b: _Builder) -> str:
    sig = parsed.elements.get("signature")
    title = parsed.elements.get("title")
    head = re.split(r"政府信息|关于|依申请", title.text, maxsplit=1)[0].strip(_BLANK) if title is not None else ""
    if sig is not None:
        name = re.sub(r"[（(](盖章|印章|公章|章)[)）]$", "", sig.text).strip(_BLANK)
        if title is not None and name and head and head != name and head.endswith(name):
            # signed with the short name (交通运输部), titled with the full one (中华人民共和国交通运输部)
            return str(b.put("agency", head, title.line, f"落款为简称“{name}”，取标题中的全称"))
        if (
            name
            and head
            and head != name
            and not name.endswith(head)
            and _supports(parsed, head) > _supports(parsed, name)
        ):
            # the title names the agency the letter speaks for (本府……, its 文号, its review body): the
            # signature is the one that differs from it
            note = (
                f"落款为“{name}”，与标题中的机关不同；答复书其他部分（自称、文号、复议机关）表明答复机关为标题中的机关"
            )
            b.unknown.append(f"答复机关：标题为“{head}”，落款为“{name}”（第{sig.line}行），按标题认定")
            return str(b.put("agency", head, title.line, note))  # type: ignore[union-attr]
        if name:
            return str(b.put("agency", name, sig.line))
    if title is not None:
        head = re.split(r"政府信息|关于|依申请", title.text, maxsplit=1)[0].strip(_BLANK)
        if len(head) >= 2:
            return str(b.put("agency", head, title.line, "落款未写机关名称，取自标题"))
    b.unknown.append("答复机关：答复书的落款和标题都没有写明机关名称")
    return str(b.put("agency", "<机关名称>", None))


#: how a letter names its own agency (本府, 本局 …) and the endings of the names it stands for
SELF_NAMES = (
    ("本府", ("政府",)),
    ("本局", ("局",)),
    ("本关", ("海关",)),
    ("本办", ("办公室", "办事处", "办")),
    ("本委", ("委员会", "委")),
    ("本部", ("部",)),
    ("本厅", ("厅",)),
    ("本署", ("署",)),
    ("本院", ("院",)),
    ("本中心", ("中心",)),
)


def _supports(parsed: ParsedLetter, agency: str) -> int:
    """How many parts of the letter other than the title and the signature speak for ``agency``: the name
    the letter calls itself by (本府 for a 人民政府), the 文号's prefix (鼓审公开 for 鼓楼区审计局), and the
    review body named, where the law gives it to this agency."""
    from ..review_body import bodies
    from .elements.remedy import review_body_named

    body = "".join(t for _, t in parsed.body)
    score = 0
    for word, endings in SELF_NAMES:
        if word in body:
            score += 1 if agency.endswith(endings) else -1
    if parsed.doc_number is not None:
        score += sum(1 for ch in set(parsed.doc_number.prefix) if ch in agency)
    named = review_body_named(body)
    if named is not None and parsed.letter_date is not None and parsed.letter_date.date is not None:
        found = bodies(agency, on=parsed.letter_date.date)
        if found.decided and found.accepts(named):
            score += 1
    return score


def _applicant(parsed: ParsedLetter, b: _Builder) -> tuple[str, str]:
    sal = parsed.elements.get("salutation")
    if sal is not None:
        written = re.sub(r"[：:]$", "", sal.text).strip(_BLANK)
        name = re.sub(r"^尊敬的", "", written)
        titled = re.sub(r"(先生|女士|同志)$", "", name).strip(_BLANK)
        note = None
        if titled != name:
            note = f"称呼为“{name}”，请填写申请人的全名"
            b.unknown.append(f"申请人全名：答复书只写了“{name}”（第{sal.line}行）")
        name = titled or name
        from .extract import applicant as addressed

        name = addressed(parsed) or name  # the salutation's wordings: 尊敬的, 申请人……, 先生/女士
        bare = re.sub(r"[（(][^（）()]*[）)]$", "", name).strip(_BLANK)  # 张某某（身份证号码略）
        if bare and bare != name and not load_wordings("salutation").search("name_brackets", name):
            name = bare
        b.put("applicant.name", name, sal.line, note)
        line = sal.line
    else:
        name, line = "<申请人>", None
        b.put("applicant.name", name, None)
        b.unknown.append("申请人：答复书没有称呼")
    kind, kind_line = None, None
    for k, rx in KIND_BY_NAME:
        if rx.search(name):
            kind, kind_line = k, line
            break
    if kind is None:
        for n, text in parsed.body:
            for k, rx in PRONOUNS:
                if rx.search(text):
                    kind, kind_line = k, n
                    break
            if kind:
                break
    if kind is None:
        you = next((n for n, t in parsed.body if re.search(r"您|你(?!（单位）|\(单位\)|单位)", t)), None)
        kind, kind_line = "natural_person", you or line
    b.put("applicant.type", kind, kind_line)
    return name, kind


SUBMITTED = patterns.compile(r"(签收|收到|收悉|收讫|接收|提交|提出|递交)[^。；]{0,30}申请")


def _received(parsed: ParsedLetter, b: _Builder, letter_day: _dt.date | None) -> _dt.date:
    rd = parsed.receipt_date
    if rd is not None and rd.date is not None:
        return b.put("received", rd.date, rd.line)  # type: ignore[return-value]
    if rd is None and parsed.elements.get("receipt") is None:
        # 签收 (post, 条例第三十一条第（二）项) or 当面提交 written before the parser's receipt sentence
        for line, sentence in parsed.sentences:
            if SUBMITTED.search(sentence):
                d = parse_date(sentence, line)
                if d is not None and d.date is not None:
                    return b.put("received", d.date, line)  # type: ignore[return-value]
                break
    b.unknown.append("收到申请的日期：答复书没有写明，答复期限按落款日期收到计，未能检查")
    day = letter_day or _dt.date.today()
    return b.put("received", day, None, "答复书未写收到日期")  # type: ignore[return-value]


def _channel(parsed: ParsedLetter, b: _Builder) -> str | None:
    receipt = parsed.elements.get("receipt")
    if receipt is None:
        return None
    for code, rx in CHANNELS:
        if rx.search(parsed.lines[receipt.line - 1]):
            return str(b.put("channel", code, receipt.line))
    return None


def _items(parsed: ParsedLetter) -> tuple[list[str], int | None, str | None]:
    """The requested items (texts), the line they are stated on, and the request as written."""
    req = parsed.elements.get("request")
    req_line = req.line if req is not None else None
    if req_line is None:
        # a request the parser's wordings do not cover (您申请公开的内容为：……): the first sentence before the
        # decision that asks for information
        stop = parsed.line_of("decision") or parsed.line_of("legal_basis") or parsed.line_of("remedy")
        req_line = next(
            (
                n
                for n, s in parsed.sentences
                if (stop is None or n <= stop) and re.search(r"(申请|要求)(公开|获取|提供|查阅|复制)", s)
            ),
            None,
        )
    if req_line is None:
        headed = _headed_items(parsed)
        if len(headed) >= 2:
            return _items_of_headings(headed)
        return [], None, None
    line_text = parsed.lines[req_line - 1].strip(_BLANK)
    start = re.search(
        r"(您|你|贵[^\s，。]{0,3})?(申请|要求)(公开|获取|提供|查阅|复制)|所需(的)?信息为|申请(的)?(内容|事项)",
        line_text,
    ) or re.search(r"(申请|要求)", line_text)
    tail = line_text[start.start() :] if start else line_text
    tail = re.split(r"(?<=。)", tail)[0]  # the request sentence only (not 补正后的申请内容为“……”)
    first = tail.find("“")
    run = (
        re.match(
            r"“[^”]{1,400}”(?:\s*(?:、|，|,|；|;|和|及|与|以及)?\s*(?:[①-⑳]|[0-9]+[.、．]|[（(][0-9一二三四五六七八九十]+[）)])?"
            r"\s*“[^”]{1,400}”)*",
            tail[first:],
        )
        if first >= 0
        else None
    )
    quoted = re.findall(r"“([^”]{1,400})”", run.group(0)) if run else []  # the requested items, one after another
    below = _list_below(parsed, req_line) if re.search(r"[：:]\s*$", tail) else []  # a request ending with a colon
    listed_below = [t for _, t in below if t]
    if quoted:
        items = quoted
    elif len(listed_below) >= 2:
        items = listed_below
    else:
        listed = [m.group("text").strip(_BLANK) for m in ITEM_LIST.finditer(tail)]
        listed = [t for t in listed if t and not re.search(r"答复如下|逐项", t)]
        if len(listed) >= 2:
            items = listed
        else:
            m = re.search(r"(申请|要求)(公开|获取|提供|查阅|复制)(?P<what>[^。；]{2,200})", tail)
            what = re.sub(r"^(的)?(内容|信息|事项)?(为|是|如下)?[：:，,\s]*", "", m.group("what")) if m else ""
            items = [what or tail]
    request = re.split(r"(?<=[。])", tail)[0].strip(_BLANK)
    items = [i.strip(_BLANK) for i in items if i.strip(_BLANK)]
    headed = _headed_items(parsed)
    if len(items) < 2 and len(headed) >= 2 and headed[0][0] >= req_line:
        # the items restated as the headings of the answers (一、关于“……”): the request is read there
        return _items_of_headings(headed)
    if len(listed_below) >= 2 and not quoted:
        req_line = below[-1][0]  # the decision starts after the list: its last line ends the request
    return items, req_line, request


SUMMING_UP = patterns.compile(r"^\s*(?:综上|综合以上|总之|以上)")
LIST_MARK = patterns.compile(
    r"^\s*(?:[0-9]+[.、．]|[（(][0-9一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|[①-⑳])\s*"
)


def _list_below(parsed: ParsedLetter, line: int) -> list[tuple[int, str]]:
    """``(line, text)`` of each line listed one a line under the request on ``line`` (您申请公开以下信息：↵1.……；
    ↵2.……), its list mark left out; the list ends at the first line without one."""
    out: list[tuple[int, str]] = []
    for n, t in parsed.body:
        if n <= line:
            continue
        m = LIST_MARK.match(t)
        if m is None:
            break
        out.append((n, t[m.end() :].strip(_BLANK).rstrip("；;。，,").strip(_BLANK)))
    return out


#: the heading of an item's answer that restates it: 一、关于“……”
ITEM_HEADING = patterns.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十0-9]+[）)]|[0-9]+[.、．])\s*关于(?:您|你)?(?:申请(?:公开)?的)?(?:第[一二三四五六七八九十0-9]+项)?[“《](?P<text>[^”》]{2,200})[”》]"
)


def _items_of_headings(headed: list[tuple[int, str]]) -> tuple[list[str], int | None, str | None]:
    """What :func:`_items` gives for items restated as the headings of the answers: the items, the line before
    the first heading (where the request ends), and the request as the quoted items."""
    return [t for _, t in headed], headed[0][0] - 1, "；".join(f"“{t}”" for _, t in headed)


def _headed_items(parsed: ParsedLetter) -> list[tuple[int, str]]:
    """(line, item) of each heading 一、关于“……” in the letter's body, in order."""
    return [(n, m.group("text")) for n, t in parsed.body if (m := ITEM_HEADING.match(t))]


def _sections(decision_part: list[tuple[int, str]], count: int) -> list[list[tuple[int, str]]] | None:
    """The decision part split into one section per item when the letter answers item by item."""
    starts: list[tuple[int, int]] = []  # (index into decision_part, item number)
    for i, (_, text) in enumerate(decision_part):
        m = ORDINAL.match(text)
        if m:
            n = m.group("n") or m.group("n2")
            from .parse import cn_to_int

            number = cn_to_int(n) if n else None
            if number:
                starts.append((i, number))
        elif c := CIRCLED.match(text):
            starts.append((i, ord(c.group("c")) - ord("①") + 1))
        elif row := NUMBERED_ROW.match(text):
            starts.append((i, int(row.group("n"))))
    if len(starts) < 2 or len(starts) != count:
        # numbered paragraphs 一、 二、 … one per item
        numbered = [
            i
            for i, (_, t) in enumerate(decision_part)
            if re.match(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])", t)
        ]
        if len(numbered) != count:
            numbered = [i for i, (_, t) in enumerate(decision_part) if re.match(r"^[0-9]+[.、．](?![0-9])", t)]
        if len(numbered) == count and count >= 2:
            starts = [(i, k + 1) for k, i in enumerate(numbered)]
        else:
            return None
    out: list[list[tuple[int, str]]] = [[] for _ in range(count)]
    # the last item's answer ends where the letter sums up its answers (综上，……)
    last = next(
        (i for i in range(starts[-1][0] + 1, len(decision_part)) if SUMMING_UP.match(decision_part[i][1])),
        len(decision_part),
    )
    for k, (i, number) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else last
        if not 1 <= number <= count:
            return None
        out[number - 1].extend(decision_part[i:end])
    return out if all(out) else None


#: the agency asked a third party or another agency for its opinion (条例第三十二条、第三十四条), not the public
CONSULTED = patterns.compile(r"征[求询](?!公众)[^。；，]{0,16}意见(?!稿)|意见征[求询](?!稿)")
#: a date written without its year (10月14日), read in the year of the application
_MONTH_DAY = patterns.compile(r"(?<![年0-9０-９])(?P<m>[0-9]{1,2})\s*月\s*(?P<d>[0-9]{1,2})\s*日")
#: the third party's or the other agency's answer to the consultation
CONSULT_REPLY = patterns.compile(r"(答复|回复|反馈|复函|回函|书面意见|提出[^。；]{0,6}意见|不同意|同意公开|表示)")


def _item_clauses(parsed: ParsedLetter, after: int | None, count: int) -> list[tuple[int, str]] | None:
    """One clause per item where a reply decides item by item in one paragraph (“甲”予以公开；“乙”无法提供)."""
    out = []
    for line, text in parsed.decision_body():
        if after is not None and line <= after:
            continue
        for clause in re.split(r"[；;。]", text):
            if "“" not in clause:
                continue
            clause = clause[clause.index("“") :]  # from the item named: not the paragraph's 部分公开：
            if _group(decision_groups([(line, QUOTED.sub("", clause))], received=parsed.received_on)):
                out.append((line, clause))
    return out if len(out) == count else None


def _dates_of(sentence: str, line: int, received: _dt.date | None) -> list:
    """The dates of ``sentence`` in the order written; one written without its year (10月14日) is taken in the
    year of the application, or the next year where that would fall before it."""
    found = [(m.start(), parse_date(m.group(0), line)) for m in _DATE_ITER.finditer(sentence)]
    if received is not None:
        for m in _MONTH_DAY.finditer(sentence):
            try:
                day = _dt.date(received.year, int(m.group("m")), int(m.group("d")))
            except ValueError:
                continue
            if day < received - _dt.timedelta(days=31):
                try:
                    day = day.replace(year=day.year + 1)
                except ValueError:
                    continue
            found.append((m.start(), DateText(m.group(0), line, day, "arabic")))
    return [d for _, d in sorted(found, key=lambda x: x[0]) if d and d.date]


#: a later reply date set under 条例第三十五条 (延迟答复), not the 20-day extension of 第三十三条 (延长答复期限)
DELAYED_REPLY = patterns.compile(r"第三十五条[^。；]{0,40}(延迟|延至|合理期限|前答复)|延迟(至|到)?[^。；]{0,20}答复")
#: the letter speaks of 条例第三十五条 (an application beyond a reasonable range whose reasons are reasonable)
ARTICLE_35 = patterns.compile(r"第三十五条|第35条|合理范围|合理期限|延迟答复")
#: where the letter speaks of 第三十五条: a reply put off to a date (延期至……答复, 于……前答复)
PUT_OFF = patterns.compile(
    r"(延期|延迟|延长|推迟|延至|顺延)[^。；]{0,30}答复|答复[^。；]{0,10}(延期|延迟|延长|推迟|顺延)|(之前|以前|前)(作出|予以|进行)?答复"
)
#: a notice sent to the applicant (the date the later reply date was told)
NOTICE_SENT = patterns.compile(r"告知|通知|送达|发出|函告")


def _procedure(
    segment: list[tuple[int, str]], b: _Builder, received: _dt.date | None = None, *, delayed: bool = False
) -> dict:
    """Consultation, 补正 and extension dates as the letter states them (条例第三十条、第三十二条、第三十三条);
    ``delayed``: the letter speaks of 第三十五条, so a reply put off to a stated date is its later reply date."""
    out: dict = {}
    notice: DateText | None = None  # the last date a notice was sent on
    for line, sentence in segment:
        dates = _dates_of(sentence, line, received)
        if not dates:
            continue
        if "delayed_reply_by" not in out and (DELAYED_REPLY.search(sentence) or delayed and PUT_OFF.search(sentence)):
            # 条例第三十五条: the applicant told, on the first date (or in an earlier sentence), of the later date
            # by which the reply comes
            told = dates[0] if len(dates) >= 2 else notice
            if told is not None and dates[-1].date > told.date:
                out["delayed_reply_notified"] = b.put("procedure.delayed_reply_notified", told.date, told.line)
                out["delayed_reply_by"] = b.put("procedure.delayed_reply_by", dates[-1].date, line)
            elif len(dates) == 1 and NOTICE_SENT.search(sentence):
                notice = dates[0]  # the notice of the delay (延期答复告知书); its date may follow
            else:
                b.unknown.append(
                    "延迟答复（条例第三十五条）：答复书未同时写明告知日期和确定的答复日期，答复期限未按延迟计算"
                )
            continue
        if NOTICE_SENT.search(sentence):
            notice = dates[-1]
        if CONSULTED.search(sentence) and "consultation_sent" not in out:
            out["consultation_sent"] = b.put("procedure.consultation_sent", dates[0].date, line)
            rest = [d for d in dates[1:] if re.search(r"收到", sentence) or CONSULT_REPLY.search(sentence)]
            if rest:
                out["consultation_replied"] = b.put("procedure.consultation_replied", rest[0].date, line)
            continue
        if (
            "consultation_sent" in out
            and "consultation_replied" not in out
            and (
                re.search(r"(第三方|该|其)[^。；]{0,20}(书面)?(答复|回复|反馈|意见)|收到其", sentence)
                or CONSULT_REPLY.search(sentence)
            )
        ):
            out["consultation_replied"] = b.put("procedure.consultation_replied", dates[0].date, line)
            continue
        if (
            re.search(r"补正", sentence)
            and "correction_requested" not in out
            and re.search(r"告知|通知|要求", sentence)
        ):
            out["correction_requested"] = b.put("procedure.correction_requested", dates[0].date, line)
            rest = [d for d in dates[1:]]
            if rest and re.search(r"收到[^。；]{0,20}补正|补正[^。；]{0,10}(材料|后)", sentence):
                out["correction_received"] = b.put("procedure.correction_received", rest[0].date, line)
            continue
        if (
            re.search(r"收到[^。；]{0,20}补正|补正[^。；]{0,6}(材料)?[^。；]{0,6}收到", sentence)
            and "correction_received" not in out
        ):
            out["correction_received"] = b.put("procedure.correction_received", dates[-1].date, line)
            continue
        if re.search(r"延长[^。；]{0,10}(答复)?期限|延期答复", sentence) and "extension_notified" not in out:
            out["extension_notified"] = b.put("procedure.extension_notified", dates[0].date, line)
    if "consultation_sent" in out and "consultation_replied" not in out:
        # without the date the opinion came back the time not counted (条例第三十三条第三款) is unknown
        del out["consultation_sent"]
        b.sources[:] = [s for s in b.sources if s.field != "procedure.consultation_sent"]
        b.unknown.append("征求意见的起止日期：答复书未写明收到意见的日期，答复期限未扣除征求意见的时间")
    elif "consultation_sent" not in out and any(CONSULTED.search(s) for _, s in segment):
        b.unknown.append("征求意见的起止日期：答复书未写明，答复期限未扣除征求意见的时间")
    return out


from .parse import DATE_RE as _DATE_ITER  # noqa: E402


def _other_agency(segment: list[tuple[int, str]], own: str) -> tuple[dict | None, int | None]:
    for line, sentence in segment:
        m = OTHER_AGENCY.search(sentence)
        if m and m.group("name") != own and not m.group("name").startswith("本"):
            agency = {"name": m.group("name")}
            phone = PHONE.search(sentence) or next(
                (PHONE.search(s) for n, s in segment if n >= line and PHONE.search(s)), None
            )
            if phone:
                agency["contact"] = phone.group("phone").strip()
            return agency, line
    return None, None


#: the letter says which agency holds the information cannot be determined (条例第三十六条第（五）项: 能够确定的)
UNDETERMINED = patterns.compile(r"(无法|不能|难以|未能)[^，。；]{0,4}确定[^。；]{0,20}(机关|部门|单位)")
#: the holder a letter points to without naming it (建议您向有关部门咨询)
UNNAMED_HOLDER = "<负责公开该信息的机关>"


def _unnamed_referral(segment: list[tuple[int, str]]) -> tuple[int, str] | None:
    """The sentence that sends the applicant to an unnamed 有关部门 (the letter asserts another agency is
    responsible, 条例第三十六条第（五）项, but does not say which)."""
    rx = load_wordings("guidance").regex("vague_referral")
    if any(UNDETERMINED.search(s) for _, s in segment):
        return None  # the letter says no holder can be determined: 有关部门 is then all it can say
    for line, sentence in segment:
        m = rx.search(sentence)
        if m:
            return line, m.group(0)
    return None


# ------------------------------------------------------------------------------------ the case


def letter_case(parsed: ParsedLetter, name: str = "答复书", *, category_hint: str | None = None) -> LetterCase:
    """The case a parsed letter gives (see the module docstring); ``name`` becomes the case id."""
    b = _Builder()
    agency = _agency(parsed, b)
    applicant, kind = _applicant(parsed, b)
    letter_day = parsed.letter_date.date if parsed.letter_date else None
    received = _received(parsed, b, letter_day)
    channel = _channel(parsed, b)
    items, items_line, request = _items(parsed)
    if request:
        b.put("request", request, items_line)
    else:
        b.unknown.append("申请内容：答复书没有复述申请内容")
        request = "<申请内容>"
        b.put("request", request, None)
    if not items:
        items = [request]

    whole = unquoted_sentences(parsed)
    decision_part = [(n, s) for n, s in whole if not (items_line is not None and n < items_line)]
    cites = _cited(parsed)
    found = decision_groups(decision_part or whole, cites, parsed.received_on)
    group = _group(found)
    text = _segment_text(decision_part or whole)
    category = category_of(group, text, cites)
    if category is None and group is not None and cites:
        # the words name a group none of whose categories the reasons fit (不予公开 under 第三十八条): the
        # category is the one the articles cited rest on, and the words are checked against it
        category = category_of(None, text, cites)

    # per item: the sections of an item-by-item reply, else the whole decision part for each item
    after_request = [(n, t) for n, t in decision_part if items_line is None or n > items_line]
    if len(items) < 2 and not SEPARATED.search(text):
        # the items restated and answered only in a table: one item per row that decides
        rows = _deciding_rows(parsed, after_request)
        if len(rows) >= 2:
            items = [item for item, _ in rows]
    if len(items) < 2 and group == "partial" and not SEPARATED.search(text):
        # the request restated in one sentence, answered thing by thing, each answer on its own article
        answers = _own_answers(parsed, after_request)
        if len(answers) >= 2 and _aggregate([c for _, _, c in answers]) == "partial":
            parts = [p for p in re.split(r"、|以及|及|和", re.sub(r"等(相关)?(政府)?信息$", "", items[0])) if p]
            items = (
                parts
                if len(parts) == len(answers)
                else [f"第{k}项（第{n}行答复）" for k, (n, _, _) in enumerate(answers, 1)]
            )
            sections = [[(n, s)] for n, s, _ in answers]
        else:
            sections = None
    else:
        sections = _sections(after_request, len(items)) if len(items) >= 2 else None
    if sections is None and len(items) >= 2:
        rows = _deciding_rows(parsed, after_request)
        if [item for item, _ in rows] == items:
            sections = [[(n, s) for n, s in after_request if n == line] for _, line in rows]
    item_cats: list[str | None] = []
    item_lines: list[int | None] = []
    if sections is not None:
        for sec in sections:
            lines = {n for n, _ in sec}
            sec_cites = _cited(parsed, lines)
            g = _group(decision_groups(sec, sec_cites, parsed.received_on))
            item_cats.append(category_of(g, _segment_text(sec), sec_cites))
            item_lines.append(sec[0][0])
    if sections is None and len(items) >= 2 and group == "partial":
        clauses = _item_clauses(parsed, items_line, len(items))
        if clauses is not None:
            for line, clause in clauses:
                g = _group(decision_groups([(line, clause)], _cited(parsed, {line}), parsed.received_on))
                item_cats.append(category_of(g, QUOTED.sub("", clause), _cited(parsed, {line})) or None)
                item_lines.append(line)
            if not all(item_cats) or _aggregate([c for c in item_cats if c]) != "partial":
                item_cats, item_lines = [], []
            else:
                sections = []  # answered item by item within one paragraph
    decision_line = min(found.values()) if found else None
    if (
        len(items) >= 2
        and (group == "partial" or category == "partial")
        and not (item_cats and all(item_cats))
        and not SEPARATED.search(text)
    ):
        # several items, some disclosed and some withheld, none said to be separated: the items' categories are
        # those of the articles the letter cites for what it withholds (条例第三十七条 is for a separated item)
        inferred = _named_item_categories(whole, items, parsed.received_on) or _mixed_item_categories(
            cites, text, len(items)
        )
        if inferred is not None:
            item_cats = list(inferred)
            item_lines = [decision_line] * len(items)
            sections = []
            b.unknown.append(
                "逐项答复：答复书没有按项分段，各项的类别按写到该项的句子或所引条文推定（"
                + "、".join(f"第{i}项{categories.label(c)}" for i, c in enumerate(inferred, 1))
                + "）"
            )
    overall: str | None
    if sections is not None and item_cats and all(item_cats):
        overall = _aggregate([c for c in item_cats if c])
    else:
        overall = category
        if category == "partial" or group == "partial":
            overall = "partial"
        item_cats = [None] * len(items)
        item_lines = [decision_line] * len(items)
    if overall is None and category_hint:
        overall = category_hint
    if overall is None:
        b.unknown.append("处理结果：答复书中没有能确定类别的处理决定和条文，按“予以公开”检查")
        overall = "open"

    own_texts = [_segment_text(sec) for sec in sections] if sections and len(sections) == len(items) else None
    item_dicts, case_facts = _facts_for(
        overall, items, item_cats, text, cites, parsed, agency, b, item_lines, items_line, own_texts
    )
    case_category = "other" if overall.startswith("other/") else overall
    b.put("decision.category", case_category, decision_line)
    if letter_day is not None:
        b.put("decision.reply_date", letter_day, parsed.line_of("date"))
    else:
        b.unknown.append("答复日期：答复书没有落款日期")
    procedure = _procedure(whole, b, received, delayed=bool(ARTICLE_35.search(_segment_text(whole))))

    data: dict = {
        "id": name,
        "agency": agency,
        "received": received,
        "applicant": {"name": applicant, "type": kind},
        "request": request,
        "facts": case_facts,
        "items": item_dicts,
        "procedure": procedure,
        "decision": {"category": case_category, "reply_date": letter_day},
    }
    if channel:
        data["channel"] = channel
    case = Case.model_validate(data, strict=False)
    undated = any(u.startswith("征求意见的起止日期") for u in b.unknown)  # as consultation_undated()
    b.unknown.append(
        "处理结果是否与案件事实相符（GK-K-001）："
        + NOT_ESTABLISHED.get(overall if not overall.startswith("other/") else "other", "")
    )
    if channel is None:
        b.unknown.append("申请方式（当面、邮寄、网上）：答复书未写明，收到日期按答复书所写认定（条例第三十一条）")
    final_items = [c or overall for c in item_cats]
    return LetterCase(case, tuple(b.sources), tuple(dict.fromkeys(b.unknown)), tuple(final_items), undated)


#: words saying that part of one item was withheld and the rest disclosed (条例第三十七条)
SEPARATED = patterns.compile(
    r"(区分|遮盖|删除|隐去|去除|剔除|屏蔽|涂黑|隐藏)(处理)?后|区分处理|(其余|其他)(部分|内容)|部分内容|删去"
)


def _deciding_rows(parsed: ParsedLetter, part: list[tuple[int, str]]) -> list[tuple[str, int]]:
    """``(item, line)`` for each table row of the decision part that decides (序号、申请内容、答复意见, perhaps
    with a column of articles after it): the item is the cell before the first that decides, the number
    column left out."""
    lines = {n for n, _ in part}
    out = []
    for n, t in parsed.decision_body():
        cells = [c.strip(_BLANK) for c in t.split("\t") if c.strip(_BLANK)]
        cells = [c for c in cells if not re.fullmatch(r"[0-9０-９一二三四五六七八九十]{1,3}[.、．]?|[①-⑳]", c)]
        if n not in lines or len(cells) < 2:
            continue
        cited = _cited(parsed, {n})
        first = next(
            (
                k
                for k in range(1, len(cells))
                if decision_groups([(n, "，".join(cells[k:]))], cited, parsed.received_on)
            ),
            None,
        )
        if first is not None and not decision_groups([(n, cells[0])], (), parsed.received_on):
            out.append((cells[first - 1], n))
    return out


def _own_answers(parsed: ParsedLetter, part: list[tuple[int, str]]) -> list[tuple[int, str, str]]:
    """``(line, sentence, category)`` of each sentence that decides on an article cited in it alone (not
    部分公开 or a separation)."""
    out = []
    for n, s in part:
        if SEPARATED.search(s) or "部分公开" in s:
            continue
        own = [c for c in _cited(parsed, {n}) if c.raw in s]
        if not own:
            continue
        cat = category_of(_group(decision_groups([(n, s)], own, parsed.received_on)), QUOTED.sub("", s), own)
        if cat and cat != "partial":
            out.append((n, s, cat))
    return out


def _named_item_categories(
    whole: list[tuple[int, str]], items: list[str], received: _dt.date | None
) -> list[str] | None:
    """Each item's category from the sentences that name it (its text, or the last ten characters of a
    longer one) with the articles those sentences cite; None unless every item is answered so and the items
    together are a partial disclosure."""
    from .parse import parse_citations

    out: list[str] = []
    for item in items:
        key = item if len(item) <= 10 else item[-10:]
        sents = [(n, s) for n, s in whole if key and key in s]
        if not sents:
            return None
        cites = [c for n, s in sents for c in parse_citations(s, n) if c.of_regulation]
        text = _segment_text(sents)
        cat = category_of(_group(decision_groups(sents, cites, received)), text, cites)
        if cat is None or cat == "partial":
            return None
        out.append(cat)
    return out if _aggregate(out) == "partial" else None


def _mixed_item_categories(cites, text: str, count: int) -> list[str] | None:
    """Categories for ``count`` items answered partly by disclosure and partly by withholding, none
    separated: one item for each category the withholding articles cited rest on, the others disclosed;
    None where no such article is cited."""
    withheld: list[str] = []
    for c in cites:
        groups = table_groups(c) - {"open", "partial"}
        if len(groups) != 1:
            continue
        cat = category_of(next(iter(groups)), text, [c])
        if cat and cat not in ("open", "partial") and cat not in withheld:
            withheld.append(cat)
    if not withheld:
        return None
    withheld = withheld[: count - 1]
    return withheld + ["open"] * (count - len(withheld))


def _aggregate(cats: list[str]) -> str:
    """Items' categories → the case's (domain.md section 3)."""
    if len(set(cats)) == 1:
        return cats[0]
    if any(c in ("open", "partial") for c in cats):
        return "partial"
    return min(cats, key=lambda c: categories.ORDER.get(c.split("/")[0] if c.startswith("other/") else c, 99))


def _exemption_of(text: str, cites) -> str | None:
    """The exemption withheld from a partly disclosed item (条例第三十七条 with 第十四条至第十六条)."""
    return category_of("refused", text, cites)


def _facts_for(
    overall: str,
    items: list[str],
    item_cats: list[str | None],
    text: str,
    cites,
    parsed: ParsedLetter,
    agency: str,
    b: _Builder,
    item_lines: list[int | None],
    items_line: int | None = None,
    own_texts: list[str] | None = None,
) -> tuple[list[dict], dict]:
    """Case-level and item facts for the categories read; ``own_texts``: each item's own answer, where the
    letter answers item by item (the third party's consent or the place of disclosure is then read there)."""
    case_facts: dict[str, bool] = {}
    item_dicts: list[dict] = []
    case_level = CATEGORY_FACTS.get(overall, ((), ()))[0]
    for name in case_level:
        case_facts[name] = True
        b.put(f"facts.{name}", True, item_lines[0] if item_lines else None)
    for i, item in enumerate(items):
        entry: dict = {"text": item}
        facts: dict[str, bool] = {}
        cat = item_cats[i] or (overall if not case_level else "open")
        line = item_lines[i] if i < len(item_lines) else None
        own = own_texts[i] if own_texts else text
        if cat == "partial":
            exemption = _exemption_of(text, cites)
            if exemption in categories.EXEMPTIONS:
                for name in CATEGORY_FACTS[exemption][1]:
                    facts[name] = True
                facts["separable"] = True
            else:
                b.unknown.append("部分公开：答复书没有写明不予公开部分所依据的情形")
        elif cat in CATEGORY_FACTS and not case_level:
            for name in CATEGORY_FACTS[cat][1]:
                facts[name] = True
        if cat == "open" and re.search(r"第三方|商业秘密|个人隐私|征求[^。；]{0,16}意见", own):
            # 条例第十五条 lifted: the third party consented, or withholding would harm the public interest
            if re.search(r"(?<![不未])同意公开", own) and not re.search(r"不同意公开", own):
                facts.update(third_party_rights=True, third_party_consent=True)
            elif re.search(r"公共利益", own) and re.search(r"不同意|反对", own):
                facts.update(third_party_rights=True, public_interest_override=True)
        if cat == "open" and re.search(r"已[^。；]{0,30}(主动公开|公开发布|公布|公示)", own):
            facts["proactively_disclosed"] = True
            url = URL.search(own)
            if url:
                entry["disclosed_at"] = url.group(0)
        if cat == "cannot_provide/not_held":
            before_remedy = list(parsed.before_remedy())
            other, other_line = _other_agency(before_remedy, agency)
            if other is None and (vague := _unnamed_referral(before_remedy)) is not None:
                other, other_line = {"name": UNNAMED_HOLDER}, vague[0]
                b.unknown.append(f"负责公开的机关：答复书只写“{vague[1]}”（第{vague[0]}行），未写明机关名称和联系方式")
            if other is not None:
                entry["other_agency"] = other
                b.put(f"items[{i}].other_agency", other, other_line)
        b.put(f"items[{i}].text", item, items_line)
        for name in facts:
            b.put(f"items[{i}].facts.{name}", True, line)
        if facts:
            entry["facts"] = facts
        item_dicts.append(entry)
    return item_dicts, case_facts


def letter_case_from_file(path: str | Path, *, name: str | None = None, category_hint: str | None = None):
    """``(letter, parsed, LetterCase)`` for a letter file (.txt or .docx); the case id is ``name`` or the
    file's stem."""
    from .parse import parse_letter
    from .read import read_letter

    letter = read_letter(path)
    if not any(line.strip(_BLANK) for line in letter.lines):
        from ..errors import LetterError

        raise LetterError("答复书没有内容（空文件），未检查", file=str(path))
    parsed = parse_letter(letter.lines, letter.margin, letter.table_rows)
    return letter, parsed, letter_case(parsed, name or Path(path).stem, category_hint=category_hint)


def describe(lc: LetterCase) -> list[str]:
    """One line per value taken from the letter, for text output."""
    out = []
    for s in lc.sources:
        value = format_date(s.value) if isinstance(s.value, _dt.date) else s.value
        where = f"第{s.line}行" if s.line else "（答复书未写明）"
        out.append(f"{s.field} = {value}（{where}）")
    return out


def consultation_undated(parsed: ParsedLetter, case: Case) -> bool:
    """The letter says the agency asked for opinions but the case holds no consultation dates."""
    if case.procedure.consultation_sent is not None:
        return False
    return any(CONSULTED.search(s) for _, s in unquoted_sentences(parsed))


# ------------------------------------------------------------------------------------ the case file


def _scalar(value: object) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"[a-z_/]+", value):
        return value  # codes: natural_person, refused/third_party, post
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def case_yaml(lc: LetterCase, letter: str, source_name: str) -> str:
    """The case as a YAML case file: each value taken from the letter with ``# 由答复书第N行推断``; what the
    letter cannot establish listed at the top for staff to complete. ``letter``: the path written into
    ``decision.letter`` (relative to the case file)."""
    case = lc.case
    by_field = {s.field: s for s in lc.sources}

    def note(name: str) -> str:
        s = by_field.get(name)
        if s is None:
            return ""
        if s.line is None:
            return "  # 答复书未写明，请核实或填写"
        extra = f"；{s.note}" if s.note else ""
        return f"  # 由答复书第{s.line}行推断{extra}"

    out = [
        f"# 由 gkrules case from-letter 根据答复书 {source_name} 生成。",
        "# 注有“由答复书第N行推断”的值取自答复书，请逐项核对；答复书不能确定的事项须由经办人核实或补充：",
    ]
    out += [f"#   - {u}" for u in lc.not_established]
    out += [
        f"id: {_scalar(case.id)}",
        f"agency: {_scalar(case.agency)}{note('agency')}",
        f"received: {_scalar(case.received)}{note('received')}",
    ]
    if case.channel:
        out.append(f"channel: {case.channel}{note('channel')}")
    out += [
        "applicant:",
        f"  name: {_scalar(case.applicant.name)}{note('applicant.name')}",
        f"  type: {case.applicant.type}{note('applicant.type')}",
        f"request: {_scalar(case.request)}{note('request')}",
    ]
    case_facts = [n for n, v in case.facts.model_dump().items() if v]
    if case_facts:
        out.append("facts:")
        out += [f"  {n}: true{note('facts.' + n)}" for n in case_facts]
    out.append("items:")
    for i, item in enumerate(case.items):
        out.append(f"  - text: {_scalar(item.text)}{note(f'items[{i}].text')}")
        facts = [n for n, v in item.facts.model_dump().items() if v]
        if facts:
            out.append("    facts:")
            out += [f"      {n}: true{note(f'items[{i}].facts.{n}')}" for n in facts]
        if item.other_agency is not None:
            out.append(f"    other_agency:{note(f'items[{i}].other_agency')}")
            out.append(f"      name: {_scalar(item.other_agency.name)}")
            if item.other_agency.contact:
                out.append(f"      contact: {_scalar(item.other_agency.contact)}")
        if item.disclosed_at:
            out.append(f"    disclosed_at: {_scalar(item.disclosed_at)}")
    procedure = {n: v for n, v in case.procedure.model_dump().items() if v is not None}
    if procedure:
        out.append("procedure:")
        out += [f"  {n}: {_scalar(v)}{note('procedure.' + n)}" for n, v in procedure.items()]
    decision = case.decision
    if decision is not None:
        out.append("decision:")
        out.append(f"  category: {decision.category}{note('decision.category')}")
        if decision.reply_date:
            out.append(f"  reply_date: {_scalar(decision.reply_date)}{note('decision.reply_date')}")
        out.append(f"  letter: {_scalar(letter)}")
    return "\n".join(out) + "\n"
