"""The data files beside the rules (``rules/params/``): checked by ``rules lint``, shown by ``rules doc``.

- ``periods.yml``, ``dates.yml``, ``fees.yml``: dated, cited parameters (gkrules.params);
- ``categories.yml``: the category table (gkrules.categories);
- ``agency_kinds.yml``: the kinds of agency and their review bodies (gkrules.review_body);
- ``letter/wordings/*.yml``: the wordings a reply letter is read with (gkrules.letter.wordings).
"""

from __future__ import annotations

from pathlib import Path

from . import categories as _categories
from . import params as _params
from . import review_body as _review_body
from .errors import InputError
from .letter import wordings as _wordings
from .yamlio import load_file


def params_dir(rules_root: str | Path) -> Path:
    return Path(rules_root) / "params"


def check(rules_root: str | Path, rules=()) -> list[tuple[str, str]]:
    """Problems as ``(file, message)``: a file that does not load, a value without reference or quote,
    a rule's 2021 report row that is not the table's."""
    root = params_dir(rules_root)
    out: list[tuple[str, str]] = []
    out += _wordings.check(Path(rules_root) / "letter" / "wordings")
    if not root.is_dir():
        return out
    table = None
    for path in sorted(root.glob("*.yml")):
        try:
            # the files themselves, never a cached copy
            data, positions = load_file(path)
            if isinstance(data, dict) and "parameters" in data:
                _params._build(data, positions, path)
            elif path.name == "categories.yml":
                table = _categories._build(data, positions, path)
            elif path.name == "agency_kinds.yml":
                for kind in _review_body._build(data, path, compile_patterns=True):
                    for period in kind.periods:
                        if not period.reference.strip() or not period.quote.strip():
                            out.append((str(path), f"机关类别 {kind.kind} 自 {period.start} 的复议机关缺少条文或原文"))
            else:
                out.append((str(path), "params/ 中的文件应为参数表（parameters）、categories.yml 或 agency_kinds.yml"))
        except InputError as exc:
            out.append((str(path), str(exc)))
    if table is not None:
        rows_2021 = {code: f"{row} {label}" for c in table[1] for code, row, label in c.rows_2021}
        for rule in rules:
            if (
                rule.report_row_2021
                and rule.scope == "case"
                and rule.category == "other"
                and rule.report_row_2021 not in rows_2021.values()
            ):
                out.append(
                    (rule.path, f"{rule.code} 的 report_row_2021 不是类别表中2021年格式的行：{rule.report_row_2021}")
                )
    return out


def markdown(rules_root: str | Path) -> str:
    """The parameters and tables as a section of the rule book."""
    root = params_dir(rules_root)
    if not root.is_dir():
        return ""
    lines = [
        "## 参数与数据表（rules/params/）",
        "",
        "法定期间、关键日期和收费标准按施行日期分段，每个值注明条文和原文；类别表和机关类别表供检查、起草和年度报告共用。",
        "",
    ]
    found = _params.load(str(root))
    if found:
        lines += [
            "### 法定期间、关键日期和收费标准",
            "",
            "| 参数 | 说明 | 自 | 值 | 依据 | 原文 |",
            "|---|---|---|---|---|---|",
        ]
        for name, p in found.items():
            for v in p.values:
                value = v.value.isoformat() if hasattr(v.value, "isoformat") else v.value
                lines.append(
                    f"| `{name}` | {p.description} | {v.start.isoformat()} | {value} {p.unit if p.unit != '日期' else ''}"
                    f" | {v.reference} | {v.quote} |"
                )
        lines.append("")
    if (root / "categories.yml").is_file():
        _, cats = _categories.load_table(root / "categories.yml")
        lines += [
            "### 处理结果类别表（categories.yml）",
            "",
            "| 类别 | 2019年格式的行 | 依据 | 2021年格式细分 |",
            "|---|---|---|---|",
        ]
        for c in cats:
            split = "；".join(f"{row} {label}（`{code}`）" for code, row, label in c.rows_2021) or "同左"
            lines.append(f"| `{c.code}` | {c.row} {c.label} | {c.basis} | {split} |")
        lines.append("")
    if (root / "agency_kinds.yml").is_file():
        lines += [
            "### 机关类别与行政复议机关（agency_kinds.yml）",
            "",
            "按表中顺序以机关名称匹配类别；都不匹配的，须在机关配置文件 remedy.review_body 中写明复议机关。",
            "",
            "| 类别 | 自 | 复议机关 | 依据 |",
            "|---|---|---|---|",
        ]
        for kind in _review_body.load_kinds(str(root / "agency_kinds.yml")):
            for period in kind.periods:
                bodies = "或".join(_review_body.ROLES[r] for r in period.roles)
                lines.append(f"| {kind.label} | {period.start.isoformat()} | {bodies} | {period.reference} |")
        lines.append("")
    words = _wordings.markdown(Path(rules_root) / "letter" / "wordings")
    if words:
        lines += [words]
    return "\n".join(lines)
