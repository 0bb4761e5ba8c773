"""What output may show of text that came from input: names masked, terminal controls removed.

- :func:`mask_names` hides applicants' names (and the names a reply letter's salutation holds) in
  audit rows and their messages unless ``--show-names``: "张某" becomes "张*".
- :func:`printable` removes what a terminal would obey instead of showing: escape sequences (colours,
  cursor moves, window titles), other control characters and the bidirectional overrides that make
  text display in another order than it is stored. Tabs and line ends stay.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window title, hyperlinks
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[@-Z\\-_]?"  # two-character escapes, and a lone ESC
    r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]"  # other C0 and C1 controls (not \t \n \r)
    r"|[\u202a-\u202e\u2066-\u2069]"  # bidirectional embeddings, overrides and isolates
)


def printable(text: str) -> str:
    """``text`` without terminal control sequences (shown as "�" so that the removal is visible)."""
    if text.isprintable():
        return text
    return _ESCAPES.sub("\ufffd", text)


def mask(name: str) -> str:
    """A name shown masked: its first character, then one "*" per further character."""
    name = name.strip()
    if len(name) <= 1:
        return "*" * len(name)
    return name[0] + "*" * (len(name) - 1)


_QUOTED = re.compile(r"“([^”]{1,40})”")
_PUNCT = "：:，,。 　"


def mask_names(text: str, names: Iterable[str], *, quoted: bool = False) -> str:
    """``text`` with every occurrence of each name masked; with ``quoted``, also every “…” quotation
    (the salutation's expected and found names, which may be another person's)."""
    given = [n for n in names if n and n.strip()]
    # longest first, so that a name inside another is not masked in it first (one name: nothing to order)
    for name in given if len(given) < 2 else sorted(set(given), key=len, reverse=True):
        if name in text:
            text = text.replace(name, mask(name))
    if quoted:

        def hide(m: re.Match) -> str:
            inner = m.group(1)
            core = inner.rstrip(_PUNCT)
            return "“" + mask(core) + inner[len(core) :] + "”"

        text = _QUOTED.sub(hide, text)
    return text
