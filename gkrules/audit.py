"""Batch audit: classify many cases, compare with the staff's drafts, run the checks; memory stays flat.

Input is read in chunks (JSONL lines or case-file paths). Each chunk is turned into a small summary —
counters plus one row per case that needs a reviewer (draft disagrees, error findings, unusable input)
— so nothing grows with the number of cases except those rows, which the caller streams out.
With ``jobs > 1`` chunks go to worker processes: forked copies of this process made after the auditor
(rules, durable-rules engine, calendar) is built, or, where fork is not available, processes that each
build their own.
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
from typing import NamedTuple
from pathlib import Path

from .caseio import CASE_SUFFIXES, load_case, parse_case
from .deadline import deadline_findings
from .errors import GkError, InputError, json_error_text
from .models import Case

STDIN = "-"
JSONL_SUFFIXES = (".jsonl", ".ndjson")
#: files a case directory may hold that are not cases (the cases' index); they are listed, not audited
INDEX_NAMES = ("index.yml", "index.yaml")
JSONL_CHUNK = 2000
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
            yield from _jsonl_units(sys.stdin.buffer, "<stdin>", chunk)
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
                handle = open(p, "rb")
            except OSError as exc:
                yield Unit("error", str(p), payload=(f"无法读取文件：{exc.strerror}",))
                continue
            with handle:
                yield from _jsonl_units(handle, str(p), chunk)
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
    """Lines as bytes: the worker that parses a chunk also decodes it (a line that is not UTF-8 is
    reported at its line number; the rest of the file goes on). Lines end at \\n, \\r\\n or a lone \\r,
    as in a text editor."""
    lines: list[bytes] = []
    first = number = 1
    for raw in handle:
        # split at \n (fast, in C); the rare line holding a lone \r is split again
        end = len(raw) - (2 if raw.endswith(b"\r\n") else 1)  # a final \r or \r\n ends the line itself
        parts = _split_cr(raw) if raw.find(b"\r", 0, end) >= 0 else (raw,)
        for line in parts:
            if not lines:
                first = number
                if number == 1 and line.startswith(BOM):
                    line = line[len(BOM):]
            lines.append(line)
            number += 1
            if len(lines) >= chunk:
                yield Unit("jsonl", source, first, tuple(lines))
                lines = []
    if lines:
        yield Unit("jsonl", source, first, tuple(lines))


def _split_cr(raw: bytes) -> list[bytes]:
    """A line read up to \\n that holds lone \\r line ends, as the lines they end."""
    body = raw[:-2] if raw.endswith(b"\r\n") else raw[:-1] if raw.endswith(b"\n") else raw
    if body.endswith(b"\r") and not raw.endswith(b"\n"):
        body = body[:-1]  # the file's last line, ended by a lone \r
    return body.split(b"\r")


BOM = "\ufeff".encode("utf-8")


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
        try:
            text = raw.decode("utf-8").strip() if isinstance(raw, bytes) else raw.strip()
        except UnicodeDecodeError:
            yield unit.source, number, InputError(_not_utf8(raw), file=unit.source, line=number)
            continue
        if not text:
            continue
        try:
            data = loads(text)
        except json.JSONDecodeError as exc:
            yield unit.source, number, InputError(
                f"JSON 无法解析：{json_error_text(exc.msg)}", file=unit.source, line=number, column=exc.colno
            )
            continue
        except RecursionError:
            yield unit.source, number, InputError("JSON 无法解析：嵌套层数过多", file=unit.source, line=number)
            continue
        try:
            yield unit.source, number, parse_case(data, unit.source, None, number)
        except InputError as exc:
            yield unit.source, number, exc


def _not_utf8(raw: bytes) -> str:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return "这一行不是 UTF-8 编码，请将文件另存为 UTF-8"
    return "这一行不是 UTF-8 编码（像是 GBK/GB18030），请将文件另存为 UTF-8"


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


@dataclass
class ChunkResult:
    counts: Counter = field(default_factory=Counter)
    by_rule: Counter = field(default_factory=Counter)  # disagreements by (deciding rule, article)
    by_finding: Counter = field(default_factory=Counter)  # findings by (code, severity)
    rows: list[dict] = field(default_factory=list)
    cpu_seconds: float = 0.0  # processor time the auditing took, wherever it ran
    counted: list[tuple] = field(default_factory=list)  # this chunk's cases as Counted tuples; dropped once settled

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
            tuple([tuple(item.facts.__dict__.values()) for item in case.items]),
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

    def deadline(self, case: Case) -> list:
        """The findings of the deadline rules, as ``gkrules check`` reports them."""
        profile = self.profile
        return deadline_findings(case, self.classifier.evaluator, self.calendar, severities=profile.severity,
                                 profile=profile.name)[1]

    def run(self, unit: Unit) -> ChunkResult:
        start = time.process_time()
        out = ChunkResult()
        lines = unit.kind == "jsonl"  # a case file's errors carry their own lines
        for source, line, item in parse_unit(unit):
            if isinstance(item, InputError):
                out.counts["invalid"] += 1
                out.rows.append(_invalid_row(source, line, item))
                continue
            self.audit_case(item, source, line if lines else None, out)
        out.cpu_seconds = time.process_time() - start
        return out

    def audit_case(self, case: Case, source: str, line: int | None, out: ChunkResult) -> None:
        counts = out.counts
        findings: list[dict] = []
        try:
            if self.check is None:
                category, rule_code, article = self.classify(case)
            elif case.decision is None or not case.decision.letter:
                # without a letter, check_case reports the draft category (GK-K-001, which the audit
                # reports as a disagreement) and the deadline rules: those are run here directly,
                # without building the check's JSON record (the deadline's day-by-day detail)
                category, rule_code, article = self.classify(case)
                findings = [f.as_dict() for f in self.deadline(case)]
            else:
                # check_case classifies with the same (cached) evaluator and runs the letter/deadline rules
                result = self.check(
                    case, None if line is not None else source, profile=self.profile, calendar=self.calendar,
                    evaluator=self.classifier.evaluator,
                )
                category = result["category"]
                deciding = result["deciding_rule"]
                rule_code, article = deciding["id"], deciding["article"]
                findings = [f for f in result["findings"] if f.get("element") != "category"]
        except GkError as exc:
            counts["invalid"] += 1
            out.rows.append(_invalid_row(source, line, exc, case.id))
            return
        counts["cases"] += 1
        draft = case.decision.category if case.decision is not None else None
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
        errors = 0
        finding_keys: tuple = ()
        if findings:
            finding_keys = tuple([(f.get("code", "?"), f.get("severity", "?")) for f in findings])
            for f, key in zip(findings, finding_keys):
                out.by_finding[key] += 1
                errors += f.get("severity") == "error"
        if errors:
            counts["with_error_findings"] += 1
        keys = ("cases", verdict, "with_error_findings") if errors else ("cases", verdict)
        row = None if agree and not errors else len(out.rows)
        out.counted.append((case.id, source, line, keys, rule_key, finding_keys, row))  # a Counted
        if row is None:
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


# ------------------------------------------------------------------------------------- duplicate ids


def _place(file: str, line: int | None) -> str:
    return f"{file}:{line}" if line else file


class IdRegistry:
    """The case ids of a batch and where each was first seen (case-format.md: an id is unique in a batch).

    An id is kept as its 64-bit hash (``hash()``: SipHash with a key chosen at random for each process,
    and the registry lives in one process). The first ``memory_ids`` ids sit in two flat arrays (open
    addressing, at most half full, 16–32 bytes an id, the file names once each); the ids after them go
    to a SQLite table in a temporary directory, with a page cache of a few MB, so that memory stays
    flat however long the batch. Two different ids share a hash with a chance of about n²/2⁶⁵
    (3·10⁻⁸ for a million ids); the duplicate entry names both places, so such a case is seen.
    Call :meth:`close` (or use ``with``) to remove the table.
    """

    def __init__(self, capacity: int = 1 << 12, memory_ids: int = 1 << 13):
        from array import array

        self._array = array
        self._keys = array("Q", bytes(8 * capacity))
        self._places = array("Q", bytes(8 * capacity))
        self._mask = capacity - 1
        self._size = 0
        self._memory_ids = memory_ids
        self._files: list[str] = []
        self._file_index: dict[str, int] = {}
        self._db = None
        self._dir = None
        self._spilled = 0
        self._seq = 0

    def __len__(self) -> int:
        return self._size + self._spilled

    def __enter__(self) -> "IdRegistry":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None

    @staticmethod
    def _digest(case_id: str) -> int:
        return (hash(case_id) & 0xFFFF_FFFF_FFFF_FFFF) or 1

    def add(self, case_id: str, file: str, line: int | None) -> str | None:
        """Record ``case_id``; returns None when it is new, else the place where it was first seen."""
        return self.add_many([(case_id, file, line)])[0]

    def add_many(self, entries) -> list[str | None]:
        """:meth:`add` for entries in order, each ``(id, file, line, …)``.

        Ids past the in-memory part are inserted into the table in one statement; only when the table
        already held some of them (a duplicate: rare) is it asked where those were first seen.
        """
        out: list[str | None] = []
        batch: dict[int, int] = {}  # ids sent to the table in this call -> their position in out
        places: dict[int, str] = {}  # position -> place, for those ids
        repeats: list[tuple[int, int]] = []  # (position, position of the same id earlier in this call)
        spill: list[tuple[int, int, str]] = []  # (signed key, position in out, place)
        for entry in entries:
            key = self._digest(entry[0])
            first = self._find(key)
            if first is None and key in batch:
                earlier = batch[key]
                first = places[earlier]
                repeats.append((len(out), earlier))
            out.append(first)
            if first is not None:
                continue
            if self._size < self._memory_ids:
                self._insert(key, entry[1], entry[2])
                continue
            position = len(out) - 1
            batch[key] = position
            places[position] = place = _place(entry[1], entry[2])
            spill.append((key - (1 << 64) if key >= 1 << 63 else key, position, place))
        if spill:
            held = self._spill(spill)
            # an id the table already held is a repeat, and so are its repeats in this call
            for position, first in held.items():
                out[position] = first
            for position, earlier in repeats:
                if earlier in held:
                    out[position] = held[earlier]
        return out

    # -- in memory

    def _find(self, key: int) -> str | None:
        keys, mask = self._keys, self._mask
        slot = key & mask
        while keys[slot]:
            if keys[slot] == key:
                where = self._places[slot]
                return _place(self._files[where >> 32], where & 0xFFFFFFFF or None)
            slot = (slot + 1) & mask
        return None

    def _insert(self, key: int, file: str, line: int | None) -> None:
        keys, mask = self._keys, self._mask
        slot = key & mask
        while keys[slot]:
            slot = (slot + 1) & mask
        index = self._file_index.get(file)
        if index is None:
            index = self._file_index[file] = len(self._files)
            self._files.append(file)
        keys[slot] = key
        self._places[slot] = (index << 32) | min(line or 0, 0xFFFFFFFF)
        self._size += 1
        if 2 * self._size > mask:
            self._grow()

    def _grow(self) -> None:
        old_keys, old_places = self._keys, self._places
        capacity = 2 * len(old_keys)
        self._keys = self._array("Q", bytes(8 * capacity))
        self._places = self._array("Q", bytes(8 * capacity))
        self._mask = capacity - 1
        keys, places, mask = self._keys, self._places, self._mask
        for key, place in zip(old_keys, old_places):
            if key:
                slot = key & mask
                while keys[slot]:
                    slot = (slot + 1) & mask
                keys[slot] = key
                places[slot] = place

    # -- on disk

    def _spill(self, rows: list[tuple[int, int, str]]) -> dict[int, str]:
        """Insert ``(signed key, position, place)`` rows; returns {position: first place} for the keys the
        table already held."""
        db = self._db
        if db is None:
            import sqlite3
            import tempfile

            self._dir = tempfile.TemporaryDirectory(prefix="gkrules-ids-")
            db = self._db = sqlite3.connect(os.path.join(self._dir.name, "ids.sqlite"), isolation_level=None)
            for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-2000", "locking_mode=EXCLUSIVE"):
                db.execute(f"PRAGMA {pragma}")
            db.execute("CREATE TABLE ids (h INTEGER PRIMARY KEY, seq INTEGER NOT NULL, place TEXT NOT NULL)")
        rows.sort()
        start = self._seq
        self._seq += len(rows)
        db.execute("BEGIN")
        try:
            before = db.total_changes
            db.executemany("INSERT OR IGNORE INTO ids VALUES (?, ?, ?)",
                           [(key, start + i, place) for i, (key, _, place) in enumerate(rows)])
            inserted = db.total_changes - before
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        self._spilled += inserted
        if inserted == len(rows):
            return {}
        seq_of = {key: start + i for i, (key, _, _) in enumerate(rows)}
        position_of = {key: position for key, position, _ in rows}
        found: dict[int, str] = {}
        keys = sorted(seq_of)
        for i in range(0, len(keys), _SELECT_MAX):
            part = keys[i : i + _SELECT_MAX]
            query = f"SELECT h, seq, place FROM ids WHERE h IN ({','.join('?' * len(part))})"
            for key, seq, place in db.execute(query, part):
                if seq != seq_of[key]:  # held before this call
                    found[position_of[key]] = place
        return found


#: ids per SELECT (SQLite allows 32,766 parameters since 3.32, 999 before)
_SELECT_MAX = 900


def duplicate_message(case_id: str, first: str) -> str:
    return f"案件编号 {case_id} 在本批中重复（先见于 {first}）：编号在一批案件中应唯一，本件未再计入"


def settle_duplicates(result: ChunkResult, registry: IdRegistry) -> None:
    """Take every case whose id was already seen back out of ``result`` and report it as unusable input."""
    drop: dict[int, dict] = {}
    firsts = registry.add_many(result.counted)
    for t, first in zip(result.counted, firsts):
        if first is None:
            continue
        c = Counted(*t)
        for key in c.counts:
            result.counts[key] -= 1
        if c.rule is not None:
            result.by_rule[c.rule] -= 1
        for key in c.findings:
            result.by_finding[key] -= 1
        result.counts["invalid"] += 1
        result.counts["duplicate_ids"] += 1
        row = {"kind": "invalid", "file": c.file, "line": c.line, "id": c.id,
               "message": f"{_place(c.file, c.line)}: {duplicate_message(c.id, first)}"}
        if c.row is not None:
            drop[c.row] = row
        else:
            result.rows.append(row)
    if drop:
        result.rows[:] = [drop.get(i, r) for i, r in enumerate(result.rows)]
    for counter in (result.counts, result.by_rule, result.by_finding):
        for key in [k for k, v in counter.items() if v == 0 and k != "invalid"]:
            del counter[key]
    result.counted = []


# ---------------------------------------------------------------------------------- running a batch

_WORKER: Auditor | None = None


def _init_worker(settings: Settings) -> None:
    global _WORKER
    _WORKER = Auditor(settings)


def _adopt_auditor(auditor: Auditor) -> None:
    """A forked worker takes the auditor its parent built (rules read, engine compiled, calendar loaded)."""
    global _WORKER
    _WORKER = auditor


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
    with ctx.Pool(jobs, initializer=initializer, initargs=initargs) as pool:
        for unit in units:
            in_flight.append(pool.apply_async(_run_in_worker, (unit,)))
            if len(in_flight) >= limit:
                take(in_flight.popleft().get())
        while in_flight:
            take(in_flight.popleft().get())
    return total
