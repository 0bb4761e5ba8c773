"""Reading a batch: case directories, JSONL files and stdin, in chunks that a worker parses.

A chunk (:class:`Unit`) is JSONL lines as bytes, starting at a line number, or case-file paths; the
main process only splits the input, and the worker that gets a chunk decodes and validates its cases,
so that a bad line is reported at its line number and the rest of the batch goes on.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .caseio import CASE_SUFFIXES, iter_jsonl, load_case
from .errors import InputError
from .models import Case

STDIN = "-"
JSONL_SUFFIXES = (".jsonl", ".ndjson")
#: files a case directory may hold that are not cases (the cases' index); they are listed, not audited
INDEX_NAMES = ("index.yml", "index.yaml")
JSONL_CHUNK = 2000
FILES_CHUNK = 50


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
    reported at its line number; the rest of the file goes on). As in JSON Lines, a line ends at \\n
    (or \\r\\n); a lone \\r is whitespace inside a JSON text, not a line end."""
    lines: list[bytes] = []
    first = 1
    for number, line in enumerate(handle, start=1):
        if not lines:
            first = number
            if number == 1 and line.startswith(BOM):
                line = line[len(BOM):]
        lines.append(line)
        if len(lines) >= chunk:
            yield Unit("jsonl", source, first, tuple(lines))
            lines = []
    if lines:
        yield Unit("jsonl", source, first, tuple(lines))


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
    for number, item in iter_jsonl(unit.payload, unit.source, unit.first_line):
        yield unit.source, number, item


def iter_cases(paths: Iterable[str], skipped=None) -> Iterator[tuple[str, int | None, Case | InputError]]:
    """Every case of the inputs, in order, streamed."""
    for unit in iter_units(paths, skipped=skipped):
        yield from parse_unit(unit)
