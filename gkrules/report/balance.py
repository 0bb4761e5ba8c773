"""The balance of the table (勾稽关系) as linear equations, and the check of a filled table.

Equations, each summing to zero: every row's 总计 is the sum of the six applicant columns; in every
column (七) 总计 is the sum of the rows (一) to (六); in every column 一 + 二 = 三(七) + 四. A cell left
blank is not filled: the equations that involve it are not checked, every other one is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .forms import HEADERS, NCOLS, ROWS, Table, result_keys

Cell = tuple[str, int]  # (row key, column index)


@dataclass(frozen=True)
class Finding:
    """One problem of a filled table: a broken balance (error), a blank cell, a label or form difference."""

    row: str | None  # the row label, as the form prints it
    column: str | None  # the column header
    message: str
    expected: int | None = None
    found: int | None = None
    line: int | None = None  # line of the input (text, CSV) or page (PDF) where the row stands
    severity: str = "error"  # "error" | "warning"
    kind: str = "balance"  # balance | blank | label | form | carry-over
    suspects: tuple[str, ...] = field(default=())  # rows named as the likely place of an error

    def as_dict(self) -> dict:
        out = {k: v for k, v in self.__dict__.items() if v is not None and v != ()}
        if self.suspects:
            out["suspects"] = list(self.suspects)
        return out


BalanceError = Finding  # the name callers of check_values know


@dataclass(frozen=True)
class Equation:
    description: str
    coef: dict[Cell, int]
    kind: str  # "row" (总计 of a row), "parts" ((七) = (一)…(六) in a column), "flow" (一+二 = 三(七)+四)
    column: int | None = None
    row: str | None = None


def equations(form: str) -> list[Equation]:
    """The identities of the form."""
    rows = ROWS[form]
    results = result_keys(form)
    out = []
    for row in rows:
        coef = {(row.key, j): 1 for j in range(NCOLS - 1)}
        coef[(row.key, NCOLS - 1)] = -1
        out.append(Equation(f"“{row.label}”的总计应等于各类申请人之和", coef, "row", row=row.key))
    for j in range(NCOLS):
        coef = {(k, j): 1 for k in results}
        coef[("total", j)] = -1
        out.append(Equation(f"“{HEADERS[j]}”列：(七) 总计应等于 (一) 至 (六) 之和", coef, "parts", column=j))
    for j in range(NCOLS):
        coef = {("new", j): 1, ("carried", j): 1, ("total", j): -1, ("next_year", j): -1}
        out.append(Equation(f"“{HEADERS[j]}”列：一+二 应等于 三(七)+四", coef, "flow", column=j))
    return out


def residual(values: dict[str, list[int | None]], eq: Equation) -> int | None:
    """The equation's left side minus its right side; None when it involves a blank cell."""
    total = 0
    for (k, j), c in eq.coef.items():
        v = values[k][j]
        if v is None:
            return None
        total += c * v
    return total


def check_values(table: Table, lines: dict[str, int] | None = None) -> list[Finding]:
    """Every broken identity, explained (see :mod:`gkrules.report.corrections`); blank cells are skipped."""
    from .corrections import explain

    eqs = equations(table.form)
    checked = [(eq, r) for eq in eqs if (r := residual(table.values, eq)) is not None]
    if all(r == 0 for _, r in checked):
        return []
    return explain(table, checked, lines or {})
