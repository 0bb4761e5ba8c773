"""Reading the data files beside the rules (``rules/params/*.yml``) once per content, not once per command.

A data file is parsed (YAML with line numbers, so that a bad value is reported with its line) and checked
the first time; its plain content is then kept as JSON in the cache directory (the rules cache's:
``GKRULES_CACHE``, ``off`` disables) under the digest of the file's bytes. Later commands read the JSON
and check it again, which takes a millisecond instead of the ~50 ms of the YAML parser per file. An
edited file has a new digest. An entry starts with a marker line holding the SHA-256 of its JSON: an
entry edited by hand (or damaged) is ignored and written afresh from the data file.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .errors import InputError
from .yamlio import Positions, load_file

T = TypeVar("T")
FORMAT = b"gkrules-data-1\0"
_MARKER = "gkrules-data-cache/1"


def cache_dir() -> Path | None:
    """The cache directory of rule sets and data files: ``GKRULES_CACHE`` (``off`` disables the cache), else
    ``$XDG_CACHE_HOME/gkrules`` or ``~/.cache/gkrules``."""
    env = os.environ.get("GKRULES_CACHE")
    if env:
        return None if env.lower() in ("off", "0", "no") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "gkrules"


def _plain(value: Any) -> Any:
    if isinstance(value, _dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def load(path: str | Path, build: Callable[[Any, Positions], T]) -> T:
    """``build(data, positions)`` over the file's content; ``build`` checks it and raises InputError."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError:
        raw = None
    directory = cache_dir() if raw is not None else None
    entry = None
    if directory is not None and raw is not None:
        entry = directory / f"data-{hashlib.sha256(FORMAT + raw).hexdigest()[:32]}.json"
    if entry is not None:
        try:
            body = _verified(entry.read_text(encoding="utf-8"))
            if body is not None:
                return build(json.loads(body), Positions())
        except (OSError, ValueError, InputError, KeyError, TypeError):
            pass
    data, positions = load_file(path)
    result = build(data, positions)
    if entry is not None:
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            tmp = entry.with_suffix(f".{os.getpid()}.tmp")
            body = json.dumps(data, ensure_ascii=False, default=_plain)
            digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
            tmp.write_text(f"{_MARKER} {digest}\n{body}", encoding="utf-8")
            os.replace(tmp, entry)
        except (OSError, TypeError, ValueError):
            pass
    return result


def _verified(text: str) -> str | None:
    """The JSON of an entry whose marker line holds its digest, else None."""
    head, _, body = text.partition("\n")
    parts = head.split(" ")
    if len(parts) != 2 or parts[0] != _MARKER:
        return None
    return body if hashlib.sha256(body.encode("utf-8")).hexdigest() == parts[1] else None
