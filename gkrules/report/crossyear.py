"""Carry-over between years: 四 结转下年度继续办理 of year N is 二 上年结转政府信息公开申请数量 of year N+1.

Reports are grouped by agency (the same name, or one name ending with the other, as 洪泽区人民政府 and
淮安市洪泽区人民政府); in each pair of consecutive years every column is compared, a blank cell skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .forms import HEADERS, Table


@dataclass(frozen=True)
class CarryMismatch:
    agency: str
    year: int
    column: str
    carried_out: int  # 四 of ``year``
    carried_in: int  # 二 of ``year + 1``
    file: str  # the report of ``year``
    next_file: str  # the report of ``year + 1``

    @property
    def message(self) -> str:
        return (
            f"{self.agency}：{self.year} 年度“四、结转下年度继续办理”的“{self.column}”列为 {self.carried_out}"
            f"（{self.file}），{self.year + 1} 年度“二、上年结转政府信息公开申请数量”的该列为 {self.carried_in}"
            f"（{self.next_file}），两者应相等"
        )

    def as_dict(self) -> dict:
        return {**self.__dict__, "message": self.message}


def same_agency(a: str, b: str) -> bool:
    a, b = re.sub(r"\s+", "", a), re.sub(r"\s+", "", b)
    return a == b or (min(len(a), len(b)) >= 4 and (a.endswith(b) or b.endswith(a)))


@dataclass(frozen=True)
class YearTable:
    agency: str
    year: int
    table: Table
    file: str


def check_carry_over(reports: list[YearTable]) -> list[CarryMismatch]:
    """Every column where a year's 结转下年度 differs from the next year's 上年结转, for each agency."""
    groups: list[list[YearTable]] = []
    for r in reports:
        for g in groups:
            if same_agency(g[0].agency, r.agency):
                g.append(r)
                break
        else:
            groups.append([r])
    out = []
    for g in groups:
        by_year: dict[int, list[YearTable]] = {}
        for r in g:
            by_year.setdefault(r.year, []).append(r)
        for year in sorted(by_year):
            for this in by_year[year]:
                for nxt in by_year.get(year + 1, []):
                    for j, column in enumerate(HEADERS):
                        out_v = this.table.values["next_year"][j]
                        in_v = nxt.table.values["carried"][j]
                        if out_v is None or in_v is None or out_v == in_v:
                            continue
                        out.append(CarryMismatch(this.agency, year, column, out_v, in_v, this.file, nxt.file))
    return out
