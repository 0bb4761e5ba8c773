"""Where a command's output goes: a file written whole or not at all, or standard output.

- An output file that is one of the command's inputs is refused, with or without ``--force`` (the
  same file by path or by device and inode: a link or another spelling of the path is the same file).
- The output location is checked before any work: an existing file without ``--force``, a missing or
  read-only directory, a directory where a file is wanted.
- A regular output file is written to a temporary file beside it and published at the end
  (``gkrules.atomic_write``), so an interrupted or failed run (Ctrl-C, a full disk) leaves any existing
  file as it was. A device or pipe (``/dev/full``, ``/dev/stdout``) is written directly.
- Write failures (a full disk) become one Chinese line and exit code 2.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

import click

from ..atomic_write import EXISTS, atomic_file
from ..errors import InputError, os_error_text


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _command_inputs() -> list[str]:
    """The ``paths`` argument of the running command, when it has one."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return []
    value = ctx.params.get("paths") or ()
    return [value] if isinstance(value, str) else list(value)


def ensure_writable(path: str | None, force: bool, inputs: Iterable[str] | None = None) -> None:
    """Refuse, before any work, an output that cannot or must not be written."""
    if not path or path == "-":
        return
    target = Path(path)
    inputs = list(inputs) if inputs is not None else _command_inputs()
    try:
        info = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise InputError(f"无法写入输出文件：{os_error_text(exc)}", file=str(target)) from None
    if info is not None:
        for name in inputs:
            if name == "-":
                continue
            try:
                other = os.stat(name)
            except OSError:
                continue
            if _same_file(info, other) or target.resolve() == Path(name).resolve():
                raise InputError(
                    "输出文件与输入文件相同：输出会毁掉输入，即使加 --force 也不允许；请换一个输出文件名",
                    file=str(target),
                )
        if stat.S_ISDIR(info.st_mode):
            raise InputError("输出位置是目录，应为文件", file=str(target))
        if stat.S_ISREG(info.st_mode) and not force:
            raise InputError(EXISTS, file=str(target))
        if not stat.S_ISREG(info.st_mode):
            return  # a device or pipe: written directly
    parent = target.parent if str(target.parent) else Path(".")
    try:
        with tempfile.NamedTemporaryFile(dir=parent, prefix=f".{target.name}.", suffix=".tmp"):
            pass
    except FileNotFoundError:
        raise InputError("无法写入输出文件：所在的目录不存在", file=str(target)) from None
    except OSError as exc:
        raise InputError(f"无法写入输出文件（所在目录：{os_error_text(exc)}）", file=str(target)) from None


@contextlib.contextmanager
def open_output(path: str | None, force: bool, newline: str | None = None):
    """A text stream to ``path`` (UTF-8) or to stdout; a regular file appears only when all is written."""
    if path is None or path == "-":
        yield _Stdout()
        return
    ensure_writable(path, force)
    target = Path(path)
    try:
        info = target.stat()
    except OSError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        try:
            with open(target, "w", encoding="utf-8", newline=newline) as handle:
                yield handle
        except OSError as exc:
            raise InputError(f"无法写入输出文件：{os_error_text(exc)}", file=str(target)) from None
        return
    with atomic_file(target, force, newline=newline) as handle:
        yield handle


class _Stdout:
    def write(self, text: str) -> None:
        click.echo(text, nl=False)


#: the errors of writing out: a closed pipe, a full disk or quota, a device failing
WRITE_ERRORS = (errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO)


def stdout_failure(exc: OSError) -> int:
    """What a command does when standard output fails: a closed pipe (``| head``) ends the run quietly
    with exit code 0 (the reader chose to stop); any other failure is one Chinese line and exit code 2."""
    import sys

    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # nothing more is written to the failed stream at exit
    if exc.errno == errno.EPIPE:
        return 0
    with contextlib.suppress(OSError):
        sys.stderr.write(f"错误：无法写出结果：{os_error_text(exc)}\n")
    return 2
