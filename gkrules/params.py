"""Dated legal parameters: periods, key dates and fee scales as cited data (``rules/params/*.yml``).

Each parameter has a description, a unit and its values, each with the day it applies from, the
provision (``reference``) and the provision's words (``quote``), in the manner of OpenFisca parameters:

    parameters:
      reply_days:
        description: 答复期限
        unit: 工作日
        values:
          - {from: 2019-05-15, value: 20, reference: 条例第三十三条第二款, quote: …}

``value(name, on)`` is the value in force on a day; without a day, the latest value. A day before the
first value has none: callers that need one say so (``ParamError``). Files whose top key is not
``parameters`` (the agency-kinds table) are tables read by their own modules.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import datafile
from .errors import InputError

PARAMS_DIR = Path(__file__).resolve().parent.parent / "rules" / "params"
TABLES = frozenset({"categories.yml", "agency_kinds.yml"})  # tables, read by their own modules
UNITS = frozenset({"工作日", "日期", "件", "页", "元/件", "元/页"})


class ParamError(InputError):
    """A parameter file that cannot be used, or a parameter asked for a day it has no value."""


@dataclass(frozen=True)
class Value:
    start: _dt.date
    value: Any
    reference: str
    quote: str


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    unit: str
    values: tuple[Value, ...]  # earliest first
    path: str

    def on(self, day: _dt.date | None = None) -> Value:
        if day is None:
            return self.values[-1]
        found = [v for v in self.values if v.start <= day]
        if not found:
            raise ParamError(
                f"参数 {self.name}（{self.description}）在 {day.isoformat()} 没有适用的值"
                f"（最早自 {self.values[0].start.isoformat()}）",
                file=self.path,
                field=self.name,
            )
        return found[-1]


def _date(value: Any, where: str, path: Path) -> _dt.date:
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value))
    except ValueError:
        raise ParamError(f"{where} 应为日期 YYYY-MM-DD，实为 {value!r}", file=str(path)) from None


def read_file(path: Path) -> dict[str, Parameter]:
    """The parameters of one file, checked: every value dated, cited and quoted, dates ascending."""
    path = Path(path)
    return datafile.load(path, lambda data, positions: _build(data, positions, path))


def _build(data, positions, path: Path) -> dict[str, Parameter]:
    if not isinstance(data, dict) or not isinstance(data.get("parameters"), dict):
        raise ParamError("参数文件的顶层应为映射，含 parameters", file=str(path), line=1)
    out: dict[str, Parameter] = {}
    for name, spec in data["parameters"].items():
        line, col = positions.find(("parameters", name))
        where = f"parameters.{name}"
        if not isinstance(spec, dict) or not isinstance(spec.get("values"), list) or not spec["values"]:
            raise ParamError(
                f"参数 {name} 应有 description、unit 和至少一个 values", file=str(path), line=line, field=where
            )
        unit = spec.get("unit")
        if unit not in UNITS:
            raise ParamError(
                f"参数 {name} 的 unit 应为 {sorted(UNITS)} 之一，实为 {unit!r}",
                file=str(path),
                line=line,
                field=f"{where}.unit",
            )
        values = []
        for i, v in enumerate(spec["values"]):
            vline, _ = positions.find(("parameters", name, "values", i))
            missing = [
                k
                for k in ("from", "value", "reference", "quote")
                if not isinstance(v, dict) or k not in v or (k != "value" and not str(v.get(k) or "").strip())
            ]
            if missing:
                raise ParamError(
                    f"参数 {name} 的第 {i + 1} 个值缺少 {'、'.join(missing)}",
                    file=str(path),
                    line=vline,
                    field=f"{where}.values[{i}]",
                )
            value = _date(v["value"], f"{where}.values[{i}].value", path) if unit == "日期" else v["value"]
            values.append(
                Value(_date(v["from"], f"{where}.values[{i}].from", path), value, str(v["reference"]), str(v["quote"]))
            )
        if [v.start for v in values] != sorted({v.start for v in values}):
            raise ParamError(f"参数 {name} 的各值应按 from 日期升序且不重复", file=str(path), line=line, field=where)
        out[name] = Parameter(name, str(spec.get("description") or ""), unit, tuple(values), str(path))
        _ = col
    return out


@lru_cache(maxsize=4)
def load(directory: str | None = None) -> dict[str, Parameter]:
    """Every parameter of ``rules/params/*.yml`` (files with a ``parameters`` key), by name."""
    root = Path(directory) if directory else PARAMS_DIR
    out: dict[str, Parameter] = {}
    for path in sorted(root.glob("*.yml")):
        if path.name in TABLES:
            continue
        for name, param in read_file(path).items():
            if name in out:
                raise ParamError(f"参数 {name} 重复定义（另见 {out[name].path}）", file=str(path), field=name)
            out[name] = param
    return out


def get(name: str) -> Parameter:
    return load()[name]


def value(name: str, on: _dt.date | None = None) -> Any:
    """The value of ``name`` in force on ``on`` (default: the latest)."""
    return get(name).on(on).value


def date(name: str) -> _dt.date:
    """A key date (a parameter of unit 日期), e.g. ``date("review_law_2023")`` → 2024-01-01."""
    return get(name).on().value
