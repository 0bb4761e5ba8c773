"""Opening input files without being stalled or flooded by what is not a regular file.

A pipe or device named ``x.yml`` would block ``open`` (a FIFO waits for a writer) or never end
(``/dev/zero``); every input file is therefore opened non-blocking, checked to be a regular file, and
read up to a limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

NOT_REGULAR = "不是普通文件（是管道、设备或套接字），未读取"


class NotRegularFile(OSError):
    """The path names a directory, pipe, device or socket, not a regular file."""

    def __init__(self, path: str | Path):
        super().__init__(0, NOT_REGULAR, str(path))


class TooLarge(OSError):
    """The file holds more than the limit it was read with."""

    def __init__(self, path: str | Path, limit: int):
        super().__init__(0, f"文件过大（上限 {limit} 字节）", str(path))
        self.limit = limit


def open_regular(path: str | Path, buffering: int = -1):
    """A regular file opened for binary reading (``buffering`` as for ``open``); anything else raises
    :class:`NotRegularFile` without waiting on it. Other failures are the ``OSError`` of ``open``."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile(path)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb", buffering)
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str | Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (:class:`TooLarge` beyond)."""
    with open_regular(path) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(path, limit)
    return data
