"""Verification of the whole rule set: what ``gkrules rules lint`` reports.

Every rule file under ``rules/`` is checked on its own (article, dates, examples, explanation, codes,
slug, category, fact names, a condition that can never hold) and against the others of its scope.

What "complete" means differs by scope, following the procedure of ``classify.py``:

- ``case``: no rule firing is the normal case (the items are then classified), so there are no gaps
  here; overlaps and shadowed rules are still reported.
- ``item``: every combination of item facts must be decided by some rule in force — otherwise
  ``classify`` stops with "规则集不完整". A gap is such a combination.
- ``separation``: no rule firing is normal (the item keeps its category; no ``partial``); no gaps.
- ``aggregate``: every combination of its facts must be decided, as for items.
- ``letter`` / ``deadline`` (finding scopes): every rule that fires is reported, so there is no winner,
  no gap and no overlap to resolve; two rules of one scope with the same condition are reported instead
  (they would always report together).

Completeness and shadowing are checked for every period in which the set of rules in force is constant
(``RuleSet.boundaries``): a gap can open on the day a rule stops applying. Within a period the facts
tested by the scope's rules are enumerated exhaustively when there are at most ``EXHAUSTIVE_LIMIT`` of
them; beyond that ``hypothesis`` searches the space and shrinks what it finds to a minimal
counterexample, printed as YAML.

Two rules of one classification scope that can fire together are decided only by ``priority``; each such
pair is listed as a *note* for a reviewer to confirm — unless both have the same priority, which leaves
the winner to the order of codes and is a *problem*.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import string
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import categories
from .errors import suggest
from .rulebook import CLASSIFY_SCOPES, FINDING_SCOPES, LATEST, Rule, RuleSet, load_ruleset

EXHAUSTIVE_LIMIT = 20
SAMPLE_EXAMPLES = 2000
ISSUED_FILE = "ISSUED_CODES.txt"
#: classification scopes in which every fact combination must be decided
COMPLETE_SCOPES = ("item", "aggregate")
AREA_PREFIX = {"classify": "GK-C-", "letter": "GK-L-", "deadline": "GK-D-"}
#: codes an area may hold besides its own prefix: GK-K (the draft category against the rules) is a letter finding
EXTRA_PREFIXES = {"letter": ("GK-K-",)}
AREA_SCOPES = {"classify": CLASSIFY_SCOPES, "letter": FINDING_SCOPES, "deadline": FINDING_SCOPES}
AGGREGATE_CATEGORIES = ("same-as-items", "first-in-form-order")
#: a slug says what is found, not what to do (as ruff's disallowed rule names)
BANNED_SLUG_PREFIXES = ("avoid-", "use-", "prefer-", "dont-", "do-not-")

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

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(frozen=True)
class Coverage:
    """How one scope was searched in one period."""

    scope: str
    start: _dt.date
    end: _dt.date
    facts: int
    method: str  # exhaustive | hypothesis
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
            "problems": [{**p.as_dict(), "file": _rel(p.file)} for p in sorted(self.problems, key=_sort_key)],
            "notes": [{**p.as_dict(), "file": _rel(p.file)} for p in sorted(self.notes, key=_sort_key)],
            "coverage": [c.as_dict() for c in self.coverage],
        }


# --------------------------------------------------------------------------------------------------
# entry points


def lint_root(root: str | Path | None = None, **options) -> Report:
    """Load the rules under ``root`` leniently (so duplicates and unknown facts are reported) and lint."""
    return lint(load_ruleset(root, strict=False), **options)


def lint(rs: RuleSet, *, exhaustive_limit: int = EXHAUSTIVE_LIMIT, max_examples: int = SAMPLE_EXAMPLES) -> Report:
    report = Report(ruleset=rs.hash, rules=len(rs.all_rules))
    out = report.items
    out += _check_codes(rs)
    for rule in rs.all_rules:
        out += _check_rule(rs, rule)
    for rule in rs.rules:
        out += _check_examples(rs, rule)
    out += _check_overlaps(rs)
    tables, coverage = _check_tables(rs, exhaustive_limit, max_examples)
    out += tables
    report.coverage = coverage
    out += _check_finding_duplicates(rs)
    out += _check_issued(rs)
    from .data_tables import check as check_data

    out += [Problem("bad-data", None, file, message) for file, message in check_data(rs.root, rs.all_rules)]
    return report


# --------------------------------------------------------------------------------------------------
# one rule at a time


def _p(rule: Rule, kind: str, message: str, level: str = PROBLEM, example: str | None = None) -> Problem:
    return Problem(kind, rule.code, rule.path or None, message, level, example)


def _check_codes(rs: RuleSet) -> list[Problem]:
    out = []
    where: dict[str, list[Rule]] = defaultdict(list)
    for rule in rs.all_rules:
        for code in [rule.code, *rule.aliases]:
            where[code].append(rule)
    for code, rules in sorted(where.items()):
        if len(rules) > 1:
            files = "、".join(r.path for r in rules)
            for rule in rules[1:]:
                out.append(_p(rule, "duplicate-code", f"规则编号 {code} 重复：{files}"))
    slugs: dict[str, list[Rule]] = defaultdict(list)
    for rule in rs.rules:
        slugs[rule.slug].append(rule)
    for slug, rules in sorted(slugs.items()):
        if len(rules) > 1:
            codes = "、".join(r.code for r in rules)
            for rule in rules[1:]:
                out.append(_p(rule, "duplicate-slug", f"标识 {slug} 重复：{codes}"))
    return out


def finding_elements() -> tuple[str, ...]:
    """The element names a finding rule may name: the letter's elements plus deadline, case, category."""
    try:
        from .letter.parse import ELEMENTS
    except ImportError:  # the letter reader is not installed: leave element names unchecked
        return ()
    return (*ELEMENTS, "deadline", "case", "category")


