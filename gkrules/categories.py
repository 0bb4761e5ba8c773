"""The decision categories: the rows of the annual-report form (domain.md section 2).

The table is data, ``rules/params/categories.yml``: per category its form rows (2019 and 2021), label,
articles, the group of decision wordings, whether it is an exemption and the reason a draft asks for.

The order of ``CATEGORIES`` is the order of the form; aggregation of mixed undisclosed items picks the
category that comes first in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import datafile
from .errors import InputError

TABLE_FILE = Path(__file__).resolve().parent.parent / "rules" / "params" / "categories.yml"
Spec = tuple[int, int | None, int | None]  # (article, paragraph, item); None = not stated / any


@dataclass(frozen=True)
class Category:
    code: str
    row: str  # the row number as printed in the form, e.g. "（三）4"
    label: str  # the row label, verbatim
    basis: str  # the articles, as in domain.md section 2
    articles: tuple[Spec, ...] = ()  # the articles a letter may cite for it
    wordings: str = ""  # the group of decision wordings a letter uses (open, refused, …)
    exemption: bool = False  # 条例第十四条至第十六条 (a separable part makes it partial)
    reason_prompt: str | None = None  # what a drafted refusal asks staff to state
    rows_2021: tuple[tuple[str, str, str], ...] = ()  # (code, row, label) of the 2021 form's split rows
    #: articles that ground this category only where the letter states the public-interest override
    #: (条例第十五条、第三十二条 for a disclosure over the third party's objection)
    override_articles: tuple[Spec, ...] = ()

    @property
    def group(self) -> str:
        return self.code.split("/", 1)[0]

    @property
    def report_row(self) -> str:
        return f"{self.row} {self.label}"


class CategoryTableError(InputError):
    """The category table cannot be used."""


def _spec(value, where: str) -> Spec:
    if (
        not isinstance(value, list)
        or len(value) != 3
        or not isinstance(value[0], int)
        or not all(v is None or (isinstance(v, int) and not isinstance(v, bool)) for v in value)
    ):
        raise CategoryTableError(f"{where} 应为 [条, 款, 项]（款、项可为 null），实为 {value!r}", file=str(TABLE_FILE))
    return (value[0], value[1], value[2])


def load_table(path: str | Path | None = None) -> tuple[dict[str, str], tuple[Category, ...]]:
    """The groups' labels and the categories, in the order of the 2019 form (``rules/params/categories.yml``)."""
    file = Path(path) if path else TABLE_FILE
    return datafile.load(file, lambda data, positions: _build(data, positions, file))


def _build(data, positions, file: Path) -> tuple[dict[str, str], tuple[Category, ...]]:
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("categories"), list)
        or not isinstance(data.get("groups"), dict)
    ):
        raise CategoryTableError("类别表的顶层应为映射，含 groups 和 categories", file=str(file), line=1)
    cats = []
    for i, entry in enumerate(data["categories"]):
        where = f"categories[{i}]"
        line, _ = positions.find(("categories", i))
        try:
            cats.append(
                Category(
                    code=str(entry["code"]),
                    row=str(entry["row"]),
                    label=str(entry["label"]),
                    basis=str(entry["basis"]),
                    articles=tuple(_spec(a, f"{where}.articles") for a in entry.get("articles") or ()),
                    wordings=str(entry.get("wordings") or ""),
                    override_articles=tuple(
                        _spec(a, f"{where}.override_articles") for a in entry.get("override_articles") or ()
                    ),
                    exemption=bool(entry.get("exemption", False)),
                    reason_prompt=entry.get("reason_prompt"),
                    rows_2021=tuple(
                        (str(r["code"]), str(r["row"]), str(r["label"])) for r in entry.get("rows_2021") or ()
                    ),
                )
            )
        except (KeyError, TypeError) as exc:
            raise CategoryTableError(
                f"类别表第 {i + 1} 项缺少或写错 {exc}", file=str(file), line=line, field=where
            ) from None
        if cats[-1].group not in data["groups"] or cats[-1].wordings not in data["groups"]:
            raise CategoryTableError(
                f"类别 {cats[-1].code} 的组或 wordings 不在 groups 中", file=str(file), line=line, field=where
            )
    codes = [c.code for c in cats]
    if len(set(codes)) != len(codes):
        raise CategoryTableError("类别代码重复", file=str(file))
    return {str(k): str(v) for k, v in data["groups"].items()}, tuple(cats)


GROUP_LABELS, CATEGORIES = load_table()

BY_CODE: dict[str, Category] = {c.code: c for c in CATEGORIES}
ORDER: dict[str, int] = {c.code: i for i, c in enumerate(CATEGORIES)}
CODES: tuple[str, ...] = tuple(BY_CODE)

DISCLOSED = frozenset({"open", "partial"})

#: the refusals under 条例第十四条至第十六条 (the item rules marked ``exemption: true``); a test keeps the
#: two in step. Not-held, needs-creation and 36(七) are not exemptions (domain.md section 3).
EXEMPTIONS = frozenset(c.code for c in CATEGORIES if c.exemption)


def articles(code: str) -> tuple[Spec, ...]:
    """The (article, paragraph, item) a letter of this category may cite (the table's ``articles``)."""
    return BY_CODE[code].articles


def report_rows(form: str) -> tuple[tuple[str, str, str], ...]:
    """``(code, row, label)`` of the decision rows of the 2019 or 2021 annual-report form, in order."""
    rows: list[tuple[str, str, str]] = []
    for c in CATEGORIES:
        if form == "2021" and c.rows_2021:
            rows.extend(c.rows_2021)
        else:
            rows.append((c.code, c.row, c.label))
    return tuple(rows)


def get(code: str) -> Category:
    return BY_CODE[code]


def label(code: str) -> str:
    """The Chinese label used in tables: group word plus row label, e.g. ``不予公开：保护第三方合法权益``."""
    cat = BY_CODE[code]
    group = GROUP_LABELS[cat.group]
    return group if group == cat.label else f"{group}：{cat.label}"
