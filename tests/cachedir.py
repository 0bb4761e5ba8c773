"""A cache directory for a test of what commands keep between runs (engine answers, compiled patterns).

It starts with this test run's parsed rule set and data files (``rules-*.json``, ``data-*.json``: kept
under the digest of what they were read from, and checked when read), so that the first command run in
it does not parse the rule files again; it holds none of the run's engine answers or compiled patterns,
which such a test watches being made.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

KEPT = ("rules-*.json", "data-*.json")


def with_parsed_rules(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    source = os.environ.get("GKRULES_CACHE")
    if source and Path(source).is_dir():
        for pattern in KEPT:
            for entry in Path(source).glob(pattern):
                try:
                    shutil.copyfile(entry, directory / entry.name)
                except OSError:  # being replaced by another test process: the command parses it
                    pass
    return directory