def never_holds_reason(rule: Rule) -> str | None:
    """Why the rule's condition can never hold, or None. Exact for all/any/none conditions."""
    w = rule.when
    both = sorted(set(w.all) & set(w.none))
    if both:
        return f"事实 {'、'.join(both)} 同时出现在 all 和 none 中"
    if w.any and set(w.any) <= set(w.none):
        return "any 中的事实都出现在 none 中"
    return None


def _check_rule(rs: RuleSet, rule: Rule) -> list[Problem]:
    out: list[Problem] = []
    area = rs.area(rule)
    prefixes = (AREA_PREFIX[area], *EXTRA_PREFIXES.get(area, ())) if area in AREA_PREFIX else ()
    if prefixes and not rule.code.startswith(prefixes):
        out.append(_p(rule, "wrong-prefix", f"rules/{area}/ 中的规则编号应以 {' 或 '.join(prefixes)} 开头，实为 {rule.code}"))
    if area not in AREA_SCOPES:
        out.append(_p(rule, "wrong-area", f"规则文件应放在 {'、'.join('rules/' + a + '/' for a in AREA_SCOPES)} 之一"))
    elif rule.scope not in AREA_SCOPES[area]:
        out.append(_p(rule, "wrong-area", f"作用域 {rule.scope} 的规则不应放在 rules/{area}/ 中"))
    if not rule.active:
        if rule.removed_since is None:
            out.append(_p(rule, "missing-removed-since", "已废止（status: removed）的规则应写明 removed_since 日期"))
        return out

    if not rule.law:
        out.append(_p(rule, "missing-article", "没有法律依据：law 中至少应有一条 cite"))
        out.append(_p(rule, "missing-in-force", "没有施行日期：law 中每条依据应写明 in_force: {from: …}"))
    for i, cite in enumerate(rule.law):
        if not (cite.quote or "").strip():
            out.append(_p(rule, "missing-quote", f"law[{i}]（{cite.cite}）没有引用条文原文（quote）", NOTE))
    start, end = rule.in_force
    if start > end:
        out.append(_p(rule, "never-in-force", f"施行期间为空：自 {start.isoformat()} 起，至 {end.isoformat()} 止"))
    if not rule.explain.strip():
        out.append(_p(rule, "missing-explain", "缺少 explain：用中文说明规则的理由"))
    if not rule.examples.fires or not rule.examples.does_not_fire:
        missing = [k for k, v in (("fires", rule.examples.fires), ("does_not_fire", rule.examples.does_not_fire)) if not v]
        out.append(_p(rule, "missing-examples", f"缺少示例：{'、'.join(missing)} 中至少应有一个"))
    for prefix in BANNED_SLUG_PREFIXES:
        if rule.slug.startswith(prefix):
            out.append(_p(rule, "bad-slug", f"标识 {rule.slug} 以 {prefix} 开头：标识应说明发现了什么，而不是建议怎样做"))

    if rule.message is not None:
        try:
            list(string.Formatter().parse(rule.message))
        except ValueError as exc:
            out.append(_p(rule, "bad-message", f"message 中的 {{占位符}} 写法有误：{exc}"))
    vocabulary = rs.facts.get(rule.scope, {})
    for name in rule.when.names():
        if name not in vocabulary:
            hint = suggest(name, vocabulary)
            out.append(
                _p(
                    rule,
                    "unknown-fact",
                    f"条件中的事实 {name} 未在作用域 {rule.scope} 的 facts.yml 中定义"
                    + (f"（是否应为 {hint}？）" if hint else ""),
                )
            )
    reason = never_holds_reason(rule)
    if reason:
        out.append(_p(rule, "never-holds", f"条件永远不能成立：{reason}"))

    if rule.scope in CLASSIFY_SCOPES:
        if rule.priority is None:
            out.append(_p(rule, "missing-priority", "分类规则应有 priority（数值小者优先）"))
        allowed = set(categories.CODES) | (set(AGGREGATE_CATEGORIES) if rule.scope == "aggregate" else set())
        if rule.category not in allowed:
            hint = suggest(str(rule.category), allowed)
            out.append(
                _p(
                    rule,
                    "bad-category",
                    f"category {rule.category!r} 不是有效的分类代码" + (f"（是否应为 {hint}？）" if hint else ""),
                )
            )
        if rule.category in categories.BY_CODE and rule.report_row is not None:
            row = categories.get(rule.category).report_row
            if rule.report_row != row:
                out.append(_p(rule, "wrong-report-row", f"report_row 应为年度报告表中类别 {rule.category} 的行“{row}”，实为“{rule.report_row}”"))
        exemptions = getattr(categories, "EXEMPTIONS", None) or {c for c in categories.CODES if c.startswith("refused/")}
        if rule.exemption and (rule.scope != "item" or rule.category not in exemptions):
            out.append(
                _p(rule, "misplaced-exemption", "exemption: true 只用于 item 作用域中条例第十四条至第十六条的不予公开规则")
            )
        elif rule.scope == "item" and rule.category in exemptions and not rule.exemption:
            out.append(
                _p(
                    rule,
                    "missing-exemption",
                    f"{rule.category} 属于条例第十四条至第十六条的不予公开情形，应标 exemption: true（可区分处理时转为部分公开）",
                )
            )
    else:
        if not rule.element:
            out.append(_p(rule, "missing-element", "发现类规则应写明 element（答复书要素名，或 deadline / case / category）"))
        elements = finding_elements()
        if rule.element and elements and rule.element not in elements:
            hint = suggest(rule.element, elements)
            out.append(
                _p(
                    rule,
                    "bad-element",
                    f"element {rule.element!r} 不是答复书要素名，也不是 deadline / case / category"
                    + (f"（是否应为 {hint}？）" if hint else ""),
                )
            )
        if not rule.severity:
            out.append(_p(rule, "missing-severity", "发现类规则应写明 severity：error 或 warning"))
        if rule.exemption:
            out.append(_p(rule, "misplaced-exemption", "exemption: true 只用于 item 作用域中条例第十四条至第十六条的不予公开规则"))
        if rule.category is not None and rule.category not in categories.CODES:
            out.append(_p(rule, "bad-category", f"category {rule.category!r} 不是有效的分类代码"))
    return out


