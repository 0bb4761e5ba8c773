"""Explaining an unbalanced table: the one cell to correct, or which equations disagree and where to look.

A value is suggested only when it satisfies every equation that can be checked (those without blank
cells) and no other cell would do as well (two or three such cells are named as alternatives; more,
as when blank cells leave the row totals unchecked, are described by their equations). When no single cell explains the imbalance, each column's three figures for 三(七) are compared —
the sum of the rows (一) to (六), the (七) 总计 cell itself, and 一 + 二 − 四 — and the one that disagrees
with the other two names the rows to review.
"""

from __future__ import annotations

from .balance import Cell, Equation, Finding
from .forms import HEADERS, NCOLS, Table, result_keys

RESULT_ROWS = "(一) 至 (六) 各行"


def _n(values: dict[str, list[int | None]], key: str, j: int) -> int:
    """A cell that takes part in a checked equation (so it is filled)."""
    v = values[key][j]
    assert v is not None
    return v


FLOW_ROWS = "一、二、四 各行"


def _fixes(table: Table, checked: list[tuple[Equation, int]]) -> list[tuple[Cell, int]]:
    """Cells whose change by one amount makes every checked equation hold."""
    failing = [(eq, r) for eq, r in checked if r]
    candidates = set(failing[0][0].coef)
    for eq, _ in failing[1:]:
        candidates &= set(eq.coef)
    order = list(table.values)
    out = []
    for cell in sorted(candidates, key=lambda c: (order.index(c[0]), c[1])):
        eq0, r0 = failing[0]
        if r0 % eq0.coef[cell]:
            continue
        delta = -r0 // eq0.coef[cell]
        if _n(table.values, *cell) + delta < 0:
            continue  # a count is never negative
        if all(r + eq.coef.get(cell, 0) * delta == 0 for eq, r in checked):
            out.append((cell, delta))
    return out


def explain(table: Table, checked: list[tuple[Equation, int]], lines: dict[str, int]) -> list[Finding]:
    labels = {r.key: r.label for r in table.rows}
    v = table.values
    failing = [(eq, r) for eq, r in checked if r]
    broken = "；".join(eq.description for eq, _ in failing)
    fixes = _fixes(table, checked)
    if len(fixes) == 1:
        (key, j), delta = fixes[0]
        found = _n(v, key, j)
        return [
            Finding(
                labels[key],
                HEADERS[j],
                f"“{labels[key]}”行“{HEADERS[j]}”列为 {found}，按勾稽关系应为 {found + delta}（不成立：{broken}）",
                expected=found + delta,
                found=found,
                line=lines.get(key),
                suspects=(labels[key],),
            )
        ]
    if 1 < len(fixes) <= 3:
        options = "；或".join(
            f"“{labels[k]}”行“{HEADERS[j]}”列 {v[k][j]} 改为 {_n(v, k, j) + d}" for (k, j), d in fixes
        )
        return [
            Finding(
                None,
                None,
                f"改正以下任一单元格都能使勾稽关系全部成立，请核对原始记录：{options}（不成立：{broken}）",
                suspects=tuple(labels[k] for (k, _), _ in fixes),
            )
        ]
    return _diagnose(table, failing, labels, lines)


def _diagnose(
    table: Table, failing: list[tuple[Equation, int]], labels: dict[str, str], lines: dict[str, int]
) -> list[Finding]:
    v = table.values
    results = result_keys(table.form)
    bad_rows = {eq.row for eq, _ in failing if eq.kind == "row"}
    out: list[Finding] = []
    for j in range(NCOLS):
        col = [eq for eq, _ in failing if eq.column == j]
        if not col:
            continue
        name = HEADERS[j]
        parts = _sum(v, results, j)
        direct = v["total"][j]
        flow = None
        if None not in (v["new"][j], v["carried"][j], v["next_year"][j]):
            flow = _n(v, "new", j) + _n(v, "carried", j) - _n(v, "next_year", j)
        if parts is None or direct is None or flow is None:
            for eq in col:
                out.append(Finding(None, name, f"{eq.description}：不成立"))
            continue
        total_label = labels["total"]
        if direct == flow != parts:
            suspects = tuple(labels[k] for k in results if k in bad_rows) or (RESULT_ROWS,)
            msg = (
                f"“{name}”列：(一) 至 (六) 各行之和为 {parts}，而 (七) 总计与 一+二−四 均为 {direct}："
                f"错误在 (一) 至 (六) 各行"
            )
            if bad_rows & set(results):
                msg += f"，其中“{'”“'.join(suspects)}”的总计与各类申请人之和也不符，最可疑"
            out.append(Finding(None, name, msg, suspects=suspects))
        elif parts == flow != direct:
            out.append(
                Finding(
                    total_label,
                    name,
                    f"“{name}”列：(七) 总计为 {direct}，而 (一) 至 (六) 之和与 一+二−四 均为 {parts}："
                    f"错误在 (七) 总计（该行的其他单元格也须核对）",
                    found=direct,
                    line=lines.get("total"),
                    suspects=(total_label,),
                )
            )
        elif parts == direct != flow:
            flow_keys = ("new", "carried", "next_year")
            suspects = tuple(labels[k] for k in flow_keys if k in bad_rows) or (FLOW_ROWS,)
            out.append(
                Finding(
                    None,
                    name,
                    f"“{name}”列：一+二−四 为 {flow}，而 (七) 总计与 (一) 至 (六) 之和均为 {direct}："
                    f"错误在 一、二、四 各行"
                    + (f"，最可疑的是“{'”“'.join(suspects)}”" if bad_rows & set(flow_keys) else ""),
                    suspects=suspects,
                )
            )
        else:
            out.append(
                Finding(
                    None,
                    name,
                    f"“{name}”列：(一) 至 (六) 之和 {parts}、(七) 总计 {direct}、一+二−四 {flow} 三者互不相等，"
                    f"至少有两处错误",
                )
            )
    for eq, r in failing:
        if eq.kind != "row" or eq.row is None:
            continue
        key = eq.row
        parts = sum(_n(v, key, j) for j in range(NCOLS - 1))
        out.append(
            Finding(
                labels[key],
                HEADERS[-1],
                f"“{labels[key]}”行：六类申请人之和为 {parts}，总计列为 {v[key][NCOLS - 1]}",
                found=v[key][NCOLS - 1],
                line=lines.get(key),
                suspects=(labels[key],),
            )
        )
    return out


def _sum(v: dict[str, list[int | None]], keys, j: int) -> int | None:
    total = 0
    for k in keys:
        x = v[k][j]
        if x is None:
            return None
        total += x
    return total
