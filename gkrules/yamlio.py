"""Strict YAML loading with positions, shared by case, rule, profile and calendar files.

ruamel.yaml's round-trip loader keeps the line and column of every key; it builds only plain
mappings, sequences and scalars (no Python objects), and it refuses duplicate keys, aliases (``*name``:
a kilobyte of nested aliases expands to gigabytes), mappings or sequences as keys, integers too long to
convert and nesting deeper than :data:`MAX_DEPTH`. The result is
converted to plain ``dict``/``list`` values, and a :class:`Positions` table maps a field path such as
``("items", 0, "facts", "state_secret")`` to its 1-based line and column.

The files this package reads are plain mappings, sequences and scalars. Those are built straight from
the parser's nodes, which carry their line and column, with the round-trip loader's scalar values; the
scanner and parser used for that do not collect comments, which the round-trip ones spend most of their
time on. A document with anything else (a tag on a mapping or sequence, a merge key ``<<``), or with an
error, is loaded by the round-trip loader itself, so every document gives what that loader gives.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer, ComposerError
from ruamel.yaml.constructor import (
    ConstructorError,
    DuplicateKeyError,
    RoundTripConstructor,
)
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionStartEvent
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.parser import Parser
from ruamel.yaml.scanner import Scanner

from .errors import InputError, os_error_text
from .regular_files import NotRegularFile, TooLarge, read_regular

#: a case file is a few kilobytes (1,000 items about 100 KiB); the YAML parser that keeps line numbers
#: reads about 35 KiB a second, so this bounds the time one file can cost to about 15 s
MAX_YAML_BYTES = 512 * 1024
#: nesting of mappings and sequences; a case file needs five levels, a rule file six
MAX_DEPTH = 50
#: digits of an integer (Python refuses to convert more than 4,300)
MAX_INT_DIGITS = 100

Path_ = tuple[Any, ...]


class Positions:
    """Line and column (1-based) of each key or item in a loaded document."""

    def __init__(self) -> None:
        self._at: dict[Path_, tuple[int, int]] = {}

    def add(self, path: Path_, line: int, column: int) -> None:
        self._at[path] = (line + 1, column + 1)

    def find(self, path: Path_) -> tuple[int | None, int | None]:
        """Position of ``path`` or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self._at:
                return self._at[path]
            path = path[:-1]
        return self._at.get((), (None, None))


def _plain(node: Any, path: Path_, pos: Positions) -> Any:
    if isinstance(node, CommentedMap):
        out = {}
        for key, value in node.items():
            try:
                line, col = node.lc.key(key)
                pos.add(path + (key,), line, col)
            except (KeyError, TypeError, AttributeError):
                pass
            out[key] = _plain(value, path + (key,), pos)
        return out
    if isinstance(node, CommentedSeq):
        out_list = []
        for i, value in enumerate(node):
            try:
                line, col = node.lc.item(i)
                pos.add(path + (i,), line, col)
            except (KeyError, TypeError, AttributeError, IndexError):
                pass
            out_list.append(_plain(value, path + (i,), pos))
        return out_list
    if isinstance(node, _dt.datetime):
        return node
    if isinstance(node, str):
        return str(node)
    # ruamel's ScalarFloat, ScalarInt and ScalarBoolean become plain values (messages name their type)
    if isinstance(node, bool) or type(node).__name__ == "ScalarBoolean":
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


class _Composer(Composer):
    """Refuses aliases, mappings or sequences as keys, and nesting deeper than :data:`MAX_DEPTH`, before
    any node is built."""

    def compose_node(self, parent, index):
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent):
            raise ComposerError(None, None, _ALIAS, event.start_mark)
        depth = getattr(self, "_gk_depth", 0)
        if isinstance(event, CollectionStartEvent):
            if isinstance(parent, MappingNode) and index is None:  # a key (the composer passes no index)
                raise ComposerError(None, None, _COLLECTION_KEY, event.start_mark)
            if depth >= MAX_DEPTH:
                raise ComposerError(None, None, _DEEP, event.start_mark)
            self._gk_depth = depth + 1
            try:
                return super().compose_node(parent, index)
            finally:
                self._gk_depth = depth
        return super().compose_node(parent, index)