# --------------------------------------------------------------------------------------------------
# examples


def order_key(rule: Rule) -> tuple[int, str]:
    return (rule.priority if rule.priority is not None else 10**9, rule.code)


def winner(rules: Iterable[Rule], facts: dict[str, bool]) -> Rule | None:
    """The rule that decides a classification step: lowest priority, then code (as classify.py)."""
    fired = [r for r in rules if r.when.holds(facts)]
    return min(fired, key=order_key) if fired else None


def _check_examples(rs: RuleSet, rule: Rule) -> list[Problem]:
    out = []
    vocabulary = rs.facts.get(rule.scope, {})
    start = rule.in_force[0]
    classifying = rule.scope in CLASSIFY_SCOPES
    for expected, examples in ((True, rule.examples.fires), (False, rule.examples.does_not_fire)):
        section = "fires" if expected else "does_not_fire"
        for ex in examples:
            unknown = [n for n in ex.facts if n not in vocabulary]
            for name in unknown:
                hint = suggest(name, vocabulary)
                out.append(
                    _p(
                        rule,
                        "unknown-fact",
                        f"示例「{ex.name}」（{section}）中的事实 {name} 未在作用域 {rule.scope} 的 facts.yml 中定义"
                        + (f"（是否应为 {hint}？）" if hint else ""),
                    )
                )
            if "facts" not in ex.model_fields_set and (ex.letter is not None or ex.case is not None):
                out.append(
                    _p(rule, "unchecked-example", f"示例「{ex.name}」（{section}）只给出输入、未给出 facts，lint 未核对", NOTE)
                )
                continue
            day = ex.on or start
            in_force = rs.in_force_on(day, rule.scope)
            if classifying:
                won = winner(in_force, ex.facts)
                got = won is not None and won.code == rule.code
                if got != expected:
                    actual = f"胜出的是 {won.code}" if won else "没有规则适用"
                    want = "应由本规则决定结果" if expected else "不应由本规则决定结果"
                    out.append(
                        _p(
                            rule,
                            "wrong-example",
                            f"示例「{ex.name}」（{section}，{day.isoformat()}）{want}，实际{actual}",
                        )
                    )
            else:
                got = rule in in_force and rule.when.holds(ex.facts)
                if got != expected:
                    want = "应报告" if expected else "不应报告"
                    actual = "报告了" if got else "未报告"
                    out.append(
                        _p(rule, "wrong-example", f"示例「{ex.name}」（{section}，{day.isoformat()}）{want}本规则的问题，实际{actual}")
                    )
    return out


