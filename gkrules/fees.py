"""The information-processing fee (信息处理费) of 条例第四十二条 and 国办函〔2020〕109号.

Government information is provided free of charge; an applicant whose requests exceed a reasonable
number or frequency may be charged. 国办函〔2020〕109号《政府信息公开信息处理费管理办法》 (in force
2021-01-01, by its own text) has the agency charge **each application** by one of two methods, never both:

- **by count (按件计收)**: this application's place in the applicant's calendar month sets its rate:
  the 1st–10th requests are free; the 11th–30th cost 100元 each; above 30, in bands of 10, each band
  costs 100元 per request more than the one before (the 31st–40th 200元, the 41st–50th 300元, …).
  The fee of the 31st request is 200元; 2,200元 is what the month's 31 requests cost together.
- **by volume (按量计收)**, this application's pages, marginal like a tax scale: pages 1–30 free;
  31–100 at 10元 a page; 101–200 at 20元; 201 and above at 40元 (101 pages → 70 × 10 + 1 × 20 = 720元).

The scales are dated parameters in ``rules/params/fees.yml``. Both results are returned; which method
applies is the agency's choice, stated in its fee notice.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import params
from .errors import InputError

FEE_RULES_FROM = params.date("fee_rules")  # 国办函〔2020〕109号 applies from this day
FREE_REQUESTS = params.value("fee_free_requests")
FIRST_BAND_END = params.value("fee_first_band_end")
FIRST_BAND_RATE = params.value("fee_first_band_rate")
BAND_SIZE = params.value("fee_band_size")
BAND_STEP = params.value("fee_band_step")
FREE_PAGES = params.value("fee_free_pages")
PAGE_BANDS = tuple((first, last, rate) for first, last, rate in params.value("fee_page_bands"))
MAX_REQUESTS = 10_000  # per applicant per month: far above any real count; keeps the band list short
MAX_PAGES = 100_000_000


@dataclass(frozen=True)
class FeeLine:
    first: int  # first request or page of the band
    last: int
    count: int
    rate: int  # 元 per request or page
    unit: str  # 件 | 页

    @property
    def amount(self) -> int:
        return self.count * self.rate

    def to_json(self) -> dict:
        return {
            "from": self.first,
            "to": self.last,
            "count": self.count,
            "rate": self.rate,
            "unit": self.unit,
            "amount": self.amount,
        }

    def __str__(self) -> str:
        if self.first == self.last and self.unit == "件":
            return f"第{self.first}件：{self.rate}元"
        return f"第{self.first}–{self.last}{self.unit}：{self.count}{self.unit} × {self.rate}元 = {self.amount}元"


@dataclass(frozen=True)
class FeeMethod:
    method: str  # by_count | by_volume
    quantity: int
    lines: tuple[FeeLine, ...]

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    def to_json(self) -> dict:
        return {
            "method": self.method,
            "quantity": self.quantity,
            "total": self.total,
            "lines": [line.to_json() for line in self.lines],
        }


@dataclass(frozen=True)
class FeeResult:
    by_count: FeeMethod
    by_volume: FeeMethod

    @property
    def allowed(self) -> bool:
        return self.by_count.total > 0 or self.by_volume.total > 0

    def to_json(self) -> dict:
        return {
            "requests_this_month": self.by_count.quantity,
            "pages": self.by_volume.quantity,
            "fee_allowed": self.allowed,
            "by_count": self.by_count.to_json(),
            "by_volume": self.by_volume.to_json(),
            "month_total_by_count": month_fee_by_count(self.by_count.quantity).total,
            "basis": "国办函〔2020〕109号《政府信息公开信息处理费管理办法》第三条至第五条（2021年1月1日起施行）",
        }


def _check(value: int, name: str, limit: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputError(f"{name} 应为不小于 0 的整数，实为 {value!r}", field=name)
    if value > limit:
        raise InputError(f"{name} 为 {value}，超过上限 {limit}，请核对数字", field=name)
    return value


def count_rate(n: int) -> int:
    """The 元 charged for the ``n``-th request of the month (1-based)."""
    if n <= FREE_REQUESTS:
        return 0
    if n <= FIRST_BAND_END:
        return FIRST_BAND_RATE
    return FIRST_BAND_RATE + BAND_STEP * ((n - FIRST_BAND_END - 1) // BAND_SIZE + 1)


def fee_by_count(request_number: int) -> FeeMethod:
    """The fee of this application by count: the rate of its place (1-based) in the applicant's month."""
    n = _check(request_number, "requests_this_month", MAX_REQUESTS)
    rate = count_rate(n) if n > 0 else 0
    lines = (FeeLine(n, n, 1, rate, "件"),) if rate else ()
    return FeeMethod("by_count", n, lines)