_ALIAS = "不允许使用 YAML 别名（*名称）：请把内容直接写出"
_DEEP = f"嵌套层数过多（上限 {MAX_DEPTH} 层）"
_LONG_INT = f"数字过长（上限 {MAX_INT_DIGITS} 位）"
_COLLECTION_KEY = "键只能是文字或数字，不能是映射或列表"


class _Constructor(RoundTripConstructor):
    """Dates as ``datetime.date``; an impossible date (2020-02-30) stays a string, so that the model
    reports it with its field and line instead of the parser failing without one."""

    def construct_yaml_timestamp(self, node, values=None):
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)

    def construct_yaml_int(self, node):
        if sum(ch.isdigit() for ch in str(node.value)) > MAX_INT_DIGITS:
            raise ConstructorError(None, None, _LONG_INT, node.start_mark)
        return super().construct_yaml_int(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)
_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_yaml_int)


def _yaml(fast: bool) -> YAML:
    yaml = YAML(typ="rt")
    yaml.Composer = _Composer
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    if fast:
        yaml.Scanner = Scanner
        yaml.Parser = Parser
    return yaml


_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"


class _NotPlain(Exception):
    """A node that the round-trip loader builds in its own way (see the module's description)."""


def _build(node: Any, path: Path_, pos: Positions, construct: Any, check_key: Any) -> Any:
    """What :func:`_plain` makes of the round-trip loader's object for ``node``, built from the node."""
    if isinstance(node, ScalarNode):
        return _plain(construct(node, deep=True), path, pos)
    if isinstance(node, MappingNode):
        if node.tag != _MAP:
            raise _NotPlain
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                raise _NotPlain
            key = construct(key_node, deep=True)  # keys stay the loader's objects, as in _plain
            value = _build(value_node, path + (key,), pos, construct, check_key)
            if check_key(node, key_node, out, key, value):
                pos.add(path + (key,), key_node.start_mark.line, key_node.start_mark.column)
                out[key] = value
        return out
    if isinstance(node, SequenceNode):
        if node.tag != _SEQ:
            raise _NotPlain
        out_list = []
        for i, child in enumerate(node.value):
            pos.add(path + (i,), child.start_mark.line, child.start_mark.column)
            out_list.append(_build(child, path + (i,), pos, construct, check_key))
        return out_list
    raise _NotPlain


def _load(text: str) -> tuple[Any, Positions]:
    yaml = _yaml(fast=True)
    pos = Positions()
    try:
        node = yaml.compose(text)
        if node is not None:
            constructor = yaml.constructor
            data = _build(node, (), pos, constructor.construct_object, constructor.check_mapping_key)
            if isinstance(node, (MappingNode, SequenceNode)):
                pos.add((), node.start_mark.line, node.start_mark.column)
            return data, pos
    except (_NotPlain, YAMLError, RecursionError):
        # the round-trip loader says what is wrong, where, in its own words (its scanner places some
        # errors elsewhere: a colon where a key cannot be is reported at the colon)
        pass
    return _round_trip(text)


def _round_trip(text: str) -> tuple[Any, Positions]:
    """The document as the round-trip loader builds it, made plain."""
    data = _yaml(fast=False).load(text)
    pos = Positions()
    if isinstance(data, (CommentedMap, CommentedSeq)):
        pos.add((), data.lc.line, data.lc.col)
    return _plain(data, (), pos), pos


#: documents already parsed by this process, by their text (most recently used last): a rule set loaded
#: again after one of its files changed, or a batch naming a case file twice, parses each text once
_PARSED: dict[str, tuple[Any, Positions]] = {}
_PARSED_ENTRIES = 256
_PARSED_TEXT = 64 * 1024


def _fresh(value: Any) -> Any:
    """A copy of a loaded document that its caller may change (scalars are not changed in place)."""
    if type(value) is dict:
        return {k: _fresh(v) for k, v in value.items()}
    if type(value) is list:
        return [_fresh(v) for v in value]
    return value


