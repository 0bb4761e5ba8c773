"""The information-processing fee (信息处理费) of 条例第四十二条 and 国办函〔2020〕109号.

Government information is provided free of charge; an applicant whose requests exceed a reasonable
number or frequency may be charged, by one of two methods (never both for the same request):

- **by count (按件计收)**, per applicant per calendar month, counting this month's requests including
  this one: requests 1–10 free; requests 11–30 at 100元 each; above 30, in bands of 10, each band costs
  100元 per request more than the one before: requests 31–40 at 200元 each, 41–50 at 300元, and so on.
  Reading: domain.md's "then +100元 per band of 10" raises the per-request rate by 100元 for each
  band of 10 above 30; a band that is only partly used is charged for the requests in it (31 requests
  → 20 × 100 + 1 × 200 = 2,200元).
- **by volume (按量计收)**, per request, marginal like a tax scale: pages 1–30 free; pages 31–100 at
  10元 a page; 101–200 at 20元; 201 and above at 40元 (101 pages → 70 × 10 + 1 × 20 = 720元).

Both results are returned; which method applies is the agency's choice, stated in its fee notice.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import InputError

FREE_REQUESTS = 10
FIRST_BAND_END = 30
FIRST_BAND_RATE = 100
BAND_SIZE = 10
BAND_STEP = 100
FREE_PAGES = 30
PAGE_BANDS = ((31, 100, 10), (101, 200, 20), (201, None, 40))
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
        return {"from": self.first, "to": self.last, "count": self.count, "rate": self.rate, "unit": self.unit,
                "amount": self.amount}

    def __str__(self) -> str:
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
        return {"method": self.method, "quantity": self.quantity, "total": self.total,
                "lines": [line.to_json() for line in self.lines]}


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


def fee_by_count(requests_this_month: int) -> FeeMethod:
    n = _check(requests_this_month, "requests_this_month", MAX_REQUESTS)
    lines = []
    if n > FREE_REQUESTS:
        lines.append(FeeLine(FREE_REQUESTS + 1, min(n, FIRST_BAND_END), min(n, FIRST_BAND_END) - FREE_REQUESTS,
                             FIRST_BAND_RATE, "件"))
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
    """The fee by both methods, with a line per band."""
    return FeeResult(fee_by_count(requests_this_month), fee_by_volume(pages))


def fee_charge_allowed(requests_this_month: int, pages: int) -> bool:
    """Whether 国办函〔2020〕109号 allows any fee at all: more than 10 requests this month, or more than 30 pages.

    A necessary condition only: the agency must also have found the requests beyond a reasonable range.
    """
    return compute_fee(requests_this_month, pages).allowed


def fee_facts(requests_this_month: int | None, pages: int | None, charged: bool) -> dict[str, bool]:
    """Boolean facts for a letter check: ``fee_charged_not_allowed`` when a letter charges a fee that
    neither method allows. Unknown counts (None) count as zero: with nothing shown, no fee is allowed."""
    allowed = fee_charge_allowed(requests_this_month or 0, pages or 0)
    return {"fee_charged": bool(charged), "fee_allowed": allowed, "fee_charged_not_allowed": bool(charged) and not allowed}
