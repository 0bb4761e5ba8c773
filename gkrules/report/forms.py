"""The two official forms of the table 三、收到和处理政府信息公开申请情况: rows, columns, and a table of values.

Row labels are those of the published form, verbatim. Columns are the applicant types: 自然人, the
five kinds of 法人或其他组织, and 总计. The 2019 form (国办公开办函〔2019〕60号) has one row
（六）其他处理; the 2021 form (国办公开办函〔2021〕30号) splits it into three rows and is the form
for reports of 2021 and later years.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import categories
from ..models import APPLICANT_TYPES, Case

FORMS = ("2019", "2021")
FORM_NAMES = {"2019": "国办公开办函〔2019〕60号", "2021": "国办公开办函〔2021〕30号"}
FIRST_YEAR_2021 = 2021  # reports of this year and later use the 2021 form
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
    def numbering(self) -> tuple[str, str, int | None]:
        """(section, sub-row of 三, item number): ``("三", "三", 2)`` for (三) 2., ``("四", "", None)`` for 四."""
        top = self.cells[0][:1] if self.cells[0] else "三"
        head = self.cells[1] or self.group
        roman = head[1:2] if head.startswith("(") else ""
        item = re.match(r"(\d+)\.", self.cells[2])
        return top, roman, int(item.group(1)) if item else None

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


@dataclass
class Table:
    form: str
    year: int | None = None
    #: row key → one value per column (``HEADERS`` order); None is a cell left blank in a filled table
    values: dict[str, list[int | None]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.form not in FORMS:
            raise ValueError(self.form)
        for row in ROWS[self.form]:
            self.values.setdefault(row.key, [0] * NCOLS)

    @property
    def rows(self) -> tuple[Row, ...]:
        return ROWS[self.form]

    def add(self, key: str, column: str, n: int = 1) -> None:
        j = COLUMNS.index(column)
        self.values[key][j] = (self.values[key][j] or 0) + n

    def finish(self) -> Table:
        """Fill every 总计 cell from its parts (a table being counted has no blank cell)."""
        v = self.values
        v["total"][: NCOLS - 1] = [sum(v[k][j] or 0 for k in result_keys(self.form)) for j in range(NCOLS - 1)]
        for row in self.rows:
            v[row.key][NCOLS - 1] = sum(x or 0 for x in v[row.key][: NCOLS - 1])
        return self

    def blanks(self) -> list[tuple[str, int]]:
        """The cells left blank (row key, column index), in the order of the form."""
        return [(r.key, j) for r in self.rows for j, v in enumerate(self.values[r.key]) if v is None]

    def as_rows(self) -> list[list]:
        return [list(row.cells) + list(self.values[row.key]) for row in self.rows]


def form_for_year(year: int) -> str:
    """The form a report of ``year`` should use."""
    return "2021" if year >= FIRST_YEAR_2021 else "2019"
