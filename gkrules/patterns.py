"""The package's regular expressions, compiled once per installation rather than once per command.

Compiling the patterns a letter is read with (the wordings' alternations, the patterns of the letter
modules) takes longer than reading the letter. Python turns a pattern into code for its regular
expression engine (``re._parser``, ``re._compiler``); :func:`compile` keeps that code in the cache
directory (``GKRULES_CACHE``, as the rules cache; ``off`` disables it), and a later command hands it to
the engine directly (``_sre.compile``, which checks the code before it accepts it), as ``re.compile``
itself does after compiling. The result is the same pattern object: equal to ``re.compile``'s (same
pattern, flags and code).

The store is one file per Python build and regular expression engine (``sys.version``, ``_sre.MAGIC``,
``_sre.CODESIZE``): a marker line with the SHA-256 of the JSON that follows, which maps each pattern and
flags to its code. A file edited by hand or cut short is ignored; patterns compiled afresh are added to
it when the process ends, written to a new file that replaces the old one in one step; one that cannot
be read or written costs only time. Where the interpreter lacks what this relies on, :func:`compile` is
``re.compile``.
"""

from __future__ import annotations

import atexit
import base64
import hashlib
import os
import re
import sys
from array import array
from pathlib import Path
from typing import Any

from . import kept_json

try:  # the regular expression engine's own modules (CPython)
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]

    _ENGINE = f"{sys.version} {_sre.MAGIC} {_sre.CODESIZE} {sys.maxunicode}"
    _CODE_ITEM = {2: "H", 4: "I"}[_sre.CODESIZE]
except (ImportError, AttributeError, KeyError):  # pragma: no cover - another interpreter: plain re.compile
    _ENGINE = ""

MARKER = "gkrules-patterns/1"
#: patterns kept at most; a store that would hold more starts again with this run's
MAX_ENTRIES = 2000

_known: dict[str, list] | None = None  # the store as read: key -> [flags, code, groups, groupindex, indexgroup]
_learnt: dict[str, list] = {}


#: the patterns this process has compiled, as re.compile keeps its own (a pattern made from data, such as a
#: wording, is asked for again and again); cleared when it would hold more than MAX_ENTRIES
_made: dict[str, re.Pattern[str]] = {}


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001 - re.compile's name on purpose
    """``re.compile(pattern, flags)``, from the store when it holds the pattern; once per process."""
    flags = int(flags)
    key = f"{flags}:{pattern}"
    made = _made.get(key)
    if made is None:
        if len(_made) >= MAX_ENTRIES:
            _made.clear()
        made = _made[key] = _compile(pattern, flags, key)
    return made


def _compile(pattern: str, flags: int, key: str) -> re.Pattern[str]:
    if not _ENGINE or _store_path() is None:
        return re.compile(pattern, flags)
    global _known
    if _known is None:
        _known = _read()
    record = _known.get(key) or _learnt.get(key)
    if record is not None:
        try:
            final, code, groups, groupindex, indexgroup = record
            return _sre.compile(  # type: ignore[no-any-return]
                pattern, final, _decode(code), groups, groupindex, tuple(indexgroup)
            )
        except (TypeError, ValueError, RuntimeError, OverflowError):
            _known.pop(key, None)  # not code this engine accepts: compiled afresh below
    compiled = re.compile(pattern, flags)
    _learnt[key] = _record(pattern, flags)
    if len(_learnt) == 1:
        atexit.register(save)
    return compiled


def _record(pattern: str, flags: int) -> list:
    """What ``re._compiler.compile`` hands to the engine, in the store's form."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[Any] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return [flags | parsed.state.flags, _encode(code), parsed.state.groups - 1, groupindex, indexgroup]


def _encode(code: list[int]) -> str:
    return base64.b64encode(array(_CODE_ITEM, code).tobytes()).decode("ascii")


def _decode(text: str) -> list[int]:
    return array(_CODE_ITEM, base64.b64decode(text)).tolist()


_paths: dict[tuple, Path | None] = {}


def _store_path() -> Path | None:
    """The store in the cache directory (``datafile.cache_dir``), None when the cache is off."""
    env = tuple(os.environ.get(name) for name in ("GKRULES_CACHE", "XDG_CACHE_HOME", "HOME"))
    if env not in _paths:
        from .datafile import cache_dir

        directory = cache_dir()
        engine = hashlib.sha256(_ENGINE.encode()).hexdigest()[:16]
        _paths[env] = None if directory is None else directory / f"patterns-{engine}.json"
    return _paths[env]


def _read() -> dict[str, list]:
    path = _store_path()
    return {} if path is None else kept_json.read(path, MARKER)


def save() -> None:
    """Add the patterns compiled afresh in this process to the store."""
    if not _learnt:
        return
    path = _store_path()
    if path is None:
        return
    if kept_json.merge_into(path, MARKER, _learnt, MAX_ENTRIES):
        _learnt.clear()