# --------------------------------------------------------------------------------------------------
# pairs: overlaps and duplicate conditions


def joint_witness(rules: Sequence[Rule]) -> dict[str, bool] | None:
    """A smallest-ish fact combination on which every rule's condition holds, or None if none exists."""
    true: set[str] = set()
    none: set[str] = set()
    for rule in rules:
        true |= set(rule.when.all)
        none |= set(rule.when.none)
    if true & none:
        return None
    for rule in rules:
        if rule.when.any and not (set(rule.when.any) & true):
            pick = next((n for n in rule.when.any if n not in none), None)
            if pick is None:
                return None
            true.add(pick)
    facts = {n: True for n in sorted(true)}
    return facts if all(r.when.holds(facts) for r in rules) else None


def in_force_together(a: Rule, b: Rule) -> _dt.date | None:
    start = max(a.in_force[0], b.in_force[0])
    end = min(a.in_force[1], b.in_force[1])
    return start if start <= end else None


def _facts_text(facts: dict[str, bool]) -> str:
    shown = [n for n, v in facts.items() if v]
    return ("只有 " + "、".join(shown) + " 为真") if shown else "所有事实为假"


def _check_overlaps(rs: RuleSet) -> list[Problem]:
    out = []
    for scope in CLASSIFY_SCOPES:
        rules = sorted(rs.scope(scope), key=order_key)
        for a, b in itertools.combinations(rules, 2):
            day = in_force_together(a, b)
            if day is None or never_holds_reason(a) or never_holds_reason(b):
                continue
            facts = joint_witness([a, b])
            if facts is None:
                continue
            if a.priority == b.priority:
                out.append(
                    _p(
                        b,
                        "ambiguous-priority",
                        f"{a.code} 与 {b.code}（{scope}）可同时适用且优先级同为 {a.priority}，胜出者只由编号顺序决定；"
                        f"例：{_facts_text(facts)}",
                        example=_example_yaml(scope, day, facts),
                    )
                )
            else:
                out.append(
                    _p(
                        b,
                        "overlap",
                        f"{a.code} 与 {b.code}（{scope}）可同时适用，由优先级决定：{a.code} 优先（{a.priority} < {b.priority}）；"
                        f"例：{_facts_text(facts)}",
                        NOTE,
                    )
                )
                out[-1] = Problem(**{**asdict(out[-1]), "other": a.code})
    return out


