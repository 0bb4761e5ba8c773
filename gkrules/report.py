"""The annual-report table 三、收到和处理政府信息公开申请情况, built from cases, and its balance check.

Row labels are those of the published form, verbatim. Columns are the applicant types: 自然人, the
five kinds of 法人或其他组织, and 总计. Each case counts in exactly one row of 三 (or in 四 when not
answered by the end of the year). The balance of the form: 一 + 二 = 三(七) + 四 per column; every
总计 cell is the sum of its parts. :func:`check_table` reads a filled table (CSV or the text layout of
a published report) and names the cell that breaks each balance.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import categories
from .errors import EngineError, InputError
from .models import APPLICANT_TYPES, Case

FORMS = ("2019", "2021")
BALANCE_NOTE = "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)"
TITLE = "三、收到和处理政府信息公开申请情况"
COLUMN_LABELS = {
    "natural_person": "自然人",
    "commercial_enterprise": "商业企业",
    "research_institution": "科研机构",
    "public_interest_org": "社会公益组织",
    "legal_service_org": "法律服务机构",
    "other_org": "其他",
}
TOTAL = "总计"
COLUMNS: tuple[str, ...] = tuple(APPLICANT_TYPES)
#: column headers as printed, 总计 last
HEADERS: tuple[str, ...] = tuple(COLUMN_LABELS[c] for c in COLUMNS) + (TOTAL,)
NCOLS = len(HEADERS)
CSV_HEADER: tuple[str, ...] = ("项目", "办理结果", "细项") + HEADERS

# the 2021 form (国办公开办函〔2021〕30号) splits (六) 其他处理 into three rows
OTHER_2021 = ("other/no_correction", "other/fee_unpaid", "other/other")
CARRY_RESULTS = (*categories.CODES, *OTHER_2021, "pending")


@dataclass(frozen=True)
class Row:
    key: str
    cells: tuple[str, str, str]  # the three label cells of the published layout, verbatim
    match: str  # the text that identifies the row in a filled table
    group: str = ""  # the group cell printed on an earlier row, e.g. ``(三) 不予公开``

    @property
    def label(self) -> str:
        """The row's label for messages, e.g. ``(三) 不予公开 1. 属于国家秘密``."""
        cells = [c for c in self.cells if c]
        if self.group and not self.cells[1]:
            cells.insert(0, self.group)
        return " ".join(cells)


