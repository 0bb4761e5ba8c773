"""Batch audit: classify many cases, compare with the staff's drafts, run the checks; memory stays flat.

Input is read in chunks (JSONL lines or case-file paths). Each chunk is turned into a small summary —
counters plus one row per case that needs a reviewer (draft disagrees, error findings, unusable input)
— so nothing grows with the number of cases except those rows, which the caller streams out.
With ``jobs > 1`` chunks go to worker processes; each worker builds its own classifier (and so its own
durable-rules engine) when it starts.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .caseio import CASE_SUFFIXES, load_case, parse_case
from .errors import GkError, InputError
from .models import Case

STDIN = "-"
JSONL_SUFFIXES = (".jsonl", ".ndjson")
#: files a case directory may hold that are not cases (the cases' index); they are listed, not audited
INDEX_NAMES = ("index.yml", "index.yaml")
JSONL_CHUNK = 500
FILES_CHUNK = 50
MEMO_ENTRIES = 100_000
#: imported once by the fork server so that workers start faster (no engine is created by importing them)
PRELOAD = ("gkrules.audit", "gkrules.classify", "gkrules.rulebook", "gkrules.caseio", "pydantic", "ruamel.yaml")


@dataclass(frozen=True)
class Unit:
    """A chunk of input: JSONL lines starting at ``first_line`` of ``source``, or case-file paths."""

    kind: str  # "jsonl" | "files" | "error"
    source: str
    first_line: int = 1
    payload: tuple = ()


def iter_units(
    paths: Iterable[str], chunk: int = JSONL_CHUNK, skipped: Callable[[str, str], None] | None = None
) -> Iterator[Unit]:
    """Split the inputs into chunks without reading more than one chunk ahead."""
    for path in paths:
        if path == STDIN:
            yield from _jsonl_units(sys.stdin, "<stdin>", chunk)
            continue
        p = Path(path)
        if p.is_dir():
            batch: list[str] = []
            for f in _case_files(p, skipped):
                batch.append(str(f))
                if len(batch) >= FILES_CHUNK:
                    yield Unit("files", str(p), payload=tuple(batch))
                    batch = []
            if batch:
                yield Unit("files", str(p), payload=tuple(batch))
        elif not p.exists():
            yield Unit("error", str(p), payload=("文件或目录不存在",))
        elif p.suffix.lower() in JSONL_SUFFIXES:
            try:
                handle = open(p, encoding="utf-8-sig", newline="")
            except OSError as exc:
                yield Unit("error", str(p), payload=(f"无法读取文件：{exc.strerror}",))
                continue
            with handle:
                try:
                    yield from _jsonl_units(handle, str(p), chunk)
                except UnicodeDecodeError:
                    yield Unit("error", str(p), payload=("文件不是 UTF-8 编码，请另存为 UTF-8",))
        else:
            yield Unit("files", str(p), payload=(str(p),))


def _case_files(directory: Path, skipped: Callable[[str, str], None] | None) -> Iterator[Path]:
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.lower().endswith(CASE_SUFFIXES):
                continue
            if name.lower() in INDEX_NAMES:
                if skipped is not None:
                    skipped(str(Path(root) / name), "索引文件，不是案件")
                continue
            yield Path(root) / name


def _jsonl_units(handle, source: str, chunk: int) -> Iterator[Unit]:
    lines: list[str] = []
    first = 1
    for number, line in enumerate(handle, start=1):
        if not lines:
            first = number
        lines.append(line)
        if len(lines) >= chunk:
            yield Unit("jsonl", source, first, tuple(lines))
            lines = []
    if lines:
        yield Unit("jsonl", source, first, tuple(lines))


def parse_unit(unit: Unit) -> Iterator[tuple[str, int | None, Case | InputError]]:
    """``(file, line, case or error)`` for every case of a chunk; a bad case never stops the chunk."""
    if unit.kind == "error":
        yield unit.source, None, InputError(unit.payload[0], file=unit.source)
        return
    if unit.kind == "files":
        for path in unit.payload:
            try:
                yield path, 1, load_case(path)
            except InputError as exc:
                yield path, exc.line, exc
        return
    loads = json.loads
    for number, raw in enumerate(unit.payload, start=unit.first_line):
        text = raw.strip()
        if not text:
            continue
        try:
            data = loads(text)
        except json.JSONDecodeError as exc:
            yield unit.source, number, InputError(
                f"JSON 无法解析：{exc.msg}", file=unit.source, line=number, column=exc.colno
            )
            continue
        try:
            yield unit.source, number, parse_case(data, unit.source, None, number)
        except InputError as exc:
            yield unit.source, number, exc


def iter_cases(paths: Iterable[str], skipped=None) -> Iterator[tuple[str, int | None, Case | InputError]]:
    """Every case of the inputs, in order, streamed."""
    for unit in iter_units(paths, skipped=skipped):
        yield from parse_unit(unit)


# ------------------------------------------------------------------------------------------- auditing


def check_function():
    """``gkrules.check.check_case`` when the check module is installed, else None (classification only)."""
    if importlib.util.find_spec("gkrules.check") is None:
        return None
    from .check import check_case

    return check_case


@dataclass(frozen=True)
class Settings:
    """What a worker needs to build its own auditor (plain data: it crosses process boundaries)."""

    rules_dir: str | None = None
    calendar_dir: str | None = None
    prefer_file: bool = False
    show_names: bool = False
    checks: bool = True


@dataclass
class ChunkResult:
    counts: Counter = field(default_factory=Counter)
    by_rule: Counter = field(default_factory=Counter)  # disagreements by (deciding rule, article)
    by_finding: Counter = field(default_factory=Counter)  # findings by (code, severity)
    rows: list[dict] = field(default_factory=list)
    cpu_seconds: float = 0.0  # processor time the auditing took, wherever it ran

    def merge(self, other: "ChunkResult") -> None:
        self.cpu_seconds += other.cpu_seconds
        self.counts.update(other.counts)
        self.by_rule.update(other.by_rule)
        self.by_finding.update(other.by_finding)


class Auditor:
    def __init__(self, settings: Settings):
        from .classify import classifier

        self.settings = settings
        self.classifier = classifier(settings.rules_dir)
        self._memo: dict[tuple, tuple[str, str, str]] = {}
        self.check = check_function() if settings.checks else None
        self.calendar = None
        self.profile = None
        if self.check is not None:
            from .cli._calendar import default_calendar_dir
            from .workdays import WorkdayCalendar

            directory = settings.calendar_dir or default_calendar_dir()
            self.calendar = WorkdayCalendar(directory, prefer_file=settings.prefer_file)
            self.profile = _default_profile(self.classifier.ruleset)

    def classify(self, case: Case) -> tuple[str, str, str]:
        """(category, deciding rule, article), remembered per fact combination and in-force epoch.

        The rules are a pure function of the facts and of which rules are in force (as in
        :mod:`gkrules.cache`), so equal keys give equal answers; the memo is bounded.
        """
        key = (
            self.classifier.ruleset.epoch(case.received),
            tuple(case.facts.__dict__.values()),
            tuple(tuple(item.facts.__dict__.values()) for item in case.items),
        )
        hit = self._memo.get(key)
        if hit is None:
            outcome = self.classifier.classify(case)
            rule = outcome.deciding_rule
            hit = (outcome.category, rule.code, rule.article)
            if len(self._memo) >= MEMO_ENTRIES:
                self._memo.clear()
            self._memo[key] = hit
        return hit

    def run(self, unit: Unit) -> ChunkResult:
        start = time.process_time()
        out = ChunkResult()
        for source, line, item in parse_unit(unit):
            if isinstance(item, InputError):
                out.counts["invalid"] += 1
                out.rows.append(_invalid_row(source, line, item))
                continue
            self.audit_case(item, source, line if unit.kind == "jsonl" else None, out)
        out.cpu_seconds = time.process_time() - start
        return out

    def audit_case(self, case: Case, source: str, line: int | None, out: ChunkResult) -> None:
        counts = out.counts
        findings: list[dict] = []
        try:
            if self.check is not None:
                # check_case classifies with the same (cached) evaluator and runs the letter/deadline rules
                result = self.check(
                    case, None if line is not None else source, profile=self.profile, calendar=self.calendar,
                    evaluator=self.classifier.evaluator,
                )
                category = result["category"]
                deciding = result.get("deciding_rule")
                if isinstance(deciding, dict) and "id" in deciding:
                    rule_code, article = deciding["id"], deciding.get("article", "")
                else:
                    rule = self.classifier.classify(case).deciding_rule
                    rule_code, article = rule.code, rule.article
                findings = [f for f in result.get("findings", ()) if f.get("element") != "category"]
            else:
                category, rule_code, article = self.classify(case)
        except GkError as exc:
            counts["invalid"] += 1
            out.rows.append(_invalid_row(source, line, exc, case.id))
            return
        counts["cases"] += 1
        draft = case.decision.category if case.decision is not None else None
        if draft is None:
            counts["no_draft"] += 1
            agree = True
        elif draft == category:
            counts["agree"] += 1
            agree = True
        else:
            counts["disagree"] += 1
            out.by_rule[(rule_code, article)] += 1
            agree = False
        errors = 0
        for f in findings:
            out.by_finding[(f.get("code", "?"), f.get("severity", "?"))] += 1
            errors += f.get("severity") == "error"
        if errors:
            counts["with_error_findings"] += 1
        if agree and not errors:
            return
        out.rows.append(
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
                "findings": [
                    {k: f.get(k) for k in ("code", "element", "severity", "message")} for f in findings
                ],
            }
        )


def _default_profile(ruleset):
    """The default agency profile, loaded once per process rather than once per case."""
    try:
        from .check import letter_codes
        from .letter.profile import load_profile
    except ImportError:
        return None
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


# ---------------------------------------------------------------------------------- running a batch

_WORKER: Auditor | None = None


def _init_worker(settings: Settings) -> None:
    global _WORKER
    _WORKER = Auditor(settings)


def _run_in_worker(unit: Unit) -> ChunkResult:
    assert _WORKER is not None
    return _WORKER.run(unit)


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

    def take(result: ChunkResult) -> None:
        total.merge(result)
        if on_chunk is not None:
            on_chunk(result)

    if jobs <= 1:
        auditor = Auditor(settings)
        for unit in units:
            take(auditor.run(unit))
        return total

    import multiprocessing

    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    if method == "forkserver":
        # modules only: each worker still loads the rules and builds its own engine in _init_worker
        ctx.set_forkserver_preload(list(PRELOAD))
    in_flight: deque = deque()
    limit = jobs * 3  # bounded read-ahead: memory does not grow with the batch
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(settings,)) as pool:
        for unit in units:
            in_flight.append(pool.apply_async(_run_in_worker, (unit,)))
            if len(in_flight) >= limit:
                take(in_flight.popleft().get())
        while in_flight:
            take(in_flight.popleft().get())
    return total
