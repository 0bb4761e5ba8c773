"""What lint reports: problems and notes, how each scope was searched, and the report that holds them."""

from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..rulebook import LATEST, Rule

PROBLEM = "problem"
NOTE = "note"

#: every kind lint reports, with what it means
KINDS = {
    "gap": "某一事实组合没有任何施行中的规则作出决定",
    "ambiguous-priority": "两条可同时适用的规则优先级相同，胜出者不确定",
    "overlap": "两条规则可同时适用，由优先级决定（提示：请复核是否符合本意）",
    "shadowed": "规则永远不会胜出：凡其条件成立时，都有优先级更高的规则适用",
    "duplicate-condition": "同一作用域的两条发现类规则条件相同，总是同时报告",
    "never-holds": "条件永远不能成立",
    "unknown-fact": "条件或示例使用了 facts.yml 中未定义的事实",
    "missing-article": "没有法律依据（law）",
    "missing-quote": "法律依据没有引用条文原文（quote）",
    "missing-in-force": "没有施行日期",
    "never-in-force": "施行期间为空（起始日晚于终止日）",
    "missing-examples": "缺少示例（fires 与 does_not_fire 各至少一个）",
    "missing-explain": "缺少说明（explain）",
    "wrong-example": "示例的预期结果与规则集实际结果不符",
    "unchecked-example": "示例只给出输入文本、未给出事实，lint 无法核对",
    "duplicate-code": "规则编号重复",
    "duplicate-slug": "标识（slug）重复",
    "bad-slug": "标识应说明发现了什么，不应是建议（avoid-*、use-* 等）",
    "bad-category": "category 不是有效的分类代码",
    "wrong-report-row": "report_row 与年度报告表中该类别的行不符",
    "missing-priority": "分类规则缺少 priority",
    "missing-element": "发现类规则缺少 element",
    "missing-severity": "发现类规则缺少 severity",
    "bad-element": "element 不是答复书要素名（letter-template.md），也不是 deadline / case / category",
    "bad-message": "message 中的 {占位符} 写法有误",
    "misplaced-exemption": "exemption 只适用于 item 作用域中条例第十四条至第十六条的不予公开规则",
    "missing-exemption": "条例第十四条至第十六条的不予公开规则没有标 exemption: true",
    "wrong-prefix": "规则编号前缀与所在目录不符（classify：GK-C，letter：GK-L，deadline：GK-D）",
    "wrong-area": "规则的作用域与所在目录不符",
    "missing-removed-since": "已废止的规则缺少 removed_since",
    "removed-code": "已发放的编号从规则集中消失（删除规则应保留文件并标注 status: removed）",
    "unissued-code": "规则编号尚未登记到已发放编号清单",
    "no-issued-list": "规则目录中没有已发放编号清单",
    "bad-data": "参数表或数据表（rules/params/）不能使用，或缺少条文、原文",
}


@dataclass(frozen=True)
class Problem:
    kind: str
    code: str | None
    file: str | None
    message: str
    level: str = PROBLEM
    counterexample: str | None = None  # YAML, for gaps and shadowed rules
    other: str | None = None  # the other rule of a pair (overlaps)
    suggestion: str | None = None  # did-you-mean, as data (the message says it too)

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(frozen=True)
class Coverage:
    """How one scope was searched in one period."""

    scope: str
    start: _dt.date
    end: _dt.date
    facts: int
    method: str  # exhaustive | sampled
    combinations: int

    def as_dict(self) -> dict:
        return {
            "scope": self.scope,
            "from": self.start.isoformat(),
            "to": None if self.end >= LATEST else self.end.isoformat(),
            "facts": self.facts,
            "method": self.method,
            "combinations": self.combinations,
        }


@dataclass
class Report:
    ruleset: str
    rules: int
    items: list[Problem] = field(default_factory=list)
    coverage: list[Coverage] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return [p for p in self.items if p.level == PROBLEM]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self.items if p.level == NOTE]

    @property
    def ok(self) -> bool:
        return not self.problems

    def kinds(self) -> set[str]:
        return {p.kind for p in self.problems}

    def as_dict(self) -> dict:
        return {
            "ruleset": self.ruleset,
            "rules": self.rules,
            "ok": self.ok,
            "problems": [{**p.as_dict(), "file": relative_path(p.file)} for p in sorted(self.problems, key=sort_key)],
            "notes": [{**p.as_dict(), "file": relative_path(p.file)} for p in sorted(self.notes, key=sort_key)],
            "coverage": [c.as_dict() for c in self.coverage],
        }


def problem(
    rule: Rule,
    kind: str,
    message: str,
    level: str = PROBLEM,
    example: str | None = None,
    suggestion: str | None = None,
) -> Problem:
    """A problem (or, with ``level=NOTE``, a note) about one rule file."""
    return Problem(kind, rule.code, rule.path or None, message, level, example, suggestion=suggestion)


def relative_path(path: str | None) -> str:
    """A rule file's path relative to the working directory where it lies below it; ``<规则集>`` for none."""
    if not path:
        return "<规则集>"
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path


def sort_key(p: Problem) -> tuple[str, str, str, str]:
    return (relative_path(p.file), p.code or "", p.kind, p.message)
