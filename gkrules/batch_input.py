"""Reading a batch: case directories, JSONL files and stdin, in chunks that a worker parses.

A chunk (:class:`Unit`) is a byte range of a JSONL file starting at a line number, JSONL lines as
bytes (stdin), or case-file paths; the main process only splits the input (for a file it counts line
ends and hands out where the chunk lies), and the worker that gets a chunk reads, decodes and
validates its cases, so that a bad line is reported at its line number and the rest of the batch goes on.
"""

from __future__ import annotations

import os
import stat
import sys
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .caseio import CASE_SUFFIXES, jsonl_line, load_case
from .errors import InputError, os_error_text
from .models import Case
from .regular_files import NOT_REGULAR, NotRegularFile, open_regular

STDIN = "-"
JSONL_SUFFIXES = (".jsonl", ".ndjson")
#: files a case directory may hold that are not cases (the cases' index); they are listed, not audited
INDEX_NAMES = ("index.yml", "index.yaml")
#: reply letters audited without a case file, in a directory without case files (beside case files a
#: letter is one of theirs)
LETTER_SUFFIXES = (".docx", ".txt")
JSONL_CHUNK = 2000
FILES_CHUNK = 50


@dataclass(frozen=True)
class Unit:
    """A chunk of input: JSONL lines starting at ``first_line`` of ``source``, or case-file paths."""

    kind: str  # "range" (payload: offset, length) | "jsonl" (payload: lines) | "files" | "error"
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
        try:
            info = p.stat()
        except OSError as exc:
            yield Unit("error", str(p), payload=(_not_read(exc),))
            continue
        if stat.S_ISDIR(info.st_mode):
            batch: list[str] = []
            for f in _case_files(p, skipped):
                if isinstance(f, Unit):
                    if batch:
                        yield Unit("files", str(p), payload=tuple(batch))
                        batch = []
                    yield f
                    continue
                batch.append(str(f))
                if len(batch) >= FILES_CHUNK:
                    yield Unit("files", str(p), payload=tuple(batch))
                    batch = []
            if batch:
                yield Unit("files", str(p), payload=tuple(batch))
        elif not stat.S_ISREG(info.st_mode):
            yield Unit("error", str(p), payload=(NOT_REGULAR,))
        elif p.suffix.lower() in JSONL_SUFFIXES:
            try:
                handle = open_regular(p)
            except OSError as exc:
                yield Unit("error", str(p), payload=(_not_read(exc),))
                continue
            with handle:
                yield from _range_units(handle, str(p), chunk)
        else:
            yield Unit("files", str(p), payload=(str(p),))


def _not_read(exc: OSError) -> str:
    if isinstance(exc, NotRegularFile):
        return NOT_REGULAR
    if isinstance(exc, FileNotFoundError):
        return "文件或目录不存在"
    return f"无法读取：{os_error_text(exc)}"


def _case_files(directory: Path, skipped: Callable[[str, str], None] | None) -> Iterator[Path | Unit]:
    """The case files below ``directory`` in name order, following symbolic links to directories (a
    directory reached twice, by a loop or a second link, is read once and the second noted). What cannot
    be read (a directory without permission, a broken link, a pipe named *.yml) is an error unit."""
    try:
        top = directory.stat()
    except OSError as exc:
        yield Unit("error", str(directory), payload=(_not_read(exc),))
        return
    seen = {(top.st_dev, top.st_ino)}
    stack = [directory]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield Unit("error", str(current), payload=(f"目录{_not_read(exc)}",))
            continue
        subdirs: list[Path] = []
        # a directory of case files holds their letters; only where there is none are letters audited alone
        has_cases = any(e.name.lower().endswith(CASE_SUFFIXES) for e in entries if e.name.lower() not in INDEX_NAMES)
        for entry in entries:
            path = Path(current) / entry.name
            if entry.name.startswith("."):
                continue
            try:
                info = os.stat(path)  # follows symbolic links
            except OSError as exc:
                if entry.is_symlink() and isinstance(exc, FileNotFoundError):
                    if entry.name.lower().endswith(CASE_SUFFIXES):
                        yield Unit("error", str(path), payload=("符号链接指向的文件不存在",))
                    elif skipped is not None:
                        skipped(str(path), "符号链接指向的位置不存在")
                    continue
                yield Unit("error", str(path), payload=(_not_read(exc),))
                continue
            if stat.S_ISDIR(info.st_mode):
                key = (info.st_dev, info.st_ino)
                if key in seen:
                    if skipped is not None:
                        skipped(str(path), "与已读取的目录相同（符号链接），未重复读取")
                    continue
                seen.add(key)
                subdirs.append(path)
                continue
            if entry.name.lower().endswith(LETTER_SUFFIXES):
                if has_cases or not stat.S_ISREG(info.st_mode):
                    continue  # a letter of the case files beside it
                if looks_like_letter(path):
                    yield path
                elif skipped is not None:
                    skipped(str(path), "不是答复书（开头没有“申请”和“答复”“告知”等字样），未审查")
                continue
            if not entry.name.lower().endswith(CASE_SUFFIXES):
                continue
            if entry.name.lower() in INDEX_NAMES:
                if skipped is not None:
                    skipped(str(path), "索引文件，不是案件")
                continue
            if not stat.S_ISREG(info.st_mode):
                yield Unit("error", str(path), payload=(NOT_REGULAR,))
                continue
            yield path
        stack.extend(reversed(subdirs))


