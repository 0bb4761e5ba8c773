"""The review body (行政复议机关) of an agency's decision, from the kind of agency and the letter date.

The kinds of agency, the name patterns that tell them apart and the bodies the 行政复议法 gives each kind
are data: ``rules/params/agency_kinds.yml``, one dated, cited entry per version of the law (the 2023
revision from 2024-01-01, the 2017 text before). The agency profile's ``remedy.review_body`` prevails
over the table. Where neither decides, the result is *undecided* and says what to set in the profile.

    >>> bodies("福州市鼓楼区审计局", on=date(2024, 3, 20)).names
    ('福州市鼓楼区人民政府',)
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from . import datafile, patterns
from .errors import InputError
from .letter.profile import DEFAULT, Profile

DATA_FILE = Path(__file__).resolve().parent.parent / "rules" / "params" / "agency_kinds.yml"

#: the roles a body may have (agency_kinds.yml), with the words a letter may use for them
ROLES = {
    "self": "本机关",
    "local_government": "本级人民政府",
    "upper_government": "上一级人民政府",
    "upper_department": "上一级主管部门",
    "located_government": "所在地人民政府",
    "setting_department": "设立派出机构的部门",
    "upper_justice": "上一级司法行政部门",
    "setting_government": "设立该派出机关的人民政府",
}
#: the words of a place's level (a bare 州 is left out: 福州市 is one place, not 福州 + 市)
LEVELS = ("自治区", "自治州", "自治县", "省", "市", "区", "县", "旗", "盟")
#: characters that end a place name one level down (a town's 镇/乡 included): a one-character stem
#: followed by one of them is the start of a longer name (周市镇, 新市区, 桐乡市), not a place of its own
LEVEL_CHARS = frozenset("省市区县旗盟镇乡")
#: words ending in a unit character that are not place names
NOT_PLACES = frozenset({"城市", "社区", "辖区", "园区", "景区", "都市", "街区"})
PROVINCE_LEVEL = patterns.compile(r"^(?:[^省市区县]{1,8}(?:省|自治区)|北京市|天津市|上海市|重庆市)$")
UNDECIDED_HINT = "请在机关配置文件 remedy.review_body 中写明本机关的行政复议机关（如“福州市鼓楼区人民政府”）"


class AgencyKindsError(InputError):
    """agency_kinds.yml cannot be used."""


@dataclass(frozen=True)
class Body:
    """One body a letter may name: a role, and its name where it can be told from the agency's name."""

    role: str
    name: str | None  # None: only the role is known (上一级主管部门 of a vertical agency)

    @property
    def text(self) -> str:
        """What a letter writes: the name, else the role's words."""
        return self.name or ROLES[self.role]


@dataclass(frozen=True)
class ReviewBodies:
    agency: str
    on: _dt.date
    kind: str | None  # None when undecided; "profile" when the profile names the body
    label: str
    bodies: tuple[Body, ...]
    reference: str  # the article, e.g. 行政复议法第二十四条第一款第（一）项
    quote: str = ""
    message: str = ""  # for undecided: what to set

    @property
    def decided(self) -> bool:
        return self.kind is not None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(b.text for b in self.bodies)

    @property
    def expected(self) -> str:
        """The accepted bodies in words, for messages: ``福州市人民政府或福州市鼓楼区人民政府``."""
        return "或".join(self.names) if self.bodies else "（无法判断）"

    def accepts(self, named: str) -> bool | None:
        """Whether the body a letter names is one of the accepted ones; None when undecided."""
        if not self.decided:
            return None
        # a letter may name several bodies (“向甲或者乙申请”): each must be one the law gives
        parts = [_clean(p) for p in re.split(r"或者|或|、", named) if _clean(p)]
        return bool(parts) and all(any(_matches(body, part, self.agency) for body in self.bodies) for part in parts)


def _clean(text: str) -> str:
    text = re.sub(r"[（(][^）)]*[）)]", "", text).strip(" \u3000")
    return text.removeprefix("中华人民共和国")


