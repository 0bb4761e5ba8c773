"""Batch audit: classify many cases, compare with the staff's drafts, run the checks; memory stays flat.

Input is read in chunks (JSONL lines or case-file paths). Each chunk is turned into a small summary —
counters plus one row per case that needs a reviewer (draft disagrees, error findings, unusable input)
— so nothing grows with the number of cases except those rows, which the caller streams out.
With ``jobs > 1`` chunks go to worker processes: forked copies of this process made after the auditor
(rules, durable-rules engine, calendar) is built, or, where fork is not available, processes that each
build their own.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from .batch_input import (  # the batch's input, re-exported for the commands
    JSONL_CHUNK,
    JSONL_SUFFIXES,
    LETTER_SUFFIXES,
    STDIN,
    UNEXPECTED,
    Unit,
    iter_cases,
    iter_units,
    parse_unit,
    unexpected_error,
)
from .case_ids import IdRegistry, duplicate_message, place
from .deadline import DeadlineState, deadline_state, finding_messages, fired_of
from .errors import GkError, InputError
from .models import Case
from .redact import mask_names
from .rulebook import Rule

__all__ = [
    "JSONL_CHUNK",
    "JSONL_SUFFIXES",
    "STDIN",
    "Unit",
    "iter_cases",
    "iter_units",
    "parse_unit",
    "IdRegistry",
    "duplicate_message",
    "Auditor",
    "ChunkResult",
    "Counted",
    "CountedColumns",
    "Settings",
    "check_function",
    "run",
    "settle_duplicates",
]

#: combinations of the deadline facts whose findings are remembered (a bounded memory, which a
#: million-case audit must not see grow)
DEADLINE_MEMO_ENTRIES = 4_096
#: imported once by the fork server so that workers start faster (no engine is created by importing them)
PRELOAD = (
    "gkrules.audit",
    "gkrules.batch_input",
    "gkrules.case_ids",
    "gkrules.classify",
    "gkrules.rulebook",
    "gkrules.caseio",
    "pydantic",
    "ruamel.yaml",
)


# ------------------------------------------------------------------------------------------- auditing


def check_function():
    """``gkrules.check.check`` (a typed result): imported when the first case with a letter is audited,
    so that a batch without letters never loads the letter checker."""
    from .check import check

    return check


def letter_alone(result, ruleset):
    """A letter audited without its case file is judged as ``check LETTER`` judges it."""
    from .check_letter import letter_alone as adjust

    return adjust(result, ruleset)


@dataclass(frozen=True)
class Settings:
    """What a worker needs to build its own auditor (plain data: it crosses process boundaries)."""

    rules_dir: str | None = None
    calendar_dir: str | None = None
    prefer_file: bool = False
    show_names: bool = False
    checks: bool = True
    #: a directory, besides the batch's own, where the cases' reply letters may be
    letters_dir: str | None = None


class Counted(NamedTuple):
    """What one counted case added to its chunk's result, so that a duplicate can be taken back out.

    Chunks carry these as plain tuples (a tenth of the cost of pickling a class per case).
    """

    id: str
    file: str
    line: int | None
    counts: tuple[str, ...]
    rule: tuple | None
    findings: tuple[tuple, ...]
    row: int | None  # index into the chunk's rows
    at: int  # how many rows the chunk had before this case: where a row for it belongs


class ChunkResult:
    """What a chunk added: counters, the rows of the cases that need a reviewer (in input order) and the
    counted cases (so that a case whose id was seen before can be taken back out).

    A chunk audited by a worker process crosses to the main process packed (:meth:`packed`): its rows as
    their JSON text, made in the worker, and its counted cases column by column; the rows become dicts
    again only if :attr:`rows` is read.
    """

    def __init__(self) -> None:
        self.counts: Counter = Counter()
        self.by_rule: Counter = Counter()  # disagreements by (deciding rule, article)
        self.by_finding: Counter = Counter()  # findings by (code, severity)
        self._rows: list[dict] | None = []
        self._texts: list[str] | None = None  # the rows as JSON text, until they are read as dicts
        self.cpu_seconds = 0.0  # processor time the auditing took, wherever it ran
        #: this chunk's cases as Counted tuples, or (from a worker) CountedColumns; dropped once settled
        self.counted: list[tuple] | CountedColumns = []

    @property
    def rows(self) -> list[dict]:
        if self._rows is None:
            self._rows = [json.loads(text) for text in self._texts or ()]
            self._texts = None
        return self._rows

    def row_texts(self) -> list[str]:
        """Each row as one line of JSON text: ``json.dumps(row, ensure_ascii=False)``."""
        if self._texts is not None:
            return self._texts
        return [row_text(row) for row in self.rows]

    def merge(self, other: "ChunkResult") -> None:
        self.cpu_seconds += other.cpu_seconds
        self.counts.update(other.counts)
        self.by_rule.update(other.by_rule)
        self.by_finding.update(other.by_finding)

    def packed(self) -> tuple:
        """This result as plain data that is cheap to pickle (see :meth:`unpacked`)."""
        texts = self.row_texts()
        return (
            dict(self.counts),
            dict(self.by_rule),
            dict(self.by_finding),
            self.cpu_seconds,
            len(texts),
            "\n".join(texts),  # JSON text holds no line end: it escapes them in strings
            CountedColumns.of(self.counted).packed(),
        )

    @classmethod
    def unpacked(cls, data: tuple) -> "ChunkResult":
        counts, by_rule, by_finding, cpu, n_rows, texts, counted = data
        out = cls()
        out.counts.update(counts)
        out.by_rule.update(by_rule)
        out.by_finding.update(by_finding)
        out.cpu_seconds = cpu
        out._rows = None
        out._texts = texts.split("\n") if n_rows else []
        out.counted = CountedColumns.unpacked(counted)
        return out


def row_text(row: dict) -> str:
    return json.dumps(row, ensure_ascii=False)


class CountedColumns:
    """A chunk's counted cases column by column (ids, files, lines, where a row goes, and an index into the
    chunk's few distinct (counters, rule, findings, has a row) combinations): a fraction of the cost of
    pickling a tuple per case. ``self[i]`` gives the case's :class:`Counted` back."""

    __slots__ = ("ids", "files", "lines", "at", "kinds", "kind")

    def __init__(self, ids: list[str], files: str | list[str], lines, at, kinds: list[tuple], kind) -> None:
        self.ids = ids
        self.files = files  # one name for all the cases, or a name for each
        self.lines = lines  # array of line numbers, 0 for none
        self.at = at  # array: how many rows the chunk had before the case
        self.kinds = kinds
        self.kind = kind  # array of indexes into kinds

    @classmethod
    def of(cls, counted: "list[tuple] | CountedColumns") -> "CountedColumns":
        if isinstance(counted, CountedColumns):
            return counted
        from array import array

        files = [c[1] for c in counted]
        first = files[0] if files else ""
        index: dict[tuple, int] = {}
        kind = array("I", [index.setdefault((c[3], c[4], c[5], c[6] is not None), len(index)) for c in counted])
        return cls(
            [c[0] for c in counted],
            first if all(f == first for f in files) else files,
            array("q", [c[2] or 0 for c in counted]),
            array("q", [c[7] for c in counted]),
            list(index),
            kind,
        )

    def packed(self) -> tuple:
        return (self.ids, self.files, self.lines.tobytes(), self.at.tobytes(), self.kinds, self.kind.tobytes())

    @classmethod
    def unpacked(cls, data: tuple) -> "CountedColumns":
        from array import array

        ids, files, lines, at, kinds, kind = data
        columns = [array("q"), array("q"), array("I")]
        for column, raw in zip(columns, (lines, at, kind)):
            column.frombytes(raw)
        return cls(ids, files, columns[0], columns[1], kinds, columns[2])

    def __len__(self) -> int:
        return len(self.ids)

    def entries(self) -> Iterable[tuple[str, str, int]]:
        """``(id, file, line)`` of each case, in order (line 0: none), as :meth:`IdRegistry.add_many` takes them."""
        from itertools import repeat

        files = repeat(self.files) if isinstance(self.files, str) else self.files
        return zip(self.ids, files, self.lines)

    def __getitem__(self, i: int) -> Counted:
        counts, rule, findings, has_row = self.kinds[self.kind[i]]
        file = self.files if isinstance(self.files, str) else self.files[i]
        at = self.at[i]
        return Counted(self.ids[i], file, self.lines[i] or None, counts, rule, findings, at if has_row else None, at)


