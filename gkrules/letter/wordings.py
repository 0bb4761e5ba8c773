"""The wordings a reply letter is read with, as data: ``rules/letter/wordings/*.yml``.

Each file has a ``description`` and ``groups``: group name → list of entries ``{pattern, source}``, where
``pattern`` is a regular expression and ``source`` the article or document the wording rests on. A
group is used as the alternation of its patterns. ``rules lint`` checks every file (it loads, each entry
has a source and a pattern that compiles, the groups the checker reads are there); ``rules doc`` shows
them. The files are read through ``datafile`` (kept as JSON in the cache directory per content).
A group's alternation is compiled the first time it is used; ``rules lint`` compiles every entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .. import datafile
from ..patterns import compile as compile_pattern
from ..errors import InputError

WORDINGS_DIR = Path(__file__).resolve().parent.parent.parent / "rules" / "letter" / "wordings"

#: the groups the checker reads from each file (a file may hold more)
REQUIRED: dict[str, tuple[str, ...]] = {
    "decisions": (
        "open",
        "partial",
        "refused",
        "cannot_provide",
        "not_processed",
        "open_support",
        "cannot_provide_support",
        "other",
        "publication",
        "modifier",
        "negation",
        "condition",
        "sent_document",
        "earlier_reply",
    ),
    "titles": ("doc_type", "accepted", "informal"),
    "receipt": ("verbs",),
    "request": ("restatement",),
    "salutation": ("prefixes", "honorifics", "name_brackets"),
    "reasons": ("general", "article_words", "separation", "contains", "creation_needed", "public_interest_override"),
    "guidance": ("disclosure_where", "publication", "search", "third_party_notice", "vague_referral"),
    "fee": ("charge", "not_charged", "unpaid", "by_count", "by_volume"),
    "agency_names": ("omissible_prefixes",),
    "remedy": ("notice",),
}


class WordingError(InputError):
    """A wordings file that cannot be used."""


@dataclass(frozen=True)
class Entry:
    pattern: str
    source: str


@dataclass(frozen=True)
class Wordings:
    name: str
    description: str
    groups: dict[str, tuple[Entry, ...]]
    path: str = field(default="", compare=False)  # the file it was read from
    _regexes: dict[str, re.Pattern] = field(default_factory=dict, compare=False, repr=False)  # group -> regex

    def entries(self, group: str) -> tuple[Entry, ...]:
        return self.groups.get(group, ())

    def regex(self, group: str) -> re.Pattern:
        found = self._regexes.get(group)
        if found is not None:
            return found
        patterns = tuple(e.pattern for e in self.entries(group))
        try:
            found = self._regexes[group] = _compiled(self.name, group, patterns)
        except re.error as exc:
            raise self._pattern_error(group, exc) from None
        return found

    def _pattern_error(self, group: str, exc: re.error) -> InputError:
        """The entry that does not compile, with its line (the file read again), else the group as a whole."""
        if self.path:
            from ..yamlio import load_file

            try:
                build(*load_file(self.path), Path(self.path), compile_each=True)
            except InputError as found:
                return found
        return WordingError(
            f"措辞组 {group} 的正则表达式无法合并编译：{exc}", file=self.path or None, field=f"groups.{group}"
        )

    def search(self, group: str, text: str) -> re.Match | None:
        return self.regex(group).search(text)


@lru_cache(maxsize=256)
def _compiled(name: str, group: str, patterns: tuple[str, ...]) -> re.Pattern:
    if not patterns:
        return compile_pattern(r"(?!x)x")  # matches nothing
    return compile_pattern("|".join(f"(?:{p})" for p in patterns))


def build(data, positions, path: Path, *, compile_each: bool = False) -> Wordings:
    """Check one file's content and make it a :class:`Wordings`; ``compile_each``: also compile every
    pattern (``rules lint``; a command compiles a group's patterns together when it first uses the group)."""
    name = path.stem
    if not isinstance(data, dict) or not isinstance(data.get("groups"), dict):
        raise WordingError("措辞文件的顶层应为映射，含 description 和 groups", file=str(path), line=1)
    groups: dict[str, tuple[Entry, ...]] = {}
    for group, entries in data["groups"].items():
        line, _ = positions.find(("groups", group))
        if not isinstance(entries, list) or not entries:
            raise WordingError(f"措辞组 {group} 应为非空列表", file=str(path), line=line, field=f"groups.{group}")
        out = []
        for i, entry in enumerate(entries):
            eline, _ = positions.find(("groups", group, i))
            where = f"groups.{group}[{i}]"
            if not isinstance(entry, dict) or not str(entry.get("pattern") or "").strip():
                raise WordingError(f"措辞 {where} 缺少 pattern", file=str(path), line=eline, field=where)
            if not str(entry.get("source") or "").strip():
                raise WordingError(
                    f"措辞 {where}（{entry['pattern']}）缺少 source（所依据的条文或来源）",
                    file=str(path),
                    line=eline,
                    field=where,
                )
            try:
                if compile_each:
                    re.compile(str(entry["pattern"]))
            except re.error as exc:
                raise WordingError(
                    f"措辞 {where} 的正则表达式无法编译：{exc}", file=str(path), line=eline, field=where
                ) from None
            out.append(Entry(str(entry["pattern"]), str(entry["source"])))
        groups[str(group)] = tuple(out)
    missing = [g for g in REQUIRED.get(name, ()) if g not in groups]
    if missing:
        raise WordingError(f"措辞文件缺少检查所需的组：{'、'.join(missing)}", file=str(path), line=1)
    return Wordings(name, str(data.get("description") or ""), groups, str(path))


@lru_cache(maxsize=32)
def load(name: str, directory: str | None = None) -> Wordings:
    """The wordings file ``name`` (``decisions``, ``titles``, …)."""
    path = Path(directory or WORDINGS_DIR) / f"{name}.yml"
    if not path.is_file():
        raise WordingError(f"找不到措辞文件 {name}.yml", file=str(path))
    return datafile.load(path, lambda data, positions: build(data, positions, path))


def check(directory: str | Path) -> list[tuple[str, str]]:
    """Problems of every wordings file as ``(file, message)``, read from the files themselves."""
    from ..yamlio import load_file

    root = Path(directory)
    out: list[tuple[str, str]] = []
    if not root.is_dir():
        return out
    present = set()
    for path in sorted(root.glob("*.yml")):
        present.add(path.stem)
        try:
            data, positions = load_file(path)
            build(data, positions, path, compile_each=True)
        except InputError as exc:
            out.append((str(path), str(exc)))
    for name in REQUIRED:
        if name not in present:
            out.append((str(root / f"{name}.yml"), f"缺少措辞文件 {name}.yml"))
    return out


def markdown(directory: str | Path) -> str:
    """The wordings as a section of the rule book."""
    root = Path(directory)
    if not root.is_dir():
        return ""
    lines = [
        "## 答复书措辞（rules/letter/wordings/）",
        "",
        "检查答复书时识别各要素所用的措辞（正则表达式），每条注明所依据的条文或来源。",
        "",
    ]
    for path in sorted(root.glob("*.yml")):
        w = load(path.stem, str(root))
        lines += [f"### {w.description}（{path.name}）", "", "| 组 | 措辞 | 依据 |", "|---|---|---|"]
        for group, entries in w.groups.items():
            for e in entries:
                pattern = e.pattern.replace("|", "\\|")
                lines.append(f"| `{group}` | `{pattern}` | {e.source} |")
        lines.append("")
    return "\n".join(lines)
