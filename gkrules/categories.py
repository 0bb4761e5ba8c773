"""The decision categories: the rows of the annual-report form (domain.md section 2).

The order of ``CATEGORIES`` is the order of the form; aggregation of mixed undisclosed items picks the
category that comes first in it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    code: str
    row: str  # the row number as printed in the form, e.g. "（三）4"
    label: str  # the row label, verbatim
    basis: str  # the articles, as in domain.md section 2

    @property
    def group(self) -> str:
        return self.code.split("/", 1)[0]

    @property
    def report_row(self) -> str:
        return f"{self.row} {self.label}"


CATEGORIES: tuple[Category, ...] = (
    Category("open", "（一）", "予以公开", "条例第三十六条第（一）项、第（二）项"),
    Category("partial", "（二）", "部分公开", "条例第三十七条"),
    Category("refused/state_secret", "（三）1", "属于国家秘密", "条例第十四条"),
    Category("refused/law_prohibited", "（三）2", "其他法律行政法规禁止公开", "条例第十四条"),
    Category("refused/security_stability", "（三）3", "危及“三安全一稳定”", "条例第十四条"),
    Category("refused/third_party", "（三）4", "保护第三方合法权益", "条例第十五条、第三十二条"),
    Category("refused/internal_affairs", "（三）5", "属于三类内部事务信息", "条例第十六条第一款"),
    Category("refused/process_info", "（三）6", "属于四类过程性信息", "条例第十六条第二款"),
    Category("refused/enforcement_file", "（三）7", "属于行政执法案卷", "条例第十六条第二款"),
    Category("refused/admin_query", "（三）8", "属于行政查询事项", "条例第三十六条第（七）项"),
    Category("cannot_provide/not_held", "（四）1", "本机关不掌握相关政府信息", "条例第三十六条第（四）项、第（五）项"),
    Category("cannot_provide/needs_creation", "（四）2", "没有现成信息需要另行制作", "条例第三十八条"),
    Category("cannot_provide/unclear", "（四）3", "补正后申请内容仍不明确", "条例第三十条"),
    Category("not_processed/petition", "（五）1", "信访举报投诉类申请", "条例第三十九条第一款"),
    Category("not_processed/repeat", "（五）2", "重复申请", "条例第三十六条第（六）项"),
    Category("not_processed/publication", "（五）3", "要求提供公开出版物", "条例第三十九条第二款"),
    Category("not_processed/excessive", "（五）4", "无正当理由大量反复申请", "条例第三十五条"),
    Category("not_processed/confirm_reissue", "（五）5", "要求行政机关确认或重新出具已获取信息", "—"),
    Category("other", "（六）", "其他处理", "条例第三十条、第四十二条"),
)

BY_CODE: dict[str, Category] = {c.code: c for c in CATEGORIES}
ORDER: dict[str, int] = {c.code: i for i, c in enumerate(CATEGORIES)}
CODES: tuple[str, ...] = tuple(BY_CODE)

GROUP_LABELS = {
    "open": "予以公开",
    "partial": "部分公开",
    "refused": "不予公开",
    "cannot_provide": "无法提供",
    "not_processed": "不予处理",
    "other": "其他处理",
}

DISCLOSED = frozenset({"open", "partial"})

#: the refusals under 条例第十四条至第十六条 (the item rules marked ``exemption: true``); a test keeps the
#: two in step. Not-held, needs-creation and 36(七) are not exemptions (domain.md section 3).
EXEMPTIONS = frozenset(
    {
        "refused/state_secret",
        "refused/law_prohibited",
        "refused/security_stability",
        "refused/third_party",
        "refused/internal_affairs",
        "refused/process_info",
        "refused/enforcement_file",
    }
)


def get(code: str) -> Category:
    return BY_CODE[code]


def label(code: str) -> str:
    """The Chinese label used in tables: group word plus row label, e.g. ``不予公开：保护第三方合法权益``."""
    cat = BY_CODE[code]
    group = GROUP_LABELS[cat.group]
    return group if group == cat.label else f"{group}：{cat.label}"
