"""Loading the rule files under ``rules/`` into a :class:`RuleSet`.

A rule file is the one place a reviewer reads to know what a rule does: its code, title, the
article it encodes with the dates that article is in force, its conditions on boolean facts, its
message and its examples. Each area (``rules/classify/``, ``rules/letter/``, ``rules/deadline/``)
also has a ``facts.yml`` naming, in Chinese, every fact its rules may test.

Loading checks structure only (types, unknown keys, duplicate keys, file name = code, unique
codes, known fact names). Completeness and consistency are ``gkrules rules lint``'s work.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from . import patterns
from .caseio import load_model_file
from .datafile import cache_dir
from .errors import RuleFileError, UnknownRuleError, suggest
from .models import IsoDate
from .yamlio import load_file

if TYPE_CHECKING:
    from .conditions import Condition

CODE_PATTERN = patterns.compile(r"^GK-[A-Z]-\d{3}$")
FACT_PATTERN = patterns.compile(r"^[a-z][a-z0-9_]*$")
FACTS_FILE = "facts.yml"
WORDINGS_DIR = "wordings"
PARAMS_DIR = "params"
EARLIEST = _dt.date(1900, 1, 1)
LATEST = _dt.date(9999, 12, 31)

Scope = Literal["case", "item", "separation", "aggregate", "letter", "deadline"]
#: the scopes whose rules decide a category (lowest priority wins); the others report findings
CLASSIFY_SCOPES: tuple[str, ...] = ("case", "item", "separation", "aggregate")
FINDING_SCOPES: tuple[str, ...] = ("letter", "deadline")


class _Strict(BaseModel):
    # validators are built when a rule file is first validated: a rule set read from the cache is
    # built without them (see _rule_from_cache)
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=True, defer_build=True)


class InForce(_Strict):
    start: IsoDate = Field(alias="from")
    end: IsoDate | None = Field(default=None, alias="to")

    def holds_on(self, day: _dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Citation(_Strict):
    cite: Annotated[str, Field(min_length=2)]
    in_force: InForce
    quote: str | None = None


class When(_Strict):
    all: list[str] = Field(default_factory=list)
    any: list[str] = Field(default_factory=list)
    none: list[str] = Field(default_factory=list)

    @cached_property
    def condition(self) -> Condition:
        """The condition's meaning (:mod:`gkrules.conditions`, imported when a condition is first asked for: a
        command whose engine answers come from the cache never needs one)."""
        from .conditions import Condition

        return Condition.of(self)

    def names(self) -> list[str]:
        return list(self.condition.names())

    def holds(self, facts: Mapping[str, bool]) -> bool:
        return self.condition.holds(facts)


class Example(_Strict):
    name: Annotated[str, Field(min_length=1)]
    facts: dict[str, bool] = Field(default_factory=dict)
    on: IsoDate | None = None
    # letter and deadline rules may give the input the facts are extracted from
    letter: str | None = None
    case: dict | None = None


class Examples(_Strict):
    fires: list[Example] = Field(default_factory=list)
    does_not_fire: list[Example] = Field(default_factory=list)


class Rule(_Strict):
    code: str
    slug: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    title: Annotated[str, Field(min_length=2)]
    scope: Scope
    status: Literal["active", "removed"] = "active"
    removed_since: IsoDate | None = None
    aliases: list[str] = Field(default_factory=list)
    # classification rules
    category: str | None = None
    report_row: str | None = None
    report_row_2021: str | None = None  # the row of the 2021 form where it differs
    priority: int | None = None
    exemption: bool = False
    # finding rules
    element: str | None = None
    severity: Literal["error", "warning"] | None = None
    law: list[Citation] = Field(default_factory=list)
    when: When = Field(default_factory=When)
    message: str | None = None
    explain: str = ""
    interpretation: str | None = None
    examples: Examples = Field(default_factory=Examples)

    # set by the loader
    path: str = Field(default="", exclude=True)

    @property
    def active(self) -> bool:
        return self.status == "active"

    @property
    def article(self) -> str:
        """The citations as one string, e.g. ``条例第十五条；条例第三十二条``."""
        return "；".join(c.cite for c in self.law) or "—"

    @cached_property
    def in_force(self) -> tuple[_dt.date, _dt.date]:
        """The period in which every provision the rule cites is in force (both ends included)."""
        if not self.law:
            return EARLIEST, LATEST
        start = max(c.in_force.start for c in self.law)
        end = min((c.in_force.end or LATEST) for c in self.law)
        return start, end

    def in_force_on(self, day: _dt.date) -> bool:
        start, end = self.in_force
        return start <= day <= end


@dataclass(frozen=True)
class RuleSet:
    """Every rule file and fact vocabulary under one ``rules/`` directory."""

    root: Path
    all_rules: tuple[Rule, ...]
    facts: dict[str, dict[str, str]]  # scope -> fact name -> Chinese description
    digest: str

    @property
    def hash(self) -> str:
        return self.digest[:16]

    @cached_property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.all_rules if r.active)

    @cached_property
    def _scopes(self) -> dict[str, tuple[Rule, ...]]:
        out: dict[str, list[Rule]] = {}
        for rule in self.rules:
            out.setdefault(rule.scope, []).append(rule)
        return {k: tuple(v) for k, v in out.items()}

    def scope(self, scope: str) -> tuple[Rule, ...]:
        return self._scopes.get(scope, ())

    @cached_property
    def _index(self) -> dict[str, Rule]:
        index = {}
        for rule in self.all_rules:
            for code in (rule.code, *rule.aliases):
                index[code] = rule
        return index

    def get(self, code: str) -> Rule:
        rule = self._index.get(code) or self._index.get(code.strip().upper())
        if rule is not None:
            return rule
        raise UnknownRuleError(code, suggest(code.strip().upper(), [r.code for r in self.all_rules]))

    def area(self, rule: Rule) -> str | None:
        """The area directory a rule file stands in (``classify``, ``letter`` …), None at the top level."""
        try:
            parts = Path(rule.path).resolve().relative_to(self.root.resolve()).parts
        except ValueError:
            return None
        return parts[0] if len(parts) > 1 else None

    @cached_property
    def boundaries(self) -> tuple[_dt.date, ...]:
        """Every date on which the set of rules in force changes, sorted."""
        return self._boundaries_of(tuple({rule.scope for rule in self.rules}))

    def epoch(self, day: _dt.date, scopes: str | tuple[str, ...] | None = None) -> int:
        """Index of the period between boundaries that ``day`` falls in; equal epochs, equal rules.

        With ``scopes`` (a scope or a tuple of them), the boundaries of those scopes' rules only: equal
        epochs, equal rules of those scopes in force (the classification rules have not changed since
        2019-05-15 while letter rules have, so days on either side of a letter rule's date share an epoch
        of the classification scopes)."""
        if scopes is None:
            return bisect_right(self.boundaries, day)
        found = self._scope_boundaries.get(scopes)
        if found is None:
            found = self._scope_boundaries[scopes] = self._boundaries_of(
                (scopes,) if isinstance(scopes, str) else scopes
            )
        return bisect_right(found, day)

    @cached_property
    def _scope_boundaries(self) -> dict[str | tuple[str, ...], tuple[_dt.date, ...]]:
        return {}

    def _boundaries_of(self, scopes: tuple[str, ...]) -> tuple[_dt.date, ...]:
        days = set()
        for rule in self.rules:
            if rule.scope not in scopes:
                continue
            start, end = rule.in_force
            days.add(start)
            if end < LATEST:
                days.add(end + _dt.timedelta(days=1))
        return tuple(sorted(days))

    def in_force_on(self, day: _dt.date, scope: str | None = None) -> tuple[Rule, ...]:
        key = (self.epoch(day), scope)
        found = self._in_force.get(key)
        if found is None:
            found = tuple(r for r in self.rules if r.in_force_on(day) and (scope is None or r.scope == scope))
            self._in_force[key] = found
        return found

    @cached_property
    def _in_force(self) -> dict[tuple, tuple[Rule, ...]]:
        return {}

    def earliest(self, scope: str) -> _dt.date | None:
        starts = [r.in_force[0] for r in self.scope(scope)]
        return min(starts) if starts else None


def _load_facts(path: Path) -> dict[str, dict[str, str]]:
    data, positions = load_file(path)
    if not isinstance(data, dict):
        raise RuleFileError("facts.yml 的顶层应为映射：作用域 → 事实名 → 中文说明", file=str(path), line=1)
    out: dict[str, dict[str, str]] = {}
    for scope, names in data.items():
        line, col = positions.find((scope,))
        if scope not in Scope.__args__:  # type: ignore[attr-defined]
            raise RuleFileError(
                f"未知的作用域 {scope}",
                file=str(path),
                line=line,
                column=col,
                field=str(scope),
                suggestion=suggest(str(scope), Scope.__args__),  # type: ignore[attr-defined]
            )
        if not isinstance(names, dict):
            raise RuleFileError("应为映射：事实名 → 中文说明", file=str(path), line=line, field=str(scope))
        for name, text in names.items():
            nline, ncol = positions.find((scope, name))
            if not FACT_PATTERN.match(str(name)) or not isinstance(text, str) or not text.strip():
                raise RuleFileError(
                    "事实名应为小写英文加下划线，说明应为非空中文文本",
                    file=str(path),
                    line=nline,
                    column=ncol,
                    field=f"{scope}.{name}",
                )
        out[scope] = {str(k): str(v) for k, v in names.items()}
    return out


def load_rule(path: Path) -> Rule:
    rule, positions = load_model_file(path, Rule, RuleFileError, "规则文件的顶层应为映射")
    line, col = positions.find(("code",))
    if not CODE_PATTERN.match(rule.code):
        raise RuleFileError(
            f"规则编号 {rule.code!r} 格式应为 GK-<字母>-<三位数字>", file=str(path), line=line, column=col, field="code"
        )
    if path.stem != rule.code:
        raise RuleFileError(
            f"文件名应与规则编号一致：{rule.code}.yml，实为 {path.name}",
            file=str(path),
            line=line,
            column=col,
            field="code",
        )
    return rule.model_copy(update={"path": str(path)})


def default_root() -> Path:
    env = os.environ.get("GKRULES_RULES")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "rules"


def load_ruleset(root: str | Path | None = None, *, strict: bool = True) -> RuleSet:
    """Load every ``GK-*.yml`` and ``facts.yml`` below ``root`` (default: the project's ``rules/``).

    ``strict=False`` keeps rules with duplicate codes or unknown fact names, for ``gkrules rules lint``
    to report them all instead of stopping at the first.
    """
    root = Path(root) if root is not None else default_root()
    if not root.is_dir():
        raise RuleFileError(
            "找不到规则目录；请在项目目录中运行，或用 --rules DIR / 环境变量 GKRULES_RULES 指定", file=str(root)
        )
    files = sorted(p for p in root.rglob("*.yml") if p.is_file())
    hexdigest = _digest_of(root, files)
    if strict:
        cached = _read_cache(root, hexdigest)
        if cached is not None:
            return cached
    facts: dict[str, dict[str, str]] = {}
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path in files:
        if path.name == FACTS_FILE:
            for scope, names in _load_facts(path).items():
                clash = set(facts.get(scope, {})) & set(names)
                if clash:
                    raise RuleFileError(f"事实 {sorted(clash)} 在多个 facts.yml 中重复定义", file=str(path))
                facts.setdefault(scope, {}).update(names)
            continue
        if path.relative_to(root).parts[0] == PARAMS_DIR:
            continue  # dated legal parameters and tables (gkrules.params), not rules
        if WORDINGS_DIR in path.relative_to(root).parts[:-1]:
            continue  # wordings a letter is read with (gkrules.letter.wordings), not rules
        if not path.name.startswith("GK-"):
            raise RuleFileError(
                "规则目录中只能有 GK-*.yml 规则文件和 facts.yml（参数表放在 params/ 下，措辞放在 wordings/ 下）",
                file=str(path),
            )
        rule = load_rule(path)
        for code in [rule.code, *rule.aliases]:
            if code in seen and strict:
                raise RuleFileError(f"规则编号 {code} 重复（另见 {seen[code]}）", file=str(path), field="code")
            seen[code] = str(path)
        rules.append(rule)
    if not rules:
        raise RuleFileError("规则目录中没有规则文件（GK-*.yml）；请检查 --rules 或 GKRULES_RULES", file=str(root))
    ruleset = RuleSet(root=root, all_rules=tuple(rules), facts=facts, digest=hexdigest)
    if strict:
        _check_fact_names(ruleset)
        if _digest_of(root, files) == hexdigest:  # no file changed while it was being read
            _write_cache(ruleset)
    return ruleset


def _digest_of(root: Path, files: list[Path]) -> str:
    """The rule set's digest: every file's name and bytes ("" when one cannot be read)."""
    digest = hashlib.sha256()
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            return ""
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


# --------------------------------------------------------------------------- the parsed-rules cache
#
# Reading 80 rule files with a YAML parser that keeps line numbers takes most of a second; a rule set
# already read and checked is kept as JSON under the digest of every rule file's name and bytes, and
# of what turns them into rules (this module, the modules it reads files with, the pydantic version).
# Any change to a rule file changes the digest, so a stale entry is never read; an unreadable entry is
# ignored and the files are read again.
#
# An entry is trusted only as written: it starts with a marker line naming the format, the rule set's
# digest and the SHA-256 of the JSON that follows, and that JSON must hash to it. An entry edited by hand
# (a category changed, valid JSON still) or cut short is ignored and rewritten from the rule files.
# Pruning old entries deletes only files with this marker and gkrules' name pattern, so pointing
# GKRULES_CACHE at a directory that holds other files (even other rules-*.json) leaves them alone.

CACHE_ENTRIES = 16
_MARKER = "gkrules-rules-cache/2"
_ENTRY_NAME = patterns.compile(r"^rules-[0-9a-f]{32}-[0-9a-f]{12}\.json$")


def _cache_file(digest: str) -> Path | None:
    directory = cache_dir()
    if directory is None:
        return None
    return directory / f"rules-{digest[:32]}-{_code_digest()}.json"


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """What turns rule files into rules: this module, the modules it reads files with, pydantic."""
    import pydantic

    from . import caseio, models, yamlio

    code = hashlib.sha256(pydantic.VERSION.encode())
    for module in (__file__, caseio.__file__, models.__file__, yamlio.__file__):
        code.update(Path(module).read_bytes())
    return code.hexdigest()[:12]


def _entry_body(text: str, digest: str | None = None) -> str | None:
    """The JSON of a cache entry whose marker line matches it (and ``digest``, when given), else None."""
    head, _, body = text.partition("\n")
    parts = head.split(" ")
    if len(parts) != 3 or parts[0] != _MARKER:
        return None
    if digest is not None and parts[1] != digest:
        return None
    if hashlib.sha256(body.encode("utf-8")).hexdigest() != parts[2]:
        return None
    return body


def _is_own_entry(path: Path) -> bool:
    """A file this module wrote: gkrules' name pattern and the marker at its start."""
    if not _ENTRY_NAME.match(path.name):
        return False
    try:
        with open(path, "rb") as handle:
            return handle.read(len(_MARKER) + 1) == (_MARKER + " ").encode()
    except OSError:
        return False


def _read_cache(root: Path, digest: str) -> RuleSet | None:
    path = _cache_file(digest)
    if path is None or not path.is_file():
        return None
    try:
        import json

        body = _entry_body(path.read_text(encoding="utf-8"), digest)
        if body is None:
            return None
        data = json.loads(body, object_hook=_from_json)
        if data.get("digest") != digest:
            return None
        rules = tuple(_rule_from_cache(r["rule"], str(root / r["file"])) for r in data["rules"])
        facts = {scope: dict(names) for scope, names in data["facts"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return RuleSet(root=root, all_rules=rules, facts=facts, digest=digest)


def _rule_from_cache(data: dict, path: str) -> Rule:
    """A rule of a cache entry, built as it was written (``model_dump`` of a validated rule, its digest
    checked), without validating it again."""
    law = [Citation.model_construct(**{**c, "in_force": InForce.model_construct(**c["in_force"])}) for c in data["law"]]
    examples = data["examples"]
    return Rule.model_construct(
        **{
            **data,
            "law": law,
            "when": When.model_construct(**data["when"]),
            "examples": Examples.model_construct(
                fires=[Example.model_construct(**e) for e in examples["fires"]],
                does_not_fire=[Example.model_construct(**e) for e in examples["does_not_fire"]],
            ),
            "path": path,
        }
    )


def _to_json(value):
    """Dates (also inside examples' free-form ``case`` mappings) are tagged so that they come back as dates."""
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return {_DATE_TAG: value.isoformat()}
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _from_json(obj: dict):
    if len(obj) == 1 and _DATE_TAG in obj:
        return _dt.date.fromisoformat(obj[_DATE_TAG])
    return obj


_DATE_TAG = "$gkrules.date"


def _write_cache(ruleset: RuleSet) -> None:
    path = _cache_file(ruleset.digest)
    if path is None:
        return
    import json
    import tempfile

    data = {
        "digest": ruleset.digest,
        "facts": ruleset.facts,
        "rules": [
            {"file": Path(r.path).relative_to(ruleset.root).as_posix(), "rule": r.model_dump()}
            for r in ruleset.all_rules
        ],
    }
    try:
        body = json.dumps(data, ensure_ascii=False, default=_to_json)
        text = f"{_MARKER} {ruleset.digest} {hashlib.sha256(body.encode('utf-8')).hexdigest()}\n{body}"
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False) as f:
            f.write(text)
        os.replace(f.name, path)
        entries = [p for p in path.parent.glob("rules-*.json") if _is_own_entry(p)]
        entries.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[CACHE_ENTRIES:]:
            old.unlink(missing_ok=True)
    except (OSError, ValueError, TypeError):
        pass  # a cache that cannot be written only costs time


def _check_fact_names(ruleset: RuleSet) -> None:
    for rule in ruleset.all_rules:
        vocabulary = ruleset.facts.get(rule.scope, {})
        for name in rule.when.names():
            if name not in vocabulary:
                raise RuleFileError(
                    f"条件中的事实 {name} 未在作用域 {rule.scope} 的 facts.yml 中定义",
                    file=rule.path,
                    field="when",
                    suggestion=suggest(name, vocabulary),
                )


_CACHE: dict[Path, RuleSet] = {}


def ruleset(root: str | Path | None = None) -> RuleSet:
    """The rule set under ``root``, loaded once per process."""
    key = (Path(root) if root is not None else default_root()).resolve()
    if key not in _CACHE:
        _CACHE[key] = load_ruleset(key)
    return _CACHE[key]
