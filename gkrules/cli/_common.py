"""Pieces every command shares: the context object, the --format option, JSON and table output, output
files (``-o FILE`` / ``--force``) and spreadsheet-safe cells."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from typing import TYPE_CHECKING

import click

from ..errors import InputError
from ..output_cells import spreadsheet_cell as spreadsheet_cell
from ..output_cells import text_table

if TYPE_CHECKING:  # the rules are loaded by the commands that use them, not to print --help
    from ..rulebook import RuleSet


@dataclass
class Context:
    rules_dir: str | None = None

    @cached_property
    def ruleset(self) -> RuleSet:
        from ..rulebook import ruleset

        return ruleset(self.rules_dir)

    def classifier(self, engine: str = "durable"):
        from ..classify import classifier

        return classifier(self.rules_dir, engine)


pass_context = click.make_pass_decorator(Context)


def format_option(*choices: str, default: str = "text"):
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices or ("text", "json")),
        default=default,
        show_default=True,
        help="输出格式。",
    )


def dump_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def table(rows, headers) -> str:
    return text_table(rows, headers)


def output_options(*formats: str):
    """``--format``, ``-o FILE`` and ``--force`` (an existing file is never overwritten without it)."""

    def deco(func):
        func = click.option("--force", is_flag=True, default=False, help="允许覆盖已存在的输出文件。")(func)
        func = click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
                            help="写入文件（默认：标准输出）。文件已存在时须加 --force。")(func)
        return click.option("--format", "fmt", type=click.Choice(formats), default=formats[0],
                            show_default=True, help="输出格式。")(func)

    return deco


def ensure_writable(path: str | None, force: bool) -> None:
    """Refuse early, before any work, to overwrite an existing output file without --force."""
    if path and path != "-" and Path(path).exists() and not force:
        raise InputError("输出文件已存在；如确需覆盖，请加 --force", file=str(path))


@contextlib.contextmanager
def open_output(path: str | None, force: bool, newline: str | None = None):
    """A text stream to ``path`` (UTF-8) or to stdout; refuses to overwrite an existing file without --force."""
    if path is None or path == "-":
        yield _Stdout()
        return
    target = Path(path)
    if target.exists() and not force:
        raise InputError("输出文件已存在；如确需覆盖，请加 --force", file=str(target))
    mode = "w" if force else "x"
    try:
        handle = open(target, mode, encoding="utf-8", newline=newline)
    except FileExistsError:
        raise InputError("输出文件已存在；如确需覆盖，请加 --force", file=str(target)) from None
    except OSError as exc:
        raise InputError(f"无法写入输出文件：{exc.strerror}", file=str(target)) from None
    with handle:
        yield handle


class _Stdout:
    def write(self, text: str) -> None:
        click.echo(text, nl=False)
