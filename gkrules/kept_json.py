"""A JSON object kept between runs in one file of the cache directory (the engine's answers, compiled
regular expressions).

The file's first line holds a marker (what the file is, and its version) and the SHA-256 of the JSON text
that follows. A file edited by hand, cut short or of another kind is read as empty. :func:`merge_into`
adds the entries learnt in a run to the file as it is then and replaces it in one step, so that runs at
the same time never leave half a file; a file that cannot be read or written costs only time.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path


def read(path: Path, marker: str) -> dict:
    """The object kept in ``path``, or ``{}`` when the file is missing, unreadable or not intact."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    head, _, body = text.partition("\n")
    if head != _head(marker, body):
        return {}
    try:
        data = json.loads(body)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def merge_into(path: Path, marker: str, learnt: dict, max_entries: int) -> bool:
    """Add ``learnt`` to what ``path`` holds (the file starts again with ``learnt`` alone when the two
    together would exceed ``max_entries``); False when the file could not be written."""
    merged = read(path, marker)
    merged.update(learnt)
    if len(merged) > max_entries:
        merged = dict(learnt)
    body = json.dumps(merged, ensure_ascii=False, separators=(",", ":"))
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(f"{_head(marker, body)}\n{body}", encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        return False
    return True


def _head(marker: str, body: str) -> str:
    return f"{marker} {hashlib.sha256(body.encode('utf-8')).hexdigest()}"