class Auditor:
    def __init__(self, settings: Settings):
        from .classify import classifier

        self.settings = settings
        # the engine's answers are kept between runs (cache.DecisionStore): a batch of facts seen before
        # neither imports durable-rules nor builds its rulesets
        self.classifier = classifier(settings.rules_dir, remember=True)
        self._articles: dict[str, str] = {}
        self._deadline_memo: dict[tuple, tuple[tuple[str, str], ...]] = {}
        self._fired_lists: dict[tuple, tuple[tuple[str, str], ...]] = {}
        self._deadline_epochs: dict = {}  # receipt date -> epoch of the deadline rules
        self._fired_rules: dict[tuple, list[tuple[Rule, str]]] = {}  # a fired list's rules (as few as the lists)
        self._error_counts: dict[tuple, int] = {}  # a fired list's errors
        self.checks = settings.checks
        self._check: Callable[..., Any] | None = None  # check_function(), once a case has a letter
        self.calendar = None
        self.profile = None
        if self.checks:
            from .workdays import WorkdayCalendar, default_calendar_dir

            directory = settings.calendar_dir or default_calendar_dir()
            self.calendar = WorkdayCalendar(directory, prefer_file=settings.prefer_file)
            self.profile = _default_profile(self.classifier.ruleset)

    def classify(self, case: Case) -> tuple[str, str, str]:
        """(category, deciding rule, article), as :meth:`Classifier.decide` gives them: remembered per
        step of the procedure and in-force epoch (a batch repeats the combinations of an item's facts
        even where whole cases do not repeat)."""
        category, rule = self.classifier.decide(case)
        article = self._articles.get(rule.code)
        if article is None:
            article = self._articles[rule.code] = rule.article
        return category, rule.code, article

    def deadline(self, case: Case) -> tuple[DeadlineState, tuple[tuple[str, str], ...]]:
        """The case's :func:`~gkrules.deadline.deadline_state` and ``(code, severity)`` of each finding of
        the deadline rules, as ``gkrules check`` reports them.

        Which rules fire depends on the boolean facts alone once the rules in force, the profile and the
        calendar are fixed, as they are for an auditor: the answer is remembered per (epoch, facts), a
        few hundred combinations at most (equal lists are kept once); the memo is bounded all the same.
        """
        state = deadline_state(case, self.calendar)
        received = case.received
        epoch = self._deadline_epochs.get(received)
        if epoch is None:
            if len(self._deadline_epochs) >= DEADLINE_MEMO_ENTRIES:
                self._deadline_epochs.clear()
            epoch = self._deadline_epochs[received] = self.classifier.ruleset.epoch(received, "deadline")
        key = (epoch, *state.facts.values())
        hit = self._deadline_memo.get(key)
        if hit is None:
            fired = tuple(fired_of(state, self.classifier.evaluator, severities=self.profile.severity))
            hit = self._fired_lists.setdefault(fired, fired)
            if len(self._deadline_memo) >= DEADLINE_MEMO_ENTRIES:
                self._deadline_memo.clear()
            self._deadline_memo[key] = hit
        return state, hit

    def deadline_rows(self, case: Case, state: DeadlineState, fired: tuple[tuple[str, str], ...]) -> list[dict]:
        """The findings a reviewer's row shows for what :meth:`deadline` gave (rule, severity and message,
        names masked unless shown), without asking the rules again."""
        chosen = self._rules_fired(fired)
        messages = finding_messages(state, chosen, self.calendar)
        return [
            self._shown(rule.code, rule.element or rule.scope, severity, message, case)
            for (rule, severity), message in zip(chosen, messages)
        ]

    def _errors(self, fired: tuple[tuple[str, str], ...]) -> int:
        """How many of what :meth:`deadline` gave are errors (counted once per list: the lists are few)."""
        count = self._error_counts.get(fired)
        if count is None:
            count = self._error_counts[fired] = _error_count(fired)
        return count

    def _rules_fired(self, fired: tuple[tuple[str, str], ...]) -> list[tuple[Rule, str]]:
        """The rules of what :meth:`deadline` gave, each with its severity (the finding's effective one,
        which a finding built with it keeps as it is)."""
        rules = self._fired_rules.get(fired)
        if rules is None:
            get = self.classifier.ruleset.get
            rules = self._fired_rules[fired] = [(get(code), severity) for code, severity in fired]
        return rules

    def run(self, unit: Unit) -> ChunkResult:
        start = time.process_time()
        out = ChunkResult()
        lines = unit.kind in ("range", "jsonl")  # a case file's errors carry their own lines
        self.roots = letter_roots(unit, self.settings.letters_dir)
        for source, line, item in parse_unit(unit):
            if isinstance(item, InputError):
                out.counts["invalid"] += 1
                out.rows.append(_invalid_row(source, line, item))
                continue
            try:
                self.audit_case(item, source, line if lines else None, out)
            except UNEXPECTED as exc:
                out.counts["invalid"] += 1
                out.rows.append(_invalid_row(source, line if lines else None, unexpected_error(exc, source), item.id))
        out.cpu_seconds = time.process_time() - start
        return out

    def remember(self) -> None:
        """Keep the engine's new answers of this process for later runs (the store in the cache directory)."""
        from .cache import CachedEvaluator

        if isinstance(self.classifier.evaluator, CachedEvaluator):
            self.classifier.evaluator.save()

    def letter_path(self, case: Case, source: str, line: int | None) -> Path | None:
        """Where the case's reply letter is, refused unless it lies inside the batch's directory or the
        ``--letters`` directory: a batch from elsewhere must not make the audit read (and show lines of)
        any file on the machine. A relative path is taken from the case file's directory (JSONL: the
        file's), then from the ``--letters`` directory."""
        if case.decision is None or not case.decision.letter:
            return None
        written = case.decision.letter
        base = Path(source).parent if source != "<stdin>" else Path.cwd()
        candidates = [Path(written) if Path(written).is_absolute() else base / written]
        if self.settings.letters_dir and not Path(written).is_absolute():
            candidates.append(Path(self.settings.letters_dir) / written)
        for candidate in candidates:
            resolved = Path(os.path.realpath(candidate))
            if any(_inside(resolved, root) for root in self.roots) and (
                resolved.exists() or candidate is candidates[-1]
            ):
                return resolved
        roots = "、".join(str(r) for r in self.roots)
        raise InputError(
            f"答复书 {written} 不在审查的目录（{roots}）之内，未读取；请把答复书放在案件目录中，或用 --letters 指定答复书目录",
            file=source,
            line=line,
            field="decision.letter",
        )

    def audit_case(self, case: Case, source: str, line: int | None, out: ChunkResult) -> None:
        counts = out.counts
        findings: Sequence[dict] = ()  # the check's findings (a case with a letter)
        shown: list[dict] | None = None  # the row's findings of a case without a letter, built for a row only
        finding_keys: tuple = ()
        errors = 0  # findings of severity error
        decision = case.decision
        draft = decision.category if decision is not None else None
        try:
            if not self.checks:
                category, rule_code, article = self.classify(case)
            elif decision is None or not decision.letter:
                # without a letter, check_case reports the draft category (GK-K-001, which the audit
                # reports as a disagreement) and the deadline rules: those are run here directly,
                # without building the check's JSON record (the deadline's day-by-day detail); the
                # findings' messages are built only for a case that gets a row
                category, rule_code, article = self.classify(case)
                state, finding_keys = self.deadline(case)
                if finding_keys:
                    errors = self._errors(finding_keys)
                if (draft is not None and draft != category) or errors:
                    shown = self.deadline_rows(case, state, finding_keys)
            else:
                letter = self.letter_path(case, source, line)
                # the check classifies with the same (cached) evaluator and runs the letter/deadline rules
                if self._check is None:
                    self._check = check_function()
                result = self._check(
                    case,
                    None if line is not None else source,
                    profile=self.profile,
                    calendar=self.calendar,
                    evaluator=self.classifier.evaluator,
                    letter_path=letter,
                )
                if source.lower().endswith(LETTER_SUFFIXES):  # a letter audited without a case file
                    result = letter_alone(result, self.classifier.ruleset)
                category = result.category
                rule_code, article = result.deciding_rule.code, result.deciding_rule.article
                findings = [f.as_dict() for f in result.findings if f.element != "category"]
                finding_keys = tuple([(f.get("code", "?"), f.get("severity", "?")) for f in findings])
                errors = _error_count(finding_keys)
        except GkError as exc:
            counts["invalid"] += 1
            row = _invalid_row(source, line, exc, case.id)
            if not self.settings.show_names:
                row["message"] = mask_names(row["message"], [case.applicant.name])
            out.rows.append(row)
            return
        counts["cases"] += 1
        rule_key = None
        if draft is None:
            verdict = "no_draft"
            agree = True
        elif draft == category:
            verdict = "agree"
            agree = True
        else:
            verdict = "disagree"
            rule_key = (rule_code, article)
            out.by_rule[rule_key] += 1
            agree = False
        counts[verdict] += 1
        if finding_keys:
            by_finding = out.by_finding
            for key in finding_keys:
                by_finding[key] += 1
        if errors:
            counts["with_error_findings"] += 1
            keys: tuple[str, ...] = ("cases", verdict, "with_error_findings")
        else:
            keys = ("cases", verdict)
        rows = out.rows
        at = len(rows)
        row = None if agree and not errors else at
        out.counted.append((case.id, source, line, keys, rule_key, finding_keys, row, at))  # a Counted
        if row is None:
            return
        rows.append(
            {
                "kind": "disagreement" if not agree else "findings",
                "file": source,
                "line": line,
                "id": case.id,
                "applicant": case.applicant.name if self.settings.show_names else None,
                "received": case.received.isoformat(),
                "draft": draft,
                "category": category,
                "rule": rule_code,
                "article": article,
                "findings": shown if shown is not None else [self._shown_finding(f, case) for f in findings],
            }
        )

    def _shown_finding(self, finding: dict, case: Case) -> dict:
        return self._shown(
            finding.get("code"), finding.get("element"), finding.get("severity"), finding.get("message"), case
        )

    def _shown(self, code, element, severity, message, case: Case) -> dict:
        """A finding as a row shows it, the applicant's name masked unless names are shown."""
        if not self.settings.show_names and isinstance(message, str):
            message = mask_names(message, [case.applicant.name], quoted=element in NAME_ELEMENTS)
        return {"code": code, "element": element, "severity": severity, "message": message}


