"""Reading case files: YAML (one case per file) and JSONL (one case per line).

Validation errors become :class:`CaseError` with file, line, column and field, in Chinese, with a
did-you-mean for misspelt keys. Nothing here prints; the command line decides what to show.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from . import models
from .errors import (  # CaseErrors re-exported
    CaseError,
    CaseErrors,
    InputError,
    json_error_text,
    shown,
    suggest,
    type_name,
)
from .yamlio import Positions, load_file

M = TypeVar("M", bound=BaseModel)

CASE_SUFFIXES = (".yml", ".yaml")

_MESSAGES = {
    "missing": "缺少必填字段",
    "extra_forbidden": "未知字段",
    "bool_type": "应为 true 或 false",
    "string_type": "应为文本",
    "list_type": "应为列表",
    "model_type": "应为映射（键: 值）",
    "dict_type": "应为映射（键: 值）",
    "too_short": "不能为空",
    "string_too_short": "不能为空",
    "string_too_long": "文本过长",
    "literal_error": "取值无效",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "date_type": "应为日期 YYYY-MM-DD",
    "date_from_datetime_inexact": "应为日期 YYYY-MM-DD，不应含时间",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "greater_than": "数值过小",
    "greater_than_equal": "数值过小",
    "less_than": "数值过大",
    "less_than_equal": "数值过大",
    "string_pattern_mismatch": "格式不符合要求",
    "too_long": "条目过多",
    "union_tag_invalid": "取值无效",
    "frozen_instance": "不能修改",
}


def _model_at(loc: tuple[Any, ...], root: type[BaseModel]) -> type[BaseModel] | None:
    """The model whose fields are valid at ``loc`` below ``root`` (for did-you-mean)."""
    model: type[BaseModel] | None = root
    for part in loc:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) or next((f for f in model.model_fields.values() if f.alias == part), None)
        if field is None:
            return None
        model = _inner_model(field.annotation)
    return model


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _field_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def validation_errors(
    exc: ValidationError,
    filename: str,
    positions: Positions | None,
    line_offset: int | None = None,
    root: type[BaseModel] = models.Case,
) -> list[CaseError]:
    """Turn a pydantic error on a ``root`` model into located Chinese errors, one per problem."""
    errors = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        # pydantic adds the literal/union branch name to loc; keep only real field names and indexes
        loc = tuple(p for p in loc if isinstance(p, int) or not p.startswith("literal["))
        kind = err["type"]
        message = _MESSAGES.get(kind) or _unknown_problem(err)
        if kind == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            message = f"取值无效：{shown(err.get('input'))}，应为 {expected}"
        elif kind == "value_error":
            message = str(err.get("ctx", {}).get("error", err["msg"]))
        elif kind in ("bool_type", "string_type", "list_type", "model_type", "dict_type", "int_type", "int_parsing"):
            message = f"{message}，实为 {type_name(err.get('input'))} {shown(err.get('input'))}"[:200]
        suggestion = None
        if kind == "extra_forbidden":
            parent = _model_at(loc[:-1], root)
            if parent is not None:
                keys = [f.alias or name for name, f in parent.model_fields.items()]
                suggestion = suggest(str(loc[-1]), keys)
        line = column = None
        if positions is not None:
            line, column = positions.find(loc)
        elif line_offset is not None:
            line = line_offset
        errors.append(
            CaseError(
                message,
                file=filename,
                line=line,
                column=column,
                field=_field_path(loc) or None,
                suggestion=suggestion,
            )
        )
    return errors


def _unknown_problem(err: dict) -> str:
    """A pydantic problem without a Chinese message of its own: said in general terms, never in English."""
    if err.get("input") is not None:
        return f"取值不符合要求，实为 {type_name(err.get('input'))} {shown(err.get('input'))}"
    return "取值不符合要求"


def load_model_file(path: Path, model: type[M], error: type[InputError], top_level: str) -> tuple[M, Positions]:
    """Load a YAML file into ``model`` (a rule, a profile …); the first problem becomes ``error``."""
    data, positions = load_file(path)
    return validate_model(data, positions, path, model, error, top_level), positions


def validate_model(
    data: Any, positions: Positions, path: Path, model: type[M], error: type[InputError], top_level: str
) -> M:
    """The content of a YAML file as ``model``; the first problem becomes ``error`` (with its line when
    ``positions`` has it)."""
    if not isinstance(data, dict):
        raise error(top_level, file=str(path), line=1)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = validation_errors(exc, str(path), positions, root=model)
        # a misspelt key also makes the intended key "missing": report the misspelling, with its suggestion
        first = next((e for e in errors if e.suggestion), errors[0])
        raise error(first.message, **first.where()) from None


def parse_case(data: Any, filename: str, positions: Positions | None = None, line: int | None = None) -> models.Case:
    if not isinstance(data, dict):
        raise CaseError("案件文件的顶层应为映射（id、agency、received……）", file=filename, line=line or 1)
    try:
        return models.Case.model_validate(data)
    except ValidationError as exc:
        raise CaseErrors(validation_errors(exc, filename, positions, line)) from None


def load_case(path: str | Path) -> models.Case:
    """Load one YAML case file."""
    path = Path(path)
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        raise CaseError(
            f"这是批量的案件文件（每行一件）：这里只接受一件案件的 .yml/.yaml；批量审查请用 gkrules audit {path}",
            file=str(path),
        )
    if path.suffix.lower() not in CASE_SUFFIXES:
        raise CaseError(
            f"不支持的案件文件类型 {path.suffix or '（无扩展名）'}：应为 .yml/.yaml（一件案件）；"
            "批量审查的 .jsonl 请用 gkrules audit",
            file=str(path),
        )
    data, positions = load_file(path)
    return parse_case(data, str(path), positions)


def iter_jsonl(
    lines: Iterable[str | bytes], filename: str, start: int = 1
) -> Iterator[tuple[int, models.Case | InputError]]:
    """Yield ``(line number, case or error)`` for each non-blank line, numbered from ``start``; never stops
    on a bad line. Lines given as bytes are decoded here, so that one not in UTF-8 is an error of its own.

    A line as bytes is first parsed and validated in one step by the case model (``model_validate_json``,
    which never builds the intermediate Python objects); only a line that this refuses goes the long way
    (:func:`read_jsonl_line`), which says in Chinese what is wrong and where. Every line the one step
    accepts gives the same case as the long way: both take the last of repeated keys, and what they
    read differently (a lone surrogate escape, text around the JSON that ``str.strip`` removes) the one
    step refuses."""
    for number, raw in enumerate(lines, start=start):
        item = jsonl_line(raw, filename, number)
        if item is not None:
            yield number, item


def jsonl_line(
    raw: str | bytes, filename: str, number: int, _fast=models.Case.model_validate_json
) -> models.Case | InputError | None:
    """One JSONL line as :func:`iter_jsonl` reads it: the case, the error, or None for a blank line."""
    if isinstance(raw, bytes) and raw and not raw.isspace():  # not blank (isspace: ASCII whitespace, as strip)
        try:
            return _fast(raw)
        except ValidationError:
            pass
    return read_jsonl_line(raw, filename, number)


def read_jsonl_line(raw: str | bytes, filename: str, number: int) -> models.Case | InputError | None:
    """One JSONL line the long way: decoded, parsed by ``json.loads``, validated (None for a blank line)."""
    try:
        text = raw.decode("utf-8").strip() if isinstance(raw, bytes) else raw.strip()
    except UnicodeDecodeError:
        return CaseError(_not_utf8(raw), file=filename, line=number)
    if not text:
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return CaseError(f"JSON 无法解析：{json_error_text(exc.msg)}", file=filename, line=number, column=exc.colno)
    except RecursionError:
        return CaseError("JSON 无法解析：嵌套层数过多", file=filename, line=number)
    except ValueError:  # an integer of more than 4,300 digits
        return CaseError("JSON 无法解析：数字过长", file=filename, line=number)
    try:
        return parse_case(data, filename, None, number)
    except InputError as exc:
        return exc


def _not_utf8(raw: bytes) -> str:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return "这一行不是 UTF-8 编码，请将文件另存为 UTF-8"
    return "这一行不是 UTF-8 编码（像是 GBK/GB18030），请将文件另存为 UTF-8"


def case_to_data(case: models.Case) -> dict:
    """The case as JSON-ready data with the contract's field names (dates as ISO strings)."""
    return case.model_dump(mode="json", exclude_none=True)
