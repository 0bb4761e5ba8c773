"""Writing an output file whole or not at all.

Every output file (text, .docx, .xlsx) is written to a temporary file beside it and published at the end:

- with ``force`` the temporary file is renamed over the target (an existing file is replaced in one step);
- without it, the temporary file is hard-linked to the target name, which fails if a file of that name
  appeared meanwhile: an existing file is never overwritten without ``force``. A file system without hard
  links (some network and FAT file systems: ``os.link`` raises an error other than ``FileExistsError``)
  gets a rename instead, after checking once more that the target does not exist.

An interrupted or failed run (Ctrl-C, a full disk) leaves no partial target and no temporary file behind.
The file gets the permissions the user's umask gives a new file (``mkstemp`` alone would make it 0600).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .errors import InputError, os_error_text

EXISTS = "输出文件已存在；如确需覆盖，请加 --force"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def publish(temp: str | Path, target: str | Path, force: bool) -> None:
    """Give the finished file ``temp`` the name ``target`` (see the module's description); raises
    :class:`InputError` when ``target`` exists and ``force`` is not given, ``OSError`` on other failures."""
    os.chmod(temp, 0o644 & ~_umask())
    if force:
        os.replace(temp, target)
        return
    try:
        os.link(temp, target)
    except FileExistsError:
        raise InputError(EXISTS, file=str(target)) from None
    except OSError:  # no hard links on this file system
        if os.path.lexists(target):
            raise InputError(EXISTS, file=str(target)) from None
        os.replace(temp, target)
    else:
        os.unlink(temp)


@contextlib.contextmanager
def atomic_file(
    path: str | Path,
    force: bool,
    *,
    binary: bool = False,
    newline: str | None = None,
    what: str = "输出文件",
) -> Iterator[IO[Any]]:
    """A handle to write ``path`` through: UTF-8 text, or bytes with ``binary``. The file appears only when
    the ``with`` block ends without an error. Failures are :class:`InputError` naming the file (``what``
    says which file it is in the message: 输出文件, 批注文件)."""
    target = Path(path)
    parent = target.parent if str(target.parent) else Path(".")
    try:
        fd, temp = tempfile.mkstemp(dir=parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"无法写入{what}：{os_error_text(exc)}", file=str(target)) from None
    try:
        if binary:
            with open(fd, "wb") as handle:
                yield handle
        else:
            with open(fd, "w", encoding="utf-8", newline=newline) as handle:
                yield handle
        publish(temp, target, force)
    except OSError as exc:
        raise InputError(f"无法写入{what}：{os_error_text(exc)}", file=str(target)) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)