def _rows(form: str) -> tuple[Row, ...]:
    R = Row
    rows = [
        R("new", ("一、", "本年新收政府信息公开申请数量", ""), "本年新收政府信息公开申请数量"),
        R("carried", ("二、", "上年结转政府信息公开申请数量", ""), "上年结转政府信息公开申请数量"),
        R("open", ("三、 本年度办理结果", "(一) 予以公开", ""), "予以公开"),
        R("partial", ("", "(二) 部分公开(区分处理的, 只计这一情形, 不计其他情形)", ""), "部分公开"),
        R("refused/state_secret", ("", "(三) 不予公开", "1. 属于国家秘密"), "属于国家秘密"),
        R("refused/law_prohibited", ("", "", "2. 其他法律行政法规禁止公开"), "其他法律行政法规禁止公开"),
        R("refused/security_stability", ("", "", "3. 危及“三安全一稳定”"), "危及“三安全一稳定”"),
        R("refused/third_party", ("", "", "4. 保护第三方合法权益"), "保护第三方合法权益"),
        R("refused/internal_affairs", ("", "", "5. 属于三类内部事务信息"), "属于三类内部事务信息"),
        R("refused/process_info", ("", "", "6. 属于四类过程性信息"), "属于四类过程性信息"),
        R("refused/enforcement_file", ("", "", "7. 属于行政执法案卷"), "属于行政执法案卷"),
        R("refused/admin_query", ("", "", "8. 属于行政查询事项"), "属于行政查询事项"),
        R("cannot_provide/not_held", ("", "(四) 无法提供", "1. 本机关不掌握相关政府信息"), "本机关不掌握相关政府信息"),
        R("cannot_provide/needs_creation", ("", "", "2. 没有现成信息需要另行制作"), "没有现成信息需要另行制作"),
        R("cannot_provide/unclear", ("", "", "3. 补正后申请内容仍不明确"), "补正后申请内容仍不明确"),
        R("not_processed/petition", ("", "(五) 不予处理", "1. 信访举报投诉类申请"), "信访举报投诉类申请"),
        R("not_processed/repeat", ("", "", "2. 重复申请"), "重复申请"),
        R("not_processed/publication", ("", "", "3. 要求提供公开出版物"), "要求提供公开出版物"),
        R("not_processed/excessive", ("", "", "4. 无正当理由大量反复申请"), "无正当理由大量反复申请"),
        R(
            "not_processed/confirm_reissue",
            ("", "", "5. 要求行政机关确认或重新出具已获取信息"),
            "要求行政机关确认或重新出具已获取信息",
        ),
    ]
    if form == "2019":
        rows.append(R("other", ("", "(六) 其他处理", ""), "其他处理"))
    else:
        no_corr = "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
        fee = "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
        rows += [
            R("other/no_correction", ("", "(六) 其他处理", "1. " + no_corr), no_corr),
            R("other/fee_unpaid", ("", "", "2. " + fee), fee),
            R("other/other", ("", "", "3. 其他"), "其他"),
        ]
    rows += [
        R("total", ("", "(七) 总计", ""), "总计"),
        R("next_year", ("四、结转下年度继续办理", "", ""), "结转下年度继续办理"),
    ]
    group = ""
    for i, row in enumerate(rows):
        if row.cells[1]:
            group = row.cells[1]
        elif row.cells[2]:
            rows[i] = Row(row.key, row.cells, row.match, group)
    return tuple(rows)


ROWS: dict[str, tuple[Row, ...]] = {form: _rows(form) for form in FORMS}


def result_keys(form: str) -> tuple[str, ...]:
    """The rows of 三 that add up to (七) 总计."""
    return tuple(r.key for r in ROWS[form] if r.key not in ("new", "carried", "total", "next_year"))


def row_key(category: str, form: str, rule_row_2021: str | None = None, case: Case | None = None) -> str:
    """The row of 三 for a category; ``other`` is split in the 2021 form by the deciding rule (or the facts)."""
    if category not in categories.BY_CODE and category not in OTHER_2021:
        raise ValueError(category)
    if form == "2019":
        return "other" if category.startswith("other") else category
    if category != "other":
        return category
    if rule_row_2021:  # e.g. "（六）1 申请人无正当理由逾期不补正……" in the rule file
        number = re.sub(r"\s+", "", rule_row_2021)[:4]
        if number in ("（六）1", "(六)1"):
            return "other/no_correction"
        if number in ("（六）2", "(六)2"):
            return "other/fee_unpaid"
    elif case is not None:
        if case.facts.no_correction_in_time:
            return "other/no_correction"
        if case.facts.fee_unpaid_in_time:
            return "other/fee_unpaid"
    return "other/other"


# ----------------------------------------------------------------------------------------------- table


@dataclass
class Table:
    form: str
    year: int | None = None
    values: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.form not in FORMS:
            raise ValueError(self.form)
        for row in ROWS[self.form]:
            self.values.setdefault(row.key, [0] * NCOLS)

    @property
    def rows(self) -> tuple[Row, ...]:
        return ROWS[self.form]

    def add(self, key: str, column: str, n: int = 1) -> None:
        self.values[key][COLUMNS.index(column)] += n

    def finish(self) -> "Table":
        """Fill every 总计 cell from its parts."""
        v = self.values
        v["total"][: NCOLS - 1] = [sum(v[k][j] for k in result_keys(self.form)) for j in range(NCOLS - 1)]
        for row in self.rows:
            v[row.key][NCOLS - 1] = sum(v[row.key][: NCOLS - 1])
        return self

    def as_rows(self) -> list[list]:
        return [list(row.cells) + list(self.values[row.key]) for row in self.rows]


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