def _error_count(keys: tuple[tuple[str, str], ...]) -> int:
    return sum(severity == "error" for _, severity in keys)


#: letter elements whose findings quote a person's name (the salutation: expected and found)
NAME_ELEMENTS = frozenset({"salutation", "applicant"})


def letter_roots(unit: Unit, letters_dir: str | None) -> tuple[Path, ...]:
    """The directories a chunk's letters may be in: the directory given on the command line (a single
    case file's or JSONL file's own directory; for stdin the working directory) and ``--letters``."""
    if unit.source == STDIN_NAME:
        base = Path.cwd()
    else:
        base = Path(unit.source)
        if not base.is_dir():
            base = base.parent
    roots = [Path(os.path.realpath(base))]
    if letters_dir:
        roots.append(Path(os.path.realpath(letters_dir)))
    return tuple(roots)


STDIN_NAME = "<stdin>"


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _default_profile(ruleset):
    """The default agency profile, loaded once per process rather than once per case."""
    from .letter.profile import letter_codes, load_profile

    return load_profile(None, letter_codes(ruleset))


def _invalid_row(source: str, line: int | None, exc: GkError, case_id: str | None = None) -> dict:
    """A row for an unusable case, located at the case (the message names any other file, e.g. a calendar)."""
    if getattr(exc, "file", None) in (None, source):
        line = getattr(exc, "line", None) or line
    return {
        "kind": "invalid",
        "file": source,
        "line": line,
        "id": case_id,
        "message": str(exc),
    }