def month_fee_by_count(requests_this_month: int) -> FeeMethod:
    """What the month's requests 1…n cost together by count, one line per band (not the fee of one
    application: each application is charged its own rate)."""
    n = _check(requests_this_month, "requests_this_month", MAX_REQUESTS)
    lines = []
    if n > FREE_REQUESTS:
        lines.append(
            FeeLine(
                FREE_REQUESTS + 1, min(n, FIRST_BAND_END), min(n, FIRST_BAND_END) - FREE_REQUESTS, FIRST_BAND_RATE, "件"
            )
        )
    first = FIRST_BAND_END + 1
    while first <= n:
        last = min(n, first + BAND_SIZE - 1)
        lines.append(FeeLine(first, last, last - first + 1, count_rate(first), "件"))
        first += BAND_SIZE
    return FeeMethod("by_count", n, tuple(lines))


def fee_by_volume(pages: int) -> FeeMethod:
    p = _check(pages, "pages", MAX_PAGES)
    lines = []
    for first, end, rate in PAGE_BANDS:
        if p < first:
            break
        last = p if end is None else min(p, end)
        lines.append(FeeLine(first, last, last - first + 1, rate, "页"))
    return FeeMethod("by_volume", p, tuple(lines))


def compute_fee(requests_this_month: int, pages: int) -> FeeResult:
    """The fee of this application by both methods: ``requests_this_month`` is its place in the applicant's
    month (this one included), ``pages`` its pages."""
    return FeeResult(fee_by_count(requests_this_month), fee_by_volume(pages))


def fee_rules_apply(day) -> bool:
    """Whether 国办函〔2020〕109号 (in force 2021-01-01) governs a fee decided on ``day``."""
    return day >= FEE_RULES_FROM


def fee_charge_allowed(requests_this_month: int, pages: int) -> bool:
    """Whether 国办函〔2020〕109号 allows any fee for this application: it is beyond the 10th request of the
    month, or has more than 30 pages.

    A necessary condition only: the agency must also have found the requests beyond a reasonable range.
    """
    return compute_fee(requests_this_month, pages).allowed


def fee_facts(requests_this_month: int | None, pages: int | None, charged: bool) -> dict[str, bool]:
    """Boolean facts for a letter check: ``fee_charged_not_allowed`` when a letter charges a fee that
    neither method allows. Unknown counts (None) count as zero: with nothing shown, no fee is allowed."""
    allowed = fee_charge_allowed(requests_this_month or 0, pages or 0)
    return {
        "fee_charged": bool(charged),
        "fee_allowed": allowed,
        "fee_charged_not_allowed": bool(charged) and not allowed,
    }


def method_text(requests_this_month: int | None, pages: int | None, method: str) -> str:
    """This application's fee by the one method the letter uses, in words for messages."""
    if method == "by_count" and requests_this_month is not None:
        n = requests_this_month
        return f"本件为本月第{n}件，按件计收{fee_by_count(n).total}元（国办函〔2020〕109号第四条）"
    if method == "by_volume" and pages is not None:
        return f"本件{pages}页，按量计收{fee_by_volume(pages).total}元（国办函〔2020〕109号第五条）"
    return expected_text(requests_this_month, pages)


def expected_text(requests_this_month: int | None, pages: int | None) -> str:
    """The fee of this application in words, for messages: ``本件为本月第31件，按件计收200元；…``."""
    parts = []
    if requests_this_month is not None:
        parts.append(f"本件为本月第{requests_this_month}件，按件计收{fee_by_count(requests_this_month).total}元")
    if pages is not None:
        parts.append(f"本件{pages}页，按量计收{fee_by_volume(pages).total}元")
    return "；".join(parts) + "（两种方法择一）" if parts else "本月申请超过10件或本件页数超过30页才可收费"


def amount_facts(
    requests_this_month: int | None, pages: int | None, amount: int | None, method: str | None = None
) -> dict[str, bool]:
    """Facts on the amount a letter charges for this application.

    - ``fee_amount_by_method_wrong``: the letter charges by one method (``by_count``: its place in the month,
      国办函〔2020〕109号第四条; ``by_volume``: its pages, 第五条) and the amount is not what that method gives
      (the 35th request charged 100元: the 31st–40th cost 200元 each);
    - ``fee_amount_not_this_application``: the method is not known and the amount is neither this
      application's fee by count nor by volume (e.g. the month's running sum 2,200元 for the 31st request).

    Only where the letter states the amount and the count the method needs."""
    by_count = (
        fee_by_count(requests_this_month).total
        if requests_this_month is not None and 0 <= requests_this_month <= MAX_REQUESTS
        else None
    )
    by_volume = fee_by_volume(pages).total if pages is not None and 0 <= pages <= MAX_PAGES else None
    if method in ("by_count", "by_volume"):
        due = by_count if method == "by_count" else by_volume
        wrong = amount is not None and due is not None and amount != due
        return {"fee_amount_by_method_wrong": wrong, "fee_amount_not_this_application": False}
    known = [x for x in (by_count, by_volume) if x is not None]
    wrong = amount is not None and bool(known) and amount not in known
    return {"fee_amount_by_method_wrong": False, "fee_amount_not_this_application": wrong}
