"""The review body (行政复议机关) an agency's letter should name (domain.md section 5)."""

from __future__ import annotations

import re

from .profile import DEFAULT, Profile

VERTICAL = re.compile(r"税务|海关|金融|外汇|国家安全|银保监|证监")
_UNIT = re.compile(
    r"^((?:[^省市区县]{1,8}?(?:省|自治区))?(?:[^省市区县]{1,8}?市)?(?:[^省市区县]{1,8}?(?:区|县|旗))?)"
)


def local_government(agency: str) -> str | None:
    """本级人民政府 of an ordinary local department (福州市鼓楼区审计局 → 福州市鼓楼区人民政府); None when it
    cannot be told from the name (a government itself, a vertically managed agency, no place name)."""
    if VERTICAL.search(agency) or agency.endswith("人民政府") or agency.endswith("办公室"):
        return None
    unit = _UNIT.match(agency).group(1)
    return f"{unit}人民政府" if unit and unit != agency else None


def review_body(agency: str, profile: Profile = DEFAULT) -> str:
    """The profile's review body, else 上一级主管部门 for vertically managed agencies, else 本级人民政府."""
    if profile.remedy.review_body:
        return profile.remedy.review_body
    if VERTICAL.search(agency):
        return "上一级主管部门"
    return local_government(agency) or "本级人民政府"


def withholds(category: str, item_categories: list[str] | None = None) -> bool:
    """Whether the decision refuses disclosure (行政复议法第二十三条第一款第（四）项): ``refused/*``, or a
    ``partial`` whose withheld part is refused (an exemption item, separated or not)."""
    if category.startswith("refused/"):
        return True
    if category != "partial":
        return False
    if item_categories is None:
        return True
    return any(c.startswith("refused/") or c == "partial" for c in item_categories)
