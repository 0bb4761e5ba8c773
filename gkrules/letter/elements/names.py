"""Names of agencies and applicants as letters write them (full names, official short names, 先生／女士)."""

from __future__ import annotations

import re

from ... import patterns
from ..wordings import load

SIGNATURE_MARKS = patterns.compile(r"[（(](盖章|印章|公章|章)[)）]$")


def agency_names(agency: str) -> set[str]:
    """The agency's name and its official short names (the omissible prefixes of the wordings)."""
    names = {agency}
    for entry in load("agency_names").entries("omissible_prefixes"):
        short = re.sub(entry.pattern, "", agency)
        if short and short != agency and len(short) >= 2:
            names.add(short)
    return names


def is_agency(text: str, agency: str) -> bool:
    return SIGNATURE_MARKS.sub("", text).strip(" \t\u3000") in agency_names(agency)


def salutation_fits(written: str, name: str, person: bool = True) -> bool:
    """``written`` (the salutation without its colon) names the applicant ``name``: the full name, or, for a
    person, the surname with 先生／女士／同志 (张先生 for 张某某); 尊敬的 may precede."""
    w = load("salutation")
    text = w.regex("prefixes").sub("", written).strip()
    if text == name:  # a name that ends in brackets: 某某会计师事务所（特殊普通合伙）
        return True
    if w.search("name_brackets", text):  # the brackets are part of the name, and the name differs
        return False
    text = re.sub(r"[（(][^（）()]*[）)]$", "", text).strip()  # 张某某（身份证号码略）
    if text == name:
        return True
    honorific = w.search("honorifics", text)
    if not honorific:
        return False
    stem = text[: honorific.start()].strip()
    if stem == name:
        return True
    return person and 1 <= len(stem) <= 2 and len(name) > len(stem) and name.startswith(stem)


def abbreviated(text: str, agency: str) -> bool:
    """``text`` is the agency's name without its leading place names (鼓楼区审计局 for 福州市鼓楼区审计局): a
    short form whose standing as a 规范化简称 the agency must confirm."""
    text = SIGNATURE_MARKS.sub("", text).strip(" \t\u3000")
    return len(text) >= 4 and text != agency and text not in agency_names(agency) and agency.endswith(text)