def settle_duplicates(result: ChunkResult, registry: IdRegistry) -> None:
    """Take every case whose id was already seen back out of ``result`` and report it as unusable input."""
    drop: dict[int, dict] = {}  # row index -> the row that replaces it
    add: list[tuple[int, dict]] = []  # (where it belongs, row) for repeats that had no row
    counted = result.counted
    firsts = registry.add_many(counted.entries() if isinstance(counted, CountedColumns) else counted)
    for i, first in enumerate(firsts):
        if first is None:
            continue
        c = counted[i] if isinstance(counted, CountedColumns) else Counted(*counted[i])
        for key in c.counts:
            result.counts[key] -= 1
        if c.rule is not None:
            result.by_rule[c.rule] -= 1
        for key in c.findings:
            result.by_finding[key] -= 1
        result.counts["invalid"] += 1
        result.counts["duplicate_ids"] += 1
        row = {
            "kind": "invalid",
            "file": c.file,
            "line": c.line,
            "id": c.id,
            "message": f"{place(c.file, c.line)}: {duplicate_message(c.id, first)}",
        }
        if c.row is not None:
            drop[c.row] = row
        else:
            add.append((c.at, row))
    if drop or add:
        # the rows stay in input order: a new row goes before the rows of the cases after it; a chunk from
        # a worker keeps its rows as JSON text
        texts = result._texts is not None
        old: list = result._texts if result._texts is not None else result.rows
        shown = row_text if texts else (lambda row: row)
        rows: list = []
        k = 0
        for i, r in enumerate(old):
            while k < len(add) and add[k][0] <= i:
                rows.append(shown(add[k][1]))
                k += 1
            rows.append(shown(drop[i]) if i in drop else r)
        rows.extend(shown(r) for _, r in add[k:])
        old[:] = rows
    for counter in (result.counts, result.by_rule, result.by_finding):
        for key in [k for k, v in counter.items() if v == 0 and k != "invalid"]:
            del counter[key]
    result.counted = []


