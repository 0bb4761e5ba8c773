"""The carried-over file (--carried-over): applications of an earlier year still open at the start of this one."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from .forms import CARRY_RESULTS, COLUMNS

CARRY_HELP = """上年结转文件（--carried-over）：上一年度收到、本年初仍在办理、又不在所给案件中的申请。
YAML：列表，每项 type（申请人类型）、result（本年度办理结果：类别代码，2021 年格式可写
other/no_correction、other/fee_unpaid、other/other；年底仍未办结写 pending）、count（件数）：
  - {type: natural_person, result: open, count: 2}
  - {type: legal_service_org, result: pending, count: 1}
CSV（UTF-8）：表头 type,result,count，每行一项。"""


MAX_CARRIED = 1_000_000  # per cell of the table: far above any agency's yearly count


@dataclass(frozen=True)
class CarryEntry:
    type: str
    result: str
    count: int
    line: int | None


def load_carried_over(path: str | Path) -> list[CarryEntry]:
    path = Path(path)
    name = str(path)
    if path.suffix.lower() == ".csv":
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"无法读取上年结转文件：{exc}", file=name) from None
        reader = csv.DictReader(io.StringIO(text))
        if reader.fieldnames is None or set(reader.fieldnames) != {"type", "result", "count"}:
            raise InputError(
                f"CSV 表头应为 type,result,count，实为 {','.join(reader.fieldnames or [])}", file=name, line=1
            )
        raw: list[tuple[int | None, Any]] = [(reader.line_num, dict(r)) for r in reader]
    elif path.suffix.lower() in (".yml", ".yaml"):
        from ..yamlio import load_file

        data, positions = load_file(path)
        if data is None:
            data = []
        if not isinstance(data, list):
            raise InputError("上年结转文件应为列表（每项 type、result、count）", file=name, line=1)
        raw = [(positions.find((i,))[0], entry) for i, entry in enumerate(data)]
    else:
        raise InputError("上年结转文件应为 .yml/.yaml 或 .csv", file=name)
    entries = []
    cell: dict[tuple[str, str], int] = {}
    for line, entry in raw:
        if not isinstance(entry, dict) or set(entry) != {"type", "result", "count"}:
            raise InputError("每项应恰有 type、result、count 三个字段", file=name, line=line)
        kind, result, count = entry["type"], entry["result"], entry["count"]
        if kind not in COLUMNS:
            raise InputError(
                f"申请人类型无效：{kind!r}，应为 {' | '.join(COLUMNS)}", file=name, line=line, field="type"
            )
        if result not in CARRY_RESULTS:
            from ..errors import suggest

            raise InputError(
                f"办理结果无效：{result!r}（类别代码、other/no_correction、other/fee_unpaid、other/other 或 pending）",
                file=name,
                line=line,
                field="result",
                suggestion=suggest(str(result), CARRY_RESULTS),
            )
        if isinstance(count, str) and re.fullmatch(r"\d+", count.strip()):
            count = int(count)
        if type(count) is not int or count < 0:
            raise InputError(f"件数应为非负整数，实为 {count!r}", file=name, line=line, field="count")
        if count > MAX_CARRIED:
            raise InputError(f"件数 {count} 超过上限 {MAX_CARRIED}，请核对", file=name, line=line, field="count")
        cell[(kind, result)] = cell.get((kind, result), 0) + count
        if cell[(kind, result)] > MAX_CARRIED:
            raise InputError(
                f"{kind}、{result} 的件数合计 {cell[(kind, result)]} 超过上限 {MAX_CARRIED}，请核对",
                file=name,
                line=line,
                field="count",
            )
        entries.append(CarryEntry(kind, result, count, line))
    return entries
