"""The list of issued codes (``rules/ISSUED_CODES.txt``): append-only; a code once issued is never reused."""

from __future__ import annotations

from pathlib import Path

from ..rulebook import RuleSet
from .model import NOTE, Problem, problem

ISSUED_FILE = "ISSUED_CODES.txt"


def issued_path(rs: RuleSet) -> Path:
    return rs.root / ISSUED_FILE


def read_issued(path: Path) -> list[str]:
    if not path.is_file():
        return []
    codes = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.split("#", 1)[0].strip()
        if text:
            codes.append(text)
    return codes


def _known_codes(rs: RuleSet) -> set[str]:
    return {c for r in rs.all_rules for c in (r.code, *r.aliases)}


def check_issued(rs: RuleSet) -> list[Problem]:
    path = issued_path(rs)
    if not path.is_file():
        return [
            Problem(
                "no-issued-list",
                None,
                str(path),
                f"没有已发放编号清单 {ISSUED_FILE}；运行 gkrules rules lint --record-codes 建立",
                NOTE,
            )
        ]
    issued = read_issued(path)
    known = _known_codes(rs)
    out = []
    for code in sorted(set(issued) - known):
        out.append(
            Problem(
                "removed-code",
                code,
                str(path),
                f"编号 {code} 已发放，但规则集中没有该规则；删除规则应保留其文件并标注 status: removed 和 removed_since，"
                "编号不得重复使用",
            )
        )
    issued_set = set(issued)
    for rule in sorted(rs.all_rules, key=lambda r: r.code):
        for code in (rule.code, *rule.aliases):
            if code not in issued_set:
                out.append(
                    problem(
                        rule,
                        "unissued-code",
                        f"编号 {code} 尚未登记到 {path.name}；确认编号无误后运行 gkrules rules lint --record-codes",
                    )
                )
    return out


def record_codes(rs: RuleSet) -> list[str]:
    """Append the codes not yet in the issued list (never removes one); returns the new codes."""
    path = issued_path(rs)
    issued = read_issued(path)
    new = sorted(_known_codes(rs) - set(issued))
    if not new:
        return []
    text = (
        path.read_text(encoding="utf-8")
        if path.is_file()
        else (
            "# 已发放的规则编号：只增不减。编号一经发放不得删除或重复使用；\n"
            "# 废止的规则保留其文件并标注 status: removed。由 gkrules rules lint --record-codes 追加。\n"
        )
    )
    if text and not text.endswith("\n"):
        text += "\n"
    path.write_text(text + "".join(c + "\n" for c in new), encoding="utf-8")
    return new
