"""``gkrules ARGS`` run in the test process, answering as a child process would: exit code, stdout, stderr.

It goes through ``gkrules.cli.main``, the entry point's own handling (Chinese usage errors, exit 2 with one
line for bad input, 130 for Ctrl-C), with the standard streams captured. A test that needs a real process
(signals, pipes, a full disk, what importing the command loads, a hang that must time out) starts one.
"""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path

from click.testing import CliRunner

from gkrules.cli import main


def gkrules(
    *args: object, cwd: str | Path | None = None, input: str | bytes | None = None
) -> subprocess.CompletedProcess:
    argv = [str(a) for a in args]
    with CliRunner().isolation(input=input) as (out, err, _), contextlib.ExitStack() as stack:
        if cwd is not None:
            stack.enter_context(contextlib.chdir(cwd))
        try:
            main(argv)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        stdout = out.getvalue().decode("utf-8", errors="replace")
        stderr = err.getvalue().decode("utf-8", errors="replace")
    return subprocess.CompletedProcess(["gkrules", *argv], code, stdout, stderr)