def _range_units(handle, source: str, chunk: int) -> Iterator[Unit]:
    """A JSONL file as byte ranges of ``chunk`` lines each, found by counting line ends block by block:
    the main process neither holds nor sends the lines themselves. Towards the end of the file the
    ranges get shorter (:func:`_range_lines`), so that parallel workers finish at about the same time."""
    size = _file_size(handle)
    start = 0  # where the current range begins
    first = 1  # the number of its first line
    target = _range_lines(chunk, size, 0, 0)  # lines in the current range
    lines = 0  # line ends counted in it so far
    offset = 0  # bytes read before the current block
    while True:
        block = handle.read(RANGE_BLOCK)
        if not block:
            break
        pos = 0
        while True:
            need = target - lines
            ends = block.count(b"\n", pos)
            if ends < need:
                lines += ends
                break
            for _ in range(need):
                pos = block.index(b"\n", pos) + 1
            end = offset + pos
            yield Unit("range", source, first, (start, end - start))
            start, first, lines = end, first + target, 0
            target = _range_lines(chunk, size, start, first - 1)
        offset += len(block)
    if offset > start:
        yield Unit("range", source, first, (start, offset - start))


RANGE_BLOCK = 1 << 20
#: the read buffer of a worker's byte range: lines of long texts run to several kilobytes, and a line
#: that crosses the default 8 KiB buffer is put together from pieces
RANGE_BUFFER = 1 << 16
#: near the end of a file a range holds this fraction of the lines estimated to be left ...
TAIL_PARTS = 4
#: ... but at least this fraction of a full range
TAIL_MIN = 20


