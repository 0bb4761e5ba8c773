"""The review body (行政复议机关) an agency's letter should name (domain.md section 5).

The decision is ``gkrules.review_body`` (agency kinds as data, dated by the 行政复议法 in force on the letter
date); this module keeps the letter checker's and the draft's entry points.
"""

from __future__ import annotations

import datetime as _dt

from .. import params
from .. import review_body as _rb
from .profile import DEFAULT, Profile

REVIEW_LAW_2023 = params.date("review_law_2023")  # 行政复议法 as revised in 2023 applies from this day
#: kinds whose review body under the 2023 law is the 本级人民政府 only (rule GK-L-043)
LOCAL_DEPARTMENT_KINDS = frozenset({"local_department", "local_finance_department", "government_office"})


def local_government(agency: str) -> str | None:
    """本级人民政府 of an ordinary local department (福州市鼓楼区审计局 → 福州市鼓楼区人民政府); None when the
    agency is not such a department by the kinds table or the name has no place name."""
    found = _rb.bodies(agency, DEFAULT, REVIEW_LAW_2023)
    if found.kind not in LOCAL_DEPARTMENT_KINDS:
        return None
    return found.bodies[0].name


def review_body(agency: str, profile: Profile = DEFAULT, on: _dt.date | None = None) -> str:
    """The body a letter dated ``on`` names: the profile's, else the first the kinds table accepts, else a
    placeholder asking for the profile's ``remedy.review_body``."""
    return _rb.draft_body(agency, profile, on)


def review_body_findings(
    agency: str, profile: Profile, on: _dt.date, named: str | None
) -> dict[str, tuple[bool, str, str]]:
    """Letter facts on the body named in the remedy notice: fact name → (holds, expected, found).

    - ``review_body_not_local_government``: from 2024-01-01, a local department's letter names a body other
      than its 本级人民政府 (行政复议法第二十四条第一款第（一）项);
    - ``review_body_wrong_for_kind``: any other kind of agency names a body the law does not give it;
    - ``review_body_kind_undecided``: a body is named but the agency's kind cannot be told (set the profile).

    With a profile ``remedy.review_body`` none of these holds (``review_body_mismatch`` checks the profile).
    """
    out = {
        "review_body_not_local_government": (False, "", ""),
        "review_body_wrong_for_kind": (False, "", ""),
        "review_body_kind_undecided": (False, "", ""),
    }
    if named is None or profile.remedy.review_body:
        return out
    found = _rb.bodies(agency, profile, on)
    if not found.decided:
        out["review_body_kind_undecided"] = (True, found.message, named)
        return out
    if found.accepts(named):
        return out
    if _rb.unsure(found):
        out["review_body_kind_undecided"] = (
            True,
            f"{found.expected}（{found.label}，{found.reference}）；{_rb.UNDECIDED_HINT}",
            named,
        )
        return out
    expected = f"{found.expected}（{found.label}，{found.reference}）"
    if found.kind in LOCAL_DEPARTMENT_KINDS and on >= REVIEW_LAW_2023:
        out["review_body_not_local_government"] = (True, expected, named)
    else:
        out["review_body_wrong_for_kind"] = (True, expected, named)
    return out


def expected_body_text(agency: str, profile: Profile, on: _dt.date) -> str:
    """The review body a letter should name, in words for a message, with the article or what to set."""
    found = _rb.bodies(agency, profile, on)
    if not found.decided:
        return f"复议机关（{found.message}）"
    return f"{found.expected}（{found.reference}）" if found.kind != "profile" else found.expected


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