# ------------------------------------------------------------------------------------ carried-over file

CARRY_HELP = """上年结转文件（--carried-over）：上一年度收到、本年初仍在办理、又不在所给案件中的申请。
YAML：列表，每项 type（申请人类型）、result（本年度办理结果：类别代码，2021 年格式可写
other/no_correction、other/fee_unpaid、other/other；年底仍未办结写 pending）、count（件数）：
  - {type: natural_person, result: open, count: 2}
  - {type: legal_service_org, result: pending, count: 1}
CSV（UTF-8）：表头 type,result,count，每行一项。"""


MAX_CARRIED = 1_000_000  # per cell of the table: far above any agency's yearly count


@dataclass(frozen=True)
class CarryEntry:
    type: str
    result: str
    count: int
    line: int | None


def load_carried_over(path: str | Path) -> list[CarryEntry]:
    path = Path(path)
    name = str(path)
    if path.suffix.lower() == ".csv":
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"无法读取上年结转文件：{exc}", file=name) from None
        reader = csv.DictReader(io.StringIO(text))
        if reader.fieldnames is None or set(reader.fieldnames) != {"type", "result", "count"}:
            raise InputError(f"CSV 表头应为 type,result,count，实为 {','.join(reader.fieldnames or [])}", file=name, line=1)
        raw = [(reader.line_num, dict(r)) for r in reader]
    elif path.suffix.lower() in (".yml", ".yaml"):
        from .yamlio import load_file

        data, positions = load_file(path)
        if data is None:
            data = []
        if not isinstance(data, list):
            raise InputError("上年结转文件应为列表（每项 type、result、count）", file=name, line=1)
        raw = [(positions.find((i,))[0], entry) for i, entry in enumerate(data)]
    else:
        raise InputError("上年结转文件应为 .yml/.yaml 或 .csv", file=name)
    entries = []
    cell: dict[tuple[str, str], int] = {}
    for line, entry in raw:
        if not isinstance(entry, dict) or set(entry) != {"type", "result", "count"}:
            raise InputError("每项应恰有 type、result、count 三个字段", file=name, line=line)
        kind, result, count = entry["type"], entry["result"], entry["count"]
        if kind not in COLUMNS:
            raise InputError(f"申请人类型无效：{kind!r}，应为 {' | '.join(COLUMNS)}", file=name, line=line, field="type")
        if result not in CARRY_RESULTS:
            from .errors import suggest

            raise InputError(
                f"办理结果无效：{result!r}（类别代码、other/no_correction、other/fee_unpaid、other/other 或 pending）",
                file=name, line=line, field="result", suggestion=suggest(str(result), CARRY_RESULTS),
            )
        if isinstance(count, str) and re.fullmatch(r"\d+", count.strip()):
            count = int(count)
        if type(count) is not int or count < 0:
            raise InputError(f"件数应为非负整数，实为 {count!r}", file=name, line=line, field="count")
        if count > MAX_CARRIED:
            raise InputError(f"件数 {count} 超过上限 {MAX_CARRIED}，请核对", file=name, line=line, field="count")
        cell[(kind, result)] = cell.get((kind, result), 0) + count
        if cell[(kind, result)] > MAX_CARRIED:
            raise InputError(f"{kind}、{result} 的件数合计 {cell[(kind, result)]} 超过上限 {MAX_CARRIED}，请核对",
                             file=name, line=line, field="count")
        entries.append(CarryEntry(kind, result, count, line))
    return entries


# --------------------------------------------------------------------------------------------- output


def render_text(table: Table, notes: Iterable[str] = ()) -> str:
    import tabulate as _tabulate

    _tabulate.WIDE_CHARS_MODE = True
    headers = ["", "", "", "申请人情况\n自然人", "法人或其他组织\n商业企业", "\n科研机构", "\n社会公益组织",
               "\n法律服务机构", "\n其他", "\n总计"]
    body = _tabulate.tabulate(
        table.as_rows(), headers=headers, tablefmt="simple", disable_numparse=True,
        colalign=("left",) * 3 + ("center",) * NCOLS,
    )
    title = TITLE + (f"（{table.year} 年度，{table.form} 年格式）" if table.year else "")
    lines = [title, BALANCE_NOTE, body]
    lines += [f"说明：{n}" for n in notes]
    return "\n".join(lines) + "\n"


