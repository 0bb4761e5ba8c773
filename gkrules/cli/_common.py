"""Pieces every command shares: the context object, the --format option, JSON and table output."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property

import click
import tabulate as _tabulate

from ..rulebook import RuleSet

_tabulate.WIDE_CHARS_MODE = True  # align Chinese text by display width


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
    from ..redact import printable  # text from input files never reaches the terminal as control codes

    rows = [[printable(c) if isinstance(c, str) else c for c in row] for row in rows]
    return _tabulate.tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value):
    """A value safe to put in a CSV or .xlsx cell that Excel or WPS opens.

    A text starting with ``= + - @`` (or TAB/CR) would be read as a formula; as OWASP advises for CSV
    injection, such a text is prefixed with a single quote so it stays text. Numbers pass unchanged.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
