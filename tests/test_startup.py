"""What a command does at start-up: only what it uses is imported and compiled, and the caches that spare
the work are keyed by content and never change an answer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gkrules.errors import InputError
from gkrules.letter import wordings

ROOT = Path(__file__).resolve().parent.parent


def test_a_wording_that_does_not_compile_is_reported_with_its_line_when_its_group_is_used(tmp_path):
    path = tmp_path / "receipt.yml"
    path.write_text(
        "description: 收到申请\n"
        "groups:\n"
        "  verbs:\n"
        "    - pattern: 收到\n"
        "      source: 条例第三十条\n"
        "    - pattern: 收悉(\n"
        "      source: 条例第三十条\n",
        encoding="utf-8",
    )
    w = wordings.load("receipt", str(tmp_path))  # read without compiling the patterns
    with pytest.raises(InputError) as err:
        w.regex("verbs")
    assert err.value.file == str(path)
    assert err.value.line == 6
    assert err.value.field == "groups.verbs[1]"
    # rules lint compiles every pattern
    assert [f for f, _ in wordings.check(tmp_path) if f == str(path)] == [str(path)]


def test_a_group_is_compiled_as_the_alternation_of_its_patterns():
    w = wordings.load("receipt")
    rx = w.regex("verbs")
    assert rx.pattern == "|".join(f"(?:{e.pattern})" for e in w.entries("verbs"))
    assert rx is w.regex("verbs")  # once per process
    assert isinstance(rx, re.Pattern)
