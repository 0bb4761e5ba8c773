"""Pieces every command shares: the context object, the --format option, JSON and table output, output
files (``-o FILE`` / ``--force``) and spreadsheet-safe cells."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import click

from ..output_cells import spreadsheet_cell as spreadsheet_cell
from ..output_cells import text_table
from ._output import ensure_writable as ensure_writable  # where the output goes: cli/_output.py
from ._output import open_output as open_output

if TYPE_CHECKING:  # the rules are loaded by the commands that use them, not to print --help
    from ..rulebook import RuleSet


@dataclass
class Context:
    rules_dir: str | None = None
    _on_close: list = field(default_factory=list)

    @cached_property
    def ruleset(self) -> RuleSet:
        from ..rulebook import ruleset

        return ruleset(self.rules_dir)

    def classifier(self, engine: str = "durable"):
        """The classifier of the rule set; the engine's answers are kept between runs (``cache.DecisionStore``),
        saved when the command ends."""
        from ..classify import classifier

        from ..cache import CachedEvaluator

        found = classifier(self.rules_dir, engine, remember=True)
        save = found.evaluator.save if isinstance(found.evaluator, CachedEvaluator) else None
        if save is not None and save not in self._on_close:
            self._on_close.append(save)
            click.get_current_context().call_on_close(save)
        return found


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
    from ..redact import printable  # text from input files never reaches the terminal as control codes

    rows = [[printable(c) if isinstance(c, str) else c for c in row] for row in rows]
    return text_table(rows, headers)


def output_options(*formats: str):
    """``--format``, ``-o FILE`` and ``--force`` (an existing file is never overwritten without it)."""

    def deco(func):
        func = click.option("--force", is_flag=True, default=False, help="允许覆盖已存在的输出文件。")(func)
        func = click.option(
            "-o",
            "--output",
            type=click.Path(dir_okay=False),
            default=None,
            help="写入文件（默认：标准输出）。文件已存在时须加 --force。",
        )(func)
        return click.option(
            "--format", "fmt", type=click.Choice(formats), default=formats[0], show_default=True, help="输出格式。"
        )(func)

    return deco