def _matches(body: Body, named: str, agency: str) -> bool:
    agency = _clean(agency)
    if ROLES[body.role] in named or (body.role == "upper_department" and "上级主管部门" in named):
        return True
    if body.name is not None:
        name = _clean(body.name)
        if named == name:
            return True
        # a shorter form of the same government: 鼓楼区人民政府 for 福州市鼓楼区人民政府
        if named.endswith("人民政府") and len(named) > 4 and name.endswith(named):
            return True
        if body.role == "located_government":
            return bool(re.fullmatch(re.escape(name[:-5]) + r"(?:区|县|市)?人民政府", named))
        return False
    if body.role == "self":
        return named in (agency, "本机关") or (len(named) > 2 and agency.endswith(named))
    if body.role == "upper_department":
        return named != agency and not named.endswith("人民政府")
    if body.role == "upper_government":
        return named.endswith("人民政府") and named != agency
    if body.role == "upper_justice":
        return named != agency and "司法" in named
    if body.role == "setting_government":
        # the government that set up a 开发区 is not in the zone's name: one of the place the zone is named after
        return named.endswith("人民政府") and named != agency and named[:2] == agency[:2]
    return False


def unsure(found: ReviewBodies) -> bool:
    """The accepted bodies are told only by their role and a name's likeness (a 开发区's setting government):
    a body named otherwise is doubtful, not wrong."""
    return found.decided and all(b.role == "setting_government" and b.name is None for b in found.bodies)


@dataclass(frozen=True)
class _Period:
    start: _dt.date
    roles: tuple[str, ...]
    reference: str
    quote: str


@dataclass(frozen=True)
class _Kind:
    kind: str
    label: str
    patterns: tuple[str, ...]
    periods: tuple[_Period, ...]  # latest first

    def period(self, on: _dt.date) -> _Period | None:
        return next((p for p in self.periods if p.start <= on), None)

    def matches(self, name: str) -> bool:
        """Whether one of the kind's patterns is found in ``name`` (compiled when first asked)."""
        return any(p.search(name) for p in self._compiled)

    @cached_property
    def _compiled(self) -> tuple[re.Pattern, ...]:
        try:
            return tuple(patterns.compile(p) for p in self.patterns)
        except re.error as exc:
            raise AgencyKindsError(f"机关类别 {self.kind} 的名称模式无法编译：{exc}", file=str(DATA_FILE)) from None


@lru_cache(maxsize=4)
def load_kinds(path: str | None = None) -> tuple[_Kind, ...]:
    """The kinds of agency in table order (the first whose pattern matches a name decides)."""
    file = Path(path) if path else DATA_FILE
    return datafile.load(file, lambda data, positions: _build(data, file))


def _build(data, file: Path, *, compile_patterns: bool = False) -> tuple[_Kind, ...]:
    """The kinds of the table; ``compile_patterns``: also compile every name pattern (``rules lint``; a
    command compiles a kind's patterns when it first tries them on a name)."""
    if not isinstance(data, dict) or not isinstance(data.get("kinds"), list):
        raise AgencyKindsError("机关类别表的顶层应为映射，含 kinds 列表", file=str(file))
    kinds = []
    by_name = {e.get("kind"): e for e in data["kinds"] if isinstance(e, dict)}
    for i, entry in enumerate(data["kinds"]):
        field = f"kinds[{i}]"
        try:
            if "same_as" in entry:
                entry = {**entry, "review_body": by_name[entry["same_as"]]["review_body"]}
            periods = tuple(
                sorted(
                    (
                        _Period(_as_date(p["from"]), tuple(p["bodies"]), str(p["reference"]), str(p.get("quote", "")))
                        for p in entry["review_body"]
                    ),
                    key=lambda p: p.start,
                    reverse=True,
                )
            )
            names = tuple(entry["patterns"])
            if not all(isinstance(p, str) for p in names):
                raise TypeError("名称模式（patterns）应为文本")
            if compile_patterns:
                for name in names:
                    re.compile(name)
            kind = _Kind(str(entry["kind"]), str(entry["label"]), names, periods)
        except (KeyError, TypeError, ValueError, re.error) as exc:
            raise AgencyKindsError(f"机关类别表第 {i + 1} 项不完整或有误：{exc}", file=str(file), field=field) from None
        for period in kind.periods:
            unknown = [r for r in period.roles if r not in ROLES]
            if unknown:
                raise AgencyKindsError(
                    f"未知的复议机关角色 {unknown}；可用：{sorted(ROLES)}", file=str(file), field=field
                )
        kinds.append(kind)
    return tuple(kinds)


def _as_date(value) -> _dt.date:
    if isinstance(value, _dt.date):
        return value
    return _dt.date.fromisoformat(str(value))


def place_units(name: str) -> list[str]:
    """The place names that open an agency's name: 福州市鼓楼区审计局 → [福州市, 鼓楼区].

    Each place is a stem and the word of its level; of the possible ends the nearest is taken, unless its
    stem is one character and the next character ends a place too (昆山市周市镇 → [昆山市]: 周市 is the
    stem of the town 周市镇, not a city; 乌鲁木齐市新市区 → [乌鲁木齐市, 新市区]). A stem may open with a
    level's word (济南市市中区 → [济南市, 市中区]).
    """
    units: list[str] = []
    pos = 0
    while unit := _next_unit(name, pos):
        units.append(unit)
        pos += len(unit)
    return units