# ---------------------------------------------------------------------------------- running a batch

_WORKER: Auditor | None = None


def _ignore_interrupt() -> None:
    """Ctrl-C reaches every process of the terminal's group: a worker leaves it to the main process,
    which stops the workers (no traceback from each of them)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _init_worker(settings: Settings) -> None:
    global _WORKER
    _ignore_interrupt()
    _WORKER = Auditor(settings)


def _adopt_auditor(auditor: Auditor) -> None:
    """A forked worker takes the auditor its parent built (rules read, engine compiled, calendar loaded)."""
    global _WORKER
    _ignore_interrupt()
    _WORKER = auditor


def _run_in_worker(unit: Unit) -> tuple:
    assert _WORKER is not None
    return _WORKER.run(unit).packed()


def run(
    units: Iterable[Unit],
    settings: Settings,
    jobs: int = 1,
    on_chunk: Callable[[ChunkResult], None] | None = None,
) -> ChunkResult:
    """Audit every unit; ``on_chunk`` receives each chunk's result (rows included) in input order.

    The returned total has the counters only: rows are handed to ``on_chunk`` and then dropped.
    """
    total = ChunkResult()
    with IdRegistry() as registry:
        return _run(units, settings, jobs, on_chunk, total, registry)


def _run(units, settings, jobs, on_chunk, total: ChunkResult, registry: IdRegistry) -> ChunkResult:
    def take(result: ChunkResult) -> None:
        settle_duplicates(result, registry)
        total.merge(result)
        if on_chunk is not None:
            on_chunk(result)

    if jobs <= 1:
        auditor = Auditor(settings)
        for unit in units:
            take(auditor.run(unit))
        auditor.remember()
        return total

    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform.startswith("linux"):  # fork is unsafe on macOS
        # the workers are copies of this process made after the auditor is built: nothing is loaded
        # twice, and the pages they do not write stay shared
        ctx = multiprocessing.get_context("fork")
        initializer, initargs = _adopt_auditor, (Auditor(settings),)
    else:
        method = "forkserver" if "forkserver" in methods else "spawn"
        ctx = multiprocessing.get_context(method)
        if method == "forkserver":
            # modules only: each worker still loads the rules and builds its own engine in _init_worker
            ctx.set_forkserver_preload(list(PRELOAD))
        initializer, initargs = _init_worker, (settings,)
    in_flight: deque = deque()
    limit = jobs * 3  # bounded read-ahead: memory does not grow with the batch
    pool = None
    held = _hold_interrupts()
    try:
        pool = ctx.Pool(jobs, initializer=initializer, initargs=initargs)
        _release_interrupts(held)  # a Ctrl-C held back while the pool was made arrives here, with a pool to stop
        for unit in units:
            in_flight.append(pool.apply_async(_run_in_worker, (unit,)))
            if len(in_flight) >= limit:
                take(ChunkResult.unpacked(in_flight.popleft().get()))
        while in_flight:
            take(ChunkResult.unpacked(in_flight.popleft().get()))
        pool.close()
        pool.join()
    except BaseException:
        _release_interrupts(held)
        if pool is not None:
            _stop(pool)
        raise
    return total


def _hold_interrupts():
    """Ctrl-C held back while the worker pool is made: a SIGINT that arrives while the workers are being
    forked would otherwise interrupt a child before it ignores SIGINT (a traceback from the child) or
    leave the pool half made, with no pool to stop (the audit then hung at exit). The workers and the
    pool's threads keep SIGINT blocked (it is the main process's to handle); :func:`_release_interrupts`
    lets a held-back Ctrl-C reach the main thread once the pool exists. None where signals cannot be held."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def _release_interrupts(held) -> None:
    if held is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _stop(pool) -> None:
    """Stops the workers at once (Ctrl-C, an error): killed, not asked, so that none is left running a
    chunk, and the pool left without its shutdown.

    The pool's shutdown (``terminate``, also run at exit) waits for its thread that hands out chunks,
    which may be blocked for ever writing a chunk that no worker is left to read, and takes locks that a
    killed worker may have held. So the thread that keeps the pool full is stopped first (it would
    replace the killed workers), then the workers are killed and reaped, and the shutdown is called off;
    the pool's threads are daemon threads, which end with the process."""
    from multiprocessing.pool import TERMINATE

    pool._state = TERMINATE  # a pool that is not running: no warning when it is collected
    keeper = getattr(pool, "_worker_handler", None)
    if keeper is not None:
        keeper._state = TERMINATE
        pool._change_notifier.put(None)  # wakes it
        keeper.join(5)
    processes = list(getattr(pool, "_pool", ()))
    for process in processes:
        try:
            process.kill()
        except (OSError, AttributeError, ValueError):
            pass
    for process in processes:
        try:
            process.join(5)  # reaped: no zombie is left
        except (OSError, AttributeError, ValueError, AssertionError):
            pass
    shutdown = getattr(pool, "_terminate", None)
    if shutdown is not None:
        shutdown.cancel()  # not run at exit either