def _condition_key(rule: Rule) -> tuple[frozenset, frozenset, frozenset]:
    w = rule.when
    anys = frozenset(w.any)
    if anys & set(w.all):  # an any-list already satisfied by an all-fact adds nothing
        anys = frozenset()
    return frozenset(w.all), anys, frozenset(w.none)


def _check_finding_duplicates(rs: RuleSet) -> list[Problem]:
    out = []
    for scope in sorted({r.scope for r in rs.rules} - set(CLASSIFY_SCOPES)):
        rules = sorted(rs.scope(scope), key=lambda r: r.code)
        for a, b in itertools.combinations(rules, 2):
            if in_force_together(a, b) and _condition_key(a) == _condition_key(b):
                out.append(
                    _p(b, "duplicate-condition", f"{a.code} 与 {b.code}（{scope}）条件相同，两者总是同时报告；应合并或区分条件")
                )
    return out


# --------------------------------------------------------------------------------------------------
# decision tables: gaps and shadowed rules, per period


def periods(rs: RuleSet) -> list[tuple[_dt.date, _dt.date]]:
    """The periods in which the rules in force do not change: ``(first day, last day)``."""
    bounds = list(rs.boundaries)
    out = []
    for i, start in enumerate(bounds):
        end = bounds[i + 1] - _dt.timedelta(days=1) if i + 1 < len(bounds) else LATEST
        out.append((start, end))
    return out


@dataclass
class _Table:
    """What one search of a scope's fact space found."""

    facts: list[str]
    method: str
    combinations: int
    gap: dict[str, bool] | None = None
    winners: set[str] = field(default_factory=set)


def _compile(rule: Rule, index: dict[str, int]) -> tuple[int, int, int]:
    def mask(names):
        m = 0
        for n in names:
            m |= 1 << index[n]
        return m

    return mask(rule.when.all), mask(rule.when.any), mask(rule.when.none)


def _exhaustive(rules: Sequence[Rule], names: list[str], need_complete: bool) -> _Table:
    index = {n: i for i, n in enumerate(names)}
    compiled = [(r.code, *_compile(r, index)) for r in rules]  # rules in priority order
    table = _Table(names, "exhaustive", 1 << len(names))
    best_gap = None
    for m in range(1 << len(names)):
        for code, all_m, any_m, none_m in compiled:
            if m & all_m == all_m and (not any_m or m & any_m) and not m & none_m:
                table.winners.add(code)
                break
        else:
            if need_complete and (best_gap is None or (m.bit_count(), m) < (best_gap.bit_count(), best_gap)):
                best_gap = m
    if best_gap is not None:
        table.gap = {n: bool(best_gap >> i & 1) for i, n in enumerate(names)}
    return table


