"""Every command of ``gkrules`` on an install without the test extra: ``--help`` of each command and
subcommand (found by walking the click group, so a new command is covered), then ``rules lint``.

Run with the plain install's interpreter; exits 1 naming each command that failed.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import click

from gkrules.cli import cli


def command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = [prefix]
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            out += command_paths(command, (*prefix, name))
        else:
            out.append((*prefix, name))
    return out


def main() -> int:
    for extra in ("hypothesis", "pytest"):
        if importlib.util.find_spec(extra) is not None:
            print(f"这不是不含测试依赖的安装：可以导入 {extra}", file=sys.stderr)
            return 2
    gkrules = str(Path(sys.executable).with_name("gkrules"))
    runs = [[gkrules, *path, "--help"] for path in command_paths(cli)]
    runs.append([gkrules, "rules", "lint", "--no-notes"])
    runs.append([gkrules, "rules", "lint", "--no-notes", "--exhaustive-limit", "0", "--max-examples", "50"])
    failed = []
    for argv in runs:
        done = subprocess.run(argv, capture_output=True, text=True)
        shown = " ".join(["gkrules", *argv[1:]])
        if done.returncode != 0 or "Traceback" in done.stderr:
            failed.append(shown)
            print(f"失败（退出码 {done.returncode}）：{shown}\n{done.stderr[-2000:]}", file=sys.stderr)
        else:
            print(f"通过：{shown}")
    print(f"不含测试依赖的安装：{len(runs) - len(failed)}/{len(runs)} 个命令通过")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
