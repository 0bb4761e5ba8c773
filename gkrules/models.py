"""The case-file contract (case-format.md) as pydantic v2 models.

Types are strict: a boolean fact must be ``true``/``false`` (``"yes"`` or ``1`` is an error), dates are
ISO ``YYYY-MM-DD``, unknown keys are errors. Field names are the contract and are never renamed.
"""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from . import patterns
from .categories import CODES
from .errors import shown, type_name

_ISO_DATE = patterns.compile(r"^\d{4}-\d{2}-\d{2}$")
#: dates of a case lie between the first and the last year a deadline can be counted in (a deadline
#: runs at most a few months past its start; 9999-12-31 plus 20 working days is no date at all)
MIN_YEAR, MAX_YEAR = 1900, 2999


def _in_range(day: _dt.date) -> _dt.date:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(f"日期 {day.isoformat()} 超出可处理的范围（{MIN_YEAR}–{MAX_YEAR} 年）")
    return day


def _iso_date(value: object) -> object:
    if isinstance(value, _dt.datetime):
        raise ValueError("应为日期 YYYY-MM-DD，不应含时间")
    if isinstance(value, _dt.date):
        return _in_range(value)
    if isinstance(value, str):
        if not _ISO_DATE.match(value):
            raise ValueError(f"日期格式应为 YYYY-MM-DD，实为 {value[:40]!r}")
        try:
            day = _dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"不存在的日期 {value!r}") from None
        return _in_range(day)
    raise ValueError(f"应为日期 YYYY-MM-DD，实为 {type_name(value)} {shown(value)}")


IsoDate = Annotated[_dt.date, BeforeValidator(_iso_date)]
Text = Annotated[str, Field(min_length=1, max_length=20000)]

Channel = Literal["in_person", "post", "online", "fax", "other"]
ApplicantType = Literal[
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "public_interest_org",
    "legal_service_org",
    "other_org",
]
APPLICANT_TYPES: tuple[str, ...] = ApplicantType.__args__  # type: ignore[attr-defined]
CategoryCode = Literal[CODES]  # type: ignore[valid-type]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Applicant(_Strict):
    name: Text
    type: ApplicantType


class CaseFacts(_Strict):
    """Case-level facts; the first that holds decides the case (domain.md section 3)."""

    petition_complaint: bool = False
    repeat_request: bool = False
    public_publication: bool = False
    excessive_requests: bool = False
    confirm_or_reissue: bool = False
    no_correction_in_time: bool = False
    fee_unpaid_in_time: bool = False
    unclear_after_correction: bool = False


class ItemFacts(_Strict):
    """Item-level facts, decided per requested item."""

    not_held: bool = False
    needs_creation: bool = False
    proactively_disclosed: bool = False
    state_secret: bool = False
    prohibited_by_law: bool = False
    endangers_security_stability: bool = False
    third_party_rights: bool = False
    third_party_consent: bool = False
    public_interest_override: bool = False
    internal_affairs: bool = False
    process_information: bool = False
    enforcement_file: bool = False
    law_requires_disclosure: bool = False
    administrative_query: bool = False
    separable: bool = False


CASE_FACTS: tuple[str, ...] = tuple(CaseFacts.model_fields)
ITEM_FACTS: tuple[str, ...] = tuple(ItemFacts.model_fields)


class OtherAgency(_Strict):
    name: Text
    contact: str | None = None


class Item(_Strict):
    text: Text
    facts: ItemFacts = Field(default_factory=ItemFacts)
    other_agency: OtherAgency | None = None
    disclosed_at: str | None = None


class Procedure(_Strict):
    correction_requested: IsoDate | None = None
    correction_received: IsoDate | None = None
    extension_notified: IsoDate | None = None
    consultation_sent: IsoDate | None = None
    consultation_replied: IsoDate | None = None
    # 条例第三十五条: the request is beyond a reasonable range but its reasons are reasonable; the agency
    # set a reasonable later reply date (``delayed_reply_by``) and told the applicant on ``delayed_reply_notified``
    delayed_reply_notified: IsoDate | None = None
    delayed_reply_by: IsoDate | None = None


#: the dates of ``procedure``, in the order of the contract
PROCEDURE_DATES: tuple[str, ...] = tuple(Procedure.model_fields)


class Decision(_Strict):
    category: CategoryCode
    reply_date: IsoDate | None = None
    letter: str | None = None


#: items per case: a real application names a few, rarely dozens; above this a case is refused with a
#: message (the engine is safe with more, but one such case would take seconds and its output pages)
MAX_ITEMS = 1000


class Case(_Strict):
    """One application (依申请公开) with one or more requested items."""

    id: Annotated[str, Field(min_length=1, max_length=200)]
    agency: Text
    received: IsoDate
    channel: Channel | None = None
    applicant: Applicant
    request: Text
    facts: CaseFacts = Field(default_factory=CaseFacts)
    items: Annotated[list[Item], Field(min_length=1)]
    procedure: Procedure = Field(default_factory=Procedure)
    decision: Decision | None = None

    @field_validator("items", mode="before")
    @classmethod
    def _not_too_many_items(cls, value: object) -> object:
        if isinstance(value, list) and len(value) > MAX_ITEMS:
            raise ValueError(f"事项过多（{len(value)} 项，每件案件至多 {MAX_ITEMS} 项）；请将申请拆分为多件案件")
        return value

    @field_validator("id")
    @classmethod
    def _id_is_one_line(cls, value: str) -> str:
        if "\n" in value or value != value.strip():
            raise ValueError("id 不能含换行或首尾空白")
        return value
