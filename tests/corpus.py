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
