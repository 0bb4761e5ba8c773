"""Counting cases into the table for one year: each case in exactly one row of 三, or in 四 when still open."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ..errors import EngineError
from ..models import Case
from .balance import check_values
from .forms import Table, row_key


@dataclass
class Tally:
    """What happened to the cases fed to :class:`ReportBuilder` (nothing is dropped silently)."""

    counted: int = 0  # received this year
    carried_cases: int = 0  # received earlier, still open at the start of the year
    carried_from_file: int = 0
    other_years: int = 0  # received later, or answered before the year began
    invalid: int = 0
    duplicates: int = 0  # a case whose id was already counted in this batch (not counted again)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


class ReportBuilder:
    """Counts cases into a :class:`Table` for one year, by the rules' category or the staff's draft."""

    def __init__(self, year: int, form: str = "2019", classifier=None, by: str = "rules"):
        if by not in ("rules", "draft"):
            raise ValueError(by)
        self.year = year
        self.form = form
        self.by = by
        self.classifier = classifier
        self.table = Table(form, year)
        self.tally = Tally()
        self.start = _dt.date(year, 1, 1)
        self.end = _dt.date(year, 12, 31)

    def result_row(self, case: Case) -> str:
        if self.by == "draft" and case.decision is not None:
            return row_key(case.decision.category, self.form, case=case)
        outcome = self.classifier.classify(case)
        rule_row = None
        if outcome.case_decision is not None:
            rule_row = outcome.case_decision.winner.report_row_2021
        return row_key(outcome.category, self.form, rule_row, case)

    def add(self, case: Case) -> str | None:
        """Count one case; returns the result row it went to (``next_year``), or None if not this year's."""
        reply = case.decision.reply_date if case.decision is not None else None
        answered = reply is not None and reply <= self.end
        column = case.applicant.type
        if case.received > self.end or (reply is not None and reply < self.start):
            self.tally.other_years += 1
            return None
        key = self.result_row(case) if answered else "next_year"
        if case.received >= self.start:
            self.table.add("new", column)
            self.tally.counted += 1
        else:
            self.table.add("carried", column)
            self.tally.carried_cases += 1
        self.table.add(key, column)
        return key

    def add_carried(self, column: str, result: str, count: int) -> None:
        """Carried-over applications not given as case files (see :func:`load_carried_over`)."""
        key = "next_year" if result == "pending" else row_key(result, self.form)
        self.table.add("carried", column, count)
        self.table.add(key, column, count)
        self.tally.carried_from_file += count

    def result(self) -> Table:
        table = self.table.finish()
        errors = check_values(table)
        if errors:  # the builder counts every case in exactly one row: a failure is a defect
            raise EngineError("年度报告表不平衡：" + "；".join(e.message for e in errors))
        return table