def _sampled(rules: Sequence[Rule], names: list[str], need_complete: bool, max_examples: int) -> _Table:
    from hypothesis import HealthCheck, find, settings
    from hypothesis import strategies as st
    from hypothesis.errors import NoSuchExample

    config = settings(
        max_examples=max_examples,
        database=None,
        derandomize=True,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    table = _Table(names, "hypothesis", max_examples)

    def space(fixed: dict[str, bool]):
        return st.fixed_dictionaries({n: (st.just(fixed[n]) if n in fixed else st.booleans()) for n in names})

    if need_complete:
        try:
            table.gap = find(space({}), lambda f: winner(rules, f) is None, settings=config)
        except NoSuchExample:
            pass
    for rule in rules:
        if never_holds_reason(rule):
            continue
        fixed = {**{n: True for n in rule.when.all}, **{n: False for n in rule.when.none}}
        try:
            find(space(fixed), lambda f, r=rule: winner(rules, f) is r, settings=config)
            table.winners.add(rule.code)
        except NoSuchExample:
            pass
    return table


def _check_tables(rs: RuleSet, limit: int, max_examples: int) -> tuple[list[Problem], list[Coverage]]:
    out: list[Problem] = []
    coverage: list[Coverage] = []
    ever_won: set[str] = set()
    in_force_somewhere: dict[str, tuple[_dt.date, Rule]] = {}
    cache: dict[tuple[str, tuple[str, ...]], _Table] = {}
    for start, end in periods(rs):
        if not rs.in_force_on(start, "item"):
            continue  # classification does not apply (NotApplicableError); nothing to decide
        for scope in CLASSIFY_SCOPES:
            rules = sorted(rs.in_force_on(start, scope), key=order_key)
            need_complete = scope in COMPLETE_SCOPES
            if not rules and not need_complete:
                continue
            names = sorted({n for r in rules for n in r.when.names()})
            key = (scope, tuple(r.code for r in rules))
            if key not in cache:
                if len(names) <= limit:
                    cache[key] = _exhaustive(rules, names, need_complete)
                else:
                    cache[key] = _sampled(rules, names, need_complete, max_examples)
            table = cache[key]
            coverage.append(Coverage(scope, start, end, len(names), table.method, table.combinations))
            ever_won |= table.winners
            for rule in rules:
                in_force_somewhere.setdefault(rule.code, (start, rule))
            if table.gap is not None:
                period = f"{start.isoformat()} 起" + (f"至 {end.isoformat()}" if end < LATEST else "")
                how = "穷举" if table.method == "exhaustive" else "hypothesis 搜索并化简"
                out.append(
                    Problem(
                        "gap",
                        None,
                        str(rs.root / "classify"),
                        f"{scope} 作用域（{period}）有事实组合没有任何规则作出决定（{how}）；"
                        f"例：{_facts_text(table.gap)}",
                        PROBLEM,
                        _example_yaml(scope, start, table.gap),
                    )
                )
    for code, (start, rule) in sorted(in_force_somewhere.items()):
        if code in ever_won or never_holds_reason(rule):
            continue
        sample = joint_witness([rule]) or {}
        rules = rs.in_force_on(start, rule.scope)
        won = winner(rules, sample)
        by = f"如 {won.code}（优先级 {won.priority}）" if won and won is not rule else ""
        out.append(
            _p(
                rule,
                "shadowed",
                f"规则永远不会胜出：凡其条件成立的事实组合，都有优先级更高的规则适用{('，' + by) if by else ''}",
                example=_example_yaml(rule.scope, start, sample),
            )
        )
    return out, coverage


# --------------------------------------------------------------------------------------------------
# issued codes


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


def _check_issued(rs: RuleSet) -> list[Problem]:
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
                    _p(
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
    text = path.read_text(encoding="utf-8") if path.is_file() else (
        "# 已发放的规则编号：只增不减。编号一经发放不得删除或重复使用；\n"
        "# 废止的规则保留其文件并标注 status: removed。由 gkrules rules lint --record-codes 追加。\n"
    )
    if text and not text.endswith("\n"):
        text += "\n"
    path.write_text(text + "".join(c + "\n" for c in new), encoding="utf-8")
    return new


# --------------------------------------------------------------------------------------------------
# counterexamples as YAML


def _example_yaml(scope: str, day: _dt.date, facts: dict[str, bool]) -> str:
    """A counterexample a reviewer can read, and for item/case scopes save and run as a case file."""
    true = [n for n, v in facts.items() if v]
    if scope in ("item", "case"):
        lines = [
            "id: 反例",
            "agency: 某机关",
            f"received: {day.isoformat()}",
            "applicant: {name: 申请人, type: natural_person}",
            "request: 反例（由 gkrules rules lint 生成）",
        ]
        if scope == "case":
            lines += ["facts:"] + [f"  {n}: true" for n in true] if true else ["facts: {}"]
            lines += ["items:", "  - text: 事项"]
        else:
            lines += ["items:", "  - text: 事项"]
            lines += ["    facts:"] + [f"      {n}: true" for n in true] if true else ["    facts: {}"]
        return "\n".join(lines) + "\n"
    lines = [f"scope: {scope}", f"on: {day.isoformat()}"]
    lines += ["facts:"] + [f"  {n}: {'true' if v else 'false'}" for n, v in facts.items()] if facts else ["facts: {}"]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------------
# text output


def _rel(path: str | None) -> str:
    if not path:
        return "<规则集>"
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path


def _sort_key(p: Problem) -> tuple[str, str, str, str]:
    return (_rel(p.file), p.code or "", p.kind, p.message)


def render_text(report: Report, notes: bool = True) -> str:
    lines = []
    for p in sorted(report.problems, key=_sort_key):
        lines.append(f"{_rel(p.file)}: {p.code or '-'} [{p.kind}] {p.message}")
        if p.counterexample:
            label = "反例" if p.kind == "gap" else "例"
            lines += [f"    {label}（YAML）："] + ["      " + line for line in p.counterexample.splitlines()]
    if notes and report.notes:
        if lines:
            lines.append("")
        lines.append(f"提示（{len(report.notes)} 条，供复核，不算问题）：")
        overlaps: dict[tuple[str, str], list[str]] = defaultdict(list)
        for p in sorted(report.notes, key=lambda p: (p.kind, p.code or "", p.message)):
            if p.kind == "overlap" and p.other:
                overlaps[(_rel(p.file), p.code or "-")].append(p.other)
                continue
            lines.append(f"  {_rel(p.file)}: {p.code or '-'} [{p.kind}] {p.message}")
        for (file, code), others in sorted(overlaps.items()):
            lines.append(
                f"  {file}: {code} [overlap] 可与优先的 {'、'.join(sorted(others))} 同时适用，由优先级决定（请确认符合本意）"
            )
    if lines:
        lines.append("")
    searched = Counter()
    for c in report.coverage:
        searched[(c.scope, c.method, c.facts, c.combinations)] += 1
    desc = []
    for (scope, method, facts, combos), n in sorted(searched.items()):
        how = f"穷举 {combos} 种组合" if method == "exhaustive" else f"hypothesis 抽样 {combos} 例"
        desc.append(f"{scope}：{facts} 个事实，{how}" + (f"，{n} 个施行期间" if n > 1 else ""))
    if desc:
        lines.append("检查范围：" + "；".join(desc))
    verdict = "未发现问题" if report.ok else f"发现 {len(report.problems)} 个问题"
    lines.append(f"规则集 {report.ruleset}，共 {report.rules} 条规则：{verdict}；提示 {len(report.notes)} 条")
    return "\n".join(lines)


def kinds_help() -> str:
    return "\n".join(f"  {k:<22}{v}" for k, v in KINDS.items())