def loads(text: str, filename: str) -> tuple[Any, Positions]:
    """Parse YAML text; errors become :class:`InputError` naming the file and line."""
    parsed = _PARSED.pop(text, None)
    if parsed is None:
        parsed = _parse(text, filename)
        if len(text) > _PARSED_TEXT:
            return parsed
        while len(_PARSED) >= _PARSED_ENTRIES and _PARSED:
            del _PARSED[next(iter(_PARSED))]
    _PARSED[text] = parsed
    data, pos = parsed
    return _fresh(data), pos


def _parse(text: str, filename: str) -> tuple[Any, Positions]:
    try:
        return _load(text)
    except DuplicateKeyError as exc:
        mark = exc.problem_mark
        key = _duplicate_key_name(exc)
        raise InputError(
            f"重复的键 {key}：同一层级中一个键只能出现一次" if key else "重复的键",
            file=filename,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
            field=key,
        ) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context
        raise InputError(
            problem
            if problem in (_ALIAS, _DEEP, _LONG_INT, _COLLECTION_KEY)
            else f"YAML 语法错误：{yaml_problem_text(problem)}",
            file=filename,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except YAMLError as exc:
        raise InputError(f"YAML 无法解析：{exc}", file=filename) from None
    except RecursionError:  # a safety net: the composer refuses deep nesting first
        raise InputError(f"YAML 无法解析：{_DEEP}", file=filename) from None


_YAML_PROBLEMS = [
    (re.compile(r"expected the node content, but found '<stream end>'"), "内容在此意外结束（缺少值）"),
    (re.compile(r"found character '\\t' that cannot start any token"), "含有制表符：YAML 缩进只能用空格"),
    (re.compile(r"found character '(.+)' that cannot start any token"), r"字符 \1 不能出现在这里"),
    (re.compile(r"mapping values are not allowed here"), "这里不能出现“键: 值”（冒号后缺空格，或缩进不对？）"),
    (re.compile(r"could not find expected ':'"), "缺少冒号“:”"),
    (re.compile(r"expected <block end>, but found '(.+)'"), "缩进不一致"),
    (re.compile(r"found unexpected end of stream"), "文件意外结束（引号或括号没有闭合？）"),
    (re.compile(r"found undefined alias"), "引用了未定义的锚点"),
    (re.compile(r"expected ',' or '\]', but got"), "列表中缺少逗号或右方括号"),
    (re.compile(r"expected ',' or '\}', but got"), "映射中缺少逗号或右花括号"),
    (re.compile(r"while scanning a quoted scalar"), "引号没有闭合"),
]


def yaml_problem_text(problem: str | None) -> str:
    """A Chinese description of a ruamel.yaml parser problem (the original text when unknown)."""
    text = str(problem or "")
    for pattern, chinese in _YAML_PROBLEMS:
        if pattern.search(text):
            return pattern.sub(chinese, text) if "\\1" in chinese else chinese
    return f"无法解析（{text}）"


def _duplicate_key_name(exc: DuplicateKeyError) -> str | None:
    text = str(exc.problem or "")
    # ruamel says: found duplicate key "name" with value ... (original value: ...)
    if '"' in text:
        parts = text.split('"')
        if len(parts) >= 2:
            return parts[1]
    return None


def load_file(path: str | Path) -> tuple[Any, Positions]:
    """Read and parse a YAML file (UTF-8, at most :data:`MAX_YAML_BYTES`)."""
    path = Path(path)
    try:
        raw = read_regular(path, MAX_YAML_BYTES)
    except (NotRegularFile, TooLarge) as exc:
        raise InputError(exc.strerror or "无法读取文件", file=str(path)) from None
    except OSError as exc:
        raise InputError(f"无法读取文件：{os_error_text(exc)}", file=str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError("文件不是 UTF-8 编码，请另存为 UTF-8", file=str(path), line=line) from None
    return loads(text, str(path))