def _next_unit(name: str, pos: int) -> str | None:
    for end in range(pos + 2, min(len(name), pos + 11) + 1):
        candidate = name[pos:end]
        level = next((w for w in LEVELS if candidate.endswith(w)), None)
        if level is None or len(candidate) == len(level):
            continue
        if candidate in NOT_PLACES or level in "市区县" and name[end : end + 1] == "场":
            return None
        after = name[end : end + 1]
        if len(candidate) - len(level) == 1 and after in LEVEL_CHARS and name[end : end + 2] != "市场":
            continue
        return candidate
    return None


def agency_kind(agency: str) -> _Kind | None:
    """The first kind of the table whose pattern matches the agency's name, or None."""
    name = _clean(agency)
    for kind in load_kinds():
        if kind.matches(name):
            return kind
    return None


def _body(role: str, agency: str, kind: str) -> Body:
    """The body of a role for this agency, with its name where the name tells it."""
    name = _clean(agency)
    units = place_units(name)
    branch = re.match(r"^(?P<city>[^市]+?市)(?P<dept>[^市区县分]+?局)(?P<district>[^局市区县]{1,6}?)分局$", name)
    if role == "self":
        return Body(role, agency)
    if role == "local_government":
        if kind == "government_office":
            return Body(role, re.sub(r"办公(厅|室)$", "", name))
        if branch:
            return Body(role, branch["city"] + "人民政府")
        return Body(role, "".join(units) + "人民政府" if units else None)
    if role == "located_government":
        return Body(role, branch["city"] + branch["district"] + "区人民政府" if branch else None)
    if role == "setting_department":
        return Body(role, branch["city"] + branch["dept"] if branch else None)
    if role == "upper_government":
        if kind == "local_government":
            units = place_units(name.removesuffix("人民政府"))
            if len(units) >= 2:
                return Body(role, "".join(units[:-1]) + "人民政府")
            return Body(role, None)
        return Body(role, "".join(units) + "人民政府" if units else None)
    return Body(role, None)


def bodies(agency: str, profile: Profile = DEFAULT, on: _dt.date | None = None) -> ReviewBodies:
    """The review bodies a letter of ``agency`` dated ``on`` may name (default: today).

    The profile's ``remedy.review_body`` decides when set; otherwise the kinds table. A body whose role
    needs a place name the agency's name lacks leaves the result undecided.
    """
    on = on or _dt.date.today()
    if profile.remedy.review_body:
        return ReviewBodies(
            agency,
            on,
            "profile",
            "机关配置文件指定",
            (Body("self", profile.remedy.review_body),),
            f"机关配置文件 {profile.path or profile.name}：remedy.review_body",
        )
    kind = agency_kind(agency)
    if kind is None:
        return ReviewBodies(
            agency,
            on,
            None,
            "无法从名称判断机关类别",
            (),
            "",
            message=f"无法从机关名称“{agency}”判断其类别和行政复议机关；{UNDECIDED_HINT}",
        )
    period = kind.period(on)
    if period is None:
        return ReviewBodies(
            agency,
            on,
            None,
            kind.label,
            (),
            "",
            message=f"机关类别表没有 {on.isoformat()} 适用的复议机关；{UNDECIDED_HINT}",
        )
    found = tuple(_body(role, agency, kind.kind) for role in period.roles)
    if (
        kind.kind
        in (
            "local_department",
            "local_finance_department",
            "justice_department",
            "subdistrict_office",
            "town_government",
            "government_office",
        )
        and found[0].name is None
    ):
        return ReviewBodies(
            agency,
            on,
            None,
            kind.label,
            (),
            period.reference,
            period.quote,
            message=f"无法从机关名称“{agency}”得出本级人民政府；{UNDECIDED_HINT}",
        )
    return ReviewBodies(agency, on, kind.kind, kind.label, found, period.reference, period.quote)


def draft_body(agency: str, profile: Profile = DEFAULT, on: _dt.date | None = None) -> str:
    """The body a drafted letter names: the first accepted one, else a placeholder asking for it."""
    found = bodies(agency, profile, on)
    if not found.decided:
        return "【请填写行政复议机关：机关配置文件 remedy.review_body】"
    return found.bodies[0].text
