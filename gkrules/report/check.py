"""Checking many published reports at once: one result per file, then the carry-over between years.

A file that cannot be read at all is a result of its own (verdict 无法读取), never the end of the run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .balance import Finding, check_values
from .crossyear import CarryMismatch, YearTable, check_carry_over
from .grid import FilledReport, TableNotFound
from .read import SUFFIXES, read_report

VERDICTS = {"unreadable": "无法读取", "no_table": "未找到表格", "error": "有错误", "warning": "有警告", "ok": "平衡"}


@dataclass
class ReportResult:
    file: str
    report: FilledReport | None = None
    error: InputError | None = None
    findings: list[Finding] = field(default_factory=list)
    carry: list[CarryMismatch] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.report is None:
            return "no_table" if isinstance(self.error, TableNotFound) else "unreadable"
        if self.carry or any(f.severity == "error" for f in self.findings):
            return "error"
        return "warning" if self.findings else "ok"

    @property
    def verdict(self) -> str:
        return VERDICTS[self.status]

    @property
    def count(self) -> int:
        return 1 if self.report is None else len(self.findings) + len(self.carry)

    def summary(self) -> dict:
        r = self.report
        return {
            "file": self.file,
            "agency": r.agency if r else None,
            "year": r.year if r else None,
            "form": r.table.form if r else None,
            "verdict": self.verdict,
            "findings": self.count,
        }

    def as_dict(self) -> dict:
        out = self.summary()
        if self.error is not None:
            out["error"] = self.error.as_dict()
        if self.report is not None:
            out["reader"] = self.report.reader
            out["balanced"] = not any(f.kind == "balance" for f in self.findings)
            out["items"] = [dict(f.as_dict(), where=self.report.where(n=f.line)) for f in self.findings]
            out["carry_over"] = [m.as_dict() for m in self.carry]
            out["values"] = {row.key: self.report.table.values[row.key] for row in self.report.table.rows}
        return out


def collect_files(paths: list[str]) -> tuple[list[Path], list[str]]:
    """The report files named or found in directories (recursively, symlinked directories once); what was not read."""
    files: list[Path] = []
    skipped: list[str] = []
    for p in paths:
        path = Path(p)
        if not path.is_dir():
            files.append(path)
            continue
        seen: set[str] = set()
        for root, dirs, names in os.walk(
            path, followlinks=True, onerror=lambda e: skipped.append(f"{e.filename}（无法读取目录）")
        ):
            real = os.path.realpath(root)
            if real in seen:
                dirs[:] = []
                continue
            seen.add(real)
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for n in sorted(names):
                if n.startswith((".", "~$")):
                    continue
                if Path(n).suffix.lower() in SUFFIXES:
                    files.append(Path(root) / n)
    return files, skipped


def check_one(path: Path) -> ReportResult:
    try:
        report = read_report(path)
    except InputError as exc:
        if exc.file is None:
            exc.file = str(path)
        return ReportResult(str(path), error=exc)
    except (RecursionError, MemoryError, ValueError) as exc:  # a hostile file: one row, never the run
        return ReportResult(str(path), error=InputError(f"无法读取（{type(exc).__name__}）", file=str(path)))
    findings = report.findings + check_values(report.table, report.lines)
    return ReportResult(str(path), report, findings=findings)


def check_reports(paths: list[str]) -> tuple[list[ReportResult], list[CarryMismatch], list[str]]:
    files, skipped = collect_files(paths)
    results = [check_one(f) for f in files]
    years = [
        YearTable(r.report.agency, r.report.year, r.report.table, r.file)
        for r in results
        if r.report is not None and r.report.agency and r.report.year
    ]
    mismatches = check_carry_over(years)
    by_file = {r.file: r for r in results}
    for m in mismatches:
        by_file[m.next_file].carry.append(m)
    return results, mismatches, skipped
