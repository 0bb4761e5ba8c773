"""The ``gkrules`` command line.

Each module of this package holds one command or command group and lists it in ``COMMANDS``.
Modules are imported when a command is asked for: ``gkrules check`` imports the check command's module
(named in ``WHERE``) and what it uses, not the audit or the annual report; listing the commands (``--help``)
or a command not in ``WHERE`` imports them all. Errors that are the user's (bad case file, bad rule
file, unknown code) are printed in Chinese to stderr with exit code 2, never as a traceback.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
from collections.abc import Callable

import click

from ..errors import EXIT_ERROR, GkError
from ..redact import printable
from ._common import Context
from ._output import WRITE_ERRORS, stdout_failure

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

#: command name -> the module of this package that defines it (a shortcut; tests check it)
WHERE = {
    "audit": "audit",
    "calendar": "deadline",
    "case": "case",
    "check": "check",
    "classify": "classify",
    "deadline": "deadline",
    "draft": "check",
    "explain": "classify",
    "fee": "deadline",
    "gen": "gen",
    "report": "report",
    "rules": "rules",
    "schema": "classify",
}


class _LazyGroup(click.Group):
    """Imports the module of a command only when that command is asked for."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in WHERE:
            _load(WHERE[cmd_name])
        if cmd_name not in self.commands:
            _register()
        return self.commands.get(cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        _register()
        return sorted(self.commands)


@click.group(cls=_LazyGroup, context_settings=CONTEXT_SETTINGS)
@click.option(
    "--rules",
    "rules_dir",
    type=click.Path(file_okay=False, exists=True),
    envvar="GKRULES_RULES",
    help="规则目录（默认：项目的 rules/；也可用环境变量 GKRULES_RULES）。",
)
@click.version_option(package_name="gkrules")
@click.pass_context
def cli(ctx: click.Context, rules_dir: str | None) -> None:
    """gkrules：政府信息公开依申请答复的规则校验工具。

    \b
    经办人（发出答复前）：
      gkrules classify cases/refused-third-party-bid-documents.yml   按规则给出处理结果类别
      gkrules explain  cases/partial-mixed-items.yml                 每条规则的命中与取舍过程
      gkrules check    cases/letters/ok-refused-third-party.yml      拟定类别、答复书、答复期限
      gkrules draft    cases/refused-state-secret.yml -o 答复书.docx  按标准模板起草答复书
      gkrules deadline --received 2025-09-22                         答复期限与逐日计数
    \b
    法制审核（成批）：
      gkrules audit cases/ --format csv -o 审查.csv                  批量审查
      gkrules report --year 2024 cases/                              年度报告表（申请情况）
      gkrules rules list / rules show GK-C-006 / rules lint          规则、条文与一致性检查

    退出码：0 无问题；1 发现问题；2 输入无法使用（文件、行号、字段见错误信息）。
    """
    ctx.obj = Context(rules_dir=rules_dir)


_loaded: set[str] = set()


def _load(name: str) -> None:
    """Import one command module and add its commands."""
    if name in _loaded:
        return
    module = importlib.import_module(f"{__name__}.{name}")
    for command in getattr(module, "COMMANDS", ()):
        cli.add_command(command)
    _loaded.add(name)


def _register() -> None:
    """Import every command module (for the list of commands, or a command not in ``WHERE``)."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            _load(info.name)


def _option_value(m: re.Match) -> str:
    """``Invalid value for '-o' / '--output': …`` → ``参数 -o/--output 的值无效：…``."""
    names = "/".join(n for n in (m.group(1), m.group(2)) if n)
    return f"参数 {names} 的值无效：{m.group(3)}"


#: (pattern, flags, Chinese): compiled when a message is translated, not at every start-up
_CLICK_MESSAGES: list[tuple[str, int, str | Callable[[re.Match[str]], str]]] = [
    (r"Invalid value for '([^']+)'(?: / '([^']+)')?: (.*)", re.DOTALL, _option_value),
    (r"(?:File|Path|Directory) '(.+?)' is not readable\.", 0, r"\1 没有读取权限"),
    (r"(?:File|Path|Directory) '(.+?)' is not writable\.", 0, r"\1 没有写入权限"),
    (r"(?:File|Path|Directory) '(.+?)' is not executable\.", 0, r"\1 没有执行权限"),
    (r"'(.+?)' is not a valid float(?: range)?\.", 0, r"“\1”不是数字"),
    (r"'(.+?)' is not a valid boolean\.", 0, r"“\1”不是 true 或 false"),
    (r"(?:File|Path|Directory) '(.+?)' is a directory\.", 0, r"\1 是目录，应为文件"),
    (r"(?:File|Path|Directory) '(.+?)' is a file\.", 0, r"\1 是文件，应为目录"),
    (r"(?:File|Path|Directory) '(.+?)' does not exist\.", 0, r"\1 不存在"),
    (r"'(.+?)' does not match the format '(.+?)'\.", 0, r"“\1”不符合日期格式 YYYY-MM-DD"),
    (r"'(.+?)' does not match the formats? (.+)\.", 0, r"“\1”不符合格式 \2"),
    (r"'(.+?)' is not a valid integer(?: range)?\.", 0, r"“\1”不是整数"),
    (r"'(.+?)' is not one of (.+)\.", 0, r"“\1”不是可选值之一：\2"),
    (r"'(.+?)' is not in the range (.+)\.", 0, r"“\1”超出范围 \2"),
    (r"(-?\d+) is not in the range (.+)\.", 0, r"\1 超出范围 \2"),
    (r"No such option:? '?([^'\s]+?)'?\.?\s+Did you mean '?([^'?]+)'?\?", 0, r"没有选项 \1（是否应为 \2？）"),
    (r"No such option:? '?([^'\s]+?)'?\.?$", 0, r"没有选项 \1"),
    (r"No such command '(.+?)'\.", 0, r"没有命令 \1"),
    (r"Missing argument '(.+?)'\.", 0, r"缺少参数 \1"),
    (r"Missing option '(.+?)'\.", 0, r"缺少选项 \1"),
    (r"Option '(.+?)' requires an argument\.", 0, r"选项 \1 需要一个值"),
    (r"Got unexpected extra arguments? \((.+?)\)", 0, r"多余的参数：\1"),
]


def chinese_usage_message(message: str) -> str:
    """Click's usage and parameter errors, in Chinese where the pattern is known."""
    for source, flags, chinese in _CLICK_MESSAGES:
        pattern = re.compile(source, flags)
        if pattern.search(message):
            message = pattern.sub(chinese, message)
    # click names an OS error in English: "… '/x': Permission denied"
    for english, chinese in _OS_ENGLISH:
        message = message.replace(english, chinese)
    return message


_OS_ENGLISH = [
    ("Permission denied", "没有权限"),
    ("No such file or directory", "文件不存在"),
    ("Too many levels of symbolic links", "符号链接层数过多（可能有循环）"),
    ("Is a directory", "这是目录，不是文件"),
    ("Not a directory", "路径中有一段不是目录"),
    ("No space left on device", "磁盘空间不足"),
    ("Read-only file system", "文件系统只读"),
]


def _show_click_error(exc: click.ClickException) -> None:
    text = chinese_usage_message(exc.format_message())
    ctx = getattr(exc, "ctx", None)
    hint = ""
    if ctx is not None:
        hint = f"\n用法：{ctx.get_usage().removeprefix('Usage: ')}\n帮助：{ctx.command_path} --help"
    click.echo(f"错误：{text}{hint}", err=True)


def _interrupted() -> None:
    """Ctrl-C: one line, exit code 130 (128 + SIGINT) as shells report it."""
    try:
        click.echo("已中断：未写出结果（已有的输出文件保持不变）", err=True)
    finally:
        sys.exit(130)


def main(argv: list[str] | None = None) -> None:
    try:
        code = cli.main(args=argv, prog_name="gkrules", standalone_mode=False)
    except GkError as exc:
        click.echo(f"错误：{printable(str(exc))}", err=True)
        sys.exit(EXIT_ERROR)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        _show_click_error(exc)
        sys.exit(EXIT_ERROR)
    except click.exceptions.Abort as exc:
        if isinstance(exc.__cause__, KeyboardInterrupt):
            _interrupted()
        click.echo("已中止", err=True)
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        _interrupted()
    except SystemExit:
        # click ends a run whose standard output was closed (| head) with exit code 1, after wrapping
        # the streams; the reader chose to stop reading, which is no failure
        if type(sys.stdout).__name__ == "_PacifyFlushWrapper":
            sys.exit(0)
        raise
    except OSError as exc:  # standard output closed (| head) or full (> /dev/full)
        if exc.errno not in WRITE_ERRORS:
            raise
        sys.exit(stdout_failure(exc))
    try:
        sys.stdout.flush()
    except OSError as exc:
        sys.exit(stdout_failure(exc))
    sys.exit(code or 0)
