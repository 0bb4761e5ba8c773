"""The entries of the wording corpus tests/letters/corpus.yml, read once per test process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ruamel.yaml import YAML

LETTERS = Path(__file__).resolve().parent / "letters"
MANIFEST = LETTERS / "corpus.yml"


@lru_cache(maxsize=1)
def _entries() -> tuple[dict, ...]:
    with open(MANIFEST, encoding="utf-8") as f:
        return tuple(YAML(typ="safe").load(f)["letters"])


def entries() -> list[dict]:
    """A fresh list of the entries (the entries themselves are shared: tests only read them)."""
    return list(_entries())


@lru_cache(maxsize=None)
def _case(path: Path, mtime_ns: int, size: int):
    from gkrules.caseio import load_case

    return load_case(path)


def load_case_once(path: Path):
    """``load_case`` of a case file, loaded once per test process while the file is unchanged (the case
    model is frozen, so the tests that share it cannot change it)."""
    stat = path.stat()
    return _case(path, stat.st_mtime_ns, stat.st_size)