def _range_lines(chunk: int, size: int | None, done_bytes: int, done_lines: int) -> int:
    """Lines in the next range: ``chunk``, or fewer once fewer than ``TAIL_PARTS`` full ranges are left
    (estimated from the bytes per line so far), so that the last ranges are short."""
    if size is None or done_lines == 0 or done_bytes <= 0:
        return chunk
    left = (size - done_bytes) * done_lines // done_bytes  # lines still to come, about
    if left >= TAIL_PARTS * chunk:
        return chunk
    return max(chunk // TAIL_MIN, 1, min(chunk, left // TAIL_PARTS))


def _file_size(handle) -> int | None:
    try:
        return os.fstat(handle.fileno()).st_size
    except (OSError, AttributeError, ValueError):
        return None


def _jsonl_units(handle, source: str, chunk: int) -> Iterator[Unit]:
    """Lines as bytes, for input that cannot be read twice (stdin): the worker that parses a chunk
    also decodes it (a line that is not UTF-8 is reported at its line number; the rest goes on)."""
    lines: list[bytes] = []
    first = 1
    for number, line in _lines(handle, None, 1):
        if line is None:
            if lines:
                yield Unit("jsonl", source, first, tuple(lines))
                lines = []
            yield Unit("error", source, number, (TOO_LONG,))
            continue
        if not lines:
            first = number
        lines.append(line)
        if len(lines) >= chunk:
            yield Unit("jsonl", source, first, tuple(lines))
            lines = []
    if lines:
        yield Unit("jsonl", source, first, tuple(lines))


def _lines(handle, limit: int | None, number: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, line)`` for the lines of the next ``limit`` bytes (None: to the end), counted
    from ``number``; a line longer than any case is None, skipped to its end without being held in
    memory. As in JSON Lines, a line ends at \\n (or \\r\\n); a lone \\r is whitespace inside a JSON
    text, not a line end. A byte-order mark before the first line of a file is left out."""
    left = -1 if limit is None else limit
    at_start = number == 1  # the first line of a file or of stdin
    while left:
        line = handle.readline(MAX_LINE_BYTES + 1 if left < 0 else min(MAX_LINE_BYTES + 1, left))
        if not line:
            break
        if left > 0:
            left -= len(line)
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while left:
                rest = handle.readline(1 << 20 if left < 0 else min(1 << 20, left))
                if not rest:
                    break
                if left > 0:
                    left -= len(rest)
                if rest.endswith(b"\n"):
                    break
            yield number, None
        else:
            if at_start and line.startswith(BOM):
                line = line[len(BOM) :]
            yield number, line
        at_start = False
        number += 1


#: a JSONL line holds one case: 1,000 items take about 100 KiB
MAX_LINE_BYTES = 1024 * 1024
TOO_LONG = f"这一行过长（超过 {MAX_LINE_BYTES} 字节），未读取"


BOM = "\ufeff".encode("utf-8")


#: errors that one odd input can raise deep inside a library (a number too long to print, nesting too
#: deep, a corrupt archive): in a batch they cost that input's row, never the run
UNEXPECTED = (
    ValueError,
    RecursionError,
    RuntimeError,
    OverflowError,
    OSError,
    zipfile.BadZipFile,
    UnicodeError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    MemoryError,
)


def unexpected_error(exc: BaseException, source: str, line: int | None = None) -> InputError:
    """An input that made the program fail where it should not: reported as unusable, saying what failed."""
    kinds: dict[type, str] = {RecursionError: "嵌套过深", MemoryError: "内存不足", OverflowError: "数值超出范围"}
    kind = kinds.get(type(exc))
    if kind is None:
        kind = "编码错误" if isinstance(exc, UnicodeError) else "程序内部错误"
    return InputError(
        f"无法处理这件案件（{kind}），已跳过，其余案件照常审查；请将此文件报告给维护者", file=source, line=line
    )


def parse_unit(unit: Unit) -> Iterator[tuple[str, int | None, Case | InputError]]:
    """``(file, line, case or error)`` for every case of a chunk; a bad case never stops the chunk."""
    if unit.kind == "error":  # first_line is the line of a JSONL file the error is about (1: the file)
        line = unit.first_line if unit.first_line > 1 or unit.payload[0].startswith("这一行") else None
        yield unit.source, line, InputError(unit.payload[0], file=unit.source, line=line)
        return
    if unit.kind == "files":
        for path in unit.payload:
            try:
                yield path, 1, letter_case(path) if path.lower().endswith(LETTER_SUFFIXES) else load_case(path)
            except InputError as exc:
                yield path, exc.line, exc
            except UNEXPECTED as exc:
                yield path, None, unexpected_error(exc, path)
        return
    source = unit.source
    if unit.kind == "range":
        yield from _parse_range(unit)
        return
    yield from _parse_lines(source, enumerate(unit.payload, start=unit.first_line))


def _parse_lines(source: str, lines) -> Iterator[tuple[str, int | None, Case | InputError]]:
    """``(file, line, case or error)`` for ``(number, line)`` pairs (a line None: too long)."""
    for number, raw in lines:
        if raw is None:
            yield source, number, InputError(TOO_LONG, file=source, line=number)
            continue
        try:
            item = jsonl_line(raw, source, number)
        except UNEXPECTED as exc:
            item = unexpected_error(exc, source, number)
        if item is not None:
            yield source, number, item


def _parse_range(unit: Unit) -> Iterator[tuple[str, int | None, Case | InputError]]:
    """The cases of a byte range of a JSONL file, read here (in the worker), each at its line number."""
    source = unit.source
    offset, length = unit.payload
    try:
        handle = open_regular(Path(source), RANGE_BUFFER)
    except OSError as exc:
        yield source, None, InputError(_not_read(exc), file=source)
        return
    with handle:
        handle.seek(offset)
        yield from _parse_lines(source, _lines(handle, length, unit.first_line))


#: a .txt file is taken for a letter when its beginning names an application and a reply
_LETTER_WORDS = ("申请".encode(), "申请".encode("gb18030"))
_REPLY_WORDS = tuple(w.encode(e) for w in ("答复", "告知", "政府信息") for e in ("utf-8", "gb18030"))


def looks_like_letter(path: Path) -> bool:
    """A .docx in a case directory is a letter; a .txt only if its first 8 KiB speak of an application and
    a reply (a note or a list of files beside the cases is not audited)."""
    if path.suffix.lower() != ".txt":
        return True
    try:
        with open_regular(path) as handle:
            head = handle.read(8192)
    except OSError:
        return True  # reported as unusable when it is read
    return any(w in head for w in _LETTER_WORDS) and any(w in head for w in _REPLY_WORDS)


def letter_case(path: str) -> Case:
    """The case a reply letter gives by itself (:mod:`gkrules.letter.to_case`), its letter the file."""
    from .letter.to_case import letter_case_from_file

    _letter, parsed, lc = letter_case_from_file(path)
    if not any(parsed.line_of(e) for e in ("title", "salutation", "receipt")):
        raise InputError("未找到答复书的标题、称呼或收到申请的句子，不像政府信息公开申请答复书，未审查", file=path)
    case = lc.case
    decision = case.decision.model_copy(update={"letter": Path(path).name}) if case.decision else None
    return case.model_copy(update={"decision": decision})


def iter_cases(paths: Iterable[str], skipped=None) -> Iterator[tuple[str, int | None, Case | InputError]]:
    """Every case of the inputs, in order, streamed."""
    for unit in iter_units(paths, skipped=skipped):
        yield from parse_unit(unit)