def render_csv(table: Table) -> str:
    """CSV with a UTF-8 BOM, so that spreadsheet programs read the Chinese text."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(table.as_rows())
    return out.getvalue()


def table_json(table: Table, tally: Tally | None = None) -> dict:
    return {
        "year": table.year,
        "form": table.form,
        "columns": list(HEADERS),
        "rows": [
            {"key": row.key, "label": row.label, "cells": list(row.cells), "values": dict(zip(HEADERS, table.values[row.key]))}
            for row in table.rows
        ],
        "balanced": not check_values(table),
        **({"cases": tally.as_dict()} if tally is not None else {}),
    }


# ----------------------------------------------------------------------------------------------- check


@dataclass(frozen=True)
class BalanceError:
    row: str  # the row label
    column: str  # the column header
    message: str
    expected: int | None = None
    found: int | None = None
    line: int | None = None

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


def _constraints(form: str) -> list[tuple[str, dict[tuple[str, int], int]]]:
    """Linear identities of the form (each sums to zero), with a description."""
    rows = ROWS[form]
    results = result_keys(form)
    out = []
    for row in rows:
        coef = {(row.key, j): 1 for j in range(NCOLS - 1)}
        coef[(row.key, NCOLS - 1)] = -1
        out.append((f"“{row.label}”的总计应等于各类申请人之和", coef))
    for j in range(NCOLS):
        coef = {(k, j): 1 for k in results}
        coef[("total", j)] = -1
        out.append((f"“{HEADERS[j]}”列：(七) 总计应等于 (一) 至 (六) 之和", coef))
    for j in range(NCOLS):
        coef = {("new", j): 1, ("carried", j): 1, ("total", j): -1, ("next_year", j): -1}
        out.append((f"“{HEADERS[j]}”列：一+二 应等于 三(七)+四", coef))
    return out


def _residual(values: dict[str, list[int]], coef: dict[tuple[str, int], int]) -> int:
    return sum(c * values[k][j] for (k, j), c in coef.items())


def check_values(table: Table, lines: dict[str, int] | None = None) -> list[BalanceError]:
    """Every broken identity; when one cell explains them all, that cell is named with its right value."""
    cons = _constraints(table.form)
    v = table.values
    labels = {r.key: r.label for r in table.rows}
    failing = [(d, c, _residual(v, c)) for d, c in cons]
    failing = [f for f in failing if f[2] != 0]
    if not failing:
        return []
    # a single cell that, changed by one amount, repairs every identity
    candidates = set(failing[0][1])
    for _, coef, _ in failing[1:]:
        candidates &= set(coef)
    culprits = []
    for cell in sorted(candidates, key=lambda c: (list(labels).index(c[0]), c[1])):
        d_desc, coef0, r0 = failing[0]
        if r0 % coef0[cell]:
            continue
        delta = -r0 // coef0[cell]
        if all(_residual(v, c) + c.get(cell, 0) * delta == 0 for _, c in cons):
            culprits.append((cell, delta))
    lines = lines or {}
    if len(culprits) == 1:
        (key, j), delta = culprits[0]
        found = v[key][j]
        broken = "；".join(d for d, _, _ in failing)
        return [
            BalanceError(
                labels[key], HEADERS[j],
                f"“{labels[key]}”行“{HEADERS[j]}”列为 {found}，按勾稽关系应为 {found + delta}（不成立：{broken}）",
                expected=found + delta, found=found, line=lines.get(key),
            )
        ]
    errors = []
    for desc, coef, r in failing:
        # name the cell the identity is written for: the 总计 cell of a row, the (七) or 四 cell of a column
        key, j = max(coef, key=lambda c: (coef[c] < 0, c[0] == "next_year", c[1]))
        found = v[key][j]
        expected = found + r if coef[(key, j)] < 0 else found - r
        errors.append(
            BalanceError(
                labels[key], HEADERS[j], f"{desc}：“{labels[key]}”行“{HEADERS[j]}”列为 {found}，应为 {expected}",
                expected=expected, found=found, line=lines.get(key),
            )
        )
    return errors


_SPACES = re.compile(r"\s{2,}|\t")
_NUMBER = re.compile(r"^-?\d+$")
_MATCH_MAP = str.maketrans({"（": "(", "）": ")", "，": ",", "：": ":", "\u3000": " "})


def _squash(text: str) -> str:
    """Text for finding a row label only (never for checking content): no spaces, ASCII brackets."""
    return re.sub(r"\s+", "", text.translate(_MATCH_MAP))


def _line_cells(line: str, is_csv: bool) -> list[str]:
    if is_csv:
        return next(csv.reader([line]))
    return _SPACES.split(line)


def read_table(path: str | Path) -> tuple[Table, dict[str, int]]:
    """A filled table (CSV, tab-separated text, or aligned text); returns it with each row's line number."""
    path = Path(path)
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"无法读取文件：{exc.strerror}", file=name) from None
    except UnicodeDecodeError:
        raise InputError("文件不是 UTF-8 编码，请另存为 UTF-8", file=name) from None
    is_csv = path.suffix.lower() == ".csv"
    matchers = {}
    for form in FORMS:
        for row in ROWS[form]:
            matchers.setdefault(_squash(row.match), row.key)
    found: dict[str, tuple[list[int], int]] = {}
    lines = text.splitlines()
    # in a whole annual report, read only section 三 (other sections have numbers too)
    title = _squash(TITLE)
    start = next((i for i, ln in enumerate(lines) if _squash(ln).startswith(title)), -1) + 1
    for number, line in enumerate(lines[start:], start=start + 1):
        if "next_year" in found:
            break
        cells = [c.strip() for c in _line_cells(line, is_csv)]
        while cells and cells[-1] == "":
            cells.pop()
        nums: list[str] = []
        while cells and (_NUMBER.match(cells[-1]) or cells[-1] == ""):
            cell = cells.pop()
            if cell:
                nums.append(cell)
        if not nums:
            continue
        nums.reverse()
        label = _squash("".join(cells))
        hits = [m for m in matchers if m in label]
        if not hits:
            raise InputError(f"无法识别的行（有数字但没有表中的行名）：{line.strip()[:60]}", file=name, line=number)
        key = matchers[max(hits, key=len)]
        if len(nums) != NCOLS:
            raise InputError(
                f"该行应有 {NCOLS} 个数字（{'、'.join(HEADERS)}），实为 {len(nums)} 个", file=name, line=number
            )
        if key in found:
            raise InputError(f"行“{key}”重复出现（第 {found[key][1]} 行已有）", file=name, line=number)
        found[key] = ([int(n) for n in nums], number)
    if not found:
        raise InputError("文件中没有找到年度报告表（三、收到和处理政府信息公开申请情况）的数据行", file=name)
    has_2021 = any(k in found for k in OTHER_2021)
    if has_2021 and "other" in found:
        raise InputError("同时出现“(六) 其他处理”合计行和 2021 年格式的分项行，无法判断表格格式", file=name)
    form = "2021" if has_2021 else "2019"
    missing = [r.label for r in ROWS[form] if r.key not in found]
    if missing:
        raise InputError(f"缺少以下行：{'；'.join(missing)}", file=name)
    table = Table(form, None, {k: vals for k, (vals, _) in found.items()})
    return table, {k: n for k, (_, n) in found.items()}


def check_table(path: str | Path) -> tuple[Table, list[BalanceError]]:
    """Read a filled table and return every balance error, each naming its cell (row and column)."""
    table, lines = read_table(path)
    return table, check_values(table, lines)
