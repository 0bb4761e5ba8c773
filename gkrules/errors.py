"""One error tree for everything gkrules reports to a user instead of a traceback.

Every error carries a Chinese ``message`` and, where known, the file, line, column and field it is
about. The command line prints ``str(error)`` to stderr and exits with ``EXIT_ERROR``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


def suggest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to a misspelt ``name``, or None when nothing is close."""
    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


class GkError(Exception):
    """Base of every error gkrules shows to a user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(GkError):
    """A file that cannot be used: a case, a rule, a profile, a calendar or a letter."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
        suggestion: str | None = None,
    ):
        super().__init__(message)
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.suggestion = suggestion

    def location(self) -> str:
        parts = [self.file or "<输入>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        text = f"{self.location()}: "
        if self.field:
            text += f"字段 {self.field}: "
        text += self.message
        if self.suggestion:
            text += f"（是否应为 {self.suggestion}？）"
        return text

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
            "suggestion": self.suggestion,
        }


class CaseError(InputError):
    """A case file that does not follow the case-file contract."""


class RuleFileError(InputError):
    """A rule file (or a facts vocabulary file) that cannot be loaded."""


class NotApplicableError(GkError):
    """The case falls outside every rule in force (e.g. received before 2019-05-15)."""


class EngineError(GkError):
    """The rules engine failed or disagreed with itself; this is a defect, not bad input."""
